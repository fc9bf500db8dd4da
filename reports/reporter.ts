// The conformance reporter: gathers every check's verdict per engine from the CheckRecords the
// harness attaches, gates them against the baseline, and writes reports/out/{conformance.json,
// index.html, junit.xml, wptreport-<engine>.json} (all or none, atomically; conformance.json last, and only when it validates
// against the schema — otherwise conformance.invalid.json and a failed run).
//
// The gate (reports/gate.ts) is decided once, in onEnd, from the records themselves, and the run's
// status is overridden with it. Before the run, preprocess only tells Playwright which tests the
// baseline lists (testRun.fail), so that a known failure is not an unexpected one that restarts
// its worker; it decides nothing. Under `merge-reports` the returned status is ignored by
// Playwright; the report's gate (and `npm run conformance -- --merge`) is what counts there.
//
// Options (reporter tuple): { outDir?: string; baseline?: string }, relative to the config's
// directory. SWC_OUT_DIR / SWC_BASELINE (relative to the working directory) override them: that
// is how the CLI points a run at another baseline or output folder. SWC_HISTORY_DIR (or the option
// `history`) names a history folder: the run's summary is added to it with the report
// (reports/history.ts) and the page shows the trend of the last runs. SWC_RUN_STATUS names a file
// that receives what became of the report (RunStatus: written, nothing ran, could not be written).
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, resolve } from 'node:path';
import type { FullConfig, FullResult, Reporter, Suite, TestCase, TestError, TestResult, TestRun } from '@playwright/test/reporter';
import { BaselineIndex, ENGINES, isEngine, loadBaseline } from '../contract/index.js';
import { buildReport } from './build.js';
import { knownFailure } from './gate.js';
import { checkIdOf, collectNotRun, collectTest, parseEngineAttachment, type CollectedTest, type EngineAttachment } from './collect.js';
import { historyEntryOf, historyFileName, readHistory, trendRuns } from './history.js';
import { renderHtml } from './html.js';
import { renderJunit } from './junit.js';
import { DEFAULT_BASELINE, DEFAULT_OUT_DIR } from './paths.js';
import type { ConformanceReport, HistoryEntry, RunMetadata } from './types.js';
import { reportProblems } from './validate.js';
import { writeFilesAtomic } from './write.js';
import { wptReportFile, wptReports } from './wptreport.js';

export interface ConformanceReporterOptions {
  /** Output folder; default reports/out. */
  outDir?: string;
  /** Baseline file; default reports/baseline.json. */
  baseline?: string;
  /** History folder (--history): each run adds its summary there, and the page shows the trend. */
  history?: string;
}

/** Names of the files written into outDir. */
export const OUTPUT_FILES = { json: 'conformance.json', html: 'index.html', junit: 'junit.xml', invalid: 'conformance.invalid.json' } as const;

interface PlaywrightOptions {
  configDir?: string;
  _mode?: string;
}

function playwrightVersion(): string {
  try {
    const require = createRequire(import.meta.url);
    return (JSON.parse(readFileSync(require.resolve('@playwright/test/package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

function gitCommit(cwd: string): string | null {
  const fromEnv = process.env.GITHUB_SHA ?? process.env.CI_COMMIT_SHA;
  if (fromEnv) return fromEnv;
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 5000 }).trim() || null;
  } catch {
    return null;
  }
}

/** Under merge-reports: the .zip files in the folder named on the command line (its last argument). */
function mergedReports(): string[] {
  const dir = process.argv[process.argv.length - 1];
  if (!dir || !existsSync(dir) || !statSync(dir).isDirectory()) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.zip'))
    .sort();
}

function matchesEverything(grep: FullConfig['grep'], invert: FullConfig['grepInvert']): boolean {
  const list = Array.isArray(grep) ? grep : [grep];
  const all = list.every((r) => r.source === '.*' || r.source === '(?:)');
  const noInvert = invert === null || (Array.isArray(invert) && invert.length === 0);
  return all && noInvert;
}

/**
 * What became of a run's report, for the CLI (tools/conformance.ts), which cannot tell a run that
 * ran nothing from one whose report could not be written by looking at the folder.
 */
export interface RunStatus {
  id: string;
  outcome: 'written' | 'invalid' | 'nothing-ran' | 'write-failed';
  playwrightStatus: FullResult['status'];
  /** write-failed: the error (e.g. "ENOSPC: no space left on device, write"). */
  error?: string;
}

/** SWC_RUN_STATUS names a file (outside the report folder) that receives the RunStatus. */
function writeRunStatus(status: RunStatus): void {
  const file = process.env.SWC_RUN_STATUS;
  if (!file) return;
  try {
    writeFileSync(file, JSON.stringify(status) + '\n');
  } catch {
    // The CLI then says it does not know what became of the report.
  }
}

export default class ConformanceReporter implements Reporter {
  readonly outDir: string;
  readonly baselinePath: string;
  readonly historyDir: string | undefined;
  private readonly baseline: BaselineIndex;
  private readonly mode: 'run' | 'merge';
  private config: FullConfig | undefined;
  private suite: Suite | undefined;
  private readonly tests = new Map<string, CollectedTest>();
  private readonly engineInfo = new Map<string, EngineAttachment>();
  private readonly globalErrors: string[] = [];
  /** The report written by onEnd (for tests and embedding). */
  report: ConformanceReport | undefined;

  constructor(options: ConformanceReporterOptions & PlaywrightOptions = {}) {
    const configDir = options.configDir ?? process.cwd();
    this.outDir = process.env.SWC_OUT_DIR ? resolve(process.env.SWC_OUT_DIR) : options.outDir ? resolve(configDir, options.outDir) : DEFAULT_OUT_DIR;
    this.baselinePath = process.env.SWC_BASELINE
      ? resolve(process.env.SWC_BASELINE)
      : options.baseline
        ? resolve(configDir, options.baseline)
        : DEFAULT_BASELINE;
    this.historyDir = process.env.SWC_HISTORY_DIR ? resolve(process.env.SWC_HISTORY_DIR) : options.history ? resolve(configDir, options.history) : undefined;
    this.mode = options._mode === 'merge' || process.argv.includes('merge-reports') ? 'merge' : 'run';
    // A malformed baseline stops the run before any test: the error names the entry.
    this.baseline = new BaselineIndex(loadBaseline(this.baselinePath, relative(process.cwd(), this.baselinePath) || this.baselinePath));
  }

  printsToStdio(): boolean {
    return false;
  }

  async preprocess({ suite, testRun }: { config: FullConfig; suite: Suite; testRun: TestRun }): Promise<void> {
    for (const test of suite.allTests()) {
      const project = test.parent.project()?.name;
      if (!isEngine(project)) continue;
      const id = checkIdOf(test);
      if (!id) continue;
      // A hint to Playwright only (so a known failure neither counts as unexpected nor restarts
      // its worker); the gate in onEnd decides, from the records.
      const ref = knownFailure(id, project, this.baseline);
      if (!ref) continue;
      try {
        testRun.fail(test, `known deviation (baseline): ${ref.reason}${ref.link ? ` ${ref.link}` : ''}`);
      } catch {
        // Setup / teardown projects cannot be marked; the gate in onEnd still applies.
      }
    }
  }

  onBegin(config: FullConfig, suite: Suite): void {
    this.config = config;
    this.suite = suite;
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    const collected = collectTest(test, this.tests.get(test.id), result);
    this.tests.set(test.id, collected);
    if (!this.engineInfo.has(collected.project)) {
      const info = parseEngineAttachment(result);
      if (info) this.engineInfo.set(collected.project, info);
    }
  }

  onError(error: TestError): void {
    // eslint-disable-next-line no-control-regex
    const message = (error.message ?? error.value ?? 'unknown error').replace(/\u001b\[[0-9;]*m/g, '').split('\n').slice(0, 4).join('\n');
    this.globalErrors.push(message);
  }

  /**
   * With a history folder: the trend to show (the folder's last runs and this one) and this run's
   * entry to write with the report. An interrupted run is shown but not added (its counts would
   * read as a drop); a file in the folder that is not an entry is skipped with a warning (the CLI
   * refuses to start on one, so this is someone writing there during the run).
   */
  private history(report: ConformanceReport, status: FullResult['status'], partial: boolean): { trend?: HistoryEntry[]; files: Array<[string, string]> } {
    if (this.historyDir === undefined) return { files: [] };
    const entry = historyEntryOf(report, { partial });
    let past: HistoryEntry[] = [];
    try {
      const read = readHistory(this.historyDir);
      past = read.entries;
      for (const p of read.problems) console.error(`sw-conformance: history: skipped ${p}`);
    } catch (e) {
      console.error(`sw-conformance: history: ${(e as Error).message}`);
    }
    const trend = trendRuns(past, entry);
    if (status === 'interrupted' || status === 'timedout') {
      console.error(`sw-conformance: history: this run was ${status}, so it is not added to ${relative(process.cwd(), this.historyDir) || '.'}`);
      return { trend, files: [] };
    }
    return { trend, files: [[join(this.historyDir, historyFileName(entry)), JSON.stringify(entry, null, 2) + '\n']] };
  }

  async onEnd(result: FullResult): Promise<{ status?: FullResult['status'] } | undefined> {
    const runId = process.env.SWC_RUN_ID || randomUUID();
    // A run that ran nothing (`--list`, or no test matched, or interrupted before any test
    // ended) writes nothing: the last report stays whole, and no gate line claims a pass over
    // zero checks.
    if (process.argv.includes('--list') || this.tests.size === 0) {
      writeRunStatus({ id: runId, outcome: 'nothing-ran', playwrightStatus: result.status });
      return undefined;
    }
    const tests = [...this.tests.values()];
    for (const test of this.suite?.allTests() ?? []) {
      if (!this.tests.has(test.id)) tests.push(collectNotRun(test));
    }
    const configDir = this.config?.configFile ? resolve(this.config.configFile, '..') : process.cwd();
    const shard = this.mode === 'run' && this.config?.shard ? { current: this.config.shard.current, total: this.config.shard.total } : null;
    const repeat = Math.max(1, ...(this.config?.projects ?? []).map((p) => p.repeatEach));
    const run: Omit<RunMetadata, 'fuzzSeeds' | 'projects'> = {
      id: runId,
      date: new Date().toISOString(),
      ...(repeat > 1 ? { repeat } : {}),
      startTime: result.startTime.toISOString(),
      durationMs: Math.round(result.duration),
      mode: this.mode,
      shard,
      mergedReports: this.mode === 'merge' ? mergedReports() : null,
      playwrightStatus: result.status,
      playwrightVersion: playwrightVersion(),
      gitCommit: gitCommit(configDir),
      baseline: relative(process.cwd(), this.baselinePath) || this.baselinePath,
    };
    const completeRun = !shard && (!this.config || matchesEverything(this.config.grep, this.config.grepInvert));
    const report = buildReport({ tests, globalErrors: this.globalErrors, engineInfo: this.engineInfo, baseline: this.baseline, run, completeRun });
    const problems = reportProblems(report);
    this.report = report;
    const file = (name: string) => resolve(this.outDir, name);
    const text = JSON.stringify(report, null, 2) + '\n';
    const partial = !completeRun || (this.config !== undefined && report.run.projects.length < this.config.projects.length);
    const history = !problems.length ? this.history(report, result.status, partial) : { files: [] };
    const wpt = problems.length ? [] : wptReports(report);
    try {
      // All files or none (reports/write.ts): a full disk or a dead folder leaves the earlier
      // report whole. conformance.json is renamed last: its presence (with this run's id) means
      // the whole report is there.
      if (problems.length) {
        // A record the schema does not describe (a harness bug, or a schema not regenerated after
        // a model change): keep the evidence, never leave a previous run's conformance.json behind.
        writeFilesAtomic(
          [
            [file(OUTPUT_FILES.html), renderHtml(report)],
            [file(OUTPUT_FILES.junit), renderJunit(report)],
            [file(OUTPUT_FILES.invalid), text],
          ],
          { remove: [file(OUTPUT_FILES.json), ...ENGINES.map((e) => file(wptReportFile(e)))] },
        );
      } else {
        writeFilesAtomic(
          [
            [file(OUTPUT_FILES.html), renderHtml(report, history.trend ? { trend: history.trend } : {})],
            [file(OUTPUT_FILES.junit), renderJunit(report)],
            ...wpt.map(({ engine, report: w }) => [file(wptReportFile(engine)), JSON.stringify(w) + '\n'] as [string, string]),
            ...history.files,
            [file(OUTPUT_FILES.json), text],
          ],
          // A previous run's wptreport of an engine that did not run this time would read as this run's.
          { remove: [file(OUTPUT_FILES.invalid), ...ENGINES.filter((e) => !wpt.some((w) => w.engine === e)).map((e) => file(wptReportFile(e)))] },
        );
      }
    } catch (e) {
      const why = (e as Error).message.split('\n')[0] ?? String(e);
      console.error(`sw-conformance: could not write the report to ${relative(process.cwd(), this.outDir) || '.'} (${why}); the report that was there is untouched`);
      writeRunStatus({ id: runId, outcome: 'write-failed', playwrightStatus: result.status, error: why });
      return { status: 'failed' };
    }
    if (problems.length) {
      writeRunStatus({ id: runId, outcome: 'invalid', playwrightStatus: result.status });
      console.error(
        `sw-conformance: the report does not match reports/schemas/conformance.schema.json; wrote ${OUTPUT_FILES.invalid} instead of ${OUTPUT_FILES.json} (a record the types do not describe, or run \`npm run schemas\`):\n  ${problems.slice(0, 20).join('\n  ')}`,
      );
      return result.status === 'interrupted' || result.status === 'timedout' ? undefined : { status: 'failed' };
    }
    writeRunStatus({ id: runId, outcome: 'written', playwrightStatus: result.status });

    const g = report.gate;
    const where = relative(process.cwd(), resolve(this.outDir, OUTPUT_FILES.html));
    console.log(
      `sw-conformance: gate ${g.status.toUpperCase()} — ${g.counts.ok} ok, ${g.counts.expected} expected, ${g.counts.regression} regression(s), ${g.stale.length + g.staleQuirks.length} stale, ${g.flaky?.length ?? 0} flaky, ${g.otherFailures.length} other failure(s); ${lateEventsLine(report)} → ${where}`,
    );
    if (result.status === 'passed' || result.status === 'failed') return { status: g.status === 'pass' ? 'passed' : 'failed' };
    return undefined;
  }
}

/** The text summary's count of results with late events (the end rule caught them, runner.ts END_RULE). */
export function lateEventsLine(report: ConformanceReport): string {
  const l = report.lateEvents;
  return `${l.results} result(s) with late events${l.items.length ? ` (${l.items.slice(0, 5).map((i) => `${i.check} [${i.engine}]`).join(', ')}${l.items.length > 5 ? ', …' : ''})` : ''}`;
}
