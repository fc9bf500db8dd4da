import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  checkRegistration,
  checkScopeUnderMaxScope,
  computeMaxScopeString,
  defaultScope,
  FAILURE,
  registerJobChecks,
  startRegister,
  updateScriptChecks,
  type CheckRegistrationResult,
  type ScriptResponse,
} from '../register.js';
import { POSITIONS } from '../../positions.js';

const JS: ScriptResponse = { status: 200, contentType: 'text/javascript', serviceWorkerAllowed: null, redirected: false };
const WPT_PAGE = 'https://web-platform.test/service-workers/service-worker/registration.https.html';
const WPT_DIR = 'https://web-platform.test/service-workers/service-worker/';

function register(pageUrl: string, scriptUrl: string, scope?: string, script: Partial<ScriptResponse> = {}): CheckRegistrationResult {
  const input = { pageUrl, scriptUrl, script: { ...JS, ...script } };
  return checkRegistration(scope === undefined ? input : { ...input, scope });
}

function assertResolves(r: CheckRegistrationResult, scope: string): void {
  assert.deepEqual(r.ok ? { ok: true, scope: r.scope } : r, { ok: true, scope });
}

function assertRejects(r: CheckRegistrationResult, error: 'TypeError' | 'SecurityError', step: string): void {
  assert.equal(r.ok, false, `expected ${error} at ${step}, resolved ${JSON.stringify(r)}`);
  if (!r.ok) assert.deepEqual({ error: r.error, step: r.step }, { error, step });
}

describe('register() method steps', () => {
  test('register() 4 and 6: script and scope are parsed against the page (API base URL), not each other', () => {
    const r = register('https://h/app/page.html', '/js/sw.js', './', { serviceWorkerAllowed: '/' });
    assertResolves(r, 'https://h/app/');
    assert.equal(r.ok && r.scriptURL, 'https://h/js/sw.js');
  });
  test('register() 6: an empty scope option exists and parses to the page URL', () => {
    assertResolves(register('https://h/d/page.html?x#f', 'sw.js', '', { serviceWorkerAllowed: '/' }), 'https://h/d/page.html?x');
  });
});

describe('Start Register', () => {
  test('Start Register 1: an unparsable script URL → TypeError', () => {
    assertRejects(register(WPT_PAGE, 'http://[bad'), 'TypeError', 'Start Register 1');
    assertRejects(register(WPT_PAGE, 'https://h:99999/sw.js'), 'TypeError', 'Start Register 1');
    assert.deepEqual(startRegister(null, FAILURE), { ok: false, error: 'TypeError', step: 'Start Register 1', detail: 'the script URL does not parse' });
  });
  test('Start Register 2: the script fragment is dropped', () => {
    const r = register(WPT_PAGE, 'resources/sw.js#frag');
    assert.equal(r.ok && r.scriptURL, `${WPT_DIR}resources/sw.js`);
  });
  test('Start Register 3: a script URL scheme other than http(s) → TypeError', () => {
    for (const script of ['filesystem:https://web-platform.test/resources/sw.js', 'data:text/javascript,', 'blob:https://web-platform.test/uuid', 'ftp://web-platform.test/sw.js', 'javascript:1']) {
      assertRejects(register(WPT_PAGE, script), 'TypeError', 'Start Register 3');
    }
  });
  test('Start Register 4: %2f or %5c in the script path, any case → TypeError', () => {
    for (const script of ['resources%2fempty-worker.js', 'resources%2Fempty-worker.js', 'resources%5cempty-worker.js', 'resources%5Cempty-worker.js']) {
      assertRejects(register(WPT_PAGE, script), 'TypeError', 'Start Register 4');
    }
  });
  test('Start Register 4: %2f in the script query is allowed; a raw backslash is a slash', () => {
    assertResolves(register(WPT_PAGE, 'resources/sw.js?a%2fb'), `${WPT_DIR}resources/`);
    const r = register(WPT_PAGE, 'resources\\sw.js');
    assert.equal(r.ok && r.scriptURL, `${WPT_DIR}resources/sw.js`);
  });
  test('Start Register 5: the default scope is the script directory, without query and fragment', () => {
    assertResolves(register('https://h/p.html', '/js/sw.js?v=3#x'), 'https://h/js/');
    assert.equal(defaultScope('https://h/a/b/sw.js?q')?.href, 'https://h/a/b/');
    assert.equal(defaultScope(new URL('https://h/sw.js'))?.href, 'https://h/');
  });
  test('Start Register 6: an unparsable scope → TypeError', () => {
    assertRejects(register(WPT_PAGE, 'sw.js', 'http://[bad'), 'TypeError', 'Start Register 6');
    assert.equal((startRegister(FAILURE, new URL('https://h/sw.js')) as { step: string }).step, 'Start Register 6');
  });
  test('Start Register 7: the scope fragment is dropped', () => {
    assertResolves(register(WPT_PAGE, 'sw.js', 'scope#frag'), `${WPT_DIR}scope`);
  });
  test('Start Register 8: a scope scheme other than http(s) → TypeError (before any origin check)', () => {
    assertRejects(register(WPT_PAGE, 'sw.js', 'filesystem:https://web-platform.test/scope/'), 'TypeError', 'Start Register 8');
    assertRejects(register(WPT_PAGE, 'sw.js', 'ftp://web-platform.test/'), 'TypeError', 'Start Register 8');
  });
  test('Start Register 9: %2f or %5c in the scope path → TypeError', () => {
    for (const scope of ['resources/scope%2fencoded-slash-in-scope', 'resources/scope%5Cencoded-slash-in-scope']) {
      assertRejects(register(WPT_PAGE, 'sw.js', scope), 'TypeError', 'Start Register 9');
    }
    assertResolves(register(WPT_PAGE, 'sw.js', 'scope?a%2Fb'), `${WPT_DIR}scope?a%2Fb`);
  });
  test('Start Register: the script is checked before the scope', () => {
    assertRejects(register(WPT_PAGE, 'a%2fb.js', 'x%2fy'), 'TypeError', 'Start Register 4');
  });
  test('Start Register does not mutate its inputs', () => {
    const script = new URL('https://h/sw.js#a');
    const scope = new URL('https://h/s#b');
    startRegister(scope, script);
    assert.equal(script.hash, '#a');
    assert.equal(scope.hash, '#b');
  });
});

describe('Register (job) steps 1–3: origins', () => {
  test('Register 1: a script origin that is not potentially trustworthy → SecurityError (WPT "Registering script outside domain")', () => {
    assertRejects(register(WPT_PAGE, 'http://example.com/worker.js', 'http://example.com/scope/'), 'SecurityError', 'Register 1');
    assertRejects(register('http://insecure.test/p.html', 'sw.js'), 'SecurityError', 'Register 1');
  });
  test('Register 2: a cross-origin script → SecurityError', () => {
    assertRejects(register('https://a.test/p.html', 'https://b.test/sw.js', 'https://a.test/'), 'SecurityError', 'Register 2');
    assertRejects(register('https://a.test/p.html', 'https://a.test:8443/sw.js'), 'SecurityError', 'Register 2');
  });
  test('Register 3: a cross-origin scope → SecurityError (WPT "Registering scope outside domain")', () => {
    assertRejects(register(WPT_PAGE, 'resources/registration-worker.js', 'http://example.com/'), 'SecurityError', 'Register 3');
    assertRejects(register('https://a.test/p.html', 'sw.js', 'https://b.test/'), 'SecurityError', 'Register 3');
  });
  test('Register 1–3 on loopback origins: http://localhost, 127.0.0.1 and *.localhost are accepted', () => {
    assertResolves(register('http://localhost:8080/p.html', 'sw.js'), 'http://localhost:8080/');
    assertResolves(register('http://127.0.0.1:8080/d/p.html', 'sw.js'), 'http://127.0.0.1:8080/d/');
    assertResolves(register('http://run1.localhost:8080/p.html', 'sw.js'), 'http://run1.localhost:8080/');
  });
  test('registerJobChecks alone', () => {
    const page = new URL('https://a.test/');
    assert.deepEqual(registerJobChecks({ scriptURL: new URL('https://a.test/sw.js'), scopeURL: new URL('https://a.test/'), referrer: page }), { ok: true });
  });
});

describe('Update: the main script fetch', () => {
  test('Update fetch-hook 5: a redirected main script → SecurityError (WPT "Registering redirected script")', () => {
    const r = register(WPT_PAGE, 'resources/redirect.py', undefined, { redirected: true });
    assertRejects(r, 'SecurityError', 'Update fetch-hook 5');
    assert.equal(!r.ok && r.position, POSITIONS.redirectedScript.link);
  });
  test('Update 8: a status that is not ok → TypeError, before the MIME check (position)', () => {
    for (const status of [404, 500, 199, 300, 304]) {
      const r = register(WPT_PAGE, 'sw.js', undefined, { status, contentType: 'text/html' });
      assertRejects(r, 'TypeError', 'Update 8');
      assert.equal(!r.ok && r.position, POSITIONS.scriptStatusBeforeMIME.link);
    }
    assertResolves(register(WPT_PAGE, 'sw.js', undefined, { status: 299 }), WPT_DIR);
    assertResolves(register(WPT_PAGE, 'sw.js', undefined, { status: 203 }), WPT_DIR);
  });
  test('Update 8: a network error → TypeError (position)', () => {
    const r = register(WPT_PAGE, 'sw.js', undefined, { networkError: true, contentType: null });
    assertRejects(r, 'TypeError', 'Update 8');
    assert.equal(!r.ok && r.position, POSITIONS.scriptNetworkError.link);
  });
  test('Update fetch-hook 7: no Content-Type or a non-JavaScript MIME type → SecurityError', () => {
    for (const contentType of [null, 'text/plain', 'text/html', 'application/json', '', 'javascript', 'text/javascript, text/html']) {
      assertRejects(register(WPT_PAGE, 'sw.js', undefined, { contentType }), 'SecurityError', 'Update fetch-hook 7');
    }
  });
  test('Update fetch-hook 7: parameters are ignored; every JavaScript MIME type passes', () => {
    for (const contentType of ['text/javascript; charset=utf-8', 'application/x-javascript', 'TEXT/ECMASCRIPT', 'text/javascript1.5', 'text/html, text/javascript']) {
      assertResolves(register(WPT_PAGE, 'sw.js', undefined, { contentType }), WPT_DIR);
    }
  });
  test('Update fetch-hook 13: without Service-Worker-Allowed the max scope is the script directory', () => {
    assertRejects(register(WPT_PAGE, 'resources/registration-worker.js', '/'), 'SecurityError', 'Update fetch-hook 16');
    assertRejects(register(WPT_PAGE, 'resources/empty-worker.js', 'resources'), 'SecurityError', 'Update fetch-hook 16');
    assertRejects(register(WPT_PAGE, 'resources/empty-worker.js', 'resources/../scope/parent-reference-in-scope'), 'SecurityError', 'Update fetch-hook 16');
  });
  test('Update fetch-hook 14.1: a relative Service-Worker-Allowed resolves against the script URL, not the page', () => {
    assertResolves(register('https://h/page/p.html', '/a/b/sw.js', '/a/x', { serviceWorkerAllowed: '../' }), 'https://h/a/x');
    assertRejects(register('https://h/a/p.html', '/a/b/c/sw.js', '/a/x', { serviceWorkerAllowed: './' }), 'SecurityError', 'Update fetch-hook 16');
  });
  test('Update fetch-hook 14.2: an unparsable Service-Worker-Allowed → TypeError', () => {
    const r = register(WPT_PAGE, 'sw.js', undefined, { serviceWorkerAllowed: 'http://[bad' });
    assertRejects(r, 'TypeError', 'Update fetch-hook 14.2');
    assert.equal(!r.ok && r.position, POSITIONS.unparsableServiceWorkerAllowed.link);
  });
  test('Update fetch-hook 14.3: a cross-origin Service-Worker-Allowed → SecurityError even for an allowed scope (position)', () => {
    const r = register('https://a.test/d/p.html', 'sw.js', undefined, { serviceWorkerAllowed: 'https://b.test/' });
    assertRejects(r, 'SecurityError', 'Update fetch-hook 16');
    assert.equal(!r.ok && r.position, POSITIONS.crossOriginServiceWorkerAllowed.link);
    assert.deepEqual(computeMaxScopeString(new URL('https://a.test/sw.js'), 'https://b.test/'), { ok: true, maxScopeString: null });
    assertResolves(register('https://a.test/d/p.html', 'sw.js', '/', { serviceWorkerAllowed: 'https://a.test/' }), 'https://a.test/');
  });
  test('Update fetch-hook 15: the scope query is ignored by the max-scope check but kept in the scope', () => {
    assertResolves(register('https://h/d/', 'w.js', '/d/x?q=1'), 'https://h/d/x?q=1');
    assert.deepEqual(checkScopeUnderMaxScope(new URL('https://h/d/x?/e/'), '/d/', null), { ok: true });
  });
  test('Update fetch-hook 16: a plain string prefix (case-sensitive, percent-encoding as serialized)', () => {
    assertResolves(register('https://h/', '/a/sw.js', '/foobar', { serviceWorkerAllowed: '/foo' }), 'https://h/foobar');
    assertRejects(register('https://h/', '/A/sw.js', '/a/x'), 'SecurityError', 'Update fetch-hook 16');
    assertRejects(register('https://h/', '/%EF%BD%93/sw.js', '/%ef%bd%93/x'), 'SecurityError', 'Update fetch-hook 16');
    assertResolves(register('https://h/', '/\uFF53/sw.js', '/%EF%BD%93/x'), 'https://h/%EF%BD%93/x');
  });
  test('Update checks in the model order: redirect, status, MIME, Service-Worker-Allowed, max scope', () => {
    const scopeURL = new URL('https://h/');
    const scriptURL = new URL('https://h/js/sw.js');
    const bad: ScriptResponse = { status: 404, contentType: null, serviceWorkerAllowed: 'http://[', redirected: true };
    const step = (response: ScriptResponse): string => {
      const r = updateScriptChecks({ scriptURL, scopeURL, response });
      return r.ok ? 'ok' : r.step;
    };
    assert.equal(step(bad), 'Update fetch-hook 5');
    assert.equal(step({ ...bad, redirected: false }), 'Update 8');
    assert.equal(step({ ...bad, redirected: false, status: 200 }), 'Update fetch-hook 7');
    assert.equal(step({ ...bad, redirected: false, status: 200, contentType: 'text/javascript' }), 'Update fetch-hook 14.2');
    assert.equal(step({ ...bad, redirected: false, status: 200, contentType: 'text/javascript', serviceWorkerAllowed: null }), 'Update fetch-hook 16');
    assert.equal(step({ ...bad, redirected: false, status: 200, contentType: 'text/javascript', serviceWorkerAllowed: '/' }), 'ok');
  });
  test('type "module" goes through the same checks', () => {
    const r = checkRegistration({ pageUrl: 'https://h/d/p.html', scriptUrl: 'sw.mjs', type: 'module', script: JS });
    assertResolves(r, 'https://h/d/');
  });
  test('checkRegistration throws on a page URL that is not absolute (input error, not a rejection)', () => {
    assert.throws(() => register('page.html', 'sw.js'), TypeError);
  });
});

describe('WPT registration-tests-scope.js / -script-url.js / -security-error.js', () => {
  const dir = WPT_DIR;
  const cases: Array<[string, string | undefined, string, string]> = [
    // [script, scope, expected ("ok:<scope>" | error@step), test name]
    ['resources/empty-worker.js', 'resources/scope/%EF%BD%9A%EF%BD%9A', `ok:${dir}resources/scope/%EF%BD%9A%EF%BD%9A`, 'Scope including URL-encoded multibyte characters'],
    ['resources/empty-worker.js', 'resources/scope/\uFF5A\uFF5A', `ok:${dir}resources/scope/%EF%BD%9A%EF%BD%9A`, 'Scope including non-escaped multibyte characters'],
    ['resources/empty-worker.js', 'resources/././scope/self-reference-in-scope', `ok:${dir}resources/scope/self-reference-in-scope`, 'Scope including self-reference'],
    ['resources/empty-worker.js', 'resources/../resources/scope/parent-reference-in-scope', `ok:${dir}resources/scope/parent-reference-in-scope`, 'Scope including parent-reference'],
    ['resources/empty-worker.js', 'resources/scope////consecutive-slashes-in-scope', `ok:${dir}resources/scope////consecutive-slashes-in-scope`, 'Scope including consecutive slashes'],
    ['resources/empty-worker.js', 'filesystem:' + dir + 'resources/scope/filesystem-scope-url', 'TypeError@Start Register 8', 'Scope URL is same-origin filesystem: URL'],
    ['resources/././empty-worker.js', 'resources/scope/self-reference-in-script-url', `ok:${dir}resources/scope/self-reference-in-script-url`, 'Script URL including self-reference'],
    ['resources/../resources/empty-worker.js', 'resources/scope/parent-reference-in-script-url', `ok:${dir}resources/scope/parent-reference-in-script-url`, 'Script URL including parent-reference'],
    ['resources////empty-worker.js', 'resources/scope/consecutive-slashes-in-script-url', 'SecurityError@Update fetch-hook 16', 'Script URL including consecutive slashes'],
    ['filesystem:' + dir + 'resources/empty-worker.js', 'resources/scope/filesystem-script-url', 'TypeError@Start Register 3', 'Script URL is same-origin filesystem: URL'],
    ['resources/empty-worker.js', 'resources', 'SecurityError@Update fetch-hook 16', 'Registering same scope as the script directory without the last slash'],
    ['resources/empty-worker.js', '/', 'SecurityError@Update fetch-hook 16', 'Registration scope outside the script directory'],
  ];
  for (const [script, scope, expected, name] of cases) {
    test(`${name} → ${expected}`, () => {
      const r = register(WPT_PAGE, script, scope);
      if (expected.startsWith('ok:')) assertResolves(r, expected.slice(3));
      else {
        const [error, step] = expected.split('@') as ['TypeError' | 'SecurityError', string];
        assertRejects(r, error, step);
      }
    });
  }
});

describe('spec-digest § 1.8: scope computation examples', () => {
  // [script (+ SWA), scope option, page, expected]
  const rows: Array<{ script: string; swa?: string; scope?: string; page: string; expect: string }> = [
    { script: '/sw.js', page: 'https://h/any/page.html', expect: 'https://h/' },
    { script: '/js/sw.js?v=3', page: 'https://h/any/page.html', expect: 'https://h/js/' },
    { script: '/js/sw.js', scope: '/', page: 'https://h/p.html', expect: 'SecurityError' },
    { script: '/js/sw.js', swa: '/', scope: '/', page: 'https://h/p.html', expect: 'https://h/' },
    { script: '/foo/bar/sw.js', swa: '/foo', scope: '/', page: 'https://h/p.html', expect: 'SecurityError' },
    { script: '/a/sw.js', swa: '/a/b/', page: 'https://h/p.html', expect: 'SecurityError' },
    { script: '/a/sw.js', swa: '/foo', scope: '/foobar', page: 'https://h/p.html', expect: 'https://h/foobar' },
    { script: 'resources/w.js', scope: 'resources', page: 'https://h/d/x.html', expect: 'SecurityError' },
    { script: 'resources////w.js', scope: 'resources/scope/x', page: 'https://h/d/', expect: 'SecurityError' },
    { script: 'w.js', scope: 'resources/scope////x', page: 'https://h/d/', expect: 'https://h/d/resources/scope////x' },
    { script: 'w.js', scope: '/d/x?q=1', page: 'https://h/d/', expect: 'https://h/d/x?q=1' },
    { script: '/js/sw.js', scope: './', page: 'https://h/app/page.html', expect: 'SecurityError' },
    { script: 'w.js', scope: 'resources/../resources/s', page: 'https://h/d/', expect: 'https://h/d/resources/s' },
    { script: 'w.js', scope: 'resources/%2e%2E/resources/.%2e/r/%2E/s', page: 'https://h/d/', expect: 'https://h/d/r/s' },
  ];
  for (const row of rows) {
    const name = `script ${row.script}${row.swa === undefined ? '' : ` + SWA ${row.swa}`}, scope ${row.scope ?? '(none)'}, page ${row.page} → ${row.expect}`;
    test(`Start Register 5 / Update fetch-hook 13–16: ${name}`, () => {
      const r = register(row.page, row.script, row.scope, row.swa === undefined ? {} : { serviceWorkerAllowed: row.swa });
      if (row.expect === 'SecurityError') assertRejects(r, 'SecurityError', 'Update fetch-hook 16');
      else assertResolves(r, row.expect);
    });
  }
});
