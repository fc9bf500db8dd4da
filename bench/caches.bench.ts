// Property 4 (fuzz/cache-match) in each engine, outside Playwright, as engines.bench.ts does for
// url-match. Per engine, under cacheMatch.<chromium|firefox|webkit>:
//   matchChecksPerSecond   the property's throughput: fuzzProperty("cache-match") with a fixed
//                          seed — every run puts its entries on a fresh origin, then batches of
//                          Cache/CacheStorage queries in the page, each answer compared with the model
//   floorCallsPerSecond    raw cache.match(url) calls one after another in the page, timed in the
//                          page, in the same browser and run
//   ratioToFloor           matchChecksPerSecond / floorCallsPerSecond
//   batchChecksPerSecond   the steady state without per-run setup: one set of entries, queries in
//                          batches of CACHE_QUERY_BATCH + model comparison
// Targets (issue 15): matchChecksPerSecond ≥ 1,000 and ≥ floorCallsPerSecond / 2.
// SWC_BENCH_ENGINES=chromium,firefox limits the engines; SWC_BENCH_RUNS the property's runs.
import { performance } from 'node:perf_hooks';
import fc from 'fast-check';
import type { Engine } from '../contract/index.js';
import { abstractOrigins, resolvePlaceholders } from '../contract/index.js';
import { cacheMatchInput, cacheMatchModel, isCacheQueryStep } from '../suites/fuzz/cache-match.js';
import { CACHE_QUERY_BATCH } from '../suites/fuzz/execute.js';
import { cacheMatchSequentialTimed, cachePutAll, cacheQueryAll } from '../suites/fuzz/page-functions.js';
import { cacheMatchPropertyScenario } from '../suites/fuzz/scenarios.js';
import type { Bench, BenchValues } from './bench-file.js';
import { callsPerSecond, measuredIn, mismatchedSteps, perEngine, propertyThroughput, withEngine } from './browser-bench.js';
import { positiveIntFromEnv } from './engines-env.js';

const SEED = 20261215;
const STEADY_QUERIES = 6000;
const FLOOR_CALLS = 2000;

async function measureEngine(engine: Engine, runs: number): Promise<BenchValues> {
  return withEngine(engine, async (browser, fixtures) => {
    const session = await browser.newSession();
    try {
      // (1) The property itself.
      const result = await propertyThroughput('cache-match', engine, session, fixtures, SEED, runs);
      const matchChecksPerSecond = Math.round(result.stats.checks / result.stats.seconds);

      // (2) and (3): one set of entries on a fresh origin, then many queries.
      const [input] = fc.sample(cacheMatchInput({ maxQueries: STEADY_QUERIES }), { seed: SEED, numRuns: 1 });
      const scenario = cacheMatchPropertyScenario({ ...input!, queries: fc.sample(cacheMatchInput({ maxQueries: 50 }).map((i) => i.queries).chain((q) => fc.constant(q)), { seed: SEED, numRuns: 200 }).flat().slice(0, STEADY_QUERIES) });
      const model = cacheMatchModel(scenario);
      const run = await fixtures.newRun();
      const concrete = resolvePlaceholders(scenario, run.origins);
      const open = concrete.steps[0] as Extract<(typeof concrete.steps)[number], { do: 'open' }>;
      const client = await session.open('c1', open.url);
      const first = concrete.steps.findIndex(isCacheQueryStep);
      await client.evaluate(cachePutAll, JSON.stringify(concrete.steps.slice(1, first)));
      const queries = concrete.steps.slice(first);
      const abstractQueries = scenario.steps.slice(first);
      let mismatches = 0;
      const t0 = performance.now();
      for (let i = 0; i < queries.length; i += CACHE_QUERY_BATCH) {
        const r = JSON.parse(await client.evaluate(cacheQueryAll, JSON.stringify(queries.slice(i, i + CACHE_QUERY_BATCH)))) as { results?: unknown[] };
        const observed = abstractOrigins(r.results ?? [], run.origins) as never[];
        mismatches += mismatchedSteps(abstractQueries.slice(i, i + CACHE_QUERY_BATCH).map((s) => model.query(s)), observed);
      }
      const batchSeconds = (performance.now() - t0) / 1000;

      // The floor: cache.match(url) one after another, over the URLs the queries use.
      const urls = queries.slice(0, FLOOR_CALLS).map((s) => {
        const q = (s as { request?: string | { url: string } }).request;
        return typeof q === 'string' ? q : (q?.url ?? '/');
      });
      const floorCallsPerSecond = callsPerSecond(await client.evaluate(cacheMatchSequentialTimed, JSON.stringify(urls)));
      await client.close();
      await run.dispose();
      return {
        matchChecksPerSecond,
        floorCallsPerSecond,
        ratioToFloor: Math.round((matchChecksPerSecond / Math.max(1, floorCallsPerSecond)) * 100) / 100,
        batchChecksPerSecond: Math.round(queries.length / batchSeconds),
        meetsTargets: matchChecksPerSecond >= 1000 && matchChecksPerSecond >= floorCallsPerSecond / 2,
        runs: result.stats.runs,
        queriesPerRun: Math.round(result.stats.checks / Math.max(1, result.stats.runs)),
        verdict: result.record.verdict.verdict,
        quirksMet: result.record.fuzz?.quirks?.join(', ') ?? '',
        batchMismatches: mismatches,
        batchSize: CACHE_QUERY_BATCH,
        ...measuredIn(browser),
      };
    } finally {
      await session.close();
    }
  });
}

const bench: Bench = {
  section: ['cacheMatch'],
  description: 'fuzz/cache-match per engine: the property\'s checks/s (Cache/CacheStorage queries in the browser + model comparison, batched) and the floor of sequential cache.match() calls',
  async run() {
    const runs = positiveIntFromEnv('SWC_BENCH_RUNS', 12);
    return perEngine((engine) => measureEngine(engine, runs));
  },
};

export default bench;
