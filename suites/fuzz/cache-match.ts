// Property fuzz/cache-match: random cache contents (requests with headers, responses with Vary),
// then many queries (Cache.match / matchAll / keys, CacheStorage.match) with random URLs, headers,
// methods and CacheQueryOptions; every answer compared with the model (model/caches/).
//
// The scenario is plain data (open the page, `cache put` steps, then query steps), so a
// counterexample is a check like any other. The model side has a fast path (cacheMatchModel: the
// puts through model/caches' algorithms once, then each query), checked equal to predict() in
// test/cache-match.test.ts. Engine variants for the quirks run the same algorithms on inputs the
// way the engine effectively sees them (quirks.ts).
import fc from 'fast-check';
import type { CacheQueryOptions, CacheRequestInit, Scenario, Step, StepResult } from '../../contract/index.js';
import { abstractString, MODEL_ORIGINS, resolvePlaceholders } from '../../contract/index.js';
import { keys, match, matchAll, put, requestArg } from '../../model/caches/cache.js';
import { cacheStorageMatch, cacheStorageOpen, type NameToCacheMap } from '../../model/caches/cache-storage.js';
import { CacheException, constructRequest, constructResponse, responseView, varyFieldValues } from '../../model/caches/request-response.js';
import { serializeURL } from '../../model/standards/url.js';

const fromModelOrigins = (s: string): string => abstractString(s, MODEL_ORIGINS);

export const CACHE_MATCH_PAGE = '{a}/cache/page.html';
/** The caches the puts go to: "f" first, "g" second (CacheStorage.match's order). */
const CACHE_NAMES = ['f', 'g'] as const;

// ---------------------------------------------------------------------------------------------
// Material.

export const CM_PATHS = ['/cache/k/a', '/cache/k/b', '/cache/k/A', '/cache/k/a/', '/cache/k/%61', '/cache/k/a/../b'] as const;
export const CM_QUERIES = ['', '?x=1', '?x=2', '?', '?x=1&y'] as const;
export const CM_FRAGMENTS = ['', '#f', '#'] as const;
export const CM_HEADER_NAMES = ['x-a', 'x-b', 'X-A', 'x-c'] as const;
export const CM_HEADER_VALUES = ['1', '2', '', ' 1 ', 'A', 'a'] as const;
export const CM_VARY = ['x-a', 'x-b', 'x-a, x-b', 'X-B,x-a', ' x-a ,x-b', 'x-a,,x-b', 'x-a , x-b', 'x-c', 'cookie', '*', 'x-a, *'] as const;
export const CM_METHODS = ['GET', 'HEAD', 'POST', 'get'] as const;

export interface CMRequest {
  path: number;
  query: number;
  fragment: number;
  headers: Array<[name: number, value: number]>;
  method: number;
  /** Passed as a string (no headers, GET) rather than a Request object. */
  asString: boolean;
}

export interface CMEntry {
  cache: 0 | 1;
  request: CMRequest;
  vary: number | null;
  status: 200 | 404 | 206;
}

export interface CMQuery {
  op: 'match' | 'matchAll' | 'keys' | 'storage';
  request: CMRequest;
  options: CacheQueryOptions;
  /** CacheStorage.match: restrict to one cache. */
  cacheName: 0 | 1 | null;
}

export interface CacheMatchInput {
  entries: CMEntry[];
  queries: CMQuery[];
}

const cmRequest = (methods = true): fc.Arbitrary<CMRequest> =>
  fc.record({
    // Mostly one URL, so entries pile up on it (variants, queries, fragments) and queries find several.
    path: fc.oneof({ weight: 4, arbitrary: fc.constant(0) }, { weight: 3, arbitrary: fc.nat(CM_PATHS.length - 1) }),
    query: fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 2, arbitrary: fc.nat(CM_QUERIES.length - 1) }),
    fragment: fc.oneof({ weight: 5, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.nat(CM_FRAGMENTS.length - 1) }),
    // Names repeated (case-insensitively) keep their first value (requestInit).
    headers: fc.array(fc.tuple(fc.nat(CM_HEADER_NAMES.length - 1), fc.nat(CM_HEADER_VALUES.length - 1)), { maxLength: 3 }),
    method: methods ? fc.oneof({ weight: 8, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.nat(CM_METHODS.length - 1) }) : fc.constant(0),
    asString: fc.boolean(),
  });

export function cacheMatchInput(o: { maxEntries?: number; maxQueries?: number } = {}): fc.Arbitrary<CacheMatchInput> {
  return fc.record({
    entries: fc.array(
      fc.record({
        cache: fc.oneof({ weight: 4, arbitrary: fc.constant(0 as const) }, { weight: 1, arbitrary: fc.constant(1 as const) }),
        request: cmRequest(),
        vary: fc.oneof({ weight: 2, arbitrary: fc.constant(null) }, { weight: 5, arbitrary: fc.nat(CM_VARY.length - 1) }),
        status: fc.oneof({ weight: 12, arbitrary: fc.constant(200 as const) }, { weight: 1, arbitrary: fc.constantFrom(404 as const, 206 as const) }),
      }),
      { minLength: 1, maxLength: o.maxEntries ?? 16, size: 'max' },
    ),
    queries: fc.array(
      fc.record({
        op: fc.constantFrom('match', 'matchAll', 'keys', 'storage'),
        request: cmRequest(),
        options: fc.record({ ignoreSearch: fc.boolean(), ignoreMethod: fc.boolean(), ignoreVary: fc.boolean() }, { requiredKeys: [] }),
        cacheName: fc.oneof({ weight: 3, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.constantFrom(0 as const, 1 as const) }),
      }),
      // Many queries per set of entries (size "max": lengths spread up to maxQueries, not ~10).
      // At least a few hundred by default: each run pays for a fresh origin and its puts once.
      { minLength: Math.min(o.maxQueries ?? 3000, 300), maxLength: o.maxQueries ?? 3000, size: 'max' },
    ),
  });
}

// ---------------------------------------------------------------------------------------------
// Input → scenario.

function requestInit(r: CMRequest): CacheRequestInit {
  const url = CM_PATHS[r.path]! + CM_QUERIES[r.query]! + CM_FRAGMENTS[r.fragment]!;
  if (r.asString) return url;
  const headers: Record<string, string> = {};
  const seen = new Set<string>();
  for (const [n, v] of r.headers) {
    const name = CM_HEADER_NAMES[n]!;
    if (seen.has(name.toLowerCase())) continue;
    seen.add(name.toLowerCase());
    headers[name] = CM_HEADER_VALUES[v]!;
  }
  const method = CM_METHODS[r.method]!;
  return { url, ...(seen.size ? { headers } : {}), ...(method !== 'GET' ? { method } : {}) };
}

const options = (o: CacheQueryOptions): CacheQueryOptions | undefined => (Object.keys(o).length ? o : undefined);

export function cacheMatchScenario(input: CacheMatchInput, meta: Pick<Scenario, 'id' | 'area' | 'title' | 'spec'>): Scenario {
  const steps: Step[] = [{ do: 'open', client: 'c1', url: CACHE_MATCH_PAGE }];
  input.entries.forEach((e, i) => {
    // X-Body repeats the body, so the batched page function reads it without reading the body stream
    // (page-functions.ts cacheQueryAll); the agent, replaying a counterexample, reads the body itself.
    const headers = { 'X-Body': `e${i}`, ...(e.vary === null ? {} : { Vary: CM_VARY[e.vary]! }) };
    steps.push({
      do: 'cache',
      client: 'c1',
      op: 'put',
      cacheName: CACHE_NAMES[e.cache],
      request: requestInit(e.request),
      response: { from: 'new', body: `e${i}`, ...(e.status !== 200 ? { status: e.status } : {}), headers },
    });
  });
  for (const q of input.queries) {
    const o = options(q.options);
    if (q.op === 'storage') steps.push({ do: 'caches', client: 'c1', op: 'match', request: requestInit(q.request), ...(o ? { options: o } : {}), ...(q.cacheName !== null ? { cacheName: CACHE_NAMES[q.cacheName] } : {}) });
    else steps.push({ do: 'cache', client: 'c1', op: q.op, cacheName: 'f', request: requestInit(q.request), ...(o ? { options: o } : {}) });
  }
  return { ...meta, resources: {}, steps };
}

/** The query steps of a cache-match scenario (everything after the puts). */
export function isCacheQueryStep(step: Step): boolean {
  return step.do === 'caches' || (step.do === 'cache' && step.op !== 'put');
}

// ---------------------------------------------------------------------------------------------
// The model, fast: the puts once through model/caches, then each query. An engine variant changes
// how the engine effectively sees the inputs (quirks.ts).

export interface CacheVariant {
  /** Rewrite a request before any algorithm sees it. */
  request?: (r: CacheRequestInit) => CacheRequestInit;
  /** Rewrite a stored response's Vary value before it is stored. */
  vary?: (v: string) => string;
  /** put replaces every entry with the same URL, whatever the Vary (Chromium). */
  putByURL?: boolean;
  /** put of a request an entry already matches updates that entry's response where it is: same position, same request URL (WebKit). */
  putInPlace?: boolean;
}

/** Several variants at once (an engine with more than one quirk). */
export function combineVariants(...vs: CacheVariant[]): CacheVariant {
  const out: CacheVariant = {};
  const requests = vs.flatMap((v) => (v.request ? [v.request] : []));
  const varies = vs.flatMap((v) => (v.vary ? [v.vary] : []));
  if (requests.length) out.request = (r) => requests.reduce((x, f) => f(x), r);
  if (varies.length) out.vary = (v) => varies.reduce((x, f) => f(x), v);
  if (vs.some((v) => v.putByURL)) out.putByURL = true;
  if (vs.some((v) => v.putInPlace)) out.putInPlace = true;
  return out;
}

export function cacheMatchModel(scenario: Scenario, variant: CacheVariant = {}): { setup: StepResult[]; query(step: Step): StepResult } {
  const concrete = resolvePlaceholders(scenario, MODEL_ORIGINS);
  const open = concrete.steps[0];
  if (open?.do !== 'open') throw new Error('cache-match: a scenario starts with an open step');
  const base = new URL(open.url);
  const map: NameToCacheMap = new Map();
  const env = { origin: base.origin };
  // Requests are built once per distinct argument (a string that constructs is the GET Request it
  // becomes: the methods treat both alike; one that throws stays a string, so the method throws).
  const built = new Map<string, ReturnType<typeof requestArg>>();
  const rq = (r: CacheRequestInit) => (variant.request ? variant.request(r) : r);
  const argOf = (r: CacheRequestInit): ReturnType<typeof requestArg> => {
    const key = JSON.stringify(r);
    let arg = built.get(key);
    if (arg === undefined) {
      arg = requestArg(rq(r), base);
      if ('string' in arg) {
        try {
          arg = { object: constructRequest(arg.string, base) };
        } catch {
          // stays a string: the method's Request constructor throws
        }
      }
      built.set(key, arg);
    }
    return arg;
  };
  const attempt = (f: () => StepResult): StepResult => {
    try {
      return f();
    } catch (e) {
      if (e instanceof CacheException) return { ok: false, error: e.errorName };
      throw e;
    }
  };
  const setup: StepResult[] = [{ url: fromModelOrigins(serializeURL(base)), controller: null }];
  for (const step of concrete.steps.slice(1)) {
    if (isCacheQueryStep(step)) break;
    if (step.do !== 'cache' || step.op !== 'put' || step.response?.from !== 'new') throw new Error('cache-match: puts of new Responses, then queries');
    const cache = cacheStorageOpen(map, step.cacheName);
    setup.push(attempt(() => {
      const arg = requestArg(rq(step.request!), base);
      const init = step.response as Extract<typeof step.response, { from: 'new' }>;
      const headers = init.headers?.Vary !== undefined && variant.vary ? { Vary: variant.vary(init.headers.Vary) } : init.headers;
      const { response, disturbed } = constructResponse({ ...init, ...(headers ? { headers } : {}) }, base);
      const before = variant.putInPlace ? [...cache.items] : [];
      put(cache, arg, response, disturbed);
      if (variant.putByURL) {
        // A put that succeeded leaves one entry for its URL (fragment aside): the new one.
        const added = cache.items[cache.items.length - 1]!;
        const url = serializeURL(added.request.url, true);
        cache.items = cache.items.filter((item) => item === added || serializeURL(item.request.url, true) !== url);
      }
      if (variant.putInPlace) {
        // The first entry the put matched gets the new response, where it was, with its request; other matches stay.
        const replaced = before.findIndex((item) => !cache.items.includes(item));
        if (replaced !== -1) {
          const added = cache.items.pop()!;
          const kept = before[replaced]!;
          const rest = before.filter((_, i) => i !== replaced);
          // The kept entry matches under the Vary it was stored with: the new response's status and body, the old Vary.
          const headers = new Map(added.response.headers);
          headers.delete('vary');
          const oldVary = kept.response.headers.get('vary');
          if (oldVary !== undefined) headers.set('vary', oldVary);
          rest.splice(replaced, 0, { request: kept.request, response: { ...added.response, headers } });
          cache.items = rest;
        }
      }
      return { done: true };
    }));
  }
  const view = (r: Parameters<typeof responseView>[0]) => {
    const v = responseView(r);
    return v.url === '' ? v : { ...v, url: fromModelOrigins(v.url) };
  };
  const query = (raw: Step): StepResult => {
    const step = JSON.stringify(raw).includes('{') && /\{(a|b|insecure)\}/.test(JSON.stringify(raw)) ? resolvePlaceholders(raw, MODEL_ORIGINS) : raw;
    return attempt(() => {
      if (step.do === 'caches') {
        const r = cacheStorageMatch(map, argOf(step.request!), step.options, step.cacheName, env.origin);
        return { response: r === null ? null : view(r) };
      }
      if (step.do !== 'cache') throw new Error(`cache-match: unexpected step ${step.do}`);
      // A query on "f" opens it (caches.open) when no put did.
      const cache = cacheStorageOpen(map, step.cacheName);
      const arg = step.request === undefined ? undefined : argOf(step.request);
      switch (step.op) {
        case 'match': {
          const r = match(cache, arg!, step.options, env);
          return { response: r === null ? null : view(r) };
        }
        case 'matchAll':
          return { responses: matchAll(cache, arg, step.options, env).map(view) };
        case 'keys':
          return { urls: keys(cache, arg, step.options).map((r) => fromModelOrigins(serializeURL(r.url))) };
        default:
          throw new Error(`cache-match: unexpected op ${step.op}`);
      }
    });
  };
  return { setup, query };
}

/** The model's step results for a cache-match scenario (equal to predict()'s: test/cache-match.test.ts). */
export function predictCacheMatch(scenario: Scenario, variant: CacheVariant = {}): StepResult[] {
  const model = cacheMatchModel(scenario, variant);
  return [...model.setup, ...scenario.steps.slice(model.setup.length).map((s) => model.query(s))];
}

// ---------------------------------------------------------------------------------------------
// The engine variants the quirks name.

/** Firefox: a varied header that is present but empty compares equal to an absent one (requests drop empty-valued headers). */
export const FIREFOX_EMPTY_IS_ABSENT: CacheVariant = {
  request: (r) => {
    if (typeof r === 'string' || r.headers === undefined) return r;
    const headers = Object.fromEntries(Object.entries(r.headers).filter(([, v]) => v.trim() !== ''));
    return { ...r, headers };
  },
};

/** Firefox: a request URL with an empty fragment ("…#") is kept without it (Request.url from keys() has no "#"). */
export const FIREFOX_EMPTY_FRAGMENT_DROPPED: CacheVariant = {
  request: (r) => {
    const strip = (u: string) => (u.endsWith('#') ? u.slice(0, -1) : u);
    return typeof r === 'string' ? strip(r) : { ...r, url: strip(r.url) };
  },
};

/** WebKit: Vary's elements are not trimmed, so one with whitespace names no header and takes no part ("*" aside). */
export const WEBKIT_UNTRIMMED_VARY: CacheVariant = {
  vary: (v) => {
    const normalized = v.replace(/^[\t ]+|[\t ]+$/g, '');
    const kept = normalized.split(',').filter((el) => el === el.trim() || el.trim() === '*' || el.trim() === '');
    return kept.map((el) => (el.trim() === '*' ? '*' : el)).join(',') || 'x-none-named';
  },
};

/** WebKit: put updates the entry it replaces where it is, keeping that entry's request (URL and fragment). */
export const WEBKIT_PUT_IN_PLACE: CacheVariant = { putInPlace: true };

/** Chromium: put (and addAll) replace every entry for the URL, whatever its Vary: one entry per URL. */
export const CHROMIUM_PUT_BY_URL: CacheVariant = { putByURL: true };

/** Whether a Vary value has an element the WebKit variant drops (for the quirk's predicate). */
export function hasUntrimmedVaryElement(v: string): boolean {
  const normalized = v.replace(/^[\t ]+|[\t ]+$/g, '');
  return normalized.split(',').some((el) => el !== el.trim() && el.trim() !== '' && el.trim() !== '*') && varyFieldValues(v).length > 0;
}
