import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DEFAULT_LIMITS } from '../limits.js';
import { ObservationLog } from '../log.js';
import { parseLogQuery } from '../server.js';
import { HttpError } from '../errors.js';
import { request, sleep, startServer, type TestServer } from './helpers.js';

let s: TestServer;
before(async () => {
  s = await startServer({ limits: { maxEntriesPerRun: 50, maxWaitersPerRun: 3, maxLogBodyBytes: 1024 } });
});
after(() => s.close());

const page = (run: string, type = 'page-load', data: unknown = { n: 1 }) =>
  s.log(`${run}.localhost`, { source: `page:http://${run}.localhost/p.html`, type, data });

describe('appending', () => {
  test('pages and workers POST to their own origin; entries carry seq, t, source, type, data, role', async () => {
    const t0 = Date.now();
    let r = await page('l1');
    assert.equal(r.status, 204);
    r = await s.log('l1-b.localhost', { source: 'worker:v1', type: 'install', data: { worker: 'v1' } });
    assert.equal(r.status, 204);
    r = await s.log('l1.insecure.test', { source: 'page:x', type: 'page-load' });
    assert.equal(r.status, 204);
    const log = await s.readLog('l1');
    assert.equal(log.run, 'l1');
    assert.equal(log.lastSeq, 3);
    assert.equal(log.dropped, 0);
    assert.equal(log.timedOut, false);
    assert.deepEqual(
      log.entries.map((e: any) => [e.seq, e.source, e.type, e.data, e.role]),
      [
        [1, 'page:http://l1.localhost/p.html', 'page-load', { n: 1 }, 'a'],
        [2, 'worker:v1', 'install', { worker: 'v1' }, 'b'],
        [3, 'page:x', 'page-load', {}, 'insecure'],
      ],
    );
    for (const e of log.entries) assert.ok(e.t >= t0 && e.t <= Date.now());
  });

  test('plain loopback pages name their run with __run', async () => {
    const r = await request(s.port, {
      method: 'POST',
      host: `localhost:${s.port}`,
      path: '/__sw-conformance/log?__run=l2',
      body: { source: 'page:http://localhost/', type: 'page-load' },
    });
    assert.equal(r.status, 204);
    assert.equal((await s.readLog('l2')).entries.length, 1);
  });

  test('the fast path and the express route for the log POST behave alike', async () => {
    for (const path of ['/__sw-conformance/log', '/__sw-conformance/log/', '/__sw-conformance/log?x=1']) {
      const r = await request(s.port, { method: 'POST', host: `fp.localhost:${s.port}`, path, body: { source: 'page:x', type: 'x' } });
      assert.equal(r.status, 204, path);
    }
    for (const path of ['/__sw-conformance/log?__run=other', '/__sw-conformance/log/?__run=other']) {
      const r = await request(s.port, { method: 'POST', host: `fp.localhost:${s.port}`, path, body: { source: 'page:x', type: 'x' } });
      assert.equal(r.status, 400, path);
      assert.equal(r.json().field, '__run');
    }
    for (const path of ['/__sw-conformance/log', '/__sw-conformance/log/']) {
      const r = await request(s.port, { method: 'POST', host: `evil.example:${s.port}`, path, body: { source: 'page:x', type: 'x' } });
      assert.equal(r.status, 400, path);
      assert.equal(r.json().field, 'host');
    }
    assert.equal((await s.readLog('fp')).lastSeq, 3);
    const other = await request(s.port, { method: 'POST', host: `fp.localhost:${s.port}`, path: '/__sw-conformance/logs', body: {} });
    assert.equal(other.status, 404, 'a longer path is not the log');
  });

  test('the harness may add its own entries', async () => {
    const r = await s.control('POST', '/runs/l3/log', { source: 'harness', type: 'step', data: { i: 0 } });
    assert.equal(r.status, 200);
    assert.deepEqual(r.json(), { seq: 1 });
    const [e] = (await s.readLog('l3')).entries;
    assert.equal(e.source, 'harness');
    assert.equal(e.role, undefined);
  });

  test('bad log bodies are a 400 naming the field; big ones a 413', async () => {
    const cases: Array<[unknown, string]> = [
      [{ type: 'x' }, 'source'],
      [{ source: 'server', type: 'x' }, 'source'],
      [{ source: 'page:\nforged', type: 'x' }, 'source'],
      [{ source: 1, type: 'x' }, 'source'],
      [{ source: 'page:x' }, 'type'],
      [{ source: 'page:x', type: 'Bad Type' }, 'type'],
      [{ source: 'page:x', type: 'x'.repeat(65) }, 'type'],
      [{ source: 'page:x', type: 'x', extra: 1 }, 'body.extra'],
      [[], 'body'],
    ];
    for (const [body, field] of cases) {
      const r = await s.log('l4.localhost', body);
      assert.equal(r.status, 400, JSON.stringify(body));
      assert.equal(r.json().field, field, JSON.stringify(body));
    }
    let r = await request(s.port, { method: 'POST', host: `l4.localhost:${s.port}`, path: '/__sw-conformance/log', body: 'not json' });
    assert.equal(r.json().field, 'body');
    r = await s.log('l4.localhost', { source: 'page:x', type: 'x', data: 'y'.repeat(2000) });
    assert.equal(r.status, 413);
    assert.equal(r.json().field, 'body');
    assert.equal((await s.readLog('l4')).lastSeq, 0, 'nothing was appended');
  });
});

describe('reading and waiting', () => {
  test('after=N returns only later entries', async () => {
    for (let i = 0; i < 5; i++) await page('w1', 'page-load', { i });
    const log = await s.readLog('w1', '?after=3');
    assert.deepEqual(
      log.entries.map((e: any) => e.seq),
      [4, 5],
    );
    assert.equal(log.lastSeq, 5);
    assert.deepEqual((await s.readLog('w1', '?after=9')).entries, []);
  });

  test('min=K waits for K entries after N (long poll), no fixed sleep', async () => {
    await page('w2');
    const t0 = performance.now();
    const waiting = s.readLog('w2', '?after=1&min=2&timeoutMs=5000');
    await sleep(60);
    await page('w2');
    await sleep(60);
    await page('w2');
    const log = await waiting;
    const took = performance.now() - t0;
    assert.equal(log.timedOut, false);
    assert.deepEqual(
      log.entries.map((e: any) => e.seq),
      [2, 3],
    );
    assert.ok(took >= 100 && took < 2000, `took ${took}`);
  });

  test('min already met answers at once', async () => {
    await page('w3');
    const t0 = performance.now();
    const log = await s.readLog('w3', '?min=1&timeoutMs=5000');
    assert.equal(log.entries.length, 1);
    assert.ok(performance.now() - t0 < 500);
  });

  test('timeoutMs bounds the wait and says so', async () => {
    const t0 = performance.now();
    const log = await s.readLog('w4', '?min=1&timeoutMs=120');
    assert.equal(log.timedOut, true);
    assert.deepEqual(log.entries, []);
    assert.ok(performance.now() - t0 >= 110);
  });

  test('quietMs waits until no entry arrived for that long', async () => {
    const t0 = performance.now();
    // Generous quietMs against the 20 ms gaps, so a loaded machine cannot fake a quiet period.
    const waiting = s.readLog('w5', '?quietMs=400&timeoutMs=5000');
    for (let i = 0; i < 6; i++) {
      await page('w5', 'page-load', { i });
      await sleep(20);
    }
    const lastAt = performance.now();
    const log = await waiting;
    const done = performance.now();
    assert.equal(log.timedOut, false);
    assert.equal(log.entries.length, 6, 'not answered before the burst ended');
    assert.ok(done >= lastAt, 'answered after the last entry');
    assert.ok(done - t0 >= 400, 'waited at least quietMs');
    assert.ok(done - t0 < 5000);
  });

  test('quietMs counts from the request even when the log was already quiet', async () => {
    await page('w6');
    await sleep(50);
    const t0 = performance.now();
    const log = await s.readLog('w6', '?quietMs=100&timeoutMs=2000');
    assert.ok(performance.now() - t0 >= 95);
    assert.equal(log.entries.length, 1);
  });

  test('a stream that never goes quiet times out', async () => {
    let go = true;
    const stream = (async () => {
      while (go) {
        await page('w7');
        await sleep(20);
      }
    })();
    const log = await s.readLog('w7', '?quietMs=250&timeoutMs=600');
    go = false;
    await stream;
    assert.equal(log.timedOut, true);
  });

  test('bad query parameters are a 400 naming the parameter', async () => {
    const cases: Array<[string, string]> = [
      ['?after=-1', 'after'],
      ['?after=abc', 'after'],
      ['?after=1.5', 'after'],
      ['?after=', 'after'],
      ['?min=x', 'min'],
      ['?min=51', 'min'],
      ['?quietMs=1e3', 'quietMs'],
      ['?timeoutMs=60001', 'timeoutMs'],
      ['?quietMs=500&timeoutMs=100', 'quietMs'],
      ['?after=1&after=2', 'after'],
      ['?wait=1', 'wait'],
      ['?quiet=100', 'quiet'],
    ];
    for (const [q, field] of cases) {
      const r = await request(s.port, { path: `/__sw-conformance/runs/w8/log${q}` });
      assert.equal(r.status, 400, q);
      assert.equal(r.json().field, field, q);
    }
  });

  test('concurrent waits per run are bounded (429)', async () => {
    const waits = [1, 2, 3].map(() => s.readLog('w9', '?min=1&timeoutMs=2000'));
    await sleep(50);
    const r = await request(s.port, { path: '/__sw-conformance/runs/w9/log?min=1&timeoutMs=2000' });
    assert.equal(r.status, 429);
    assert.equal(r.json().field, 'run');
    const plainRead = await request(s.port, { path: '/__sw-conformance/runs/w9/log' });
    assert.equal(plainRead.status, 200, 'a read without waiting is always allowed');
    await page('w9');
    for (const log of await Promise.all(waits)) assert.equal(log.entries.length, 1);
  });

  test('DELETE answers pending waits and forgets the run', async () => {
    await page('w10');
    const waiting = s.readLog('w10', '?after=1&min=1&timeoutMs=5000');
    await sleep(50);
    const del = await s.control('DELETE', '/runs/w10');
    assert.deepEqual(del.json(), { run: 'w10', deleted: true });
    const log = await waiting;
    assert.equal(log.deleted, true);
    assert.equal(log.timedOut, false);
    assert.equal((await s.readLog('w10')).lastSeq, 0, 'a fresh run');
    assert.deepEqual((await s.control('DELETE', '/runs/nothere')).json(), { run: 'nothere', deleted: false });
  });
});

describe('isolation and bounds', () => {
  test('concurrent runs never see each other\'s entries', async () => {
    const runs = ['iso1', 'iso2', 'iso3', 'iso4'];
    await Promise.all(
      runs.flatMap((run) =>
        Array.from({ length: 10 }, (_, i) =>
          s.log(i % 2 ? `${run}.localhost` : `${run}-b.localhost`, { source: `worker:${run}`, type: 'fetch', data: { run, i } }),
        ),
      ),
    );
    for (const run of runs) {
      const log = await s.readLog(run);
      assert.equal(log.entries.length, 10, run);
      assert.deepEqual(
        log.entries.map((e: any) => e.seq),
        [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
        'per-run sequence',
      );
      assert.ok(log.entries.every((e: any) => e.data.run === run && e.source === `worker:${run}`));
      assert.deepEqual(
        [...log.entries.map((e: any) => e.data.i)].sort((a, b) => a - b),
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
      );
    }
  });

  test('a wait on one run is not woken by another', async () => {
    const waiting = s.readLog('iso5', '?min=1&timeoutMs=200');
    await page('iso6');
    const log = await waiting;
    assert.equal(log.timedOut, true);
  });

  test('entries beyond the per-run bound drop the oldest, and say how many', async () => {
    for (let i = 0; i < 55; i++) await s.control('POST', '/runs/cap/log', { source: 'harness', type: 'n', data: i });
    let log = await s.readLog('cap');
    assert.equal(log.entries.length, 50);
    assert.equal(log.entries[0].seq, 6);
    assert.equal(log.lastSeq, 55);
    assert.equal(log.dropped, 5);
    log = await s.readLog('cap', '?after=5');
    assert.equal(log.dropped, 0);
    assert.equal(log.entries.length, 50);
    log = await s.readLog('cap', '?after=53');
    assert.deepEqual(
      log.entries.map((e: any) => e.seq),
      [54, 55],
    );
  });

  test('runs beyond the bound evict the least recently used', async () => {
    const small = await startServer({ limits: { maxRuns: 3 } });
    try {
      for (const run of ['e1', 'e2', 'e3']) await small.log(`${run}.localhost`, { source: 'page:x', type: 'x' });
      await small.get('/touch', 'e1.localhost'); // e1 is now the most recently used
      await small.log('e4.localhost', { source: 'page:x', type: 'x' });
      const index = (await small.control('GET', '/')).json();
      assert.deepEqual(index.runs, ['e3', 'e1', 'e4']);
      assert.equal((await small.readLog('e1')).lastSeq, 2, 'e1 kept');
    } finally {
      await small.close();
    }
  });
});

describe('ObservationLog and parseLogQuery', () => {
  test('read() after the ring wrapped many times', () => {
    const log = new ObservationLog(3);
    for (let i = 0; i < 5000; i++) log.append('harness', 'n', i);
    assert.equal(log.size, 3);
    assert.deepEqual(
      log.read(0).entries.map((e) => e.data),
      [4997, 4998, 4999],
    );
    assert.equal(log.read(0).dropped, 4997);
    assert.equal(log.read(4998).dropped, 0);
    assert.deepEqual(log.read(5000), { entries: [], dropped: 0 });
  });

  test('quiet is never declared before quietMs after the last append', async () => {
    const log = new ObservationLog(100);
    const waiting = log.wait({ after: 0, min: 0, quietMs: 100, timeoutMs: 5000 });
    let lastAt = 0;
    for (let i = 0; i < 4; i++) {
      log.append('harness', 'n', i);
      lastAt = performance.now();
      await sleep(30);
    }
    const r = await waiting;
    assert.ok(performance.now() - lastAt >= 99, `${performance.now() - lastAt}`);
    assert.equal(r.entries.length, 4);
    assert.equal(r.timedOut, false);
  });

  test('min and quietMs together: first enough entries, then quiet', async () => {
    const log = new ObservationLog(100);
    const t0 = performance.now();
    const waiting = log.wait({ after: 0, min: 2, quietMs: 50, timeoutMs: 5000 });
    await sleep(80);
    log.append('harness', 'n', 1);
    await sleep(80);
    log.append('harness', 'n', 2);
    const lastAt = performance.now();
    const r = await waiting;
    assert.ok(performance.now() - lastAt >= 49);
    assert.ok(performance.now() - t0 >= 200);
    assert.equal(r.entries.length, 2);
  });

  test('a cancelled wait is forgotten', async () => {
    const log = new ObservationLog(10);
    let cancel: (() => void) | undefined;
    void log.wait({ after: 0, min: 1, quietMs: 0, timeoutMs: 10_000 }, (c) => (cancel = c));
    assert.equal(log.waiting, 1);
    cancel!();
    assert.equal(log.waiting, 0);
  });

  test('a disconnected long poll frees its slot', async () => {
    const http = await import('node:http');
    const req = http.request({ host: '127.0.0.1', port: s.port, path: '/__sw-conformance/runs/gone/log?min=1&timeoutMs=5000' });
    req.on('error', () => undefined);
    req.end();
    await sleep(80);
    req.destroy();
    await sleep(80);
    // Three slots are free again.
    const waits = [1, 2, 3].map(() => s.readLog('gone', '?min=1&timeoutMs=1000'));
    await sleep(30);
    await s.log('gone.localhost', { source: 'page:x', type: 'x' });
    for (const log of await Promise.all(waits)) assert.equal(log.entries.length, 1);
  });

  test('defaults: no wait unless asked; a default timeout when asked', () => {
    assert.deepEqual(parseLogQuery('', DEFAULT_LIMITS), { after: 0, min: 0, quietMs: 0, timeoutMs: 0 });
    assert.deepEqual(parseLogQuery('?min=2', DEFAULT_LIMITS), { after: 0, min: 2, quietMs: 0, timeoutMs: 10_000 });
    assert.deepEqual(parseLogQuery('?quietMs=8000', DEFAULT_LIMITS), { after: 0, min: 0, quietMs: 8000, timeoutMs: 16_000 });
    assert.throws(() => parseLogQuery('?x=1', DEFAULT_LIMITS), (e) => e instanceof HttpError && e.field === 'x');
  });
});
