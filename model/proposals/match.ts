// Where a cross-origin request finds its registration: storage keys, sites and the one
// longest-prefix match the designs rely on ("a Service Worker that has registered to handle this
// URL", seed line 11; "if one is installed for the relevant scope", seed lines 17–18).
//
// Position (partitioning): the seed (2015) assumed one registration map per origin. Today's
// engines key third-party registrations by the top-level site as well, and "double-keying" is the
// first reason w3c/ServiceWorker#1188 gives for removing foreign fetch. So a caller on site A
// only ever finds the target origin's registrations made *under top-level site A*; the
// registration a user made by visiting the target origin directly is invisible to it. The shim
// (a target-origin iframe inside the caller's page) sees exactly this partition, so the model
// predicts it by default. `partitioned: false` gives the 2015 world (the key is the origin).
import { RegistrationMap, createRegistrationMap, matchServiceWorkerRegistration, setRegistration } from '../registration/registration-map.js';
import { isPotentiallyTrustworthyOrigin } from '../standards/secure-contexts.js';

/** A storage key, compared with string equality (Storage § obtain a storage key). */
export type ProposalStorageKey = string;

/**
 * The site of an origin, for partitioning: scheme + "://" + registrable domain.
 * Position: without the public suffix list (the model imports only URL), the registrable domain is
 * approximated as the last two labels of a domain ("run.localhost", "a.example"), the host itself
 * for IP addresses and single-label names. Every origin the suite uses ("<run>.localhost",
 * "<run>-b.localhost", a plain name for {insecure}) gets its own site, which is what the PSL's
 * default rule gives too.
 */
export function siteOf(origin: string): string {
  const url = new URL(origin);
  const host = url.hostname;
  if (host.startsWith('[') || /^\d+\.\d+\.\d+\.\d+$/.test(host)) return `${url.protocol}//${host}`;
  const labels = host.replace(/\.$/, '').split('.');
  return `${url.protocol}//${labels.slice(-2).join('.')}`;
}

/**
 * Storage key of an environment on `origin` whose top-level document is on `topLevelSite`.
 * First-party (same site, or partitioning off): the origin, as model/standards/storage-key.ts gives it, so
 * first-party keys agree with the rest of the model. Third-party: origin + " ^" + top-level site.
 */
export function obtainStorageKey(origin: string, topLevelSite: string, partitioned: boolean): ProposalStorageKey {
  if (!partitioned || siteOf(origin) === topLevelSite) return origin;
  return `${origin} ^${topLevelSite}`;
}

/** Secure Contexts § 3.1, for an origin string (model/standards/secure-contexts.ts). */
export function isTrustworthy(origin: string): boolean {
  try {
    return isPotentiallyTrustworthyOrigin(new URL(origin));
  } catch {
    return false;
  }
}

/** What the matcher needs of a registration. */
export interface Matchable {
  storageKey: ProposalStorageKey;
  /** Serialized scope URL without fragment (Set Registration step 2). */
  scope: string;
}

/** The registration map (model/registration/registration-map.ts) holding `registrations` under their storage keys. */
export function registrationMapOf<R extends Matchable>(registrations: readonly R[]): RegistrationMap<R> {
  const map = createRegistrationMap<R>();
  for (const r of registrations) setRegistration(map, r.storageKey, r);
  return map;
}

/**
 * Match Service Worker Registration (sw.bs § scope-match-algorithm; model/registration/registration-map.ts): the
 * longest scope, among those of `storageKey`, that the serialized URL starts with.
 */
export function matchRegistration<R extends Matchable>(
  registrations: RegistrationMap<R> | readonly R[],
  storageKey: ProposalStorageKey,
  clientURL: URL,
): R | null {
  const map = registrations instanceof RegistrationMap ? registrations : registrationMapOf(registrations);
  return matchServiceWorkerRegistration(map, storageKey, clientURL);
}
