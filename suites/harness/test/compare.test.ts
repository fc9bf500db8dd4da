import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareOutcomes } from '../compare.js';
import { abstractOrigins, originsFor, resolvePlaceholders } from '../origins.js';
import type { Outcome } from '../../../model/scenario.js';

const ev = (worker: string, url: string) => ({ worker, url, mode: 'navigate', redirect: 'manual', destination: 'document' });

test('compare: equal outcomes pass', () => {
  const o: Outcome = { steps: [{ ok: true, scope: '{a}/' }], fetchEvents: [ev('v1', '{a}/x')] };
  assert.deepEqual(compareOutcomes(o, structuredClone(o)), { verdict: 'pass' });
});

test('compare: a different step value is a deviation with its path', () => {
  const p: Outcome = { steps: [{ ok: true, scope: '{a}/' }] };
  const o: Outcome = { steps: [{ ok: false, error: 'SecurityError' }] };
  const v = compareOutcomes(p, o);
  assert.equal(v.verdict, 'deviation');
  assert.deepEqual(v.diff, [
    { path: 'steps[0].ok', predicted: true, observed: false },
    { path: 'steps[0].scope', predicted: '{a}/', observed: null },
  ]);
});

test('compare: fields the prediction leaves out are not compared', () => {
  const p: Outcome = { steps: [{ status: 200 }] };
  const o: Outcome = { steps: [{ status: 200, body: 'x', type: 'basic' }] };
  assert.equal(compareOutcomes(p, o).verdict, 'pass');
});

test('compare: fetch events are a multiset (order free, counts matter)', () => {
  const p: Outcome = { steps: [], fetchEvents: [ev('v1', '{a}/1'), ev('v1', '{a}/2'), ev('v1', '{a}/2')] };
  assert.equal(compareOutcomes(p, { steps: [], fetchEvents: [ev('v1', '{a}/2'), ev('v1', '{a}/1'), ev('v1', '{a}/2')] }).verdict, 'pass');
  const v = compareOutcomes(p, { steps: [], fetchEvents: [ev('v1', '{a}/2'), ev('v1', '{a}/1'), ev('v2', '{a}/3')] });
  assert.equal(v.verdict, 'deviation');
  assert.deepEqual(v.diff, [{ path: 'fetchEvents', predicted: [ev('v1', '{a}/2')], observed: [ev('v2', '{a}/3')] }]);
});

test('compare: an absent API where the model expects one is unsupported, not a deviation', () => {
  const p: Outcome = { steps: [{ ok: true, scope: '{a}/' }] };
  const v = compareOutcomes(p, { steps: [{ unsupported: 'navigator.serviceWorker' }] });
  assert.equal(v.verdict, 'unsupported');
});

test('compare: a missing step is a deviation', () => {
  const v = compareOutcomes({ steps: [{ done: true }, { done: true }] }, { steps: [{ done: true }] });
  assert.equal(v.verdict, 'deviation');
});

test('origins: resolve and abstract are inverse on keys and values', () => {
  const origins = originsFor('r7', 4321);
  const s = { resources: { '{a}/sw.js': { location: '{b}/x#f' } }, url: '{insecure}/p', rel: 'sw.js' };
  const concrete = resolvePlaceholders(s, origins);
  assert.deepEqual(concrete, { resources: { 'http://r7.localhost:4321/sw.js': { location: 'http://r7-b.localhost:4321/x#f' } }, url: 'http://r7.insecure.test:4321/p', rel: 'sw.js' });
  assert.deepEqual(abstractOrigins(concrete, origins), s);
});

test('compare: cross-origin events (proposals) are a multiset; a missing or extra decision is a deviation', () => {
  const e = (origin: string, result: 'accepted' | 'rejected') => ({ worker: 't', event: 'connect' as const, origin, url: '{b}/svc/x', result });
  const p: Outcome = { steps: [], crossOriginEvents: [e('{a}', 'accepted'), e('{b}', 'rejected')] };
  assert.equal(compareOutcomes(p, { steps: [], crossOriginEvents: [e('{b}', 'rejected'), e('{a}', 'accepted')] }).verdict, 'pass');
  const v = compareOutcomes(p, { steps: [], crossOriginEvents: [e('{a}', 'accepted'), e('{b}', 'accepted')] });
  assert.deepEqual(v.diff, [{ path: 'crossOriginEvents', predicted: [e('{b}', 'rejected')], observed: [e('{b}', 'accepted')] }]);
  // Absent from the observation: nothing was reported.
  assert.equal(compareOutcomes(p, { steps: [] }).verdict, 'deviation');
  // Absent from the prediction: not compared.
  assert.equal(compareOutcomes({ steps: [] }, { steps: [], crossOriginEvents: [e('{a}', 'accepted')] }).verdict, 'pass');
});

test('compare: a native probe that finds nothing is unsupported, one that finds the design passes', () => {
  const p: Outcome = { steps: [{ native: { design: 'navigator-connect' } }] };
  assert.deepEqual(compareOutcomes(p, { steps: [{ unsupported: 'navigator-connect: navigator.connect absent' }] }), {
    verdict: 'unsupported',
    detail: 'steps[0]: navigator-connect: navigator.connect absent',
  });
  assert.equal(compareOutcomes(p, { steps: [{ native: { design: 'navigator-connect', present: ['navigator.connect'] } }] }).verdict, 'pass');
});
