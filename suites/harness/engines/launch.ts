// Launch the browser for one engine, whichever driver it needs.
import type { Engine } from '../../../model/scenario.js';
import { locateEngine } from './locate.js';
import { launchPlaywrightEngine } from './playwright-engine.js';
import type { EngineBrowser } from './types.js';
import { launchWebKitGtk } from './webkitgtk-engine.js';

export interface LaunchOptions {
  headless: boolean;
  /** The fixture server's port: it doubles as the proxy through which WebKitGTK reaches *.test names. */
  fixturePort?: number;
}

/** Host names under this suffix are insecure origins that resolve to 127.0.0.1. */
export const INSECURE_SUFFIX = '.test';

export async function launchEngine(engine: Engine, opts: LaunchOptions): Promise<EngineBrowser> {
  const provision = locateEngine(engine);
  if (engine === 'webkit' && provision.kind === 'debian') {
    const proxy = opts.fixturePort
      ? { url: `http://127.0.0.1:${opts.fixturePort}`, direct: ['localhost', '*.localhost', '127.0.0.1', '::1'] }
      : undefined;
    return launchWebKitGtk(provision, { headless: opts.headless, proxy });
  }
  return launchPlaywrightEngine(engine, provision, { headless: opts.headless, loopbackSuffix: INSECURE_SUFFIX });
}
