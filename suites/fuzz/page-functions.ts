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
