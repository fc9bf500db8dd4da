// A WebKitWebDriver served to a test runner on another machine (SWC_REMOTE_WEBKIT): what
// `scripts/browser-server.ts webkit` runs, and what the remote-WebKit test starts on this machine
// on another port. Under Xvfb when there is no display (MiniBrowser has no headless mode).
import { spawn } from 'node:child_process';
import { locateEngine } from './locate.js';
import { EngineUnavailableError } from './types.js';
import { freePort, waitForDriver } from './webkitgtk-engine.js';
import { startXvfb, stopProcess, type Display } from './xvfb.js';

export interface ServedDriver {
  /** The URL to give SWC_REMOTE_WEBKIT, e.g. http://127.0.0.1:4444 */
  url: string;
  /** MiniBrowser's path on this machine (SWC_REMOTE_WEBKIT_MINIBROWSER on the runner, when not Debian's). */
  minibrowser: string;
  close(): Promise<void>;
}

/**
 * Start WebKitWebDriver on `port` (0: a free one), listening on `host`: "local" (loopback),
 * "all", or an address. `advertise` is the host name put in the printed URL.
 */
export async function serveWebKitDriver(o: { port: number; host: string; advertise?: string }): Promise<ServedDriver> {
  const provision = locateEngine('webkit');
  if (provision.kind !== 'debian' || !provision.driver) throw new EngineUnavailableError('webkit: serving WebKitGTK needs Debian\'s WebKitWebDriver and MiniBrowser (webkit2gtk-driver)');
  let display: Display | undefined;
  const env = { ...process.env };
  if (!env.DISPLAY) {
    display = await startXvfb();
    env.DISPLAY = display.display;
  }
  const port = o.port || (await freePort());
  const loopbackOrHost = o.host === 'local' || o.host === 'all' ? '127.0.0.1' : o.host;
  const driver = spawn(provision.executable, [`--port=${port}`, `--host=${o.host}`], { env, stdio: 'ignore' });
  try {
    await waitForDriver(port, driver, 15_000, loopbackOrHost);
  } catch (e) {
    await stopProcess(driver);
    await display?.stop();
    throw e;
  }
  const name = o.advertise ?? loopbackOrHost;
  return {
    url: `http://${name.includes(':') ? `[${name}]` : name}:${port}`,
    minibrowser: provision.driver,
    async close() {
      await stopProcess(driver);
      await display?.stop();
    },
  };
}
