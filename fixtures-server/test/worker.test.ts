// Generated worker scripts: versions and byte identity over HTTP, injection safety, and their
// behaviour run in a small simulated ServiceWorkerGlobalScope (node:vm), no browser needed.

import assert from 'node:assert/strict';
import vm from 'node:vm';
import { after, before, describe, test } from 'node:test';
import type { WorkerBehaviour } from '../protocol.js';
import { workerScript } from '../templates.js';
import { startServer, type TestServer } from './helpers.js';

let s: TestServer;
before(async () => {
  s = await startServer();
});
after(() => s.close());

// ---------------------------------------------------------------------------------------------
// A simulated service worker global scope.

interface Report {
  url: string;
  source: string;
  type: string;
  data: Record<string, unknown>;
}

interface FakeRequest {
  url: string;
  mode: string;
  redirect: string;
  destination: string;
}

function loadWorker(source: string, opts: { serviceWorker?: boolean; claimRejects?: boolean; href?: string } = {}) {
  const listeners: Record<string, Array<(e: unknown) => void>> = {};
  const reports: Report[] = [];
  const fetches: Array<{ input: unknown; init: unknown }> = [];
  const imported: string[][] = [];
  const calls = { skipWaiting: 0, claim: 0 };
  const workerListeners: Array<() => void> = [];
  const me = {
    state: 'parsed',
    scriptURL: opts.href ?? 'http://r1.localhost:8000/sw.js',
    addEventListener: (type: string, fn: () => void) => {
      if (type === 'statechange') workerListeners.push(fn);
    },
  };
  class FakeResponse {
    constructor(
      readonly body: unknown,
      readonly init?: unknown,
    ) {}
    static redirect(url: string, status: number) {
      return { redirect: url, status };
    }
    static error() {
      return { error: true };
    }
  }
  const self: Record<string, unknown> = {
    location: new URL(opts.href ?? 'http://r1.localhost:8000/sw.js'),
    addEventListener: (type: string, fn: (e: unknown) => void) => (listeners[type] ??= []).push(fn),
    skipWaiting: () => {
      calls.skipWaiting++;
      return Promise.resolve();
    },
    clients: {
      claim: () => {
        calls.claim++;
        return opts.claimRejects ? Promise.reject(Object.assign(new Error('no'), { name: 'InvalidStateError' })) : Promise.resolve();
      },
    },
    registration: { installing: me },
  };
  if (opts.serviceWorker) self.serviceWorker = me;
  const fetch = (input: unknown, init?: { body?: string }): Promise<unknown> => {
    if (typeof input === 'string' && input.includes('/__sw-conformance/log')) {
      const body = JSON.parse(init!.body!) as Omit<Report, 'url'>;
      reports.push({ url: input, ...body });
      return Promise.resolve({ ok: true });
    }
    fetches.push({ input, init });
    return Promise.resolve({ fetched: input });
  };
  const context = vm.createContext({
    self,
    fetch,
    Response: FakeResponse,
    URL,
    setTimeout,
    importScripts: (...urls: string[]) => imported.push(urls),
  });
  let evaluationError: unknown;
  try {
    new vm.Script(source, { filename: 'sw.js' }).runInContext(context);
  } catch (e) {
    evaluationError = e;
  }

  const extendable = () => {
    const promises: Promise<unknown>[] = [];
    return { promises, waitUntil: (p: Promise<unknown>) => void promises.push(p) };
  };
  return {
    self,
    reports,
    fetches,
    imported,
    calls,
    evaluationError,
    listeners,
    setState(state: string) {
      me.state = state;
      for (const fn of workerListeners) fn();
    },
    /** Dispatches install/activate; returns whether a listener threw and the settled waitUntil promises. */
    async lifecycle(type: 'install' | 'activate') {
      const event = extendable();
      let threw: unknown;
      for (const fn of listeners[type] ?? []) {
        try {
          fn(event);
        } catch (e) {
          threw = e;
        }
      }
      const settled = await Promise.allSettled(event.promises);
      return { threw, settled, waitUntilCalls: event.promises.length };
    },
    async fetchEvent(request: Partial<FakeRequest>, ids: { clientId?: string; resultingClientId?: string } = {}) {
      const event = {
        ...extendable(),
        request: { url: 'http://r1.localhost:8000/x', mode: 'cors', redirect: 'follow', destination: '', ...request },
        clientId: ids.clientId ?? 'client-1',
        resultingClientId: ids.resultingClientId ?? '',
        responded: undefined as unknown,
        respondWithCalls: 0,
        prevented: false,
        respondWith(r: unknown) {
          this.respondWithCalls++;
          this.responded = r;
        },
        preventDefault() {
          this.prevented = true;
        },
      };
      for (const fn of listeners.fetch ?? []) fn(event);
      await Promise.allSettled(event.promises);
      return event;
    },
    message(data: unknown) {
      const replies: unknown[] = [];
      for (const fn of listeners.message ?? []) fn({ data, ports: [{ postMessage: (m: unknown) => replies.push(m) }] });
      return replies;
    },
  };
}

const script = (behaviour: WorkerBehaviour, run = 'r1'): string => workerScript(run, behaviour);
/** Objects made inside the vm context have that realm's prototypes; compare them as plain JSON. */
const plain = (value: unknown): unknown => (value === undefined ? undefined : JSON.parse(JSON.stringify(value)));

// ---------------------------------------------------------------------------------------------

describe('versions over HTTP', () => {
  test('the same bytes until bumped, then the next version, with no further change', async () => {
    const put = await s.put('v1', {
      '{a}/sw.js': { kind: 'worker', behaviour: { version: 'one' }, next: [{ version: 'two' }, { version: 'three' }] },
    });
    assert.equal(put.status, 200);
    const first = await s.get('/sw.js', 'v1.localhost');
    assert.equal(first.headers['content-type'], 'text/javascript; charset=utf-8');
    assert.equal(first.headers['cache-control'], 'no-store');
    const again = await s.get('/sw.js?cachebust=1', 'v1.localhost');
    assert.equal(again.text, first.text, 'byte-for-byte identical when not bumped');
    assert.match(first.text, /"version":"one"/);

    let b = await s.control('POST', '/runs/v1/bump', { url: '{a}/sw.js' });
    assert.equal(b.status, 200, b.text);
    assert.deepEqual(b.json(), { key: '{a}/sw.js', index: 1, version: 'two' });
    const second = await s.get('/sw.js', 'v1.localhost');
    assert.notEqual(second.text, first.text);
    assert.match(second.text, /"version":"two"/);
    assert.equal((await s.get('/sw.js', 'v1.localhost')).text, second.text);

    b = await s.control('POST', '/runs/v1/bump', { url: `http://v1.localhost:${s.port}/sw.js` });
    assert.deepEqual(b.json(), { key: '{a}/sw.js', index: 2, version: 'three' });
    b = await s.control('POST', '/runs/v1/bump', { url: '{a}/sw.js' });
    assert.equal(b.status, 409, 'no version after the last');
    assert.equal(b.json().field, 'url');
    assert.match((await s.get('/sw.js', 'v1.localhost')).text, /"version":"three"/);

    const listed = await s.control('GET', '/runs/v1/resources');
    assert.deepEqual(listed.json().versions, { '{a}/sw.js': 2 });

    // A new PUT starts over at the first version.
    await s.put('v1', { '{a}/sw.js': { kind: 'worker', behaviour: { version: 'one' }, next: [{ version: 'two' }] } });
    assert.equal((await s.get('/sw.js', 'v1.localhost')).text, first.text);
  });

  test('worker scripts honour http options (status, content type, Service-Worker-Allowed)', async () => {
    await s.put('v2', {
      '{a}/sw.js': { kind: 'worker', behaviour: { version: 'x' }, http: { contentType: 'text/plain', headers: { 'Service-Worker-Allowed': '/' } } },
      '{a}/missing.js': { kind: 'worker', behaviour: { version: 'y' }, http: { status: 404 } },
      '{a}/untyped.js': { kind: 'worker', behaviour: { version: 'z' }, http: { contentType: null } },
    });
    let r = await s.get('/sw.js', 'v2.localhost', { 'service-worker': 'script' });
    assert.equal(r.headers['content-type'], 'text/plain');
    assert.equal(r.headers['service-worker-allowed'], '/');
    r = await s.get('/missing.js', 'v2.localhost');
    assert.equal(r.status, 404);
    r = await s.get('/untyped.js', 'v2.localhost');
    assert.equal(r.headers['content-type'], undefined);
    const log = await s.readLog('v2');
    assert.equal(log.entries[0].data.serviceWorker, 'script', 'the Service-Worker request header is logged');
  });

  test('bump errors name the url', async () => {
    await s.put('v3', { '{a}/sw.js': { kind: 'worker', behaviour: { version: 'x' } }, '{a}/t': { kind: 'text', body: '' } });
    const cases: Array<[unknown, number, string]> = [
      [{ url: '{a}/nothing.js' }, 404, 'url'],
      [{ url: '{a}/t' }, 400, 'url'],
      [{ url: '{a}/sw.js' }, 409, 'url'],
      [{ url: `http://other.localhost:${s.port}/sw.js` }, 400, 'url'],
      [{ url: 'http://evil.example/sw.js' }, 400, 'url'],
      [{ url: 'not a url' }, 400, 'url'],
      [{ url: 'ftp://v3.localhost/sw.js' }, 400, 'url'],
      [{ url: 1 }, 400, 'url'],
      [{}, 400, 'url'],
      [{ url: '{a}/sw.js', extra: 1 }, 400, 'extra'],
      [[], 400, 'body'],
    ];
    for (const [body, status, field] of cases) {
      const r = await s.control('POST', '/runs/v3/bump', body);
      assert.equal(r.status, status, JSON.stringify(body));
      assert.equal(r.json().field, field, JSON.stringify(body));
    }
  });

  test('placeholders in a behaviour resolve to the run origins', async () => {
    await s.put('v4', {
      '{a}/sw.js': {
        kind: 'worker',
        behaviour: {
          version: 'p',
          imports: ['{b}/lib.js', 'rel.js'],
          fetch: { rules: [{ urlContains: '{b}/', action: { kind: 'redirect', location: '{insecure}/x' } }], otherwise: { kind: 'fetch', url: '{a}/y' } },
        },
      },
    });
    const w = loadWorker((await s.get('/sw.js', 'v4.localhost')).text, { href: `http://v4.localhost:${s.port}/sw.js` });
    assert.deepEqual(w.imported, [[`http://v4-b.localhost:${s.port}/lib.js`, 'rel.js']]);
    let e = await w.fetchEvent({ url: `http://v4-b.localhost:${s.port}/z` });
    assert.deepEqual(plain(e.responded), { redirect: `http://v4.insecure.test:${s.port}/x`, status: 302 });
    e = await w.fetchEvent({ url: `http://v4.localhost:${s.port}/z` });
    assert.deepEqual(w.fetches.at(-1)?.input, `http://v4.localhost:${s.port}/y`);
  });
});

describe('generated code is safe', () => {
  const nasty = [
    '"); self.pwned = true; ("',
    "'); self.pwned = true; ('",
    '</script><script>self.pwned = true</script>',
    '<!-- --> */ /* \\',
    'line\u2028separator\u2029paragraph',
    '\n self.pwned = true; //',
    '${self.pwned = true}',
    '\u0000\ud800',
  ];
  for (const version of nasty) {
    test(`version ${JSON.stringify(version)} stays data`, () => {
      const src = script({ version, fetch: { otherwise: { kind: 'respond', body: version, headers: { 'X-V': 'v' } } } });
      assert.doesNotMatch(src, /<\/script/i);
      assert.doesNotMatch(src, /[\u2028\u2029]/);
      const w = loadWorker(src);
      assert.equal(w.evaluationError, undefined);
      assert.equal(w.self.__swcVersion, version);
      assert.equal(w.self.pwned, undefined);
    });
  }

  test('the output is a pure function of run and behaviour', () => {
    const b: WorkerBehaviour = { version: 'v', install: { delayMs: 5 }, fetch: { rules: [{ mode: 'navigate', action: { kind: 'forward' } }], otherwise: { kind: 'fallback' } } };
    assert.equal(script(b), script(structuredClone(b)));
    assert.notEqual(script(b), script({ ...b, version: 'w' }));
  });
});

describe('lifecycle', () => {
  test('install ok: reported (source worker:<version>, data.worker) inside waitUntil', async () => {
    const w = loadWorker(script({ version: 'v1' }));
    const r = await w.lifecycle('install');
    assert.equal(r.threw, undefined);
    assert.equal(r.waitUntilCalls, 1);
    assert.deepEqual(r.settled.map((x) => x.status), ['fulfilled']);
    assert.equal(w.reports.length, 1, 'the report landed before waitUntil settled');
    assert.deepEqual(w.reports[0], {
      url: 'http://r1.localhost:8000/__sw-conformance/log?__run=r1',
      source: 'worker:v1',
      type: 'install',
      data: { worker: 'v1' },
    });
    assert.equal(w.calls.skipWaiting, 0);
  });

  test('install throw: the listener throws after extending with the report', async () => {
    const w = loadWorker(script({ version: 'v', install: { outcome: 'throw' } }));
    const r = await w.lifecycle('install');
    assert.ok(r.threw instanceof Error || (r.threw as Error).message.includes('throws'));
    assert.equal(r.waitUntilCalls, 1);
    assert.equal(w.reports[0]!.type, 'install');
  });

  test('install reject: waitUntil rejects after the report', async () => {
    const w = loadWorker(script({ version: 'v', install: { outcome: 'reject' } }));
    const r = await w.lifecycle('install');
    assert.equal(r.threw, undefined);
    assert.deepEqual(r.settled.map((x) => x.status), ['rejected']);
    assert.equal(w.reports[0]!.type, 'install');
  });

  test('install delay and skipWaiting', async () => {
    const w = loadWorker(script({ version: 'v', install: { delayMs: 80, skipWaiting: true } }));
    const t0 = performance.now();
    await w.lifecycle('install');
    assert.ok(performance.now() - t0 >= 75);
    assert.equal(w.calls.skipWaiting, 1);
  });

  test('activate ok, throw, reject, delay', async () => {
    let w = loadWorker(script({ version: 'v' }));
    let r = await w.lifecycle('activate');
    assert.deepEqual([r.threw, r.settled[0]!.status, w.reports[0]!.type], [undefined, 'fulfilled', 'activate']);
    w = loadWorker(script({ version: 'v', activate: { outcome: 'throw' } }));
    r = await w.lifecycle('activate');
    assert.ok(r.threw);
    assert.equal(r.waitUntilCalls, 1);
    w = loadWorker(script({ version: 'v', activate: { outcome: 'reject' } }));
    r = await w.lifecycle('activate');
    assert.equal(r.settled[0]!.status, 'rejected');
    w = loadWorker(script({ version: 'v', activate: { delayMs: 60 } }));
    const t0 = performance.now();
    await w.lifecycle('activate');
    assert.ok(performance.now() - t0 >= 55);
  });

  test('activate claim: clients.claim() inside waitUntil, its result reported', async () => {
    let w = loadWorker(script({ version: 'v', activate: { claim: true } }));
    await w.lifecycle('activate');
    assert.equal(w.calls.claim, 1);
    assert.deepEqual(
      w.reports.map((r) => [r.type, r.data]),
      [
        ['activate', { worker: 'v' }],
        ['claim', { worker: 'v', ok: true }],
      ],
    );
    w = loadWorker(script({ version: 'v', activate: { claim: true } }), { claimRejects: true });
    const r = await w.lifecycle('activate');
    assert.equal(r.settled[0]!.status, 'fulfilled', 'a failed claim is observed, not turned into an activate failure');
    assert.deepEqual(w.reports[1]!.data, { worker: 'v', ok: false, error: 'InvalidStateError' });
  });

  test('statechange via self.serviceWorker, else via the registration during install', async () => {
    let w = loadWorker(script({ version: 'v' }), { serviceWorker: true });
    w.setState('installed');
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(w.reports.map((r) => [r.type, r.data]), [['statechange', { worker: 'v', state: 'installed' }]]);

    w = loadWorker(script({ version: 'v' }));
    w.setState('installing');
    assert.equal(w.reports.length, 0, 'not tracked before install without self.serviceWorker');
    await w.lifecycle('install');
    w.setState('installed');
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(
      w.reports.map((r) => r.type),
      ['install', 'statechange'],
    );
  });

  test('importScripts at top level, and evaluation that throws', () => {
    let w = loadWorker(script({ version: 'v', imports: ['a.js', 'b.js'] }));
    assert.deepEqual(w.imported, [['a.js', 'b.js']]);
    assert.equal(w.evaluationError, undefined);
    w = loadWorker(script({ version: 'v', evaluationThrows: true, imports: ['a.js'] }));
    assert.ok(w.evaluationError instanceof Error || String(w.evaluationError).includes('evaluation throws'));
    assert.deepEqual(w.imported, [['a.js']], 'imports run before the throw');
    assert.equal(w.listeners.install, undefined, 'no listener was added');
  });

  test('message ping answers version and state on the port', () => {
    const w = loadWorker(script({ version: 'v9' }), { serviceWorker: true });
    assert.deepEqual(plain(w.message({ swc: 1, kind: 'ping' })), [{ swc: 1, kind: 'pong', version: 'v9', state: 'parsed' }]);
    assert.deepEqual(w.message({ other: true }), []);
  });
});

describe('fetch', () => {
  test('fetch: null adds no listener; absent adds one that falls back', async () => {
    let w = loadWorker(script({ version: 'v', fetch: null }));
    assert.equal(w.listeners.fetch, undefined);
    w = loadWorker(script({ version: 'v' }));
    assert.equal(w.listeners.fetch?.length, 1);
    const e = await w.fetchEvent({ url: 'http://r1.localhost:8000/page.html', mode: 'navigate', redirect: 'manual', destination: 'document' }, {
      clientId: '',
      resultingClientId: 'new-client',
    });
    assert.equal(e.respondWithCalls, 0);
    assert.equal(e.promises.length, 1, 'the report extends the event');
    assert.deepEqual(w.reports[0], {
      url: 'http://r1.localhost:8000/__sw-conformance/log?__run=r1',
      source: 'worker:v',
      type: 'fetch',
      data: {
        worker: 'v',
        url: 'http://r1.localhost:8000/page.html',
        mode: 'navigate',
        redirect: 'manual',
        destination: 'document',
        clientId: '',
        resultingClientId: 'new-client',
        action: 'fallback',
      },
    });
  });

  test('the suite\'s own control traffic is neither observed nor answered', async () => {
    const w = loadWorker(script({ version: 'v', fetch: { otherwise: { kind: 'error' } } }));
    const e = await w.fetchEvent({ url: 'http://r1.localhost:8000/__sw-conformance/log?__run=r1' });
    assert.equal(e.respondWithCalls, 0);
    assert.equal(w.reports.length, 0);
    const shim = await w.fetchEvent({ url: 'http://r1.localhost:8000/__swc-shim/endpoint.html', mode: 'navigate' });
    assert.equal(shim.respondWithCalls, 0, 'nor is the shim');
    assert.equal(w.reports.length, 0);
    const other = await w.fetchEvent({ url: 'http://r1-b.localhost:8000/__sw-conformance/log' });
    assert.equal(other.respondWithCalls, 1, 'another origin\'s path is an ordinary request');
  });

  test('rules: first match by urlContains and mode, else otherwise', async () => {
    const w = loadWorker(
      script({
        version: 'v',
        fetch: {
          rules: [
            { urlContains: '/a', mode: 'navigate', action: { kind: 'respond', body: 'nav-a' } },
            { urlContains: '/a', action: { kind: 'respond', body: 'any-a' } },
            { mode: 'no-cors', action: { kind: 'respond', body: 'no-cors' } },
          ],
          otherwise: { kind: 'respond', body: 'other' },
        },
      }),
    );
    const body = async (url: string, mode: string) => ((await w.fetchEvent({ url, mode })).responded as { body: string }).body;
    assert.equal(await body('http://r1.localhost:8000/a', 'navigate'), 'nav-a');
    assert.equal(await body('http://r1.localhost:8000/a', 'cors'), 'any-a');
    assert.equal(await body('http://r1.localhost:8000/b', 'no-cors'), 'no-cors');
    assert.equal(await body('http://r1.localhost:8000/b', 'cors'), 'other');
  });

  test('every action', async () => {
    const act = async (action: unknown, request: Partial<FakeRequest> = {}) => {
      const w = loadWorker(script({ version: 'v7', fetch: { otherwise: action as never } }));
      const e = await w.fetchEvent(request);
      return { e, w };
    };
    let { e, w } = await act({ kind: 'respond' });
    assert.deepEqual(plain(e.responded), { body: 'sw:v7', init: {} });
    ({ e } = await act({ kind: 'respond', body: 'b', status: 201, headers: { 'X-A': '1' } }));
    assert.deepEqual(plain(e.responded), { body: 'b', init: { status: 201, headers: { 'X-A': '1' } } });
    ({ e } = await act({ kind: 'redirect', location: 'http://r1.localhost:8000/elsewhere' }));
    assert.deepEqual(plain(e.responded), { redirect: 'http://r1.localhost:8000/elsewhere', status: 302 });
    ({ e } = await act({ kind: 'redirect', location: '/x', status: 308 }));
    assert.deepEqual(plain(e.responded), { redirect: '/x', status: 308 });
    ({ e, w } = await act({ kind: 'forward' }));
    assert.deepEqual(w.fetches.map((f) => f.input), [e.request], 'fetch(event.request)');
    assert.deepEqual(await e.responded, { fetched: e.request });
    ({ e, w } = await act({ kind: 'fetch' }, { url: 'http://r1.localhost:8000/q' }));
    assert.deepEqual(plain(w.fetches), [{ input: 'http://r1.localhost:8000/q', init: {} }]);
    ({ e, w } = await act({ kind: 'fetch', url: 'http://r1.localhost:8000/other', redirect: 'manual' }));
    assert.deepEqual(plain(w.fetches), [{ input: 'http://r1.localhost:8000/other', init: { redirect: 'manual' } }]);
    ({ e } = await act({ kind: 'error' }));
    assert.deepEqual(plain(e.responded), { error: true });
    ({ e } = await act({ kind: 'cancel' }));
    assert.equal(e.respondWithCalls, 0);
    assert.equal(e.prevented, true);
    ({ e, w } = await act({ kind: 'fallback' }));
    assert.equal(e.respondWithCalls, 0);
    assert.equal(w.reports[0]!.data.action, 'fallback');
  });
});
