// Browser state leased to one test at a time. Creating a browser context and a window is most of
// a check's cost (measured: a fresh Firefox tab in a fresh user context ~0.6 s of CPU, a fresh
// WebKitGTK session a new MiniBrowser). Checks never share registrations anyway, because every
// check runs on origins of its own (DESIGN.md, Origins), so a worker keeps one context and a few
// blank windows and lends them to its tests in turn:
// - at the end of a test the windows it still has are kept, up to SPARE_WINDOWS (the rest are
//   closed), navigated to about:blank first where the driver needs it (blankOnReturn);
// - a `close` step inside a test closes its window for real (Handle Service Worker Client Unload);
// - after `recycleAfter` tests, or when returning a window fails, the context is closed and the
//   next test gets a new one, so nothing builds up without bound.
// SWC_FRESH_SESSIONS=1 gives every test a context of its own (recycleAfter 1), to rule the sharing out.
import { withTimeout } from './deadline.js';
import type { EngineClient, EngineSession } from './types.js';

/** A window as the engine's driver sees it. */
export interface DriverWindow {
  /** The client a test uses; `onClose` runs after a `close` step closed the window. */
  client(name: string, onClose: () => void): EngineClient;
  navigate(url: string): Promise<void>;
  close(): Promise<void>;
}

/** One browser context (Playwright) or WebDriver session, the thing that is leased. */
export interface DriverContext {
  newWindow(): Promise<DriverWindow>;
  close(): Promise<void>;
}

export interface LeaseOptions {
  /** Tests served by one context before it is replaced. */
  recycleAfter: number;
  /**
   * Navigate kept windows to about:blank when a test ends. Needed where a failed navigation
   * leaves the previous document in place without the driver saying so (WebKitGTK's WebDriver):
   * the runner would take a finished test's document for the new one. Where the driver reports
   * failed navigations (Playwright) a kept window can show the finished test's document until the
   * next test navigates it: that document is on origins no later test uses, and skipping the
   * detour saves a process switch per test (~0.15 s of CPU in Firefox).
   */
  blankOnReturn: boolean;
  /** Bound for returning one window to about:blank, in ms. */
  blankTimeoutMs?: number;
}

export const SPARE_WINDOWS = 2;

/** The lease policy from the environment: SWC_FRESH_SESSIONS=1 → a new context per test. */
export function leaseOptionsFromEnv(blankOnReturn: boolean, env: NodeJS.ProcessEnv = process.env, recycleAfter = 40): LeaseOptions {
  const fresh = env.SWC_FRESH_SESSIONS;
  if (fresh !== undefined && fresh !== '' && fresh !== '0' && fresh !== '1') {
    throw new Error(`SWC_FRESH_SESSIONS must be 0 or 1 (got "${fresh}")`);
  }
  return { recycleAfter: fresh === '1' ? 1 : recycleAfter, blankOnReturn };
}

/**
 * newSession() for an engine: a lease on the worker's current context. Leases are sequential
 * (one test at a time per worker); a second concurrent lease gets a context of its own.
 */
export function leasedSessions(createContext: () => Promise<DriverContext>, options: LeaseOptions): { newSession(): Promise<EngineSession>; close(): Promise<void> } {
  const blankMs = options.blankTimeoutMs ?? 5_000;
  let idle: { context: DriverContext; spare: DriverWindow[]; served: number } | undefined;
  const live = new Set<DriverContext>();

  const retire = async (context: DriverContext) => {
    live.delete(context);
    await context.close().catch(() => undefined);
  };

  return {
    async newSession() {
      let state = idle;
      idle = undefined;
      if (!state) {
        const context = await createContext();
        live.add(context);
        state = { context, spare: [], served: 0 };
      }
      const { context, spare } = state;
      state.served++;
      const open = new Set<DriverWindow>();
      let ended = false;
      return {
        async open(name, url) {
          if (ended) throw new Error('the session has ended');
          const w = spare.pop() ?? (await context.newWindow());
          open.add(w);
          if (url !== undefined) await w.navigate(url);
          return w.client(name, () => open.delete(w));
        },
        async close() {
          if (ended) return;
          ended = true;
          let keep = state!.served < options.recycleAfter;
          for (const w of keep ? open : []) {
            try {
              if (spare.length < SPARE_WINDOWS) {
                if (options.blankOnReturn) await withTimeout('returning a window to about:blank', blankMs, w.navigate('about:blank'));
                spare.push(w);
              } else {
                await withTimeout('closing a window', blankMs, w.close());
              }
            } catch {
              keep = false; // a window in an unknown state: start the next test afresh
              break;
            }
          }
          if (keep && !idle) idle = state;
          else await retire(context);
        },
      };
    },
    async close() {
      const contexts = [...live];
      idle = undefined;
      await Promise.all(contexts.map(retire));
    },
  };
}
