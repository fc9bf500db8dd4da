// The service worker lifecycle (sw.bs Appendix A): Register, Update (with its "perform the fetch
// hook" and importScripts), Install, Try Activate, Activate, Unregister, Try Clear Registration,
// Clear Registration, Soft Update, skipWaiting().
//
// The checks register() makes on URLs and on the main script response are in
// ../registration/register.ts; this file runs them inside the jobs.

import { anyClientUsing, clientsClaim, registrationIsUnregistered } from '../clients/clients.js';
import { httpNetworkOrCacheFetch, isOkStatus, isRedirectStatus, type CacheMode, type NetworkResponse } from '../fetch/fixture-network.js';
import { sleep, type Co } from '../in-parallel.js';
import { finishJob, rejectJobPromise, resolveJobPromise, type Job, type UpdateViaCache, type WorkerType, createJob, scheduleJob } from './jobs.js';
import { extractMIMEType, isJavaScriptMIMEType } from '../standards/mime.js';
import { POSITIONS } from '../positions.js';
import { activateKeepCaches, installAddAll } from '../caches/worker.js';
import type { Client, Registration, ServiceWorker, World, WorkerState } from '../user-agent.js';
import { registerJobChecks, updateScriptChecks, type ScriptResponse } from '../registration/register.js';
import { getRegistration, removeRegistration, setRegistration } from '../registration/registration-map.js';
import type { WorkerBehaviour } from '../../contract/index.js';
import type { StorageKey } from '../standards/storage-key.js';
import { parseURL, serializeURL } from '../standards/url.js';

/** A scenario the model (and so the harness) cannot run as written. */
export class ScenarioError extends Error {
  override name = 'ScenarioError';
}

// ---------------------------------------------------------------------------------------------
// Small algorithms

/** § Get Newest Worker: installing, else waiting, else active. */
export function getNewestWorker(registration: Registration): ServiceWorker | null {
  return registration.installingWorker ?? registration.waitingWorker ?? registration.activeWorker;
}

/** § Update Worker State (the statechange tasks are not modelled; only the final states are observed). */
function updateWorkerState(worker: ServiceWorker, state: WorkerState): void {
  worker.state = state;
}

/** § Terminate Service Worker: the model keeps no running state, so nothing to do but name it. */
function terminateServiceWorker(_worker: ServiceWorker): void {}

/** § Service Worker Has No Pending Events. */
function serviceWorkerHasNoPendingEvents(worker: ServiceWorker): boolean {
  return worker.pendingEvents === 0;
}

/** § Soft Update "stale": more than staleAfterMs since the last update check. */
export function isStale(world: World, registration: Registration): boolean {
  return registration.lastUpdateCheckTime !== null && world.scheduler.now - registration.lastUpdateCheckTime > world.options.staleAfterMs;
}

/** § Set Registration. */
function setRegistrationAlgorithm(world: World, storageKey: StorageKey, scope: URL, updateViaCache: UpdateViaCache): Registration {
  // Set Registration 2: scopeString = serialized scope, exclude fragment.
  const scopeString = serializeURL(scope, true);
  // Set Registration 3–4.
  const registration: Registration = {
    id: world.nextId(),
    storageKey,
    scope: scopeString,
    scopeURL: new URL(scopeString),
    installingWorker: null,
    waitingWorker: null,
    activeWorker: null,
    updateViaCache,
    lastUpdateCheckTime: null,
  };
  return setRegistration(world.registrationMap, storageKey, registration);
}

// ---------------------------------------------------------------------------------------------
// Jobs

/** Run Job 2.2–2.4. */
export function* runJobAlgorithm(world: World, job: Job): Co {
  if (job.type === 'register') yield* register(world, job);
  else if (job.type === 'update') yield* update(world, job);
  else unregister(world, job);
}

/** § Register (job). */
export function* register(world: World, job: Job): Co {
  // Register 1–3: the origin checks (../registration/register.ts).
  if (job.referrer === null) throw new Error('Register: a register job always has a referrer');
  const checked = registerJobChecks({ scriptURL: job.scriptURL, scopeURL: job.scopeURL, referrer: job.referrer });
  if (!checked.ok) {
    rejectJobPromise(job, checked.error, checked.step);
    finishJob(world, job);
    return;
  }
  // Register 4: Get Registration(storage key, scope URL).
  const registration = getRegistration(world.registrationMap, job.storageKey, job.scopeURL);
  if (registration !== null) {
    // Register 5.1: newest worker.
    const newestWorker = getNewestWorker(registration);
    // Register 5.2: same script URL, type and update via cache mode → resolve, no fetch.
    if (newestWorker !== null && newestWorker.scriptURL === serializeURL(job.scriptURL) && newestWorker.type === job.workerType && job.updateViaCache === registration.updateViaCache) {
      resolveJobPromise(job, registration, 'Register 5.2');
      finishJob(world, job);
      return;
    }
  } else {
    // Register 6: Set Registration — in the map before anything is fetched.
    setRegistrationAlgorithm(world, job.storageKey, job.scopeURL, job.updateViaCache);
  }
  // Register 7: Update.
  yield* update(world, job);
}

/** The main script as the Update fetch hook sees it. */
interface MainScriptFetch {
  scriptResponse: ScriptResponse;
  network: NetworkResponse;
  fromCache: boolean;
}

/** Update 7 with the fetch hook's request setup (steps 1–6): Service-Worker: script, cache mode, redirect mode "error". */
function fetchMainScript(world: World, job: Job, registration: Registration, newestWorker: ServiceWorker | null): MainScriptFetch {
  // Fetch hook 2: "no-cache" unless updateViaCache is "all" (and not forced, not stale).
  const noCache = registration.updateViaCache !== 'all' || job.forceBypassCache || (newestWorker !== null && isStale(world, registration));
  const cacheMode: CacheMode = noCache ? 'no-cache' : 'default';
  // Fetch hook 3: service-workers mode "none" — never intercepted. Fetch hook 5–6: redirect mode "error".
  const { response, fromCache } = httpNetworkOrCacheFetch(world, job.scriptURL, cacheMode, world.scheduler.now);
  const scriptResponse: ScriptResponse = {
    status: response.status,
    contentType: response.headers.get('content-type') ?? null,
    serviceWorkerAllowed: response.headers.get('service-worker-allowed') ?? null,
    // HTTP fetch 6 "error": any redirect status is a network error (Location or not).
    redirected: isRedirectStatus(response.status),
  };
  return { scriptResponse, network: response, fromCache };
}

/** § importScripts' fetch hook, for a worker that is being evaluated for the first time (state "parsed"). */
function importScriptsFetch(world: World, worker: ServiceWorker, job: Job, url: URL): { ok: true; bytes: string } | { ok: false } {
  const key = serializeURL(url, true);
  // importScripts hook: a stored entry is reused.
  const stored = worker.scriptResourceMap.get(key);
  if (stored !== undefined) return { ok: true, bytes: stored };
  const registration = worker.registration;
  const noCache = registration.updateViaCache === 'none' || job.forceBypassCache || isStale(world, registration);
  // Fetch with service-workers mode "none"; imported scripts may redirect (redirect mode "follow").
  const fetched = followNetworkRedirects(world, url, noCache ? 'no-cache' : 'default');
  if (fetched === null) return { ok: false };
  if (!fetched.fromCache) registration.lastUpdateCheckTime = world.scheduler.now;
  // A bad import script response → network error → importScripts throws.
  if (isBadImportScriptResponse(fetched.response)) return { ok: false };
  worker.scriptResourceMap.set(key, fetched.response.bytes);
  worker.classicScriptsImportedFlag = true;
  return { ok: true, bytes: fetched.response.bytes };
}

/** A fetch with redirect mode "follow" and service-workers mode "none": network redirects, up to 20. Null on a network error. */
function followNetworkRedirects(world: World, url: URL, cacheMode: CacheMode): { response: NetworkResponse; fromCache: boolean; finalURL: URL } | null {
  let current = url;
  for (let redirectCount = 0; ; redirectCount++) {
    const fetched = httpNetworkOrCacheFetch(world, current, cacheMode, world.scheduler.now);
    if (!isRedirectStatus(fetched.response.status)) return { ...fetched, finalURL: current };
    const location = fetched.response.headers.get('location');
    if (location === undefined) return { ...fetched, finalURL: current };
    const next = parseURL(location, current);
    if (next === null || (next.protocol !== 'http:' && next.protocol !== 'https:') || redirectCount === 20) return null;
    current = next;
  }
}

/** sw.bs Appendix A "bad import script response". */
function isBadImportScriptResponse(response: NetworkResponse): boolean {
  if (!isOkStatus(response.status)) return true;
  const mime = extractMIMEType(response.headers.get('content-type') ?? null);
  return mime === null || !isJavaScriptMIMEType(mime.essence);
}

/** Update 15: Run Service Worker — the script's first evaluation. False on an abrupt completion. */
function runServiceWorkerFirstEvaluation(world: World, worker: ServiceWorker, job: Job): boolean {
  const behaviour = worker.behaviour;
  for (const spec of behaviour.imports ?? []) {
    // importScripts() does not exist in module workers: it throws a TypeError.
    if (worker.type === 'module') {
      world.positions.add(POSITIONS.moduleWorkerImportScripts.link);
      return false;
    }
    const url = parseURL(spec, worker.scriptURL);
    // importScripts 1: a URL that does not parse → SyntaxError, thrown at top level.
    if (url === null) return false;
    if (!importScriptsFetch(world, worker, job, url).ok) return false;
  }
  // The script throws at top level after its imports.
  return behaviour.evaluationThrows !== true;
}

/** § Update (job). */
export function* update(world: World, job: Job): Co {
  // Update 1: registration.
  const registration = getRegistration(world.registrationMap, job.storageKey, job.scopeURL);
  // Update 2: none (unregistered) → TypeError.
  if (registration === null) {
    rejectJobPromise(job, 'TypeError', 'Update 2');
    finishJob(world, job);
    return;
  }
  // Update 3: newest worker.
  const newestWorker = getNewestWorker(registration);
  // Update 4: an update job for another script URL → TypeError.
  if (job.type === 'update' && newestWorker !== null && newestWorker.scriptURL !== serializeURL(job.scriptURL)) {
    rejectJobPromise(job, 'TypeError', 'Update 4');
    finishJob(world, job);
    return;
  }
  // Update 7: fetch the main script through the fetch hook.
  const fetched = fetchMainScript(world, job, registration, newestWorker);
  const checked = updateScriptChecks({ scriptURL: job.scriptURL, scopeURL: registration.scopeURL, response: fetched.scriptResponse });
  if (!checked.ok) {
    if (checked.position !== undefined) world.positions.add(checked.position);
    // Update 8.1 (or fetch-hook 7/16, which rejected first): reject.
    rejectJobPromise(job, checked.error, checked.step);
    // Update 8.2: a first install removes the registration again.
    if (newestWorker === null) removeRegistration(world.registrationMap, registration.storageKey, registration.scope);
    finishJob(world, job);
    return;
  }
  // An empty body (a null body status such as 204) is a valid, empty classic script.
  const behaviour = fetched.network.behaviour ?? (fetched.network.bytes === '' ? EMPTY_SCRIPT : undefined);
  if (behaviour === undefined) {
    throw new ScenarioError(`${serializeURL(job.scriptURL)} is served as JavaScript but is not a generated worker (kind "${fetched.network.served}"): declare it as a "worker" resource`);
  }
  const url = serializeURL(job.scriptURL);
  // Fetch hook 19: the update check time, unless the response came from the HTTP cache.
  if (!fetched.fromCache) registration.lastUpdateCheckTime = world.scheduler.now;
  // Fetch hook 20: new bytes, another script URL or another type → updated.
  let hasUpdatedResources =
    newestWorker === null || newestWorker.scriptURL !== url || newestWorker.type !== job.workerType || newestWorker.scriptResourceMap.get(url) !== fetched.network.bytes;
  // Fetch hook 21: unchanged main script and classic imports → refetch and compare every import.
  if (!hasUpdatedResources && newestWorker !== null && newestWorker.classicScriptsImportedFlag) {
    for (const [importURL, storedBytes] of newestWorker.scriptResourceMap) {
      if (importURL === url) continue;
      const noCache = registration.updateViaCache === 'none' || job.forceBypassCache || isStale(world, registration);
      const imported = followNetworkRedirects(world, new URL(importURL), noCache ? 'no-cache' : 'default');
      if (imported === null) continue;
      if (!imported.fromCache) registration.lastUpdateCheckTime = world.scheduler.now;
      // Bad import script responses are skipped (#1374).
      if (isBadImportScriptResponse(imported.response)) continue;
      if (imported.response.bytes !== storedBytes) hasUpdatedResources = true;
    }
  }
  // Update 9: nothing changed → store the mode, resolve, finish. No new worker.
  if (!hasUpdatedResources) {
    registration.updateViaCache = job.updateViaCache;
    resolveJobPromise(job, registration, 'Update 9');
    finishJob(world, job);
    return;
  }
  // Update 10–13: a new service worker.
  if (job.client === null) world.positions.add(POSITIONS.softUpdateAfterNavigation.link);
  const worker = createServiceWorker(world, registration, url, job.workerType, behaviour);
  worker.scriptResourceMap.set(url, fetched.network.bytes);
  // Update 15–16: Run Service Worker; an abrupt completion → TypeError (and a first install is removed).
  if (!runServiceWorkerFirstEvaluation(world, worker, job)) {
    rejectJobPromise(job, 'TypeError', 'Update 16');
    if (newestWorker === null) removeRegistration(world.registrationMap, registration.storageKey, registration.scope);
    finishJob(world, job);
    return;
  }
  // Update 17: Install.
  yield* install(world, job, worker, registration);
}

/**
 * The worker an empty script makes: it adds no listeners, so its set of event types to handle is
 * empty and the UA skips install, activate and fetch (Should Skip Event); nothing is observed.
 */
const EMPTY_SCRIPT: WorkerBehaviour = { version: '(empty script)', fetch: null };

function createServiceWorker(world: World, registration: Registration, scriptURL: string, type: WorkerType, behaviour: WorkerBehaviour): ServiceWorker {
  const worker: ServiceWorker = {
    id: world.nextId(),
    version: behaviour.version,
    behaviour,
    scriptURL,
    type,
    state: 'parsed',
    registration,
    skipWaitingFlag: false,
    scriptResourceMap: new Map(),
    classicScriptsImportedFlag: false,
    pendingEvents: 0,
    events: [],
  };
  world.workers.push(worker);
  return worker;
}

/**
 * ExtendableEvent "add lifetime promise", the settle microtask (count reaches 0). The generated
 * workers call event.waitUntil() in every install, activate and fetch listener (they report to
 * the fixture server inside it), so this runs after every such event.
 */
export function lifetimePromisesSettled(world: World, registration: Registration): void {
  if (registrationIsUnregistered(world, registration)) tryClearRegistration(world, registration);
  tryActivate(world, registration);
}

/** § Install. */
export function* install(world: World, job: Job, worker: ServiceWorker, registration: Registration): Co {
  // Install 1: installFailed.
  let installFailed = false;
  // Install 2: newest worker before this one.
  const newestWorker = getNewestWorker(registration);
  // Install 3: the registration takes the job's update via cache mode.
  registration.updateViaCache = job.updateViaCache;
  // Install 4–5: installing worker; state "installing".
  registration.installingWorker = worker;
  updateWorkerState(worker, 'installing');
  // Install 7: resolve the job promise — register()/update() resolve before the install event.
  resolveJobPromise(job, registration, 'Install 7');
  // Install 8–9: updatefound (not observed).
  // Install 11: the generated workers always listen for "install"; dispatch and wait for the extensions.
  const installEvent = worker.behaviour.install;
  if (worker.behaviour !== EMPTY_SCRIPT) worker.events.push('install');
  worker.pendingEvents++;
  if (installEvent?.skipWaiting === true) skipWaiting(world, worker);
  if (installEvent?.outcome === 'throw') world.positions.add(POSITIONS.installHandlerThrow.link);
  // Area "caches": waitUntil(caches.open(name).then(c => c.addAll(urls))); a rejection fails the install (11.2.1.4).
  if (installEvent?.addAll !== undefined && !(yield* installAddAll(world, worker, installEvent.addAll))) installFailed = true;
  yield* sleep(world.scheduler, installEvent?.delayMs);
  worker.pendingEvents--;
  // Install 11.2.1.4: a rejected extend lifetime promise → installFailed. A synchronous throw does not fail it (#896).
  if (installEvent?.outcome === 'reject') installFailed = true;
  lifetimePromisesSettled(world, registration);
  // Install 12: failure.
  if (installFailed) {
    updateWorkerState(worker, 'redundant');
    if (registration.installingWorker === worker) registration.installingWorker = null;
    // Install 12.3: a first install removes the registration.
    if (newestWorker === null) removeRegistration(world.registrationMap, registration.storageKey, registration.scope);
    finishJob(world, job);
    return;
  }
  // Install 13–15: prune the script resource map (every import is used in this model).
  // Install 16: an existing waiting worker becomes redundant.
  if (registration.waitingWorker !== null) {
    terminateServiceWorker(registration.waitingWorker);
    updateWorkerState(registration.waitingWorker, 'redundant');
  }
  // Install 17–19: waiting ← worker, installing ← null, state "installed".
  registration.waitingWorker = worker;
  registration.installingWorker = null;
  updateWorkerState(worker, 'installed');
  // Install 20: Finish Job.
  finishJob(world, job);
  // Install 22: Try Activate.
  tryActivate(world, registration);
}

/**
 * § Try Activate. `leaving`: the client Handle Service Worker Client Unload runs for, which no
 * longer counts as using registration (position claimUnloadTryActivate).
 */
export function tryActivate(world: World, registration: Registration, leaving?: Client): void {
  // Try Activate 1: no waiting worker.
  const waiting = registration.waitingWorker;
  if (waiting === null) return;
  const active = registration.activeWorker;
  // Try Activate 2: an activating active worker delays activation.
  if (active !== null && active.state === 'activating') return;
  // Try Activate 3.
  if (active === null || (serviceWorkerHasNoPendingEvents(active) && (!anyClientUsing(world, registration, leaving) || waiting.skipWaitingFlag))) {
    activate(world, registration);
  }
}

/** § Activate, steps 1–8 (atomic); steps 9–11 (the activate event) continue in parallel. */
export function activate(world: World, registration: Registration): void {
  // Activate 1.
  const waiting = registration.waitingWorker;
  if (waiting === null) return;
  // Activate 2: the old active worker becomes redundant.
  if (registration.activeWorker !== null) {
    terminateServiceWorker(registration.activeWorker);
    updateWorkerState(registration.activeWorker, 'redundant');
  }
  // Activate 3–4: active ← waiting, waiting ← null.
  registration.activeWorker = waiting;
  registration.waitingWorker = null;
  // Activate 5: "activating".
  updateWorkerState(waiting, 'activating');
  // Activate 6–7: ready promises (not observed).
  // Activate 8: every client using the registration gets the new worker; controllerchange.
  for (const client of world.clients) {
    if (!client.discarded && client.activeServiceWorker?.registration === registration) client.activeServiceWorker = waiting;
  }
  world.scheduler.spawn(`activate event ${waiting.version}`, activateEvent(world, registration, waiting), registration.scope);
}

/** Activate 9–11: dispatch "activate", wait for its extensions, then "activated" (failures ignored). */
function* activateEvent(world: World, registration: Registration, worker: ServiceWorker): Co {
  const activateBehaviour = worker.behaviour.activate;
  if (worker.behaviour !== EMPTY_SCRIPT) worker.events.push('activate');
  worker.pendingEvents++;
  // The generated listener waits for its delay, then calls clients.claim(), all inside waitUntil.
  yield* sleep(world.scheduler, activateBehaviour?.delayMs);
  // Area "caches": delete every cache the worker does not keep.
  if (activateBehaviour?.keepCaches !== undefined) activateKeepCaches(world, worker, activateBehaviour.keepCaches);
  if (activateBehaviour?.claim === true) clientsClaim(world, worker);
  worker.pendingEvents--;
  lifetimePromisesSettled(world, registration);
  // Activate 11: "activated" whatever the event's outcome — unless Clear Registration already made it redundant.
  if (worker.state !== 'redundant') updateWorkerState(worker, 'activated');
}

/** § skipWaiting(): set the flag, Try Activate (the promise resolves without waiting for activation). */
export function skipWaiting(world: World, worker: ServiceWorker): void {
  worker.skipWaitingFlag = true;
  tryActivate(world, worker.registration);
}

/** § Unregister (job). */
export function unregister(world: World, job: Job): void {
  // Unregister 1.
  const registration = getRegistration(world.registrationMap, job.storageKey, job.scopeURL);
  // Unregister 2: none → false.
  if (registration === null) {
    resolveJobPromise(job, false, 'Unregister 2');
    finishJob(world, job);
    return;
  }
  // Unregister 3: remove the map entry now — lookups and new navigations stop finding it.
  removeRegistration(world.registrationMap, registration.storageKey, job.scopeURL);
  // Unregister 4: true.
  resolveJobPromise(job, true, 'Unregister 4');
  // Unregister 5: Try Clear Registration (waits for the clients using it).
  tryClearRegistration(world, registration);
  // Unregister 6.
  finishJob(world, job);
}

/** § Try Clear Registration. */
export function tryClearRegistration(world: World, registration: Registration): void {
  if (anyClientUsing(world, registration)) return;
  const workers = [registration.installingWorker, registration.waitingWorker, registration.activeWorker];
  if (workers.every((w) => w === null || serviceWorkerHasNoPendingEvents(w))) clearRegistration(registration);
}

/** § Clear Registration. */
function clearRegistration(registration: Registration): void {
  for (const slot of ['installingWorker', 'waitingWorker', 'activeWorker'] as const) {
    const worker = registration[slot];
    if (worker === null) continue;
    terminateServiceWorker(worker);
    updateWorkerState(worker, 'redundant');
    registration[slot] = null;
  }
}

/** § Soft Update. */
export function softUpdate(world: World, registration: Registration, forceBypassCache = false): void {
  // Soft Update 1–2: newest worker.
  const newestWorker = getNewestWorker(registration);
  if (newestWorker === null) return;
  // Soft Update 3–5: an update job with a null client and promise.
  const job = createJob('update', registration.storageKey, registration.scopeURL, new URL(newestWorker.scriptURL), null, null);
  job.workerType = newestWorker.type;
  job.forceBypassCache = forceBypassCache;
  giveUpdateJobTheRegistrationsMode(world, job, registration);
  // Soft Update 6.
  scheduleJob(world, job);
}

/**
 * Position (../positions.ts updateJobUpdateViaCache): update() and Soft Update do not set the
 * job's update via cache mode; it carries the registration's.
 */
export function giveUpdateJobTheRegistrationsMode(world: World, job: Job, registration: Registration): void {
  job.updateViaCache = registration.updateViaCache;
  if (registration.updateViaCache !== 'imports') world.positions.add(POSITIONS.updateJobUpdateViaCache.link);
}
