// The network, as the scenario declares it: what the fixture server answers for a URL
// (Scenario.resources, with the server's defaults), and Fetch's HTTP-network-or-cache fetch over
// it, including a small HTTP cache for responses declared cacheable (updateViaCache).
//
// Fixture-server defaults the model assumes (keep in step with fixtures-server/):
//   - a resource is looked up by origin + pathname (the query is ignored);
//   - worker and script resources: 200 text/javascript; page: 200 text/html (an agent page);
//     text: 200 text/plain; redirect: its status with Location;
//   - an unlisted path ending in ".html": an agent page (200 text/html); any other unlisted path:
//     200 text/plain with the body "network:<path+query>";
//   - `http.status` (not for redirects), `http.contentType` (null: no Content-Type) and `http.headers` override these;
//   - no CORS headers unless `http.headers` declares them (Access-Control-Allow-Origin);
//   - nothing is cacheable unless `http.headers` has a Cache-Control max-age > 0.

import type { Resource, WorkerBehaviour } from '../../contract/index.js';
import type { HTTPCacheEntry, ServedResource } from '../user-agent.js';

/** A response as it comes off the network (unfiltered). */
export interface NetworkResponse {
  status: number;
  /** Header names lowercased. */
  headers: Map<string, string>;
  /** What a page reading the body gets; undefined when the model does not know the bytes (agent pages, generated worker scripts). */
  body: string | undefined;
  /** The bytes Update compares (fetch-hook 20–21). */
  bytes: string;
  /** The document would be one of the fixture's agent pages. */
  agentPage: boolean;
  /** Set when the body is a generated worker script. */
  behaviour: WorkerBehaviour | undefined;
  /** The resource kind, or "default-page" / "default". */
  served: string;
}

export interface Network {
  server: Map<string, ServedResource>;
  httpCache: Map<string, HTTPCacheEntry>;
  /** Area "caches": the run's network is away (a `network` step): every request that reaches the network fails. */
  offline?: boolean;
  /** Set: while offline the HTTP cache answers nothing (position http-cache-optional). */
  options?: { noHttpCacheOffline?: boolean };
  /** Counted here: fetches the HTTP cache answered while offline (position http-cache-optional). */
  offlineHttpCacheHits?: number;
}

/** What the fixture server does with a request while the run is offline: closes the connection unanswered. Status 0: a network error. */
function offlineResponse(): NetworkResponse {
  return { status: 0, headers: new Map(), body: undefined, bytes: '', agentPage: false, behaviour: undefined, served: 'network-error' };
}

/** Whether a network response is the network error of an offline run (fetch.ts turns it into a network error). */
export function isOfflineNetworkError(response: NetworkResponse): boolean {
  return response.served === 'network-error';
}

/** Fetch "redirect status": 301, 302, 303, 307, 308. */
export function isRedirectStatus(status: number): boolean {
  return status === 301 || status === 302 || status === 303 || status === 307 || status === 308;
}

/** Fetch "null body status": 101, 103, 204, 205, 304. */
export function isNullBodyStatus(status: number): boolean {
  return status === 101 || status === 103 || status === 204 || status === 205 || status === 304;
}

/** Fetch "ok status": 200–299. */
export function isOkStatus(status: number): boolean {
  return status >= 200 && status <= 299;
}

/** The key under which the fixture server looks a URL up: origin + pathname. */
export function resourceKeyOf(url: URL): string {
  return url.origin + url.pathname;
}

/** Normalise a scenario resource key ("http://h:p/path", possibly with a query) to resourceKeyOf's form. */
export function normaliseResourceKey(key: string): string {
  try {
    return resourceKeyOf(new URL(key));
  } catch {
    return key;
  }
}

/**
 * The bytes of the script generated from a behaviour. The fixture server embeds the behaviour as
 * JSON in a fixed template, so two behaviours give the same bytes exactly when their JSON
 * serializations (key order included) are equal.
 */
function behaviourBytes(behaviour: WorkerBehaviour): string {
  return `worker:${JSON.stringify(behaviour)}`;
}

/** The behaviour a worker resource serves now (after any bumpScript steps). */
export function currentBehaviour(served: ServedResource): WorkerBehaviour | undefined {
  const r = served.resource;
  if (r.kind !== 'worker') return undefined;
  if (served.versionIndex === 0) return r.behaviour;
  return r.next?.[served.versionIndex - 1] ?? r.behaviour;
}

function defaultContentType(r: Resource): string {
  switch (r.kind) {
    case 'worker':
    case 'script':
      return 'text/javascript';
    case 'page':
      return 'text/html';
    case 'text':
      return 'text/plain';
    case 'redirect':
      return 'text/plain';
  }
}

/** What the fixture server answers for `url` (no cache involved). */
export function serve(network: Network, url: URL): NetworkResponse {
  const served = network.server.get(resourceKeyOf(url));
  const headers = new Map<string, string>();
  if (served === undefined) {
    if (url.pathname.endsWith('.html')) {
      headers.set('content-type', 'text/html');
      return { status: 200, headers, body: undefined, bytes: `agent-page:${url.pathname}`, agentPage: true, behaviour: undefined, served: 'default-page' };
    }
    headers.set('content-type', 'text/plain');
    const body = `network:${url.pathname}${url.search}`;
    return { status: 200, headers, body, bytes: body, agentPage: false, behaviour: undefined, served: 'default' };
  }
  const r = served.resource;
  const http = r.http ?? {};
  // A redirect resource answers with its own status (the fixture server ignores http.status for it).
  const status = r.kind === 'redirect' ? r.status : (http.status ?? 200);
  const contentType = http.contentType === undefined ? defaultContentType(r) : http.contentType;
  if (contentType !== null) headers.set('content-type', contentType);
  if (r.kind === 'redirect') headers.set('location', r.location);
  for (const [name, value] of Object.entries(http.headers ?? {})) headers.set(name.toLowerCase(), value);
  let body: string | undefined;
  let bytes: string;
  let behaviour: WorkerBehaviour | undefined;
  let agentPage = false;
  switch (r.kind) {
    case 'worker':
      behaviour = currentBehaviour(served);
      bytes = behaviourBytes(behaviour ?? r.behaviour);
      body = undefined;
      break;
    case 'page':
      agentPage = true;
      bytes = `agent-page:${url.pathname}`;
      body = undefined;
      break;
    case 'redirect':
      bytes = '';
      body = '';
      break;
    case 'text':
    case 'script':
      bytes = r.body;
      body = r.body;
      break;
  }
  // Fetch: a null body status has no body, so a worker served with one is an empty script.
  if (isNullBodyStatus(status)) {
    body = '';
    bytes = '';
    behaviour = undefined;
  }
  return { status, headers, body, bytes, agentPage, behaviour, served: r.kind };
}

/** Cache-Control max-age in ms when the response may be stored and reused, else null. */
function freshnessLifetimeMs(response: NetworkResponse): number | null {
  const cc = response.headers.get('cache-control');
  if (cc === undefined) return null;
  const directives = cc.toLowerCase().split(',').map((d) => d.trim());
  if (directives.includes('no-store') || directives.includes('no-cache')) return null;
  const maxAge = directives.find((d) => d.startsWith('max-age='));
  if (maxAge === undefined) return null;
  const seconds = Number(maxAge.slice('max-age='.length));
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : null;
}

export type CacheMode = 'default' | 'no-cache';

/**
 * https://fetch.spec.whatwg.org/#http-network-or-cache-fetch
 * Fetch § HTTP-network-or-cache fetch, reduced to what the scenarios can observe: with cache mode
 * "default" a fresh stored response is reused: status, headers and body as they were when stored
 * (position http-cache-reuse); "no-cache" always goes to the network. A network response declared
 * cacheable is stored. The cache is optional (RFC 9111 §3: a cache MAY store): with
 * options.noHttpCacheOffline the cache answers nothing while offline (position http-cache-optional).
 */
export function httpNetworkOrCacheFetch(network: Network, url: URL, cacheMode: CacheMode, now: number): { response: NetworkResponse; fromCache: boolean } {
  const key = resourceKeyOf(url) + url.search;
  // HTTP-network-or-cache fetch: "set storedResponse to the result of selecting a response from the
  // httpCache … if any": RFC 9111 §3 lets a cache not store (and §4 not reuse); the alternative
  // outcome (position http-cache-optional) has no entry while offline.
  const cacheUnused = network.offline === true && network.options?.noHttpCacheOffline === true;
  if (cacheMode === 'default' && !cacheUnused) {
    const entry = network.httpCache.get(key);
    if (entry !== undefined && now - entry.storedAt < entry.maxAgeMs) {
      // HTTP-network-or-cache fetch: storedResponse non-null and fresh → "set response to storedResponse", as stored.
      const response = serve(network, url);
      response.status = entry.status;
      response.headers = new Map(entry.headers);
      response.body = entry.body;
      response.bytes = entry.bytes;
      response.behaviour = entry.behaviour;
      if (network.offline === true) network.offlineHttpCacheHits = (network.offlineHttpCacheHits ?? 0) + 1;
      return { response, fromCache: true };
    }
  }
  // Area "caches": offline, what the HTTP cache does not answer fails (the fixture server closes the connection).
  if (network.offline === true) return { response: offlineResponse(), fromCache: false };
  const response = serve(network, url);
  const lifetime = isOkStatus(response.status) ? freshnessLifetimeMs(response) : null;
  if (lifetime !== null) {
    network.httpCache.set(key, { bytes: response.bytes, behaviour: response.behaviour, status: response.status, headers: new Map(response.headers), body: response.body, storedAt: now, maxAgeMs: lifetime });
  }
  return { response, fromCache: false };
}
