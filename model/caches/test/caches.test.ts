// sw.bs § Caches as the model runs it: Query Cache, Request Matches Cached Item (Vary), Batch
// Cache Operations (atomicity, replacement order), the methods' TypeErrors, CacheStorage order
// and storage keys, and the worker behaviours through predict().
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Scenario, Step } from '../../../contract/index.js';
import { predict } from '../../scenario/interpreter.js';
import { batchCacheOperations } from '../batch-cache-operations.js';
import { addAll, deleteEntries, keys, match, matchAll, put, type CacheEnvironment } from '../cache.js';
import { cacheStorageDelete, cacheStorageKeys, cacheStorageMatch, cacheStorageOpen, type NameToCacheMap } from '../cache-storage.js';
import { queryCache, requestMatchesCachedItem, type RequestResponseList } from '../query-cache.js';
import { CacheException, constructRequest, constructResponse, varyFieldValues, type CacheRequest } from '../request-response.js';
import type { Response } from '../../fetch/fetch.js';
import { POSITIONS } from '../../positions.js';

const BASE = new URL('https://app.test/dir/page.html');
const req = (url: string, headers: Record<string, string> = {}, method?: string): CacheRequest => constructRequest({ url, headers, ...(method ? { method } : {}) }, BASE);
const res = (body: string, headers: Record<string, string> = {}, status?: number): Response => constructResponse({ from: 'new', body, headers, ...(status ? { status } : {}) }, BASE).response;
const ENV: CacheEnvironment = { origin: 'https://app.test', fetch: function* () { throw new Error('no fetch in these tests'); } };
const bodies = (rs: Response[]) => rs.map((r) => r.body);
const urls = (list: RequestResponseList) => list.items.map((i) => i.request.url.href);
const errorOf = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    if (e instanceof CacheException) return e.errorName;
    throw e;
  }
  return 'none';
};
/** Run a generator that must not wait. */
function run<T>(g: Generator<unknown, T, void>): T {
  const r = g.next();
  assert.equal(r.done, true);
  return r.value as T;
}

describe('Request Matches Cached Item', () => {
  test('URLs compare without fragment; ignoreSearch drops both queries', () => {
    assert.equal(requestMatchesCachedItem(req('/a#x'), req('/a#y')), true);
    assert.equal(requestMatchesCachedItem(req('/a?q'), req('/a')), false);
    assert.equal(requestMatchesCachedItem(req('/a?q'), req('/a?r'), null, { ignoreSearch: true }), true);
    assert.equal(requestMatchesCachedItem(req('/A'), req('/a')), false);
  });
  test('Vary: combined values; null matches only null; "*" never matches; ignoreVary skips it', () => {
    const stored = req('/v', { 'x-a': '1' });
    const varied = res('v', { Vary: 'x-a' });
    assert.equal(requestMatchesCachedItem(req('/v', { 'X-A': '1' }), stored, varied), true);
    assert.equal(requestMatchesCachedItem(req('/v', { 'x-a': '2' }), stored, varied), false);
    assert.equal(requestMatchesCachedItem(req('/v'), stored, varied), false);
    assert.equal(requestMatchesCachedItem(req('/v', { 'x-a': '' }), req('/v'), varied), false);
    assert.equal(requestMatchesCachedItem(req('/v', { 'x-a': '2' }), stored, varied, { ignoreVary: true }), true);
    assert.equal(requestMatchesCachedItem(req('/v'), req('/v'), res('v', { Vary: 'x-a, *' })), false);
  });
  test('the Vary list is split on commas and trimmed; empty elements are dropped', () => {
    assert.deepEqual(varyFieldValues(' x-a ,, x-b,'), ['x-a', 'x-b']);
  });
  test('forbidden request headers never reach the request (a Vary on them compares null with null)', () => {
    assert.deepEqual(req('/c', { Cookie: 'a=1', 'x-ok': 'y' }).headerList, [['x-ok', 'y']]);
  });
});

describe('Cache methods', () => {
  test('matchAll and keys keep insertion order; a put of an existing URL moves it to the end', () => {
    const c: RequestResponseList = { items: [] };
    for (const [u, b] of [['/a', 'a1'], ['/b', 'b'], ['/a', 'a2']]) put(c, { object: req(u!) }, res(b!), false);
    assert.deepEqual(urls(c), ['https://app.test/b', 'https://app.test/a']);
    assert.deepEqual(bodies(matchAll(c, undefined, undefined, ENV)), ['b', 'a2']);
  });
  test('put keeps variants the new request does not match under the stored Vary', () => {
    const c: RequestResponseList = { items: [] };
    put(c, { object: req('/v', { 'x-a': '1' }) }, res('one', { Vary: 'x-a' }), false);
    put(c, { object: req('/v', { 'x-a': '2' }) }, res('two', { Vary: 'x-a' }), false);
    assert.equal(c.items.length, 2);
    assert.equal(match(c, { object: req('/v', { 'x-a': '1' }) }, undefined, ENV)?.body, 'one');
  });
  test('put refuses non-GET, non-http(s), 206, Vary "*" and a disturbed body with TypeError', () => {
    const c: RequestResponseList = { items: [] };
    assert.equal(errorOf(() => put(c, { object: req('/x', {}, 'POST') }, res('x'), false)), 'TypeError');
    assert.equal(errorOf(() => put(c, { string: 'data:,x', base: BASE }, res('x'), false)), 'TypeError');
    assert.equal(errorOf(() => put(c, { object: req('/x') }, res('x', {}, 206), false)), 'TypeError');
    assert.equal(errorOf(() => put(c, { object: req('/x') }, res('x', { Vary: 'Accept-Language,*' }), false)), 'TypeError');
    assert.equal(errorOf(() => put(c, { object: req('/x') }, res('x'), true)), 'TypeError');
    assert.equal(errorOf(() => put(c, { string: 'http://u:p@app.test/', base: BASE }, res('x'), false)), 'TypeError');
    assert.equal(c.items.length, 0);
  });
  test('a non-GET Request matches nothing unless ignoreMethod; delete resolves false when nothing matched', () => {
    const c: RequestResponseList = { items: [] };
    put(c, { object: req('/x') }, res('x'), false);
    assert.equal(match(c, { object: req('/x', {}, 'HEAD') }, undefined, ENV), null);
    assert.equal(match(c, { object: req('/x', {}, 'HEAD') }, { ignoreMethod: true }, ENV)?.body, 'x');
    assert.deepEqual(keys(c, { object: req('/x', {}, 'POST') }, undefined), []);
    assert.equal(deleteEntries(c, { object: req('/y') }, undefined), false);
    assert.equal(deleteEntries(c, { object: req('/x') }, undefined), true);
  });
  test('Batch Cache Operations rolls everything back on an exception (a duplicate is InvalidStateError)', () => {
    const c: RequestResponseList = { items: [] };
    put(c, { object: req('/a') }, res('old'), false);
    const op = (u: string, b: string) => ({ type: 'put' as const, request: req(u), response: res(b), options: null });
    assert.throws(() => batchCacheOperations(c, [op('/a', 'new'), op('/b', 'b'), op('/b#f', 'dup')]), (e: unknown) => e instanceof CacheException && e.errorName === 'InvalidStateError');
    assert.deepEqual(bodies(c.items.map((i) => i.response)), ['old']);
  });
  test('addAll stores nothing when one response is not ok', () => {
    const c: RequestResponseList = { items: [] };
    const env: CacheEnvironment = {
      origin: 'https://app.test',
      *fetch(r) {
        const status = r.url.pathname.endsWith('404') ? 404 : 200;
        return { type: 'basic', status, headers: new Map(), body: r.url.pathname, urlList: [r.url], internal: null, agentPage: false };
      },
    };
    assert.throws(() => run(addAll(c, [{ string: '/ok', base: BASE }, { string: '/404', base: BASE }], env)), (e: unknown) => e instanceof CacheException && e.errorName === 'TypeError');
    assert.equal(c.items.length, 0);
    run(addAll(c, [{ string: '/ok', base: BASE }, { string: '/ok2', base: BASE }], env));
    assert.deepEqual(urls(c), ['https://app.test/ok', 'https://app.test/ok2']);
  });
  test('Query Cache returns copies', () => {
    const c: RequestResponseList = { items: [] };
    put(c, { object: req('/a') }, res('a'), false);
    const [copy] = queryCache(req('/a'), undefined, c.items);
    copy!.response.body = 'changed';
    assert.equal(c.items[0]!.response.body, 'a');
  });
});

describe('CacheStorage', () => {
  test('keys in creation order; match answers from the first cache; a named match looks in that cache only', () => {
    const map: NameToCacheMap = new Map();
    put(cacheStorageOpen(map, 'first'), { object: req('/x') }, res('first'), false);
    put(cacheStorageOpen(map, 'second'), { object: req('/x') }, res('second'), false);
    assert.deepEqual(cacheStorageKeys(map), ['first', 'second']);
    assert.equal(cacheStorageMatch(map, { object: req('/x') }, undefined, undefined, 'https://app.test')?.body, 'first');
    assert.equal(cacheStorageMatch(map, { object: req('/x') }, undefined, 'second', 'https://app.test')?.body, 'second');
    assert.equal(cacheStorageMatch(map, { object: req('/x') }, undefined, 'none', 'https://app.test'), null);
  });
  test('delete dooms the name only: the list lives on for its Cache objects', () => {
    const map: NameToCacheMap = new Map();
    const doomed = cacheStorageOpen(map, 'd');
    assert.equal(cacheStorageDelete(map, 'd'), true);
    put(doomed, { object: req('/x') }, res('x'), false);
    assert.equal(doomed.items.length, 1);
    assert.equal(cacheStorageOpen(map, 'd').items.length, 0);
  });
  test('no cache, no Request constructor: a string that cannot construct a Request resolves undefined', () => {
    assert.equal(cacheStorageMatch(new Map(), { string: 'http://u:p@x.test/', base: BASE }, undefined, undefined, 'https://app.test'), null);
  });
});

describe('predict(): cache steps, worker behaviours, offline', () => {
  const PAGE = '{a}/c/page.html';
  const scenario = (steps: Step[], resources: Scenario['resources'] = {}): Scenario => ({ id: 'caches/unit', area: 'caches', title: 't', spec: ['sw.bs § Caches'], resources, steps: [{ do: 'open', client: 'c1', url: PAGE }, ...steps] });
  test('per storage key: another origin sees no caches', () => {
    const o = predict(scenario([
      { do: 'caches', client: 'c1', op: 'open', cacheName: 'x' },
      { do: 'open', client: 'c2', url: '{b}/c/page.html' },
      { do: 'caches', client: 'c2', op: 'keys' },
      { do: 'caches', client: 'c1', op: 'keys' },
    ]));
    assert.deepEqual(o.steps.slice(3), [{ names: [] }, { names: ['x'] }]);
  });
  test('an insecure page has no caches', () => {
    const o = predict(scenario([{ do: 'navigate', client: 'c1', url: '{insecure}/c/page.html' }, { do: 'caches', client: 'c1', op: 'keys' }]));
    assert.deepEqual(o.steps[2], { unsupported: 'caches' });
  });
  test('install addAll with a 404 fails the install and reports it', () => {
    const o = predict(scenario([{ do: 'register', client: 'c1', script: 'sw.js', settle: true }, { do: 'getRegistration', client: 'c1' }], {
      '{a}/c/sw.js': { kind: 'worker', behaviour: { version: 'v1', install: { addAll: { cacheName: 's', urls: ['ok.txt', 'missing.txt'] } } } },
      '{a}/c/missing.txt': { kind: 'text', body: 'no', http: { status: 404 } },
    }));
    assert.deepEqual(o.steps[2], { scope: null });
    assert.deepEqual(o.cacheEvents, [{ worker: 'v1', op: 'addAll', target: 's', result: 'TypeError' }]);
  });
  test('offline: the network fails, the worker answers from its cache, online again the network answers', () => {
    const o = predict(scenario([
      { do: 'register', client: 'c1', script: 'sw.js', settle: true },
      { do: 'navigate', client: 'c1', url: PAGE },
      { do: 'network', state: 'offline' },
      { do: 'fetch', client: 'c1', url: 'cached.txt' },
      { do: 'fetch', client: 'c1', url: 'other.txt' },
      { do: 'network', state: 'online' },
      { do: 'fetch', client: 'c1', url: 'other.txt' },
    ], {
      '{a}/c/sw.js': { kind: 'worker', behaviour: { version: 'v1', install: { addAll: { cacheName: 's', urls: ['cached.txt'] } }, fetch: { rules: [{ mode: 'navigate', action: { kind: 'fallback' } }], otherwise: { kind: 'network-first' } } } },
    }));
    assert.equal((o.steps[4] as { body?: string }).body, 'network:/c/cached.txt');
    assert.deepEqual(o.steps[5], { fetchError: 'TypeError' });
    assert.equal((o.steps[7] as { body?: string }).body, 'network:/c/other.txt');
  });
  test('HTTP cache: a fresh stored response is reused as stored, not as the server serves it now (position http-cache-reuse)', () => {
    const o = predict(scenario([
      { do: 'fetch', client: 'c1', url: 'fresh.txt' },
      { do: 'serve', key: '{a}/c/fresh.txt', resource: { kind: 'text', body: 'changed', http: { headers: { 'Cache-Control': 'max-age=3600' } } } },
      { do: 'fetch', client: 'c1', url: 'fresh.txt' },
      { do: 'fetch', client: 'c1', url: 'fresh.txt?q' },
    ], { '{a}/c/fresh.txt': { kind: 'text', body: 'fresh', http: { headers: { 'Cache-Control': 'max-age=3600' } } } }));
    assert.deepEqual([1, 3, 4].map((i) => (o.steps[i] as { body?: string }).body), ['fresh', 'fresh', 'changed']);
    assert.equal(o.alternatives, undefined, 'online reuse: no alternative is listed');
  });
  test('HTTP cache offline: the hit is predicted, and the outcome with no HTTP-cache entry is an alternative (position http-cache-optional)', () => {
    const o = predict(scenario([
      { do: 'fetch', client: 'c1', url: 'fresh.txt' },
      { do: 'network', state: 'offline' },
      { do: 'fetch', client: 'c1', url: 'fresh.txt' },
      { do: 'fetch', client: 'c1', url: 'stale.txt' },
      { do: 'network', state: 'online' },
    ], { '{a}/c/fresh.txt': { kind: 'text', body: 'fresh', http: { headers: { 'Cache-Control': 'max-age=3600' } } } }));
    assert.equal((o.steps[3] as { body?: string }).body, 'fresh');
    assert.deepEqual(o.steps[4], { fetchError: 'TypeError' });
    assert.ok(o.positions?.includes(POSITIONS.httpCacheOptional.link));
    assert.equal(o.alternatives?.length, 1);
    const alt = o.alternatives![0]!;
    assert.match(alt.because, /HTTP-network-or-cache fetch.*RFC 9111/);
    assert.deepEqual(alt.outcome.steps[3], { fetchError: 'TypeError' });
    assert.deepEqual(alt.outcome.steps.slice(0, 3), o.steps.slice(0, 3));
    assert.deepEqual(predict(scenario([{ do: 'fetch', client: 'c1', url: 'fresh.txt' }, { do: 'network', state: 'offline' }, { do: 'fetch', client: 'c1', url: 'other.txt' }])).alternatives, undefined, 'no offline hit: no alternative');
  });
  test('HTTP cache offline, worker network-first: in the alternative the worker network fetch fails and its cache answers (cacheEvents differ)', () => {
    const o = predict(scenario([
      { do: 'register', client: 'c1', script: 'sw.js', settle: true },
      { do: 'navigate', client: 'c1', url: PAGE },
      { do: 'fetch', client: 'c1', url: 'data.txt' },
      { do: 'network', state: 'offline' },
      { do: 'fetch', client: 'c1', url: 'data.txt' },
      { do: 'network', state: 'online' },
    ], {
      '{a}/c/sw.js': { kind: 'worker', behaviour: { version: 'v1', install: { addAll: { cacheName: 's', urls: ['data.txt'] } }, fetch: { rules: [{ mode: 'navigate', action: { kind: 'fallback' } }], otherwise: { kind: 'network-first' } } } },
      '{a}/c/data.txt': { kind: 'text', body: 'http', http: { headers: { 'Cache-Control': 'max-age=3600' } } },
    }));
    assert.equal((o.steps[5] as { body?: string }).body, 'http');
    assert.equal(o.alternatives?.length, 1);
    assert.equal((o.alternatives![0]!.outcome.steps[5] as { body?: string }).body, 'http', 'the worker\'s cache holds what install stored');
    assert.notDeepEqual(o.alternatives![0]!.outcome.cacheEvents, o.cacheEvents);
  });
});
