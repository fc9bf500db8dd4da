// Property 1 (fuzz/url-match) in each engine, outside Playwright: the browser launched as the
// harness does (launchEngine) and the fixture server in-process (startFixtures →
// createFixtureServer). Per engine, under engines.<chromium|firefox|webkit>:
//   urlMatchChecksPerSecond   the property's throughput: fuzzProperty("url-match") with a fixed
//                             seed — every run registers its scope family on a fresh origin, then
//                             batches of getRegistration(url) in the page, each answer compared
//                             with the model (and set aside when a baselined quirk explains it)
//   floorCallsPerSecond       raw getRegistration(url) calls one after another in the page, timed
//                             in the page, in the same browser and run
//   batchChecksPerSecond      the steady state without per-run setup: one registered family,
//                             lookups in batches of LOOKUP_BATCH + model comparison
//   lookupsPerRun, runs, setupMsPerRun, verdict   context for the figures
// Targets (issue 7): urlMatchChecksPerSecond ≥ 1,000 and ≥ floorCallsPerSecond / 2.
// SWC_BENCH_ENGINES=chromium,firefox limits the engines; SWC_BENCH_RUNS the property's runs.
import { performance } from 'node:perf_hooks';
import fc from 'fast-check';
import type { Engine } from '../contract/index.js';
import { urlMatchInput, urlSpec } from '../suites/fuzz/arbitraries.js';
import { LOOKUP_BATCH } from '../suites/fuzz/execute.js';
import { lookupAll, lookupSequentialTimed, registerAll, type LookupAllAnswer } from '../suites/fuzz/page-functions.js';
import { urlMatchModel, urlMatchScenario, URL_MATCH_SCRIPT } from '../suites/fuzz/scenarios.js';
import { worker } from '../suites/harness/build.js';
import { abstractOrigins, resolvePlaceholders } from '../contract/index.js';
import type { Bench, BenchValues } from './bench-file.js';
import { callsPerSecond, measuredIn, mismatchedSteps, perEngine, propertyThroughput, withEngine } from './browser-bench.js';
import { positiveIntFromEnv } from './engines-env.js';

const SEED = 20261121;
const STEADY_LOOKUPS = 4000;
const FLOOR_CALLS = 2000;

async function measureEngine(engine: Engine, runs: number): Promise<BenchValues> {
  return withEngine(engine, async (browser, fixtures) => {
    const session = await browser.newSession();
    try {
      // (1) The property itself.
      const result = await propertyThroughput('url-match', engine, session, fixtures, SEED, runs);
      const urlMatchChecksPerSecond = Math.round(result.stats.checks / result.stats.seconds);

      // (2) and (3): one registered family on a fresh origin, then many lookups.
      const [input] = fc.sample(urlMatchInput({ maxUrls: 1 }), { seed: SEED, numRuns: 1 });
      const urls = fc.sample(urlSpec({ absolute: 6, path: 4, relative: 2, 'cross-origin': 1, unparsable: 1, empty: 1 }), { seed: SEED, numRuns: STEADY_LOOKUPS });
      const scenario = urlMatchScenario({ ...input!, urls });
      const model = urlMatchModel(scenario);
      const run = await fixtures.newRun();
      await run.setResources({ [`{a}${URL_MATCH_SCRIPT}`]: worker('v1') });
      const concrete = resolvePlaceholders(scenario, run.origins);
      const open = concrete.steps[0] as Extract<(typeof concrete.steps)[number], { do: 'open' }>;
      const client = await session.open('c1', open.url);
      const items = concrete.steps.flatMap((s) => (s.do === 'register' ? [{ script: s.script, ...(s.scope !== undefined ? { scope: s.scope } : {}) }] : []));
      const setupStart = performance.now();
      await client.evaluate(registerAll, items);
      const registerMs = performance.now() - setupStart;
      const lookups = concrete.steps.flatMap((s) => (s.do === 'getRegistration' ? [s.url ?? ''] : []));
      const abstractLookups = model.lookups.map((l) => l.url);

      let mismatches = 0;
      const t0 = performance.now();
      for (let i = 0; i < lookups.length; i += LOOKUP_BATCH) {
        const r = JSON.parse(await client.evaluate(lookupAll, JSON.stringify(lookups.slice(i, i + LOOKUP_BATCH)))) as LookupAllAnswer;
        const observed = abstractOrigins(r.results ?? [], run.origins);
        mismatches += mismatchedSteps(abstractLookups.slice(i, i + LOOKUP_BATCH).map((u) => model.lookup(u)), observed);
      }
      const batchSeconds = (performance.now() - t0) / 1000;

      const floorCallsPerSecond = callsPerSecond(await client.evaluate(lookupSequentialTimed, JSON.stringify(lookups.slice(0, FLOOR_CALLS))));
      await client.close();
      await run.dispose();
      return {
        urlMatchChecksPerSecond,
        floorCallsPerSecond,
        batchChecksPerSecond: Math.round(lookups.length / batchSeconds),
        meetsTargets: urlMatchChecksPerSecond >= 1000 && urlMatchChecksPerSecond >= floorCallsPerSecond / 2,
        runs: result.stats.runs,
        lookupsPerRun: Math.round(result.stats.checks / Math.max(1, result.stats.runs)),
        verdict: result.record.verdict.verdict,
        quirksMet: result.record.fuzz?.quirks?.join(', ') ?? '',
        registerMsForFamily: Math.round(registerMs),
        batchMismatches: mismatches,
        batchSize: LOOKUP_BATCH,
        ...measuredIn(browser),
      };
    } finally {
      await session.close();
    }
  });
}

const bench: Bench = {
  section: ['engines'],
  description: 'fuzz/url-match per engine: the property\'s checks/s (getRegistration in the browser + model comparison, batched) and the floor of sequential getRegistration() calls',
  async run() {
    const runs = positiveIntFromEnv('SWC_BENCH_RUNS', 8);
    return perEngine((engine) => measureEngine(engine, runs));
  },
};

export default bench;
