// sw.bs § Cache: the methods of a Cache object, which represents one request response list.
// Each returns what its promise settles with, or throws the CacheException it rejects with. The
// in-parallel parts run to completion here: the harness waits for each step's promise.

import type { CacheQueryOptions, CacheRequestInit } from '../../contract/index.js';
import { isNetworkError, type Response } from '../fetch/fetch.js';
import type { Co } from '../in-parallel.js';
import { isHTTPScheme } from '../standards/url.js';
import { batchCacheOperations, type CacheBatchOperation } from './batch-cache-operations.js';
import { matchingItems, queryCache, type RequestResponseList } from './query-cache.js';
import { POSITIONS } from '../positions.js';
import { CacheException, constructRequest, copyRequest, copyResponse, getHeader, queryOptions, recordPosition, responseHeaderList, typeError, varyFieldValues, type CacheRequest } from './request-response.js';

/**
 * A method's RequestInfo argument: a Request object the caller built (its request), or a string the
 * method itself converts with the Request constructor (relative to `base`, the API base URL).
 */
export type RequestArg = { object: CacheRequest } | { string: string; base: URL };

export function requestArg(init: CacheRequestInit, base: URL): RequestArg {
  return typeof init === 'string' ? { string: init, base } : { object: constructRequest(init, base) };
}

/** "the associated request of the result of invoking the initial value of Request as constructor with request": a string is parsed (may throw). */
function toRequest(arg: RequestArg): CacheRequest {
  return 'object' in arg ? arg.object : constructRequest(arg.string, arg.base);
}

/**
 * Cache match/matchAll/delete/keys step 1–2: r, or null when the method must resolve with nothing
 * at once (a Request object whose method is not GET, unless ignoreMethod).
 */
function requestForQuery(arg: RequestArg, options: CacheQueryOptions | undefined): CacheRequest | null {
  if ('object' in arg) {
    const r = arg.object;
    if (r.method !== 'GET' && !queryOptions(options).ignoreMethod) return null;
    return r;
  }
  // Else (a string): the Request constructor, whose exception rejects the promise.
  return toRequest(arg);
}

/** What a Cache method needs from its environment (the page's document or the worker's global). */
export interface CacheEnvironment {
  /** The environment's origin (serialized), for the matchAll CORP check. */
  origin: string;
  /** fetch(r) as addAll does it: the environment's fetch (through its controller, for a page; service-workers mode "none" for a worker). */
  fetch: (r: CacheRequest) => Co<Response>;
}

/**
 * https://w3c.github.io/ServiceWorker/#cache-matchall
 * Cache.matchAll(request, options): copies of the matching responses (every response when request is omitted).
 */
export function matchAll(cache: RequestResponseList, arg: RequestArg | undefined, options: CacheQueryOptions | undefined, env: Pick<CacheEnvironment, 'origin'>): Response[] {
  // matchAll 1–2: r; a non-GET Request without ignoreMethod → an empty array.
  let r: CacheRequest | null = null;
  if (arg !== undefined) {
    r = requestForQuery(arg, options);
    if (r === null) return [];
  }
  // matchAll 5.1–5.3: responses.
  const responses = r === null ? cache.items.map((item) => copyResponse(item.response)) : queryCache(r, options, cache.items).map((item) => item.response);
  // matchAll 5.4: an opaque response that the cross-origin resource policy check blocks → TypeError.
  for (const response of responses) {
    if (response.type === 'opaque' && corpBlocks(env.origin, response)) throw typeError('Cache.matchAll 5.4: the cross-origin resource policy check blocks an opaque response');
  }
  // matchAll 5.5: the frozen array, in order.
  return responses;
}

/**
 * Fetch § cross-origin resource policy check (destination ""), for an opaque response's internal
 * response: "same-origin" blocks another origin; "same-site" another site (scheme + registrable
 * domain, as model/standards/storage-key.ts); anything else passes.
 */
function corpBlocks(origin: string, response: Response): boolean {
  const internal = response.internal;
  const url = internal?.urlList[internal.urlList.length - 1];
  const policy = internal?.headers.get('cross-origin-resource-policy')?.trim().toLowerCase();
  if (url === undefined || policy === undefined) return false;
  if (policy === 'same-origin') return url.origin !== origin;
  if (policy === 'same-site') {
    const site = (u: string) => {
      const h = new URL(u);
      return `${h.protocol}//${h.hostname.split('.').slice(-2).join('.')}`;
    };
    return site(url.origin) !== site(origin);
  }
  return false;
}

/** https://w3c.github.io/ServiceWorker/#cache-match — matchAll's first response, or undefined (null here). */
export function match(cache: RequestResponseList, arg: RequestArg, options: CacheQueryOptions | undefined, env: Pick<CacheEnvironment, 'origin'>): Response | null {
  // match 2.1–2.5.
  const responses = matchAll(cache, arg, options, env);
  return responses[0] ?? null;
}

/** https://w3c.github.io/ServiceWorker/#cache-add — addAll([request]). */
export function* add(cache: RequestResponseList, arg: RequestArg, env: CacheEnvironment): Co<void> {
  yield* addAll(cache, [arg], env);
}

/** https://w3c.github.io/ServiceWorker/#cache-addAll */
export function* addAll(cache: RequestResponseList, args: readonly RequestArg[], env: CacheEnvironment): Co<void> {
  // addAll 3: a Request object that is not http(s) or not GET → TypeError, before anything is fetched.
  for (const arg of args) {
    if (!('object' in arg)) continue;
    const r = arg.object;
    if (!isHTTPScheme(r.url) || r.method !== 'GET') throw typeError('Cache.addAll 3: a Request that is not an http(s) GET');
  }
  // addAll 5: each request through the Request constructor; not http(s) → abort the fetches, TypeError.
  // (The model converts every request before it starts any fetch: a fetch started before a later
  // request fails here is aborted, and whether its request reached a worker is a race the
  // scenarios do not depend on.)
  const requestList = args.map((arg) => {
    const r = toRequest(arg);
    if (!isHTTPScheme(r.url)) throw typeError('Cache.addAll 5.2: not an http(s) URL');
    return copyRequest(r);
  });
  // addAll 5.5–5.6: fetch each; processResponse rejects on a network error, a status that is not ok or is 206,
  // and a Vary header with "*" (in the response's header list: the filtered one).
  const responses: Response[] = [];
  let failure: CacheException | null = null;
  for (const r of requestList) {
    const response = yield* env.fetch(r);
    if (failure !== null) continue;
    if (isNetworkError(response) || response.status < 200 || response.status > 299 || response.status === 206) {
      failure = typeError(`Cache.addAll 5.6: the response to ${r.url.href} is ${isNetworkError(response) ? 'a network error' : `status ${response.status}`}`);
      continue;
    }
    const vary = getHeader(responseHeaderList(response), 'vary');
    if (vary !== null && varyFieldValues(vary).includes('*')) {
      failure = typeError('Cache.addAll 5.6: a response with Vary: *');
      continue;
    }
    responses.push(response);
  }
  // addAll 6: waiting for all: one rejection rejects addAll, and nothing is stored.
  if (failure !== null) throw failure;
  // addAll 7.1–7.3: a put operation per response.
  const operations: CacheBatchOperation[] = responses.map((response, index) => ({ type: 'put', request: requestList[index]!, response, options: null }));
  // addAll 7.5: Batch Cache Operations (InvalidStateError for duplicates; rolled back).
  batchCacheOperations(cache, operations);
}

/** https://w3c.github.io/ServiceWorker/#cache-put — `disturbed`: the response's body is disturbed or locked. */
export function put(cache: RequestResponseList, arg: RequestArg, response: Response, disturbed: boolean): void {
  // put 1–3: innerRequest (a string through the Request constructor).
  const innerRequest = toRequest(arg);
  // put 4: http(s) GET only.
  if (!isHTTPScheme(innerRequest.url)) throw typeError('Cache.put 4: not an http(s) URL');
  if (innerRequest.method !== 'GET') throw typeError('Cache.put 4: not a GET request');
  // put 5–6: a 206 → TypeError.
  if (response.status === 206) throw typeError('Cache.put 6: a 206 response');
  // put 7: "*" in the Vary header (of the response's header list: none for opaque) → TypeError.
  const vary = getHeader(responseHeaderList(response), 'vary');
  if (vary !== null && varyFieldValues(vary).includes('*')) throw typeError('Cache.put 7: a response with Vary: *');
  // put 8: a disturbed or locked body → TypeError.
  if (disturbed) throw typeError('Cache.put 8: the response body is disturbed or locked');
  // put 9–10: clonedResponse; the body is read to the end (the model has it whole).
  const clonedResponse = copyResponse(response);
  // put 11–16: one put operation, Batch Cache Operations.
  batchCacheOperations(cache, [{ type: 'put', request: copyRequest(innerRequest), response: clonedResponse, options: null }]);
}

/**
 * https://w3c.github.io/ServiceWorker/#cache-delete
 * Position cache-delete-result: true when the delete operation removed an entry. Read literally,
 * Batch Cache Operations appends every operation to its result list, so delete() would always
 * resolve true (w3c/ServiceWorker#1677); WPT cache-delete.https.any.js expects false when nothing
 * matched, as every engine answers.
 */
export function deleteEntries(cache: RequestResponseList, arg: RequestArg, options: CacheQueryOptions | undefined): boolean {
  // delete 1–2: r; a non-GET Request without ignoreMethod → false.
  const r = requestForQuery(arg, options);
  if (r === null) return false;
  // delete 3–8: one delete operation (its options are the method's).
  const removed = matchingItems(r, options, cache.items).length;
  batchCacheOperations(cache, [{ type: 'delete', request: r, response: null, options: options ?? {} }]);
  // delete 9.1: "requestResponses is not empty" — the entries the operation removed (position cache-delete-result).
  if (removed === 0) recordPosition(POSITIONS.cacheDeleteResult.link);
  return removed > 0;
}

/** https://w3c.github.io/ServiceWorker/#cache-keys — the requests' URLs, fragment included (Request.url). */
export function keys(cache: RequestResponseList, arg: RequestArg | undefined, options: CacheQueryOptions | undefined): CacheRequest[] {
  // keys 1–2: r; a non-GET Request without ignoreMethod → an empty array.
  let r: CacheRequest | null = null;
  if (arg !== undefined) {
    r = requestForQuery(arg, options);
    if (r === null) return [];
  }
  // keys 5.1–5.3: requests, in order.
  return r === null ? cache.items.map((item) => copyRequest(item.request)) : queryCache(r, options, cache.items).map((item) => item.request);
}

export { CacheException };
