// Hostile and faulty clients (issue 22): the fixture server is treated as internet-facing code even
// though it listens on loopback. Nothing a client sends may crash it, poison a run, block other
// requests or grow its memory past one budget.

import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { closeSync, constants as fsConstants, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { after, before, describe, test } from 'node:test';
import { checkDepth, MemoryBudget } from '../budget.js';
import { ObservationLog } from '../log.js';
import { agentPage, workerScript } from '../templates.js';
import { rawRequest, request, sleep, startServer, type Reply, type TestServer } from './helpers.js';

const CLI = fileURLToPath(new URL('../cli.ts', import.meta.url));

let s: TestServer;
before(async () => {
  s = await startServer();
});
after(() => s.close());

/** Opens a raw connection, writes `raw`, waits for the first bytes of an answer (or `waitMs`), then resets it. */
function sendThenReset(port: number, raw: string, waitMs = 500): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(raw));
    socket.on('error', () => {});
    let out = '';
    const reset = (): void => {
      clearTimeout(timer);
      socket.resetAndDestroy();
      resolve(out);
    };
    const timer = setTimeout(reset, waitMs);
    socket.once('data', (d) => {
      out = d.toString('latin1');
      reset();
    });
  });
}

const nested = (depth: number): string => `${'['.repeat(depth)}${']'.repeat(depth)}`;

describe('item 1: every socket has an error path', () => {
  test('CONNECT answered 403, then a reset: the server process lives on', async () => {
    // As the issue found it: the standalone server (npm run fixtures), where an unhandled 'error'
    // event ends the process (under the test runner an in-process server would only report it).
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    let exitCode: number | null | undefined;
    child.on('exit', (code) => (exitCode = code));
    try {
      const deadline = Date.now() + 20_000;
      while (!/Ctrl-C to stop/.test(out) && Date.now() < deadline) await sleep(50);
      const port = Number(/http:\/\/127\.0\.0\.1:(\d+)/.exec(out)?.[1]);
      assert.ok(port > 0, out + err);
      for (let i = 0; i < 3; i++) {
        const answer = await sendThenReset(port, 'CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n');
        assert.match(answer, /^HTTP\/1\.1 403 /);
      }
      await sendThenReset(port, 'GARBAGE\r\n\r\n');
      await sleep(300);
      assert.equal(exitCode, undefined, `the server exited: ${err}`);
      const r = await request(port, { host: `h0.localhost:${port}`, path: '/alive' });
      assert.equal(r.text, 'network:/alive');
      assert.equal(err, '');
    } finally {
      child.kill('SIGTERM');
    }
  });

  test('a reset after a malformed request, an upgrade, or halfway through a body: the server lives on, and logs no error', async () => {
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => void errors.push(args);
    try {
      const h = `h1.localhost:${s.port}`;
      await sendThenReset(s.port, 'GARBAGE\r\n\r\n');
      await sendThenReset(s.port, `GET /ws HTTP/1.1\r\nHost: ${h}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n`);
      await sendThenReset(s.port, `POST /__sw-conformance/log HTTP/1.1\r\nHost: ${h}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"so`, 100);
      await sendThenReset(s.port, `PUT /__sw-conformance/runs/h1/resources HTTP/1.1\r\nHost: ${h}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"re`, 100);
      await sendThenReset(s.port, `GET /__sw-conformance/runs/h1/log?min=5&timeoutMs=2000 HTTP/1.1\r\nHost: ${h}\r\n\r\n`, 100);
      await sleep(100);
      assert.equal((await s.get('/alive', 'h1.localhost')).status, 200);
    } finally {
      console.error = original;
    }
    assert.deepEqual(errors, [], 'an abandoned request is not a server error');
  });

  test('a malformed request is answered 400 in the JSON error shape', async () => {
    const out = await rawRequest(s.port, 'GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n');
    assert.match(out, /^HTTP\/1\.1 400 /);
    assert.match(out, /"field":"request"/);
  });
});

describe('item 3: log data nesting is bounded at the entry', () => {
  test('5,000 levels are refused naming "data" (page log and harness log), and the run stays readable', async () => {
    const body = `{"source":"page:x","type":"deep","data":${nested(5000)}}`;
    let r = await request(s.port, { method: 'POST', host: `d1.localhost:${s.port}`, path: '/__sw-conformance/log', body });
    assert.equal(r.status, 400);
    assert.equal(r.json().field, 'data');
    r = await request(s.port, { method: 'POST', path: '/__sw-conformance/runs/d1/log', body: body.replace('page:x', 'harness') });
    assert.equal(r.status, 400);
    assert.equal(r.json().field, 'data');
    const log = await s.readLog('d1');
    assert.deepEqual(log.entries, []);
  });

  test('data at the bound is stored and read back; one level more is refused', async () => {
    const ok = await s.log('d2.localhost', { source: 'page:x', type: 'deep', data: JSON.parse(nested(32)) });
    assert.equal(ok.status, 204);
    const over = await s.log('d2.localhost', { source: 'page:x', type: 'deep', data: JSON.parse(nested(33)) });
    assert.equal(over.status, 400);
    assert.equal(over.json().field, 'data');
    const log = await s.readLog('d2');
    assert.equal(log.entries.length, 1);
    assert.equal(JSON.stringify(log.entries[0].data), nested(32));
  });

  test('checkDepth is iterative (a million levels do not overflow it)', () => {
    const deep = JSON.parse(nested(1_000_000)) as unknown;
    assert.throws(() => checkDepth(deep, 32, 'data'), (e: { status: number; field: string }) => e.status === 400 && e.field === 'data');
    assert.doesNotThrow(() => checkDepth({ a: [1, { b: 'x' }] }, 3, 'data'));
    assert.throws(() => checkDepth({ a: [1, { b: [] }] }, 3, 'data'));
  });
});

describe('item 4: one memory budget for the whole server', () => {
  const BUDGET = 64 * 1024;
  let b: TestServer;
  before(async () => {
    b = await startServer({ limits: { memoryBudgetBytes: BUDGET, maxControlBodyBytes: 256 * 1024 } });
  });
  after(() => b.close());
  const post = (run: string, size: number): Promise<Reply> =>
    b.control('POST', `/runs/${run}/log`, { source: 'harness', type: 'fill', data: 'x'.repeat(size) });

  test('entries across runs share it; beyond it new data is a 413 naming "budget"; DELETE frees it', async () => {
    // About 40 KiB in one run and 20 KiB in another: the third run's 8 KiB no longer fits.
    for (let i = 0; i < 10; i++) assert.equal((await post('m1', 4000)).status, 200);
    for (let i = 0; i < 5; i++) assert.equal((await post('m2', 4000)).status, 200);
    const refused = await post('m3', 8000);
    assert.equal(refused.status, 413);
    assert.equal(refused.json().field, 'budget');
    assert.match(refused.json().error, /memory budget of 65536 bytes/);
    // A resource PUT and even a scenario request (its network entry) are refused while it is spent.
    const put = await b.put('m3', { '{a}/big.txt': { kind: 'text', body: 'y'.repeat(8000) } });
    assert.equal(put.status, 413);
    assert.equal(put.json().field, 'budget');
    assert.deepEqual((await b.control('GET', '/runs/m3/resources')).json().resources, {}, 'a refused PUT changes nothing');
    // What was stored is still readable (answers have their own budget).
    assert.equal((await b.readLog('m1')).entries.length, 10);
    // Deleting a run gives its share back.
    assert.equal((await b.control('DELETE', '/runs/m1')).status, 200);
    assert.equal((await post('m3', 8000)).status, 200);
    assert.equal((await b.put('m3', { '{a}/big.txt': { kind: 'text', body: 'y'.repeat(8000) } })).status, 200);
    await b.control('DELETE', '/runs/m2');
    await b.control('DELETE', '/runs/m3');
  });

  test('a request body larger than what is left of the budget is refused while it is read', async () => {
    const r = await b.put('m4', { '{a}/big.txt': { kind: 'text', body: 'z'.repeat(100 * 1024) } });
    assert.equal(r.status, 413);
    assert.equal(r.json().field, 'budget');
    assert.equal((await post('m4', 1000)).status, 200, 'the bytes of the refused body were given back');
    await b.control('DELETE', '/runs/m4');
  });

  test('ObservationLog gives dropped and closed entries back', () => {
    const budget = new MemoryBudget(1e9);
    const log = new ObservationLog(3, budget);
    for (let i = 0; i < 10; i++) log.append('harness', 'n', 'x'.repeat(100));
    const three = budget.used;
    assert.ok(three > 300 && three < 1000, String(three));
    log.append('harness', 'n', 'x'.repeat(100));
    assert.equal(budget.used, three, 'a full log trades its oldest entry for the new one');
    log.close();
    assert.equal(budget.used, 0);
  });
});

describe('item 7: only regular files are opened in static/', () => {
  let dir: string;
  let fifo: string;
  let f: TestServer;
  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'swc-fifo-'));
    fifo = path.join(dir, 'pipe.js');
    execFileSync('mkfifo', [fifo]);
    writeFileSync(path.join(dir, 'ok.js'), 'ok');
    writeFileSync(path.join(dir, 'empty.txt'), '');
    f = await startServer({ staticRoot: dir });
  });
  after(async () => {
    // Opening the FIFO read-write never blocks and releases any reader a broken server left waiting.
    closeSync(openSync(fifo, fsConstants.O_RDWR | fsConstants.O_NONBLOCK));
    await f.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('a FIFO is a 404 at once, and other static requests are not held up', async () => {
    const within = <T>(p: Promise<T>, ms: number): Promise<T> =>
      Promise.race([p, sleep(ms).then(() => Promise.reject(new Error(`no answer within ${ms} ms`)))]);
    const r = await within(f.get('/__sw-conformance/static/pipe.js'), 2000);
    assert.equal(r.status, 404);
    assert.equal(r.json().field, 'path');
    const ok = await within(f.get('/__sw-conformance/static/ok.js'), 2000);
    assert.equal(ok.text, 'ok');
    const empty = await within(f.get('/__sw-conformance/static/empty.txt'), 2000);
    assert.equal(empty.status, 200);
    assert.equal(empty.text, '');
  });
});

describe('item 8: the page log takes JSON from the run\'s own origins only', () => {
  const post = (host: string, entry: unknown, headers: Record<string, string> = {}): Promise<Reply> =>
    request(s.port, { method: 'POST', host: `${host}:${s.port}`, path: '/__sw-conformance/log', headers, body: JSON.stringify(entry) });
  const entry = { source: 'page:x', type: 't' };

  test('a text/plain (or form) POST is a 415 and stores nothing', async () => {
    for (const type of ['text/plain', 'text/plain;charset=UTF-8', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const r = await post('o1.localhost', entry, { 'content-type': type });
      assert.equal(r.status, 415, type);
      assert.equal(r.json().field, 'content-type');
    }
    const r = await request(s.port, { method: 'POST', host: `o1.localhost:${s.port}`, path: '/__sw-conformance/log', headers: { 'content-type': '' }, body: JSON.stringify(entry) });
    assert.equal(r.status, 415, 'no content type');
    assert.deepEqual((await s.readLog('o1')).entries, []);
  });

  test('a page cannot claim the harness source', async () => {
    for (const source of ['harness', 'harness:step', 'harnessx']) {
      const r = await post('o2.localhost', { source, type: 't' });
      assert.equal(r.status, 400, source);
      assert.equal(r.json().field, 'source');
    }
    assert.deepEqual((await s.readLog('o2')).entries, []);
  });

  test('Sec-Fetch-Site: cross-site is refused in any case', async () => {
    for (const site of ['Cross-Site', 'CROSS-SITE', ' cross-site ']) {
      const r = await post('o3.localhost', entry, { 'sec-fetch-site': site });
      assert.equal(r.status, 403, site);
      assert.equal(r.json().field, 'sec-fetch-site');
    }
  });

  test('an Origin that is not the run\'s own is refused; the run\'s own origins and loopback are accepted', async () => {
    const p = s.port;
    for (const origin of [
      'http://evil.com',
      'null',
      `http://o4.localhost:${p + 1}`,
      'http://o4.localhost',
      `https://o4.localhost:${p}`,
      `http://other.localhost:${p}`,
      `http://o4.localhost.evil.com:${p}`,
      `http://user@o4.localhost:${p}`,
      `http://o4.localhost:${p}/path`,
    ]) {
      const r = await post('o4.localhost', entry, { origin });
      assert.equal(r.status, 403, origin);
      assert.equal(r.json().field, 'origin', origin);
    }
    for (const origin of [`http://o4.localhost:${p}`, `http://o4-b.localhost:${p}`, `http://o4.insecure.test:${p}`, `http://localhost:${p}`, `http://127.0.0.1:${p}`]) {
      const r = await post('o4-b.localhost', entry, { origin, 'sec-fetch-site': 'same-origin' });
      assert.equal(r.status, 204, origin);
    }
    assert.equal((await s.readLog('o4')).entries.length, 5);
  });

  test('the control API refuses a foreign Origin too', async () => {
    const r = await request(s.port, { path: '/__sw-conformance/runs/o5/log', headers: { origin: 'http://evil.com' } });
    assert.equal(r.status, 403);
    assert.equal(r.json().field, 'origin');
  });

  /** What a browser sends for a fetch(url, init) made by a document or worker at `from`. */
  const replay = (from: string, url: string, init: { method: string; headers: Record<string, string>; body: string }): Promise<Reply> => {
    const target = new URL(url, from);
    return request(s.port, {
      method: init.method,
      host: target.host,
      path: target.pathname + target.search,
      headers: { ...init.headers, origin: new URL(from).origin, 'sec-fetch-site': target.origin === new URL(from).origin ? 'same-origin' : 'cross-site' },
      body: init.body,
    });
  };

  test('the agent page\'s own report (origin {b} of a run) is accepted as the browser sends it', async () => {
    const href = `http://o6-b.localhost:${s.port}/p/page.html`;
    const html = agentPage({ run: 'o6', role: 'b' });
    const sent: Array<[string, any]> = [];
    const g: Record<string, any> = {
      location: { href },
      isSecureContext: true,
      navigator: {},
      setTimeout,
      clearTimeout,
      MessageChannel,
      URL,
      addEventListener: () => {},
      fetch: (url: string, init: unknown) => (sent.push([url, init]), Promise.resolve({ ok: true })),
      document: { body: { appendChild: () => {} }, createElement: () => ({}) },
    };
    g.window = g;
    g.parent = g;
    vm.createContext(g);
    new vm.Script(/<script>\n([\s\S]*)\n<\/script>/.exec(html)![1]!).runInContext(g);
    assert.equal(sent.length, 1, 'the page-load report');
    const r = await replay(href, sent[0]![0], sent[0]![1]);
    assert.equal(r.status, 204, r.text);
    const [e] = (await s.readLog('o6')).entries;
    assert.equal(e.type, 'page-load');
    assert.equal(e.role, 'b');
  });

  test('a generated worker\'s report (origin {b} of a run) is accepted as the browser sends it', async () => {
    const scriptUrl = `http://o7-b.localhost:${s.port}/sw.js`;
    const listeners: Record<string, Array<(e: unknown) => void>> = {};
    const sent: Array<[string, any]> = [];
    const self: Record<string, unknown> = {
      location: new URL(scriptUrl),
      addEventListener: (type: string, fn: (e: unknown) => void) => (listeners[type] ??= []).push(fn),
      skipWaiting: () => Promise.resolve(),
      clients: { claim: () => Promise.resolve() },
      registration: { installing: { state: 'installing', scriptURL: scriptUrl, addEventListener: () => {} } },
    };
    const g = vm.createContext({ self, URL, setTimeout, fetch: (url: string, init: unknown) => (sent.push([url, init]), Promise.resolve({ ok: true })) });
    new vm.Script(workerScript('o7', { version: 'v1' })).runInContext(g);
    for (const fn of listeners.install ?? []) fn({ waitUntil: () => {} });
    const install = sent.find(([, init]) => JSON.parse(init.body).type === 'install');
    assert.ok(install, 'the install report');
    const r = await replay(scriptUrl, install[0], install[1]);
    assert.equal(r.status, 204, r.text);
    const entries = (await s.readLog('o7')).entries;
    assert.deepEqual(
      entries.map((e: any) => [e.source, e.type, e.role]),
      [['worker:v1', 'install', 'b']],
    );
  });
});

describe('item 9: methods and Host ports', () => {
  test('a wrong method on a control route is a 405 with Allow', async () => {
    for (const [method, p, allow] of [
      ['POST', '/', 'GET, HEAD'],
      ['PUT', '/', 'GET, HEAD'],
      ['POST', '/static/x.js', 'GET, HEAD'],
      ['DELETE', '/static/x.js', 'GET, HEAD'],
      ['GET', '/log', 'POST'],
      ['DELETE', '/runs/m9/log', 'GET, POST'],
      ['GET', '/runs/m9/bump', 'POST'],
      ['POST', '/runs/m9', 'DELETE'],
      ['POST', '/runs/m9/resources', 'PUT, PATCH, GET'],
    ] as const) {
      const r = await s.control(method, p);
      assert.equal(r.status, 405, `${method} ${p}`);
      assert.equal(r.headers.allow, allow, `${method} ${p}`);
      assert.equal(r.json().field, 'method');
    }
    assert.equal((await s.control('GET', '/runs')).status, 404, 'unknown paths stay 404');
  });

  test('a Host naming another port (or none, i.e. 80) is a 400 naming "host", on every path', async () => {
    for (const host of [`p1.localhost:${s.port + 1}`, 'p1.localhost', `127.0.0.1:${s.port === 8080 ? 8081 : 8080}`]) {
      for (const p of ['/x', '/__sw-conformance/', '/__sw-conformance/runs/p1/log', '/__swc-shim/swc-connect.js']) {
        const r = await request(s.port, { host, path: p });
        assert.equal(r.status, 400, `${host} ${p}`);
        assert.equal(r.json().field, 'host', `${host} ${p}`);
      }
      const r = await request(s.port, { method: 'POST', host, path: '/__sw-conformance/log', body: entryBody });
      assert.equal(r.status, 400, `${host} POST log`);
      assert.equal(r.json().field, 'host');
    }
    assert.deepEqual((await s.readLog('p1')).entries, []);
  });
  const entryBody = JSON.stringify({ source: 'page:x', type: 't' });
});

describe('further: heads, slow clients, connections', () => {
  test('more than one Host header is a 400 naming "host", whichever comes first', async () => {
    for (const hosts of [[`f0.localhost:${s.port}`, 'evil.com'], [`f0.localhost:${s.port}`, `f0-b.localhost:${s.port}`]]) {
      const out = await rawRequest(s.port, `GET /x HTTP/1.1\r\n${hosts.map((h) => `Host: ${h}\r\n`).join('')}\r\n`);
      assert.match(out, /^HTTP\/1\.1 400 /, hosts.join(' '));
      assert.match(out, /"field":"host"/);
    }
  });

  test('a request head (URL or headers) over the bound is a 431, and the server lives on', async () => {
    const longUrl = await rawRequest(s.port, `GET /${'a'.repeat(20 * 1024)} HTTP/1.1\r\nHost: f1.localhost:${s.port}\r\n\r\n`);
    assert.match(longUrl, /^HTTP\/1\.1 431 /);
    const bigHeader = await rawRequest(s.port, `GET / HTTP/1.1\r\nHost: f1.localhost:${s.port}\r\nX-Big: ${'b'.repeat(20 * 1024)}\r\n\r\n`);
    assert.match(bigHeader, /^HTTP\/1\.1 431 /);
    assert.equal((await s.get('/alive', 'f1.localhost')).status, 200);
  });

  test('slow heads and slow bodies are cut off; a long poll is not', async () => {
    const t = await startServer({ limits: { headersTimeoutMs: 300, requestTimeoutMs: 600 } });
    try {
      const started = Date.now();
      const slowHead = await rawRequest(t.port, `GET /x HTTP/1.1\r\nHost: f2.localhost:${t.port}\r\n`, 5000);
      assert.match(slowHead, /^HTTP\/1\.1 408 /);
      const slowBody = await rawRequest(
        t.port,
        `POST /__sw-conformance/runs/f2/log HTTP/1.1\r\nHost: 127.0.0.1:${t.port}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{`,
        5000,
      );
      assert.match(slowBody, /^HTTP\/1\.1 408 /);
      assert.ok(Date.now() - started < 4500, 'both cut off within a few checking intervals');
      // requestTimeout counts the request only: a wait longer than it is still answered.
      const log = await t.readLog('f2', '?quietMs=1500&timeoutMs=3000');
      assert.equal(log.timedOut, false);
    } finally {
      await t.close();
    }
  });

  test('connections beyond maxConnections are closed on arrival; the server serves the rest', async () => {
    const t = await startServer({ limits: { maxConnections: 2 } });
    const held: net.Socket[] = [];
    try {
      for (let i = 0; i < 2; i++) {
        const c = net.connect(t.port, '127.0.0.1');
        c.on('error', () => {});
        held.push(c);
        await new Promise((r) => c.once('connect', r));
      }
      await sleep(50);
      const third = await rawRequest(t.port, `GET /x HTTP/1.1\r\nHost: f3.localhost:${t.port}\r\n\r\n`, 1000).catch((e: Error) => `error ${e.message}`);
      assert.doesNotMatch(third, /^HTTP\/1\.1 200 /);
      for (const c of held.splice(0)) c.destroy();
      await sleep(50);
      assert.equal((await t.get('/x', 'f3.localhost')).status, 200);
    } finally {
      for (const c of held) c.destroy();
      await t.close();
    }
  });
});
