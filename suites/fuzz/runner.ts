// The fuzz loop for one property in one engine: fast-check generates inputs, each becomes a
// scenario, the model predicts its steps and the engine runs them, and the step results are
// compared with the harness's comparator. Mismatches that a quirk baselined for the engine
// explains are set aside (and named in the record); any other mismatch fails the run, and
// fast-check shrinks the input to a minimal counterexample. That counterexample, reduced to the
// steps that show it, then runs once more through the one loop (conformance.ts runLoop) as a
// plain deterministic scenario, and becomes the check's record.
//
// Harness failures (driver, fixture server, timeouts, the model throwing) never count as
// counterexamples: the first one stops the fuzzing (later runs pass without touching the browser)
// and, unless a real counterexample was already found, the record is verdict "error".
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import type { CheckRecord } from '../../contract/index.js';
import type { DiffEntry, Engine, Scenario, StepResult, Verdict } from '../../contract/index.js';
import { compareOutcomes } from '../harness/compare.js';
import { checkRecord, runLoop, type LoopResult } from '../harness/conformance.js';
import type { EngineSession } from '../harness/engines/types.js';
import type { Fixtures } from '../harness/fixture-server.js';
import { searchLimitMs, type FuzzBudget } from './budget.js';
import { closeKeptClient, type ExecContext } from './execute.js';
import { PROPERTIES } from './properties.js';
import { probeScenario, QUIRKS, quirksExplaining, type Mismatch, type Quirk } from './quirks.js';
import { REGRESSIONS_DIR, regressionFile, type RegressionFile } from './regressions.js';
import { checkedSteps, predictSteps, reduceScenario, type PropertyId } from './scenarios.js';
import { isCacheQueryStep } from './cache-match.js';

export interface FuzzDeps {
  engine: Engine;
  /** The engine's version, for saved regressions. */
  engineVersion?: string;
  session: EngineSession;
  fixtures: Fixtures;
  /** Progress lines (default: console.log). */
  log?: (line: string) => void;
}

export interface FuzzOptions {
  /** Quirk names baselined for this engine. */
  baselined: ReadonlySet<string>;
  /** The quirk definitions (default: quirks.ts). */
  quirks?: readonly Quirk[];
  /** Where --save writes (default suites/fuzz/regressions). */
  regressionsDir?: string;
  /** Test seams: run a scenario in place of the engine, and replay a counterexample in place of the one loop. */
  execute?: (scenario: Scenario) => Promise<StepResult[]>;
  replay?: (scenario: Scenario) => Promise<LoopResult>;
}

export interface FuzzResult {
  record: CheckRecord;
  /** The test must fail: an unexplained counterexample or a harness error. */
  failed: boolean;
  /** The regression file written (SWC_FUZZ_SAVE=1). */
  saved?: string;
  /** Figures for the summary line and the bench. */
  stats: { runs: number; shrinks: number; checks: number; seconds: number };
}

interface RunObservation {
  input: unknown;
  scenario: Scenario;
  predicted: StepResult[];
  observed: StepResult[];
  /** Mismatching steps no baselined quirk explains. */
  unexplained: number[];
  /** Mismatching steps and the baselined quirks that explain them. */
  explained: Array<{ step: number; quirks: string[] }>;
  /** The run's fast-check path (its index in the search), or undefined while shrinking. */
  runPath?: string;
}

interface Broken {
  kind: 'harness' | 'model';
  message: string;
  scenario?: Scenario;
  predicted?: StepResult[];
  input: unknown;
  runPath?: string;
}

/** Step indices named by a diff ("steps[3].scope" → 3). */
function diffSteps(diff: DiffEntry[]): number[] {
  const out = new Set<number>();
  for (const d of diff) {
    const m = /^steps\[(\d+)\]/.exec(d.path);
    if (m) out.add(Number(m[1]));
  }
  return [...out].sort((a, b) => a - b);
}

function describeSize(s: Scenario): string {
  const n = (k: string) => s.steps.filter((x) => x.do === k).length;
  const cacheSteps = s.steps.filter((x) => x.do === 'cache' || x.do === 'caches').length;
  const parts = [n('register') || !cacheSteps ? `${n('register')} register` : '', n('getRegistration') ? `${n('getRegistration')} getRegistration` : '', n('navigate') ? `${n('navigate')} navigate` : '', cacheSteps ? `${cacheSteps} cache steps` : ''];
  return parts.filter(Boolean).join(', ');
}

/** At most this many lookups in the scenario a passing url-match record shows. */
const PASS_SCENARIO_LOOKUPS = 8;

export async function fuzzProperty(id: PropertyId, deps: FuzzDeps, budget: FuzzBudget, options: FuzzOptions): Promise<FuzzResult> {
  const prop = PROPERTIES[id];
  const checkId = `fuzz/${id}`;
  const log = deps.log ?? ((line: string) => console.log(line));
  const tag = `[${checkId} ${deps.engine}]`;
  const quirks = options.quirks ?? QUIRKS;
  const baselinedQuirks = quirks.filter((q) => options.baselined.has(q.name));
  const started = Date.now();
  const ctx: ExecContext = { session: deps.session, fixtures: deps.fixtures, kept: {} };
  const execute = options.execute ?? ((s: Scenario) => prop.execute(ctx, s));
  const replayLoop = options.replay ?? ((s: Scenario) => runLoop({ session: () => deps.session, fixtures: deps.fixtures }, s, { stepsOnly: true }));

  let phase: 'search' | 'shrink' = 'search';
  let searchRuns = 0;
  let shrinkRuns = 0;
  let checks = 0;
  let explainedCount = 0;
  let unexplainedCount = 0;
  let broken: Broken | undefined;
  let first: RunObservation | undefined;
  let lastProgress = Date.now();
  /** Shrinking stops here: later candidates pass without touching the browser. */
  let shrinkDeadline = Infinity;
  const hits = new Map<string, { obs: RunObservation; step: number; size: number }>();
  /** Quirks the random inputs met (not only the probes). */
  const hitsByFuzzing = new Set<string>();
  const failures = new Map<string, RunObservation>();

  const replay = budget.path !== undefined;
  const limit = searchLimitMs(budget, prop.secondsPerRun);
  const budgetText = replay
    ? `replaying path ${budget.path}`
    : [budget.runs !== undefined ? `${budget.runs} runs` : '', budget.seconds !== undefined ? `${budget.seconds} s` : ''].filter(Boolean).join(' or ');
  log(`${tag} seed ${budget.seed}, ${budgetText}; baselined quirks: ${[...options.baselined].join(', ') || 'none'}`);

  const progress = (force = false) => {
    const runs = phase === 'search' ? searchRuns : shrinkRuns;
    if (!force && runs % budget.progressEvery !== 0 && Date.now() - lastProgress < 15_000) return;
    lastProgress = Date.now();
    const s = (Date.now() - started) / 1000;
    const what = phase === 'search' ? `run ${searchRuns}${budget.runs !== undefined && !replay ? `/${budget.runs}` : ''}` : `shrink ${shrinkRuns}`;
    log(`${tag} ${what} · ${checks} checks · ${s.toFixed(1)} s · ${Math.round(checks / Math.max(s, 0.001))} checks/s · mismatches: ${unexplainedCount} unexplained, ${explainedCount} explained by quirks`);
  };

  const predicate = async (input: unknown): Promise<boolean> => {
    if (broken) return true; // the harness is gone: no more browser work, no false counterexamples
    if (phase === 'shrink' && Date.now() > shrinkDeadline) return true; // the shrink budget is spent
    // The run's fast-check path: its index in the search (the replayed path itself when replaying).
    const runPath = replay ? budget.path : phase === 'search' ? String(searchRuns) : undefined;
    if (phase === 'search') searchRuns++;
    else shrinkRuns++;
    let scenario: Scenario | undefined;
    let predicted: StepResult[] | undefined;
    try {
      scenario = prop.scenario(input);
      predicted = predictSteps(id, scenario);
    } catch (e) {
      broken = { kind: 'model', message: `the model failed: ${(e as Error).message.split('\n')[0]}`, input, ...(scenario ? { scenario } : {}), ...(runPath !== undefined ? { runPath } : {}) };
      log(`${tag} ${broken.message}; stopping`);
      return true;
    }
    let observed: StepResult[];
    try {
      observed = await execute(scenario);
    } catch (e) {
      broken = { kind: 'harness', message: `${(e as Error).name}: ${(e as Error).message.split('\n')[0]}`, input, scenario, predicted, ...(runPath !== undefined ? { runPath } : {}) };
      log(`${tag} harness error: ${broken.message}; stopping`);
      return true;
    }
    try {
      return judge(input, scenario, predicted, observed, runPath);
    } catch (e) {
      broken = { kind: 'model', message: `comparing the run failed: ${(e as Error).message.split('\n')[0]}`, input, scenario, predicted, ...(runPath !== undefined ? { runPath } : {}) };
      log(`${tag} ${broken.message}; stopping`);
      return true;
    }
  };

  /** Compare one run, set aside what baselined quirks explain, count, and say whether the property holds. */
  const judge = (input: unknown, scenario: Scenario, predicted: StepResult[], observed: StepResult[], runPath: string | undefined): boolean => {
    const verdict = compareOutcomes({ steps: predicted }, { steps: observed });
    if (verdict.verdict === 'unsupported' || observed.length !== predicted.length) {
      broken = { kind: 'harness', message: `the engine's answers do not fit the scenario: ${verdict.detail ?? `${observed.length} results for ${predicted.length} steps`}`, input, scenario, predicted, ...(runPath !== undefined ? { runPath } : {}) };
      log(`${tag} harness error: ${broken.message}; stopping`);
      return true;
    }
    const obs: RunObservation = { input, scenario, predicted, observed, unexplained: [], explained: [], ...(runPath !== undefined ? { runPath } : {}) };
    for (const step of diffSteps(verdict.diff ?? [])) {
      const m: Mismatch = { property: id, engine: deps.engine, scenario, step, predicted: predicted[step]!, observed: observed[step] };
      const names = quirksExplaining(m, baselinedQuirks).map((q) => q.name);
      if (names.length > 0) obs.explained.push({ step, quirks: names });
      else obs.unexplained.push(step);
    }
    checks += checkedSteps(id, scenario);
    explainedCount += obs.explained.length;
    unexplainedCount += obs.unexplained.length;
    first ??= obs;
    // Keep the smallest example per quirk, by the size of the scenario it reduces to (for url-match:
    // the registrations, the same for every lookup of the run, and the one lookup).
    let setupSize: number | undefined;
    const sizeOf = (step: number): number => {
      if (id !== 'url-match' && id !== 'cache-match') return JSON.stringify(reduceScenario(id, scenario, [step]).scenario).length;
      setupSize ??= JSON.stringify(scenario.steps.filter((s) => (id === 'url-match' ? s.do !== 'getRegistration' : !isCacheQueryStep(s)))).length;
      return setupSize + JSON.stringify(scenario.steps[step]).length;
    };
    for (const e of obs.explained) {
      for (const name of e.quirks) {
        const size = sizeOf(e.step);
        const prev = hits.get(name);
        if (!prev || prev.size > size) hits.set(name, { obs, step: e.step, size });
        hitsByFuzzing.add(name);
      }
    }
    if (obs.unexplained.length > 0) {
      if (phase === 'search') {
        progress(true);
        phase = 'shrink';
        shrinkDeadline = Date.now() + budget.shrinkSeconds * 1000;
        log(replay ? `${tag} the replayed counterexample fails (${describeSize(scenario)})` : `${tag} counterexample at run ${searchRuns} (${describeSize(scenario)}); shrinking for up to ${budget.shrinkSeconds} s`);
      }
      failures.set(JSON.stringify(input), obs);
      if (failures.size > 200) failures.delete(failures.keys().next().value as string);
      progress();
      return false;
    }
    progress();
    return true;
  };

  /**
   * The probes of the quirks baselined for this engine that belong to this property: each must
   * still deviate, and only as its quirk explains, to count as met (otherwise the quirk goes
   * unreported and the reporter calls its baseline entry stale).
   */
  const runProbes = async (): Promise<void> => {
    for (const q of baselinedQuirks.filter((x) => x.probe.property === id && x.engines.includes(deps.engine))) {
      const scenario = probeScenario(q);
      let predicted: StepResult[];
      try {
        predicted = predictSteps(id, scenario);
      } catch (e) {
        log(`${tag} quirk ${q.name}: the model cannot run its probe (${(e as Error).message.split('\n')[0]}); not counted as met`);
        continue;
      }
      let observed: StepResult[];
      try {
        observed = await execute(scenario);
      } catch (e) {
        broken = { kind: 'harness', message: `${(e as Error).name}: ${(e as Error).message.split('\n')[0]} (probe of quirk ${q.name})`, input: { probe: q.name }, scenario, predicted };
        log(`${tag} harness error: ${broken.message}; stopping`);
        return;
      }
      const verdict = compareOutcomes({ steps: predicted }, { steps: observed });
      const steps = diffSteps(verdict.diff ?? []);
      if (steps.length === 0) {
        log(`${tag} quirk ${q.name}: its probe no longer deviates — the engine behaves as the model now; drop the baseline entry`);
        continue;
      }
      const unexplained = steps.filter((step) => quirksExplaining({ property: id, engine: deps.engine, scenario, step, predicted: predicted[step]!, observed: observed[step] }, [q]).length === 0);
      if (unexplained.length > 0) {
        log(`${tag} quirk ${q.name}: its probe deviates at step ${unexplained.join(', ')} otherwise than the quirk explains; not counted as met`);
        continue;
      }
      const obs: RunObservation = { input: { probe: q.name }, scenario, predicted, observed, unexplained: [], explained: steps.map((step) => ({ step, quirks: [q.name] })) };
      // The probe is the quirk's example of choice: minimal and the same on every run.
      hits.set(q.name, { obs, step: steps[steps.length - 1]!, size: 0 });
      explainedCount += steps.length;
      probed.push(q.name);
    }
    if (probed.length > 0) log(`${tag} quirks confirmed by their probes: ${probed.join(', ')}`);
  };
  const probed: string[] = [];
  if (!replay) await runProbes();

  // The time budget is enforced here rather than with fast-check's interruptAfterTimeLimit, which
  // races a run against the clock and leaves it running in the browser after check() returns.
  // Once the search deadline has passed, the next run is refused with an interrupting
  // precondition failure (fast-check stops and reports success); shrinking is bounded by
  // shrinkDeadline in the predicate.
  const searchDeadline = Number.isFinite(limit) ? started + limit : Infinity;
  const inner = fc.asyncProperty(prop.arbitrary, predicate);
  const property: fc.IAsyncProperty<[unknown]> = {
    isAsync: () => true,
    generate: (mrng, runId) => inner.generate(mrng, runId),
    // Once the shrink budget is spent, offer no more candidates: the predicate would accept each
    // at once, but fast-check would still walk every candidate of a large counterexample (minutes
    // of CPU for thousands of lookups).
    shrink: (value) => inner.shrink(value).takeWhile(() => phase !== 'shrink' || Date.now() <= shrinkDeadline),
    run: (v) => (phase === 'search' && !replay && Date.now() > searchDeadline ? Promise.resolve(new fc.PreconditionFailure(true)) : inner.run(v)),
    runBeforeEach: () => inner.runBeforeEach(),
    runAfterEach: () => inner.runAfterEach(),
  };
  const details = await fc.check(
    property,
    replay ? { seed: budget.seed, path: budget.path!, endOnFailure: true } : { seed: budget.seed, numRuns: budget.runs ?? Number.POSITIVE_INFINITY },
  );
  const searchDone = searchRuns;
  await closeKeptClient(ctx);
  const seconds = (Date.now() - started) / 1000;
  const stats = { runs: searchDone, shrinks: shrinkRuns, checks, seconds };
  // The quirks whose probes ran: the gate may call one of them stale if it was not met.
  const covers = replay ? [] : baselinedQuirks.filter((x) => x.probe.property === id && x.engines.includes(deps.engine)).map((q) => q.name).sort();
  const fuzzBase = { seed: budget.seed, runs: searchDone, ...(replay ? {} : { covers }) };
  const hitNames = [...hits.keys()].sort();
  const quirksField = hitNames.length > 0 ? { quirks: hitNames } : {};

  // -- an unexplained counterexample -----------------------------------------------------------
  const failedObs = details.failed && details.counterexample ? failures.get(JSON.stringify(details.counterexample[0])) : undefined;
  if (details.failed && !failedObs && !broken) {
    // The property threw instead of answering: the harness's (or the model's) failure.
    broken = { kind: 'harness', message: `the property failed without a counterexample: ${String(details.errorInstance ?? 'unknown error').split('\n')[0]}`, input: details.counterexample?.[0] };
  }
  if (failedObs) {
    const input = details.counterexample![0];
    const obs = failedObs;
    const path = details.counterexamplePath ?? budget.path;
    const reduced = reduceScenario(id, obs.scenario, obs.unexplained);
    log(`${tag} minimal counterexample (${describeSize(reduced.scenario)}), ${shrinkRuns} shrink runs; replaying it as a scenario`);
    const loop = await replayLoop(reduced.scenario);
    // A quirk defined (but not baselined) for this engine that explains every unexplained step names it.
    const named = quirks.filter((q) =>
      obs.unexplained.every((step) => quirksExplaining({ property: id, engine: deps.engine, scenario: obs.scenario, step, predicted: obs.predicted[step]!, observed: obs.observed[step] }, [q]).length > 0),
    );
    const result = loop.verdict.verdict === 'deviation' ? loop : propertyObservation(reduced, obs, loop, Date.now() - started);
    const summary = `${searchDone} runs, ${checks} checks, ${shrinkRuns} shrink runs${broken ? `; then ${broken.message}` : ''}`;
    result.verdict = { ...result.verdict, detail: result.verdict.detail ? `${result.verdict.detail} (${summary})` : summary };
    const record = checkRecord(reduced.scenario, deps.engine, result, {
      fuzz: { ...fuzzBase, ...(path !== undefined ? { path } : {}), counterexample: input, ...(named[0] ? { quirk: named[0].name } : {}), ...quirksField },
    });
    const saved = budget.save ? saveRegression(id, deps, budget, path, reduced.scenario, options.regressionsDir ?? REGRESSIONS_DIR, log, tag) : undefined;
    for (const line of describeDiff(record.verdict.diff ?? [])) log(`${tag}   ${line}`);
    log(`${tag} replay: npm run fuzz -- --seed ${budget.seed}${path !== undefined ? ` --path ${path}` : ''} --property ${id} --project ${deps.engine}`);
    return { record, failed: true, ...(saved ? { saved } : {}), stats };
  }

  // -- the harness failed ------------------------------------------------------------------------
  if (broken) {
    let scenario = broken.scenario;
    try {
      scenario ??= prop.scenario(broken.input);
    } catch {
      // No input to show (the property threw before a run): the seed's first input.
    }
    scenario ??= prop.scenario(fc.sample(prop.arbitrary, { seed: budget.seed, numRuns: 1 })[0]);
    const record = checkRecord(scenario, deps.engine, {
      predicted: { steps: broken.predicted ?? [] },
      verdict: { verdict: 'error', detail: `${broken.message} (seed ${budget.seed}${broken.runPath !== undefined ? `, path ${broken.runPath}` : ', while shrinking'})` },
      durationMs: Date.now() - started,
    }, { fuzz: { ...fuzzBase, ...(broken.runPath !== undefined ? { path: broken.runPath } : {}), counterexample: broken.input, ...quirksField } });
    return { record, failed: true, stats };
  }

  const tail = `${searchDone} runs, ${checks} checks, ${seconds.toFixed(1)} s${details.interrupted ? ' (time budget reached)' : ''}`;

  // -- only deviations that baselined quirks explain ----------------------------------------------
  const firstHit = hitNames[0] !== undefined ? hits.get(hitNames[0])! : undefined;
  if (firstHit) {
    const reduced = reduceScenario(id, firstHit.obs.scenario, [firstHit.step]);
    const predicted = { steps: predictSteps(id, reduced.scenario) };
    const observed = { steps: reduced.keep.map((i) => firstHit.obs.observed[i]!) };
    const met = [...hitsByFuzzing].sort();
    const how = `${probed.length ? `confirmed by their probes: ${probed.join(', ')}` : ''}${probed.length && met.length ? '; ' : ''}${met.length ? `met by the random inputs: ${met.join(', ')}` : ''}`;
    const verdict: Verdict = { ...compareOutcomes(predicted, observed), detail: `every mismatch is a baselined quirk (${how}) (${tail})` };
    const record = checkRecord(reduced.scenario, deps.engine, { predicted, observed, verdict, durationMs: Date.now() - started }, {
      fuzz: { ...fuzzBase, ...(firstHit.obs.runPath !== undefined ? { path: firstHit.obs.runPath } : {}), quirk: hitNames[0]!, ...quirksField },
    });
    log(`${tag} done: ${tail}; deviations only through baselined quirks: ${hitNames.join(', ')}`);
    return { record, failed: false, stats };
  }

  // -- pass -------------------------------------------------------------------------------------------
  const shown = first ? capScenario(id, first) : undefined;
  const scenario = shown?.scenario ?? prop.scenario(fc.sample(prop.arbitrary, { seed: budget.seed, numRuns: 1 })[0]);
  const record = checkRecord(scenario, deps.engine, {
    predicted: { steps: shown?.predicted ?? predictSteps(id, scenario) },
    ...(shown ? { observed: { steps: shown.observed } } : {}),
    verdict: { verdict: 'pass', detail: `${tail}${shown?.note ?? ''}` },
    durationMs: Date.now() - started,
  }, { fuzz: { ...fuzzBase, ...(replay && budget.path !== undefined ? { path: budget.path } : {}) } });
  log(`${tag} done: ${tail}: pass`);
  return { record, failed: false, stats };
}

/** The property's own observation of the reduced counterexample, when its replay as a scenario did not deviate. */
function propertyObservation(reduced: { scenario: Scenario; keep: number[] }, obs: RunObservation, replay: LoopResult, durationMs: number): LoopResult {
  const predicted = { steps: reduced.keep.map((i) => obs.predicted[i]!) };
  const observed = { steps: reduced.keep.map((i) => obs.observed[i]!) };
  const verdict = compareOutcomes(predicted, observed);
  const why = replay.verdict.verdict === 'error' ? `its replay as a scenario failed in the harness: ${replay.verdict.detail}` : 'it did not reproduce when replayed as a scenario (flaky?)';
  return { predicted, observed, verdict: { ...verdict, detail: `seen while fuzzing; ${why}` }, durationMs };
}

/** The first run's scenario for a passing record, with at most a few lookups. */
function capScenario(id: PropertyId, obs: RunObservation): { scenario: Scenario; predicted: StepResult[]; observed: StepResult[]; note: string } {
  if (id !== 'url-match' && id !== 'cache-match') return { scenario: obs.scenario, predicted: obs.predicted, observed: obs.observed, note: '; the scenario shown is the first generated case' };
  const lookups = obs.scenario.steps.flatMap((s, i) => (id === 'url-match' ? s.do === 'getRegistration' : isCacheQueryStep(s)) ? [i] : []);
  const shown = lookups.slice(0, PASS_SCENARIO_LOOKUPS);
  const { scenario, keep } = reduceScenario(id, obs.scenario, shown);
  return {
    scenario,
    note: `; the scenario shown is the first generated case with ${shown.length} of its ${lookups.length} lookups`,
    predicted: keep.map((i) => obs.predicted[i]!),
    observed: keep.map((i) => obs.observed[i]!),
  };
}

function describeDiff(diff: DiffEntry[]): string[] {
  return diff.slice(0, 10).map((d) => `${d.path}: model ${JSON.stringify(d.predicted)} ≠ engine ${JSON.stringify(d.observed)}`);
}

function saveRegression(id: PropertyId, deps: FuzzDeps, budget: FuzzBudget, path: string | undefined, scenario: Scenario, dir: string, log: (l: string) => void, tag: string): string | undefined {
  const file: RegressionFile = regressionFile(id, { engine: deps.engine, engineVersion: deps.engineVersion ?? 'unknown', seed: budget.seed, ...(path !== undefined ? { path } : {}) }, scenario);
  const name = `${file.scenario.id.slice('fuzz/'.length)}.json`;
  try {
    mkdirSync(dir, { recursive: true });
    const target = join(dir, name);
    writeFileSync(target, `${JSON.stringify(file, null, 2)}\n`);
    log(`${tag} saved the counterexample as ${target}`);
    return target;
  } catch (e) {
    log(`${tag} could not save the counterexample: ${(e as Error).message}`);
    return undefined;
  }
}
