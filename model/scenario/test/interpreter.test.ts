// The interpreter itself: origins, scenario errors, the shape of an Outcome.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { predict, ScenarioError } from '../interpreter.js';
import { MODEL_ORIGINS, type Scenario, type Step } from '../../../contract/index.js';

function scenario(steps: Step[], resources: Scenario['resources'] = {}): Scenario {
  return { id: 'routing/predict', area: 'routing', title: 'predict', spec: [], resources, steps };
}

describe('predict()', () => {
  test('placeholders are resolved to MODEL_ORIGINS and abstracted back; concrete scenarios stay concrete', () => {
    const steps: Step[] = [{ do: 'open', client: 'c1', url: '{a}/page.html' }];
    assert.deepEqual(predict(scenario(steps)).steps, [{ url: '{a}/page.html', controller: null }]);
    const concrete: Step[] = [{ do: 'open', client: 'c1', url: 'http://x1.localhost:9999/page.html' }];
    assert.deepEqual(predict(scenario(concrete)).steps, [{ url: 'http://x1.localhost:9999/page.html', controller: null }]);
    assert.match(MODEL_ORIGINS.b, /^http:\/\/run-b\.localhost:\d+$/);
  });

  test('resource keys are matched by origin + path, whatever query the request has', () => {
    const o = predict(scenario([{ do: 'open', client: 'c1', url: '{a}/page.html' }, { do: 'fetch', client: 'c1', url: '/t.txt?x=1' }], { '{a}/t.txt': { kind: 'text', body: 'hello' } }));
    assert.deepEqual(o.steps[1], { status: 200, type: 'basic', redirected: false, finalUrl: '{a}/t.txt?x=1', body: 'hello' });
  });

  test('an Outcome always lists fetch events and workers (compared), positions only when exercised', () => {
    const o = predict(scenario([{ do: 'open', client: 'c1', url: '{a}/page.html' }]));
    assert.deepEqual(o, { steps: [{ url: '{a}/page.html', controller: null }], fetchEvents: [], workers: {} });
  });

  test('scenarios the harness cannot run are ScenarioErrors naming the step', () => {
    assert.throws(() => predict(scenario([{ do: 'controller', client: 'c1' }])), (e: Error) => e instanceof ScenarioError && /step 0 \(controller\)/.test(e.message));
    assert.throws(() => predict(scenario([{ do: 'open', client: 'c1', url: '{a}/p.html' }, { do: 'open', client: 'c1', url: '{a}/p.html' }])), ScenarioError);
    assert.throws(() => predict(scenario([{ do: 'bumpScript', url: '{a}/sw.js' }], { '{a}/sw.js': { kind: 'worker', behaviour: { version: 'v1' } } })), ScenarioError);
    // A text document has no agent to run register() in.
    assert.throws(() => predict(scenario([{ do: 'open', client: 'c1', url: '{a}/t.txt' }, { do: 'register', client: 'c1', script: 'sw.js' }])), ScenarioError);
  });

  test('a document that is not an agent page is still observed: URL and controller', () => {
    const o = predict(scenario([{ do: 'open', client: 'c1', url: '{a}/t.txt' }]));
    assert.deepEqual(o.steps[0], { url: '{a}/t.txt', controller: null });
  });

  test('a navigation that ends in a network error: {fetchError: "NetworkError"} and the position is listed', () => {
    const o = predict(scenario([{ do: 'open', client: 'c1', url: '{a}/r' }], { '{a}/r': { kind: 'redirect', status: 302, location: 'ftp://elsewhere/' } }));
    assert.deepEqual(o.steps[0], { fetchError: 'NetworkError' });
    assert.ok(o.positions?.some((p) => p.includes('create-navigation-params-by-fetching')));
  });

  test('close and navigate unload frames with their parent (Handle Service Worker Client Unload for each)', () => {
    const o = predict(
      scenario(
        [
          { do: 'open', client: 'c1', url: '{a}/page.html' },
          { do: 'register', client: 'c1', script: '/app/sw.js', settle: true },
          { do: 'frame', client: 'c1', frame: 'f', url: '/app/f.html' },
          { do: 'bumpScript', url: '{a}/app/sw.js' },
          { do: 'update', client: 'c1', scope: '/app/' },
          { do: 'settle' },
          { do: 'navigate', client: 'c1', url: '/other.html' },
        ],
        { '{a}/app/sw.js': { kind: 'worker', behaviour: { version: 'v1' }, next: [{ version: 'v2' }] } },
      ),
    );
    // The frame used v1; when c1 navigates away the frame unloads and v2 activates (its activate ran).
    assert.deepEqual(o.workers, { v1: { events: ['install', 'activate'] }, v2: { events: ['install', 'activate'] } });
  });
});
