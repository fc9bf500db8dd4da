import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isPotentiallyTrustworthyOrigin, isPotentiallyTrustworthyURL } from '../secure-contexts.js';

const cases: Array<[string, boolean, string]> = [
  ['https://a.test/', true, '3.1 step 3: https'],
  ['wss://a.test/', true, '3.1 step 3: wss'],
  ['http://a.test/', false, '3.1 step 8: plain http'],
  ['ws://a.test/', false, '3.1 step 8: plain ws'],
  ['http://127.0.0.1:8080/', true, '3.1 step 4: 127.0.0.0/8'],
  ['http://127.255.0.9/', true, '3.1 step 4: 127.0.0.0/8'],
  ['http://127.1/', true, '3.1 step 4: the parser canonicalises 127.1'],
  ['http://0x7f.0.0.1/', true, '3.1 step 4: the parser canonicalises hex'],
  ['http://128.0.0.1/', false, '3.1 step 8: outside 127/8'],
  ['http://[::1]/', true, '3.1 step 4: ::1'],
  ['http://[0:0:0:0:0:0:0:1]:81/', true, '3.1 step 4: ::1 in full'],
  ['http://[::2]/', false, '3.1 step 8: another IPv6 address'],
  ['http://localhost/', true, '3.1 step 5: localhost'],
  ['http://LOCALHOST:3000/', true, '3.1 step 5: host is lowercased'],
  ['http://localhost./', true, '3.1 step 5: localhost.'],
  ['http://run1.localhost:8080/', true, '3.1 step 5: *.localhost'],
  ['http://a.b.localhost./', true, '3.1 step 5: *.localhost.'],
  ['http://localhost.example/', false, '3.1 step 8: localhost as a label elsewhere'],
  ['http://notlocalhost/', false, '3.1 step 8: suffix without a dot'],
  ['file:///tmp/x.html', true, '3.1 step 6: file'],
  ['data:text/html,x', false, '3.1 step 1: opaque origin'],
];

describe('Secure Contexts: Is origin potentially trustworthy?', () => {
  for (const [url, expected, step] of cases) {
    test(`${step}: ${url} → ${expected ? 'Potentially Trustworthy' : 'Not Trusted'}`, () => {
      assert.equal(isPotentiallyTrustworthyOrigin(new URL(url)), expected);
    });
  }
});

describe('Secure Contexts: Is url potentially trustworthy?', () => {
  test('3.2 step 1: about:blank and about:srcdoc', () => {
    assert.equal(isPotentiallyTrustworthyURL(new URL('about:blank')), true);
    assert.equal(isPotentiallyTrustworthyURL(new URL('about:srcdoc')), true);
    assert.equal(isPotentiallyTrustworthyURL(new URL('about:other')), false);
  });
  test('3.2 step 2: data: URLs', () => {
    assert.equal(isPotentiallyTrustworthyURL(new URL('data:text/html,x')), true);
  });
  test('3.2 step 3: otherwise the origin decides', () => {
    assert.equal(isPotentiallyTrustworthyURL(new URL('http://insecure.test/')), false);
    assert.equal(isPotentiallyTrustworthyURL(new URL('http://x.localhost/')), true);
  });
});
