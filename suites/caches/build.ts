// Building blocks of cache scenarios (area "caches"), shared by the caches table and the
// explainer table's offline app. They only assemble Scenario values.
import type { CacheQueryOptions, CacheRequestInit, CacheResponseInit, Resource, Step, WorkerBehaviour } from '../../contract/index.js';

/** The page every caches row opens first (an agent page on {a}). */
export const PAGE = '{a}/caches/page.html';

export const SW = (s: string) => `sw.bs § ${s}`;
export const FETCH = (s: string) => `fetch.bs § ${s}`;

/** c1 opens the page. */
export const openPage = (url = PAGE, client = 'c1'): Step => ({ do: 'open', client, url });

/** A cache step (Cache method on caches.open(cacheName)) in c1. */
export function cache(op: Extract<Step, { do: 'cache' }>['op'], cacheName: string, args: { request?: CacheRequestInit; requests?: CacheRequestInit[]; response?: CacheResponseInit; options?: CacheQueryOptions; reuse?: boolean; client?: string; frame?: string } = {}): Step {
  const { client = 'c1', ...rest } = args;
  return { do: 'cache', client, op, cacheName, ...rest };
}

/** A caches step (CacheStorage method) in c1. */
export function caches(op: Extract<Step, { do: 'caches' }>['op'], args: { cacheName?: string; request?: CacheRequestInit; options?: CacheQueryOptions; client?: string; frame?: string } = {}): Step {
  const { client = 'c1', ...rest } = args;
  return { do: 'caches', client, op, ...rest };
}

/** put(request, new Response(body, {status, headers})) into `cacheName`. */
export function put(cacheName: string, request: CacheRequestInit, body: string | undefined, init: { status?: number; headers?: Record<string, string>; used?: boolean; client?: string } = {}): Step {
  const { client, ...rest } = init;
  return cache('put', cacheName, { request, response: { from: 'new', ...(body !== undefined ? { body } : {}), ...rest }, ...(client ? { client } : {}) });
}

/** A Request init with headers. */
export const withHeaders = (url: string, headers: Record<string, string>, method?: string): CacheRequestInit => ({ url, headers, ...(method ? { method } : {}) });

/** A text resource. */
export const text = (body: string, headers?: Record<string, string>, status?: number): Resource => ({
  kind: 'text',
  body,
  ...(headers || status ? { http: { ...(headers ? { headers } : {}), ...(status ? { status } : {}) } } : {}),
});

/** A generated worker at {a}/caches/sw.js (scope /caches/) with this behaviour. */
export function cacheWorker(version: string, behaviour: Omit<WorkerBehaviour, 'version'>, next: WorkerBehaviour[] = []): Record<string, Resource> {
  return { '{a}/caches/sw.js': { kind: 'worker', behaviour: { version, ...behaviour }, ...(next.length ? { next } : {}) } };
}

/** Register {a}/caches/sw.js from the setup page (c1), settled, then navigate c1 into scope (controlled). */
export const controlled: Step[] = [
  { do: 'open', client: 'c1', url: '{a}/caches/setup.html' },
  { do: 'register', client: 'c1', script: 'sw.js', settle: true },
  { do: 'navigate', client: 'c1', url: PAGE },
];
