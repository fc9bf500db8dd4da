// The agent page, and its script run against a simulated document (node:vm) with a fake
// navigator.serviceWorker: result shapes, error names, options passed through, settle, frames and
// the cross-origin relay. The real browsers are the harness's business; this pins the agent's logic.

import assert from 'node:assert/strict';
import vm from 'node:vm';
import { after, before, describe, test } from 'node:test';
import { agentPage, jsonForScript } from '../templates.js';
import { startServer, sleep, type TestServer } from './helpers.js';

const named = (name: string, message = name): Error => Object.assign(new Error(message), { name });
const plain = (v: unknown): any => (v === undefined ? undefined : JSON.parse(JSON.stringify(v)));

class FakeWorker {
  private listeners: Array<() => void> = [];
  constructor(
    public scriptURL: string,
    public state: string,
  ) {}
  addEventListener(_t: string, fn: () => void) {
    this.listeners.push(fn);
  }
  removeEventListener(_t: string, fn: () => void) {
    this.listeners = this.listeners.filter((f) => f !== fn);
  }
  set(state: string) {
    this.state = state;
    for (const fn of [...this.listeners]) fn();
  }
  postMessage(_m: unknown, ports: Array<{ postMessage(m: unknown): void }>) {
    ports[0]?.postMessage({ swc: 1, kind: 'pong', version: 'v-msg', state: this.state });
  }
}

class FakeRegistration {
  installing: FakeWorker | null = null;
  waiting: FakeWorker | null = null;
  active: FakeWorker | null = null;
  updateError: Error | null = null;
  unregisterError: Error | null = null;
  constructor(public scope: string) {}
  update() {
    return this.updateError ? Promise.reject(this.updateError) : Promise.resolve(this);
  }
  unregister() {
    return this.unregisterError ? Promise.reject(this.unregisterError) : Promise.resolve(true);
  }
}

class FakeContainer {
  controller: FakeWorker | null = null;
  calls: unknown[][] = [];
  registrations: FakeRegistration[] = [];
  registerResult: FakeRegistration | Error | null = null;
  lookupError: Error | null = null;
  register(...args: unknown[]) {
    this.calls.push(['register', ...args]);
    const r = this.registerResult;
    return r instanceof Error ? Promise.reject(r) : Promise.resolve(r);
  }
  getRegistration(...args: unknown[]) {
    this.calls.push(['getRegistration', ...args]);
    if (this.lookupError) return Promise.reject(this.lookupError);
    const url = (args[0] as string | undefined) ?? 'http://r1.localhost:1/p/page.html';
    const found = this.registrations.filter((r) => url.startsWith(r.scope)).sort((a, b) => b.scope.length - a.scope.length)[0];
    return Promise.resolve(found);
  }
  getRegistrations() {
    return Promise.resolve([...this.registrations]);
  }
  get ready() {
    return new Promise(() => undefined);
  }
}

interface FakeFrameWindow {
  location?: { href: string };
  navigator?: { serviceWorker: { controller: { scriptURL: string } | null } };
  __swc?: unknown;
  postMessage?(m: unknown, target: string): void;
}

function loadAgent(
  html: string,
  opts: {
    href?: string;
    container?: FakeContainer | null;
    secure?: boolean;
    fetch?: (url: string, init: unknown) => Promise<unknown>;
    frameWindow?: (url: string) => FakeFrameWindow;
    parent?: { postMessage(m: unknown, t: string): void };
  } = {},
) {
  const m = /<script>\n([\s\S]*)\n<\/script>/.exec(html);
  assert.ok(m, 'one inline script');
  const reports: Array<{ source: string; type: string; data: unknown }> = [];
  const fetches: Array<{ url: string; init: unknown }> = [];
  const messageListeners: Array<(e: unknown) => void> = [];
  const appended: unknown[] = [];
  const href = opts.href ?? 'http://r1.localhost:1/p/page.html';
  const g: Record<string, any> = {
    location: { href },
    isSecureContext: opts.secure ?? true,
    navigator: opts.container === null ? {} : { serviceWorker: opts.container ?? new FakeContainer() },
    setTimeout,
    clearTimeout,
    MessageChannel,
    URL,
    addEventListener: (type: string, fn: (e: unknown) => void) => {
      if (type === 'message') messageListeners.push(fn);
    },
    fetch: (url: string, init: { body?: string }) => {
      if (url.startsWith('/__sw-conformance/log')) {
        reports.push(JSON.parse(init.body!));
        return Promise.resolve({ ok: true });
      }
      fetches.push({ url, init });
      return opts.fetch ? opts.fetch(url, init) : Promise.reject(named('TypeError', 'Failed to fetch'));
    },
    document: {
      body: { appendChild: (el: { onAppend?: () => void }) => (appended.push(el), el.onAppend?.()) },
      createElement: () => {
        const listeners: Array<() => void> = [];
        const el: Record<string, any> = {
          name: '',
          contentWindow: null,
          addEventListener: (_t: string, fn: () => void) => listeners.push(fn),
          onAppend: () => undefined,
        };
        let src = '';
        Object.defineProperty(el, 'src', {
          get: () => src,
          set: (v: string) => {
            src = v;
            setTimeout(() => {
              el.contentWindow = opts.frameWindow ? opts.frameWindow(v) : null;
              for (const fn of listeners.splice(0)) fn();
            }, 5);
          },
        });
        return el;
      },
    },
  };
  g.window = g;
  g.parent = opts.parent ?? g;
  vm.createContext(g);
  new vm.Script(m[1]!).runInContext(g);
  return {
    swc: g.__swc as { run(step: unknown): Promise<unknown>; info(): unknown; reported: Promise<void>; protocol: number; config: unknown },
    reports,
    fetches,
    appended,
    dispatchMessage: (event: { data: unknown; source: unknown }) => messageListeners.forEach((fn) => fn(event)),
  };
}

let s: TestServer;
let html: string;
before(async () => {
  s = await startServer();
  html = (await s.get('/p/page.html', 'r1.localhost')).text;
});
after(() => s.close());

describe('the agent page', () => {
  test('is one inline script with the run and role as JSON, and the same bytes each time', async () => {
    assert.equal(html.match(/<\/script/g)?.length, 1);
    assert.equal(html, (await s.get('/p/page.html', 'r1.localhost')).text);
    assert.equal(html, agentPage({ run: 'r1', role: 'a' }));
    assert.match(html, /<link rel="icon" href="data:,">/, 'no favicon request to pollute the log');
  });

  test('jsonForScript cannot close the script or break a line', () => {
    const out = jsonForScript({ s: '</script><!-- \u2028\u2029 & >' });
    assert.doesNotMatch(out, /[<>&\u2028\u2029]/);
    assert.deepEqual(JSON.parse(out), { s: '</script><!-- \u2028\u2029 & >' });
    assert.throws(() => jsonForScript(undefined));
  });
});

describe('agent steps', () => {
  test('reports page-load with its URL and controller; info()', async () => {
    const c = new FakeContainer();
    c.controller = new FakeWorker('http://r1.localhost:1/p/sw.js', 'activated');
    const a = loadAgent(html, { container: c });
    await a.swc.reported;
    assert.deepEqual(plain(a.reports), [
      {
        source: 'page:http://r1.localhost:1/p/page.html',
        type: 'page-load',
        data: { url: 'http://r1.localhost:1/p/page.html', controller: 'http://r1.localhost:1/p/sw.js' },
      },
    ]);
    assert.deepEqual(plain(a.swc.info()), { href: 'http://r1.localhost:1/p/page.html', controller: 'http://r1.localhost:1/p/sw.js', secure: true });
    assert.equal(a.swc.protocol, 1);
    assert.deepEqual(plain(a.swc.config), { run: 'r1', role: 'a' });
  });

  test('without navigator.serviceWorker every registration step is unsupported', async () => {
    const a = loadAgent(html, { container: null, secure: false });
    for (const step of [
      { do: 'register', script: 'sw.js' },
      { do: 'getRegistration' },
      { do: 'getRegistrations' },
      { do: 'unregister', scope: '/' },
      { do: 'update', scope: '/' },
      { do: 'controller' },
      { do: 'ready' },
      { do: 'message' },
    ]) {
      assert.deepEqual(plain(await a.swc.run({ client: 'c1', ...step })), { unsupported: 'navigator.serviceWorker' }, step.do);
    }
    assert.deepEqual(plain(a.swc.info()), { href: 'http://r1.localhost:1/p/page.html', controller: null, secure: false });
    assert.deepEqual(plain(await a.swc.run({ do: 'fetch', client: 'c1', url: 'x' })), { fetchError: 'TypeError' }, 'fetch still runs');
  });

  test('register passes only the options given and reports the scope or the error name', async () => {
    const c = new FakeContainer();
    c.registerResult = new FakeRegistration('http://r1.localhost:1/p/');
    const a = loadAgent(html, { container: c });
    assert.deepEqual(plain(await a.swc.run({ do: 'register', client: 'c1', script: 'sw.js' })), { ok: true, scope: 'http://r1.localhost:1/p/' });
    await a.swc.run({ do: 'register', client: 'c1', script: 'sw.js', scope: '/p/', type: 'module', updateViaCache: 'none' });
    await a.swc.run({ do: 'register', client: 'c1', script: 'sw.js', scope: '' });
    assert.deepEqual(plain(c.calls), [
      ['register', 'sw.js'],
      ['register', 'sw.js', { scope: '/p/', type: 'module', updateViaCache: 'none' }],
      ['register', 'sw.js', { scope: '' }],
    ]);
    for (const name of ['SecurityError', 'TypeError', 'InvalidStateError']) {
      c.registerResult = named(name);
      assert.deepEqual(plain(await a.swc.run({ do: 'register', client: 'c1', script: 'sw.js' })), { ok: false, error: name });
    }
  });

  test('register settle waits until the newest worker is activated', async () => {
    const c = new FakeContainer();
    const reg = new FakeRegistration('http://r1.localhost:1/p/');
    const w = new FakeWorker('http://r1.localhost:1/p/sw.js', 'installing');
    reg.installing = w;
    c.registerResult = reg;
    const a = loadAgent(html, { container: c });
    let settled = false;
    const p = a.swc.run({ do: 'register', client: 'c1', script: 'sw.js', settle: true }).then((r) => ((settled = true), r));
    await sleep(20);
    w.set('installed');
    reg.installing = null;
    reg.waiting = w;
    await sleep(20);
    assert.equal(settled, false);
    reg.waiting = null;
    reg.active = w;
    w.set('activating');
    await sleep(20);
    assert.equal(settled, false);
    w.set('activated');
    assert.deepEqual(plain(await p), { ok: true, scope: 'http://r1.localhost:1/p/' });
  });

  test('register settle stops at redundant, and after a grace when a new worker waits behind an active one', async () => {
    const c = new FakeContainer();
    const reg = new FakeRegistration('http://r1.localhost:1/p/');
    const w = new FakeWorker('http://r1.localhost:1/p/sw.js', 'installing');
    reg.installing = w;
    c.registerResult = reg;
    const a = loadAgent(html, { container: c });
    let p = a.swc.run({ do: 'register', client: 'c1', script: 'sw.js', settle: true });
    await sleep(10);
    w.set('redundant');
    assert.deepEqual(plain(await p), { ok: true, scope: 'http://r1.localhost:1/p/' });

    reg.installing = null;
    reg.active = new FakeWorker('http://r1.localhost:1/p/sw.js', 'activated');
    reg.waiting = new FakeWorker('http://r1.localhost:1/p/sw.js', 'installed');
    const t0 = performance.now();
    p = a.swc.run({ do: 'register', client: 'c1', script: 'sw.js', settle: true });
    await p;
    const took = performance.now() - t0;
    assert.ok(took >= 900 && took < 3000, `grace took ${took}`);
  });

  test('getRegistration / getRegistrations', async () => {
    const c = new FakeContainer();
    c.registrations = [new FakeRegistration('http://r1.localhost:1/'), new FakeRegistration('http://r1.localhost:1/p/')];
    const a = loadAgent(html, { container: c });
    assert.deepEqual(plain(await a.swc.run({ do: 'getRegistration', client: 'c1' })), { scope: 'http://r1.localhost:1/p/' });
    assert.deepEqual(plain(await a.swc.run({ do: 'getRegistration', client: 'c1', url: 'http://r1.localhost:1/q' })), { scope: 'http://r1.localhost:1/' });
    assert.deepEqual(plain(await a.swc.run({ do: 'getRegistration', client: 'c1', url: 'http://other/' })), { scope: null });
    assert.deepEqual(plain(c.calls), [['getRegistration'], ['getRegistration', 'http://r1.localhost:1/q'], ['getRegistration', 'http://other/']]);
    assert.deepEqual(plain(await a.swc.run({ do: 'getRegistrations', client: 'c1' })), { scopes: ['http://r1.localhost:1/', 'http://r1.localhost:1/p/'] });
    c.lookupError = named('SecurityError');
    assert.deepEqual(plain(await a.swc.run({ do: 'getRegistration', client: 'c1', url: 'http://x/' })), { ok: false, error: 'SecurityError' });
  });

  test('unregister and update find the registration by scope', async () => {
    const c = new FakeContainer();
    const reg = new FakeRegistration('http://r1.localhost:1/p/');
    c.registrations = [reg];
    const a = loadAgent(html, { container: c });
    assert.deepEqual(plain(await a.swc.run({ do: 'unregister', client: 'c1', scope: 'http://r1.localhost:1/p/' })), { unregistered: true });
    assert.deepEqual(plain(await a.swc.run({ do: 'unregister', client: 'c1', scope: 'http://r1.localhost:1/zzz' })), { unregistered: false });
    reg.unregisterError = named('InvalidStateError');
    assert.deepEqual(plain(await a.swc.run({ do: 'unregister', client: 'c1', scope: 'http://r1.localhost:1/p/' })), {
      ok: false,
      error: 'InvalidStateError',
    });
    assert.deepEqual(plain(await a.swc.run({ do: 'update', client: 'c1', scope: 'http://r1.localhost:1/p/' })), { ok: true, scope: 'http://r1.localhost:1/p/' });
    reg.updateError = named('TypeError');
    assert.deepEqual(plain(await a.swc.run({ do: 'update', client: 'c1', scope: 'http://r1.localhost:1/p/' })), { ok: false, error: 'TypeError' });
    assert.deepEqual(plain(await a.swc.run({ do: 'update', client: 'c1', scope: 'http://r1.localhost:1/none' })), { ok: false, error: 'NoRegistration' });
  });

  test('unregister acts on the registration object register()/getRegistration() resolved with', async () => {
    const c = new FakeContainer();
    const reg = new FakeRegistration('http://r1.localhost:1/p/');
    let calls = 0;
    reg.unregister = () => Promise.resolve(++calls === 1);
    c.registerResult = reg;
    const a = loadAgent(html, { container: c });
    await a.swc.run({ do: 'register', client: 'c1', script: 'sw.js', scope: '/p/' });
    // The registration is gone from the container, but the object is remembered.
    assert.deepEqual(plain(await a.swc.run({ do: 'unregister', client: 'c1', scope: '/p/#frag' })), { unregistered: true });
    assert.deepEqual(plain(await a.swc.run({ do: 'unregister', client: 'c1', scope: 'http://r1.localhost:1/p/' })), { unregistered: false });
    assert.equal(c.calls.filter((x) => x[0] === 'getRegistration').length, 0, 'no lookup for a remembered scope');

    const other = new FakeRegistration('http://r1.localhost:1/q/');
    c.registrations = [other];
    const b = loadAgent(html, { container: c });
    await b.swc.run({ do: 'getRegistration', client: 'c1', url: 'http://r1.localhost:1/q/x' });
    other.unregister = () => Promise.resolve(false);
    assert.deepEqual(plain(await b.swc.run({ do: 'unregister', client: 'c1', scope: '/q/' })), { unregistered: false }, 'the remembered object answered');
  });

  test('fetch passes redirect and mode, and reports status, body (200 chars), type, redirected, finalUrl', async () => {
    const a = loadAgent(html, {
      fetch: (url) =>
        Promise.resolve({
          status: 203,
          type: 'basic',
          redirected: true,
          url: `${url}-final`,
          text: () => Promise.resolve('x'.repeat(300)),
        }),
    });
    const r = plain(await a.swc.run({ do: 'fetch', client: 'c1', url: '/data', redirect: 'manual', mode: 'same-origin' }));
    assert.deepEqual(r, { status: 203, body: 'x'.repeat(200), type: 'basic', redirected: true, finalUrl: '/data-final' });
    await a.swc.run({ do: 'fetch', client: 'c1', url: '/plain' });
    assert.deepEqual(plain(a.fetches.map((f) => f.init)), [{ redirect: 'manual', mode: 'same-origin' }, {}]);
    const b = loadAgent(html);
    assert.deepEqual(plain(await b.swc.run({ do: 'fetch', client: 'c1', url: '/x' })), { fetchError: 'TypeError' });
  });

  test('controller, ready timeout, message to a worker', async () => {
    const c = new FakeContainer();
    const a = loadAgent(html, { container: c });
    assert.deepEqual(plain(await a.swc.run({ do: 'controller', client: 'c1' })), { controller: null });
    assert.deepEqual(plain(await a.swc.run({ do: 'message', client: 'c1' })), { ok: false, error: 'NoWorker' });
    c.controller = new FakeWorker('http://r1.localhost:1/sw.js', 'activated');
    assert.deepEqual(plain(await a.swc.run({ do: 'controller', client: 'c1' })), { controller: 'http://r1.localhost:1/sw.js' });
    assert.deepEqual(plain(await a.swc.run({ do: 'message', client: 'c1' })), { version: 'v-msg', state: 'activated' });
    assert.deepEqual(plain(await a.swc.run({ do: 'ready', client: 'c1', timeoutMs: 30 })), { ok: false, error: 'Timeout' });
  });

  test('harness mistakes reject (they are never a browser result)', async () => {
    const a = loadAgent(html);
    for (const step of [null, {}, { do: 'open', client: 'c1', url: 'x' }, { do: 'bumpScript', url: 'x' }, { do: 'settle' }, { do: 'nope' }]) {
      await assert.rejects(a.swc.run(step), /sw-conformance agent/, JSON.stringify(step));
    }
    await assert.rejects(a.swc.run({ do: 'controller', client: 'c1', frame: 'missing' }), /no frame named missing/);
    await assert.rejects(a.swc.run({ do: 'frame', client: 'c1', url: 'x' }), /frame name/);
  });
});

describe('frames', () => {
  test('frame creates an iframe, waits for load, reports url and controller (same origin)', async () => {
    const frameWin: FakeFrameWindow = {
      location: { href: 'http://r1.localhost:1/p/frame.html' },
      navigator: { serviceWorker: { controller: { scriptURL: 'http://r1.localhost:1/p/sw.js' } } },
      __swc: { run: (step: unknown) => Promise.resolve({ ranInFrame: step }) },
    };
    const a = loadAgent(html, { frameWindow: () => frameWin });
    const r = await a.swc.run({ do: 'frame', client: 'c1', frame: 'f1', url: 'frame.html' });
    assert.deepEqual(plain(r), { url: 'http://r1.localhost:1/p/frame.html', controller: 'http://r1.localhost:1/p/sw.js' });
    assert.equal(a.appended.length, 1);
    assert.equal((a.appended[0] as { name: string }).name, 'f1');
    // A step with frame runs in that frame's agent, without the frame key.
    assert.deepEqual(plain(await a.swc.run({ do: 'fetch', client: 'c1', frame: 'f1', url: 'x' })), {
      ranInFrame: { do: 'fetch', client: 'c1', url: 'x' },
    });
    // Navigating an existing frame reuses it.
    await a.swc.run({ do: 'frame', client: 'c1', frame: 'f1', url: 'other.html' });
    assert.equal(a.appended.length, 1);
  });

  test('a readable engine error page is a NetworkError', async () => {
    for (const win of [
      { location: { href: 'http://r1.localhost:1/failed' }, document: { documentURI: 'about:neterror?e=connectionFailure' } },
      { location: { href: 'chrome-error://chromewebdata/' } },
    ]) {
      const a = loadAgent(html, { frameWindow: () => win as FakeFrameWindow });
      assert.deepEqual(plain(await a.swc.run({ do: 'frame', client: 'c1', frame: 'e', url: '/failed' })), { fetchError: 'NetworkError' });
    }
  });

  test('a same-origin frame without an agent still answers controller', async () => {
    const a = loadAgent(html, {
      frameWindow: () => ({ location: { href: 'http://r1.localhost:1/t' }, navigator: { serviceWorker: { controller: null } } }),
    });
    await a.swc.run({ do: 'frame', client: 'c1', frame: 'f', url: 't' });
    assert.deepEqual(plain(await a.swc.run({ do: 'controller', client: 'c1', frame: 'f' })), { controller: null });
    await assert.rejects(a.swc.run({ do: 'fetch', client: 'c1', frame: 'f', url: 'x' }), /has no agent/);
  });

  test('cross-origin frames are reached through the postMessage relay', async () => {
    let agent: ReturnType<typeof loadAgent> | undefined;
    const posted: unknown[] = [];
    const crossWin: FakeFrameWindow = {
      postMessage: (m: any) => {
        posted.push(m);
        // The frame's agent answers on its parent.
        const result = m.kind === 'info' ? { href: 'http://r1-b.localhost:1/f.html', controller: null, secure: true } : { done: m.step.do };
        setTimeout(() => agent!.dispatchMessage({ data: { swc: 1, kind: 'reply', id: m.id, result }, source: crossWin }), 1);
      },
    };
    Object.defineProperty(crossWin, '__swc', {
      get: () => {
        throw named('SecurityError');
      },
    });
    Object.defineProperty(crossWin, 'location', {
      get: () => ({
        get href(): string {
          throw named('SecurityError');
        },
      }),
    });
    agent = loadAgent(html, { frameWindow: () => crossWin });
    const r = await agent.swc.run({ do: 'frame', client: 'c1', frame: 'x', url: 'http://r1-b.localhost:1/f.html' });
    assert.deepEqual(plain(r), { url: 'http://r1-b.localhost:1/f.html', controller: null });
    assert.deepEqual(plain(await agent.swc.run({ do: 'controller', client: 'c1', frame: 'x' })), { done: 'controller' });
    assert.deepEqual(
      plain(posted).map((m: any) => m.kind),
      ['info', 'run'],
    );
    // A reply from anyone but that frame is ignored.
    agent.dispatchMessage({ data: { swc: 1, kind: 'reply', id: 99, result: {} }, source: {} });
  });

  test('the frame side answers run and info requests from its parent only', async () => {
    const toParent: any[] = [];
    const parent = { postMessage: (m: unknown) => toParent.push(m) };
    const a = loadAgent(html, { parent });
    a.dispatchMessage({ data: { swc: 1, kind: 'info', id: 1 }, source: parent });
    a.dispatchMessage({ data: { swc: 1, kind: 'run', id: 2, step: { do: 'controller', client: 'c1' } }, source: parent });
    a.dispatchMessage({ data: { swc: 1, kind: 'run', id: 3, step: { do: 'settle' } }, source: parent });
    a.dispatchMessage({ data: { swc: 1, kind: 'run', id: 4, step: { do: 'controller' } }, source: { stranger: true } });
    await sleep(20);
    const byId = Object.fromEntries(plain(toParent).map((m: any) => [m.id, m]));
    assert.deepEqual(byId[1].result, { href: 'http://r1.localhost:1/p/page.html', controller: null, secure: true });
    assert.deepEqual(byId[2].result, { controller: null });
    assert.match(byId[3].error, /not run inside a document/);
    assert.equal(byId[4], undefined);
  });
});
