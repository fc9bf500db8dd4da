// Redirects: navigations re-matched on every hop (server and worker redirects, across origins),
// subresource redirect modes against worker answers, fragments, the 20-redirect limit. (The
// explainer's redirect claims are in suites/explainer.)
//
// This table is the area's Playwright test file: each row calls test() (suites/harness/define.ts),
// so `npx playwright test suites/redirects/redirects.scenarios.ts:<line>` runs that row.
import type { FetchAction, FetchRule, Resource, Scenario, Step } from '../../contract/index.js';
import { smoke, worker } from '../harness/build.js';
import { check, checks } from '../harness/define.js';
import { HF, HRF, NAV_WORKERS, navigationThroughWorker, navSetup, redirect, rule, setup, subresourceThroughWorker, type Mode } from './build.js';

const MODES: Mode[] = ['follow', 'error', 'manual'];

function rd(id: string, title: string, spec: string[], resources: Record<string, Resource>, steps: Step[]): Scenario {
  return { id: `redirects/${id}`, area: 'redirects', title, spec, resources, steps };
}

// ------------------------------------------------------------------ navigations: server redirects
const serverHops: [string, string, string][] = [
  // [case, from, Location]
  ['same-scope', '/rd/one/start', '/rd/one/page.html'],
  ['other-scope', '/rd/one/start', '/rd/two/page.html'],
  ['to-out-of-scope', '/rd/one/start', '/rd/none/page.html'],
  ['from-out-of-scope', '/rd/none/start', '/rd/one/page.html'],
  ['to-other-origin-in-scope', '/rd/one/start', '{b}/rd/page.html'],
  ['to-other-origin-out-of-scope', '/rd/one/start', '{b}/elsewhere/page.html'],
  ['relative-location', '/rd/one/start', '../two/page.html'],
  ['location-with-fragment', '/rd/one/start', '/rd/two/page.html#new'],
];

// ------------------------------------------------------------------ navigations: worker answers
const swNav = (id: string, title: string, action: FetchAction, spec: string[], extra: Record<string, Resource> = {}): Scenario =>
  rd(`navigation-worker-${id}`, title, spec, ...navigationThroughWorker(action, extra));

// ------------------------------------------------------------------ subresources × redirect modes
function subCase(id: string, title: string, spec: string[], action: FetchAction, mode: Mode, extra: Record<string, Resource> = {}): Scenario {
  return rd(`subresource-${id}-${mode}`, `${title} (redirect: "${mode}")`, spec, ...subresourceThroughWorker(action, mode, extra));
}

const SERVER_REDIRECT = { '{a}/rd/sub/start': { kind: 'redirect', status: 302, location: '/rd/sub/target' } as Resource };

// ------------------------------------------------------------------ the 20-redirect limit
function workerChain(n: number): Scenario {
  const pad = (i: number) => String(i).padStart(2, '0');
  const rules: FetchRule[] = [];
  for (let i = 0; i < n; i++) rules.push(rule(`/hop${pad(i)}.txt`, redirect(`{a}/rd/lim/hop${pad(i + 1)}.txt`)));
  rules.push(rule(`/hop${pad(n)}.txt`, { kind: 'respond', body: 'end of chain' }));
  return rd(`limit-worker-chain-${n}`, `${n} worker-generated redirects in a row`, [HRF('7')], {
    '{a}/rd/lim/sw.js': worker('lim', { fetch: { rules, otherwise: { kind: 'fallback' } } }),
  }, [...setup('{a}', [['/rd/lim/sw.js', '/rd/lim/']]), { do: 'open', client: 'c1', url: '{a}/rd/lim/page.html' }, { do: 'fetch', client: 'c1', url: '/rd/lim/hop00.txt' }]);
}

function serverChain(n: number, navigation: boolean): Scenario {
  const resources: Record<string, Resource> = {};
  for (let i = 0; i < n; i++) resources[`{a}/rd/srv/hop${i}`] = { kind: 'redirect', status: 302, location: `/rd/srv/hop${i + 1}` };
  resources[`{a}/rd/srv/hop${n}`] = navigation ? { kind: 'page' } : { kind: 'text', body: 'end of chain' };
  const last: Step = navigation ? { do: 'open', client: 'c2', url: '{a}/rd/srv/hop0' } : { do: 'fetch', client: 'c1', url: '/rd/srv/hop0' };
  return rd(`limit-server-chain-${navigation ? 'navigation' : 'fetch'}-${n}`, `${n} server redirects in a row (${navigation ? 'navigation' : 'fetch'})`, [HRF('7')], resources,
    navigation ? [last] : [{ do: 'open', client: 'c1', url: '{a}/rd/srv/page.html' }, last]);
}

export const redirectScenarios = checks('redirects', (test) => {
  // Navigations through server redirects: every hop re-matched.
  for (const [id, from, location] of serverHops) {
    for (const status of [302, 301, 307] as const) {
      test(...check(smoke(rd(`navigation-server-${status}-${id}`, `navigation, server ${status} ${from} → ${location}`, [HRF('3'), 'html § create navigation params by fetching', 'sw.bs § Handle Fetch step 9'],
        { ...NAV_WORKERS, [`{a}${from}`]: { kind: 'redirect', status, location } },
        [...navSetup, { do: 'open', client: 'c1', url: `{a}${from}` }]), status === 302 && id === 'other-scope')));
    }
  }
  // The same hops for an iframe (matched with the frame's reserved client) and for a navigation of
  // an already open, controlled window.
  for (const [id, from, location] of serverHops) {
    test(...check(rd(`iframe-server-302-${id}`, `iframe navigation, server 302 ${from} → ${location}`, [HRF('3'), 'sw.bs § Handle Fetch step 9'],
      { ...NAV_WORKERS, [`{a}${from}`]: { kind: 'redirect', status: 302, location } },
      [...navSetup, { do: 'open', client: 'c1', url: '{a}/rd/none/top.html' }, { do: 'frame', client: 'c1', frame: 'f1', url: `{a}${from}` }])));
  }
  for (const [id, from, location] of serverHops) {
    test(...check(rd(`navigate-controlled-302-${id}`, `a window controlled by "one" navigates through a 302 ${from} → ${location}`, [HRF('3'), 'sw.bs § Handle Fetch step 9'],
      { ...NAV_WORKERS, [`{a}${from}`]: { kind: 'redirect', status: 302, location } },
      [...navSetup, { do: 'open', client: 'c1', url: '{a}/rd/one/page.html' }, { do: 'navigate', client: 'c1', url: `{a}${from}` }])));
  }

  // The request's fragment survives a Location without one (HTTP-redirect fetch 3).
  test(...check(rd('navigation-fragment-inherited', 'a fragment on the navigation survives a redirect whose Location has none', [HRF('3')],
    { ...NAV_WORKERS, '{a}/rd/one/start': { kind: 'redirect', status: 302, location: '/rd/two/page.html' } },
    [...navSetup, { do: 'open', client: 'c1', url: '{a}/rd/one/start#keep' }])));
  test(...check(rd('navigation-fragment-replaced', 'a Location with its own fragment replaces the request’s', [HRF('3')],
    { ...NAV_WORKERS, '{a}/rd/one/start': { kind: 'redirect', status: 302, location: '/rd/two/page.html#theirs' } },
    [...navSetup, { do: 'open', client: 'c1', url: '{a}/rd/one/start#mine' }])));

  // A chain of server redirects across both origins and three registrations.
  test(...check(rd('navigation-chain-across-origins', 'a chain one → b → two: every hop re-matched', [HRF('22'), 'sw.bs § Handle Fetch step 9.5'],
    {
      ...NAV_WORKERS,
      '{a}/rd/one/start': { kind: 'redirect', status: 302, location: '{b}/rd/hop' },
      '{b}/rd/hop': { kind: 'redirect', status: 302, location: '{a}/rd/two/page.html' },
    },
    [...navSetup, { do: 'open', client: 'c1', url: '{a}/rd/one/start' }])));

  // Navigations the worker answers.
  test(...check(swNav('redirect-same-scope', 'the worker answers a navigation with Response.redirect to its own scope', redirect('{a}/rd/one/page.html'), [HF('6'), 'sw.bs § Handle Fetch'])));
  test(...check(swNav('redirect-other-scope', 'Response.redirect to another scope: the other worker gets the next hop', redirect('{a}/rd/two/page.html'), [HF('6')])));
  test(...check(swNav('redirect-out-of-scope', 'Response.redirect out of every scope', redirect('{a}/rd/none/page.html'), [HF('6')])));
  test(...check(swNav('redirect-other-origin', 'Response.redirect to another origin’s scope', redirect('{b}/rd/page.html'), [HF('6')])));
  test(...check(swNav('redirect-301', 'Response.redirect with 301', redirect('{a}/rd/two/page.html', 301), [HF('6')])));
  test(...check(swNav('redirect-308', 'Response.redirect with 308', redirect('{a}/rd/two/page.html', 308), [HF('6')])));
  test(...check(swNav('redirect-fragment', 'Response.redirect to a URL with a fragment', redirect('{a}/rd/two/page.html#w'), [HRF('3')])));
  test(...check(swNav('forward-server-redirect', 'fetch(event.request) where the server redirects: the page follows, re-matched', { kind: 'forward' }, [HF('6 (manual, navigate)'), 'https://github.com/whatwg/fetch/pull/1618'],
    { '{a}/rd/one/start': { kind: 'redirect', status: 302, location: '/rd/two/page.html' } })));
  test(...check(swNav('fetch-manual-opaqueredirect', 'fetch(url, {redirect:"manual"}) → opaqueredirect answers a navigation', { kind: 'fetch', redirect: 'manual' }, [HF('3.5.7(d)')],
    { '{a}/rd/one/start': { kind: 'redirect', status: 302, location: '/rd/two/page.html' } })));
  test(...check(swNav('fetch-follow-redirected-is-error', 'fetch(url) following a redirect answers a navigation with a redirected response: network error', { kind: 'fetch', redirect: 'follow' }, [HF('3.5.7(e)')],
    { '{a}/rd/one/start': { kind: 'redirect', status: 302, location: '/rd/two/page.html' } })));

  // The same network errors for an iframe's navigation: observed as the frame step's fetchError.
  test(...check(rd('iframe-worker-fetch-follow-redirected-is-error', 'an iframe navigation the worker answers with a redirected response: network error', [HF('3.5.7(e)'), 'html § navigate to a fetch response (network error)'],
    { ...NAV_WORKERS, '{a}/rd/sw-one.js': worker('one', { fetch: { rules: [rule('/rd/one/start', { kind: 'fetch', redirect: 'follow' })], otherwise: { kind: 'fallback' } } }), '{a}/rd/one/start': { kind: 'redirect', status: 302, location: '/rd/two/page.html' } },
    [...navSetup, { do: 'open', client: 'c1', url: '{a}/rd/none/top.html' }, { do: 'frame', client: 'c1', frame: 'f1', url: '{a}/rd/one/start' }])));
  test(...check(rd('iframe-worker-response-error', 'an iframe navigation the worker answers with Response.error(): network error', [HF('3.5.7(a)'), 'html § navigate to a fetch response (network error)'],
    { ...NAV_WORKERS, '{a}/rd/sw-one.js': worker('one', { fetch: { rules: [rule('/rd/one/start', { kind: 'error' })], otherwise: { kind: 'fallback' } } }) },
    [...navSetup, { do: 'open', client: 'c1', url: '{a}/rd/none/top.html' }, { do: 'frame', client: 'c1', frame: 'f1', url: '{a}/rd/one/start' }])));

  // Subresources × redirect modes against the worker's answers.
  for (const mode of MODES) {
    test(...check(smoke(subCase('generated-redirect', 'the worker answers Response.redirect', [HF('6'), HRF('22')], redirect('{a}/rd/sub/target'), mode), mode === 'follow')));
    test(...check(subCase('generated-redirect-cross-origin', 'the worker answers Response.redirect to another origin', [HF('6')], redirect('{b}/rd/sub/target'), mode)));
    test(...check(subCase('opaqueredirect', 'the worker answers with fetch(url, {redirect:"manual"})', [HF('3.5.7(d)')], { kind: 'fetch', redirect: 'manual' }, mode, SERVER_REDIRECT)));
    test(...check(subCase('redirected-response', 'the worker answers with a followed redirect', [HF('3.5.7(e)')], { kind: 'fetch', redirect: 'follow' }, mode, SERVER_REDIRECT)));
    test(...check(subCase('forward', 'the worker answers fetch(event.request)', [HF('3.5.7')], { kind: 'forward' }, mode, SERVER_REDIRECT)));
    test(...check(subCase('fallback-server-redirect', 'the worker falls back; the server redirects', [HF('4.2'), HF('6')], { kind: 'fallback' }, mode, SERVER_REDIRECT)));
    test(...check(subCase('generated-redirect-no-location', 'the worker answers a 302 without Location', [HRF('4')], { kind: 'respond', status: 302, body: 'no location' }, mode)));
  }

  // The 20-redirect limit.
  test(...check(workerChain(20)));
  test(...check(workerChain(21)));
  test(...check(serverChain(20, false)));
  test(...check(serverChain(21, false)));
  test(...check(serverChain(20, true)));
});
