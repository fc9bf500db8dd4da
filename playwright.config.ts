// One project per engine (DESIGN.md, Engines). Tests never use Playwright's `page`/`browser`
// fixtures: they drive every engine through suites/harness/engines (Playwright for Chromium and
// Firefox, classic WebDriver for WebKitGTK). The conformance reporter (reports/reporter.ts) turns
// every check's record into reports/out/ and applies the baseline, so the exit code is the gate.
import { defineConfig, type ReporterDescription } from '@playwright/test';
import type { EngineOptions } from './suites/harness/fixtures.js';

const ci = !!process.env.CI;
const out = process.env.SWC_OUT_DIR ?? 'reports/out';

const reporter: ReporterDescription[] = [
  [ci ? 'dot' : 'list'],
  ['./reports/reporter.ts', { outDir: out, baseline: process.env.SWC_BASELINE ?? 'reports/baseline.json' }],
  // allure-playwright, guarded: a failed write (a full disk) is reported instead of ending the run.
  ['./reports/allure-guard.ts', { resultsDir: `${out}/allure-results`, detail: false, suiteTitle: true, environmentInfo: { node: process.version } }],
];
if (process.env.SWC_BLOB_DIR) reporter.push(['blob', { outputDir: process.env.SWC_BLOB_DIR }]);

export default defineConfig<EngineOptions>({
  // A suite table (suites/<area>/<area>.scenarios.ts) is its area's test file, each row a test()
  // call located on its own line (suites/harness/define.ts); fuzz properties and the harness
  // self-test are *.spec.ts.
  testMatch: ['**/*.scenarios.ts', '**/*.spec.ts'],
  fullyParallel: true,
  forbidOnly: ci,
  retries: 0,
  // Two cores here: one worker per core keeps browser timings honest.
  // (SWC_WORKERS: a number, or a percentage of the cores like "50%"; checked by npm run conformance.)
  workers: process.env.SWC_WORKERS ? (process.env.SWC_WORKERS.endsWith('%') ? process.env.SWC_WORKERS : Number(process.env.SWC_WORKERS)) : 2,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  outputDir: 'test-results',
  reporter,
  projects: [
    { name: 'chromium', testDir: './suites', use: { engine: 'chromium' } },
    { name: 'firefox', testDir: './suites', use: { engine: 'firefox' } },
    { name: 'webkit', testDir: './suites', use: { engine: 'webkit' } },
    // The report page itself (rendered from a small synthetic report), opened in Chromium.
    { name: 'reports', testDir: './reports/test', testMatch: 'html-report.spec.ts' },
  ],
});
