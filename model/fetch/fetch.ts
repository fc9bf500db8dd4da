// Fetch (fetch.bs § main fetch, § HTTP fetch, § HTTP-redirect fetch) as far as service workers
// shape it, and the service worker side of it (sw.bs § Handle Fetch, § Create Fetch Event and
// Dispatch, § respondWith), with each generated worker's FetchAction standing in for its fetch
// listener.

import { isSecureContext, topLevelOf } from '../clients/clients.js';
import { httpNetworkOrCacheFetch, isNullBodyStatus, isOfflineNetworkError, isRedirectStatus, type CacheMode } from './fixture-network.js';
import { waitUntil, type Co } from '../in-parallel.js';
import { isStale, lifetimePromisesSettled, softUpdate } from '../lifecycle/lifecycle.js';
import { POSITIONS } from '../positions.js';
import { cacheFetchAction } from '../caches/worker.js';
import type { Client, Registration, ServiceWorker, World } from '../user-agent.js';
import { matchServiceWorkerRegistration } from '../registration/registration-map.js';
import type { FetchAction, FetchRule } from '../../contract/index.js';
import { isThirdPartyContext, obtainStorageKey } from '../standards/storage-key.js';
import { isPotentiallyTrustworthyURL } from '../standards/secure-contexts.js';
import { isHTTPScheme, parseURL, sameOrigin, serializeURL } from '../standards/url.js';

export type RequestMode = 'navigate' | 'same-origin' | 'no-cors' | 'cors';
export type RedirectMode = 'follow' | 'error' | 'manual';
export type ResponseType = 'basic' | 'cors' | 'default' | 'error' | 'opaque' | 'opaqueredirect';

/** Fetch § requests, the fields the model uses. */
export interface Request {
  /** URL list; the last entry is the current URL. */
  urlList: URL[];
  mode: RequestMode;
  redirect: RedirectMode;
  /** "" for fetch(), "document" / "iframe" for navigations. */
  destination: string;
  /** Serialized origin of the request's client (the origin of the page, or of a worker for its own fetches). */
  origin: string;
  /** The redirect-taint: a cross-origin hop makes the serialized origin "null" for CORS. */
  taintedOrigin: boolean;
  /** The request's client; null for a service worker's own fetch(). */
  client: Client | null;
  /** Navigations: the reserved client (replaced by ../navigation/navigation.ts on cross-origin hops). */
  reservedClient: Client | null;
  serviceWorkersMode: 'all' | 'none';
  responseTainting: 'basic' | 'cors' | 'opaque';
  redirectCount: number;
  cacheMode: CacheMode;
}

/** Fetch § responses, the fields the model uses. Filtered responses point at their internal response. */
export interface Response {
  type: ResponseType;
  status: number;
  headers: Map<string, string>;
  /** What the body reads as; undefined when the model does not know the bytes. */
  body: string | undefined;
  urlList: URL[];
  /** For filtered responses. */
  internal: Response | null;
  /** The bytes are one of the fixture's agent pages. */
  agentPage: boolean;
  /** Why it is a network error (for explanations). */
  error?: string;
  /** Constructed by a service worker (new Response(), Response.redirect()). */
  synthetic?: boolean;
}

export function currentURL(request: Request): URL {
  const u = request.urlList[request.urlList.length - 1];
  if (u === undefined) throw new Error('a request always has a URL');
  return u;
}

export function networkError(why: string): Response {
  return { type: 'error', status: 0, headers: new Map(), body: undefined, urlList: [], internal: null, agentPage: false, error: why };
}

export function isNetworkError(r: Response): boolean {
  return r.type === 'error';
}

export function internalResponse(r: Response): Response {
  return r.internal ?? r;
}

function isFiltered(r: Response): boolean {
  return r.internal !== null;
}

/** The response's URL list as the Response object exposes it (an opaque filtered response has none). */
export function exposedURLList(r: Response): URL[] {
  if (r.type === 'opaque') return [];
  return internalResponse(r).urlList;
}

/** Fetch § basic / CORS / opaque / opaque-redirect filtered responses. */
function filteredResponse(type: 'basic' | 'cors' | 'opaque' | 'opaqueredirect', internal: Response): Response {
  const opaqueish = type === 'opaque' || type === 'opaqueredirect';
  return {
    type,
    status: opaqueish ? 0 : internal.status,
    headers: opaqueish ? new Map() : internal.headers,
    body: opaqueish ? '' : internal.body,
    urlList: type === 'opaque' ? [] : internal.urlList,
    internal,
    agentPage: internal.agentPage,
  };
}

function serializedRequestOrigin(request: Request): string {
  return request.taintedOrigin ? 'null' : request.origin;
}

/** Fetch § CORS check (credentials mode is never "include" here: fetch() defaults to "same-origin"). */
function corsCheck(request: Request, response: Response): boolean {
  const origin = response.headers.get('access-control-allow-origin');
  if (origin === undefined) return false;
  return origin === '*' || origin === serializedRequestOrigin(request);
}

// ---------------------------------------------------------------------------------------------
// Main fetch, HTTP fetch, HTTP-redirect fetch

/** § main fetch (the parts after the request has been set up). */
export function* mainFetch(world: World, request: Request, recursive = false): Co<Response> {
  const url = currentURL(request);
  let response: Response;
  // main fetch 12: the first matching statement.
  if ((url.origin === request.origin && request.responseTainting === 'basic') || request.mode === 'navigate') {
    request.responseTainting = 'basic';
    response = yield* schemeFetch(world, request);
  } else if (request.mode === 'same-origin') {
    response = networkError('main fetch 12: mode "same-origin" and a cross-origin URL');
  } else if (request.mode === 'no-cors') {
    if (request.redirect !== 'follow') response = networkError('main fetch 12: mode "no-cors" requires redirect mode "follow"');
    else {
      request.responseTainting = 'opaque';
      response = yield* schemeFetch(world, request);
    }
  } else if (!isHTTPScheme(url)) {
    response = networkError('main fetch 12: not an HTTP(S) URL');
  } else {
    request.responseTainting = 'cors';
    response = yield* httpFetch(world, request);
  }
  // main fetch 13: recursive calls return here.
  if (recursive) return response;
  // main fetch 14: filter by the response tainting. Position synthetic-response-tainting: a
  // response the worker constructed (new Response(), Response.redirect()) gets the basic filter
  // whatever the tainting, just as a worker's fetch() result keeps the filter it already has.
  if (!isNetworkError(response) && !isFiltered(response)) {
    let tainting = request.responseTainting;
    if (response.synthetic === true && tainting !== 'basic') {
      world.positions.add(POSITIONS.syntheticResponseTainting.link);
      tainting = 'basic';
    }
    response = filteredResponse(tainting, response);
  }
  // main fetch 16: an empty URL list (a synthetic response) becomes the request's.
  const internal = internalResponse(response);
  if (!isNetworkError(response) && internal.urlList.length === 0) internal.urlList = [...request.urlList];
  if (!isNetworkError(response) && response.type !== 'opaque' && response.urlList.length === 0) response.urlList = internal.urlList;
  return response;
}

/** § scheme fetch: http(s) → HTTP fetch; the scenarios use no other scheme. */
function* schemeFetch(world: World, request: Request): Co<Response> {
  if (!isHTTPScheme(currentURL(request))) return networkError('scheme fetch: not an HTTP(S) URL');
  return yield* httpFetch(world, request);
}

/** § HTTP fetch. */
function* httpFetch(world: World, request: Request): Co<Response> {
  let response: Response | null = null;
  // HTTP fetch 3: service-workers mode "all" → Handle Fetch.
  if (request.serviceWorkersMode === 'all') {
    const fetchResponse = yield* handleFetch(world, request);
    if (fetchResponse !== null) {
      response = fetchResponse;
      // HTTP fetch 3.5.7: what a service worker may not answer.
      if (response.type === 'error') return networkError(response.error ?? 'HTTP fetch 3.5.7(a): the service worker answered with a network error');
      if (request.mode === 'same-origin' && response.type === 'cors') return networkError('HTTP fetch 3.5.7(b): a "cors" response to a same-origin request');
      if (request.mode !== 'no-cors' && response.type === 'opaque') return networkError('HTTP fetch 3.5.7(c): an opaque response to a request that is not no-cors');
      if (request.redirect !== 'manual' && response.type === 'opaqueredirect') return networkError('HTTP fetch 3.5.7(d): an opaqueredirect response to a request whose redirect mode is not "manual"');
      if (request.redirect !== 'follow' && exposedURLList(response).length > 1) return networkError('HTTP fetch 3.5.7(e): a redirected response to a request whose redirect mode is not "follow"');
    }
  }
  // HTTP fetch 4: no response from a service worker.
  if (response === null) {
    // HTTP fetch 4.2: network redirects of "follow" requests are not exposed to a service worker.
    if (request.redirect === 'follow') request.serviceWorkersMode = 'none';
    // HTTP fetch 4.3: HTTP-network-or-cache fetch.
    response = networkResponse(world, request);
    // HTTP fetch 4.4: the CORS check.
    if (request.responseTainting === 'cors' && !corsCheck(request, response)) return networkError('HTTP fetch 4.4: the CORS check failed');
  }
  const internal = internalResponse(response);
  // HTTP fetch 6: a redirect status.
  if (isRedirectStatus(internal.status)) {
    switch (request.redirect) {
      case 'error':
        return networkError('HTTP fetch 6: a redirect with redirect mode "error"');
      case 'manual':
        // Navigations: HTML runs the next manual redirect steps (../navigation/navigation.ts). Others: opaque-redirect.
        if (request.mode === 'navigate') return response;
        return filteredResponse('opaqueredirect', internal);
      case 'follow':
        return yield* httpRedirectFetch(world, request, response);
    }
  }
  return response;
}

/** The network's answer for the request's current URL. */
function networkResponse(world: World, request: Request): Response {
  const url = currentURL(request);
  const { response } = httpNetworkOrCacheFetch(world, url, request.cacheMode, world.scheduler.now);
  // Area "caches": the run is offline (a `network` step) and the HTTP cache had nothing.
  if (isOfflineNetworkError(response)) return networkError('offline: the connection closed without a response');
  return {
    type: 'default',
    status: response.status,
    headers: response.headers,
    body: response.body,
    urlList: [...request.urlList],
    internal: null,
    agentPage: response.agentPage,
  };
}

/**
 * Fetch § response "location URL" given the request's fragment: null (no Location, or not a
 * redirect status), "failure", or the URL. Location parses against the response's URL; a
 * synthetic response has none, so only an absolute Location parses.
 */
export function locationURL(response: Response, requestFragment: string | null): URL | 'failure' | null {
  if (!isRedirectStatus(response.status)) return null;
  const location = response.headers.get('location');
  if (location === undefined) return null;
  const base = response.urlList[response.urlList.length - 1];
  const parsed = base === undefined ? parseURL(location) : parseURL(location, base);
  if (parsed === null) return 'failure';
  // "If location is a URL whose fragment is null, set its fragment to requestFragment."
  if (!parsed.href.includes('#') && requestFragment !== null) parsed.hash = requestFragment;
  return parsed;
}

/** The fragment of a URL, or null when it has none ("#" alone is the empty fragment). */
export function fragmentOf(url: URL): string | null {
  const i = url.href.indexOf('#');
  return i === -1 ? null : url.href.slice(i + 1);
}

/** § HTTP-redirect fetch. */
export function* httpRedirectFetch(world: World, request: Request, response: Response): Co<Response> {
  // HTTP-redirect fetch 2: the internal response.
  const internal = internalResponse(response);
  // HTTP-redirect fetch 3: the location URL with the current URL's fragment.
  const location = locationURL(internal, fragmentOf(currentURL(request)));
  // HTTP-redirect fetch 4: null → the response itself.
  if (location === null) return response;
  // HTTP-redirect fetch 5–6.
  if (location === 'failure') return networkError('HTTP-redirect fetch 5: the Location does not parse');
  if (!isHTTPScheme(location)) return networkError('HTTP-redirect fetch 6: the Location is not an HTTP(S) URL');
  // HTTP-redirect fetch 7: the 21st redirect is a network error.
  if (request.redirectCount === 20) return networkError('HTTP-redirect fetch 7: more than 20 redirects');
  // HTTP-redirect fetch 8.
  request.redirectCount += 1;
  // The redirect-taint: another origin after the request's own origin was left.
  const current = currentURL(request);
  if (!sameOrigin(current, location) && current.origin !== request.origin) request.taintedOrigin = true;
  // HTTP-redirect fetch 18: append the location URL.
  request.urlList.push(location);
  // HTTP-redirect fetch 20–22: main fetch again (recursive unless "manual", i.e. a navigation).
  return yield* mainFetch(world, request, request.redirect !== 'manual');
}

// ---------------------------------------------------------------------------------------------
// Handle Fetch

/** Fetch § non-subresource request destinations (navigations and workers). */
function isNonSubresourceRequest(request: Request): boolean {
  return ['document', 'embed', 'frame', 'iframe', 'object', 'report', 'serviceworker', 'sharedworker', 'worker'].includes(request.destination);
}

/** § Handle Fetch. Returns a response, or null to go to the network. */
export function* handleFetch(world: World, request: Request): Co<Response | null> {
  let registration: Registration | null = null;
  const client = request.client;
  const reservedClient = request.reservedClient;
  // Handle Fetch 8: embed and object are never intercepted.
  if (request.destination === 'embed' || request.destination === 'object') return null;
  if (isNonSubresourceRequest(request)) {
    if (reservedClient === null) throw new Error('Handle Fetch 9.4: a navigation has a reserved client');
    // Position #1735: every hop starts from an uncontrolled reserved client.
    const before = reservedClient.activeServiceWorker;
    reservedClient.activeServiceWorker = null;
    const uncontrolledHop = (): null => {
      if (before !== null) world.positions.add(POSITIONS.resetControllerPerHop.link);
      return null;
    };
    const url = currentURL(request);
    // Handle Fetch 9.1–9.2: not a potentially trustworthy URL → network. A frame inside a document
    // that is not a secure context cannot be one either (HTML secure context), so it is treated alike.
    if (!isPotentiallyTrustworthyURL(url) || (reservedClient.parent !== null && !isSecureContext(reservedClient.parent))) return uncontrolledHop();
    // Handle Fetch 9.5: the reserved client's storage key — (origin, top-level site); a frame of
    // another site gets its own partition (position partitioned-storage-key).
    const topLevelURL = reservedClient.parent === null ? url : topLevelOf(reservedClient.parent).url;
    const storageKey = obtainStorageKey(url, topLevelURL);
    if (isThirdPartyContext(url, topLevelURL)) world.positions.add(POSITIONS.partitionedStorageKey.link);
    // Handle Fetch 9.6: Match Service Worker Registration on the current URL (position: not the first URL).
    registration = matchServiceWorkerRegistration(world.registrationMap, storageKey, url);
    // Handle Fetch 9.7: no registration or no active worker → network, uncontrolled.
    if (registration === null || registration.activeWorker === null) return uncontrolledHop();
    // Handle Fetch 9.8: the reserved client is controlled from here on, whatever the worker does.
    reservedClient.activeServiceWorker = registration.activeWorker;
  } else {
    // Handle Fetch 10: a subresource goes to the client's controller, whatever its URL.
    if (client === null || client.activeServiceWorker === null) return null;
    registration = client.activeServiceWorker.registration;
  }
  // Handle Fetch 11: the registration's active worker.
  const activeWorker = registration.activeWorker;
  if (activeWorker === null) return null;
  const shouldSoftUpdate = isNonSubresourceRequest(request) || isStale(world, registration);
  return yield* createFetchEventAndDispatch(world, request, registration, activeWorker, shouldSoftUpdate);
}

/** The FetchRule / otherwise action the worker's listener takes for this request. */
function chooseFetchAction(rules: FetchRule[] | undefined, otherwise: FetchAction, url: string, mode: RequestMode): FetchAction {
  for (const rule of rules ?? []) {
    if (rule.urlContains !== undefined && !url.includes(rule.urlContains)) continue;
    if (rule.mode !== undefined && rule.mode !== mode) continue;
    return rule.action;
  }
  return otherwise;
}

/** § Create Fetch Event and Dispatch. */
function* createFetchEventAndDispatch(world: World, request: Request, registration: Registration, activeWorker: ServiceWorker, shouldSoftUpdate: boolean): Co<Response | null> {
  const listener = activeWorker.behaviour.fetch;
  // CFEaD 11: Should Skip Event — no fetch listener → network (the client stays controlled).
  if (listener === null) {
    if (shouldSoftUpdate) spawnSoftUpdate(world, registration);
    return null;
  }
  // CFEaD 15: wait while the worker is "activating".
  yield* waitUntil(() => activeWorker.state !== 'activating', `${activeWorker.version} leaves "activating"`);
  const url = currentURL(request);
  if (request.urlList.length > 1) world.positions.add(POSITIONS.handleFetchCurrentURL.link);
  // CFEaD 17: dispatch; the generated worker logs every fetch event it sees.
  const eventURL = serializeURL(url);
  world.fetchEvents.push({ worker: activeWorker.version, url: eventURL, mode: request.mode, redirect: request.redirect, destination: request.destination });
  const action = chooseFetchAction(listener?.rules, listener?.otherwise ?? { kind: 'fallback' }, eventURL, request.mode);
  const outcome = yield* runFetchAction(world, request, activeWorker, action);
  // The generated listener's event.waitUntil(report) settles: Try Clear Registration / Try Activate.
  lifetimePromisesSettled(world, registration);
  // CFEaD 19: soft update after dispatch.
  if (shouldSoftUpdate) spawnSoftUpdate(world, registration);
  // CFEaD 21–24.
  return outcome;
}

function spawnSoftUpdate(world: World, registration: Registration): void {
  world.scheduler.spawn(`soft update ${registration.scope}`, softUpdateThread(world, registration), registration.scope);
}

function* softUpdateThread(world: World, registration: Registration): Co {
  // "In parallel", no timing (PredictOptions.deferSoftUpdatesTo, POSITIONS.softUpdateTiming).
  const defer = world.options.deferSoftUpdatesTo;
  if (defer !== undefined && world.stepsDone < defer) yield* waitUntil(() => world.stepsDone >= defer, `step ${defer} is done (deferred Soft Update)`);
  softUpdate(world, registration);
}

/**
 * The listener's action: respondWith(…) with a response (or a rejected promise → network error),
 * preventDefault() (→ network error), or nothing (→ null, the network).
 */
/**
 * A request made by fetch() in a ServiceWorkerGlobalScope: a fresh request (no client, redirect
 * count 0) whose service-workers mode is "none" (Fetch, fetch() method), so it never reaches a
 * fetch event.
 */
export function requestFromWorker(url: URL, mode: Request['mode'], redirect: Request['redirect'], destination: Request['destination'], origin: string): Request {
  return {
    urlList: [url],
    mode,
    redirect,
    destination,
    origin,
    taintedOrigin: false,
    client: null,
    reservedClient: null,
    serviceWorkersMode: 'none',
    responseTainting: 'basic',
    redirectCount: 0,
    cacheMode: 'default',
  };
}

function* runFetchAction(world: World, request: Request, worker: ServiceWorker, action: FetchAction): Co<Response | null> {
  switch (action.kind) {
    case 'fallback':
      // CFEaD 21.2–21.4: respondWith not called, not canceled → null.
      return null;
    case 'cancel':
      // CFEaD 21.1: canceled without respondWith → network error.
      return networkError('Create Fetch Event and Dispatch 21.1: the fetch event was canceled');
    case 'error':
      // respondWith(Response.error()): a response of type "error" (HTTP fetch 3.5.7(a)).
      return networkError('respondWith(Response.error())');
    case 'respond': {
      const status = action.status ?? 200;
      const body = action.body ?? `sw:${worker.version}`;
      // Response constructor: a status outside 200–599 throws RangeError, a null body status with a body throws TypeError:
      // the listener throws before respondWith → the network.
      if (status < 200 || status > 599 || isNullBodyStatus(status)) return null;
      const headers = new Map<string, string>([['content-type', 'text/plain;charset=UTF-8']]);
      for (const [k, v] of Object.entries(action.headers ?? {})) headers.set(k.toLowerCase(), v);
      return { type: 'default', status, headers, body, urlList: [], internal: null, agentPage: false, synthetic: true };
    }
    case 'redirect': {
      // Response.redirect(url, status): parsed against the worker's API base URL (its script URL).
      const location = parseURL(action.location, worker.scriptURL);
      if (location === null) return null; // TypeError thrown before respondWith → the network.
      const status = action.status ?? 302;
      return { type: 'default', status, headers: new Map([['location', serializeURL(location)]]), body: '', urlList: [], internal: null, agentPage: false, synthetic: true };
    }
    case 'forward': {
      // fetch(event.request): the same mode, redirect mode, destination and origin; service-workers mode "none".
      // Position: the request the worker sees holds only the current URL.
      const inner = requestFromWorker(currentURL(request), request.mode, request.redirect, request.destination, request.origin);
      let response = yield* mainFetch(world, inner);
      if (isNetworkError(response)) return response; // the promise rejects → respondWith's network error
      // Position (whatwg/html#8740): a navigate-mode manual redirect comes back as opaqueredirect.
      if (inner.mode === 'navigate' && isRedirectStatus(internalResponse(response).status) && response.type !== 'opaqueredirect') {
        world.positions.add(POSITIONS.opaqueRedirectForNavigateFetch.link);
        response = filteredResponse('opaqueredirect', internalResponse(response));
      }
      return response;
    }
    case 'fetch': {
      // fetch(url ?? event.request.url, {redirect}): a new request from the worker — mode "cors",
      // destination "", the worker's origin, service-workers mode "none".
      const target = action.url === undefined ? currentURL(request) : parseURL(action.url, worker.scriptURL);
      if (target === null) return networkError('fetch(): the URL does not parse (TypeError) → respondWith rejected');
      const inner = requestFromWorker(target, 'cors', action.redirect ?? 'follow', '', new URL(worker.scriptURL).origin);
      return yield* mainFetch(world, inner);
    }
    case 'cache':
    case 'network-first':
      // Area "caches" (../caches/worker.ts); the network part is fetch(event.request), as "forward".
      return yield* cacheFetchAction(world, request, worker, action, () => runFetchAction(world, request, worker, { kind: 'forward' }));
  }
}

// ---------------------------------------------------------------------------------------------
// fetch() from a page

/** A page's fetch(url, {mode, redirect}): a subresource request from `client`. */
export function* fetchFromClient(world: World, client: Client, url: URL, init: { mode?: 'same-origin' | 'no-cors' | 'cors'; redirect?: RedirectMode }): Co<Response> {
  const request: Request = {
    urlList: [url],
    mode: init.mode ?? 'cors',
    redirect: init.redirect ?? 'follow',
    destination: '',
    origin: client.url.origin,
    taintedOrigin: false,
    client,
    reservedClient: null,
    serviceWorkersMode: 'all',
    responseTainting: 'basic',
    redirectCount: 0,
    cacheMode: 'default',
  };
  return yield* mainFetch(world, request);
}
