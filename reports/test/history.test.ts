// Run history (--history DIR): the entry a report gives, reading a folder (order, bad files named
// with their field), the trend the page shows. Synthetic reports only.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { HistoryError, historyEntryOf, historyFileName, readHistory, trendRuns } from '../history.js';
import { renderHtml } from '../html.js';
import type { HistoryEntry } from '../types.js';
import { historyProblems } from '../validate.js';
import { sampleReport, tmp, writeJson } from './helpers.js';

function entry(id: string, date: string, pass: number, version = '156.0'): HistoryEntry {
  const e = historyEntryOf(sampleReport(), { partial: false });
  e.run.id = id;
  e.run.date = date;
  e.engines.chromium = { version };
  e.summary.find((s) => s.area === 'scope')!.engines.chromium = { pass, deviation: 3 - pass, unsupported: 0, error: 0 };
  return e;
}

describe('history', () => {
  test("a report's entry: counts per area × engine, versions, gate; it validates", () => {
    const e = historyEntryOf(sampleReport(), { partial: true });
    assert.deepEqual(historyProblems(e), []);
    assert.equal(e.run.partial, true);
    assert.deepEqual(e.engines.firefox, { version: '153.7.0esr' });
    assert.deepEqual(e.summary.find((s) => s.area === 'scope')!.engines.firefox, { pass: 0, deviation: 1, unsupported: 0, error: 0 });
    assert.equal(e.gate.status, 'fail');
    assert.equal(historyFileName(e), '2026-01-01T00-00-00-000Z-sample.json');
  });

  test('reading a folder: oldest first; a missing folder is an empty history; a bad file is named with its field', () => {
    const dir = tmp('swc-history-');
    assert.deepEqual(readHistory(join(dir, 'none')), { entries: [], problems: [] });
    const b = entry('b', '2026-01-02T00:00:00.000Z', 2);
    const a = entry('a', '2026-01-01T00:00:00.000Z', 1);
    writeJson(join(dir, historyFileName(b)), b);
    writeJson(join(dir, historyFileName(a)), a);
    writeFileSync(join(dir, 'notes.txt'), 'not an entry, not .json: ignored');
    assert.deepEqual(
      readHistory(dir).entries.map((e) => e.run.id),
      ['a', 'b'],
    );
    const bad = structuredClone(a) as unknown as { engines: unknown };
    bad.engines = [];
    writeJson(join(dir, 'z-bad.json'), bad);
    const { entries, problems } = readHistory(dir);
    assert.equal(entries.length, 2);
    assert.equal(problems.length, 1);
    assert.match(problems[0]!, /z-bad\.json: not a history entry: \/engines: must be object/);
    assert.throws(() => readHistory(dir, { strict: true }), (e: unknown) => e instanceof HistoryError && /z-bad\.json: not a history entry: \/engines/.test(e.message));
    mkdirSync(join(dir, 'x'));
    writeFileSync(join(dir, 'x', 'y.json'), '{');
    assert.match(readHistory(join(dir, 'x')).problems[0]!, /y\.json: not valid JSON/);
  });

  test('the trend: the last runs plus this one, at most TREND_RUNS', () => {
    const past = Array.from({ length: 12 }, (_, i) => entry(`r${i}`, `2026-01-${String(i + 1).padStart(2, '0')}T00:00:00.000Z`, 1));
    const now = entry('now', '2026-02-01T00:00:00.000Z', 2);
    const runs = trendRuns(past, now);
    assert.equal(runs.length, 10);
    assert.equal(runs[9]!.run.id, 'now');
    assert.equal(runs[0]!.run.id, 'r3');
    assert.equal(trendRuns([...past, now], now).filter((r) => r.run.id === 'now').length, 1, 'not twice');
  });

  test('the page: per engine, areas × runs, versions in the headers, worse / better marked', () => {
    const runs = [entry('a', '2026-01-01T00:00:00.000Z', 3, '155.0'), entry('b', '2026-01-02T00:00:00.000Z', 1, '156.0'), entry('c', '2026-01-03T00:00:00.000Z', 2, '156.0')];
    const html = renderHtml(sampleReport(), { trend: runs });
    const start = html.indexOf('<section id="trend">');
    assert.ok(start > 0);
    const trend = html.slice(start, html.indexOf('</section>', start));
    assert.match(trend, /Trend \(last 3 runs\)/);
    const chromium = trend.slice(trend.indexOf('<table class="trend" data-engine="chromium">'), trend.indexOf('</table>', trend.indexOf('data-engine="chromium"')));
    assert.match(chromium, /<th scope="col" data-run="a">2026-01-01 00:00<br><small>155\.0<\/small><\/th>/);
    assert.match(chromium, /<tr data-area="scope"><th scope="row">scope<\/th><td class="t"[^>]*>3\/3<\/td><td class="t worse"[^>]*>1\/3 <small>≠2<\/small><\/td><td class="t better"[^>]*>2\/3 <small>≠1<\/small><\/td><\/tr>/);
    assert.match(trend, /data-engine="webkit"/);
    assert.doesNotMatch(renderHtml(sampleReport()), /id="trend"/, 'no history, no section');
  });
});
