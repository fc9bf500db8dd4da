import { launchEngine } from './suites/harness/engines/launch.js';
import { startFixtures } from './suites/harness/fixture-server.js';
import { worker } from './suites/harness/build.js';
import { registerAll, unregisterAll } from './suites/fuzz/page-functions.js';
const fx = await startFixtures();
const engine = (process.argv[2] ?? 'webkit') as 'webkit';
const b = await launchEngine(engine, { headless: true, fixturePort: fx.port });
const scopes = ['/a/', '/b/', '/c/', '/d/'];
for (const mode of ['none', 'unregister', 'none', 'unregister']) {
  const s = await b.newSession();
  let lost = 0;
  for (let rep = 0; rep < 10; rep++) {
    const run = await fx.newRun();
    await run.setResources({ '{a}/sw.js': worker('v1') });
    const c = await s.open('c1', `${run.origins.a}/fuzz/page.html`);
    await c.evaluate(registerAll, scopes.map((x) => ({ script: '/sw.js', scope: x })));
    const n = await c.evaluate(async () => (await navigator.serviceWorker.getRegistrations()).length, null);
    if (n !== 4) lost++;
    if (mode === 'unregister') await c.evaluate(unregisterAll, null);
    await c.close();
    await run.dispose();
  }
  console.log(engine, mode, 'runs with lost registrations:', lost, '/ 10');
  await s.close();
}
await b.close();
await fx.close();
