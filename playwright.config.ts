// One project per engine (DESIGN.md, Engines). Tests never use Playwright's `page`/`browser`
// fixtures: they drive every engine through suites/harness/engines (Playwright for Chromium and
// Firefox, classic WebDriver for WebKitGTK).
import { defineConfig } from '@playwright/test';
import type { EngineOptions } from './suites/harness/fixtures.js';

const ci = !!process.env.CI;

export default defineConfig<EngineOptions>({
  testDir: './suites',
  testMatch: '**/*.spec.ts',
  fullyParallel: true,
  forbidOnly: ci,
  retries: 0,
  // Two cores here: one worker per core keeps browser timings honest.
  workers: process.env.SWC_WORKERS ? Number(process.env.SWC_WORKERS) : 2,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  outputDir: 'test-results',
  reporter: [[ci ? 'dot' : 'list']],
  projects: [
    { name: 'chromium', use: { engine: 'chromium' } },
    { name: 'firefox', use: { engine: 'firefox' } },
    { name: 'webkit', use: { engine: 'webkit' } },
  ],
});
