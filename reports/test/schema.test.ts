import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { BaselineIndex } from '../baseline.js';
import { buildReport } from '../build.js';
import { reportProblems } from '../validate.js';
import { checkTest, collected } from './helpers.js';

function sampleReport() {
  const fuzz = { id: 'fuzz/p-0', fuzz: { seed: 3, runs: 20, quirk: { webkit: 'q' } } };
  return buildReport({
    tests: [
      checkTest({ id: 'scope/a', explainer: { section: '§2', claim: 'c', predicts: 'p', specAgrees: false } }, 'chromium'),
      checkTest({ id: 'scope/a' }, 'firefox', 'deviation'),
      checkTest({ id: 'proposals/b' }, 'webkit', 'unsupported'),
      checkTest(fuzz, 'webkit', 'deviation'),
      collected({ project: 'chromium', title: 'lifecycle/c: x', checkId: 'lifecycle/c', status: 'failed', error: 'boom' }),
      collected({ project: 'chromium', title: 'smoke', status: 'failed', error: 'boom' }),
    ],
    globalErrors: [],
    engineInfo: new Map([['chromium', { version: '156.0', driver: 'playwright', executable: '/usr/bin/chromium' }]]),
    baseline: new BaselineIndex({ checks: [{ check: 'scope/a', engine: 'firefox', reason: 'r', link: 'https://example.org/1' }], quirks: [{ quirk: 'q', engine: 'webkit', reason: 'r' }] }),
    run: {
      id: 'r',
      date: '2026-01-01T00:00:00.000Z',
      startTime: '2026-01-01T00:00:00.000Z',
      durationMs: 1,
      mode: 'run',
      shard: { current: 1, total: 2 },
      mergedReports: null,
      playwrightStatus: 'failed',
      playwrightVersion: '1.64.1',
      gitCommit: 'abc',
      baseline: 'reports/baseline.json',
    },
    completeRun: false,
  });
}

// Whether the committed schema is up to date with reports/types.ts: tools/test/schemas.test.ts.
describe('conformance.schema.json', () => {
  test('a built report validates', () => {
    assert.deepEqual(reportProblems(sampleReport()), []);
  });

  test('the schema rejects extra properties, wrong verdicts and missing fields, with their paths', () => {
    const r = sampleReport() as unknown as { checks: { id: string; results: Record<string, Record<string, unknown>> }[]; gate: Record<string, unknown>; extra?: number };
    r.extra = 1;
    const i = r.checks.findIndex((c) => c.id === 'scope/a');
    r.checks[i]!.results.chromium!.verdict = 'meh';
    r.checks[i]!.results.chromium!.colour = 'green';
    delete r.gate.status;
    const problems = reportProblems(r);
    assert.ok(problems.some((p) => p.startsWith('/:') && p.includes('extra')), problems.join('\n'));
    assert.ok(problems.some((p) => p.startsWith(`/checks/${i}/results/chromium/verdict`)), problems.join('\n'));
    assert.ok(problems.some((p) => p.startsWith(`/checks/${i}/results/chromium:`) && p.includes('colour')), problems.join('\n'));
    assert.ok(problems.some((p) => p.startsWith('/gate:') && p.includes('status')), problems.join('\n'));
  });
});
