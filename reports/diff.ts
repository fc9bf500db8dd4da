// Two runs' conformance.json → what changed, per check × engine: verdict, diff entries, engine
// version, checks added or removed. Pure; the CLI is tools/diff.ts, the page reports/diff-html.ts.
//
// A change is a *regression* when the browser got worse or the harness started failing:
// pass → deviation / error, and any new error (from deviation or unsupported, or a check × engine
// that only B has, reporting error). A deviation that becomes another deviation is "changed", not
// a regression: the browser was already off the model. Errors are never counted as improvements
// of the browser either: error → pass is "fixed" (the harness works again).
import type { DiffEntry, Engine, VerdictKind } from '../contract/index.js';
import { ENGINES } from '../contract/index.js';
import type { CheckEntry, CheckResult, ConformanceReport } from './types.js';

export type ChangeKind = 'regressed' | 'improved' | 'fixed' | 'changed' | 'added' | 'removed';

export interface ResultChange {
  check: string;
  area: string;
  engine: Engine;
  kind: ChangeKind;
  /** Absent when the check × engine is only in B (added). */
  from?: VerdictKind;
  /** Absent when it is only in A (removed). */
  to?: VerdictKind;
  /** Also regressed (an added check × engine that reports a harness error). */
  regression: boolean;
  /** Diff entries only in A's diff (gone) and only in B's (new). */
  diffGone: DiffEntry[];
  diffNew: DiffEntry[];
  /** Detail text when it changed (unsupported feature, harness error). */
  detail?: { from?: string; to?: string };
  /** Flakiness changed (verify mode). */
  flaky?: { from: boolean; to: boolean };
}

export interface EngineChange {
  engine: Engine;
  /** undefined: the engine did not run in that report; null: it ran, version unknown. */
  from?: string | null;
  to?: string | null;
  changed: boolean;
}

export interface RunSide {
  file: string;
  runId: string;
  date: string;
  gitCommit: string | null;
  checks: number;
}

export interface RunDiff {
  a: RunSide;
  b: RunSide;
  engines: EngineChange[];
  /** Sorted by check id, then engine (ENGINES order). Unchanged results are not listed. */
  changes: ResultChange[];
  counts: Record<ChangeKind, number> & { unchanged: number; regressions: number };
}

const key = (d: DiffEntry): string => JSON.stringify([d.path, d.predicted, d.predictedAbsent ?? false, d.observed, d.observedAbsent ?? false]);

function classify(from: VerdictKind, to: VerdictKind): ChangeKind {
  if (to === 'error') return 'regressed';
  if (from === 'error') return 'fixed';
  if (from === 'pass' && to === 'deviation') return 'regressed';
  if (to === 'pass') return 'improved';
  return 'changed';
}

function sideOf(file: string, r: ConformanceReport): RunSide {
  return { file, runId: r.run.id, date: r.run.date, gitCommit: r.run.gitCommit, checks: r.checks.length };
}

function compareResult(c: CheckEntry, engine: Engine, a: CheckResult | undefined, b: CheckResult | undefined): ResultChange | undefined {
  const base = { check: c.id, area: c.area, engine, diffGone: [] as DiffEntry[], diffNew: [] as DiffEntry[] };
  if (!a && !b) return undefined;
  if (!a) return { ...base, kind: 'added', to: b!.verdict, regression: b!.verdict === 'error', diffNew: b!.diff ?? [], ...(b!.detail !== undefined ? { detail: { to: b!.detail } } : {}) };
  if (!b) return { ...base, kind: 'removed', from: a.verdict, regression: false, diffGone: a.diff ?? [], ...(a.detail !== undefined ? { detail: { from: a.detail } } : {}) };
  const aKeys = new Set((a.diff ?? []).map(key));
  const bKeys = new Set((b.diff ?? []).map(key));
  const diffGone = (a.diff ?? []).filter((d) => !bKeys.has(key(d)));
  const diffNew = (b.diff ?? []).filter((d) => !aKeys.has(key(d)));
  const flakyChanged = Boolean(a.flaky) !== Boolean(b.flaky);
  const detailChanged = a.detail !== b.detail;
  if (a.verdict === b.verdict && !diffGone.length && !diffNew.length && !flakyChanged && !detailChanged) return undefined;
  const kind = a.verdict === b.verdict ? 'changed' : classify(a.verdict, b.verdict);
  return {
    ...base,
    kind,
    from: a.verdict,
    to: b.verdict,
    regression: kind === 'regressed',
    diffGone,
    diffNew,
    ...(detailChanged ? { detail: { ...(a.detail !== undefined ? { from: a.detail } : {}), ...(b.detail !== undefined ? { to: b.detail } : {}) } } : {}),
    ...(flakyChanged ? { flaky: { from: Boolean(a.flaky), to: Boolean(b.flaky) } } : {}),
  };
}

export function diffReports(a: ConformanceReport, b: ConformanceReport, files: { a: string; b: string } = { a: 'A', b: 'B' }): RunDiff {
  const engines: EngineChange[] = [];
  for (const e of ENGINES) {
    const from = a.engines[e] ? a.engines[e]!.version : undefined;
    const to = b.engines[e] ? b.engines[e]!.version : undefined;
    if (from === undefined && to === undefined) continue;
    engines.push({ engine: e, ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}), changed: from !== to });
  }
  const byIdA = new Map(a.checks.map((c) => [c.id, c]));
  const byIdB = new Map(b.checks.map((c) => [c.id, c]));
  const ids = [...new Set([...byIdA.keys(), ...byIdB.keys()])].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
  const changes: ResultChange[] = [];
  let unchanged = 0;
  for (const id of ids) {
    const ca = byIdA.get(id);
    const cb = byIdB.get(id);
    const c = (cb ?? ca)!;
    for (const e of ENGINES) {
      const ra = ca?.results[e];
      const rb = cb?.results[e];
      if (!ra && !rb) continue;
      const ch = compareResult(c, e, ra, rb);
      if (ch) changes.push(ch);
      else unchanged++;
    }
  }
  const counts = { regressed: 0, improved: 0, fixed: 0, changed: 0, added: 0, removed: 0, unchanged, regressions: 0 };
  for (const ch of changes) {
    counts[ch.kind]++;
    if (ch.regression) counts.regressions++;
  }
  return { a: sideOf(files.a, a), b: sideOf(files.b, b), engines, changes, counts };
}

function show(x: unknown): string {
  const s = JSON.stringify(x) ?? 'undefined';
  return s.length > 160 ? s.slice(0, 159) + '…' : s;
}

export function flakyText(f: { from: boolean; to: boolean }): string {
  return f.to ? 'became flaky' : 'no longer flaky';
}

export function diffEntryText(d: DiffEntry, engine: string): string {
  return `${d.path}: model ${d.predictedAbsent || !('predicted' in d) ? '(absent)' : show(d.predicted)} ≠ ${engine} ${d.observedAbsent || !('observed' in d) ? '(absent)' : show(d.observed)}`;
}

function verdictText(ch: ResultChange): string {
  if (ch.kind === 'added') return `(new) ${ch.to}`;
  if (ch.kind === 'removed') return `${ch.from} (gone)`;
  return ch.from === ch.to ? `${ch.to}` : `${ch.from} → ${ch.to}`;
}

export const ORDER: ChangeKind[] = ['regressed', 'fixed', 'improved', 'changed', 'added', 'removed'];

/** The changes shown under `kind`: every regression (an added error too) under "regressed", each other change once under its kind. */
export function sectionOf(d: RunDiff, kind: ChangeKind): ResultChange[] {
  return d.changes.filter((c) => (kind === 'regressed' ? c.regression : c.kind === kind && !c.regression));
}

/** The diff as plain text, one section per kind of change. */
export function diffText(d: RunDiff): string {
  const lines: string[] = [];
  const side = (s: RunSide) => `${s.file} (run ${s.runId}, ${s.date}${s.gitCommit ? `, commit ${s.gitCommit.slice(0, 12)}` : ''}, ${s.checks} checks)`;
  lines.push(`A: ${side(d.a)}`, `B: ${side(d.b)}`);
  for (const e of d.engines) {
    const v = (x: string | null | undefined) => (x === undefined ? 'not run' : (x ?? 'version unknown'));
    lines.push(`engine ${e.engine}: ${e.changed ? `${v(e.from)} → ${v(e.to)}` : `${v(e.to)} (same)`}`);
  }
  for (const kind of ORDER) {
    const list = sectionOf(d, kind);
    if (!list.length) continue;
    lines.push('', `${kind} (${list.length}):`);
    for (const ch of list) {
      lines.push(`  ${ch.check} [${ch.engine}] ${verdictText(ch)}${ch.flaky ? ` (${flakyText(ch.flaky)})` : ''}`);
      if (ch.detail) {
        if (ch.detail.from !== undefined) lines.push(`    - ${ch.detail.from.split('\n')[0]}`);
        if (ch.detail.to !== undefined) lines.push(`    + ${ch.detail.to.split('\n')[0]}`);
      }
      for (const g of ch.diffGone) lines.push(`    - ${diffEntryText(g, ch.engine)}`);
      for (const n of ch.diffNew) lines.push(`    + ${diffEntryText(n, ch.engine)}`);
    }
  }
  const c = d.counts;
  lines.push('', `${c.regressions} regression${c.regressions === 1 ? '' : 's'}; ${c.regressed} regressed, ${c.fixed} fixed, ${c.improved} improved, ${c.changed} changed, ${c.added} added, ${c.removed} removed, ${c.unchanged} unchanged`);
  return lines.join('\n') + '\n';
}
