// Launch the browser for one engine, whichever driver it needs.
import type { Engine } from '../../../contract/index.js';
import { locateEngine } from './locate.js';
import { connectPlaywrightEngine, launchPlaywrightEngine } from './playwright-engine.js';
import { localAddressTowards, openRelay, parseRelayAddress } from './remote-relay.js';
import { EngineUnavailableError, type EngineBrowser } from './types.js';
import { connectWebKitRemote, launchWebKitGtk, parseWebDriverUrl } from './webkitgtk-engine.js';

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
 * SWC_REMOTE_WEBKIT: a WebKitWebDriver's (or a Selenium Grid's) http:// URL (scripts/browser-server.ts
 * webkit starts one); the remote MiniBrowser reaches the fixture server through a relay
 * (remote-relay.ts; SWC_REMOTE_WEBKIT_RELAY=host:port chooses its address) and runs the MiniBrowser
 * at SWC_REMOTE_WEBKIT_MINIBROWSER on that machine (default: Debian's path).
 */
export function remoteEndpoint(engine: Engine, env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env[`SWC_REMOTE_${engine.toUpperCase()}`] || undefined;
}

/** MiniBrowser on a remote Debian (amd64) machine with webkit2gtk-driver, unless SWC_REMOTE_WEBKIT_MINIBROWSER says otherwise. */
export const REMOTE_MINIBROWSER_DEFAULT = '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';

async function connectRemoteWebKit(url: string, fixturePort: number | undefined): Promise<EngineBrowser> {
  const endpoint = parseWebDriverUrl(url);
  if (fixturePort === undefined) throw new EngineUnavailableError('webkit: a remote WebKitGTK (SWC_REMOTE_WEBKIT) needs the fixture server\'s port for its relay');
  const relayAt = process.env.SWC_REMOTE_WEBKIT_RELAY
    ? parseRelayAddress(process.env.SWC_REMOTE_WEBKIT_RELAY)
    : { host: await localAddressTowards(endpoint.hostname, endpoint.port), port: 0 };
  const relay = await openRelay(relayAt, fixturePort);
  try {
    const browser = await connectWebKitRemote(endpoint, { proxyUrl: relay.url, minibrowser: process.env.SWC_REMOTE_WEBKIT_MINIBROWSER || REMOTE_MINIBROWSER_DEFAULT });
    return {
      ...browser,
      info: browser.info,
      newSession: () => browser.newSession(),
      async close() {
        await browser.close();
        await relay.close();
      },
    };
  } catch (e) {
    await relay.close();
    throw e;
  }
}

export async function launchEngine(engine: Engine, opts: LaunchOptions): Promise<EngineBrowser> {
  const remote = remoteEndpoint(engine);
  if (remote && engine !== 'webkit') return connectPlaywrightEngine(engine, remote);
  if (remote) return connectRemoteWebKit(remote, opts.fixturePort);
  const provision = locateEngine(engine, { headless: opts.headless });
  if (engine === 'webkit' && provision.kind === 'debian') {
    const proxy = opts.fixturePort
      ? { url: `http://127.0.0.1:${opts.fixturePort}`, direct: ['localhost', '*.localhost', '127.0.0.1', '::1'] }
      : undefined;
    return launchWebKitGtk(provision, { headless: opts.headless, proxy });
  }
  return launchPlaywrightEngine(engine, provision, { headless: opts.headless, loopbackSuffix: INSECURE_SUFFIX });
}
