// Outcome: what the model predicts and the harness observes, in the same shape (DESIGN.md, the one loop).
// A field absent from the prediction is not fixed by the spec and is not compared.
import type { ProposalDesignName } from './scenario.js';

export type StepResult =
  /** register / update: resolved with a registration for this scope, or rejected. */
  | { ok: true; scope: string }
  | { ok: false; error: string }
  /** getRegistration: the matched scope or null; rejection uses {ok:false,error}. */
  | { scope: string | null }
  /** getRegistrations: scopes in order. */
  | { scopes: string[] }
  /** unregister. */
  | { unregistered: boolean }
  /** open / navigate / reload / frame: the document that loaded and who controls it. */
  | { url: string; controller: string | null }
  /** controller step. */
  | { controller: string | null }
  /** fetch resolved. body is the first 200 characters. */
  | { status: number; body?: string; type?: string; redirected?: boolean; finalUrl?: string }
  /**
   * fetch rejected (network error → TypeError). Also open / navigate / reload / frame whose
   * navigation fetch ended in a network error ({fetchError: "NetworkError"}): the engine shows its
   * own error page, so nothing else about that document is compared.
   */
  | { fetchError: string }
  /** Steps with nothing to observe (close, bumpScript, settle). */
  | { done: true }
  /**
   * connect resolved with a port. On it the accepting worker answered a hello with its version
   * marker, its registration's scope and the caller origin it was given (null: no answer).
   */
  | { connected: true; worker: string | null; scope: string | null; origin: string | null }
  /** probeNative: some of the design's native names are there (`present`: which; the model does not predict it). */
  | { native: { design: ProposalDesignName; present?: string[] } }
  /** The API is not there at all (e.g. navigator.serviceWorker in an insecure context). */
  | { unsupported: string }
  /** Area "caches": Cache.match / CacheStorage.match resolved (null: undefined, no match). */
  | { response: CachedResponseView | null }
  /** Area "caches": Cache.matchAll resolved, in order. */
  | { responses: CachedResponseView[] }
  /** Area "caches": Cache.keys resolved: each Request's url (fragment included), in order. */
  | { urls: string[] }
  /** Area "caches": CacheStorage.keys resolved, in order. */
  | { names: string[] }
  /** Area "caches": CacheStorage.has / CacheStorage.delete / Cache.delete resolved. */
  | { value: boolean };

/** Area "caches": what a page reads of a Response a cache gave it. */
export interface CachedResponseView {
  status: number;
  /** Response.type. */
  type: string;
  /** Response.url ("" for a constructed or opaque response). */
  url: string;
  /** The body as text, first 200 characters ("" for opaque). Absent: not fixed (the model does not know the bytes). */
  body?: string;
}

/**
 * Area "caches": one thing a worker did with its caches, as its generated script reports it:
 * op "addAll" (install: target the cache name, result "ok" or the rejection's name), "deleteCache"
 * (activate keepCaches: target the cache name, result "true"/"false"), "serve" (a cache fetch
 * action: target the request URL, result "cache", "network" or "miss"), "put" (storing a network
 * response: target the request URL, result "ok" or the rejection's name). Compared as a multiset.
 */
export interface CacheEventObservation {
  /** The worker's version marker. */
  worker: string;
  op: 'addAll' | 'deleteCache' | 'serve' | 'put';
  target: string;
  result: string;
}

export interface FetchEventObservation {
  /** The worker's version marker. */
  worker: string;
  url: string;
  mode: string;
  redirect: string;
  destination: string;
}

/** What a target worker's cross-origin handler saw (area "proposals"): compared as a multiset. */
export interface CrossOriginEventObservation {
  /** The worker's version marker. */
  worker: string;
  event: 'connect' | 'lookasidefetch';
  /** The caller origin the worker was given: the user agent's (the shim's endpoint: MessageEvent.origin), never the caller's claim. */
  origin: string;
  url: string;
  result: 'accepted' | 'rejected' | 'responded' | 'declined' | 'error' | 'forwarded';
}

export interface Outcome {
  steps: StepResult[];
  /** Every fetch event any worker saw, as a multiset (compared sorted). Absent: not compared. */
  fetchEvents?: FetchEventObservation[];
  /**
   * Per worker version, the lifecycle events its listeners ran ("install", "activate"), as a
   * multiset. No final state: a worker is terminated before it becomes "redundant", so it cannot
   * report it. Absent: not compared.
   */
  workers?: { [version: string]: { events: string[] } };
  /** Area "proposals": every cross-origin event a target worker's handler decided, as a multiset. Absent: not compared. */
  crossOriginEvents?: CrossOriginEventObservation[];
  /** Area "caches": what workers stored in and served from their caches, as a multiset. Absent: not compared. */
  cacheEvents?: CacheEventObservation[];
  /** Where the model took a documented position on an open spec question: the issue links. */
  positions?: string[];
  /**
   * Other outcomes the specification allows for the same scenario (an "in parallel" step whose
   * timing it does not fix, e.g. the Soft Update a navigation starts). The observation passes when
   * it matches the outcome itself or any of these. Absent: the outcome is the only one.
   */
  alternatives?: AlternativeOutcome[];
  /**
   * Worker reports that reached the log only after the outcome was first read (the end rule's
   * late read, suites/harness/runner.ts END_RULE): they are part of the observation above (and so
   * of the diff); listed here so the report can count and show them. Observed outcomes only.
   */
  lateEvents?: LateEvent[];
}

/** A worker report read only by the late read (Outcome.lateEvents). */
export interface LateEvent {
  /** The report's kind: a fetch event, a lifecycle event, a cross-origin decision or a cache operation. */
  type: 'fetch' | 'install' | 'activate' | 'crossorigin' | 'cache';
  /** The worker version that reported it. */
  worker: string;
  /** fetch and crossorigin: the request URL; cache: "<op> <target>". */
  detail?: string;
  /** How long after the outcome was first read the fixture server received it, in ms. */
  afterReadMs: number;
}

export interface AlternativeOutcome {
  /** Why the spec allows it, naming the step: "Handle Fetch 17: Soft Update in parallel, after steps[3]". */
  because: string;
  outcome: Omit<Outcome, 'alternatives' | 'positions' | 'lateEvents'>;
}
