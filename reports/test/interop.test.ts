// The interop view (reports/interop.ts and its section of index.html) on synthetic reports.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Engine } from '../../contract/index.js';
import { renderHtml } from '../html.js';
import { interopRows } from '../interop.js';
import type { ConformanceReport } from '../types.js';
import { buildSynthetic, checkTest } from './helpers.js';

type B = 'pass' | 'deviation' | 'unsupported' | 'error';

function report(checks: Record<string, [B, B, B]>): ConformanceReport {
  const engines: Engine[] = ['chromium', 'firefox', 'webkit'];
  return buildSynthetic(Object.entries(checks).flatMap(([id, bs]) => bs.map((b, i) => checkTest({ id }, engines[i]!, b))));
}

const R = report({
  'scope/all-pass': ['pass', 'pass', 'pass'],
  'scope/firefox-alone': ['pass', 'deviation', 'pass'],
  'scope/all-deviate': ['deviation', 'deviation', 'deviation'],
  'registration/three-ways': ['pass', 'deviation', 'unsupported'],
  'registration/error-not-compared': ['error', 'pass', 'pass'],
  'registration/error-and-split': ['error', 'pass', 'deviation'],
  'lifecycle/unsupported-everywhere': ['unsupported', 'unsupported', 'unsupported'],
  'lifecycle/two-deviations': ['deviation', 'deviation', 'pass'],
});
// Chromium and Firefox deviate differently in lifecycle/two-deviations.
R.checks.find((c) => c.id === 'lifecycle/two-deviations')!.results.chromium!.diff = [{ path: 'steps[1].scope', predicted: '{a}/', observed: '{a}/x/' }];

describe('interop view', () => {
  const rows = interopRows(R);
  const row = (id: string) => rows.find((r) => r.check === id);

  test('engines that all behave alike are not listed, whether they match the model or all lack the feature', () => {
    assert.equal(row('scope/all-pass'), undefined);
    assert.equal(row('lifecycle/unsupported-everywhere'), undefined);
  });

  test('one engine differs: named', () => {
    assert.equal(row('scope/firefox-alone')!.kind, 'one-engine-differs');
    assert.equal(row('scope/firefox-alone')!.odd, 'firefox');
    assert.deepEqual(
      row('scope/firefox-alone')!.groups.map((g) => [g.engines, g.model]),
      [
        [['chromium', 'webkit'], true],
        [['firefox'], false],
      ],
    );
  });

  test('all agree with each other but not with the model: a model or spec question', () => {
    assert.equal(row('scope/all-deviate')!.kind, 'engines-agree-model-differs');
    assert.equal(row('scope/all-deviate')!.groups.length, 1);
  });

  test('engines that disagree: three ways, or two deviations that differ from each other', () => {
    assert.equal(row('registration/three-ways')!.kind, 'engines-disagree');
    assert.equal(row('registration/three-ways')!.groups.length, 3);
    assert.equal(row('lifecycle/two-deviations')!.kind, 'engines-disagree');
    assert.equal(row('lifecycle/two-deviations')!.groups.length, 3);
  });

  test('a harness error is never compared: not a disagreement, and listed as undetermined', () => {
    assert.equal(row('registration/error-not-compared'), undefined);
    assert.equal(row('registration/error-and-split')!.kind, 'engines-disagree');
    assert.deepEqual(row('registration/error-and-split')!.undetermined, ['chromium']);
  });

  test('a fuzz result on a counterexample of its own is not compared with the other engines', () => {
    const r = structuredClone(R);
    const res = r.checks.find((c) => c.id === 'scope/firefox-alone')!.results.firefox!;
    Object.assign(res, { fuzz: { seed: 1, runs: 10 }, scenario: { ...r.checks[0]!.scenario!, id: 'scope/counterexample' } });
    assert.equal(interopRows(r).find((x) => x.check === 'scope/firefox-alone'), undefined);
  });

  test('the page: grouped by area, group letters per engine, the odd engine marked', () => {
    const html = renderHtml(R);
    const start = html.indexOf('<section id="interop">');
    assert.ok(start > 0);
    const s = html.slice(start, html.indexOf('</section>', start));
    assert.deepEqual(
      [...s.matchAll(/<table class="interop" data-area="(\w+)">/g)].map((m) => m[1]),
      ['scope', 'registration', 'lifecycle'],
    );
    assert.match(s, /<tr data-check="scope\/firefox-alone" data-kind="one-engine-differs" data-odd="firefox">/);
    assert.match(s, /<td data-engine="firefox" data-group="B" class="odd">/);
    assert.match(s, /<td data-engine="chromium">.*?<small class="muted">not compared<\/small><\/td>/);
    assert.match(s, /data-kind="one-engine-differs" data-count="1"/);
    assert.match(s, /data-kind="engines-disagree" data-count="3"/);
  });
});
