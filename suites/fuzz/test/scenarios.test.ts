// Scenario building and the model side of the properties.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { predict } from '../../../model/scenario/interpreter.js';
import { parseURL } from '../../../model/standards/url.js';
import { urlMatchInput } from '../arbitraries.js';
import { canonicalRef, predictUrlMatch, reduceScenario, resourceKeyFor, urlMatchScenario } from '../scenarios.js';

describe('the model side', () => {
  test("predictUrlMatch (simulated registrations + getRegistration() method steps) equals predict()'s steps", () => {
    for (const input of fc.sample(urlMatchInput({ maxUrls: 40 }), { seed: 11, numRuns: 80 })) {
      const s = urlMatchScenario(input);
      assert.deepEqual(predictUrlMatch(s), predict(s).steps, JSON.stringify(s.steps));
    }
  });

  test('the model parses "^" in a path as the URL Standard does (path percent-encode set, whatwg/url#846)', () => {
    assert.equal(parseURL('http://h/a^b?^#^')?.href, 'http://h/a%5Eb?^#^');
    assert.equal(parseURL('mailto:a^b')?.href, 'mailto:a^b'); // an opaque path is not percent-encoded
    assert.equal(canonicalRef('/x^', '{a}/page.html'), 'http://run.localhost:8000/x%5E');
  });

  test('resourceKeyFor: the path browsers request, by role; nothing for unparsable or foreign URLs', () => {
    assert.equal(resourceKeyFor('{a}/d/page.html', 'sw.js?v=1#f'), '{a}/d/sw.js');
    assert.equal(resourceKeyFor('{a}/d/page.html', '../%2e%2e/a^b/sw.js'), '{a}/a%5Eb/sw.js');
    assert.equal(resourceKeyFor('{a}/page.html', '{b}/x.js'), '{b}/x.js');
    assert.equal(resourceKeyFor('{a}/page.html', 'http://[/x'), undefined);
    assert.equal(resourceKeyFor('{a}/page.html', '//elsewhere/x'), undefined);
  });
});

describe('reduceScenario', () => {
  const s = urlMatchScenario({
    pageDir: '/',
    base: '/foo/bar/',
    scopes: [{ kind: 'own', path: '/foo', query: '', form: 'path' }],
    urls: [0, 1, 2].map((i) => ({ from: { kind: 'own' as const, path: `/x${i}` }, mutation: 'none' as const, suffix: '', query: '', fragment: '', form: 'path' as const })),
  });
  test('url-match keeps the registrations and only the failing lookups', () => {
    const r = reduceScenario('url-match', s, [3]);
    assert.deepEqual(r.keep, [0, 1, 3]);
    assert.deepEqual(r.steps, [2]);
    assert.deepEqual(r.scenario.steps.map((x) => x.do), ['open', 'register', 'getRegistration']);
  });
  test('the other properties keep the prefix up to the last failing step', () => {
    const r = reduceScenario('register', s, [1]);
    assert.deepEqual(r.keep, [0, 1]);
  });
});
