// The requests and responses a Cache holds (sw.bs § Caches, "request response list"), built the
// way the Fetch Standard builds them for a page or a worker: the Request constructor
// (fetch.bs § Request class), the Response constructor, Response.error() and
// Response.redirect() (§ Response class), header lists (§ headers) and the header list a
// filtered response exposes (§ basic / CORS / opaque filtered response). The model's Response is
// Fetch's (../fetch/fetch.ts); a Cache keeps the response as the method was given it (filtered
// responses keep their internal response).

import type { CacheRequestInit, CacheResponseInit, CacheQueryOptions } from '../../contract/index.js';
import { exposedURLList, internalResponse, type Response } from '../fetch/fetch.js';
import { isNullBodyStatus } from '../fetch/fixture-network.js';
import { parseURL, serializeURL } from '../standards/url.js';

/** Fetch § header list: (name, value) pairs; names compare byte-case-insensitively. */
export type HeaderList = ReadonlyArray<readonly [name: string, value: string]>;

/** Fetch § request, the fields a Cache keeps and compares. */
export interface CacheRequest {
  /** The request's URL, fragment included (Request.url shows it; matching excludes it). */
  url: URL;
  method: string;
  headerList: HeaderList;
}

/**
 * Where the cache algorithms record the positions they take (model/positions.ts): the world's set,
 * named by the step or worker action that runs them (recordPositionsIn), so the algorithms keep
 * the spec's signatures.
 */
let recorder: Set<string> | null = null;

export function recordPositionsIn(target: Set<string>): void {
  recorder = target;
}

export function recordPosition(link: string): void {
  recorder?.add(link);
}

/** A thrown exception, by its name (TypeError, InvalidStateError, RangeError, …): the rejection a page sees. */
export class CacheException extends Error {
  constructor(readonly errorName: string, why: string) {
    super(`${errorName}: ${why}`);
    this.name = 'CacheException';
  }
}

export function typeError(why: string): CacheException {
  return new CacheException('TypeError', why);
}

// ---------------------------------------------------------------------------------------------
// Headers (fetch.bs § headers)

/** Fetch § normalize a header value: strip leading and trailing HTTP whitespace bytes. */
export function normalizeHeaderValue(value: string): string {
  return value.replace(/^[\t\n\r ]+|[\t\n\r ]+$/g, '');
}

/**
 * Fetch § forbidden request-header: a Request's headers (guard "request") silently drop them.
 * The methods-overriding headers (X-HTTP-Method and friends) are forbidden only for some values;
 * the scenarios never send them, so they are not modelled.
 */
const FORBIDDEN_REQUEST_HEADERS = new Set([
  'accept-charset', 'accept-encoding', 'access-control-request-headers', 'access-control-request-method', 'connection', 'content-length',
  'cookie', 'cookie2', 'date', 'dnt', 'expect', 'host', 'keep-alive', 'origin', 'referer', 'set-cookie', 'te', 'trailer',
  'transfer-encoding', 'upgrade', 'via',
]);

export function isForbiddenRequestHeader(name: string): boolean {
  const lower = name.toLowerCase();
  return FORBIDDEN_REQUEST_HEADERS.has(lower) || lower.startsWith('proxy-') || lower.startsWith('sec-');
}

/** Fetch § forbidden response-header name (a Response's headers, guard "response", drop them). */
function isForbiddenResponseHeader(name: string): boolean {
  const lower = name.toLowerCase();
  return lower === 'set-cookie' || lower === 'set-cookie2';
}

/** Fetch § header list "get": the combined value (values joined by ", "), or null when absent. */
export function getHeader(list: HeaderList, name: string): string | null {
  const lower = name.toLowerCase();
  const values = list.filter(([n]) => n.toLowerCase() === lower).map(([, v]) => v);
  return values.length === 0 ? null : values.join(', ');
}

/** Fetch § header list "contains". */
export function containsHeader(list: HeaderList, name: string): boolean {
  return getHeader(list, name) !== null;
}

/**
 * The elements of a Vary header's field-values (RFC 9110 §12.5.5: `#field-name` or "*"): the
 * combined value split on commas, each trimmed of whitespace; empty elements are dropped, as the
 * list rule (#) allows. Position cache-vary-field-values: sw.bs says "the field-values of the
 * Vary header" without naming a Fetch algorithm (w3c/ServiceWorker#1609); Fetch's "get, decode,
 * and split" gives the same list for the tokens and "*" the scenarios use.
 */
export function varyFieldValues(value: string): string[] {
  return value.split(',').map((s) => s.replace(/^[\t ]+|[\t ]+$/g, '')).filter((s) => s !== '');
}

/**
 * The header list sw.bs reads Vary from (put 7, addAll's processResponse, Request Matches Cached
 * Item 6–7), for a response as a cache holds it. Position cache-vary-filtered-headers: an opaque
 * (or opaque-redirect, or error) response has none, as Fetch's filter says (WPT cache-match
 * "ignores vary headers on opaque response"; WPT cache-put "VARY:* opaque response should not
 * reject"); a CORS response keeps its whole list, as all three engines do: read literally the CORS
 * filter would hide a Vary that Access-Control-Expose-Headers does not name, and matching would
 * ignore it. A basic response drops Set-Cookie (its filter); a constructed one has its own list.
 */
export function responseHeaderList(response: Response): HeaderList {
  const all = [...internalResponse(response).headers.entries()] as [string, string][];
  switch (response.type) {
    case 'opaque':
    case 'opaqueredirect':
    case 'error':
      return [];
    case 'basic':
    case 'cors':
      return all.filter(([n]) => !isForbiddenResponseHeader(n));
    case 'default':
      return all;
  }
}

/** Whether a CORS response's Vary is one its filter would hide (position cache-vary-filtered-headers). */
export function corsHidesVary(response: Response): boolean {
  if (response.type !== 'cors') return false;
  const headers = [...internalResponse(response).headers.entries()] as [string, string][];
  if (getHeader(headers, 'vary') === null) return false;
  const expose = getHeader(headers, 'access-control-expose-headers');
  const exposed = expose === null ? [] : varyFieldValues(expose).map((n) => n.toLowerCase());
  return !exposed.includes('*') && !exposed.includes('vary');
}

// ---------------------------------------------------------------------------------------------
// The Request constructor (fetch.bs § Request class), for the inputs a scenario gives.

/** Fetch § "normalize" a method: the six methods are uppercased; others keep their case. */
function normalizeMethod(method: string): string {
  const upper = method.toUpperCase();
  return ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT'].includes(upper) ? upper : method;
}

/**
 * new Request(input, init) with `input` a URL string and init {method, headers}: parse against the
 * API base URL (Request constructor 5.2–5.3: failure or credentials → TypeError), the method
 * (step 25: forbidden methods → TypeError; normalized), the headers (step 33, guard "request":
 * forbidden request-headers are dropped, values normalized).
 */
export function constructRequest(init: CacheRequestInit, baseURL: URL | string): CacheRequest {
  const { url: input, method = 'GET', headers = {} } = typeof init === 'string' ? { url: init } : init;
  const parsed = parseURL(input, baseURL);
  // Request constructor 5.3: a URL that does not parse → TypeError.
  if (parsed === null) throw typeError(`new Request(${JSON.stringify(input)}): the URL does not parse`);
  // Request constructor 5.4: a URL that includes credentials → TypeError.
  if (parsed.username !== '' || parsed.password !== '') throw typeError('new Request(): the URL includes credentials');
  // Request constructor 25.2: a forbidden method → TypeError.
  if (['CONNECT', 'TRACE', 'TRACK'].includes(method.toUpperCase())) throw typeError(`new Request(): "${method}" is a forbidden method`);
  const headerList: [string, string][] = [];
  for (const [name, value] of Object.entries(headers)) {
    if (isForbiddenRequestHeader(name)) continue;
    headerList.push([name.toLowerCase(), normalizeHeaderValue(value)]);
  }
  return { url: parsed, method: normalizeMethod(method), headerList };
}

/** Whether a step's request argument is a Request object (built in the page first) or a string the method converts. */
export function isRequestObject(init: CacheRequestInit): boolean {
  return typeof init !== 'string';
}

// ---------------------------------------------------------------------------------------------
// Responses a page builds for put (fetch.bs § Response class).

/** A response a page built, with whether its body stream is disturbed (Body "used"). */
export interface BuiltResponse {
  response: Response;
  /** The body is disturbed or locked (put step 9). */
  disturbed: boolean;
}

/**
 * new Response(body, {status, headers}) (Response constructor: a null body status with a body →
 * TypeError; the headers' guard "response" drops Set-Cookie; a string body with no Content-Type
 * gets "text/plain;charset=UTF-8"), Response.error(), Response.redirect(url, status) (the URL
 * parsed against the API base URL, failure → TypeError). `from: "fetch"` is the step layer's.
 */
export function constructResponse(init: Exclude<CacheResponseInit, { from: 'fetch' }>, baseURL: URL): BuiltResponse {
  switch (init.from) {
    case 'error':
      // Response.error(): a network error, type "error", status 0, null body.
      return { response: { type: 'error', status: 0, headers: new Map(), body: '', urlList: [], internal: null, agentPage: false, synthetic: true }, disturbed: false };
    case 'redirect': {
      const parsed = parseURL(init.location, baseURL);
      if (parsed === null) throw typeError('Response.redirect(): the URL does not parse');
      return {
        response: { type: 'default', status: init.status ?? 302, headers: new Map([['location', serializeURL(parsed)]]), body: '', urlList: [], internal: null, agentPage: false, synthetic: true },
        disturbed: false,
      };
    }
    case 'new': {
      const status = init.status ?? 200;
      const hasBody = init.body !== undefined;
      // Response constructor, "initialize a response" 5: a null body status with a body → TypeError.
      if (hasBody && isNullBodyStatus(status)) throw typeError(`new Response(): status ${status} takes no body`);
      const headers = new Map<string, string>();
      for (const [name, value] of Object.entries(init.headers ?? {})) {
        if (isForbiddenResponseHeader(name)) continue;
        headers.set(name.toLowerCase(), normalizeHeaderValue(value));
      }
      // Extract a body: a string's type is "text/plain;charset=UTF-8", set when no Content-Type was given.
      if (hasBody && !headers.has('content-type')) headers.set('content-type', 'text/plain;charset=UTF-8');
      const response: Response = { type: 'default', status, headers, body: init.body ?? '', urlList: [], internal: null, agentPage: false, synthetic: true };
      // text() on a null body disturbs nothing (Body "consume body" on a null body reads no stream).
      return { response, disturbed: init.used === true && hasBody };
    }
  }
}

/**
 * Whether reading a fetched response's body (text()) disturbs it: a response with a body does; an
 * opaque (or opaque-redirect, or error) filtered response's body is null, so it does not.
 */
export function fetchedBodyDisturbedByRead(response: Response): boolean {
  return !(response.type === 'opaque' || response.type === 'opaqueredirect' || response.type === 'error');
}

/** "a copy of" a response the Cache keeps or hands out (the filtered wrapper with its internal response). */
export function copyResponse(r: Response): Response {
  const copy: Response = { ...r, headers: new Map(r.headers), urlList: [...r.urlList] };
  if (r.internal !== null) copy.internal = copyResponse(r.internal);
  return copy;
}

export function copyRequest(r: CacheRequest): CacheRequest {
  return { url: new URL(r.url.href), method: r.method, headerList: r.headerList.map(([n, v]) => [n, v] as const) };
}

// ---------------------------------------------------------------------------------------------
// What a page observes.

/** What the agent reads of a Response from a cache: status, type, url (no fragment) and body text. */
export function responseView(response: Response): { status: number; type: string; url: string; body?: string } {
  const urls = exposedURLList(response);
  const last = urls[urls.length - 1];
  const view: { status: number; type: string; url: string; body?: string } = { status: response.status, type: response.type, url: last === undefined ? '' : serializeURL(last, true) };
  // Opaque, opaque-redirect and error responses have a null body: text() is "".
  const body = response.type === 'opaque' || response.type === 'opaqueredirect' || response.type === 'error' ? '' : internalResponse(response).body;
  if (body !== undefined) view.body = body.slice(0, 200);
  return view;
}

/** CacheQueryOptions with its defaults (every member false). */
export function queryOptions(options: CacheQueryOptions | undefined): Required<CacheQueryOptions> {
  return { ignoreSearch: options?.ignoreSearch === true, ignoreMethod: options?.ignoreMethod === true, ignoreVary: options?.ignoreVary === true };
}
