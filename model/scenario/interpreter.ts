// The scenario interpreter: predict(scenario) → the Outcome the specification fixes when the
// scenario's steps run one after another in a browser, against a fixture server that serves the
// scenario's resources. A pure, deterministic simulation: no I/O, no timers, no browser.
//
// Each step is run to completion (the harness waits for every step); in-parallel work that needs
// no time then runs before the next step; declared delays hold work until a step needs it, a
// settle step, or the end (../in-parallel.ts explains the scheduler). Every algorithm is named after the
// specification's: see the folders registration/, lifecycle/, fetch/, navigation/ and clients/.

import { isSecureContext, unloadClient } from '../clients/clients.js';
import { normaliseResourceKey, resourceKeyOf } from '../fetch/fixture-network.js';
import { exposedURLList, fetchFromClient, internalResponse, isNetworkError, type Response } from '../fetch/fetch.js';
import { Deadlock, Scheduler, waitUntil, type Co } from '../in-parallel.js';
import { createJob, newJobPromise, scheduleJob, type Job, type JobPromise } from '../lifecycle/jobs.js';
import { getNewestWorker, giveUpdateJobTheRegistrationsMode, runJobAlgorithm, ScenarioError } from '../lifecycle/lifecycle.js';
import { resolveClientURL, getRegistrationsMethod } from '../registration/get-registration.js';
import { navigate, type NavigationTarget } from '../navigation/navigation.js';
import { POSITIONS } from '../positions.js';
import { crossOriginEventsOf, predictsCrossOriginEvents, proposalStep } from './proposal-steps.js';
import { cacheStep } from '../caches/steps.js';
import { cacheEventsOf, predictsCacheEvents } from '../caches/worker.js';
import type { Client, PredictOptions, Registration, ServedResource, World } from '../user-agent.js';
import { FAILURE, startRegister } from '../registration/register.js';
import { createRegistrationMap, matchServiceWorkerRegistration } from '../registration/registration-map.js';
import { abstractOrigins, type AlternativeOutcome, hasPlaceholders, MODEL_ORIGINS, resolvePlaceholders, type Outcome, type Scenario, type Step, type StepResult } from '../../contract/index.js';
import { parseURL, serializeURL } from '../standards/url.js';

export { ScenarioError } from '../lifecycle/lifecycle.js';

/** Predict the outcome of `scenario`. Throws ScenarioError when the scenario cannot run as written. */
export function predict(scenario: Scenario, options: PredictOptions = {}): Outcome {
  const { outcome, world } = simulate(scenario, options);
  if (options.deferSoftUpdatesTo !== undefined || options.noHttpCacheOffline !== undefined) return outcome;
  const alternatives = [
    ...(softUpdateTimingMatters(scenario) ? softUpdateAlternatives(scenario, options, outcome) : []),
    ...httpCacheAlternatives(scenario, options, outcome, world),
  ];
  return alternatives.length ? { ...outcome, alternatives } : outcome;
}

/**
 * https://fetch.spec.whatwg.org/#http-network-or-cache-fetch (position http-cache-optional)
 * Where the prediction relies on the HTTP cache answering a fetch while offline, the outcome with
 * no HTTP-cache entry offline: HTTP-network-or-cache fetch selects a stored response "if any", and a
 * cache MAY store (RFC 9111 §3), so the user agent may have none and the fetch fails.
 */
function httpCacheAlternatives(scenario: Scenario, options: PredictOptions, primary: Outcome, world: World): AlternativeOutcome[] {
  if ((world.offlineHttpCacheHits ?? 0) === 0) return [];
  const alt = simulate(scenario, { ...options, noHttpCacheOffline: true }).outcome;
  const comparable = (o: Outcome) => JSON.stringify({ steps: o.steps, fetchEvents: o.fetchEvents, workers: o.workers, crossOriginEvents: o.crossOriginEvents, cacheEvents: o.cacheEvents });
  if (comparable(alt) === comparable(primary)) return [];
  const { positions: _p, alternatives: _a, ...rest } = alt;
  return [{ because: `Fetch HTTP-network-or-cache fetch: the HTTP cache is optional (RFC 9111 §3, a cache MAY store); here it has no entry while offline, so the fetches it answered fail (${POSITIONS.httpCacheOptional.link})`, outcome: rest }];
}

/**
 * Handle Fetch starts Soft Update "in parallel" after a navigation (Create Fetch Event and
 * Dispatch 19) and fixes no timing: Chromium runs it at once, Firefox and WebKitGTK about a
 * second later. Its timing shows in the outcome only when a worker script changes after the
 * navigation (a bumpScript or serve step): then the update check may see either version.
 */
function softUpdateTimingMatters(scenario: Scenario): boolean {
  const firstDocument = scenario.steps.findIndex((s) => s.do === 'open' || s.do === 'navigate' || s.do === 'reload' || s.do === 'frame');
  return firstDocument >= 0 && scenario.steps.slice(firstDocument + 1).some((s) => s.do === 'bumpScript' || s.do === 'serve');
}

/** The outcomes the spec also allows: every Soft Update started so far run only after step k, for each later k. */
function softUpdateAlternatives(scenario: Scenario, options: PredictOptions, primary: Outcome): AlternativeOutcome[] {
  const comparable = (o: Outcome) => JSON.stringify({ steps: o.steps, fetchEvents: o.fetchEvents, workers: o.workers, crossOriginEvents: o.crossOriginEvents });
  const seen = new Set([comparable(primary)]);
  const out: AlternativeOutcome[] = [];
  for (let k = 2; k <= scenario.steps.length; k++) {
    let alt: Outcome;
    try {
      alt = simulate(scenario, { ...options, deferSoftUpdatesTo: k }).outcome;
    } catch {
      continue; // an order in which the scenario cannot run (a step would wait for the deferred work) is no outcome
    }
    if (seen.has(comparable(alt))) continue;
    seen.add(comparable(alt));
    const { positions: _p, alternatives: _a, ...rest } = alt;
    out.push({ because: `Create Fetch Event and Dispatch 19: Soft Update runs in parallel, with no timing; here the Soft Updates started by navigations run after steps[${k - 1}] (${POSITIONS.softUpdateTiming.link})`, outcome: rest });
  }
  return out;
}

/**
 * predict(), also returning the simulated user agent's final state (for property tests and
 * explanations). A scenario with placeholders runs on MODEL_ORIGINS and its outcome is
 * abstracted back; the state keeps the concrete URLs.
 */
export function simulate(scenario: Scenario, options: PredictOptions = {}): { outcome: Outcome; world: World } {
  if (hasPlaceholders(scenario)) {
    const run = simulateConcrete(resolvePlaceholders(scenario, MODEL_ORIGINS), options);
    return { outcome: abstractOrigins(run.outcome, MODEL_ORIGINS), world: run.world };
  }
  return simulateConcrete(scenario, options);
}

// ---------------------------------------------------------------------------------------------

function simulateConcrete(scenario: Scenario, options: PredictOptions): { outcome: Outcome; world: World } {
  const world = createWorld(scenario, options);
  const steps: StepResult[] = [];
  for (const [i, step] of scenario.steps.entries()) {
    try {
      steps.push(runStep(world, step));
      world.stepsDone = i + 1;
      world.scheduler.runPrompt(); // deferred Soft Updates due after this step
      options.observe?.(world, i);
    } catch (e) {
      if (e instanceof ScenarioError || e instanceof Deadlock) throw new ScenarioError(`step ${i} (${step.do}): ${e.message}`);
      throw e;
    }
  }
  // The harness reads the observation log once it is quiet: let every delay run out.
  world.scheduler.settle();
  // Position http-cache-optional: the outcome relies on the HTTP cache answering while offline.
  if ((world.offlineHttpCacheHits ?? 0) > 0) world.positions.add(POSITIONS.httpCacheOptional.link);
  const outcome: Outcome = { steps, fetchEvents: world.fetchEvents, workers: workersOutcome(world) };
  if (predictsCrossOriginEvents(world)) outcome.crossOriginEvents = crossOriginEventsOf(world);
  if (predictsCacheEvents(scenario)) outcome.cacheEvents = cacheEventsOf(world);
  if (world.positions.size > 0) outcome.positions = [...world.positions];
  return { outcome, world };
}

function createWorld(scenario: Scenario, options: PredictOptions): World {
  let nextId = 1;
  const server = new Map<string, ServedResource>();
  for (const [key, resource] of Object.entries(scenario.resources ?? {})) server.set(normaliseResourceKey(key), { resource, versionIndex: 0 });
  const world: World = {
    scheduler: new Scheduler(),
    options: {
      staleAfterMs: options.staleAfterMs ?? 86_400_000,
      ...(options.deferSoftUpdatesTo !== undefined ? { deferSoftUpdatesTo: options.deferSoftUpdatesTo } : {}),
      ...(options.noHttpCacheOffline !== undefined ? { noHttpCacheOffline: options.noHttpCacheOffline } : {}),
    },
    stepsDone: 0,
    server,
    httpCache: new Map(),
    registrationMap: createRegistrationMap<Registration>(),
    scopeToJobQueueMap: new Map(),
    clients: [],
    windows: new Map(),
    workers: [],
    fetchEvents: [],
    positions: new Set(),
    nextId: () => nextId++,
    runJobAlgorithm: (job: Job) => runJobAlgorithm(world, job),
  };
  return world;
}

/**
 * Outcome.workers: per version, the lifecycle events its listeners ran. The final state is not
 * part of the outcome: a worker becomes "redundant" only after it is terminated (Activate step 2,
 * Install step 16, Clear Registration), so it can never report that state itself.
 */
function workersOutcome(world: World): NonNullable<Outcome['workers']> {
  const out: NonNullable<Outcome['workers']> = {};
  for (const worker of world.workers) {
    // A worker that never reached Install (evaluation failed, or identical bytes) ran no listener.
    if (worker.events.length === 0) continue;
    const entry = (out[worker.version] ??= { events: [] });
    entry.events.push(...worker.events);
  }
  return out;
}

/**
 * Run one step to completion, then the in-parallel work that needs no time. A settle step (and a
 * register step with settle:true) then lets time pass until the work it waits for is done.
 */
function runStep(world: World, step: Step): StepResult {
  let result: StepResult | undefined;
  const thread = world.scheduler.spawn(`step ${step.do}`, (function* (): Co {
    result = yield* stepAlgorithm(world, step);
  })());
  world.scheduler.runUntil(() => thread.done, `the end of step "${step.do}"`);
  world.scheduler.runPrompt();
  if (result === undefined) throw new Error('a step always has a result');
  if (step.do === 'settle') world.scheduler.settle();
  if (step.do === 'register' && step.settle === true && 'ok' in result && result.ok) {
    // Until the registration's lifecycle work is done: activated or redundant, or waiting behind
    // an active worker that clients still use.
    const scope = result.scope;
    world.scheduler.settle((t) => t.scope === scope);
  }
  return result;
}

function* stepAlgorithm(world: World, step: Step): Co<StepResult> {
  switch (step.do) {
    case 'open': {
      if (world.windows.has(step.client)) throw new ScenarioError(`client "${step.client}" is already open`);
      const url = absoluteURL(step.url, undefined);
      world.windows.set(step.client, null);
      return yield* navigateWindow(world, step.client, url);
    }
    case 'navigate': {
      const current = windowDocument(world, step.client, false);
      return yield* navigateWindow(world, step.client, absoluteURL(step.url, current?.url));
    }
    case 'reload': {
      const current = windowDocument(world, step.client, false);
      if (current === null) throw new ScenarioError(`client "${step.client}" has no document to reload`);
      return yield* navigateWindow(world, step.client, current.url);
    }
    case 'close': {
      const current = windowDocument(world, step.client, false);
      world.windows.delete(step.client);
      if (current !== null) unloadClient(world, current);
      return { done: true };
    }
    case 'frame':
      return yield* navigateFrame(world, step.client, step.frame, step.url);
    case 'register':
      return yield* registerStep(world, step);
    case 'getRegistration': {
      const doc = agentDocument(world, step.client);
      if (!isSecureContext(doc)) return { unsupported: 'navigator.serviceWorker' };
      const found = lookUpRegistration(world, doc, step.url);
      if ('ok' in found) return found;
      if (found.registration !== null) doc.registrationObjects.set(found.registration.scope, found.registration);
      return { scope: found.registration?.scope ?? null };
    }
    case 'getRegistrations': {
      const doc = agentDocument(world, step.client);
      if (!isSecureContext(doc)) return { unsupported: 'navigator.serviceWorker' };
      return getRegistrationsMethod(serializeURL(doc.url), world.registrationMap, doc.storageKey);
    }
    case 'unregister':
      return yield* unregisterStep(world, step.client, step.scope);
    case 'update':
      return yield* updateStep(world, step.client, step.frame, step.scope);
    case 'fetch': {
      const doc = step.frame === undefined ? agentDocument(world, step.client) : frameDocument(world, step.client, step.frame);
      const url = parseURL(step.url, doc.url);
      // fetch(): a URL that does not parse rejects with TypeError.
      if (url === null) return { fetchError: 'TypeError' };
      const init: { mode?: 'same-origin' | 'no-cors' | 'cors'; redirect?: 'follow' | 'error' | 'manual' } = {};
      if (step.mode !== undefined) init.mode = step.mode;
      if (step.redirect !== undefined) init.redirect = step.redirect;
      const response = yield* fetchFromClient(world, doc, url, init);
      return fetchResult(response);
    }
    case 'controller': {
      const doc = step.frame === undefined ? agentDocument(world, step.client) : frameDocument(world, step.client, step.frame, false);
      if (!isSecureContext(doc)) return { unsupported: 'navigator.serviceWorker' };
      return { controller: doc.activeServiceWorker?.scriptURL ?? null };
    }
    case 'bumpScript': {
      const url = absoluteURL(step.url, undefined);
      const served = world.server.get(resourceKeyOf(url));
      if (served === undefined || served.resource.kind !== 'worker') throw new ScenarioError(`bumpScript: ${step.url} is not a worker resource`);
      if (served.versionIndex >= (served.resource.next?.length ?? 0)) throw new ScenarioError(`bumpScript: ${step.url} has no next version left`);
      served.versionIndex += 1;
      return { done: true };
    }
    case 'serve':
      // From now on the server answers this key with this resource (an HTTP cache keeps what it stored).
      world.server.set(normaliseResourceKey(step.key), { resource: step.resource, versionIndex: 0 });
      return { done: true };
    case 'settle':
      // runStep lets time pass once this step is done.
      return { done: true };
    case 'cache':
    case 'caches': {
      // Area "caches": model/caches/steps.ts.
      const doc = step.frame === undefined ? agentDocument(world, step.client) : frameDocument(world, step.client, step.frame);
      return yield* cacheStep(world, step, doc);
    }
    case 'network':
      // Area "caches": the run's network goes away or comes back (fetch/fixture-network.ts).
      world.offline = step.state === 'offline';
      return { done: true };
    case 'connect':
    case 'lookasideFetch':
    case 'probeNative': {
      // Area "proposals": the design models of model/proposals/ (proposal-steps.ts).
      const doc = step.frame === undefined ? agentDocument(world, step.client) : frameDocument(world, step.client, step.frame);
      return proposalStep(world, step, doc);
    }
    default:
      throw new ScenarioError(`unknown step ${JSON.stringify((step as { do?: unknown }).do)}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Documents

function absoluteURL(input: string, base: URL | undefined): URL {
  const url = base === undefined ? parseURL(input) : parseURL(input, base);
  if (url === null) throw new ScenarioError(`${JSON.stringify(input)} is not a URL`);
  return url;
}

/** The window's current document (null: an error page or the initial about:blank). */
function windowDocument(world: World, name: string, mustExist = true): Client | null {
  if (!world.windows.has(name)) throw new ScenarioError(`client "${name}" is not open`);
  const doc = world.windows.get(name) ?? null;
  if (mustExist && doc === null) throw new ScenarioError(`client "${name}" shows no document`);
  return doc;
}

function agentDocument(world: World, name: string): Client {
  const doc = windowDocument(world, name);
  if (doc === null || !doc.agent) throw new ScenarioError(`client "${name}" is not an agent page (${doc === null ? 'no document' : serializeURL(doc.url)})`);
  return doc;
}

/** A frame's document; `agentOnly` false lets a same-origin frame without an agent through (the parent's agent reads its controller). */
function frameDocument(world: World, clientName: string, frameName: string, agentOnly = true): Client {
  const parent = agentDocument(world, clientName);
  const frame = parent.frames.get(frameName);
  if (frame === undefined) throw new ScenarioError(`client "${clientName}" has no frame "${frameName}"`);
  const readable = !agentOnly && frame.url.origin === parent.url.origin;
  if (!frame.agent && !readable) throw new ScenarioError(`frame "${frameName}" is not an agent page (${serializeURL(frame.url)})`);
  return frame;
}

/** What a document step observes. */
function documentResult(client: Client): StepResult {
  return { url: serializeURL(client.url), controller: client.activeServiceWorker?.scriptURL ?? null };
}

/** A failed navigation (network error): position navigationErrorResult. */
function navigationErrorResult(world: World): StepResult {
  world.positions.add(POSITIONS.navigationErrorResult.link);
  return { fetchError: 'NetworkError' };
}

function* navigateWindow(world: World, name: string, url: URL): Co<StepResult> {
  const old = world.windows.get(name) ?? null;
  const target: NavigationTarget = { name, kind: 'window', parent: null };
  const outcome = yield* navigate(world, target, url);
  if (outcome.kind === 'no-content') {
    // 204/205: the old document stays.
    return old === null ? { url: 'about:blank', controller: null } : documentResult(old);
  }
  // The new document (or error page) replaces the old one, which unloads after the new one's
  // reserved client has started using its registration (Handle Fetch 9.8) — so a reload keeps
  // the registration in use and its waiting worker waiting (digest §3.8).
  world.windows.set(name, outcome.kind === 'document' ? outcome.client : null);
  if (old !== null) unloadClient(world, old);
  return outcome.kind === 'document' ? documentResult(outcome.client) : navigationErrorResult(world);
}

function* navigateFrame(world: World, clientName: string, frameName: string, input: string): Co<StepResult> {
  const parent = agentDocument(world, clientName);
  const url = absoluteURL(input, parent.url);
  const old = parent.frames.get(frameName) ?? null;
  const target: NavigationTarget = { name: `${clientName}/${frameName}`, kind: 'iframe', parent };
  const outcome = yield* navigate(world, target, url);
  if (outcome.kind === 'no-content') return old === null ? { url: 'about:blank', controller: null } : documentResult(old);
  if (outcome.kind === 'document') parent.frames.set(frameName, outcome.client);
  else parent.frames.delete(frameName);
  if (old !== null) unloadClient(world, old);
  return outcome.kind === 'document' ? documentResult(outcome.client) : navigationErrorResult(world);
}

// ---------------------------------------------------------------------------------------------
// Fetch results

function fetchResult(response: Response): StepResult {
  if (isNetworkError(response)) return { fetchError: 'TypeError' };
  const urlList = exposedURLList(response);
  const last = urlList[urlList.length - 1];
  const result: { status: number; body?: string; type?: string; redirected?: boolean; finalUrl?: string } = {
    status: response.status,
    type: response.type,
    redirected: urlList.length > 1,
    finalUrl: last === undefined ? '' : serializeURL(last, true),
  };
  const body = response.type === 'opaque' || response.type === 'opaqueredirect' ? '' : internalResponse(response).body;
  if (body !== undefined) result.body = body.slice(0, 200);
  return result;
}

// ---------------------------------------------------------------------------------------------
// Registration steps

function promiseResult(promise: JobPromise): { ok: true; registration: Registration } | { ok: false; error: string } {
  if (promise.state === 'rejected') return { ok: false, error: promise.error ?? 'Error' };
  return { ok: true, registration: promise.value as Registration };
}

function* registerStep(world: World, step: Extract<Step, { do: 'register' }>): Co<StepResult> {
  // From a frame: the frame's document registers, in its partition (its storage key).
  const doc = step.frame === undefined ? agentDocument(world, step.client) : frameDocument(world, step.client, step.frame);
  // navigator.serviceWorker is [SecureContext].
  if (!isSecureContext(doc)) return { unsupported: 'navigator.serviceWorker' };
  // register() 4–6: parse scriptURL and options.scope with the document's base URL.
  const scriptURL = parseURL(step.script, doc.url) ?? FAILURE;
  const scopeURL = step.scope === undefined ? null : (parseURL(step.scope, doc.url) ?? FAILURE);
  // register() 7 → Start Register 1–9.
  const started = startRegister(scopeURL, scriptURL);
  if (!started.ok) return { ok: false, error: started.error };
  // Start Register 10–15: storage key, Create Job, worker type, update via cache, referrer, Schedule Job.
  const promise = newJobPromise();
  // (The document's storage key: partitioned for a frame of another site, model/standards/storage-key.ts.)
  const job = createJob('register', doc.storageKey, started.scopeURL, started.scriptURL, promise, doc);
  job.workerType = step.type ?? 'classic';
  job.updateViaCache = step.updateViaCache ?? 'imports';
  job.referrer = doc.url;
  scheduleJob(world, job);
  yield* waitUntil(() => promise.state !== 'pending', 'the register() promise settles');
  const settled = promiseResult(promise);
  if (!settled.ok) return { ok: false, error: settled.error };
  const registration = settled.registration;
  doc.registrationObjects.set(registration.scope, registration);
  return { ok: true, scope: registration.scope };
}

type Lookup = { registration: Registration | null } | { ok: false; error: string };

/** getRegistration(clientURL) steps 1–8: Match Service Worker Registration, or the rejection. */
function lookUpRegistration(world: World, doc: Client, clientUrl: string | undefined): Lookup {
  const resolved = resolveClientURL(serializeURL(doc.url), clientUrl, doc.storageKey);
  if (!resolved.ok) return { ok: false, error: resolved.error };
  return { registration: matchServiceWorkerRegistration(world.registrationMap, resolved.storageKey, resolved.clientURL) };
}

/**
 * The registration object an unregister/update step acts on (contract/scenario.ts): the one this client's
 * register()/getRegistration() last resolved with for that scope, else getRegistration(scope)'s.
 */
function registrationObjectFor(world: World, doc: Client, scope: string): Lookup {
  const scopeURL = parseURL(scope, doc.url);
  if (scopeURL !== null) {
    const remembered = doc.registrationObjects.get(serializeURL(scopeURL, true));
    if (remembered !== undefined) return { registration: remembered };
  }
  const found = lookUpRegistration(world, doc, scope);
  if ('registration' in found && found.registration !== null) doc.registrationObjects.set(found.registration.scope, found.registration);
  return found;
}

function* unregisterStep(world: World, clientName: string, scope: string): Co<StepResult> {
  const doc = agentDocument(world, clientName);
  if (!isSecureContext(doc)) return { unsupported: 'navigator.serviceWorker' };
  const found = registrationObjectFor(world, doc, scope);
  if ('ok' in found) return found;
  const registration = found.registration;
  if (registration === null) return { unregistered: false };
  // unregister() 3: an unregister job for the registration's scope URL.
  const promise = newJobPromise();
  const job = createJob('unregister', registration.storageKey, registration.scopeURL, registration.scopeURL, promise, doc);
  scheduleJob(world, job);
  yield* waitUntil(() => promise.state !== 'pending', 'the unregister() promise settles');
  if (promise.state === 'rejected') return { ok: false, error: promise.error ?? 'Error' };
  return { unregistered: promise.value === true };
}

function* updateStep(world: World, clientName: string, frame: string | undefined, scope: string): Co<StepResult> {
  const doc = frame === undefined ? agentDocument(world, clientName) : frameDocument(world, clientName, frame);
  if (!isSecureContext(doc)) return { unsupported: 'navigator.serviceWorker' };
  // The agent calls update() on what getRegistration(scope) finds (fixtures-server/client/agent.js).
  const found = lookUpRegistration(world, doc, scope);
  if ('ok' in found) return found;
  const registration = found.registration;
  // Nothing found: the agent answers {ok: false, error: "NoRegistration"} without calling update().
  if (registration === null) return { ok: false, error: 'NoRegistration' };
  // update() 2–3: no newest worker → InvalidStateError.
  const newestWorker = getNewestWorker(registration);
  if (newestWorker === null) return { ok: false, error: 'InvalidStateError' };
  // update() 6–8: an update job for the newest worker's script URL and type.
  const promise = newJobPromise();
  const job = createJob('update', registration.storageKey, registration.scopeURL, new URL(newestWorker.scriptURL), promise, doc);
  job.workerType = newestWorker.type;
  giveUpdateJobTheRegistrationsMode(world, job, registration);
  scheduleJob(world, job);
  yield* waitUntil(() => promise.state !== 'pending', 'the update() promise settles');
  const settled = promiseResult(promise);
  if (!settled.ok) return { ok: false, error: settled.error };
  return { ok: true, scope: settled.registration.scope };
}
