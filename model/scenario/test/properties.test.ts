// Property tests: random lifecycle command sequences keep the model's invariants (sw.bs § 3
// concepts, Appendix A), and predict() is deterministic and JSON-clean.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { predict, simulate } from '../interpreter.js';
import type { Registration, ServiceWorker, World } from '../../user-agent.js';
import type { Resource, Scenario, Step, WorkerBehaviour } from '../../../contract/index.js';

const PAGES = ['{a}/app/p1.html', '{a}/app/p2.html', '{a}/out.html', '{a}/app/inner/p.html'];
const CLIENTS = ['c1', 'c2', 'c3'];
const SCRIPTS = ['/app/sw.js', '/app/inner/sw.js'];

const behaviourArb = (version: string): fc.Arbitrary<WorkerBehaviour> =>
  fc.record({
    install: fc.record({ outcome: fc.constantFrom('ok', 'reject', 'throw'), delayMs: fc.constantFrom(0, 0, 100), skipWaiting: fc.boolean() }),
    activate: fc.record({ outcome: fc.constantFrom('ok', 'reject'), delayMs: fc.constantFrom(0, 0, 100), claim: fc.boolean() }),
    fetch: fc.constantFrom<WorkerBehaviour['fetch']>(undefined, null, { rules: [{ urlContains: '/data', action: { kind: 'respond' } }], otherwise: { kind: 'fallback' } }),
  }).map((b) => ({ version, ...b, ...(b.fetch === undefined ? {} : { fetch: b.fetch }) }) as WorkerBehaviour);

const resourcesArb: fc.Arbitrary<Record<string, Resource>> = fc
  .tuple(behaviourArb('v1'), behaviourArb('v2'), behaviourArb('v3'), behaviourArb('i1'), behaviourArb('i2'))
  .map(([v1, v2, v3, i1, i2]) => ({
    '{a}/app/sw.js': { kind: 'worker', behaviour: v1, next: [v2, v3] },
    '{a}/app/inner/sw.js': { kind: 'worker', behaviour: i1, next: [i2] },
  }));

type Command =
  | { c: 'open' | 'navigate'; client: string; page: string }
  | { c: 'reload' | 'close' | 'fetch' | 'controller' | 'getRegistration'; client: string }
  | { c: 'register'; client: string; script: string; settle: boolean }
  | { c: 'update' | 'unregister'; client: string; scope: string }
  | { c: 'bump'; script: string }
  | { c: 'settle' };

const clientArb = fc.constantFrom(...CLIENTS);
const commandArb: fc.Arbitrary<Command> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ c: fc.constantFrom('open' as const, 'navigate' as const), client: clientArb, page: fc.constantFrom(...PAGES) }) },
  { weight: 5, arbitrary: fc.record({ c: fc.constantFrom('reload' as const, 'reload' as const, 'close' as const, 'fetch' as const, 'fetch' as const, 'controller' as const, 'getRegistration' as const), client: clientArb }) },
  { weight: 3, arbitrary: fc.record({ c: fc.constant('register' as const), client: clientArb, script: fc.constantFrom(...SCRIPTS), settle: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ c: fc.constantFrom('update' as const, 'update' as const, 'unregister' as const), client: clientArb, scope: fc.constantFrom('{a}/app/', '{a}/app/inner/') }) },
  { weight: 2, arbitrary: fc.record({ c: fc.constant('bump' as const), script: fc.constantFrom(...SCRIPTS) }) },
  { weight: 1, arbitrary: fc.constant({ c: 'settle' as const }) },
);

/** Commands → valid steps: a command for a client that is not open opens it first (at an in-scope page); bumps stop when versions run out. */
function toSteps(commands: Command[]): Step[] {
  const open = new Set<string>();
  const bumps = new Map<string, number>();
  const steps: Step[] = [];
  const ensureOpen = (client: string): void => {
    if (open.has(client)) return;
    steps.push({ do: 'open', client, url: PAGES[0]! });
    open.add(client);
  };
  for (const cmd of commands) {
    switch (cmd.c) {
      case 'open':
      case 'navigate':
        steps.push(open.has(cmd.client) ? { do: 'navigate', client: cmd.client, url: cmd.page } : { do: 'open', client: cmd.client, url: cmd.page });
        open.add(cmd.client);
        break;
      case 'reload':
      case 'controller':
      case 'getRegistration':
        ensureOpen(cmd.client);
        steps.push({ do: cmd.c, client: cmd.client });
        break;
      case 'close':
        if (!open.has(cmd.client)) break;
        steps.push({ do: 'close', client: cmd.client });
        open.delete(cmd.client);
        break;
      case 'fetch':
        ensureOpen(cmd.client);
        steps.push({ do: 'fetch', client: cmd.client, url: '/app/data' });
        break;
      case 'register':
        ensureOpen(cmd.client);
        steps.push({ do: 'register', client: cmd.client, script: cmd.script, ...(cmd.settle ? { settle: true } : {}) });
        break;
      case 'update':
      case 'unregister':
        ensureOpen(cmd.client);
        steps.push({ do: cmd.c, client: cmd.client, scope: cmd.scope });
        break;
      case 'bump': {
        const n = bumps.get(cmd.script) ?? 0;
        if (n >= (cmd.script === '/app/sw.js' ? 2 : 1)) break;
        bumps.set(cmd.script, n + 1);
        steps.push({ do: 'bumpScript', url: `{a}${cmd.script}` });
        break;
      }
      case 'settle':
        steps.push({ do: 'settle' });
        break;
    }
  }
  return steps;
}

const scenarioArb: fc.Arbitrary<Scenario> = fc
  .tuple(resourcesArb, fc.array(commandArb, { minLength: 1, maxLength: 30 }))
  .map(([resources, commands]) => ({ id: 'fuzz/lifecycle', area: 'fuzz', title: 'random lifecycle', spec: [], resources, steps: toSteps(commands) }));

function registrationsOf(world: World): Set<Registration> {
  const regs = new Set<Registration>();
  for (const [, , r] of world.registrationMap) regs.add(r);
  for (const w of world.workers) regs.add(w.registration);
  return regs;
}

/** Invariants that hold after every step. */
function checkInvariants(world: World, where: string): void {
  const slotOf = new Map<ServiceWorker, string>();
  for (const reg of registrationsOf(world)) {
    const slots: [string, ServiceWorker | null, readonly string[]][] = [
      ['installing', reg.installingWorker, ['installing']],
      ['waiting', reg.waitingWorker, ['installed']],
      ['active', reg.activeWorker, ['activating', 'activated']],
    ];
    for (const [slot, worker, states] of slots) {
      if (worker === null) continue;
      // At most one slot per worker, and the worker belongs to this registration.
      assert.ok(!slotOf.has(worker), `${where}: ${worker.version} is in two slots`);
      slotOf.set(worker, slot);
      assert.equal(worker.registration, reg, `${where}: ${worker.version} in another registration's slot`);
      // Slot and state agree (Install 4–5 / 17–19, Activate 3–5).
      assert.ok(states.includes(worker.state), `${where}: ${slot} worker ${worker.version} is "${worker.state}"`);
    }
  }
  for (const worker of world.workers) {
    // A redundant or parsed worker holds no slot.
    if (worker.state === 'redundant' || worker.state === 'parsed') assert.ok(!slotOf.has(worker), `${where}: ${worker.state} ${worker.version} holds a slot`);
    // Lifecycle events run in order: install, then activate.
    assert.ok(['', 'install', 'install,activate'].includes(worker.events.join(',')), `${where}: ${worker.version} ran ${worker.events.join(',')}`);
  }
  for (const client of world.clients) {
    if (client.discarded || client.activeServiceWorker === null) continue;
    const controller = client.activeServiceWorker;
    // A controlled client's controller is its registration's active worker (Activate 8, claim 3.6).
    assert.equal(controller.registration.activeWorker, controller, `${where}: ${client.name}'s controller ${controller.version} is not its registration's active worker`);
    assert.ok(controller.state === 'activating' || controller.state === 'activated', `${where}: ${client.name} controlled by a "${controller.state}" worker`);
    // A client is only ever controlled over a secure, in-storage-key registration.
    assert.equal(controller.registration.storageKey, client.storageKey);
  }
}

describe('properties of random lifecycle sequences', () => {
  test('invariants after every step: one worker per slot, slot/state agreement, controllers are active workers', () => {
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        simulate(scenario, { observe: (world, i) => checkInvariants(world, `after step ${i} (${scenario.steps[i]?.do})`) });
      }),
      { numRuns: 300 },
    );
  });

  test('after the final settle nothing is left installing or activating', () => {
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        const { world } = simulate(scenario);
        for (const w of world.workers) assert.ok(w.state !== 'installing' && w.state !== 'activating', `${w.version} is still ${w.state}`);
        for (const [, , reg] of world.registrationMap) assert.equal(reg.installingWorker, null);
      }),
      { numRuns: 200 },
    );
  });

  test('fetch events only reach workers that ran "activate"; every step has a result', () => {
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        const outcome = predict(scenario);
        assert.equal(outcome.steps.length, scenario.steps.length);
        for (const e of outcome.fetchEvents ?? []) assert.ok(outcome.workers?.[e.worker]?.events.includes('activate'), `${e.worker} saw ${e.url} without activating`);
      }),
      { numRuns: 200 },
    );
  });

  test('predict is deterministic and its Outcome is plain JSON', () => {
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        const a = predict(scenario);
        const b = predict(structuredClone(scenario));
        assert.deepEqual(a, b);
        assert.deepEqual(JSON.parse(JSON.stringify(a)), a);
      }),
      { numRuns: 100 },
    );
  });

  test('without any register step nothing is controlled and no worker sees anything', () => {
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        const steps = scenario.steps.filter((s) => s.do !== 'register');
        const outcome = predict({ ...scenario, steps });
        assert.deepEqual(outcome.fetchEvents, []);
        for (const r of outcome.steps) if ('controller' in r) assert.equal(r.controller, null);
      }),
      { numRuns: 100 },
    );
  });
});
