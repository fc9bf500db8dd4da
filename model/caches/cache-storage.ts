// sw.bs § CacheStorage: the name to cache map of an environment's storage key ("obtain a local
// storage bottle map" with "caches"), and its methods match, has, open, delete and keys. Storage
// keys are partitioned as registrations are (position partitioned-storage-key): a cross-site frame
// sees its own caches, not those of its origin as a first party.

import type { CacheEventObservation, CacheQueryOptions } from '../../contract/index.js';
import type { Response } from '../fetch/fetch.js';
import type { Client, World } from '../user-agent.js';
import type { StorageKey } from '../standards/storage-key.js';
import { match, type RequestArg } from './cache.js';
import type { RequestResponseList } from './query-cache.js';

/** sw.bs § name to cache map: cache names → request response lists, in the order they were added. */
export type NameToCacheMap = Map<string, RequestResponseList>;

/** The user agent's caches: one name to cache map per storage key, and what workers did with them. */
export interface CachesState {
  bottles: Map<StorageKey, NameToCacheMap>;
  /** Outcome.cacheEvents: what the generated workers report doing with their caches. */
  events: CacheEventObservation[];
  /** The Cache object (its list) each client's last caches.open(name) step resolved with (a `cache` step with `reuse`). */
  opened: WeakMap<Client, Map<string, RequestResponseList>>;
}

/** The world's caches, created when a scenario first needs them. */
export function cachesState(world: World): CachesState {
  world.caches ??= { bottles: new Map(), events: [], opened: new WeakMap() };
  return world.caches;
}

/**
 * sw.bs § relevant name to cache map: Storage § "obtain a local storage bottle map" with the
 * environment and "caches" — the map of the environment's storage key (created empty on first use).
 */
export function relevantNameToCacheMap(world: World, storageKey: StorageKey): NameToCacheMap {
  const state = cachesState(world);
  let map = state.bottles.get(storageKey);
  if (map === undefined) {
    map = new Map();
    state.bottles.set(storageKey, map);
  }
  return map;
}

/**
 * https://w3c.github.io/ServiceWorker/#cache-storage-match
 * CacheStorage.match(request, options): with options.cacheName, that cache's match (undefined when
 * there is no such cache); without, each cache's match in the map's order until one resolves with
 * a response. A string request is converted only when some cache's match runs.
 */
export function cacheStorageMatch(map: NameToCacheMap, arg: RequestArg, options: CacheQueryOptions | undefined, cacheName: string | undefined, origin: string): Response | null {
  // CacheStorage.match 1: options["cacheName"] exists.
  if (cacheName !== undefined) {
    // 1.1.1: for each cacheName → cache: the first (only) one whose name matches.
    for (const [name, cache] of map) if (name === cacheName) return match(cache, arg, options, { origin });
    // 1.1.2: none → undefined.
    return null;
  }
  // CacheStorage.match 2: a promise chain over the caches in order; the first response wins.
  for (const cache of map.values()) {
    const response = match(cache, arg, options, { origin });
    if (response !== null) return response;
  }
  return null;
}

/** https://w3c.github.io/ServiceWorker/#cache-storage-has */
export function cacheStorageHas(map: NameToCacheMap, cacheName: string): boolean {
  // has 2.1: an exact match of the name (DOMString, code unit for code unit).
  for (const key of map.keys()) if (key === cacheName) return true;
  return false;
}

/** https://w3c.github.io/ServiceWorker/#cache-storage-open — the existing list, or a new one added at the end of the map. */
export function cacheStorageOpen(map: NameToCacheMap, cacheName: string): RequestResponseList {
  // open 2.1: an existing cache.
  const existing = map.get(cacheName);
  if (existing !== undefined) return existing;
  // open 2.2–2.3: a new request response list (quota is not modelled).
  const cache: RequestResponseList = { items: [] };
  map.set(cacheName, cache);
  return cache;
}

/**
 * https://w3c.github.io/ServiceWorker/#cache-storage-delete — the name is removed; Cache objects
 * that represent the list keep working on it ("dooms, but does not delete immediately").
 */
export function cacheStorageDelete(map: NameToCacheMap, cacheName: string): boolean {
  // delete 1–2.1: has(cacheName) false → false.
  if (!cacheStorageHas(map, cacheName)) return false;
  // delete 2.3: remove the entry.
  map.delete(cacheName);
  return true;
}

/** https://w3c.github.io/ServiceWorker/#cache-storage-keys — the names, in the order they were added. */
export function cacheStorageKeys(map: NameToCacheMap): string[] {
  return [...map.keys()];
}
