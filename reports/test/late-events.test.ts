// Late events in the report (issue 25): the results whose observation caught worker reports after
// the outcome was first read (Outcome.lateEvents) are counted in conformance.json, in the text
// summary and in index.html, and each one's late events are shown in its drill-down.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Engine, LateEvent } from '../../contract/index.js';
import { renderHtml } from '../html.js';
import { lateEventsLine } from '../reporter.js';
import type { ConformanceReport } from '../types.js';
import { reportProblems } from '../validate.js';
import { buildSynthetic, checkTest } from './helpers.js';

const ACTIVATE: LateEvent = { type: 'activate', worker: 'v2', afterReadMs: 180 };
const FETCH: LateEvent = { type: 'fetch', worker: 'v1', detail: '{a}/<x>.txt', afterReadMs: 40 };

/** A synthetic check result whose observation carries `late`. */
function withLate(id: string, engine: Engine, verdict: 'pass' | 'deviation', late: LateEvent[]) {
  const t = checkTest({ id }, engine, verdict);
  const r = t.records[0]!;
  r.observed = { ...r.observed!, lateEvents: late };
  return t;
}

function report(tests: ReturnType<typeof checkTest>[]): ConformanceReport {
  return buildSynthetic(tests, undefined, { completeRun: false });
}

describe('late events in the report', () => {
  const r = report([
    withLate('lifecycle/b', 'firefox', 'pass', [ACTIVATE]),
    withLate('lifecycle/b', 'webkit', 'deviation', [ACTIVATE, FETCH]),
    checkTest({ id: 'lifecycle/b' }, 'chromium'),
    checkTest({ id: 'scope/a' }, 'chromium'),
  ]);

  test('conformance.json counts the check × engine results with late events, and the schema describes it', () => {
    assert.deepEqual(r.lateEvents, {
      results: 2,
      items: [
        { check: 'lifecycle/b', engine: 'firefox', verdict: 'pass', events: 1 },
        { check: 'lifecycle/b', engine: 'webkit', verdict: 'deviation', events: 2 },
      ],
    });
    assert.deepEqual(r.checks.find((c) => c.id === 'lifecycle/b')!.results.webkit!.observed!.lateEvents, [ACTIVATE, FETCH]);
    assert.deepEqual(reportProblems(r), []);
    assert.deepEqual(report([checkTest({ id: 'scope/a' }, 'chromium')]).lateEvents, { results: 0, items: [] });
  });

  test('the text summary says how many', () => {
    assert.equal(lateEventsLine(r), '2 result(s) with late events (lifecycle/b [firefox], lifecycle/b [webkit])');
    assert.equal(lateEventsLine(report([checkTest({ id: 'scope/a' }, 'chromium')])), '0 result(s) with late events');
  });

  test('index.html: the count in the header, a section listing them, the events in the drill-downs', () => {
    const html = renderHtml(r);
    assert.match(html, /<p id="late-count" class="meta" data-results="2"><a href="#late-events">2 results with late events<\/a>/);
    const section = html.slice(html.indexOf('<section id="late-events">'), html.indexOf('</section>', html.indexOf('<section id="late-events">')));
    assert.ok(section.length > 0, 'a late-events section');
    // The passing result gets its own drill-down there, with the late events' table.
    assert.match(section, /<details class="drill" id="late-[^"]*" data-check="lifecycle\/b" data-engine="firefox" data-verdict="pass"/);
    assert.match(section, /<table class="late">[\s\S]*<td>activate<\/td><td><code>v2<\/code><\/td><td><\/td><td>180 ms<\/td>/);
    // The deviation links to its drill-down among the deviations, which shows both events (escaped).
    assert.match(section, /data-check="lifecycle\/b" data-engine="webkit" data-late="2"><a href="#d\d+-webkit-lifecycle_b">/);
    const deviations = html.slice(html.indexOf('<section id="deviations">'), html.indexOf('<section id="late-events">'));
    assert.match(deviations, /<table class="late">[\s\S]*<td>fetch<\/td><td><code>v1<\/code><\/td><td><code>\{a\}\/&lt;x&gt;\.txt<\/code><\/td><td>40 ms<\/td>/);
    assert.doesNotMatch(renderHtml(report([checkTest({ id: 'scope/a' }, 'chromium')])), /<section id="late-events">/);
  });
});
