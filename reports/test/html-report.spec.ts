// The report page checked in a real browser: index.html (rendered from a small synthetic report
// by the reporter's own renderer) opens in headless Chromium with no network access, shows a
// matrix row per area and a column per engine, and a deviation's drill-down opens from the
// matrix. A full-page screenshot is attached. Runs once, in Chromium, whatever the project.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, expect, test } from '@playwright/test';
import { AREAS, ENGINES } from '../../contract/index.js';
import { diffReports } from '../diff.js';
import { renderDiffHtml } from '../diff-html.js';
import { historyEntryOf } from '../history.js';
import { renderHtml } from '../html.js';
import type { ConformanceReport, HistoryEntry } from '../types.js';
import { writeFileAtomic } from '../write.js';
import { sampleReport } from './helpers.js';

const CHROMIUM = process.env.SWC_CHROMIUM ?? '/usr/bin/chromium';

/** The sample report as a --repeat 3 run in which Firefox's scope/a flipped, with two earlier runs in its history. */
function issue19Report(): { report: ConformanceReport; trend: HistoryEntry[] } {
  const report = sampleReport();
  report.run.repeat = 3;
  const r = report.checks.find((c) => c.id === 'scope/a')!.results.firefox!;
  Object.assign(r, { flaky: true, gate: 'flaky', runs: { verdicts: ['pass', 'deviation', 'pass'], flips: 2 } });
  report.gate.flaky = [{ check: 'scope/a', engine: 'firefox', verdict: 'deviation', verdicts: ['pass', 'deviation', 'pass'] }];
  const past = (id: string, date: string, version: string, pass: number): HistoryEntry => {
    const e = historyEntryOf(sampleReport(), { partial: false });
    Object.assign(e.run, { id, date });
    e.engines.chromium = { version };
    e.summary.find((s) => s.area === 'scope')!.engines.chromium = { pass, deviation: 1 - pass, unsupported: 0, error: 0 };
    return e;
  };
  return { report, trend: [past('p1', '2025-12-01T10:00:00.000Z', '155.0.1', 0), past('p2', '2025-12-15T10:00:00.000Z', '156.0.8078.79', 1), historyEntryOf(report, { partial: false })] };
}

function launch() {
  return chromium.launch({ headless: true, args: ['--no-sandbox'], ...(existsSync(CHROMIUM) ? { executablePath: CHROMIUM } : {}) });
}

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

test('Reports II views in Chromium: trend, verify, interop, search and filter, and the diff page @report', async ({}, testInfo) => {
  test.skip(testInfo.project.name === 'firefox' || testInfo.project.name === 'webkit', 'the page is checked once, in Chromium');
  const { report, trend } = issue19Report();
  const dir = testInfo.outputPath('report');
  writeFileAtomic(join(dir, 'index.html'), renderHtml(report, { trend }));
  const before = sampleReport();
  writeFileAtomic(join(dir, 'diff.html'), renderDiffHtml(diffReports(before, report, { a: 'A/conformance.json', b: 'B/conformance.json' })));
  const browser = await launch();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const consoleErrors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    await page.goto(pathToFileURL(join(dir, 'index.html')).href);

    // Trend: per engine, the runs as columns (this run last), the scope cell's drop marked.
    const chromiumTrend = page.locator('#trend table.trend[data-engine="chromium"]');
    await expect(chromiumTrend.locator('thead th[data-run]')).toHaveCount(3);
    await expect(chromiumTrend.locator('thead th[data-run]').first()).toContainText('155.0.1');
    await expect(chromiumTrend.locator('tr[data-area="scope"] td').nth(1)).toHaveClass(/better/);
    await expect(chromiumTrend.locator('tr[data-area="scope"] td').nth(1)).toBeVisible();

    // Verify: Firefox has one flaky check with two flips; its badge says so; the gate lists it.
    await expect(page.locator('#verify tr[data-engine="firefox"]')).toHaveAttribute('data-flaky', '1');
    await expect(page.locator('#verify tr[data-engine="chromium"]')).toHaveAttribute('data-flaky', '0');
    await expect(page.locator('#flaky li')).toHaveText('scope/a [firefox] pass deviation pass');
    await page.locator('#flaky a').click();
    const drill = page.locator('details.drill[data-check="scope/a"][data-engine="firefox"]');
    await expect(drill).toHaveAttribute('open', '');
    await expect(drill.locator('.runs')).toContainText('pass → deviation → pass (2 flips');

    // Interop: grouped by area; in scope/a Firefox alone differs (group B, marked).
    const interop = page.locator('#interop');
    await expect(interop.locator('table.interop[data-area="scope"] tr[data-check="scope/a"]')).toHaveAttribute('data-odd', 'firefox');
    await expect(interop.locator('tr[data-check="scope/a"] td[data-engine="firefox"]')).toHaveClass(/odd/);
    await expect(interop.locator('tr[data-check="scope/a"] td[data-engine="firefox"] .grp')).toHaveText('B');
    await expect(interop.locator('tr[data-check="lifecycle/c"]')).toHaveCount(0);
    await interop.scrollIntoViewIfNeeded();
    await testInfo.attach('index.html: trend, verify, interop', { body: await page.screenshot({ fullPage: true }), contentType: 'image/png' });

    // Search and filter over every check: text (id, title, spec section), area, engine, verdict, flaky.
    const rows = page.locator('#checks tbody tr:not([hidden])');
    const form = page.locator('#filter');
    await expect(page.locator('#filter-count')).toHaveText('4 of 4 checks');
    await form.locator('input[name="q"]').fill('registration');
    await expect(rows).toHaveCount(1);
    await expect(page.locator('#all-checks')).toHaveAttribute('open', '');
    await form.locator('input[name="q"]').fill('§ synthetic 1');
    await expect(rows).toHaveCount(4);
    await form.locator('select[name="engine"]').selectOption('firefox');
    await form.locator('select[name="verdict"]').selectOption('deviation');
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toHaveAttribute('data-check', 'scope/a');
    await form.locator('select[name="engine"]').selectOption('');
    await form.locator('select[name="verdict"]').selectOption('unsupported');
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toHaveAttribute('data-check', 'proposals/static-routing');
    await form.locator('select[name="verdict"]').selectOption('flaky');
    await expect(rows).toHaveCount(1);
    await form.locator('select[name="verdict"]').selectOption('');
    await form.locator('select[name="area"]').selectOption('lifecycle');
    await expect(rows).toHaveCount(1);
    await expect(page.locator('#filter-count')).toHaveText('1 of 4 checks');
    await form.scrollIntoViewIfNeeded();
    await testInfo.attach('index.html: filtered checks', { body: await page.screenshot(), contentType: 'image/png' });

    // The diff page: Firefox's scope/a changed between the two runs (it did not regress: the worst verdict is the same).
    await page.goto(pathToFileURL(join(dir, 'diff.html')).href);
    await expect(page.locator('#verdict')).toHaveAttribute('data-regressions', '0');
    await expect(page.locator('tr[data-check="scope/a"][data-engine="firefox"]')).toHaveAttribute('data-kind', 'changed');
    await expect(page.locator('tr[data-check="scope/a"][data-engine="firefox"]')).toContainText('(became flaky)');
    await testInfo.attach('diff.html', { body: await page.screenshot({ fullPage: true }), contentType: 'image/png' });
    expect(consoleErrors, 'no console errors (e.g. CSP violations)').toEqual([]);
  } finally {
    await browser.close();
  }
});
