// The page-facing lookups of ServiceWorkerContainer:
//   getRegistration(clientURL) (§ navigator-service-worker-getRegistration), steps 1–8
//   getRegistrations()          (§ navigator-service-worker-getRegistrations)
// The page is identified by its URL, which is its creation URL, its origin and its API base URL
// (documents without <base>).

import { matchServiceWorkerRegistration, getRegistrations, type RegistrationMap, type RegistrationRecord } from './registration-map.js';
import { obtainStorageKey, type StorageKey } from '../standards/storage-key.js';
import { parseURL, sameOrigin, withoutFragment } from '../standards/url.js';

export type LookupErrorName = 'TypeError' | 'SecurityError';

export interface LookupRejection {
  ok: false;
  error: LookupErrorName;
  /** Algorithm and step, e.g. "getRegistration 4". */
  step: string;
}

/** The outcome of getRegistration(): the matched scope (null resolves `undefined`), or a rejection. */
export type GetRegistrationMethodResult = { scope: string | null } | LookupRejection;

/**
 * getRegistration(clientURL) steps 1–6: the client's storage key and the parsed client URL, or the
 * rejection. `clientUrl` undefined is the IDL default "" (which parses to the page's base URL).
 * `pageStorageKey` is the page's own key when it is not a top-level document (a frame of another site has a
 * partitioned key: model/standards/storage-key.ts); by default the page is top-level.
 * Throws a TypeError when `pageUrl` is not an absolute URL (an input error).
 */
export function resolveClientURL(pageUrl: string, clientUrl: string | undefined, pageStorageKey?: StorageKey): { ok: true; storageKey: StorageKey; clientURL: URL } | LookupRejection {
  const page = parseURL(pageUrl);
  if (page === null) throw new TypeError(`pageUrl ${JSON.stringify(pageUrl)} is not an absolute URL`);
  // getRegistration 1–2: client, storage key.
  const storageKey = pageStorageKey ?? obtainStorageKey(page);
  // getRegistration 3: parse clientURL with the API base URL ("" is the default argument).
  const parsed = parseURL(clientUrl ?? '', page);
  // getRegistration 4: failure → TypeError.
  if (parsed === null) return { ok: false, error: 'TypeError', step: 'getRegistration 4' };
  // getRegistration 5: fragment ← null.
  const clientURL = withoutFragment(parsed);
  // getRegistration 6: a different origin → SecurityError.
  if (!sameOrigin(clientURL, page)) return { ok: false, error: 'SecurityError', step: 'getRegistration 6' };
  return { ok: true, storageKey, clientURL };
}

/**
 * navigator.serviceWorker.getRegistration(clientUrl) on the page at `pageUrl`: { scope } of the
 * registration Match Service Worker Registration finds (step 8.1), { scope: null } when it finds
 * none (the promise resolves undefined), or the rejection.
 */
export function getRegistrationMethod<R extends RegistrationRecord>(pageUrl: string, clientUrl: string | undefined, map: RegistrationMap<R>): GetRegistrationMethodResult {
  const resolved = resolveClientURL(pageUrl, clientUrl);
  if (!resolved.ok) return resolved;
  // getRegistration 8.1: Match Service Worker Registration(storage key, clientURL).
  const registration = matchServiceWorkerRegistration(map, resolved.storageKey, resolved.clientURL);
  // getRegistration 8.2: null → undefined; otherwise the registration object.
  return { scope: registration === null ? null : registration.scope };
}

/** navigator.serviceWorker.getRegistrations() on the page at `pageUrl` (top-level unless `pageStorageKey` says otherwise): scopes in map order. */
export function getRegistrationsMethod<R extends RegistrationRecord>(pageUrl: string, map: RegistrationMap<R>, pageStorageKey?: StorageKey): { scopes: string[] } {
  const page = parseURL(pageUrl);
  if (page === null) throw new TypeError(`pageUrl ${JSON.stringify(pageUrl)} is not an absolute URL`);
  // getRegistrations 2: client storage key; 4.2: the registrations whose key equals it, in order.
  return { scopes: getRegistrations(map, pageStorageKey ?? obtainStorageKey(page)).map((r) => r.scope) };
}
