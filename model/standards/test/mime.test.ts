import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { extractMIMEType, getDecodeSplit, isJavaScriptMIMEType, JAVASCRIPT_MIME_TYPE_ESSENCES, parseMIMEType } from '../mime.js';

describe('MIME Sniffing: JavaScript MIME type', () => {
  test('the 16 essences (WPT registration-tests-mime-types.js)', () => {
    assert.equal(JAVASCRIPT_MIME_TYPE_ESSENCES.length, 16);
    for (const essence of JAVASCRIPT_MIME_TYPE_ESSENCES) assert.equal(isJavaScriptMIMEType(essence), true, essence);
  });
  test('compared ASCII case-insensitively; others are not', () => {
    assert.equal(isJavaScriptMIMEType('Text/JavaScript'), true);
    for (const e of ['text/plain', 'text/html', 'application/json', 'text/javascript1.6', 'application/x-javascript1.0', 'text/jsx', 'module/javascript']) {
      assert.equal(isJavaScriptMIMEType(e), false, e);
    }
  });
});

describe('MIME Sniffing: parse a MIME type', () => {
  test('steps 1–10: essence lowercased, whitespace trimmed', () => {
    assert.equal(parseMIMEType('  Text/JavaScript ; charset=utf-8')?.essence, 'text/javascript');
    assert.equal(parseMIMEType('text/javascript ')?.essence, 'text/javascript');
  });
  test('steps 4, 5, 9: failures', () => {
    for (const bad of ['', 'text', 'text/', '/javascript', 'te xt/javascript', 'text/java script', 'text/javascript\u00e9']) {
      assert.equal(parseMIMEType(bad), null, JSON.stringify(bad));
    }
  });
  test('step 11: parameters (first wins, quoted values unescaped)', () => {
    const m = parseMIMEType('text/javascript;CHARSET="ut\\f-8";charset=latin1;x');
    assert.equal(m?.parameters.get('charset'), 'utf-8');
    assert.equal(m?.parameters.size, 1);
  });
});

describe('Fetch: extract a MIME type', () => {
  test('get, decode, and split: commas outside quotes separate values', () => {
    assert.deepEqual(getDecodeSplit('x/x;test="hi",y/y'), ['x/x;test="hi"', 'y/y']);
    assert.deepEqual(getDecodeSplit('x / x,,,1'), ['x / x', '', '', '1']);
    assert.deepEqual(getDecodeSplit('"1,2", 3'), ['"1,2"', '3']);
    assert.deepEqual(getDecodeSplit('text/html;", x/x'), ['text/html;", x/x']);
  });
  test('step 5: no Content-Type → failure', () => {
    assert.equal(extractMIMEType(null), null);
  });
  test('step 6: the last valid value wins; */* and unparsable values are skipped', () => {
    assert.equal(extractMIMEType('text/html, text/javascript')?.essence, 'text/javascript');
    assert.equal(extractMIMEType('text/javascript, text/html')?.essence, 'text/html');
    assert.equal(extractMIMEType('text/javascript, */*')?.essence, 'text/javascript');
    assert.equal(extractMIMEType('text/javascript, bogus')?.essence, 'text/javascript');
    assert.equal(extractMIMEType('')?.essence, undefined);
  });
  test('step 6.5: a repeated essence inherits the charset', () => {
    assert.equal(extractMIMEType('text/javascript;charset=gbk, text/javascript')?.parameters.get('charset'), 'gbk');
  });
});
