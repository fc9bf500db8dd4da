// Fetch routing: navigations are matched by URL, subresources go to the client's controller.
//
// This table is the area's Playwright test file: each row calls test() (suites/harness/define.ts),
// so `npx playwright test suites/routing/routing.scenarios.ts:<line>` runs that row.
import type { FetchAction, Resource, Scenario, Step } from '../../contract/index.js';
import { smoke, worker } from '../harness/build.js';
import { check, checks } from '../harness/define.js';

const HF = (s: string) => `sw.bs § Handle Fetch step ${s}`;
// Answers every subresource itself; lets navigations through to the network so that the
// document is the fixture page with its agent (the navigation is still a fetch event).
const respondAll: { rules: { mode: 'navigate'; action: FetchAction }[]; otherwise: FetchAction } = {
  rules: [{ mode: 'navigate', action: { kind: 'fallback' } }],
  otherwise: { kind: 'respond' },
};

/** Open a registering page, register each [script, scope] and wait for activation, close it. */
/**
 * Register `regs` on `origin` from a setup page in client c1 and let each settle. The check's
 * next step navigates c1 away (the setup page, uncontrolled, is unloaded): reusing the window
 * instead of closing it spares a new browser window per check (~0.5 s in Firefox, where
 * Playwright opens each page as a window). `first`: c1 is opened here; later setups navigate it.
 */
function setup(origin: '{a}' | '{b}', regs: [string, string][], first = origin === '{a}'): Step[] {
  return [
    first ? { do: 'open', client: 'c1', url: `${origin}/routing/setup.html` } : { do: 'navigate', client: 'c1', url: `${origin}/routing/setup.html` },
    ...regs.map(([script, scope]): Step => ({ do: 'register', client: 'c1', script, scope, settle: true })),
  ];
}

function routing(id: string, title: string, spec: string[], resources: Record<string, Resource>, steps: Step[]): Scenario {
  return { id: `routing/${id}`, area: 'routing', title, spec, resources, steps };
}

const TWO_SCOPES: Record<string, Resource> = {
  '{a}/sw-foo.js': worker('foo', { fetch: respondAll }),
  '{a}/sw-foobar.js': worker('foobar', { fetch: respondAll }),
};
const twoScopesSetup = setup('{a}', [['/sw-foo.js', '/foo'], ['/sw-foobar.js', '/foo/bar']]);

const navTable: string[] = ['/foo/page.html', '/foo/bar/page.html', '/foobar.html', '/foo/bar', '/foo?x', '/other/page.html', '/fo/page.html', '/foo/bar/baz/deep.html'];
const slug = (s: string) => s.replace(/\/$/, '/slash').replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '').toLowerCase();

export const routingScenarios = checks('routing', (test) => {
  // Navigations, top-level: Handle Fetch 9.5–9.8.
  for (const path of navTable) {
    test(...check(smoke(routing(`navigation-longest-prefix-${slug(path)}`, `top-level navigation to ${path} with scopes /foo and /foo/bar`, [HF('9.5–9.8'), 'sw.bs § Match Service Worker Registration'], TWO_SCOPES, [
      ...twoScopesSetup,
      { do: 'navigate', client: 'c1', url: `{a}${path}` },
    ]), path === '/foo/bar/page.html')));
  }
  // Navigations, iframes: matched by the frame's URL, not the parent's controller.
  for (const path of navTable.slice(0, 6)) {
    test(...check(routing(`iframe-longest-prefix-${slug(path)}`, `iframe navigation to ${path} inside an uncontrolled page`, [HF('9.5–9.8')], TWO_SCOPES, [
      ...twoScopesSetup,
      { do: 'navigate', client: 'c1', url: '{a}/other/top.html' },
      { do: 'frame', client: 'c1', frame: 'f1', url: `{a}${path}` },
    ])));
  }
  test(...check(routing('iframe-in-controlled-page-other-scope', 'an iframe in a page controlled by /foo/bar, to a /foo URL, is /foo’s', [HF('9.5–9.8')], TWO_SCOPES, [
    ...twoScopesSetup,
    { do: 'navigate', client: 'c1', url: '{a}/foo/bar/top.html' },
    { do: 'frame', client: 'c1', frame: 'f1', url: '{a}/foo/inner.html' },
    { do: 'controller', client: 'c1' },
  ])));
  test(...check(routing('iframe-out-of-scope-in-controlled-page', 'an out-of-scope iframe in a controlled page is not controlled', [HF('9.7')], TWO_SCOPES, [
    ...twoScopesSetup,
    { do: 'navigate', client: 'c1', url: '{a}/foo/top.html' },
    { do: 'frame', client: 'c1', frame: 'f1', url: '{a}/elsewhere/inner.html' },
  ])));

  // Subresources: Handle Fetch 10 — the client's controller, whatever the URL.
  for (const path of ['/foo/data.txt', '/elsewhere/data.txt', '/services/data?json=1', '/foo/bar/data.txt', '/'] as const) {
    test(...check(smoke(routing(`subresource-to-controller-${slug(path) || 'root'}`, `a fetch of ${path} from a page controlled by /foo goes to /foo's worker`, [HF('10')], TWO_SCOPES, [
      ...twoScopesSetup,
      { do: 'navigate', client: 'c1', url: '{a}/foo/page.html' },
      { do: 'fetch', client: 'c1', url: path },
    ]), path === '/services/data?json=1')));
  }
  test(...check(routing('subresource-cross-origin-to-controller', 'a cross-origin fetch from a controlled page goes to its controller', [HF('10')], TWO_SCOPES, [
    ...twoScopesSetup,
    { do: 'navigate', client: 'c1', url: '{a}/foo/page.html' },
    { do: 'fetch', client: 'c1', url: '{b}/data.txt', mode: 'no-cors' },
  ])));
  test(...check(routing('subresource-uncontrolled-page', 'a page loaded before registration is not controlled: fetches go to the network', [HF('10')], TWO_SCOPES, [
    { do: 'open', client: 'c1', url: '{a}/foo/page.html' },
    { do: 'register', client: 'c1', script: '/sw-foo.js', scope: '/foo', settle: true },
    { do: 'fetch', client: 'c1', url: '/foo/data.txt' },
    { do: 'controller', client: 'c1' },
  ])));
  test(...check(routing('subresource-from-iframe-to-its-controller', 'a fetch from an iframe goes to the iframe’s controller, not the parent’s', [HF('10')], TWO_SCOPES, [
    ...twoScopesSetup,
    { do: 'navigate', client: 'c1', url: '{a}/foo/top.html' },
    { do: 'frame', client: 'c1', frame: 'f1', url: '{a}/foo/bar/inner.html' },
    { do: 'fetch', client: 'c1', frame: 'f1', url: '/anything.txt' },
  ])));

  // No fetch listener, fallback, respondWith variants.
  test(...check(routing('no-fetch-listener-still-controls', 'a worker without a fetch listener still controls', [HF('9.8'), 'sw.bs § Create Fetch Event and Dispatch step 11'],
    { '{a}/sw-nofetch.js': worker('nofetch', { fetch: null }) }, [
      ...setup('{a}', [['/sw-nofetch.js', '/nf/']]),
      { do: 'navigate', client: 'c1', url: '{a}/nf/page.html' },
      { do: 'fetch', client: 'c1', url: '/nf/data.txt' },
    ])));
  test(...check(smoke(routing('fallback-goes-to-network', 'no respondWith: the request falls back to the network', ['sw.bs § Create Fetch Event and Dispatch step 21'],
    { '{a}/sw-fallback.js': worker('fallback', { fetch: { otherwise: { kind: 'fallback' } } }) }, [
      ...setup('{a}', [['/sw-fallback.js', '/fb/']]),
      { do: 'navigate', client: 'c1', url: '{a}/fb/page.html' },
      { do: 'fetch', client: 'c1', url: '/fb/data.txt' },
    ]))));
  test(...check(routing('rules-by-url', 'a worker answers some URLs and lets others through', ['sw.bs § Handle Fetch'],
    { '{a}/sw-rules.js': worker('rules', { fetch: { rules: [{ urlContains: 'mine', action: { kind: 'respond', body: 'mine' } }], otherwise: { kind: 'fallback' } } }) }, [
      ...setup('{a}', [['/sw-rules.js', '/ru/']]),
      { do: 'navigate', client: 'c1', url: '{a}/ru/page.html' },
      { do: 'fetch', client: 'c1', url: '/ru/mine.txt' },
      { do: 'fetch', client: 'c1', url: '/ru/theirs.txt' },
    ])));
  test(...check(routing('respond-with-error', 'respondWith(Response.error()) is a network error', ['sw.bs § Handle Fetch step 22', 'fetch.bs § HTTP fetch 3.5.7(a)'],
    { '{a}/sw-err.js': worker('err', { fetch: { rules: [{ urlContains: 'data', action: { kind: 'error' } }], otherwise: { kind: 'fallback' } } }) }, [
      ...setup('{a}', [['/sw-err.js', '/er/']]),
      { do: 'navigate', client: 'c1', url: '{a}/er/page.html' },
      { do: 'fetch', client: 'c1', url: '/er/data.txt' },
    ])));
  test(...check(routing('cancel-without-respondwith', 'preventDefault() without respondWith is a network error', ['sw.bs § Create Fetch Event and Dispatch step 21'],
    { '{a}/sw-cancel.js': worker('cancel', { fetch: { rules: [{ urlContains: 'data', action: { kind: 'cancel' } }], otherwise: { kind: 'fallback' } } }) }, [
      ...setup('{a}', [['/sw-cancel.js', '/ca/']]),
      { do: 'navigate', client: 'c1', url: '{a}/ca/page.html' },
      { do: 'fetch', client: 'c1', url: '/ca/data.txt' },
    ])));
  test(...check(routing('forward-fetch-event-request', 'respondWith(fetch(event.request)) returns the network answer', ['sw.bs § Handle Fetch'],
    { '{a}/sw-fwd.js': worker('fwd', { fetch: { otherwise: { kind: 'forward' } } }) }, [
      ...setup('{a}', [['/sw-fwd.js', '/fw/']]),
      { do: 'navigate', client: 'c1', url: '{a}/fw/page.html' },
      { do: 'fetch', client: 'c1', url: '/fw/data.txt' },
    ])));
  test(...check(routing('worker-fetch-not-intercepted', 'a fetch made by the worker itself is not intercepted', ['fetch.bs § fetch() (ServiceWorkerGlobalScope → service-workers mode none)'],
    { '{a}/sw-wf.js': worker('wf', { fetch: { rules: [{ mode: 'navigate', action: { kind: 'fallback' } }], otherwise: { kind: 'fetch', url: '{a}/wf/other.txt' } } }) }, [
      ...setup('{a}', [['/sw-wf.js', '/wf/']]),
      { do: 'navigate', client: 'c1', url: '{a}/wf/page.html' },
      { do: 'fetch', client: 'c1', url: '/wf/data.txt' },
    ])));

  // Worker scripts and their imports are not intercepted (Update fetch hook 3; importScripts).
  test(...check(routing('worker-script-not-intercepted', 'registering a worker from a controlled page: its script fetch is not a fetch event', ['sw.bs § Update, fetch hook step 3'],
    { '{a}/sw-ctl.js': worker('ctl', { fetch: respondAll }), '{a}/ws/sub/sw2.js': worker('second') }, [
      ...setup('{a}', [['/sw-ctl.js', '/ws/']]),
      { do: 'navigate', client: 'c1', url: '{a}/ws/page.html' },
      { do: 'register', client: 'c1', script: '/ws/sub/sw2.js', settle: true },
    ])));
  test(...check(routing('imported-scripts-not-intercepted', 'importScripts from a worker registered by a controlled page is not a fetch event', ['sw.bs § importScripts() (service-workers mode none)'],
    {
      '{a}/sw-ctl.js': worker('ctl', { fetch: respondAll }),
      '{a}/ws/sub/sw3.js': worker('third', { imports: ['lib.js'] }),
      '{a}/ws/sub/lib.js': { kind: 'script', body: 'self.__lib = 1;' },
    }, [
      ...setup('{a}', [['/sw-ctl.js', '/ws/']]),
      { do: 'navigate', client: 'c1', url: '{a}/ws/page.html' },
      { do: 'register', client: 'c1', script: '/ws/sub/sw3.js', settle: true },
    ])));

  // Cross-origin: each origin's worker handles its own navigations, never the parent's.
  test(...check(routing('cross-origin-iframe-own-worker', 'a cross-site iframe is matched in its own partition: its origin’s top-level registration does not control it', [HF('9.5'), 'storage § storage key', 'https://github.com/w3c/ServiceWorker/issues/1606'],
    { '{a}/sw-a.js': worker('a-worker', { fetch: respondAll }), '{b}/sw-b.js': worker('b-worker', { fetch: respondAll }) }, [
      ...setup('{a}', [['/sw-a.js', '/']]),
      ...setup('{b}', [['/sw-b.js', '/']]),
      { do: 'navigate', client: 'c1', url: '{a}/x/top.html' },
      { do: 'frame', client: 'c1', frame: 'f1', url: '{b}/x/inner.html' },
    ])));
  test(...check(routing('cross-origin-iframe-no-worker', 'a cross-origin iframe with no registration on its origin is not controlled by the parent’s worker', [HF('9.7')],
    { '{a}/sw-a.js': worker('a-worker', { fetch: respondAll }) }, [
      ...setup('{a}', [['/sw-a.js', '/']]),
      { do: 'navigate', client: 'c1', url: '{a}/x/top.html' },
      { do: 'frame', client: 'c1', frame: 'f1', url: '{b}/x/inner.html' },
    ])));
  test(...check(routing('cross-origin-top-level-navigation', 'navigating a controlled window to another origin hands it to that origin', [HF('9.5')],
    { '{a}/sw-a.js': worker('a-worker', { fetch: respondAll }), '{b}/sw-b.js': worker('b-worker', { fetch: respondAll }) }, [
      ...setup('{a}', [['/sw-a.js', '/']]),
      ...setup('{b}', [['/sw-b.js', '/']]),
      { do: 'navigate', client: 'c1', url: '{a}/x/page.html' },
      { do: 'navigate', client: 'c1', url: '{b}/x/page.html' },
    ])));
});
