// fuzz/cache-match: the fast model equals predict(), inputs reach the hard cases, and the engine
// variants the quirks use change what they should.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { predict } from '../../../model/scenario/interpreter.js';
import { CHROMIUM_PUT_BY_URL, FIREFOX_EMPTY_IS_ABSENT, WEBKIT_UNTRIMMED_VARY, cacheMatchInput, isCacheQueryStep, predictCacheMatch } from '../cache-match.js';
import { cacheMatchPropertyScenario, reduceScenario } from '../scenarios.js';

describe('fuzz/cache-match', () => {
  test('predictCacheMatch (model/caches algorithms directly) equals predict()', () => {
    for (const input of fc.sample(cacheMatchInput({ maxQueries: 30 }), { seed: 7, numRuns: 120 })) {
      const s = cacheMatchPropertyScenario(input);
      assert.deepEqual(predictCacheMatch(s), predict(s).steps, JSON.stringify(s.steps));
    }
  });

  test('inputs reach hits, misses, rejections, Vary mismatches and multi-entry results', () => {
    let hits = 0, misses = 0, rejected = 0, multi = 0;
    for (const input of fc.sample(cacheMatchInput({ maxQueries: 300 }), { seed: 3, numRuns: 30 })) {
      for (const r of predictCacheMatch(cacheMatchPropertyScenario(input))) {
        if ('response' in r) r.response === null ? misses++ : hits++;
        if ('ok' in r && r.ok === false) rejected++;
        if ('responses' in r && r.responses.length > 1) multi++;
      }
    }
    for (const [what, n] of Object.entries({ hits, misses, rejected, multi })) assert.ok(n > 20, `${what}: ${n}`);
  });

  test('the engine variants differ from the model where their quirk says', () => {
    const s = (steps: object[]) => ({ id: 'fuzz/cache-match', area: 'fuzz', title: 't', spec: ['x'], resources: {}, steps: [{ do: 'open', client: 'c1', url: '{a}/cache/page.html' }, ...steps] }) as never;
    const put = (headers: Record<string, string>, vary: string, body: string) => ({ do: 'cache', client: 'c1', op: 'put', cacheName: 'f', request: { url: '/cache/k/a', headers }, response: { from: 'new', body, headers: { Vary: vary } } });
    const q = (headers: Record<string, string>) => ({ do: 'cache', client: 'c1', op: 'keys', cacheName: 'f', request: { url: '/cache/k/a', headers } });
    const absent = s([put({}, 'x-a', 'e0'), q({ 'x-a': '' })]);
    assert.deepEqual(predictCacheMatch(absent)[2], { urls: [] });
    assert.deepEqual(predictCacheMatch(absent, FIREFOX_EMPTY_IS_ABSENT)[2], { urls: ['{a}/cache/k/a'] });
    const untrimmed = s([put({ 'x-a': '1', 'x-b': '1' }, 'x-a, x-b', 'e0'), q({ 'x-a': '1', 'x-b': '2' })]);
    assert.deepEqual(predictCacheMatch(untrimmed)[2], { urls: [] });
    assert.deepEqual(predictCacheMatch(untrimmed, WEBKIT_UNTRIMMED_VARY)[2], { urls: ['{a}/cache/k/a'] });
    const variants = s([put({ 'x-a': '1' }, 'x-a', 'e0'), put({ 'x-a': '2' }, 'x-a', 'e1'), { do: 'cache', client: 'c1', op: 'keys', cacheName: 'f' }]);
    assert.equal((predictCacheMatch(variants)[3] as { urls: string[] }).urls.length, 2);
    assert.equal((predictCacheMatch(variants, CHROMIUM_PUT_BY_URL)[3] as { urls: string[] }).urls.length, 1);
  });

  test('a counterexample keeps the puts and the failing query only', () => {
    const [input] = fc.sample(cacheMatchInput({ maxQueries: 20 }), { seed: 5, numRuns: 1 });
    const s = cacheMatchPropertyScenario(input!);
    const last = s.steps.length - 1;
    const r = reduceScenario('cache-match', s, [last]);
    assert.equal(r.scenario.steps.filter(isCacheQueryStep).length, 1);
    assert.equal(r.scenario.steps.length, input!.entries.length + 2);
  });
});
