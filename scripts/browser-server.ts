// Serve one of this machine's browsers to a test runner on another machine:
//   npx tsx scripts/browser-server.ts chromium|firefox [--port N] [--host H]
// prints a ws:// endpoint; on the runner: SWC_REMOTE_CHROMIUM=<endpoint> npm run conformance -- --project chromium
// It uses the same Debian binaries and options as a local run (a plain `playwright run-server`
// drops executablePath and args unless started with --unsafe). Client and server must run the
// same Playwright version (this repository pins it).
import { chromium, firefox } from '@playwright/test';
import { locateEngine } from '../suites/harness/engines/locate.js';
import { CHROMIUM_DISABLED_FEATURES_ARG } from '../suites/harness/engines/playwright-engine.js';

const [engine, ...rest] = process.argv.slice(2);
const opt = (name: string) => {
  const i = rest.indexOf(`--${name}`);
  return i >= 0 ? rest[i + 1] : undefined;
};
if (engine !== 'chromium' && engine !== 'firefox') {
  console.error('usage: browser-server.ts chromium|firefox [--port N] [--host H] (WebKitGTK: run its shard on its own machine)');
  process.exit(2);
}
const port = Number(opt('port') ?? 0);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`browser-server: --port must be 0..65535 (got ${opt('port')})`);
  process.exit(2);
}
const provision = locateEngine(engine);
const executablePath = provision.kind === 'debian' ? provision.executable : undefined;
const server =
  engine === 'chromium'
    ? await chromium.launchServer({ port, host: opt('host'), executablePath, args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', CHROMIUM_DISABLED_FEATURES_ARG] })
    : await firefox.launchServer({ port, host: opt('host'), executablePath, ...(executablePath ? { channel: 'moz-firefox' } : {}), firefoxUserPrefs: { 'network.dns.forceResolve': '127.0.0.1' } });
console.log(server.wsEndpoint());
process.on('SIGINT', () => void server.close().then(() => process.exit(0)));
