import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { getRegistrationMethod, getRegistrationsMethod, resolveClientURL } from '../get-registration.js';
import { createRegistrationMap, removeRegistration, setRegistration } from '../registration-map.js';

function mapOf(...scopes: string[]) {
  const map = createRegistrationMap();
  for (const scope of scopes) setRegistration(map, new URL(scope).origin, { scope });
  return map;
}

const PAGE = 'https://a.test/app/page.html';

describe('navigator.serviceWorker.getRegistration(clientURL)', () => {
  const map = mapOf('https://a.test/', 'https://a.test/app/', 'https://b.test/');
  test('getRegistration 3: the default argument "" parses to the page URL', () => {
    assert.deepEqual(getRegistrationMethod(PAGE, undefined, map), { scope: 'https://a.test/app/' });
    assert.deepEqual(getRegistrationMethod(PAGE, '', map), { scope: 'https://a.test/app/' });
  });
  test('getRegistration 3: a relative client URL resolves against the page', () => {
    assert.deepEqual(getRegistrationMethod(PAGE, '../other', map), { scope: 'https://a.test/' });
    assert.deepEqual(getRegistrationMethod(PAGE, 'x/y', map), { scope: 'https://a.test/app/' });
  });
  test('getRegistration 4: a client URL that does not parse → TypeError', () => {
    assert.deepEqual(getRegistrationMethod(PAGE, 'http://[bad', map), { ok: false, error: 'TypeError', step: 'getRegistration 4' });
    assert.deepEqual(getRegistrationMethod(PAGE, 'https://a.test:99999/', map), { ok: false, error: 'TypeError', step: 'getRegistration 4' });
  });
  test('getRegistration 5: the fragment is dropped', () => {
    const r = resolveClientURL(PAGE, '#frag');
    assert.equal(r.ok && r.clientURL.href, PAGE);
  });
  test('getRegistration 6: a cross-origin client URL → SecurityError (not undefined)', () => {
    assert.deepEqual(getRegistrationMethod(PAGE, 'https://b.test/', map), { ok: false, error: 'SecurityError', step: 'getRegistration 6' });
    assert.deepEqual(getRegistrationMethod(PAGE, 'http://a.test/', map), { ok: false, error: 'SecurityError', step: 'getRegistration 6' });
    assert.deepEqual(getRegistrationMethod(PAGE, 'data:,x', map), { ok: false, error: 'SecurityError', step: 'getRegistration 6' });
  });
  test('getRegistration 8.2: no match resolves undefined ({ scope: null })', () => {
    assert.deepEqual(getRegistrationMethod('https://c.test/', undefined, map), { scope: null });
  });
  test('getRegistration after Unregister: the scope is gone from lookups', () => {
    const m = mapOf('https://a.test/', 'https://a.test/app/');
    removeRegistration(m, 'https://a.test', 'https://a.test/app/');
    assert.deepEqual(getRegistrationMethod(PAGE, undefined, m), { scope: 'https://a.test/' });
  });
  test('an unparsable page URL is an input error', () => {
    assert.throws(() => getRegistrationMethod('nope', undefined, map), TypeError);
  });
});

describe('navigator.serviceWorker.getRegistrations()', () => {
  test('getRegistrations 4.1–4.2: this storage key only, in map insertion order', () => {
    const map = mapOf('https://a.test/z/', 'https://b.test/', 'https://a.test/a/', 'https://a.test/');
    assert.deepEqual(getRegistrationsMethod(PAGE, map), { scopes: ['https://a.test/z/', 'https://a.test/a/', 'https://a.test/'] });
    removeRegistration(map, 'https://a.test', 'https://a.test/z/');
    setRegistration(map, 'https://a.test', { scope: 'https://a.test/z/' });
    assert.deepEqual(getRegistrationsMethod(PAGE, map), { scopes: ['https://a.test/a/', 'https://a.test/', 'https://a.test/z/'] });
  });
});
