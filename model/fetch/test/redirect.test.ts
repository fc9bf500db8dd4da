// Redirects through Handle Fetch: the digest's §5 / §8.4 vectors, with the expectations of WPT
// service-workers/service-worker/navigation-redirect.https.html (intercepted URLs per worker and
// the final URL), redirected-response.https.html and fetch-request-redirect.https.html.
// Test names cite the algorithm and step that decide each case.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { predict } from '../../scenario/interpreter.js';
import type { FetchAction, FetchRule, Outcome, Resource, Scenario, Step, StepResult } from '../../../contract/index.js';

const SCOPE1 = '{a}/scope1/';
const SCOPE2 = '{a}/scope2/';
const OUT = '{a}/out/';
const OTHER_SCOPE = '{b}/scope1/';
const OTHER_OUT = '{b}/out/';

function rule(urlContains: string, action: FetchAction): FetchRule {
  return { urlContains, action };
}

/** The redirect-worker of navigation-redirect.https.html, keyed by path markers instead of ?sw=. */
const redirectWorkerRules: FetchRule[] = [
  rule('gen-out', { kind: 'redirect', location: `${OUT}page.html` }),
  rule('gen-s1', { kind: 'redirect', location: `${SCOPE1}page.html` }),
  rule('gen-s2', { kind: 'redirect', location: `${SCOPE2}page.html` }),
  rule('gen-oo', { kind: 'redirect', location: `${OTHER_OUT}page.html` }),
  rule('gen-os', { kind: 'redirect', location: `${OTHER_SCOPE}page.html` }),
  rule('gen-frag', { kind: 'redirect', location: `${OUT}page.html#ref2` }),
  rule('fetchsw', { kind: 'forward' }),
  rule('manualsw', { kind: 'fetch', redirect: 'manual' }),
  rule('followsw', { kind: 'fetch', redirect: 'follow' }),
  rule('nolocation', { kind: 'respond', status: 302 }),
];

function redirectWorker(version: string): Resource {
  return { kind: 'worker', behaviour: { version, fetch: { rules: redirectWorkerRules, otherwise: { kind: 'fallback' } } } };
}

function redirect(location: string, status: 301 | 302 | 303 | 307 | 308 = 302): Resource {
  return { kind: 'redirect', status, location };
}

/** Server redirects: "<scope>r-<target>" → the target page. */
const RESOURCES: Record<string, Resource> = {
  '{a}/scope1/sw.js': redirectWorker('s1'),
  '{a}/scope2/sw.js': redirectWorker('s2'),
  '{b}/scope1/sw.js': redirectWorker('o1'),
};
for (const [from, base] of [['{a}/out/', OUT], ['{a}/scope1/', SCOPE1], ['{a}/scope1/fetchsw-', SCOPE1], ['{a}/scope1/manualsw-', SCOPE1], ['{a}/scope1/followsw-', SCOPE1]] as const) {
  void base;
  RESOURCES[`${from}r-s1`] = redirect(`${SCOPE1}page.html`);
  RESOURCES[`${from}r-s2`] = redirect(`${SCOPE2}page.html`);
  RESOURCES[`${from}r-out`] = redirect(`${OUT}page.html`);
  RESOURCES[`${from}r-oo`] = redirect(`${OTHER_OUT}page.html`);
  RESOURCES[`${from}r-os`] = redirect(`${OTHER_SCOPE}page.html`);
  RESOURCES[`${from}r-s1frag`] = redirect(`${SCOPE1}page.html#ref2`);
}

const SETUP: Step[] = [
  { do: 'open', client: 'cb', url: '{b}/page.html' },
  { do: 'register', client: 'cb', script: '/scope1/sw.js', scope: '/scope1/', settle: true },
  { do: 'open', client: 'c1', url: '{a}/page.html' },
  { do: 'register', client: 'c1', script: '/scope1/sw.js', scope: '/scope1/', settle: true },
  { do: 'register', client: 'c1', script: '/scope2/sw.js', scope: '/scope2/', settle: true },
];

function run(steps: Step[], extra: Record<string, Resource> = {}): Outcome {
  const scenario: Scenario = { id: 'redirects/test', area: 'redirects', title: 'test', spec: [], resources: { ...RESOURCES, ...extra }, steps: [...SETUP, ...steps] };
  return predict(scenario);
}

/** Navigate c1 to `url`; the last step's result and the URLs each worker intercepted. */
function navigation(url: string, how: 'navigate' | 'frame' = 'navigate'): { result: StepResult; intercepted: [string[], string[], string[]]; outcome: Outcome } {
  const step: Step = how === 'navigate' ? { do: 'navigate', client: 'c1', url } : { do: 'frame', client: 'c1', frame: 'f', url };
  const outcome = run([step]);
  const events = outcome.fetchEvents ?? [];
  const of = (w: string): string[] => events.filter((e) => e.worker === w).map((e) => e.url);
  const result = outcome.steps[outcome.steps.length - 1];
  assert.ok(result);
  return { result, intercepted: [of('s1'), of('s2'), of('o1')], outcome };
}

describe('§5.1 navigation redirects from the server (HTML create navigation params by fetching; Handle Fetch 9 per hop)', () => {
  test('Normal redirect to same-origin scope', () => {
    const n = navigation(`${OUT}r-s1`);
    assert.deepEqual(n.intercepted, [[`${SCOPE1}page.html`], [], []]);
    assert.deepEqual(n.result, { url: `${SCOPE1}page.html`, controller: `${SCOPE1}sw.js` });
  });

  test('Normal redirect to same-origin scope with a hash fragment (HTTP-redirect fetch 3: the Location inherits the fragment)', () => {
    const n = navigation(`${OUT}r-s1#ref`);
    assert.deepEqual(n.intercepted, [[`${SCOPE1}page.html#ref`], [], []]);
    assert.deepEqual(n.result, { url: `${SCOPE1}page.html#ref`, controller: `${SCOPE1}sw.js` });
  });

  test('Normal redirect to same-origin scope with different hash fragments (the Location\'s own fragment wins)', () => {
    const n = navigation(`${OUT}r-s1frag#ref`);
    assert.deepEqual(n.intercepted, [[`${SCOPE1}page.html#ref2`], [], []]);
    assert.deepEqual(n.result, { url: `${SCOPE1}page.html#ref2`, controller: `${SCOPE1}sw.js` });
  });

  test('Normal redirect to other-origin scope (a new reserved client for the new origin)', () => {
    const n = navigation(`${OUT}r-os`);
    assert.deepEqual(n.intercepted, [[], [], [`${OTHER_SCOPE}page.html`]]);
    assert.deepEqual(n.result, { url: `${OTHER_SCOPE}page.html`, controller: `${OTHER_SCOPE}sw.js` });
  });

  test('SW-fallbacked redirect to same-origin out-scope (position #1735: the controller is reset per hop)', () => {
    const n = navigation(`${SCOPE1}r-out`);
    assert.deepEqual(n.intercepted, [[`${SCOPE1}r-out`], [], []]);
    assert.deepEqual(n.result, { url: `${OUT}page.html`, controller: null });
    assert.ok(n.outcome.positions?.includes('https://github.com/w3c/ServiceWorker/issues/1735'));
  });

  test('SW-fallbacked redirect to same-origin same-scope', () => {
    const n = navigation(`${SCOPE1}r-s1`);
    assert.deepEqual(n.intercepted, [[`${SCOPE1}r-s1`, `${SCOPE1}page.html`], [], []]);
    assert.deepEqual(n.result, { url: `${SCOPE1}page.html`, controller: `${SCOPE1}sw.js` });
  });

  test('SW-fallbacked redirect to same-origin same-scope with a hash fragment', () => {
    const n = navigation(`${SCOPE1}r-s1#ref`);
    assert.deepEqual(n.intercepted, [[`${SCOPE1}r-s1#ref`, `${SCOPE1}page.html#ref`], [], []]);
    assert.deepEqual(n.result, { url: `${SCOPE1}page.html#ref`, controller: `${SCOPE1}sw.js` });
  });

  test('SW-fallbacked redirect to same-origin same-scope with different hash fragments', () => {
    const n = navigation(`${SCOPE1}r-s1frag#ref`);
    assert.deepEqual(n.intercepted, [[`${SCOPE1}r-s1frag#ref`, `${SCOPE1}page.html#ref2`], [], []]);
    assert.deepEqual(n.result, { url: `${SCOPE1}page.html#ref2`, controller: `${SCOPE1}sw.js` });
  });

  test('SW-fallbacked redirect to same-origin other-scope (re-matched: scope2 gets the second hop)', () => {
    const n = navigation(`${SCOPE1}r-s2`);
    assert.deepEqual(n.intercepted, [[`${SCOPE1}r-s2`], [`${SCOPE2}page.html`], []]);
    assert.deepEqual(n.result, { url: `${SCOPE2}page.html`, controller: `${SCOPE2}sw.js` });
  });

  test('SW-fallbacked redirect to other-origin out-scope', () => {
    const n = navigation(`${SCOPE1}r-oo`);
    assert.deepEqual(n.intercepted, [[`${SCOPE1}r-oo`], [], []]);
    assert.deepEqual(n.result, { url: `${OTHER_OUT}page.html`, controller: null });
  });

  test('SW-fallbacked redirect to other-origin in-scope', () => {
    const n = navigation(`${SCOPE1}r-os`);
    assert.deepEqual(n.intercepted, [[`${SCOPE1}r-os`], [], [`${OTHER_SCOPE}page.html`]]);
    assert.deepEqual(n.result, { url: `${OTHER_SCOPE}page.html`, controller: `${OTHER_SCOPE}sw.js` });
  });

  test('Handle Fetch on the current URL: the position is recorded when a later hop is intercepted', () => {
    const n = navigation(`${SCOPE1}r-s1`);
    assert.ok(n.outcome.positions?.includes('https://w3c.github.io/ServiceWorker/#on-fetch-request-algorithm'));
  });
});

describe('§5.2 the worker answers a navigation with a redirect (HTTP fetch 3.5.7 then 6 "manual" + "navigate")', () => {
  test('SW-generated redirect to same-origin out-scope (explainer forwardTo(): no second chance out of scope)', () => {
    const n = navigation(`${SCOPE1}gen-out`);
    assert.deepEqual(n.intercepted, [[`${SCOPE1}gen-out`], [], []]);
    assert.deepEqual(n.result, { url: `${OUT}page.html`, controller: null });
  });

  test('SW-generated redirect to same-origin out-scope with a hash fragment', () => {
    const n = navigation(`${SCOPE1}gen-out#ref`);
    assert.deepEqual(n.intercepted, [[`${SCOPE1}gen-out#ref`], [], []]);
    assert.deepEqual(n.result, { url: `${OUT}page.html#ref`, controller: null });
  });

  test('SW-generated redirect to same-origin out-scope with different hash fragments', () => {
    const n = navigation(`${SCOPE1}gen-frag#ref`);
    assert.deepEqual(n.result, { url: `${OUT}page.html#ref2`, controller: null });
  });

  test('SW-generated redirect to same-origin same-scope (the follow-up goes through the worker again)', () => {
    const n = navigation(`${SCOPE1}gen-s1`);
    assert.deepEqual(n.intercepted, [[`${SCOPE1}gen-s1`, `${SCOPE1}page.html`], [], []]);
    assert.deepEqual(n.result, { url: `${SCOPE1}page.html`, controller: `${SCOPE1}sw.js` });
  });

  test('SW-generated redirect to same-origin other-scope', () => {
    const n = navigation(`${SCOPE1}gen-s2`);
    assert.deepEqual(n.intercepted, [[`${SCOPE1}gen-s2`], [`${SCOPE2}page.html`], []]);
  });

  test('SW-generated redirect to other-origin out-scope', () => {
    const n = navigation(`${SCOPE1}gen-oo`);
    assert.deepEqual(n.intercepted, [[`${SCOPE1}gen-oo`], [], []]);
    assert.deepEqual(n.result, { url: `${OTHER_OUT}page.html`, controller: null });
  });

  test('SW-generated redirect to other-origin in-scope', () => {
    const n = navigation(`${SCOPE1}gen-os`);
    assert.deepEqual(n.intercepted, [[`${SCOPE1}gen-os`], [], [`${OTHER_SCOPE}page.html`]]);
    assert.deepEqual(n.result, { url: `${OTHER_SCOPE}page.html`, controller: `${OTHER_SCOPE}sw.js` });
  });

  test('SW-fetched redirect (fetch(event.request)) to same-origin out-scope / same-scope / other-scope / other-origin', () => {
    assert.deepEqual(navigation(`${SCOPE1}fetchsw-r-out`).intercepted, [[`${SCOPE1}fetchsw-r-out`], [], []]);
    assert.deepEqual(navigation(`${SCOPE1}fetchsw-r-s1`).intercepted, [[`${SCOPE1}fetchsw-r-s1`, `${SCOPE1}page.html`], [], []]);
    assert.deepEqual(navigation(`${SCOPE1}fetchsw-r-s2`).intercepted, [[`${SCOPE1}fetchsw-r-s2`], [`${SCOPE2}page.html`], []]);
    assert.deepEqual(navigation(`${SCOPE1}fetchsw-r-oo`).intercepted, [[`${SCOPE1}fetchsw-r-oo`], [], []]);
    const n = navigation(`${SCOPE1}fetchsw-r-os`);
    assert.deepEqual(n.intercepted, [[`${SCOPE1}fetchsw-r-os`], [], [`${OTHER_SCOPE}page.html`]]);
    assert.deepEqual(n.result, { url: `${OTHER_SCOPE}page.html`, controller: `${OTHER_SCOPE}sw.js` });
    assert.ok(n.outcome.positions?.includes('https://github.com/whatwg/html/issues/8740'));
  });

  test('Redirect with an opaque redirect response (fetch(url, {redirect: "manual"})): followed and re-matched', () => {
    assert.deepEqual(navigation(`${SCOPE1}manualsw-r-out`).result, { url: `${OUT}page.html`, controller: null });
    assert.deepEqual(navigation(`${SCOPE1}manualsw-r-s1`).intercepted, [[`${SCOPE1}manualsw-r-s1`, `${SCOPE1}page.html`], [], []]);
    assert.deepEqual(navigation(`${SCOPE1}manualsw-r-s2`).intercepted, [[`${SCOPE1}manualsw-r-s2`], [`${SCOPE2}page.html`], []]);
    assert.deepEqual(navigation(`${SCOPE1}manualsw-r-os`).intercepted, [[`${SCOPE1}manualsw-r-os`], [], [`${OTHER_SCOPE}page.html`]]);
  });

  test('No location redirect response: the 3xx itself is the document, at the request URL', () => {
    const n = navigation(`${SCOPE1}nolocation`);
    assert.deepEqual(n.intercepted, [[`${SCOPE1}nolocation`], [], []]);
    assert.deepEqual(n.result, { url: `${SCOPE1}nolocation`, controller: `${SCOPE1}sw.js` });
  });

  test('HTTP fetch 3.5.7(e) (fetch-request-redirect: iframe, redirect-mode=follow): a followed redirect answering a navigation fails', () => {
    const n = navigation(`${SCOPE1}followsw-r-out`, 'frame');
    assert.deepEqual(n.result, { fetchError: 'NetworkError' });
    assert.deepEqual(n.intercepted, [[`${SCOPE1}followsw-r-out`], [], []]);
  });

  test('fetch-request-redirect: iframe, redirect-mode=manual succeeds', () => {
    const n = navigation(`${SCOPE1}manualsw-r-out`, 'frame');
    assert.deepEqual(n.result, { url: `${OUT}page.html`, controller: null });
  });

  test('Iframe navigations carry destination "iframe" and are matched by their own URL', () => {
    const n = navigation(`${SCOPE2}page.html`, 'frame');
    assert.deepEqual(n.outcome.fetchEvents, [{ worker: 's2', url: `${SCOPE2}page.html`, mode: 'navigate', redirect: 'manual', destination: 'iframe' }]);
    assert.deepEqual(n.result, { url: `${SCOPE2}page.html`, controller: `${SCOPE2}sw.js` });
  });
});

describe('§5.5 the redirect limit (HTTP-redirect fetch 7)', () => {
  function chain(n: number, prefix: string): Record<string, Resource> {
    const r: Record<string, Resource> = {};
    for (let i = 0; i < n; i++) r[`${prefix}hop${i}`] = redirect(i === n - 1 ? `${OUT}page.html` : `${prefix}hop${i + 1}`);
    return r;
  }

  test('20 server redirects load; the 21st is a network error', () => {
    const ok = run([{ do: 'navigate', client: 'c1', url: `${OUT}hop0` }], chain(20, OUT));
    assert.deepEqual(ok.steps.at(-1), { url: `${OUT}page.html`, controller: null });
    const tooMany = run([{ do: 'navigate', client: 'c1', url: `${OUT}hop0` }], chain(21, OUT));
    assert.deepEqual(tooMany.steps.at(-1), { fetchError: 'NetworkError' });
  });

  test('The count is shared between hops the worker sees and network hops: 21 redirects in scope fail with 21 fetch events', () => {
    const o = run([{ do: 'navigate', client: 'c1', url: `${SCOPE1}hop0` }], chain(21, SCOPE1));
    assert.deepEqual(o.steps.at(-1), { fetchError: 'NetworkError' });
    assert.equal((o.fetchEvents ?? []).length, 21);
  });

  test('A worker that redirects a subresource to itself ends in a network error after 20 redirects (21 intercepted URLs)', () => {
    const rules: FetchRule[] = [];
    for (let i = 0; i < 25; i++) rules.push(rule(`/loop-${i}-`, { kind: 'redirect', location: `{a}/loop-${i + 1}-` }));
    const scenario: Scenario = {
      id: 'redirects/loop',
      area: 'redirects',
      title: 'loop',
      spec: [],
      resources: { '{a}/sw.js': { kind: 'worker', behaviour: { version: 'v1', activate: { claim: true }, fetch: { rules, otherwise: { kind: 'fallback' } } } } },
      steps: [
        { do: 'open', client: 'c1', url: '{a}/page.html' },
        { do: 'register', client: 'c1', script: '/sw.js', settle: true },
        { do: 'fetch', client: 'c1', url: '/loop-0-' },
      ],
    };
    const o = predict(scenario);
    assert.deepEqual(o.steps[2], { fetchError: 'TypeError' });
    assert.equal((o.fetchEvents ?? []).filter((e) => e.url.includes('/loop-')).length, 21);
  });
});

describe('§5.3 / §5.4 subresource redirect modes against worker answers (WPT redirected-response.https.html)', () => {
  const subRules: FetchRule[] = [
    rule('gen', { kind: 'redirect', location: '{a}/target' }),
    rule('opaqueredirect', { kind: 'fetch', url: '{a}/netredirect', redirect: 'manual' }),
    rule('followed', { kind: 'fetch', url: '{a}/netredirect', redirect: 'follow' }),
    rule('/target', { kind: 'respond', body: 'target' }),
  ];
  function sub(url: string, redirectMode?: 'follow' | 'error' | 'manual'): { result: StepResult; intercepted: string[] } {
    const scenario: Scenario = {
      id: 'redirects/sub',
      area: 'redirects',
      title: 'sub',
      spec: [],
      resources: {
        '{a}/sw.js': { kind: 'worker', behaviour: { version: 'v1', activate: { claim: true }, fetch: { rules: subRules, otherwise: { kind: 'fallback' } } } },
        '{a}/netredirect': redirect('{a}/final'),
        '{a}/plainredirect': redirect('{a}/final'),
      },
      steps: [
        { do: 'open', client: 'c1', url: '{a}/page.html' },
        { do: 'register', client: 'c1', script: '/sw.js', settle: true },
        { do: 'fetch', client: 'c1', url, ...(redirectMode ? { redirect: redirectMode } : {}) },
      ],
    };
    const o = predict(scenario);
    const result = o.steps[2];
    assert.ok(result);
    return { result, intercepted: (o.fetchEvents ?? []).filter((e) => e.destination === '').map((e) => e.url) };
  }

  test('follow + generated redirect: HTTP-redirect fetch → a new fetch event for the target; type basic, redirected', () => {
    const s = sub('/gen', 'follow');
    assert.deepEqual(s.intercepted, ['{a}/gen', '{a}/target']);
    assert.deepEqual(s.result, { status: 200, type: 'basic', redirected: true, finalUrl: '{a}/target', body: 'target' });
  });

  test('manual + generated redirect: HTTP fetch 6 "manual" → opaqueredirect, no second event', () => {
    const s = sub('/gen', 'manual');
    assert.deepEqual(s.intercepted, ['{a}/gen']);
    assert.deepEqual(s.result, { status: 0, type: 'opaqueredirect', redirected: false, finalUrl: '{a}/gen', body: '' });
  });

  test('error + generated redirect: HTTP fetch 6 "error" → TypeError', () => {
    assert.deepEqual(sub('/gen', 'error').result, { fetchError: 'TypeError' });
  });

  test('opaqueredirect from the worker: HTTP fetch 3.5.7(d) rejects follow and error, manual gets it', () => {
    assert.deepEqual(sub('/opaqueredirect', 'follow').result, { fetchError: 'TypeError' });
    assert.deepEqual(sub('/opaqueredirect', 'error').result, { fetchError: 'TypeError' });
    assert.deepEqual(sub('/opaqueredirect', 'manual').result, { status: 0, type: 'opaqueredirect', redirected: false, finalUrl: '{a}/netredirect', body: '' });
  });

  test('a followed (redirected) response from the worker: 3.5.7(e) rejects error and manual; follow exposes redirected and the final URL', () => {
    assert.deepEqual(sub('/followed', 'error').result, { fetchError: 'TypeError' });
    assert.deepEqual(sub('/followed', 'manual').result, { fetchError: 'TypeError' });
    assert.deepEqual(sub('/followed', 'follow').result, { status: 200, type: 'basic', redirected: true, finalUrl: '{a}/final', body: 'network:/final' });
  });

  test('fallback: HTTP fetch 4.2 — a network redirect of a follow request is not shown to the worker', () => {
    const s = sub('/plainredirect', 'follow');
    assert.deepEqual(s.intercepted, ['{a}/plainredirect']);
    assert.deepEqual(s.result, { status: 200, type: 'basic', redirected: true, finalUrl: '{a}/final', body: 'network:/final' });
  });

  test('fallback: manual → opaqueredirect; error → TypeError', () => {
    assert.deepEqual(sub('/plainredirect', 'manual').result, { status: 0, type: 'opaqueredirect', redirected: false, finalUrl: '{a}/plainredirect', body: '' });
    assert.deepEqual(sub('/plainredirect', 'error').result, { fetchError: 'TypeError' });
  });
});
