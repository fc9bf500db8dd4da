// The original explainer's rules (seed 004_11028f5d3bd790ad.txt), each a claim checked against
// today's spec (the model) and the engines. Scopes in the explainer's dialect ("/foo*") are
// translated to today's prefix scopes ("/foo") where the claim is about matching; where the
// claim is about the dialect itself, the literal pattern is registered.
import type { ExplainerClaim, FetchAction, Resource, Scenario, Step } from '../../model/scenario.js';
import { EXPLAINER_LONGEST_PREFIX_EXAMPLE } from '../../model/explainer.js';
import { worker } from '../harness/build.js';

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

export const explainerScenarios: Scenario[] = [
  ...TABLE.map(([path, who]) =>
    ex(`prefix-table-${slug(path)}`, `explainer table: navigating to ${path}`, ['sw.bs § Match Service Worker Registration', 'sw.bs § Handle Fetch step 9'],
      claim('Longest-Prefix Matching', 'navigations are mapped to ServiceWorkers by longest-prefix-match ("/foo*", "/foo/bar*")', who ? `controlled by ${who}` : 'fallback to native (uncontrolled)', true),
      TABLE_WORKERS, [...setupA([['/foo_worker.js', '/foo'], ['/foo/bar_worker.js', '/foo/bar']]), { do: 'navigate', client: 'c1', url: `{a}${path}` }]),
  ),

  // The explainer's own pattern rules against today's plain-prefix scopes.
  ...([
    ['star-at-end-is-literal', '/explainer/foo*', 'matches /explainer/foo/x (the * is a wildcard)', '/explainer/foo/x'],
    ['star-in-middle', '/explainer/foo/*/bar', 'register() throws: "*" only at the end', undefined],
    ['leading-star', '*bar', 'register() throws: "*" only at the end', undefined],
    ['question-mark-in-pattern', '/explainer/p?q', 'register() throws: "?" is not allowed', undefined],
    ['hash-in-pattern', '/explainer/p#f', 'register() throws: "#" is not allowed', undefined],
  ] as const).map(([id, scope, predicts, lookupUrl]) =>
    ex(`pattern-${id}`, `explainer pattern rule: scope "${scope}"`, ['sw.bs § Start Register steps 6–9', 'https://github.com/w3c/ServiceWorker/issues/287'],
      claim('Longest-Prefix Matching', 'the * can only occur at the end of a matching rule; a pattern with "?" or "#" throws', predicts, false),
      { '{a}/sw.js': worker('v1') }, [
        { do: 'open', client: 'c1', url: '{a}/explainer/page.html' },
        { do: 'register', client: 'c1', script: '/sw.js', scope },
        ...(lookupUrl ? [{ do: 'getRegistration', client: 'c1', url: lookupUrl } as Step] : []),
      ]),
  ),

  // "Documents live out their whole lives using the ServiceWorker they start with."
  ex('lives-register-does-not-adopt', 'registering does not take control of the registering page', ['sw.bs § Activate step 8', 'sw.bs § Handle Fetch step 10'],
    claim('Getting Started', 'Documents live out their whole lives using the ServiceWorker they start with', 'the page stays uncontrolled; a new navigation is controlled', true),
    { '{a}/explainer/sw.js': worker('v1', { fetch: respondSubresources }) }, [
      { do: 'open', client: 'c1', url: '{a}/explainer/page.html' },
      { do: 'register', client: 'c1', script: 'sw.js', settle: true },
      { do: 'controller', client: 'c1' },
      { do: 'fetch', client: 'c1', url: 'data.txt' },
      { do: 'open', client: 'c2', url: '{a}/explainer/page.html' },
      { do: 'fetch', client: 'c2', url: 'data.txt' },
    ]),
  ex('lives-unregister-keeps-control', 'unregistering does not release a controlled page; new navigations are uncontrolled', ['sw.bs § Unregister', 'sw.bs § Handle Fetch step 10.1'],
    claim('Getting Started', 'Documents live out their whole lives using the ServiceWorker they start with', 'the page keeps its worker after unregister; a new page is uncontrolled', true),
    { '{a}/explainer/sw.js': worker('v1', { fetch: respondSubresources }) }, [
      ...setupA([['/explainer/sw.js', '/explainer/']]),
      { do: 'navigate', client: 'c1', url: '{a}/explainer/page.html' },
      { do: 'unregister', client: 'c1', scope: '/explainer/' },
      { do: 'controller', client: 'c1' },
      { do: 'fetch', client: 'c1', url: 'data.txt' },
      { do: 'open', client: 'c2', url: '{a}/explainer/other.html' },
    ]),

  // "All resource requests from a controlled document are sent to that document's ServiceWorker."
  ex('services-data-subresource', 'the explainer’s /services/data?json=1 example: the subresource goes to the page’s worker', ['sw.bs § Handle Fetch step 10'],
    claim('Registrations Map Navigations, Documents Map Fetches', 'All resource requests from a controlled document are sent to that document’s ServiceWorker', '/services/data?json=1 is handled by /worker.js, not /services/data/worker.js', true),
    {
      '{a}/worker.js': worker('root', { fetch: respondSubresources }),
      '{a}/services/data/worker.js': worker('data', { fetch: respondSubresources }, { headers: { 'Service-Worker-Allowed': '/services/' } }),
    }, [
      ...setupA([['/worker.js', '/'], ['/services/data/worker.js', '/services/data']]),
      { do: 'navigate', client: 'c1', url: '{a}/index.html' },
      { do: 'fetch', client: 'c1', url: '/services/data?json=1' },
      { do: 'frame', client: 'c1', frame: 'f1', url: '{a}/services/data' },
    ]),
  ex('services-data-registration-as-written', 'the explainer’s registration of /services/data from /services/data/worker.js, as written', ['sw.bs § Update, fetch hook step 16'],
    claim('Registrations Map Navigations, Documents Map Fetches', 'navigator.serviceWorker.register("/services/data/worker.js", { scope: "/services/data" }) installs', 'the registration succeeds', false),
    { '{a}/services/data/worker.js': worker('data') }, [
      { do: 'open', client: 'c1', url: '{a}/services/data/page.html' },
      { do: 'register', client: 'c1', script: '/services/data/worker.js', scope: '/services/data' },
    ]),
  ex('fallback-does-not-cascade', 'a worker that does not respond does not cascade to the shorter scope’s worker', ['sw.bs § Create Fetch Event and Dispatch step 21'],
    claim('Longest-Prefix Matching', 'if e.respondWith() isn’t called in /foo/bar’s worker, it does not cascade to /foo’s; it falls back to the network', 'the network answers; /foo’s worker sees nothing', true),
    {
      '{a}/foo_worker.js': worker('foo', { fetch: { otherwise: { kind: 'respond' } } }),
      '{a}/foo/bar_worker.js': worker('foobar', { fetch: { otherwise: { kind: 'fallback' } } }),
    }, [
      ...setupA([['/foo_worker.js', '/foo'], ['/foo/bar_worker.js', '/foo/bar']]),
      { do: 'navigate', client: 'c1', url: '{a}/foo/bar/page.html' },
      { do: 'fetch', client: 'c1', url: '/foo/bar/data.txt' },
    ]),

  // "ServiceWorkers Do Not Control Requests For ServiceWorkers"
  ex('no-control-of-worker-requests', 'a controlled page registering another worker: the script and its imports are naked fetches', ['sw.bs § Update, fetch hook step 3', 'sw.bs § importScripts()'],
    claim('ServiceWorkers Do Not Control Requests For ServiceWorkers', 'all fetches and resource loads for ServiceWorkers and their sub-resources are "naked" fetches', 'the controlling worker sees no fetch event for the script or its import', true),
    {
      '{a}/explainer/sw.js': worker('ctl', { fetch: respondSubresources }),
      '{a}/explainer/sub/sw2.js': worker('second', { imports: ['lib.js'] }),
      '{a}/explainer/sub/lib.js': { kind: 'script', body: 'self.__lib = 1;' },
    }, [
      ...setupA([['/explainer/sw.js', '/explainer/']]),
      { do: 'navigate', client: 'c1', url: '{a}/explainer/page.html' },
      { do: 'register', client: 'c1', script: 'sub/sw2.js', settle: true },
    ]),

  // "Last-Registration-Wins"
  ex('last-registration-wins', 'two pages register the same scope with different scripts: the second wins', ['sw.bs § Register step 5', 'sw.bs § Update step 4'],
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
    ]),
];
