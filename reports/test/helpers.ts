// Shared helpers for the reporter's tests (not a test file itself).
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Engine } from '../../contract/index.js';
import { BaselineIndex } from '../baseline.js';
import { buildReport, type BuildInput } from '../build.js';
import type { CollectedTest, PartialRecord } from '../collect.js';
import { ROOT } from '../paths.js';
import type { Baseline, ConformanceReport } from '../types.js';
import { recordFor, type Behaviour, type FixtureCheck, type FixturePlan } from './fixtures/plan.js';

export const FIXTURE_CONFIG = resolve(ROOT, 'reports/test/fixtures/playwright.config.ts');
export const CLI = resolve(ROOT, 'tools/conformance.ts');

export function tmp(prefix = 'swc-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

let n = 0;

/** A collected test as the reporter would build it from one Playwright result. */
export function collected(over: Partial<CollectedTest> & { project: string; title: string }): CollectedTest {
  const records = over.records ?? [];
  const failing = records.some((r) => r.verdict.verdict === 'deviation' || r.verdict.verdict === 'error');
  const status = over.status ?? (failing ? 'failed' : 'passed');
  return {
    testId: over.testId ?? `t${String(n++).padStart(4, '0')}`,
    location: `synthetic.spec.ts › ${over.title}`,
    status,
    expectedStatus: 'passed',
    outcome: status === 'passed' ? 'expected' : status === 'skipped' ? 'skipped' : 'unexpected',
    badRecords: [],
    attemptVerdicts: Object.fromEntries(records.map((r) => [r.id, [r.verdict.verdict]])),
    skippedOnPurpose: false,
    ...over,
    records,
  };
}

/** A collected check test whose record follows the fixture plan's behaviour. */
export function checkTest(c: FixtureCheck, engine: Engine, behaviour: Exclude<Behaviour, 'throw' | 'crash' | 'flaky'> = 'pass'): CollectedTest {
  const record: PartialRecord = recordFor(c, engine, behaviour);
  return collected({ project: engine, title: `${c.id}: synthetic`, checkId: c.id, records: [record] });
}

/** Run metadata of a report built from synthetic tests (no Playwright run). */
export const SYNTHETIC_RUN: BuildInput['run'] = {
  id: 'r',
  date: '2026-01-01T00:00:00.000Z',
  startTime: '2026-01-01T00:00:00.000Z',
  durationMs: 1,
  mode: 'run',
  shard: null,
  mergedReports: null,
  playwrightStatus: 'passed',
  playwrightVersion: '1.64.1',
  gitCommit: null,
  baseline: 'baseline.json',
};

/** A report built from synthetic tests, a whole run against `baseline`; `over` replaces any input. */
export function buildSynthetic(tests: CollectedTest[], baseline: Baseline = { checks: [], quirks: [] }, over: Partial<BuildInput> = {}): ConformanceReport {
  return buildReport({ tests, globalErrors: [], engineInfo: new Map(), baseline: new BaselineIndex(baseline), run: SYNTHETIC_RUN, completeRun: true, ...over });
}

export function writeJson(file: string, data: unknown): string {
  writeFileSync(file, JSON.stringify(data, null, 2) + '\n');
  return file;
}

export function readReport(outDir: string): ConformanceReport {
  return JSON.parse(readFileSync(join(outDir, 'conformance.json'), 'utf8')) as ConformanceReport;
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run the CLI as `npm run conformance` would (tsx), with a synthetic plan and its own output folder and baseline. */
export function runCli(args: string[], opts: { plan?: FixturePlan; dir: string; baseline?: Baseline | string; env?: NodeJS.ProcessEnv } = { dir: tmp() }): Promise<CliRun> {
  const planFile = join(opts.dir, 'plan.json');
  if (opts.plan) writeJson(planFile, opts.plan);
  const baselineFile = join(opts.dir, 'baseline.json');
  if (typeof opts.baseline === 'string') writeFileSync(baselineFile, opts.baseline);
  else writeJson(baselineFile, opts.baseline ?? { checks: [], quirks: [] });
  const full = ['--import', 'tsx', CLI, '--config', FIXTURE_CONFIG, '--baseline', baselineFile, ...args];
  if (!args.includes('--out')) full.push('--out', join(opts.dir, 'out'));
  return new Promise((done) => {
    execFile(
      process.execPath,
      full,
      { cwd: ROOT, env: { ...process.env, SWC_FIXTURE_PLAN: planFile, CI: '1', FORCE_COLOR: '0', ...opts.env }, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        done({ code, stdout, stderr });
      },
    );
  });
}

/** A small report with every kind of result: what the browser check of index.html opens. */
export function sampleReport(): ConformanceReport {
  const tests: CollectedTest[] = [
    checkTest({ id: 'scope/a', explainer: { section: '§3 Scope', claim: 'scopes are path prefixes', predicts: 'no match for /ab', specAgrees: true } }, 'chromium'),
    checkTest({ id: 'scope/a' }, 'firefox', 'deviation'),
    checkTest({ id: 'scope/a' }, 'webkit'),
    checkTest({ id: 'registration/b' }, 'chromium'),
    checkTest({ id: 'registration/b' }, 'firefox'),
    checkTest({ id: 'registration/b' }, 'webkit', 'deviation'),
    checkTest({ id: 'lifecycle/c' }, 'chromium', 'error'),
    checkTest({ id: 'lifecycle/c' }, 'firefox'),
    checkTest({ id: 'lifecycle/c' }, 'webkit'),
    checkTest({ id: 'proposals/static-routing' }, 'chromium'),
    checkTest({ id: 'proposals/static-routing' }, 'firefox', 'unsupported'),
    checkTest({ id: 'proposals/static-routing' }, 'webkit', 'unsupported'),
  ];
  return buildReport({
    tests,
    globalErrors: [],
    engineInfo: new Map([
      ['chromium', { version: '156.0.8078.79', driver: 'playwright', executable: '/usr/bin/chromium' }],
      ['firefox', { version: '153.7.0esr', driver: 'playwright-bidi' }],
      ['webkit', { version: '2.50.6', driver: 'webdriver-classic' }],
    ]),
    baseline: new BaselineIndex({ checks: [{ check: 'registration/b', engine: 'webkit', reason: 'WebKit bug', link: 'https://bugs.webkit.org/show_bug.cgi?id=1' }], quirks: [] }),
    run: {
      id: 'sample',
      date: '2026-01-01T00:00:00.000Z',
      startTime: '2026-01-01T00:00:00.000Z',
      durationMs: 1000,
      mode: 'run',
      shard: null,
      mergedReports: null,
      playwrightStatus: 'failed',
      playwrightVersion: '1.64.1',
      gitCommit: null,
      baseline: 'reports/baseline.json',
    },
    completeRun: true,
  });
}
