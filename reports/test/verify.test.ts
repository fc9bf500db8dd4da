// Verify mode (--repeat N): repeated results aggregated per check × engine (verdicts in run order,
// flips), flaky results failing the gate unless the baseline lists them as known flaky, the
// baseline's `expect: "flaky"` entries, and what the page and JUnit show. Synthetic results only.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Engine, VerdictKind } from '../../contract/index.js';
import { BaselineError, emptyBaseline, serializeBaseline, updateBaseline, validateBaseline } from '../baseline.js';
import type { BuildInput } from '../build.js';
import type { CollectedTest } from '../collect.js';
import { renderHtml } from '../html.js';
import { renderJunit } from '../junit.js';
import type { Baseline, ConformanceReport } from '../types.js';
import { reportProblems } from '../validate.js';
import { buildSynthetic, checkTest, SYNTHETIC_RUN } from './helpers.js';

const RUN: BuildInput['run'] = { ...SYNTHETIC_RUN, repeat: 5 };

/** One test per repetition, as --repeat-each gives them (each its own test id and index). */
function repeated(id: string, engine: Engine, verdicts: Array<'pass' | 'deviation' | 'unsupported' | 'error'>): CollectedTest[] {
  return verdicts.map((v, i) => ({ ...checkTest({ id }, engine, v), testId: `${id}-${engine}-${i}`, repeatEachIndex: i }));
}

function build(tests: CollectedTest[], baseline: Baseline = emptyBaseline()): ConformanceReport {
  return buildSynthetic(tests, baseline, { run: RUN });
}

describe('verify mode: aggregation', () => {
  test('verdicts in run order whatever order the tests ended in; flips; the worst verdict counts', () => {
    const tests = repeated('scope/a', 'firefox', ['pass', 'pass', 'deviation', 'pass', 'pass']);
    const r = build([...tests].reverse());
    const res = r.checks[0]!.results.firefox!;
    assert.equal(res.verdict, 'deviation');
    assert.equal(res.flaky, true);
    assert.deepEqual(res.runs, { verdicts: ['pass', 'pass', 'deviation', 'pass', 'pass'], flips: 2 });
    assert.deepEqual(reportProblems(r), []);
  });

  test('a check that gives the same verdict every time is not flaky, and keeps its gate', () => {
    const r = build([...repeated('scope/a', 'chromium', ['pass', 'pass', 'pass']), ...repeated('scope/b', 'chromium', ['deviation', 'deviation', 'deviation'])]);
    assert.deepEqual(r.checks[0]!.results.chromium!.runs, { verdicts: ['pass', 'pass', 'pass'], flips: 0 });
    assert.equal(r.checks[0]!.results.chromium!.flaky, undefined);
    assert.equal(r.checks[0]!.results.chromium!.gate, 'ok');
    assert.equal(r.checks[1]!.results.chromium!.gate, 'regression');
    assert.deepEqual(r.gate.flaky, []);
  });

  test('retries count as runs too: the attempts of one test, in order', () => {
    const t = checkTest({ id: 'scope/f' }, 'chromium');
    const r = build([{ ...t, attemptVerdicts: { 'scope/f': ['deviation', 'pass'] } }]);
    assert.deepEqual(r.checks[0]!.results.chromium!.runs, { verdicts: ['deviation', 'pass'], flips: 1 });
    assert.equal(r.checks[0]!.results.chromium!.gate, 'flaky');
  });
});

describe('verify mode: gate', () => {
  test('a flaky result fails the gate, even where the baseline expects a deviation', () => {
    const tests = repeated('scope/a', 'firefox', ['pass', 'deviation', 'pass']);
    const plain = build(tests);
    assert.equal(plain.gate.status, 'fail');
    assert.equal(plain.checks[0]!.results.firefox!.gate, 'flaky');
    assert.deepEqual(
      plain.gate.flaky!.map((i) => [i.check, i.engine, i.verdicts]),
      [['scope/a', 'firefox', ['pass', 'deviation', 'pass']]],
    );
    assert.equal(plain.gate.counts.flaky, 1);
    assert.deepEqual(plain.gate.regressions, []);
    const withDeviation = build(tests, { checks: [{ check: 'scope/a', engine: 'firefox', reason: 'bug 1' }], quirks: [] });
    assert.equal(withDeviation.gate.status, 'fail');
    assert.equal(withDeviation.checks[0]!.results.firefox!.gate, 'flaky');
    assert.match(withDeviation.gate.flaky![0]!.detail ?? '', /not list it as known flaky/);
  });

  test('known flaky (with a reason): expected, whether it flipped this time or not; never stale', () => {
    const baseline: Baseline = { checks: [{ check: 'scope/a', engine: 'firefox', expect: 'flaky', reason: 'about 1 in 60: the iframe is sometimes not yet controlled' }], quirks: [] };
    const flipped = build(repeated('scope/a', 'firefox', ['pass', 'deviation', 'pass']), baseline);
    assert.equal(flipped.gate.status, 'pass');
    assert.equal(flipped.checks[0]!.results.firefox!.gate, 'expected');
    assert.deepEqual(flipped.checks[0]!.results.firefox!.baseline?.verdicts, ['pass', 'deviation'], 'the default verdicts are filled in');
    for (const v of ['pass', 'deviation'] as const) {
      const steady = build(repeated('scope/a', 'firefox', [v, v, v]), baseline);
      assert.equal(steady.gate.status, 'pass', v);
      assert.equal(steady.checks[0]!.results.firefox!.gate, 'expected', v);
    }
  });

  test('a harness error is not excused by a flaky entry unless the entry lists "error"', () => {
    const baseline: Baseline = { checks: [{ check: 'scope/a', engine: 'webkit', expect: 'flaky', reason: 'registrations vanish' }], quirks: [] };
    const r = build(repeated('scope/a', 'webkit', ['pass', 'error', 'pass']), baseline);
    assert.equal(r.gate.status, 'fail');
    assert.equal(r.checks[0]!.results.webkit!.gate, 'regression');
    assert.match(r.gate.regressions[0]!.detail ?? '', /error, which the flaky entry does not allow \(it allows pass, deviation\)/);
    const listed: Baseline = { checks: [{ ...baseline.checks[0]!, verdicts: ['pass', 'error'] }], quirks: [] };
    assert.equal(build(repeated('scope/a', 'webkit', ['pass', 'error', 'pass']), listed).gate.status, 'pass');
  });

  test('--update-baseline turns a flaky result into a known-flaky entry listing the verdicts seen', () => {
    const report = build(repeated('scope/a', 'firefox', ['deviation', 'pass', 'unsupported']));
    const { baseline, added } = updateBaseline(emptyBaseline(), report);
    assert.deepEqual(baseline.checks, [{ check: 'scope/a', engine: 'firefox', expect: 'flaky', verdicts: ['pass', 'deviation', 'unsupported'], reason: 'TODO: triage' }]);
    assert.equal(added.length, 1);
    assert.match(serializeBaseline(baseline), /"expect": "flaky",\n {6}"verdicts": \[/);
  });

  test('the baseline parser: verdicts only with expect "flaky", at least two distinct known verdicts', () => {
    const entry = (over: object) => ({ checks: [{ check: 'scope/a', engine: 'firefox', reason: 'r', ...over }], quirks: [] });
    assert.doesNotThrow(() => validateBaseline(entry({ expect: 'flaky' })));
    assert.doesNotThrow(() => validateBaseline(entry({ expect: 'flaky', verdicts: ['pass', 'error'] })));
    const problem = (over: object): string => {
      try {
        validateBaseline(entry(over), 'b.json');
      } catch (e) {
        assert.ok(e instanceof BaselineError);
        return e.message;
      }
      return assert.fail('accepted');
    };
    assert.match(problem({ verdicts: ['pass', 'deviation'] }), /checks\[0\].*"verdicts" is only for entries with "expect": "flaky"/);
    assert.match(problem({ expect: 'flaky', verdicts: ['pass'] }), /"verdicts" must list at least two different verdicts/);
    assert.match(problem({ expect: 'flaky', verdicts: ['pass', 'fail'] }), /"verdicts" must list/);
    assert.match(problem({ expect: 'sometimes' }), /"expect" must be "deviation" \(the default\), "error" or "flaky"/);
  });
});

describe('verify mode: outputs', () => {
  const baseline: Baseline = { checks: [{ check: 'scope/b', engine: 'chromium', expect: 'flaky', reason: 'known' }], quirks: [] };
  const report = build([...repeated('scope/a', 'firefox', ['pass', 'deviation', 'pass', 'pass', 'pass']), ...repeated('scope/b', 'chromium', ['pass', 'deviation', 'deviation', 'pass', 'deviation']), ...repeated('scope/c', 'webkit', ['pass', 'pass', 'pass', 'pass', 'pass'])], baseline);

  test('index.html: the verify table per engine, the flaky list, the runs in the drill-down', () => {
    const html = renderHtml(report);
    assert.match(html, /<section id="verify"><h2>Verify \(every check 5×\)<\/h2>/);
    assert.match(html, /<tr data-engine="firefox" data-flaky="1"><th scope="row">firefox<\/th><td>1<\/td><td>1<\/td><td>2<\/td>/);
    assert.match(html, /<tr data-engine="chromium" data-flaky="1">.*<small>\(known\)<\/small>/);
    assert.match(html, /<tr data-engine="webkit" data-flaky="0"><th scope="row">webkit<\/th><td>1<\/td><td>0<\/td><td>0<\/td>/);
    assert.match(html, /<ul id="flaky"><li><a href="#[^"]+"><code>scope\/a<\/code><\/a> \[firefox\] pass deviation pass pass pass<\/li><\/ul>/);
    assert.match(html, /Ran 5 times: pass → deviation → pass → pass → pass \(2 flips; the worst verdict counts\)/);
    assert.match(html, /1 flaky/);
  });

  test('junit.xml: a flaky result is a failure of type "flaky"; a known flaky one passes', () => {
    const xml = renderJunit(report);
    assert.match(xml, /<testcase classname="firefox.scope" name="scope\/a: [^"]*" time="[\d.]+"><failure message="flaky: the verdict changed between runs in firefox \(pass deviation pass pass pass\)[^"]*" type="flaky">/);
    assert.doesNotMatch(xml, /name="scope\/b[^>]*><failure/);
  });

  test('the gate report lists it and the report validates', () => {
    assert.equal(report.gate.status, 'fail');
    assert.deepEqual(report.gate.counts, { ok: 1, expected: 1, regression: 0, stale: 0, flaky: 1 });
    assert.deepEqual(reportProblems(report), []);
    const seen: VerdictKind[] = report.checks[1]!.results.chromium!.runs!.verdicts;
    assert.deepEqual(seen, ['pass', 'deviation', 'deviation', 'pass', 'deviation']);
  });
});
