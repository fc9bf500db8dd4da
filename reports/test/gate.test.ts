// Gating and report building over synthetic collected tests (no Playwright run).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { emptyBaseline } from '../baseline.js';
import type { BuildInput } from '../build.js';
import { checkIdOf, type CollectedTest } from '../collect.js';
import type { Baseline, ConformanceReport } from '../types.js';
import { buildSynthetic, checkTest, collected, SYNTHETIC_RUN } from './helpers.js';

const RUN: BuildInput['run'] = { ...SYNTHETIC_RUN, playwrightStatus: 'failed' };

function build(tests: CollectedTest[], baseline: Baseline = emptyBaseline(), over: Partial<BuildInput> = {}): ConformanceReport {
  return buildSynthetic(tests, baseline, { run: RUN, ...over });
}

describe('gate', () => {
  test('a new deviation is a regression and fails the gate', () => {
    const r = build([checkTest({ id: 'scope/a' }, 'chromium'), checkTest({ id: 'scope/a' }, 'firefox', 'deviation')]);
    assert.equal(r.gate.status, 'fail');
    assert.deepEqual(
      r.gate.regressions.map((i) => [i.check, i.engine, i.verdict]),
      [['scope/a', 'firefox', 'deviation']],
    );
    assert.equal(r.checks[0]!.results.firefox!.gate, 'regression');
    assert.equal(r.checks[0]!.results.chromium!.gate, 'ok');
  });

  test('a new harness error is a regression too', () => {
    const r = build([checkTest({ id: 'scope/a' }, 'webkit', 'error')]);
    assert.equal(r.gate.status, 'fail');
    assert.equal(r.gate.regressions[0]!.verdict, 'error');
  });

  // Regression test: the old gate judged any deviation or error against any entry as "expected",
  // so lifecycle/unregister-then-register-new erroring in Chromium passed a run.
  test('a harness error is never an expected deviation: an entry expecting a deviation does not excuse it', () => {
    const baseline: Baseline = { checks: [{ check: 'scope/a', engine: 'chromium', reason: 'a known deviation' }], quirks: [] };
    const r = build([checkTest({ id: 'scope/a' }, 'chromium', 'error')], baseline);
    assert.equal(r.gate.status, 'fail');
    assert.equal(r.checks[0]!.results.chromium!.gate, 'regression');
    assert.match(r.gate.regressions[0]!.detail ?? '', /never an expected deviation/);
  });

  test('an entry that says expect "error" excuses a harness error, and only an error', () => {
    const baseline: Baseline = { checks: [{ check: 'scope/a', engine: 'chromium', expect: 'error', reason: 'the driver cannot open this' }], quirks: [] };
    assert.equal(build([checkTest({ id: 'scope/a' }, 'chromium', 'error')], baseline).gate.status, 'pass');
    const deviating = build([checkTest({ id: 'scope/a' }, 'chromium', 'deviation')], baseline);
    assert.equal(deviating.gate.status, 'fail');
    assert.match(deviating.gate.regressions[0]!.detail ?? '', /expects a harness error/);
  });

  test('a deviation in the baseline is expected and the gate passes', () => {
    const baseline: Baseline = { checks: [{ check: 'scope/a', engine: 'firefox', reason: 'bug 1', link: 'https://bugzilla.mozilla.org/1' }], quirks: [] };
    const r = build([checkTest({ id: 'scope/a' }, 'chromium'), checkTest({ id: 'scope/a' }, 'firefox', 'deviation')], baseline);
    assert.equal(r.gate.status, 'pass');
    const res = r.checks[0]!.results.firefox!;
    assert.equal(res.gate, 'expected');
    assert.deepEqual(res.baseline, { check: 'scope/a', engine: 'firefox', reason: 'bug 1', link: 'https://bugzilla.mozilla.org/1' });
    assert.equal(r.gate.counts.expected, 1);
  });

  test('a baseline entry whose check now passes is stale and fails the gate', () => {
    const baseline: Baseline = { checks: [{ check: 'scope/a', engine: 'firefox', reason: 'bug 1' }], quirks: [] };
    const r = build([checkTest({ id: 'scope/a' }, 'firefox', 'pass')], baseline);
    assert.equal(r.gate.status, 'fail');
    assert.equal(r.checks[0]!.results.firefox!.gate, 'stale');
    assert.deepEqual(
      r.gate.stale.map((i) => [i.check, i.engine]),
      [['scope/a', 'firefox']],
    );
    // unsupported is not a deviation either: the entry is stale as well
    const u = build([checkTest({ id: 'scope/a' }, 'firefox', 'unsupported')], baseline);
    assert.equal(u.checks[0]!.results.firefox!.gate, 'stale');
  });

  test('baseline entries for checks that did not run are unverified, not stale', () => {
    const baseline: Baseline = { checks: [{ check: 'scope/other', engine: 'webkit', reason: 'x' }], quirks: [] };
    const r = build([checkTest({ id: 'scope/a' }, 'webkit')], baseline);
    assert.equal(r.gate.status, 'pass');
    assert.deepEqual(
      r.gate.unverified.map((u) => u.check),
      ['scope/other'],
    );
  });

  test('fuzz quirks: a deviation carrying a baselined quirk is expected; a quirk nobody reported is stale only in a complete run', () => {
    const fuzz = { id: 'fuzz/paths-0', fuzz: { seed: 7, runs: 50, quirk: { webkit: 'percent-2f' } } };
    const baseline: Baseline = {
      checks: [],
      quirks: [
        { quirk: 'percent-2f', engine: 'webkit', reason: 'WebKit decodes %2F' },
        { quirk: 'old', engine: 'webkit', reason: 'fixed since' },
      ],
    };
    const tests = [checkTest(fuzz, 'webkit', 'deviation'), checkTest(fuzz, 'chromium')];
    const r = build(tests, baseline);
    assert.equal(r.checks[0]!.results.webkit!.gate, 'expected');
    assert.equal(r.checks[0]!.results.webkit!.baseline?.quirk, 'percent-2f');
    assert.deepEqual(
      r.gate.staleQuirks.map((q) => q.quirk),
      ['old'],
    );
    assert.equal(r.gate.status, 'fail');
    assert.deepEqual(
      r.run.fuzzSeeds.map((s) => [s.check, s.engine, s.seed]),
      [
        ['fuzz/paths-0', 'chromium', 7],
        ['fuzz/paths-0', 'webkit', 7],
      ],
    );
    const partial = build(tests, baseline, { completeRun: false });
    assert.deepEqual(partial.gate.staleQuirks, []);
    assert.equal(partial.gate.status, 'pass');
    assert.ok(partial.gate.unverified.some((u) => u.quirk === 'old'));
  });

  test('fuzz quirks: with covers, a quirk is stale only where its probe ran (a --grep of one property leaves the others unverified)', () => {
    const cacheMatch = { id: 'fuzz/cache-match', fuzz: { seed: 1, runs: 9, quirk: { webkit: 'c1' }, quirks: { webkit: ['c1'] }, covers: { webkit: ['c1', 'c2'], chromium: [] } } };
    const baseline: Baseline = {
      checks: [],
      quirks: [
        { quirk: 'c1', engine: 'webkit', reason: 'met' },
        { quirk: 'c2', engine: 'webkit', reason: 'covered, not met' },
        { quirk: 'u1', engine: 'webkit', reason: "another property's quirk" },
      ],
    };
    // completeRun true: the reporter could not tell that --grep selected one property.
    const r = build([checkTest(cacheMatch, 'webkit', 'deviation'), checkTest(cacheMatch, 'chromium')], baseline, { completeRun: true });
    assert.deepEqual(r.gate.staleQuirks.map((q) => q.quirk), ['c2']);
    assert.deepEqual(r.gate.unverified.map((u) => u.quirk), ['u1']);
    assert.equal(r.gate.status, 'fail');
  });

  test('fuzz quirks: every quirk a run met counts as reported, so none of them is stale', () => {
    const fuzz = { id: 'fuzz/url-match', fuzz: { seed: 3, runs: 20, quirk: { firefox: 'q1' }, quirks: { firefox: ['q1', 'q2'] } } };
    const baseline: Baseline = {
      checks: [],
      quirks: [
        { quirk: 'q1', engine: 'firefox', reason: 'one' },
        { quirk: 'q2', engine: 'firefox', reason: 'two' },
        { quirk: 'q3', engine: 'firefox', reason: 'not met' },
      ],
    };
    const r = build([checkTest(fuzz, 'firefox', 'deviation')], baseline);
    assert.equal(r.checks[0]!.results.firefox!.gate, 'expected');
    assert.deepEqual(r.checks[0]!.results.firefox!.fuzz?.quirks, ['q1', 'q2']);
    assert.deepEqual(
      r.gate.staleQuirks.map((q) => q.quirk),
      ['q3'],
    );
  });

  test('a failed test without a record becomes an error of its engine, with the message; other engines intact', () => {
    const tests = [
      checkTest({ id: 'lifecycle/x' }, 'chromium'),
      collected({ project: 'firefox', title: 'lifecycle/x: synthetic', checkId: 'lifecycle/x', status: 'failed', error: 'Error: worker process exited unexpectedly (code=null, signal=SIGKILL)\n  at …' }),
      checkTest({ id: 'lifecycle/x' }, 'webkit', 'deviation'),
    ];
    const r = build(tests);
    const c = r.checks[0]!;
    assert.equal(c.results.chromium!.verdict, 'pass');
    assert.equal(c.results.webkit!.verdict, 'deviation');
    assert.equal(c.results.firefox!.verdict, 'error');
    assert.match(c.results.firefox!.detail!, /worker process exited unexpectedly/);
    assert.ok(c.scenario && c.predicted, 'check-level scenario and prediction come from an engine that recorded them');
  });

  test('a check skipped after a crash is an error; a test skipped on purpose is not reported', () => {
    const r = build([
      collected({ project: 'webkit', title: 'scope/y: synthetic', checkId: 'scope/y', status: 'skipped', outcome: 'skipped' }),
      collected({ project: 'webkit', title: 'scope/z: synthetic', checkId: 'scope/z', status: 'skipped', outcome: 'skipped', skippedOnPurpose: true }),
    ]);
    assert.deepEqual(
      r.checks.map((c) => c.id),
      ['scope/y'],
    );
    assert.match(r.checks[0]!.results.webkit!.detail!, /did not run/);
  });

  test('a record that says pass in a test that failed is the harness failing', () => {
    const t = checkTest({ id: 'scope/p' }, 'chromium');
    const r = build([{ ...t, status: 'timedOut', outcome: 'unexpected', error: 'Test timeout of 30000ms exceeded.' }]);
    const res = r.checks[0]!.results.chromium!;
    assert.equal(res.verdict, 'error');
    assert.match(res.detail!, /timed out after recording "pass": Test timeout/);
  });

  test('failures outside any check, global errors and interruptions cannot be baselined', () => {
    const r = build(
      [collected({ project: 'chromium', title: 'smoke: the fixture server starts', status: 'failed', error: 'Error: EADDRINUSE' }), checkTest({ id: 'scope/a' }, 'chromium')],
      emptyBaseline(),
      { globalErrors: ['Error: config broke'], run: { ...RUN, playwrightStatus: 'interrupted' } },
    );
    assert.equal(r.gate.status, 'fail');
    assert.deepEqual(
      r.gate.otherFailures.map((f) => f.message),
      ['Error: config broke', 'the run was interrupted', 'Error: EADDRINUSE'],
    );
  });

  test('retries that disagree mark the result flaky; repeated tests report the worst verdict', () => {
    const t = checkTest({ id: 'scope/f' }, 'chromium');
    const r = build([{ ...t, attemptVerdicts: { 'scope/f': ['deviation', 'pass'] } }, checkTest({ id: 'scope/g' }, 'chromium'), checkTest({ id: 'scope/g' }, 'chromium', 'deviation')]);
    assert.equal(r.checks[0]!.results.chromium!.flaky, true);
    assert.equal(r.checks[1]!.results.chromium!.verdict, 'deviation');
    assert.equal(r.checks[1]!.results.chromium!.flaky, true);
  });

  test('the report does not depend on the order tests finished in', () => {
    const tests = [
      checkTest({ id: 'scope/a' }, 'chromium'),
      checkTest({ id: 'scope/a' }, 'firefox', 'deviation'),
      checkTest({ id: 'routing/b' }, 'webkit', 'unsupported'),
      checkTest({ id: 'proposals/c', explainer: { section: '§1', claim: 'c', predicts: 'p', specAgrees: true } }, 'chromium'),
      collected({ project: 'webkit', title: 'scope/a: synthetic', checkId: 'scope/a', status: 'failed', error: 'boom' }),
    ];
    const a = build(tests);
    const b = build([...tests].reverse());
    assert.deepEqual(a, b);
    assert.deepEqual(
      a.checks.map((c) => c.id),
      ['proposals/c', 'routing/b', 'scope/a'],
    );
    assert.deepEqual(Object.keys(a.checks[2]!.results), ['chromium', 'firefox', 'webkit']);
    assert.deepEqual(
      a.summary.map((s) => s.area),
      ['scope', 'registration', 'routing', 'explainer', 'lifecycle', 'redirects', 'fuzz', 'proposals', 'caches'],
    );
    assert.deepEqual(a.summary[0]!.engines.firefox, { pass: 0, deviation: 1, unsupported: 0, error: 0 });
  });
});

describe('check ids', () => {
  test('come from the "check" annotation set when the test is defined', () => {
    assert.equal(checkIdOf({ annotations: [{ type: 'tag' }, { type: 'check', description: 'scope/star-at-end' }] }), 'scope/star-at-end');
    assert.equal(checkIdOf({ annotations: [{ type: 'fuzz', description: 'seed 42' }] }), undefined);
  });

  test('never from the title: a failed test without the annotation is a failure outside any check', () => {
    const r = build([collected({ project: 'chromium', title: 'scope/a: looks like a check', status: 'failed', error: 'boom' })]);
    assert.deepEqual(r.checks, []);
    assert.deepEqual(
      r.gate.otherFailures.map((f) => f.message),
      ['boom'],
    );
  });
});

describe('baseline hygiene', () => {
  test('entries without a link or still "TODO: triage" are listed (sorted as the gate sorts entries: quirks first); they do not fail the gate', () => {
    const baseline: Baseline = {
      checks: [
        { check: 'scope/b', engine: 'firefox', reason: 'TODO: triage' },
        { check: 'scope/a', engine: 'firefox', reason: 'bug 1', link: 'https://bugzilla.mozilla.org/1' },
        { check: 'scope/c', engine: 'webkit', reason: 'TODO: triage', link: 'https://bugs.webkit.org/1' },
      ],
      quirks: [{ quirk: 'q', engine: 'webkit', reason: 'decodes %2F' }],
    };
    const r = build([checkTest({ id: 'scope/a' }, 'firefox', 'deviation'), checkTest({ id: 'scope/b' }, 'firefox', 'deviation')], baseline);
    assert.equal(r.gate.status, 'pass');
    assert.deepEqual(
      r.gate.needsTriage!.map((t) => [t.entry.check ?? `quirk ${t.entry.quirk}`, t.problems]),
      [
        ['quirk q', ['no link']],
        ['scope/b', ['no link', 'TODO: triage']],
        ['scope/c', ['TODO: triage']],
      ],
    );
  });
});
