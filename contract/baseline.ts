// The baseline of known deviations (reports/baseline.json): its types and its one parser. The
// reporter's gate (reports/gate.ts), --update-baseline and the fuzz properties (which set aside
// what a baselined quirk explains) all read it through here. In the spirit of wptrunner
// expectation metadata: only deviations are listed; everything else is expected to pass.
import { readFileSync } from 'node:fs';
import { AREAS, ENGINES, type Engine } from './scenario.js';
import type { VerdictKind } from './verdict.js';
import { isCheckId } from './validate.js';

/**
 * A known deviation (or, with expect "error", a known harness error; with expect "flaky", a check
 * known to change its verdict between runs) of one check in one engine.
 */
export interface BaselineCheckEntry {
  /** Check id "<area>/<case>". */
  check: string;
  engine: Engine;
  /**
   * What the check is known to give: "deviation" (default) or "error". A harness error is never
   * an expected deviation: it fails the gate unless its entry says "error", with a reason.
   * "flaky": the verdict may change between runs (verify mode, `--repeat N`), among `verdicts`.
   */
  expect?: 'deviation' | 'error' | 'flaky';
  /**
   * expect "flaky" only: the verdicts the check may give (like wptrunner's list of expected
   * statuses), at least two; default ["pass", "deviation"]. A verdict outside it (say a harness
   * error) is still a regression: a flaky entry does not excuse everything.
   */
  verdicts?: VerdictKind[];
  /** Why this is expected; "TODO: triage" until someone looks at it. */
  reason: string;
  /** Bug tracker or spec issue. */
  link?: string;
}

/** A named fuzz quirk of one engine: any fuzz check whose record carries this quirk name deviates as expected. */
export interface BaselineQuirkEntry {
  quirk: string;
  engine: Engine;
  reason: string;
  link?: string;
}

export interface Baseline {
  checks: BaselineCheckEntry[];
  quirks: BaselineQuirkEntry[];
}

/** The baseline entry that made a result expected or stale. */
export interface BaselineRef {
  /** Set for check entries. */
  check?: string;
  /** Set for quirk entries. */
  quirk?: string;
  engine: Engine;
  /** Check entries: what the entry expects, when it is not the default "deviation". */
  expect?: 'error' | 'flaky';
  /** expect "flaky": the verdicts it allows (always given, the default filled in). */
  verdicts?: VerdictKind[];
  reason: string;
  link?: string;
}

export const TRIAGE_REASON = 'TODO: triage';

/** The verdicts a flaky entry allows when it does not list them. */
export const DEFAULT_FLAKY_VERDICTS: readonly VerdictKind[] = ['pass', 'deviation'];

const VERDICT_KINDS: readonly VerdictKind[] = ['pass', 'deviation', 'unsupported', 'error'];

export class BaselineError extends Error {
  override name = 'BaselineError';
}

export function emptyBaseline(): Baseline {
  return { checks: [], quirks: [] };
}

function describeEntry(list: string, index: number, entry: unknown): string {
  let shown: string;
  try {
    shown = JSON.stringify(entry);
  } catch {
    shown = String(entry);
  }
  if (shown.length > 160) shown = shown.slice(0, 157) + '...';
  return `${list}[${index}] ${shown}`;
}

function isPlainObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** Validate parsed JSON as a baseline; every problem names the entry (list, index, content). */
export function validateBaseline(data: unknown, file = 'baseline'): Baseline {
  const problems: string[] = [];
  if (!isPlainObject(data)) throw new BaselineError(`${file}: expected an object {"checks": [...], "quirks": [...]}`);
  for (const key of Object.keys(data)) {
    if (key !== 'checks' && key !== 'quirks' && key !== '$comment') problems.push(`unknown top-level key "${key}" (allowed: checks, quirks, $comment)`);
  }
  const lists = { checks: data.checks ?? [], quirks: data.quirks ?? [] };
  for (const [name, list] of Object.entries(lists)) {
    if (!Array.isArray(list)) problems.push(`"${name}" must be an array`);
  }
  if (problems.length) throw new BaselineError(`${file}: ${problems.join('; ')}`);

  const checks: BaselineCheckEntry[] = [];
  const quirks: BaselineQuirkEntry[] = [];
  const seen = new Map<string, string>();
  const entryProblems = (list: 'checks' | 'quirks', index: number, entry: unknown): string[] => {
    const idKey = list === 'checks' ? 'check' : 'quirk';
    const p: string[] = [];
    if (!isPlainObject(entry)) return ['must be an object'];
    for (const key of Object.keys(entry)) {
      const allowed = list === 'checks' ? [idKey, 'engine', 'expect', 'verdicts', 'reason', 'link'] : [idKey, 'engine', 'reason', 'link'];
      if (!allowed.includes(key)) p.push(`unknown key "${key}" (allowed: ${allowed.join(', ')})`);
    }
    const id = entry[idKey];
    if (typeof id !== 'string' || id === '') p.push(`"${idKey}" must be a non-empty string`);
    else if (list === 'checks' && !isCheckId(id)) p.push(`"check" must be "<area>/<case>" with area one of ${AREAS.join(', ')}`);
    if (!(ENGINES as readonly unknown[]).includes(entry.engine)) p.push(`"engine" must be one of ${ENGINES.join(', ')}`);
    if (entry.expect !== undefined && entry.expect !== 'deviation' && entry.expect !== 'error' && entry.expect !== 'flaky') p.push('"expect" must be "deviation" (the default), "error" or "flaky"');
    if (entry.verdicts !== undefined) {
      const v = entry.verdicts;
      if (entry.expect !== 'flaky') p.push('"verdicts" is only for entries with "expect": "flaky"');
      else if (!Array.isArray(v) || v.some((x) => !VERDICT_KINDS.includes(x as VerdictKind)) || new Set(v).size !== v.length || v.length < 2) {
        p.push(`"verdicts" must list at least two different verdicts of ${VERDICT_KINDS.join(', ')}`);
      }
    }
    if (typeof entry.reason !== 'string' || entry.reason.trim() === '') p.push('"reason" must be a non-empty string');
    if (entry.link !== undefined) {
      let ok = typeof entry.link === 'string';
      if (ok) {
        try {
          const u = new URL(entry.link as string);
          ok = u.protocol === 'https:' || u.protocol === 'http:';
        } catch {
          ok = false;
        }
      }
      if (!ok) p.push('"link" must be an http(s) URL');
    }
    if (!p.length) {
      const key = `${list}:${String(id)}:${String(entry.engine)}`;
      const first = seen.get(key);
      if (first) p.push(`duplicates ${first}`);
      else seen.set(key, `${list}[${index}]`);
    }
    return p;
  };
  (lists.checks as unknown[]).forEach((entry, i) => {
    const p = entryProblems('checks', i, entry);
    if (p.length) problems.push(`${describeEntry('checks', i, entry)}: ${p.join('; ')}`);
    else checks.push(entry as BaselineCheckEntry);
  });
  (lists.quirks as unknown[]).forEach((entry, i) => {
    const p = entryProblems('quirks', i, entry);
    if (p.length) problems.push(`${describeEntry('quirks', i, entry)}: ${p.join('; ')}`);
    else quirks.push(entry as BaselineQuirkEntry);
  });
  if (problems.length) throw new BaselineError(`${file}: invalid baseline entr${problems.length === 1 ? 'y' : 'ies'}:\n  ${problems.join('\n  ')}`);
  return { checks, quirks };
}

/** Read and validate; a missing file is an error (the baseline is committed, even when empty). */
export function loadBaseline(file: string, displayName = file): Baseline {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new BaselineError(`${displayName}: cannot read the baseline: ${(e as Error).message}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new BaselineError(`${displayName}: not valid JSON: ${(e as Error).message}`);
  }
  return validateBaseline(data, displayName);
}

export function refOf(e: BaselineCheckEntry | BaselineQuirkEntry): BaselineRef {
  const ref: BaselineRef =
    'check' in e
      ? {
          check: e.check,
          engine: e.engine,
          ...(e.expect === 'error' || e.expect === 'flaky' ? { expect: e.expect } : {}),
          ...(e.expect === 'flaky' ? { verdicts: [...(e.verdicts ?? DEFAULT_FLAKY_VERDICTS)] } : {}),
          reason: e.reason,
        }
      : { quirk: e.quirk, engine: e.engine, reason: e.reason };
  if (e.link !== undefined) ref.link = e.link;
  return ref;
}

/** Fast lookups over a validated baseline. */
export class BaselineIndex {
  private readonly checks = new Map<string, BaselineCheckEntry>();
  private readonly quirks = new Map<string, BaselineQuirkEntry>();
  constructor(readonly baseline: Baseline) {
    for (const e of baseline.checks) this.checks.set(`${e.engine}\u0000${e.check}`, e);
    for (const e of baseline.quirks) this.quirks.set(`${e.engine}\u0000${e.quirk}`, e);
  }
  check(id: string, engine: Engine): BaselineRef | undefined {
    const e = this.checks.get(`${engine}\u0000${id}`);
    return e && refOf(e);
  }
  quirk(name: string, engine: Engine): BaselineRef | undefined {
    const e = this.quirks.get(`${engine}\u0000${name}`);
    return e && refOf(e);
  }
  /** The quirk names baselined for `engine` (the fuzz properties set aside what these explain). */
  quirksFor(engine: Engine): Set<string> {
    return new Set(this.baseline.quirks.filter((q) => q.engine === engine).map((q) => q.quirk));
  }
  allRefs(): BaselineRef[] {
    return [...this.baseline.checks.map(refOf), ...this.baseline.quirks.map(refOf)];
  }
}

