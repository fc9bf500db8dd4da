// Jobs and job queues (sw.bs Appendix A: § Create Job, § Schedule Job, § Run Job, § Finish Job,
// § Resolve Job Promise, § Reject Job Promise), and the cooperative scheduler that stands in for
// the specification's "in parallel" and "wait until".
//
// The scheduler. Every algorithm that can wait (Install waits for the install event's extend
// lifetime promises, Create Fetch Event and Dispatch waits while the worker is "activating", a
// step waits for its job promise) is written as a generator that yields a Wait. A Thread is one
// such generator running "in parallel". The scheduler runs runnable threads in creation order
// until none can progress; time is virtual and advances only when something must wait for it:
//
//   - a step runs until it is done (the harness waits for each step), advancing virtual time if
//     the step has to wait for a delayed event (e.g. a navigation waits for an activating worker);
//   - after each step, work that needs no time (an undelayed install, activate, soft update) runs
//     to completion before the next step starts — position: the browser's steps take far longer
//     than an undelayed lifecycle, which is what the harness relies on;
//   - work held by a declared delay (install/activate delayMs) stays pending until a step needs
//     it, a `settle` step (or a register with settle:true), or the end of the scenario.

import type { StorageKey } from './storage-key.js';
import { serializeURL } from './url.js';

// ---------------------------------------------------------------------------------------------
// Scheduler

export type Wait =
  /** Resume once virtual time reaches `until` (ms). */
  | { kind: 'time'; until: number }
  /** Resume once `test()` holds. */
  | { kind: 'until'; test: () => boolean; what: string };

/** A coroutine: an algorithm that may wait. `yield*` it from another coroutine. */
export type Co<T = void> = Generator<Wait, T, void>;

export interface Thread {
  readonly id: number;
  readonly name: string;
  /** Threads tagged with a serialized scope belong to that registration's lifecycle (settle:true waits for them). */
  readonly scope: string | null;
  done: boolean;
  waiting: Wait | null;
  gen: Co;
}

export class Deadlock extends Error {
  override name = 'Deadlock';
}

export class Scheduler {
  /** Virtual time in ms. */
  now = 0;
  private nextId = 1;
  readonly threads: Thread[] = [];

  /** Start `gen` "in parallel". It first runs at the next scheduling point. */
  spawn(name: string, gen: Co, scope: string | null = null): Thread {
    const t: Thread = { id: this.nextId++, name, scope, done: false, waiting: null, gen };
    this.threads.push(t);
    return t;
  }

  private ready(t: Thread): boolean {
    const w = t.waiting;
    if (w === null) return true;
    return w.kind === 'time' ? w.until <= this.now : w.test();
  }

  /** Run one thread until it waits on something that does not hold yet, or ends. */
  private step(t: Thread): void {
    for (;;) {
      const r = t.gen.next();
      if (r.done === true) {
        t.done = true;
        t.waiting = null;
        return;
      }
      t.waiting = r.value;
      if (!this.ready(t)) return;
    }
  }

  /** Run every thread that can progress without time passing, until none can. */
  runPrompt(): void {
    let progressed = true;
    while (progressed) {
      progressed = false;
      for (const t of [...this.threads]) {
        if (t.done || !this.ready(t)) continue;
        this.step(t);
        progressed = true;
      }
      for (let i = this.threads.length - 1; i >= 0; i--) if (this.threads[i]!.done) this.threads.splice(i, 1);
    }
  }

  /** The earliest time a sleeping thread wakes, or null. */
  private nextTimer(filter?: (t: Thread) => boolean): number | null {
    let min: number | null = null;
    for (const t of this.threads) {
      if (t.done || t.waiting?.kind !== 'time') continue;
      if (filter && !filter(t)) continue;
      if (min === null || t.waiting.until < min) min = t.waiting.until;
    }
    return min;
  }

  /**
   * Run until `goal()` holds, letting virtual time pass when nothing else can progress. Throws
   * Deadlock when the goal cannot be reached (everything waits on conditions that never hold).
   */
  runUntil(goal: () => boolean, what: string): void {
    for (;;) {
      this.runPrompt();
      if (goal()) return;
      const next = this.nextTimer();
      if (next === null) throw new Deadlock(`cannot reach: ${what}`);
      this.now = Math.max(this.now, next);
    }
  }

  /** Let time pass until no thread (matching `filter`) is left, or the rest wait on conditions that never hold. */
  settle(filter?: (t: Thread) => boolean): void {
    for (;;) {
      this.runPrompt();
      const pending = this.threads.some((t) => !t.done && (!filter || filter(t)));
      if (!pending) return;
      const next = this.nextTimer(filter);
      if (next === null) return;
      this.now = Math.max(this.now, next);
    }
  }
}

/** Wait until `test()` holds (no wait at all if it already does). */
export function* waitUntil(test: () => boolean, what: string): Co {
  if (!test()) yield { kind: 'until', test, what };
}

/** Let `ms` of virtual time pass (none for ms ≤ 0). */
export function* sleep(scheduler: Scheduler, ms: number | undefined): Co {
  if (ms !== undefined && ms > 0) yield { kind: 'time', until: scheduler.now + ms };
}

// ---------------------------------------------------------------------------------------------
// Jobs (Appendix A)

export type JobType = 'register' | 'update' | 'unregister';
export type WorkerType = 'classic' | 'module';
export type UpdateViaCache = 'imports' | 'all' | 'none';

/** A job promise, as the page sees it once settled. */
export interface JobPromise {
  state: 'pending' | 'fulfilled' | 'rejected';
  /** Fulfilment value (a registration for register/update, a boolean for unregister). */
  value?: unknown;
  /** Rejection: the exception name ("TypeError", "SecurityError", …). */
  error?: string;
  /** The algorithm step that settled it (for explanations and tests). */
  step?: string;
}

export function newJobPromise(): JobPromise {
  return { state: 'pending' };
}

/** The job's client: whatever issued it; the model only needs its identity and creation URL. */
export interface JobClient {
  readonly id: number;
  url: URL;
}

export interface Job {
  type: JobType;
  storageKey: StorageKey;
  scopeURL: URL;
  scriptURL: URL;
  /** Null for Soft Update jobs. */
  promise: JobPromise | null;
  /** Null for Soft Update jobs. */
  client: JobClient | null;
  /** The client's creation URL (Create Job 8; Start Register 14). */
  referrer: URL | null;
  workerType: WorkerType;
  updateViaCache: UpdateViaCache;
  forceBypassCache: boolean;
  containingJobQueue: JobQueue | null;
  listOfEquivalentJobs: Job[];
  /** Resolve Job Promise or Reject Job Promise ran for this job (also for a Soft Update job's null promise). */
  settled: boolean;
}

export type JobQueue = Job[];

/** The part of the model's world the job machinery needs. */
export interface JobHost {
  scheduler: Scheduler;
  /** Appendix A: scope to job queue map, keyed by serialized scope URL (not by storage key). */
  scopeToJobQueueMap: Map<string, JobQueue>;
  /** Run Job 2.2–2.4: the Register, Update or Unregister algorithm for the job. */
  runJobAlgorithm(job: Job): Co;
  /** Documented positions exercised (issue links). */
  positions: Set<string>;
}

/**
 * Position: "lastJob's job promise has not settled" (Schedule Job 6.2, from #853) reads, for a Soft
 * Update job whose promise is null, as "Resolve/Reject Job Promise has not run for it yet"; read
 * literally, a job coalesced into a Soft Update job past Install 7 would never settle. Chromium
 * settles such a late equivalent job at once with the job's result; joining only unsettled jobs
 * gives the same outcome.
 */
export const SOFT_UPDATE_COALESCING_POSITION = 'https://github.com/w3c/ServiceWorker/issues/853';

/** § Create Job. */
export function createJob(
  jobType: JobType,
  storageKey: StorageKey,
  scopeURL: URL,
  scriptURL: URL,
  promise: JobPromise | null,
  client: JobClient | null,
): Job {
  return {
    type: jobType,
    storageKey,
    scopeURL,
    scriptURL,
    promise,
    client,
    // Create Job 8: the referrer is the client's creation URL.
    referrer: client === null ? null : client.url,
    workerType: 'classic',
    updateViaCache: 'imports',
    forceBypassCache: false,
    containingJobQueue: null,
    listOfEquivalentJobs: [],
    settled: false,
  };
}

/** Appendix A "equivalent" jobs. */
export function jobsAreEquivalent(a: Job, b: Job): boolean {
  if (a.type !== b.type) return false;
  const sameScope = serializeURL(a.scopeURL) === serializeURL(b.scopeURL);
  if (a.type === 'unregister') return sameScope;
  // register and update: scope url, script url, worker type, update via cache mode.
  return sameScope && serializeURL(a.scriptURL) === serializeURL(b.scriptURL) && a.workerType === b.workerType && a.updateViaCache === b.updateViaCache;
}

/** "lastJob's job promise has not settled" (SOFT_UPDATE_COALESCING_POSITION for a null promise). */
function promiseUnsettled(job: Job): boolean {
  return !job.settled;
}

/** § Schedule Job. */
export function scheduleJob(host: JobHost, job: Job): void {
  // Schedule Job 1–4: the job queue for the serialized scope.
  const jobScope = serializeURL(job.scopeURL);
  let jobQueue = host.scopeToJobQueueMap.get(jobScope);
  if (jobQueue === undefined) {
    jobQueue = [];
    host.scopeToJobQueueMap.set(jobScope, jobQueue);
  }
  if (jobQueue.length === 0) {
    // Schedule Job 5: empty queue → enqueue and Run Job.
    job.containingJobQueue = jobQueue;
    jobQueue.push(job);
    runJob(host, jobQueue);
    return;
  }
  // Schedule Job 6.1–6.2: an equivalent last job whose promise is unsettled absorbs this one.
  const lastJob = jobQueue[jobQueue.length - 1]!;
  if (jobsAreEquivalent(job, lastJob) && lastJob.promise === null && job.promise !== null) host.positions.add(SOFT_UPDATE_COALESCING_POSITION);
  if (jobsAreEquivalent(job, lastJob) && promiseUnsettled(lastJob)) {
    lastJob.listOfEquivalentJobs.push(job);
    return;
  }
  // Schedule Job 6.3: enqueue.
  job.containingJobQueue = jobQueue;
  jobQueue.push(job);
}

/** § Run Job: queue a task that runs the first job of the queue in parallel. */
export function runJob(host: JobHost, jobQueue: JobQueue): void {
  // Run Job 1: the queue is not empty.
  const job = jobQueue[0];
  if (job === undefined) throw new Error('Run Job: empty job queue');
  // Run Job 2: queue a task → Register / Update / Unregister in parallel.
  host.scheduler.spawn(`${job.type} job ${serializeURL(job.scopeURL)}`, host.runJobAlgorithm(job), serializeURL(job.scopeURL));
}

/** § Finish Job. */
export function finishJob(host: JobHost, job: Job): void {
  const jobQueue = job.containingJobQueue;
  // Finish Job 2: the job is at the front of its queue.
  if (jobQueue === null || jobQueue[0] !== job) throw new Error('Finish Job: the job is not at the front of its queue');
  // Finish Job 3: dequeue.
  jobQueue.shift();
  // Finish Job 4: run the next job.
  if (jobQueue.length > 0) runJob(host, jobQueue);
}

/** The job and every job it absorbed (Resolve / Reject Job Promise settle them all). */
function jobAndEquivalents(job: Job): Job[] {
  return [job, ...job.listOfEquivalentJobs];
}

/** § Resolve Job Promise. Jobs with a null client (Soft Update) settle nothing. */
export function resolveJobPromise(job: Job, value: unknown, step: string): void {
  job.settled = true;
  for (const j of jobAndEquivalents(job)) {
    if (j.client === null || j.promise === null || j.promise.state !== 'pending') continue;
    j.promise.state = 'fulfilled';
    j.promise.value = value;
    j.promise.step = step;
  }
}

/** § Reject Job Promise. A promise that already settled (e.g. by an earlier SecurityError) stays as it is. */
export function rejectJobPromise(job: Job, error: string, step: string): void {
  job.settled = true;
  for (const j of jobAndEquivalents(job)) {
    if (j.client === null || j.promise === null || j.promise.state !== 'pending') continue;
    j.promise.state = 'rejected';
    j.promise.error = error;
    j.promise.step = step;
  }
}
