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
});
