// Launch time of each engine and the cost of one fresh session, with a register → ready → reload →
// controlled → fetch round trip as proof that the engine works:
//   npx tsx scripts/measure-engines.ts [chromium,firefox,webkit]
// (also checks that the insecure *.test origin is not a secure context).
import http from 'node:http';
import { locateEngine } from '../suites/harness/engines/locate.js';
import { launchPlaywrightEngine } from '../suites/harness/engines/playwright-engine.js';
import { launchWebKitGtk } from '../suites/harness/engines/webkitgtk-engine.js';
import { ENGINES, isEngine, type Engine } from '../contract/index.js';
import { parseOptions, UsageError } from '../tools/cli.js';

const HELP = `Usage: npx tsx scripts/measure-engines.ts [ENGINE[,ENGINE...] ...]

Launches each engine (default: ${ENGINES.join(',')}), measures its launch and the cost of
a fresh session, and proves it works with a register → ready → reload → controlled → fetch
round trip; also checks that the insecure *.test origin is not a secure context.

Options:
  --help   show this text
`;

// Every argument is checked before a server or browser starts.
let engines: Engine[];
try {
  const o = parseOptions(process.argv.slice(2), {}, { positionals: true });
  if (o.help) {
    process.stdout.write(HELP);
    process.exit(0);
  }
  const names = o.positionals.flatMap((p) => p.split(',')).filter((n) => n !== '');
  const unknown = names.filter((n) => !isEngine(n));
  if (unknown.length) throw new UsageError(`unknown engine ${unknown.map((n) => JSON.stringify(n)).join(', ')} (engines: ${ENGINES.join(', ')})`);
  engines = names.length ? [...new Set(names as Engine[])] : [...ENGINES];
} catch (e) {
  if (!(e instanceof UsageError)) throw e;
  process.stderr.write(`measure-engines: ${e.message}\nsee --help\n`);
  process.exit(2);
}

const srv = http.createServer((req, res) => {
  if (req.url === '/sw.js') { res.writeHead(200, { 'content-type': 'text/javascript' }); res.end(`self.addEventListener('fetch', e => { if (e.request.url.endsWith('/data')) e.respondWith(new Response('from-sw')); }); self.addEventListener('activate', e => e.waitUntil(clients.claim()));`); return; }
  if (req.url === '/data') { res.writeHead(200, { 'content-type': 'text/plain' }); res.end('from-network'); return; }
  res.writeHead(200, { 'content-type': 'text/html' }); res.end('<!doctype html><title>p</title>' + req.headers.host);
});
await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
const port = (srv.address() as { port: number }).port;
for (const engine of engines) {
  const t0 = Date.now();
  try {
    const prov = locateEngine(engine);
    const b = engine === 'webkit' && prov.kind === 'debian' ? await launchWebKitGtk(prov, { headless: true }) : await launchPlaywrightEngine(engine, prov, { headless: true, loopbackSuffix: '.test' });
    const tLaunch = Date.now() - t0;
    const s = await b.newSession();
    const tSess = Date.now() - t0 - tLaunch;
    const c = await s.open('c1', `http://r1.localhost:${port}/page.html`);
    const r1 = await c.evaluate(async () => { const reg = await navigator.serviceWorker.register('/sw.js'); await navigator.serviceWorker.ready; return { secure: isSecureContext, scope: reg.scope }; }, null);
    await c.reload();
    const r2 = await c.evaluate(async () => { const t = await (await fetch('/data')).text(); return { controller: navigator.serviceWorker.controller?.scriptURL ?? null, t }; }, null);
    const c2 = await s.open('c2', `http://r1.insecure.test:${port}/page.html`).catch((e) => ({ err: String(e) }));
    let insecure: unknown = c2;
    if (!('err' in c2)) insecure = await c2.evaluate(() => ({ secure: isSecureContext, sw: 'serviceWorker' in navigator }), null);
    await s.close(); await b.close();
    console.log(engine, b.info.version, b.info.driver, { launchMs: tLaunch, sessionMs: tSess, totalMs: Date.now() - t0 }, r1, r2, insecure);
  } catch (e) { console.log(engine, 'FAILED', String(e).slice(0, 400)); }
}
srv.close();
