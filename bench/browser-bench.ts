// What the browser benches share: an engine launched as the harness does with the fixture server
// in-process, one section per engine, a fuzz property's throughput after a warm-up, and the
// figures every engine section carries (engine version, driver, when).
import type { Engine, StepResult } from '../contract/index.js';
import { baselineQuirks } from '../suites/fuzz/baseline-quirks.js';
import { fuzzProperty, type FuzzResult } from '../suites/fuzz/runner.js';
import type { PropertyId } from '../suites/fuzz/scenarios.js';
import { compareOutcomes } from '../suites/harness/compare.js';
import { launchEngine } from '../suites/harness/engines/launch.js';
import type { EngineBrowser, EngineSession } from '../suites/harness/engines/types.js';
import { startFixtures, type Fixtures } from '../suites/harness/fixture-server.js';
import type { BenchValues } from './bench-file.js';
import { enginesToRun } from './engines-env.js';

/** Runs `measure` with a fresh fixture server and `engine` launched headless; closes both after. */
export async function withEngine<T>(engine: Engine, measure: (browser: EngineBrowser, fixtures: Fixtures) => Promise<T>): Promise<T> {
  const fixtures = await startFixtures();
  try {
    const browser = await launchEngine(engine, { headless: true, fixturePort: fixtures.port });
    try {
      return await measure(browser, fixtures);
    } finally {
      await browser.close();
    }
  } finally {
    await fixtures.close();
  }
}

/** One section per engine of SWC_BENCH_ENGINES, measured one after another (they share two cores). */
export async function perEngine(measure: (engine: Engine) => Promise<BenchValues>): Promise<BenchValues> {
  const out: BenchValues = {};
  for (const engine of enginesToRun()) {
    process.stdout.write(`  ${engine}…\n`);
    out[engine] = await measure(engine);
  }
  return out;
}

/**
 * A fuzz property's run with a fixed seed, after a one-run warm-up (a browser's first page and
 * worker are slow), quiet, with the engine's baselined quirks set aside as in a conformance run.
 */
export async function propertyThroughput(id: PropertyId, engine: Engine, session: EngineSession, fixtures: Fixtures, seed: number, runs: number): Promise<FuzzResult> {
  const deps = { engine, session, fixtures, log: () => undefined };
  const options = { baselined: baselineQuirks(engine) };
  const budget = { shrinkSeconds: 1, progressEvery: 1e9, save: false };
  await fuzzProperty(id, deps, { ...budget, seed: seed + 1, runs: 1 }, options);
  return fuzzProperty(id, deps, { ...budget, seed, runs }, options);
}

/** How many of a batch's steps the comparator finds different (a step counts once). */
export function mismatchedSteps(predicted: StepResult[], observed: StepResult[]): number {
  return new Set((compareOutcomes({ steps: predicted }, { steps: observed }).diff ?? []).map((d) => d.path.split('.')[0])).size;
}

/** Calls per second of a loop timed in the page. */
export function callsPerSecond(floor: { calls?: number; ms?: number }): number {
  return Math.round((floor.calls ?? 0) / ((floor.ms ?? 1) / 1000));
}

/** What every engine section says about where it was measured. */
export function measuredIn(browser: EngineBrowser): { version: string; driver: string; measuredAt: string } {
  return { version: browser.info.version, driver: browser.info.driver, measuredAt: new Date().toISOString() };
}
