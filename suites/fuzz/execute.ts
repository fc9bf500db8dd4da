// Running a property's scenario in one engine, as fast as its kind allows, returning the observed
// step results with origins abstracted ("{a}/…"). Every failure of the harness (driver, fixture
// server, page agent, timeout) throws a HarnessError: never reported as a browser deviation.
import type { Scenario, Step, StepResult } from '../../contract/index.js';
import type { EngineClient, EngineSession } from '../harness/engines/types.js';
import type { Fixtures, FixtureRun } from '../harness/fixture-server.js';
import { abstractOrigins, resolvePlaceholders } from '../../contract/index.js';
import { withTimeout } from '../harness/engines/deadline.js';
import { HarnessError, harnessError, runScenario } from '../harness/runner.js';
import { cachePutAll, cacheQueryAll, documentState, lookupAll, registerAll, type LookupAllAnswer, type PageRegisterItem } from './page-functions.js';
import { isCacheQueryStep } from './cache-match.js';

export interface ExecContext {
  session: EngineSession;
  fixtures: Fixtures;
  /**
   * One window kept across runs: each run navigates it to its own origin's page instead of
   * opening a new one (opening a window costs more than a whole batch of lookups). Closed by
   * closeKeptClient at the end, or after a harness error.
   */
  kept?: { client?: EngineClient };
}

/** Close the window kept across runs; never throws. */
export async function closeKeptClient(ctx: ExecContext): Promise<void> {
  const c = ctx.kept?.client;
  if (ctx.kept) delete ctx.kept.client;
  if (c) await withTimeout('close', 10_000, c.close(), harnessError).catch(() => undefined);
}

/** The first client of a run: the kept window (navigated to `url` if given), or a new one. */
async function openFirst(ctx: ExecContext, name: string, url?: string): Promise<EngineClient> {
  const kept = ctx.kept?.client;
  if (kept) {
    if (url !== undefined) await kept.navigate(url);
    return kept;
  }
  const c = await ctx.session.open(name, url);
  if (ctx.kept) ctx.kept.client = c;
  return c;
}

/** Lookups per evaluate call. */
export const LOOKUP_BATCH = 2000;

const STEP_TIMEOUT_MS = 30_000;


function describeError(e: unknown): string {
  const err = e as Error & { cause?: { code?: string; message?: string } };
  const cause = err.cause ? ` (${err.cause.code ?? err.cause.message ?? String(err.cause)})` : '';
  return `${err.message.split('\n')[0]}${cause}`;
}

async function harnessStep<T>(what: string, p: Promise<T>): Promise<T> {
  try {
    return await withTimeout(what, STEP_TIMEOUT_MS, p, harnessError);
  } catch (e) {
    if (e instanceof HarnessError) throw e;
    throw new HarnessError(`${what}: ${describeError(e)}`);
  }
}

/**
 * A call to the fixture server's control API, idempotent, retried once when the connection itself
 * failed (undici's "fetch failed": a keep-alive socket closed under the request).
 */
async function controlStep<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await harnessStep(what, call());
  } catch (e) {
    if (!(e instanceof HarnessError) || !/fetch failed/.test(e.message)) throw e;
    await new Promise((resolve) => setTimeout(resolve, 100));
    return harnessStep(what, call());
  }
}

/**
 * Close the run's clients; never throws. Registrations are left alone: every run has its own
 * origin, and in WebKitGTK unregistering one origin's registrations can make the registrations
 * another *.localhost origin creates right afterwards vanish (about one run in ten), which would
 * turn into false counterexamples.
 */
async function cleanUp(ctx: ExecContext, clients: EngineClient[], failed: boolean): Promise<void> {
  if (failed) await closeKeptClient(ctx);
  for (const c of clients) if (c !== ctx.kept?.client) await withTimeout('close', 10_000, c.close(), harnessError).catch(() => undefined);
}

/**
 * A url-match scenario (open, register…, getRegistration…) in a few evaluate calls: the
 * registrations at once, then the lookups in batches of LOOKUP_BATCH, all in flight together.
 */
export async function executeBatched(ctx: ExecContext, scenario: Scenario, batch = LOOKUP_BATCH): Promise<StepResult[]> {
  const run = await controlStep('new fixture run', () => ctx.fixtures.newRun());
  const clients: EngineClient[] = [];
  let failed = true;
  try {
    const concrete = resolvePlaceholders(scenario, run.origins);
    await controlStep('set resources', () => run.setResources(scenario.resources ?? {}));
    const [open, ...rest] = concrete.steps;
    if (open?.do !== 'open') throw new HarnessError('a url-match scenario starts with an open step');
    const registers = rest.filter((s): s is Extract<Step, { do: 'register' }> => s.do === 'register');
    const lookups = rest.filter((s): s is Extract<Step, { do: 'getRegistration' }> => s.do === 'getRegistration');
    if (rest.some((s, i) => (i < registers.length ? s.do !== 'register' : s.do !== 'getRegistration'))) {
      throw new HarnessError('a url-match scenario is open, register…, getRegistration…');
    }
    const client = await harnessStep('open the page', openFirst(ctx, open.client, open.url));
    clients.push(client);
    const steps: StepResult[] = [await harnessStep('observe the page', client.evaluate(documentState, null))];
    if (registers.length > 0) {
      const items: PageRegisterItem[] = registers.map((r) => ({ script: r.script, ...(r.scope !== undefined ? { scope: r.scope } : {}) }));
      const r = await harnessStep('register', client.evaluate(registerAll, items));
      if (r.harness !== undefined || !r.results || r.results.length !== items.length) throw new HarnessError(`register: ${r.harness ?? 'no results'}`);
      steps.push(...r.results);
    }
    for (let i = 0; i < lookups.length; i += batch) {
      const urls = lookups.slice(i, i + batch).map((l) => l.url ?? '');
      const r = JSON.parse(await harnessStep('getRegistration batch', client.evaluate(lookupAll, JSON.stringify(urls)))) as LookupAllAnswer;
      if (r.harness !== undefined || !r.results || r.results.length !== urls.length) throw new HarnessError(`getRegistration: ${r.harness ?? 'no results'}`);
      steps.push(...r.results);
    }
    failed = false;
    return abstractOrigins(steps, run.origins);
  } finally {
    await cleanUp(ctx, clients, failed);
    await run.dispose().catch(() => undefined);
  }
}

/** Any scenario through the harness's runner, step by step, without reading the log. */
export async function executeSteps(ctx: ExecContext, scenario: Scenario): Promise<StepResult[]> {
  const run: FixtureRun = await controlStep('new fixture run', () => ctx.fixtures.newRun());
  // The runner opens clients through this session; they are closed after the run.
  const clients: EngineClient[] = [];
  const tracking: EngineSession = {
    async open(name, url) {
      const c = clients.length === 0 ? await openFirst(ctx, name, url) : await ctx.session.open(name, url);
      clients.push(c);
      return c;
    },
    close: () => Promise.resolve(),
  };
  let failed = true;
  try {
    const concrete = resolvePlaceholders(scenario, run.origins);
    await controlStep('set resources', () => run.setResources(scenario.resources ?? {}));
    const observed = await runScenario(tracking, run, concrete, { readLog: false, stepTimeoutMs: STEP_TIMEOUT_MS });
    failed = false;
    return abstractOrigins(observed.steps, run.origins);
  } catch (e) {
    if (e instanceof HarnessError) throw e;
    throw new HarnessError(describeError(e));
  } finally {
    await cleanUp(ctx, clients, failed);
    await run.dispose().catch(() => undefined);
  }
}

/** Queries per evaluate call (fuzz/cache-match). */
export const CACHE_QUERY_BATCH = 1000;

/**
 * A cache-match scenario (open, cache put…, queries…) in a few evaluate calls: the puts in order
 * in one, then the queries in batches of CACHE_QUERY_BATCH, all in flight together.
 */
export async function executeCacheBatched(ctx: ExecContext, scenario: Scenario, batch = CACHE_QUERY_BATCH): Promise<StepResult[]> {
  const run = await controlStep('new fixture run', () => ctx.fixtures.newRun());
  const clients: EngineClient[] = [];
  let failed = true;
  try {
    const concrete = resolvePlaceholders(scenario, run.origins);
    const [open, ...rest] = concrete.steps;
    if (open?.do !== 'open') throw new HarnessError('a cache-match scenario starts with an open step');
    const first = rest.findIndex(isCacheQueryStep);
    const puts = first === -1 ? rest : rest.slice(0, first);
    const queries = first === -1 ? [] : rest.slice(first);
    if (puts.some((s) => s.do !== 'cache' || s.op !== 'put') || queries.some((s) => !isCacheQueryStep(s))) throw new HarnessError('a cache-match scenario is open, cache put…, queries…');
    const client = await harnessStep('open the page', openFirst(ctx, open.client, open.url));
    clients.push(client);
    const steps: StepResult[] = [await harnessStep('observe the page', client.evaluate(documentState, null))];
    const answer = (what: string, json: string, n: number): StepResult[] => {
      const r = JSON.parse(json) as { harness?: string; results?: StepResult[] };
      if (r.harness !== undefined || !r.results || r.results.length !== n) throw new HarnessError(`${what}: ${r.harness ?? 'no results'}`);
      return r.results;
    };
    if (puts.length > 0) steps.push(...answer('cache put', await harnessStep('cache puts', client.evaluate(cachePutAll, JSON.stringify(puts))), puts.length));
    for (let i = 0; i < queries.length; i += batch) {
      const chunk = queries.slice(i, i + batch);
      steps.push(...answer('cache queries', await harnessStep('cache query batch', client.evaluate(cacheQueryAll, JSON.stringify(chunk))), chunk.length));
    }
    failed = false;
    return abstractOrigins(steps, run.origins);
  } finally {
    await cleanUp(ctx, clients, failed);
    await run.dispose().catch(() => undefined);
  }
}
