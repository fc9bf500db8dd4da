// Run history (`npm run conformance -- --history DIR`): each run adds one small file to DIR,
// <date>-<run id>.json (a HistoryEntry: counts per area × engine, engine versions, gate), written
// together with the report (reports/write.ts), so a report and its history entry exist together or
// not at all. One file per run rather than one growing file: appending is then a rename, and two
// machines writing to one folder never interleave. The page shows the last runs (html-trend.ts).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ENGINES } from '../contract/index.js';
import type { ConformanceReport, HistoryEntry } from './types.js';
import { historyProblems } from './validate.js';

export class HistoryError extends Error {
  override name = 'HistoryError';
}

/** How many runs the page's trend shows (the newest last). */
export const TREND_RUNS = 10;

export function historyEntryOf(report: ConformanceReport, { partial }: { partial: boolean }): HistoryEntry {
  const engines: HistoryEntry['engines'] = {};
  const flaky: HistoryEntry['flaky'] = {};
  for (const e of ENGINES) {
    const info = report.engines[e];
    if (!info) continue;
    engines[e] = { version: info.version };
    flaky[e] = report.checks.filter((c) => c.results[e]?.flaky).length;
  }
  return {
    format: 'sw-conformance-history/1',
    run: { id: report.run.id, date: report.run.date, gitCommit: report.run.gitCommit, mode: report.run.mode, ...(report.run.repeat ? { repeat: report.run.repeat } : {}), partial },
    engines,
    summary: report.summary,
    flaky,
    gate: { status: report.gate.status, counts: report.gate.counts },
  };
}

/** The entry's file name: sortable by date, unique by run id. */
export function historyFileName(entry: HistoryEntry): string {
  return `${entry.run.date.replace(/[:.]/g, '-')}-${entry.run.id.replace(/[^A-Za-z0-9_-]/g, '_')}.json`;
}

/**
 * Every entry in `dir` (files ending in .json), oldest first. A file that does not parse or
 * validate is a problem naming the file and the field; `strict` throws on the first one (the CLI,
 * before anything runs), otherwise it is skipped and returned in `problems` (the reporter, which
 * must not lose a run's report over someone else's file). A missing folder is an empty history.
 */
export function readHistory(dir: string, { strict = false }: { strict?: boolean } = {}): { entries: HistoryEntry[]; problems: string[] } {
  if (!existsSync(dir)) return { entries: [], problems: [] };
  if (!statSync(dir).isDirectory()) throw new HistoryError(`${dir} is not a folder`);
  const entries: HistoryEntry[] = [];
  const problems: string[] = [];
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    const file = join(dir, name);
    let problem: string | undefined;
    try {
      const data = JSON.parse(readFileSync(file, 'utf8')) as unknown;
      const p = historyProblems(data);
      if (p.length) problem = `${file}: not a history entry: ${p[0]}${p.length > 1 ? ` (and ${p.length - 1} more)` : ''}`;
      else entries.push(data as HistoryEntry);
    } catch (e) {
      problem = `${file}: ${e instanceof SyntaxError ? 'not valid JSON' : 'cannot read'}: ${(e as Error).message}`;
    }
    if (problem !== undefined) {
      if (strict) throw new HistoryError(problem);
      problems.push(problem);
    }
  }
  entries.sort((a, b) => (a.run.date < b.run.date ? -1 : a.run.date > b.run.date ? 1 : a.run.id < b.run.id ? -1 : 1));
  return { entries, problems };
}

/** The runs the trend shows: the last `n` of the history plus this run (if it is not in it yet). */
export function trendRuns(history: readonly HistoryEntry[], current: HistoryEntry, n = TREND_RUNS): HistoryEntry[] {
  const all = history.some((h) => h.run.id === current.run.id) ? [...history] : [...history, current];
  return all.slice(-n);
}

