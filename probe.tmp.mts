import { launchEngine } from './suites/harness/engines/launch.js';
import { startFixtures } from './suites/harness/fixture-server.js';
const fx = await startFixtures();
const hosts = ['foo*', 'a!b', 'a$b', 'a_b', "a'b", 'a(b', 'a~b', 'a=b', 'a`b', 'a{b', 'a}b', 'a&b', 'a+b', 'a,b', 'a;b', 'a"b', 'é', 'ｓ', '%41', 'a%2ab', '.', '..', 'x..y'];
console.log('node', JSON.stringify(hosts.map((h) => { try { return new URL(`http://${h}/`).host; } catch (e) { return 'ERR'; } })));
for (const engine of ['chromium', 'firefox', 'webkit'] as const) {
  const b = await launchEngine(engine, { headless: true, fixturePort: fx.port });
  const s = await b.newSession();
  const run = await fx.newRun();
  const c = await s.open('c1', `${run.origins.a}/page.html`);
  const r = await c.evaluate((xs: string[]) => xs.map((h) => { try { return new URL(`http://${h}/`).host; } catch (e) { return 'ERR'; } }), hosts);
  const g = await c.evaluate(async () => { try { await navigator.serviceWorker.getRegistration('/\\foo*'); return 'ok'; } catch (e) { return (e as Error).name; } }, null);
  console.log(engine, JSON.stringify(r), g);
  await s.close(); await b.close(); await run.dispose();
}
await fx.close();
