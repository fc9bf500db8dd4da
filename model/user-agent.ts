// The state the scenario interpreter simulates: the user agent's registration map, job queues,
// service workers and service worker clients (sw.bs § 3 concepts, Appendix A), plus the
// fixture server the scenario declares. Plain records; the algorithms live in lifecycle/,
// fetch/, navigation/ and clients/.

import type { CrossOriginEventObservation, FetchEventObservation, Resource, WorkerBehaviour } from '../contract/index.js';
import type { Scheduler } from './in-parallel.js';
import type { JobHost, JobQueue, UpdateViaCache, WorkerType } from './lifecycle/jobs.js';
import type { RegistrationMap } from './registration/registration-map.js';
import type { StorageKey } from './standards/storage-key.js';
import type { CachesState } from './caches/cache-storage.js';

export type WorkerState = 'parsed' | 'installing' | 'installed' | 'activating' | 'activated' | 'redundant';

/** sw.bs § service worker concept. */
export interface ServiceWorker {
  /** Unique per simulation (creation order). */
  readonly id: number;
  /** The version marker of the behaviour the script was generated from. */
  readonly version: string;
  readonly behaviour: WorkerBehaviour;
  /** Serialized script URL, no fragment. */
  readonly scriptURL: string;
  readonly type: WorkerType;
  state: WorkerState;
  /** Containing service worker registration. */
  readonly registration: Registration;
  skipWaitingFlag: boolean;
  /** Script resource map: URL → the bytes the model compares (Update fetch-hook 20–21). */
  scriptResourceMap: Map<string, string>;
  classicScriptsImportedFlag: boolean;
  /** Extendable events (install/activate) that are still active: Service Worker Has No Pending Events. */
  pendingEvents: number;
  /** The lifecycle events the worker's listeners ran, in order (Outcome.workers). */
  events: string[];
}

/** sw.bs § service worker registration concept. */
export interface Registration {
  readonly id: number;
  readonly storageKey: StorageKey;
  /** Serialized scope URL, no fragment (the registration map key). */
  readonly scope: string;
  readonly scopeURL: URL;
  installingWorker: ServiceWorker | null;
  waitingWorker: ServiceWorker | null;
  activeWorker: ServiceWorker | null;
  updateViaCache: UpdateViaCache;
  /** Virtual ms of the last update check that did not come from the HTTP cache, or null. */
  lastUpdateCheckTime: number | null;
}

/** A service worker client: the environment settings object of a document (window or iframe). */
export interface Client {
  readonly id: number;
  /** Scenario name: "c1" for a window, "c1/f1" for a frame. */
  readonly name: string;
  readonly kind: 'window' | 'iframe';
  /** The containing document's client for an iframe. */
  readonly parent: Client | null;
  /** Creation URL: the request's current URL of the navigation that created it (with fragment). */
  url: URL;
  storageKey: StorageKey;
  /** Active service worker: the controller. */
  activeServiceWorker: ServiceWorker | null;
  /** Unset for a reserved client (a navigation in flight). */
  executionReady: boolean;
  discarded: boolean;
  /** The document is one of the fixture's agent pages (it can run agent steps). */
  agent: boolean;
  /** Current iframe documents by frame name. */
  frames: Map<string, Client>;
  /** Registration objects this client's promises resolved with, by serialized scope (unregister / update steps). */
  registrationObjects: Map<string, Registration>;
}

/** What the fixture server serves at one resource key, with the worker version index after bumpScript steps. */
export interface ServedResource {
  resource: Resource;
  /** 0 = resource.behaviour, i = resource.next[i - 1]. */
  versionIndex: number;
}

/** One HTTP cache entry (only responses declared cacheable are stored). */
export interface HTTPCacheEntry {
  bytes: string;
  /** For a generated worker script: the behaviour the stored bytes came from. */
  behaviour: WorkerBehaviour | undefined;
  /** The stored response's status, header list and body, as they were when stored (a reuse answers with these, not with what the server serves now). */
  status: number;
  headers: Map<string, string>;
  body: string | undefined;
  storedAt: number;
  maxAgeMs: number;
}

export interface PredictOptions {
  /** Called after every step with the simulated state (property tests check invariants here). */
  observe?: (world: World, stepIndex: number) => void;
  /**
   * The staleness rule (sw.bs § Soft Update, "stale"): a registration is stale when more than this
   * many ms passed since its last update check. Default 86 400 000 (24 hours). Tests pass -1 to
   * make every checked registration stale.
   */
  staleAfterMs?: number;
  /**
   * Run the Soft Updates that navigations start (Handle Fetch, "in parallel") only once this many
   * steps are done, instead of right after the navigation. The spec fixes no timing; predict()
   * uses it to list the outcomes it allows (Outcome.alternatives).
   */
  deferSoftUpdatesTo?: number;
  /**
   * While the run is offline, the HTTP cache answers nothing: the user agent did not store the
   * response or does not reuse it (Fetch § HTTP-network-or-cache fetch; RFC 9111 §3, a cache MAY
   * store). predict() uses it to list that outcome too (position http-cache-optional).
   */
  noHttpCacheOffline?: boolean;
}

export interface World extends JobHost {
  scheduler: Scheduler;
  options: { staleAfterMs: number; deferSoftUpdatesTo?: number; noHttpCacheOffline?: boolean };
  /** How many of the scenario's steps are done. */
  stepsDone: number;
  /** The fixture server: resources by "origin + pathname". */
  server: Map<string, ServedResource>;
  httpCache: Map<string, HTTPCacheEntry>;
  registrationMap: RegistrationMap<Registration>;
  scopeToJobQueueMap: Map<string, JobQueue>;
  /** Every client that exists or existed (reserved ones included), in creation order. */
  clients: Client[];
  /** Top-level windows by scenario client name: their current document (null: an error page or about:blank). */
  windows: Map<string, Client | null>;
  /** Every service worker ever created, in creation order. */
  workers: ServiceWorker[];
  fetchEvents: FetchEventObservation[];
  /** Documented positions exercised (issue links). */
  positions: Set<string>;
  nextId: () => number;
  /** Area "proposals" (scenario/proposal-steps.ts): created when a scenario first needs it. */
  proposals?: ProposalsState;
  /** Area "caches" (caches/cache-storage.ts): created when a scenario first needs it. */
  caches?: CachesState;
  /** Area "caches": a `network` step took the run's network away (fetch/fixture-network.ts answers network errors). */
  offline?: boolean;
  /** How many fetches the HTTP cache answered while offline (position http-cache-optional: predict() then lists the outcome without them). */
  offlineHttpCacheHits?: number;
}

/** What the proposals steps need beyond the rest of the world (scenario/proposal-steps.ts). */
export interface ProposalsState {
  /** Decisions of the target workers' cross-origin handlers (Outcome.crossOriginEvents). */
  events: CrossOriginEventObservation[];
}
