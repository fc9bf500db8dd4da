// The one loop for one scenario in one engine (DESIGN.md): resolve origins → model.predict and
// harness.run → compare → Verdict → CheckRecord attached to the test for the reporter.
// The pieces (runLoop, checkRecord, attachRecord, describeRecord) are exported for the fuzz
// properties (suites/fuzz), which run the same loop on the counterexamples they find.
import type { TestInfo } from '@playwright/test';
import { CHECK_ATTACHMENT, type CheckRecord } from '../../contract/index.js';
import { predict } from '../../model/scenario/interpreter.js';
import { proposalRecord } from '../../model/proposals/index.js';
import type { Engine, Outcome, Scenario, Verdict } from '../../contract/index.js';
import { compareOutcomes } from './compare.js';
import type { EngineBrowser, EngineSession } from './engines/types.js';
import type { Fixtures } from './fixture-server.js';
import { abstractOrigins, resolvePlaceholders } from '../../contract/index.js';
import { profiledRun, profiledSession, timed, type Profile } from './profile.js';
import { runScenario } from './runner.js';

export interface Conformance {
  /** Run one scenario, record its verdict, and fail the test unless it is pass or unsupported. */
  check(scenario: Scenario): Promise<CheckRecord>;
  /** The same loop without failing the test (fuzzing decides on its own what fails). */
  evaluate(scenario: Scenario): Promise<CheckRecord>;
}

export class CheckFailure extends Error {
  override name = 'CheckFailure';
}

/** The failure message of a deviation or error record. */
export function describeRecord(record: CheckRecord): string {
  const v = record.verdict;
  if (v.verdict === 'error') return `${record.id} [${record.engine}]: harness error: ${v.detail}`;
  const side = (has: boolean, v: unknown) => (has ? JSON.stringify(v) : '(absent)');
  const lines = (v.diff ?? []).map((d) => `  ${d.path}: model ${side('predicted' in d, d.predicted)} ≠ ${record.engine} ${side('observed' in d, d.observed)}`);
  return `${record.id} [${record.engine}]: deviation from the model\n${lines.join('\n')}`;
}

export interface LoopDeps {
  session: () => EngineSession;
  fixtures: Fixtures;
  /** The worker's browser: when a check fails because it went away, the record says so. */
  browser?: Pick<EngineBrowser, 'gone'>;
  /** Time the loop's phases, driver round trips and fixture calls into this (profile.ts); off when absent. */
  profile?: Profile;
}

export interface LoopOptions {
  /**
   * Compare the step results only (the prediction keeps `steps` and `positions`; the log of
   * fetch events and lifecycle is not read). Default: everything the model predicts.
   */
  stepsOnly?: boolean;
}

export interface LoopResult {
  predicted: Outcome;
  /** Absent when the harness failed before observing anything. */
  observed?: Outcome;
  verdict: Verdict;
  durationMs: number;
}

/** One scenario through the loop in a fresh fixture run: predict, run, compare. Never throws for harness failures. */
export async function runLoop(deps: LoopDeps, scenario: Scenario, options: LoopOptions = {}): Promise<LoopResult> {
  const started = Date.now();
  const p = deps.profile;
  const newRun = await timed(p, 'setup.newRun', () => deps.fixtures.newRun());
  const run = p ? profiledRun(newRun, p) : newRun;
  let predicted: Outcome = { steps: [] };
  let observed: Outcome | undefined;
  let verdict: Verdict;
  try {
    const concrete = resolvePlaceholders(scenario, run.origins);
    try {
      predicted = await timed(p, 'setup.predict', async () => abstractOrigins(predict(concrete), run.origins));
    } catch (e) {
      throw new Error(`the model failed on this scenario: ${(e as Error).message}`);
    }
    if (options.stepsOnly) predicted = { steps: predicted.steps, ...(predicted.positions ? { positions: predicted.positions } : {}) };
    // The server resolves "{role}" placeholders itself, keyed by role and path.
    await timed(p, 'setup.resources', () => run.setResources(scenario.resources ?? {}));
    // The observation never depends on the prediction: the runner decides when the scenario is over (runner.ts END_RULE).
    const session = p ? profiledSession(deps.session(), p) : deps.session();
    observed = abstractOrigins(await runScenario(session, run, concrete, { readLog: !options.stepsOnly, ...(p ? { profile: p } : {}) }), run.origins);
    const o = observed;
    verdict = await timed(p, 'compare', async () => compareOutcomes(predicted, o));
  } catch (e) {
    // Anything thrown here is the harness's (or the model's) failure, never the browser's.
    const detail = `${(e as Error).name}: ${(e as Error).message}`.split('\n')[0]!;
    // A browser that died makes its driver fail in its own words; the engine says what happened
    // (its disconnect event may trail the failed call a little).
    let gone = deps.browser?.gone?.();
    if (gone === undefined && deps.browser?.gone) gone = await new Promise<string | undefined>((r) => setTimeout(() => r(deps.browser?.gone?.()), 200));
    verdict = { verdict: 'error', detail: gone === undefined ? detail : `${gone}: ${detail}` };
  } finally {
    await timed(p, 'dispose', () => run.dispose()).catch(() => undefined);
  }
  return { predicted, ...(observed ? { observed } : {}), verdict, durationMs: Date.now() - started };
}

/** The CheckRecord of a scenario's loop result in one engine. */
export function checkRecord(scenario: Scenario, engine: Engine, result: LoopResult, extra: Pick<CheckRecord, 'fuzz'> = {}): CheckRecord {
  return {
    id: scenario.id,
    area: scenario.area,
    title: scenario.title,
    spec: scenario.spec,
    ...(scenario.explainer ? { explainer: scenario.explainer } : {}),
    engine,
    scenario,
    predicted: result.predicted,
    ...(result.observed ? { observed: result.observed } : {}),
    verdict: result.verdict,
    ...(extra.fuzz ? { fuzz: extra.fuzz } : {}),
    ...(scenario.proposal ? { proposal: proposalRecord(scenario.proposal) } : {}),
    durationMs: result.durationMs,
  };
}

/** Attach the record to the test for the conformance reporter. */
export async function attachRecord(testInfo: TestInfo, record: CheckRecord): Promise<void> {
  await testInfo.attach(CHECK_ATTACHMENT, { body: JSON.stringify(record), contentType: 'application/json' });
}

/** Fail the test (as conformance.check does) unless the record is pass or unsupported. */
export function failUnlessPassed(testInfo: TestInfo, record: CheckRecord): void {
  testInfo.annotations.push({ type: 'verdict', description: record.verdict.verdict });
  if (record.verdict.verdict === 'deviation' || record.verdict.verdict === 'error') throw new CheckFailure(describeRecord(record));
}

export function createConformance(deps: { engine: Engine; session: () => EngineSession; fixtures: Fixtures; testInfo: TestInfo; browser?: Pick<EngineBrowser, 'gone'> }): Conformance {
  const evaluate = async (scenario: Scenario): Promise<CheckRecord> => {
    const record = checkRecord(scenario, deps.engine, await runLoop(deps, scenario));
    await attachRecord(deps.testInfo, record);
    return record;
  };
  return {
    evaluate,
    async check(scenario) {
      const record = await evaluate(scenario);
      failUnlessPassed(deps.testInfo, record);
      return record;
    },
  };
}
