// The baseline's rewrite behind `--update-baseline` and its canonical serialization. Its types and
// its one parser are the contract's (contract/baseline.ts); the gate is reports/gate.ts.
import { BaselineIndex, DEFAULT_FLAKY_VERDICTS, TRIAGE_REASON, type Baseline, type BaselineCheckEntry, type BaselineQuirkEntry, type BaselineRef, type VerdictKind } from '../contract/index.js';
import { gate, gateInputsOf, verdictsSeen } from './gate.js';
import type { ConformanceReport } from './types.js';

export { BaselineError, BaselineIndex, emptyBaseline, loadBaseline, validateBaseline } from '../contract/index.js';

const VERDICT_ORDER: VerdictKind[] = ['pass', 'deviation', 'unsupported', 'error'];

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Deterministic order: checks by (check, engine), quirks by (quirk, engine); keys in a fixed order. */
export function normalizeBaseline(b: Baseline): Baseline {
  const checks = [...b.checks]
    .sort((x, y) => compareStrings(x.check, y.check) || compareStrings(x.engine, y.engine))
    .map((e) => ({
      check: e.check,
      engine: e.engine,
      ...(e.expect === 'error' || e.expect === 'flaky' ? { expect: e.expect } : {}),
      ...(e.expect === 'flaky' && e.verdicts ? { verdicts: VERDICT_ORDER.filter((v) => e.verdicts!.includes(v)) } : {}),
      reason: e.reason,
      ...(e.link !== undefined ? { link: e.link } : {}),
    }));
  const quirks = [...b.quirks]
    .sort((x, y) => compareStrings(x.quirk, y.quirk) || compareStrings(x.engine, y.engine))
    .map((e) => ({ quirk: e.quirk, engine: e.engine, reason: e.reason, ...(e.link !== undefined ? { link: e.link } : {}) }));
  return { checks, quirks };
}

export function serializeBaseline(b: Baseline): string {
  return JSON.stringify(normalizeBaseline(b), null, 2) + '\n';
}

export interface BaselineUpdate {
  baseline: Baseline;
  added: BaselineRef[];
  removed: BaselineRef[];
}

/**
 * The baseline for which the gate passes on this run (reports/gate.ts decides; this only writes
 * what it asks for): a flaky result becomes an `expect: "flaky"` entry listing the verdicts seen, a regression becomes an entry (a harness error one that says `expect:
 * "error"`; a fuzz deviation named by a quirk, that quirk), a stale entry is dropped, a quirk the
 * report calls stale is dropped, and entries about checks that did not run stay. Reasons and
 * links of entries that remain are kept; new entries get "TODO: triage". Throws if the result
 * would still not pass (a bug here, never a silent half-update).
 */
export function updateBaseline(old: Baseline, report: ConformanceReport): BaselineUpdate {
  const index = new BaselineIndex(old);
  const inputs = gateInputsOf(report);
  const { judged } = gate(inputs, index, { completeRun: false, otherFailures: [] });
  const checks = new Map<string, BaselineCheckEntry>(old.checks.map((e) => [`${e.engine}\u0000${e.check}`, e]));
  const quirks = new Map<string, BaselineQuirkEntry>(old.quirks.map((e) => [`${e.engine}\u0000${e.quirk}`, e]));
  for (const r of inputs) {
    const k = `${r.engine}\u0000${r.check}`;
    const j = judged.get(k)!;
    if (j.gate === 'stale') checks.delete(k);
    const seen = verdictsSeen(r);
    const known = checks.get(k);
    if (j.gate === 'flaky' || (j.gate === 'regression' && known?.expect === 'flaky')) {
      // Known flaky now, among every verdict seen (and those the entry already allowed).
      const allowed = new Set([...(known?.expect === 'flaky' ? (known.verdicts ?? DEFAULT_FLAKY_VERDICTS) : []), ...seen]);
      checks.set(k, { check: r.check, engine: r.engine, expect: 'flaky', verdicts: VERDICT_ORDER.filter((v) => allowed.has(v)), reason: known?.expect === 'flaky' ? known.reason : TRIAGE_REASON, ...(known?.expect === 'flaky' && known.link ? { link: known.link } : {}) });
      continue;
    }
    if (j.gate !== 'regression') continue;
    const quirk = r.fuzz?.quirk;
    if (r.verdict === 'error') checks.set(k, { check: r.check, engine: r.engine, expect: 'error', reason: TRIAGE_REASON });
    else if (quirk !== undefined && !checks.has(k)) quirks.set(`${r.engine}\u0000${quirk}`, { quirk, engine: r.engine, reason: TRIAGE_REASON });
    else checks.set(k, { check: r.check, engine: r.engine, reason: TRIAGE_REASON });
  }
  for (const q of report.gate.staleQuirks) quirks.delete(`${q.engine}\u0000${q.quirk ?? ''}`);
  const baseline = normalizeBaseline({ checks: [...checks.values()], quirks: [...quirks.values()] });
  const after = gate(inputs, new BaselineIndex(baseline), { completeRun: false, otherFailures: [] }).report;
  if (after.regressions.length || after.stale.length || after.flaky?.length) throw new Error(`updateBaseline: the rewritten baseline still fails the gate (${[...after.regressions, ...after.stale, ...(after.flaky ?? [])].map((i) => `${i.check} [${i.engine}]`).join(', ')})`);
  const key = (r: BaselineRef) => JSON.stringify(r);
  const oldRefs = new Set(index.allRefs().map(key));
  const newRefs = new BaselineIndex(baseline).allRefs();
  const newKeys = new Set(newRefs.map(key));
  return { baseline, added: newRefs.filter((r) => !oldRefs.has(key(r))), removed: index.allRefs().filter((r) => !newKeys.has(key(r))) };
}
