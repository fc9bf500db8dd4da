// sw.bs § Query Cache and § Request Matches Cached Item: which entries of a request response list
// a request (and CacheQueryOptions) selects: URL without fragment (and without query under
// ignoreSearch), and the cached response's Vary header compared against both requests' headers.

import type { CacheQueryOptions } from '../../contract/index.js';
import type { Response } from '../fetch/fetch.js';
import { serializeURL } from '../standards/url.js';
import { POSITIONS } from '../positions.js';
import { internalResponse } from '../fetch/fetch.js';
import { copyRequest, copyResponse, corsHidesVary, getHeader, queryOptions, recordPosition, responseHeaderList, varyFieldValues, type CacheRequest } from './request-response.js';

/** sw.bs § request response list: (request, response) tuples, in insertion order. */
export interface RequestResponse {
  request: CacheRequest;
  response: Response;
}

/**
 * A request response list with an identity: Cache objects and the name to cache map refer to the
 * same list, and a list removed from the map (CacheStorage.delete) lives on for them.
 */
export interface RequestResponseList {
  items: RequestResponse[];
}

/**
 * https://w3c.github.io/ServiceWorker/#query-cache-algorithm
 * Query Cache(requestQuery, options, targetStorage): copies of the matching items, in order.
 */
export function queryCache(requestQuery: CacheRequest, options: CacheQueryOptions | null | undefined, storage: readonly RequestResponse[]): RequestResponse[] {
  // Query Cache 5.3: copies of the request and the response.
  return matchingItems(requestQuery, options, storage).map((item) => ({ request: copyRequest(item.request), response: copyResponse(item.response) }));
}

/** Query Cache 1–5.2 without the copies: the matching items themselves (Batch Cache Operations removes "the item whose value matches" each copy). */
export function matchingItems(requestQuery: CacheRequest, options: CacheQueryOptions | null | undefined, storage: readonly RequestResponse[]): RequestResponse[] {
  // Query Cache 1: resultList.
  const resultList: RequestResponse[] = [];
  // Query Cache 2–4: storage is the relevant request response list unless targetStorage is given (the caller passes it).
  // Query Cache 5: each item that Request Matches Cached Item selects.
  for (const requestResponse of storage) {
    const cachedRequest = requestResponse.request;
    const cachedResponse = requestResponse.response;
    if (requestMatchesCachedItem(requestQuery, cachedRequest, cachedResponse, options ?? undefined)) resultList.push(requestResponse);
  }
  // Query Cache 6.
  return resultList;
}

/**
 * https://w3c.github.io/ServiceWorker/#request-matches-cached-item-algorithm
 * Request Matches Cached Item(requestQuery, request, response = null, options).
 */
export function requestMatchesCachedItem(requestQuery: CacheRequest, request: CacheRequest, response: Response | null = null, options?: CacheQueryOptions): boolean {
  const o = queryOptions(options);
  // Request Matches Cached Item 1: ignoreMethod false and the cached request's method is not GET → false.
  if (!o.ignoreMethod && request.method !== 'GET') return false;
  // RMCI 2–3: queryURL, cachedURL.
  const queryURL = new URL(requestQuery.url.href);
  const cachedURL = new URL(request.url.href);
  // RMCI 4: ignoreSearch → both queries set to the empty string.
  if (o.ignoreSearch) {
    queryURL.search = '';
    cachedURL.search = '';
  }
  // RMCI 5: URLs equal with the exclude fragment flag, or false.
  if (serializeURL(queryURL, true) !== serializeURL(cachedURL, true)) return false;
  // RMCI 6: no response, ignoreVary, or no Vary in the response's header list → true.
  // (The header list of a filtered response is the filter's: position cache-vary-filtered-headers.)
  const headerList = response === null ? [] : responseHeaderList(response);
  const vary = getHeader(headerList, 'vary');
  if (response === null || o.ignoreVary) return true;
  if (vary === null) {
    // An opaque response's Vary is not visible (position cache-vary-filtered-headers).
    if (internalResponse(response).headers.has('vary')) recordPosition(POSITIONS.cacheVaryFilteredHeaders.link);
    return true;
  }
  if (corsHidesVary(response)) recordPosition(POSITIONS.cacheVaryFilteredHeaders.link);
  // RMCI 7: the field-values of the Vary header (position cache-vary-field-values).
  const fieldValues = varyFieldValues(vary);
  // RMCI 8: "*" never matches; otherwise the combined values in the cached request and the query must match
  // (null, for a header a request does not have, matches only null).
  for (const fieldValue of fieldValues) {
    if (fieldValue === '*') return false;
    const cached = getHeader(request.headerList, fieldValue);
    const queried = getHeader(requestQuery.headerList, fieldValue);
    // Position cache-vary-combined-value: null (absent) matches only null.
    if ((cached === null) !== (queried === null) && (cached ?? queried) === '') recordPosition(POSITIONS.cacheVaryCombinedValue.link);
    if (cached !== queried) return false;
  }
  // RMCI 9.
  return true;
}
