// The report page checked in a real browser: index.html (rendered from a small synthetic report
// by the reporter's own renderer) opens in headless Chromium with no network access, shows a
// matrix row per area and a column per engine, and a deviation's drill-down opens from the
// matrix. A full-page screenshot is attached. Runs once, in Chromium, whatever the project.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, expect, test } from '@playwright/test';
import { AREAS, ENGINES } from '../../contract/index.js';
import { renderHtml } from '../html.js';
import { writeFileAtomic } from '../write.js';
import { sampleReport } from './helpers.js';

const CHROMIUM = process.env.SWC_CHROMIUM ?? '/usr/bin/chromium';

test('conformance report index.html: matrix and drill-down in Chromium @smoke @report', async ({}, testInfo) => {
  test.skip(testInfo.project.name === 'firefox' || testInfo.project.name === 'webkit', 'the page is checked once, in Chromium');
  const file = join(testInfo.outputPath('report'), 'index.html');
  writeFileAtomic(file, renderHtml(sampleReport()));

  const browser = await chromium.launch({
    headless: true,
    args: ['--no-sandbox'],
    ...(existsSync(CHROMIUM) ? { executablePath: CHROMIUM } : {}),
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const network: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith('file:')) network.push(r.url());
    });
    const consoleErrors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    await page.goto(pathToFileURL(file).href);

    // A row per area, a column per engine.
    const matrix = page.locator('#matrix');
    await expect(matrix.locator('tbody > tr')).toHaveCount(AREAS.length);
    expect(await matrix.locator('tbody > tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-area')))).toEqual([...AREAS]);
    expect(await matrix.locator('thead th[data-engine]').evaluateAll((ths) => ths.map((t) => t.getAttribute('data-engine')))).toEqual([...ENGINES]);
    for (const area of AREAS) await expect(matrix.locator(`tr[data-area="${area}"] > td[data-engine]`)).toHaveCount(ENGINES.length);
    await expect(matrix.locator('tr[data-area="scope"] td[data-engine="firefox"] [data-verdict="deviation"]')).toHaveAttribute('data-count', '1');
    await expect(page.locator('#gate')).toHaveClass(/fail/);

    // The deviation's drill-down: closed at first, reached from the matrix, opened by a click.
    const drill = page.locator('details.drill[data-check="scope/a"][data-engine="firefox"]');
    await expect(drill).not.toHaveAttribute('open', '');
    await expect(drill.locator('table.diff')).toBeHidden();
    await matrix.locator('tr[data-area="scope"] td[data-engine="firefox"] a').click();
    await expect(page).toHaveURL(/#dev-scope$/);
    await drill.locator('summary').click();
    await expect(drill).toHaveAttribute('open', '');
    await expect(drill.locator('table.diff')).toBeVisible();
    await expect(drill.locator('table.diff tbody tr')).toHaveCount(1);
    await expect(drill.locator('table.diff tbody td').first()).toHaveText('steps[1]');
    await expect(drill.locator('pre.scenario')).toContainText('"do": "register"');

    // A regression link in the gate section opens its drill-down through the page's script.
    const errorDrill = page.locator('details.drill[data-check="lifecycle/c"][data-engine="chromium"]');
    await expect(errorDrill).not.toHaveAttribute('open', '');
    await page.locator('#regressions a', { hasText: 'lifecycle/c' }).click();
    await expect(errorDrill).toHaveAttribute('open', '');
    await expect(errorDrill.locator('.detail')).toContainText('the fixture server did not answer');

    // Explainer and proposals rows.
    await expect(page.locator('#explainer tbody tr')).toHaveCount(1);
    await expect(page.locator('#proposals tbody tr[data-check="proposals/static-routing"] td[data-engine="webkit"]')).toContainText('native: absent');

    await drill.scrollIntoViewIfNeeded();
    await testInfo.attach('index.html screenshot', { body: await page.screenshot({ fullPage: true }), contentType: 'image/png' });
    expect(network, 'the page loads nothing from the network').toEqual([]);
    expect(consoleErrors, 'no console errors (e.g. CSP violations)').toEqual([]);
  } finally {
    await browser.close();
  }
});
