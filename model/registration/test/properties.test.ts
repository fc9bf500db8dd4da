// Property tests of the model itself (fast-check): the model must agree with its own definitions.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { explainerMatch, todaysScopeOption } from '../../explainer/dialect.js';
import { checkRegistration, pathContainsEncodedSlash, type ScriptResponse } from '../register.js';
import {
  createRegistrationMap,
  getRegistration,
  getRegistrations,
  matchServiceWorkerRegistration,
  removeRegistration,
  setRegistration,
} from '../registration-map.js';
import { ScopeIndex } from '../scope-index.js';
import { obtainStorageKey } from '../../standards/storage-key.js';
import { parseURL, sameOrigin, serializeURL } from '../../standards/url.js';

const ORIGINS = ['https://a.test', 'https://b.test', 'http://localhost:8080', 'http://127.0.0.1', 'https://a.test:8443'];
// Segments chosen to collide: shared prefixes, dot segments (also encoded), case-different
// percent-encoding, characters the parser encodes, and the explainer's "*".
const SEGMENTS = ['', 'a', 'b', 'ab', 'a.b', '.', '..', '%2e', '%2E%2e', '%ef', '%EF', '\uFF53', 'x y', '*', '\u00e9', '%', '%2', 'A', 'a?', 'a#b'];
const origin = fc.constantFrom(...ORIGINS);
const segment = fc.constantFrom(...SEGMENTS);
const path = fc.array(segment, { maxLength: 4 }).map((s) => `/${s.join('/')}`);
const query = fc.constantFrom('', '?', '?x', '?x=1', '?y&x', '?a/b');
const fragment = fc.constantFrom('', '#', '#f', '#a/b');
const absoluteURLString = fc.tuple(origin, path, query, fragment).map(([o, p, q, f]) => o + p + q + f);
const relativeRef = fc.tuple(fc.array(segment, { maxLength: 3 }), fc.boolean(), query).map(([s, abs, q]) => (abs ? '/' : '') + s.join('/') + q);

function scopeString(input: string): string | null {
  const url = parseURL(input);
  return url === null ? null : serializeURL(url, true);
}

/** The oracle: Match Service Worker Registration 5–6 read literally, a scan of every key. */
function linearMatch(keys: Array<[string, string]>, storageKey: string, clientURLString: string): string | null {
  let best: string | null = null;
  for (const [k, scope] of keys) {
    if (k === storageKey && clientURLString.startsWith(scope) && (best === null || scope.length > best.length)) best = scope;
  }
  return best;
}

const JS: ScriptResponse = { status: 200, contentType: 'text/javascript', serviceWorkerAllowed: null, redirected: false };

describe('properties of Match Service Worker Registration', () => {
  test('Match 6: the match is a prefix of the client URL, same origin (Match 8.2), and no longer matching scope exists', () => {
    fc.assert(
      fc.property(fc.array(absoluteURLString, { maxLength: 25 }), absoluteURLString, (scopeInputs, clientInput) => {
        const map = createRegistrationMap();
        const keys: Array<[string, string]> = [];
        for (const s of scopeInputs) {
          const scope = scopeString(s);
          if (scope === null) continue;
          const key = obtainStorageKey(new URL(scope));
          setRegistration(map, key, { scope });
          keys.push([key, scope]);
        }
        const clientURL = new URL(clientInput);
        const key = obtainStorageKey(clientURL);
        const got = matchServiceWorkerRegistration(map, key, clientURL)?.scope ?? null;
        assert.equal(got, linearMatch(keys, key, clientURL.href));
        if (got !== null) {
          assert.ok(clientURL.href.startsWith(got));
          assert.ok(sameOrigin(new URL(got), clientURL), 'Match 8.2: same origin');
          for (const [k, s] of keys) if (k === key && s.length > got.length) assert.ok(!clientURL.href.startsWith(s));
        }
      }),
      { numRuns: 500 },
    );
  });

  test('Match 8.1 / Get Registration 3: parsing and re-serializing a registered scope is the identity', () => {
    fc.assert(
      fc.property(absoluteURLString, (input) => {
        const scope = scopeString(input);
        if (scope === null) return;
        assert.equal(scopeString(scope), scope);
      }),
    );
  });
});

describe('properties of register() and the registry together', () => {
  const registerInput = fc.record({
    origin,
    pageDir: fc.array(segment, { maxLength: 2 }),
    script: relativeRef.map((r) => `${r}sw.js`),
    scope: fc.option(relativeRef, { nil: undefined }),
    swa: fc.constantFrom(null, '/', '../', './', 'x/', 'https://b.test/', 'http://[bad'),
  });

  test('Start Register + Update checks: an accepted scope is same-origin http(s) without fragment or %2f/%5c, under its max scope', () => {
    fc.assert(
      fc.property(registerInput, (i) => {
        const pageUrl = `${i.origin}/${i.pageDir.join('/')}/page.html`;
        const input = { pageUrl, scriptUrl: i.script, script: { ...JS, serviceWorkerAllowed: i.swa } };
        const r = checkRegistration(i.scope === undefined ? input : { ...input, scope: i.scope });
        if (!r.ok) return;
        const scope = new URL(r.scope);
        assert.equal(scope.hash, '');
        assert.ok(!r.scope.includes('#'));
        assert.ok(scope.protocol === 'https:' || scope.protocol === 'http:');
        assert.ok(!pathContainsEncodedSlash(scope));
        assert.ok(sameOrigin(scope, new URL(pageUrl)));
        const maxScope = i.swa === null ? new URL('./', r.scriptURL) : new URL(i.swa, r.scriptURL);
        assert.ok(scope.pathname.startsWith(maxScope.pathname));
      }),
      { numRuns: 500 },
    );
  });

  test('registering an accepted scope and matching that scope returns it', () => {
    fc.assert(
      fc.property(registerInput, fc.array(absoluteURLString, { maxLength: 10 }), (i, others) => {
        const pageUrl = `${i.origin}/${i.pageDir.join('/')}/page.html`;
        const input = { pageUrl, scriptUrl: i.script, script: { ...JS, serviceWorkerAllowed: i.swa } };
        const r = checkRegistration(i.scope === undefined ? input : { ...input, scope: i.scope });
        if (!r.ok) return;
        const map = createRegistrationMap<{ scope: string; mine?: true }>();
        for (const o of others) {
          const s = scopeString(o);
          if (s !== null) setRegistration(map, obtainStorageKey(new URL(s)), { scope: s });
        }
        const key = obtainStorageKey(new URL(pageUrl));
        setRegistration(map, key, { scope: r.scope, mine: true });
        assert.equal(matchServiceWorkerRegistration(map, key, new URL(r.scope))?.mine, true);
        assert.equal(getRegistration(map, key, new URL(r.scope))?.mine, true);
      }),
      { numRuns: 300 },
    );
  });

  test('canonicalising twice changes nothing: re-registering with the resolved scope gives the same scope', () => {
    fc.assert(
      fc.property(registerInput, (i) => {
        const pageUrl = `${i.origin}/${i.pageDir.join('/')}/page.html`;
        const input = { pageUrl, scriptUrl: i.script, script: { ...JS, serviceWorkerAllowed: i.swa } };
        const first = checkRegistration(i.scope === undefined ? input : { ...input, scope: i.scope });
        if (!first.ok) return;
        const second = checkRegistration({ pageUrl, scriptUrl: first.scriptURL, scope: first.scope, script: input.script });
        assert.deepEqual(second, first);
      }),
      { numRuns: 300 },
    );
  });
});

describe('properties of the URL layer', () => {
  test('URL parser ∘ serializer: canonicalising twice changes nothing (arbitrary input against an http(s) base)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 30 }), origin, (input, base) => {
        const once = parseURL(input, `${base}/d/page.html`);
        if (once === null) return;
        const s1 = serializeURL(once);
        const twice = parseURL(s1);
        assert.ok(twice !== null, `re-parse of ${s1}`);
        assert.equal(serializeURL(twice), s1);
        assert.equal(serializeURL(parseURL(serializeURL(once, true)) ?? once, true), serializeURL(once, true));
      }),
      { numRuns: 1000 },
    );
  });
  test('web URLs: canonicalising twice changes nothing', () => {
    fc.assert(
      fc.property(fc.webUrl({ withQueryParameters: true, withFragments: true }), (input) => {
        const s1 = serializeURL(new URL(input));
        assert.equal(serializeURL(new URL(s1)), s1);
      }),
    );
  });
});

describe('properties of the index and the map order', () => {
  const pool = fc.array(absoluteURLString.map((s) => scopeString(s) ?? 'https://a.test/'), { minLength: 1, maxLength: 12 });
  test('ScopeIndex agrees with a linear scan under any sequence of adds and deletes', () => {
    fc.assert(
      fc.property(pool, fc.array(fc.tuple(fc.boolean(), fc.nat()), { maxLength: 40 }), fc.array(absoluteURLString, { maxLength: 10 }), (scopes, ops, queries) => {
        const index = new ScopeIndex();
        const oracle = new Set<string>();
        for (const [add, n] of ops) {
          const s = scopes[n % scopes.length] as string;
          if (add) {
            index.add(s);
            oracle.add(s);
          } else {
            assert.equal(index.delete(s), oracle.delete(s));
          }
          assert.equal(index.size, oracle.size);
          for (const q of [...queries, ...scopes]) {
            const href = parseURL(q)?.href ?? q;
            assert.equal(index.longestPrefixOf(href), linearMatch([...oracle].map((x) => ['k', x]), 'k', href));
          }
          for (const x of scopes) assert.equal(index.has(x), oracle.has(x));
        }
      }),
      { numRuns: 200 },
    );
  });

  test('getRegistrations order is map insertion order under sets, replacements and removals', () => {
    fc.assert(
      fc.property(pool, fc.array(fc.tuple(fc.boolean(), fc.nat()), { maxLength: 40 }), (scopes, ops) => {
        const map = createRegistrationMap();
        const oracle: string[] = [];
        for (const [add, n] of ops) {
          const s = scopes[n % scopes.length] as string;
          const key = obtainStorageKey(new URL(s));
          if (add) {
            setRegistration(map, key, { scope: s });
            if (!oracle.includes(s)) oracle.push(s);
          } else {
            removeRegistration(map, key, s);
            const at = oracle.indexOf(s);
            if (at !== -1) oracle.splice(at, 1);
          }
        }
        for (const o of ORIGINS) {
          const key = new URL(o).origin;
          assert.deepEqual(getRegistrations(map, key).map((r) => r.scope), oracle.filter((s) => new URL(s).origin === key));
        }
        assert.deepEqual([...map].map(([, s]) => s), oracle);
      }),
      { numRuns: 300 },
    );
  });
});

describe('properties of the explainer dialect', () => {
  test('with only trailing-"*" patterns, the explainer and today\'s spec pick the same registration', () => {
    const pattern = fc.array(fc.constantFrom('a', 'b', 'ab', 'x y', '\u00e9', '%EF'), { maxLength: 3 }).map((s) => `/${s.join('/')}*`);
    fc.assert(
      fc.property(fc.array(pattern, { minLength: 1, maxLength: 6 }), path, query, fragment, (patterns, p, q, f) => {
        const page = 'https://www.example.com/index.html';
        if (parseURL(p + q + f, page) === null) return; // e.g. "//": an empty host
        const explainer = explainerMatch(patterns, p + q + f, page);
        assert.equal(explainer.ok, true);
        const map = createRegistrationMap<{ scope: string; pattern: string }>();
        for (const pt of patterns) setRegistration(map, 'https://www.example.com', { scope: serializeURL(new URL(todaysScopeOption(pt), page), true), pattern: pt });
        const spec = matchServiceWorkerRegistration(map, 'https://www.example.com', new URL(p + q + f, page));
        const explainerScope = explainer.ok && explainer.pattern !== null ? serializeURL(new URL(todaysScopeOption(explainer.pattern), page), true) : null;
        assert.equal(spec?.scope ?? null, explainerScope);
      }),
      { numRuns: 300 },
    );
  });
});
