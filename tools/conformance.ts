// `npm run conformance -- [options]`: run every suite with the conformance reporter (or merge the
// blob reports of a sharded run), gate the result against the baseline, optionally rewrite the
// baseline and build the Allure HTML report. Exit codes: 0 the run matches the baseline,
// 1 regressions, 2 usage or input error, 130 interrupted. See HELP.
//
// Every option, and every file and folder an option names, is checked before Playwright starts
// (checkInputs). While Playwright runs, Ctrl-C reaches it directly (same process group): it stops
// the workers and the reporter writes what ran, marked interrupted; this process waits for that
// and says what became of the report (the reporter tells it through SWC_RUN_STATUS).
import { spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BaselineError, loadBaseline, serializeBaseline, updateBaseline } from '../reports/baseline.js';
import { HistoryError, readHistory } from '../reports/history.js';
import { DEFAULT_BASELINE, DEFAULT_OUT_DIR, ROOT } from '../reports/paths.js';
import { OUTPUT_FILES, type RunStatus } from '../reports/reporter.js';
import type { BaselineRef, ConformanceReport } from '../reports/types.js';
import { writeFileAtomic } from '../reports/write.js';
import { BudgetError, budgetFromEnv } from '../suites/fuzz/budget.js';
import { BlobReportError, checkBlobFolder } from './blob-reports.js';
import { checkSelectionArgs, knownCheckIds, parseCheckId, unknownCheckIds } from './check-ids.js';
import { checkOutputFolder, exitQuietlyOnEpipe, flag, isMain, list, parseOptions, UsageError, value } from './cli.js';
import { FUZZ_SECONDS_MAX, FUZZ_SECONDS_MIN, FUZZ_SHARE, fuzzSecondsForShare, parseFuzzSeconds, SECONDS_PER_CHECK, suiteSize } from './fuzz-share.js';

export const EXIT = { ok: 0, regressions: 1, usage: 2, interrupted: 130 } as const;

export const HELP = `Usage: npm run conformance -- [options]

Runs every suite (npx playwright test) with the conformance reporter and gates the
verdicts against the baseline of known deviations. Writes <out>/conformance.json,
index.html, junit.xml and wptreport-<engine>.json (and allure-results/ through
allure-playwright).
The fuzz properties get ${FUZZ_SHARE * 100}% of a whole run's time by default: per engine, each
searches ${FUZZ_SHARE * 100}/${100 - FUZZ_SHARE * 100} × (table checks × ${SECONDS_PER_CHECK} s) / (fuzz properties) seconds, within
${FUZZ_SECONDS_MIN}..${FUZZ_SECONDS_MAX} s (the line "fuzz budget: …" says how many). --fuzz-seconds N sets it, and
so do SWC_FUZZ_SECONDS or SWC_FUZZ_RUNS (\`npm run fuzz\` runs the properties alone).

Options:
  --project NAME     run only this Playwright project (engine: chromium, firefox, webkit);
                     repeatable
  --check ID         run only the check with exactly this id, e.g.
                     lifecycle/update-via-cache-all or fuzz/url-match; repeatable. An id
                     that no suite table or fuzz check has is an error (exit 2). With
                     --grep, a check must match both
  --grep REGEX       run only the checks whose title matches
  --fuzz-seconds N   seconds of search per fuzz property and engine (a positive number
                     up to 86400) instead of the default share of the run; wins over
                     SWC_FUZZ_SECONDS
  --shard I/N        run shard I of N (whole numbers, 1 ≤ I ≤ N); the shard's blob
                     report goes to <out>/blob/ (collect every shard's blob and pass the
                     folder to --merge)
  --merge DIR        run nothing: merge the blob reports (*.zip) in DIR into one report
  --repeat N         verify mode: run every selected check N times per engine (Playwright's
                     --repeat-each); a check whose verdict changes is flaky and fails the
                     gate unless the baseline lists it with "expect": "flaky" and a reason
  --history DIR      add this run's summary (per engine and area counts, engine versions,
                     run id, date) to DIR, one file per run, written with the report; the
                     page shows the trend of the last runs (not with --shard: merge first)
  --update-baseline  rewrite the baseline from this run: deviations and errors become
                     entries (reasons of remaining entries kept, new ones "TODO: triage"),
                     entries whose check now passes are dropped
  --allure           also build the Allure HTML report (<out>/allure-report) with the
                     pure-JS allure CLI
  --headed           show the browsers (needs a display: $DISPLAY)
  --config FILE      Playwright config (default: playwright.config.ts)
  --baseline FILE    baseline of known deviations (default: reports/baseline.json)
  --out DIR          output folder (default: reports/out); created if missing, checked
                     writable before anything runs
  --help             show this text

The report files are written together or not at all: a run that cannot write them
(a full disk) leaves the previous report whole, and so does a run that ran nothing.

Exit codes:
  0    the run matches the baseline (every deviation is a known one)
  1    regressions: a deviation or harness error not in the baseline, a baseline entry
       whose check now passes (stale), or a failure outside any check; or the report
       could not be written
  2    usage or input error: unknown or invalid option, malformed baseline, broken
       config, unusable --out or --merge folder, no tests matched; nothing is run or
       written
  130  interrupted (Ctrl-C): the report, if any check ended, covers what ran and says
       the run was interrupted
`;

export interface CliOptions {
  projects: string[];
  /** --check: exact check ids (empty: every check). */
  checks: string[];
  grep?: string;
  /** --fuzz-seconds: the fuzz budget per property and engine, set explicitly. */
  fuzzSeconds?: number;
  shard?: { current: number; total: number };
  merge?: string;
  /** --repeat N (verify mode): Playwright's --repeat-each. */
  repeat?: number;
  /** --history DIR. */
  history?: string;
  updateBaseline: boolean;
  allure: boolean;
  headed: boolean;
  config: string;
  baseline: string;
  out: string;
  help: boolean;
}

const OPTIONS = {
  project: list((v) => {
    if (!/^[\w.-]+$/.test(v)) throw new UsageError(`--project "${v}" is not a project name`);
    return v;
  }),
  check: list(parseCheckId),
  grep: value((v) => {
    try {
      new RegExp(v);
    } catch (e) {
      throw new UsageError(`--grep "${v}" is not a valid regular expression: ${(e as Error).message}`);
    }
    return v;
  }),
  shard: value((v) => {
    const m = /^(\d+)\/(\d+)$/.exec(v);
    const current = m ? Number(m[1]) : NaN;
    const total = m ? Number(m[2]) : NaN;
    // Beyond 2^53 a number is no longer exact: Playwright would get "1/1e+23" and run everything.
    if (!m || !Number.isSafeInteger(current) || !Number.isSafeInteger(total) || total < 1 || current < 1 || current > total) {
      throw new UsageError(`--shard "${v}" must be I/N with whole numbers 1 ≤ I ≤ N ≤ ${Number.MAX_SAFE_INTEGER}, e.g. 1/3`);
    }
    return { current, total };
  }),
  'fuzz-seconds': value(parseFuzzSeconds),
  merge: value(),
  repeat: value((v) => {
    const n = /^\d+$/.test(v) ? Number(v) : NaN;
    if (!Number.isSafeInteger(n) || n < 1 || n > 1000) throw new UsageError(`--repeat "${v}" must be a whole number from 1 to 1000`);
    return n;
  }),
  history: value(),
  config: value(),
  baseline: value(),
  out: value(),
  'update-baseline': flag(),
  allure: flag(),
  headed: flag(),
};

/** Parse and validate argv (without node and script). Throws UsageError naming the problem. */
export function parseConformanceArgs(argv: string[], cwd = process.cwd()): CliOptions {
  const v = parseOptions(argv, OPTIONS);
  const o: CliOptions = {
    projects: v.project,
    checks: v.check,
    updateBaseline: v['update-baseline'],
    allure: v.allure,
    headed: v.headed,
    config: v.config === undefined ? resolve(ROOT, 'playwright.config.ts') : resolve(cwd, v.config),
    baseline: v.baseline === undefined ? DEFAULT_BASELINE : resolve(cwd, v.baseline),
    out: v.out === undefined ? DEFAULT_OUT_DIR : resolve(cwd, v.out),
    help: v.help,
  };
  if (v.grep !== undefined) o.grep = v.grep;
  if (v['fuzz-seconds'] !== undefined) o.fuzzSeconds = v['fuzz-seconds'];
  if (v.shard !== undefined) o.shard = v.shard;
  if (v.merge !== undefined) o.merge = resolve(cwd, v.merge);
  if (v.repeat !== undefined) o.repeat = v.repeat;
  if (v.history !== undefined) o.history = resolve(cwd, v.history);
  if (o.help) return o;
  if (o.merge !== undefined) {
    const conflicting = [o.shard && '--shard', o.repeat !== undefined && '--repeat', o.projects.length && '--project', o.checks.length && '--check', o.grep !== undefined && '--grep', o.headed && '--headed', o.fuzzSeconds !== undefined && '--fuzz-seconds'].filter(Boolean);
    if (conflicting.length) throw new UsageError(`--merge runs no tests, so it cannot be combined with ${conflicting.join(', ')}`);
  }
  if (o.history !== undefined && o.shard) throw new UsageError('--history needs the whole run: merge the shards first (--merge DIR --history DIR)');
  if (o.updateBaseline && o.shard) throw new UsageError('--update-baseline needs the whole run: merge the shards first (--merge DIR --update-baseline)');
  return o;
}

/** Checks on the file system and the environment, before anything starts; throws UsageError. */
export async function checkInputs(o: CliOptions, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  if (!existsSync(o.config)) throw new UsageError(`--config: ${relative(process.cwd(), o.config)} does not exist`);
  if (!statSync(o.config).isFile()) throw new UsageError(`--config: ${relative(process.cwd(), o.config)} is not a file`);
  if (existsSync(o.baseline) && !statSync(o.baseline).isFile()) throw new UsageError(`--baseline: ${relative(process.cwd(), o.baseline)} is not a file`);
  if (o.merge !== undefined) {
    if (!(existsSync(o.merge) && statSync(o.merge).isDirectory())) throw new UsageError(`--merge: ${o.merge} is not a folder`);
    try {
      checkBlobFolder(o.merge);
    } catch (e) {
      if (e instanceof BlobReportError) throw new UsageError(`--merge: ${e.message}`);
      throw e;
    }
  }
  // The report folder: a folder (or creatable), writable. Not checked, a file there failed only
  // after every browser test had run, and a folder under /proc hung the run.
  checkOutputFolder('--out', o.out);
  // --update-baseline rewrites the baseline (atomically: a temporary file next to it).
  if (o.updateBaseline) checkOutputFolder('--baseline', dirname(o.baseline));
  if (o.history !== undefined) {
    checkOutputFolder('--history', o.history);
    try {
      readHistory(o.history, { strict: true });
    } catch (e) {
      if (e instanceof HistoryError) throw new UsageError(`--history: ${e.message}`);
      throw e;
    }
  }
  // The environment the run reads: SWC_WORKERS (playwright.config.ts) and the fuzz budget
  // (suites/fuzz/budget.ts), which would otherwise fail in every worker, or not at all.
  const workers = env.SWC_WORKERS;
  if (workers && !/^(?:[1-9]\d{0,3}|(?:100|[1-9]\d?)%)$/.test(workers)) throw new UsageError(`SWC_WORKERS must be a number of workers (1-9999) or a percentage of the cores like 50% (got "${workers}")`);
  try {
    budgetFromEnv(env);
  } catch (e) {
    if (e instanceof BudgetError) throw new UsageError(e.message);
    throw e;
  }
  if (o.checks.length) {
    const unknown = unknownCheckIds(o.checks, await knownCheckIds());
    if (unknown.length) throw new UsageError(`--check: no check has the id${unknown.length > 1 ? 's' : ''} ${unknown.map((id) => `"${id}"`).join(', ')} (ids are in suites/<area>/<area>.scenarios.ts and fuzz/<property>)`);
  }
  if (o.headed && !env.DISPLAY && !env.WAYLAND_DISPLAY) throw new UsageError('--headed needs a display, and $DISPLAY is not set (run without --headed, or under xvfb-run to test headed mode)');
  if (o.projects.length) {
    let names: string[] | undefined;
    try {
      const mod = (await import(pathToFileURL(o.config).href)) as { default?: { projects?: { name?: string }[] } };
      names = mod.default?.projects?.map((p) => p.name ?? '').filter(Boolean);
    } catch (e) {
      // Playwright loads configs its own way; if this quick look fails, Playwright will name an
      // unknown project itself (and the missing report then gives exit 2).
      log(`note: could not read the project names from ${relative(process.cwd(), o.config)} (${(e as Error).message.split('\n')[0]}); Playwright will check --project`);
    }
    if (names?.length) {
      const unknown = o.projects.filter((p) => !names!.includes(p));
      if (unknown.length) throw new UsageError(`unknown project${unknown.length > 1 ? 's' : ''} ${unknown.map((p) => `"${p}"`).join(', ')} (the config has ${names.join(', ')})`);
    }
  }
}

function playwrightCli(): string {
  return createRequire(import.meta.url).resolve('@playwright/test/cli');
}

function readReport(file: string): ConformanceReport | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as ConformanceReport;
  } catch {
    return undefined;
  }
}

function describeRef(r: BaselineRef): string {
  return `${r.check !== undefined ? r.check : `quirk ${r.quirk ?? ''}`} [${r.engine}]`;
}

function readRunStatus(file: string, runId: string): RunStatus | undefined {
  try {
    const status = JSON.parse(readFileSync(file, 'utf8')) as RunStatus;
    return status.id === runId ? status : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Run Playwright and wait for it. A Ctrl-C in the terminal reaches Playwright itself (it shares
 * this process group) and Playwright ends the run gracefully, so here SIGINT is only noted: the
 * report is what Playwright's reporter makes of the interrupted run. SIGTERM and SIGHUP, which
 * are sent to this process alone, are passed on to Playwright as SIGINT.
 */
function runPlaywright(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; signal: NodeJS.Signals | null; error?: Error; received?: NodeJS.Signals }> {
  return new Promise((done) => {
    let received: NodeJS.Signals | undefined;
    const child = spawn(process.execPath, args, { stdio: 'inherit', env, cwd: process.cwd() });
    const onSignal = (signal: NodeJS.Signals): void => {
      received ??= signal;
      if (signal !== 'SIGINT') child.kill('SIGINT');
    };
    const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
    for (const s of signals) process.on(s, onSignal);
    const finish = (r: { code: number | null; signal: NodeJS.Signals | null; error?: Error }): void => {
      for (const s of signals) process.off(s, onSignal);
      done({ ...r, ...(received ? { received } : {}) });
    };
    child.once('error', (error) => finish({ code: null, signal: null, error }));
    child.once('exit', (code, signal) => finish({ code, signal }));
  });
}

/**
 * The fuzz properties (suites/fuzz) search longer here than in `npm test` (a few runs each):
 * --fuzz-seconds, else the caller's SWC_FUZZ_RUNS / SWC_FUZZ_SECONDS, else a share of the run
 * (fuzz-share.ts). Sets SWC_FUZZ_SECONDS in `env`; returns the line to log about it, if any.
 */
export async function applyFuzzBudget(o: Pick<CliOptions, 'fuzzSeconds' | 'merge'>, env: NodeJS.ProcessEnv, size = suiteSize): Promise<string | undefined> {
  if (o.fuzzSeconds !== undefined) {
    env.SWC_FUZZ_SECONDS = String(o.fuzzSeconds);
    return undefined;
  }
  if (o.merge !== undefined || env.SWC_FUZZ_RUNS || env.SWC_FUZZ_SECONDS) return undefined;
  const s = await size();
  const seconds = fuzzSecondsForShare(s);
  env.SWC_FUZZ_SECONDS = String(seconds);
  return `fuzz budget: ${seconds} s per property and engine (${FUZZ_SHARE * 100}% of a whole run of ${s.checks} checks and ${s.properties} properties; --fuzz-seconds N sets it)`;
}

function log(msg: string): void {
  process.stderr.write(`conformance: ${msg}\n`);
}

export async function main(argv: string[]): Promise<number> {
  let o: CliOptions;
  try {
    o = parseConformanceArgs(argv);
    if (o.help) {
      exitQuietlyOnEpipe();
      process.stdout.write(HELP);
      return EXIT.ok;
    }
    await checkInputs(o);
    loadBaseline(o.baseline, relative(process.cwd(), o.baseline));
  } catch (e) {
    if (e instanceof UsageError || e instanceof BaselineError) {
      log(e.message);
      if (e instanceof UsageError) log('see --help');
      return EXIT.usage;
    }
    throw e;
  }

  const runId = randomUUID();
  const env: NodeJS.ProcessEnv = { ...process.env, SWC_OUT_DIR: o.out, SWC_BASELINE: o.baseline, SWC_RUN_ID: runId };
  const budgetNote = await applyFuzzBudget(o, env);
  if (budgetNote) log(budgetNote);
  delete env.SWC_BLOB_DIR;
  if (o.history !== undefined) env.SWC_HISTORY_DIR = o.history;
  else delete env.SWC_HISTORY_DIR;
  const args = [playwrightCli()];
  if (o.merge !== undefined) {
    args.push('merge-reports', '--config', o.config, o.merge);
  } else {
    args.push('test', '--config', o.config);
    for (const p of o.projects) args.push('--project', p);
    if (o.checks.length) args.push(...checkSelectionArgs(o.checks, o.grep));
    else if (o.grep !== undefined) args.push('--grep', o.grep);
    if (o.repeat !== undefined) args.push('--repeat-each', String(o.repeat));
    if (o.shard) {
      args.push('--shard', `${o.shard.current}/${o.shard.total}`);
      env.SWC_BLOB_DIR = join(o.out, 'blob');
    }
    if (o.headed) args.push('--headed');
  }
  const statusFile = join(tmpdir(), `swc-run-status-${runId}.json`);
  env.SWC_RUN_STATUS = statusFile;
  const child = await runPlaywright(args, env);
  if (child.error) {
    log(`could not start Playwright: ${child.error.message}`);
    return EXIT.usage;
  }
  const pwExit = child.code ?? 1;
  const status = readRunStatus(statusFile, runId);
  rmSync(statusFile, { force: true });
  const where = relative(process.cwd(), o.out) || '.';
  const interrupted = child.received !== undefined || status?.playwrightStatus === 'interrupted' || child.signal === 'SIGINT';
  if (child.signal && !interrupted) log(`Playwright was killed by ${child.signal}`);

  if (status?.outcome === 'write-failed') {
    log(`the report could not be written to ${where} (${status.error ?? 'unknown error'}); the report that was there is untouched${interrupted ? ' (and the run was interrupted)' : ''}`);
    return interrupted ? EXIT.interrupted : EXIT.regressions;
  }
  const report = readReport(join(o.out, OUTPUT_FILES.json));
  if (!report || report.run?.id !== runId) {
    const invalid = readReport(join(o.out, OUTPUT_FILES.invalid));
    if (invalid?.run?.id === runId) {
      log(`the report failed schema validation (see the errors above); it is in ${relative(process.cwd(), join(o.out, OUTPUT_FILES.invalid))}`);
      return interrupted ? EXIT.interrupted : EXIT.regressions;
    }
    if (interrupted) {
      log(`interrupted${child.received ? ` (${child.received})` : ''} before any check ended: no report was written, the report in ${where} is untouched`);
      return EXIT.interrupted;
    }
    if (status === undefined && child.signal) {
      log(`no report was written: Playwright was killed by ${child.signal}; the report in ${where} is untouched`);
      return EXIT.regressions;
    }
    // The reporter writes nothing for a run that ran no test, so an earlier report stays whole.
    if (status?.outcome === 'nothing-ran') {
      log(`no tests ran, so no report was written (Playwright exited with ${pwExit}): check --project / --grep and the errors above`);
    } else if (pwExit !== 0) {
      // The reporter never reached its end: a config Playwright could not load, or a crash.
      log(`no report was written: Playwright exited with ${pwExit} before the conformance reporter finished (a broken config, or a crash: see the errors above); the report in ${where} is untouched`);
    } else {
      log(`no report was written: ${relative(process.cwd(), o.config)} does not list reports/reporter.ts among its reporters`);
    }
    return EXIT.usage;
  }
  if (interrupted) {
    const ended = report.checks.reduce((n, c) => n + Object.values(c.results).filter((r) => !/^did not run/.test(r.detail ?? '')).length, 0);
    log(`interrupted${child.received ? ` (${child.received})` : ''}: the report in ${where} covers the ${ended} check result(s) that ended and says the run was interrupted`);
    log(`report: ${relative(process.cwd(), join(o.out, OUTPUT_FILES.html))}; exit ${EXIT.interrupted}`);
    return EXIT.interrupted;
  }
  if (o.merge === undefined && pwExit !== 0 && report.checks.length === 0 && report.run.projects.length === 0) {
    const why = report.gate.otherFailures.map((f) => f.message.split('\n')[0]).join('; ');
    log(`no tests ran${why ? ` (${why})` : ''}: check --project / --grep and the errors above`);
    return EXIT.usage;
  }

  let exit: number = report.gate.status === 'pass' ? EXIT.ok : EXIT.regressions;
  const g = report.gate;
  for (const r of g.regressions) log(`regression: ${r.check} [${r.engine}] ${r.verdict}${r.detail ? `: ${r.detail}` : ''}`);
  for (const r of g.stale) log(`stale baseline entry: ${r.check} [${r.engine}] is ${r.verdict} now`);
  for (const r of g.flaky ?? []) log(`flaky: ${r.check} [${r.engine}] ${(r.verdicts ?? [r.verdict]).join(' ')}`);
  for (const r of g.staleQuirks) log(`stale baseline entry: ${describeRef(r)}: no fuzz check reported it`);
  for (const f of g.otherFailures) log(`failure outside any check: ${f.project ? `[${f.project}] ` : ''}${f.title}: ${f.message.split('\n')[0]}`);

  if (o.updateBaseline) {
    const old = loadBaseline(o.baseline, relative(process.cwd(), o.baseline));
    const { baseline, added, removed } = updateBaseline(old, report);
    const text = serializeBaseline(baseline);
    const before = readFileSync(o.baseline, 'utf8');
    if (text !== before) writeFileAtomic(o.baseline, text);
    log(`baseline ${relative(process.cwd(), o.baseline)}: ${added.length} added, ${removed.length} removed${text === before ? ' (unchanged)' : ''}`);
    for (const r of added) log(`  + ${describeRef(r)}: ${r.reason}`);
    for (const r of removed) log(`  - ${describeRef(r)}`);
    // The run now matches the baseline, except for failures no baseline can excuse.
    exit = g.otherFailures.length ? EXIT.regressions : EXIT.ok;
  } else if (exit === EXIT.ok && o.merge === undefined && pwExit !== 0) {
    log(`the gate passed but Playwright exited with ${pwExit} (a reporter error?); failing the run`);
    exit = EXIT.regressions;
  }

  if (o.allure) {
    const results = join(o.out, 'allure-results');
    if (!existsSync(results)) {
      log(`--allure: ${relative(process.cwd(), results)} does not exist (is allure-playwright in the config's reporters, writing there?)`);
      return exit === EXIT.ok ? EXIT.usage : exit;
    }
    // The package exports no ./cli.js; its bin sits next to dist/.
    const allureBin = join(dirname(createRequire(import.meta.url).resolve('allure')), '..', 'cli.js');
    const gen = spawnSync(process.execPath, [allureBin, 'generate', results, '--output', join(o.out, 'allure-report')], {
      stdio: 'inherit',
      cwd: process.cwd(),
    });
    if (gen.status !== 0) {
      log(`allure generate failed (exit ${gen.status ?? 'signal'})`);
      return exit === EXIT.ok ? EXIT.usage : exit;
    }
    log(`Allure report: ${relative(process.cwd(), join(o.out, 'allure-report', 'index.html'))}`);
  }
  log(`gate ${g.status.toUpperCase()}; report: ${relative(process.cwd(), join(o.out, OUTPUT_FILES.html))}; exit ${exit}`);
  return exit;
}

if (isMain(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: unknown) => {
      log(`internal error: ${(e as Error).stack ?? String(e)}`);
      process.exit(EXIT.usage);
    },
  );
}
