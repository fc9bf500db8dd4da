// The one scenario validator. Every entry point (a suite table, a regression file, the CLI, the
// fixture server's PUT of resources) calls it; nothing downstream re-checks. A problem is a
// ContractError naming the field by its path ("steps[3].client",
// 'resources["{a}/sw.js"].behaviour.install.outcome'). Unknown keys are errors too, so a typo fails
// loudly instead of silently meaning "default". Validators return fresh copies with only known keys.
//
// The JSON schema in contract/schemas/ is generated from the same types for editors and other
// tools; contract/test/schema-agrees.test.ts checks the two agree on every suite scenario.
import { parseResourceKey, ResourceKeyError } from './origins.js';
import { AREAS, CACHE_OPS, CACHE_STORAGE_OPS, type Area, type CacheQueryOptions, type CacheRequestInit, type CacheResponseInit, type CrossOriginBehaviour, type FetchAction, type FetchRule, type HttpOptions, type Resource, type Scenario, type Step, type WorkerBehaviour } from './scenario.js';

export class ContractError extends Error {
  override name = 'ContractError';
  constructor(
    readonly field: string,
    readonly problem: string,
  ) {
    super(`${field}: ${problem}`);
  }
}

/** Bounds of what a scenario may ask a server to hold or wait; the fixture server passes its own limits. */
export interface ResourceBounds {
  /** Upper bound of HttpOptions.delayMs and of worker install/activate delays. */
  maxDelayMs: number;
  /** Bytes of one text/script resource body. */
  maxResourceBodyBytes: number;
  /** Resources in one scenario (or one PUT). */
  maxResources: number;
}

export const DEFAULT_BOUNDS: Readonly<ResourceBounds> = Object.freeze({ maxDelayMs: 10_000, maxResourceBodyBytes: 256 * 1024, maxResources: 512 });

type Obj = Record<string, unknown>;

const REDIRECT_STATUSES = [301, 302, 303, 307, 308] as const;
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** What Node accepts in a header value: no control characters but tab, Latin-1 only. */
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;
/** Framing and hop-by-hop headers the fixture server owns. */
const FORBIDDEN_HEADERS = new Set(['content-length', 'transfer-encoding', 'connection', 'keep-alive', 'upgrade', 'trailer', 'te', 'proxy-connection']);
const MAX_STRING = 4096;
const MAX_HEADERS = 64;
const MAX_RULES = 64;
const MAX_IMPORTS = 32;
const MAX_NEXT = 32;
const MAX_ORIGINS = 32;
const MAX_STEPS = 10_000;

export function invalid(field: string, problem: string): never {
  throw new ContractError(field, problem);
}

export function isObject(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `v` as an object with only `allowed` keys, or a ContractError naming the field. */
export function object(v: unknown, field: string, allowed: readonly string[]): Obj {
  if (!isObject(v)) invalid(field, 'must be an object');
  for (const key of Object.keys(v)) {
    if (!allowed.includes(key)) invalid(`${field}.${key}`, `unknown key (allowed: ${allowed.join(', ')})`);
  }
  return v;
}

/** `v` as a string of at most `max` characters, or a ContractError naming the field. */
export function string(v: unknown, field: string, max = MAX_STRING): string {
  if (typeof v !== 'string') invalid(field, 'must be a string');
  if (v.length > max) invalid(field, `longer than ${max} characters`);
  return v;
}

function nonEmpty(v: unknown, field: string, max = MAX_STRING): string {
  const s = string(v, field, max);
  if (s === '') invalid(field, 'must not be empty');
  return s;
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

function array(v: unknown, field: string, max: number, what: string): unknown[] {
  if (!Array.isArray(v)) invalid(field, `must be an array of ${what}`);
  if (v.length > max) invalid(field, `more than ${max} entries`);
  return v;
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

// ---------------------------------------------------------------------------------------------
// Resources (scenario.ts Resource and what it contains).

export function validateHttpOptions(v: unknown, field: string, bounds: ResourceBounds = DEFAULT_BOUNDS): HttpOptions {
  const o = object(v, field, ['status', 'contentType', 'headers', 'delayMs']);
  const out: HttpOptions = {};
  if (o.status !== undefined) out.status = integer(o.status, `${field}.status`, 200, 599);
  if (o.contentType !== undefined) out.contentType = o.contentType === null ? null : headerValue(o.contentType, `${field}.contentType`);
  if (o.headers !== undefined) out.headers = headers(o.headers, `${field}.headers`);
  if (o.delayMs !== undefined) out.delayMs = integer(o.delayMs, `${field}.delayMs`, 0, bounds.maxDelayMs);
  return out;
}

export function validateFetchAction(v: unknown, field: string): FetchAction {
  if (!isObject(v)) invalid(field, 'must be an object');
  const kind = oneOf(v.kind, `${field}.kind`, ['fallback', 'respond', 'redirect', 'forward', 'fetch', 'error', 'cancel', 'cache', 'network-first'] as const);
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
    case 'cache': {
      const o = object(v, field, ['kind', 'url', 'cacheName', 'options', 'miss', 'store']);
      const out: FetchAction = { kind };
      if (o.url !== undefined) out.url = string(o.url, `${field}.url`);
      if (o.cacheName !== undefined) out.cacheName = string(o.cacheName, `${field}.cacheName`, 256);
      if (o.options !== undefined) out.options = validateCacheQueryOptions(o.options, `${field}.options`);
      if (o.miss !== undefined) out.miss = oneOf(o.miss, `${field}.miss`, ['error', 'network'] as const);
      if (o.store !== undefined) out.store = string(o.store, `${field}.store`, 256);
      if (out.store !== undefined && out.miss !== 'network') invalid(`${field}.store`, 'only with miss "network" (a cache hit stores nothing)');
      return out;
    }
    case 'network-first': {
      const o = object(v, field, ['kind', 'fallback', 'cacheName', 'store']);
      const out: FetchAction = { kind };
      if (o.fallback !== undefined) out.fallback = string(o.fallback, `${field}.fallback`);
      if (o.cacheName !== undefined) out.cacheName = string(o.cacheName, `${field}.cacheName`, 256);
      if (o.store !== undefined) out.store = string(o.store, `${field}.store`, 256);
      return out;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Area "caches": cache query options, request and response arguments (scenario.ts).

const MAX_CACHE_REQUESTS = 64;
/** Fetch "method": a token. */
const METHOD = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

export function validateCacheQueryOptions(v: unknown, field: string): CacheQueryOptions {
  const o = object(v, field, ['ignoreSearch', 'ignoreMethod', 'ignoreVary']);
  const out: CacheQueryOptions = {};
  for (const k of ['ignoreSearch', 'ignoreMethod', 'ignoreVary'] as const) if (o[k] !== undefined) out[k] = boolean(o[k], `${field}.${k}`);
  return out;
}

export function validateCacheRequest(v: unknown, field: string): CacheRequestInit {
  if (typeof v === 'string') return string(v, field);
  const o = object(v, field, ['url', 'method', 'headers']);
  const out: Exclude<CacheRequestInit, string> = { url: string(o.url, `${field}.url`) };
  if (o.method !== undefined) {
    out.method = string(o.method, `${field}.method`, 64);
    if (!METHOD.test(out.method)) invalid(`${field}.method`, 'must be a method token');
  }
  if (o.headers !== undefined) out.headers = headers(o.headers, `${field}.headers`);
  return out;
}

export function validateCacheResponse(v: unknown, field: string): CacheResponseInit {
  if (!isObject(v)) invalid(field, 'must be an object');
  const from = oneOf(v.from, `${field}.from`, ['new', 'fetch', 'error', 'redirect'] as const);
  switch (from) {
    case 'new': {
      const o = object(v, field, ['from', 'body', 'status', 'headers', 'used']);
      const out: CacheResponseInit = { from };
      if (o.body !== undefined) out.body = string(o.body, `${field}.body`, 64 * 1024);
      // The Response constructor's own range; outside it, a RangeError.
      if (o.status !== undefined) out.status = integer(o.status, `${field}.status`, 200, 599);
      if (o.headers !== undefined) out.headers = headers(o.headers, `${field}.headers`);
      if (o.used !== undefined) out.used = boolean(o.used, `${field}.used`);
      return out;
    }
    case 'fetch': {
      const o = object(v, field, ['from', 'url', 'mode', 'used']);
      const out: CacheResponseInit = { from, url: string(o.url, `${field}.url`) };
      if (o.mode !== undefined) out.mode = oneOf(o.mode, `${field}.mode`, ['same-origin', 'no-cors', 'cors'] as const);
      if (o.used !== undefined) out.used = boolean(o.used, `${field}.used`);
      return out;
    }
    case 'error':
      object(v, field, ['from']);
      return { from };
    case 'redirect': {
      const o = object(v, field, ['from', 'location', 'status']);
      const out: CacheResponseInit = { from, location: string(o.location, `${field}.location`) };
      if (o.status !== undefined) out.status = oneOf(o.status, `${field}.status`, REDIRECT_STATUSES);
      return out;
    }
  }
}

/** The arguments each Cache method takes (a `cache` step); the others must be absent. */
const CACHE_OP_ARGS: { [op: string]: { required: string[]; optional: string[] } } = {
  match: { required: ['request'], optional: ['options'] },
  matchAll: { required: [], optional: ['request', 'options'] },
  add: { required: ['request'], optional: [] },
  addAll: { required: ['requests'], optional: [] },
  put: { required: ['request', 'response'], optional: [] },
  delete: { required: ['request'], optional: ['options'] },
  keys: { required: [], optional: ['request', 'options'] },
};
/** The arguments each CacheStorage method takes (a `caches` step). */
const CACHE_STORAGE_OP_ARGS: { [op: string]: { required: string[]; optional: string[] } } = {
  match: { required: ['request'], optional: ['options', 'cacheName'] },
  has: { required: ['cacheName'], optional: [] },
  open: { required: ['cacheName'], optional: [] },
  delete: { required: ['cacheName'], optional: [] },
  keys: { required: [], optional: [] },
};

/** The fields of a `cache` / `caches` step beyond STEP_SHAPES: which the op takes, and their shapes. */
function validateCacheStepArgs(o: Obj, out: Obj, field: string, storage: boolean): void {
  const op = out.op as string;
  const args = (storage ? CACHE_STORAGE_OP_ARGS : CACHE_OP_ARGS)[op]!;
  const all = ['request', 'requests', 'response', 'options', ...(storage ? ['cacheName'] : [])];
  for (const name of all) {
    const present = o[name] !== undefined;
    if (present && !args.required.includes(name) && !args.optional.includes(name)) invalid(`${field}.${name}`, `${storage ? 'caches' : 'cache'}.${op}() does not take it`);
    if (!present && args.required.includes(name)) invalid(`${field}.${name}`, `required by ${storage ? 'caches' : 'cache'}.${op}()`);
  }
  if (o.request !== undefined) out.request = validateCacheRequest(o.request, `${field}.request`);
  if (o.requests !== undefined) out.requests = array(o.requests, `${field}.requests`, MAX_CACHE_REQUESTS, 'requests').map((r, i) => validateCacheRequest(r, `${field}.requests[${i}]`));
  if (o.response !== undefined) out.response = validateCacheResponse(o.response, `${field}.response`);
  if (o.options !== undefined) out.options = validateCacheQueryOptions(o.options, `${field}.options`);
}

function validateRule(v: unknown, field: string): FetchRule {
  const o = object(v, field, ['urlContains', 'mode', 'action']);
  const out: FetchRule = { action: validateFetchAction(o.action, `${field}.action`) };
  if (o.urlContains !== undefined) out.urlContains = string(o.urlContains, `${field}.urlContains`);
  if (o.mode !== undefined) out.mode = oneOf(o.mode, `${field}.mode`, ['navigate', 'same-origin', 'no-cors', 'cors'] as const);
  return out;
}

function lifecycleHandler(v: unknown, field: string, flag: 'skipWaiting' | 'claim', bounds: ResourceBounds): Obj {
  // Area "caches": install's addAll, activate's keepCaches.
  const caching = flag === 'skipWaiting' ? 'addAll' : 'keepCaches';
  const o = object(v, field, ['outcome', 'delayMs', flag, caching]);
  const out: Obj = {};
  if (o.outcome !== undefined) out.outcome = oneOf(o.outcome, `${field}.outcome`, ['ok', 'throw', 'reject'] as const);
  if (o.delayMs !== undefined) out.delayMs = integer(o.delayMs, `${field}.delayMs`, 0, bounds.maxDelayMs);
  if (o[flag] !== undefined) out[flag] = boolean(o[flag], `${field}.${flag}`);
  if (o.addAll !== undefined) {
    const f = `${field}.addAll`;
    const a = object(o.addAll, f, ['cacheName', 'urls']);
    out.addAll = { cacheName: string(a.cacheName, `${f}.cacheName`, 256), urls: array(a.urls, `${f}.urls`, MAX_CACHE_REQUESTS, 'URLs').map((u, i) => string(u, `${f}.urls[${i}]`)) };
  }
  if (o.keepCaches !== undefined) out.keepCaches = array(o.keepCaches, `${field}.keepCaches`, MAX_CACHE_REQUESTS, 'cache names').map((n, i) => string(n, `${field}.keepCaches[${i}]`, 256));
  return out;
}

export function validateBehaviour(v: unknown, field: string, bounds: ResourceBounds = DEFAULT_BOUNDS): WorkerBehaviour {
  const o = object(v, field, ['version', 'imports', 'evaluationThrows', 'install', 'activate', 'fetch', 'crossOrigin']);
  const out: WorkerBehaviour = { version: nonEmpty(o.version, `${field}.version`, 200) };
  if (o.imports !== undefined) out.imports = array(o.imports, `${field}.imports`, MAX_IMPORTS, 'URLs').map((u, i) => string(u, `${field}.imports[${i}]`));
  if (o.evaluationThrows !== undefined) out.evaluationThrows = boolean(o.evaluationThrows, `${field}.evaluationThrows`);
  if (o.install !== undefined) out.install = lifecycleHandler(o.install, `${field}.install`, 'skipWaiting', bounds) as WorkerBehaviour['install'];
  if (o.activate !== undefined) out.activate = lifecycleHandler(o.activate, `${field}.activate`, 'claim', bounds) as WorkerBehaviour['activate'];
  if (o.fetch === null) {
    out.fetch = null;
  } else if (o.fetch !== undefined) {
    const f = `${field}.fetch`;
    const fe = object(o.fetch, f, ['rules', 'otherwise']);
    const fetch: { rules?: FetchRule[]; otherwise: FetchAction } = { otherwise: validateFetchAction(fe.otherwise, `${f}.otherwise`) };
    if (fe.rules !== undefined) fetch.rules = array(fe.rules, `${f}.rules`, MAX_RULES, 'rules').map((r, i) => validateRule(r, `${f}.rules[${i}]`));
    out.fetch = fetch;
  }
  if (o.crossOrigin !== undefined) out.crossOrigin = validateCrossOrigin(o.crossOrigin, `${field}.crossOrigin`);
  return out;
}

function originList(v: unknown, field: string): string[] {
  return array(v, field, MAX_ORIGINS, 'origins ("{a}", "http://x.localhost:8000" or "*")').map((x, i) => string(x, `${field}[${i}]`, 256));
}

/** Area "proposals": a target worker's cross-origin policy. */
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

export function validateResource(v: unknown, field: string, bounds: ResourceBounds = DEFAULT_BOUNDS): Resource {
  if (!isObject(v)) invalid(field, 'must be an object');
  const kind = oneOf(v.kind, `${field}.kind`, ['worker', 'page', 'redirect', 'text', 'script'] as const);
  const withHttp = <T extends Resource>(r: T, o: Obj): T => {
    if (o.http !== undefined) r.http = validateHttpOptions(o.http, `${field}.http`, bounds);
    return r;
  };
  switch (kind) {
    case 'worker': {
      const o = object(v, field, ['kind', 'behaviour', 'http', 'next']);
      const r: Resource = { kind, behaviour: validateBehaviour(o.behaviour, `${field}.behaviour`, bounds) };
      if (o.next !== undefined) r.next = array(o.next, `${field}.next`, MAX_NEXT, 'worker behaviours').map((b, i) => validateBehaviour(b, `${field}.next[${i}]`, bounds));
      return withHttp(r, o);
    }
    case 'page':
      return withHttp({ kind }, object(v, field, ['kind', 'http']));
    case 'redirect': {
      const o = object(v, field, ['kind', 'status', 'location', 'http']);
      const status = oneOf(o.status, `${field}.status`, REDIRECT_STATUSES);
      // http.status is ignored for a redirect: it answers with its own `status` (as the model assumes).
      return withHttp({ kind, status, location: headerValue(o.location, `${field}.location`) }, o);
    }
    case 'text':
    case 'script': {
      const o = object(v, field, ['kind', 'body', 'http']);
      const body = string(o.body, `${field}.body`, bounds.maxResourceBodyBytes);
      if (new TextEncoder().encode(body).length > bounds.maxResourceBodyBytes) invalid(`${field}.body`, `larger than ${bounds.maxResourceBodyBytes} bytes`);
      return withHttp({ kind, body }, o);
    }
  }
}

/** A resource key as a scenario writes it ("{role}/path"); the normalised key. */
export function validateResourceKey(key: string, field: string): string {
  try {
    return parseResourceKey(key).key;
  } catch (e) {
    if (e instanceof ResourceKeyError) invalid(field, e.message);
    throw e;
  }
}

/** Scenario.resources: keys "{role}/path" → Resource; two keys naming one path are an error. */
export function validateResources(v: unknown, field: string, bounds: ResourceBounds = DEFAULT_BOUNDS): { [key: string]: Resource } {
  if (!isObject(v)) invalid(field, 'must be an object of "{role}/path" → Resource');
  const entries = Object.entries(v);
  if (entries.length > bounds.maxResources) invalid(field, `more than ${bounds.maxResources} resources`);
  const out: { [key: string]: Resource } = {};
  const seen = new Map<string, string>();
  for (const [key, value] of entries) {
    const f = `${field}[${JSON.stringify(key)}]`;
    const normal = validateResourceKey(key, f);
    if (seen.has(normal)) invalid(f, `names the same resource as ${JSON.stringify(seen.get(normal))} (${normal})`);
    seen.set(normal, key);
    out[key] = validateResource(value, f, bounds);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Steps: one table of the fields each step takes, so a new step is one line here.

type FieldKind = 'string' | 'boolean' | readonly string[];
interface StepShape {
  required: { [field: string]: FieldKind };
  optional?: { [field: string]: FieldKind };
}

const CLIENT = { client: 'string' } as const;
const IN_FRAME = { frame: 'string' } as const;
const STEP_SHAPES: { [K in Step['do']]: StepShape } = {
  open: { required: { ...CLIENT, url: 'string' } },
  navigate: { required: { ...CLIENT, url: 'string' } },
  reload: { required: CLIENT },
  close: { required: CLIENT },
  frame: { required: { ...CLIENT, frame: 'string', url: 'string' } },
  register: {
    required: { ...CLIENT, script: 'string' },
    optional: { scope: 'string', type: ['classic', 'module'], updateViaCache: ['imports', 'all', 'none'], settle: 'boolean', ...IN_FRAME },
  },
  getRegistration: { required: CLIENT, optional: { url: 'string' } },
  getRegistrations: { required: CLIENT },
  unregister: { required: { ...CLIENT, scope: 'string' } },
  update: { required: { ...CLIENT, scope: 'string' }, optional: IN_FRAME },
  fetch: { required: { ...CLIENT, url: 'string' }, optional: { ...IN_FRAME, redirect: ['follow', 'error', 'manual'], mode: ['same-origin', 'no-cors', 'cors'] } },
  controller: { required: CLIENT, optional: IN_FRAME },
  bumpScript: { required: { url: 'string' } },
  serve: { required: { key: 'string' } }, // and `resource`, validated as a Resource below
  settle: { required: {} },
  connect: { required: { ...CLIENT, url: 'string' }, optional: { ...IN_FRAME, native: 'boolean' } },
  lookasideFetch: { required: { ...CLIENT, url: 'string', fallback: ['local', 'universal'] }, optional: { ...IN_FRAME, native: 'boolean' } },
  probeNative: {
    required: { ...CLIENT, design: ['navigator-connect', 'local-lookaside-fetch', 'universal-lookaside-fetch', 'stashed-message-ports'] },
    optional: IN_FRAME,
  },
  // Area "caches": request / requests / response / options (and caches' cacheName) by op, validated below.
  cache: { required: { ...CLIENT, op: CACHE_OPS, cacheName: 'string' }, optional: { ...IN_FRAME, reuse: 'boolean' } },
  caches: { required: { ...CLIENT, op: CACHE_STORAGE_OPS }, optional: IN_FRAME },
  network: { required: { state: ['offline', 'online'] } },
};
export const STEP_KINDS = Object.keys(STEP_SHAPES) as Step['do'][];

function fieldValue(v: unknown, field: string, kind: FieldKind): unknown {
  if (kind === 'string') return string(v, field);
  if (kind === 'boolean') return boolean(v, field);
  return oneOf(v, field, kind);
}

export function validateStep(v: unknown, field: string, bounds: ResourceBounds = DEFAULT_BOUNDS): Step {
  if (!isObject(v)) invalid(field, 'must be an object');
  const kind = oneOf(v.do, `${field}.do`, STEP_KINDS);
  const shape = STEP_SHAPES[kind];
  const extra = kind === 'serve' ? ['resource'] : kind === 'cache' ? ['request', 'requests', 'response', 'options'] : kind === 'caches' ? ['request', 'options', 'cacheName'] : [];
  const o = object(v, field, ['do', ...Object.keys(shape.required), ...Object.keys(shape.optional ?? {}), ...extra]);
  const out: Obj = { do: kind };
  for (const [name, k] of Object.entries(shape.required)) out[name] = fieldValue(o[name], `${field}.${name}`, k);
  for (const [name, k] of Object.entries(shape.optional ?? {})) if (o[name] !== undefined) out[name] = fieldValue(o[name], `${field}.${name}`, k);
  if (kind === 'serve') {
    validateResourceKey(out.key as string, `${field}.key`);
    out.resource = validateResource(o.resource, `${field}.resource`, bounds);
  }
  if (kind === 'caches' && o.cacheName !== undefined) out.cacheName = string(o.cacheName, `${field}.cacheName`, 256);
  if (kind === 'cache' || kind === 'caches') validateCacheStepArgs(o, out, field, kind === 'caches');
  return out as Step;
}

// ---------------------------------------------------------------------------------------------
// Scenario.

const CHECK_ID = /^([a-z][a-z-]*)\/[a-z0-9][a-z0-9._-]*(?:\/[a-z0-9][a-z0-9._-]*)*$/;

/** "<area>/<case>" ids; the area must be one of AREAS. */
export function isCheckId(id: string): boolean {
  const m = CHECK_ID.exec(id);
  return m !== null && (AREAS as readonly string[]).includes(m[1]!);
}

/** The clients a scenario opens and closes, in order: a step may only use an open client. */
function checkClients(steps: Step[]): void {
  const open = new Set<string>();
  steps.forEach((step, i) => {
    if (!('client' in step)) return;
    if (step.do === 'open') {
      if (open.has(step.client)) invalid(`steps[${i}].client`, `"${step.client}" is already open`);
      open.add(step.client);
      return;
    }
    if (!open.has(step.client)) invalid(`steps[${i}].client`, `"${step.client}" is not open`);
    if (step.do === 'close') open.delete(step.client);
  });
}

const SCENARIO_KEYS = ['$schema', 'id', 'area', 'title', 'spec', 'explainer', 'proposal', 'resources', 'steps', 'smoke'];

function validateScenarioFields(v: unknown, bounds: ResourceBounds): Scenario {
  const o = object(v, '(root)', SCENARIO_KEYS);
  const id = string(o.id, 'id', 200);
  const m = CHECK_ID.exec(id);
  if (!m) invalid('id', 'must look like "<area>/<case>" (lowercase letters, digits, . _ -)');
  const area = oneOf(o.area, 'area', AREAS) as Area;
  if (m[1] !== area) invalid('id', `must start with its area "${area}/"`);
  const out: Scenario = {
    ...(o.$schema !== undefined ? { $schema: string(o.$schema, '$schema') } : {}),
    id,
    area,
    title: nonEmpty(o.title, 'title'),
    spec: array(o.spec, 'spec', 64, 'spec references').map((s, i) => nonEmpty(s, `spec[${i}]`)),
    steps: [],
  };
  if (out.spec.length === 0) invalid('spec', 'needs at least one spec reference');
  if (o.explainer !== undefined) {
    const e = object(o.explainer, 'explainer', ['section', 'claim', 'predicts', 'specAgrees']);
    out.explainer = { section: string(e.section, 'explainer.section'), claim: string(e.claim, 'explainer.claim'), predicts: string(e.predicts, 'explainer.predicts'), specAgrees: boolean(e.specAgrees, 'explainer.specAgrees') };
  }
  if (o.proposal !== undefined) {
    const p = object(o.proposal, 'proposal', ['design', 'via']);
    out.proposal = {
      design: oneOf(p.design, 'proposal.design', ['navigator-connect', 'local-lookaside-fetch', 'universal-lookaside-fetch', 'stashed-message-ports', 'plain-cross-origin-fetch'] as const),
      via: oneOf(p.via, 'proposal.via', ['shim', 'native', 'platform'] as const),
    };
  }
  if (o.resources !== undefined) out.resources = validateResources(o.resources, 'resources', bounds);
  const steps = array(o.steps, 'steps', MAX_STEPS, 'steps');
  if (steps.length === 0) invalid('steps', 'needs at least one step');
  out.steps = steps.map((s, i) => validateStep(s, `steps[${i}]`, bounds));
  checkClients(out.steps);
  if (o.smoke !== undefined) out.smoke = boolean(o.smoke, 'smoke');
  return out;
}

/**
 * Validate a scenario (parsed JSON or a table row): a fresh, well-formed copy, or a ContractError
 * whose message names the scenario and the field: `scenario "lifecycle/x": steps[2].client: "c2" is not open`.
 */
export function validateScenario(v: unknown, bounds: ResourceBounds = DEFAULT_BOUNDS): Scenario {
  try {
    return validateScenarioFields(v, bounds);
  } catch (e) {
    if (!(e instanceof ContractError)) throw e;
    const id = isObject(v) && typeof v.id === 'string' ? v.id : '?';
    throw new ScenarioError(id, e.field, e.problem);
  }
}

/** A malformed scenario: the author's error, named by scenario id and field. */
export class ScenarioError extends ContractError {
  override name = 'ScenarioError';
  constructor(
    readonly scenarioId: string,
    field: string,
    problem: string,
  ) {
    super(field, problem);
    this.message = `scenario ${JSON.stringify(scenarioId)}: ${field}: ${problem}`;
  }
}
