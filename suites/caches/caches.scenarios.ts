// Cache Storage (sw.bs § Caches: Cache, CacheStorage, Query Cache, Request Matches Cached Item,
// Batch Cache Operations) from a page and from workers, and offline (the `network` step).
// Expectations come from the model (model/caches/); the rows follow web-platform-tests'
// service-workers/cache-storage/ files where those fix a case (named in the titles).
//
// This table is the area's Playwright test file: each row calls test() (suites/harness/define.ts),
// so `npx playwright test suites/caches/caches.scenarios.ts:<line>` runs that row.
import type { CacheQueryOptions, CacheRequestInit, FetchAction, Resource, Scenario, Step } from '../../contract/index.js';
import { smoke } from '../harness/build.js';
import { check, checks } from '../harness/define.js';
import { cache, cacheWorker, caches, controlled, FETCH, openPage, PAGE, put, SW, text, withHeaders } from './build.js';

function row(id: string, title: string, spec: string[], steps: Step[], resources: Record<string, Resource> = {}): Scenario {
  return { id: `caches/${id}`, area: 'caches', title, spec, resources, steps };
}

/** A page row: c1 opens the page, then the steps. */
function page(id: string, title: string, spec: string[], steps: Step[], resources: Record<string, Resource> = {}): Scenario {
  return row(id, title, spec, [openPage(), ...steps], resources);
}

const slug = (s: string) => s.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '').toLowerCase() || 'empty';

const MATCH = [SW('Cache match(request, options)'), SW('Cache matchAll(request, options)'), SW('Query Cache'), SW('Request Matches Cached Item')];
const PUT = [SW('Cache put(request, response)'), SW('Batch Cache Operations')];
const ADD = [SW('Cache addAll(requests)'), SW('Batch Cache Operations')];
const KEYS = [SW('Cache keys(request, options)'), SW('Query Cache')];
const DEL = [SW('Cache delete(request, options)'), SW('Batch Cache Operations')];
const CS = (m: string) => SW(`CacheStorage ${m}`);
const VARY = [SW('Request Matches Cached Item steps 6–8'), 'https://github.com/w3c/ServiceWorker/issues/991'];

// Query Cache over a fixed cache (the WPT simple_entries idea): every query, with and without
// ignoreSearch, through matchAll (every match, in order) and keys (their URLs).
const QUERY_ENTRIES: Step[] = [
  put('q', '/caches/q/a', 'a'),
  put('q', '/caches/q/a?x=1', 'a?x=1'),
  put('q', '/caches/q/A', 'A'),
  put('q', '/caches/q/cat', 'cat'),
  put('q', '/caches/q/catmandu', 'catmandu'),
  put('q', '/caches/q/cat?lives=9', 'cat?lives=9'),
  put('q', '/caches/q/cat/in/the/hat', 'hat'),
];
const QUERIES: [string, CacheRequestInit][] = [
  ['url', '/caches/q/a'],
  ['url-with-query', '/caches/q/a?x=1'],
  ['url-other-query', '/caches/q/a?x=2'],
  ['url-empty-query', '/caches/q/a?'],
  ['uppercase-path', '/caches/q/A'],
  ['fragment', '/caches/q/cat#mouse'],
  ['trailing-slash', '/caches/q/cat/'],
  ['prefix-is-not-a-match', '/caches/q/ca'],
  ['relative-string-http', 'http'],
  ['other-origin', '{b}/caches/q/a'],
  ['request-object', { url: '/caches/q/cat' }],
  ['dot-segments', '/caches/q/x/../cat'],
  ['percent-encoded', '/caches/q/c%61t'],
];

// Vary (Request Matches Cached Item 6–8): the stored request's headers, the response's Vary, the query's headers.
const VARY_CASES: [string, string, Record<string, string>, Record<string, string>, CacheQueryOptions | undefined][] = [
  // id, Vary, stored request headers, query headers, options
  ['same-value', 'x-a', { 'x-a': '1' }, { 'x-a': '1' }, undefined],
  ['other-value', 'x-a', { 'x-a': '1' }, { 'x-a': '2' }, undefined],
  ['other-value-ignorevary', 'x-a', { 'x-a': '1' }, { 'x-a': '2' }, { ignoreVary: true }],
  ['absent-in-query', 'x-a', { 'x-a': '1' }, {}, undefined],
  ['absent-in-both', 'x-a', {}, {}, undefined],
  ['absent-vs-empty', 'x-a', {}, { 'x-a': '' }, undefined],
  ['empty-vs-absent', 'x-a', { 'x-a': '' }, {}, undefined],
  ['empty-vs-empty', 'x-a', { 'x-a': '' }, { 'x-a': '' }, undefined],
  ['header-name-case', 'X-A', { 'x-a': '1' }, { 'X-a': '1' }, undefined],
  ['value-case', 'x-a', { 'x-a': 'A' }, { 'x-a': 'a' }, undefined],
  ['value-whitespace-normalized', 'x-a', { 'x-a': '1' }, { 'x-a': '  1 ' }, undefined],
  ['two-headers-both-match', 'x-a, x-b', { 'x-a': '1', 'x-b': '2' }, { 'x-a': '1', 'x-b': '2' }, undefined],
  ['two-headers-second-differs', 'x-a, x-b', { 'x-a': '1', 'x-b': '2' }, { 'x-a': '1', 'x-b': '3' }, undefined],
  ['list-whitespace', ' x-a ,  x-b ', { 'x-a': '1', 'x-b': '2' }, { 'x-a': '1', 'x-b': '2' }, undefined],
  ['list-empty-elements', 'x-a,,x-b,', { 'x-a': '1', 'x-b': '2' }, { 'x-a': '1', 'x-b': '2' }, undefined],
  ['unrelated-header-differs', 'x-a', { 'x-a': '1', 'x-z': '1' }, { 'x-a': '1', 'x-z': '2' }, undefined],
  ['forbidden-header-dropped', 'cookie', { cookie: 'a=1' }, { cookie: 'a=2' }, undefined],
  ['standard-header-accept', 'accept', { accept: 'text/html' }, { accept: 'text/plain' }, undefined],
  ['ignoresearch-still-varies', 'x-a', { 'x-a': '1' }, { 'x-a': '2' }, { ignoreSearch: true }],
];

// Responses put() refuses, and ones it takes (sw.bs Cache put steps 4–8).
const PUT_RESPONSES: [string, string, Step, boolean][] = [
  ['status-206', 'a synthetic 206 response', put('p', '/caches/p/x', 'partial', { status: 206 }), false],
  ['status-500', 'a 500 response', put('p', '/caches/p/x', 'boom', { status: 500 }), true],
  ['status-404-empty', 'a 404 with an empty body', put('p', '/caches/p/x', '', { status: 404 }), true],
  ['status-204-null-body', 'a 204 without a body', put('p', '/caches/p/x', undefined, { status: 204 }), true],
  ['vary-star', 'a response with Vary: *', put('p', '/caches/p/x', 'v', { headers: { Vary: '*' } }), false],
  ['vary-embedded-star', 'a response with Vary: Accept-Language,* (WPT "embedded VARY:*")', put('p', '/caches/p/x', 'v', { headers: { Vary: 'Accept-Language,*' } }), false],
  ['vary-star-first', 'a response with Vary: *, x-a', put('p', '/caches/p/x', 'v', { headers: { Vary: '*, x-a' } }), false],
  ['vary-star-padded', 'a response with Vary: " * "', put('p', '/caches/p/x', 'v', { headers: { Vary: ' * ' } }), false],
  ['vary-starry-token', 'a response with Vary: x-*', put('p', '/caches/p/x', 'v', { headers: { Vary: 'x-*' } }), true],
  ['used-body', 'a response whose body was read', put('p', '/caches/p/x', 'read', { used: true }), false],
  ['used-null-body', 'a bodyless response after text() (nothing disturbed)', put('p', '/caches/p/x', undefined, { used: true }), true],
  ['error-response', 'Response.error() (WPT simple_entries error_response)', cache('put', 'p', { request: '/caches/p/x', response: { from: 'error' } }), true],
  ['redirect-response', 'Response.redirect() (WPT "should store Response.redirect() correctly")', cache('put', 'p', { request: '/caches/p/x', response: { from: 'redirect', location: '/caches/p/elsewhere', status: 301 } }), true],
  ['set-cookie-dropped', 'a response constructed with Set-Cookie (dropped by its headers guard)', put('p', '/caches/p/x', 'c', { headers: { 'Set-Cookie': 'a=1' } }), true],
];

// Requests put() refuses (sw.bs Cache put steps 1–4, the Request constructor).
const PUT_REQUESTS: [string, string, CacheRequestInit, string][] = [
  ['post-request', 'a POST Request', { url: '/caches/p/x', method: 'POST' }, 'TypeError'],
  ['head-request', 'a HEAD Request (WPT "non-GET request")', { url: '/caches/p/x', method: 'HEAD' }, 'TypeError'],
  ['lowercase-get-request', 'a Request with method "get" (normalized to GET)', { url: '/caches/p/x', method: 'get' }, 'ok'],
  ['patch-request', 'a Request with method "patch" (not normalized)', { url: '/caches/p/x', method: 'patch' }, 'TypeError'],
  ['connect-request', 'a Request with the forbidden method CONNECT', { url: '/caches/p/x', method: 'CONNECT' }, 'TypeError'],
  ['data-url', 'a data: URL', 'data:text/plain,hello', 'TypeError'],
  ['about-blank', 'about:blank', 'about:blank', 'TypeError'],
  ['ftp-url', 'an ftp: URL', 'ftp://example.com/file', 'TypeError'],
  ['credentials-url', 'a URL with credentials (the Request constructor throws)', 'http://user:pw@example.com/', 'TypeError'],
  ['unparsable-url', 'a URL that does not parse', 'http://[bad/', 'TypeError'],
  ['other-origin', 'a URL of another origin (caches are not checked by URL origin)', '{b}/caches/p/x', 'ok'],
  ['https-url', 'an https: URL of a host never fetched', 'https://example.com/foo', 'ok'],
];

const respondSubresources = (otherwise: FetchAction): { rules: { mode: 'navigate'; action: FetchAction }[]; otherwise: FetchAction } => ({
  rules: [{ mode: 'navigate', action: { kind: 'fallback' } }],
  otherwise,
});

export const cachesScenarios = checks('caches', (test) => {
  // ---------------------------------------------------------------------------------------------
  // Query Cache: URL equality without fragment, ignoreSearch.
  for (const [id, query] of QUERIES) {
    for (const [oid, options] of [['', undefined], ['-ignoresearch', { ignoreSearch: true }]] as const) {
      test(...check(smoke(page(`query-${id}${oid}`, `matchAll and keys for ${JSON.stringify(query)}${options ? ' with ignoreSearch' : ''} over a fixed cache (WPT cache-match / cache-keys)`, [...MATCH, ...KEYS], [
        ...QUERY_ENTRIES,
        cache('matchAll', 'q', { request: query, ...(options ? { options } : {}) }),
        cache('keys', 'q', { request: query, ...(options ? { options } : {}) }),
        cache('match', 'q', { request: query, ...(options ? { options } : {}) }),
      ]), id === 'url' && oid === '')));
    }
  }
  test(...check(page('matchall-no-argument-in-order', 'matchAll() and keys() without a request give every entry in insertion order', [...MATCH, ...KEYS], [
    ...QUERY_ENTRIES,
    cache('matchAll', 'q'),
    cache('keys', 'q'),
  ])));
  test(...check(page('empty-cache', 'match, matchAll and keys on an empty cache (WPT "Cache.keys() called on an empty cache")', [...MATCH, ...KEYS], [
    cache('match', 'e', { request: '/caches/nothing' }),
    cache('matchAll', 'e'),
    cache('keys', 'e'),
    cache('delete', 'e', { request: '/caches/nothing' }),
  ])));

  // Methods: a Request object that is not GET matches nothing unless ignoreMethod (matchAll 2, keys 2, delete 2).
  for (const method of ['HEAD', 'POST', 'PUT', 'OPTIONS']) {
    test(...check(page(`method-${method.toLowerCase()}-query`, `a ${method} Request matches nothing, and with ignoreMethod the GET entry (WPT "supports ignoreMethod")`, [...MATCH, SW('Cache delete(request, options) step 2')], [
      put('m', '/caches/m/x', 'x'),
      cache('match', 'm', { request: { url: '/caches/m/x', method } }),
      cache('match', 'm', { request: { url: '/caches/m/x', method }, options: { ignoreMethod: true } }),
      cache('keys', 'm', { request: { url: '/caches/m/x', method } }),
      cache('keys', 'm', { request: { url: '/caches/m/x', method }, options: { ignoreMethod: true } }),
      caches('match', { request: { url: '/caches/m/x', method } }),
      caches('match', { request: { url: '/caches/m/x', method }, options: { ignoreMethod: true } }),
      cache('delete', 'm', { request: { url: '/caches/m/x', method } }),
      cache('delete', 'm', { request: { url: '/caches/m/x', method }, options: { ignoreMethod: true } }),
      cache('keys', 'm'),
    ])));
  }

  // ---------------------------------------------------------------------------------------------
  // Vary.
  for (const [id, vary, stored, query, options] of VARY_CASES) {
    test(...check(smoke(page(`vary-${id}`, `Vary "${vary}": stored ${JSON.stringify(stored)}, queried ${JSON.stringify(query)}${options ? ` with ${JSON.stringify(options)}` : ''}`, VARY, [
      put('v', withHeaders('/caches/v/x', stored), 'stored', { headers: { Vary: vary } }),
      cache('match', 'v', { request: withHeaders('/caches/v/x', query), ...(options ? { options } : {}) }),
      cache('keys', 'v', { request: withHeaders('/caches/v/x', query), ...(options ? { options } : {}) }),
      caches('match', { request: withHeaders('/caches/v/x', query), ...(options ? { options } : {}) }),
    ]), id === 'other-value')));
  }
  test(...check(page('vary-string-query-has-no-headers', 'a string query has no headers: it matches a Vary entry stored without that header, not one stored with it (WPT "responses containing Vary")', VARY, [
    put('v', withHeaders('/caches/v/c', { 'x-cookies': 'is-for-cookie' }), 'for-cookie', { headers: { Vary: 'x-cookies' } }),
    put('v', withHeaders('/caches/v/c', { 'x-cookies': 'is-good-enough' }), 'good-enough', { headers: { Vary: 'x-cookies' } }),
    put('v', '/caches/v/c', 'absent', { headers: { Vary: 'x-cookies' } }),
    cache('match', 'v', { request: '/caches/v/c' }),
    cache('matchAll', 'v', { request: '/caches/v/c', options: { ignoreVary: true } }),
    cache('keys', 'v'),
  ])));
  test(...check(page('vary-put-keeps-variants', 'put of the same URL with another value of a varied header adds an entry: put replaces only what the new request matches under the stored Vary', [...VARY, ...PUT, 'https://github.com/w3c/ServiceWorker/issues/1609'], [
    put('v', withHeaders('/caches/v/x', { 'x-a': '1' }), 'one', { headers: { Vary: 'x-a' } }),
    put('v', withHeaders('/caches/v/x', { 'x-a': '2' }), 'two', { headers: { Vary: 'x-a' } }),
    cache('keys', 'v'),
    cache('match', 'v', { request: withHeaders('/caches/v/x', { 'x-a': '2' }) }),
    cache('matchAll', 'v', { request: '/caches/v/x', options: { ignoreVary: true } }),
  ])));
  test(...check(page('vary-put-replaces-same-variant', 'put of the same URL and the same varied value replaces the entry (and moves it to the end)', [...VARY, ...PUT], [
    put('v', withHeaders('/caches/v/x', { 'x-a': '1' }), 'one', { headers: { Vary: 'x-a' } }),
    put('v', '/caches/v/y', 'y'),
    put('v', withHeaders('/caches/v/x', { 'x-a': '1' }), 'one-again', { headers: { Vary: 'x-a' } }),
    cache('keys', 'v'),
    cache('matchAll', 'v'),
  ])));
  test(...check(page('vary-put-new-response-vary-not-used', 'put ignores the new response\'s Vary when replacing: a stored entry without Vary is replaced whatever the headers', [...VARY, ...PUT], [
    put('v', withHeaders('/caches/v/x', { 'x-a': '1' }), 'plain'),
    put('v', withHeaders('/caches/v/x', { 'x-a': '2' }), 'varied', { headers: { Vary: 'x-a' } }),
    cache('keys', 'v'),
    cache('matchAll', 'v', { request: '/caches/v/x', options: { ignoreVary: true } }),
  ])));
  test(...check(page('vary-delete-one-variant', 'delete with a varied header removes that variant only; with ignoreVary every variant', [...VARY, ...DEL], [
    put('v', withHeaders('/caches/v/x', { 'x-a': '1' }), 'one', { headers: { Vary: 'x-a' } }),
    put('v', withHeaders('/caches/v/x', { 'x-a': '2' }), 'two', { headers: { Vary: 'x-a' } }),
    put('v', withHeaders('/caches/v/x', { 'x-a': '3' }), 'three', { headers: { Vary: 'x-a' } }),
    cache('delete', 'v', { request: withHeaders('/caches/v/x', { 'x-a': '2' }) }),
    cache('keys', 'v', { request: '/caches/v/x', options: { ignoreVary: true } }),
    cache('delete', 'v', { request: '/caches/v/x' }),
    cache('delete', 'v', { request: '/caches/v/x', options: { ignoreVary: true } }),
    cache('keys', 'v'),
  ])));
  test(...check(page('vary-opaque-ignored', 'an opaque response\'s Vary is not visible: any query for its URL matches (WPT "ignores vary headers on opaque response")', [...VARY, 'https://github.com/WebKit/WebKit/pull/12530'], [
    cache('put', 'v', { request: withHeaders('{b}/caches/v/opaque', { 'x-a': '1' }), response: { from: 'fetch', url: '{b}/caches/v/opaque', mode: 'no-cors' } }),
    cache('match', 'v', { request: withHeaders('{b}/caches/v/opaque', { 'x-a': '2' }) }),
    cache('match', 'v', { request: '{b}/caches/v/opaque' }),
  ], { '{b}/caches/v/opaque': text('secret', { Vary: 'x-a' }) })));
  test(...check(page('vary-star-opaque-put', 'put of an opaque response served with Vary: * resolves: its headers are not visible (WPT "VARY:* opaque response should not reject")', [...PUT], [
    cache('put', 'v', { request: '{b}/caches/v/star', response: { from: 'fetch', url: '{b}/caches/v/star', mode: 'no-cors' } }),
    cache('keys', 'v'),
  ], { '{b}/caches/v/star': text('star', { Vary: '*' }) })));
  test(...check(page('vary-cors-not-exposed', 'a CORS response varies on its Vary even when Access-Control-Expose-Headers does not name it (position cache-vary-filtered-headers)', [...VARY, FETCH('CORS filtered response')], [
    cache('put', 'v', { request: withHeaders('{b}/caches/v/cors', { 'x-a': '1' }), response: { from: 'fetch', url: '{b}/caches/v/cors', mode: 'cors' } }),
    cache('match', 'v', { request: withHeaders('{b}/caches/v/cors', { 'x-a': '2' }) }),
  ], { '{b}/caches/v/cors': text('cors', { Vary: 'x-a', 'Access-Control-Allow-Origin': '*' }) })));
  test(...check(page('vary-cors-exposed', 'a CORS response that exposes Vary (Access-Control-Expose-Headers) varies as usual', [...VARY, FETCH('CORS filtered response')], [
    cache('put', 'v', { request: withHeaders('{b}/caches/v/cors', { 'x-a': '1' }), response: { from: 'fetch', url: '{b}/caches/v/cors', mode: 'cors' } }),
    cache('match', 'v', { request: withHeaders('{b}/caches/v/cors', { 'x-a': '2' }) }),
    cache('match', 'v', { request: withHeaders('{b}/caches/v/cors', { 'x-a': '1' }) }),
  ], { '{b}/caches/v/cors': text('cors', { Vary: 'x-a', 'Access-Control-Allow-Origin': '*', 'Access-Control-Expose-Headers': 'Vary' }) })));
  test(...check(page('vary-network-response', 'a same-origin network response\'s Vary (from fetch, then put) varies the entry', [...VARY], [
    cache('put', 'v', { request: withHeaders('/caches/v/net', { 'x-a': '1' }), response: { from: 'fetch', url: '/caches/v/net' } }),
    cache('match', 'v', { request: withHeaders('/caches/v/net', { 'x-a': '2' }) }),
    cache('match', 'v', { request: withHeaders('/caches/v/net', { 'x-a': '1' }) }),
  ], { '{a}/caches/v/net': text('net', { Vary: 'x-a' }) })));

  // ---------------------------------------------------------------------------------------------
  // put: what it refuses and what it takes, and that a refusal stores nothing.
  for (const [id, title, putStep, stored] of PUT_RESPONSES) {
    test(...check(page(`put-response-${id}`, `put with ${title} ${stored ? 'stores it' : 'rejects with TypeError and stores nothing'}`, PUT, [
      putStep,
      cache('keys', 'p'),
      cache('match', 'p', { request: '/caches/p/x' }),
    ])));
  }
  for (const [id, title, request, expected] of PUT_REQUESTS) {
    test(...check(page(`put-request-${id}`, `put with ${title}: ${expected === 'ok' ? 'stored' : expected}`, [...PUT, FETCH('Request class')], [
      put('p', request, 'body'),
      cache('keys', 'p'),
    ])));
  }
  for (const [id, request] of [['credentials', 'http://user:pw@example.com/'], ['unparsable', 'http://[bad/']] as const) {
    test(...check(page(`query-${id}-url-rejects`, `match, matchAll, keys and delete with a ${id} URL string reject with TypeError (the Request constructor; WPT "a string that cannot construct a Request")`, [...MATCH, ...KEYS, ...DEL], [
      put('p', '/caches/p/x', 'x'),
      cache('match', 'p', { request }),
      cache('matchAll', 'p', { request }),
      cache('keys', 'p', { request }),
      cache('delete', 'p', { request }),
    ])));
  }
  test(...check(page('put-from-fetch', 'put of a same-origin fetch() response: match gives its status, type basic, url and body (WPT "Request and Response from fetch()")', PUT, [
    cache('put', 'p', { request: '/caches/p/data.txt', response: { from: 'fetch', url: '/caches/p/data.txt' } }),
    cache('match', 'p', { request: '/caches/p/data.txt' }),
  ])));
  test(...check(page('put-from-fetch-other-url', 'a response stored under another URL is found by the request URL only, and keeps its own url (WPT "Request and Response objects with different URLs")', [...PUT, ...MATCH], [
    cache('put', 'p', { request: '/caches/p/key', response: { from: 'fetch', url: '/caches/p/body.txt' } }),
    cache('match', 'p', { request: '/caches/p/key' }),
    cache('match', 'p', { request: '/caches/p/body.txt' }),
  ])));
  test(...check(page('put-from-fetch-404', 'put of a fetched 404 stores it (put checks only 206)', PUT, [
    cache('put', 'p', { request: '/caches/p/missing', response: { from: 'fetch', url: '/caches/p/missing' } }),
    cache('match', 'p', { request: '/caches/p/missing' }),
  ], { '{a}/caches/p/missing': text('gone', undefined, 404) })));
  test(...check(page('put-from-fetch-206', 'put of a fetched 206 rejects with TypeError (WPT "Cache.put with HTTP 206 response")', PUT, [
    cache('put', 'p', { request: '/caches/p/partial', response: { from: 'fetch', url: '/caches/p/partial' } }),
    cache('keys', 'p'),
  ], { '{a}/caches/p/partial': text('part', undefined, 206) })));
  test(...check(page('put-opaque-206', 'put of an opaque (no-cors cross-origin) 206 stores it: its status is 0 (WPT "opaque-filtered HTTP 206 response")', PUT, [
    cache('put', 'p', { request: '{b}/caches/p/partial', response: { from: 'fetch', url: '{b}/caches/p/partial', mode: 'no-cors' } }),
    cache('match', 'p', { request: '{b}/caches/p/partial' }),
  ], { '{b}/caches/p/partial': text('part', undefined, 206) })));
  test(...check(page('put-opaque-used', 'put of an opaque response after text(): its body is null, nothing is disturbed', PUT, [
    cache('put', 'p', { request: '{b}/caches/p/o', response: { from: 'fetch', url: '{b}/caches/p/o', mode: 'no-cors', used: true } }),
    cache('match', 'p', { request: '{b}/caches/p/o' }),
  ])));
  test(...check(page('put-fetched-used', 'put of a fetched response after text() rejects with TypeError (WPT "a used response body")', PUT, [
    cache('put', 'p', { request: '/caches/p/u', response: { from: 'fetch', url: '/caches/p/u', used: true } }),
    cache('keys', 'p'),
  ])));
  test(...check(page('put-cors-response', 'put of a CORS response from another origin: match gives type cors and its url', PUT, [
    cache('put', 'p', { request: '{b}/caches/p/cors', response: { from: 'fetch', url: '{b}/caches/p/cors', mode: 'cors' } }),
    cache('match', 'p', { request: '{b}/caches/p/cors' }),
  ], { '{b}/caches/p/cors': text('cors body', { 'Access-Control-Allow-Origin': '*' }) })));
  test(...check(page('put-redirected-response', 'put of a fetched response that was redirected: match gives the final url', PUT, [
    cache('put', 'p', { request: '/caches/p/start', response: { from: 'fetch', url: '/caches/p/start' } }),
    cache('match', 'p', { request: '/caches/p/start' }),
    cache('match', 'p', { request: '/caches/p/end' }),
  ], { '{a}/caches/p/start': { kind: 'redirect', status: 302, location: '/caches/p/end' } })));
  test(...check(page('put-replaces-and-moves-to-end', 'put of an existing URL replaces its response and moves it to the end of keys()', PUT, [
    put('p', '/caches/p/a', 'a1'),
    put('p', '/caches/p/b', 'b'),
    put('p', '/caches/p/c', 'c'),
    put('p', '/caches/p/a', 'a2'),
    cache('keys', 'p'),
    cache('matchAll', 'p'),
  ])));
  test(...check(page('put-fragments-same-entry', 'put of URLs that differ only by fragment keep one entry, whose url is the last one\'s (WPT "differ only by a fragment")', PUT, [
    put('p', '/caches/p/f', 'plain'),
    put('p', '/caches/p/f#(O_o)', 'second'),
    cache('match', 'p', { request: '/caches/p/f' }),
    put('p', '/caches/p/f#fragment', 'third'),
    cache('keys', 'p'),
  ])));
  test(...check(page('put-query-distinct-entries', 'URLs that differ by query are distinct entries; ignoreSearch delete removes them all', [...PUT, ...DEL], [
    put('p', '/caches/p/s', 's'),
    put('p', '/caches/p/s?v=1', 's1'),
    put('p', '/caches/p/s?v=2', 's2'),
    cache('keys', 'p'),
    cache('delete', 'p', { request: '/caches/p/s?v=9', options: { ignoreSearch: true } }),
    cache('keys', 'p'),
  ])));
  test(...check(page('put-relative-url', 'put with a relative URL resolves it against the document (WPT "Cache.put with a relative URL")', PUT, [
    put('p', 'relative-url', 'rel'),
    cache('keys', 'p'),
    cache('match', 'p', { request: '{a}/caches/relative-url' }),
  ])));

  // delete
  test(...check(page('delete-string-and-request', 'delete by string and by Request resolve true, then false once gone (WPT cache-delete)', DEL, [
    put('d', '/caches/d/x', 'x'),
    put('d', '/caches/d/y', 'y'),
    cache('delete', 'd', { request: '/caches/d/x' }),
    cache('delete', 'd', { request: '/caches/d/x' }),
    cache('delete', 'd', { request: { url: '/caches/d/y' } }),
    cache('keys', 'd'),
  ])));
  test(...check(page('delete-keeps-order', 'delete keeps the order of the others', DEL, [
    put('d', '/caches/d/1', '1'),
    put('d', '/caches/d/2', '2'),
    put('d', '/caches/d/3', '3'),
    cache('delete', 'd', { request: '/caches/d/2' }),
    put('d', '/caches/d/4', '4'),
    cache('keys', 'd'),
  ])));
  test(...check(page('delete-ignoresearch-false', 'delete with ignoreSearch false removes the exact URL only (WPT "when it is specified as false")', DEL, [
    put('d', '/caches/d/a', 'a'),
    put('d', '/caches/d/a?q=r', 'aq'),
    cache('delete', 'd', { request: '/caches/d/a?q=r', options: { ignoreSearch: false } }),
    cache('matchAll', 'd', { request: '/caches/d/a?q=r', options: { ignoreSearch: true } }),
  ])));

  // ---------------------------------------------------------------------------------------------
  // add / addAll.
  const ADD_RES: Record<string, Resource> = {
    '{a}/caches/add/ok.txt': text('ok'),
    '{a}/caches/add/other.txt': text('other'),
    '{a}/caches/add/404.txt': text('not found', undefined, 404),
    '{a}/caches/add/500.txt': text('server error', undefined, 500),
    '{a}/caches/add/206.txt': text('partial', undefined, 206),
    '{a}/caches/add/vary-star.txt': text('star', { Vary: '*' }),
    '{a}/caches/add/vary-xa.txt': text('varied', { Vary: 'x-a' }),
    '{a}/caches/add/redirect': { kind: 'redirect', status: 302, location: '/caches/add/ok.txt' },
    '{b}/caches/add/cors.txt': text('cors', { 'Access-Control-Allow-Origin': '*' }),
    '{b}/caches/add/no-cors.txt': text('no cors'),
  };
  const ADD_CASES: [string, string, CacheRequestInit, boolean][] = [
    ['ok', 'a 200 response', '/caches/add/ok.txt', true],
    ['request-object', 'a Request object', { url: '/caches/add/ok.txt' }, true],
    ['404', 'a 404 (WPT "results in a status of 404")', '/caches/add/404.txt', false],
    ['500', 'a 500 (WPT "results in a status of 500")', '/caches/add/500.txt', false],
    ['206', 'a 206 (WPT "Cache.add with 206 response")', '/caches/add/206.txt', false],
    ['vary-star', 'a response with Vary: *', '/caches/add/vary-star.txt', false],
    ['redirected', 'a redirected response (stored under the request URL, with the final url)', '/caches/add/redirect', true],
    ['cors', 'a cross-origin URL with Access-Control-Allow-Origin', '{b}/caches/add/cors.txt', true],
    ['cross-origin-no-cors', 'a cross-origin URL without CORS (a network error)', '{b}/caches/add/no-cors.txt', false],
    ['post', 'a POST Request (WPT "Cache.add called with POST request")', { url: '/caches/add/ok.txt', method: 'POST' }, false],
    ['javascript-url', 'a javascript: URL (WPT "non-HTTP/HTTPS URL")', 'javascript://this-is-not-http-mmkay', false],
    ['data-url', 'a data: URL', 'data:text/plain,x', false],
    ['credentials-url', 'a URL with credentials', 'http://user:pw@example.com/', false],
  ];
  for (const [id, title, request, ok] of ADD_CASES) {
    test(...check(page(`add-${id}`, `add with ${title}: ${ok ? 'stored' : 'rejects with TypeError, nothing stored'}`, ADD, [
      cache('add', 'add', { request }),
      cache('keys', 'add'),
      cache('match', 'add', { request: typeof request === 'string' ? request : request.url }),
    ], ADD_RES)));
  }
  test(...check(page('addall-strings-in-order', 'addAll of strings stores each response, in request order (WPT "string URL arguments")', ADD, [
    cache('addAll', 'add', { requests: ['/caches/add/other.txt', '/caches/add/ok.txt', '/caches/add/third.txt'] }),
    cache('keys', 'add'),
    cache('matchAll', 'add'),
  ], ADD_RES)));
  test(...check(smoke(page('addall-one-fails-stores-nothing', 'addAll with one failing request rejects with TypeError and stores nothing, not even the others (WPT "mix of succeeding and failing requests")', ADD, [
    put('add', '/caches/add/before', 'before'),
    cache('addAll', 'add', { requests: ['/caches/add/ok.txt', '/caches/add/404.txt', '/caches/add/other.txt'] }),
    cache('keys', 'add'),
  ], ADD_RES))));
  test(...check(page('addall-duplicate-rolls-back', 'addAll with the same request twice rejects with InvalidStateError, and what the batch replaced is back (WPT "same Request object specified twice")', ADD, [
    put('add', '/caches/add/ok.txt', 'old'),
    put('add', '/caches/add/after', 'after'),
    cache('addAll', 'add', { requests: ['/caches/add/ok.txt', '/caches/add/ok.txt'] }),
    cache('keys', 'add'),
    cache('match', 'add', { request: '/caches/add/ok.txt' }),
  ], ADD_RES)));
  test(...check(page('addall-duplicate-by-fragment', 'addAll of URLs that differ only by fragment rejects with InvalidStateError (WPT "differ only by fragment")', ADD, [
    cache('addAll', 'add', { requests: [{ url: '/caches/add/ok.txt#one' }, { url: '/caches/add/ok.txt#two' }] }),
    cache('keys', 'add'),
  ], ADD_RES)));
  test(...check(page('addall-duplicate-by-query-is-fine', 'addAll of URLs that differ by query stores both', ADD, [
    cache('addAll', 'add', { requests: ['/caches/add/ok.txt?1', '/caches/add/ok.txt?2'] }),
    cache('keys', 'add'),
  ], ADD_RES)));
  test(...check(page('addall-vary-differ', 'addAll of one URL with different values of a varied header stores both (WPT "differ by vary header")', [...ADD, ...VARY], [
    cache('addAll', 'add', { requests: [withHeaders('/caches/add/vary-xa.txt', { 'x-a': 'circle' }), withHeaders('/caches/add/vary-xa.txt', { 'x-a': 'square' })] }),
    cache('keys', 'add'),
  ], ADD_RES)));
  test(...check(page('addall-vary-duplicate', 'addAll of one URL with the same value of a varied header rejects with InvalidStateError (WPT "duplicate by vary header")', [...ADD, ...VARY], [
    cache('addAll', 'add', { requests: [withHeaders('/caches/add/vary-xa.txt', { 'x-a': 'circle' }), withHeaders('/caches/add/vary-xa.txt', { 'x-a': 'circle' })] }),
    cache('keys', 'add'),
  ], ADD_RES)));
  test(...check(page('addall-empty', 'addAll([]) resolves and stores nothing (WPT "with an empty array")', ADD, [
    cache('addAll', 'add', { requests: [] }),
    cache('keys', 'add'),
  ])));
  test(...check(page('addall-replaces-put', 'addAll replaces an entry put earlier, which moves to the end', ADD, [
    put('add', '/caches/add/ok.txt', 'old'),
    put('add', '/caches/add/z', 'z'),
    cache('addAll', 'add', { requests: ['/caches/add/ok.txt'] }),
    cache('keys', 'add'),
    cache('match', 'add', { request: '/caches/add/ok.txt' }),
  ], ADD_RES)));
  test(...check(page('addall-post-rejects-first', 'addAll with a POST Request among others rejects with TypeError before fetching anything', ADD, [
    cache('addAll', 'add', { requests: ['/caches/add/ok.txt', { url: '/caches/add/other.txt', method: 'POST' }] }),
    cache('keys', 'add'),
  ], ADD_RES)));
  test(...check(page('add-twice', 'add of the same Request twice resolves both times, one entry (WPT "called twice with the same Request object")', ADD, [
    cache('add', 'add', { request: { url: '/caches/add/ok.txt' } }),
    cache('add', 'add', { request: { url: '/caches/add/ok.txt' } }),
    cache('keys', 'add'),
  ], ADD_RES)));
  test(...check(row('add-from-controlled-page', 'add from a controlled page goes through its worker: the worker\'s response is stored', [...ADD, SW('Handle Fetch step 10')], [
    ...controlled,
    cache('add', 'add', { request: '/caches/add/ok.txt' }),
    cache('match', 'add', { request: '/caches/add/ok.txt' }),
  ], { ...ADD_RES, ...cacheWorker('ctl', { fetch: respondSubresources({ kind: 'respond' }) }) })));

  // ---------------------------------------------------------------------------------------------
  // CacheStorage.
  test(...check(page('storage-keys-in-order', 'caches.keys() lists names in creation order; a name deleted and opened again goes to the end', [CS('keys()'), CS('open(cacheName)'), CS('delete(cacheName)')], [
    caches('open', { cacheName: 'b' }),
    caches('open', { cacheName: 'a' }),
    caches('open', { cacheName: 'c' }),
    caches('keys'),
    caches('delete', { cacheName: 'a' }),
    caches('open', { cacheName: 'a' }),
    caches('open', { cacheName: 'b' }),
    caches('keys'),
  ])));
  test(...check(page('storage-has-exact-names', 'has() matches names exactly: case, spaces and prefixes differ (WPT "CacheStorage.has with existing cache")', [CS('has(cacheName)')], [
    caches('open', { cacheName: 'cache-storage/lowercase' }),
    caches('open', { cacheName: 'has a space' }),
    caches('has', { cacheName: 'cache-storage/lowercase' }),
    caches('has', { cacheName: 'cache-storage/Lowercase' }),
    caches('has', { cacheName: ' cache-storage/lowercase' }),
    caches('has', { cacheName: 'cache-storage/lowercase ' }),
    caches('has', { cacheName: 'has a space' }),
    caches('has', { cacheName: 'has' }),
    caches('has', { cacheName: 'cheezburger' }),
  ])));
  test(...check(page('storage-empty-name', 'the empty string is a cache name (WPT "CacheStorage.open with an empty name")', [CS('open(cacheName)')], [
    caches('has', { cacheName: '' }),
    caches('open', { cacheName: '' }),
    caches('has', { cacheName: '' }),
    put('', '/caches/e', 'empty-named'),
    caches('match', { request: '/caches/e', cacheName: '' }),
    caches('keys'),
  ])));
  test(...check(page('storage-delete', 'delete() resolves true for an existing cache and false after (WPT "delete with existing cache")', [CS('delete(cacheName)')], [
    caches('open', { cacheName: 'gone' }),
    caches('delete', { cacheName: 'gone' }),
    caches('has', { cacheName: 'gone' }),
    caches('delete', { cacheName: 'gone' }),
    caches('delete', { cacheName: 'never' }),
    caches('keys'),
  ])));
  test(...check(page('storage-open-existing', 'open() of an existing name gives a Cache over the same entries (WPT "open with existing cache")', [CS('open(cacheName)')], [
    put('o', '/caches/o/x', 'x'),
    caches('open', { cacheName: 'o' }),
    cache('keys', 'o', { reuse: true }),
    caches('keys'),
  ])));
  test(...check(smoke(page('storage-delete-dooms', 'a Cache object still works after caches.delete of its name, apart from the map (WPT "delete dooms, but does not delete immediately")', [CS('delete(cacheName)'), SW('CacheStorage delete(cacheName) note')], [
    caches('open', { cacheName: 'doomed' }),
    caches('delete', { cacheName: 'doomed' }),
    cache('put', 'doomed', { reuse: true, request: '/caches/doomed/x', response: { from: 'new', body: 'still here' } }),
    cache('keys', 'doomed', { reuse: true }),
    caches('has', { cacheName: 'doomed' }),
    caches('keys'),
    caches('match', { request: '/caches/doomed/x' }),
    cache('keys', 'doomed'),
  ]))));
  test(...check(page('storage-match-first-cache-wins', 'caches.match without cacheName answers from the first cache (creation order) that matches (WPT "multiple cache hits")', [CS('match(request, options)')], [
    put('first', '/caches/m/x', 'from first'),
    put('second', '/caches/m/x', 'from second'),
    put('second', '/caches/m/only-second', 'only second'),
    caches('match', { request: '/caches/m/x' }),
    caches('match', { request: '/caches/m/only-second' }),
    caches('match', { request: '/caches/m/x', cacheName: 'second' }),
    caches('match', { request: '/caches/m/nowhere' }),
  ])));
  test(...check(page('storage-match-order-after-reopen', 'a cache deleted and created again comes after the others for caches.match', [CS('match(request, options)')], [
    put('first', '/caches/m/x', 'old first'),
    put('second', '/caches/m/x', 'second'),
    caches('delete', { cacheName: 'first' }),
    put('first', '/caches/m/x', 'new first'),
    caches('match', { request: '/caches/m/x' }),
  ])));
  test(...check(page('storage-match-unknown-cachename', 'caches.match with the name of no cache resolves undefined and creates nothing', [CS('match(request, options) step 1.1.2')], [
    put('real', '/caches/m/x', 'x'),
    caches('match', { request: '/caches/m/x', cacheName: 'missing' }),
    caches('keys'),
  ])));
  test(...check(page('storage-match-no-caches-credentials', 'caches.match of a URL with credentials when no cache exists: no cache\'s match runs, so it resolves undefined', [CS('match(request, options) step 2')], [
    caches('match', { request: 'http://user:pw@example.com/' }),
    caches('keys'),
  ])));
  test(...check(page('storage-match-credentials-with-a-cache', 'caches.match of a URL with credentials rejects with TypeError once a cache\'s match runs', [CS('match(request, options)'), SW('Cache matchAll(request, options) step 2.2.1')], [
    caches('open', { cacheName: 'one' }),
    caches('match', { request: 'http://user:pw@example.com/' }),
    caches('match', { request: 'http://user:pw@example.com/', cacheName: 'one' }),
  ])));
  test(...check(page('storage-match-ignoresearch', 'caches.match with ignoreSearch across caches', [CS('match(request, options)'), ...MATCH], [
    put('one', '/caches/m/s?v=1', 'one'),
    put('two', '/caches/m/s', 'two'),
    caches('match', { request: '/caches/m/s?v=2', options: { ignoreSearch: true } }),
    caches('match', { request: '/caches/m/s?v=2' }),
  ])));
  test(...check(page('storage-insecure-context', 'caches is [SecureContext]: an insecure page has none', [SW('self.caches'), 'https://w3c.github.io/webappsec-secure-contexts/'], [
    { do: 'navigate', client: 'c1', url: '{insecure}/caches/page.html' },
    caches('keys'),
    cache('keys', 'x'),
  ])));
  test(...check(page('storage-per-origin', 'caches are per storage key: another origin sees none of them', [SW('Caches'), 'https://storage.spec.whatwg.org/#obtain-a-storage-key'], [
    put('shared-name', '/caches/x', 'a'),
    openPage('{b}/caches/page.html', 'c2'),
    caches('has', { cacheName: 'shared-name', client: 'c2' }),
    caches('keys', { client: 'c2' }),
    caches('keys'),
  ])));
  test(...check(page('storage-same-origin-windows-share', 'two windows of one origin share the caches', [SW('CacheStorage')], [
    put('shared', '/caches/x', 'a'),
    openPage(PAGE, 'c2'),
    caches('match', { request: '/caches/x', client: 'c2' }),
    put('shared', '/caches/y', 'b', { client: 'c2' }),
    cache('keys', 'shared'),
  ])));
  test(...check(page('storage-same-origin-frame-shares', 'a same-origin frame shares its parent\'s caches', [SW('CacheStorage')], [
    put('f', '/caches/x', 'a'),
    { do: 'frame', client: 'c1', frame: 'f1', url: '{a}/caches/frame.html' },
    caches('has', { cacheName: 'f', frame: 'f1' }),
    cache('keys', 'f', { frame: 'f1' }),
  ])));
  test(...check(page('storage-cross-site-frame-partitioned', 'a cross-site frame has its own caches: its origin\'s first-party caches are not there (partitioned storage key)', [SW('CacheStorage'), 'https://github.com/w3c/ServiceWorker/issues/1606', 'https://privacycg.github.io/storage-partitioning/'], [
    openPage('{b}/caches/page.html', 'c2'),
    put('b-first-party', '/caches/x', 'b', { client: 'c2' }),
    { do: 'frame', client: 'c1', frame: 'f1', url: '{b}/caches/frame.html' },
    caches('has', { cacheName: 'b-first-party', frame: 'f1' }),
    cache('put', 'b-third-party', { frame: 'f1', request: '/caches/z', response: { from: 'new', body: 'partitioned' } }),
    caches('keys', { frame: 'f1' }),
    caches('keys', { client: 'c2' }),
    caches('keys'),
  ])));

  // ---------------------------------------------------------------------------------------------
  // Responses that come back from a cache.
  test(...check(page('match-network-error-response', 'match of a stored Response.error() gives a Response of type "error", status 0 (WPT "a network error Response")', MATCH, [
    cache('put', 'r', { request: '/caches/r/error', response: { from: 'error' } }),
    cache('match', 'r', { request: '/caches/r/error' }),
  ])));
  test(...check(page('match-opaque-response', 'an opaque response comes back opaque: status 0, no url, no body', MATCH, [
    cache('put', 'r', { request: '{b}/caches/r/o', response: { from: 'fetch', url: '{b}/caches/r/o', mode: 'no-cors' } }),
    cache('match', 'r', { request: '{b}/caches/r/o' }),
    cache('matchAll', 'r'),
  ])));
  test(...check(page('match-constructed-response', 'a constructed response comes back with its status and body and no url (WPT "a Response containing an empty URL")', MATCH, [
    put('r', '/caches/r/made', 'made here', { status: 201 }),
    cache('match', 'r', { request: '/caches/r/made' }),
  ])));

  // ---------------------------------------------------------------------------------------------
  // Workers: install caches, fetch answers from caches, activate cleans up.
  const SHELL = ['/caches/app/app.html', '/caches/app/app.css', '/caches/app/app.js'];
  const SHELL_RES: Record<string, Resource> = { '{a}/caches/app/app.css': text('body{}'), '{a}/caches/app/app.js': text('app()') };
  test(...check(smoke(row('worker-install-addall', 'install waitUntil(cache.addAll(shell)) stores the shell before activation; the page sees the same caches', [SW('Install step 11'), ...ADD], [
    ...controlled,
    caches('keys'),
    cache('keys', 'shell-v1'),
    cache('match', 'shell-v1', { request: '/caches/app/app.css' }),
  ], { ...SHELL_RES, ...cacheWorker('v1', { install: { addAll: { cacheName: 'shell-v1', urls: SHELL } } }) }))));
  test(...check(row('worker-install-addall-404-fails', 'install with addAll of a 404 fails: the first registration is removed, the cache is opened but empty', [SW('Install steps 11–12'), ...ADD], [
    { do: 'open', client: 'c1', url: '{a}/caches/setup.html' },
    { do: 'register', client: 'c1', script: 'sw.js', settle: true },
    { do: 'getRegistration', client: 'c1' },
    caches('keys'),
    cache('keys', 'shell-v1'),
  ], { ...SHELL_RES, '{a}/caches/app/missing.js': text('no', undefined, 404), ...cacheWorker('v1', { install: { addAll: { cacheName: 'shell-v1', urls: [...SHELL, '/caches/app/missing.js'] } } }) })));
  test(...check(row('worker-install-addall-duplicate-fails', 'install with addAll of a duplicate rejects with InvalidStateError: the install fails', [SW('Install steps 11–12'), ...ADD], [
    { do: 'open', client: 'c1', url: '{a}/caches/setup.html' },
    { do: 'register', client: 'c1', script: 'sw.js', settle: true },
    { do: 'getRegistration', client: 'c1' },
    cache('keys', 'shell-v1'),
  ], { ...SHELL_RES, ...cacheWorker('v1', { install: { addAll: { cacheName: 'shell-v1', urls: ['/caches/app/app.css', 'app/app.css'] } } }) })));
  test(...check(row('worker-install-addall-cross-origin-no-cors-fails', 'install with addAll of a cross-origin URL without CORS fails (a string request is mode "cors")', [SW('Install steps 11–12'), ...ADD], [
    { do: 'open', client: 'c1', url: '{a}/caches/setup.html' },
    { do: 'register', client: 'c1', script: 'sw.js', settle: true },
    { do: 'getRegistration', client: 'c1' },
  ], { '{b}/caches/cdn/lib.js': text('lib()'), ...cacheWorker('v1', { install: { addAll: { cacheName: 'shell-v1', urls: ['{b}/caches/cdn/lib.js'] } } }) })));
  test(...check(row('worker-install-addall-is-not-intercepted', 'the worker\'s own addAll fetches are not intercepted (service-workers mode "none"), even by an active worker of the scope', [SW('Cache addAll(requests) step 5.4'), ...ADD], [
    ...controlled,
    { do: 'bumpScript', url: '{a}/caches/sw.js' },
    { do: 'update', client: 'c1', scope: '/caches/' },
    { do: 'settle' },
    cache('match', 'shell-v2', { request: '/caches/app/app.js' }),
  ], { ...SHELL_RES, ...cacheWorker('v1', { fetch: respondSubresources({ kind: 'respond', body: 'from v1' }) }, [{ version: 'v2', install: { addAll: { cacheName: 'shell-v2', urls: ['/caches/app/app.js'] } }, fetch: respondSubresources({ kind: 'respond', body: 'from v2' }) }]) })));

  const cacheOnly = (extra: Partial<Extract<FetchAction, { kind: 'cache' }>> = {}): Omit<import('../../contract/index.js').WorkerBehaviour, 'version'> => ({
    install: { addAll: { cacheName: 'shell-v1', urls: SHELL } },
    fetch: respondSubresources({ kind: 'cache', ...extra }),
  });
  test(...check(row('worker-respond-from-cache-hit', 'respondWith(caches.match(event.request)): a cached URL is served from the cache, online or not', [SW('Handle Fetch'), CS('match(request, options)')], [
    ...controlled,
    { do: 'fetch', client: 'c1', url: '/caches/app/app.js' },
    { do: 'network', state: 'offline' },
    { do: 'fetch', client: 'c1', url: '/caches/app/app.js' },
    { do: 'network', state: 'online' },
  ], { ...SHELL_RES, ...cacheWorker('v1', cacheOnly()) })));
  test(...check(row('worker-respond-from-cache-miss-is-network-error', 'respondWith(caches.match(event.request)) for an uncached URL: undefined is not a Response, so the fetch is a network error (the explainer expected a fallback to the network)', [SW('Create Fetch Event and Dispatch step 22'), FETCH('HTTP fetch step 3.5')], [
    ...controlled,
    { do: 'fetch', client: 'c1', url: '/caches/app/uncached.txt' },
  ], { ...SHELL_RES, ...cacheWorker('v1', cacheOnly()) })));
  test(...check(row('worker-respond-from-cache-ignoresearch', 'a cache action with ignoreSearch serves /app.js for /app.js?v=2', [SW('Request Matches Cached Item step 4')], [
    ...controlled,
    { do: 'fetch', client: 'c1', url: '/caches/app/app.js?v=2' },
  ], { ...SHELL_RES, ...cacheWorker('v1', cacheOnly({ options: { ignoreSearch: true } })) })));
  test(...check(row('worker-respond-from-named-cache', 'a cache action with cacheName looks in that cache only', [CS('match(request, options) step 1')], [
    ...controlled,
    put('other', '/caches/app/only-other.txt', 'in other'),
    { do: 'fetch', client: 'c1', url: '/caches/app/only-other.txt' },
    { do: 'fetch', client: 'c1', url: '/caches/app/app.css' },
  ], { ...SHELL_RES, ...cacheWorker('v1', cacheOnly({ cacheName: 'shell-v1' })) })));
  test(...check(row('worker-respond-fixed-url', 'a cache action with a URL serves that entry for every request (an app shell)', [CS('match(request, options)')], [
    ...controlled,
    { do: 'fetch', client: 'c1', url: '/caches/anything' },
    { do: 'fetch', client: 'c1', url: '/caches/else?x' },
  ], { ...SHELL_RES, ...cacheWorker('v1', cacheOnly({ url: '/caches/app/app.css' })) })));
  test(...check(row('worker-cache-first-stores', 'cache-first with runtime caching: a miss is fetched and stored, so it is served offline later', [SW('Cache put(request, response)'), CS('match(request, options)')], [
    ...controlled,
    { do: 'fetch', client: 'c1', url: '/caches/data/one.txt' },
    { do: 'network', state: 'offline' },
    { do: 'fetch', client: 'c1', url: '/caches/data/one.txt' },
    { do: 'fetch', client: 'c1', url: '/caches/data/two.txt' },
    { do: 'network', state: 'online' },
    cache('keys', 'runtime'),
  ], cacheWorker('v1', { fetch: respondSubresources({ kind: 'cache', miss: 'network', store: 'runtime' }) }))));
  test(...check(row('worker-cache-first-store-206-rejected', 'cache-first storing a 206 network response: put rejects, the response is still served', [SW('Cache put(request, response) step 6')], [
    ...controlled,
    { do: 'fetch', client: 'c1', url: '/caches/data/partial' },
    cache('keys', 'runtime'),
  ], { '{a}/caches/data/partial': text('part', undefined, 206), ...cacheWorker('v1', { fetch: respondSubresources({ kind: 'cache', miss: 'network', store: 'runtime' }) }) })));
  test(...check(row('worker-network-first', 'network-first: online the network answers (and is stored); offline the stored copy; offline and never stored, a network error', [SW('Handle Fetch'), CS('match(request, options)')], [
    ...controlled,
    { do: 'fetch', client: 'c1', url: '/caches/data/news.txt' },
    { do: 'network', state: 'offline' },
    { do: 'fetch', client: 'c1', url: '/caches/data/news.txt' },
    { do: 'fetch', client: 'c1', url: '/caches/data/never.txt' },
    { do: 'network', state: 'online' },
    { do: 'fetch', client: 'c1', url: '/caches/data/never.txt' },
  ], cacheWorker('v1', { fetch: respondSubresources({ kind: 'network-first', store: 'runtime' }) }))));
  test(...check(row('worker-network-first-404-is-not-a-failure', 'network-first: a 404 from the network resolves fetch(), so it is served, not the cached fallback', [SW('Handle Fetch')], [
    ...controlled,
    { do: 'fetch', client: 'c1', url: '/caches/data/gone.txt' },
  ], { '{a}/caches/data/gone.txt': text('gone', undefined, 404), '{a}/caches/data/fallback.txt': text('fallback'), ...cacheWorker('v1', { install: { addAll: { cacheName: 'f', urls: ['/caches/data/fallback.txt'] } }, fetch: respondSubresources({ kind: 'network-first', fallback: '/caches/data/fallback.txt' }) }) })));
  test(...check(row('worker-serves-cached-opaque-to-no-cors', 'a cached opaque response serves a no-cors request (opaque to the page) but is a network error for a cors one', [FETCH('HTTP fetch step 3.5.7(c)'), SW('Handle Fetch')], [
    ...controlled,
    cache('put', 'cdn', { request: '{b}/caches/cdn/img.png', response: { from: 'fetch', url: '{b}/caches/cdn/img.png', mode: 'no-cors' } }),
    { do: 'fetch', client: 'c1', url: '/caches/img.png', mode: 'no-cors' },
    { do: 'fetch', client: 'c1', url: '/caches/img.png' },
  ], { '{b}/caches/cdn/img.png': text('png'), ...cacheWorker('v1', { fetch: { rules: [{ urlContains: '/caches/img.png', action: { kind: 'cache', url: '{b}/caches/cdn/img.png' } }], otherwise: { kind: 'fallback' } } }) })));
  test(...check(row('worker-serves-cached-error-response', 'a cached Response.error() handed to respondWith is a network error', [FETCH('HTTP fetch step 3.5.7(a)')], [
    ...controlled,
    cache('put', 'c', { request: '/caches/data/err', response: { from: 'error' } }),
    { do: 'fetch', client: 'c1', url: '/caches/data/err' },
  ], cacheWorker('v1', { fetch: respondSubresources({ kind: 'cache' }) }))));
  test(...check(row('worker-serves-cached-404', 'a cached 404 is served as it was stored', [SW('Handle Fetch')], [
    ...controlled,
    put('c', '/caches/data/x', 'stored 404', { status: 404 }),
    { do: 'fetch', client: 'c1', url: '/caches/data/x' },
  ], cacheWorker('v1', { fetch: respondSubresources({ kind: 'cache' }) }))));
  test(...check(row('worker-activate-keeps-only-listed', 'activate deletes every cache its version does not keep', [SW('Activate'), CS('delete(cacheName)')], [
    ...controlled,
    put('stale-1', '/caches/x', 'x'),
    put('stale-2', '/caches/y', 'y'),
    { do: 'bumpScript', url: '{a}/caches/sw.js' },
    { do: 'update', client: 'c1', scope: '/caches/' },
    { do: 'close', client: 'c1' },
    { do: 'settle' },
    { do: 'open', client: 'c2', url: PAGE },
    caches('keys', { client: 'c2' }),
  ], { ...SHELL_RES, ...cacheWorker('v1', { install: { addAll: { cacheName: 'shell-v1', urls: SHELL } } }, [{ version: 'v2', install: { addAll: { cacheName: 'shell-v2', urls: SHELL } }, activate: { keepCaches: ['shell-v2'] } }]) })));
  test(...check(row('worker-navigation-from-cache-offline', 'offline, a navigation answered from the cache loads the cached page, controlled', [SW('Handle Fetch step 9'), 'html.bs § navigate'], [
    ...controlled,
    { do: 'network', state: 'offline' },
    { do: 'reload', client: 'c1' },
    caches('keys'),
    { do: 'navigate', client: 'c1', url: '{a}/caches/not-cached.html' },
    { do: 'network', state: 'online' },
  ], cacheWorker('v1', { install: { addAll: { cacheName: 'pages', urls: [PAGE] } }, fetch: { otherwise: { kind: 'cache' } } }))));

  // ---------------------------------------------------------------------------------------------
  // Offline: the fixture server drops the run's requests.
  test(...check(smoke(page('offline-fetch-fails-and-recovers', 'offline, an uncontrolled fetch fails with TypeError; online again it succeeds', [FETCH('HTTP-network fetch')], [
    { do: 'fetch', client: 'c1', url: '/caches/data.txt' },
    { do: 'network', state: 'offline' },
    { do: 'fetch', client: 'c1', url: '/caches/data.txt' },
    { do: 'network', state: 'online' },
    { do: 'fetch', client: 'c1', url: '/caches/data.txt' },
  ]))));
  test(...check(page('offline-navigation-fails', 'offline, an uncontrolled navigation ends in a network error', ['html.bs § navigate'], [
    { do: 'network', state: 'offline' },
    { do: 'navigate', client: 'c1', url: '{a}/caches/other.html' },
    { do: 'network', state: 'online' },
  ])));
  test(...check(page('offline-cross-origin-too', 'offline takes every origin of the run away, not only the page\'s', [FETCH('HTTP-network fetch')], [
    { do: 'network', state: 'offline' },
    { do: 'fetch', client: 'c1', url: '{b}/caches/data.txt', mode: 'no-cors' },
    { do: 'network', state: 'online' },
    { do: 'fetch', client: 'c1', url: '{b}/caches/data.txt', mode: 'no-cors' },
  ])));
  test(...check(page('offline-cache-add-fails', 'offline, cache.add rejects with TypeError and stores nothing', ADD, [
    { do: 'network', state: 'offline' },
    cache('add', 'o', { request: '/caches/data.txt' }),
    cache('keys', 'o'),
    { do: 'network', state: 'online' },
    cache('add', 'o', { request: '/caches/data.txt' }),
    cache('keys', 'o'),
  ])));
  test(...check(page('offline-cache-api-works', 'offline, the Cache API itself needs no network: put, match and keys work', [...PUT, ...MATCH], [
    { do: 'network', state: 'offline' },
    put('o', '/caches/x', 'offline put'),
    cache('match', 'o', { request: '/caches/x' }),
    caches('keys'),
    { do: 'network', state: 'online' },
  ])));
  test(...check(page('offline-register-fails', 'offline, register() cannot fetch the script: it rejects with TypeError', [SW('Update step 8'), 'https://w3c.github.io/ServiceWorker/#update-algorithm'], [
    { do: 'network', state: 'offline' },
    { do: 'register', client: 'c1', script: 'sw.js' },
    { do: 'network', state: 'online' },
    { do: 'getRegistration', client: 'c1' },
  ], cacheWorker('v1', {}))));
  test(...check(row('offline-update-fails-worker-stays', 'offline, update() rejects with TypeError and the active worker keeps control', [SW('Update step 8')], [
    ...controlled,
    { do: 'network', state: 'offline' },
    { do: 'update', client: 'c1', scope: '/caches/' },
    { do: 'controller', client: 'c1' },
    { do: 'fetch', client: 'c1', url: '/caches/data.txt' },
    { do: 'network', state: 'online' },
  ], cacheWorker('v1', { fetch: respondSubresources({ kind: 'respond' }) }))));
  test(...check(row('offline-worker-synthesizes', 'offline, a worker that constructs its responses answers as online', [SW('Handle Fetch')], [
    ...controlled,
    { do: 'network', state: 'offline' },
    { do: 'fetch', client: 'c1', url: '/caches/data.txt' },
    { do: 'network', state: 'online' },
  ], cacheWorker('v1', { fetch: respondSubresources({ kind: 'respond', body: 'made offline' }) }))));
  test(...check(row('offline-worker-fallback-fails', 'offline, a worker that falls back to the network gives a network error', [SW('Handle Fetch'), FETCH('HTTP fetch step 4')], [
    ...controlled,
    { do: 'network', state: 'offline' },
    { do: 'fetch', client: 'c1', url: '/caches/data.txt' },
    { do: 'network', state: 'online' },
  ], cacheWorker('v1', { fetch: respondSubresources({ kind: 'fallback' }) }))));
  test(...check(page('offline-http-cache-still-answers', 'offline, a fresh response in the browser\'s HTTP cache still answers a fetch (the explainer: "will either come from the HTTP cache … or fail")', [FETCH('HTTP-network-or-cache fetch')], [
    { do: 'fetch', client: 'c1', url: '/caches/fresh.txt' },
    { do: 'network', state: 'offline' },
    { do: 'fetch', client: 'c1', url: '/caches/fresh.txt' },
    { do: 'fetch', client: 'c1', url: '/caches/stale.txt' },
    { do: 'network', state: 'online' },
  ], { '{a}/caches/fresh.txt': text('fresh', { 'Cache-Control': 'max-age=3600' }), '{a}/caches/stale.txt': text('no-store') })));
});
