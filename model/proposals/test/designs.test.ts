// Models of the seed's cross-origin designs (model/proposals/designs.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  navigatorConnect,
  plainFetch,
  predictProposal,
  siteOf,
  toStepResult,
  type CrossOriginPolicy,
  type ProposalRegistration,
  type ProposalRequest,
  type ProposalRequestKind,
  type ProposalWorld,
} from '../index.js';
import { POSITIONS } from '../../positions.js';

const A = 'http://run.localhost:8000'; // the caller
const B = 'http://run-b.localhost:8000'; // the service
const C = 'http://other.localhost:8000'; // a second caller
const INSECURE = 'http://insecure.test:8000';

/** B's service registration, made inside a page of `under` (the partition a caller there sees). */
function service(policy: CrossOriginPolicy, opts: Partial<ProposalRegistration> = {}): ProposalRegistration {
  return { scope: `${B}/svc/`, worker: 'vB', active: true, topLevelSite: siteOf(A), policy, ...opts };
}

/** B's resources answer cross-origin fetches (Access-Control-Allow-Origin: *), so bodies are visible. */
const CORS_OPEN: ProposalWorld['network'] = Object.fromEntries(
  ['/svc/data', '/svc/d', '/x'].map((p) => [`${B}${p}`, { allowOrigin: '*' }]),
);

function world(...registrations: ProposalRegistration[]): ProposalWorld {
  return { registrations, network: CORS_OPEN };
}

function req(kind: ProposalRequestKind, url: string, caller = `${A}/page.html`, extra: Partial<ProposalRequest> = {}): ProposalRequest {
  return { kind, caller, url, ...extra };
}

const everything: CrossOriginPolicy = {
  connect: '*',
  lookaside: { origins: '*', answer: { kind: 'respond', body: 'from-b' } },
  fetch: { kind: 'respond', body: 'b-fetch-handler' },
};

describe('proposals: navigator.connect (seed lines 9–13)', () => {
  it('accept: a port entangled with the worker registered for the URL, which saw the verified origin', () => {
    const o = navigatorConnect(world(service({ connect: [A] })), req('connect', `${B}/svc/echo`));
    assert.deepEqual(o.caller, { kind: 'port', worker: 'vB', workerOrigin: B });
    assert.equal(o.accepted, true);
    assert.equal(o.handledBy, 'vB');
    assert.equal(o.matchedScope, `${B}/svc/`);
    assert.equal(o.network, false);
    assert.deepEqual(o.events, [
      { worker: 'vB', workerOrigin: B, event: 'connect', callerOrigin: A, url: `${B}/svc/echo`, result: 'accepted' },
    ]);
    assert.deepEqual(toStepResult(o), { connected: true, worker: 'vB', scope: `${B}/svc/`, origin: A });
  });

  it('reject: AbortError; the worker saw the attempt and the caller learns nothing more', () => {
    const o = navigatorConnect(world(service({ connect: [C] })), req('connect', `${B}/svc/echo`));
    assert.deepEqual(o.caller, { kind: 'rejected', error: 'AbortError' });
    assert.equal(o.reason, 'rejected-by-worker');
    assert.equal(o.handledBy, null);
    assert.equal(o.events.length, 1);
    assert.equal(o.events[0]?.result, 'rejected');
    assert.equal(o.events[0]?.callerOrigin, A);
    assert.deepEqual(toStepResult(o), { ok: false, error: 'AbortError' });
  });

  it('no worker installed: the same AbortError as a refusal (indistinguishable)', () => {
    const none = navigatorConnect(world(), req('connect', `${B}/svc/echo`));
    const refused = navigatorConnect(world(service({ connect: [] })), req('connect', `${B}/svc/echo`));
    assert.equal(none.reason, 'no-registration');
    assert.deepEqual(none.caller, refused.caller);
    assert.deepEqual(none.events, []);
    assert.ok(none.positions.includes(POSITIONS.rejectionIndistinguishable.link));
  });

  it('a worker with no connect handler rejects, and sees nothing', () => {
    const o = navigatorConnect(world(service({ lookaside: { origins: '*', answer: { kind: 'respond' } } })), req('connect', `${B}/svc/`));
    assert.equal(o.reason, 'no-handler');
    assert.deepEqual(o.caller, { kind: 'rejected', error: 'AbortError' });
    assert.deepEqual(o.events, []);
  });

  it('worker installed later: rejected while installing, accepted once active', () => {
    const request = req('connect', `${B}/svc/echo`);
    const before = navigatorConnect(world(), request);
    const installing = navigatorConnect(world(service({ connect: '*' }, { active: false })), request);
    const after = navigatorConnect(world(service({ connect: '*' })), request);
    assert.equal(before.reason, 'no-registration');
    assert.equal(installing.reason, 'no-active-worker');
    assert.deepEqual(installing.caller, before.caller);
    assert.ok(installing.positions.includes(POSITIONS.connectWithoutActiveWorker.link));
    assert.equal(after.reason, 'accepted');
  });

  it('two callers on different origins: each is judged by its own verified origin', () => {
    const w = world(
      service({ connect: [A] }),
      service({ connect: [A] }, { topLevelSite: siteOf(C) }), // the same service, registered under C's site
    );
    const fromA = navigatorConnect(w, req('connect', `${B}/svc/x`, `${A}/p.html`));
    const fromC = navigatorConnect(w, req('connect', `${B}/svc/x`, `${C}/p.html`));
    assert.equal(fromA.caller.kind, 'port');
    assert.deepEqual(fromC.caller, { kind: 'rejected', error: 'AbortError' });
    assert.equal(fromA.events[0]?.callerOrigin, A);
    assert.equal(fromC.events[0]?.callerOrigin, C);
  });

  it('longest-prefix scope match picks the worker (Match Service Worker Registration)', () => {
    const w = world(service({ connect: '*' }), service({ connect: '*' }, { scope: `${B}/svc/v1/`, worker: 'vB1' }));
    assert.equal(navigatorConnect(w, req('connect', `${B}/svc/v1/echo`)).handledBy, 'vB1');
    assert.equal(navigatorConnect(w, req('connect', `${B}/svc/v2/echo`)).handledBy, 'vB');
    // Prefix, not path-structural: "/svc/" does not cover "/svc".
    assert.equal(navigatorConnect(w, req('connect', `${B}/svc`)).reason, 'no-registration');
  });

  it('a relative URL resolves against the caller (same-origin service)', () => {
    const w = world({ scope: `${A}/svc/`, worker: 'vA', active: true, policy: { connect: [A] } });
    const o = navigatorConnect(w, req('connect', 'svc/echo'));
    assert.equal(o.handledBy, 'vA');
  });

  it('an unparsable URL is a TypeError; a non-http URL is just "no registration"', () => {
    assert.deepEqual(navigatorConnect(world(), req('connect', 'http://[')).caller, { kind: 'rejected', error: 'TypeError' });
    assert.equal(navigatorConnect(world(), req('connect', 'ftp://x/svc/')).reason, 'no-registration');
  });

  it('an insecure caller reaches no worker', () => {
    const o = navigatorConnect(world(service({ connect: '*' }, { topLevelSite: siteOf(INSECURE) })), req('connect', `${B}/svc/`, `${INSECURE}/p.html`));
    assert.equal(o.reason, 'insecure-context');
    assert.deepEqual(o.events, []);
  });
});

describe('proposals: partitioning (the double-keying that ended foreign fetch)', () => {
  const firstParty = service({ connect: '*' }, { topLevelSite: undefined });

  it('a registration made top-level on the service origin is invisible to a caller on another site', () => {
    const o = navigatorConnect(world(firstParty), req('connect', `${B}/svc/`));
    assert.equal(o.reason, 'no-registration');
    assert.ok(o.positions.includes(POSITIONS.partitionedRegistrations.link));
  });

  it('the 2015 world (partitioned: false) finds it', () => {
    const o = navigatorConnect({ registrations: [firstParty], partitioned: false }, req('connect', `${B}/svc/`));
    assert.equal(o.reason, 'accepted');
  });

  it('a caller framed under another top-level site sees that site\'s partition', () => {
    const underC = service({ connect: '*' }, { topLevelSite: siteOf(C) });
    const framed = req('connect', `${B}/svc/`, `${A}/frame.html`, { topLevel: `${C}/top.html` });
    assert.equal(navigatorConnect(world(underC), framed).reason, 'accepted');
    assert.equal(navigatorConnect(world(underC), req('connect', `${B}/svc/`)).reason, 'no-registration');
  });

  it('siteOf: last two labels; IPs and single labels as they are', () => {
    assert.equal(siteOf('http://run.localhost:8000'), 'http://run.localhost');
    assert.equal(siteOf('https://a.b.example'), 'https://b.example');
    assert.equal(siteOf('http://127.0.0.1:9'), 'http://127.0.0.1');
    assert.equal(siteOf('http://localhost:9'), 'http://localhost');
  });
});

describe('proposals: look-aside fetch (seed lines 15–24)', () => {
  const answering = (answer: NonNullable<CrossOriginPolicy['lookaside']>['answer'], origins: readonly string[] | '*' = '*') =>
    world(service({ lookaside: { origins, answer } }));

  it('local: routed to the worker installed for the scope, which sees the verified origin', () => {
    const o = predictProposal(answering({ kind: 'respond', body: 'hello' }), req('localFetch', `${B}/svc/data`));
    assert.deepEqual(o.caller, { kind: 'response', status: 200, body: 'hello', source: 'worker' });
    assert.equal(o.network, false);
    assert.equal(o.handledBy, 'vB');
    assert.deepEqual(o.events, [
      { worker: 'vB', workerOrigin: B, event: 'lookasidefetch', callerOrigin: A, url: `${B}/svc/data`, result: 'responded' },
    ]);
    assert.deepEqual(toStepResult(o), { status: 200, body: 'hello' });
  });

  it('local: the default body is "sw:<version>"', () => {
    const o = predictProposal(answering({ kind: 'respond' }), req('localFetch', `${B}/svc/data`));
    assert.equal(o.caller.kind === 'response' && o.caller.body, 'sw:vB');
  });

  it('local: no worker installed → network error, never the network (seed line 18)', () => {
    const o = predictProposal(world(), req('localFetch', `${B}/svc/data`));
    assert.deepEqual(o.caller, { kind: 'networkError', error: 'TypeError' });
    assert.equal(o.network, false);
    assert.deepEqual(toStepResult(o), { fetchError: 'TypeError' });
  });

  it('local: a caller the worker does not accept gets the same error as "no worker"', () => {
    const o = predictProposal(answering({ kind: 'respond' }, [C]), req('localFetch', `${B}/svc/data`));
    assert.equal(o.reason, 'declined-by-worker');
    assert.deepEqual(o.caller, predictProposal(world(), req('localFetch', `${B}/svc/data`)).caller);
    assert.equal(o.events[0]?.result, 'declined');
    assert.equal(o.network, false);
  });

  it('local: a handler that does not respond declines; Response.error() is a network error it handled', () => {
    assert.equal(predictProposal(answering({ kind: 'fallback' }), req('localFetch', `${B}/svc/d`)).reason, 'declined-by-worker');
    const error = predictProposal(answering({ kind: 'error' }), req('localFetch', `${B}/svc/d`));
    assert.equal(error.reason, 'worker-network-error');
    assert.equal(error.accepted, true);
    assert.deepEqual(error.caller, { kind: 'networkError', error: 'TypeError' });
  });

  it('local: a worker that forwards fetches from the network itself', () => {
    const o = predictProposal(answering({ kind: 'forward' }), req('localFetch', `${B}/svc/d?q=1`));
    assert.deepEqual(o.caller, { kind: 'response', status: 200, body: 'network:/svc/d?q=1', source: 'network' });
    assert.equal(o.network, true);
    assert.equal(o.events[0]?.result, 'forwarded');
  });

  it('local vs universal: with no worker, universal goes to the network', () => {
    const local = predictProposal(world(), req('localFetch', `${B}/svc/data?x=1`));
    const universal = predictProposal(world(), req('universalFetch', `${B}/svc/data?x=1`));
    assert.equal(local.caller.kind, 'networkError');
    assert.deepEqual(universal.caller, { kind: 'response', status: 200, body: 'network:/svc/data?x=1', source: 'network' });
    assert.equal(universal.network, true);
    assert.equal(universal.reason, 'network-fallback');
  });

  it('universal: a worker that answers wins, exactly as local', () => {
    const w = answering({ kind: 'respond', body: 'hi' });
    const local = predictProposal(w, req('localFetch', `${B}/svc/d`));
    const universal = predictProposal(w, req('universalFetch', `${B}/svc/d`));
    assert.deepEqual({ ...universal, request: 'localFetch' }, local);
  });

  it('universal: declined → network, and the worker still saw the request', () => {
    const o = predictProposal(answering({ kind: 'respond' }, [C]), req('universalFetch', `${B}/svc/d`));
    assert.equal(o.caller.kind === 'response' && o.caller.source, 'network');
    assert.equal(o.events[0]?.result, 'declined');
    assert.ok(o.positions.includes(POSITIONS.universalFallsBackWhenDeclined.link));
  });

  it('universal: Response.error() does not fall back', () => {
    const o = predictProposal(answering({ kind: 'error' }), req('universalFetch', `${B}/svc/d`));
    assert.deepEqual(o.caller, { kind: 'networkError', error: 'TypeError' });
    assert.equal(o.network, false);
  });

  it('universal fallback is today\'s fetch(): the caller\'s own controller first, then CORS', () => {
    const own: ProposalRegistration = { scope: `${A}/`, worker: 'vA', active: true, policy: { fetch: { kind: 'respond', body: 'a-cache' } } };
    const viaController = predictProposal(world(own), req('universalFetch', `${B}/svc/d`));
    assert.deepEqual(viaController.caller, { kind: 'response', status: 200, body: 'a-cache', source: 'worker' });
    assert.equal(viaController.reason, 'handled-by-controller');
    const blocked = predictProposal({ registrations: [], network: { [`${B}/svc/d`]: { allowOrigin: null } } }, req('universalFetch', `${B}/svc/d`));
    assert.deepEqual(blocked.caller, { kind: 'networkError', error: 'TypeError' });
    assert.equal(blocked.reason, 'cors-blocked');
  });

  it('worker installed later: local fails, then answers', () => {
    const r = req('localFetch', `${B}/svc/d`);
    assert.equal(predictProposal(world(), r).caller.kind, 'networkError');
    assert.equal(predictProposal(answering({ kind: 'respond' }), r).caller.kind, 'response');
  });

  it('two callers: one answered, one declined, each seen with its own origin', () => {
    const w = world(
      service({ lookaside: { origins: [A], answer: { kind: 'respond' } } }),
      service({ lookaside: { origins: [A], answer: { kind: 'respond' } } }, { topLevelSite: siteOf(C) }),
    );
    const a = predictProposal(w, req('localFetch', `${B}/svc/d`, `${A}/p.html`));
    const c = predictProposal(w, req('localFetch', `${B}/svc/d`, `${C}/p.html`));
    assert.equal(a.caller.kind, 'response');
    assert.equal(c.caller.kind, 'networkError');
    assert.equal(a.events[0]?.callerOrigin, A);
    assert.equal(c.events[0]?.callerOrigin, C);
  });
});

describe('proposals: a plain cross-origin fetch() (the rule the designs relax)', () => {
  it('goes to the network, never to the other origin\'s worker, whatever it registered', () => {
    const o = plainFetch(world(service(everything)), req('crossOriginFetch', `${B}/svc/data`));
    assert.deepEqual(o.caller, { kind: 'response', status: 200, body: 'network:/svc/data', source: 'network' });
    assert.deepEqual(o.events, []);
    assert.equal(o.handledBy, null);
  });

  it('a controlled page\'s cross-origin fetch goes to its own controller (Handle Fetch 10.1)', () => {
    const own: ProposalRegistration = { scope: `${A}/`, worker: 'vA', active: true, policy: { fetch: { kind: 'respond' } } };
    const o = plainFetch(world(own, service(everything)), req('crossOriginFetch', `${B}/svc/data`));
    assert.deepEqual(o.caller, { kind: 'response', status: 200, body: 'sw:vA', source: 'worker' });
    assert.deepEqual(o.events.map((e) => e.worker), ['vA']);
  });

  it('an uncontrolled page (loaded before activation) or a controller without fetch handler: network', () => {
    const own: ProposalRegistration = { scope: `${A}/`, worker: 'vA', active: true, policy: { fetch: { kind: 'respond' } } };
    assert.equal(plainFetch(world(own), req('crossOriginFetch', `${B}/x`, `${A}/p.html`, { controlled: false })).reason, 'network');
    const noHandler: ProposalRegistration = { ...own, policy: {} };
    const o = plainFetch(world(noHandler), req('crossOriginFetch', `${B}/x`));
    assert.equal(o.reason, 'network');
    assert.deepEqual(o.events, []);
    const fallback: ProposalRegistration = { ...own, policy: { fetch: { kind: 'fallback' } } };
    const f = plainFetch(world(fallback), req('crossOriginFetch', `${B}/x`));
    assert.equal(f.reason, 'network');
    assert.equal(f.events[0]?.result, 'fallback');
  });

  it('CORS: the fixture server\'s default response (no Access-Control-Allow-Origin) is a TypeError', () => {
    const o = plainFetch({ registrations: [] }, req('crossOriginFetch', `${B}/svc/data`));
    assert.deepEqual(o.caller, { kind: 'networkError', error: 'TypeError' });
    assert.equal(o.reason, 'cors-blocked');
    assert.equal(o.network, true);
    // Same-origin needs no CORS.
    assert.equal(plainFetch({ registrations: [] }, req('crossOriginFetch', `${A}/svc/data`)).caller.kind, 'response');
  });

  it('CORS: a response without Access-Control-Allow-Origin for the caller is a TypeError', () => {
    const w: ProposalWorld = { registrations: [], network: { [`${B}/x`]: { allowOrigin: C, body: 'secret' } } };
    const o = plainFetch(w, req('crossOriginFetch', `${B}/x`));
    assert.deepEqual(o.caller, { kind: 'networkError', error: 'TypeError' });
    assert.equal(o.reason, 'cors-blocked');
  });

  it('exhaustively: a plain fetch() never reaches a worker of another origin', () => {
    const policies: CrossOriginPolicy[] = [{}, everything, { connect: [C], lookaside: { origins: [C], answer: { kind: 'forward' } } }];
    const ownPolicies: (CrossOriginPolicy | null)[] = [null, {}, { fetch: { kind: 'respond' } }, { fetch: { kind: 'forward' } }];
    for (const policy of policies)
      for (const active of [true, false])
        for (const ownPolicy of ownPolicies) {
          const regs = [service(policy, { active })];
          if (ownPolicy) regs.push({ scope: `${A}/`, worker: 'vA', active: true, policy: ownPolicy });
          const o = plainFetch(world(...regs), req('crossOriginFetch', `${B}/svc/data`));
          for (const e of o.events) assert.equal(e.workerOrigin, A, JSON.stringify({ policy, active, ownPolicy, e }));
        }
  });
});
