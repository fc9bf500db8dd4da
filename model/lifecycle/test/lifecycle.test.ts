// Lifecycle through whole scenarios: the digest's §8.3 vectors and the issue-6 rules
// (Register, Update, Install, Try Activate, Activate, clients.claim, Unregister, Handle Service
// Worker Client Unload). Test names cite the spec algorithm and step they exercise.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { simulate } from '../../scenario/interpreter.js';
import type { Outcome, Resource, Scenario, Step, StepResult, WorkerBehaviour } from '../../../contract/index.js';

/**
 * predict(), with each worker's final state from the simulated user agent added: the state is
 * not part of the Outcome (a browser's worker cannot report "redundant"), but the model's
 * lifecycle still has to get it right.
 */
function predict(s: Scenario, options: Parameters<typeof simulate>[1] = {}): Outcome & { workers?: Record<string, { events: string[]; state?: string }> } {
  const { outcome, world } = simulate(s, options);
  const workers = outcome.workers as Record<string, { events: string[]; state?: string }> | undefined;
  for (const w of world.workers) {
    const entry = workers?.[w.version];
    if (entry) entry.state = w.state;
  }
  return outcome;
}

function scenario(steps: Step[], resources: Record<string, Resource>): Scenario {
  return { id: 'lifecycle/test', area: 'lifecycle', title: 'test', spec: [], resources, steps };
}

function worker(version: string, extra: Omit<WorkerBehaviour, 'version'> = {}, next?: WorkerBehaviour[]): Resource {
  return { kind: 'worker', behaviour: { version, ...extra }, ...(next ? { next } : {}) };
}

/** Answers "{…}/data…" with "sw:<version>", everything else from the network. */
const answersData: WorkerBehaviour['fetch'] = { rules: [{ urlContains: '/data', action: { kind: 'respond' } }], otherwise: { kind: 'fallback' } };

const PAGE = '{a}/app/page.html';
const open = (client = 'c1', url = PAGE): Step => ({ do: 'open', client, url });
const reg = (extra: Partial<Extract<Step, { do: 'register' }>> = {}): Step => ({ do: 'register', client: 'c1', script: '/app/sw.js', settle: true, ...extra });
const fetchData = (client = 'c1'): Step => ({ do: 'fetch', client, url: '/app/data' });

function step(outcome: Outcome, i: number): StepResult {
  const s = outcome.steps[i];
  assert.ok(s, `step ${i}`);
  return s;
}

describe('§8.3 lifecycle vectors', () => {
  test('1. Install 7 / Activate 8: first register resolves, the worker activates, the page stays uncontrolled without claim', () => {
    const o = predict(scenario([open(), reg(), { do: 'controller', client: 'c1' }, fetchData(), { do: 'reload', client: 'c1' }, fetchData()], { '{a}/app/sw.js': worker('v1', { fetch: answersData }) }));
    assert.deepEqual(step(o, 1), { ok: true, scope: '{a}/app/' });
    assert.deepEqual(step(o, 2), { controller: null });
    assert.deepEqual(step(o, 3), { status: 200, type: 'basic', redirected: false, finalUrl: '{a}/app/data', body: 'network:/app/data' });
    assert.deepEqual(step(o, 4), { url: PAGE.replace('{a}', '{a}'), controller: '{a}/app/sw.js' });
    assert.deepEqual(step(o, 5), { status: 200, type: 'basic', redirected: false, finalUrl: '{a}/app/data', body: 'sw:v1' });
    assert.deepEqual(o.workers, { v1: { events: ['install', 'activate'], state: 'activated' } });
  });

  test('2. Try Activate 3 / Handle Service Worker Client Unload: an update waits while the page uses the old worker; reload keeps it; closing every client activates it', () => {
    const o = predict(
      scenario(
        [open(), reg(), { do: 'reload', client: 'c1' }, { do: 'bumpScript', url: '{a}/app/sw.js' }, { do: 'update', client: 'c1', scope: '{a}/app/' }, { do: 'settle' }, { do: 'reload', client: 'c1' }, fetchData(), { do: 'close', client: 'c1' }, open('c2'), fetchData('c2')],
        { '{a}/app/sw.js': worker('v1', { fetch: answersData }, [{ version: 'v2', fetch: answersData }]) },
      ),
    );
    assert.deepEqual(step(o, 4), { ok: true, scope: '{a}/app/' });
    // Reload: the reserved client uses the registration before the old document unloads → v2 keeps waiting.
    assert.equal((step(o, 7) as { body: string }).body, 'sw:v1');
    assert.equal((step(o, 10) as { body: string }).body, 'sw:v2');
    assert.deepEqual(o.workers, { v1: { events: ['install', 'activate'], state: 'redundant' }, v2: { events: ['install', 'activate'], state: 'activated' } });
  });

  test('2b. Try Activate 3: the waiting worker stays "installed" while a client uses the active one', () => {
    const o = predict(
      scenario([open(), reg(), { do: 'reload', client: 'c1' }, { do: 'bumpScript', url: '{a}/app/sw.js' }, { do: 'update', client: 'c1', scope: '{a}/app/' }, { do: 'settle' }], {
        '{a}/app/sw.js': worker('v1', {}, [{ version: 'v2' }]),
      }),
    );
    assert.deepEqual(o.workers, { v1: { events: ['install', 'activate'], state: 'activated' }, v2: { events: ['install'], state: 'installed' } });
  });

  test('2c. Handle Service Worker Client Unload 4–6: navigating the last client out of scope activates the waiting worker', () => {
    const o = predict(
      scenario([open(), reg(), { do: 'reload', client: 'c1' }, { do: 'bumpScript', url: '{a}/app/sw.js' }, { do: 'update', client: 'c1', scope: '{a}/app/' }, { do: 'navigate', client: 'c1', url: '{a}/elsewhere.html' }], {
        '{a}/app/sw.js': worker('v1', {}, [{ version: 'v2' }]),
      }),
    );
    assert.deepEqual(step(o, 5), { url: '{a}/elsewhere.html', controller: null });
    assert.equal(o.workers?.v2?.state, 'activated');
    assert.equal(o.workers?.v1?.state, 'redundant');
  });

  test('3. skipWaiting() + Activate 8: the new worker replaces the old one for the controlled page (controllerchange before activate)', () => {
    const o = predict(
      scenario([open(), reg(), { do: 'reload', client: 'c1' }, { do: 'bumpScript', url: '{a}/app/sw.js' }, { do: 'update', client: 'c1', scope: '{a}/app/' }, { do: 'settle' }, fetchData(), { do: 'controller', client: 'c1' }], {
        '{a}/app/sw.js': worker('v1', { fetch: answersData }, [{ version: 'v2', install: { skipWaiting: true }, fetch: answersData }]),
      }),
    );
    assert.equal((step(o, 6) as { body: string }).body, 'sw:v2');
    assert.deepEqual(step(o, 7), { controller: '{a}/app/sw.js' });
    assert.deepEqual(o.workers, { v1: { events: ['install', 'activate'], state: 'redundant' }, v2: { events: ['install', 'activate'], state: 'activated' } });
  });

  test('4. Install 12: a rejected install fails the worker, register() still resolves, a first registration is removed', () => {
    const o = predict(scenario([open(), reg(), { do: 'getRegistration', client: 'c1' }, { do: 'getRegistrations', client: 'c1' }], { '{a}/app/sw.js': worker('v1', { install: { outcome: 'reject' } }) }));
    assert.deepEqual(step(o, 1), { ok: true, scope: '{a}/app/' });
    assert.deepEqual(step(o, 2), { scope: null });
    assert.deepEqual(step(o, 3), { scopes: [] });
    assert.deepEqual(o.workers, { v1: { events: ['install'], state: 'redundant' } });
  });

  test('4b. Install 11 (#896): an install listener that throws synchronously does not fail the install', () => {
    const o = predict(scenario([open(), reg(), { do: 'getRegistration', client: 'c1' }], { '{a}/app/sw.js': worker('v1', { install: { outcome: 'throw' } }) }));
    assert.deepEqual(step(o, 2), { scope: '{a}/app/' });
    assert.equal(o.workers?.v1?.state, 'activated');
    assert.ok(o.positions?.includes('https://github.com/w3c/ServiceWorker/issues/896'));
  });

  test('4c. Install 12: a failed update install leaves the registration and its active worker alone', () => {
    const o = predict(
      scenario([open(), reg(), { do: 'bumpScript', url: '{a}/app/sw.js' }, { do: 'update', client: 'c1', scope: '{a}/app/' }, { do: 'settle' }, { do: 'getRegistration', client: 'c1' }], {
        '{a}/app/sw.js': worker('v1', {}, [{ version: 'v2', install: { outcome: 'reject' } }]),
      }),
    );
    assert.deepEqual(step(o, 3), { ok: true, scope: '{a}/app/' });
    assert.deepEqual(step(o, 5), { scope: '{a}/app/' });
    assert.deepEqual(o.workers, { v1: { events: ['install', 'activate'], state: 'activated' }, v2: { events: ['install'], state: 'redundant' } });
  });

  test('5. Activate 11: a rejected activate event still ends "activated"', () => {
    for (const outcome of ['reject', 'throw'] as const) {
      const o = predict(scenario([open(), reg()], { '{a}/app/sw.js': worker('v1', { activate: { outcome } }) }));
      assert.deepEqual(o.workers, { v1: { events: ['install', 'activate'], state: 'activated' } });
    }
  });

  test('6. Unregister 3–5 / Try Clear Registration: lookups stop at once, control continues until the client goes', () => {
    const o = predict(
      scenario(
        [open(), reg(), { do: 'reload', client: 'c1' }, { do: 'unregister', client: 'c1', scope: '{a}/app/' }, { do: 'getRegistration', client: 'c1' }, { do: 'controller', client: 'c1' }, fetchData(), { do: 'unregister', client: 'c1', scope: '{a}/app/' }, { do: 'close', client: 'c1' }],
        { '{a}/app/sw.js': worker('v1', { fetch: answersData }) },
      ),
    );
    assert.deepEqual(step(o, 3), { unregistered: true });
    assert.deepEqual(step(o, 4), { scope: null });
    assert.deepEqual(step(o, 5), { controller: '{a}/app/sw.js' });
    assert.equal((step(o, 6) as { body: string }).body, 'sw:v1');
    // Unregister 2: the same registration object again → false.
    assert.deepEqual(step(o, 7), { unregistered: false });
    assert.deepEqual(o.workers, { v1: { events: ['install', 'activate'], state: 'redundant' } });
  });

  test('6b. Unregister 5: workers stay until the last client unloads; Register 6 in between makes a new registration', () => {
    const o = predict(
      scenario(
        [open(), reg(), { do: 'reload', client: 'c1' }, { do: 'unregister', client: 'c1', scope: '{a}/app/' }, open('c2', '{a}/other.html'), { do: 'register', client: 'c2', script: '/app/sw.js', settle: true }, fetchData(), open('c3'), fetchData('c3')],
        { '{a}/app/sw.js': worker('v1', { fetch: answersData }) },
      ),
    );
    assert.deepEqual(step(o, 5), { ok: true, scope: '{a}/app/' });
    // c1 still uses the old registration's worker; c3 gets the new registration's.
    assert.equal((step(o, 6) as { body: string }).body, 'sw:v1');
    assert.equal((step(o, 8) as { body: string }).body, 'sw:v1');
    // Two v1 workers: the old one still active (c1 uses it), the new one active too.
    assert.deepEqual(o.workers, { v1: { events: ['install', 'activate', 'install', 'activate'], state: 'activated' } });
  });

  test('7. Register 5.2: re-registering the same script, type and updateViaCache fetches nothing and installs nothing', () => {
    const o = predict(scenario([open(), reg(), { do: 'bumpScript', url: '{a}/app/sw.js' }, reg()], { '{a}/app/sw.js': worker('v1', {}, [{ version: 'v2' }]) }));
    assert.deepEqual(step(o, 3), { ok: true, scope: '{a}/app/' });
    assert.deepEqual(o.workers, { v1: { events: ['install', 'activate'], state: 'activated' } });
  });

  test('7b. Register 7 / Update 9: same bytes with another updateViaCache → no new worker; another script URL → a new worker', () => {
    const o = predict(
      scenario([open(), reg(), reg({ updateViaCache: 'none' }), reg({ script: '/app/sw2.js' })], {
        '{a}/app/sw.js': worker('v1'),
        '{a}/app/sw2.js': worker('v2'),
      }),
    );
    assert.deepEqual(step(o, 2), { ok: true, scope: '{a}/app/' });
    assert.deepEqual(o.workers, { v1: { events: ['install', 'activate'], state: 'redundant' }, v2: { events: ['install', 'activate'], state: 'activated' } });
  });
});

describe('Update', () => {
  test('Update fetch-hook 20: byte-identical script → no new worker (explainer: "same bytes … nothing happens")', () => {
    const o = predict(scenario([open(), reg(), { do: 'update', client: 'c1', scope: '{a}/app/' }, { do: 'settle' }], { '{a}/app/sw.js': worker('v1') }));
    assert.deepEqual(step(o, 2), { ok: true, scope: '{a}/app/' });
    assert.deepEqual(o.workers, { v1: { events: ['install', 'activate'], state: 'activated' } });
  });

  test('Update fetch-hook 20: a next version with the same behaviour is the same bytes', () => {
    const o = predict(scenario([open(), reg(), { do: 'bumpScript', url: '{a}/app/sw.js' }, { do: 'update', client: 'c1', scope: '{a}/app/' }], { '{a}/app/sw.js': worker('v1', {}, [{ version: 'v1' }]) }));
    assert.deepEqual(o.workers, { v1: { events: ['install', 'activate'], state: 'activated' } });
  });

  test('Update fetch-hook 21: an unchanged main script with a changed import is an update', () => {
    const o = predict(
      scenario([open(), reg(), { do: 'bumpScript', url: '{a}/app/dep.js' }, { do: 'update', client: 'c1', scope: '{a}/app/' }, { do: 'settle' }], {
        '{a}/app/sw.js': worker('v1', { imports: ['dep.js'] }),
        '{a}/app/dep.js': worker('dep1', {}, [{ version: 'dep2' }]),
      }),
    );
    // The main script's behaviour is v1 again, so the new worker also reports "v1".
    assert.deepEqual(o.workers, { v1: { events: ['install', 'activate', 'install', 'activate'], state: 'activated' } });
  });

  test('Update 8 (newestWorker ≠ null; explainer "an HTTP error … nothing happens"): a 404 script for an existing registration rejects and changes nothing', () => {
    // update() always refetches the newest worker's own script, whose HTTP options do not change
    // between versions in a Scenario; Register 7 → Update runs the same fetch and Update 8 for a
    // registration that already has a worker.
    const o = predict(
      scenario([open(), reg(), reg({ script: '/app/broken.js' }), { do: 'getRegistration', client: 'c1' }, { do: 'reload', client: 'c1' }], {
        '{a}/app/sw.js': worker('v1'),
        '{a}/app/broken.js': { kind: 'worker', behaviour: { version: 'v2' }, http: { status: 404 } },
      }),
    );
    assert.deepEqual(step(o, 2), { ok: false, error: 'TypeError' });
    assert.deepEqual(step(o, 3), { scope: '{a}/app/' });
    assert.deepEqual(step(o, 4), { url: PAGE, controller: '{a}/app/sw.js' });
    assert.deepEqual(o.workers, { v1: { events: ['install', 'activate'], state: 'activated' } });
  });

  test('Update 8.2: a first registration whose script answers 404 is removed; update() then finds no registration', () => {
    const o = predict(
      scenario([open(), reg({ script: '/app/sw404.js' }), { do: 'getRegistration', client: 'c1' }, { do: 'update', client: 'c1', scope: '{a}/app/' }], {
        '{a}/app/sw404.js': { kind: 'worker', behaviour: { version: 'v1' }, http: { status: 404 } },
      }),
    );
    assert.deepEqual(step(o, 1), { ok: false, error: 'TypeError' });
    assert.deepEqual(step(o, 2), { scope: null });
    assert.deepEqual(step(o, 3), { ok: false, error: 'NoRegistration' });
  });

  test('Update 16: evaluation throws → TypeError and the new registration is removed (Update 16.2)', () => {
    const o = predict(scenario([open(), reg(), { do: 'getRegistration', client: 'c1' }], { '{a}/app/sw.js': worker('v1', { evaluationThrows: true }) }));
    assert.deepEqual(step(o, 1), { ok: false, error: 'TypeError' });
    assert.deepEqual(step(o, 2), { scope: null });
    assert.deepEqual(o.workers, {});
  });

  test('Update 16 / importScripts: an import served as text/plain (a bad import script response) → TypeError', () => {
    const o = predict(scenario([open(), reg()], { '{a}/app/sw.js': worker('v1', { imports: ['missing.js'] }) }));
    assert.deepEqual(step(o, 1), { ok: false, error: 'TypeError' });
  });

  test('importScripts may follow redirects (WPT import-scripts-redirect)', () => {
    const o = predict(
      scenario([open(), reg()], {
        '{a}/app/sw.js': worker('v1', { imports: ['moved.js'] }),
        '{a}/app/moved.js': { kind: 'redirect', status: 302, location: '/app/lib.js' },
        '{a}/app/lib.js': { kind: 'script', body: 'self.lib = 1;' },
      }),
    );
    assert.deepEqual(step(o, 1), { ok: true, scope: '{a}/app/' });
  });

  test('Update fetch-hook 7: the script fetch checks run inside the job (SecurityError for text/html)', () => {
    const o = predict(scenario([open(), reg({ script: '/app/page.html' })], {}));
    assert.deepEqual(step(o, 1), { ok: false, error: 'SecurityError' });
  });

  test('update step after unregister: getRegistration(scope) finds nothing → {ok: false, error: "NoRegistration"} (the agent calls no update())', () => {
    const o = predict(
      scenario([open(), reg(), { do: 'reload', client: 'c1' }, { do: 'unregister', client: 'c1', scope: '{a}/app/' }, { do: 'update', client: 'c1', scope: '{a}/app/' }], { '{a}/app/sw.js': worker('v1') }),
    );
    assert.deepEqual(step(o, 4), { ok: false, error: 'NoRegistration' });
  });

  test('Update 4 / Update 2 via a new registration: update() after unregister + register finds the new registration', () => {
    const o = predict(
      scenario([open(), reg(), { do: 'reload', client: 'c1' }, { do: 'unregister', client: 'c1', scope: '{a}/app/' }, reg(), { do: 'update', client: 'c1', scope: '{a}/app/' }], { '{a}/app/sw.js': worker('v1') }),
    );
    assert.deepEqual(step(o, 5), { ok: true, scope: '{a}/app/' });
  });

  test('updateViaCache "all" (fetch-hook 2): a cacheable script is reused from the HTTP cache → no update; "imports" bypasses it', () => {
    const resources = (): Record<string, Resource> => ({
      '{a}/app/sw.js': { kind: 'worker', behaviour: { version: 'v1' }, next: [{ version: 'v2' }], http: { headers: { 'Cache-Control': 'max-age=3600' } } },
    });
    const steps = (uvc: 'all' | 'imports'): Step[] => [open(), reg({ updateViaCache: uvc }), { do: 'bumpScript', url: '{a}/app/sw.js' }, { do: 'update', client: 'c1', scope: '{a}/app/' }, { do: 'settle' }];
    assert.deepEqual(predict(scenario(steps('all'), resources())).workers, { v1: { events: ['install', 'activate'], state: 'activated' } });
    assert.equal(predict(scenario(steps('imports'), resources())).workers?.v2?.state, 'activated');
  });

  test('Handle Fetch 11 "stale" (the 24-hour rule as a parameter): a subresource fetch of a stale registration starts a soft update', () => {
    const steps: Step[] = [open(), reg(), { do: 'reload', client: 'c1' }, { do: 'bumpScript', url: '{a}/app/sw.js' }, fetchData(), { do: 'settle' }];
    const resources = { '{a}/app/sw.js': worker('v1', { fetch: answersData }, [{ version: 'v2', fetch: answersData }]) };
    // Default: 24 hours have not passed → no soft update from a subresource.
    assert.equal(predict(scenario(steps, resources)).workers?.v2, undefined);
    // Every checked registration stale → the fetch event's soft update installs v2.
    assert.deepEqual(predict(scenario(steps, resources), { staleAfterMs: -1 }).workers?.v2, { events: ['install'], state: 'installed' });
  });

  test('serve step + Update 8: the next update check gets an HTTP error and nothing changes', () => {
    const o = predict(
      scenario([open(), reg(), { do: 'serve', key: '{a}/app/sw.js', resource: { kind: 'text', body: 'gone', http: { status: 404 } } }, { do: 'update', client: 'c1', scope: '{a}/app/' }, { do: 'getRegistration', client: 'c1' }], {
        '{a}/app/sw.js': worker('v1'),
      }),
    );
    assert.deepEqual(step(o, 3), { ok: false, error: 'TypeError' });
    assert.deepEqual(step(o, 4), { scope: '{a}/app/' });
    assert.deepEqual(o.workers, { v1: { events: ['install', 'activate'], state: 'activated' } });
  });

  test('Soft Update (Create Fetch Event and Dispatch 19): a navigation after bumpScript installs the new version', () => {
    const o = predict(
      scenario([open(), reg(), { do: 'reload', client: 'c1' }, { do: 'bumpScript', url: '{a}/app/sw.js' }, { do: 'reload', client: 'c1' }, { do: 'settle' }], {
        '{a}/app/sw.js': worker('v1', {}, [{ version: 'v2' }]),
      }),
    );
    assert.deepEqual(o.workers?.v2, { events: ['install'], state: 'installed' });
    assert.ok(o.positions?.includes('https://w3c.github.io/ServiceWorker/#soft-update-algorithm'));
  });
});

describe('Install / Activate timing', () => {
  test('Handle Fetch 9.7: a navigation while the first worker is still installing is not controlled', () => {
    const o = predict(scenario([open(), reg({ settle: false }), open('c2'), { do: 'settle' }, open('c3')], { '{a}/app/sw.js': worker('v1', { install: { delayMs: 500 } }) }));
    assert.deepEqual(step(o, 2), { url: PAGE, controller: null });
    assert.deepEqual(step(o, 4), { url: PAGE, controller: '{a}/app/sw.js' });
  });

  test('Create Fetch Event and Dispatch 15: a navigation waits while the worker is "activating", then gets its fetch event', () => {
    const o = predict(scenario([open(), reg({ settle: false }), open('c2')], { '{a}/app/sw.js': worker('v1', { activate: { delayMs: 500 } }) }));
    assert.deepEqual(step(o, 2), { url: PAGE, controller: '{a}/app/sw.js' });
    assert.deepEqual(o.fetchEvents, [{ worker: 'v1', url: PAGE, mode: 'navigate', redirect: 'manual', destination: 'document' }]);
  });

  test('Schedule Job / Register 5.2: a second register() of the same script waits for the running job, then resolves without a new worker', () => {
    const o = predict(scenario([open(), reg({ settle: false }), reg({ settle: false })], { '{a}/app/sw.js': worker('v1', { install: { delayMs: 500 } }) }));
    assert.deepEqual(step(o, 2), { ok: true, scope: '{a}/app/' });
    assert.deepEqual(o.workers, { v1: { events: ['install', 'activate'], state: 'activated' } });
  });

  test('Install 16: a newer install replaces a waiting worker, which becomes redundant', () => {
    const o = predict(
      scenario(
        [open(), reg(), { do: 'reload', client: 'c1' }, { do: 'bumpScript', url: '{a}/app/sw.js' }, { do: 'update', client: 'c1', scope: '{a}/app/' }, { do: 'bumpScript', url: '{a}/app/sw.js' }, { do: 'update', client: 'c1', scope: '{a}/app/' }],
        { '{a}/app/sw.js': worker('v1', {}, [{ version: 'v2' }, { version: 'v3' }]) },
      ),
    );
    assert.deepEqual(o.workers, {
      v1: { events: ['install', 'activate'], state: 'activated' },
      v2: { events: ['install'], state: 'redundant' },
      v3: { events: ['install'], state: 'installed' },
    });
  });
});

describe('clients.claim()', () => {
  test('Clients.claim 3.5: claim takes the in-scope page at once (controllerchange), no reload needed', () => {
    const o = predict(scenario([open(), reg(), { do: 'controller', client: 'c1' }, fetchData()], { '{a}/app/sw.js': worker('v1', { activate: { claim: true }, fetch: answersData }) }));
    assert.deepEqual(step(o, 2), { controller: '{a}/app/sw.js' });
    assert.equal((step(o, 3) as { body: string }).body, 'sw:v1');
  });

  test('Clients.claim 3.5: only clients whose best match is this registration are claimed', () => {
    const o = predict(
      scenario(
        [open('c1', '{a}/app/page.html'), open('c2', '{a}/app/inner/page.html'), { do: 'register', client: 'c2', script: '/app/inner/sw.js', settle: true }, reg(), { do: 'controller', client: 'c1' }, { do: 'controller', client: 'c2' }],
        { '{a}/app/sw.js': worker('outer', { activate: { claim: true } }), '{a}/app/inner/sw.js': worker('inner') },
      ),
    );
    assert.deepEqual(step(o, 4), { controller: '{a}/app/sw.js' });
    assert.deepEqual(step(o, 5), { controller: null });
  });

  test('Clients.claim 3.6.1 (#682): a longer scope takes a client from a shorter one', () => {
    const o = predict(
      scenario(
        [open('c1', '{a}/app/inner/page.html'), reg(), { do: 'reload', client: 'c1' }, { do: 'register', client: 'c1', script: '/app/inner/sw.js', settle: true }, { do: 'controller', client: 'c1' }],
        { '{a}/app/sw.js': worker('outer'), '{a}/app/inner/sw.js': worker('inner', { activate: { claim: true } }) },
      ),
    );
    assert.deepEqual(step(o, 4), { controller: '{a}/app/inner/sw.js' });
  });

  // Regression test (issue 25): the model left outer's waiting worker waiting; every engine activates it.
  test('Clients.claim 3.6.1 → Handle Service Worker Client Unload 6 → Try Activate 3: claiming the last client of a registration lets its waiting worker activate (#682)', () => {
    const o = predict(
      scenario(
        [
          open('c1', '{a}/app/inner/page.html'),
          reg(),
          { do: 'reload', client: 'c1' },
          { do: 'bumpScript', url: '{a}/app/sw.js' },
          { do: 'update', client: 'c1', scope: '/app/' },
          { do: 'settle' },
          { do: 'register', client: 'c1', script: '/app/inner/sw.js', settle: true },
          { do: 'controller', client: 'c1' },
        ],
        { '{a}/app/sw.js': worker('outer', {}, [{ version: 'outer2' }]), '{a}/app/inner/sw.js': worker('inner', { activate: { claim: true } }) },
      ),
    );
    assert.deepEqual(step(o, 7), { controller: '{a}/app/inner/sw.js' });
    assert.deepEqual(o.workers?.outer2, { events: ['install', 'activate'], state: 'activated' });
    assert.equal(o.workers?.outer?.state, 'redundant');
    assert.ok(o.positions?.includes('https://github.com/w3c/ServiceWorker/issues/682'));
  });

  test('Try Activate 3: a waiting worker stays waiting while another client still uses its registration after claim()', () => {
    const o = predict(
      scenario(
        [
          open('c1', '{a}/app/inner/page.html'),
          reg(),
          { do: 'reload', client: 'c1' },
          open('c2', '{a}/app/other.html'),
          { do: 'bumpScript', url: '{a}/app/sw.js' },
          { do: 'update', client: 'c1', scope: '/app/' },
          { do: 'settle' },
          { do: 'register', client: 'c1', script: '/app/inner/sw.js', settle: true },
          { do: 'controller', client: 'c2' },
        ],
        { '{a}/app/sw.js': worker('outer', {}, [{ version: 'outer2' }]), '{a}/app/inner/sw.js': worker('inner', { activate: { claim: true } }) },
      ),
    );
    assert.deepEqual(step(o, 8), { controller: '{a}/app/sw.js' });
    assert.deepEqual(o.workers?.outer2, { events: ['install'], state: 'installed' });
  });

  test('Clients.claim 3.3: an unregistered registration claims nothing', () => {
    // The unregister job waits behind the register job (delayed install); it runs before the
    // activate event's claim(), so Match no longer finds the registration.
    const o = predict(
      scenario([open(), reg({ settle: false }), { do: 'unregister', client: 'c1', scope: '{a}/app/' }, { do: 'controller', client: 'c1' }], {
        '{a}/app/sw.js': worker('v1', { install: { delayMs: 100 }, activate: { claim: true } }),
      }),
    );
    assert.deepEqual(step(o, 2), { unregistered: true });
    assert.deepEqual(step(o, 3), { controller: null });
  });
});

describe('Secure contexts', () => {
  test('register() from an insecure origin: navigator.serviceWorker is absent', () => {
    const o = predict(scenario([open('c1', '{insecure}/page.html'), { do: 'register', client: 'c1', script: 'sw.js' }, { do: 'controller', client: 'c1' }], { '{insecure}/sw.js': worker('v1') }));
    assert.deepEqual(step(o, 1), { unsupported: 'navigator.serviceWorker' });
    assert.deepEqual(step(o, 2), { unsupported: 'navigator.serviceWorker' });
  });
});
