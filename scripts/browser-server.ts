// Serve one of this machine's browsers to a test runner on another machine:
//   npx tsx scripts/browser-server.ts chromium|firefox [--port N] [--host H]
// prints a ws:// endpoint; on the runner: SWC_REMOTE_CHROMIUM=<endpoint> npm run conformance -- --project chromium
// It uses the same Debian binaries and options as a local run (a plain `playwright run-server`
// drops executablePath and args unless started with --unsafe). Client and server must run the
// same Playwright version (this repository pins it).
import { chromium, firefox } from '@playwright/test';
import { locateEngine } from '../suites/harness/engines/locate.js';
import { CHROMIUM_DISABLED_FEATURES_ARG } from '../suites/harness/engines/playwright-engine.js';
import { parseOptions, UsageError, value, type ParsedOptions } from '../tools/cli.js';

const HELP = `Usage: npx tsx scripts/browser-server.ts chromium|firefox [--port N] [--host H]

Serves one of this machine's browsers to a Playwright test runner on another machine and
prints its ws:// endpoint. WebKitGTK: run its shard on its own machine.

Options:
  --port N   port to listen on, 0..65535 (default 0: a free one)
  --host H   host name or address to listen on (default: Playwright's)
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
if (engine === undefined) usage('name the engine: chromium or firefox');
if (engine !== 'chromium' && engine !== 'firefox') usage(`engine "${engine}" is not chromium or firefox (WebKitGTK: run its shard on its own machine)`);
if (extra.length) usage(`unexpected argument "${extra[0]}" (one engine per server)`);
const port = options.port ?? 0;
const host = options.host;
const provision = locateEngine(engine);
const executablePath = provision.kind === 'debian' ? provision.executable : undefined;
const server =
  engine === 'chromium'
    ? await chromium.launchServer({ port, host, executablePath, args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', CHROMIUM_DISABLED_FEATURES_ARG] })
    : await firefox.launchServer({ port, host, executablePath, ...(executablePath ? { channel: 'moz-firefox' } : {}), firefoxUserPrefs: { 'network.dns.forceResolve': '127.0.0.1' } });
console.log(server.wsEndpoint());
process.on('SIGINT', () => void server.close().then(() => process.exit(0)));
