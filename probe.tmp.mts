import fc from 'fast-check';
import { performance } from 'node:perf_hooks';
import { launchEngine } from './suites/harness/engines/launch.js';
import { startFixtures } from './suites/harness/fixture-server.js';
import { worker } from './suites/harness/build.js';
import { registerAll, lookupSequentialTimed } from './suites/fuzz/page-functions.js';
import { urlSpec } from './suites/fuzz/arbitraries.js';
import { urlMatchScenario } from './suites/fuzz/scenarios.js';
import { resolvePlaceholders } from './suites/harness/origins.js';
const engine = (process.argv[2] ?? 'firefox') as 'firefox';
const fx = await startFixtures();
const b = await launchEngine(engine, { headless: true, fixturePort: fx.port });
const s = await b.newSession();
const run = await fx.newRun();
await run.setResources({ '{a}/sw.js': worker('v1') });
const urls0 = fc.sample(urlSpec({ absolute: 6, path: 4, relative: 2, 'cross-origin': 1, unparsable: 1, empty: 1 }), { seed: 1, numRuns: 4000 });
const sc = resolvePlaceholders(urlMatchScenario({ pageDir: '/', base: '/foo/bar/', scopes: [{ kind: 'cut', cut: 3, extra: '', query: '', form: 'path' }, { kind: 'cut', cut: 7, extra: '', query: '', form: 'path' }, { kind: 'own', path: '/', query: '', form: 'path' }], urls: urls0 }), run.origins);
const urls = sc.steps.filter((x) => x.do === 'getRegistration').map((x: any) => x.url as string);
const c = await s.open('c1', `${run.origins.a}/page.html`);
await c.evaluate(registerAll, [{ script: '/sw.js', scope: '/foo' }, { script: '/sw.js', scope: '/foo/bar' }, { script: '/sw.js', scope: '/' }]);
const lookupConc = async (arg: { urls: string[]; conc: number }) => {
  const c = navigator.serviceWorker;
  const out: unknown[] = new Array(arg.urls.length);
  let next = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: arg.conc }, async () => {
    for (;;) {
      const i = next++;
      if (i >= arg.urls.length) return;
      out[i] = await c.getRegistration(arg.urls[i]).then((r) => (r ? r.scope : null), (e) => ({ error: e.name }));
    }
  }));
  return performance.now() - t0;
};
for (let rep = 0; rep < 2; rep++) {
  const f = await c.evaluate(lookupSequentialTimed, urls.slice(0, 2000));
  console.log(engine, 'sequential', Math.round(2000 / (f.ms! / 1000)), '/s');
  for (const conc of [1, 4, 16, 64, 250, 1000, 4000]) {
    const t0 = performance.now();
    const inPage = await c.evaluate(lookupConc, { urls, conc });
    const total = performance.now() - t0;
    console.log(engine, 'conc', conc, 'in-page', Math.round(urls.length / (inPage / 1000)), '/s', 'incl. evaluate', Math.round(urls.length / (total / 1000)), '/s');
  }
}
await s.close(); await b.close(); await fx.close();
