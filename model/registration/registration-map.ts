// The registration map (sw.bs Appendix A; § Set Registration, § Match Service Worker Registration,
// § Get Registration, getRegistrations(), § Unregister steps 1–4).
//
// The map is ordered and keyed by (storage key, serialized scope URL). Registrations are
// generic: any record with a `scope` string (the serialized scope URL, no fragment) can be stored,
// so the scenario interpreter keeps its own registration records here.
//
// Indexing: per storage key, a Map from scope string to registration (exact lookups, insertion
// order) and a radix tree (scope-index.ts) for the longest-prefix match. The global insertion
// order across storage keys is kept in one more Map, for iteration over the whole map.

import { ScopeIndex } from './scope-index.js';
import type { StorageKey } from '../standards/storage-key.js';
import { parseURL, serializeURL } from '../standards/url.js';

/** Anything with a serialized scope URL can live in the registration map. */
export interface RegistrationRecord {
  readonly scope: string;
}

/** The simplest registration record: just its scope. */
export interface ScopeOnlyRegistration {
  scope: string;
}

interface Partition<R> {
  byScope: Map<string, R>;
  index: ScopeIndex;
}

interface Entry<R> {
  storageKey: StorageKey;
  scope: string;
  registration: R;
}

/** The registration map: ordered, keyed by (storage key, serialized scope). */
export class RegistrationMap<R extends RegistrationRecord = ScopeOnlyRegistration> {
  /** @internal Per-storage-key index. */
  readonly partitions = new Map<StorageKey, Partition<R>>();
  /** @internal All entries in map order, keyed by storage key + U+0000 + scope. */
  readonly entries = new Map<string, Entry<R>>();

  get size(): number {
    return this.entries.size;
  }

  /** Entries in map order: [storage key, scope] → registration. */
  *[Symbol.iterator](): IterableIterator<[StorageKey, string, R]> {
    for (const e of this.entries.values()) yield [e.storageKey, e.scope, e.registration];
  }
}

function entryKey(storageKey: StorageKey, scope: string): string {
  return `${storageKey}\u0000${scope}`;
}

export function createRegistrationMap<R extends RegistrationRecord = ScopeOnlyRegistration>(): RegistrationMap<R> {
  return new RegistrationMap<R>();
}

/**
 * Set Registration, steps 2 and 4: registrationMap[(storageKey, scopeString)] = registration.
 * `registration.scope` must already be a serialized URL without fragment (what Set Registration
 * step 2 computes); anything else is a programming error and throws. Setting an existing key
 * replaces the value and keeps its position (Infra "map set").
 */
export function setRegistration<R extends RegistrationRecord>(map: RegistrationMap<R>, storageKey: StorageKey, registration: R): R {
  const scope = registration.scope;
  const parsed = parseURL(scope);
  if (parsed === null || serializeURL(parsed, true) !== scope) {
    throw new TypeError(`setRegistration: ${JSON.stringify(scope)} is not a serialized URL without fragment`);
  }
  let partition = map.partitions.get(storageKey);
  if (partition === undefined) {
    partition = { byScope: new Map(), index: new ScopeIndex() };
    map.partitions.set(storageKey, partition);
  }
  partition.byScope.set(scope, registration);
  partition.index.add(scope);
  const key = entryKey(storageKey, scope);
  const existing = map.entries.get(key);
  if (existing !== undefined) existing.registration = registration;
  else map.entries.set(key, { storageKey, scope, registration });
  return registration;
}

/** Get Registration by an already serialized scope string (steps 4–5). */
function getRegistrationByScopeString<R extends RegistrationRecord>(map: RegistrationMap<R>, storageKey: StorageKey, scopeString: string): R | null {
  return map.partitions.get(storageKey)?.byScope.get(scopeString) ?? null;
}

/**
 * Get Registration (storage key, scope): the entry whose key is exactly
 * (storageKey, serialize(scope, exclude fragment)), or null. A null scope gives the empty string,
 * which is never a key (step 2), so null.
 */
export function getRegistration<R extends RegistrationRecord>(map: RegistrationMap<R>, storageKey: StorageKey, scope: URL | null): R | null {
  // Get Registration 2–3: scopeString.
  if (scope === null) return null;
  const scopeString = serializeURL(scope, true);
  // Get Registration 4–5.
  return getRegistrationByScopeString(map, storageKey, scopeString);
}

/**
 * Match Service Worker Registration steps 2–6 on strings: the longest scope of `storageKey`
 * that `clientURLString` starts with, or null.
 */
export function matchScopeString<R extends RegistrationRecord>(map: RegistrationMap<R>, storageKey: StorageKey, clientURLString: string): string | null {
  // Match 4–5: the scopes whose storage key equals storageKey (one partition).
  const partition = map.partitions.get(storageKey);
  if (partition === undefined) return null;
  // Match 6: the longest of them that clientURLString starts with (case-sensitive prefix).
  return partition.index.longestPrefixOf(clientURLString);
}

/**
 * Match Service Worker Registration (storage key, clientURL).
 *
 * Step 8.1 parses the matching scope string and step 9 serializes it again inside Get
 * Registration; for a serialized http(s) URL that round trip is the identity (property-tested in
 * registration/test/properties.test.ts), so the string is looked up directly. The assertion of step 8.2
 * (same origin) is likewise checked by the property tests rather than on every call.
 */
export function matchServiceWorkerRegistration<R extends RegistrationRecord>(map: RegistrationMap<R>, storageKey: StorageKey, clientURL: URL): R | null {
  // Match 2: clientURLString ← serialize(clientURL) — the fragment is NOT excluded; a scope never
  // has one, so a fragment cannot change the result.
  const clientURLString = clientURL.href;
  // Match 3–6.
  const matchingScopeString = matchScopeString(map, storageKey, clientURLString);
  // Match 7–9: null → Get Registration(storageKey, null) → null.
  if (matchingScopeString === null) return null;
  return getRegistrationByScopeString(map, storageKey, matchingScopeString);
}

/** getRegistrations() step 4.2: the registrations of `storageKey`, in map (insertion) order. */
export function getRegistrations<R extends RegistrationRecord>(map: RegistrationMap<R>, storageKey: StorageKey): R[] {
  const partition = map.partitions.get(storageKey);
  return partition === undefined ? [] : [...partition.byScope.values()];
}

/**
 * Remove registrationMap[(storageKey, serialized scope)] (Unregister 3, Update 8.2, Install 12.3).
 * Returns whether there was such an entry.
 */
export function removeRegistration<R extends RegistrationRecord>(map: RegistrationMap<R>, storageKey: StorageKey, scope: URL | string): boolean {
  const scopeString = typeof scope === 'string' ? scope : serializeURL(scope, true);
  const partition = map.partitions.get(storageKey);
  if (partition === undefined || !partition.byScope.delete(scopeString)) return false;
  partition.index.delete(scopeString);
  if (partition.byScope.size === 0) map.partitions.delete(storageKey);
  map.entries.delete(entryKey(storageKey, scopeString));
  return true;
}

/** A registration is unregistered iff the map's entry for its key is not it (sw.bs § 3.2 concept). */
export function isUnregistered<R extends RegistrationRecord>(map: RegistrationMap<R>, storageKey: StorageKey, registration: R): boolean {
  return getRegistrationByScopeString(map, storageKey, registration.scope) !== registration;
}

/**
 * Unregister (job) steps 1–4, as far as lookups see them: the entry is removed at once and the
 * job promise resolves true, or false when there was no registration. Clearing the workers
 * (Try Clear Registration, step 5) waits for clients and is lifecycle, not lookup.
 */
export function unregister<R extends RegistrationRecord>(map: RegistrationMap<R>, storageKey: StorageKey, scopeURL: URL): boolean {
  // Unregister 1: registration ← Get Registration(storage key, scope URL).
  const registration = getRegistration(map, storageKey, scopeURL);
  // Unregister 2: null → resolve false.
  if (registration === null) return false;
  // Unregister 3: remove registrationMap[(storage key, serialized scope)].
  removeRegistration(map, storageKey, registration.scope);
  // Unregister 4: resolve true.
  return true;
}
