// The scope of a registration (the default scope, the scope URL as the parser leaves it) and the
// lookups: Match Service Worker Registration (longest prefix of the serialized URL), Get
// Registration, getRegistration(clientURL), getRegistrations() and unregister's effect on lookups.
//
// This table is the area's Playwright test file: each row calls test() (suites/harness/define.ts),
// so `npx playwright test suites/scope/scope.scenarios.ts:<line>` runs that row.
import type { Scenario, Step } from '../../contract/index.js';
import { EXPLAINER_LONGEST_PREFIX_EXAMPLE } from '../../model/explainer/dialect.js';
import { smoke, worker } from '../harness/build.js';
import { check, checks } from '../harness/define.js';
import { registerRow, SR, UP, type RegisterRow } from '../registration/build.js';

const reg = (r: RegisterRow) => registerRow('scope', r);

const MATCH = 'sw.bs § Match Service Worker Registration';
const GETREG = (s: string) => `sw.bs § getRegistration() step ${s}`;
const PAGE = '{a}/lookup/page.html';

/**
 * Register `scopes` (one root script, so every scope on the origin is allowed), each settled
 * (activated) before the next, then run `then`. settle=false leaves them installing: lookups must
 * find a registration from Register step 6 on, whatever its workers' state.
 */
function withScopes(id: string, title: string, spec: string[], scopes: string[], then: Step[], settle = true): Scenario {
  const page = PAGE;
  return {
    id: `scope/${id}`,
    area: 'scope',
    title,
    spec,
    resources: { '{a}/sw.js': worker('v1') },
    steps: [
      { do: 'open', client: 'c1', url: page },
      ...scopes.map((scope): Step => ({ do: 'register', client: 'c1', script: '/sw.js', scope, ...(settle ? { settle: true } : {}) })),
      ...then,
    ],
  };
}

/** How long an "installing" worker stays in its install handler: far longer than a lookup. */
const INSTALLING_MS = 1_000;

/** The scenario with every worker script delaying its install by INSTALLING_MS. */
function installing(s: Scenario): Scenario {
  return { ...s, resources: { '{a}/sw.js': worker('v1', { install: { delayMs: INSTALLING_MS } }) } };
}

const lookup = (url?: string): Step => ({ do: 'getRegistration', client: 'c1', ...(url !== undefined ? { url } : {}) });

// [case, registered scopes, client URL] — expectations come from the model.
const matchTable: [string, string[], string][] = [
  ['longest-prefix-dir', ['/', '/a/'], '/a/b'],
  ['prefix-not-path-structural', ['/a'], '/ab/c'],
  ['dir-scope-misses-bare-path', ['/a/'], '/a'],
  ['query-scope-matches-longer-query', ['/p?x'], '/p?x=1'],
  ['query-scope-misses-other-query', ['/p?x'], '/p?y&x'],
  ['query-scope-and-plain', ['/p?x', '/p'], '/p?y'],
  ['query-scope-wins-when-longer', ['/p?x', '/p'], '/p?x&y'],
  ['fragment-in-client-url', ['/a/'], '/a/#frag'],
  ['percent-case-sensitive', ['/%ef/'], '/%EF/x'],
  ['percent-same-case', ['/%EF/'], '/%EF/x'],
  ['raw-non-ascii-vs-encoded', ['/%EF%BD%93/'], '/ｓ/x'],
  ['lower-encoded-vs-raw', ['/%ef%bd%93/'], '/ｓ/x'],
  ['root-scope-catches-all', ['/'], '/anything/at/all?q#f'],
  ['no-registration', ['/a/'], '/b/'],
  ['exact-scope', ['/a/b'], '/a/b'],
  ['three-nested', ['/', '/a', '/a/b', '/a/b/c'], '/a/b/cd'],
  ['sibling-scopes', ['/a/x', '/a/y'], '/a/y/z'],
  ['trailing-slash-longer', ['/a', '/a/'], '/a/'],
  ['dot-segments-in-url', ['/a/'], '/b/../a/x'],
  ['encoded-dot-segments-in-url', ['/a/'], '/b/%2e%2e/a/x'],
  ['double-slash-scope', ['//'], '//x'],
  ['double-slash-url-misses', ['/a/'], '//a/x'],
  ['empty-query-scope', ['/p?'], '/p?'],
  ['empty-query-vs-none', ['/p?'], '/p'],
  ['encoded-slash-in-query', ['/p?a%2fb'], '/p?a%2fb=1'],
  ['case-of-path', ['/A/'], '/a/x'],
];

// The explainer's own table (seed 004, "Longest-Prefix Matching"), registrations "/foo*" and
// "/foo/bar*" translated to today's prefix scopes "/foo" and "/foo/bar".
const explainerTable: string[] = EXPLAINER_LONGEST_PREFIX_EXAMPLE.navigations.map(([url]) => url);

const slug = (s: string) => s.replace(/\/$/, '/slash').replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '').toLowerCase() || 'root';

export const scopeScenarios = checks('scope', (test) => {
  // The scope register() gives a registration: default scope (Start Register 5), and the scope URL
  // as the URL parser leaves it (Start Register 6–9; Update fetch hook 13–16).
  test(...check(reg({ id: 'default-scope', title: 'no scope option: the script directory', spec: [SR('5')], script: 'sw.js', smoke: true })));
  test(...check(reg({ id: 'default-scope-subdir', title: 'default scope of a script in a subdirectory', spec: [SR('5')], script: 'js/sw.js' })));
  test(...check(reg({ id: 'default-scope-root-script', title: 'default scope of a root script from a nested page', spec: [SR('5')], script: '/sw.js', smoke: true })));
  test(...check(reg({ id: 'default-scope-drops-query', title: "the script's query does not reach the default scope", spec: [SR('5')], script: 'js/sw.js?v=3' })));
  test(...check(reg({ id: 'default-scope-drops-fragment', title: "the script's fragment is dropped", spec: [SR('2'), SR('5')], script: 'sw.js#frag' })));
  test(...check(reg({ id: 'scope-dot-segments', title: 'dot segments in the scope are removed by the URL parser', spec: [SR('6'), 'url.bs § path state'], script: 'sw.js', scope: 'a/../b/./c/' })));
  test(...check(reg({ id: 'scope-dot-named-segment-dot-dot', title: '"a/.b/../c/": a segment starting with a dot is removed by the following ".."', spec: [SR('6'), 'url.bs § path state'], script: 'sw.js', scope: 'a/.b/../c/' })));
  test(...check(reg({ id: 'scope-encoded-dot-segments', title: '%2e and %2E count as dot segments', spec: ['url.bs § single-dot and double-dot segments'], script: 'sw.js', scope: 'a/%2e%2E/b/' })));
  test(...check(reg({ id: 'scope-query-kept', title: 'the scope keeps its query', spec: [SR('6'), 'sw.bs § Set Registration step 2'], script: 'sw.js', scope: 'x?q=1' })));
  test(...check(reg({ id: 'scope-fragment-dropped', title: 'the scope loses its fragment', spec: [SR('7')], script: 'sw.js', scope: 'x#frag' })));
  test(...check(reg({ id: 'scope-query-ignored-by-max', title: 'the max-scope check ignores the scope query', spec: [UP('15')], script: 'sw.js', scope: '/registration/?q=/' })));
  test(...check(reg({ id: 'scope-consecutive-slashes', title: 'consecutive slashes in the scope are kept', spec: [UP('16')], script: 'sw.js', scope: 'resources/scope////x' })));
  test(...check(reg({ id: 'script-consecutive-slashes', title: 'consecutive slashes in the script path are kept in the max scope', spec: [UP('13')], script: 'resources////sw.js', scope: 'resources/scope/x' })));
  test(...check(reg({ id: 'scope-raw-non-ascii', title: 'a raw non-ASCII scope is percent-encoded (uppercase hex)', spec: ['url.bs § path percent-encode set'], script: 'sw.js', scope: 'ｓ/' })));
  test(...check(reg({ id: 'scope-encoded-non-ascii-lower', title: 'lowercase %xx in the scope is kept as written', spec: ['url.bs § percent-encoded bytes'], script: 'sw.js', scope: '%ef%bd%93/' })));
  test(...check(reg({ id: 'scope-space', title: 'a space in the scope is encoded', spec: ['url.bs § path percent-encode set'], script: 'sw.js', scope: 'a b/' })));
  // %2f / %5c in the scope path (Start Register 9); in the script path: suites/registration.
  for (const enc of ['%2f', '%2F', '%5c', '%5C'] as const) {
    test(...check(reg({ id: `scope-path-${enc.slice(1).toLowerCase()}${enc === enc.toUpperCase() ? '-upper' : ''}`, title: `${enc} in the scope path`, spec: [SR('9')], script: 'sw.js', scope: `x${enc}y/`, smoke: enc === '%2f' })));
  }
  test(...check(reg({ id: 'scope-query-2f', title: '%2f in the scope query is allowed', spec: [SR('9')], script: 'sw.js', scope: 'x?a%2fb' })));

  // Match Service Worker Registration, through getRegistration(url).
  for (const [id, scopes, url] of matchTable) {
    test(...check(smoke(withScopes(`match-${id}`, `getRegistration("${url}") with scopes ${scopes.join(', ')}`, [MATCH, GETREG('3–9')], scopes, [lookup(url)]), id === 'longest-prefix-dir')));
  }
  for (const url of explainerTable) {
    test(...check(withScopes(`explainer-table-${slug(url)}`, `explainer longest-prefix table: ${url}`, [MATCH], ['/foo', '/foo/bar'], [lookup(url)])));
  }
  // The same lookups while the registrations' workers are still installing: the install
  // handler waits INSTALLING_MS, so no registration can have finished installing (and been
  // stored, in Chromium) before the lookup, whatever the machine's speed.
  for (const [id, scopes, url] of matchTable.filter(([id]) => ['longest-prefix-dir', 'three-nested', 'query-scope-and-plain', 'trailing-slash-longer'].includes(id))) {
    test(...check(installing(withScopes(`match-installing-${id}`, `getRegistration("${url}") right after register() of ${scopes.join(', ')} (workers installing)`, [MATCH, 'sw.bs § Register step 6'], scopes, [lookup(url)], false))));
  }
  // A shorter scope whose worker is active, a longer one whose worker is still installing: the
  // longer registration is in the map from Register step 6 on, so Match takes it.
  test(...check({
    id: 'scope/match-installing-longer-than-active',
    area: 'scope',
    title: 'getRegistration("/a/b") with "/" active and "/a/" still installing',
    spec: [MATCH, 'sw.bs § Register step 6'],
    resources: { '{a}/sw.js': worker('v1'), '{a}/slow-sw.js': worker('v1', { install: { delayMs: INSTALLING_MS } }) },
    steps: [
      { do: 'open', client: 'c1', url: PAGE },
      { do: 'register', client: 'c1', script: '/sw.js', scope: '/', settle: true },
      { do: 'register', client: 'c1', script: '/slow-sw.js', scope: '/a/' },
      lookup('/a/b'),
    ],
  }));

  // getRegistration(clientURL) and getRegistrations().
  test(...check(withScopes('getregistration-no-argument', 'getRegistration() with no argument uses the page URL', [GETREG('3')], ['/lookup/'], [lookup()])));
  test(...check(withScopes('getregistration-empty-string', 'getRegistration("") is the document base URL', [GETREG('3')], ['/lookup/'], [lookup('')])));
  test(...check(withScopes('getregistration-relative', 'a relative client URL resolves against the page', [GETREG('3')], ['/lookup/sub/'], [lookup('sub/x')])));
  test(...check(withScopes('getregistration-absolute', 'an absolute same-origin client URL', [GETREG('3')], ['/lookup/sub/'], [lookup('{a}/lookup/sub/x')])));
  test(...check(smoke(withScopes('getregistration-cross-origin', 'a cross-origin client URL rejects with SecurityError', [GETREG('6')], ['/'], [lookup('{b}/lookup/')]))));
  test(...check(withScopes('getregistration-unparsable', 'an unparsable client URL rejects with TypeError', [GETREG('4')], ['/'], [lookup('http://[')])));
  test(...check(withScopes('getregistration-other-scheme', 'a non-http client URL is cross-origin: SecurityError', [GETREG('6')], ['/'], [lookup('ftp://example.test/')])));
  test(...check(withScopes('getregistration-insecure-origin', 'an insecure-origin client URL is cross-origin', [GETREG('6')], ['/'], [lookup('{insecure}/')])));
  test(...check(withScopes('getregistration-none', 'no registration at all resolves undefined', [GETREG('9')], [], [lookup('/x')])));
  test(...check(withScopes('getregistrations-order', 'getRegistrations() lists registrations in insertion order', ['sw.bs § getRegistrations()'], ['/c/', '/a/', '/b/'], [{ do: 'getRegistrations', client: 'c1' }])));
  test(...check(withScopes('getregistrations-empty', 'getRegistrations() with none', ['sw.bs § getRegistrations()'], [], [{ do: 'getRegistrations', client: 'c1' }])));
  test(...check(withScopes('getregistrations-reregister-keeps-order', 're-registering an existing scope does not move it', ['sw.bs § Register step 5', 'sw.bs § getRegistrations()'], ['/a/', '/b/', '/a/'], [{ do: 'getRegistrations', client: 'c1' }])));

  // Unregister's effect on lookups.
  test(...check(smoke(withScopes('unregister-then-lookup', 'after unregister the lookup finds the shorter scope', ['sw.bs § Unregister step 3'], ['/', '/a/'], [
    { do: 'unregister', client: 'c1', scope: '/a/' },
    lookup('/a/x'),
  ]))));
  test(...check(withScopes('unregister-twice', 'a second unregister resolves false', ['sw.bs § Unregister step 2'], ['/a/'], [
    { do: 'unregister', client: 'c1', scope: '/a/' },
    { do: 'unregister', client: 'c1', scope: '/a/' },
    lookup('/a/x'),
  ])));
  test(...check(withScopes('unregister-then-getregistrations', 'unregistered registrations leave getRegistrations()', ['sw.bs § Unregister step 3'], ['/a/', '/b/'], [
    { do: 'unregister', client: 'c1', scope: '/a/' },
    { do: 'getRegistrations', client: 'c1' },
  ])));
  test(...check(withScopes('unregister-then-register', 'register after unregister makes a fresh registration', ['sw.bs § Register step 6'], ['/a/'], [
    { do: 'unregister', client: 'c1', scope: '/a/' },
    { do: 'register', client: 'c1', script: '/sw.js', scope: '/a/' },
    lookup('/a/x'),
  ])));
});
