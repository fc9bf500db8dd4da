// The data that flows through the one loop (DESIGN.md): Scenario → model / browser → Outcome → Verdict.
// Everything here is plain JSON-serialisable data; no functions, no classes. Maps are written as
// index signatures, not Record<>, so the generated JSON schemas accept their keys.
//
// URLs in a scenario name origins by role, with a placeholder (usually at the start of the string,
// but it is resolved wherever it stands, e.g. inside a Service-Worker-Allowed value):
//   "{a}/scope/page.html"  → http://<run>.localhost:<port>/scope/page.html
//   "{b}/x"                → http://<run>-b.localhost:<port>/x   (a second origin, cross-origin to a)
//   "{insecure}/x"         → an origin that is not potentially trustworthy (non-loopback name → 127.0.0.1)
// contract/origins.ts is the one codec: the harness resolves placeholders to a run's origins
// before running, and both outcomes are abstracted back before comparison, so reports show
// "{a}/…" and never a run's port. Strings without a placeholder (relative URLs
// such as "sw.js", or "ftp://x/") are passed through untouched.

export type Engine = 'chromium' | 'firefox' | 'webkit';
export const ENGINES: readonly Engine[] = ['chromium', 'firefox', 'webkit'];

export type Area =
  | 'scope'
  | 'registration'
  | 'routing'
  | 'explainer'
  | 'lifecycle'
  | 'redirects'
  | 'fuzz'
  | 'proposals'
  | 'caches';
export const AREAS: readonly Area[] = ['scope', 'registration', 'routing', 'explainer', 'lifecycle', 'redirects', 'fuzz', 'proposals', 'caches'];

export type OriginRole = 'a' | 'b' | 'insecure';
export const ORIGIN_ROLES: readonly OriginRole[] = ['a', 'b', 'insecure'];

// ---------------------------------------------------------------------------------------------
// Server side: what the fixture server serves for this scenario, keyed by "{role}/path" (path
// without query; the query is ignored when looking a resource up). Anything not listed falls back
// to the server's defaults: "*.html" → the agent page, any other path → a text body
// "network:<path+query>" with 200 text/plain (so a response that reached the network is visible).

export interface HttpOptions {
  /** Status code; default 200. */
  status?: number;
  /** Content-Type; default depends on the kind; null sends no Content-Type header at all. */
  contentType?: string | null;
  /** Extra response headers, e.g. {"Service-Worker-Allowed": "/"}. */
  headers?: { [name: string]: string };
  /** Delay before answering, in ms (bounded by the server). */
  delayMs?: number;
}

export type FetchAction =
  /** Do not call respondWith: the request falls back to the network. */
  | { kind: 'fallback' }
  /** respondWith(new Response(body ?? "sw:<version>", {status, headers})). */
  | { kind: 'respond'; body?: string; status?: number; headers?: { [name: string]: string } }
  /** respondWith(Response.redirect(location, status)); location is absolute after resolution. */
  | { kind: 'redirect'; location: string; status?: 301 | 302 | 303 | 307 | 308 }
  /** respondWith(fetch(event.request)). */
  | { kind: 'forward' }
  /** respondWith(fetch(event.request.url or url, {redirect})): a fresh request from the worker. */
  | { kind: 'fetch'; url?: string; redirect?: 'follow' | 'error' | 'manual' }
  /** respondWith(Response.error()). */
  | { kind: 'error' }
  /** event.preventDefault() without respondWith. */
  | { kind: 'cancel' }
  /**
   * Area "caches": respondWith(caches.match(url ?? event.request, {cacheName, ...options})). A miss
   * resolves undefined, so respondWith gets a non-Response → a network error (`miss` "error", the
   * default); with `miss` "network" it is cache-first: a miss goes to fetch(event.request), whose
   * response is first put into the cache `store` when given. Reported as a cache event.
   */
  | { kind: 'cache'; url?: string; cacheName?: string; options?: CacheQueryOptions; miss?: 'error' | 'network'; store?: string }
  /**
   * Area "caches": network-first, the explainer's try-online-with-a-fallback:
   * respondWith(fetch(event.request).then(r => r, () => caches.match(fallback ?? event.request, {cacheName}))).
   * A response that resolved (any status) is served, put first into the cache `store` when given;
   * a rejected fetch (offline, CORS, network error) falls back to the cache, whose miss is a network error.
   */
  | { kind: 'network-first'; fallback?: string; cacheName?: string; store?: string };

/** sw.bs CacheQueryOptions (and, for caches.match, MultiCacheQueryOptions' cacheName in `cacheName` steps/actions). */
export interface CacheQueryOptions {
  ignoreSearch?: boolean;
  ignoreMethod?: boolean;
  ignoreVary?: boolean;
}

export interface FetchRule {
  /** The rule applies when the request URL contains this substring (after resolution). */
  urlContains?: string;
  /** ... and when the request mode equals this. */
  mode?: 'navigate' | 'same-origin' | 'no-cors' | 'cors';
  action: FetchAction;
}

export interface WorkerBehaviour {
  /** A marker the worker reports in every log entry and in generated responses. Unique per scenario. */
  version: string;
  /** importScripts() of these URLs at top level (relative to the worker script). */
  imports?: string[];
  /** Evaluation throws at top level (the script is broken). */
  evaluationThrows?: boolean;
  install?: {
    outcome?: 'ok' | 'throw' | 'reject';
    delayMs?: number;
    skipWaiting?: boolean;
    /**
     * Area "caches": event.waitUntil(caches.open(cacheName).then(c => c.addAll(urls))) before the
     * delay; a rejection (one URL fails, a duplicate) fails the install. Reported as a cache event.
     */
    addAll?: { cacheName: string; urls: string[] };
  };
  activate?: {
    outcome?: 'ok' | 'throw' | 'reject';
    delayMs?: number;
    claim?: boolean;
    /** Area "caches": after the delay, caches.delete() every cache whose name is not listed (each reported). */
    keepCaches?: string[];
  };
  /** null: no fetch listener at all. Absent: a listener that falls back for everything. */
  fetch?: { rules?: FetchRule[]; otherwise: FetchAction } | null;
  /**
   * Area "proposals": how the worker answers the cross-origin designs of
   * ../shared/seeds/000_d8eb3ac6ef5d1746.txt. Present: the generated script (classic only: it
   * calls importScripts) loads the shim's worker side (/__swc-shim/swc-connect-worker.js), defines
   * its hooks, listens for the designs' native events where an engine has them, and reports every
   * decision to the log (Outcome.crossOriginEvents).
   */
  crossOrigin?: CrossOriginBehaviour;
}

// ---------------------------------------------------------------------------------------------
// Area "proposals": the cross-origin designs of ../shared/seeds/000_d8eb3ac6ef5d1746.txt
// (model/proposals/), run through the shim (fixtures-server/shim/) or the engine's own API.

/** The seed's designs (model/proposals/types.ts ProposalDesign). */
export type ProposalDesignName = 'navigator-connect' | 'local-lookaside-fetch' | 'universal-lookaside-fetch' | 'stashed-message-ports';

/** How a worker answers a look-aside fetch it accepts (the FetchActions that mean something there). */
export type LookasideAnswer = Extract<FetchAction, { kind: 'respond' | 'fallback' | 'error' | 'forward' }>;

/** A target worker's cross-origin policy. Origins are serialized origins or "{a}"-style placeholders; "*" accepts any. */
export interface CrossOriginBehaviour {
  /** navigator.connect (seed line 11): accept callers from these origins, reject all others. Absent: no connect handler (every connect is rejected). */
  connect?: string[];
  /**
   * Look-aside fetch (seed lines 17, 23): answer callers from `origins` with `answer` (default
   * {kind: "respond"}: 200 "sw:<version>"); requests from other origins are declined. Absent: no handler.
   */
  lookaside?: { origins: string[]; answer?: LookasideAnswer };
}

/** Which design a proposals check exercises, and through what. Shown as the report's per-design rows. */
export interface ProposalCheck {
  /** A design of the seed, or today's platform rule the designs wanted to relax. */
  design: ProposalDesignName | 'plain-cross-origin-fetch';
  /** shim: fixtures-server/shim on today's APIs; native: the engine's own API (unsupported while absent); platform: plain fetch(). */
  via: 'shim' | 'native' | 'platform';
}

export type Resource =
  | { kind: 'worker'; behaviour: WorkerBehaviour; http?: HttpOptions; /** later versions, served after a "bumpScript" step */ next?: WorkerBehaviour[] }
  | { kind: 'page'; http?: HttpOptions }
  | { kind: 'redirect'; status: 301 | 302 | 303 | 307 | 308; location: string; http?: HttpOptions }
  | { kind: 'text'; body: string; http?: HttpOptions }
  | { kind: 'script'; body: string; http?: HttpOptions };

// ---------------------------------------------------------------------------------------------
// Steps: what the harness does in the browser, in order. "client" names a top-level window
// (the first step usually opens "c1"); "frame" names an iframe inside a client.

export type Step =
  | { do: 'open'; client: string; url: string }
  | { do: 'navigate'; client: string; url: string }
  | { do: 'reload'; client: string }
  | { do: 'close'; client: string }
  | { do: 'frame'; client: string; frame: string; url: string }
  | {
      do: 'register';
      client: string;
      script: string;
      /** Absent: the option is not passed (default scope). */
      scope?: string;
      type?: 'classic' | 'module';
      updateViaCache?: 'imports' | 'all' | 'none';
      /** Wait until the registration's newest worker is activated or redundant before the next step. */
      settle?: boolean;
      /**
       * Register from inside this frame of the client. A frame of another site registers in that
       * site's partition (the caller's, for the proposals area's shim).
       */
      frame?: string;
    }
  | { do: 'getRegistration'; client: string; /** Absent: called with no argument. */ url?: string }
  | { do: 'getRegistrations'; client: string }
  /**
   * unregister() on a registration object: the one the client's last register()/getRegistration()
   * resolved with for this scope (so a second unregister on the same object resolves false,
   * Unregister step 2); if the client has none, the one getRegistration(scope) finds; if that finds
   * none, {unregistered: false} without calling unregister().
   */
  | { do: 'unregister'; client: string; scope: string }
  /** update() on what getRegistration(scope) finds, called in the client (or in this frame of it). */
  | { do: 'update'; client: string; frame?: string; scope: string }
  | {
      do: 'fetch';
      client: string;
      /** Run in this frame of the client instead of the top-level document. */
      frame?: string;
      url: string;
      redirect?: 'follow' | 'error' | 'manual';
      mode?: 'same-origin' | 'no-cors' | 'cors';
    }
  | { do: 'controller'; client: string; frame?: string }
  /** The worker resource at "{role}/path" is served from its next version (`next[]`) from now on. */
  | { do: 'bumpScript'; url: string }
  /** From now on the server answers "{role}/path" with this resource (e.g. an HTTP error for the next update check). */
  | { do: 'serve'; key: string; resource: Resource }
  /** Wait until the observation log is quiet (no fixed sleep; the harness waits for quiescence). */
  | { do: 'settle' }
  /**
   * Proposals, design 1: connect(url) — the shim's SWConnect.connect, or with `native` the
   * engine's navigator.connect ({unsupported} when it has none). Resolves {connected: true, …}
   * with what the accepting worker answers on the port, or rejects ({ok: false, error}).
   */
  | { do: 'connect'; client: string; frame?: string; url: string; native?: boolean }
  /**
   * Proposals, designs 2 and 3: a look-aside fetch(url) — local (never the network) or universal
   * (the network when no worker answers). Shim: SWConnect.localFetch / universalFetch; `native`:
   * the engine's own mechanism ({unsupported} while absent: local never had one; universal is
   * foreign fetch). Resolves {status, body} or {fetchError}.
   */
  | { do: 'lookasideFetch'; client: string; frame?: string; url: string; fallback: 'local' | 'universal'; native?: boolean }
  /**
   * Area "caches": a Cache method, on the Cache object caches.open(cacheName) resolves with in the
   * document (or this frame of it): with `reuse`, the object this client's last `caches` open step
   * for that name resolved with (still usable after caches.delete, which dooms only the name).
   * match / matchAll / delete / keys take `request` (absent for matchAll / keys: no argument) and
   * `options`; put takes `request` and `response`; add takes `request`; addAll takes `requests`.
   * Results: match {response}, matchAll {responses}, keys {urls}, delete {value}, put / add /
   * addAll {done}; a rejection {ok: false, error}; no `caches` (insecure context) {unsupported}.
   */
  | {
      do: 'cache';
      client: string;
      frame?: string;
      op: CacheOp;
      cacheName: string;
      reuse?: boolean;
      request?: CacheRequestInit;
      requests?: CacheRequestInit[];
      response?: CacheResponseInit;
      options?: CacheQueryOptions;
    }
  /**
   * Area "caches": a CacheStorage method on `caches` in the document (or this frame of it): match
   * (request, options, cacheName → {response}), has / open / delete (cacheName → {value} / {done} /
   * {value}), keys ({names}).
   */
  | { do: 'caches'; client: string; frame?: string; op: CacheStorageOp; cacheName?: string; request?: CacheRequestInit; options?: CacheQueryOptions }
  /**
   * Area "caches": the run's network goes away (the fixture server answers every request for the
   * run's origins outside its control paths as a network error: the connection is closed unanswered)
   * or comes back. The browser's own HTTP cache still answers what it holds.
   */
  | { do: 'network'; state: 'offline' | 'online' }
  /**
   * Proposals: probe the engine for the design's native API names (window names in the document,
   * service-worker names in an active worker of the document's origin, which must exist).
   * {native: {design, present}} when any is there, {unsupported: "<names>"} when none is.
   */
  | { do: 'probeNative'; client: string; frame?: string; design: ProposalDesignName };

/** Area "caches": the Cache methods a `cache` step calls. */
export type CacheOp = 'match' | 'matchAll' | 'add' | 'addAll' | 'put' | 'delete' | 'keys';
export const CACHE_OPS: readonly CacheOp[] = ['match', 'matchAll', 'add', 'addAll', 'put', 'delete', 'keys'];
/** Area "caches": the CacheStorage methods a `caches` step calls. */
export type CacheStorageOp = 'match' | 'has' | 'open' | 'delete' | 'keys';
export const CACHE_STORAGE_OPS: readonly CacheStorageOp[] = ['match', 'has', 'open', 'delete', 'keys'];

/**
 * A cache method's request argument: a string (passed as is: the method runs the Request
 * constructor on it, relative to the document), or a Request built first with new Request(url,
 * {method, headers}).
 */
export type CacheRequestInit = string | { url: string; method?: string; headers?: { [name: string]: string } };

/**
 * A put step's Response: `new` → new Response(body, {status, headers}) (no body: a null body);
 * `fetch` → what fetch(url, {mode}) resolves with in the document; `error` → Response.error();
 * `redirect` → Response.redirect(location, status). `used`: its body is read (text()) before put.
 */
export type CacheResponseInit =
  | { from: 'new'; body?: string; status?: number; headers?: { [name: string]: string }; used?: boolean }
  | { from: 'fetch'; url: string; mode?: 'same-origin' | 'no-cors' | 'cors'; used?: boolean }
  | { from: 'error' }
  | { from: 'redirect'; location: string; status?: 301 | 302 | 303 | 307 | 308 };

export interface ExplainerClaim {
  /** Section of ../shared/seeds/004_11028f5d3bd790ad.txt the claim comes from. */
  section: string;
  /** The claim in the explainer's words (short). */
  claim: string;
  /** What the explainer predicts for this scenario, in words, e.g. "TypeError: * only at the end". */
  predicts: string;
  /** Whether today's spec (the model) agrees with the explainer's prediction. */
  specAgrees: boolean;
}

export interface Scenario {
  /** The JSON schema a scenario file names, for editors (contract/schemas/scenario.schema.json). Ignored by the loop. */
  $schema?: string;
  /** Stable id "<area>/<case>", unique across the suite. */
  id: string;
  area: Area;
  title: string;
  /** Spec references, e.g. "sw.bs § Start Register step 4". */
  spec: string[];
  explainer?: ExplainerClaim;
  /** Area "proposals": the design this check exercises (the report's per-design rows). */
  proposal?: ProposalCheck;
  /** Resources keyed by "{role}/path". */
  resources?: { [key: string]: Resource };
  steps: Step[];
  /** Part of the smoke subset that `npm test` runs in every engine (tag @smoke). */
  smoke?: boolean;
}


export function isEngine(x: unknown): x is Engine {
  return (ENGINES as readonly unknown[]).includes(x);
}

export function isArea(x: unknown): x is Area {
  return (AREAS as readonly unknown[]).includes(x);
}
