// The lease policy of engines/leases.ts, against a fake driver that records what it is asked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { leasedSessions, leaseOptionsFromEnv, SPARE_WINDOWS, type DriverContext, type DriverWindow } from '../engines/leases.js';
import type { EngineClient } from '../engines/types.js';

interface FakeWindow extends DriverWindow {
  id: number;
  at: string;
  closed: boolean;
}

function fakeDriver(opts: { failBlank?: boolean } = {}) {
  const log: string[] = [];
  let contexts = 0;
  let windows = 0;
  const create = async (): Promise<DriverContext> => {
    const c = ++contexts;
    log.push(`context ${c}`);
    return {
      async newWindow() {
        const w: FakeWindow = {
          id: ++windows,
          at: 'about:blank',
          closed: false,
          client(name, onClose): EngineClient {
            return {
              name,
              navigate: (url) => w.navigate(url),
              reload: async () => undefined,
              evaluate: async () => undefined as never,
              url: async () => w.at,
              close: async () => {
                await w.close();
                onClose();
              },
            };
          },
          async navigate(url) {
            if (url === 'about:blank' && opts.failBlank) throw new Error('driver gone');
            w.at = url;
            log.push(`window ${w.id} → ${url}`);
          },
          async close() {
            w.closed = true;
            log.push(`window ${w.id} closed`);
          },
        };
        log.push(`context ${c} window ${w.id}`);
        return w;
      },
      async close() {
        log.push(`context ${c} closed`);
      },
    };
  };
  return { log, create };
}

test('leases: one context serves consecutive tests, and their windows are reused', async () => {
  const d = fakeDriver();
  const leases = leasedSessions(d.create, { recycleAfter: 10, blankOnReturn: false });
  for (const url of ['http://r1.localhost/p', 'http://r2.localhost/p']) {
    const s = await leases.newSession();
    const c = await s.open('c1');
    await c.navigate(url);
    await s.close();
  }
  assert.deepEqual(d.log, ['context 1', 'context 1 window 1', 'window 1 → http://r1.localhost/p', 'window 1 → http://r2.localhost/p']);
  await leases.close();
  assert.equal(d.log.at(-1), 'context 1 closed');
});

test('leases: blankOnReturn unloads the documents of a finished test', async () => {
  const d = fakeDriver();
  const leases = leasedSessions(d.create, { recycleAfter: 10, blankOnReturn: true });
  const s = await leases.newSession();
  await s.open('c1', 'http://r1.localhost/p');
  await s.close();
  assert.deepEqual(d.log.slice(-2), ['window 1 → http://r1.localhost/p', 'window 1 → about:blank']);
});

test('leases: at most SPARE_WINDOWS windows are kept; a close step closes for real', async () => {
  const d = fakeDriver();
  const leases = leasedSessions(d.create, { recycleAfter: 10, blankOnReturn: false });
  const s = await leases.newSession();
  const clients = [];
  for (let i = 0; i < SPARE_WINDOWS + 2; i++) clients.push(await s.open(`c${i}`));
  await clients[0]!.close();
  await s.close();
  const closed = d.log.filter((l) => l.endsWith('closed'));
  assert.equal(closed.length, 2, `one closed by the test, one beyond the spares: ${closed.join(', ')}`);
  const s2 = await leases.newSession();
  await s2.open('a');
  await s2.open('b');
  await s2.open('c');
  assert.equal(d.log.filter((l) => / window \d+$/.test(l)).length, SPARE_WINDOWS + 3, 'the third window of the next test is new');
});

test('leases: a context is replaced after recycleAfter tests', async () => {
  const d = fakeDriver();
  const leases = leasedSessions(d.create, { recycleAfter: 2, blankOnReturn: false });
  for (let i = 0; i < 5; i++) {
    const s = await leases.newSession();
    await s.open('c1');
    await s.close();
  }
  assert.deepEqual(d.log.filter((l) => /^context \d+( closed)?$/.test(l)), ['context 1', 'context 1 closed', 'context 2', 'context 2 closed', 'context 3']);
});

test('leases: a window that cannot be returned retires its context', async () => {
  const d = fakeDriver({ failBlank: true });
  const leases = leasedSessions(d.create, { recycleAfter: 10, blankOnReturn: true });
  const s = await leases.newSession();
  await s.open('c1', 'http://r1.localhost/p');
  await s.close();
  assert.equal(d.log.at(-1), 'context 1 closed');
  const s2 = await leases.newSession();
  await s2.open('c1');
  assert.ok(d.log.includes('context 2'), 'the next test gets a new context');
});

test('leases: an ended session opens nothing', async () => {
  const leases = leasedSessions(fakeDriver().create, { recycleAfter: 10, blankOnReturn: false });
  const s = await leases.newSession();
  await s.close();
  await assert.rejects(s.open('c1'), /ended/);
});

test('leases: SWC_FRESH_SESSIONS=1 gives every test its own context; other values are refused', () => {
  assert.equal(leaseOptionsFromEnv(true, { SWC_FRESH_SESSIONS: '1' }).recycleAfter, 1);
  assert.ok(leaseOptionsFromEnv(true, {}).recycleAfter > 1);
  assert.ok(leaseOptionsFromEnv(true, { SWC_FRESH_SESSIONS: '0' }).recycleAfter > 1);
  assert.throws(() => leaseOptionsFromEnv(true, { SWC_FRESH_SESSIONS: 'yes' }), /SWC_FRESH_SESSIONS must be 0 or 1/);
});
