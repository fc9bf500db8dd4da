// Playwright config of the fault-injection runs (tools/test/faults.test.ts): the real engine
// projects, fixtures and reporters of playwright.config.ts, with faults.spec.ts as the only test
// file. SWC_FAULT picks the fault the spec injects; SWC_FAULT_DIR is the test's scratch folder
// (markers for the test, Playwright's test-results).
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type ReporterDescription } from '@playwright/test';
import base from '../../../playwright.config.js';
import type { EngineOptions } from '../../../suites/harness/fixtures.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = resolve(here, '../../..');
const scratch = process.env.SWC_FAULT_DIR ?? join(here, '.scratch');

// The base config's reporter paths are relative to the repository root.
const reporter = (base.reporter as ReporterDescription[]).map(([name, options]) =>
  (name.startsWith('./') ? [resolve(root, name), options] : [name, options]) as ReporterDescription,
);

export default defineConfig<EngineOptions>({
  ...base,
  testDir: here,
  testMatch: 'faults.spec.ts',
  // In file order, one worker per engine: a fault fails its test, Playwright replaces the worker
  // (browser and fixture server), and the next test shows that the run goes on.
  fullyParallel: false,
  workers: Number(process.env.SWC_FAULT_WORKERS ?? 3),
  timeout: 45_000,
  outputDir: join(scratch, 'test-results'),
  reporter,
  projects: (base.projects ?? [])
    .filter((p) => p.name === 'chromium' || p.name === 'firefox' || p.name === 'webkit')
    // WebKitWebDriver is WebKitGTK's alone (Playwright drives the others in-process).
    .map((p) => ({ ...p, testDir: here, ...(p.name === 'webkit' ? {} : { grepInvert: /webdriver-killed/ }) })),
});
