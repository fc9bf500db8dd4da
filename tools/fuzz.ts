// `npm run fuzz -- [options]`: run the fuzz properties with a budget, or replay one counterexample
// exactly from its seed and path, through Playwright (the same specs, projects and reporter as
// every other check). Options become the SWC_FUZZ_* environment of budget.ts.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ENGINES } from '../contract/index.js';
import { BudgetError, parseSeed, PATH_RE } from '../suites/fuzz/budget.js';
import { PROPERTY_IDS, isPropertyId, type PropertyId } from '../suites/fuzz/scenarios.js';
import { checkOutputFolder, exitQuietlyOnEpipe, flag, isMain, list, parseOptions, UsageError, value } from './cli.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

export const HELP = `Usage: npm run fuzz -- [options]

Runs the fuzz properties (fuzz/url-match, fuzz/register, fuzz/navigation-control) in the
browsers through Playwright, with the conformance reporter and the baseline's quirks.

Options:
  --property NAME      url-match, register or navigation-control; repeatable (default: all)
  --project NAME       chromium, firefox or webkit; repeatable (default: all)
  --seed N             the fast-check seed (default: a fresh one per property, printed)
  --path P             with --seed and one --property: replay exactly this counterexample
                       (as printed after "replay:"), without searching or shrinking
  --runs N             runs per property
  --seconds N          seconds of searching per property
                       (neither: 60 seconds; with --seed and no --path: 25 runs)
  --shrink-seconds N   time for shrinking a counterexample (default 120)
  --save               write an unexplained minimal counterexample as a regression scenario
                       to suites/fuzz/regressions/ (run by suites/fuzz/regressions.spec.ts)
  --out DIR            report folder (default: reports/out/fuzz); created if missing,
                       checked writable before anything runs
  --help               show this text

Exit codes: 0 no unexplained counterexample; 1 a counterexample or a harness error;
2 usage error (nothing run).
`;

export interface FuzzCliOptions {
  properties: PropertyId[];
  projects: string[];
  seed?: number;
  path?: string;
  runs?: number;
  seconds?: number;
  shrinkSeconds?: number;
  save: boolean;
  out: string;
  help: boolean;
}

function positiveInt(name: string, v: string): number {
  if (!/^\d+$/.test(v) || Number(v) < 1 || !Number.isSafeInteger(Number(v))) throw new UsageError(`${name} must be a positive integer (got "${v}")`);
  return Number(v);
}

function positiveNumber(name: string, v: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`${name} must be a positive number (got "${v}")`);
  return n;
}

const OPTIONS = {
  property: list((v): PropertyId => {
    if (!isPropertyId(v)) throw new UsageError(`--property "${v}" is not one of ${PROPERTY_IDS.join(', ')}`);
    return v;
  }),
  project: list((v) => {
    if (!(ENGINES as readonly string[]).includes(v)) throw new UsageError(`--project "${v}" is not one of ${ENGINES.join(', ')}`);
    return v;
  }),
  seed: value((v) => {
    try {
      return parseSeed('--seed', v);
    } catch (e) {
      throw new UsageError((e as BudgetError).message);
    }
  }),
  path: value((v) => {
    if (!PATH_RE.test(v)) throw new UsageError(`--path must look like "3:1:0" (got "${v}")`);
    return v;
  }),
  runs: value((v) => positiveInt('--runs', v)),
  seconds: value((v) => positiveNumber('--seconds', v)),
  'shrink-seconds': value((v) => positiveNumber('--shrink-seconds', v)),
  save: flag(),
  out: value((v) => resolve(v)),
};

/** Parse and validate argv (without node and script). Throws UsageError naming the problem. */
export function parseFuzzArgs(argv: string[]): FuzzCliOptions {
  const v = parseOptions(argv, OPTIONS);
  const o: FuzzCliOptions = { properties: v.property, projects: v.project, save: v.save, out: v.out ?? join(ROOT, 'reports', 'out', 'fuzz'), help: v.help };
  if (v.seed !== undefined) o.seed = v.seed;
  if (v.path !== undefined) o.path = v.path;
  if (v.runs !== undefined) o.runs = v.runs;
  if (v.seconds !== undefined) o.seconds = v.seconds;
  if (v['shrink-seconds'] !== undefined) o.shrinkSeconds = v['shrink-seconds'];
  if (o.help) return o;
  if (o.path !== undefined) {
    if (o.seed === undefined) throw new UsageError('--path needs --seed (a path is a position in the runs of one seed)');
    if (o.properties.length !== 1) throw new UsageError('--path needs exactly one --property (a path belongs to one property)');
    if (o.runs !== undefined || o.seconds !== undefined) throw new UsageError('--path replays one counterexample exactly; --runs and --seconds do not apply');
  }
  return o;
}

/** The environment for Playwright: the budget and replay of budget.ts, the report folder. */
export function fuzzEnv(o: FuzzCliOptions, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...base, SWC_OUT_DIR: o.out };
  for (const k of Object.keys(env)) if (k.startsWith('SWC_FUZZ_')) delete env[k];
  if (o.seed !== undefined) env.SWC_FUZZ_SEED = String(o.seed);
  if (o.path !== undefined) env.SWC_FUZZ_PATH = o.path;
  if (o.runs !== undefined) env.SWC_FUZZ_RUNS = String(o.runs);
  if (o.seconds !== undefined) env.SWC_FUZZ_SECONDS = String(o.seconds);
  if (o.path === undefined && o.runs === undefined && o.seconds === undefined) {
    if (o.seed !== undefined) env.SWC_FUZZ_RUNS = '25';
    else env.SWC_FUZZ_SECONDS = '60';
  }
  if (o.shrinkSeconds !== undefined) env.SWC_FUZZ_SHRINK_SECONDS = String(o.shrinkSeconds);
  if (o.save) env.SWC_FUZZ_SAVE = '1';
  return env;
}

/** The Playwright arguments: the fuzz specs only, the chosen properties (by check id) and projects. */
export function playwrightArgs(o: FuzzCliOptions): string[] {
  const properties = o.properties.length > 0 ? o.properties : [...PROPERTY_IDS];
  const args = ['test', '--config', join(ROOT, 'playwright.config.ts'), 'suites/fuzz/', '--grep', `fuzz/(${properties.join('|')}): `];
  for (const p of o.projects.length > 0 ? o.projects : ENGINES) args.push('--project', p);
  return args;
}

function playwrightCli(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('@playwright/test/package.json')), 'cli.js');
}

export function main(argv: string[], io: { out: (s: string) => void; err: (s: string) => void } = { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) }): number {
  let o: FuzzCliOptions;
  try {
    o = parseFuzzArgs(argv);
    // The report folder is checked before any browser starts (a file there, or an uncreatable
    // folder, failed only at the end of the run).
    if (!o.help) checkOutputFolder('--out', o.out);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`npm run fuzz: ${e.message}\nsee --help\n`);
      return EXIT.usage;
    }
    throw e;
  }
  if (o.help) {
    io.out(HELP);
    return EXIT.ok;
  }
  const args = playwrightArgs(o);
  io.out(`npm run fuzz: playwright ${args.join(' ')}\n`);
  const child = spawnSync(process.execPath, [playwrightCli(), ...args], { stdio: 'inherit', env: fuzzEnv(o), cwd: ROOT });
  if (child.error) {
    io.err(`npm run fuzz: could not start Playwright: ${child.error.message}\n`);
    return EXIT.usage;
  }
  io.out(`npm run fuzz: report in ${relative(process.cwd(), o.out) || '.'}\n`);
  return child.status === 0 ? EXIT.ok : EXIT.failed;
}

if (isMain(import.meta.url)) {
  exitQuietlyOnEpipe();
  process.exitCode = main(process.argv.slice(2));
}
