// The one small interface every suite uses to drive a browser, whatever the engine and driver
// (DESIGN.md, Engines). Playwright drives Chromium and Firefox; classic WebDriver drives WebKitGTK.
import type { Engine } from '../../../contract/index.js';

/** A function evaluated in a page. It must be self-contained: it is serialised to source. */
export type PageFunction<A, R> = (arg: A) => R | Promise<R>;

/** One top-level browsing context (a window or tab): a service worker client once it has loaded a page. */
export interface EngineClient {
  readonly name: string;
  navigate(url: string): Promise<void>;
  reload(): Promise<void>;
  /** Evaluate `fn(arg)` in the client's current document; `arg` and the result are JSON. */
  evaluate<A, R>(fn: PageFunction<A, R>, arg: A): Promise<R>;
  url(): Promise<string>;
  /**
   * The URL the driver reports for the iframe named `name` in this client's document, where the
   * driver can see frames (Playwright); undefined when there is no such frame. Absent: the driver
   * cannot tell (classic WebDriver).
   */
  frameUrl?(name: string): Promise<string | undefined>;
  close(): Promise<void>;
}

/**
 * The browser state one test uses: a Playwright context or a WebDriver session, lent to the
 * worker's tests in turn (leases.ts). Registrations never leak between tests because every test
 * runs on origins of its own.
 */
export interface EngineSession {
  /**
   * A client in a window of its own, navigated to `url`. Without `url` the window shows
   * about:blank or, where the engine's driver reports failed navigations (Playwright), possibly a
   * document of an earlier test (on origins no later test uses): navigate it before use.
   */
  open(name: string, url?: string): Promise<EngineClient>;
  close(): Promise<void>;
}

export interface EngineInfo {
  engine: Engine;
  /** Browser product version as reported by the browser. */
  version: string;
  /** How it is driven, for the report. */
  driver: 'playwright' | 'playwright-bidi' | 'playwright-remote' | 'webdriver-classic' | 'webdriver-remote';
  /** The executable in use ("bundled" for Playwright's own builds). */
  executable: string;
}

/** One browser process per Playwright worker. */
export interface EngineBrowser {
  readonly info: EngineInfo;
  /**
   * Why this browser can no longer be used, once that is so (its process died, its driver
   * exited); undefined while it is alive. A check that failed then is reported with this reason.
   */
  gone?(): string | undefined;
  newSession(): Promise<EngineSession>;
  close(): Promise<void>;
}

/** Thrown when an engine cannot start; the message is one line naming the fix. */
export class EngineUnavailableError extends Error {
  override name = 'EngineUnavailableError';
}
