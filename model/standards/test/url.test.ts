import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { canParseURL, isHTTPScheme, parseURL, pathString, sameOrigin, serializeURL, withoutFragment } from '../url.js';

describe('URL Standard operations (url.bs) through Node URL', () => {
  test('URL parser: failure is null, relative input resolves against the base', () => {
    assert.equal(parseURL('sw.js'), null);
    assert.equal(parseURL('http://[x'), null);
    assert.equal(parseURL('sw.js', 'not a base'), null);
    assert.equal(parseURL('sw.js', 'https://h/dir/page.html')?.href, 'https://h/dir/sw.js');
    assert.equal(parseURL('', 'https://h/dir/page.html#f')?.href, 'https://h/dir/page.html');
    assert.equal(canParseURL('https://h/'), true);
  });

  test('URL parser: a dot-named segment before a double-dot segment is removed (ada-url/ada#935 in Node 20)', () => {
    // Node 20's own URL keeps "/a/.b/.."; the standard (and every engine) gives "/a/".
    assert.equal(parseURL('http://h/a/.b/..')?.href, 'http://h/a/');
    assert.equal(parseURL('/foofoo/.fooba/..?foo/bar', 'http://h/page.html')?.href, 'http://h/foofoo/?foo/bar');
    assert.equal(parseURL('.x/%2E%2e/y', 'http://h/a/')?.href, 'http://h/a/y');
    assert.equal(parseURL('x/.well-known/y', 'http://h/a/')?.href, 'http://h/a/x/.well-known/y');
    assert.equal(parseURL('../.c/../d', 'http://h/a/b/')?.href, 'http://h/a/d');
    assert.equal(parseURL('.b/..', 'http://[')?.href, undefined);
  });

  test('URL parser: lowercases scheme and host, drops the default port, removes dot segments, keeps %XX case', () => {
    assert.equal(parseURL('HTTPS://H.Test:443/a/./b/../c/%2e%2E/d')?.href, 'https://h.test/a/d');
    assert.equal(parseURL('https://h/%ef%BD')?.href, 'https://h/%ef%BD');
    assert.equal(parseURL('https://h/\uFF53')?.href, 'https://h/%EF%BD%93');
    assert.equal(parseURL('https://h/a\\b')?.href, 'https://h/a/b');
  });

  test('URL serializer with the exclude fragment flag drops the fragment, also an empty one', () => {
    const u = new URL('https://h/a?q#frag');
    assert.equal(serializeURL(u), 'https://h/a?q#frag');
    assert.equal(serializeURL(u, true), 'https://h/a?q');
    assert.equal(serializeURL(new URL('https://h/a#'), true), 'https://h/a');
    assert.equal(serializeURL(new URL('https://h/a#'), false), 'https://h/a#');
    assert.equal(serializeURL(new URL('https://h/a'), true), 'https://h/a');
    assert.equal(u.href, 'https://h/a?q#frag', 'the input is not mutated');
  });

  test('URL serializer with the exclude fragment flag keeps an opaque path as is (trailing space)', () => {
    assert.equal(serializeURL(new URL('data:text/plain,x #f'), true), 'data:text/plain,x ');
  });

  test('Set fragment to null on a copy', () => {
    const u = new URL('https://h/a#x');
    assert.equal(withoutFragment(u).href, 'https://h/a');
    assert.equal(u.hash, '#x');
  });

  test('same origin: tuple origins compare, opaque origins never match', () => {
    assert.equal(sameOrigin(new URL('https://h/a'), new URL('https://h:443/b')), true);
    assert.equal(sameOrigin(new URL('https://h/a'), new URL('http://h/a')), false);
    assert.equal(sameOrigin(new URL('data:,x'), new URL('data:,x')), false);
    assert.equal(sameOrigin(new URL('blob:https://h/uuid'), new URL('https://h/')), true);
  });

  test('path string: "/" + path joined by "/"', () => {
    assert.equal(pathString(new URL('https://h/a//b/')), '/a//b/');
    assert.equal(pathString(new URL('https://h')), '/');
    assert.equal(isHTTPScheme(new URL('ftp://h/')), false);
    assert.equal(isHTTPScheme(new URL('http://h/')), true);
  });
});
