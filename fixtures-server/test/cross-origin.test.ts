// Area "proposals" in the fixture server: a worker behaviour's `crossOrigin` policy (validated,
// placeholders resolved when served) and what the generated worker does with it — import the
// shim's worker side, define its hooks, decide by the caller's origin and report every decision —
// plus the native-probe message the agent sends. Run in a small simulated worker scope (node:vm).

import assert from 'node:assert/strict';
import vm from 'node:vm';
import { after, before, describe, test } from 'node:test';
import type { WorkerBehaviour } from '../protocol.js';
import { workerScript } from '../templates.js';
import { request, startServer, type TestServer } from './helpers.js';

let s: TestServer;
before(async () => {
  s = await startServer();
});
after(() => s.close());

const A = 'http://r1.localhost:8000';

function load(behaviour: WorkerBehaviour) {
  const listeners: Record<string, Array<(e: unknown) => void>> = {};
  const reports: { type: string; data: Record<string, unknown> }[] = [];
  const imported: string[] = [];
  class FakeResponse {
    readonly type = 'default';
    constructor(
      readonly body: unknown,
      readonly init?: unknown,
    ) {}
    static error() {
      return { type: 'error' };
    }
  }
  const self: Record<string, unknown> = {
    location: new URL('http://r1-b.localhost:8000/svc/sw.js'),
    addEventListener: (type: string, fn: (e: unknown) => void) => (listeners[type] ??= []).push(fn),
    registration: { scope: 'http://r1-b.localhost:8000/svc/' },
  };
  const fetch = (input: unknown, init?: { body?: string }): Promise<unknown> => {
    if (typeof input === 'string' && input.includes('/__sw-conformance/log')) {
      reports.push(JSON.parse(init!.body!) as { type: string; data: Record<string, unknown> });
      return Promise.resolve({ ok: true });
    }
    return Promise.resolve({ forwarded: input });
  };
  const context = vm.createContext({ self, fetch, navigator: {}, Response: FakeResponse, URL, setTimeout, importScripts: (...urls: string[]) => imported.push(...urls) });
  new vm.Script(workerScript('r1', behaviour), { filename: 'sw.js' }).runInContext(context);
  return { self, listeners, reports, imported };
}

/** Values from the worker's realm, as plain data of this one. */
const plain = (x: unknown): unknown => JSON.parse(JSON.stringify(x));

interface FakePort {
  onmessage: ((e: { data: unknown }) => void) | null;
  posted: unknown[];
  postMessage(m: unknown): void;
}
const port = (): FakePort => ({
  onmessage: null,
  posted: [],
  postMessage(m) {
    this.posted.push(m);
  },
});

describe('crossOrigin policy: validation and serving', () => {
  test('accepted, with its placeholders resolved in the served script', async () => {
    const policy = { connect: ['{a}', '*'], lookaside: { origins: ['{a}'], answer: { kind: 'respond', body: 'x', status: 201 } } };
    const r = await s.put('co1', { '{b}/svc/sw.js': { kind: 'worker', behaviour: { version: 't', crossOrigin: policy } } });
    assert.equal(r.status, 200, r.text);
    const js = (await s.get('/svc/sw.js', 'co1-b.localhost')).text;
    assert.ok(js.includes(`"connect":["http://co1.localhost:${s.port}","*"]`), js.slice(0, 400));
    assert.ok(js.includes(`"lookaside":{"origins":["http://co1.localhost:${s.port}"],"answer":{"kind":"respond","body":"x","status":201}}`));
  });

  const bad: [string, unknown, string][] = [
    ['unknown key', { connect: [], stash: true }, 'crossOrigin.stash'],
    ['connect not an array', { connect: '*' }, 'crossOrigin.connect'],
    ['connect entry not a string', { connect: [1] }, 'crossOrigin.connect[0]'],
    ['lookaside without origins', { lookaside: {} }, 'crossOrigin.lookaside.origins'],
    ['lookaside answer kind', { lookaside: { origins: ['*'], answer: { kind: 'redirect', location: '/' } } }, 'crossOrigin.lookaside.answer.kind'],
    ['lookaside unknown key', { lookaside: { origins: ['*'], body: 'x' } }, 'crossOrigin.lookaside.body'],
  ];
  for (const [name, crossOrigin, field] of bad) {
    test(`refused: ${name}`, async () => {
      const r = await request(s.port, {
        method: 'PUT',
        path: '/__sw-conformance/runs/bad/resources',
        body: { resources: { '{b}/sw.js': { kind: 'worker', behaviour: { version: 'v', crossOrigin } } } },
      });
      assert.equal(r.status, 400, r.text);
      assert.equal(r.json().field, `resources["{b}/sw.js"].behaviour.${field}`);
    });
  }
});

describe('the generated worker with a crossOrigin policy', () => {
  test('without one: no shim, no hooks', () => {
    const w = load({ version: 'plain' });
    assert.deepEqual(w.imported, []);
    assert.equal(w.self.onSWConnect, undefined);
    assert.equal(w.self.onSWLookasideFetch, undefined);
  });

  test('imports the shim\'s worker side from its own origin', () => {
    const w = load({ version: 't', crossOrigin: { connect: [A] } });
    assert.deepEqual(w.imported, ['http://r1-b.localhost:8000/__swc-shim/swc-connect-worker.js']);
  });

  test('connect: accepts listed origins, answers a hello on the port, reports each decision', async () => {
    const w = load({ version: 't', crossOrigin: { connect: [A] } });
    const hook = w.self.onSWConnect as (origin: string, c: { url: string; port: FakePort }) => Promise<boolean>;
    const ok = port();
    assert.equal(await hook(A, { url: 'http://r1-b.localhost:8000/svc/echo', port: ok }), true);
    ok.onmessage!({ data: { swc: 1, kind: 'hello' } });
    assert.deepEqual(plain(ok.posted), [{ swc: 1, kind: 'hello', worker: 't', scope: 'http://r1-b.localhost:8000/svc/', origin: A }]);
    const no = port();
    assert.equal(await hook('http://r1-b.localhost:8000', { url: 'http://r1-b.localhost:8000/svc/echo', port: no }), false);
    assert.equal(no.onmessage, null, 'a refused port is not served');
    assert.deepEqual(
      w.reports.filter((r) => r.type === 'crossorigin').map((r) => [r.data.origin, r.data.result, r.data.via, r.data.worker]),
      [
        [A, 'accepted', 'shim', 't'],
        ['http://r1-b.localhost:8000', 'rejected', 'shim', 't'],
      ],
    );
  });

  test('"*" accepts any origin', async () => {
    const w = load({ version: 't', crossOrigin: { connect: ['*'] } });
    const hook = w.self.onSWConnect as (origin: string, c: { url: string; port: FakePort }) => Promise<boolean>;
    assert.equal(await hook('http://elsewhere.localhost:1', { url: 'u', port: port() }), true);
  });

  test('look-aside: responds to listed origins, declines others; error and forward', async () => {
    const request = { url: 'http://r1-b.localhost:8000/svc/data' };
    const respond = load({ version: 't', crossOrigin: { lookaside: { origins: [A], answer: { kind: 'respond', body: 'hi', status: 201 } } } });
    const hook = respond.self.onSWLookasideFetch as (r: unknown, origin: string) => Promise<unknown>;
    const res = (await hook(request, A)) as { body: unknown; init: unknown };
    assert.equal(res.body, 'hi');
    assert.deepEqual(plain(res.init), { status: 201 });
    assert.equal(await hook(request, 'http://r1-b.localhost:8000'), undefined);
    assert.deepEqual(
      respond.reports.filter((r) => r.type === 'crossorigin').map((r) => [r.data.event, r.data.result, r.data.url]),
      [
        ['lookasidefetch', 'responded', request.url],
        ['lookasidefetch', 'declined', request.url],
      ],
    );
    const byDefault = load({ version: 'd', crossOrigin: { lookaside: { origins: ['*'] } } });
    assert.equal(((await (byDefault.self.onSWLookasideFetch as (r: unknown, o: string) => Promise<{ body: unknown }>)(request, A)) as { body: unknown }).body, 'sw:d');
    const error = load({ version: 'e', crossOrigin: { lookaside: { origins: ['*'], answer: { kind: 'error' } } } });
    assert.deepEqual(plain(await (error.self.onSWLookasideFetch as (r: unknown, o: string) => Promise<unknown>)(request, A)), { type: 'error' });
    const forward = load({ version: 'f', crossOrigin: { lookaside: { origins: ['*'], answer: { kind: 'forward' } } } });
    assert.deepEqual(plain(await (forward.self.onSWLookasideFetch as (r: unknown, o: string) => Promise<unknown>)(request, A)), { forwarded: request });
    const fallback = load({ version: 'g', crossOrigin: { lookaside: { origins: ['*'], answer: { kind: 'fallback' } } } });
    assert.equal(await (fallback.self.onSWLookasideFetch as (r: unknown, o: string) => Promise<unknown>)(request, A), undefined);
  });

  test('the native-probe message: every service-worker name, absent here', () => {
    const w = load({ version: 'p' });
    const reply = port();
    for (const fn of w.listeners.message ?? []) fn({ data: { swc: 1, kind: 'probe' }, ports: [reply] });
    assert.equal(reply.posted.length, 1);
    const answer = reply.posted[0] as { kind: string; present: Record<string, boolean> };
    assert.equal(answer.kind, 'probed');
    assert.ok(Object.keys(answer.present).includes('InstallEvent.prototype.registerForeignFetch'));
    assert.ok(Object.values(answer.present).every((v) => v === false));
  });
});
