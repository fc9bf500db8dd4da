// Building blocks of redirect scenarios, shared by the redirects table and the explainer table's
// redirect claims: registrations on {a} and {b}, and a navigation or a subresource fetch answered
// by a worker. Each "…ThroughWorker" gives [resources, steps].
import type { FetchAction, FetchRule, Resource, Step } from '../../contract/index.js';
import { worker } from '../harness/build.js';

export const HRF = (s: string) => `fetch.bs § HTTP-redirect fetch step ${s}`;
export const HF = (s: string) => `fetch.bs § HTTP fetch step ${s}`;
export type Mode = 'follow' | 'error' | 'manual';

/** Register each [script, scope] from a setup page on `origin`, settled, then close the page. */
export const setup = (origin: '{a}' | '{b}', regs: [string, string][]): Step[] => [
  { do: 'open', client: `setup-${origin[1]}`, url: `${origin}/rd/setup.html` },
  ...regs.map(([script, scope]): Step => ({ do: 'register', client: `setup-${origin[1]}`, script, scope, settle: true })),
  { do: 'close', client: `setup-${origin[1]}` },
];
const fallbackAll = { otherwise: { kind: 'fallback' } as FetchAction };
export const redirect = (location: string, status?: 301 | 302 | 303 | 307 | 308): FetchAction => ({ kind: 'redirect', location, ...(status ? { status } : {}) });
export const rule = (urlContains: string, action: FetchAction): FetchRule => ({ urlContains, action });

// Navigations: workers "one" (/rd/one/) and "two" (/rd/two/) on {a}, "b" (/rd/) on {b}.
export const NAV_WORKERS: Record<string, Resource> = {
  '{a}/rd/sw-one.js': worker('one', { fetch: fallbackAll }),
  '{a}/rd/sw-two.js': worker('two', { fetch: fallbackAll }),
  '{b}/rd/sw-b.js': worker('b', { fetch: fallbackAll }),
};
export const navSetup = [...setup('{a}', [['/rd/sw-one.js', '/rd/one/'], ['/rd/sw-two.js', '/rd/two/']]), ...setup('{b}', [['/rd/sw-b.js', '/rd/']])];

/** A navigation to {a}/rd/one/start, which worker "one" answers with `action`. */
export function navigationThroughWorker(action: FetchAction, extra: Record<string, Resource> = {}): [Record<string, Resource>, Step[]] {
  return [
    {
      ...NAV_WORKERS,
      '{a}/rd/sw-one.js': worker('one', { fetch: { rules: [rule('/rd/one/start', action)], otherwise: { kind: 'fallback' } } }),
      ...extra,
    },
    [...navSetup, { do: 'open', client: 'c1', url: '{a}/rd/one/start' }],
  ];
}

// Subresources: one worker on /rd/sub/.
const SUB_PAGE = '{a}/rd/sub/page.html';
const subSetup = setup('{a}', [['/rd/sub/sw.js', '/rd/sub/']]);

/** fetch('/rd/sub/start', {redirect: mode}) from a controlled page; the worker answers "start" with `action`. */
export function subresourceThroughWorker(action: FetchAction, mode: Mode, extra: Record<string, Resource> = {}): [Record<string, Resource>, Step[]] {
  return [
    {
      '{a}/rd/sub/sw.js': worker('sub', { fetch: { rules: [rule('start', action), rule('target', { kind: 'respond', body: 'target from worker' })], otherwise: { kind: 'fallback' } } }),
      ...extra,
    },
    [...subSetup, { do: 'open', client: 'c1', url: SUB_PAGE }, { do: 'fetch', client: 'c1', url: '/rd/sub/start', redirect: mode }],
  ];
}
