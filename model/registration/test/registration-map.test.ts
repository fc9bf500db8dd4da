import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  createRegistrationMap,
  getRegistration,
  getRegistrations,
  isUnregistered,
  matchScopeString,
  matchServiceWorkerRegistration,
  removeRegistration,
  setRegistration,
  unregister,
  type RegistrationMap,
} from '../registration-map.js';
import { ScopeIndex } from '../scope-index.js';
import { obtainStorageKey } from '../../standards/storage-key.js';

interface Reg {
  scope: string;
  id: number;
}

function mapOf(scopes: string[], storageKey = 'https://h'): RegistrationMap<Reg> {
  const map = createRegistrationMap<Reg>();
  scopes.forEach((scope, id) => setRegistration(map, storageKey, { scope, id }));
  return map;
}

function match(map: RegistrationMap<Reg>, url: string, storageKey = obtainStorageKey(new URL(url))): string | null {
  return matchServiceWorkerRegistration(map, storageKey, new URL(url))?.scope ?? null;
}

describe('spec-digest § 8.2: matching vectors (origin https://h)', () => {
  const rows: Array<[string[], string, string | null, string]> = [
    [['https://h/', 'https://h/a/'], 'https://h/a/b', 'https://h/a/', 'longest prefix wins'],
    [['https://h/a'], 'https://h/ab/c', 'https://h/a', 'prefix, not path-structural (#1272)'],
    [['https://h/a/'], 'https://h/a', null, '"/a/" does not match "/a" (#1272)'],
    [['https://h/p?x'], 'https://h/p?x=1', 'https://h/p?x', 'a query scope matches by prefix (#1469)'],
    [['https://h/p?x'], 'https://h/p?y&x', null, 'query order matters'],
    [['https://h/p?x', 'https://h/p'], 'https://h/p?y', 'https://h/p', 'falls back to the path scope'],
    [['https://h/a/'], 'https://h/a/#frag', 'https://h/a/', 'a fragment in the client URL changes nothing'],
    [['https://h/%ef/'], 'https://h/%EF/x', null, 'case-sensitive on percent-encoding'],
    [['https://h/'], 'https://h:443/x', 'https://h/', 'the default port is dropped by the parser'],
  ];
  for (const [scopes, url, expected, why] of rows) {
    test(`Match Service Worker Registration 6: {${scopes.join(', ')}} × ${url} → ${expected ?? 'null'} (${why})`, () => {
      assert.equal(match(mapOf(scopes), url), expected);
    });
  }
  test('Match Service Worker Registration 5: another storage key sees nothing', () => {
    const map = mapOf(['https://h/'], 'K1');
    assert.equal(match(map, 'https://h/x', 'K2'), null);
    assert.equal(match(map, 'https://h/x', 'K1'), 'https://h/');
  });
});

describe('Match Service Worker Registration', () => {
  test('Match 2: the client URL is serialized with its fragment; "#" in a path is %23', () => {
    const map = mapOf(['https://h/a%23b']);
    assert.equal(match(map, 'https://h/a%23b/c'), 'https://h/a%23b');
    assert.equal(match(map, 'https://h/a#b'), null);
  });
  test('Match 6: credentials are part of the serialized URL (#1520)', () => {
    const map = mapOf(['https://u:p@h/']);
    assert.equal(match(map, 'https://u:p@h/x', 'https://h'), 'https://u:p@h/');
    assert.equal(match(map, 'https://h/x', 'https://h'), null);
  });
  test('Match 6: cross-origin scopes never match (the origin ends with "/")', () => {
    const map = mapOf(['https://h.test/']);
    assert.equal(match(map, 'https://h.test.evil/x', 'https://h'), null);
    assert.equal(matchScopeString(map, 'https://h', 'https://h.test.evil/x'), null);
  });
  test('Match 7–9: no matching scope → null', () => {
    assert.equal(match(createRegistrationMap<Reg>(), 'https://h/'), null);
  });
  test('Match returns the registration record itself', () => {
    const map = mapOf(['https://h/a/', 'https://h/']);
    assert.equal(matchServiceWorkerRegistration(map, 'https://h', new URL('https://h/a/b'))?.id, 0);
  });
});

describe('Get Registration', () => {
  test('Get Registration 3–4: exact key match on the scope serialized without fragment', () => {
    const map = mapOf(['https://h/a/', 'https://h/a']);
    assert.equal(getRegistration(map, 'https://h', new URL('https://h/a/#x'))?.id, 0);
    assert.equal(getRegistration(map, 'https://h', new URL('https://h/a'))?.id, 1);
    assert.equal(getRegistration(map, 'https://h', new URL('https://h/a/b')), null);
    assert.equal(getRegistration(map, 'other', new URL('https://h/a')), null);
  });
  test('Get Registration 2: a null scope finds nothing', () => {
    assert.equal(getRegistration(mapOf(['https://h/']), 'https://h', null), null);
  });
});

describe('Set Registration and the map order', () => {
  test('Set Registration 4: a new key is appended; setting an existing key keeps its position', () => {
    const map = mapOf(['https://h/b', 'https://h/a', 'https://h/c']);
    setRegistration(map, 'https://h', { scope: 'https://h/a', id: 9 });
    assert.deepEqual(getRegistrations(map, 'https://h').map((r) => `${r.scope}:${r.id}`), ['https://h/b:0', 'https://h/a:9', 'https://h/c:2']);
  });
  test('Set Registration 2: the key must be a serialized URL without fragment', () => {
    const map = createRegistrationMap<Reg>();
    for (const scope of ['/relative', 'https://H/', 'https://h/#f', 'https://h:443/', '']) {
      assert.throws(() => setRegistration(map, 'k', { scope, id: 0 }), TypeError, scope);
    }
  });
  test('getRegistrations 4.2: only this storage key, in map order', () => {
    const map = createRegistrationMap<Reg>();
    setRegistration(map, 'A', { scope: 'https://a/2', id: 0 });
    setRegistration(map, 'B', { scope: 'https://b/1', id: 1 });
    setRegistration(map, 'A', { scope: 'https://a/1', id: 2 });
    assert.deepEqual(getRegistrations(map, 'A').map((r) => r.scope), ['https://a/2', 'https://a/1']);
    assert.deepEqual([...map].map(([k, s]) => `${k} ${s}`), ['A https://a/2', 'B https://b/1', 'A https://a/1']);
    assert.deepEqual(getRegistrations(map, 'C'), []);
  });
});

describe('Unregister (steps 1–4) and its effect on lookups', () => {
  test('Unregister 2: no registration → false', () => {
    assert.equal(unregister(mapOf(['https://h/a/']), 'https://h', new URL('https://h/a')), false);
  });
  test('Unregister 3: the entry is removed at once; Match falls back to a shorter scope', () => {
    const map = mapOf(['https://h/', 'https://h/a/']);
    const reg = getRegistration(map, 'https://h', new URL('https://h/a/'));
    assert.ok(reg);
    assert.equal(unregister(map, 'https://h', new URL('https://h/a/')), true);
    assert.equal(isUnregistered(map, 'https://h', reg), true);
    assert.equal(match(map, 'https://h/a/x'), 'https://h/');
    assert.equal(getRegistration(map, 'https://h', new URL('https://h/a/')), null);
    assert.deepEqual(getRegistrations(map, 'https://h').map((r) => r.scope), ['https://h/']);
  });
  test('No resurrection: register after unregister makes a new registration at the end of the map order', () => {
    const map = mapOf(['https://h/a/', 'https://h/b/']);
    const old = getRegistration(map, 'https://h', new URL('https://h/a/'));
    assert.ok(old);
    removeRegistration(map, 'https://h', 'https://h/a/');
    const fresh = setRegistration(map, 'https://h', { scope: 'https://h/a/', id: 7 });
    assert.equal(isUnregistered(map, 'https://h', old), true);
    assert.equal(isUnregistered(map, 'https://h', fresh), false);
    assert.deepEqual(getRegistrations(map, 'https://h').map((r) => r.id), [1, 7]);
  });
  test('removeRegistration accepts a URL and returns whether something was removed', () => {
    const map = mapOf(['https://h/a/']);
    assert.equal(removeRegistration(map, 'https://h', new URL('https://h/a/#f')), true);
    assert.equal(removeRegistration(map, 'https://h', new URL('https://h/a/')), false);
    assert.equal(map.size, 0);
  });
});

describe('ScopeIndex (the radix tree behind Match 6)', () => {
  test('longest prefix across splits, merges and deletions', () => {
    const index = new ScopeIndex();
    for (const s of ['https://h/a', 'https://h/abc', 'https://h/ab', 'https://h/b/', 'https://h/']) index.add(s);
    assert.equal(index.size, 5);
    assert.equal(index.longestPrefixOf('https://h/abcd'), 'https://h/abc');
    assert.equal(index.longestPrefixOf('https://h/abx'), 'https://h/ab');
    assert.equal(index.longestPrefixOf('https://h/b'), 'https://h/');
    assert.equal(index.longestPrefixOf('https://g/'), null);
    assert.equal(index.delete('https://h/ab'), true);
    assert.equal(index.delete('https://h/ab'), false);
    assert.equal(index.delete('https://h/zz'), false);
    assert.equal(index.longestPrefixOf('https://h/abx'), 'https://h/a');
    assert.equal(index.longestPrefixOf('https://h/abcd'), 'https://h/abc');
    index.delete('https://h/');
    index.delete('https://h/a');
    assert.equal(index.longestPrefixOf('https://h/abx'), null);
    assert.equal(index.has('https://h/abc'), true);
    assert.equal(index.has('https://h/ab'), false);
    index.add('https://h/abc');
    assert.equal(index.size, 2);
    assert.throws(() => index.add(''), RangeError);
  });
});
