// Soft Update runs "in parallel" after a navigation with no timing (Create Fetch Event and
// Dispatch 19): where a worker script changes later, the model lists the other outcomes the spec
// allows, and the comparator accepts exactly those (issue 25).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Scenario } from '../../../contract/index.js';
import { predict } from '../interpreter.js';

const SCRIPT = '{a}/lc/sw.js';
const base = (steps: Scenario['steps']): Scenario => ({
  id: 'lifecycle/x',
  area: 'lifecycle',
  title: 't',
  spec: ['s'],
  resources: { [SCRIPT]: { kind: 'worker', behaviour: { version: 'v1' }, next: [{ version: 'v2', install: { outcome: 'reject' } }] } },
  steps,
});

test('a navigation, then a new script and update(): the delayed Soft Update installs the new script again (an allowed outcome)', () => {
  const o = predict(base([
    { do: 'open', client: 'c1', url: '{a}/lc/page.html' },
    { do: 'register', client: 'c1', script: 'sw.js', settle: true },
    { do: 'navigate', client: 'c1', url: '{a}/lc/page.html' },
    { do: 'bumpScript', url: SCRIPT },
    { do: 'update', client: 'c1', scope: '/lc/' },
  ]));
  assert.deepEqual(o.workers?.v2, { events: ['install'] }, 'Soft Update at once: it sees v1, only update() installs v2');
  assert.ok(o.alternatives?.some((a) => JSON.stringify(a.outcome.workers?.v2) === JSON.stringify({ events: ['install', 'install'] })), JSON.stringify(o.alternatives));
  for (const a of o.alternatives ?? []) assert.match(a.because, /Soft Update runs in parallel/);
});

test('without a script change after a navigation there is one outcome', () => {
  const o = predict(base([
    { do: 'open', client: 'c1', url: '{a}/lc/page.html' },
    { do: 'register', client: 'c1', script: 'sw.js', settle: true },
    { do: 'navigate', client: 'c1', url: '{a}/lc/page.html' },
  ]));
  assert.equal(o.alternatives, undefined);
});
