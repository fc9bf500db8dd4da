// The scenario runner: a resolved scenario → its steps driven in one engine session → the
// observed Outcome. Page-side steps go to the fixture page's agent (window.__swc.run); document
// steps (open, navigate, reload, close) go through the engine client; worker-side facts (fetch
// events, lifecycle) come from the fixture server's observation log.
import type { CrossOriginEventObservation, FetchEventObservation, Outcome, Scenario, Step, StepResult } from '../../model/scenario.js';
import { withTimeout } from './engines/deadline.js';
import type { EngineClient, EngineSession } from './engines/types.js';
import type { FixtureRun, LogEntry } from './fixture-server.js';

/** The harness failed (driver, page agent, timeout) — never reported as a browser deviation. */
export class HarnessError extends Error {
  override name = 'HarnessError';
}

export interface RunOptions {
  /** Bound for one step, in ms. */
  stepTimeoutMs: number;
  /**
   * Read the observation log once it is quiet (fetch events, lifecycle). false: observe the step
   * results only, without waiting for the log (the fuzz properties compare steps only).
   */
  readLog: boolean;
  /**
   * How many worker observations (fetch events and lifecycle events) the model predicts. Workers
   * report over concurrent HTTP requests, so one may land after the log went quiet; while fewer
   * have arrived, the runner waits longer (bounded by lateReportMs). It never waits for more.
   */
  expectedWorkerReports: number;
  lateReportMs: number;
}

const DEFAULTS: RunOptions = { stepTimeoutMs: 20_000, readLog: true, expectedWorkerReports: 0, lateReportMs: 3_000 };

/** The log entries that become Outcome.fetchEvents and Outcome.workers. */
export function workerReports(log: LogEntry[]): number {
  return fetchEventsFrom(log).length + log.filter((e) => e.type === 'install' || e.type === 'activate' || e.type === 'crossorigin').length;
}

/** Timeout errors of the harness are HarnessErrors (engines/deadline.ts). */
export const harnessError = (message: string): HarnessError => new HarnessError(message);

/**
 * Navigate, then observe. A navigation that ends in a network error shows the engine's error page
 * (chrome-error:, about:neterror, …) or makes the driver throw: both are the observation
 * {fetchError: "NetworkError"}, as the model predicts for a failed navigation.
 */
async function navigateAndObserve(client: EngineClient, origins: string[], go: () => Promise<void>): Promise<StepResult> {
  try {
    await go();
  } catch (e) {
    if (NAVIGATION_ERROR.test((e as Error).message)) return { fetchError: 'NetworkError' };
    throw new HarnessError(`navigation failed in the driver: ${(e as Error).message.split('\n')[0]}`);
  }
  return observeDocument(client, origins);
}

const NAVIGATION_ERROR = /net::ERR_|NS_ERROR_|NS_BINDING_ABORTED|Navigation failed|interrupted by another navigation/;

/**
 * What a document step observes: the loaded document's URL and its controller. The URL is read
 * in the page: a driver may report the URL it was asked for while the document is still
 * about:blank (WebKitGTK after a failed navigation) or an engine error page. A document on none
 * of the run's origins is one a failed navigation left in place (a window kept from an earlier
 * test, engines/leases.ts): every scenario URL is on the run's origins.
 */
async function observeDocument(client: EngineClient, origins: string[]): Promise<StepResult> {
  const driverUrl = await client.url();
  if (!/^https?:/.test(driverUrl)) return { fetchError: 'NetworkError' };
  const seen = await client.evaluate(
    () => ({
      url: location.href,
      controller: (navigator.serviceWorker && navigator.serviceWorker.controller && navigator.serviceWorker.controller.scriptURL) || null,
    }),
    null,
  );
  if (!/^https?:/.test(seen.url) || !origins.includes(new URL(seen.url).origin)) return { fetchError: 'NetworkError' };
  return seen;
}

/** Run a page-side step in the client's agent. */
async function agentStep(client: EngineClient, step: Step): Promise<StepResult> {
  const r = await client.evaluate(async (s: Step) => {
    const agent = (window as unknown as { __swc?: { run(step: Step): Promise<unknown> } }).__swc;
    if (!agent) return { __harness: `no agent in ${location.href}` };
    try {
      return { __result: await agent.run(s) };
    } catch (e) {
      return { __harness: `agent threw ${(e as Error)?.name}: ${(e as Error)?.message}` };
    }
  }, step);
  const out = r as { __result?: StepResult; __harness?: string };
  if (out.__harness !== undefined || out.__result === undefined) throw new HarnessError(out.__harness ?? 'agent returned nothing');
  return out.__result;
}

/**
 * Requests the browser makes on its own (a favicon for a document without <link rel=icon>) are
 * user-agent behaviour, not the scenario's: no spec step fixes them, so they are not observations.
 */
function isUserAgentRequest(data: Record<string, unknown>): boolean {
  return typeof data.url === 'string' && new URL(data.url).pathname === '/favicon.ico';
}

export function fetchEventsFrom(log: LogEntry[]): FetchEventObservation[] {
  return log
    .filter((e) => e.type === 'fetch' && !isUserAgentRequest(e.data as Record<string, unknown>))
    .map((e) => {
      const d = e.data as Record<string, unknown>;
      return {
        worker: String(d.worker),
        url: String(d.url),
        mode: String(d.mode),
        redirect: String(d.redirect),
        destination: String(d.destination ?? ''),
      };
    });
}

/** Area "proposals": the decisions of target workers' cross-origin handlers ("crossorigin" entries, fixtures-server/client/worker.js). */
export function crossOriginEventsFrom(log: LogEntry[]): CrossOriginEventObservation[] {
  return log
    .filter((e) => e.type === 'crossorigin')
    .map((e) => {
      const d = e.data as Record<string, unknown>;
      return {
        worker: String(d.worker),
        event: d.event as CrossOriginEventObservation['event'],
        origin: String(d.origin),
        url: String(d.url),
        result: d.result as CrossOriginEventObservation['result'],
      };
    });
}

export function workersFrom(log: LogEntry[]): NonNullable<Outcome['workers']> {
  const workers: NonNullable<Outcome['workers']> = {};
  for (const e of log) {
    const d = e.data as Record<string, unknown>;
    const version = typeof d.worker === 'string' ? d.worker : undefined;
    if (!version) continue;
    const w = (workers[version] ??= { events: [] });
    if (e.type === 'install' || e.type === 'activate') w.events.push(e.type);
  }
  return workers;
}

export async function runScenario(session: EngineSession, run: FixtureRun, scenario: Scenario, options: Partial<RunOptions> = {}): Promise<Outcome> {
  const opts = { ...DEFAULTS, ...options };
  const clients = new Map<string, EngineClient>();
  const clientOf = (name: string): EngineClient => {
    const c = clients.get(name);
    if (!c) throw new HarnessError(`scenario error: client "${name}" is not open`);
    return c;
  };
  const origins = Object.values(run.origins);
  const steps: StepResult[] = [];
  for (const [i, step] of scenario.steps.entries()) {
    const label = `step ${i} (${step.do})`;
    const result = await withTimeout(label, opts.stepTimeoutMs, (async (): Promise<StepResult> => {
      switch (step.do) {
        case 'open': {
          if (clients.has(step.client)) throw new HarnessError(`scenario error: client "${step.client}" is already open`);
          const c = await session.open(step.client);
          clients.set(step.client, c);
          return navigateAndObserve(c, origins, () => c.navigate(step.url));
        }
        case 'navigate': {
          const c = clientOf(step.client);
          return navigateAndObserve(c, origins, () => c.navigate(step.url));
        }
        case 'reload': {
          const c = clientOf(step.client);
          return navigateAndObserve(c, origins, () => c.reload());
        }
        case 'close':
          await clientOf(step.client).close();
          clients.delete(step.client);
          return { done: true };
        case 'bumpScript':
          await run.bump(step.url);
          return { done: true };
        case 'serve':
          await run.serve(step.key, step.resource);
          return { done: true };
        case 'settle':
          await run.waitQuiet();
          return { done: true };
        default:
          return agentStep(clientOf(step.client), step);
      }
    })(), harnessError);
    steps.push(result);
  }
  if (!opts.readLog) return { steps };
  // Workers report asynchronously; wait until the log is quiet before reading it.
  const log = await run.waitFor(workerReports, opts.expectedWorkerReports, opts.lateReportMs);
  const crossOriginEvents = crossOriginEventsFrom(log);
  return { steps, fetchEvents: fetchEventsFrom(log), workers: workersFrom(log), ...(crossOriginEvents.length ? { crossOriginEvents } : {}) };
}
