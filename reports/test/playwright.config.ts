// Runs the browser check of the report page on its own:
//   npx playwright test --config reports/test/playwright.config.ts
// (The main playwright.config.ts can list reports/test/html-report.spec.ts in a project instead.)
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: '.',
  testMatch: 'html-report.spec.ts',
  outputDir: '../out/test-results-report',
  retries: 0,
  workers: 1,
  reporter: [['list']],
  projects: [{ name: 'reports' }],
});
