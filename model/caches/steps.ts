// Area "caches": the `cache` and `caches` steps (contract/scenario.ts) as the in-page agent runs
// them (fixtures-server/client/agent.js), on the document's (or frame's) CacheStorage:
//   cache:  c = await caches.open(cacheName) (or, with `reuse`, the Cache object the client's last
//           caches.open step for that name resolved with); build the arguments (a Request object
//           first, then the Response: a constructor throws here); c[op](...arguments)
//   caches: caches[op](...arguments)
// What each resolves with becomes the step result; a rejection {ok: false, error}.

import type { CacheRequestInit, Step, StepResult } from '../../contract/index.js';
import { isSecureContext } from '../clients/clients.js';
import { fetchFromClient, isNetworkError, type Response } from '../fetch/fetch.js';
import type { Co } from '../in-parallel.js';
import { ScenarioError } from '../lifecycle/lifecycle.js';
import type { Client, World } from '../user-agent.js';
import { parseURL, serializeURL } from '../standards/url.js';
import { add, addAll, deleteEntries, keys, match, matchAll, put, requestArg, type CacheEnvironment, type RequestArg } from './cache.js';
import { cacheStorageDelete, cacheStorageHas, cacheStorageKeys, cacheStorageMatch, cacheStorageOpen, cachesState, relevantNameToCacheMap } from './cache-storage.js';
import type { RequestResponseList } from './query-cache.js';
import { CacheException, constructResponse, fetchedBodyDisturbedByRead, recordPositionsIn, responseView, type BuiltResponse } from './request-response.js';

type CacheStep = Extract<Step, { do: 'cache' }>;
type CachesStep = Extract<Step, { do: 'caches' }>;

/** Run a `cache` or `caches` step in `doc`. */
export function* cacheStep(world: World, step: CacheStep | CachesStep, doc: Client): Co<StepResult> {
  // `caches` is [SecureContext]: absent in an insecure context.
  if (!isSecureContext(doc)) return { unsupported: 'caches' };
  recordPositionsIn(world.positions);
  try {
    return step.do === 'caches' ? cachesStep(world, step, doc) : yield* cacheMethodStep(world, step, doc);
  } catch (e) {
    if (e instanceof CacheException) return { ok: false, error: e.errorName };
    throw e;
  }
}

/** The document's API base URL: its URL (the fixture pages have no <base>). */
function baseOf(doc: Client): URL {
  return doc.url;
}

function cachesStep(world: World, step: CachesStep, doc: Client): StepResult {
  const map = relevantNameToCacheMap(world, doc.storageKey);
  const name = step.cacheName;
  switch (step.op) {
    case 'match': {
      const arg = requestArg(step.request!, baseOf(doc));
      const response = cacheStorageMatch(map, arg, step.options, name, doc.url.origin);
      return { response: response === null ? null : responseView(response) };
    }
    case 'has':
      return { value: cacheStorageHas(map, name!) };
    case 'open': {
      const cache = cacheStorageOpen(map, name!);
      // The client keeps this Cache object for later `cache` steps with `reuse`.
      const state = cachesState(world);
      let kept = state.opened.get(doc);
      if (kept === undefined) state.opened.set(doc, (kept = new Map()));
      kept.set(name!, cache);
      return { done: true };
    }
    case 'delete':
      return { value: cacheStorageDelete(map, name!) };
    case 'keys':
      return { names: cacheStorageKeys(map) };
  }
}

/** The Cache object a `cache` step calls its method on. */
function cacheObject(world: World, step: CacheStep, doc: Client): RequestResponseList {
  if (step.reuse === true) {
    const kept = cachesState(world).opened.get(doc)?.get(step.cacheName);
    if (kept === undefined) throw new ScenarioError(`cache step with reuse: client "${step.client}" has no Cache object for "${step.cacheName}" (open it with a caches step first)`);
    return kept;
  }
  return cacheStorageOpen(relevantNameToCacheMap(world, doc.storageKey), step.cacheName);
}

function* cacheMethodStep(world: World, step: CacheStep, doc: Client): Co<StepResult> {
  const cache = cacheObject(world, step, doc);
  const base = baseOf(doc);
  // A Request object is built before the method is called: its constructor throws in the page.
  const arg = (init: CacheRequestInit | undefined): RequestArg | undefined => (init === undefined ? undefined : requestArg(init, base));
  const env: CacheEnvironment = { origin: doc.url.origin, fetch: (r) => fetchFromClient(world, doc, r.url, { mode: 'cors' }) };
  switch (step.op) {
    case 'match': {
      const response = match(cache, arg(step.request)!, step.options, env);
      return { response: response === null ? null : responseView(response) };
    }
    case 'matchAll':
      return { responses: matchAll(cache, arg(step.request), step.options, env).map(responseView) };
    case 'keys':
      return { urls: keys(cache, arg(step.request), step.options).map((r) => serializeURL(r.url)) };
    case 'delete':
      return { value: deleteEntries(cache, arg(step.request)!, step.options) };
    case 'add':
      yield* add(cache, arg(step.request)!, env);
      return { done: true };
    case 'addAll': {
      const args = (step.requests ?? []).map((r) => requestArg(r, base));
      yield* addAll(cache, args, env);
      return { done: true };
    }
    case 'put': {
      const request = arg(step.request)!;
      const built = yield* buildResponse(world, step, doc);
      if ('fetchError' in built) return built;
      put(cache, request, built.response, built.disturbed);
      return { done: true };
    }
  }
}

/** The put step's Response: constructed, or fetched in the document (a rejected fetch is the step's result). */
function* buildResponse(world: World, step: CacheStep, doc: Client): Co<BuiltResponse | { fetchError: string }> {
  const init = step.response!;
  if (init.from !== 'fetch') return constructResponse(init, baseOf(doc));
  const url = parseURL(init.url, doc.url);
  if (url === null) return { fetchError: 'TypeError' };
  const response: Response = yield* fetchFromClient(world, doc, url, init.mode === undefined ? {} : { mode: init.mode });
  if (isNetworkError(response)) return { fetchError: 'TypeError' };
  return { response, disturbed: init.used === true && fetchedBodyDisturbedByRead(response) };
}
