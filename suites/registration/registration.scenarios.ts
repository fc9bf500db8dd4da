// register(): every rule of Start Register, the Register job and the Update script checks,
// as scenarios. Expected values come from the model, never from this file. The scopes a
// registration gets (default scope, the scope URL's parsing) are in suites/scope.
//
// This table is the area's Playwright test file: each row calls test() (suites/harness/define.ts),
// so `npx playwright test suites/registration/registration.scenarios.ts:<line>` runs that row.
import { registerScenario, worker } from '../harness/build.js';
import { check, checks } from '../harness/define.js';
import { PAGE, RJ, registerRow, SR, UP, type RegisterRow } from './build.js';

const reg = (r: RegisterRow) => registerRow('registration', r);

const JS_MIME = [
  'application/ecmascript', 'application/javascript', 'application/x-ecmascript', 'application/x-javascript',
  'text/ecmascript', 'text/javascript', 'text/javascript1.0', 'text/javascript1.1', 'text/javascript1.2',
  'text/javascript1.3', 'text/javascript1.4', 'text/javascript1.5', 'text/jscript', 'text/livescript',
  'text/x-ecmascript', 'text/x-javascript',
];
const NOT_JS_MIME = ['text/html', 'text/plain', 'application/json', 'image/png', 'text/css', 'application/octet-stream', 'text/javascriptx'];

export const registrationScenarios = checks('registration', (test) => {
  // Max scope (Update fetch hook 13–16).
  test(...check(reg({ id: 'scope-above-max', title: 'a scope above the script directory is rejected', spec: [UP('13'), UP('16')], script: 'js/sw.js', scope: './', smoke: true })));
  test(...check(reg({ id: 'scope-root-above-max', title: 'scope "/" for a script in /registration/js/', spec: [UP('16')], script: 'js/sw.js', scope: '/' })));
  test(...check(reg({ id: 'scope-below-max', title: 'a scope below the script directory', spec: [UP('16')], script: 'sw.js', scope: 'deep/er/' })));
  test(...check(reg({ id: 'scope-equals-max', title: 'a scope equal to the script directory', spec: [UP('16')], script: 'sw.js', scope: './' })));
  test(...check(reg({ id: 'scope-no-trailing-slash', title: 'scope "resources" (no slash) under max scope "/…/resources/"', spec: [UP('16')], script: 'resources/sw.js', scope: 'resources' })));
  test(...check(reg({ id: 'scope-string-prefix', title: 'max scope is a string prefix: /registration/ allows /registration/x-y', spec: [UP('16')], script: 'sw.js', scope: 'x-y' })));
  test(...check(reg({ id: 'scope-page-relative', title: 'a relative scope resolves against the page, not the script', spec: ['sw.bs § register() step 6'], page: '{a}/app/page.html', script: '/js/sw.js', scope: './' })));
  test(...check(reg({ id: 'scope-absolute-same-origin', title: 'an absolute same-origin scope', spec: [SR('6')], script: 'sw.js', scope: '{a}/registration/abs/' })));

  // Service-Worker-Allowed (Update fetch hook 8–16).
  test(...check(reg({ id: 'swa-root', title: 'Service-Worker-Allowed: / lifts the max scope', spec: [UP('14.1'), UP('14.3')], script: 'js/sw.js', scope: '/', http: { headers: { 'Service-Worker-Allowed': '/' } }, smoke: true })));
  test(...check(reg({ id: 'swa-relative', title: 'a relative Service-Worker-Allowed resolves against the script URL', spec: [UP('14.1')], script: 'js/sw.js', scope: '/registration/', http: { headers: { 'Service-Worker-Allowed': '../' } } })));
  test(...check(reg({ id: 'swa-relative-too-narrow', title: 'a relative Service-Worker-Allowed that stays under the script', spec: [UP('14.1'), UP('16')], script: 'js/sw.js', scope: '/registration/', http: { headers: { 'Service-Worker-Allowed': './' } } })));
  test(...check(reg({ id: 'swa-absolute', title: 'an absolute same-origin Service-Worker-Allowed', spec: [UP('14.3')], script: 'js/sw.js', scope: '/', http: { headers: { 'Service-Worker-Allowed': '{a}/' } } })));
  test(...check(reg({ id: 'swa-cross-origin', title: 'a cross-origin Service-Worker-Allowed gives no max scope', spec: [UP('14.3'), UP('16')], script: 'js/sw.js', scope: '/registration/js/', http: { headers: { 'Service-Worker-Allowed': '{b}/' } } })));
  test(...check(reg({ id: 'swa-unparsable', title: 'an unparsable Service-Worker-Allowed is a network error', spec: [UP('14.2'), 'sw.bs § Update step 8'], script: 'js/sw.js', scope: '/', http: { headers: { 'Service-Worker-Allowed': 'http://[' } } })));
  test(...check(reg({ id: 'swa-narrower-than-default', title: 'Service-Worker-Allowed replaces the default max scope, even when narrower', spec: [UP('14')], script: 'a/sw.js', http: { headers: { 'Service-Worker-Allowed': '/registration/a/b/' } } })));
  test(...check(reg({ id: 'swa-string-prefix', title: 'Service-Worker-Allowed /foo allows /foobar', spec: [UP('16')], script: 'a/sw.js', scope: '/foobar', http: { headers: { 'Service-Worker-Allowed': '/foo' } } })));
  test(...check(reg({ id: 'swa-with-query', title: 'the query of Service-Worker-Allowed is ignored', spec: [UP('14.3')], script: 'js/sw.js', scope: '/', http: { headers: { 'Service-Worker-Allowed': '/?x=1' } } })));

  // %2f / %5c in the script path (Start Register 4); in the scope path: suites/scope.
  for (const enc of ['%2f', '%2F', '%5c', '%5C'] as const) {
    test(...check(reg({ id: `script-path-${enc.slice(1).toLowerCase()}${enc === enc.toUpperCase() ? '-upper' : ''}`, title: `${enc} in the script path`, spec: [SR('4')], script: `a${enc}b/sw.js` })));
  }
  test(...check(reg({ id: 'script-query-2f', title: '%2f in the script query is allowed', spec: [SR('4')], script: 'sw.js?a%2fb' })));
  test(...check(reg({ id: 'script-backslash', title: 'a raw backslash in the script path is a slash to the parser', spec: [SR('4'), 'url.bs § path state'], script: 'js\\sw.js' })));

  // Schemes and parse failures (Start Register 1, 3, 6, 8).
  test(...check(reg({ id: 'script-unparsable', title: 'an unparsable script URL', spec: [SR('1')], script: 'http://[' })));
  test(...check(reg({ id: 'scope-unparsable', title: 'an unparsable scope URL', spec: [SR('6')], script: 'sw.js', scope: 'http://[' })));
  test(...check(reg({ id: 'script-scheme-ftp', title: 'an ftp: script URL', spec: [SR('3')], script: 'ftp://example.test/sw.js' })));
  test(...check(reg({ id: 'script-scheme-data', title: 'a data: script URL', spec: [SR('3')], script: 'data:text/javascript,' })));
  test(...check(reg({ id: 'script-scheme-javascript', title: 'a javascript: script URL', spec: [SR('3')], script: 'javascript:void(0)' })));
  test(...check(reg({ id: 'scope-scheme-ftp', title: 'an ftp: scope URL', spec: [SR('8')], script: 'sw.js', scope: 'ftp://example.test/' })));
  test(...check(reg({ id: 'scope-scheme-data', title: 'a data: scope URL', spec: [SR('8')], script: 'sw.js', scope: 'data:text/html,' })));

  // Origins (Register 1–3).
  test(...check(reg({ id: 'script-cross-origin', title: 'a cross-origin script URL', spec: [RJ('2')], script: '{b}/registration/sw.js' })));
  test(...check(reg({ id: 'scope-cross-origin', title: 'a cross-origin scope URL', spec: [RJ('3')], script: 'sw.js', scope: '{b}/registration/' })));
  test(...check(reg({ id: 'script-insecure-origin', title: 'a script on an origin that is not potentially trustworthy', spec: [RJ('1')], script: '{insecure}/registration/sw.js' })));

  // The script response (Update fetch hook 5–7; HTML fetch a classic worker script).
  for (const status of [404, 500, 403, 204, 410]) {
    test(...check(reg({ id: `script-status-${status}`, title: `script answered with HTTP ${status}`, spec: ['html § fetch a classic worker script (non-ok status)', 'sw.bs § Update step 8'], script: 'sw.js', http: { status }, smoke: status === 404 })));
  }
  test(...check(reg({ id: 'script-status-404-html', title: 'HTTP 404 served as text/html: status is checked before MIME', spec: ['sw.bs § Update step 8', UP('7')], script: 'sw.js', http: { status: 404, contentType: 'text/html' } })));
  test(...check(reg({ id: 'script-status-299', title: 'HTTP 299 is ok', spec: ['fetch.bs § ok status'], script: 'sw.js', http: { status: 299 } })));

  // The script's MIME type (Update fetch hook 7).
  for (const mime of JS_MIME) {
    test(...check(reg({ id: `mime-${mime.replace('/', '-')}`, title: `script served as ${mime}`, spec: [UP('7'), 'mimesniff § JavaScript MIME type'], script: 'sw.js', http: { contentType: mime } })));
  }
  for (const mime of NOT_JS_MIME) {
    test(...check(reg({ id: `mime-bad-${mime.replace('/', '-')}`, title: `script served as ${mime}`, spec: [UP('7')], script: 'sw.js', http: { contentType: mime }, smoke: mime === 'text/html' })));
  }
  test(...check(reg({ id: 'mime-missing', title: 'no Content-Type at all', spec: [UP('7')], script: 'sw.js', http: { contentType: null } })));
  test(...check(reg({ id: 'mime-params', title: 'text/javascript; charset=utf-8', spec: [UP('7')], script: 'sw.js', http: { contentType: 'text/javascript; charset=utf-8' } })));
  test(...check(reg({ id: 'mime-uppercase', title: 'TEXT/JAVASCRIPT (MIME essence is case-insensitive)', spec: [UP('7')], script: 'sw.js', http: { contentType: 'TEXT/JAVASCRIPT' } })));

  // Redirected scripts, registering again, install and evaluation failures.
  test(...check(registerScenario(
    { id: 'registration/script-redirected', area: 'registration', title: 'a redirected main script is rejected', spec: [UP('5'), UP('7')] },
    { page: PAGE, script: 'moved.js', resource: { kind: 'redirect', status: 302, location: '{a}/registration/sw.js' } },
  )));
  test(...check(registerScenario(
    { id: 'registration/script-redirected-301', area: 'registration', title: 'a 301-redirected main script is rejected', spec: [UP('5')] },
    { page: PAGE, script: 'moved301.js', resource: { kind: 'redirect', status: 301, location: 'sw.js' } },
  )));
  test(...check({
    id: 'registration/same-scope-same-script',
    area: 'registration',
    title: 'registering the same scope and script again resolves with the same registration',
    spec: [RJ('5')],
    resources: { '{a}/registration/sw.js': worker('v1') },
    steps: [
      { do: 'open', client: 'c1', url: PAGE },
      { do: 'register', client: 'c1', script: 'sw.js', settle: true },
      { do: 'register', client: 'c1', script: 'sw.js' },
      { do: 'getRegistrations', client: 'c1' },
    ],
  }));
  test(...check({
    id: 'registration/same-scope-other-script',
    area: 'registration',
    title: 'registering the same scope with another script installs the new script',
    spec: [RJ('5'), 'sw.bs § Update step 20'],
    resources: { '{a}/registration/sw.js': worker('v1'), '{a}/registration/sw2.js': worker('v2') },
    steps: [
      { do: 'open', client: 'c1', url: PAGE },
      { do: 'register', client: 'c1', script: 'sw.js', scope: './', settle: true },
      { do: 'register', client: 'c1', script: 'sw2.js', scope: './', settle: true },
      { do: 'getRegistrations', client: 'c1' },
    ],
  }));
  test(...check({
    id: 'registration/insecure-page',
    area: 'registration',
    title: 'an insecure page has no navigator.serviceWorker',
    spec: ['sw.bs § navigator.serviceWorker ([SecureContext])'],
    steps: [
      { do: 'open', client: 'c1', url: '{insecure}/registration/page.html' },
      { do: 'register', client: 'c1', script: 'sw.js' },
    ],
  }));
  test(...check({
    id: 'registration/install-throws-first',
    area: 'registration',
    title: 'a failed first install removes the registration',
    spec: ['sw.bs § Install step 12'],
    resources: { '{a}/registration/sw.js': worker('v1', { install: { outcome: 'reject' } }) },
    steps: [
      { do: 'open', client: 'c1', url: PAGE },
      { do: 'register', client: 'c1', script: 'sw.js', settle: true },
      { do: 'getRegistration', client: 'c1' },
    ],
  }));
  test(...check({
    id: 'registration/evaluation-throws',
    area: 'registration',
    title: 'a script that throws at top level rejects register() with TypeError',
    spec: ['sw.bs § Update step 16'],
    resources: { '{a}/registration/sw.js': worker('v1', { evaluationThrows: true }) },
    steps: [
      { do: 'open', client: 'c1', url: PAGE },
      { do: 'register', client: 'c1', script: 'sw.js' },
      { do: 'getRegistration', client: 'c1' },
    ],
  }));
});
