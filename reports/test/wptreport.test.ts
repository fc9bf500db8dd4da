// The wptreport export (reports/wptreport.ts) against the hand-written schema of that format
// (reports/schemas/wptreport.schema.json), and its mapping: harness errors are ERROR, never FAIL.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { Ajv } from 'ajv';
import { ROOT } from '../paths.js';
import { wptReports, type WptReport } from '../wptreport.js';
import { buildSynthetic, checkTest, sampleReport, SYNTHETIC_RUN } from './helpers.js';

const schema = JSON.parse(readFileSync(`${ROOT}/reports/schemas/wptreport.schema.json`, 'utf8')) as object;
const validate = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true }).compile<WptReport>(schema);

function byTest(w: WptReport, id: string) {
  const r = w.results.find((x) => x.test === `/sw-conformance/${id}`);
  assert.ok(r, id);
  return r;
}

describe('wptreport export', () => {
  const reports = wptReports(sampleReport(), '6.1.0');

  test('one per engine that ran; each validates against the schema written from the format docs', () => {
    assert.deepEqual(
      reports.map((r) => r.engine),
      ['chromium', 'firefox', 'webkit'],
    );
    for (const { engine, report } of reports) assert.ok(validate(report), `${engine}: ${JSON.stringify(validate.errors)}`);
    const c = reports[0]!.report;
    assert.deepEqual(c.run_info, { product: 'chromium', browser_version: '156.0.8078.79', os: process.platform, os_version: '6.1.0', revision: 'unknown', automation: true, driver: 'playwright', sw_conformance_run: 'sample' });
    assert.equal(c.time_start, Date.parse('2026-01-01T00:00:00.000Z'));
    assert.equal(c.time_end - c.time_start, 1000);
  });

  test('pass → OK + PASS; deviation → OK + FAIL with the differences; unsupported → PRECONDITION_FAILED; error → ERROR without subtests', () => {
    const [chromium, firefox, webkit] = reports.map((r) => r.report) as [WptReport, WptReport, WptReport];
    const pass = byTest(chromium, 'scope/a');
    assert.equal(pass.status, 'OK');
    assert.deepEqual(pass.subtests, [{ name: 'synthetic scope/a', status: 'PASS', message: null }]);
    const dev = byTest(firefox, 'scope/a');
    assert.equal(dev.status, 'OK');
    assert.equal(dev.subtests[0]!.status, 'FAIL');
    assert.match(dev.subtests[0]!.message ?? '', /^steps\[1\]: expected \{"ok":true,"scope":"\{a\}\/"\}, got \{"ok":false,"error":"TypeError"\}$/);
    assert.equal(dev.subtests[0]!.expected, 'PASS', 'a regression: wptrunner writes the expected status when the result was unexpected');
    const known = byTest(webkit, 'registration/b');
    assert.equal(known.subtests[0]!.status, 'FAIL');
    assert.equal(known.subtests[0]!.expected, undefined, 'a known deviation is what the baseline expects');
    assert.equal(byTest(firefox, 'proposals/static-routing').subtests[0]!.status, 'PRECONDITION_FAILED');
    const err = byTest(chromium, 'lifecycle/c');
    assert.equal(err.status, 'ERROR');
    assert.deepEqual(err.subtests, []);
    assert.equal(err.expected, 'OK');
    assert.match(err.message ?? '', /fixture server/);
  });

  test('a known-flaky result lists its other statuses as known_intermittent; an unknown version is "unknown"', () => {
    const report = buildSynthetic(['pass', 'deviation'].map((v, i) => ({ ...checkTest({ id: 'scope/f' }, 'firefox', v as 'pass' | 'deviation'), testId: `f${i}`, repeatEachIndex: i })), { checks: [{ check: 'scope/f', engine: 'firefox', expect: 'flaky', reason: 'known' }], quirks: [] }, { run: { ...SYNTHETIC_RUN, gitCommit: 'abc' } });
    const [w] = wptReports(report);
    assert.ok(validate(w!.report), JSON.stringify(validate.errors));
    assert.equal(w!.report.run_info.browser_version, 'unknown');
    assert.deepEqual(byTest(w!.report, 'scope/f').subtests[0], { name: 'synthetic scope/f', status: 'FAIL', message: byTest(w!.report, 'scope/f').subtests[0]!.message, known_intermittent: ['PASS'] });
  });

  test('the schema is not a rubber stamp: it refuses what wpt tools would not read', () => {
    const bad = structuredClone(reports[0]!.report) as unknown as { results: { status: string; test: string }[]; run_info: Record<string, unknown> };
    bad.results[0]!.status = 'DEVIATION';
    assert.equal(validate(bad), false);
    const noProduct = structuredClone(reports[0]!.report) as unknown as { run_info: Record<string, unknown> };
    delete noProduct.run_info.product;
    assert.equal(validate(noProduct), false);
    const relative = structuredClone(reports[0]!.report);
    relative.results[0]!.test = 'scope/a';
    assert.equal(validate(relative), false);
  });
});
