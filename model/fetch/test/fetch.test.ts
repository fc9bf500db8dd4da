// Fetch routing through Handle Fetch and Fetch's checks on what a worker answers (sw.bs § Handle
// Fetch, § Create Fetch Event and Dispatch; fetch.bs § main fetch, § HTTP fetch), including the
// explainer's routing rules. Test names cite the algorithm step.
import { EXPLAINER_LONGEST_PREFIX_EXAMPLE } from '../../explainer/dialect.js';
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { predict } from '../../scenario/interpreter.js';
import type { FetchAction, FetchRule, Outcome, Resource, Scenario, Step, WorkerBehaviour } from '../../../contract/index.js';

function scenario(steps: Step[], resources: Record<string, Resource>): Scenario {
  return { id: 'routing/test', area: 'routing', title: 'test', spec: [], resources, steps };
}

function sw(version: string, fetch: WorkerBehaviour['fetch'], extra: Omit<WorkerBehaviour, 'version' | 'fetch'> = {}): Resource {
  return { kind: 'worker', behaviour: { version, ...extra, ...(fetch === undefined ? {} : { fetch }) } };
}

function rules(...r: [string, FetchAction][]): WorkerBehaviour['fetch'] {
  return { rules: r.map(([urlContains, action]): FetchRule => ({ urlContains, action })), otherwise: { kind: 'fallback' } };
}

/** c1 at {a}/app/page.html, controlled by the worker at {a}/app/sw.js (registered, then reloaded). */
function controlled(worker: Resource, more: Step[], extra: Record<string, Resource> = {}): Outcome {
  return predict(
    scenario(
      [{ do: 'open', client: 'c1', url: '{a}/app/page.html' }, { do: 'register', client: 'c1', script: '/app/sw.js', settle: true }, { do: 'reload', client: 'c1' }, ...more],
      { '{a}/app/sw.js': worker, ...extra },
    ),
  );
}

const last = (o: Outcome): unknown => o.steps[o.steps.length - 1];
const subEvents = (o: Outcome): string[] => (o.fetchEvents ?? []).filter((e) => e.destination === '').map((e) => `${e.worker} ${e.mode} ${e.redirect} ${e.url}`);

describe('Handle Fetch 10: subresources go to the client\'s controller whatever their URL', () => {
  test('the explainer\'s /services/data?json=1: an out-of-scope same-origin URL is intercepted', () => {
    const o = controlled(sw('v1', rules(['/services/data', { kind: 'respond' }])), [{ do: 'fetch', client: 'c1', url: '/services/data?json=1' }]);
    assert.deepEqual(last(o), { status: 200, type: 'basic', redirected: false, finalUrl: '{a}/services/data?json=1', body: 'sw:v1' });
    assert.deepEqual(subEvents(o), ['v1 cors follow {a}/services/data?json=1']);
  });

  test('a cross-origin URL is intercepted too; a synthetic answer to a cors fetch is basic-filtered (main fetch 14, position)', () => {
    const o = controlled(sw('v1', rules(['/x', { kind: 'respond', body: 'hi' }])), [{ do: 'fetch', client: 'c1', url: '{b}/x' }]);
    assert.deepEqual(last(o), { status: 200, type: 'basic', redirected: false, finalUrl: '{b}/x', body: 'hi' });
    assert.ok(o.positions?.includes('https://github.com/whatwg/fetch/issues/535'));
  });

  test('a synthetic answer to a cross-origin no-cors fetch is basic-filtered too, not opaque (position synthetic-response-tainting)', () => {
    const o = controlled(sw('v1', rules(['/x', { kind: 'respond', body: 'hi' }])), [{ do: 'fetch', client: 'c1', url: '{b}/x', mode: 'no-cors' }]);
    assert.deepEqual(last(o), { status: 200, type: 'basic', redirected: false, finalUrl: '{b}/x', body: 'hi' });
    assert.ok(o.positions?.includes('https://github.com/whatwg/fetch/issues/535'));
  });

  test('a same-origin synthetic answer involves no position (tainting "basic")', () => {
    const o = controlled(sw('v1', rules(['/x', { kind: 'respond', body: 'hi' }])), [{ do: 'fetch', client: 'c1', url: '/x', mode: 'no-cors' }]);
    assert.deepEqual(last(o), { status: 200, type: 'basic', redirected: false, finalUrl: '{a}/x', body: 'hi' });
    assert.ok(!o.positions?.includes('https://github.com/whatwg/fetch/issues/535'));
  });

  test('the worker\'s fetch(event.request) result keeps its own filter: a cross-origin no-cors answer stays opaque (no position)', () => {
    const o = controlled(sw('v1', rules(['/data.txt', { kind: 'forward' }])), [{ do: 'fetch', client: 'c1', url: '{b}/data.txt', mode: 'no-cors' }], {
      '{b}/data.txt': { kind: 'text', body: 'b data' },
    });
    assert.deepEqual(last(o), { status: 0, type: 'opaque', redirected: false, finalUrl: '', body: '' });
    assert.ok(!o.positions?.includes('https://github.com/whatwg/fetch/issues/535'));
  });

  test('an uncontrolled page\'s fetches are not intercepted ("documents live out their whole lives using the worker they start with")', () => {
    const o = predict(
      scenario([{ do: 'open', client: 'c1', url: '{a}/app/page.html' }, { do: 'register', client: 'c1', script: '/app/sw.js', settle: true }, { do: 'fetch', client: 'c1', url: '/app/data' }], {
        '{a}/app/sw.js': sw('v1', rules(['/data', { kind: 'respond' }])),
      }),
    );
    assert.deepEqual(last(o), { status: 200, type: 'basic', redirected: false, finalUrl: '{a}/app/data', body: 'network:/app/data' });
    assert.deepEqual(o.fetchEvents, []);
  });

  test('the fetch event\'s URL keeps the fragment; the response URL drops it', () => {
    const o = controlled(sw('v1', rules(['/d', { kind: 'respond' }])), [{ do: 'fetch', client: 'c1', url: '/d#frag' }]);
    assert.deepEqual(subEvents(o), ['v1 cors follow {a}/d#frag']);
    assert.equal((last(o) as { finalUrl: string }).finalUrl, '{a}/d');
  });

  test('a frame\'s fetch goes to the frame\'s controller', () => {
    const o = predict(
      scenario(
        [
          { do: 'open', client: 'c1', url: '{a}/page.html' },
          { do: 'register', client: 'c1', script: '/app/sw.js', settle: true },
          { do: 'frame', client: 'c1', frame: 'f1', url: '/app/frame.html' },
          { do: 'fetch', client: 'c1', frame: 'f1', url: '/anything' },
          { do: 'fetch', client: 'c1', url: '/anything' },
        ],
        { '{a}/app/sw.js': sw('v1', rules(['/anything', { kind: 'respond' }])) },
      ),
    );
    assert.deepEqual(o.steps[2], { url: '{a}/app/frame.html', controller: '{a}/app/sw.js' });
    assert.equal((o.steps[3] as { body: string }).body, 'sw:v1');
    assert.equal((o.steps[4] as { body: string }).body, 'network:/anything');
  });
});

describe('Handle Fetch 9: navigations are matched by URL', () => {
  test('the explainer\'s longest-prefix table: /foo/bar beats /foo; out of both falls back to the network', () => {
    const steps: Step[] = [
      { do: 'open', client: 'c1', url: '{a}/index.html' },
      { do: 'register', client: 'c1', script: '/foo_worker.js', scope: '/foo', settle: true },
      { do: 'register', client: 'c1', script: '/foo/bar_worker.js', scope: '/foo/bar', settle: true },
    ];
    const table = EXPLAINER_LONGEST_PREFIX_EXAMPLE.navigations;
    const resources: Record<string, Resource> = {
      '{a}/foo_worker.js': { kind: 'worker', behaviour: { version: 'foo', fetch: null } },
      '{a}/foo/bar_worker.js': { kind: 'worker', behaviour: { version: 'bar', fetch: null } },
    };
    for (const [path, controller] of table) {
      const o = predict(scenario([...steps, { do: 'navigate', client: 'c1', url: path }], resources));
      assert.deepEqual(last(o), { url: `{a}${path}`, controller: controller === null ? null : `{a}${controller}` }, path);
    }
  });

  test('Create Fetch Event and Dispatch 11: a worker without a fetch listener still controls; requests go to the network, unseen', () => {
    const o = controlled(sw('v1', null), [{ do: 'fetch', client: 'c1', url: '/app/data' }]);
    assert.deepEqual(o.steps[2], { url: '{a}/app/page.html', controller: '{a}/app/sw.js' });
    assert.equal((last(o) as { body: string }).body, 'network:/app/data');
    assert.deepEqual(o.fetchEvents, []);
  });

  test('CFEaD 21: no respondWith → the network, and the document is controlled', () => {
    const o = controlled(sw('v1', undefined), [{ do: 'controller', client: 'c1' }]);
    assert.deepEqual(last(o), { controller: '{a}/app/sw.js' });
    assert.deepEqual(o.fetchEvents, [{ worker: 'v1', url: '{a}/app/page.html', mode: 'navigate', redirect: 'manual', destination: 'document' }]);
  });

  test('a cross-site iframe is in its own partition: neither its origin\'s first-party registration nor the parent\'s worker handles it (partitioned storage key position)', () => {
    const o = predict(
      scenario(
        [
          { do: 'open', client: 'cb', url: '{b}/page.html' },
          { do: 'register', client: 'cb', script: '/sw.js', settle: true },
          { do: 'open', client: 'c1', url: '{a}/page.html' },
          { do: 'register', client: 'c1', script: '/sw.js', settle: true },
          { do: 'reload', client: 'c1' },
          { do: 'frame', client: 'c1', frame: 'f', url: '{b}/frame.html' },
        ],
        { '{a}/sw.js': sw('a1', undefined), '{b}/sw.js': sw('b1', undefined) },
      ),
    );
    assert.deepEqual(last(o), { url: '{b}/frame.html', controller: null });
    assert.deepEqual(
      (o.fetchEvents ?? []).map((e) => [e.worker, e.url, e.destination]),
      [['a1', '{a}/page.html', 'document']],
    );
    assert.ok(o.positions?.includes('https://github.com/w3c/ServiceWorker/issues/1606'));
  });

  test('a registration made by a cross-site iframe controls later frames of that origin under the same top-level site, not a top-level window of it', () => {
    const o = predict(
      scenario(
        [
          { do: 'open', client: 'c1', url: '{a}/page.html' },
          { do: 'frame', client: 'c1', frame: 'f', url: '{b}/frame.html' },
          { do: 'register', client: 'c1', frame: 'f', script: '/sw.js', settle: true },
          { do: 'getRegistrations', client: 'c1' },
          { do: 'frame', client: 'c1', frame: 'g', url: '{b}/other.html' },
          { do: 'open', client: 'cb', url: '{b}/page.html' },
          { do: 'getRegistrations', client: 'cb' },
        ],
        { '{b}/sw.js': sw('b1', undefined) },
      ),
    );
    assert.deepEqual(o.steps[2], { ok: true, scope: '{b}/' });
    assert.deepEqual(o.steps[3], { scopes: [] }, 'the top-level {a} page sees none of {b}\'s registrations');
    assert.deepEqual(o.steps[4], { url: '{b}/other.html', controller: '{b}/sw.js' });
    assert.deepEqual(o.steps[5], { url: '{b}/page.html', controller: null });
    assert.deepEqual(o.steps[6], { scopes: [] }, 'the first-party {b} page does not see the partitioned registration');
  });

  test('Handle Fetch 9.1: a navigation to an insecure URL is never intercepted', () => {
    const o = predict(scenario([{ do: 'open', client: 'c1', url: '{insecure}/page.html' }], {}));
    assert.deepEqual(last(o), { url: '{insecure}/page.html', controller: null });
  });

  test('Update fetch-hook 3: the worker script and its imports are never intercepted (explainer: workers do not control requests for workers)', () => {
    const o = controlled(sw('v1', rules(['.js', { kind: 'respond' }]), { imports: ['lib.js'] }), [{ do: 'update', client: 'c1', scope: '{a}/app/' }], {
      '{a}/app/lib.js': { kind: 'script', body: 'self.x = 1;' },
    });
    assert.deepEqual(last(o), { ok: true, scope: '{a}/app/' });
    assert.deepEqual((o.fetchEvents ?? []).map((e) => e.url), ['{a}/app/page.html']);
  });
});

describe('HTTP fetch 3.5.7 and main fetch 12: what a worker may answer', () => {
  test('CFEaD 21.1: preventDefault() without respondWith → network error', () => {
    assert.deepEqual(last(controlled(sw('v1', rules(['/x', { kind: 'cancel' }])), [{ do: 'fetch', client: 'c1', url: '/x' }])), { fetchError: 'TypeError' });
  });

  test('3.5.7(a): respondWith(Response.error()) → network error', () => {
    assert.deepEqual(last(controlled(sw('v1', rules(['/x', { kind: 'error' }])), [{ do: 'fetch', client: 'c1', url: '/x' }])), { fetchError: 'TypeError' });
  });

  test('a synthetic 404 is a response, not an error', () => {
    assert.deepEqual(last(controlled(sw('v1', rules(['/x', { kind: 'respond', status: 404, body: 'nope' }])), [{ do: 'fetch', client: 'c1', url: '/x' }])), {
      status: 404,
      type: 'basic',
      redirected: false,
      finalUrl: '{a}/x',
      body: 'nope',
    });
  });

  test('new Response(body, {status: 204}) throws in the listener → the network answers', () => {
    assert.equal((last(controlled(sw('v1', rules(['/x', { kind: 'respond', status: 204 }])), [{ do: 'fetch', client: 'c1', url: '/x' }])) as { body: string }).body, 'network:/x');
  });

  test('3.5.7(b): a "cors" response to a same-origin-mode request → network error', () => {
    const o = controlled(sw('v1', rules(['/x', { kind: 'fetch', url: '{b}/cors' }])), [{ do: 'fetch', client: 'c1', url: '/x', mode: 'same-origin' }], {
      '{b}/cors': { kind: 'text', body: 'shared', http: { headers: { 'Access-Control-Allow-Origin': '*' } } },
    });
    assert.deepEqual(last(o), { fetchError: 'TypeError' });
  });

  test('the same cors response to a cors-mode request passes; the page sees type "cors" and the worker\'s URL', () => {
    const o = controlled(sw('v1', rules(['/x', { kind: 'fetch', url: '{b}/cors' }])), [{ do: 'fetch', client: 'c1', url: '/x' }], {
      '{b}/cors': { kind: 'text', body: 'shared', http: { headers: { 'Access-Control-Allow-Origin': '*' } } },
    });
    assert.deepEqual(last(o), { status: 200, type: 'cors', redirected: false, finalUrl: '{b}/cors', body: 'shared' });
  });

  test('the worker\'s fetch of a cross-origin URL without CORS headers rejects → network error', () => {
    assert.deepEqual(last(controlled(sw('v1', rules(['/x', { kind: 'fetch', url: '{b}/plain' }])), [{ do: 'fetch', client: 'c1', url: '/x' }])), { fetchError: 'TypeError' });
  });

  test('fetch(event.request) of a no-cors cross-origin request gives an opaque response, allowed for no-cors (3.5.7(c))', () => {
    const o = controlled(sw('v1', rules(['/y', { kind: 'forward' }])), [{ do: 'fetch', client: 'c1', url: '{b}/y', mode: 'no-cors' }]);
    assert.deepEqual(last(o), { status: 0, type: 'opaque', redirected: false, finalUrl: '', body: '' });
  });

  test('main fetch 12: a same-origin-mode request for another origin fails before any fetch event', () => {
    const o = controlled(sw('v1', rules(['/z', { kind: 'respond' }])), [{ do: 'fetch', client: 'c1', url: '{b}/z', mode: 'same-origin' }]);
    assert.deepEqual(last(o), { fetchError: 'TypeError' });
    assert.deepEqual(subEvents(o), []);
  });

  test('main fetch 12: a no-cors cross-origin request with redirect "manual" fails before any fetch event', () => {
    const o = controlled(sw('v1', rules(['/z', { kind: 'respond' }])), [{ do: 'fetch', client: 'c1', url: '{b}/z', mode: 'no-cors', redirect: 'manual' }]);
    assert.deepEqual(last(o), { fetchError: 'TypeError' });
    assert.deepEqual(subEvents(o), []);
  });

  test('HTTP fetch 4.4: a fallback to a cross-origin URL without CORS headers fails the CORS check (the worker did see it)', () => {
    const o = controlled(sw('v1', undefined), [{ do: 'fetch', client: 'c1', url: '{b}/z' }]);
    assert.deepEqual(last(o), { fetchError: 'TypeError' });
    assert.deepEqual(subEvents(o), ['v1 cors follow {b}/z']);
  });
});
