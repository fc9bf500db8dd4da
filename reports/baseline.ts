// The baseline of known deviations (reports/baseline.json): loading with validation that names
// the bad entry, lookup, and the rewrite behind `--update-baseline`.
import { readFileSync } from 'node:fs';
import type { Area, Engine } from '../model/scenario.js';
import type { Baseline, BaselineCheckEntry, BaselineQuirkEntry, BaselineRef, ConformanceReport } from './types.js';

/** Exhaustive by construction: adding an Area or Engine to the model fails type-checking here. */
const AREA_SET: Record<Area, true> = {
  scope: true,
  registration: true,
  routing: true,
  explainer: true,
  lifecycle: true,
  redirects: true,
  fuzz: true,
  proposals: true,
};
const ENGINE_SET: Record<Engine, true> = { chromium: true, firefox: true, webkit: true };

export const AREA_NAMES = Object.keys(AREA_SET) as Area[];
export const ENGINE_NAMES = Object.keys(ENGINE_SET) as Engine[];

export function isArea(x: unknown): x is Area {
  return typeof x === 'string' && Object.hasOwn(AREA_SET, x);
}
export function isEngine(x: unknown): x is Engine {
  return typeof x === 'string' && Object.hasOwn(ENGINE_SET, x);
}

/** "<area>/<case>" where case is one or more segments of [A-Za-z0-9._~-]. */
export const CHECK_ID_RE = new RegExp(`^(${AREA_NAMES.join('|')})/[A-Za-z0-9._~-]+(?:/[A-Za-z0-9._~-]+)*$`);

export const TRIAGE_REASON = 'TODO: triage';

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
      if (![idKey, 'engine', 'reason', 'link'].includes(key)) p.push(`unknown key "${key}" (allowed: ${idKey}, engine, reason, link)`);
    }
    const id = entry[idKey];
    if (typeof id !== 'string' || id === '') p.push(`"${idKey}" must be a non-empty string`);
    else if (list === 'checks' && !CHECK_ID_RE.test(id)) p.push(`"check" must be "<area>/<case>" with area one of ${AREA_NAMES.join(', ')}`);
    if (!isEngine(entry.engine)) p.push(`"engine" must be one of ${ENGINE_NAMES.join(', ')}`);
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

function refOf(e: BaselineCheckEntry | BaselineQuirkEntry): BaselineRef {
  const ref: BaselineRef = 'check' in e ? { check: e.check, engine: e.engine, reason: e.reason } : { quirk: e.quirk, engine: e.engine, reason: e.reason };
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
  allRefs(): BaselineRef[] {
    return [...this.baseline.checks.map(refOf), ...this.baseline.quirks.map(refOf)];
  }
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Deterministic order: checks by (check, engine), quirks by (quirk, engine); keys in a fixed order. */
export function normalizeBaseline(b: Baseline): Baseline {
  const checks = [...b.checks]
    .sort((x, y) => compareStrings(x.check, y.check) || compareStrings(x.engine, y.engine))
    .map((e) => ({ check: e.check, engine: e.engine, reason: e.reason, ...(e.link !== undefined ? { link: e.link } : {}) }));
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
 * The baseline that matches a run: every deviation / error becomes (or stays) an entry; entries
 * whose check now passes (stale) are dropped; entries for checks that did not run are kept.
 * Reasons and links of entries that remain are kept; new entries get "TODO: triage".
 * A fuzz deviation whose record names a quirk is baselined as that quirk; a quirk entry is
 * dropped only when the report marks it stale.
 */
export function updateBaseline(old: Baseline, report: ConformanceReport): BaselineUpdate {
  const index = new BaselineIndex(old);
  const checks = new Map<string, BaselineCheckEntry>();
  const quirks = new Map<string, BaselineQuirkEntry>();
  const ran = new Set<string>();
  for (const c of report.checks) {
    for (const engine of ENGINE_NAMES) {
      const r = c.results[engine];
      if (!r) continue;
      ran.add(`${engine}\u0000${c.id}`);
      if (r.verdict !== 'deviation' && r.verdict !== 'error') continue;
      const prev = old.checks.find((e) => e.check === c.id && e.engine === engine);
      const quirk = r.fuzz?.quirk;
      if (quirk !== undefined && !prev) {
        const prevQuirk = old.quirks.find((q) => q.quirk === quirk && q.engine === engine);
        quirks.set(`${engine}\u0000${quirk}`, prevQuirk ?? { quirk, engine, reason: TRIAGE_REASON });
      } else {
        checks.set(`${engine}\u0000${c.id}`, prev ?? { check: c.id, engine, reason: TRIAGE_REASON });
      }
    }
  }
  // Entries about checks that did not run stay as they are.
  for (const e of old.checks) {
    const key = `${e.engine}\u0000${e.check}`;
    if (!ran.has(key) && !checks.has(key)) checks.set(key, e);
  }
  const staleQuirks = new Set(report.gate.staleQuirks.map((q) => `${q.engine}\u0000${q.quirk ?? ''}`));
  for (const e of old.quirks) {
    const key = `${e.engine}\u0000${e.quirk}`;
    if (!staleQuirks.has(key) && !quirks.has(key)) quirks.set(key, e);
  }
  const baseline = normalizeBaseline({ checks: [...checks.values()], quirks: [...quirks.values()] });
  const newIndex = new BaselineIndex(baseline);
  const added = [
    ...baseline.checks.filter((e) => !index.check(e.check, e.engine)).map(refOf),
    ...baseline.quirks.filter((e) => !index.quirk(e.quirk, e.engine)).map(refOf),
  ];
  const removed = [
    ...old.checks.filter((e) => !newIndex.check(e.check, e.engine)).map(refOf),
    ...old.quirks.filter((e) => !newIndex.quirk(e.quirk, e.engine)).map(refOf),
  ];
  return { baseline, added, removed };
}
