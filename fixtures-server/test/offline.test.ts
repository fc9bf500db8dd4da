// Area "caches": a run's network taken away (offline.ts). While offline, a scenario path of the
// run answers nothing (the connection closes), logged as served "offline"; the control API and
// the log stay up; other runs are untouched; online again, it serves as before.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { rawRequest, startServer, type TestServer } from './helpers.js';

describe('offline runs', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer();
  });
  after(() => s.close());

  const rawGet = (host: string, path: string) => rawRequest(s.port, `GET ${path} HTTP/1.1\r\nHost: ${host}:${s.port}\r\nConnection: close\r\n\r\n`, 2000);

  test('PUT runs/:run/network validates its body', async () => {
    assert.equal((await s.control('PUT', '/runs/off1/network', { online: 'no' })).status, 400);
    assert.equal((await s.control('PUT', '/runs/off1/network', { online: false, extra: 1 })).status, 400);
    assert.equal((await s.control('GET', '/runs/off1/network')).status, 405);
  });

  test('offline: every origin of the run closes unanswered; the log and other runs still work; online again it serves', async () => {
    assert.equal((await s.get('/x.txt', 'off2.localhost')).status, 200);
    const r = await s.control('PUT', '/runs/off2/network', { online: false });
    assert.deepEqual(r.json(), { run: 'off2', online: false });
    assert.equal(await rawGet('off2.localhost', '/x.txt'), '');
    assert.equal(await rawGet('off2-b.localhost', '/page.html'), '');
    // The run's own log endpoint and another run are unaffected.
    assert.equal((await s.log('off2.localhost', { source: 'page:x', type: 't', data: {} })).status, 204);
    assert.equal((await s.get('/x.txt', 'other3.localhost')).text, 'network:/x.txt');
    const log = await s.readLog('off2');
    assert.ok(log.entries.some((e: { type: string; data: { served?: string; status?: number } }) => e.type === 'network' && e.data.served === 'offline' && e.data.status === 0));
    await s.control('PUT', '/runs/off2/network', { online: true });
    assert.equal((await s.get('/x.txt', 'off2.localhost')).text, 'network:/x.txt');
  });
});
