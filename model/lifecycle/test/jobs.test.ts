// Jobs and job queues (sw.bs Appendix A § Schedule Job, § Run Job, § Finish Job, § Resolve /
// Reject Job Promise) and the algorithms they run, below the level of whole scenarios.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Scheduler, sleep, type Co } from '../../in-parallel.js';
import { createJob, jobsAreEquivalent, newJobPromise, scheduleJob, finishJob, resolveJobPromise, rejectJobPromise, type Job, type JobHost } from '../jobs.js';
import { POSITIONS } from '../../positions.js';
import { simulate } from '../../scenario/interpreter.js';
import type { Scenario } from '../../../contract/index.js';

const SCOPE = new URL('http://run.localhost:8000/app/');
const SCRIPT = new URL('http://run.localhost:8000/app/sw.js');
const client = { id: 1, url: new URL('http://run.localhost:8000/app/page.html') };

/** A host whose jobs take `ms` of virtual time, then resolve with their type. */
function host(ms: number): JobHost & { ran: Job[] } {
  const h: JobHost & { ran: Job[] } = {
    scheduler: new Scheduler(),
    scopeToJobQueueMap: new Map(),
    positions: new Set(),
    ran: [],
    *runJobAlgorithm(job: Job): Co {
      h.ran.push(job);
      yield* sleep(h.scheduler, ms);
      resolveJobPromise(job, job.type, 'test');
      finishJob(h, job);
    },
  };
  return h;
}

describe('Schedule Job', () => {
  test('Schedule Job 5: an empty queue runs the job (Run Job queues a task)', () => {
    const h = host(0);
    const p = newJobPromise();
    scheduleJob(h, createJob('register', 'k', SCOPE, SCRIPT, p, client));
    assert.equal(p.state, 'pending');
    h.scheduler.runPrompt();
    assert.equal(p.state, 'fulfilled');
  });

  test('Schedule Job 6.2: an equivalent job behind an unsettled one shares its result and does not run', () => {
    const h = host(100);
    const p1 = newJobPromise();
    const p2 = newJobPromise();
    scheduleJob(h, createJob('register', 'k', SCOPE, SCRIPT, p1, client));
    h.scheduler.runPrompt();
    scheduleJob(h, createJob('register', 'k', SCOPE, SCRIPT, p2, client));
    h.scheduler.settle();
    assert.equal(h.ran.length, 1);
    assert.deepEqual([p1.state, p2.state], ['fulfilled', 'fulfilled']);
  });

  test('Schedule Job 6.3: a job that is not equivalent waits in the queue (FIFO per scope)', () => {
    const h = host(100);
    const order: string[] = [];
    const p1 = newJobPromise();
    const p2 = newJobPromise();
    scheduleJob(h, createJob('register', 'k', SCOPE, SCRIPT, p1, client));
    scheduleJob(h, createJob('unregister', 'k', SCOPE, SCOPE, p2, client));
    h.scheduler.runUntil(() => p1.state !== 'pending', 'p1');
    order.push(`p1 ${p1.state}`, `p2 ${p2.state}`);
    h.scheduler.settle();
    assert.deepEqual(order, ['p1 fulfilled', 'p2 pending']);
    assert.equal(p2.state, 'fulfilled');
    assert.deepEqual(h.ran.map((j) => j.type), ['register', 'unregister']);
  });

  test('Appendix A "equivalent": register/update by scope, script, type and updateViaCache; unregister by scope', () => {
    const a = createJob('register', 'k', SCOPE, SCRIPT, null, null);
    const b = createJob('register', 'k', SCOPE, SCRIPT, null, null);
    assert.ok(jobsAreEquivalent(a, b));
    b.updateViaCache = 'none';
    assert.ok(!jobsAreEquivalent(a, b));
    const c = createJob('update', 'k', SCOPE, SCRIPT, null, null);
    assert.ok(!jobsAreEquivalent(a, c));
    const u1 = createJob('unregister', 'k', SCOPE, SCRIPT, null, null);
    const u2 = createJob('unregister', 'k', SCOPE, new URL('http://run.localhost:8000/other.js'), null, null);
    assert.ok(jobsAreEquivalent(u1, u2));
  });

  test('Schedule Job 6.2 (#853 position): joining a Soft Update job (null promise) is recorded; a settled one is not joined', () => {
    const h = host(100);
    const soft = createJob('update', 'k', SCOPE, SCRIPT, null, null);
    scheduleJob(h, soft);
    h.scheduler.runPrompt();
    // The soft update settles (Install 7) but has not finished.
    resolveJobPromise(soft, 'update', 'Install 7');
    const p = newJobPromise();
    scheduleJob(h, createJob('update', 'k', SCOPE, SCRIPT, p, client));
    assert.ok(h.positions.has(POSITIONS.softUpdateCoalescing.link));
    h.scheduler.settle();
    // Not joined: it ran on its own after the soft update finished.
    assert.equal(h.ran.length, 2);
    assert.equal(p.state, 'fulfilled');
  });

  test('Reject Job Promise: a promise that already settled stays as it is; equivalent jobs are rejected too', () => {
    const p1 = newJobPromise();
    const p2 = newJobPromise();
    const job = createJob('register', 'k', SCOPE, SCRIPT, p1, client);
    job.listOfEquivalentJobs.push(createJob('register', 'k', SCOPE, SCRIPT, p2, client));
    rejectJobPromise(job, 'SecurityError', 'Update fetch-hook 7');
    rejectJobPromise(job, 'TypeError', 'Update 8');
    assert.deepEqual([p1.error, p2.error], ['SecurityError', 'SecurityError']);
  });
});

describe('Update 2 through the job queue', () => {
  test('Update 2: an update job for a scope whose registration was unregistered rejects with TypeError', () => {
    const scenario: Scenario = {
      id: 'lifecycle/jobs',
      area: 'lifecycle',
      title: 'jobs',
      spec: [],
      resources: { '{a}/app/sw.js': { kind: 'worker', behaviour: { version: 'v1' } } },
      steps: [
        { do: 'open', client: 'c1', url: '{a}/app/page.html' },
        { do: 'register', client: 'c1', script: '/app/sw.js', settle: true },
        { do: 'reload', client: 'c1' },
        { do: 'unregister', client: 'c1', scope: '{a}/app/' },
      ],
    };
    const { world } = simulate(scenario);
    const doc = world.windows.get('c1');
    assert.ok(doc);
    const p = newJobPromise();
    scheduleJob(world, createJob('update', doc.storageKey, SCOPE, SCRIPT, p, doc));
    world.scheduler.runUntil(() => p.state !== 'pending', 'update settles');
    assert.deepEqual([p.state, p.error, p.step], ['rejected', 'TypeError', 'Update 2']);
  });
});
