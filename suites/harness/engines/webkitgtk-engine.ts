// WebKitGTK through WebKitWebDriver (classic WebDriver; no BiDi in Debian's build) with MiniBrowser
// under Xvfb. One WebKitWebDriver per Playwright worker; its WebDriver session (one MiniBrowser)
// is lent to the worker's tests in turn and replaced every few dozen tests (leases.ts). The
// client is the `webdriver` package from WebdriverIO 9 with the classic protocol enforced.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import WebDriver, { type Client } from 'webdriver';
import wdioLogger from '@wdio/logger';
import { leasedSessions, leaseOptionsFromEnv, type DriverContext, type DriverWindow } from './leases.js';
import type { Provision } from './locate.js';
import { EngineUnavailableError, type EngineBrowser, type EngineClient, type EngineInfo, type PageFunction } from './types.js';
import { startXvfb, stopProcess, type Display } from './xvfb.js';

export interface WebKitOptions {
  headless: boolean;
  /** MiniBrowser reaches non-loopback test names only through this HTTP proxy (the fixture server). */
  proxy?: { url: string; direct: string[] };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

export async function waitForDriver(port: number, proc: ChildProcess, timeoutMs = 15_000, host = '127.0.0.1'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) throw new EngineUnavailableError(`webkit: WebKitWebDriver exited with code ${proc.exitCode}`);
    try {
      const res = await fetch(`http://${host.includes(':') ? `[${host}]` : host}:${port}/status`);
      if (res.ok) return;
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new EngineUnavailableError('webkit: WebKitWebDriver did not answer /status within 15 s');
}

// The driver's own INFO lines would drown the test output.
wdioLogger.setLogLevelsConfig({ '@wdio/utils': 'silent', webdriver: 'silent' }, 'silent');

export async function launchWebKitGtk(provision: Provision & { kind: 'debian' }, opts: WebKitOptions): Promise<EngineBrowser> {
  let display: Display | undefined;
  const env = { ...process.env };
  if (opts.headless || !env.DISPLAY) {
    display = await startXvfb();
    env.DISPLAY = display.display;
  }
  const port = await freePort();
  const driver = spawn(provision.executable, [`--port=${port}`, '--host=local'], { env, stdio: 'ignore' });
  try {
    await waitForDriver(port, driver);
  } catch (e) {
    await stopProcess(driver);
    await display?.stop();
    throw e;
  }
  let closing = false;
  let gone: string | undefined;
  driver.once('exit', (code, signal) => {
    if (!closing) gone = `webkit: WebKitWebDriver exited (${signal ?? `code ${code}`}), taking MiniBrowser with it`;
  });
  const args = ['--automation']; // custom args replace the default; --automation must stay (ecosystem.md §5.1)
  if (opts.proxy) args.push(`--proxy=${opts.proxy.url}`, `--ignore-host=${opts.proxy.direct.join(',')}`);
  return webdriverEngine(
    { hostname: '127.0.0.1', port, path: '/', protocol: 'http' },
    { 'webkitgtk:browserOptions': { binary: provision.driver, args } },
    { driver: 'webdriver-classic', executable: provision.driver ?? provision.executable },
    {
      gone: () => gone,
      async close() {
        closing = true;
        await stopProcess(driver);
        await display?.stop();
      },
    },
  );
}

/** Where a WebDriver endpoint is, as the `webdriver` client takes it. */
export interface WebDriverEndpoint {
  protocol: 'http' | 'https';
  hostname: string;
  port: number;
  path: string;
}

/** SWC_REMOTE_WEBKIT's URL (http://host:port[/path]) as an endpoint; throws EngineUnavailableError naming the variable. */
export function parseWebDriverUrl(url: string, variable = 'SWC_REMOTE_WEBKIT'): WebDriverEndpoint {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new EngineUnavailableError(`webkit: ${variable} must be a WebDriver URL like http://host:4444 (got "${url}")`);
  }
  if ((u.protocol !== 'http:' && u.protocol !== 'https:') || !u.hostname || u.search || u.hash || u.username || u.password) {
    throw new EngineUnavailableError(`webkit: ${variable} must be a WebDriver URL like http://host:4444 (got "${url}")`);
  }
  const protocol = u.protocol === 'https:' ? 'https' : 'http';
  const port = u.port ? Number(u.port) : protocol === 'https' ? 443 : 80;
  return { protocol, hostname: u.hostname.replace(/^\[(.*)\]$/, '$1'), port, path: u.pathname || '/' };
}

export interface RemoteWebKitOptions {
  /**
   * The HTTP proxy the remote MiniBrowser sends every request through, as the remote machine
   * reaches it: the relay to this machine's fixture server (remote-relay.ts).
   */
  proxyUrl: string;
  /** MiniBrowser's path on the remote machine. */
  minibrowser: string;
}

/**
 * WebKitGTK on another machine: a WebKitWebDriver (`WebKitWebDriver --port=N --host=all`, under
 * Xvfb or a display there) or a Selenium Grid whose node serves MiniBrowser. The same sessions,
 * leases and capabilities as a local run, except that nothing is started here and every request
 * of the browser (*.localhost included) goes through `proxyUrl`: the remote machine's loopback is
 * not this one's.
 */
export async function connectWebKitRemote(endpoint: WebDriverEndpoint, opts: RemoteWebKitOptions): Promise<EngineBrowser> {
  const url = `${endpoint.protocol}://${endpoint.hostname.includes(':') ? `[${endpoint.hostname}]` : endpoint.hostname}:${endpoint.port}${endpoint.path}`;
  return webdriverEngine(
    endpoint,
    // browserName lets a Selenium Grid pick a MiniBrowser node; WebKitWebDriver accepts it as is.
    { browserName: 'MiniBrowser', 'webkitgtk:browserOptions': { binary: opts.minibrowser, args: ['--automation', `--proxy=${opts.proxyUrl}`] } },
    { driver: 'webdriver-remote', executable: url },
    { gone: () => undefined, close: async () => undefined },
  ).catch((e: unknown) => {
    if (e instanceof EngineUnavailableError) throw e;
    throw new EngineUnavailableError(`webkit: no WebDriver session at ${url} (SWC_REMOTE_WEBKIT): ${(e as Error).message.split('\n')[0]}`);
  });
}

/**
 * The engine over one WebDriver endpoint: a first session tells the browser's version (and proves
 * the stack works before any test runs), then serves as the worker's first leased context.
 */
async function webdriverEngine(
  endpoint: WebDriverEndpoint,
  browserCapabilities: Record<string, unknown>,
  info: Pick<EngineInfo, 'driver' | 'executable'>,
  owner: { gone(): string | undefined; close(): Promise<void> },
): Promise<EngineBrowser> {
  const capabilities = { ...browserCapabilities, 'wdio:enforceWebDriverClassic': true };
  const newClient = () =>
    WebDriver.newSession({
      ...endpoint,
      logLevel: 'silent',
      connectionRetryTimeout: 30_000,
      connectionRetryCount: 1,
      capabilities: capabilities as unknown as WebdriverIO.Capabilities,
    });
  let first: Client | undefined;
  try {
    first = await newClient();
  } catch (e) {
    await owner.close();
    throw e;
  }
  const version = String((first.capabilities as Record<string, unknown>).browserVersion ?? 'unknown');
  // One WebDriver session (one MiniBrowser) serves the worker's tests in turn (leases.ts). The
  // first is the one that told the version: a MiniBrowser start saved per worker.
  const leases = leasedSessions(async () => {
    if (first) {
      const wd = first;
      first = undefined;
      return webdriverContext(wd);
    }
    // A MiniBrowser that fails to come up (seen under heavy load) is the harness's problem, not
    // the browser's: try once more before the test fails as a harness error.
    try {
      return webdriverContext(await newClient());
    } catch {
      return webdriverContext(await newClient());
    }
  }, leaseOptionsFromEnv(true));
  return {
    info: { engine: 'webkit', version, ...info },
    newSession: () => leases.newSession(),
    gone: () => owner.gone(),
    async close() {
      await leases.close();
      if (first) await first.deleteSession().catch(() => undefined);
      await owner.close();
    },
  };
}

function webdriverContext(wd: Client): DriverContext {
  // WebDriver has one "current window": every client operation switches to its window first,
  // so operations on one session are serialised.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(op: () => Promise<T>): Promise<T> => {
    const next = queue.then(op, op);
    queue = next.catch(() => undefined);
    return next;
  };
  // The session's first window stays on about:blank and is never a client, so closing the last
  // client does not end the session. New Window needs an open current window: after a client
  // closed its window, go back to the first one before opening the next.
  let home: string | undefined;
  // The session's current window, as far as this context has set it (undefined: unknown). A
  // client operation switches only when another window is current: one WebDriver round trip per
  // operation instead of two while a check drives one window (issue 20: the profile's evaluate
  // and navigate calls, ~6.5 and ~1.6 per check). Only Switch To Window sets it; closing the
  // current window or a failed switch makes it unknown.
  let current: string | undefined;
  const switchTo = async (handle: string) => {
    if (current === handle) return;
    current = undefined;
    await wd.switchToWindow(handle);
    current = handle;
  };
  return {
    newWindow() {
      return serial(async () => {
        if (home === undefined) current = home = await wd.getWindowHandle();
        else await switchTo(home);
        // New Window opens a window without making it current.
        const { handle } = await wd.createWindow('tab');
        const inWindow = <T>(op: () => Promise<T>) => serial(async () => { await switchTo(handle); return op(); });
        const closeWindow = async () => {
          current = undefined;
          await wd.closeWindow();
        };
        const window: DriverWindow = {
          client: (name, onClose) => webdriverClient(name, wd, inWindow, closeWindow, onClose),
          navigate: (url) => inWindow(async () => { await wd.navigateTo(url); }),
          close: () => inWindow(closeWindow),
        };
        return window;
      });
    },
    async close() {
      await serial(() => wd.deleteSession()).catch(() => undefined);
    },
  };
}

function webdriverClient(name: string, wd: Client, inWindow: <T>(op: () => Promise<T>) => Promise<T>, closeWindow: () => Promise<void>, onClose: () => void): EngineClient {
  return {
    name,
    navigate: (url) => inWindow(async () => { await wd.navigateTo(url); }),
    reload: () => inWindow(async () => { await wd.refresh(); }),
    evaluate<A, R>(fn: PageFunction<A, R>, arg: A): Promise<R> {
      // Execute Async Script: the last argument is the callback. Errors travel as data so that a
      // page-side rejection is not confused with a driver failure.
      const body = `const done = arguments[arguments.length - 1];
        Promise.resolve().then(() => (${fn.toString()})(arguments[0]))
          .then((value) => done({ ok: true, value: value === undefined ? null : value }),
                (e) => done({ ok: false, error: (e && e.name ? e.name + ': ' : '') + (e && e.message ? e.message : String(e)) }));`;
      return inWindow(async () => {
        const r = (await wd.executeAsyncScript(body, [arg as object])) as { ok: boolean; value?: R; error?: string };
        if (!r || !r.ok) throw new Error(`evaluate failed in page: ${r?.error ?? 'no result'}`);
        return r.value as R;
      });
    },
    url: () => inWindow(() => wd.getUrl()),
    close: () => inWindow(async () => { await closeWindow(); onClose(); }),
  };
}
