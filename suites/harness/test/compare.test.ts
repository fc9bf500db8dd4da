import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareOutcomes } from '../compare.js';
import { abstractOrigins, originsFor, resolvePlaceholders } from '../../../contract/index.js';
import type { Outcome } from '../../../contract/index.js';

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
  // A success/failure shape change is shown whole (issue 24), not as per-field non-answers.
  assert.deepEqual(v.diff, [{ path: 'steps[0]', predicted: { ok: true, scope: '{a}/' }, observed: { ok: false, error: 'SecurityError' } }]);
});

test('compare: a field absent from the observation is shown absent, distinct from null', () => {
  const p: Outcome = { steps: [{ url: '{a}/p.html', controller: null }] };
  const v = compareOutcomes(p, { steps: [{ controller: null } as never] });
  assert.deepEqual(v.diff, [{ path: 'steps[0].url', predicted: '{a}/p.html', observedAbsent: true }]);
  const nulls = compareOutcomes({ steps: [{ scope: null }] }, { steps: [{ scope: '{a}/' }] });
  assert.deepEqual(nulls.diff, [{ path: 'steps[0].scope', predicted: null, observed: '{a}/' }]);
});

test('compare: an error the engine reports where the model predicts success is named in the diff, and nothing equal is listed', () => {
  // The case of issue 24: a navigation the engine failed, the model predicted to load.
  const v = compareOutcomes({ steps: [{ url: '{a}/rd/srv/hop20', controller: null }] }, { steps: [{ fetchError: 'NetworkError' }] });
  assert.equal(v.verdict, 'deviation');
  assert.deepEqual(v.diff, [{ path: 'steps[0]', predicted: { url: '{a}/rd/srv/hop20', controller: null }, observed: { fetchError: 'NetworkError' } }]);
  for (const d of v.diff!) assert.ok(!('predicted' in d && 'observed' in d && JSON.stringify(d.predicted) === JSON.stringify(d.observed)), d.path);
});

test('compare: an error-like field the prediction lacks is never an open field', () => {
  const v = compareOutcomes({ steps: [{ status: 200 }] }, { steps: [{ status: 200, error: 'AbortError' } as never] });
  assert.equal(v.verdict, 'deviation');
  assert.deepEqual(v.diff, [{ path: 'steps[0]', predicted: { status: 200 }, observed: { status: 200, error: 'AbortError' } }]);
  // Both failures, one more error-like field on the engine's side: that field is in the diff.
  const both = compareOutcomes({ steps: [{ ok: false, error: 'TypeError' }] }, { steps: [{ ok: false, error: 'TypeError', fetchError: 'NetworkError' } as never] });
  assert.deepEqual(both.diff, [{ path: 'steps[0].fetchError', predictedAbsent: true, observed: 'NetworkError' }]);
});

test('compare: a worker version the model does not predict is a difference (everything observed is compared)', () => {
  const p: Outcome = { steps: [], workers: { v1: { events: ['install', 'activate'] } } };
  const o: Outcome = { steps: [], workers: { v1: { events: ['activate', 'install'] }, v2: { events: ['install'] } } };
  assert.deepEqual(compareOutcomes(p, o).diff, [{ path: 'workers.v2.events', predictedAbsent: true, observed: ['install'] }]);
});

test('compare: an outcome the spec also allows (alternatives) passes and says which', () => {
  const p: Outcome = {
    steps: [{ done: true }],
    workers: { v2: { events: ['install'] } },
    alternatives: [{ because: 'Soft Update in parallel', outcome: { steps: [{ done: true }], workers: { v2: { events: ['install', 'install'] } } } }],
  };
  assert.equal(compareOutcomes(p, { steps: [{ done: true }], workers: { v2: { events: ['install'] } } }).verdict, 'pass');
  const alt = compareOutcomes(p, { steps: [{ done: true }], workers: { v2: { events: ['install', 'install'] } } });
  assert.equal(alt.verdict, 'pass');
  assert.match(alt.detail ?? '', /Soft Update in parallel/);
  assert.equal(compareOutcomes(p, { steps: [{ done: true }], workers: { v2: { events: ['install', 'install', 'install'] } } }).verdict, 'deviation');
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
