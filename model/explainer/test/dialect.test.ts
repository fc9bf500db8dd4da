import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkRegistration } from '../../registration/register.js';
import {
  EXPLAINER_LONGEST_PREFIX_EXAMPLE as EXAMPLE,
  EXPLAINER_THROWING_PATTERNS,
  explainerMatch,
  parseExplainerPattern,
  todaysScopeOption,
  translateExplainerScope,
} from '../dialect.js';
import { createRegistrationMap, matchServiceWorkerRegistration, setRegistration } from '../../registration/registration-map.js';

const ORIGIN = EXAMPLE.origin;
const patterns = EXAMPLE.registrations.map((r) => r.pattern);
const scriptOf = new Map<string, string>(EXAMPLE.registrations.map((r) => [r.pattern, r.script]));

describe('Explainer "Longest-Prefix Matching": the table, as the explainer reads it', () => {
  for (const [path, worker] of EXAMPLE.navigations) {
    test(`explainer longest-prefix: ${path} → ${worker ?? '<fallback to native>'}`, () => {
      const r = explainerMatch(patterns, path, `${ORIGIN}/index.html`);
      assert.equal(r.ok, true);
      assert.equal(r.ok && r.pattern !== null ? scriptOf.get(r.pattern) : null, worker);
    });
  }
});

describe('Explainer "Longest-Prefix Matching": the same table under today\'s spec', () => {
  // Register each translated scope the way today's register() would (from its page, with its script),
  // then let Match Service Worker Registration pick.
  const map = createRegistrationMap<{ scope: string; script: string }>();
  for (const r of EXAMPLE.registrations) {
    const result = checkRegistration({
      pageUrl: ORIGIN + r.page,
      scriptUrl: r.script,
      scope: todaysScopeOption(r.pattern),
      script: { status: 200, contentType: 'text/javascript', serviceWorkerAllowed: null, redirected: false },
    });
    assert.equal(result.ok, true, `today's register() accepts ${r.pattern} → ${todaysScopeOption(r.pattern)}`);
    if (result.ok) setRegistration(map, ORIGIN, { scope: result.scope, script: r.script });
  }
  for (const [path, worker] of EXAMPLE.navigations) {
    test(`Match Service Worker Registration 6 agrees with the explainer: ${path} → ${worker ?? 'null'}`, () => {
      const reg = matchServiceWorkerRegistration(map, ORIGIN, new URL(path, ORIGIN));
      assert.equal(reg?.script ?? null, worker);
    });
  }
});

describe('Explainer scope rules', () => {
  for (const [pattern, error] of EXPLAINER_THROWING_PATTERNS) {
    test(`explainer: registering ${pattern} throws (${error}); today's spec accepts it literally`, () => {
      assert.deepEqual(parseExplainerPattern(pattern), { ok: false, error, pattern });
      assert.equal(translateExplainerScope(pattern), null);
      assert.equal(todaysScopeOption(pattern), pattern);
      const today = checkRegistration({
        pageUrl: `${ORIGIN}/p.html`,
        scriptUrl: '/sw.js',
        scope: pattern,
        script: { status: 200, contentType: 'text/javascript', serviceWorkerAllowed: null, redirected: false },
      });
      assert.equal(today.ok, true);
    });
  }
  test('explainer: "*" only at the end; "?" and "#" anywhere throw', () => {
    assert.deepEqual(parseExplainerPattern('/foo*'), { ok: true, value: { pattern: '/foo*', prefix: '/foo', wildcard: true } });
    assert.equal(parseExplainerPattern('/fo*o*').ok, false);
    assert.equal(parseExplainerPattern('/foo?').ok, false);
    assert.equal(parseExplainerPattern('/#').ok, false);
  });
  test('translation to today\'s scope option: "/foo*" → "/foo", "/*" → "/", "/foo" stays', () => {
    assert.equal(translateExplainerScope('/foo*'), '/foo');
    assert.equal(translateExplainerScope('/*'), '/');
    assert.equal(translateExplainerScope('/services/data'), '/services/data');
  });
  test('explainer: a pattern without "*" names one URL (position explainer-pattern-without-star)', () => {
    const page = `${ORIGIN}/index.html`;
    assert.deepEqual(explainerMatch(['/services/data'], '/services/data', page), { ok: true, pattern: '/services/data' });
    assert.deepEqual(explainerMatch(['/services/data'], '/services/data/x', page), { ok: true, pattern: null });
  });
  test('explainer FIXME "/foo*" vs "/foo" at "/foo": the exact pattern wins (position explainer-exact-beats-star)', () => {
    const page = `${ORIGIN}/index.html`;
    assert.deepEqual(explainerMatch(['/foo*', '/foo'], '/foo', page), { ok: true, pattern: '/foo' });
    assert.deepEqual(explainerMatch(['/foo', '/foo*'], '/foo', page), { ok: true, pattern: '/foo' });
    assert.deepEqual(explainerMatch(['/foo', '/foo*'], '/foo/x', page), { ok: true, pattern: '/foo*' });
  });
  test('explainer: the default scope "/*" covers the origin and nothing else', () => {
    const page = `${ORIGIN}/index.html`;
    assert.deepEqual(explainerMatch(['/*'], 'https://www.example.net/', page), { ok: true, pattern: null });
    assert.deepEqual(explainerMatch(['/*'], '/any/thing?x#y', page), { ok: true, pattern: '/*' });
  });
  test('explainer: registering a throwing pattern makes the whole match report it', () => {
    assert.deepEqual(explainerMatch(['/ok*', '*bar'], '/ok', `${ORIGIN}/`), { ok: false, error: 'star-not-at-end', pattern: '*bar' });
  });
});
