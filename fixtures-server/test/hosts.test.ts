import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { HttpError } from '../errors.js';
import { resolveHost, splitHost } from '../hosts.js';
import { createFixtureServer } from '../server.js';
import { rawRequest, startServer, type TestServer } from './helpers.js';

function fieldOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof HttpError, `expected HttpError, got ${String(e)}`);
    assert.equal(e.status, 400);
    return e.field;
  }
  assert.fail('expected a rejection');
}

describe('resolveHost', () => {
  test('named hosts give run and role', () => {
    assert.deepEqual(resolveHost('r1.localhost:8000', null), { run: 'r1', role: 'a', hostname: 'r1.localhost', port: 8000, plain: false });
    assert.deepEqual(resolveHost('r1-b.localhost:8000', null), { run: 'r1', role: 'b', hostname: 'r1-b.localhost', port: 8000, plain: false });
    assert.deepEqual(resolveHost('r1.insecure.test:8000', null), {
      run: 'r1',
      role: 'insecure',
      hostname: 'r1.insecure.test',
      port: 8000,
      plain: false,
    });
    assert.equal(resolveHost('R1.LocalHost:1', null).run, 'r1', 'host names are case-insensitive');
    assert.equal(resolveHost('r1.localhost', null).port, null, 'the port is optional');
    assert.equal(resolveHost(`${'x'.repeat(40)}.localhost`, null).run, 'x'.repeat(40));
  });

  test('plain loopback names take the run from __run or the default', () => {
    assert.deepEqual(resolveHost('localhost:1', null), { run: 'default', role: 'a', hostname: 'localhost', port: 1, plain: true });
    assert.equal(resolveHost('127.0.0.1:1', 'abc').run, 'abc');
    assert.equal(resolveHost('[::1]:1', 'abc').run, 'abc');
  });

  test('a named host accepts a matching __run and refuses another', () => {
    assert.equal(resolveHost('r1.localhost:1', 'r1').run, 'r1');
    assert.equal(fieldOf(() => resolveHost('r1.localhost:1', 'r2')), '__run');
  });

  test('anything else is refused naming the parameter', () => {
    for (const host of [
      undefined,
      '',
      'evil.com',
      'r1.localhost.',
      'r1-c.localhost',
      'r-1.localhost',
      'a.b.localhost',
      'R_1.localhost',
      `${'x'.repeat(41)}.localhost`,
      'r1.test',
      'r1.insecure.test.evil.com',
      'localhost:99999',
      'localhost:0',
      'localhost:x',
      'local host',
      '10.0.0.1',
    ]) {
      assert.equal(fieldOf(() => resolveHost(host, null)), 'host', String(host));
    }
    for (const run of ['', 'UPPER', 'a-b', 'a/b', '../x', 'x'.repeat(41), 'ä']) {
      assert.equal(fieldOf(() => resolveHost('localhost:1', run)), '__run', run);
    }
  });

  test('splitHost handles IPv6 literals and ports', () => {
    assert.deepEqual(splitHost('[::1]:80'), { hostname: '[::1]', port: 80 });
    assert.deepEqual(splitHost('example'), { hostname: 'example', port: null });
    assert.equal(splitHost('a:b:c'), null);
    assert.equal(splitHost('a:'), null);
  });
});

describe('hosts over HTTP', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer();
  });
  after(() => s.close());

  test('every origin of a run is served, plain loopback too', async () => {
    for (const host of ['r1.localhost', 'r1-b.localhost', 'r1.insecure.test', 'localhost', '127.0.0.1']) {
      const r = await s.get('/p?__run=r1', host);
      assert.equal(r.status, 200, host);
      assert.equal(r.text, 'network:/p?__run=r1');
    }
    const log = await s.readLog('r1');
    assert.deepEqual(
      log.entries.map((e: { role: string }) => e.role),
      ['a', 'b', 'insecure', 'a', 'a'],
    );
  });

  test('plain loopback without __run is the default run', async () => {
    await s.get('/q', 'localhost');
    const log = await s.readLog('default');
    assert.ok(log.entries.some((e: { data: { url: string } }) => e.data.url.endsWith('/q')));
  });

  test('a foreign Host is a 400 naming "host"', async () => {
    const r = await s.get('/x', 'evil.example');
    assert.equal(r.status, 400);
    assert.equal(r.json().field, 'host');
    assert.equal(r.headers['content-type'], 'application/json; charset=utf-8');
  });

  test('the control API refuses a foreign Host too (DNS rebinding)', async () => {
    const r = await s.get('/__sw-conformance/runs/r1/log', 'rebound.example');
    assert.equal(r.status, 400);
    assert.equal(r.json().field, 'host');
  });

  test('bad or repeated __run is a 400 naming "__run"', async () => {
    for (const q of ['?__run=Bad', '?__run=a&__run=b', '?__run=', '?__run=%2e%2e']) {
      const r = await s.get(`/x${q}`, 'localhost');
      assert.equal(r.status, 400, q);
      assert.equal(r.json().field, '__run', q);
    }
    const r = await s.get('/x?__run=r2', 'r1.localhost');
    assert.equal(r.status, 400);
    assert.equal(r.json().field, '__run');
  });

  test('a request without Host (HTTP/1.0) is a 400', async () => {
    const out = await rawRequest(s.port, 'GET /x HTTP/1.0\r\n\r\n');
    assert.match(out, /^HTTP\/1\.[01] 400 /);
    assert.match(out, /"field":"host"/);
  });

  test('baseUrl gives the origins of a run', () => {
    assert.equal(s.server.baseUrl('r9', 'a'), `http://r9.localhost:${s.port}`);
    assert.equal(s.server.baseUrl('r9', 'b'), `http://r9-b.localhost:${s.port}`);
    assert.equal(s.server.baseUrl('r9', 'insecure'), `http://r9.insecure.test:${s.port}`);
    assert.throws(() => s.server.baseUrl('R9', 'a'));
    assert.equal(s.server.url, `http://127.0.0.1:${s.port}`);
  });
});

describe('binding', () => {
  test('refuses to listen anywhere but 127.0.0.1', async () => {
    for (const host of ['0.0.0.0', '::', '::1', 'localhost', '192.168.1.1']) {
      await assert.rejects(createFixtureServer({ host }), /127\.0\.0\.1 only/, host);
    }
  });

  test('refuses a bad port', async () => {
    for (const port of [-1, 65536, 1.5, Number.NaN]) {
      await assert.rejects(createFixtureServer({ port }), /port/);
    }
  });

  test('accepts host 127.0.0.1 explicitly and a fixed port', async () => {
    const probe = await createFixtureServer({ host: '127.0.0.1' });
    const fixed = probe.port;
    await probe.close();
    const s = await createFixtureServer({ host: '127.0.0.1', port: fixed });
    assert.equal(s.port, fixed);
    await s.close();
  });

  test('a port in use is an error, not a silent fallback', async () => {
    const a = await createFixtureServer();
    await assert.rejects(createFixtureServer({ port: a.port }), /EADDRINUSE/);
    await a.close();
  });
});
