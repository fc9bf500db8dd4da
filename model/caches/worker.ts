// What the generated workers do with their caches (contract WorkerBehaviour, FetchAction;
// fixtures-server/client/worker.js): install's waitUntil(caches.open(name).then(c =>
// c.addAll(urls))), activate's deletion of the caches it does not keep, and the cache fetch
// actions (respondWith(caches.match(…)), cache-first, network-first). Each reports a cache event,
// as the generated script does (Outcome.cacheEvents).

import type { CacheEventObservation, FetchAction, Scenario, WorkerBehaviour } from '../../contract/index.js';
import { currentURL, isNetworkError, mainFetch, networkError, requestFromWorker, type Request, type Response } from '../fetch/fetch.js';
import type { Co } from '../in-parallel.js';
import { POSITIONS } from '../positions.js';
import type { ServiceWorker, World } from '../user-agent.js';
import { serializeURL } from '../standards/url.js';
import { addAll, put, requestArg, type RequestArg } from './cache.js';
import { cacheStorageDelete, cacheStorageKeys, cacheStorageMatch, cacheStorageOpen, cachesState, relevantNameToCacheMap } from './cache-storage.js';
import { CacheException, getHeader, recordPosition, recordPositionsIn, responseHeaderList, type CacheRequest } from './request-response.js';

type CacheAction = Extract<FetchAction, { kind: 'cache' | 'network-first' }>;

function report(world: World, worker: ServiceWorker, op: CacheEventObservation['op'], target: string, result: string): void {
  cachesState(world).events.push({ worker: worker.version, op, target, result });
}

/** The worker's origin (serialized). */
function originOf(worker: ServiceWorker): string {
  return new URL(worker.scriptURL).origin;
}

/**
 * fetch(r) in a ServiceWorkerGlobalScope, as addAll makes it (addAll 5.3: service-workers mode
 * "none"): a new request from the worker's origin, mode "cors" (the Request constructor's default
 * for a URL), redirect "follow", no client.
 */
function* workerFetch(world: World, worker: ServiceWorker, r: CacheRequest): Co<Response> {
  return yield* mainFetch(world, requestFromWorker(r.url, 'cors', 'follow', '', originOf(worker)));
}

/**
 * Install, the generated listener's addAll: caches.open(cacheName) then addAll(urls) (relative to
 * the script), inside event.waitUntil: false when the promise rejects (the install fails).
 */
export function* installAddAll(world: World, worker: ServiceWorker, cfg: { cacheName: string; urls: string[] }): Co<boolean> {
  recordPositionsIn(world.positions);
  const map = relevantNameToCacheMap(world, worker.registration.storageKey);
  const cache = cacheStorageOpen(map, cfg.cacheName);
  const base = new URL(worker.scriptURL);
  try {
    yield* addAll(cache, cfg.urls.map((u) => ({ string: u, base })), { origin: originOf(worker), fetch: (r) => workerFetch(world, worker, r) });
  } catch (e) {
    if (!(e instanceof CacheException)) throw e;
    report(world, worker, 'addAll', cfg.cacheName, e.errorName);
    return false;
  }
  report(world, worker, 'addAll', cfg.cacheName, 'ok');
  return true;
}

/** Activate, the generated listener's keepCaches: caches.keys(), then caches.delete() of every name not kept. */
export function activateKeepCaches(world: World, worker: ServiceWorker, keep: readonly string[]): void {
  const map = relevantNameToCacheMap(world, worker.registration.storageKey);
  for (const name of cacheStorageKeys(map)) {
    if (keep.includes(name)) continue;
    report(world, worker, 'deleteCache', name, String(cacheStorageDelete(map, name)));
  }
}

/**
 * event.request as a cache query: a GET request for its current URL. Position
 * cache-event-request-headers: its header list is empty here; engines add headers the model does
 * not know (Accept, …), so Vary against event.request is not predicted.
 */
function eventRequest(request: Request): CacheRequest {
  return { url: currentURL(request), method: 'GET', headerList: [] };
}

/** caches.match(query, {cacheName, ...options}) in the worker's storage key. */
function workerCachesMatch(world: World, worker: ServiceWorker, query: RequestArg, action: CacheAction): Response | null {
  const map = relevantNameToCacheMap(world, worker.registration.storageKey);
  const options = action.kind === 'cache' ? action.options : undefined;
  const response = cacheStorageMatch(map, query, options, action.cacheName, originOf(worker));
  if (response !== null && 'object' in query && options?.ignoreVary !== true && getHeader(responseHeaderList(response), 'vary') !== null) {
    recordPosition(POSITIONS.cacheEventRequestHeaders.link);
  }
  return response;
}

/** cache.put(event.request, response.clone()) into the cache `store`, reported; a rejection is caught (the response is served anyway). */
function storeResponse(world: World, worker: ServiceWorker, request: Request, store: string, response: Response): void {
  const map = relevantNameToCacheMap(world, worker.registration.storageKey);
  const cache = cacheStorageOpen(map, store);
  const url = serializeURL(currentURL(request));
  try {
    put(cache, { object: eventRequest(request) }, response, false);
  } catch (e) {
    if (!(e instanceof CacheException)) throw e;
    report(world, worker, 'put', url, e.errorName);
    return;
  }
  report(world, worker, 'put', url, 'ok');
}

/**
 * The cache fetch actions (contract FetchAction "cache" and "network-first"): what respondWith
 * gets. `network` is fetch(event.request) as the "forward" action makes it (../fetch/fetch.ts): a
 * network error there is a rejected fetch.
 */
export function* cacheFetchAction(world: World, request: Request, worker: ServiceWorker, action: CacheAction, network: () => Co<Response | null>): Co<Response | null> {
  recordPositionsIn(world.positions);
  const url = serializeURL(currentURL(request));
  const base = new URL(worker.scriptURL);
  const query = (u: string | undefined): RequestArg => (u === undefined ? { object: eventRequest(request) } : requestArg(u, base));
  const serve = (response: Response | null, source: 'cache' | 'network' | 'miss'): Response => {
    report(world, worker, 'serve', url, source);
    // respondWith(undefined) (a miss) or a rejected promise: a network error (Create Fetch Event and Dispatch 22).
    return response ?? networkError(`respondWith: ${source === 'miss' ? 'no cached response (undefined)' : 'rejected'}`);
  };
  if (action.kind === 'cache') {
    let cached: Response | null;
    try {
      cached = workerCachesMatch(world, worker, query(action.url), action);
    } catch (e) {
      if (!(e instanceof CacheException)) throw e;
      return serve(null, 'miss');
    }
    if (cached !== null) return serve(cached, 'cache');
    if (action.miss !== 'network') return serve(null, 'miss');
    // Cache-first: a miss goes to the network, stored first when `store` is given.
    const fetched = (yield* network()) ?? networkError('fetch(event.request) failed');
    if (isNetworkError(fetched)) return serve(null, 'miss');
    if (action.store !== undefined) storeResponse(world, worker, request, action.store, fetched);
    return serve(fetched, 'network');
  }
  // Network-first: fetch(event.request); a resolved response is served (stored first with `store`).
  const fetched = (yield* network()) ?? networkError('fetch(event.request) failed');
  if (!isNetworkError(fetched)) {
    if (action.store !== undefined) storeResponse(world, worker, request, action.store, fetched);
    return serve(fetched, 'network');
  }
  // …a rejected fetch falls back to caches.match(fallback ?? event.request, {cacheName}).
  let cached: Response | null;
  try {
    cached = workerCachesMatch(world, worker, query(action.fallback), action);
  } catch (e) {
    if (!(e instanceof CacheException)) throw e;
    cached = null;
  }
  return serve(cached, cached === null ? 'miss' : 'cache');
}

/** Whether a behaviour uses caches (so the outcome states the workers' cache events). */
function behaviourUsesCaches(b: WorkerBehaviour): boolean {
  const actions = b.fetch ? [b.fetch.otherwise, ...(b.fetch.rules ?? []).map((r) => r.action)] : [];
  return b.install?.addAll !== undefined || b.activate?.keepCaches !== undefined || actions.some((a) => a.kind === 'cache' || a.kind === 'network-first');
}

/** Whether the scenario's workers (any version, any served resource) report cache events: then Outcome.cacheEvents is predicted. */
export function predictsCacheEvents(scenario: Scenario): boolean {
  const resources = [...Object.values(scenario.resources ?? {}), ...scenario.steps.flatMap((s) => (s.do === 'serve' ? [s.resource] : []))];
  return resources.some((r) => r.kind === 'worker' && [r.behaviour, ...(r.next ?? [])].some(behaviourUsesCaches));
}

/** Outcome.cacheEvents. */
export function cacheEventsOf(world: World): CacheEventObservation[] {
  return world.caches?.events ?? [];
}
