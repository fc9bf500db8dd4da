// sw.bs § Batch Cache Operations: every change to a request response list, applied atomically —
// any exception rolls the whole batch back (addAll with a duplicate stores nothing).

import type { CacheQueryOptions } from '../../contract/index.js';
import type { Response } from '../fetch/fetch.js';
import { isHTTPScheme } from '../standards/url.js';
import { CacheException, typeError, type CacheRequest } from './request-response.js';
import { matchingItems, queryCache, type RequestResponse, type RequestResponseList } from './query-cache.js';

/** sw.bs § cache batch operation. */
export interface CacheBatchOperation {
  type: 'delete' | 'put';
  request: CacheRequest;
  /** null for "delete". */
  response: Response | null;
  /** null for "put" (addAll and put set none). */
  options: CacheQueryOptions | null;
}

/**
 * https://w3c.github.io/ServiceWorker/#batch-cache-operations-algorithm
 * Batch Cache Operations(operations) on `cache` (the relevant request response list). Returns the
 * result list, or throws a CacheException after restoring the list as it was.
 */
export function batchCacheOperations(cache: RequestResponseList, operations: readonly CacheBatchOperation[]): RequestResponse[] {
  // Batch 2: backupCache, a copy of the list.
  const backupCache = [...cache.items];
  // Batch 3: addedItems.
  const addedItems: RequestResponse[] = [];
  // Batch 4: try, atomically.
  try {
    // Batch 4.1: resultList.
    const resultList: RequestResponse[] = [];
    // Batch 4.2: each operation.
    for (const operation of operations) {
      // Batch 4.2.1–4.2.2: a delete with a response → TypeError (the methods never build one).
      if (operation.type === 'delete' && operation.response !== null) throw typeError('Batch Cache Operations 4.2.2: a delete operation with a response');
      // Batch 4.2.3: the request matches an item this batch already added → InvalidStateError.
      if (queryCache(operation.request, operation.options, addedItems).length > 0) {
        throw new CacheException('InvalidStateError', 'Batch Cache Operations 4.2.3: the batch already added an entry this request matches');
      }
      // Batch 4.2.4: requestResponses. Query Cache's copies serve only to name the items to remove
      // ("the item whose value matches"), so the items themselves are taken (matchingItems).
      if (operation.type === 'delete') {
        // Batch 4.2.5: every matching item is removed.
        removeItems(cache, matchingItems(operation.request, operation.options, cache.items));
      } else {
        // Batch 4.2.6.1: a put without a response → TypeError.
        if (operation.response === null) throw typeError('Batch Cache Operations 4.2.6.1: a put operation without a response');
        const r = operation.request;
        // Batch 4.2.6.3–4.2.6.4: http(s) and GET only.
        if (!isHTTPScheme(r.url)) throw typeError('Batch Cache Operations 4.2.6.3: not an http(s) URL');
        if (r.method !== 'GET') throw typeError('Batch Cache Operations 4.2.6.4: not a GET request');
        // Batch 4.2.6.5: a put with options → TypeError.
        if (operation.options !== null) throw typeError('Batch Cache Operations 4.2.6.5: a put operation with options');
        // Batch 4.2.6.6–4.2.6.7: the items this request matches (under their own Vary) are removed…
        removeItems(cache, matchingItems(operation.request, null, cache.items));
        // Batch 4.2.6.8: …and the new item is appended: it goes to the end of the list.
        cache.items.push({ request: operation.request, response: operation.response });
        // Batch 4.2.6.9: quota is not modelled. Batch 4.2.6.10: addedItems.
        addedItems.push({ request: operation.request, response: operation.response });
      }
      // Batch 4.2.7.
      resultList.push({ request: operation.request, response: operation.response as Response });
    }
    // Batch 4.3.
    return resultList;
  } catch (e) {
    // Batch 5: roll back to backupCache and rethrow.
    cache.items = backupCache;
    throw e;
  }
}

/** "Remove the item whose value matches requestResponse from cache", for each item Query Cache selected. */
function removeItems(cache: RequestResponseList, items: readonly RequestResponse[]): void {
  cache.items = cache.items.filter((item) => !items.includes(item));
}
