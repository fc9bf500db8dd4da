// conformance.json → one wptreport per engine (<out>/wptreport-<engine>.json): the results format
// web-platform-tests' wptrunner writes with --log-wptreport and wpt.fyi ingests, so their tools
// (wpt.fyi's results processor, wptreport readers, `wpt update-expectations`-style diffing) can read
// ours. Hand-written schema from the format's documentation: schemas/wptreport.schema.json.
//
// Mapping, honest about harness errors as everywhere else:
//   check "<area>/<case>"     → test "/sw-conformance/<area>/<case>" (wpt test ids are URL paths)
//   pass / deviation / unsupported → test status OK with one subtest (the check's title):
//                                PASS / FAIL (message: the first differences) / PRECONDITION_FAILED
//   error (the harness failed) → test status ERROR, message the detail, no subtest: the browser
//                                was not judged, so there is no FAIL to report
// `expected` is present, as wptrunner writes it, only where the result was not what the baseline
// expects (a regression: PASS / OK; a stale entry: FAIL / ERROR); a known-flaky result lists the
// other verdicts it may give as `known_intermittent`.
import { release } from 'node:os';
import type { Engine, VerdictKind } from '../contract/index.js';
import { DEFAULT_FLAKY_VERDICTS, ENGINES } from '../contract/index.js';
import type { CheckEntry, CheckResult, ConformanceReport } from './types.js';

export type WptTestStatus = 'OK' | 'ERROR' | 'TIMEOUT' | 'CRASH' | 'PASS' | 'FAIL' | 'PRECONDITION_FAILED' | 'SKIP';
export type WptSubtestStatus = 'PASS' | 'FAIL' | 'ERROR' | 'TIMEOUT' | 'PRECONDITION_FAILED' | 'NOTRUN' | 'SKIP';

export interface WptSubtest {
  name: string;
  status: WptSubtestStatus;
  message: string | null;
  expected?: WptSubtestStatus;
  known_intermittent?: WptSubtestStatus[];
}

export interface WptResult {
  test: string;
  subsuite: string;
  status: WptTestStatus;
  message: string | null;
  duration: number;
  subtests: WptSubtest[];
  expected?: WptTestStatus;
  known_intermittent?: WptTestStatus[];
}

export interface WptReport {
  time_start: number;
  time_end: number;
  run_info: {
    product: string;
    /** "unknown" when the harness did not say (wpt.fyi needs a string). */
    browser_version: string;
    os: string;
    os_version: string;
    /** Our suite's commit (wpt writes its own revision here). */
    revision: string;
    automation: boolean;
    /** Extensions: how the engine was driven, and the conformance run it comes from. */
    driver: string | null;
    sw_conformance_run: string;
  };
  results: WptResult[];
}

export const WPT_PREFIX = '/sw-conformance/';

const SUBTEST: Record<Exclude<VerdictKind, 'error'>, WptSubtestStatus> = { pass: 'PASS', deviation: 'FAIL', unsupported: 'PRECONDITION_FAILED' };

function subtestStatus(v: VerdictKind): WptSubtestStatus {
  return v === 'error' ? 'ERROR' : SUBTEST[v];
}

function failureMessage(r: CheckResult): string | null {
  if (r.verdict === 'unsupported') return r.detail ?? null;
  if (r.verdict !== 'deviation') return null;
  const lines = (r.diff ?? []).slice(0, 5).map((d) => `${d.path}: expected ${d.predictedAbsent || !('predicted' in d) ? '(absent)' : JSON.stringify(d.predicted)}, got ${d.observedAbsent || !('observed' in d) ? '(absent)' : JSON.stringify(d.observed)}`);
  if ((r.diff?.length ?? 0) > 5) lines.push(`… ${r.diff!.length - 5} more`);
  return lines.join('\n') || r.detail || null;
}

function resultOf(c: CheckEntry, r: CheckResult): WptResult {
  const test = `${WPT_PREFIX}${c.id}`;
  const base = { test, subsuite: '', duration: r.durationMs };
  if (r.verdict === 'error') {
    const expected: Partial<WptResult> = r.gate === 'regression' ? { expected: 'OK' } : {};
    return { ...base, status: 'ERROR', message: r.detail ?? 'harness error', subtests: [], ...expected };
  }
  const status = subtestStatus(r.verdict);
  const sub: WptSubtest = { name: c.title, status, message: failureMessage(r) };
  if (r.gate === 'regression') sub.expected = 'PASS';
  else if (r.gate === 'stale') sub.expected = r.baseline?.expect === 'error' ? 'ERROR' : 'FAIL';
  else if (r.gate === 'flaky' && r.runs && subtestStatus(r.runs.verdicts[0]!) !== status) sub.expected = subtestStatus(r.runs.verdicts[0]!);
  else if (r.gate === 'expected' && r.baseline?.expect === 'flaky') {
    const others = (r.baseline.verdicts ?? DEFAULT_FLAKY_VERDICTS).map(subtestStatus).filter((s) => s !== status);
    if (others.length) sub.known_intermittent = others;
  }
  const stale = r.gate === 'stale' && r.baseline?.expect === 'error' ? { expected: 'ERROR' as const } : {};
  return { ...base, status: 'OK', message: null, subtests: [sub], ...stale };
}

/** wptrunner's names for the platform. */
function osName(): string {
  return process.platform === 'darwin' ? 'mac' : process.platform === 'win32' ? 'win' : process.platform;
}

/** One wptreport per engine that ran, in ENGINES order. */
export function wptReports(report: ConformanceReport, osVersion = release()): Array<{ engine: Engine; report: WptReport }> {
  const start = Date.parse(report.run.startTime);
  const out: Array<{ engine: Engine; report: WptReport }> = [];
  for (const engine of ENGINES) {
    const info = report.engines[engine];
    if (!info) continue;
    const results = report.checks.filter((c) => c.results[engine]).map((c) => resultOf(c, c.results[engine]!));
    out.push({
      engine,
      report: {
        time_start: start,
        time_end: start + report.run.durationMs,
        run_info: { product: engine, browser_version: info.version ?? 'unknown', os: osName(), os_version: osVersion, revision: report.run.gitCommit ?? 'unknown', automation: true, driver: info.driver, sw_conformance_run: report.run.id },
        results,
      },
    });
  }
  return out;
}

export function wptReportFile(engine: Engine): string {
  return `wptreport-${engine}.json`;
}
