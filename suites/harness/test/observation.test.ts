// The observation never depends on the model (issue 25): the runner decides that a scenario is
// over from the browser (registrations out of transitional states) and the server (a quiet log),
// then reads the log once more, so an event nobody predicted, arriving late, is observed.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Scenario } from '../../../contract/index.js';
import type { EngineClient, EngineSession, PageFunction } from '../engines/types.js';
import { startFixtures, type Fixtures } from '../fixture-server.js';
import { END_RULE, lateEventsFrom, runScenario, settledView, type RegistrationsView } from '../runner.js';

const SCENARIO: Scenario = { id: 'lifecycle/x', area: 'lifecycle', title: 't', spec: ['s'], steps: [{ do: 'open', client: 'c1', url: '{a}/p.html' }] };

/** A client whose registrations report `view()` and whose document is `url`. */
function fakeSession(url: () => string, view: () => RegistrationsView): EngineSession {
  const client: EngineClient = {
    name: 'c1',
    navigate: async () => undefined,
    reload: async () => undefined,
    url: async () => url(),
    close: async () => undefined,
    async evaluate<A, R>(fn: PageFunction<A, R>): Promise<R> {
      // The document observation asks for {url, controller}; the end rule asks for the registrations.
      return (fn.name === 'viewRegistrations' ? view() : { url: url(), controller: null }) as R;
    },
  };
  return { open: async () => client, close: async () => undefined };
}

describe('the end of a scenario is decided without the model', () => {
  let fixtures: Fixtures;
  before(async () => {
    fixtures = await startFixtures();
  });
  after(() => fixtures.close());

  const post = (run: string, type: string, data: unknown) =>
    fetch(`http://127.0.0.1:${fixtures.port}/__sw-conformance/runs/${run}/log`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ source: 'harness:test', type, data }) });

  test('an unpredicted lifecycle event 1 s after the last step is in the observed outcome', async () => {
    const run = await fixtures.newRun();
    const t0 = Date.now();
    // The browser shows a worker installing for one second, then its install event arrives.
    const installing = () => Date.now() - t0 < 1_000;
    setTimeout(() => void post(run.id, 'install', { worker: 'v2' }), 1_000);
    const session = fakeSession(() => `${run.origins.a}/p.html`, () => ({ busy: installing(), waiting: [], controlling: [] }));
    const observed = await runScenario(session, run, { ...SCENARIO, steps: [{ do: 'open', client: 'c1', url: `${run.origins.a}/p.html` }] });
    assert.deepEqual(observed.workers, { v2: { events: ['install'] } });
    await run.dispose();
  });

  test('a waiting worker next to an active one no open client uses is not settled (claim() took its last client)', async () => {
    assert.equal(settledView([{ busy: false, waiting: ['{a}/x/'], controlling: [] }]), false);
    assert.equal(settledView([{ busy: false, waiting: ['{a}/x/'], controlling: [] }, { busy: false, waiting: [], controlling: ['{a}/x/'] }]), true);
    assert.equal(settledView([]), true);
  });

  test('late events name the worker and what it reported; page reports and the favicon are not worker reports', () => {
    const entry = (seq: number, t: number, type: string, data: Record<string, unknown>) => ({ seq, t, source: 'worker', type, data });
    assert.deepEqual(
      lateEventsFrom(
        [
          entry(1, 1_010, 'fetch', { worker: 'v1', url: 'http://r.localhost/x.txt', mode: 'cors', redirect: 'follow' }),
          entry(2, 1_020, 'fetch', { worker: 'v1', url: 'http://r.localhost/favicon.ico', mode: 'no-cors', redirect: 'follow' }),
          entry(3, 1_030, 'page-load', { url: 'http://r.localhost/p.html' }),
          entry(4, 1_040, 'cache', { worker: 'v1', op: 'put', target: '/a', result: 'ok' }),
          entry(5, 990, 'install', { worker: 'v2' }),
        ],
        1_000,
      ),
      [
        { type: 'fetch', worker: 'v1', detail: 'http://r.localhost/x.txt', afterReadMs: 10 },
        { type: 'cache', worker: 'v1', detail: 'put /a', afterReadMs: 40 },
        { type: 'install', worker: 'v2', afterReadMs: 0 },
      ],
    );
  });

  test('an event after the outcome was read is a late event: observed, and counted', async () => {
    const run = await fixtures.newRun();
    const session = fakeSession(() => `${run.origins.a}/p.html`, () => ({ busy: false, waiting: [], controlling: [] }));
    // Longer than the quiet window, shorter than the late read.
    setTimeout(() => void post(run.id, 'activate', { worker: 'v1' }), END_RULE.quietMs + 60);
    const observed = await runScenario(session, run, { ...SCENARIO, steps: [{ do: 'open', client: 'c1', url: `${run.origins.a}/p.html` }] }, { end: { ...END_RULE, lateReadMs: END_RULE.quietMs + 400 } });
    assert.deepEqual(observed.workers, { v1: { events: ['activate'] } });
    assert.deepEqual(observed.lateEvents?.map(({ afterReadMs: _, ...e }) => e), [{ type: 'activate', worker: 'v1' }]);
    assert.ok(observed.lateEvents![0]!.afterReadMs >= 0);
    await run.dispose();
  });
});
