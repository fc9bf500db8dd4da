// The quirk predicates: each explains the minimal counterexample it was defined from, and not
// the neighbouring cases that would hide other bugs. The baseline names only defined quirks.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import type { Engine, Resource, Scenario, Step, StepResult } from '../../../contract/index.js';
import { worker } from '../../harness/build.js';
import { baselineQuirks, DEFAULT_BASELINE } from '../baseline-quirks.js';
import { libsoupWirePath, probeScenario, QUIRKS, quirkNamed, quirksExplaining, type Mismatch } from '../quirks.js';
import { PROPERTY_IDS, predictSteps, type PropertyId } from '../scenarios.js';

const PAGE = '{a}/page.html';

function scenario(steps: Step[], resources: Record<string, Resource> = { '{a}/sw.js': worker('v1') }): Scenario {
  return { id: 'fuzz/test', area: 'fuzz', title: 't', spec: ['x'], resources, steps: [{ do: 'open', client: 'c1', url: PAGE }, ...steps] };
}

/** The mismatch at `step` of `s` for `engine`, with the model's prediction and the given observation. */
function mismatch(property: PropertyId, engine: Engine, s: Scenario, step: number, observed: StepResult): Mismatch {
  return { property, engine, scenario: s, step, predicted: predictSteps(property, s)[step]!, observed };
}

function explains(name: string, m: Mismatch): boolean {
  const q = quirkNamed(name);
  assert.ok(q, `quirk ${name} is defined`);
  return quirksExplaining(m, [q]).length === 1;
}

describe('quirk definitions', () => {
  test('names are unique; each has engines, properties, a reason and an example', () => {
    assert.equal(new Set(QUIRKS.map((q) => q.name)).size, QUIRKS.length);
    for (const q of QUIRKS) {
      assert.match(q.name, /^[a-z0-9]+(-[a-z0-9]+)*$/);
      assert.ok(q.engines.length > 0 && q.properties.length > 0 && q.reason.length > 40, q.name);
      assert.ok(q.properties.includes(q.probe.property), `${q.name}: its probe belongs to one of its properties`);
      for (const p of q.properties) assert.ok((PROPERTY_IDS as readonly string[]).includes(p));
      if (q.link !== undefined) assert.match(q.link, /^https:\/\//);
    }
  });

  test('every quirk in reports/baseline.json is defined here for that engine', () => {
    for (const engine of ['chromium', 'firefox', 'webkit'] as const) {
      for (const name of baselineQuirks(engine, DEFAULT_BASELINE)) {
        const q = quirkNamed(name);
        assert.ok(q, `baseline quirk ${name} is defined in suites/fuzz/quirks.ts`);
        assert.ok(q.engines.includes(engine), `quirk ${name} lists ${engine}`);
      }
    }
  });

  for (const q of QUIRKS) {
    test(`${q.name}: explains its own probe in ${q.engines.join(', ')} (the model answers otherwise)`, () => {
      const s = probeScenario(q);
      const last = s.steps.length - 1;
      const predicted = predictSteps(q.probe.property, s)[last]!;
      assert.notDeepEqual(predicted, q.probe.observed, 'the probe is a counterexample');
      for (const engine of q.engines) assert.ok(quirksExplaining({ property: q.probe.property, engine, scenario: s, step: last, predicted, observed: q.probe.observed }, [q]).length === 1, engine);
      const other = (['chromium', 'firefox', 'webkit'] as const).filter((e) => !q.engines.includes(e));
      for (const engine of other) assert.equal(quirksExplaining({ property: q.probe.property, engine, scenario: s, step: last, predicted, observed: q.probe.observed }, [q]).length, 0, engine);
    });
  }

  test('a quirk whose predicate throws explains nothing', () => {
    const bad = { ...QUIRKS[0]!, explains: () => { throw new Error('boom'); } };
    const s = scenario([{ do: 'getRegistration', client: 'c1', url: 'http://[/' }]);
    assert.deepEqual(quirksExplaining(mismatch('url-match', bad.engines[0]!, s, 1, { ok: false, error: 'SecurityError' }), [bad]), []);
  });
});

describe('origin-check-before-type-error (chromium, webkit)', () => {
  const lookup = (url: string) => scenario([{ do: 'getRegistration', client: 'c1', url }]);
  test('explains SecurityError for an unparsable getRegistration URL', () => {
    assert.ok(explains('origin-check-before-type-error', mismatch('url-match', 'chromium', lookup('http://[/?/'), 1, { ok: false, error: 'SecurityError' })));
    assert.ok(explains('origin-check-before-type-error', mismatch('url-match', 'webkit', lookup('http://[/x'), 1, { ok: false, error: 'SecurityError' })));
  });
  test('explains SecurityError for a cross-origin script with an unparsable scope', () => {
    const s = scenario([{ do: 'register', client: 'c1', script: '{b}/sw.js?v=1', scope: '//' }]);
    assert.ok(explains('origin-check-before-type-error', mismatch('register', 'chromium', s, 1, { ok: false, error: 'SecurityError' })));
  });
  test('not a TypeError from a same-origin %2f path, nor another engine, nor another error', () => {
    const s = scenario([{ do: 'register', client: 'c1', script: '/a%2fb/sw.js' }]);
    assert.ok(!explains('origin-check-before-type-error', mismatch('register', 'chromium', s, 1, { ok: false, error: 'SecurityError' })));
    assert.ok(!explains('origin-check-before-type-error', mismatch('url-match', 'firefox', lookup('http://[/x'), 1, { ok: false, error: 'SecurityError' })));
    assert.ok(!explains('origin-check-before-type-error', mismatch('url-match', 'chromium', lookup('http://[/x'), 1, { scope: null })));
  });
});

describe('firefox quirks', () => {
  test('malformed-uri-error-name: an unparsable URL rejects with NS_ERROR_MALFORMED_URI', () => {
    const s = scenario([{ do: 'getRegistration', client: 'c1', url: '//?*' }]);
    assert.ok(explains('malformed-uri-error-name', mismatch('url-match', 'firefox', s, 1, { ok: false, error: 'NS_ERROR_MALFORMED_URI' })));
    const parses = scenario([{ do: 'getRegistration', client: 'c1', url: '/x' }]);
    assert.ok(!explains('malformed-uri-error-name', mismatch('url-match', 'firefox', parses, 1, { ok: false, error: 'NS_ERROR_MALFORMED_URI' })));
  });
  test('host-asterisk-quote-rejected: "/\\\\foo*" is host "foo*" to the model', () => {
    const s = scenario([{ do: 'getRegistration', client: 'c1', url: '/\\foo*' }]);
    assert.deepEqual(predictSteps('url-match', s)[1], { ok: false, error: 'SecurityError' });
    assert.ok(explains('host-asterisk-quote-rejected', mismatch('url-match', 'firefox', s, 1, { ok: false, error: 'NS_ERROR_MALFORMED_URI' })));
    // register() reports the same failure as TypeError (scope "//*": host "*").
    const reg = scenario([{ do: 'register', client: 'c1', script: '/nav-sw-1.js', scope: '//*', settle: true }], { '{a}/nav-sw-1.js': worker('w1') });
    assert.ok(explains('host-asterisk-quote-rejected', mismatch('navigation-control', 'firefox', reg, 1, { ok: false, error: 'TypeError' })));
    const plain = scenario([{ do: 'getRegistration', client: 'c1', url: '//foo/' }]);
    assert.ok(!explains('host-asterisk-quote-rejected', mismatch('url-match', 'firefox', plain, 1, { ok: false, error: 'NS_ERROR_MALFORMED_URI' })));
  });
  test('cross-origin-service-worker-allowed-path-only: resolves under the foreign path only', () => {
    const swa = (v: string) => ({ '{a}/sw.js': worker('v1', {}, { headers: { 'Service-Worker-Allowed': v } }) });
    const s = scenario([{ do: 'register', client: 'c1', script: '/sw.js' }], swa('{b}/'));
    assert.deepEqual(predictSteps('register', s)[1], { ok: false, error: 'SecurityError' });
    assert.ok(explains('cross-origin-service-worker-allowed-path-only', mismatch('register', 'firefox', s, 1, { ok: true, scope: '{a}/' })));
    // The scope is not under the foreign path: Firefox would reject too, so this is not the quirk.
    const outside = scenario([{ do: 'register', client: 'c1', script: '/sw.js' }], swa('{b}/other/'));
    assert.ok(!explains('cross-origin-service-worker-allowed-path-only', mismatch('register', 'firefox', outside, 1, { ok: true, scope: '{a}/' })));
  });
});

describe('service-worker-allowed, webkit quirks', () => {
  test('unparsable-service-worker-allowed-security-error', () => {
    const s = scenario([{ do: 'register', client: 'c1', script: '/sw.js' }], { '{a}/sw.js': worker('v1', {}, { headers: { 'Service-Worker-Allowed': 'http://[' } }) });
    assert.deepEqual(predictSteps('register', s)[1], { ok: false, error: 'TypeError' });
    assert.ok(explains('unparsable-service-worker-allowed-security-error', mismatch('register', 'chromium', s, 1, { ok: false, error: 'SecurityError' })));
    assert.ok(explains('unparsable-service-worker-allowed-security-error', mismatch('register', 'webkit', s, 1, { ok: false, error: 'SecurityError' })));
    assert.ok(explains('unparsable-service-worker-allowed-security-error', mismatch('register', 'firefox', s, 1, { ok: false, error: 'SecurityError' })));
    // A Service-Worker-Allowed value that parses is not this quirk.
    const parses = scenario([{ do: 'register', client: 'c1', script: '/sw.js' }], { '{a}/sw.js': worker('v1', {}, { headers: { 'Service-Worker-Allowed': '/x/' } }) });
    assert.ok(!explains('unparsable-service-worker-allowed-security-error', mismatch('register', 'chromium', parses, 1, { ok: false, error: 'SecurityError' })));
  });
  test('empty-scope-is-default-scope explains the register step and the lookups that follow from it', () => {
    const s = scenario([
      { do: 'register', client: 'c1', script: '/sw.js', scope: '', settle: true },
      { do: 'getRegistration', client: 'c1', url: '{a}/#' },
    ]);
    assert.deepEqual(predictSteps('url-match', s).slice(1), [{ ok: true, scope: '{a}/page.html' }, { scope: null }]);
    assert.ok(explains('empty-scope-is-default-scope', mismatch('url-match', 'webkit', s, 1, { ok: true, scope: '{a}/' })));
    assert.ok(explains('empty-scope-is-default-scope', mismatch('url-match', 'webkit', s, 2, { scope: '{a}/' })));
    // A lookup that even the variant does not explain.
    assert.ok(!explains('empty-scope-is-default-scope', mismatch('url-match', 'webkit', s, 2, { scope: '{a}/elsewhere' })));
  });
  test('wire-path-normalised: libsoup decodes unreserved escapes and uppercases the rest', () => {
    assert.equal(libsoupWirePath('/%73w.js'), '/sw.js');
    assert.equal(libsoupWirePath('/%41b%61%2d%7e%5F.js'), '/Aba-~_.js');
    assert.equal(libsoupWirePath('/a%2fb%5cc'), '/a%2Fb%5Cc');
    assert.equal(libsoupWirePath('/%25%32%66'), '/%252f');
    const s = scenario([{ do: 'register', client: 'c1', script: '{a}/%73w.js' }], { '{a}/%73w.js': worker('v1') });
    assert.deepEqual(predictSteps('register', s)[1], { ok: true, scope: '{a}/' });
    assert.ok(explains('wire-path-normalised', mismatch('register', 'webkit', s, 1, { ok: false, error: 'SecurityError' })));
    const plain = scenario([{ do: 'register', client: 'c1', script: '/sw.js' }]);
    assert.ok(!explains('wire-path-normalised', mismatch('register', 'webkit', plain, 1, { ok: false, error: 'SecurityError' })));
  });
});
