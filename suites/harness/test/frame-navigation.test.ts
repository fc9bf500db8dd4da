// A frame navigation that ends in a network error is observed as {fetchError: "NetworkError"} from
// what the driver and the fixture server's log show (frame-navigation.ts), without waiting for the
// agent's own timeout. Fakes stand in for the engine, the log and the agent; no browser, no clock.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { StepResult } from '../../../contract/index.js';
import type { EngineClient } from '../engines/types.js';
import type { FixtureRun, LogEntry } from '../fixture-server.js';
import { endedWithoutDocument, watchFrameNavigation, type FrameAgent, type FrameState } from '../frame-navigation.js';
import { HarnessError } from '../harness-error.js';

const entry = (seq: number, t: number, type: string, data: Record<string, unknown> = {}): LogEntry => ({ seq, t, source: 'x', type, data });
const workerFetch = (seq: number, t: number) => entry(seq, t, 'fetch', { worker: 'one', url: 'http://r.localhost/rd/one/start', mode: 'navigate', destination: 'iframe' });

describe('rule 2: the navigation ended without a document', () => {
  test('a navigation a worker answered, no page-load, quiet for stallMs', () => {
    assert.equal(endedWithoutDocument([workerFetch(5, 1_000)], 3_000, 2_000), true);
    assert.equal(endedWithoutDocument([workerFetch(5, 1_000)], 2_999, 2_000), false, 'not quiet long enough');
    // A later entry (a soft update's script request) restarts the quiet window.
    assert.equal(endedWithoutDocument([workerFetch(5, 1_000), entry(6, 2_000, 'network', { dest: 'serviceworker' })], 3_000, 2_000), false);
  });

  test('a request for an iframe the server saw counts as reaching the network', () => {
    assert.equal(endedWithoutDocument([entry(5, 1_000, 'network', { dest: 'iframe', url: 'http://r.localhost/x' })], 5_000, 2_000), true);
  });

  test('not while nothing reached a worker or the server, nor once a document reported itself', () => {
    assert.equal(endedWithoutDocument([], 9_000, 2_000), false);
    assert.equal(endedWithoutDocument([entry(5, 1_000, 'network', { dest: 'script' })], 9_000, 2_000), false);
    assert.equal(endedWithoutDocument([workerFetch(5, 1_000), entry(6, 1_050, 'page-load', { url: 'http://r.localhost/p.html' })], 9_000, 2_000), false);
  });
});

/** The pieces watchFrameNavigation polls, scripted: the driver's frame URLs, the agent's states, the log. */
function fakes(opts: { urls?: (string | undefined)[]; states: FrameState[]; log?: LogEntry[] }) {
  let polls = 0;
  const urls = opts.urls;
  const client = {
    ...(urls ? { frameUrl: async () => urls[Math.min(polls, urls.length - 1)] } : {}),
  } as unknown as EngineClient;
  const run = { readAfter: async () => opts.log ?? [] } as unknown as FixtureRun;
  let started = false;
  const agent: FrameAgent = {
    start: async () => {
      started = true;
    },
    state: async () => {
      assert.ok(started, 'the agent is asked only after the navigation started');
      const s = opts.states[Math.min(polls, opts.states.length - 1)]!;
      polls++;
      return s;
    },
  };
  return { client, run, agent, polls: () => polls };
}

const PENDING: FrameState = { done: false, unchanged: true };
const watch = { stallMs: 0, pollMs: 0 };
const LOADED: StepResult = { url: 'http://r.localhost/rd/one/page.html', controller: null };

describe('watchFrameNavigation', () => {
  test('the agent answers: its result', async () => {
    const f = fakes({ urls: ['about:blank', 'http://r.localhost/rd/one/page.html'], states: [PENDING, { done: true, result: LOADED }] });
    assert.deepEqual(await watchFrameNavigation(f.client, f.run, 'f1', f.agent, watch), LOADED);
  });

  test('rule 1: the driver shows an engine error page (Chromium, Firefox): fetchError at once, whatever the agent is still waiting for', async () => {
    for (const errorPage of ['chrome-error://chromewebdata/', 'about:neterror?e=corruptedContentErrorv2']) {
      const f = fakes({ urls: [undefined, errorPage], states: [PENDING] });
      assert.deepEqual(await watchFrameNavigation(f.client, f.run, 'f1', f.agent, watch), { fetchError: 'NetworkError' });
    }
  });

  test('rule 1 also when the agent gave up on a cross-origin error page (Chromium: FrameUnreachable)', async () => {
    const f = fakes({ urls: ['about:blank', 'chrome-error://chromewebdata/'], states: [{ done: true, error: 'FrameUnreachable: frame f1 shows a cross-origin document that does not answer' }] });
    assert.deepEqual(await watchFrameNavigation(f.client, f.run, 'f1', f.agent, watch), { fetchError: 'NetworkError' });
  });

  test('a frame that shows an error page from an earlier step must leave it first', async () => {
    const f = fakes({ urls: ['chrome-error://chromewebdata/', 'chrome-error://chromewebdata/', 'chrome-error://chromewebdata/', 'http://r.localhost/p.html'], states: [PENDING, PENDING, { done: true, result: LOADED }] });
    assert.deepEqual(await watchFrameNavigation(f.client, f.run, 'f1', f.agent, watch), LOADED);
  });

  test('rule 2: no driver view of frames (WebKitGTK), the frame keeps its document, the navigation reached the worker and the log went quiet', async () => {
    const f = fakes({ states: [PENDING], log: [workerFetch(5, 0)] });
    assert.deepEqual(await watchFrameNavigation(f.client, f.run, 'f1', f.agent, watch), { fetchError: 'NetworkError' });
  });

  test('rule 2 never applies once the frame shows another document (one without an agent, e.g. a text resource)', async () => {
    const f = fakes({ states: [{ done: false, unchanged: false }, { done: false, unchanged: false }, { done: true, result: LOADED }], log: [workerFetch(5, 0)] });
    assert.deepEqual(await watchFrameNavigation(f.client, f.run, 'f1', f.agent, watch), LOADED);
    assert.equal(f.polls(), 3);
  });

  test('an agent error with no error page in sight is a harness error', async () => {
    const f = fakes({ urls: ['about:blank'], states: [{ done: true, error: 'Error: sw-conformance agent: frame f1 did not load within 15000 ms' }] });
    await assert.rejects(watchFrameNavigation(f.client, f.run, 'f1', f.agent, watch), (e: unknown) => e instanceof HarnessError && /did not load within 15000 ms/.test(e.message));
  });
});
