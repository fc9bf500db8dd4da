// The model's positions: every place where it takes one position on a question the specification
// (or, for the proposals, the seed and its drafts) leaves open, words differently from
// implementations, or where browsers disagree. One registry for the whole model: each position has
// a stable id, the model's choice in one sentence, the spec issue to read, and where the model
// decides it. A result decided by such a step carries the position's `link`, so an Outcome (or a
// register() rejection, or a proposal outcome) can list it in `positions`.
// model/test/positions.test.ts checks that ids and links are well formed and that every
// `decidedIn` names a function that exists.

export interface Position {
  /** Stable identifier (kebab-case). */
  id: string;
  /** The model's choice, in one sentence (or a few). */
  summary: string;
  /** The spec issue (or, where none exists, the spec section and test) to read. */
  link: string;
  /** Where the model decides it: "<file under model/>#<function>"; the first is the main place. */
  decidedIn: readonly string[];
}

function position(id: string, summary: string, link: string, decidedIn: readonly string[]): Position {
  return { id, summary, link, decidedIn };
}

export const POSITIONS = {
  // Registration: register() and the Update fetch hook's checks on the main script (registration/register.ts)
  scriptStatusBeforeMIME: position(
    'script-status-before-mime',
    'A main script with a non-ok HTTP status rejects with TypeError before the MIME check ' +
      '(Chromium "A bad HTTP response code", Firefox "Load failed with status"); read literally, the ' +
      'Update fetch hook checks the MIME type (SecurityError) first. No spec issue is filed; WPT ' +
      'registration-tests-script.js expects TypeError for a 404 served as application/json.',
    'https://w3c.github.io/ServiceWorker/#update-algorithm',
    ['registration/register.ts#checkScriptStatus'],
  ),
  scriptNetworkError: position(
    'script-network-error',
    'A main-script fetch that ends in a network error other than a redirect rejects with TypeError ' +
      '(consistent with the status-first order: a network error has status 0; Chromium reports ' +
      'kErrorNetwork as TypeError). Read literally, the fetch hook extracts no MIME type from the ' +
      'network error and rejects with SecurityError. No WPT test fixes it.',
    'https://w3c.github.io/ServiceWorker/#update-algorithm',
    ['registration/register.ts#checkScriptStatus'],
  ),
  redirectedScript: position(
    'redirected-main-script',
    'A redirected main script rejects with SecurityError: the fetch hook sets redirect mode "error", ' +
      'the network error carries no Content-Type, and hook step 7 rejects (WPT ' +
      'registration-tests-security-error.js "Registering redirected script").',
    'https://w3c.github.io/ServiceWorker/#update-algorithm',
    ['registration/register.ts#checkMainScriptRedirect'],
  ),
  crossOriginServiceWorkerAllowed: position(
    'cross-origin-service-worker-allowed',
    'A Service-Worker-Allowed value that resolves to another origin leaves maxScopeString null, so ' +
      'registration rejects with SecurityError even when the scope would pass without the header ' +
      '(spec since #1409; older Chromium looked only at the path).',
    'https://github.com/w3c/ServiceWorker/issues/1307',
    ['registration/register.ts#checkScopeUnderMaxScope'],
  ),
  unparsableServiceWorkerAllowed: position(
    'unparsable-service-worker-allowed',
    'A Service-Worker-Allowed value that does not parse against the script URL completes the fetch ' +
      'with a network error, so script is null and Update 8 rejects with TypeError.',
    'https://github.com/w3c/ServiceWorker/pull/1830',
    ['registration/register.ts#computeMaxScopeString'],
  ),
  // Registration: the registration map and Match Service Worker Registration (registration/registration-map.ts)
  prefixScopeMatching: position(
    'prefix-scope-matching',
    'Match Service Worker Registration is a case-sensitive prefix test on the whole serialized URL: ' +
      'scope "/app" matches "/apple", and "/app/" does not match "/app".',
    'https://github.com/w3c/ServiceWorker/issues/1272',
    ['registration/registration-map.ts#matchScopeString'],
  ),
  queryInScope: position(
    'query-in-scope',
    'A scope keeps its query and matches URLs whose serialization starts with that exact text.',
    'https://github.com/w3c/ServiceWorker/issues/1469',
    ['registration/registration-map.ts#matchScopeString'],
  ),
  credentialsInScope: position(
    'credentials-in-scope',
    'A scope keeps user:pass@ credentials in its serialization, as the URL serializer does.',
    'https://github.com/w3c/ServiceWorker/issues/1520',
    ['registration/registration-map.ts#setRegistration'],
  ),
  // Other standards sw.bs relies on: Secure Contexts, Storage (standards/)
  localhostIsLoopback: position(
    'localhost-is-loopback',
    '"localhost", "localhost." and "*.localhost" are potentially trustworthy (all three engines).',
    'https://w3c.github.io/webappsec-secure-contexts/#localhost',
    ['standards/secure-contexts.ts#isLocalhostName'],
  ),
  fileIsTrustworthy: position(
    'file-is-trustworthy',
    'A file: URL is potentially trustworthy although the URL Standard gives it an opaque origin.',
    'https://w3c.github.io/webappsec-secure-contexts/#is-origin-trustworthy',
    ['standards/secure-contexts.ts#isPotentiallyTrustworthyOrigin'],
  ),
  partitionedStorageKey: position(
    'partitioned-storage-key',
    'A storage key is (origin, top-level site): a cross-site iframe gets a key of its own, so it ' +
      'neither matches nor is controlled by the registrations its origin made as a first party ' +
      '(all three engines; Client-Side Storage Partitioning; WPT partitioned.tentative.https.html). ' +
      'The Storage Standard still keys by ' +
      'origin alone, with a note that this is expected to change; the SW spec already goes through ' +
      'storage keys. Sites use the public suffix list\'s default rule only (model/standards/storage-key.ts).',
    'https://github.com/w3c/ServiceWorker/issues/1606',
    ['standards/storage-key.ts#obtainStorageKey', 'fetch/fetch.ts#handleFetch'],
  ),
  // Lifecycle and jobs (lifecycle/)
  softUpdateTiming: position(
    'soft-update-timing',
    'Handle Fetch starts Soft Update "in parallel" after a navigation (Create Fetch Event and ' +
      'Dispatch 19) with no timing; engines differ (Firefox delays it until the document loads, ' +
      'Chromium has run it at once or after a delay). The model runs it at once and, where a worker ' +
      'script changes later in the scenario, lists as alternatives the outcomes of running it after ' +
      'each later step (Outcome.alternatives); the harness waits long enough for a delayed one to show.',
    'https://github.com/w3c/ServiceWorker/issues/788',
    ['scenario/interpreter.ts#softUpdateAlternatives', 'fetch/fetch.ts#softUpdateThread'],
  ),
  claimUnloadTryActivate: position(
    'claim-unload-try-activate',
    'When claim() takes a client from another registration (Clients.claim() 3.6.1, Handle Service ' +
      'Worker Client Unload), that client no longer counts as using its old registration in Try ' +
      'Activate 3, so a waiting worker whose last client was claimed activates. Read literally the ' +
      'client is still using it (its active service worker is replaced only at 3.6.2) and the ' +
      'waiting worker would stay waiting; #682 added the unload step for exactly this case, and ' +
      'Chromium, Firefox and WebKitGTK activate it.',
    'https://github.com/w3c/ServiceWorker/issues/682',
    ['clients/clients.ts#handleServiceWorkerClientUnload', 'lifecycle/lifecycle.ts#tryActivate'],
  ),
  softUpdateCoalescing: position(
    'soft-update-coalescing',
    '"lastJob\'s job promise has not settled" (Schedule Job 6.2, from #853) reads, for a Soft Update ' +
      'job whose promise is null, as "Resolve/Reject Job Promise has not run for it yet"; read ' +
      'literally, a job coalesced into a Soft Update job past Install 7 would never settle. Chromium ' +
      'settles such a late equivalent job at once with the job\'s result; joining only unsettled jobs ' +
      'gives the same outcome. Recorded when a job joins a Soft Update job.',
    'https://github.com/w3c/ServiceWorker/issues/853',
    ['lifecycle/jobs.ts#scheduleJob'],
  ),
  updateJobUpdateViaCache: position(
    'update-job-update-via-cache',
    'update() and Soft Update create their job without an update via cache mode; the model gives ' +
      'the job the registration\'s current mode (implementations), so Install 3 and Update 9.1 keep ' +
      'it instead of resetting it. Recorded when such a job runs on a registration whose mode is ' +
      'not "imports".',
    'https://w3c.github.io/ServiceWorker/#service-worker-registration-update',
    ['lifecycle/lifecycle.ts#giveUpdateJobTheRegistrationsMode'],
  ),
  installHandlerThrow: position(
    'install-handler-throw',
    'An install listener that throws synchronously does not fail the install: only a rejected ' +
      'extend-lifetime promise (waitUntil) or a timeout does (Install 11; decided in ' +
      'w3c/ServiceWorker#896, WPT oninstall-script-error.https.html). Recorded when a scenario\'s ' +
      'install handler throws.',
    'https://github.com/w3c/ServiceWorker/issues/896',
    ['lifecycle/lifecycle.ts#install'],
  ),
  softUpdateAfterNavigation: position(
    'soft-update-after-navigation',
    'The Soft Update that Create Fetch Event and Dispatch 19 (and Handle Fetch 11.1) start after ' +
      'a navigation\'s fetch event runs at once, like every other in-parallel step without a ' +
      'declared delay; Chromium delays it, so a scenario that depends on it should settle first. ' +
      'Recorded when a soft update installs a new worker.',
    'https://w3c.github.io/ServiceWorker/#soft-update-algorithm',
    ['lifecycle/lifecycle.ts#update'],
  ),
  moduleWorkerImportScripts: position(
    'module-worker-importscripts',
    'WorkerBehaviour.imports are importScripts() calls; in a module service worker importScripts ' +
      'throws a TypeError, so evaluation fails and register() rejects with TypeError (Update 16).',
    'https://html.spec.whatwg.org/multipage/workers.html#dom-workerglobalscope-importscripts',
    ['lifecycle/lifecycle.ts#runServiceWorkerFirstEvaluation'],
  ),
  // Fetch and Handle Fetch (fetch/)
  resetControllerPerHop: position(
    'reset-controller-per-hop',
    'Handle Fetch clears the reserved client\'s active service worker at the start of every ' +
      'navigation hop, so a same-origin redirect that lands out of every scope gives an ' +
      'uncontrolled document (the intent, and Chromium). Read literally, Handle Fetch 9.7 returns ' +
      'without clearing it and the earlier hop\'s worker would control the final document. ' +
      'Recorded when a scenario reaches that case.',
    'https://github.com/w3c/ServiceWorker/issues/1735',
    ['fetch/fetch.ts#handleFetch'],
  ),
  handleFetchCurrentURL: position(
    'handle-fetch-current-url',
    'On a redirect hop Handle Fetch matches, and the fetch event reports, the request\'s current ' +
      'URL (the last hop, with its fragment), and the worker\'s fetch(event.request) sees only that ' +
      'URL; the spec text says "request\'s URL", i.e. the first URL of the list. WPT ' +
      'navigation-redirect.https.html and all engines use the current URL. Recorded when a fetch ' +
      'event is dispatched for a request with more than one URL.',
    'https://w3c.github.io/ServiceWorker/#on-fetch-request-algorithm',
    ['fetch/fetch.ts#createFetchEventAndDispatch'],
  ),
  opaqueRedirectForNavigateFetch: position(
    'opaqueredirect-for-navigate-fetch',
    'A worker\'s fetch(event.request) for a navigation that the server redirects yields an ' +
      'opaqueredirect response (implementations), not the basic-filtered 3xx Fetch returns since ' +
      'whatwg/fetch#1618. Either way the page\'s navigation follows the redirect; the difference ' +
      'is visible only inside the worker. Recorded when a scenario reaches that case.',
    'https://github.com/whatwg/html/issues/8740',
    ['fetch/fetch.ts#runFetchAction'],
  ),
  syntheticResponseTainting: position(
    'synthetic-response-tainting',
    'A response the worker constructed (new Response(), Response.redirect(); type "default") ' +
      'reaches the page as a basic filtered response even when the request\'s response tainting is ' +
      '"cors" or "opaque" (a cross-origin fetch): readable status, headers, body and url, like a ' +
      'worker\'s fetch() result keeps its own filter (WPT fetch-response-taint.https.html). All three ' +
      'engines do this (Chromium maps the "default" type to basic tainting; Gecko takes the worker ' +
      'response\'s tainting). Read literally, main fetch 14 filters any unfiltered response by the ' +
      'request\'s tainting, which would make it CORS-filtered or opaque; whatwg/fetch#535 discussed ' +
      'synthetic responses escaping that filter and left it. Recorded when the tainting is not "basic".',
    'https://github.com/whatwg/fetch/issues/535',
    ['fetch/fetch.ts#mainFetch'],
  ),
  // The scenario interpreter's step results (scenario/)
  navigationErrorResult: position(
    'navigation-error-result',
    'A navigation whose fetch ends in a network error shows an engine-specific error page; the ' +
      'step result is {navigationError: "NetworkError"} and nothing else about the document is ' +
      'compared.',
    'https://html.spec.whatwg.org/multipage/browsing-the-web.html#create-navigation-params-by-fetching',
    ['scenario/interpreter.ts#navigationErrorResult'],
  ),
  // The explainer's dialect (explainer/)
  explainerPatternWithoutStar: position(
    'explainer-pattern-without-star',
    'In the explainer dialect a pattern without a trailing "*" matches only the URL it names ' +
      '(the explainer only ever navigates to such a pattern exactly, e.g. "/services/data").',
    'https://github.com/w3c/ServiceWorker/issues/287',
    ['explainer/dialect.ts#explainerMatch'],
  ),
  explainerExactBeatsStar: position(
    'explainer-exact-beats-star',
    'In the explainer dialect, when "/foo" and "/foo*" both match (its open FIXME), the exact ' +
      'pattern wins; otherwise the longest prefix wins.',
    'https://github.com/w3c/ServiceWorker/issues/287',
    ['explainer/dialect.ts#explainerMatch'],
  ),
  // The cross-origin proposals: where the seed and its drafts leave something open (proposals/)
  partitionedRegistrations: position(
    'proposals-partitioned-registrations',
    'A caller finds only the target origin\'s registrations made under the caller\'s top-level site ' +
      '(today\'s partitioned storage); the seed assumed one registration map per origin. ' +
      'Double-keying is the first reason given for removing foreign fetch.',
    'https://github.com/w3c/ServiceWorker/issues/1188',
    ['proposals/designs.ts#navigatorConnect', 'proposals/designs.ts#lookaside'],
  ),
  connectWithoutActiveWorker: position(
    'proposals-connect-without-active-worker',
    'navigator.connect() to a registration without an active worker rejects with AbortError at once ' +
      '(the draft\'s Connect algorithm leaves this as an issue: "Probably wait for some worker to ' +
      'become the active worker?"); look-aside fetch likewise treats it as "no worker installed".',
    'https://github.com/mkruisselbrink/navigator-connect/blob/gh-pages/index.html',
    ['proposals/designs.ts#navigatorConnect', 'proposals/designs.ts#lookaside'],
  ),
  rejectionIndistinguishable: position(
    'proposals-rejection-indistinguishable',
    'A refused connect and "no service worker" reject with the same AbortError (the draft\'s ' +
      'security section: rejecting "should be indistinguishable from no service being installed"); ' +
      'a declined local look-aside fetch and "no worker" give the same TypeError.',
    'https://github.com/mkruisselbrink/navigator-connect/blob/gh-pages/index.html',
    ['proposals/designs.ts#navigatorConnect', 'proposals/designs.ts#lookaside'],
  ),
  universalFallsBackWhenDeclined: position(
    'proposals-universal-falls-back-when-declined',
    'A universal look-aside fetch the target worker declines (caller origin not accepted, or no ' +
      'respondWith) goes to the network as a plain fetch() from the page, as foreign fetch did for ' +
      'origins outside registerForeignFetch({origins}); a worker answering Response.error() does not fall back.',
    'https://github.com/w3c/ServiceWorker/pull/751',
    ['proposals/designs.ts#universalLookasideFetch'],
  ),
  insecureCallerNotHandled: position(
    'proposals-insecure-caller-not-handled',
    'A caller that is not a secure context (or has a non-secure top-level document) reaches no ' +
      'service worker: its target-origin frame is not a secure context either, so it has no ' +
      'navigator.serviceWorker.',
    'https://w3c.github.io/webappsec-secure-contexts/#is-settings-object-contextually-secure',
    ['proposals/designs.ts#navigatorConnect', 'proposals/designs.ts#lookaside'],
  ),
  stashedPortsBelongToRegistration: position(
    'proposals-stashed-ports-belong-to-registration',
    'Stashed ports are owned by the service worker registration: a message to one is delivered to ' +
      'the registration\'s current active worker (started if needed) as a message event on the ' +
      'global scope; unregistering closes them.',
    'https://github.com/mkruisselbrink/navigator-connect/issues/34',
    ['proposals/stash.ts#stashStep'],
  ),
  // Caches (caches/): sw.bs § Caches, Query Cache, Request Matches Cached Item, Batch Cache Operations
  cacheDeleteResult: position(
    'cache-delete-result',
    'Cache.delete() resolves true only when its delete operation removed an entry. Read literally, ' +
      'Batch Cache Operations appends every operation to its result list, so requestResponses is ' +
      'never empty and delete() would always resolve true; WPT cache-delete.https.any.js ("Cache.delete ' +
      'with a non-existent entry") expects false, as all engines answer. Recorded when a delete removes nothing.',
    'https://github.com/w3c/ServiceWorker/issues/1677',
    ['caches/cache.ts#deleteEntries'],
  ),
  cacheVaryFieldValues: position(
    'cache-vary-field-values',
    'The "field-values of the Vary header" (put, addAll, Request Matches Cached Item) are the ' +
      'combined Vary value split on commas, each element trimmed, empty elements dropped; an element ' +
      'that is "*" anywhere in the list ("Accept-Language, *") makes put and addAll reject with ' +
      'TypeError and never matches (decided in #656; WPT cache-put "embedded VARY:*"). sw.bs does not ' +
      'name a Fetch algorithm for the split (#1609, PR #1618 would use "get, decode, and split").',
    'https://github.com/w3c/ServiceWorker/issues/1609',
    ['caches/request-response.ts#varyFieldValues', 'caches/cache.ts#put'],
  ),
  cacheVaryCombinedValue: position(
    'cache-vary-combined-value',
    'Request Matches Cached Item compares, for each Vary field-value, the combined value of that ' +
      'header in the cached request and in the query (#991, decided): a header one request lacks is ' +
      'null, which matches only null, so an absent header does not match an empty one. Recorded when ' +
      'a match turns on null against "".',
    'https://github.com/w3c/ServiceWorker/issues/991',
    ['caches/query-cache.ts#requestMatchesCachedItem'],
  ),
  cacheVaryFilteredHeaders: position(
    'cache-vary-filtered-headers',
    'The Vary header sw.bs reads is "the response\'s header list". For an opaque response that is ' +
      'the filter\'s, which is empty, so its Vary takes no part (WPT cache-match "ignores vary headers ' +
      'on opaque response", WPT cache-put "VARY:* opaque response should not reject"). For a CORS ' +
      'response the model uses the whole list, as Chromium, Firefox and WebKit do (caches/vary-cors-not-exposed): ' +
      'read literally, the CORS filter hides a Vary that Access-Control-Expose-Headers does not name and ' +
      'matching would ignore it; no WPT test covers it. Recorded when either case decides a match.',
    'https://github.com/w3c/ServiceWorker/issues/1609',
    ['caches/request-response.ts#responseHeaderList'],
  ),
  cacheEventRequestHeaders: position(
    'cache-event-request-headers',
    'A worker\'s cache action matches event.request as a GET request for its current URL with an ' +
      'empty header list: the headers an engine adds to a fetch() or a navigation (Accept, ' +
      'Accept-Language, Upgrade-Insecure-Requests, …) are not modelled, so scenarios with Vary that ' +
      'matches event.request use ignoreVary or a URL. Recorded when a cached response with Vary meets event.request.',
    'https://fetch.spec.whatwg.org/#fetching',
    ['caches/worker.ts#eventRequest'],
  ),
  httpCacheReuse: position(
    'http-cache-reuse',
    'The model\'s user agent stores a response declared fresh (Cache-Control max-age) and answers a ' +
      'later "default" fetch of the same URL from it, online or offline, with the status, headers ' +
      'and body it stored (not what the server serves now). Storing is optional (RFC 9111 §3: a ' +
      'cache MAY store); where an offline outcome depends on it, see http-cache-optional.',
    'https://www.rfc-editor.org/rfc/rfc9111#section-3',
    ['fetch/fixture-network.ts#httpNetworkOrCacheFetch'],
  ),
  httpCacheOptional: position(
    'http-cache-optional',
    'Fetch § HTTP-network-or-cache fetch sets storedResponse to "the result of selecting a response ' +
      'from the httpCache … if any", and RFC 9111 §3 says a cache MAY store a response (§4: and ' +
      'reuse it), so a fetch the HTTP cache answers while offline may as well fail. Where the ' +
      'prediction relies on such a hit, predict() also lists the outcome with no HTTP-cache entry ' +
      'offline (Outcome.alternatives). WebKitGTK\'s automation session (ephemeral) reuses nothing, ' +
      'online or offline; Chromium and Firefox reuse.',
    'https://fetch.spec.whatwg.org/#http-network-or-cache-fetch',
    ['scenario/interpreter.ts#httpCacheAlternatives', 'fetch/fixture-network.ts#httpNetworkOrCacheFetch'],
  ),
} as const satisfies Record<string, Position>;
