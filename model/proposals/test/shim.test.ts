// The shim (fixtures-server/shim/) without a browser: its three scripts run in separate vm realms
// — the calling page, the endpoint frame, the target origin's service worker — wired together by a
// minimal fake of postMessage, iframes and getRegistration. This checks the plumbing and the
// security rules, and that the shim's observable results equal the model's for the cases.
// The real check is the browser suite; this keeps the shim honest between browser runs.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import vm from 'node:vm';
import {
  matchRegistration,
  obtainStorageKey,
  predictProposal,
  siteOf,
  type CrossOriginPolicy,
  type OriginList,
  type ProposalRegistration,
  type ProposalRequest,
  type ProposalWorld,
  type WorkerEventObservation,
} from '../index.js';
import { isPotentiallyTrustworthyOrigin } from '../../standards/secure-contexts.js';

const SHIM = new URL('../../../fixtures-server/shim/', import.meta.url);
const source = (name: string) => readFileSync(new URL(name, SHIM), 'utf8');
const CALLER_JS = source('swc-connect.js');
const ENDPOINT_JS = source('endpoint.js');
const WORKER_JS = source('swc-connect-worker.js');

const A = 'http://run.localhost:8000';
const B = 'http://run-b.localhost:8000';
const C = 'http://other.localhost:8000';
const INSECURE = 'http://insecure.test:8000';

type Listener = (event: unknown) => void;
interface Doc {
  origin: string;
  listeners: Listener[];
}

const isPort = (x: unknown): x is MessagePort => x instanceof MessagePort;
const isBuffer = (x: unknown) => Object.prototype.toString.call(x) === '[object ArrayBuffer]';
const trusted = (origin: string) => isPotentiallyTrustworthyOrigin(new URL(origin));
const allows = (list: OriginList, origin: string) => list === '*' || list.includes(origin);

function context(globals: Record<string, unknown>): vm.Context {
  const ctx = vm.createContext({ URL, Request, Response, MessageChannel, DOMException, setTimeout, clearTimeout, console, ...globals });
  vm.runInContext('globalThis.self = globalThis; globalThis.window = globalThis;', ctx);
  return ctx;
}

/** A fake browser holding one world's registrations, with one worker realm per active worker. */
class FakeBrowser {
  /** Every postMessage targetOrigin used between windows (the shim must never use "*"). */
  readonly targetOrigins: string[] = [];
  /** What the workers' hooks saw. */
  readonly events: WorkerEventObservation[] = [];
  /** Requests that reached the fake network. */
  readonly network: string[] = [];
  private readonly proxies = new Map<Doc, Map<Doc, object>>();
  private readonly registrations: { scope: string; storageKey: string; active: object | null }[] = [];
  readonly workerPorts: MessagePort[] = [];

  constructor(private readonly world: ProposalWorld) {
    for (const r of world.registrations) {
      const origin = new URL(r.scope).origin;
      this.registrations.push({
        scope: new URL(r.scope).href,
        storageKey: obtainStorageKey(origin, r.topLevelSite ?? siteOf(origin), world.partitioned ?? true),
        active: r.active ? this.startWorker(r, origin) : null,
      });
    }
  }

  /** window.postMessage between two documents: explicit targetOrigin, structured clone, async. */
  windowProxy(target: Doc, viewer: Doc): object {
    let byViewer = this.proxies.get(target);
    if (!byViewer) this.proxies.set(target, (byViewer = new Map()));
    let proxy = byViewer.get(viewer);
    if (!proxy) {
      proxy = {
        postMessage: (message: unknown, targetOrigin: string, transfer: unknown[] = []) => {
          this.targetOrigins.push(targetOrigin);
          if (targetOrigin === 'null') throw new SyntaxError('Invalid target origin');
          if (targetOrigin !== '*' && targetOrigin !== target.origin) return; // dropped, as browsers do
          const data = structuredClone(message, { transfer: transfer.filter(isBuffer) as ArrayBuffer[] });
          const ports = transfer.filter(isPort);
          const event = { data, origin: viewer.origin, source: this.windowProxy(viewer, target), ports };
          setImmediate(() => target.listeners.forEach((l) => l(event)));
        },
      };
      byViewer.set(viewer, proxy);
    }
    return proxy;
  }

  /** A page on `url` (top-level unless `topLevel`), with swc-connect.js loaded. */
  openCaller(url: string, topLevel?: string): { ctx: vm.Context; doc: Doc } {
    const doc: Doc = { origin: new URL(url).origin, listeners: [] };
    const topOrigin = new URL(topLevel ?? url).origin;
    const secure = trusted(doc.origin) && trusted(topOrigin);
    const appendChild = (frame: FakeFrame) => this.loadFrame(frame, doc, siteOf(topOrigin), secure);
    const ctx = context({
      addEventListener: (type: string, l: Listener) => type === 'message' && doc.listeners.push(l),
      document: {
        baseURI: url,
        body: { appendChild },
        createElement: () => new FakeFrame(),
      },
      fetch: async (request: Request) => {
        this.network.push(request.url);
        const u = new URL(request.url);
        // CORS check for a cross-origin request from this page.
        const allow = this.world.network?.[`${u.origin}${u.pathname}`]?.allowOrigin ?? null;
        if (u.origin !== doc.origin && allow !== '*' && allow !== doc.origin) throw new TypeError('Failed to fetch (CORS)');
        return new Response(`network:${u.pathname}${u.search}`);
      },
    });
    vm.runInContext(CALLER_JS, ctx, { filename: 'swc-connect.js' });
    return { ctx, doc };
  }

  /** The iframe: loads endpoint.js in a realm of the frame's origin, then fires "load". */
  private loadFrame(frame: FakeFrame, parent: Doc, topSite: string, parentSecure: boolean): void {
    const url = new URL(frame.src);
    assert.equal(url.pathname, '/__swc-shim/endpoint.html');
    const doc: Doc = { origin: url.origin, listeners: [] };
    // A frame is a secure context only if its ancestors are.
    const secure = parentSecure && trusted(doc.origin);
    const getRegistration = async (href: string) => {
      const clientURL = new URL(href);
      if (clientURL.origin !== doc.origin) throw new DOMException('cross-origin', 'SecurityError');
      const r = matchRegistration(this.registrations, obtainStorageKey(doc.origin, topSite, true), clientURL);
      return r ? { active: r.active } : undefined;
    };
    const ctx = context({
      addEventListener: (type: string, l: Listener) => type === 'message' && doc.listeners.push(l),
      location: { origin: doc.origin },
      navigator: secure ? { serviceWorker: { getRegistration } } : {},
    });
    vm.runInContext(ENDPOINT_JS, ctx, { filename: 'endpoint.js' });
    frame.contentWindow = this.windowProxy(doc, parent);
    setImmediate(() => frame.fire('load'));
  }

  /** A worker realm running swc-connect-worker.js with hooks that implement `r.policy`. */
  private startWorker(r: ProposalRegistration, origin: string): object {
    const listeners: Listener[] = [];
    const ctx = context({
      addEventListener: (type: string, l: Listener) => type === 'message' && listeners.push(l),
      location: { origin },
    });
    vm.runInContext(WORKER_JS, ctx, { filename: 'swc-connect-worker.js' });
    const seen = (event: WorkerEventObservation['event'], callerOrigin: string, url: string, result: WorkerEventObservation['result']) =>
      this.events.push({ worker: r.worker, workerOrigin: origin, event, callerOrigin, url, result });
    const policy: CrossOriginPolicy = r.policy;
    if (policy.connect !== undefined) {
      const list = policy.connect;
      ctx.onSWConnect = (callerOrigin: string, connection: { url: string; port: MessagePort }) => {
        const accept = allows(list, callerOrigin);
        seen('connect', callerOrigin, connection.url, accept ? 'accepted' : 'rejected');
        if (accept) {
          this.workerPorts.push(connection.port);
          connection.port.onmessage = (e) => connection.port.postMessage(`echo:${String(e.data)}`);
        }
        return accept;
      };
    }
    if (policy.lookaside !== undefined) {
      const { origins, answer } = policy.lookaside;
      ctx.onSWLookasideFetch = (request: Request, callerOrigin: string) => {
        if (!allows(origins, callerOrigin) || answer.kind === 'fallback') {
          seen('lookasidefetch', callerOrigin, request.url, 'declined');
          return undefined;
        }
        if (answer.kind === 'error') {
          seen('lookasidefetch', callerOrigin, request.url, 'error');
          return Response.error();
        }
        if (answer.kind === 'forward') {
          seen('lookasidefetch', callerOrigin, request.url, 'forwarded');
          this.network.push(request.url);
          const u = new URL(request.url);
          return new Response(`network:${u.pathname}${u.search}`);
        }
        seen('lookasidefetch', callerOrigin, request.url, 'responded');
        return new Response(answer.body ?? `sw:${r.worker}`, { status: answer.status ?? 200 });
      };
    }
    // A ServiceWorker object: postMessage from a same-origin client (the endpoint frame).
    return {
      postMessage: (message: unknown, transfer: unknown[] = []) => {
        const data = structuredClone(message, { transfer: transfer.filter(isBuffer) as ArrayBuffer[] });
        const event = { data, origin, ports: transfer.filter(isPort), waitUntil: () => {} };
        setImmediate(() => listeners.forEach((l) => l(event)));
      },
    };
  }
}

class FakeFrame {
  hidden = false;
  tabIndex = 0;
  src = '';
  contentWindow: object | null = null;
  private readonly listeners: Record<string, (() => void)[]> = {};
  setAttribute(): void {}
  addEventListener(type: string, l: () => void): void {
    (this.listeners[type] ??= []).push(l);
  }
  fire(type: string): void {
    for (const l of this.listeners[type] ?? []) l();
  }
}

/** What a page observes, in the shape toStepResult gives (a port is just "port"). */
type Observed = 'port' | { ok: false; error: string } | { status: number; body: string } | { fetchError: string };

async function callShim(browser: FakeBrowser, request: ProposalRequest): Promise<Observed> {
  const { ctx } = browser.openCaller(request.caller, request.topLevel);
  const api = ctx.SWConnect as {
    connect(url: string): Promise<MessagePort>;
    localFetch(url: string): Promise<Response>;
    universalFetch(url: string): Promise<Response>;
  };
  try {
    if (request.kind === 'connect') {
      const port = await api.connect(request.url);
      port.close();
      return 'port';
    }
    const response = await (request.kind === 'localFetch' ? api.localFetch(request.url) : api.universalFetch(request.url));
    return { status: response.status, body: await response.text() };
  } catch (e) {
    const name = (e as Error).name;
    return request.kind === 'connect' ? { ok: false, error: name } : { fetchError: name };
  }
}

function predicted(world: ProposalWorld, request: ProposalRequest): { observed: Observed; events: WorkerEventObservation[] } {
  const o = predictProposal(world, request);
  const c = o.caller;
  const observed: Observed =
    c.kind === 'port'
      ? 'port'
      : c.kind === 'rejected'
        ? { ok: false, error: c.error }
        : c.kind === 'response'
          ? { status: c.status, body: c.body }
          : { fetchError: c.error };
  return { observed, events: o.events };
}

const underA = siteOf(A);
const reg = (policy: CrossOriginPolicy, extra: Partial<ProposalRegistration> = {}): ProposalRegistration => ({
  scope: `${B}/svc/`,
  worker: 'vB',
  active: true,
  topLevelSite: underA,
  policy,
  ...extra,
});
const request = (kind: ProposalRequest['kind'], url = `${B}/svc/data?x=1`, caller = `${A}/page.html`, topLevel?: string): ProposalRequest =>
  topLevel === undefined ? { kind, caller, url } : { kind, caller, url, topLevel };

/** B's resources send Access-Control-Allow-Origin: * (the default response sends none). */
const OPEN: ProposalWorld['network'] = Object.fromEntries(
  ['/svc/data', '/svc/', '/err/x', '/fwd/x', '/fb/x'].map((p) => [`${B}${p}`, { allowOrigin: '*' }]),
);

const CASES: { name: string; world: ProposalWorld; requests: ProposalRequest[] }[] = [
  {
    name: 'accept',
    world: { network: OPEN, registrations: [reg({ connect: [A], lookaside: { origins: [A], answer: { kind: 'respond', body: 'hi' } } })] },
    requests: [request('connect'), request('localFetch'), request('universalFetch')],
  },
  {
    name: 'reject',
    world: { network: OPEN, registrations: [reg({ connect: [C], lookaside: { origins: [C], answer: { kind: 'respond' } } })] },
    requests: [request('connect'), request('localFetch'), request('universalFetch')],
  },
  { name: 'no worker installed', world: { network: OPEN, registrations: [] }, requests: [request('connect'), request('localFetch'), request('universalFetch')] },
  { name: 'no worker, default response without CORS header', world: { registrations: [] }, requests: [request('universalFetch')] },
  {
    name: 'worker still installing',
    world: { network: OPEN, registrations: [reg({ connect: '*', lookaside: { origins: '*', answer: { kind: 'respond' } } }, { active: false })] },
    requests: [request('connect'), request('localFetch'), request('universalFetch')],
  },
  {
    name: 'worker without hooks',
    world: { network: OPEN, registrations: [reg({})] },
    requests: [request('connect'), request('localFetch'), request('universalFetch')],
  },
  {
    name: 'two callers on different origins',
    world: {
      network: OPEN,
      registrations: [
        reg({ connect: [A], lookaside: { origins: [A], answer: { kind: 'respond' } } }),
        reg({ connect: [A], lookaside: { origins: [A], answer: { kind: 'respond' } } }, { topLevelSite: siteOf(C) }),
      ],
    },
    requests: [request('connect', undefined, `${C}/p.html`), request('localFetch', undefined, `${C}/p.html`), request('connect')],
  },
  {
    name: 'worker answers: error, forward, fallback',
    world: {
      network: OPEN,
      registrations: [
        reg({ lookaside: { origins: '*', answer: { kind: 'error' } } }, { scope: `${B}/err/` }),
        reg({ lookaside: { origins: '*', answer: { kind: 'forward' } } }, { scope: `${B}/fwd/` }),
        reg({ lookaside: { origins: '*', answer: { kind: 'fallback' } } }, { scope: `${B}/fb/` }),
      ],
    },
    requests: ['err', 'fwd', 'fb'].flatMap((p) => [request('localFetch', `${B}/${p}/x`), request('universalFetch', `${B}/${p}/x`)]),
  },
  {
    name: 'first-party registration, partitioned away from the caller',
    world: { network: OPEN, registrations: [reg({ connect: '*', lookaside: { origins: '*', answer: { kind: 'respond' } } }, { topLevelSite: undefined })] },
    requests: [request('connect'), request('localFetch'), request('universalFetch')],
  },
  {
    name: 'insecure caller',
    world: { network: OPEN, registrations: [reg({ connect: '*' }, { topLevelSite: siteOf(INSECURE) })] },
    requests: [request('connect', `${B}/svc/`, `${INSECURE}/p.html`), request('universalFetch', `${B}/svc/`, `${INSECURE}/p.html`)],
  },
];

describe('proposals: the shim equals the model (fake browser)', () => {
  for (const c of CASES)
    for (const r of c.requests)
      it(`${c.name}: ${r.kind} from ${new URL(r.caller).hostname} to ${new URL(r.url).pathname}`, async () => {
        const browser = new FakeBrowser(c.world);
        const observed = await callShim(browser, r);
        const model = predicted(c.world, r);
        assert.deepEqual(observed, model.observed);
        assert.deepEqual(browser.events, model.events);
        assert.ok(!browser.targetOrigins.includes('*'), 'a postMessage used "*"');
        browser.workerPorts.forEach((p) => p.close());
      });
});

describe('proposals: shim security and plumbing', () => {
  it('an accepted connect gives a working MessagePort to the worker', async () => {
    const browser = new FakeBrowser({ registrations: [reg({ connect: [A] })] });
    const { ctx } = browser.openCaller(`${A}/p.html`);
    const port = (await (ctx.SWConnect as { connect(u: string): Promise<MessagePort> }).connect(`${B}/svc/echo`)) as MessagePort;
    const reply = new Promise<unknown>((resolve) => (port.onmessage = (e) => resolve(e.data)));
    port.postMessage('ping');
    assert.equal(await reply, 'echo:ping');
    port.close();
  });

  it('the worker gets the origin the browser reported, not one claimed in the message', async () => {
    const browser = new FakeBrowser({ registrations: [reg({ connect: [A] }, { topLevelSite: siteOf(C) })] });
    const { doc } = browser.openCaller(`${C}/p.html`); // a page on C...
    const endpointDoc = await endpointOf(browser, `${C}/p.html`, B);
    const replies: unknown[] = [];
    doc.listeners.push((e) => replies.push((e as { data: unknown }).data));
    const channel = new MessageChannel();
    // ...that claims to be A in every field it controls.
    (browser.windowProxy(endpointDoc, doc) as { postMessage: Function }).postMessage(
      { protocol: 'swc-connect/1', kind: 'request', id: 1, type: 'connect', url: `${B}/svc/`, origin: A, callerOrigin: A },
      B,
      [channel.port2],
    );
    await until(() => replies.length > 0);
    assert.deepEqual(browser.events.map((e) => e.callerOrigin), [C]);
    // A refusal carries nothing but "not handled".
    assert.deepEqual(replies, [{ protocol: 'swc-connect/1', kind: 'reply', id: 1, handled: false }]);
    channel.port1.close();
  });

  it('refused and "no worker" replies are identical', async () => {
    const replyFor = async (world: ProposalWorld) => {
      const browser = new FakeBrowser(world);
      const { doc } = browser.openCaller(`${A}/p.html`);
      const endpointDoc = await endpointOf(browser, `${A}/p.html`, B);
      const replies: unknown[] = [];
      doc.listeners.push((e) => replies.push((e as { data: unknown }).data));
      (browser.windowProxy(endpointDoc, doc) as { postMessage: Function }).postMessage(
        { protocol: 'swc-connect/1', kind: 'request', id: 7, type: 'lookaside', url: `${B}/svc/x`, request: { url: `${B}/svc/x`, method: 'GET', headers: [], body: null } },
        B,
        [],
      );
      await until(() => replies.length > 0);
      return replies;
    };
    const refused = await replyFor({ registrations: [reg({ lookaside: { origins: [C], answer: { kind: 'respond', body: 'secret' } } })] });
    const none = await replyFor({ registrations: [] });
    assert.deepEqual(refused, none);
  });

  it('the endpoint answers nothing to an opaque ("null") origin', async () => {
    const browser = new FakeBrowser({ registrations: [reg({ connect: '*' })] });
    browser.openCaller(`${A}/p.html`);
    const endpointDoc = await endpointOf(browser, `${A}/p.html`, B);
    const opaque: Doc = { origin: 'null', listeners: [] };
    const replies: unknown[] = [];
    opaque.listeners.push((e) => replies.push(e));
    (browser.windowProxy(endpointDoc, opaque) as { postMessage: Function }).postMessage(
      { protocol: 'swc-connect/1', kind: 'request', id: 1, type: 'connect', url: `${B}/svc/` },
      B,
      [new MessageChannel().port2],
    );
    await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(replies, []);
    assert.deepEqual(browser.events, []);
  });

  it('the worker ignores relayed requests from another origin', async () => {
    const listeners: Listener[] = [];
    const ctx = context({ addEventListener: (_: string, l: Listener) => listeners.push(l), location: { origin: B } });
    vm.runInContext(WORKER_JS, ctx);
    let called = false;
    ctx.onSWConnect = () => (called = true);
    const reply = new MessageChannel();
    const conn = new MessageChannel();
    listeners.forEach((l) =>
      l({ data: { protocol: 'swc-connect/1', kind: 'request', type: 'connect', url: `${B}/svc/`, origin: A }, origin: C, ports: [reply.port2, conn.port2], waitUntil() {} }),
    );
    await new Promise((r) => setTimeout(r, 10));
    assert.equal(called, false);
    reply.port1.close();
    conn.port1.close();
  });

  it('universal look-aside with no worker reaches the network from the page; local never does', async () => {
    const browser = new FakeBrowser({ registrations: [], network: OPEN });
    assert.deepEqual(await callShim(browser, request('localFetch')), { fetchError: 'TypeError' });
    assert.deepEqual(browser.network, []);
    assert.deepEqual(await callShim(browser, request('universalFetch')), { status: 200, body: 'network:/svc/data?x=1' });
    assert.deepEqual(browser.network, [`${B}/svc/data?x=1`]);
  });
});

/** Open (through the shim) the endpoint frame for `target` and return its document. */
async function endpointOf(browser: FakeBrowser, callerURL: string, target: string): Promise<Doc> {
  // The shim creates it on first use; a connect with a throwaway request does that.
  let endpoint: Doc | undefined;
  const original = browser.windowProxy.bind(browser);
  browser.windowProxy = (t: Doc, v: Doc) => {
    if (t.origin === target && endpoint === undefined) endpoint = t;
    return original(t, v);
  };
  const { ctx } = browser.openCaller(callerURL);
  // Loading the frame is enough; the request itself is irrelevant here.
  void (ctx.SWConnect as { localFetch(u: string): Promise<unknown> }).localFetch(`${target}/__never__`).catch(() => {});
  await until(() => endpoint !== undefined);
  await new Promise((r) => setTimeout(r, 10));
  browser.events.length = 0;
  return endpoint as Doc;
}

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((r) => setTimeout(r, 5));
  assert.ok(condition(), 'timed out');
}
