// `npm run conformance -- [options]`: run every suite with the conformance reporter (or merge the
// blob reports of a sharded run), gate the result against the baseline, optionally rewrite the
// baseline and build the Allure HTML report. Exit codes: 0 the run matches the baseline,
// 1 regressions, 2 usage or input error. See HELP.
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BaselineError, loadBaseline, serializeBaseline, updateBaseline } from '../reports/baseline.js';
import { DEFAULT_BASELINE, DEFAULT_OUT_DIR, ROOT } from '../reports/paths.js';
import { OUTPUT_FILES } from '../reports/reporter.js';
import type { BaselineRef, ConformanceReport } from '../reports/types.js';
import { writeFileAtomic } from '../reports/write.js';
import { flag, isMain, list, parseOptions, UsageError, value } from './cli.js';

export const EXIT = { ok: 0, regressions: 1, usage: 2 } as const;

/** Seconds of searching per fuzz property and engine in a conformance run (SWC_FUZZ_SECONDS / SWC_FUZZ_RUNS override). */
const CONFORMANCE_FUZZ_SECONDS = 45;

export const HELP = `Usage: npm run conformance -- [options]

Runs every suite (npx playwright test) with the conformance reporter and gates the
verdicts against the baseline of known deviations. Writes <out>/conformance.json,
index.html and junit.xml (and allure-results/ through allure-playwright).
The fuzz properties search 45 seconds each per engine (SWC_FUZZ_SECONDS or SWC_FUZZ_RUNS
override it; \`npm run fuzz\` runs them alone).

Options:
  --project NAME     run only this Playwright project (engine: chromium, firefox, webkit);
                     repeatable
  --grep REGEX       run only the checks whose title matches
  --shard I/N        run shard I of N; the shard's blob report goes to <out>/blob/
                     (collect every shard's blob and pass the folder to --merge)
  --merge DIR        run nothing: merge the blob reports in DIR into one report
  --update-baseline  rewrite the baseline from this run: deviations and errors become
                     entries (reasons of remaining entries kept, new ones "TODO: triage"),
                     entries whose check now passes are dropped
  --allure           also build the Allure HTML report (<out>/allure-report) with the
                     pure-JS allure CLI
  --headed           show the browsers
  --config FILE      Playwright config (default: playwright.config.ts)
  --baseline FILE    baseline of known deviations (default: reports/baseline.json)
  --out DIR          output folder (default: reports/out)
  --help             show this text

Exit codes:
  0  the run matches the baseline (every deviation is a known one)
  1  regressions: a deviation or harness error not in the baseline, a baseline entry
     whose check now passes (stale), or a failure outside any check
  2  usage or input error: unknown or invalid option, malformed baseline, broken
     config, no tests matched; nothing is run or written
`;

export interface CliOptions {
  projects: string[];
  grep?: string;
  shard?: { current: number; total: number };
  merge?: string;
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
    if (!m || total < 1 || current < 1 || current > total) throw new UsageError(`--shard "${v}" must be I/N with 1 ≤ I ≤ N, e.g. 1/3`);
    return { current, total };
  }),
  merge: value(),
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
    updateBaseline: v['update-baseline'],
    allure: v.allure,
    headed: v.headed,
    config: v.config === undefined ? resolve(ROOT, 'playwright.config.ts') : resolve(cwd, v.config),
    baseline: v.baseline === undefined ? DEFAULT_BASELINE : resolve(cwd, v.baseline),
    out: v.out === undefined ? DEFAULT_OUT_DIR : resolve(cwd, v.out),
    help: v.help,
  };
  if (v.grep !== undefined) o.grep = v.grep;
  if (v.shard !== undefined) o.shard = v.shard;
  if (v.merge !== undefined) o.merge = resolve(cwd, v.merge);
  if (o.help) return o;
  if (o.merge !== undefined) {
    const conflicting = [o.shard && '--shard', o.projects.length && '--project', o.grep !== undefined && '--grep', o.headed && '--headed'].filter(Boolean);
    if (conflicting.length) throw new UsageError(`--merge runs no tests, so it cannot be combined with ${conflicting.join(', ')}`);
  }
  if (o.updateBaseline && o.shard) throw new UsageError('--update-baseline needs the whole run: merge the shards first (--merge DIR --update-baseline)');
  return o;
}

/** Checks on the file system; throws UsageError. */
async function checkInputs(o: CliOptions): Promise<void> {
  if (!existsSync(o.config)) throw new UsageError(`--config: ${relative(process.cwd(), o.config)} does not exist`);
  if (o.merge !== undefined && !(existsSync(o.merge) && statSync(o.merge).isDirectory())) throw new UsageError(`--merge: ${o.merge} is not a folder`);
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

function log(msg: string): void {
  process.stderr.write(`conformance: ${msg}\n`);
}

export async function main(argv: string[]): Promise<number> {
  let o: CliOptions;
  try {
    o = parseConformanceArgs(argv);
    if (o.help) {
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
  // The fuzz properties (suites/fuzz) search longer here than in `npm test` (a few runs each),
  // unless the caller set their budget.
  if (!env.SWC_FUZZ_RUNS && !env.SWC_FUZZ_SECONDS) env.SWC_FUZZ_SECONDS = String(CONFORMANCE_FUZZ_SECONDS);
  delete env.SWC_BLOB_DIR;
  const args = [playwrightCli()];
  if (o.merge !== undefined) {
    args.push('merge-reports', '--config', o.config, o.merge);
  } else {
    args.push('test', '--config', o.config);
    for (const p of o.projects) args.push('--project', p);
    if (o.grep !== undefined) args.push('--grep', o.grep);
    if (o.shard) {
      args.push('--shard', `${o.shard.current}/${o.shard.total}`);
      env.SWC_BLOB_DIR = join(o.out, 'blob');
    }
    if (o.headed) args.push('--headed');
  }
  const child = spawnSync(process.execPath, args, { stdio: 'inherit', env, cwd: process.cwd() });
  const pwExit = child.status ?? 1;
  if (child.error) {
    log(`could not start Playwright: ${child.error.message}`);
    return EXIT.usage;
  }

  const report = readReport(join(o.out, OUTPUT_FILES.json));
  if (!report || report.run?.id !== runId) {
    const invalid = readReport(join(o.out, OUTPUT_FILES.invalid));
    if (invalid?.run?.id === runId) {
      log(`the report failed schema validation (see the errors above); it is in ${relative(process.cwd(), join(o.out, OUTPUT_FILES.invalid))}`);
      return EXIT.regressions;
    }
    // The reporter writes nothing for a run that ran no test, so an earlier report stays whole.
    log(
      `no tests ran, so no report was written (Playwright exited with ${pwExit}): check --project / --grep and the errors above. ` +
        `(If tests did run, ${relative(process.cwd(), o.config)} does not list reports/reporter.ts among its reporters.)`,
    );
    return EXIT.usage;
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
