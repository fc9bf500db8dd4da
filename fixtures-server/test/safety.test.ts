import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { staticSegments } from '../static.js';
import { HttpError } from '../errors.js';
import { rawRequest, request, startServer, type TestServer } from './helpers.js';

// A static root with a legitimate file, a secret next to it (outside), and symlinks.
const base = mkdtempSync(path.join(tmpdir(), 'swc-static-'));
const root = path.join(base, 'root');
const SECRET = 'TOP-SECRET-CONTENT';
mkdirSync(path.join(root, 'sub'), { recursive: true });
writeFileSync(path.join(root, 'ok.js'), 'self.ok = 1;');
writeFileSync(path.join(root, 'sub', 'inner.txt'), 'inner');
writeFileSync(path.join(root, '.hidden'), SECRET);
writeFileSync(path.join(base, 'secret.txt'), SECRET);
symlinkSync(path.join(base, 'secret.txt'), path.join(root, 'escape.txt'));
symlinkSync(base, path.join(root, 'escape-dir'));
symlinkSync(path.join(root, 'ok.js'), path.join(root, 'alias.js'));

let s: TestServer;
before(async () => {
  s = await startServer({ staticRoot: root });
});
after(async () => {
  await s.close();
  rmSync(base, { recursive: true, force: true });
});

describe('static files', () => {
  test('a file inside the root is served, with an inner symlink', async () => {
    let r = await s.get('/__sw-conformance/static/ok.js');
    assert.equal(r.status, 200);
    assert.equal(r.text, 'self.ok = 1;');
    assert.equal(r.headers['content-type'], 'text/javascript; charset=utf-8');
    assert.equal(r.headers['x-content-type-options'], 'nosniff');
    r = await s.get('/__sw-conformance/static/sub/inner.txt', 'st.localhost');
    assert.equal(r.text, 'inner');
    r = await s.get('/__sw-conformance/static/alias.js');
    assert.equal(r.text, 'self.ok = 1;');
  });

  test('symlinks that leave the root are refused', async () => {
    for (const p of ['escape.txt', 'escape-dir/secret.txt']) {
      const r = await s.get(`/__sw-conformance/static/${p}`);
      assert.equal(r.status, 403, p);
      assert.equal(r.json().field, 'path');
      assert.doesNotMatch(r.text, new RegExp(SECRET));
    }
  });

  test('directories, missing files and dotfiles are not served', async () => {
    for (const [p, status] of [
      ['sub', 404],
      ['missing.js', 404],
      ['.hidden', 400],
      ['sub/.', 400],
    ] as const) {
      const r = await s.get(`/__sw-conformance/static/${p}`);
      assert.equal(r.status, status, p);
      assert.doesNotMatch(r.text, new RegExp(SECRET));
    }
  });

  test('the default static folder serves its shim', async () => {
    const d = await startServer();
    try {
      const r = await d.get('/__sw-conformance/static/noop.js');
      assert.equal(r.status, 200);
      assert.match(r.headers['content-type'] ?? '', /^text\/javascript/);
    } finally {
      await d.close();
    }
  });
});

describe('the shim folder', () => {
  test('is served at /__swc-shim/ on every origin, unlogged', async () => {
    const d = await startServer();
    try {
      for (const host of ['sh.localhost', 'sh-b.localhost', 'sh.insecure.test']) {
        const js = await d.get('/__swc-shim/swc-connect.js', host);
        assert.equal(js.status, 200, host);
        assert.equal(js.headers['content-type'], 'text/javascript; charset=utf-8');
        const page = await d.get('/__swc-shim/endpoint.html', host);
        assert.equal(page.headers['content-type'], 'text/html; charset=utf-8');
      }
      assert.equal((await d.readLog('sh')).lastSeq, 0, 'infrastructure is not a scenario request');
      for (const p of ['../server.ts', '%2e%2e/server.ts', '..%2fserver.ts', 'missing.js', '']) {
        const r = await request(d.port, { host: `sh.localhost:${d.port}`, path: `/__swc-shim/${p}` });
        assert.ok([400, 403, 404].includes(r.status), `${p} → ${r.status}`);
        assert.doesNotMatch(r.text, /createFixtureServer/);
      }
    } finally {
      await d.close();
    }
  });
});

describe('path traversal, whatever the spelling', () => {
  // Targets: the secret beside the static root, and this repository's package.json.
  const spellings = [
    '../secret.txt',
    '../../secret.txt',
    'sub/../../secret.txt',
    '%2e%2e/secret.txt',
    '%2E%2E/secret.txt',
    '.%2e/secret.txt',
    '%2e./secret.txt',
    '%252e%252e/secret.txt',
    '%25252e%25252e/secret.txt',
    '..%2fsecret.txt',
    '..%2Fsecret.txt',
    '%2e%2e%2fsecret.txt',
    '..%5csecret.txt',
    '..%5Csecret.txt',
    '..\\secret.txt',
    '%2e%2e%5csecret.txt',
    '..%255csecret.txt',
    '..%252fsecret.txt',
    '%c0%ae%c0%ae/secret.txt',
    '%uff0e%uff0e/secret.txt',
    '..%00/secret.txt',
    'ok.js%00.txt',
    `${'..%2f'.repeat(12)}etc/passwd`,
    '%2fetc%2fpasswd',
    '/etc/passwd',
    '//etc/passwd',
    'C:%5cWindows%5cwin.ini',
    'escape-dir%2fsecret.txt',
    `${'../'.repeat(10)}work/main/package.json`,
    `${'%2e%2e/'.repeat(10)}work/main/package.json`,
  ];
  for (const spelling of spellings) {
    test(`static/${spelling}`, async () => {
      const r = await request(s.port, { path: `/__sw-conformance/static/${spelling}` });
      assert.ok([400, 403, 404].includes(r.status), `${spelling} → ${r.status}`);
      assert.doesNotMatch(r.text, new RegExp(SECRET));
      assert.doesNotMatch(r.text, /root:x:|"devDependencies"/);
      assert.equal(r.json().field, 'path');
    });
  }

  test('scenario paths never touch the file system (they only echo the path)', async () => {
    for (const spelling of ['/../../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/..%2f..%2fpackage.json', '/..\\..\\package.json', '/fixtures-server/server.ts']) {
      const r = await request(s.port, { host: `tr.localhost:${s.port}`, path: spelling });
      assert.equal(r.status, 200, spelling);
      assert.equal(r.text, `network:${spelling}`);
    }
    for (const spelling of ['/__sw-conformance/../package.json', '/__sw-conformance/%2e%2e/package.json', '/__sw-conformance/static']) {
      const r = await request(s.port, { path: spelling });
      assert.ok(r.status === 404 || r.status === 400, `${spelling} → ${r.status}`);
      assert.doesNotMatch(r.text, /"devDependencies"/);
    }
  });

  test('staticSegments refuses every bad form before touching the disk', () => {
    const refuse = (p: string) =>
      assert.throws(
        () => staticSegments(p),
        (e) => e instanceof HttpError && e.status === 400,
        p,
      );
    for (const p of ['', '..', 'a/..', 'a//b', './a', 'a/./b', '%2e%2e', 'a%2fb', 'a%5cb', 'a\\b', '%252e', 'a%00', '%e0%80', '.git/config', 'a:b'])
      refuse(p);
    assert.deepEqual(staticSegments('a/b%20c.js'), ['a', 'b c.js']);
  });
});

describe('proxy (absolute-form requests, for WebKit)', () => {
  test('*.insecure.test and *.localhost on our port are served as direct requests', async () => {
    await s.put('px', { '{insecure}/page': { kind: 'text', body: 'insecure origin' }, '{b}/x': { kind: 'text', body: 'b origin' } });
    let r = await request(s.port, { path: `http://px.insecure.test:${s.port}/page?q=1`, host: `px.insecure.test:${s.port}` });
    assert.equal(r.status, 200);
    assert.equal(r.text, 'insecure origin');
    r = await request(s.port, { path: `http://px-b.localhost:${s.port}/x`, host: 'ignored.example' });
    assert.equal(r.text, 'b origin', 'the absolute URL wins over the Host header');
    r = await request(s.port, { path: `HTTP://PX.INSECURE.TEST:${s.port}` });
    assert.equal(r.text, 'network:/');
    const log = await s.readLog('px');
    assert.deepEqual(
      log.entries.map((e: any) => [e.role, e.data.url]),
      [
        ['insecure', `http://px.insecure.test:${s.port}/page?q=1`],
        ['b', `http://px-b.localhost:${s.port}/x`],
        ['insecure', `http://PX.INSECURE.TEST:${s.port}/`],
      ],
    );
  });

  test('the control API and the log work through the proxy', async () => {
    const r = await request(s.port, {
      method: 'POST',
      path: `http://pl.insecure.test:${s.port}/__sw-conformance/log`,
      body: { source: 'page:x', type: 'page-load' },
    });
    assert.equal(r.status, 204);
    assert.equal((await s.readLog('pl')).entries[0].role, 'insecure');
  });

  test('never forwards anywhere else', async () => {
    const cases: Array<[string, number, string]> = [
      ['http://example.com/', 403, 'host'],
      [`http://example.com:${s.port}/`, 403, 'host'],
      [`http://127.0.0.2:${s.port}/`, 403, 'host'],
      [`http://px.localhost.evil.com:${s.port}/`, 403, 'host'],
      ['http://px.insecure.test/', 403, 'host'],
      [`http://px.insecure.test:${s.port + 1}/`, 403, 'host'],
      [`https://px.insecure.test:${s.port}/`, 403, 'url'],
      [`ftp://px.insecure.test:${s.port}/`, 403, 'url'],
      [`http://user:pw@px.insecure.test:${s.port}/`, 400, 'url'],
      [`http://other.test:${s.port}/`, 400, 'host'],
      [`http://[::1]:${s.port}/`, 403, 'host'],
    ];
    for (const [target, status, field] of cases) {
      const r = await request(s.port, { path: target });
      assert.equal(r.status, status, target);
      assert.equal(r.json().field, field, target);
    }
  });

  test('CONNECT tunnels are refused', async () => {
    const out = await rawRequest(s.port, `CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n`);
    assert.match(out, /^HTTP\/1\.1 403 /);
  });

  test('asterisk-form and junk targets are a 400', async () => {
    const out = await rawRequest(s.port, `OPTIONS * HTTP/1.1\r\nHost: 127.0.0.1:${s.port}\r\n\r\n`);
    assert.match(out, /^HTTP\/1\.1 400 /);
  });
});

describe('cross-site requests', () => {
  test('the control API refuses requests a browser marks cross-site', async () => {
    for (const [method, path] of [
      ['GET', '/__sw-conformance/runs/cx/log'],
      ['POST', '/__sw-conformance/log'],
      ['DELETE', '/__sw-conformance/runs/cx'],
    ] as const) {
      const r = await request(s.port, {
        method,
        host: `cx.localhost:${s.port}`,
        path,
        headers: { 'sec-fetch-site': 'cross-site' },
        ...(method === 'POST' ? { body: { source: 'page:x', type: 'x' } } : {}),
      });
      assert.equal(r.status, 403, `${method} ${path}`);
      assert.equal(r.json().field, 'sec-fetch-site');
    }
    const same = await request(s.port, {
      method: 'POST',
      host: `cx.localhost:${s.port}`,
      path: '/__sw-conformance/log',
      headers: { 'sec-fetch-site': 'same-origin', 'content-type': 'text/plain' },
      body: JSON.stringify({ source: 'page:x', type: 'x' }),
    });
    // Even same-origin, a report must be JSON: a text/plain POST is a simple request any page can send.
    assert.equal(same.status, 415, 'a text/plain report is refused (issue 22, item 8)');
    assert.equal(same.json().field, 'content-type');
  });

  test('control bodies must be application/json (no simple cross-site POST)', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const r = await request(s.port, {
        method: 'POST',
        path: '/__sw-conformance/runs/cx/log',
        headers: { 'content-type': type },
        body: JSON.stringify({ source: 'harness', type: 'x' }),
      });
      assert.equal(r.status, 415, type);
      assert.equal(r.json().field, 'content-type');
    }
    const ok = await request(s.port, {
      method: 'POST',
      path: '/__sw-conformance/runs/cx/log',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ source: 'harness', type: 'x' }),
    });
    assert.equal(ok.status, 200);
  });
});

describe('the control path prefix is exact', () => {
  test('only whole path segments count as infrastructure', async () => {
    assert.equal((await s.get('/__sw-conformancex/log', 'cs.localhost')).text, 'network:/__sw-conformancex/log');
    assert.equal((await s.get('/__swc-shimx/a.js', 'cs.localhost')).text, 'network:/__swc-shimx/a.js');
    let r = await s.get('/__sw-conformance', 'cs.localhost');
    assert.equal(r.status, 200, 'the control index');
    assert.equal(typeof r.json().port, 'number');
    r = await s.get('/__swc-shim', 'cs.localhost');
    assert.equal(r.status, 400);
    assert.equal(r.json().field, 'path');
  });

  test('a differently cased prefix is an ordinary scenario path', async () => {
    const r = await s.get('/__SW-CONFORMANCE/runs/x/log', 'cs.localhost');
    assert.equal(r.text, 'network:/__SW-CONFORMANCE/runs/x/log');
  });
});
