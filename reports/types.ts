// The conformance report (reports/out/conformance.json) and the baseline (reports/baseline.json).
// reports/schemas/conformance.schema.json is generated from ConformanceReport by
// tools/schemas.ts (`npm run schemas`: typescript-json-schema with --required
// --noExtraProps --strictNullChecks); tools/test/schemas.test.ts fails when it is stale.
// Types only: no values in this file.
import type { ProposalRecord } from '../contract/index.js';
import type { Area, BaselineRef, DiffEntry, Engine, ExplainerClaim, Outcome, Scenario, VerdictKind } from '../contract/index.js';

// ---------------------------------------------------------------------------------------------
// Baseline: known deviations, in the spirit of wptrunner expectation metadata (only deviations
// are listed; everything else is expected to pass).

export type { Baseline, BaselineCheckEntry, BaselineQuirkEntry, BaselineRef } from '../contract/index.js';

/** How the baseline judged one result. */
export type GateStatus =
  /** pass / unsupported, and the baseline lists nothing for it. */
  | 'ok'
  /** deviation / error listed in the baseline (by check id or fuzz quirk). */
  | 'expected'
  /** deviation / error the baseline does not list: fails the run. */
  | 'regression'
  /** pass / unsupported although the baseline lists a deviation: fails the run until the baseline is updated. */
  | 'stale'
  /** The verdict changed between runs of the check (verify mode, retries) and the baseline does not list it as known flaky: fails the run. */
  | 'flaky';

// ---------------------------------------------------------------------------------------------
// The report.

export interface ConformanceReport {
  /** Format marker; bumped when the shape changes incompatibly. */
  format: 'sw-conformance-report/1';
  run: RunMetadata;
  /** The engines that produced results: name → version and how they were driven. */
  engines: Partial<Record<Engine, EngineRun>>;
  /** Counts per area and engine (the HTML matrix). */
  summary: AreaSummary[];
  /** Every check, sorted by id. */
  checks: CheckEntry[];
  /** Check × engine results whose observation caught late events. */
  lateEvents: LateEventsSummary;
  gate: GateReport;
}

/**
 * Results whose observation includes worker reports that reached the fixture server only after
 * the outcome was first read (Outcome.lateEvents: the end rule's late read, suites/harness/runner.ts
 * END_RULE). Many of them mean the end rule stops too early for that engine.
 */
export interface LateEventsSummary {
  /** How many check × engine results saw late events. */
  results: number;
  /** Those results, sorted by check id, then engine. */
  items: LateEventsItem[];
}

export interface LateEventsItem {
  check: string;
  engine: Engine;
  verdict: VerdictKind;
  /** How many late events (the events are in that result's observed.lateEvents). */
  events: number;
}

export interface RunMetadata {
  /** Unique per invocation (set by the CLI through SWC_RUN_ID, otherwise random). */
  id: string;
  /** When the report was written (ISO 8601). */
  date: string;
  /** When the run started (ISO 8601), as Playwright reports it. */
  startTime: string;
  durationMs: number;
  /** Verify mode: how many times each check ran per engine (--repeat N); absent for one run. */
  repeat?: number;
  /** "run": a plain `playwright test`; "merge": `playwright merge-reports` of blob reports. */
  mode: 'run' | 'merge';
  /** This run's shard (only in "run" mode with --shard). */
  shard: ShardInfo | null;
  /** "merge" mode: the blob reports merged (file names), e.g. one per shard. */
  mergedReports: string[] | null;
  /** Playwright's overall status before the gate. */
  playwrightStatus: 'passed' | 'failed' | 'timedout' | 'interrupted';
  playwrightVersion: string;
  /** HEAD of the working tree (or $GITHUB_SHA / $CI_COMMIT_SHA), null when unknown. */
  gitCommit: string | null;
  /** The baseline file used for gating, relative to the working directory. */
  baseline: string;
  /** Project names that ran. */
  projects: string[];
  /** Fuzz checks: seeds and paths that reproduce each run. */
  fuzzSeeds: FuzzSeed[];
}

export interface ShardInfo {
  current: number;
  total: number;
}

export interface FuzzSeed {
  check: string;
  engine: Engine;
  seed: number;
  path?: string;
  runs: number;
}

export interface EngineRun {
  /** The Playwright project that ran it. */
  project: string;
  /** Browser product version as reported by the browser, null when the harness did not say. */
  version: string | null;
  /** "playwright", "playwright-bidi", "webdriver-classic"; null when unknown. */
  driver: string | null;
  /** The browser executable ("bundled" for Playwright's own builds), when known. */
  executable?: string;
}

export interface VerdictCounts {
  pass: number;
  deviation: number;
  unsupported: number;
  error: number;
}

export interface AreaSummary {
  area: Area;
  engines: Partial<Record<Engine, VerdictCounts>>;
}

export interface CheckEntry {
  /** "<area>/<case>". */
  id: string;
  area: Area;
  title: string;
  /** Spec references. */
  spec: string[];
  /** The explainer's claim, where it made one. */
  explainer?: ExplainerClaim;
  /** Area "proposals": the design the check exercises (the per-design rows). */
  proposal?: ProposalRecord;
  /** The minimal scenario (origins abstracted). Absent only when no engine produced a record. */
  scenario?: Scenario;
  /** The model's prediction. Absent only when no engine produced a record. */
  predicted?: Outcome;
  /** Keyed by engine name. */
  results: Partial<Record<Engine, CheckResult>>;
}

export interface CheckResult {
  verdict: VerdictKind;
  /** For unsupported: the feature; for error: what failed in the harness. */
  detail?: string;
  diff?: ReportDiffEntry[];
  observed?: Outcome;
  /** Only when this engine's run had another scenario than the check's (a fuzz counterexample). */
  scenario?: Scenario;
  /** Only when this engine's prediction differs from the check's. */
  predicted?: Outcome;
  fuzz?: FuzzResult;
  gate: GateStatus;
  /** The baseline entry behind an "expected" or "stale" gate status. */
  baseline?: BaselineRef;
  /** Attempts disagreed (retries or --repeat-each). */
  flaky?: boolean;
  /** When the check ran more than once in this engine (--repeat N, retries): every verdict in run order and how often it changed. `verdict` is the worst. */
  runs?: RunsSeen;
  durationMs: number;
}

export interface RunsSeen {
  verdicts: VerdictKind[];
  /** Changes from one run to the next. */
  flips: number;
}

/**
 * The model's DiffEntry as it survives JSON: a side that is undefined (the field is absent from
 * that outcome) is omitted rather than null.
 */
export type ReportDiffEntry = DiffEntry;

export interface FuzzResult {
  seed: number;
  path?: string;
  runs: number;
  counterexample?: unknown;
  quirk?: string;
  /** Every baselined quirk the run met and set aside (see model/check-record.ts). */
  quirks?: string[];
  /**
   * The baselined quirks this run replayed the probes of (its property's, for its engine): the
   * quirks it could confirm. One of them it did not meet is stale; others it says nothing about.
   */
  covers?: string[];
}

export interface GateItem {
  check: string;
  engine: Engine;
  verdict: VerdictKind;
  /** Every verdict seen, in run order, when the check ran more than once. */
  verdicts?: VerdictKind[];
  detail?: string;
  baseline?: BaselineRef;
}

/** A failure the baseline cannot excuse: a test without a check id, a global error, an interrupted run. */
export interface OtherFailure {
  /** The Playwright project, "" for global errors. */
  project: string;
  title: string;
  message: string;
}

export interface BaselineHygiene {
  entry: BaselineRef;
  problems: Array<'no link' | 'TODO: triage'>;
}

export interface GateReport {
  /** "pass" when the run matches the baseline: no regression, nothing stale, no other failure. */
  status: 'pass' | 'fail';
  /** `flaky` is absent only in reports written before verify mode. */
  counts: { ok: number; expected: number; regression: number; stale: number; flaky?: number };
  regressions: GateItem[];
  /** Check results that pass although the baseline lists them. */
  stale: GateItem[];
  /** Results whose verdict changed between runs and that the baseline does not list as known flaky (absent only in reports written before verify mode). */
  flaky?: GateItem[];
  /** Quirk entries no fuzz record reported although the engine's fuzz checks ran. */
  staleQuirks: BaselineRef[];
  /** Baseline entries whose check (or, for quirks, the engine's fuzz checks) did not run. */
  unverified: BaselineRef[];
  /** Baseline hygiene: entries without a link, or whose reason is still "TODO: triage" (listed, never failing; absent in reports written before it). */
  needsTriage?: BaselineHygiene[];
  otherFailures: OtherFailure[];
}

// ---------------------------------------------------------------------------------------------
// History (`--history DIR`): one file per run, <DIR>/<date>-<run id>.json, written with the report.
// reports/schemas/history.schema.json is generated from HistoryEntry.

export interface HistoryEntry {
  format: 'sw-conformance-history/1';
  run: {
    id: string;
    /** When the report was written (ISO 8601): the order of the trend. */
    date: string;
    gitCommit: string | null;
    mode: 'run' | 'merge';
    /** --repeat N. */
    repeat?: number;
    /** The run did not cover every check (--grep, --project): its counts are not comparable with a whole run's. */
    partial: boolean;
  };
  /** The engines that ran and their versions. */
  engines: Partial<Record<Engine, { version: string | null }>>;
  /** Counts per area and engine, as in the report. */
  summary: AreaSummary[];
  /** Flaky results per engine (verify mode). */
  flaky: Partial<Record<Engine, number>>;
  gate: { status: 'pass' | 'fail'; counts: GateReport['counts'] };
}
