// Storage § obtain a storage key with the partitioned-storage-key position (model/standards/storage-key.ts):
// (origin, top-level site), where a site applies the public suffix list's default rule only.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isThirdPartyContext, obtainASite, obtainStorageKey } from '../storage-key.js';

const u = (s: string): URL => new URL(s);

describe('HTML § obtain a site (default public-suffix rule)', () => {
  test('scheme + the last two labels of a domain', () => {
    assert.equal(obtainASite(u('http://run.localhost:8000/x')), 'http://run.localhost');
    assert.equal(obtainASite(u('http://a.run.localhost/')), 'http://run.localhost');
    assert.equal(obtainASite(u('https://www.example.test/')), 'https://example.test');
  });
  test('IP addresses and single-label hosts are their own site; the scheme is part of it', () => {
    assert.equal(obtainASite(u('http://127.0.0.1:9/')), 'http://127.0.0.1');
    assert.equal(obtainASite(u('http://[::1]/')), 'http://[::1]');
    assert.equal(obtainASite(u('http://localhost/')), 'http://localhost');
    assert.notEqual(obtainASite(u('http://run.localhost/')), obtainASite(u('https://run.localhost/')));
  });
  test('the suite\'s {a}, {b} and {insecure} origins are three sites', () => {
    const sites = new Set(['http://run.localhost:8000', 'http://run-b.localhost:8000', 'http://run.insecure.test:8000'].map((s) => obtainASite(u(s))));
    assert.equal(sites.size, 3);
  });
});

describe('Storage § obtain a storage key (position partitioned-storage-key)', () => {
  test('a top-level environment: the serialized origin', () => {
    assert.equal(obtainStorageKey(u('http://run.localhost:8000/page.html')), 'http://run.localhost:8000');
  });
  test('a same-site frame (even cross-origin) shares the first-party key', () => {
    const top = u('http://run.localhost:8000/');
    assert.equal(isThirdPartyContext(u('http://x.run.localhost:8000/f'), top), false);
    assert.equal(obtainStorageKey(u('http://x.run.localhost:8000/f'), top), 'http://x.run.localhost:8000');
  });
  test('a cross-site frame: origin + top-level site, a key no first-party environment has', () => {
    const top = u('http://run.localhost:8000/');
    const frame = u('http://run-b.localhost:8000/f');
    assert.equal(isThirdPartyContext(frame, top), true);
    assert.equal(obtainStorageKey(frame, top), 'http://run-b.localhost:8000 ^http://run.localhost');
    assert.notEqual(obtainStorageKey(frame, top), obtainStorageKey(frame));
  });
});
