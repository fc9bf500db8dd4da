// Verdict per check and engine, and the record of one check in one engine (DESIGN.md).
import type { Area, Engine, ExplainerClaim, ProposalCheck, Scenario } from './scenario.js';
import type { Outcome } from './outcome.js';

export type VerdictKind = 'pass' | 'deviation' | 'unsupported' | 'error';

/** One difference. A side that has no value at `path` is marked absent (never shown as null). */
export interface DiffEntry {
  /** JSON path into the outcome, e.g. "steps[2].scope". */
  path: string;
  predicted?: unknown;
  /** The prediction has no such field (e.g. an error only the engine reported). */
  predictedAbsent?: true;
  observed?: unknown;
  /** The observation has no such field. */
  observedAbsent?: true;
}

export interface Verdict {
  verdict: VerdictKind;
  diff?: DiffEntry[];
  /** For unsupported: which feature; for error: what failed in the harness. */
  detail?: string;
}


export const CHECK_ATTACHMENT = 'sw-conformance-check';

/** The test annotation that carries a check's id, set when the test is defined (suites/harness/define.ts); the reporter reads it. */
export const CHECK_ANNOTATION = 'check';

export interface CheckRecord {
  /** "<area>/<case>". */
  id: string;
  area: Area;
  title: string;
  spec: string[];
  explainer?: ExplainerClaim;
  engine: Engine;
  /** The scenario with origins abstracted ("{a}/…"), i.e. the minimal scenario to reproduce. */
  scenario: Scenario;
  predicted: Outcome;
  /** Absent when the harness failed before observing anything. */
  observed?: Outcome;
  verdict: Verdict;
  /**
   * Fuzz checks: the fast-check seed and path that reproduce the run. `quirk` names the known
   * engine quirk that explains this record's counterexample (gated as expected when the baseline
   * lists it for the engine); `quirks` lists every baselined quirk whose deviations the run met
   * and set aside (one run can meet several), so none of them is reported stale.
   */
  fuzz?: { seed: number; path?: string; runs: number; counterexample?: unknown; quirk?: string; quirks?: string[]; covers?: string[] };
  /** Area "proposals": the design the check exercises (model/proposals/record.ts builds it from scenario.proposal). */
  proposal?: ProposalRecord;
  durationMs: number;
}

/** A proposals check's design, as the report's per-design rows show it. */
export interface ProposalRecord extends ProposalCheck {
  /** The design's title and its lines in ../shared/seeds/000_d8eb3ac6ef5d1746.txt. */
  title: string;
  seedLines: string;
  /** The design's model in one sentence (model/proposals/). */
  model: string;
  /**
   * Native checks: why the engine's own API is expected to be absent — the design's summary, the
   * names probed and the design's history (model/proposals/history.ts).
   */
  native?: { summary: string; probes: string[]; history: { date: string; what: string; source: string; unsure?: boolean }[] };
}
