// Launch the browser for one engine, whichever driver it needs.
import type { Engine } from '../../../contract/index.js';
import { locateEngine } from './locate.js';
import { connectPlaywrightEngine, launchPlaywrightEngine } from './playwright-engine.js';
import type { EngineBrowser } from './types.js';
import { launchWebKitGtk } from './webkitgtk-engine.js';

export interface LaunchOptions {
  headless: boolean;
  /** The fixture server's port: it doubles as the proxy through which WebKitGTK reaches *.test names. */
  fixturePort?: number;
}

/** Host names under this suffix are insecure origins that resolve to 127.0.0.1. */
export const INSECURE_SUFFIX = '.test';

/**
 * SWC_REMOTE_CHROMIUM / SWC_REMOTE_FIREFOX: a Playwright browser server's ws endpoint (see
 * scripts/browser-server.ts) to connect to instead of launching; the remote browser reaches this
 * machine's fixture server through Playwright's exposeNetwork (loopback, incl. *.localhost).
 */
export function remoteEndpoint(engine: Engine): string | undefined {
  return process.env[`SWC_REMOTE_${engine.toUpperCase()}`] || undefined;
}

export async function launchEngine(engine: Engine, opts: LaunchOptions): Promise<EngineBrowser> {
  const remote = remoteEndpoint(engine);
  if (remote && engine !== 'webkit') return connectPlaywrightEngine(engine, remote);
  const provision = locateEngine(engine, { headless: opts.headless });
  if (engine === 'webkit' && provision.kind === 'debian') {
    const proxy = opts.fixturePort
      ? { url: `http://127.0.0.1:${opts.fixturePort}`, direct: ['localhost', '*.localhost', '127.0.0.1', '::1'] }
      : undefined;
    return launchWebKitGtk(provision, { headless: opts.headless, proxy });
  }
  return launchPlaywrightEngine(engine, provision, { headless: opts.headless, loopbackSuffix: INSECURE_SUFFIX });
}
