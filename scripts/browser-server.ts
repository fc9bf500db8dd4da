// Serve one of this machine's browsers to a test runner on another machine:
//   npx tsx scripts/browser-server.ts chromium|firefox|webkit [--port N] [--host H]
// prints a ws:// endpoint (Chromium, Firefox: a Playwright browser server) or an http:// URL
// (WebKitGTK: a WebKitWebDriver, under Xvfb when there is no display); on the runner:
// SWC_REMOTE_CHROMIUM=<endpoint> npm run conformance -- --project chromium (SWC_REMOTE_WEBKIT=<url> for webkit)
// It uses the same Debian binaries and options as a local run (a plain `playwright run-server`
// drops executablePath and args unless started with --unsafe). Client and server must run the
// same Playwright version (this repository pins it).
import { chromium, firefox } from '@playwright/test';
import { locateEngine } from '../suites/harness/engines/locate.js';
import { CHROMIUM_DISABLED_FEATURES_ARG } from '../suites/harness/engines/playwright-engine.js';
import { serveWebKitDriver } from '../suites/harness/engines/webdriver-server.js';
import { parseOptions, UsageError, value, type ParsedOptions } from '../tools/cli.js';

const HELP = `Usage: npx tsx scripts/browser-server.ts chromium|firefox|webkit [--port N] [--host H]

Serves one of this machine's browsers to a test runner on another machine and prints
where to reach it: chromium and firefox, a Playwright browser server's ws:// endpoint
(SWC_REMOTE_CHROMIUM / SWC_REMOTE_FIREFOX on the runner); webkit, a WebKitWebDriver's
http:// URL (SWC_REMOTE_WEBKIT), under Xvfb when there is no display.

Options:
  --port N   port to listen on, 0..65535 (default 0: a free one)
  --host H   host name or address to listen on (default: Playwright's; webkit: every
             interface, "local" for loopback only)
  --help     show this text
`;

function usage(message: string): never {
  process.stderr.write(`browser-server: ${message}\nsee --help\n`);
  process.exit(2);
}

// Every argument is checked before a browser starts.
const OPTIONS = {
  port: value((v) => {
    if (!/^\d{1,5}$/.test(v) || Number(v) > 65535) throw new UsageError(`--port must be an integer in 0..65535 (got "${v}")`);
    return Number(v);
  }),
  host: value(),
};
let options: ParsedOptions<typeof OPTIONS>;
try {
  options = parseOptions(process.argv.slice(2), OPTIONS, { positionals: true });
} catch (e) {
  if (!(e instanceof UsageError)) throw e;
  usage(e.message);
}
if (options.help) {
  process.stdout.write(HELP);
  process.exit(0);
}
const [engine, ...extra] = options.positionals;
if (engine === undefined) usage('name the engine: chromium, firefox or webkit');
if (engine !== 'chromium' && engine !== 'firefox' && engine !== 'webkit') usage(`engine "${engine}" is not chromium, firefox or webkit`);
if (extra.length) usage(`unexpected argument "${extra[0]}" (one engine per server)`);
const port = options.port ?? 0;
const host = options.host;
if (engine === 'webkit') {
  const served = await serveWebKitDriver({ port, host: host ?? 'all' });
  console.log(served.url);
  const stop = () => void served.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} else {
  const provision = locateEngine(engine);
  const executablePath = provision.kind === 'debian' ? provision.executable : undefined;
  const server =
    engine === 'chromium'
      ? await chromium.launchServer({ port, host, executablePath, args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', CHROMIUM_DISABLED_FEATURES_ARG] })
      : await firefox.launchServer({ port, host, executablePath, ...(executablePath ? { channel: 'moz-firefox' } : {}), firefoxUserPrefs: { 'network.dns.forceResolve': '127.0.0.1' } });
  console.log(server.wsEndpoint());
  process.on('SIGINT', () => void server.close().then(() => process.exit(0)));
}
