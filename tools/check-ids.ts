// `--check ID` of the conformance CLI: the ids a run can select, and the Playwright grep that
// selects exactly those checks.
//
// Playwright matches --grep against "<project> <file> <describe> <title> <tags>" joined by spaces
// (TestCase._grepTitleWithTags). A suite row's title is its id (suites/harness/define.ts), a fuzz
// property's is "fuzz/<property>: <title>" (suites/fuzz/fuzz-test.ts), and ids never contain
// spaces or colons (contract/validate.ts isCheckId), so an id is matched exactly as a whole word
// followed by ":", a space or the end. The pattern is passed as "/…/" without flags: Playwright
// compiles a plain --grep case-insensitively ("gi"), which would no longer be exact.
import { isCheckId } from '../contract/index.js';
import { UsageError } from './cli.js';

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** A --check value: an id shaped like one ("<area>/<case>"); whether it exists is checked later. */
export function parseCheckId(v: string): string {
  if (!isCheckId(v)) throw new UsageError(`--check "${v}" is not a check id ("<area>/<case>", e.g. scope/match-longest)`);
  return v;
}

/** The regular expression (source) that matches a test's grep title when its check is one of `ids`. */
export function checkPattern(ids: readonly string[]): string {
  return `(?:^|\\s)(?:${ids.map(escapeRegExp).join('|')})(?::?\\s|$)`;
}

/**
 * The Playwright arguments that select exactly `ids`, narrowed by the user's --grep when given
 * (both must match): the user's pattern keeps Playwright's own reading, and every test that is
 * not one of the ids is left out by --grep-invert.
 */
export function checkSelectionArgs(ids: readonly string[], grep?: string): string[] {
  if (grep === undefined) return ['--grep', `/${checkPattern(ids)}/`];
  return ['--grep', grep, '--grep-invert', `/^(?![\\s\\S]*${checkPattern(ids)})/`];
}

/** The ids of `wanted` that are not in `known`, in order. */
export function unknownCheckIds(wanted: readonly string[], known: ReadonlySet<string>): string[] {
  return wanted.filter((id) => !known.has(id));
}

/** Every check id a run can have: the suite tables' rows, the fuzz properties and the saved fuzz regressions. */
export async function knownCheckIds(): Promise<Set<string>> {
  const [{ SUITE_TABLES }, { PROPERTY_IDS }, { loadRegressions }] = await Promise.all([
    import('../suites/harness/tables.js'),
    import('../suites/fuzz/scenarios.js'),
    import('../suites/fuzz/regressions.js'),
  ]);
  const ids = new Set<string>();
  for (const rows of Object.values(SUITE_TABLES)) for (const row of rows ?? []) ids.add(row.id);
  for (const p of PROPERTY_IDS) ids.add(`fuzz/${p}`);
  for (const { regression } of loadRegressions()) ids.add(regression.scenario.id);
  return ids;
}
