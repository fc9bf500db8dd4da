// The three request designs of ../shared/seeds/000_d8eb3ac6ef5d1746.txt ("seed line N") and the
// platform rule they wanted to relax, as pure functions: world + request → ProposalOutcome.
//
//   navigatorConnect         seed lines 9–13   (steps: the navigator.connect draft's Connect algorithm)
//   localLookasideFetch      seed lines 15–19
//   universalLookasideFetch  seed lines 21–24
//   plainFetch               today's platform: Fetch → HTTP fetch → Handle Fetch (sw.bs)
//
// None of these ever shipped (history.ts). The same outcomes are what the shim in
// fixtures-server/shim/ produces with today's APIs, so the browser checks compare against these.
import type { StepResult } from '../../contract/index.js';
import type { RegistrationMap } from '../registration/registration-map.js';
import { isTrustworthy, matchRegistration, obtainStorageKey, registrationMapOf, siteOf } from './match.js';
import { POSITIONS } from '../positions.js';
import type {
  CallerObservation,
  OriginList,
  ProposalOutcome,
  ProposalReason,
  ProposalRegistration,
  ProposalRequest,
  ProposalRequestKind,
  ProposalWorld,
  WorkerAnswer,
  WorkerEventObservation,
} from './types.js';

// ---------------------------------------------------------------------------------------------
// The world, resolved once: each registration with its origin and storage key.

interface Registration extends ProposalRegistration {
  origin: string;
  storageKey: string;
}

interface Caller {
  url: URL;
  origin: string;
  topLevelSite: string;
  /** The caller and its top-level document are secure contexts (Secure Contexts § 3.1, per document). */
  secure: boolean;
  controlled: boolean | undefined;
}

interface Resolved {
  world: ProposalWorld;
  partitioned: boolean;
  /** The registration map (model/registration/registration-map.ts), keyed by (storage key, scope). */
  registrations: RegistrationMap<Registration>;
}

function resolveWorld(world: ProposalWorld): Resolved {
  const partitioned = world.partitioned ?? true;
  const registrations = world.registrations.map((r) => {
    const scope = new URL(r.scope);
    scope.hash = '';
    const origin = scope.origin;
    return {
      ...r,
      scope: scope.href,
      origin,
      storageKey: obtainStorageKey(origin, r.topLevelSite ?? siteOf(origin), partitioned),
    };
  });
  return { world, partitioned, registrations: registrationMapOf(registrations) };
}

function resolveCaller(request: ProposalRequest): Caller {
  const url = new URL(request.caller);
  const top = request.topLevel === undefined ? url : new URL(request.topLevel);
  return {
    url,
    origin: url.origin,
    topLevelSite: siteOf(top.origin),
    secure: isTrustworthy(url.origin) && isTrustworthy(top.origin),
    controlled: request.controlled,
  };
}

function isHTTP(url: URL): boolean {
  return url.protocol === 'http:' || url.protocol === 'https:';
}

function allows(list: OriginList, origin: string): boolean {
  return list === '*' || list.includes(origin);
}

// ---------------------------------------------------------------------------------------------
// Shared steps.

/**
 * The registration a cross-origin call to `url` finds: Match Service Worker Registration with the
 * storage key the *caller's* environment would obtain for the target origin — (top-level site of
 * the caller, origin of url) — see match.ts on partitioning.
 */
function matchTargetRegistration(r: Resolved, caller: Caller, url: URL): Registration | null {
  const key = obtainStorageKey(url.origin, caller.topLevelSite, r.partitioned);
  return matchRegistration(r.registrations, key, url);
}

/**
 * The caller document's active service worker (its controller). Handle Fetch 9.5–9.8 set it when
 * the document was loaded: Match(storage key, document URL) with an active worker; 9.1: a
 * non-secure document is never controlled.
 */
function callerController(r: Resolved, caller: Caller): Registration | null {
  if (caller.controlled === false || !caller.secure) return null;
  const key = obtainStorageKey(caller.origin, caller.topLevelSite, r.partitioned);
  const registration = matchRegistration(r.registrations, key, caller.url);
  return registration !== null && registration.active ? registration : null;
}

/**
 * HTTP-network fetch of `url` for a request whose origin is `requestOrigin`, in mode "cors": the
 * fixture server's answer (contract/scenario.ts: default 200 "network:<path+query>"), then Fetch § CORS
 * check for a cross-origin request.
 */
function networkFetch(r: Resolved, url: URL, requestOrigin: string): { caller: CallerObservation; corsBlocked: boolean } {
  // Fetch § scheme fetch: only http(s) reach HTTP fetch here; anything else is a network error.
  if (!isHTTP(url)) return { caller: { kind: 'networkError', error: 'TypeError' }, corsBlocked: false };
  const key = `${url.origin}${url.pathname}`;
  const resource = r.world.network?.[key];
  if (url.origin !== requestOrigin) {
    const allowOrigin = resource?.allowOrigin ?? null;
    if (allowOrigin !== '*' && allowOrigin !== requestOrigin) {
      return { caller: { kind: 'networkError', error: 'TypeError' }, corsBlocked: true };
    }
  }
  return {
    caller: {
      kind: 'response',
      status: resource?.status ?? 200,
      body: resource?.body ?? `network:${url.pathname}${url.search}`,
      source: 'network',
    },
    corsBlocked: false,
  };
}

interface Answered {
  caller: CallerObservation;
  result: WorkerEventObservation['result'];
  network: boolean;
  corsBlocked: boolean;
}

/**
 * A worker's answer to a fetch-like event for `url`. `fallback` is returned as such: what it means
 * (declined, or on to the network) depends on the event.
 */
function answer(r: Resolved, worker: Registration, a: WorkerAnswer, url: URL): Answered | 'fallback' {
  switch (a.kind) {
    case 'respond':
      // respondWith(new Response(body ?? "sw:<version>", {status})) — contract/scenario.ts FetchAction.
      return {
        caller: { kind: 'response', status: a.status ?? 200, body: a.body ?? `sw:${worker.worker}`, source: 'worker' },
        result: 'responded',
        network: false,
        corsBlocked: false,
      };
    case 'error':
      // respondWith(Response.error()): Fetch HTTP fetch 3.5.7(a), a network error.
      return { caller: { kind: 'networkError', error: 'TypeError' }, result: 'error', network: false, corsBlocked: false };
    case 'forward': {
      // respondWith(fetch(event.request)) from the worker: a ServiceWorkerGlobalScope's fetch()
      // has service-workers mode "none" (Fetch § fetch method), so it goes to the network; its
      // CORS check is against the worker's origin.
      const n = networkFetch(r, url, worker.origin);
      return { caller: n.caller, result: 'forwarded', network: true, corsBlocked: n.corsBlocked };
    }
    case 'fallback':
      return 'fallback';
  }
}

function outcome(
  kind: ProposalRequestKind,
  fields: Partial<ProposalOutcome> & Pick<ProposalOutcome, 'caller' | 'reason'>,
): ProposalOutcome {
  return {
    request: kind,
    matchedScope: null,
    handledBy: null,
    accepted: false,
    network: false,
    events: [],
    positions: [],
    ...fields,
  };
}

function event(
  worker: Registration,
  type: WorkerEventObservation['event'],
  caller: Caller,
  url: URL,
  result: WorkerEventObservation['result'],
): WorkerEventObservation {
  return { worker: worker.worker, workerOrigin: worker.origin, event: type, callerOrigin: caller.origin, url: url.href, result };
}

// ---------------------------------------------------------------------------------------------
// Design 1 — MessagePorts: navigator.connect(url).

/**
 * seed line 11: navigator.connect(url) "can be accepted/rejected by a Service Worker that has
 * registered to handle this URL"; line 12: "A MessagePort is opened between the origins on accept".
 * Steps follow the navigator.connect draft (mkruisselbrink/navigator-connect index.html,
 * "connect(url)" and the Connect algorithm).
 */
export function navigatorConnect(world: ProposalWorld, request: ProposalRequest): ProposalOutcome {
  const kind = request.kind;
  const r = resolveWorld(world);
  const caller = resolveCaller(request);
  const rejected: CallerObservation = { kind: 'rejected', error: 'AbortError' };
  // connect(url) 1–2: parse url against the API base URL; failure → TypeError.
  let url: URL;
  try {
    url = new URL(request.url, caller.url);
  } catch {
    return outcome(kind, { caller: { kind: 'rejected', error: 'TypeError' }, reason: 'invalid-url' });
  }
  if (!caller.secure) {
    return outcome(kind, { caller: rejected, reason: 'insecure-context', positions: [POSITIONS.insecureCallerNotHandled.link] });
  }
  // Connect 2.1: registration = Match Service Worker Registration(url). Only http(s) URLs can
  // have one (Start Register 8).
  const registration = isHTTP(url) ? matchTargetRegistration(r, caller, url) : null;
  const partition = r.partitioned ? [POSITIONS.partitionedRegistrations.link] : [];
  // Connect 2.2: registration is null → reject with an "AbortError" DOMException.
  if (registration === null) {
    return outcome(kind, { caller: rejected, reason: 'no-registration', positions: [...partition, POSITIONS.rejectionIndistinguishable.link] });
  }
  const matchedScope = registration.scope;
  // Connect 2.4: no active worker — the draft leaves this as an issue ("Probably wait…"); reject.
  if (!registration.active) {
    return outcome(kind, {
      caller: rejected,
      matchedScope,
      reason: 'no-active-worker',
      positions: [...partition, POSITIONS.connectWithoutActiveWorker.link, POSITIONS.rejectionIndistinguishable.link],
    });
  }
  // Connect 2.3.1: Handle Functional Event → fire "connect" (ConnectEvent: targetURL, origin) at
  // the active worker. With no listener, shouldAccept stays null → 2.3.1.4: AbortError.
  const accepts = registration.policy.connect;
  if (accepts === undefined) {
    return outcome(kind, { caller: rejected, matchedScope, reason: 'no-handler', positions: [...partition, POSITIONS.rejectionIndistinguishable.link] });
  }
  // The event's origin is the caller's origin as the user agent knows it, never a claim by the caller.
  const accepted = allows(accepts, caller.origin);
  const seen = event(registration, 'connect', caller, url, accepted ? 'accepted' : 'rejected');
  if (!accepted) {
    // Connect 2.3.1.4: shouldAccept is not true → AbortError — indistinguishable from "no service".
    return outcome(kind, {
      caller: rejected,
      matchedScope,
      events: [seen],
      reason: 'rejected-by-worker',
      positions: [...partition, POSITIONS.rejectionIndistinguishable.link],
    });
  }
  // Connect 2.3.1.3: a new connection; client port owned by the caller, service port owned by
  // the active worker's environment; the two are entangled (seed line 12).
  return outcome(kind, {
    caller: { kind: 'port', worker: registration.worker, workerOrigin: registration.origin },
    matchedScope,
    handledBy: registration.worker,
    accepted: true,
    events: [seen],
    reason: 'accepted',
    positions: partition,
  });
}

// ---------------------------------------------------------------------------------------------
// Design 2 — Local look-aside fetch().

/**
 * seed line 17: a local look-aside fetch to a URL "is routed to a local Service Worker if one is
 * installed"; line 18: it "does not then go to the network if no Service Worker is installed for
 * the relevant scope". Every way of not being answered by that worker is the same network error.
 */
export function localLookasideFetch(world: ProposalWorld, request: ProposalRequest): ProposalOutcome {
  return lookaside(resolveWorld(world), request);
}

function lookaside(r: Resolved, request: ProposalRequest): ProposalOutcome {
  const kind = request.kind;
  const caller = resolveCaller(request);
  const failed: CallerObservation = { kind: 'networkError', error: 'TypeError' };
  let url: URL;
  try {
    url = new URL(request.url, caller.url);
  } catch {
    // fetch(): a URL that does not parse is a TypeError (Fetch § Request constructor).
    return outcome(kind, { caller: failed, reason: 'invalid-url' });
  }
  if (!caller.secure) return outcome(kind, { caller: failed, reason: 'insecure-context', positions: [POSITIONS.insecureCallerNotHandled.link] });
  if (!isHTTP(url)) return outcome(kind, { caller: failed, reason: 'not-http' });
  const partition = r.partitioned ? [POSITIONS.partitionedRegistrations.link] : [];
  // "installed for the relevant scope": Match Service Worker Registration in the caller's partition.
  const registration = matchTargetRegistration(r, caller, url);
  if (registration === null) return outcome(kind, { caller: failed, reason: 'no-registration', positions: [...partition, POSITIONS.rejectionIndistinguishable.link] });
  const matchedScope = registration.scope;
  // Only an active worker handles requests (as Handle Fetch 9.7 for navigations).
  if (!registration.active) {
    return outcome(kind, {
      caller: failed,
      matchedScope,
      reason: 'no-active-worker',
      positions: [...partition, POSITIONS.connectWithoutActiveWorker.link, POSITIONS.rejectionIndistinguishable.link],
    });
  }
  const handler = registration.policy.lookaside;
  if (handler === undefined) return outcome(kind, { caller: failed, matchedScope, reason: 'no-handler', positions: [...partition, POSITIONS.rejectionIndistinguishable.link] });
  // The worker's handler sees the request with the verified caller origin and decides.
  const declined = (): ProposalOutcome =>
    outcome(kind, {
      caller: failed,
      matchedScope,
      events: [event(registration, 'lookasidefetch', caller, url, 'declined')],
      reason: 'declined-by-worker',
      positions: [...partition, POSITIONS.rejectionIndistinguishable.link],
    });
  if (!allows(handler.origins, caller.origin)) return declined();
  const a = answer(r, registration, handler.answer, url);
  if (a === 'fallback') return declined();
  return outcome(kind, {
    caller: a.caller,
    matchedScope,
    handledBy: registration.worker,
    accepted: true,
    network: a.network,
    events: [event(registration, 'lookasidefetch', caller, url, a.result)],
    reason: a.result === 'error' || a.corsBlocked ? 'worker-network-error' : 'responded-by-worker',
    positions: partition,
  });
}

// ---------------------------------------------------------------------------------------------
// Design 3 — Universal look-aside fetch().

/** Local look-aside results after which a universal look-aside fetch goes to the network. */
const FALLS_BACK: ReadonlySet<ProposalReason> = new Set<ProposalReason>([
  'insecure-context',
  'not-http',
  'no-registration',
  'no-active-worker',
  'no-handler',
  'declined-by-worker',
]);

/**
 * seed line 23: "Same as the local look-aside fetch(), except if no Service Worker is installed for
 * the relevant scope, then the fetch() goes to the network just as it would in today's world";
 * line 24: enabled explicitly (here: the request kind, i.e. an option of the Request). "Today's
 * world" is a plain fetch() from the caller — its own controller first, then the network with CORS.
 */
export function universalLookasideFetch(world: ProposalWorld, request: ProposalRequest): ProposalOutcome {
  const r = resolveWorld(world);
  const local = lookaside(r, request);
  if (!FALLS_BACK.has(local.reason)) return local;
  const plain = handleSubresourceFetch(r, request);
  const positions = [...new Set([...local.positions, ...plain.positions])];
  if (local.reason === 'declined-by-worker') positions.push(POSITIONS.universalFallsBackWhenDeclined.link);
  return {
    ...plain,
    request: request.kind,
    matchedScope: local.matchedScope,
    events: [...local.events, ...plain.events],
    reason: plain.reason === 'network' ? 'network-fallback' : plain.reason,
    positions,
  };
}

// ---------------------------------------------------------------------------------------------
// Today's platform: a plain fetch() from the page.

/**
 * The rule the designs wanted to relax. A fetch() from a page is a subresource request; Handle
 * Fetch 10.1–10.2 (sw.bs § on-fetch-request-algorithm) hands it to the *client's* active service
 * worker or to nobody: the URL, its scope and its origin play no part, so a worker of another
 * origin never sees it, whatever it registered.
 */
export function plainFetch(world: ProposalWorld, request: ProposalRequest): ProposalOutcome {
  return handleSubresourceFetch(resolveWorld(world), request);
}

function handleSubresourceFetch(r: Resolved, request: ProposalRequest): ProposalOutcome {
  const kind = request.kind;
  const caller = resolveCaller(request);
  let url: URL;
  try {
    url = new URL(request.url, caller.url);
  } catch {
    return outcome(kind, { caller: { kind: 'networkError', error: 'TypeError' }, reason: 'invalid-url' });
  }
  const toNetwork = (events: WorkerEventObservation[]): ProposalOutcome => {
    const n = networkFetch(r, url, caller.origin);
    return outcome(kind, { caller: n.caller, network: isHTTP(url), events, reason: n.corsBlocked ? 'cors-blocked' : isHTTP(url) ? 'network' : 'not-http' });
  };
  // Handle Fetch 10.1: the client's active service worker's registration, if any.
  const controller = callerController(r, caller);
  // Handle Fetch 10.2: otherwise return null — HTTP fetch goes on to the network.
  if (controller === null) return toNetwork([]);
  // Create Fetch Event and Dispatch 11 (Should Skip Event): no fetch listener → network.
  const handler = controller.policy.fetch;
  if (handler === undefined) return toNetwork([]);
  const a = answer(r, controller, handler, url);
  // 21: respondWith not called → fall back to the network.
  if (a === 'fallback') return toNetwork([event(controller, 'fetch', caller, url, 'fallback')]);
  return outcome(kind, {
    caller: a.caller,
    handledBy: controller.worker,
    accepted: true,
    network: a.network,
    events: [event(controller, 'fetch', caller, url, a.result)],
    reason: a.corsBlocked ? 'cors-blocked' : a.result === 'error' ? 'worker-network-error' : 'handled-by-controller',
  });
}

// ---------------------------------------------------------------------------------------------
// One entry point, and the bridge to the shared Outcome shape.

/** Predict any request of the proposals area. */
export function predictProposal(world: ProposalWorld, request: ProposalRequest): ProposalOutcome {
  switch (request.kind) {
    case 'connect':
      return navigatorConnect(world, request);
    case 'localFetch':
      return localLookasideFetch(world, request);
    case 'universalFetch':
      return universalLookasideFetch(world, request);
    case 'crossOriginFetch':
      return plainFetch(world, request);
  }
}

/**
 * The caller's observation as a contract StepResult: a connect resolves with
 * {connected: true, worker, scope, origin} — what the accepting worker answers on the port: its
 * version, the scope of the registration connected to, and the caller origin it was given — or
 * rejects with {ok:false, error}; fetches resolve with {status, body} or reject with {fetchError}.
 */
export function toStepResult(o: ProposalOutcome): StepResult {
  const c = o.caller;
  switch (c.kind) {
    case 'port':
      return {
        connected: true,
        worker: c.worker,
        scope: o.matchedScope,
        origin: o.events.find((e) => e.event === 'connect' && e.result === 'accepted')?.callerOrigin ?? null,
      };
    case 'rejected':
      return { ok: false, error: c.error };
    case 'response':
      return { status: c.status, body: c.body.slice(0, 200) };
    case 'networkError':
      return { fetchError: c.error };
  }
}
