// Lifecycle and update: Install, Try Activate, Activate, skipWaiting, claim, Update's byte check,
// Unregister with controlled clients. (The explainer's lifecycle claims are in suites/explainer.)
//
// This table is the area's Playwright test file: each row calls test() (suites/harness/define.ts),
// so `npx playwright test suites/lifecycle/lifecycle.scenarios.ts:<line>` runs that row.
import type { Resource, Scenario, Step } from '../../contract/index.js';
import { smoke } from '../harness/build.js';
import { check, checks } from '../harness/define.js';
import { controlledByV1, PAGE, probe, SCRIPT, updateToV2, v, versions } from './build.js';

function lc(id: string, title: string, spec: string[], resources: Record<string, Resource>, steps: Step[]): Scenario {
  return { id: `lifecycle/${id}`, area: 'lifecycle', title, spec, resources, steps };
}

export const lifecycleScenarios = checks('lifecycle', (test) => {
  test(...check(lc('first-install-does-not-control', 'a first install does not control the registering page', ['sw.bs § Activate step 8', 'sw.bs § Install'], versions(v('v1')), [
    { do: 'open', client: 'c1', url: PAGE },
    { do: 'register', client: 'c1', script: 'sw.js', settle: true },
    ...probe(),
  ])));
  test(...check(lc('first-install-claim', 'clients.claim() in activate takes the registering page', ['sw.bs § Clients.claim()'], versions(v('v1', { activate: { claim: true } })), [
    { do: 'open', client: 'c1', url: PAGE },
    { do: 'register', client: 'c1', script: 'sw.js', settle: true },
    ...probe(),
  ])));
  test(...check(lc('first-install-skipwaiting-no-claim', 'skipWaiting alone does not take uncontrolled pages', ['sw.bs § skipWaiting()', 'sw.bs § Activate step 8'], versions(v('v1', { install: { skipWaiting: true } })), [
    { do: 'open', client: 'c1', url: PAGE },
    { do: 'register', client: 'c1', script: 'sw.js', settle: true },
    ...probe(),
  ])));
  test(...check(lc('install-reject-first', 'a rejected install fails the first registration and removes it', ['sw.bs § Install step 12'], versions(v('v1', { install: { outcome: 'reject' } })), [
    { do: 'open', client: 'c1', url: PAGE },
    { do: 'register', client: 'c1', script: 'sw.js', settle: true },
    { do: 'getRegistration', client: 'c1' },
    ...probe(),
  ])));
  test(...check(lc('install-throw-first', 'an install handler that throws', ['sw.bs § Install step 11'], versions(v('v1', { install: { outcome: 'throw' } })), [
    { do: 'open', client: 'c1', url: PAGE },
    { do: 'register', client: 'c1', script: 'sw.js', settle: true },
    { do: 'getRegistration', client: 'c1' },
  ])));
  test(...check(lc('activate-reject-still-activates', 'a rejected activate is ignored: the worker is activated', ['sw.bs § Activate step 11'], versions(v('v1', { activate: { outcome: 'reject' } })), [
    ...controlledByV1,
    ...probe(),
  ])));
  test(...check(lc('activate-throw-still-activates', 'an activate handler that throws is ignored', ['sw.bs § Activate step 11'], versions(v('v1', { activate: { outcome: 'throw' } })), [
    ...controlledByV1,
    ...probe(),
  ])));
  test(...check(lc('controlled-after-navigation', 'a navigation after activation is controlled', ['sw.bs § Handle Fetch step 9.8'], versions(v('v1')), [
    ...controlledByV1,
    ...probe(),
  ])));
  test(...check(smoke(lc('update-waits-while-controlled', 'an updated worker waits while a client uses the active one', ['sw.bs § Try Activate'], versions(v('v1'), v('v2')), [
    ...controlledByV1,
    ...updateToV2,
    ...probe(),
  ]))));
  test(...check(lc('reload-does-not-activate-waiting', 'reloading the only client does not activate the waiting worker', ['sw.bs § Handle Service Worker Client Unload step 4', 'sw.bs § Handle Fetch step 9.8'], versions(v('v1'), v('v2')), [
    ...controlledByV1,
    ...updateToV2,
    { do: 'reload', client: 'c1' },
    ...probe(),
  ])));
  test(...check(lc('close-last-client-activates-waiting', 'closing the last client activates the waiting worker', ['sw.bs § Handle Service Worker Client Unload', 'sw.bs § Try Activate'], versions(v('v1'), v('v2')), [
    ...controlledByV1,
    ...updateToV2,
    { do: 'close', client: 'c1' },
    { do: 'settle' },
    { do: 'open', client: 'c2', url: PAGE },
    ...probe('c2'),
  ])));
  test(...check(lc('two-clients-one-closes', 'the waiting worker waits while a second client still uses the active one', ['sw.bs § Try Activate'], versions(v('v1'), v('v2')), [
    ...controlledByV1,
    { do: 'open', client: 'c2', url: PAGE },
    ...updateToV2,
    { do: 'close', client: 'c1' },
    { do: 'settle' },
    ...probe('c2'),
  ])));
  test(...check(smoke(lc('skipwaiting-takes-over', 'skipWaiting activates an update at once and the controlled page switches', ['sw.bs § skipWaiting()', 'sw.bs § Activate step 8'], versions(v('v1'), v('v2', { install: { skipWaiting: true } })), [
    ...controlledByV1,
    ...updateToV2,
    ...probe(),
  ]))));
  test(...check(lc('update-install-reject-keeps-active', 'an update whose install rejects leaves the active worker in charge', ['sw.bs § Install step 12'], versions(v('v1'), v('v2', { install: { outcome: 'reject' } })), [
    ...controlledByV1,
    ...updateToV2,
    ...probe(),
    { do: 'getRegistration', client: 'c1' },
  ])));
  test(...check(lc('update-evaluation-throws', 'an update whose script throws rejects update() and changes nothing', ['sw.bs § Update step 16'], versions(v('v1'), v('v2', { evaluationThrows: true })), [
    ...controlledByV1,
    ...updateToV2,
    ...probe(),
  ])));
  test(...check(lc('update-unchanged-bytes', 'update() with byte-identical script resolves and installs nothing', ['sw.bs § Update step 9', 'sw.bs § Update, fetch hook step 20'], versions(v('v1')), [
    ...controlledByV1,
    { do: 'update', client: 'c1', scope: '/lc/' },
    { do: 'settle' },
    ...probe(),
  ])));
  test(...check(lc('update-http-error', 'update() when the script now answers 404 rejects and changes nothing', ['sw.bs § Update step 8'], versions(v('v1')), [
    ...controlledByV1,
    { do: 'serve', key: SCRIPT, resource: { kind: 'text', body: 'gone', http: { status: 404 } } },
    { do: 'update', client: 'c1', scope: '/lc/' },
    ...probe(),
  ])));
  test(...check(lc('update-wrong-mime', 'update() when the script is now served as text/html rejects with SecurityError', ['sw.bs § Update, fetch hook step 7'], versions(v('v1')), [
    ...controlledByV1,
    { do: 'serve', key: SCRIPT, resource: { kind: 'script', body: 'self.x = 1;', http: { contentType: 'text/html' } } },
    { do: 'update', client: 'c1', scope: '/lc/' },
    ...probe(),
  ])));
  test(...check(lc('update-new-import-bytes', 'changed bytes of an imported script are an update', ['sw.bs § Update, fetch hook step 21'], {
    [SCRIPT]: { kind: 'worker', behaviour: v('v1', { imports: ['lib.js'] }) },
    '{a}/lc/lib.js': { kind: 'script', body: 'self.libVersion = 1;' },
  }, [
    ...controlledByV1,
    { do: 'serve', key: '{a}/lc/lib.js', resource: { kind: 'script', body: 'self.libVersion = 2;' } },
    { do: 'update', client: 'c1', scope: '/lc/' },
    { do: 'settle' },
    { do: 'getRegistration', client: 'c1' },
  ])));
  test(...check(lc('unregister-controlled-keeps-control', 'unregister with a controlled client: lookups stop, control continues', ['sw.bs § Unregister', 'sw.bs § Handle Fetch step 10.1'], versions(v('v1')), [
    ...controlledByV1,
    { do: 'unregister', client: 'c1', scope: '/lc/' },
    { do: 'getRegistration', client: 'c1' },
    ...probe(),
    { do: 'open', client: 'c2', url: PAGE },
    ...probe('c2'),
  ])));
  test(...check(lc('unregister-then-register-new', 'register after unregister while controlled: a new registration; the old client keeps the old worker', ['sw.bs § Register step 6'], versions(v('v1'), v('v2')), [
    ...controlledByV1,
    { do: 'unregister', client: 'c1', scope: '/lc/' },
    { do: 'bumpScript', url: SCRIPT },
    { do: 'register', client: 'c1', script: 'sw.js', settle: true },
    ...probe(),
    { do: 'open', client: 'c2', url: PAGE },
    ...probe('c2'),
  ])));
  test(...check(lc('update-after-unregister', 'update() on an unregistered registration rejects', ['sw.bs § Update step 2'], versions(v('v1')), [
    ...controlledByV1,
    { do: 'unregister', client: 'c1', scope: '/lc/' },
    { do: 'update', client: 'c1', scope: '/lc/' },
  ])));
  test(...check(lc('claim-only-best-match', 'claim() takes only clients whose longest match is its registration', ['sw.bs § Clients.claim() step 3'], {
    '{a}/lc/short.js': { kind: 'worker', behaviour: v('short') },
    '{a}/lc/b/long.js': { kind: 'worker', behaviour: v('long', { activate: { claim: true } }) },
  }, [
    { do: 'open', client: 'c1', url: '{a}/lc/x.html' },
    { do: 'open', client: 'c2', url: '{a}/lc/b/x.html' },
    { do: 'register', client: 'c1', script: '/lc/short.js', scope: '/lc/', settle: true },
    { do: 'register', client: 'c1', script: '/lc/b/long.js', scope: '/lc/b/', settle: true },
    { do: 'controller', client: 'c1' },
    { do: 'controller', client: 'c2' },
  ])));
  test(...check(lc('claim-takes-from-shorter-scope', 'claim() takes a client away from a shorter-scope registration', ['sw.bs § Clients.claim() step 3', 'https://github.com/w3c/ServiceWorker/issues/682'], {
    '{a}/lc/short.js': { kind: 'worker', behaviour: v('short') },
    '{a}/lc/b/long.js': { kind: 'worker', behaviour: v('long', { activate: { claim: true } }) },
  }, [
    { do: 'open', client: 'setup', url: '{a}/lc/setup.html' },
    { do: 'register', client: 'setup', script: '/lc/short.js', scope: '/lc/', settle: true },
    { do: 'close', client: 'setup' },
    { do: 'open', client: 'c2', url: '{a}/lc/b/x.html' },
    { do: 'register', client: 'c2', script: '/lc/b/long.js', scope: '/lc/b/', settle: true },
    ...probe('c2'),
  ])));
  // The last client of a registration whose update waits is claimed by a longer-scope registration:
  // claim() runs Handle Service Worker Client Unload for it (#682), whose Try Activate activates the
  // waiting worker (the second "activate" of the scope /lc/).
  test(...check(lc('claim-activates-waiting-of-shorter-scope', 'claim() takes the last client of a registration with a waiting worker: that worker activates', ['sw.bs § Clients.claim() step 3.6.1', 'sw.bs § Handle Service Worker Client Unload step 6', 'sw.bs § Try Activate step 3', 'https://github.com/w3c/ServiceWorker/issues/682'], {
    ...versions(v('v1'), v('v2')),
    '{a}/lc/b/long.js': { kind: 'worker', behaviour: v('long', { activate: { claim: true } }) },
  }, [
    ...controlledByV1.slice(0, 3),
    { do: 'open', client: 'c1', url: '{a}/lc/b/page.html' },
    ...updateToV2,
    { do: 'register', client: 'c1', script: '/lc/b/long.js', scope: '/lc/b/', settle: true },
    { do: 'controller', client: 'c1' },
    { do: 'getRegistration', client: 'c1', url: '/lc/' },
  ])));
  test(...check(lc('register-same-script-no-update', 'register() again with the same script resolves without a new worker', ['sw.bs § Register step 5'], versions(v('v1'), v('v2')), [
    ...controlledByV1,
    { do: 'bumpScript', url: SCRIPT },
    { do: 'register', client: 'c1', script: 'sw.js', settle: true },
    ...probe(),
  ])));
  test(...check(lc('new-client-while-waiting-gets-active', 'a new navigation while an update waits is controlled by the active worker', ['sw.bs § Handle Fetch step 9.8'], versions(v('v1'), v('v2')), [
    ...controlledByV1,
    ...updateToV2,
    { do: 'open', client: 'c2', url: PAGE },
    ...probe('c2'),
  ])));
  test(...check(lc('update-replaces-waiting', 'a second update replaces a waiting worker', ['sw.bs § Install step 16'], versions(v('v1'), v('v2'), v('v3')), [
    ...controlledByV1,
    ...updateToV2,
    { do: 'bumpScript', url: SCRIPT },
    { do: 'update', client: 'c1', scope: '/lc/' },
    { do: 'settle' },
    { do: 'close', client: 'c1' },
    { do: 'settle' },
    { do: 'open', client: 'c2', url: PAGE },
    ...probe('c2'),
  ])));

  // Clients other than windows, and more than one client.
  test(...check(lc('frame-keeps-registration-in-use', 'an iframe using the active worker keeps an update waiting after the top-level page leaves scope', ['sw.bs § Handle Service Worker Client Unload step 4'], versions(v('v1'), v('v2')), [
    ...controlledByV1.slice(0, 3),
    { do: 'open', client: 'c1', url: '{a}/outside.html' },
    { do: 'frame', client: 'c1', frame: 'f1', url: PAGE },
    { do: 'bumpScript', url: SCRIPT },
    { do: 'update', client: 'c1', frame: 'f1', scope: '/lc/' },
    { do: 'settle' },
    { do: 'fetch', client: 'c1', frame: 'f1', url: '/lc/data.txt' },
  ])));
  test(...check(lc('navigate-away-activates-waiting', 'navigating the only client out of scope lets the waiting worker activate', ['sw.bs § Handle Service Worker Client Unload', 'sw.bs § Try Activate'], versions(v('v1'), v('v2')), [
    ...controlledByV1,
    ...updateToV2,
    { do: 'navigate', client: 'c1', url: '{a}/outside.html' },
    { do: 'settle' },
    { do: 'navigate', client: 'c1', url: PAGE },
    ...probe(),
  ])));
  test(...check(lc('skipwaiting-two-clients', 'skipWaiting switches every controlled client', ['sw.bs § Activate step 8'], versions(v('v1'), v('v2', { install: { skipWaiting: true } })), [
    ...controlledByV1,
    { do: 'open', client: 'c2', url: PAGE },
    ...updateToV2,
    ...probe(),
    ...probe('c2'),
  ])));
  test(...check(lc('claim-two-clients', 'claim() in a first install takes every in-scope client', ['sw.bs § Clients.claim()'], versions(v('v1', { activate: { claim: true } })), [
    { do: 'open', client: 'c1', url: PAGE },
    { do: 'open', client: 'c2', url: '{a}/lc/other.html' },
    { do: 'open', client: 'c3', url: '{a}/outside.html' },
    { do: 'register', client: 'c1', script: 'sw.js', settle: true },
    ...probe(),
    ...probe('c2'),
    { do: 'controller', client: 'c3' },
  ])));
  test(...check(lc('claim-takes-frames', 'claim() takes an in-scope iframe of an out-of-scope page', ['sw.bs § Clients.claim()'], versions(v('v1', { activate: { claim: true } })), [
    { do: 'open', client: 'c1', url: '{a}/outside.html' },
    { do: 'frame', client: 'c1', frame: 'f1', url: PAGE },
    { do: 'register', client: 'c1', script: '/lc/sw.js', scope: '/lc/', settle: true },
    { do: 'controller', client: 'c1' },
    { do: 'controller', client: 'c1', frame: 'f1' },
  ])));
  test(...check(lc('register-twice-coalesced', 'two register() calls in a row share one job: one install', ['sw.bs § Schedule Job step 3 (equivalent jobs)', 'sw.bs § Register step 5'], versions(v('v1')), [
    { do: 'open', client: 'c1', url: PAGE },
    { do: 'register', client: 'c1', script: 'sw.js' },
    { do: 'register', client: 'c1', script: 'sw.js', settle: true },
    { do: 'getRegistrations', client: 'c1' },
  ])));
  test(...check(lc('install-delay', 'a slow install (waitUntil of a timer) still installs and activates', ['sw.bs § Install step 11'], versions(v('v1', { install: { delayMs: 200 } })), [
    { do: 'open', client: 'c1', url: PAGE },
    { do: 'register', client: 'c1', script: 'sw.js', settle: true },
    { do: 'open', client: 'c2', url: PAGE },
    ...probe('c2'),
  ])));
  test(...check(lc('activate-delay-claim', 'claim() after a slow activate still takes the page', ['sw.bs § Clients.claim()'], versions(v('v1', { activate: { delayMs: 200, claim: true } })), [
    { do: 'open', client: 'c1', url: PAGE },
    { do: 'register', client: 'c1', script: 'sw.js', settle: true },
    ...probe(),
  ])));
  test(...check(lc('module-type', 'register({type: "module"}) of a script without imports', ['sw.bs § Update step 7'], versions(v('v1')), [
    { do: 'open', client: 'c1', url: PAGE },
    { do: 'register', client: 'c1', script: 'sw.js', type: 'module', settle: true },
    { do: 'open', client: 'c2', url: PAGE },
    ...probe('c2'),
  ])));
  test(...check(lc('module-type-importscripts-throws', 'importScripts() in a module worker throws: registration fails', ['html § importScripts() (module workers)'], { [SCRIPT]: { kind: 'worker', behaviour: v('v1', { imports: ['lib.js'] }) }, '{a}/lc/lib.js': { kind: 'script', body: 'self.x = 1;' } }, [
    { do: 'open', client: 'c1', url: PAGE },
    { do: 'register', client: 'c1', script: 'sw.js', type: 'module' },
    { do: 'getRegistration', client: 'c1' },
  ])));
  test(...check(lc('type-change-is-update', 'registering the same script with another type installs a new worker', ['sw.bs § Register step 5', 'sw.bs § Update, fetch hook step 20'], versions(v('v1')), [
    ...controlledByV1,
    { do: 'register', client: 'c1', script: 'sw.js', type: 'module', settle: true },
    { do: 'getRegistration', client: 'c1' },
  ])));
  for (const mode of ['imports', 'all', 'none'] as const) {
    test(...check(lc(`update-via-cache-${mode}`, `updateViaCache "${mode}" with a cacheable script: does update() see the new bytes?`, ['sw.bs § Update, fetch hook step 2', 'sw.bs § Register step 5'], {
      [SCRIPT]: { kind: 'worker', behaviour: v('v1'), next: [v('v2')], http: { headers: { 'Cache-Control': 'max-age=3600' } } },
    }, [
      { do: 'open', client: 'c1', url: PAGE },
      { do: 'register', client: 'c1', script: 'sw.js', updateViaCache: mode, settle: true },
      { do: 'bumpScript', url: SCRIPT },
      { do: 'update', client: 'c1', scope: '/lc/' },
      { do: 'settle' },
      { do: 'open', client: 'c2', url: PAGE },
      { do: 'fetch', client: 'c2', url: 'data.txt' },
    ])));
  }
  test(...check(lc('update-via-cache-change-only', 'register() again with another updateViaCache and the same bytes installs nothing', ['sw.bs § Register step 5', 'sw.bs § Update step 9'], versions(v('v1')), [
    ...controlledByV1,
    { do: 'register', client: 'c1', script: 'sw.js', updateViaCache: 'none', settle: true },
    ...probe(),
  ])));
  test(...check(lc('unregister-last-client-closes', 'an unregistered registration is cleared when its last client goes', ['sw.bs § Handle Service Worker Client Unload step 5', 'sw.bs § Try Clear Registration'], versions(v('v1')), [
    ...controlledByV1,
    { do: 'unregister', client: 'c1', scope: '/lc/' },
    { do: 'close', client: 'c1' },
    { do: 'settle' },
    { do: 'open', client: 'c2', url: PAGE },
    { do: 'getRegistrations', client: 'c2' },
    ...probe('c2'),
  ])));
  test(...check(lc('claim-after-unregister', 'a worker whose registration is unregistered claims nothing', ['sw.bs § Clients.claim() step 3'], {
    [SCRIPT]: { kind: 'worker', behaviour: v('v1'), next: [v('v2', { install: { skipWaiting: true }, activate: { claim: true } })] },
  }, [
    { do: 'open', client: 'c1', url: '{a}/lc/page.html' },
    { do: 'register', client: 'c1', script: 'sw.js', settle: true },
    { do: 'unregister', client: 'c1', scope: '/lc/' },
    { do: 'controller', client: 'c1' },
  ])));
});
