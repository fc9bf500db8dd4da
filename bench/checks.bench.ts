// Checks per second against a floor (issue 20), per engine, outside Playwright but through the
// real harness (runLoop: fixture run, model, runner, comparator), in one browser and run:
//   floor      the cheapest browser work an isolated check needs, one after another: a fixture
//              run (fresh origins) with one worker script, a leased session, a window opened on
//              the run's origin, one register() settled (the page agent's register step), one
//              navigation, the session returned and the run disposed
//   areas      a sample of each area's table rows (SWC_BENCH_ROWS per area, spread evenly over
//              the table) through runLoop, one after another: checks/s and the ratio to the floor
//   sample     the sampled checks together; target: ratio ≥ 0.5
//   profile    where the sampled checks' time went (suites/harness/profile.ts): phases (setup,
//              each step kind, the end rule's soft-update wait, settle polls, quiet window and
//              late read, dispose, compare) and driver round trips and fixture calls
// With SWC_BENCH_REPORT=path/to/conformance.json, also `fromReport`: the same area figures from
// that run's check durations (every row, not a sample), against this run's floor.
// SWC_BENCH_ENGINES limits the engines, SWC_BENCH_AREAS the areas, SWC_BENCH_FLOOR the floor's
// checks (default 8), SWC_BENCH_ROWS the rows per area (default 3).
import { performance } from 'node:perf_hooks';
import { readFileSync } from 'node:fs';
import type { Engine, Scenario, Step } from '../contract/index.js';
import { worker } from '../suites/harness/build.js';
import { runLoop } from '../suites/harness/conformance.js';
import type { EngineBrowser } from '../suites/harness/engines/types.js';
import type { Fixtures } from '../suites/harness/fixture-server.js';
import { createProfile } from '../suites/harness/profile.js';
import type { Bench, BenchValues } from './bench-file.js';
import { engineFigures, formatEngine, sampleRows, samplesFromReport, type AreaSample } from './checks-report.js';
import { measuredIn, perEngine, withEngine } from './browser-bench.js';
import { positiveIntFromEnv } from './engines-env.js';

/** The page agent's register step, settled (fixtures-server/client/agent.js), as the runner sends it. */
async function agentRun(step: Step): Promise<unknown> {
  const agent = (window as unknown as { __swc?: { run(step: Step): Promise<unknown> } }).__swc;
  if (!agent) throw new Error(`no agent in ${location.href}`);
  return agent.run(step);
}

/** One floor check: see the header. */
async function floorCheck(browser: EngineBrowser, fixtures: Fixtures): Promise<void> {
  const run = await fixtures.newRun();
  try {
    await run.setResources({ '{a}/floor/sw.js': worker('floor') });
    const session = await browser.newSession();
    try {
      const c = await session.open('c1', `${run.origins.a}/floor/page.html`);
      await c.evaluate(agentRun, { do: 'register', client: 'c1', script: '/floor/sw.js', scope: '/floor/', settle: true } as Step);
      await c.navigate(`${run.origins.a}/floor/next.html`);
    } finally {
      await session.close();
    }
  } finally {
    await run.dispose();
  }
}

async function measureEngine(engine: Engine, tables: Record<string, readonly Scenario[]>, floorChecks: number, rowsPerArea: number, report: ReturnType<typeof samplesFromReport> | undefined): Promise<BenchValues> {
  return withEngine(engine, async (browser, fixtures) => {
    await floorCheck(browser, fixtures); // warm-up: a browser's first page and worker are slow
    const f0 = performance.now();
    for (let i = 0; i < floorChecks; i++) await floorCheck(browser, fixtures);
    const floor = { checks: floorChecks, ms: performance.now() - f0 };

    const profile = createProfile();
    const areas: AreaSample[] = [];
    for (const [area, rows] of Object.entries(tables)) {
      const s: AreaSample = { area, checks: 0, ms: 0, verdicts: {} };
      for (const scenario of sampleRows(rows, rowsPerArea)) {
        // A leased session per check, as the Playwright fixture gives each test.
        const session = await browser.newSession();
        try {
          const r = await runLoop({ session: () => session, fixtures, browser, profile }, scenario);
          s.checks++;
          s.ms += r.durationMs;
          s.verdicts[r.verdict.verdict] = (s.verdicts[r.verdict.verdict] ?? 0) + 1;
        } finally {
          await session.close();
        }
      }
      areas.push(s);
    }
    const figures = engineFigures(floor, areas, profile.totals());
    if (report?.[engine]) {
      const whole = engineFigures(floor, report[engine]!, {});
      delete whole.profile;
      figures.fromReport = whole;
    }
    return { ...figures, ...measuredIn(browser) };
  });
}

const bench: Bench = {
  section: ['checks'],
  description: 'checks/s per engine and area through the harness, as a ratio to the floor (window on fresh origins + register() settled + one navigation), with the profile of where a check\'s time goes',
  async run() {
    const { SUITE_TABLES } = await import('../suites/harness/tables.js');
    const wanted = process.env.SWC_BENCH_AREAS?.split(',').map((s) => s.trim());
    const unknown = wanted?.filter((a) => !(a in SUITE_TABLES)) ?? [];
    if (unknown.length) throw new Error(`SWC_BENCH_AREAS: unknown area "${unknown[0]}" (known: ${Object.keys(SUITE_TABLES).join(', ')})`);
    const tables = Object.fromEntries(Object.entries(SUITE_TABLES).filter(([a]) => !wanted || wanted.includes(a))) as Record<string, readonly Scenario[]>;
    const floorChecks = positiveIntFromEnv('SWC_BENCH_FLOOR', 8);
    const rows = positiveIntFromEnv('SWC_BENCH_ROWS', 3);
    const reportFile = process.env.SWC_BENCH_REPORT;
    const report = reportFile ? samplesFromReport(JSON.parse(readFileSync(reportFile, 'utf8'))) : undefined;
    return perEngine((engine) => measureEngine(engine, tables, floorChecks, rows, report));
  },
  report(values) {
    return Object.entries(values).map(([engine, fig]) => formatEngine(engine, fig as BenchValues) + (fig && typeof fig === 'object' && 'fromReport' in fig ? formatEngine(`${engine} (from ${process.env.SWC_BENCH_REPORT})`, (fig as BenchValues).fromReport as BenchValues) : '')).join('');
  },
};

export default bench;
