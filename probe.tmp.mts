import { launchEngine } from './suites/harness/engines/launch.js';
import { startFixtures } from './suites/harness/fixture-server.js';
const fx = await startFixtures();
for (const engine of ['webkit', 'chromium', 'firefox'] as const) {
  const b = await launchEngine(engine, { headless: true, fixturePort: fx.port });
  const s = await b.newSession();
  const run = await fx.newRun();
  await run.setResources({});
  const c = await s.open('c1', `${run.origins.a}/page.html`);
  const r = await c.evaluate(async (xs: string[]) => {
    const out: string[] = [];
    for (const x of xs) { try { const res = await fetch(x); out.push(x + ' → ' + (await res.text())); } catch (e) { out.push(x + ' ERR ' + (e as Error).name); } }
    return out;
  }, ['/%73w.js', '/%41b%61%2d%7e%5F.js', '/%2e%2e/x.js', '/a%2fb%5cc', '/%C3%A9%c3%a9', '/%25%32%66', '/%zz']);
  console.log(engine, JSON.stringify(r, null, 1));
  await s.close(); await b.close(); await run.dispose();
}
await fx.close();
