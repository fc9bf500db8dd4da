// Validation of control and log bodies. Every rejection is a 400 whose `field` is a path into the
// body, e.g. resources["{a}/sw.js"].behaviour.install.outcome. Unknown keys are rejected too, so a
// typo in a scenario fails loudly instead of silently meaning "default".
// Validators return fresh copies holding only the known keys.

import { invalid } from './errors.js';
import { resolveHost, type HostInfo } from './hosts.js';
import type { Limits } from './limits.js';
import type {
  CrossOriginBehaviour,
  FetchAction,
  FetchRule,
  HttpOptions,
  LogPostBody,
  OriginRole,
  Resource,
  WorkerBehaviour,
} from './protocol.js';

type Obj = Record<string, unknown>;

const REDIRECT_STATUSES = [301, 302, 303, 307, 308] as const;
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** What Node accepts in a header value: no control characters but tab, Latin-1 only. */
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;
/** Framing and hop-by-hop headers the server owns. */
const FORBIDDEN_HEADERS = new Set([
  'content-length',
  'transfer-encoding',
  'connection',
  'keep-alive',
  'upgrade',
  'trailer',
  'te',
  'proxy-connection',
]);
const MAX_STRING = 4096;
const MAX_HEADERS = 64;
const MAX_RULES = 64;
const MAX_IMPORTS = 32;
const MAX_NEXT = 32;

function isObject(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function object(v: unknown, field: string, allowed: readonly string[]): Obj {
  if (!isObject(v)) invalid(field, 'must be an object');
  for (const key of Object.keys(v)) {
    if (!allowed.includes(key)) invalid(`${field}.${key}`, `unknown key (allowed: ${allowed.join(', ')})`);
  }
  return v;
}

function string(v: unknown, field: string, max = MAX_STRING): string {
  if (typeof v !== 'string') invalid(field, 'must be a string');
  if (v.length > max) invalid(field, `longer than ${max} characters`);
  return v;
}

function boolean(v: unknown, field: string): boolean {
  if (typeof v !== 'boolean') invalid(field, 'must be a boolean');
  return v;
}

function integer(v: unknown, field: string, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v)) invalid(field, 'must be an integer');
  if (v < min || v > max) invalid(field, `must be between ${min} and ${max}`);
  return v;
}

function oneOf<T extends string | number>(v: unknown, field: string, values: readonly T[]): T {
  if (!values.includes(v as T)) invalid(field, `must be one of ${values.map((x) => JSON.stringify(x)).join(', ')}`);
  return v as T;
}

function headerValue(v: unknown, field: string): string {
  const s = string(v, field, 8192);
  if (!HEADER_VALUE.test(s)) invalid(field, 'must not contain control characters or characters above U+00FF');
  return s;
}

function headers(v: unknown, field: string): Record<string, string> {
  if (!isObject(v)) invalid(field, 'must be an object of header name → value');
  const entries = Object.entries(v);
  if (entries.length > MAX_HEADERS) invalid(field, `more than ${MAX_HEADERS} headers`);
  const out: Record<string, string> = {};
  const seen = new Set<string>();
  for (const [name, value] of entries) {
    const f = `${field}.${name}`;
    if (!HEADER_NAME.test(name) || name.length > 256) invalid(f, 'is not a valid header name');
    const lower = name.toLowerCase();
    if (FORBIDDEN_HEADERS.has(lower)) invalid(f, 'is a framing or hop-by-hop header the server sets itself');
    if (seen.has(lower)) invalid(f, 'is given twice (header names are case-insensitive)');
    seen.add(lower);
    out[name] = headerValue(value, f);
  }
  return out;
}

export function validateHttpOptions(v: unknown, field: string, limits: Limits): HttpOptions {
  const o = object(v, field, ['status', 'contentType', 'headers', 'delayMs']);
  const out: HttpOptions = {};
  if (o.status !== undefined) out.status = integer(o.status, `${field}.status`, 200, 599);
  if (o.contentType !== undefined) {
    out.contentType = o.contentType === null ? null : headerValue(o.contentType, `${field}.contentType`);
  }
  if (o.headers !== undefined) out.headers = headers(o.headers, `${field}.headers`);
  if (o.delayMs !== undefined) out.delayMs = integer(o.delayMs, `${field}.delayMs`, 0, limits.maxDelayMs);
  return out;
}

export function validateFetchAction(v: unknown, field: string): FetchAction {
  if (!isObject(v)) invalid(field, 'must be an object');
  const kind = oneOf(v.kind, `${field}.kind`, ['fallback', 'respond', 'redirect', 'forward', 'fetch', 'error', 'cancel'] as const);
  switch (kind) {
    case 'fallback':
    case 'forward':
    case 'error':
    case 'cancel':
      object(v, field, ['kind']);
      return { kind };
    case 'respond': {
      const o = object(v, field, ['kind', 'body', 'status', 'headers']);
      const out: FetchAction = { kind };
      if (o.body !== undefined) out.body = string(o.body, `${field}.body`, 64 * 1024);
      // The Response constructor's own range; 1xx and 600+ throw a RangeError in the worker.
      if (o.status !== undefined) out.status = integer(o.status, `${field}.status`, 200, 599);
      if (o.headers !== undefined) out.headers = headers(o.headers, `${field}.headers`);
      return out;
    }
    case 'redirect': {
      const o = object(v, field, ['kind', 'location', 'status']);
      const out: FetchAction = { kind, location: string(o.location, `${field}.location`) };
      if (o.status !== undefined) out.status = oneOf(o.status, `${field}.status`, REDIRECT_STATUSES);
      return out;
    }
    case 'fetch': {
      const o = object(v, field, ['kind', 'url', 'redirect']);
      const out: FetchAction = { kind };
      if (o.url !== undefined) out.url = string(o.url, `${field}.url`);
      if (o.redirect !== undefined) out.redirect = oneOf(o.redirect, `${field}.redirect`, ['follow', 'error', 'manual'] as const);
      return out;
    }
  }
}

function validateRule(v: unknown, field: string): FetchRule {
  const o = object(v, field, ['urlContains', 'mode', 'action']);
  const out: FetchRule = { action: validateFetchAction(o.action, `${field}.action`) };
  if (o.urlContains !== undefined) out.urlContains = string(o.urlContains, `${field}.urlContains`);
  if (o.mode !== undefined) out.mode = oneOf(o.mode, `${field}.mode`, ['navigate', 'same-origin', 'no-cors', 'cors'] as const);
  return out;
}

export function validateBehaviour(v: unknown, field: string, limits: Limits): WorkerBehaviour {
  const o = object(v, field, ['version', 'imports', 'evaluationThrows', 'install', 'activate', 'fetch', 'crossOrigin']);
  const version = string(o.version, `${field}.version`, 200);
  if (version === '') invalid(`${field}.version`, 'must not be empty');
  const out: WorkerBehaviour = { version };
  if (o.imports !== undefined) {
    if (!Array.isArray(o.imports)) invalid(`${field}.imports`, 'must be an array of URLs');
    if (o.imports.length > MAX_IMPORTS) invalid(`${field}.imports`, `more than ${MAX_IMPORTS} entries`);
    out.imports = o.imports.map((u, i) => string(u, `${field}.imports[${i}]`));
  }
  if (o.evaluationThrows !== undefined) out.evaluationThrows = boolean(o.evaluationThrows, `${field}.evaluationThrows`);
  if (o.install !== undefined) {
    const f = `${field}.install`;
    const i = object(o.install, f, ['outcome', 'delayMs', 'skipWaiting']);
    const install: NonNullable<WorkerBehaviour['install']> = {};
    if (i.outcome !== undefined) install.outcome = oneOf(i.outcome, `${f}.outcome`, ['ok', 'throw', 'reject'] as const);
    if (i.delayMs !== undefined) install.delayMs = integer(i.delayMs, `${f}.delayMs`, 0, limits.maxDelayMs);
    if (i.skipWaiting !== undefined) install.skipWaiting = boolean(i.skipWaiting, `${f}.skipWaiting`);
    out.install = install;
  }
  if (o.activate !== undefined) {
    const f = `${field}.activate`;
    const a = object(o.activate, f, ['outcome', 'delayMs', 'claim']);
    const activate: NonNullable<WorkerBehaviour['activate']> = {};
    if (a.outcome !== undefined) activate.outcome = oneOf(a.outcome, `${f}.outcome`, ['ok', 'throw', 'reject'] as const);
    if (a.delayMs !== undefined) activate.delayMs = integer(a.delayMs, `${f}.delayMs`, 0, limits.maxDelayMs);
    if (a.claim !== undefined) activate.claim = boolean(a.claim, `${f}.claim`);
    out.activate = activate;
  }
  if (o.fetch === null) {
    out.fetch = null;
  } else if (o.fetch !== undefined) {
    const f = `${field}.fetch`;
    const fe = object(o.fetch, f, ['rules', 'otherwise']);
    const fetch: { rules?: FetchRule[]; otherwise: FetchAction } = {
      otherwise: validateFetchAction(fe.otherwise, `${f}.otherwise`),
    };
    if (fe.rules !== undefined) {
      if (!Array.isArray(fe.rules)) invalid(`${f}.rules`, 'must be an array');
      if (fe.rules.length > MAX_RULES) invalid(`${f}.rules`, `more than ${MAX_RULES} rules`);
      fetch.rules = fe.rules.map((r, i) => validateRule(r, `${f}.rules[${i}]`));
    }
    out.fetch = fetch;
  }
  if (o.crossOrigin !== undefined) out.crossOrigin = validateCrossOrigin(o.crossOrigin, `${field}.crossOrigin`);
  return out;
}

// ---- area "proposals": a target worker's cross-origin policy (protocol.ts CrossOriginBehaviour)

const MAX_ORIGINS = 32;

function originList(v: unknown, field: string): string[] {
  if (!Array.isArray(v)) invalid(field, 'must be an array of origins ("{a}", "http://x.localhost:8000" or "*")');
  if (v.length > MAX_ORIGINS) invalid(field, `more than ${MAX_ORIGINS} origins`);
  return v.map((x, i) => string(x, `${field}[${i}]`, 256));
}

function validateCrossOrigin(v: unknown, field: string): CrossOriginBehaviour {
  const o = object(v, field, ['connect', 'lookaside']);
  const out: CrossOriginBehaviour = {};
  if (o.connect !== undefined) out.connect = originList(o.connect, `${field}.connect`);
  if (o.lookaside !== undefined) {
    const f = `${field}.lookaside`;
    const l = object(o.lookaside, f, ['origins', 'answer']);
    const lookaside: NonNullable<CrossOriginBehaviour['lookaside']> = { origins: originList(l.origins, `${f}.origins`) };
    if (l.answer !== undefined) {
      const answer = validateFetchAction(l.answer, `${f}.answer`);
      if (answer.kind !== 'respond' && answer.kind !== 'fallback' && answer.kind !== 'error' && answer.kind !== 'forward') {
        invalid(`${f}.answer.kind`, 'must be one of "respond", "fallback", "error", "forward"');
      }
      lookaside.answer = answer;
    }
    out.lookaside = lookaside;
  }
  return out;
}

export function validateResource(v: unknown, field: string, limits: Limits): Resource {
  if (!isObject(v)) invalid(field, 'must be an object');
  const kind = oneOf(v.kind, `${field}.kind`, ['worker', 'page', 'redirect', 'text', 'script'] as const);
  const http = (o: Obj): HttpOptions | undefined =>
    o.http === undefined ? undefined : validateHttpOptions(o.http, `${field}.http`, limits);
  const withHttp = <T extends Resource>(r: T, o: Obj): T => {
    const h = http(o);
    if (h !== undefined) r.http = h;
    return r;
  };
  switch (kind) {
    case 'worker': {
      const o = object(v, field, ['kind', 'behaviour', 'http', 'next']);
      const r: Resource = { kind, behaviour: validateBehaviour(o.behaviour, `${field}.behaviour`, limits) };
      if (o.next !== undefined) {
        if (!Array.isArray(o.next)) invalid(`${field}.next`, 'must be an array of worker behaviours');
        if (o.next.length > MAX_NEXT) invalid(`${field}.next`, `more than ${MAX_NEXT} versions`);
        r.next = o.next.map((b, i) => validateBehaviour(b, `${field}.next[${i}]`, limits));
      }
      return withHttp(r, o);
    }
    case 'page': {
      const o = object(v, field, ['kind', 'http']);
      return withHttp({ kind }, o);
    }
    case 'redirect': {
      const o = object(v, field, ['kind', 'status', 'location', 'http']);
      const status = oneOf(o.status, `${field}.status`, REDIRECT_STATUSES);
      const location = headerValue(o.location, `${field}.location`);
      // http.status is ignored for a redirect: it answers with its own `status` (as the model assumes).
      return withHttp({ kind, status, location }, o);
    }
    case 'text':
    case 'script': {
      const o = object(v, field, ['kind', 'body', 'http']);
      const body = string(o.body, `${field}.body`, limits.maxResourceBodyBytes);
      if (Buffer.byteLength(body) > limits.maxResourceBodyBytes) {
        invalid(`${field}.body`, `larger than ${limits.maxResourceBodyBytes} bytes`);
      }
      return withHttp({ kind, body }, o);
    }
  }
}

/**
 * "{role}/path" → the key as looked up: the role placeholder followed by the path as a browser's URL
 * parser sends it (dot segments resolved, backslashes as slashes, non-ASCII percent-encoded).
 */
export function normaliseResourceKey(key: string, field: string): { key: string; role: OriginRole; path: string } {
  const m = /^\{(a|b|insecure)\}(\/.*)$/s.exec(key);
  if (!m) invalid(field, 'key must be "{a}/path", "{b}/path" or "{insecure}/path"');
  const role = m[1] as OriginRole;
  const raw = m[2]!;
  if (raw.length > 2048) invalid(field, 'path longer than 2048 characters');
  if (/[?#]/.test(raw)) invalid(field, 'path must not contain a query or fragment (the query is ignored when looking a resource up)');
  if (/[\x00-\x1f\x7f]/.test(raw)) invalid(field, 'path must not contain control characters');
  const path = new URL(`http://h.invalid${raw}`).pathname;
  return { key: `{${role}}${path}`, role, path };
}

/**
 * A resource key as a scenario writes it ("{role}/path") or as the harness may pass it after
 * resolving placeholders (an absolute http URL on one of `run`'s origins) → the stored key.
 * A query is refused unless `ignoreQuery` (then it is dropped, as when a resource is looked up).
 */
export function resourceKey(input: string, field: string, run: string, ignoreQuery = false): string {
  if (input.startsWith('{')) {
    const q = ignoreQuery ? input.search(/[?#]/) : -1;
    return normaliseResourceKey(q === -1 ? input : input.slice(0, q), field).key;
  }
  let parsed: URL;
  try {
    parsed = new URL(input);
  } catch {
    return invalid(field, 'must be "{role}/path" or an absolute http URL on one of the run\'s origins');
  }
  if (parsed.protocol !== 'http:') invalid(field, 'must be an http URL');
  if (!ignoreQuery && (parsed.search !== '' || parsed.hash !== '' || /[?#]/.test(input))) {
    invalid(field, 'must not contain a query or fragment (the query is ignored when looking a resource up)');
  }
  let host: HostInfo;
  try {
    host = resolveHost(parsed.host, null);
  } catch {
    return invalid(field, `host ${parsed.host} is not one of the fixture server's origins`);
  }
  if (host.run !== run) invalid(field, `names run ${host.run}, not ${run}`);
  return `{${host.role}}${parsed.pathname}`;
}

/** The body of PUT / PATCH runs/:run/resources → stored key → resource. */
export function validateResources(body: unknown, limits: Limits, run: string): Map<string, Resource> {
  const o = object(body, 'body', ['resources']);
  if (!isObject(o.resources)) invalid('resources', 'must be an object of "{role}/path" → Resource');
  const entries = Object.entries(o.resources);
  if (entries.length > limits.maxResourcesPerRun) {
    invalid('resources', `more than ${limits.maxResourcesPerRun} resources`);
  }
  const out = new Map<string, Resource>();
  for (const [rawKey, value] of entries) {
    const field = `resources[${JSON.stringify(rawKey)}]`;
    const key = resourceKey(rawKey, field, run);
    if (out.has(key)) invalid(field, `names the same resource as another key (${key})`);
    out.set(key, validateResource(value, field, limits));
  }
  return out;
}

const LOG_TYPE = /^[a-z][a-z0-9-]{0,63}$/;
const LOG_SOURCE = /^(page|worker|harness)(:|$)/;

export function validateLogPost(body: unknown): LogPostBody {
  const o = object(body, 'body', ['source', 'type', 'data']);
  const source = string(o.source, 'source', 2048);
  if (!LOG_SOURCE.test(source)) invalid('source', 'must start with "page:", "worker:" or "harness"');
  if (/[\x00-\x1f\x7f]/.test(source)) invalid('source', 'must not contain control characters');
  const type = string(o.type, 'type', 64);
  if (!LOG_TYPE.test(type)) invalid('type', `must match ${LOG_TYPE.source}`);
  return { source, type, data: o.data === undefined ? {} : o.data };
}
