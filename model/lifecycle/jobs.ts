// Jobs and job queues (sw.bs Appendix A: § Create Job, § Schedule Job, § Run Job, § Finish Job,
// § Resolve Job Promise, § Reject Job Promise). The algorithms a job runs (Register, Update,
// Unregister) are in lifecycle.ts; they run "in parallel" on the scheduler of ../in-parallel.ts.

import type { Co, Scheduler } from '../in-parallel.js';
import { POSITIONS } from '../positions.js';
import type { StorageKey } from '../standards/storage-key.js';
import { serializeURL } from '../standards/url.js';

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

/** "lastJob's job promise has not settled" (position softUpdateCoalescing for a null promise). */
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
  if (jobsAreEquivalent(job, lastJob) && lastJob.promise === null && job.promise !== null) host.positions.add(POSITIONS.softUpdateCoalescing.link);
  if (jobsAreEquivalent(job, lastJob) && promiseUnsettled(lastJob)) {
    lastJob.listOfEquivalentJobs.push(job);
    return;
  }
  // Schedule Job 6.3: enqueue.
  job.containingJobQueue = jobQueue;
  jobQueue.push(job);
}

/** § Run Job: queue a task that runs the first job of the queue in parallel. */
function runJob(host: JobHost, jobQueue: JobQueue): void {
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
