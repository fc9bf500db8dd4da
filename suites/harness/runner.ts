// The scenario runner: a resolved scenario → its steps driven in one engine session → the
// observed Outcome. Page-side steps go to the fixture page's agent (window.__swc.run); document
// steps (open, navigate, reload, close) go through the engine client; worker-side facts (fetch
// events, lifecycle) come from the fixture server's observation log.
import type { CacheEventObservation, CrossOriginEventObservation, FetchEventObservation, LateEvent, Outcome, Scenario, Step, StepResult } from '../../contract/index.js';
import { withTimeout } from './engines/deadline.js';
import { HarnessError } from './harness-error.js';
import { FRAME_WATCH, watchFrameNavigation, type FrameAgent, type FrameState, type FrameWatch } from './frame-navigation.js';
import type { EngineClient, EngineSession } from './engines/types.js';
import type { FixtureRun, LogEntry } from './fixture-server.js';
import { timed, type Profile } from './profile.js';

/** The harness failed (driver, page agent, timeout): never reported as a browser deviation. */
export { HarnessError };

export interface RunOptions {
  /** Bound for one step, in ms. */
  stepTimeoutMs: number;
  /**
   * Read the observation log when the scenario is over (fetch events, lifecycle). false: observe
   * the step results only, without waiting for the log (the fuzz properties compare steps only).
   */
  readLog: boolean;
  /** When the scenario is over: the rule and its figures (END_RULE). */
  end: EndRule;
  /** Time each step and each part of the end rule into this profile (profile.ts); off when absent. */
  profile?: Profile;
}

/**
 * When is a scenario over? One rule for every check, decided from the browser and the server,
 * never from the model's prediction (issue 25):
 *  1. Pending Soft Update. A navigation starts a Soft Update "in parallel" (Handle Fetch), with
 *     no timing: Chromium runs it at once, Firefox and WebKitGTK about 1 s after the navigation
 *     (server timestamps of the script requests). It can only produce events when a worker script
 *     changed after that navigation (a bumpScript or serve step later in the scenario), so only
 *     then, the end waits until `softUpdateMs` have passed since the last such navigation.
 *  2. Registrations out of transitional states, asked in every open client: no worker installing,
 *     none activating (a worker that stays waiting is a stable state), bounded by `settleMs`.
 *  3. The log quiet for `quietMs` (workers report over concurrent requests).
 *  Steps 2 and 3 repeat until both hold at once or `deadlineMs` has passed.
 *  4. Late events. After the outcome is read, the log is read once more after `lateReadMs`;
 *     whatever arrived is part of the observation (and of the diff), listed as lateEvents.
 * The figures and the measurements behind them: docs/observation.md.
 */
export interface EndRule {
  softUpdateMs: number;
  settleMs: number;
  quietMs: number;
  deadlineMs: number;
  lateReadMs: number;
}

export const END_RULE: EndRule = { softUpdateMs: 1_500, settleMs: 5_000, quietMs: 150, deadlineMs: 10_000, lateReadMs: 250 };

const DEFAULTS: RunOptions = { stepTimeoutMs: 20_000, readLog: true, end: END_RULE };

const WORKER_REPORTS = ['fetch', 'install', 'activate', 'crossorigin', 'cache'] as const;

/** The log entries that become observations (fetch events, lifecycle, cross-origin and cache events), as late events read at `readAt`. */
export function lateEventsFrom(log: LogEntry[], readAt: number): LateEvent[] {
  const out: LateEvent[] = [];
  for (const e of log) {
    const type = WORKER_REPORTS.find((t) => t === e.type);
    const d = e.data as Record<string, unknown>;
    if (type === undefined || (type === 'fetch' && isUserAgentRequest(d))) continue;
    const detail = type === 'cache' ? `${String(d.op)} ${String(d.target)}` : type === 'fetch' || type === 'crossorigin' ? String(d.url) : undefined;
    out.push({ type, worker: String(d.worker), ...(detail !== undefined ? { detail } : {}), afterReadMs: Math.max(0, e.t - readAt) });
  }
  return out;
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
 * Rule 2 of a frame step counts quiet time from the server's request entry, which is logged
 * before a resource's declared delay: the longest delay of the scenario is added to it.
 */
function frameWatchFor(scenario: Scenario): FrameWatch {
  const delays = Object.values(scenario.resources ?? {}).map((r) => r.http?.delayMs ?? 0);
  return { ...FRAME_WATCH, stallMs: FRAME_WATCH.stallMs + Math.max(0, ...delays) };
}

/** The agent's two halves of a frame step (agent.js startFrame / frameState). */
function frameAgent(client: EngineClient, step: Extract<Step, { do: 'frame' }>): FrameAgent {
  type Agent = { startFrame(step: Step): Promise<unknown>; frameState(name: string): FrameState };
  return {
    async start() {
      const r = await client.evaluate(async (s: Step) => {
        const agent = (window as unknown as { __swc?: Agent }).__swc;
        if (!agent) return `no agent in ${location.href}`;
        return agent.startFrame(s).then(() => null, (e: Error) => `agent threw ${e?.name}: ${e?.message}`);
      }, step);
      if (r !== null) throw new HarnessError(r);
    },
    async state() {
      const r = await client.evaluate((name: string) => {
        const agent = (window as unknown as { __swc?: Agent }).__swc;
        if (!agent) return { done: true as const, error: `no agent in ${location.href}` };
        try {
          return agent.frameState(name);
        } catch (e) {
          return { done: true as const, error: `${(e as Error)?.name}: ${(e as Error)?.message}` };
        }
      }, step.frame);
      return r;
    },
  };
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

/** Area "caches": what generated workers did with their caches ("cache" entries, fixtures-server/client/worker.js). */
export function cacheEventsFrom(log: LogEntry[]): CacheEventObservation[] {
  return log
    .filter((e) => e.type === 'cache')
    .map((e) => {
      const d = e.data as Record<string, unknown>;
      return { worker: String(d.worker), op: d.op as CacheEventObservation['op'], target: String(d.target), result: String(d.result) };
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

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, Math.max(0, ms)));

/** What one client sees of its origin's registrations (rule 2). */
export interface RegistrationsView {
  /** A worker is installing or activating. */
  busy: boolean;
  /** Scopes whose registration has a waiting worker next to an active one. */
  waiting: string[];
  /** Scopes whose active worker controls this client. */
  controlling: string[];
}

/**
 * Evaluated in a client: its origin's registrations, as rule 2 needs them. Same-origin iframes
 * count as clients too (a frame may be the one client using a registration whose update waits:
 * lifecycle/frame-keeps-registration-in-use); their registrations are asked in the frame, where
 * the controller is the same object as the registration's active worker.
 */
async function viewRegistrations(): Promise<RegistrationsView> {
  const view: RegistrationsView = { busy: false, waiting: [], controlling: [] };
  const wins: Window[] = [window];
  for (let i = 0; i < window.frames.length; i++) {
    try {
      if (window.frames[i]!.navigator.serviceWorker) wins.push(window.frames[i]!);
    } catch {
      // A cross-origin frame: its registrations are its origin's (and partition's), not asked here.
    }
  }
  for (const [i, w] of wins.entries()) {
    const sw = w.navigator.serviceWorker;
    if (!sw) continue;
    const regs = await sw.getRegistrations();
    if (i === 0) {
      view.busy = regs.some((r) => r.installing !== null || (r.active !== null && r.active.state === 'activating'));
      view.waiting = regs.filter((r) => r.waiting !== null && r.active !== null).map((r) => r.scope);
    }
    for (const r of regs) if (r.active !== null && r.active === sw.controller && !view.controlling.includes(r.scope)) view.controlling.push(r.scope);
  }
  return view;
}

/**
 * Rule 2 over every open client: settled when no worker is installing or activating, and no
 * waiting worker stands next to an active one that no open client uses (Try Activate will
 * activate it; engines take up to a second, e.g. after claim() took its last client).
 */
export function settledView(views: RegistrationsView[]): boolean {
  if (views.some((v) => v.busy)) return false;
  const controlling = new Set(views.flatMap((v) => v.controlling));
  return views.every((v) => v.waiting.every((scope) => controlling.has(scope)));
}

/** Poll rule 2 until it holds or `timeoutMs` passes. A client that cannot be asked (an error page) has nothing to wait for. */
async function settleRegistrations(clients: Iterable<EngineClient>, timeoutMs: number): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const views: RegistrationsView[] = [];
    for (const c of clients) views.push(await c.evaluate(viewRegistrations, null).catch(() => ({ busy: false, waiting: [], controlling: [] })));
    if (settledView(views)) return true;
    if (Date.now() >= until) return false;
    await sleep(50);
  }
}

/** Rule 1: the end of the last navigation a Soft Update may still follow with events (a worker script changed after it). */
function pendingSoftUpdateSince(scenario: Scenario, results: StepResult[], ended: number[]): number | undefined {
  let lastNav: number | undefined;
  let changedAfter = false;
  scenario.steps.forEach((step, i) => {
    const r = results[i] as { controller?: unknown } | undefined;
    if ((step.do === 'open' || step.do === 'navigate' || step.do === 'reload' || step.do === 'frame') && r && 'controller' in r && r.controller !== null) {
      lastNav = i;
      changedAfter = false;
    }
    if ((step.do === 'bumpScript' || step.do === 'serve') && lastNav !== undefined) changedAfter = true;
  });
  return lastNav !== undefined && changedAfter ? ended[lastNav] : undefined;
}

export async function runScenario(session: EngineSession, run: FixtureRun, scenario: Scenario, options: Partial<RunOptions> = {}): Promise<Outcome> {
  const opts = { ...DEFAULTS, ...options };
  const ended: number[] = [];
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
    const result = await withTimeout(label, opts.stepTimeoutMs, timed(opts.profile, `step.${step.do}`, async (): Promise<StepResult> => {
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
        case 'frame': {
          // The agent navigates the iframe; the driver and the log show a navigation that failed (frame-navigation.ts).
          const c = clientOf(step.client);
          return watchFrameNavigation(c, run, step.frame, frameAgent(c, step), frameWatchFor(scenario));
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
        case 'network':
          // Area "caches": the fixture server drops (or serves again) the run's requests.
          await run.setNetwork(step.state === 'online');
          return { done: true };
        default:
          return agentStep(clientOf(step.client), step);
      }
    }), harnessError);
    steps.push(result);
    ended.push(Date.now());
  }
  if (!opts.readLog) return { steps };
  const end = opts.end;
  const p = opts.profile;
  const deadline = Date.now() + end.deadlineMs;
  const navigatedAt = pendingSoftUpdateSince(scenario, steps, ended);
  if (navigatedAt !== undefined) await timed(p, 'end.softUpdate', () => sleep(navigatedAt + end.softUpdateMs - Date.now()));
  let log: LogEntry[];
  let readAt: number;
  for (;;) {
    const settled = await timed(p, 'end.settle', () => settleRegistrations(clients.values(), Math.min(end.settleMs, Math.max(0, deadline - Date.now()))));
    log = await timed(p, 'end.quiet', () => run.waitQuiet(end.quietMs));
    readAt = Date.now();
    if ((settled && (await timed(p, 'end.settle', () => settleRegistrations(clients.values(), 0)))) || Date.now() >= deadline) break;
  }
  // Rule 4: anything that arrives after the read is part of the observation, and counted.
  await timed(p, 'end.late', () => sleep(end.lateReadMs));
  const late = await timed(p, 'end.late', () => run.readAfter(log.length ? log[log.length - 1]!.seq : 0));
  const all = [...log, ...late];
  const crossOriginEvents = crossOriginEventsFrom(all);
  const cacheEvents = cacheEventsFrom(all);
  const lateEvents = lateEventsFrom(late, readAt);
  return {
    steps,
    fetchEvents: fetchEventsFrom(all),
    workers: workersFrom(all),
    ...(crossOriginEvents.length ? { crossOriginEvents } : {}),
    ...(cacheEvents.length ? { cacheEvents } : {}),
    ...(lateEvents.length ? { lateEvents } : {}),
  };
}
