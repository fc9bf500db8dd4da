// Collected tests + baseline → ConformanceReport. Pure: no I/O, no clock, no Playwright objects;
// the same inputs always give the same report (a sharded-and-merged run equals an unsharded one
// except for `run`).
import type { Area, Engine, VerdictKind } from '../contract/index.js';
import { AREAS, ENGINES, isEngine, type BaselineIndex } from '../contract/index.js';
import { flipCount, gate as gateRun, type GateInput } from './gate.js';
import { errorRecord, type CollectedTest, type EngineAttachment, type PartialRecord } from './collect.js';
import type {
  AreaSummary,
  CheckEntry,
  CheckResult,
  ConformanceReport,
  EngineRun,
  FuzzSeed,
  LateEventsItem,
  OtherFailure,
  ReportDiffEntry,
  RunMetadata,
  VerdictCounts,
} from './types.js';

export interface BuildInput {
  tests: CollectedTest[];
  /** Errors outside any test (onError), already formatted. */
  globalErrors: string[];
  /** Engine information attached by the harness, per project. */
  engineInfo: Map<string, EngineAttachment>;
  baseline: BaselineIndex;
  run: Omit<RunMetadata, 'fuzzSeeds' | 'projects'>;
  /**
   * The run covered every test of the config (no shard of a larger run, no --grep): only then can
   * a quirk entry that no fuzz record reported be called stale.
   */
  completeRun: boolean;
}

interface Observation {
  record: PartialRecord;
  project: string;
  testId: string;
  /** --repeat-each index (0 for a single run): orders the runs of one check. */
  repeat: number;
  /** The verdicts of this test's attempts (retries), the final one last. */
  verdicts: VerdictKind[];
}

const SEVERITY: Record<VerdictKind, number> = { error: 3, deviation: 2, unsupported: 1, pass: 0 };

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function firstLine(s: string | undefined, fallback: string): string {
  const line = (s ?? '').split('\n').find((l) => l.trim() !== '');
  return line ? line.trim() : fallback;
}

/** Turn each test into observations (records, or error records standing in for missing ones) and other failures. */
export function observe(tests: CollectedTest[], runStatus: RunMetadata['playwrightStatus']): { observations: Observation[]; other: OtherFailure[] } {
  const observations: Observation[] = [];
  const other: OtherFailure[] = [];
  for (const t of tests) {
    const failed = t.status === 'failed' || t.status === 'timedOut' || t.status === 'interrupted';
    if (t.records.length) {
      for (const record of t.records) {
        let r = record;
        if (failed && (record.verdict.verdict === 'pass' || record.verdict.verdict === 'unsupported')) {
          // The browser matched the model, but the test failed afterwards: the harness's failure.
          r = {
            ...record,
            verdict: { verdict: 'error', detail: `the test ${t.status === 'timedOut' ? 'timed out' : 'failed'} after recording "${record.verdict.verdict}": ${firstLine(t.error, t.status)}` },
          };
        }
        // Earlier attempts as they were recorded, the final one as judged here.
        const attempts = (t.attemptVerdicts[record.id] ?? []).slice(0, -1) as VerdictKind[];
        observations.push({ record: r, project: t.project, testId: t.testId, repeat: t.repeatEachIndex ?? 0, verdicts: [...attempts, r.verdict.verdict] });
      }
      continue;
    }
    const id = t.checkId;
    const engine = isEngine(t.project) ? t.project : undefined;
    let detail: string | undefined;
    if (t.badRecords.length) detail = t.badRecords.join('; ');
    else if (failed) detail = `${t.status === 'timedOut' ? 'timed out' : 'failed'} without a check record: ${firstLine(t.error, t.status)}`;
    else if (t.status === 'skipped' && !t.skippedOnPurpose) detail = `did not run: ${firstLine(t.error, 'skipped after an earlier failure in its worker')}`;
    else if (t.status === 'notRun' && !t.skippedOnPurpose && (runStatus === 'interrupted' || runStatus === 'timedout')) detail = `did not run: the run was ${runStatus}`;
    if (detail === undefined) continue; // passed or skipped on purpose: nothing to report
    if (id && engine) {
      observations.push({ record: errorRecord(id, engine, t.title, detail), project: t.project, testId: t.testId, repeat: t.repeatEachIndex ?? 0, verdicts: ['error'] });
    } else if (t.outcome === 'unexpected' || t.badRecords.length) {
      other.push({ project: t.project, title: t.location, message: firstLine(t.error, detail) });
    }
  }
  return { observations, other };
}

function counts(): VerdictCounts {
  return { pass: 0, deviation: 0, unsupported: 0, error: 0 };
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export function buildReport(input: BuildInput): ConformanceReport {
  const { observations, other } = observe(input.tests, input.run.playwrightStatus);
  for (const message of input.globalErrors) other.push({ project: '', title: '(outside any test)', message });
  if (input.run.playwrightStatus === 'interrupted' || input.run.playwrightStatus === 'timedout') {
    other.push({ project: '', title: '(run)', message: `the run was ${input.run.playwrightStatus}` });
  }

  // Group by check id, then engine; the worst verdict wins when several tests report the same pair.
  const byCheck = new Map<string, Map<Engine, Observation[]>>();
  for (const o of observations) {
    let m = byCheck.get(o.record.id);
    if (!m) byCheck.set(o.record.id, (m = new Map()));
    const list = m.get(o.record.engine) ?? [];
    list.push(o);
    m.set(o.record.engine, list);
  }

  const engineProjects = new Map<Engine, string>();
  const checks: CheckEntry[] = [];
  const fuzzSeeds: FuzzSeed[] = [];
  const gateInputs: GateInput[] = [];

  for (const id of [...byCheck.keys()].sort(cmp)) {
    const perEngine = byCheck.get(id)!;
    const chosen = new Map<Engine, { obs: Observation; verdicts: VerdictKind[] }>();
    for (const engine of ENGINES) {
      const list = perEngine.get(engine);
      if (!list?.length) continue;
      const sorted = [...list].sort((a, b) => SEVERITY[b.record.verdict.verdict] - SEVERITY[a.record.verdict.verdict] || cmp(a.testId, b.testId));
      // Every run in order (repetitions, then each one's retries): the verdicts seen and their flips.
      const inOrder = [...list].sort((a, b) => a.repeat - b.repeat || cmp(a.testId, b.testId));
      chosen.set(engine, { obs: sorted[0]!, verdicts: inOrder.flatMap((o) => o.verdicts) });
    }
    // Check-level fields come from the first engine (in ENGINE order) with a full record.
    const all = [...chosen.values()].map((c) => c.obs.record);
    const canonical = all.find((r) => r.scenario && r.predicted) ?? all[0]!;
    const entry: CheckEntry = {
      id,
      area: canonical.area,
      title: canonical.title,
      spec: canonical.spec,
      ...(canonical.explainer ? { explainer: canonical.explainer } : {}),
      ...(canonical.proposal ? { proposal: canonical.proposal } : {}),
      ...(canonical.scenario ? { scenario: canonical.scenario } : {}),
      ...(canonical.predicted ? { predicted: canonical.predicted } : {}),
      results: {},
    };
    for (const [engine, { obs, verdicts }] of chosen) {
      const r = obs.record;
      if (!engineProjects.has(engine)) engineProjects.set(engine, obs.project);
      const many = verdicts.length > 1;
      const flaky = new Set(verdicts).size > 1;
      gateInputs.push({ check: id, area: r.area, engine, verdict: r.verdict.verdict, ...(r.verdict.detail !== undefined ? { detail: r.verdict.detail } : {}), ...(r.fuzz ? { fuzz: r.fuzz } : {}), ...(many ? { verdicts } : {}) });
      const result: CheckResult = {
        verdict: r.verdict.verdict,
        ...(r.verdict.detail !== undefined ? { detail: r.verdict.detail } : {}),
        ...(r.verdict.diff ? { diff: r.verdict.diff as ReportDiffEntry[] } : {}),
        ...(r.observed ? { observed: r.observed } : {}),
        ...(r.scenario && entry.scenario && !same(r.scenario, entry.scenario) ? { scenario: r.scenario } : {}),
        ...(r.predicted && entry.predicted && !same(r.predicted, entry.predicted) ? { predicted: r.predicted } : {}),
        ...(r.fuzz ? { fuzz: r.fuzz } : {}),
        gate: 'ok', // judged below, once, by the gate
        ...(flaky ? { flaky: true } : {}),
        ...(many ? { runs: { verdicts, flips: flipCount(verdicts) } } : {}),
        durationMs: r.durationMs,
      };
      entry.results[engine] = result;
      if (r.fuzz) {
        fuzzSeeds.push({ check: id, engine, seed: r.fuzz.seed, ...(r.fuzz.path !== undefined ? { path: r.fuzz.path } : {}), runs: r.fuzz.runs });
      }
    }
    checks.push(entry);
  }

  // The one gate judges every result.
  const { report: gate, judged } = gateRun(gateInputs, input.baseline, { completeRun: input.completeRun, otherFailures: other });
  for (const c of checks) {
    for (const [engine, result] of Object.entries(c.results) as [Engine, CheckResult][]) {
      const j = judged.get(`${engine}\u0000${c.id}`)!;
      result.gate = j.gate;
      if (j.ref) result.baseline = j.ref;
    }
  }

  // Engines: the harness's attachment when there is one, otherwise what the project says.
  const engines: Partial<Record<Engine, EngineRun>> = {};
  for (const engine of ENGINES) {
    const project = engineProjects.get(engine);
    if (project === undefined) continue;
    const info = input.engineInfo.get(project);
    engines[engine] = {
      project,
      version: info?.version ?? null,
      driver: info?.driver ?? null,
      ...(info?.executable !== undefined ? { executable: info.executable } : {}),
    };
  }

  const summary: AreaSummary[] = AREAS.map((area: Area) => {
    const row: AreaSummary = { area, engines: {} };
    for (const engine of ENGINES) if (engines[engine]) row.engines[engine] = counts();
    return row;
  });
  for (const c of checks) {
    const row = summary.find((s) => s.area === c.area)!;
    for (const engine of ENGINES) {
      const r = c.results[engine];
      if (r) row.engines[engine]![r.verdict]++;
    }
  }

  const projects = [...new Set(input.tests.map((t) => t.project))].sort(cmp);
  const lateItems = lateEventItems(checks);
  fuzzSeeds.sort((a, b) => cmp(a.check, b.check) || cmp(a.engine, b.engine));
  return {
    format: 'sw-conformance-report/1',
    run: { ...input.run, projects, fuzzSeeds },
    engines,
    summary,
    checks,
    lateEvents: { results: lateItems.length, items: lateItems },
    gate,
  };
}

/** The results whose observation caught late events (Outcome.lateEvents), in check and engine order. */
export function lateEventItems(checks: CheckEntry[]): LateEventsItem[] {
  const items: LateEventsItem[] = [];
  for (const c of checks) {
    for (const engine of ENGINES) {
      const r = c.results[engine];
      const n = r?.observed?.lateEvents?.length ?? 0;
      if (r && n > 0) items.push({ check: c.id, engine, verdict: r.verdict, events: n });
    }
  }
  return items;
}
