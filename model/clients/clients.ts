// Service worker clients (sw.bs § 3.3 "service worker client", § control-and-use):
// which client is *using* which registration, Handle Service Worker Client Unload, and
// Clients.claim().

import type { Client, Registration, ServiceWorker, World } from '../user-agent.js';
import { isUnregistered, matchServiceWorkerRegistration } from '../registration/registration-map.js';
import { obtainStorageKey } from '../standards/storage-key.js';
import { isPotentiallyTrustworthyURL } from '../standards/secure-contexts.js';
import { tryActivate, tryClearRegistration } from '../lifecycle/lifecycle.js';
import { POSITIONS } from '../positions.js';

/** A new client for a document (or a navigation's reserved client, executionReady false). */
export function createClient(world: World, init: { name: string; kind: 'window' | 'iframe'; parent: Client | null; url: URL; executionReady: boolean }): Client {
  const client: Client = {
    id: world.nextId(),
    name: init.name,
    kind: init.kind,
    parent: init.parent,
    url: init.url,
    // Storage § obtain a storage key: (origin, top-level site) (position partitioned-storage-key).
    storageKey: obtainStorageKey(init.url, init.parent === null ? init.url : topLevelOf(init.parent).url),
    activeServiceWorker: null,
    executionReady: init.executionReady,
    discarded: false,
    agent: false,
    frames: new Map(),
    registrationObjects: new Map(),
  };
  world.clients.push(client);
  return client;
}

/** The top-level document of a client's frame tree (the client itself for a window). */
export function topLevelOf(client: Client): Client {
  let c = client;
  while (c.parent !== null) c = c.parent;
  return c;
}

/** HTML "secure context" for a document: its URL and every ancestor's are potentially trustworthy. */
export function isSecureContext(client: Client): boolean {
  for (let c: Client | null = client; c !== null; c = c.parent) {
    if (!isPotentiallyTrustworthyURL(c.url)) return false;
  }
  return true;
}

/** sw.bs § control-and-use: a client is using the registration of its active service worker. */
function isUsing(client: Client, registration: Registration): boolean {
  return !client.discarded && client.activeServiceWorker !== null && client.activeServiceWorker.registration === registration;
}

/** "a service worker client is using registration" (optionally: other than `except`). */
export function anyClientUsing(world: World, registration: Registration, except?: Client): boolean {
  return world.clients.some((c) => c !== except && isUsing(c, registration));
}

/** The registration a client uses, or null (Handle Service Worker Client Unload 2). */
function registrationUsedBy(client: Client): Registration | null {
  return client.activeServiceWorker?.registration ?? null;
}

/** A registration is unregistered when the registration map's entry for its key is not it. */
export function registrationIsUnregistered(world: World, registration: Registration): boolean {
  return isUnregistered(world.registrationMap, registration.storageKey, registration);
}

/** § Handle Service Worker Client Unload (run atomically). */
function handleServiceWorkerClientUnload(world: World, client: Client): void {
  // HSWCU 2: the registration used by client.
  const registration = registrationUsedBy(client);
  // HSWCU 3: none → abort.
  if (registration === null) return;
  // HSWCU 4: another client is using it → abort.
  if (anyClientUsing(world, registration, client)) return;
  // HSWCU 5: unregistered → Try Clear Registration.
  if (registrationIsUnregistered(world, registration)) tryClearRegistration(world, registration);
  // HSWCU 6: Try Activate, with client no longer counted as using registration (as step 4 counts
  // only "other" clients). Read literally, Try Activate 3 still counts it when claim() 3.6.1 runs
  // this before 3.6.2 replaces its active service worker, so a waiting worker whose last client
  // was claimed would never activate; #682 added this call for that case (position
  // claimUnloadTryActivate). An unloaded client is discarded already: no difference there.
  tryActivate(world, registration, client);
}

/**
 * A document goes away (closed, navigated away from, or its frame removed): its descendants
 * first, then itself; each runs Handle Service Worker Client Unload as part of the unloading
 * document cleanup steps.
 */
export function unloadClient(world: World, client: Client): void {
  if (client.discarded) return;
  for (const frame of client.frames.values()) unloadClient(world, frame);
  client.frames.clear();
  client.discarded = true;
  handleServiceWorkerClientUnload(world, client);
}

/** A reserved client that never became a document (the navigation failed or changed origin). */
export function discardReservedClient(client: Client): void {
  client.discarded = true;
}

/**
 * § Clients.claim(), for `worker` (the service worker whose global calls it).
 * Returns the rejection name, or null when the promise resolves.
 */
export function clientsClaim(world: World, worker: ServiceWorker): string | null {
  const registration = worker.registration;
  // claim 1: the worker must be its registration's active worker.
  if (registration.activeWorker !== worker) return 'InvalidStateError';
  // claim 3: every client with the same storage key.
  for (const client of [...world.clients]) {
    if (client.storageKey !== registration.storageKey) continue;
    // claim 3.1: not execution ready (a reserved client) or discarded → skip (#1090).
    if (!client.executionReady || client.discarded) continue;
    // claim 3.2: not a secure context → skip.
    if (!isSecureContext(client)) continue;
    // claim 3.3–3.5: only clients whose creation URL's best match is this registration.
    const matched = matchServiceWorkerRegistration(world.registrationMap, client.storageKey, client.url);
    if (matched !== registration) continue;
    // claim 3.6: not yet controlled by this worker.
    if (client.activeServiceWorker !== worker) {
      // claim 3.6.1: Handle Service Worker Client Unload for its previous registration (#682).
      if (client.activeServiceWorker !== null) world.positions.add(POSITIONS.claimUnloadTryActivate.link);
      handleServiceWorkerClientUnload(world, client);
      // claim 3.6.2–3.6.3: set the active service worker; Notify Controller Change.
      client.activeServiceWorker = worker;
    }
  }
  return null;
}
