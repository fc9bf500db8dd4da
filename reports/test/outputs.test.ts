// index.html and junit.xml from a synthetic report: structure, self-containment, escaping.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { BaselineIndex } from '../baseline.js';
import { AREAS, ENGINES } from '../../contract/index.js';
import { buildReport } from '../build.js';
import { renderHtml } from '../html.js';
import { renderJunit } from '../junit.js';
import type { Baseline, ConformanceReport } from '../types.js';
import { checkTest, collected } from './helpers.js';

const EVIL = '<img src=x onerror="alert(1)">&';

function report(baseline: Baseline = { checks: [], quirks: [] }): ConformanceReport {
  return buildReport({
    tests: [
      checkTest({ id: 'scope/a', title: EVIL, explainer: { section: '§3 Scope', claim: 'scopes are prefixes', predicts: 'TypeError', specAgrees: false } }, 'chromium'),
      checkTest({ id: 'scope/a', title: EVIL }, 'firefox', 'deviation'),
      checkTest({ id: 'scope/a', title: EVIL }, 'webkit', 'deviation'),
      checkTest({ id: 'registration/b' }, 'chromium', 'error'),
      checkTest({ id: 'registration/b' }, 'firefox'),
      checkTest({ id: 'proposals/static-routing' }, 'chromium'),
      checkTest({ id: 'proposals/static-routing' }, 'webkit', 'unsupported'),
      checkTest({ id: 'proposals/other-design' }, 'firefox', 'deviation'),
      collected({ project: 'chromium', title: 'smoke: server', status: 'failed', error: 'Error: <boom>' }),
    ],
    globalErrors: [],
    engineInfo: new Map([['chromium', { version: '156.0.8078.79', driver: 'playwright', executable: '/usr/bin/chromium' }]]),
    baseline: new BaselineIndex(baseline),
    run: {
      id: 'r',
      date: '2026-01-01T00:00:00.000Z',
      startTime: '2026-01-01T00:00:00.000Z',
      durationMs: 1234,
      mode: 'run',
      shard: null,
      mergedReports: null,
      playwrightStatus: 'failed',
      playwrightVersion: '1.64.1',
      gitCommit: '0123456789abcdef',
      baseline: 'reports/baseline.json',
    },
    completeRun: true,
  });
}

function section(html: string, open: RegExp, close: string): string {
  const m = open.exec(html);
  assert.ok(m, `no ${open}`);
  const end = html.indexOf(close, m.index);
  assert.ok(end > m.index, `no ${close} after ${open}`);
  return html.slice(m.index, end);
}

function count(s: string, re: RegExp): number {
  return [...s.matchAll(new RegExp(re.source, re.flags.includes('g') ? re.flags : re.flags + 'g'))].length;
}

describe('index.html', () => {
  const baseline: Baseline = { checks: [{ check: 'scope/a', engine: 'webkit', reason: 'WebKit bug', link: 'https://bugs.webkit.org/show_bug.cgi?id=1' }], quirks: [] };
  const r = report(baseline);
  const html = renderHtml(r);

  test('the matrix has a row per area and a column per engine, with the counts', () => {
    const matrix = section(html, /<table id="matrix">/, '</table>');
    const head = section(matrix, /<thead>/, '</thead>');
    assert.deepEqual(
      [...head.matchAll(/<th scope="col" data-engine="(\w+)"/g)].map((m) => m[1]),
      [...ENGINES],
    );
    assert.match(head, /156\.0\.8078\.79 · playwright/);
    const rows = [...matrix.matchAll(/<tr data-area="(\w+)">([\s\S]*?)<\/tr>/g)];
    assert.deepEqual(
      rows.map((m) => m[1]),
      [...AREAS],
    );
    for (const row of rows) assert.equal(count(row[2]!, /<td data-engine="/), ENGINES.length, `row ${row[1]}`);
    const scope = rows.find((m) => m[1] === 'scope')![2]!;
    const firefoxCell = section(scope, /<td data-engine="firefox">/, '</td>');
    assert.match(firefoxCell, /data-verdict="deviation" data-count="1"/);
    assert.match(firefoxCell, /href="#dev-scope"/);
  });

  test('every deviation and error has a drill-down with the diff and the minimal scenario', () => {
    const drills = [...html.matchAll(/<details class="drill" id="([^"]+)" data-check="([^"]+)" data-engine="(\w+)" data-verdict="(\w+)" data-gate="(\w+)">([\s\S]*?)<\/details>/g)];
    assert.deepEqual(drills.map((d) => `${d[2]} ${d[3]} ${d[4]} ${d[5]}`).sort(), [
      'proposals/other-design firefox deviation regression',
      'registration/b chromium error regression',
      'scope/a firefox deviation regression',
      'scope/a webkit deviation expected',
    ]);
    const ids = drills.map((d) => d[1]);
    assert.equal(new Set(ids).size, ids.length, 'drill-down ids are unique');
    const dev = drills.find((d) => d[2] === 'scope/a' && d[3] === 'firefox')![6]!;
    assert.match(dev, /<table class="diff">[\s\S]*steps\[1\][\s\S]*TypeError/);
    assert.match(dev, /<pre class="scenario">[\s\S]*&quot;do&quot;: &quot;register&quot;/);
    const known = drills.find((d) => d[3] === 'webkit')![6]!;
    assert.match(known, /WebKit bug/);
    assert.match(known, /href="https:\/\/bugs\.webkit\.org/);
    // gate section links to the drill-downs of regressions
    for (const d of drills.filter((x) => x[5] === 'regression')) assert.ok(html.includes(`href="#${d[1]}"`), `a link to ${d[1]}`);
  });

  test('explainer claims get explainer / spec / engine columns; proposals a row per design', () => {
    const ex = section(html, /<table id="explainer">/, '</table>');
    assert.equal(count(ex, /<tr data-check=/), 1);
    assert.match(ex, /§3 Scope/);
    assert.match(ex, /scopes are prefixes/);
    assert.match(ex, /<strong>differs<\/strong>/);
    for (const e of ENGINES) assert.match(ex, new RegExp(`<th data-engine="${e}">`));
    const pr = section(html, /<table id="proposals">/, '</table>');
    assert.deepEqual(
      [...pr.matchAll(/<tr data-check="([^"]+)"/g)].map((m) => m[1]),
      ['proposals/other-design', 'proposals/static-routing'],
    );
    assert.match(pr, /native: absent \(navigator\.serviceWorker\)/);
    assert.match(pr, /native: present/);
  });

  test('self-contained: no external resource can load', () => {
    assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none';/);
    assert.doesNotMatch(html, /<[a-z][^>]*\ssrc=/i);
    assert.doesNotMatch(html, /<link\b/i);
    assert.doesNotMatch(html, /@import|url\(/i);
  });

  test('text from records is escaped', () => {
    assert.ok(!html.includes(EVIL));
    assert.ok(html.includes('&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&amp;'));
    assert.ok(html.includes('Error: &lt;boom&gt;'));
  });

  test('the gate is visible at the top', () => {
    assert.match(html, /<p id="gate" class="fail"/);
    assert.match(section(html, /<ul id="regressions">/, '</ul>'), /registration\/b/);
    assert.match(section(html, /<ul id="other-failures">/, '</ul>'), /smoke: server/);
  });
});

describe('junit.xml', () => {
  const baseline: Baseline = {
    checks: [
      { check: 'scope/a', engine: 'webkit', reason: 'WebKit bug' },
      { check: 'registration/b', engine: 'firefox', reason: 'fixed meanwhile' },
    ],
    quirks: [],
  };
  const xml = renderJunit(report(baseline));

  test('a suite per engine, a testcase per check, gate-aware statuses', () => {
    assert.match(xml, /^<\?xml version="1.0" encoding="UTF-8"\?>/);
    const suites = [...xml.matchAll(/<testsuite name="(\w+)" tests="(\d+)" failures="(\d+)" errors="(\d+)" skipped="(\d+)">/g)].map((m) => m.slice(1).join(' '));
    // chromium: scope/a pass, registration/b error (regression), 2 proposals pass
    // firefox: scope/a deviation (regression), registration/b pass but baselined (stale), proposals/other-design deviation
    // webkit: scope/a expected, proposals/static-routing unsupported
    assert.deepEqual(suites, ['chromium 3 0 1 0', 'firefox 3 3 0 0', 'webkit 2 0 0 1', 'other 1 1 0 0']);
    assert.match(xml, /<testsuites name="sw-conformance" tests="9" failures="4" errors="1" skipped="1" time="1\.234">/);
    assert.match(xml, /<failure message="stale baseline entry: registration\/b is pass in firefox; update the baseline" type="stale">/);
    assert.match(xml, /classname="webkit\.scope"[^>]*><system-out>known deviation \(baseline: WebKit bug\)/);
    assert.equal(count(xml, /<testcase /), count(xml, /<\/testcase>/));
  });

  test('attribute values are escaped', () => {
    assert.ok(!xml.includes(EVIL));
    assert.ok(xml.includes('&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&amp;'));
  });
});
