// `npm run diff` (tools/diff.ts, reports/diff.ts) on synthetic reports: added, removed and changed
// checks, verdict changes and their exit codes, engine versions, the HTML page, bad input.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { Engine } from '../../contract/index.js';
import { BaselineIndex, emptyBaseline } from '../../reports/baseline.js';
import { buildReport } from '../../reports/build.js';
import type { EngineAttachment } from '../../reports/collect.js';
import { diffReports } from '../../reports/diff.js';
import type { ConformanceReport } from '../../reports/types.js';
import { checkTest, tmp, writeJson } from '../../reports/test/helpers.js';
import { main } from '../diff.js';

function report(id: string, results: Array<[string, Engine, 'pass' | 'deviation' | 'unsupported' | 'error']>, versions: Record<string, string> = {}): ConformanceReport {
  const engineInfo = new Map<string, EngineAttachment>(Object.entries(versions).map(([e, v]) => [e, { version: v, driver: 'playwright' }]));
  return buildReport({
    tests: results.map(([check, engine, b]) => checkTest({ id: check }, engine, b)),
    globalErrors: [],
    engineInfo,
    baseline: new BaselineIndex(emptyBaseline()),
    run: { id, date: '2026-01-01T00:00:00.000Z', startTime: '2026-01-01T00:00:00.000Z', durationMs: 1, mode: 'run', shard: null, mergedReports: null, playwrightStatus: 'passed', playwrightVersion: '1.64.1', gitCommit: null, baseline: 'b.json' },
    completeRun: true,
  });
}

const A = report(
  'a',
  [
    ['scope/same', 'chromium', 'pass'],
    ['scope/regresses', 'firefox', 'pass'],
    ['scope/fixed', 'webkit', 'error'],
    ['scope/improves', 'chromium', 'deviation'],
    ['scope/removed', 'chromium', 'pass'],
    ['scope/dev-to-error', 'firefox', 'deviation'],
  ],
  { chromium: '156.0', firefox: '153.7.0esr', webkit: '2.50.6' },
);
const B = report(
  'b',
  [
    ['scope/same', 'chromium', 'pass'],
    ['scope/regresses', 'firefox', 'deviation'],
    ['scope/fixed', 'webkit', 'pass'],
    ['scope/improves', 'chromium', 'pass'],
    ['scope/added', 'chromium', 'deviation'],
    ['scope/added-error', 'webkit', 'error'],
    ['scope/dev-to-error', 'firefox', 'error'],
  ],
  { chromium: '157.0', firefox: '153.7.0esr', webkit: '2.50.6' },
);

function run(argv: string[]): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const code = main(argv, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

describe('diff of two runs', () => {
  test('per check × engine: regressed, fixed, improved, added, removed; engine versions', () => {
    const d = diffReports(A, B);
    const by = (check: string) => d.changes.find((c) => c.check === check);
    assert.equal(by('scope/same'), undefined);
    assert.deepEqual([by('scope/regresses')!.kind, by('scope/regresses')!.from, by('scope/regresses')!.to], ['regressed', 'pass', 'deviation']);
    assert.ok(by('scope/regresses')!.diffNew.length > 0, 'the new deviation brings its diff entries');
    assert.equal(by('scope/fixed')!.kind, 'fixed');
    assert.equal(by('scope/fixed')!.regression, false);
    assert.equal(by('scope/improves')!.kind, 'improved');
    assert.equal(by('scope/removed')!.kind, 'removed');
    assert.deepEqual([by('scope/added')!.kind, by('scope/added')!.regression], ['added', false]);
    assert.deepEqual([by('scope/added-error')!.kind, by('scope/added-error')!.regression], ['added', true], 'a new harness error is a regression');
    assert.deepEqual([by('scope/dev-to-error')!.kind, by('scope/dev-to-error')!.regression], ['regressed', true]);
    assert.equal(d.counts.regressions, 3);
    assert.equal(d.counts.unchanged, 1);
    assert.deepEqual(
      d.engines.map((e) => [e.engine, e.from, e.to, e.changed]),
      [
        ['chromium', '156.0', '157.0', true],
        ['firefox', '153.7.0esr', '153.7.0esr', false],
        ['webkit', '2.50.6', '2.50.6', false],
      ],
    );
  });

  test('a deviation that deviates differently is "changed", with the diff entries gone and new', () => {
    const b = structuredClone(A);
    const r = b.checks.find((c) => c.id === 'scope/improves')!.results.chromium!;
    r.diff = [{ path: 'steps[1].scope', predicted: '{a}/', observed: '{a}/x/' }];
    const d = diffReports(A, b);
    assert.equal(d.changes.length, 1);
    const ch = d.changes[0]!;
    assert.equal(ch.kind, 'changed');
    assert.equal(ch.regression, false);
    assert.equal(ch.diffGone.length, 1);
    assert.deepEqual(ch.diffNew, [{ path: 'steps[1].scope', predicted: '{a}/', observed: '{a}/x/' }]);
  });

  test('the CLI: text, exit 1 on a regression, 0 without; --json; --html written', () => {
    const dir = tmp('swc-diff-');
    const fa = writeJson(join(dir, 'a.json'), A);
    const fb = writeJson(join(dir, 'b.json'), B);
    const r = run([fa, fb, '--html', join(dir, 'out', 'diff.html')]);
    assert.equal(r.code, 1, r.err);
    assert.match(r.out, /^regressed \(3\):$/m);
    assert.match(r.out, /scope\/regresses \[firefox\] pass → deviation/);
    assert.match(r.out, /^ {4}\+ steps\[1\]: model .* ≠ firefox /m);
    assert.match(r.out, /engine chromium: 156\.0 → 157\.0/);
    assert.match(r.out, /^added \(1\):\n {2}scope\/added \[chromium\] \(new\) deviation$/m);
    assert.match(r.out, /^removed \(1\):\n {2}scope\/removed \[chromium\] pass \(gone\)$/m);
    const html = readFileSync(join(dir, 'out', 'diff.html'), 'utf8');
    assert.match(html, /data-regressions="3"/);
    assert.match(html, /<tr data-check="scope\/regresses" data-engine="firefox" data-kind="regressed" data-regression="true">/);
    assert.match(html, /<tr data-engine="chromium" data-changed="true">/);
    assert.equal(run([fa, fa]).code, 0, 'a run against itself');
    assert.equal(run([fb, fa]).code, 1, 'B → A: scope/removed is added back, fine; but fixed → error is a regression');
    const j = run([fa, fb, '--json']);
    assert.equal((JSON.parse(j.out) as { counts: { regressions: number } }).counts.regressions, 3);
  });

  test('bad input: exit 2, one line naming the file and the field; nothing written', () => {
    const dir = tmp('swc-diff-');
    const fa = writeJson(join(dir, 'a.json'), A);
    const missing = join(dir, 'nope.json');
    let r = run([fa, missing, '--html', join(dir, 'x.html')]);
    assert.equal(r.code, 2);
    assert.match(r.err, new RegExp(`^diff: ${missing}: cannot read: ENOENT`));
    assert.ok(!existsSync(join(dir, 'x.html')));
    writeFileSync(join(dir, 'bad.json'), '{"format":');
    assert.match(run([fa, join(dir, 'bad.json')]).err, /bad\.json: not valid JSON/);
    writeJson(join(dir, 'other.json'), { results: [] });
    assert.match(run([fa, join(dir, 'other.json')]).err, /other\.json: not a conformance report: \/format is missing/);
    const broken = structuredClone(A) as unknown as { checks: { id: string; results: { chromium: Record<string, unknown> } }[] };
    const i = broken.checks.findIndex((c) => c.id === 'scope/improves');
    delete broken.checks[i]!.results.chromium.gate;
    writeJson(join(dir, 'broken.json'), broken);
    r = run([fa, join(dir, 'broken.json')]);
    assert.equal(r.code, 2);
    assert.match(r.err, new RegExp(`^diff: .*broken\\.json: not a conformance report: /checks/${i}/results/chromium: must have required property 'gate'\n$`));
    assert.match(run([fa]).err, /expected two reports/);
  });
});
