// The original explainer's rules (seed 004_11028f5d3bd790ad.txt), each a claim checked against
// today's spec (the model) and the engines. Scopes in the explainer's dialect ("/foo*") are
// translated to today's prefix scopes ("/foo") where the claim is about matching; where the
// claim is about the dialect itself, the literal pattern is registered. Every explainer claim is
// here, including those about lifecycle and redirects (built with those areas' building blocks).
//
// This table is the area's Playwright test file: each row calls test() (suites/harness/define.ts),
// so `npx playwright test suites/explainer/explainer.scenarios.ts:<line>` runs that row.
import type { ExplainerClaim, FetchAction, Resource, Scenario, Step } from '../../contract/index.js';
import { EXPLAINER_LONGEST_PREFIX_EXAMPLE } from '../../model/explainer/dialect.js';
import { smoke, worker } from '../harness/build.js';
import { check, checks } from '../harness/define.js';
import { controlledByV1, PAGE as LC_PAGE, probe, SCRIPT as LC_SCRIPT, updateToV2, v, versions } from '../lifecycle/build.js';
import { HF, HRF, navigationThroughWorker, redirect, subresourceThroughWorker } from '../redirects/build.js';
import { cache as cacheStep, caches as cachesStep, put as putStep, text } from '../caches/build.js';

const SEED = 'seeds/004 ServiceWorkers Explained';
const respondSubresources = {
  rules: [{ mode: 'navigate' as const, action: { kind: 'fallback' } as FetchAction }],
  otherwise: { kind: 'respond' } as FetchAction,
};

function claim(section: string, text: string, predicts: string, specAgrees: boolean): ExplainerClaim {
  return { section: `${SEED} § ${section}`, claim: text, predicts, specAgrees };
}

function ex(id: string, title: string, spec: string[], explainer: ExplainerClaim, resources: Record<string, Resource>, steps: Step[]): Scenario {
  return { id: `explainer/${id}`, area: 'explainer', title, spec, explainer, resources, steps };
}

/**
 * Register `regs` from a setup page in client c1, each settled; the check's next step navigates
 * c1 away (the uncontrolled setup page is unloaded). Reusing the window instead of closing it
 * spares a new browser window per check (suites/routing does the same).
 */
const setupA = (regs: [string, string][]): Step[] => [
  { do: 'open', client: 'c1', url: '{a}/explainer/setup.html' },
  ...regs.map(([script, scope]): Step => ({ do: 'register', client: 'c1', script, scope, settle: true })),
];

// The explainer's own table, from the model (one copy in the repository).
const TABLE = EXPLAINER_LONGEST_PREFIX_EXAMPLE.navigations;
const slug = (s: string) => s.replace(/\/$/, '/slash').replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '').toLowerCase();

const TABLE_WORKERS: Record<string, Resource> = {
  '{a}/foo_worker.js': worker('foo', { fetch: { otherwise: { kind: 'fallback' } } }),
  '{a}/foo/bar_worker.js': worker('foobar', { fetch: { otherwise: { kind: 'fallback' } } }),
};

// The explainer's movie app ("Caching", "Serving Cached Resources", "Offline & Fallback Content",
// "Cross-Origin Resources"): videos.example.com's worker.js at the root, its shell cached at install
// (e.waitUntil(cache.addAll(shell)), today's form of new Cache(...).ready()), its inventory fetched
// online with a cached fallback (fetch(url).then(null, () => caches.match(fallbackInventory))).
const MOVIE_SHELL = ['/app.html', '/assets/v1/base.css', '/assets/v1/app.js', '/assets/v1/inventory_fallback.json'];
const MOVIE_SHELL_V2 = ['/app.html', '/assets/v2/base.css', '/assets/v2/app.js', '/assets/v2/inventory_fallback.json'];
const INVENTORY = '/services/inventory/data.json';
const movieFetch = (version: 'v1' | 'v2', cacheName?: string) => ({
  rules: [{ urlContains: INVENTORY, action: { kind: 'network-first', fallback: `/assets/${version}/inventory_fallback.json` } as FetchAction }],
  otherwise: { kind: 'cache', miss: 'network', ...(cacheName ? { cacheName } : {}) } as FetchAction,
});
const MOVIE_ASSETS: Record<string, Resource> = {
  '{a}/assets/v1/base.css': text('/* base v1 */'),
  '{a}/assets/v1/app.js': text('app v1'),
  '{a}/assets/v1/inventory_fallback.json': text('{"library":"not available offline"}'),
  '{a}/assets/v2/base.css': text('/* base v2 */'),
  '{a}/assets/v2/app.js': text('app v2'),
  '{a}/assets/v2/inventory_fallback.json': text('{"library":"v2: not available offline"}'),
  [`{a}${INVENTORY}`]: text('{"movies":["Pulp Fiction","Lawrence of Arabia"]}'),
};
const movieWorker = (install: { addAll: { cacheName: string; urls: string[] } }, fetch = movieFetch('v1')): Record<string, Resource> => ({
  ...MOVIE_ASSETS,
  '{a}/worker.js': worker('movies-v1', { install, fetch }),
});
const MOVIES_V1 = movieWorker({ addAll: { cacheName: 'shell-v1', urls: MOVIE_SHELL } });
/** index.html registers /worker.js (scope "/"), then the app page loads controlled (from the cache). */
const movieApp: Step[] = [
  { do: 'open', client: 'c1', url: '{a}/index.html' },
  { do: 'register', client: 'c1', script: '/worker.js', settle: true },
  { do: 'navigate', client: 'c1', url: '{a}/app.html' },
];
const CACHING = 'Caching';
const SERVING = 'Serving Cached Resources';
const OFFLINE = 'Offline & Fallback Content';
const XO = 'Cross-Origin Resources';

export const explainerScenarios = checks('explainer', (test) => {
  for (const [path, who] of TABLE) {
    test(...check(smoke(ex(`prefix-table-${slug(path)}`, `explainer table: navigating to ${path}`, ['sw.bs § Match Service Worker Registration', 'sw.bs § Handle Fetch step 9'],
      claim('Longest-Prefix Matching', 'navigations are mapped to ServiceWorkers by longest-prefix-match ("/foo*", "/foo/bar*")', who ? `controlled by ${who}` : 'fallback to native (uncontrolled)', true),
      TABLE_WORKERS, [...setupA([['/foo_worker.js', '/foo'], ['/foo/bar_worker.js', '/foo/bar']]), { do: 'navigate', client: 'c1', url: `{a}${path}` }]), path === '/foobar.html')));
  }

  // The explainer's own pattern rules against today's plain-prefix scopes.
  for (const [id, scope, predicts, lookupUrl] of [
    ['star-at-end-is-literal', '/explainer/foo*', 'matches /explainer/foo/x (the * is a wildcard)', '/explainer/foo/x'],
    ['star-in-middle', '/explainer/foo/*/bar', 'register() throws: "*" only at the end', undefined],
    ['leading-star', '*bar', 'register() throws: "*" only at the end', undefined],
    ['question-mark-in-pattern', '/explainer/p?q', 'register() throws: "?" is not allowed', undefined],
    ['hash-in-pattern', '/explainer/p#f', 'register() throws: "#" is not allowed', undefined],
  ] as const) {
    test(...check(ex(`pattern-${id}`, `explainer pattern rule: scope "${scope}"`, ['sw.bs § Start Register steps 6–9', 'https://github.com/w3c/ServiceWorker/issues/287'],
      claim('Longest-Prefix Matching', 'the * can only occur at the end of a matching rule; a pattern with "?" or "#" throws', predicts, false),
      { '{a}/sw.js': worker('v1') }, [
        { do: 'open', client: 'c1', url: '{a}/explainer/page.html' },
        { do: 'register', client: 'c1', script: '/sw.js', scope },
        ...(lookupUrl ? [{ do: 'getRegistration', client: 'c1', url: lookupUrl } as Step] : []),
      ])));
  }

  // "Documents live out their whole lives using the ServiceWorker they start with."
  test(...check(ex('lives-register-does-not-adopt', 'registering does not take control of the registering page', ['sw.bs § Activate step 8', 'sw.bs § Handle Fetch step 10'],
    claim('Getting Started', 'Documents live out their whole lives using the ServiceWorker they start with', 'the page stays uncontrolled; a new navigation is controlled', true),
    { '{a}/explainer/sw.js': worker('v1', { fetch: respondSubresources }) }, [
      { do: 'open', client: 'c1', url: '{a}/explainer/page.html' },
      { do: 'register', client: 'c1', script: 'sw.js', settle: true },
      { do: 'controller', client: 'c1' },
      { do: 'fetch', client: 'c1', url: 'data.txt' },
      { do: 'open', client: 'c2', url: '{a}/explainer/page.html' },
      { do: 'fetch', client: 'c2', url: 'data.txt' },
    ])));
  test(...check(ex('lives-unregister-keeps-control', 'unregistering does not release a controlled page; new navigations are uncontrolled', ['sw.bs § Unregister', 'sw.bs § Handle Fetch step 10.1'],
    claim('Getting Started', 'Documents live out their whole lives using the ServiceWorker they start with', 'the page keeps its worker after unregister; a new page is uncontrolled', true),
    { '{a}/explainer/sw.js': worker('v1', { fetch: respondSubresources }) }, [
      ...setupA([['/explainer/sw.js', '/explainer/']]),
      { do: 'navigate', client: 'c1', url: '{a}/explainer/page.html' },
      { do: 'unregister', client: 'c1', scope: '/explainer/' },
      { do: 'controller', client: 'c1' },
      { do: 'fetch', client: 'c1', url: 'data.txt' },
      { do: 'open', client: 'c2', url: '{a}/explainer/other.html' },
    ])));

  // "All resource requests from a controlled document are sent to that document's ServiceWorker."
  test(...check(smoke(ex('services-data-subresource', 'the explainer’s /services/data?json=1 example: the subresource goes to the page’s worker', ['sw.bs § Handle Fetch step 10'],
    claim('Registrations Map Navigations, Documents Map Fetches', 'All resource requests from a controlled document are sent to that document’s ServiceWorker', '/services/data?json=1 is handled by /worker.js, not /services/data/worker.js', true),
    {
      '{a}/worker.js': worker('root', { fetch: respondSubresources }),
      '{a}/services/data/worker.js': worker('data', { fetch: respondSubresources }, { headers: { 'Service-Worker-Allowed': '/services/' } }),
    }, [
      ...setupA([['/worker.js', '/'], ['/services/data/worker.js', '/services/data']]),
      { do: 'navigate', client: 'c1', url: '{a}/index.html' },
      { do: 'fetch', client: 'c1', url: '/services/data?json=1' },
      { do: 'frame', client: 'c1', frame: 'f1', url: '{a}/services/data' },
    ]))));
  test(...check(ex('services-data-registration-as-written', 'the explainer’s registration of /services/data from /services/data/worker.js, as written', ['sw.bs § Update, fetch hook step 16'],
    claim('Registrations Map Navigations, Documents Map Fetches', 'navigator.serviceWorker.register("/services/data/worker.js", { scope: "/services/data" }) installs', 'the registration succeeds', false),
    { '{a}/services/data/worker.js': worker('data') }, [
      { do: 'open', client: 'c1', url: '{a}/services/data/page.html' },
      { do: 'register', client: 'c1', script: '/services/data/worker.js', scope: '/services/data' },
    ])));
  test(...check(ex('fallback-does-not-cascade', 'a worker that does not respond does not cascade to the shorter scope’s worker', ['sw.bs § Create Fetch Event and Dispatch step 21'],
    claim('Longest-Prefix Matching', 'if e.respondWith() isn’t called in /foo/bar’s worker, it does not cascade to /foo’s; it falls back to the network', 'the network answers; /foo’s worker sees nothing', true),
    {
      '{a}/foo_worker.js': worker('foo', { fetch: { otherwise: { kind: 'respond' } } }),
      '{a}/foo/bar_worker.js': worker('foobar', { fetch: { otherwise: { kind: 'fallback' } } }),
    }, [
      ...setupA([['/foo_worker.js', '/foo'], ['/foo/bar_worker.js', '/foo/bar']]),
      { do: 'navigate', client: 'c1', url: '{a}/foo/bar/page.html' },
      { do: 'fetch', client: 'c1', url: '/foo/bar/data.txt' },
    ])));

  // "ServiceWorkers Do Not Control Requests For ServiceWorkers"
  test(...check(ex('no-control-of-worker-requests', 'a controlled page registering another worker: the script and its imports are naked fetches', ['sw.bs § Update, fetch hook step 3', 'sw.bs § importScripts()'],
    claim('ServiceWorkers Do Not Control Requests For ServiceWorkers', 'all fetches and resource loads for ServiceWorkers and their sub-resources are "naked" fetches', 'the controlling worker sees no fetch event for the script or its import', true),
    {
      '{a}/explainer/sw.js': worker('ctl', { fetch: respondSubresources }),
      '{a}/explainer/sub/sw2.js': worker('second', { imports: ['lib.js'] }),
      '{a}/explainer/sub/lib.js': { kind: 'script', body: 'self.__lib = 1;' },
    }, [
      ...setupA([['/explainer/sw.js', '/explainer/']]),
      { do: 'navigate', client: 'c1', url: '{a}/explainer/page.html' },
      { do: 'register', client: 'c1', script: 'sub/sw2.js', settle: true },
    ])));

  // "Last-Registration-Wins"
  test(...check(ex('last-registration-wins', 'two pages register the same scope with different scripts: the second wins', ['sw.bs § Register step 5', 'sw.bs § Update step 4'],
    claim('Last-Registration-Wins', 'if two pages set a registration to control the same scope, the one visited second will be installed', 'new navigations are controlled by the second script', true),
    {
      '{a}/explainer/first.js': worker('first', { fetch: respondSubresources }),
      '{a}/explainer/second.js': worker('second', { fetch: respondSubresources }),
    }, [
      { do: 'open', client: 'p1', url: '{a}/explainer/one.html' },
      { do: 'register', client: 'p1', script: 'first.js', scope: 'app/', settle: true },
      { do: 'close', client: 'p1' },
      { do: 'open', client: 'p2', url: '{a}/explainer/two.html' },
      { do: 'register', client: 'p2', script: 'second.js', scope: 'app/', settle: true },
      { do: 'close', client: 'p2' },
      { do: 'open', client: 'c1', url: '{a}/explainer/app/page.html' },
      { do: 'fetch', client: 'c1', url: 'data.txt' },
    ])));

  // The explainer's lifecycle claims (lifecycle building blocks: one script at {a}/lc/sw.js, v1 then v2).
  test(...check(ex('wait-for-restart', 'an update waits until the old version’s documents are gone (wait-for-restart)', ['sw.bs § Try Activate'],
    claim('Understanding ServiceWorker Lifecycle', 'Documents live out their whole lives using the ServiceWorker they start with; a new version waits for a restart', 'reload keeps v1; v2 takes over once every v1 document is gone', true),
    versions(v('v1'), v('v2')), [
      ...controlledByV1,
      ...updateToV2,
      { do: 'reload', client: 'c1' },
      ...probe(),
      { do: 'close', client: 'c1' },
      { do: 'settle' },
      { do: 'open', client: 'c2', url: LC_PAGE },
      ...probe('c2'),
    ])));
  test(...check(ex('replace-is-skipwaiting-plus-claim', 'replace() ≈ skipWaiting() + clients.claim(): the update takes the open page at once', ['sw.bs § skipWaiting()', 'sw.bs § Clients.claim()'],
    claim('Understanding ServiceWorker Lifecycle (replace())', 'e.replace() in oninstall makes the new version take over existing documents at once', 'the open page is controlled by v2 without a reload', true),
    versions(v('v1'), v('v2', { install: { skipWaiting: true }, activate: { claim: true } })), [
      ...controlledByV1,
      ...updateToV2,
      ...probe(),
    ])));
  test(...check(ex('byte-identical-no-update', 'byte-identical scripts do not update', ['sw.bs § Update, fetch hook step 20', 'sw.bs § Update step 9'],
    claim('ServiceWorkers Do Not Control Requests For ServiceWorkers', 'if the browser checks for an update and finds the same bytes, nothing happens', 'no new worker is installed', true),
    versions(v('v1')), [
      ...controlledByV1,
      { do: 'update', client: 'c1', scope: '/lc/' },
      { do: 'settle' },
      ...probe(),
    ])));
  test(...check(ex('http-error-no-update', 'an HTTP error on the update check changes nothing', ['sw.bs § Update step 8'],
    claim('ServiceWorkers Do Not Control Requests For ServiceWorkers', 'if the update check cannot fetch the script (an HTTP error code), nothing happens', 'update fails quietly; v1 stays', true),
    versions(v('v1')), [
      ...controlledByV1,
      { do: 'serve', key: LC_SCRIPT, resource: { kind: 'text', body: 'error', http: { status: 500 } } },
      { do: 'update', client: 'c1', scope: '/lc/' },
      ...probe(),
    ])));

  // The explainer's redirect claims (redirect building blocks: workers "one", "two" on {a}, "b" on {b}).
  test(...check(ex('navigation-worker-forwardto-equivalent', 'forwardTo(url) ≈ respondWith(Response.redirect(url))', [HF('6')],
    claim('Redirects', 'e.forwardTo(url) is functionally the same as responding with a 302 and a Location header', 'the navigation ends at the new URL', true),
    ...navigationThroughWorker(redirect('{a}/rd/two/page.html')))));
  test(...check(ex('navigation-worker-cross-origin-no-second-chance', 'a navigation redirected to another origin: the first worker sees only the first hop', [HF('6'), 'sw.bs § Handle Fetch step 9.5'],
    claim('Redirects', 'a top-level navigation redirected to another origin gives the first worker no second chance', 'only the other origin’s worker sees the second hop', true),
    ...navigationThroughWorker(redirect('{b}/rd/page.html')))));
  test(...check(ex('subresource-back-through-listener-follow', 'subresource redirects go back through the fetch listener (redirect: "follow")', [HF('6'), HRF('22')],
    claim('Redirects', 'a redirected sub-resource request is sent back through onfetch', 'the worker sees both the original and the redirected URL', true),
    ...subresourceThroughWorker(redirect('{a}/rd/sub/target'), 'follow'))));

  // The movie app: caches and offline (area "caches" building blocks).
  test(...check(smoke(ex('offline-app-install-caches-shell', 'the movie app\'s install caches its shell before the worker activates', ['sw.bs § Install step 11', 'sw.bs § Cache addAll(requests)'],
    claim(CACHING, 'the ServiceWorker is ready if-and-only-if all the resources in the cache are downloaded (shellResources.ready() inside e.waitUntil)', 'after activation the shell cache holds every shell URL', true),
    MOVIES_V1, [
      ...movieApp,
      cachesStep('keys'),
      cacheStep('keys', 'shell-v1'),
    ]))));
  test(...check(ex('offline-app-install-fails-without-shell', 'the movie app\'s install fails when one shell resource cannot be downloaded: no worker is ever activated', ['sw.bs § Install steps 11–12', 'sw.bs § Cache addAll(requests)'],
    claim(CACHING, 'the ServiceWorker won\'t be "activated" until at least that set of resources is cached and ready', 'a 404 in the shell: no registration, nothing cached', true),
    { ...movieWorker({ addAll: { cacheName: 'shell-v1', urls: [...MOVIE_SHELL, '/assets/v1/intro_video.webm'] } }), '{a}/assets/v1/intro_video.webm': text('missing', undefined, 404) }, [
      { do: 'open', client: 'c1', url: '{a}/index.html' },
      { do: 'register', client: 'c1', script: '/worker.js', settle: true },
      { do: 'getRegistration', client: 'c1' },
      cacheStep('keys', 'shell-v1'),
    ])));
  test(...check(smoke(ex('offline-app-reload-from-cache', 'offline, reloading the movie app is served from the cache: the page, its assets, controlled', ['sw.bs § Handle Fetch', 'sw.bs § CacheStorage match(request, options)'],
    claim(OFFLINE, 'if an app caches its "shell", it\'s possible to make offline apps: offline support falls out of the system naturally', 'the offline reload loads app.html and its assets from the cache', true),
    MOVIES_V1, [
      ...movieApp,
      { do: 'network', state: 'offline' },
      { do: 'reload', client: 'c1' },
      { do: 'fetch', client: 'c1', url: '/assets/v1/base.css' },
      { do: 'fetch', client: 'c1', url: '/assets/v1/app.js' },
      { do: 'network', state: 'online' },
    ]))));
  test(...check(ex('offline-app-inventory-fallback', 'the uncached inventory: online from the network, offline the cached fallback', ['sw.bs § Handle Fetch', 'sw.bs § CacheStorage match(request, options)', 'fetch.bs § fetch() method'],
    claim(OFFLINE, 'fetch(url).then(null, function() { return caches.match(fallbackInventory); }): try online, with a fallback', 'online the inventory, offline inventory_fallback.json', true),
    MOVIES_V1, [
      ...movieApp,
      { do: 'fetch', client: 'c1', url: INVENTORY },
      { do: 'network', state: 'offline' },
      { do: 'fetch', client: 'c1', url: INVENTORY },
      { do: 'network', state: 'online' },
    ])));
  test(...check(ex('offline-app-http-cache-first', 'offline, the worker\'s fetch of the inventory is answered by the HTTP cache when it holds a fresh copy, so the fallback is not used', ['fetch.bs § HTTP-network-or-cache fetch'],
    claim(OFFLINE, 'if the browser is offline, our network fetch will either come from the HTTP cache (depending on what\'s in there and the expiration behaviors) or fail immediately', 'a fresh HTTP-cached inventory is served offline', true),
    { ...MOVIES_V1, [`{a}${INVENTORY}`]: text('{"movies":["cached by HTTP"]}', { 'Cache-Control': 'max-age=3600' }) }, [
      ...movieApp,
      { do: 'fetch', client: 'c1', url: INVENTORY },
      { do: 'network', state: 'offline' },
      { do: 'fetch', client: 'c1', url: INVENTORY },
      { do: 'network', state: 'online' },
    ])));
  test(...check(ex('serving-cache-miss-is-network-error', 'respondWith(caches.match(e.request)) for an uncached URL is a network error, not the browser\'s HTTP stack', ['sw.bs § Create Fetch Event and Dispatch step 22', 'fetch.bs § HTTP fetch step 3.5'],
    claim(SERVING, 'if the Promise generated by match() returns anything else or resolves as an error, the request is then routed to the browser\'s HTTP stack', 'the uncached URL loads from the network', false),
    movieWorker({ addAll: { cacheName: 'shell-v1', urls: MOVIE_SHELL } }, { rules: [], otherwise: { kind: 'cache' } as FetchAction } as ReturnType<typeof movieFetch>), [
      ...movieApp,
      { do: 'fetch', client: 'c1', url: '/assets/v1/app.js' },
      { do: 'fetch', client: 'c1', url: '/assets/v1/uncached.png' },
    ])));
  test(...check(ex('serving-first-cache-wins', 'caches.match with an entry in two caches answers from the first', ['sw.bs § CacheStorage match(request, options) step 2'],
    claim(SERVING, 'it\'s possible to have multiple caches with entries for the same URL, in this case you get the first set', 'the first cache\'s entry', true),
    MOVIES_V1, [
      ...movieApp,
      putStep('trailers', '/assets/v1/app.js', 'from trailers'),
      cachesStep('match', { request: '/assets/v1/app.js' }),
      { do: 'fetch', client: 'c1', url: '/assets/v1/app.js' },
    ])));
  test(...check(ex('serving-named-cache', 'caches.match limited to one cache: today through the cacheName option', ['sw.bs § CacheStorage match(request, options) step 1', 'sw.bs § MultiCacheQueryOptions'],
    claim(SERVING, 'you can provide the cache name as the second argument if you want to be specific: caches.match(e.request, "shell-v1")', 'only shell-v1 answers ({cacheName: "shell-v1"}; a string second argument is not a dictionary and throws TypeError)', true),
    movieWorker({ addAll: { cacheName: 'shell-v1', urls: MOVIE_SHELL } }, movieFetch('v1', 'shell-v1')), [
      ...movieApp,
      putStep('trailers', '/assets/trailer.webm', 'trailer'),
      { do: 'fetch', client: 'c1', url: '/assets/trailer.webm' },
      cachesStep('match', { request: '/assets/trailer.webm', cacheName: 'shell-v1' }),
      cachesStep('match', { request: '/assets/trailer.webm' }),
    ])));
  test(...check(ex('new-version-new-cache-old-keeps-serving', 'a new version fills its own cache while the old version keeps serving from the old one; once it activates it drops the old cache', ['sw.bs § Install', 'sw.bs § Try Activate', 'sw.bs § Understanding Cache Lifetimes'],
    claim('Wait-For-Restart', 'oninstall is a good place to get a jump on populating caches (with unique names if the new content is reliant on the new ServiceWorker); v1 keeps serving until its documents are gone', 'v2 caches shell-v2 while v1 serves shell-v1; after a restart v2 serves shell-v2 and shell-v1 is gone', true),
    {
      ...MOVIE_ASSETS,
      '{a}/worker.js': {
        kind: 'worker',
        behaviour: { version: 'movies-v1', install: { addAll: { cacheName: 'shell-v1', urls: MOVIE_SHELL } }, fetch: movieFetch('v1', 'shell-v1') },
        next: [{ version: 'movies-v2', install: { addAll: { cacheName: 'shell-v2', urls: MOVIE_SHELL_V2 } }, activate: { keepCaches: ['shell-v2'] }, fetch: movieFetch('v2', 'shell-v2') }],
      },
    }, [
      ...movieApp,
      { do: 'bumpScript', url: '{a}/worker.js' },
      { do: 'update', client: 'c1', scope: '/' },
      { do: 'settle' },
      cachesStep('keys'),
      { do: 'fetch', client: 'c1', url: '/assets/v1/base.css' },
      { do: 'fetch', client: 'c1', url: '/assets/v2/base.css' },
      { do: 'close', client: 'c1' },
      { do: 'settle' },
      { do: 'open', client: 'c2', url: '{a}/app.html' },
      { do: 'fetch', client: 'c2', url: '/assets/v2/base.css' },
      cachesStep('keys', { client: 'c2' }),
    ])));
  test(...check(ex('cross-origin-cors-entry-keeps-its-url', 'a cached CORS response from a CDN answers a same-origin request: the page sees the CDN\'s URL', ['sw.bs § Handle Fetch', 'fetch.bs § main fetch step 16', 'fetch.bs § Response url'],
    claim(XO, 'e.respondWith(caches.match("https://cdn.com/script.js")) for example.com/assets/v1/script.js: the response is treated as a redirect to the original URL of the response body', 'the page\'s response.url is the CDN\'s URL', true),
    {
      '{b}/cdn/script.js': text('cdn()', { 'Access-Control-Allow-Origin': '*' }),
      '{a}/worker.js': worker('movies-v1', {
        install: { addAll: { cacheName: 'cdn', urls: ['{b}/cdn/script.js'] } },
        fetch: { rules: [{ urlContains: '/assets/v1/script.js', action: { kind: 'cache', url: '{b}/cdn/script.js' } }], otherwise: { kind: 'fallback' } },
      }),
    }, [
      ...movieApp,
      { do: 'fetch', client: 'c1', url: '/assets/v1/script.js' },
    ])));
  test(...check(ex('cross-origin-addall-without-cors-fails', 'cache.addAll of a CDN resource without CORS headers rejects: the install fails', ['sw.bs § Cache addAll(requests) step 5.6', 'fetch.bs § Request class (mode "cors")'],
    claim(XO, 'ServiceWorkers enable this by allowing Caches to fetch and cache off-origin items … All cross-origin resources that are fetched by Caches succeed when fetched', 'the off-origin item is cached (as an OpaqueResponse)', false),
    {
      '{b}/cdn/poster.png': text('png'),
      '{a}/worker.js': worker('movies-v1', { install: { addAll: { cacheName: 'cdn', urls: ['{b}/cdn/poster.png'] } } }),
    }, [
      { do: 'open', client: 'c1', url: '{a}/index.html' },
      { do: 'register', client: 'c1', script: '/worker.js', settle: true },
      { do: 'getRegistration', client: 'c1' },
      cacheStep('keys', 'cdn'),
    ])));
  test(...check(ex('cross-origin-opaque-entry-served', 'an opaque CDN response stored from a no-cors fetch is served to a no-cors request (opaque) and refused to a CORS one', ['fetch.bs § HTTP fetch step 3.5.7(c)', 'sw.bs § Cache put(request, response)'],
    claim(XO, 'the objects stored are OpaqueResponse instances … They can be passed to respondWith() in the same manner as Responses', 'served to the page', true),
    {
      '{b}/cdn/poster.png': text('png'),
      '{a}/worker.js': worker('movies-v1', { fetch: { rules: [{ urlContains: '/assets/poster.png', action: { kind: 'cache', url: '{b}/cdn/poster.png' } }], otherwise: { kind: 'fallback' } } }),
    }, [
      { do: 'open', client: 'c1', url: '{a}/index.html' },
      { do: 'register', client: 'c1', script: '/worker.js', settle: true },
      { do: 'navigate', client: 'c1', url: '{a}/app.html' },
      cacheStep('put', 'cdn', { request: '{b}/cdn/poster.png', response: { from: 'fetch', url: '{b}/cdn/poster.png', mode: 'no-cors' } }),
      cacheStep('match', 'cdn', { request: '{b}/cdn/poster.png' }),
      { do: 'fetch', client: 'c1', url: '/assets/poster.png', mode: 'no-cors' },
      { do: 'fetch', client: 'c1', url: '/assets/poster.png' },
    ])));
});
