// The arithmetic and the text of the checks bench (checks.bench.ts), apart from any browser so
// that tests can check it on made-up figures: checks per second, ratios to the floor, the
// profile's per-span totals and shares, and the same figures derived from a conformance.json.
import type { SpanTotal } from '../suites/harness/profile.js';
import type { BenchValue, BenchValues } from './bench-file.js';

/** Checks (or anything) per second; 0 when nothing was timed. Two decimals. */
export function perSecond(count: number, ms: number): number {
  return ms > 0 ? round2((count * 1000) / ms) : 0;
}

/** a / b with two decimals; null when b is 0 (no floor measured). */
export function ratio(a: number, b: number): number | null {
  return b > 0 ? round2(a / b) : null;
}

const round2 = (x: number): number => Math.round(x * 100) / 100;
/** Unrounded, for ratios (a ratio of rounded rates drifts). */
const rate = (count: number, ms: number): number => (ms > 0 ? (count * 1000) / ms : 0);
const round1 = (x: number): number => Math.round(x * 10) / 10;

/** `count` rows spread evenly over the table (first and last included), in table order. */
export function sampleRows<T>(rows: readonly T[], count: number): T[] {
  if (count >= rows.length) return [...rows];
  if (count <= 1) return rows.slice(0, count);
  const picked = new Set<number>();
  for (let i = 0; i < count; i++) picked.add(Math.round((i * (rows.length - 1)) / (count - 1)));
  return [...picked].sort((a, b) => a - b).map((i) => rows[i]!);
}

/** One area's timed sample in one engine. */
export interface AreaSample {
  area: string;
  checks: number;
  /** Sum of the checks' durations (the loop's own durationMs). */
  ms: number;
  verdicts: Record<string, number>;
}

/** Phases (setup.*, step.*, end.*, dispose, compare) add up to the check; calls (driver.*, fixture.*) overlap them. */
export function isPhase(span: string): boolean {
  return !span.startsWith('driver.') && !span.startsWith('fixture.');
}

/**
 * The profile as figures: per span its count, total ms, ms per check and (phases) share of the
 * checks' time. "unaccounted" is the checks' time no phase covers (the loop's own overhead).
 */
export function profileFigures(totals: Record<string, SpanTotal>, checks: number, checksMs: number): { phases: BenchValues; calls: BenchValues } {
  const phases: BenchValues = {};
  const calls: BenchValues = {};
  let covered = 0;
  const names = Object.keys(totals).sort((x, y) => totals[y]!.ms - totals[x]!.ms || x.localeCompare(y));
  for (const name of names) {
    const t = totals[name]!;
    const row: { [k: string]: BenchValue } = { count: t.count, ms: Math.round(t.ms), msPerCheck: checks > 0 ? round1(t.ms / checks) : 0 };
    if (isPhase(name)) {
      covered += t.ms;
      row.share = ratio(t.ms, checksMs);
      phases[name] = row;
    } else {
      row.perCheck = checks > 0 ? round1(t.count / checks) : 0;
      calls[name] = row;
    }
  }
  const rest = Math.max(0, checksMs - covered);
  phases.unaccounted = { count: 0, ms: Math.round(rest), msPerCheck: checks > 0 ? round1(rest / checks) : 0, share: ratio(rest, checksMs) };
  return { phases, calls };
}

/** One engine's figures: the floor, each area and all areas together as checks/s and ratios to the floor. */
export function engineFigures(floor: { checks: number; ms: number }, areas: readonly AreaSample[], totals: Record<string, SpanTotal>): BenchValues {
  const floorRate = rate(floor.checks, floor.ms);
  const byArea: BenchValues = {};
  for (const a of areas) {
    byArea[a.area] = { checks: a.checks, checksPerSecond: perSecond(a.checks, a.ms), msPerCheck: a.checks ? Math.round(a.ms / a.checks) : 0, ratioToFloor: ratio(rate(a.checks, a.ms), floorRate), verdicts: a.verdicts };
  }
  const checks = areas.reduce((n, a) => n + a.checks, 0);
  const ms = areas.reduce((n, a) => n + a.ms, 0);
  const r = ratio(rate(checks, ms), floorRate);
  return {
    floor: { checks: floor.checks, checksPerSecond: perSecond(floor.checks, floor.ms), msPerCheck: floor.checks ? Math.round(floor.ms / floor.checks) : 0 },
    areas: byArea,
    // Unweighted by area sizes: the sample's checks together (issue 20's target: ratio ≥ 0.5).
    sample: { checks, checksPerSecond: perSecond(checks, ms), msPerCheck: checks ? Math.round(ms / checks) : 0, ratioToFloor: r, atLeastHalfFloor: r !== null && r >= 0.5 },
    profile: profileFigures(totals, checks, ms),
  };
}

/** A conformance.json's check durations as samples per engine and area (fuzz and self-test excluded: they are not checks of a table). */
export function samplesFromReport(report: { checks: { area: string; results: Record<string, { verdict: string; durationMs: number } | undefined> }[] }): Record<string, AreaSample[]> {
  const out: Record<string, Map<string, AreaSample>> = {};
  for (const c of report.checks) {
    if (c.area === 'fuzz') continue;
    for (const [engine, r] of Object.entries(c.results)) {
      if (!r) continue;
      const areas = (out[engine] ??= new Map());
      const s = areas.get(c.area) ?? { area: c.area, checks: 0, ms: 0, verdicts: {} };
      s.checks++;
      s.ms += r.durationMs;
      s.verdicts[r.verdict] = (s.verdicts[r.verdict] ?? 0) + 1;
      areas.set(c.area, s);
    }
  }
  return Object.fromEntries(Object.entries(out).map(([e, m]) => [e, [...m.values()].sort((x, y) => x.area.localeCompare(y.area))]));
}

const pad = (s: string, n: number): string => (s.length >= n ? s : s + ' '.repeat(n - s.length));
const num = (v: BenchValue | undefined): string => (v === null || v === undefined ? '-' : String(v));

/** The figures of one engine as a few lines of text (what `npm run bench checks` prints). */
export function formatEngine(engine: string, fig: BenchValues): string {
  const floor = fig.floor as BenchValues;
  const areas = fig.areas as Record<string, BenchValues>;
  const sample = fig.sample as BenchValues;
  const lines = [`  ${engine}: floor ${num(floor.checksPerSecond)} checks/s (${num(floor.msPerCheck)} ms per floor check, ${num(floor.checks)} timed)`];
  lines.push(`    ${pad('area', 14)}${pad('checks', 8)}${pad('checks/s', 10)}${pad('ms/check', 10)}ratio to floor`);
  for (const [area, a] of Object.entries(areas)) lines.push(`    ${pad(area, 14)}${pad(num(a.checks), 8)}${pad(num(a.checksPerSecond), 10)}${pad(num(a.msPerCheck), 10)}${num(a.ratioToFloor)}`);
  lines.push(`    ${pad('(sample)', 14)}${pad(num(sample.checks), 8)}${pad(num(sample.checksPerSecond), 10)}${pad(num(sample.msPerCheck), 10)}${num(sample.ratioToFloor)}`);
  const profile = fig.profile as { phases: Record<string, BenchValues>; calls: Record<string, BenchValues> } | undefined;
  if (profile) {
    lines.push('    where a check\'s time goes (phases, ms per check, share):');
    for (const [name, p] of Object.entries(profile.phases)) lines.push(`      ${pad(name, 24)}${pad(num(p.msPerCheck), 8)}${num(p.share)}`);
    lines.push('    driver round trips and fixture calls (per check, ms per check):');
    for (const [name, p] of Object.entries(profile.calls)) lines.push(`      ${pad(name, 24)}${pad(num(p.perCheck), 8)}${num(p.msPerCheck)}`);
  }
  return `${lines.join('\n')}\n`;
}
