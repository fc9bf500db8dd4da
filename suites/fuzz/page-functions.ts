// Functions evaluated in an agent page by the fuzz properties and the engine bench. They are
// serialised to source (EngineClient.evaluate), so each is self-contained, and none binds a
// function to a name inside: tsx (the bench, the CLI) would wrap such bindings in a `__name()`
// helper that does not exist in the page (test/page-functions.test.ts checks the source).
// Browser answers, rejections included, come back as data; only a missing API is reported as
// `harness`, which the caller turns into a harness error.

export interface PageRegisterItem {
  script: string;
  /** Absent: register() without a scope option. */
  scope?: string;
}

export type PageRegisterResult = { ok: true; scope: string } | { ok: false; error: string };
export type PageLookupResult = { scope: string | null } | { ok: false; error: string };

/**
 * register() every item at once (distinct scopes: their jobs are in different job queues), then
 * wait until each registration's newest worker is activated or redundant, as a register step
 * with `settle` does (lookups then never race the registrations' lifecycle).
 */
export const registerAll = async (items: PageRegisterItem[]): Promise<{ harness?: string; results?: PageRegisterResult[] }> => {
  const c = navigator.serviceWorker;
  if (!c) return { harness: `no navigator.serviceWorker in ${location.href}` };
  const regs: Array<ServiceWorkerRegistration | null> = [];
  const results = await Promise.all(
    items.map((it, i) =>
      (it.scope === undefined ? c.register(it.script) : c.register(it.script, { scope: it.scope })).then(
        (r): PageRegisterResult => {
          regs[i] = r;
          return { ok: true, scope: r.scope };
        },
        (e: unknown): PageRegisterResult => ({ ok: false, error: e && typeof (e as Error).name === 'string' ? (e as Error).name : String(e) }),
      ),
    ),
  );
  const deadline = Date.now() + 20_000;
  for (;;) {
    const pending = regs.some((r) => {
      const w = r ? r.installing || r.waiting || r.active : null;
      return w !== null && w.state !== 'activated' && w.state !== 'redundant' && !(w.state === 'installed' && r!.active);
    });
    if (!pending) break;
    if (Date.now() > deadline) return { harness: 'register: the workers did not activate within 20 s' };
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return { results };
};

/**
 * getRegistration(url) for every URL, all in flight at once. The URLs come and the answers go as
 * one JSON string each: drivers serialise a string far faster than a large array of objects
 * (WebDriver BiDi builds a remote-value tree per element).
 */
export const lookupAll = async (urlsJson: string): Promise<string> => {
  const c = navigator.serviceWorker;
  if (!c) return JSON.stringify({ harness: `no navigator.serviceWorker in ${location.href}` });
  const urls: string[] = JSON.parse(urlsJson);
  const results = await Promise.all(
    urls.map((u) =>
      c.getRegistration(u).then(
        (r): PageLookupResult => ({ scope: r ? r.scope : null }),
        (e: unknown): PageLookupResult => ({ ok: false, error: e && typeof (e as Error).name === 'string' ? (e as Error).name : String(e) }),
      ),
    ),
  );
  return JSON.stringify({ results });
};

/** lookupAll's answer, parsed. */
export interface LookupAllAnswer {
  harness?: string;
  results?: PageLookupResult[];
}

/** The floor: getRegistration(url) one after another, timed in the page. */
export const lookupSequentialTimed = async (urlsJson: string): Promise<{ harness?: string; calls?: number; ms?: number }> => {
  const c = navigator.serviceWorker;
  if (!c) return { harness: `no navigator.serviceWorker in ${location.href}` };
  const urls: string[] = JSON.parse(urlsJson);
  const t0 = performance.now();
  for (const u of urls) {
    try {
      await c.getRegistration(u);
    } catch {
      // a rejection is an answer too
    }
  }
  return { calls: urls.length, ms: performance.now() - t0 };
};

/** What a document step observes: its URL and controller. */
export const documentState = (): { url: string; controller: string | null } => ({
  url: location.href,
  controller: (navigator.serviceWorker && navigator.serviceWorker.controller && navigator.serviceWorker.controller.scriptURL) || null,
});

// ---------------------------------------------------------------------------------------------
// fuzz/cache-match (suites/fuzz/cache-match.ts): the puts one after another, then the queries
// all in flight. Steps come and answers go as JSON strings; a rejection is an answer
// {ok: false, error}. Every function builds a Request from a step's request the way the agent
// does (a string as is, an object through new Request(url, {method, headers})). A response's body is
// read from its X-Body header when it has one (the property's responses repeat their body there):
// reading a body stream is a round trip to the cache backend per response in every engine.

/** The `cache put` steps of a cache-match scenario, in order. */
export const cachePutAll = async (stepsJson: string): Promise<string> => {
  if (typeof caches === 'undefined') return JSON.stringify({ harness: `no caches in ${location.href}` });
  const steps: Array<{ cacheName: string; request: string | { url: string; method?: string; headers?: Record<string, string> }; response: { body?: string; status?: number; headers?: Record<string, string> } }> = JSON.parse(stepsJson);
  const results: unknown[] = [];
  for (const s of steps) {
    try {
      const c = await caches.open(s.cacheName);
      const q = typeof s.request === 'string' ? s.request : new Request(s.request.url, { ...(s.request.method ? { method: s.request.method } : {}), ...(s.request.headers ? { headers: s.request.headers } : {}) });
      const init: ResponseInit = {};
      if (s.response.status !== undefined) init.status = s.response.status;
      if (s.response.headers !== undefined) init.headers = s.response.headers;
      await c.put(q, new Response(s.response.body === undefined ? null : s.response.body, init));
      results.push({ done: true });
    } catch (e) {
      results.push({ ok: false, error: e && typeof (e as Error).name === 'string' ? (e as Error).name : String(e) });
    }
  }
  return JSON.stringify({ results });
};

/** The query steps (cache match / matchAll / keys, caches match), all in flight at once. */
export const cacheQueryAll = async (stepsJson: string): Promise<string> => {
  if (typeof caches === 'undefined') return JSON.stringify({ harness: `no caches in ${location.href}` });
  const steps: Array<{ do: string; op: string; cacheName?: string; request: string | { url: string; method?: string; headers?: Record<string, string> }; options?: CacheQueryOptions }> = JSON.parse(stepsJson);
  const opened: Record<string, Promise<Cache>> = {};
  const results = await Promise.all(
    steps.map(async (s) => {
      try {
        const q = typeof s.request === 'string' ? s.request : new Request(s.request.url, { ...(s.request.method ? { method: s.request.method } : {}), ...(s.request.headers ? { headers: s.request.headers } : {}) });
        if (s.do === 'caches') {
          const o: MultiCacheQueryOptions = { ...(s.options ?? {}), ...(s.cacheName !== undefined ? { cacheName: s.cacheName } : {}) };
          const r = await caches.match(q, o);
          return { response: r ? { status: r.status, type: r.type, url: r.url, body: (r.headers.get('x-body') ?? (await r.text())).slice(0, 200) } : null };
        }
        const c = await (opened[s.cacheName!] ??= caches.open(s.cacheName!));
        if (s.op === 'keys') return { urls: (await c.keys(q, s.options)).map((r) => r.url) };
        if (s.op === 'matchAll') {
          const rs = await c.matchAll(q, s.options);
          return { responses: await Promise.all(rs.map(async (r) => ({ status: r.status, type: r.type, url: r.url, body: (r.headers.get('x-body') ?? (await r.text())).slice(0, 200) }))) };
        }
        const r = await c.match(q, s.options);
        return { response: r ? { status: r.status, type: r.type, url: r.url, body: (r.headers.get('x-body') ?? (await r.text())).slice(0, 200) } : null };
      } catch (e) {
        return { ok: false, error: e && typeof (e as Error).name === 'string' ? (e as Error).name : String(e) };
      }
    }),
  );
  return JSON.stringify({ results });
};

/** The floor: cache.match(url) one after another on the cache "f", timed in the page. */
export const cacheMatchSequentialTimed = async (urlsJson: string): Promise<{ harness?: string; calls?: number; ms?: number }> => {
  if (typeof caches === 'undefined') return { harness: `no caches in ${location.href}` };
  const urls: string[] = JSON.parse(urlsJson);
  const c = await caches.open('f');
  const t0 = performance.now();
  for (const u of urls) {
    try {
      await c.match(u);
    } catch {
      // a rejection is an answer too
    }
  }
  return { calls: urls.length, ms: performance.now() - t0 };
};
