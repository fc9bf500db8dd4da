// Lookups: Match Service Worker Registration (longest prefix of the serialized URL), Get
// Registration, getRegistration(clientURL), getRegistrations() and unregister's effect on lookups.
import type { Scenario, Step } from '../../model/scenario.js';
import { EXPLAINER_LONGEST_PREFIX_EXAMPLE } from '../../model/explainer.js';
import { worker } from '../harness/build.js';

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

export const scopeScenarios: Scenario[] = [
  ...matchTable.map(([id, scopes, url]) =>
    withScopes(`match-${id}`, `getRegistration("${url}") with scopes ${scopes.join(', ')}`, [MATCH, GETREG('3–9')], scopes, [lookup(url)]),
  ),
  ...explainerTable.map((url) =>
    withScopes(`explainer-table-${slug(url)}`, `explainer longest-prefix table: ${url}`, [MATCH], ['/foo', '/foo/bar'], [lookup(url)]),
  ),
  // The same lookups while the registrations' workers are still installing: the install
  // handler waits INSTALLING_MS, so no registration can have finished installing (and been
  // stored, in Chromium) before the lookup, whatever the machine's speed.
  ...matchTable.filter(([id]) => ['longest-prefix-dir', 'three-nested', 'query-scope-and-plain', 'trailing-slash-longer'].includes(id)).map(([id, scopes, url]) =>
    installing(withScopes(`match-installing-${id}`, `getRegistration("${url}") right after register() of ${scopes.join(', ')} (workers installing)`, [MATCH, 'sw.bs § Register step 6'], scopes, [lookup(url)], false)),
  ),
  // A shorter scope whose worker is active, a longer one whose worker is still installing: the
  // longer registration is in the map from Register step 6 on, so Match takes it.
  {
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
  },
  withScopes('getregistration-no-argument', 'getRegistration() with no argument uses the page URL', [GETREG('3')], ['/lookup/'], [lookup()]),
  withScopes('getregistration-empty-string', 'getRegistration("") is the document base URL', [GETREG('3')], ['/lookup/'], [lookup('')]),
  withScopes('getregistration-relative', 'a relative client URL resolves against the page', [GETREG('3')], ['/lookup/sub/'], [lookup('sub/x')]),
  withScopes('getregistration-absolute', 'an absolute same-origin client URL', [GETREG('3')], ['/lookup/sub/'], [lookup('{a}/lookup/sub/x')]),
  withScopes('getregistration-cross-origin', 'a cross-origin client URL rejects with SecurityError', [GETREG('6')], ['/'], [lookup('{b}/lookup/')]),
  withScopes('getregistration-unparsable', 'an unparsable client URL rejects with TypeError', [GETREG('4')], ['/'], [lookup('http://[')]),
  withScopes('getregistration-other-scheme', 'a non-http client URL is cross-origin: SecurityError', [GETREG('6')], ['/'], [lookup('ftp://example.test/')]),
  withScopes('getregistration-insecure-origin', 'an insecure-origin client URL is cross-origin', [GETREG('6')], ['/'], [lookup('{insecure}/')]),
  withScopes('getregistration-none', 'no registration at all resolves undefined', [GETREG('9')], [], [lookup('/x')]),
  withScopes('getregistrations-order', 'getRegistrations() lists registrations in insertion order', ['sw.bs § getRegistrations()'], ['/c/', '/a/', '/b/'], [{ do: 'getRegistrations', client: 'c1' }]),
  withScopes('getregistrations-empty', 'getRegistrations() with none', ['sw.bs § getRegistrations()'], [], [{ do: 'getRegistrations', client: 'c1' }]),
  withScopes('getregistrations-reregister-keeps-order', 're-registering an existing scope does not move it', ['sw.bs § Register step 5', 'sw.bs § getRegistrations()'], ['/a/', '/b/', '/a/'], [{ do: 'getRegistrations', client: 'c1' }]),
  withScopes('unregister-then-lookup', 'after unregister the lookup finds the shorter scope', ['sw.bs § Unregister step 3'], ['/', '/a/'], [
    { do: 'unregister', client: 'c1', scope: '/a/' },
    lookup('/a/x'),
  ]),
  withScopes('unregister-twice', 'a second unregister resolves false', ['sw.bs § Unregister step 2'], ['/a/'], [
    { do: 'unregister', client: 'c1', scope: '/a/' },
    { do: 'unregister', client: 'c1', scope: '/a/' },
    lookup('/a/x'),
  ]),
  withScopes('unregister-then-getregistrations', 'unregistered registrations leave getRegistrations()', ['sw.bs § Unregister step 3'], ['/a/', '/b/'], [
    { do: 'unregister', client: 'c1', scope: '/a/' },
    { do: 'getRegistrations', client: 'c1' },
  ]),
  withScopes('unregister-then-register', 'register after unregister makes a fresh registration', ['sw.bs § Register step 6'], ['/a/'], [
    { do: 'unregister', client: 'c1', scope: '/a/' },
    { do: 'register', client: 'c1', script: '/sw.js', scope: '/a/' },
    lookup('/a/x'),
  ]),
];
