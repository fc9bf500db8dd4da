// The one gate: results × baseline → how each result is judged and whether the run passes. The
// reporter calls it at the end of a run (and of a merge), the CLI's exit code reads its status,
// `--update-baseline` writes the baseline for which it passes and checks that it does. Pure.
import { DEFAULT_FLAKY_VERDICTS, TRIAGE_REASON, type Area, type BaselineIndex, type BaselineRef, type Engine, type VerdictKind } from '../contract/index.js';
import type { BaselineHygiene, GateItem, GateReport, GateStatus, OtherFailure } from './types.js';

/** What the gate needs of one check's result in one engine. */
export interface GateInput {
  check: string;
  area: Area;
  engine: Engine;
  verdict: VerdictKind;
  detail?: string;
  /**
   * Fuzz records: the quirk that names the counterexample, every baselined quirk the run set
   * aside, and the baselined quirks whose probes it replayed (those it could confirm).
   */
  fuzz?: { quirk?: string; quirks?: string[]; covers?: string[] };
  /**
   * Every verdict seen, in run order (repeats with --repeat N, then retries), when the check ran
   * more than once; `verdict` is the worst of them. Two different ones make the result flaky.
   */
  verdicts?: VerdictKind[];
}

/** The distinct verdicts of a result, in order of first appearance. */
export function verdictsSeen(result: Pick<GateInput, 'verdict' | 'verdicts'>): VerdictKind[] {
  return [...new Set(result.verdicts?.length ? result.verdicts : [result.verdict])];
}

/** How often the verdict changed from one run of the check to the next. */
export function flipCount(verdicts: readonly VerdictKind[]): number {
  let flips = 0;
  for (let i = 1; i < verdicts.length; i++) if (verdicts[i] !== verdicts[i - 1]) flips++;
  return flips;
}

export interface Judgement {
  gate: GateStatus;
  ref?: BaselineRef;
  /** Why a result with a baseline entry is still a regression (an error where the entry expects a deviation, or the reverse). */
  why?: string;
}

/**
 * One result against the baseline.
 *  - a result whose verdict changed between runs (flaky) is expected only when a check entry says
 *    `expect: "flaky"` and allows every verdict seen; otherwise it is "flaky" and fails the run.
 *    A flaky entry is never stale (a check that flips 1 time in 60 often does not flip at all),
 *    and a verdict it does not allow (a harness error, unless listed) is a regression.
 *  - deviation: expected when a check entry expects a deviation, or a quirk entry names the record's quirk.
 *  - error: the harness failed, so the browser was not judged. Expected only when a check entry
 *    says `expect: "error"`; a deviation entry never excuses it.
 *  - pass / unsupported: stale when a check entry lists it (the baseline must be updated), else ok.
 */
export function judge(result: GateInput, baseline: BaselineIndex): Judgement {
  const byCheck = baseline.check(result.check, result.engine);
  const expects = byCheck?.expect ?? 'deviation';
  const seen = verdictsSeen(result);
  if (expects === 'flaky') {
    const allowed = byCheck!.verdicts ?? DEFAULT_FLAKY_VERDICTS;
    const outside = seen.filter((v) => !allowed.includes(v));
    if (!outside.length) return { gate: 'expected', ref: byCheck! };
    return { gate: 'regression', ref: byCheck!, why: `${outside.join(', ')}, which the flaky entry does not allow (it allows ${allowed.join(', ')})` };
  }
  if (seen.length > 1) {
    return { gate: 'flaky', ...(byCheck ? { ref: byCheck } : {}), why: `verdict changed between runs (${seen.join(', ')}; ${flipCount(result.verdicts ?? [])} flip(s)); the baseline does not list it as known flaky` };
  }
  switch (result.verdict) {
    case 'deviation': {
      if (byCheck && expects === 'deviation') return { gate: 'expected', ref: byCheck };
      const quirk = result.fuzz?.quirk;
      const byQuirk = quirk !== undefined ? baseline.quirk(quirk, result.engine) : undefined;
      if (byQuirk) return { gate: 'expected', ref: byQuirk };
      if (byCheck) return { gate: 'regression', ref: byCheck, why: 'a deviation, but the baseline expects a harness error' };
      return { gate: 'regression' };
    }
    case 'error':
      if (byCheck && expects === 'error') return { gate: 'expected', ref: byCheck };
      if (byCheck) return { gate: 'regression', ref: byCheck, why: 'a harness error, but the baseline expects a deviation (an error is never an expected deviation)' };
      return { gate: 'regression' };
    case 'pass':
    case 'unsupported':
      return byCheck ? { gate: 'stale', ref: byCheck } : { gate: 'ok' };
  }
}

/**
 * The baseline entry of a check whose test is expected to fail (a listed deviation or error), as
 * a hint for the test runner before it runs; the verdict is still judged by `judge`.
 */
export function knownFailure(check: string, engine: Engine, baseline: BaselineIndex): BaselineRef | undefined {
  const ref = baseline.check(check, engine);
  // A known flaky check may pass or fail: no hint either way.
  return ref?.expect === 'flaky' ? undefined : ref;
}

export interface GateContext {
  /** The run covered every test of the config: only then can a quirk no record reported be called stale. */
  completeRun: boolean;
  /** Failures no baseline can excuse (tests without a check, global errors, an interrupted run). */
  otherFailures: OtherFailure[];
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const key = (check: string, engine: string): string => `${engine}\u0000${check}`;

/** Judge every result and decide the run. `judged` is keyed by engine + "\0" + check id. */
export function gate(results: readonly GateInput[], baseline: BaselineIndex, context: GateContext): { report: GateReport; judged: Map<string, Judgement> } {
  const judged = new Map<string, Judgement>();
  const counts = { ok: 0, expected: 0, regression: 0, stale: 0, flaky: 0 };
  const regressions: GateItem[] = [];
  const stale: GateItem[] = [];
  const flaky: GateItem[] = [];
  const ran = new Set<string>();
  const quirksSeen = new Set<string>();
  const quirksCovered = new Set<string>();
  const fuzzEngines = new Set<Engine>();
  let coversKnown = false;
  for (const r of results) {
    const j = judge(r, baseline);
    judged.set(key(r.check, r.engine), j);
    ran.add(key(r.check, r.engine));
    counts[j.gate]++;
    if (r.area === 'fuzz') fuzzEngines.add(r.engine);
    if (r.fuzz?.covers !== undefined) {
      coversKnown = true;
      for (const q of r.fuzz.covers) quirksCovered.add(key(q, r.engine));
    }
    if (r.fuzz && (r.verdict === 'deviation' || r.verdict === 'error')) {
      for (const q of [...(r.fuzz.quirk !== undefined ? [r.fuzz.quirk] : []), ...(r.fuzz.quirks ?? [])]) quirksSeen.add(key(q, r.engine));
    }
    const detail = [r.detail, j.why].filter((x) => x !== undefined).join('; ');
    const runs = r.verdicts && r.verdicts.length > 1 ? { verdicts: r.verdicts } : {};
    const item: GateItem = { check: r.check, engine: r.engine, verdict: r.verdict, ...runs, ...(detail ? { detail } : {}), ...(j.ref ? { baseline: j.ref } : {}) };
    if (j.gate === 'regression') regressions.push(item);
    if (j.gate === 'stale') stale.push(item);
    if (j.gate === 'flaky') flaky.push(item);
  }
  // Baseline entries this run says nothing about, and quirks nobody reported.
  const staleQuirks: BaselineRef[] = [];
  const unverified: BaselineRef[] = [];
  for (const ref of baseline.allRefs()) {
    if (ref.check !== undefined) {
      if (!ran.has(key(ref.check, ref.engine))) unverified.push(ref);
    } else if (ref.quirk !== undefined && !quirksSeen.has(key(ref.quirk, ref.engine))) {
      // Stale only where a run could have met it: its property's probes ran on that engine (a
      // --grep of one property says nothing about another's quirks). Records from before
      // `covers` fall back to "the whole suite ran".
      const couldMeet = coversKnown ? quirksCovered.has(key(ref.quirk, ref.engine)) : context.completeRun && fuzzEngines.has(ref.engine);
      if (couldMeet) staleQuirks.push(ref);
      else unverified.push(ref);
    }
  }
  const needsTriage: BaselineHygiene[] = [];
  for (const ref of baseline.allRefs()) {
    const problems: BaselineHygiene['problems'] = [...(ref.link === undefined ? (['no link'] as const) : []), ...(ref.reason.trim() === TRIAGE_REASON ? (['TODO: triage'] as const) : [])];
    if (problems.length) needsTriage.push({ entry: ref, problems });
  }
  const byItem = (a: GateItem, b: GateItem) => cmp(a.check, b.check) || cmp(a.engine, b.engine);
  const byRef = (a: BaselineRef, b: BaselineRef) => cmp(a.check ?? '', b.check ?? '') || cmp(a.quirk ?? '', b.quirk ?? '') || cmp(a.engine, b.engine);
  const other = [...context.otherFailures].sort((a, b) => cmp(a.project, b.project) || cmp(a.title, b.title) || cmp(a.message, b.message));
  const report: GateReport = {
    status: regressions.length || stale.length || flaky.length || staleQuirks.length || other.length ? 'fail' : 'pass',
    counts,
    regressions: regressions.sort(byItem),
    stale: stale.sort(byItem),
    flaky: flaky.sort(byItem),
    staleQuirks: staleQuirks.sort(byRef),
    unverified: unverified.sort(byRef),
    needsTriage: needsTriage.sort((a, b) => byRef(a.entry, b.entry)),
    otherFailures: other,
  };
  return { report, judged };
}

/** The gate's inputs as a report records them (for --update-baseline and --merge). */
export function gateInputsOf(report: { checks: { id: string; area: Area; results: Partial<Record<Engine, { verdict: VerdictKind; detail?: string; fuzz?: GateInput['fuzz']; runs?: { verdicts: VerdictKind[] } }>> }[] }): GateInput[] {
  const out: GateInput[] = [];
  for (const c of report.checks) {
    for (const [engine, r] of Object.entries(c.results) as [Engine, NonNullable<(typeof c.results)[Engine]>][]) {
      out.push({ check: c.id, area: c.area, engine, verdict: r.verdict, ...(r.detail !== undefined ? { detail: r.detail } : {}), ...(r.fuzz ? { fuzz: r.fuzz } : {}), ...(r.runs ? { verdicts: r.runs.verdicts } : {}) });
    }
  }
  return out;
}
