// The fuzz budget of `npm run conformance` as a share of the run (issue 20), instead of a fixed
// 45 s per property and engine that grew to half the run.
//
// Per engine, the table checks take about CHECKS × SECONDS_PER_CHECK worker-seconds and the fuzz
// properties PROPERTIES × budget (each property is one test that searches for `budget` seconds),
// so fuzzing is FUZZ_SHARE of a whole run when
//   budget = FUZZ_SHARE / (1 − FUZZ_SHARE) × CHECKS × SECONDS_PER_CHECK / PROPERTIES
// (engines and workers cancel out), kept within [FUZZ_SECONDS_MIN, FUZZ_SECONDS_MAX]. The suite
// grows, the budget grows with it; --fuzz-seconds N sets it explicitly.
import { UsageError } from './cli.js';

/** Fuzzing's share of a whole conformance run's worker time. */
export const FUZZ_SHARE = 0.15;
/**
 * Worker-seconds of one table check in one engine, mean over the engines on an idle 2-core
 * machine (issue 20: ~6 minutes of two workers for ~1,085 check runs besides the fuzz budget).
 */
export const SECONDS_PER_CHECK = 0.66;
export const FUZZ_SECONDS_MIN = 5;
/** The old fixed budget: more never pays on a 2-core machine. */
export const FUZZ_SECONDS_MAX = 45;
/** --fuzz-seconds bound: a day (a test timeout past 2^31 ms would fire at once). */
export const FUZZ_SECONDS_LIMIT = 86_400;

/** Seconds per property and engine that make fuzzing `share` of a run of `checks` table rows. Whole seconds. */
export function fuzzSecondsForShare(o: { checks: number; properties: number; share?: number; secondsPerCheck?: number }): number {
  const share = o.share ?? FUZZ_SHARE;
  const perCheck = o.secondsPerCheck ?? SECONDS_PER_CHECK;
  if (o.properties <= 0) return FUZZ_SECONDS_MIN;
  const s = Math.round(((share / (1 - share)) * o.checks * perCheck) / o.properties);
  return Math.min(FUZZ_SECONDS_MAX, Math.max(FUZZ_SECONDS_MIN, s));
}

/** --fuzz-seconds N: a positive decimal number of seconds, at most a day; throws UsageError. */
export function parseFuzzSeconds(v: string): number {
  const n = /^\d+(?:\.\d+)?$/.test(v) ? Number(v) : NaN;
  if (!(n > 0) || n > FUZZ_SECONDS_LIMIT) throw new UsageError(`--fuzz-seconds must be a positive number of seconds up to ${FUZZ_SECONDS_LIMIT} (got "${v}")`);
  return n;
}

/** The suite's size, for the share: table rows (every area) and fuzz properties. Loaded only when needed. */
export async function suiteSize(): Promise<{ checks: number; properties: number }> {
  const [{ SUITE_TABLES }, { PROPERTIES }] = await Promise.all([import('../suites/harness/tables.js'), import('../suites/fuzz/properties.js')]);
  return { checks: Object.values(SUITE_TABLES).reduce((n, rows) => n + (rows?.length ?? 0), 0), properties: Object.keys(PROPERTIES).length };
}
