// The proposals steps in the scenario interpreter (model/scenario/proposal-steps.ts): the world the
// scenario builds, handed to the design models, and their answers in the shared Outcome shape.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { predict, ScenarioError } from '../interpreter.js';
import { plainFetch } from '../../proposals/index.js';
import type { CrossOriginBehaviour, Resource, Scenario, Step, WorkerBehaviour } from '../../../contract/index.js';

const open: Step = { do: 'open', client: 'c1', url: '{a}/p/page.html' };
const frameB: Step = { do: 'frame', client: 'c1', frame: 'svc', url: '{b}/p/frame.html' };
const registerInFrame: Step = { do: 'register', client: 'c1', frame: 'svc', script: '{b}/svc/sw.js', settle: true };
const connect = (extra: Partial<Extract<Step, { do: 'connect' }>> = {}): Step => ({ do: 'connect', client: 'c1', url: '{b}/svc/echo', ...extra });
const lookaside = (fallback: 'local' | 'universal', extra: Partial<Extract<Step, { do: 'lookasideFetch' }>> = {}): Step => ({
  do: 'lookasideFetch',
  client: 'c1',
  url: '{b}/svc/data.txt',
  fallback,
  ...extra,
});

const target = (crossOrigin: CrossOriginBehaviour, more: Omit<WorkerBehaviour, 'version'> = {}): Resource => ({
  kind: 'worker',
  behaviour: { version: 'target', crossOrigin, ...more },
});
const corsData = (body = 'net'): Resource => ({ kind: 'text', body, http: { headers: { 'Access-Control-Allow-Origin': '{a}' } } });

function scenario(steps: Step[], resources: Record<string, Resource> = {}): Scenario {
  return { id: 'proposals/t', area: 'proposals', title: 't', spec: ['seed'], resources, steps };
}

const last = (s: Scenario) => {
  const o = predict(s);
  return o.steps[o.steps.length - 1];
};

describe('predict: proposals steps', () => {
  it('connect to a worker registered from a {b} frame in the {a} page: a port to it, which saw {a}', () => {
    const o = predict(scenario([open, frameB, registerInFrame, connect()], { '{b}/svc/sw.js': target({ connect: ['{a}'] }) }));
    assert.deepEqual(o.steps[2], { ok: true, scope: '{b}/svc/' });
    assert.deepEqual(o.steps[3], { connected: true, worker: 'target', scope: '{b}/svc/', origin: '{a}' });
    assert.deepEqual(o.crossOriginEvents, [{ worker: 'target', event: 'connect', origin: '{a}', url: '{b}/svc/echo', result: 'accepted' }]);
    assert.ok(o.positions?.includes('https://github.com/w3c/ServiceWorker/issues/1188'), 'the partitioning position');
  });

  it('a worker {b} registered as a first party is in another partition: the {a} caller finds nothing', () => {
    const s = scenario(
      [
        { do: 'open', client: 'b', url: '{b}/p/top.html' },
        { do: 'register', client: 'b', script: '{b}/svc/sw.js', settle: true },
        open,
        connect(),
      ],
      { '{b}/svc/sw.js': target({ connect: ['*'] }) },
    );
    const o = predict(s);
    assert.deepEqual(o.steps[3], { ok: false, error: 'AbortError' });
    assert.deepEqual(o.crossOriginEvents, []);
  });

  it('two callers: the target accepts {a} and rejects its own origin {b} calling from the frame', () => {
    const o = predict(scenario([open, frameB, registerInFrame, connect(), connect({ frame: 'svc' })], { '{b}/svc/sw.js': target({ connect: ['{a}'] }) }));
    assert.deepEqual(o.steps[4], { ok: false, error: 'AbortError' });
    assert.deepEqual(
      o.crossOriginEvents?.map((e) => [e.origin, e.result]),
      [
        ['{a}', 'accepted'],
        ['{b}', 'rejected'],
      ],
    );
  });

  it('worker installed later: rejected, then accepted', () => {
    const o = predict(scenario([open, connect(), frameB, registerInFrame, connect()], { '{b}/svc/sw.js': target({ connect: ['{a}'] }) }));
    assert.deepEqual(o.steps[1], { ok: false, error: 'AbortError' });
    assert.equal((o.steps[4] as { connected?: boolean }).connected, true);
  });

  it('local look-aside: the worker\'s answer, or a network error — never the network', () => {
    const res = { '{b}/svc/sw.js': target({ lookaside: { origins: ['{a}'], answer: { kind: 'respond', body: 'w' } } }), '{b}/svc/data.txt': corsData() };
    assert.deepEqual(last(scenario([open, frameB, registerInFrame, lookaside('local')], res)), { status: 200, body: 'w' });
    assert.deepEqual(last(scenario([open, lookaside('local')], res)), { fetchError: 'TypeError' });
  });

  it('universal look-aside: the network when nobody answers, with the CORS check of a plain fetch', () => {
    assert.deepEqual(last(scenario([open, lookaside('universal')], { '{b}/svc/data.txt': corsData('net') })), { status: 200, body: 'net' });
    assert.deepEqual(last(scenario([open, lookaside('universal')])), { fetchError: 'TypeError' });
    const declined = predict(
      scenario([open, frameB, registerInFrame, lookaside('universal')], {
        '{b}/svc/sw.js': target({ lookaside: { origins: ['{b}'] } }),
        '{b}/svc/data.txt': corsData('net'),
      }),
    );
    assert.deepEqual(declined.steps[3], { status: 200, body: 'net' });
    assert.deepEqual(declined.crossOriginEvents, [{ worker: 'target', event: 'lookasidefetch', origin: '{a}', url: '{b}/svc/data.txt', result: 'declined' }]);
  });

  it('a universal fallback from a controlled caller goes through its own controller (a fetch event)', () => {
    const o = predict(
      scenario(
        [
          { do: 'open', client: 'c1', url: '{a}/p/setup.html' },
          { do: 'register', client: 'c1', script: '{a}/p/sw.js', settle: true },
          { do: 'navigate', client: 'c1', url: '{a}/p/page.html' },
          lookaside('universal'),
        ],
        { '{a}/p/sw.js': { kind: 'worker', behaviour: { version: 'own', fetch: { rules: [{ mode: 'navigate', action: { kind: 'fallback' } }], otherwise: { kind: 'respond', body: 'own' } } } } },
      ),
    );
    assert.deepEqual(o.steps[3], { status: 200, body: 'own' });
    assert.deepEqual(
      o.fetchEvents?.filter((e) => e.url.includes('data.txt')),
      [{ worker: 'own', url: '{b}/svc/data.txt', mode: 'cors', redirect: 'follow', destination: '' }],
    );
  });

  it('native steps predict the design\'s outcome (the engine is compared with the same model)', () => {
    const res = { '{b}/svc/sw.js': target({ connect: ['{a}'] }) };
    assert.deepEqual(last(scenario([open, frameB, registerInFrame, connect({ native: true })], res)), last(scenario([open, frameB, registerInFrame, connect()], res)));
    assert.deepEqual(last(scenario([open, { do: 'probeNative', client: 'c1', design: 'stashed-message-ports' }])), {
      native: { design: 'stashed-message-ports' },
    });
  });

  it('Outcome.crossOriginEvents only where the proposals area is involved', () => {
    const plain = predict(scenario([open, { do: 'register', client: 'c1', script: '{a}/p/sw.js' }], { '{a}/p/sw.js': { kind: 'worker', behaviour: { version: 'v' } } }));
    assert.equal(plain.crossOriginEvents, undefined);
    const policyOnly = predict(scenario([open, frameB, registerInFrame], { '{b}/svc/sw.js': target({ connect: ['*'] }) }));
    assert.deepEqual(policyOnly.crossOriginEvents, []);
  });

  it('a look-aside fetch that may reach the network must name something the designs model', () => {
    assert.throws(() => predict(scenario([open, lookaside('universal', { url: '{b}/svc/other.html' })])), ScenarioError);
    assert.throws(
      () => predict(scenario([open, lookaside('universal', { url: '{b}/svc/sw.js' })], { '{b}/svc/sw.js': target({}) })),
      ScenarioError,
    );
  });

  it('a plain cross-origin fetch: the interpreter and the designs\' plainFetch agree', () => {
    const s = scenario([open, frameB, registerInFrame, { do: 'fetch', client: 'c1', url: '{b}/svc/data.txt' }], {
      '{b}/svc/sw.js': target({ connect: ['*'], lookaside: { origins: ['*'] } }, { fetch: { otherwise: { kind: 'respond', body: 'b' } } }),
      '{b}/svc/data.txt': corsData('net'),
    });
    const o = predict(s);
    assert.deepEqual(o.fetchEvents, []);
    const step = o.steps[3] as { status: number; body: string };
    const A = 'http://run.localhost:8000';
    const B = 'http://run-b.localhost:8000';
    const model = plainFetch(
      {
        registrations: [{ scope: `${B}/svc/`, worker: 'target', active: true, topLevelSite: 'http://run.localhost', policy: { fetch: { kind: 'respond', body: 'b' } } }],
        network: { [`${B}/svc/data.txt`]: { body: 'net', allowOrigin: A } },
      },
      { kind: 'crossOriginFetch', caller: `${A}/p/page.html`, url: `${B}/svc/data.txt` },
    );
    assert.deepEqual(model.caller, { kind: 'response', status: step.status, body: step.body, source: 'network' });
    assert.deepEqual(model.events, []);
  });
});
