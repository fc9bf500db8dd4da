import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { BaselineError, BaselineIndex, loadBaseline, serializeBaseline, updateBaseline, validateBaseline } from '../baseline.js';
import { buildReport } from '../build.js';
import { DEFAULT_BASELINE } from '../paths.js';
import type { Baseline } from '../types.js';
import { checkTest, tmp } from './helpers.js';

const RUN = {
  id: 'r',
  date: '2026-01-01T00:00:00.000Z',
  startTime: '2026-01-01T00:00:00.000Z',
  durationMs: 1,
  mode: 'run' as const,
  shard: null,
  mergedReports: null,
  playwrightStatus: 'failed' as const,
  playwrightVersion: '1.64.1',
  gitCommit: null,
  baseline: 'baseline.json',
};

function invalid(data: unknown): string {
  try {
    validateBaseline(data, 'baseline.json');
  } catch (e) {
    assert.ok(e instanceof BaselineError, `expected a BaselineError, got ${String(e)}`);
    return e.message;
  }
  assert.fail('the baseline was accepted');
}

describe('baseline validation', () => {
  test('the committed baseline is valid', () => {
    const b = loadBaseline(DEFAULT_BASELINE);
    assert.ok(Array.isArray(b.checks) && Array.isArray(b.quirks));
    // Deterministic form: what --update-baseline would write.
    assert.equal(readFileSync(DEFAULT_BASELINE, 'utf8'), serializeBaseline(b));
  });

  test('a bad engine names the entry, its index and the field', () => {
    const msg = invalid({
      checks: [
        { check: 'scope/ok', engine: 'chromium', reason: 'fine' },
        { check: 'scope/bad', engine: 'safari', reason: 'nope' },
      ],
    });
    assert.match(msg, /checks\[1\]/);
    assert.match(msg, /"check":"scope\/bad"/);
    assert.match(msg, /"engine" must be one of chromium, firefox, webkit/);
    assert.doesNotMatch(msg, /checks\[0\]/);
  });

  test('missing reason, malformed id, unknown key, bad link, duplicates: every entry named', () => {
    const msg = invalid({
      checks: [
        { check: 'scope/a', engine: 'firefox' },
        { check: 'nonsense', engine: 'firefox', reason: 'x' },
        { check: 'scope/b', engine: 'webkit', reason: 'x', bug: 1 },
        { check: 'scope/c', engine: 'webkit', reason: 'x', link: 'not a url' },
        { check: 'scope/d', engine: 'webkit', reason: 'x' },
        { check: 'scope/d', engine: 'webkit', reason: 'again' },
      ],
      quirks: [{ quirk: '', engine: 'webkit', reason: 'x' }],
    });
    assert.match(msg, /checks\[0\].*"reason" must be a non-empty string/);
    assert.match(msg, /checks\[1\].*"check" must be "<area>\/<case>"/);
    assert.match(msg, /checks\[2\].*unknown key "bug"/);
    assert.match(msg, /checks\[3\].*"link" must be an http\(s\) URL/);
    assert.match(msg, /checks\[5\].*duplicates checks\[4\]/);
    assert.match(msg, /quirks\[0\].*"quirk" must be a non-empty string/);
  });

  test('wrong top-level shape and invalid JSON are reported with the file name', () => {
    assert.match(invalid([]), /baseline\.json: expected an object/);
    assert.match(invalid({ checks: {} }), /"checks" must be an array/);
    assert.match(invalid({ checks: [], extra: 1 }), /unknown top-level key "extra"/);
    const dir = tmp();
    const file = join(dir, 'b.json');
    writeFileSync(file, '{"checks": [,]}');
    assert.throws(() => loadBaseline(file, 'b.json'), (e: Error) => e instanceof BaselineError && /b\.json: not valid JSON/.test(e.message));
    assert.throws(() => loadBaseline(join(dir, 'missing.json'), 'missing.json'), /missing\.json: cannot read the baseline/);
  });

  test('serialisation is sorted and stable', () => {
    const b: Baseline = {
      checks: [
        { check: 'scope/z', engine: 'webkit', reason: 'r', link: 'https://bugs.webkit.org/1' },
        { check: 'scope/a', engine: 'webkit', reason: 'r' },
        { check: 'scope/a', engine: 'chromium', reason: 'r' },
      ],
      quirks: [
        { quirk: 'q2', engine: 'firefox', reason: 'r' },
        { quirk: 'q1', engine: 'firefox', reason: 'r' },
      ],
    };
    const text = serializeBaseline(b);
    const again = serializeBaseline(JSON.parse(text) as Baseline);
    assert.equal(text, again);
    const parsed = JSON.parse(text) as Baseline;
    assert.deepEqual(
      parsed.checks.map((e) => `${e.check}:${e.engine}`),
      ['scope/a:chromium', 'scope/a:webkit', 'scope/z:webkit'],
    );
    assert.deepEqual(
      parsed.quirks.map((e) => e.quirk),
      ['q1', 'q2'],
    );
  });
});

describe('baseline update', () => {
  test('keeps reasons of remaining entries, adds TODO entries, drops stale ones, keeps entries for checks not run', () => {
    const old: Baseline = {
      checks: [
        { check: 'scope/known', engine: 'firefox', reason: 'Firefox bug 1', link: 'https://bugzilla.mozilla.org/1' },
        { check: 'scope/fixed', engine: 'webkit', reason: 'was broken' },
        { check: 'routing/not-run', engine: 'chromium', reason: 'kept' },
      ],
      quirks: [
        { quirk: 'gone', engine: 'webkit', reason: 'no longer seen' },
        { quirk: 'kept', engine: 'chromium', reason: 'chromium fuzz did not run' },
      ],
    };
    const fuzz = { id: 'fuzz/p0', fuzz: { seed: 1, runs: 10, quirk: { webkit: 'new-quirk' } } };
    const tests = [
      checkTest({ id: 'scope/known' }, 'firefox', 'deviation'),
      checkTest({ id: 'scope/fixed' }, 'webkit', 'pass'),
      checkTest({ id: 'scope/new' }, 'chromium', 'error'),
      checkTest(fuzz, 'webkit', 'deviation'),
      checkTest(fuzz, 'firefox', 'pass'),
    ];
    const report = buildReport({ tests, globalErrors: [], engineInfo: new Map(), baseline: new BaselineIndex(old), run: RUN, completeRun: true });
    assert.deepEqual(
      report.gate.staleQuirks.map((q) => q.quirk),
      ['gone'],
    );
    const { baseline, added, removed } = updateBaseline(old, report);
    assert.deepEqual(baseline, {
      checks: [
        { check: 'routing/not-run', engine: 'chromium', reason: 'kept' },
        { check: 'scope/known', engine: 'firefox', reason: 'Firefox bug 1', link: 'https://bugzilla.mozilla.org/1' },
        { check: 'scope/new', engine: 'chromium', expect: 'error', reason: 'TODO: triage' },
      ],
      quirks: [
        { quirk: 'kept', engine: 'chromium', reason: 'chromium fuzz did not run' },
        { quirk: 'new-quirk', engine: 'webkit', reason: 'TODO: triage' },
      ],
    });
    assert.deepEqual(added.map((r) => r.check ?? r.quirk).sort(), ['new-quirk', 'scope/new']);
    assert.deepEqual(removed.map((r) => r.check ?? r.quirk).sort(), ['gone', 'scope/fixed']);
    // The updated baseline makes the same run pass.
    const again = buildReport({ tests, globalErrors: [], engineInfo: new Map(), baseline: new BaselineIndex(baseline), run: RUN, completeRun: true });
    assert.equal(again.gate.status, 'pass');
  });
});
