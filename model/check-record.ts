// What one check in one engine produces. The harness attaches it to the Playwright test result
// as JSON (attachment name CHECK_ATTACHMENT); the conformance reporter collects these into
// conformance.json. Types only: shared by harness (suites/) and reporter (reports/).
import type { Area, Engine, ExplainerClaim, Outcome, Scenario, Verdict } from './scenario.js';

export const CHECK_ATTACHMENT = 'sw-conformance-check';

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
  fuzz?: { seed: number; path?: string; runs: number; counterexample?: unknown; quirk?: string; quirks?: string[] };
  durationMs: number;
}
