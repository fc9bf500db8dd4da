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
import { EngineUnavailableError, type EngineBrowser, type EngineClient, type PageFunction } from './types.js';
import { startXvfb, stopProcess, type Display } from './xvfb.js';

export interface WebKitOptions {
  headless: boolean;
  /** MiniBrowser reaches non-loopback test names only through this HTTP proxy (the fixture server). */
  proxy?: { url: string; direct: string[] };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

async function waitForDriver(port: number, proc: ChildProcess, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) throw new EngineUnavailableError(`webkit: WebKitWebDriver exited with code ${proc.exitCode}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/status`);
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
  const args = ['--automation']; // custom args replace the default; --automation must stay (ecosystem.md §5.1)
  if (opts.proxy) args.push(`--proxy=${opts.proxy.url}`, `--ignore-host=${opts.proxy.direct.join(',')}`);
  const capabilities = {
    'webkitgtk:browserOptions': { binary: provision.driver, args },
    'wdio:enforceWebDriverClassic': true,
  } as const;
  const newClient = () =>
    WebDriver.newSession({
      hostname: '127.0.0.1',
      port,
      path: '/',
      logLevel: 'silent',
      connectionRetryTimeout: 30_000,
      connectionRetryCount: 1,
      capabilities: capabilities as unknown as WebdriverIO.Capabilities,
    });
  // One probe session tells the version, and proves the stack works before any test runs.
  const probe = await newClient();
  const version = String((probe.capabilities as Record<string, unknown>).browserVersion ?? 'unknown');
  await probe.deleteSession().catch(() => undefined);
  // One WebDriver session (one MiniBrowser) serves the worker's tests in turn (leases.ts).
  const leases = leasedSessions(async () => {
    // A MiniBrowser that fails to come up (seen under heavy load) is the harness's problem, not
    // the browser's: try once more before the test fails as a harness error.
    try {
      return webdriverContext(await newClient());
    } catch {
      return webdriverContext(await newClient());
    }
  }, leaseOptionsFromEnv(true));
  return {
    info: { engine: 'webkit', version, driver: 'webdriver-classic', executable: provision.driver ?? provision.executable },
    newSession: () => leases.newSession(),
    async close() {
      await leases.close();
      await stopProcess(driver);
      await display?.stop();
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
  return {
    newWindow() {
      return serial(async () => {
        if (home === undefined) home = await wd.getWindowHandle();
        else await wd.switchToWindow(home);
        const { handle } = await wd.createWindow('tab');
        const inWindow = <T>(op: () => Promise<T>) => serial(async () => { await wd.switchToWindow(handle); return op(); });
        const window: DriverWindow = {
          client: (name, onClose) => webdriverClient(name, wd, inWindow, onClose),
          navigate: (url) => inWindow(async () => { await wd.navigateTo(url); }),
          close: () => inWindow(async () => { await wd.closeWindow(); }),
        };
        return window;
      });
    },
    async close() {
      await serial(() => wd.deleteSession()).catch(() => undefined);
    },
  };
}

function webdriverClient(name: string, wd: Client, inWindow: <T>(op: () => Promise<T>) => Promise<T>, onClose: () => void): EngineClient {
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
    close: () => inWindow(async () => { await wd.closeWindow(); onClose(); }),
  };
}
