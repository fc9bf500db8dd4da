// Area "proposals" in the scenario interpreter: the connect, lookasideFetch and probeNative steps
// (contract/scenario.ts), answered by the design models of model/proposals/ on the world the
// scenario's earlier steps built — its registrations (in their storage partitions), their workers'
// cross-origin policies, the documents' controllers and the fixture server's resources.
//
// Partitioning: a registration made from a frame of another site has a partitioned storage key
// (model/standards/storage-key.ts, "<origin> ^<top-level site>"), and the shim — a target-origin frame
// inside the caller's page — sees exactly that partition; the designs' world gets each
// registration's top-level site from its key (model/proposals/match.ts, position
// proposals-partitioned-registrations).
import type { Client, ProposalsState, World } from '../user-agent.js';
import { topLevelOf } from '../clients/clients.js';
import { resourceKeyOf } from '../fetch/fixture-network.js';
import { predictProposal, toStepResult } from '../proposals/index.js';
import type { CrossOriginPolicy, OriginList, ProposalDesign, ProposalOutcome, ProposalRegistration, ProposalRequestKind, ProposalWorld, WorkerAnswer } from '../proposals/index.js';
import type { CrossOriginEventObservation, FetchAction, LookasideAnswer, ProposalDesignName, Step, StepResult, WorkerBehaviour } from '../../contract/index.js';
import { ScenarioError } from '../lifecycle/lifecycle.js';
import { serializeURL } from '../standards/url.js';

// contract/scenario.ts spells the designs out again (it imports nothing); the two lists must agree.
type Same<X, Y> = [X] extends [Y] ? ([Y] extends [X] ? true : false) : false;
const _sameDesigns: Same<ProposalDesign, ProposalDesignName> = true;
void _sameDesigns;

export type ProposalStep = Extract<Step, { do: 'connect' | 'lookasideFetch' | 'probeNative' }>;

function state(world: World): ProposalsState {
  return (world.proposals ??= { events: [] });
}

/** Whether the outcome states Outcome.crossOriginEvents: a proposals step ran, or a worker had a cross-origin policy. */
export function predictsCrossOriginEvents(world: World): boolean {
  return world.proposals !== undefined || world.workers.some((w) => w.behaviour.crossOrigin !== undefined);
}

export function crossOriginEventsOf(world: World): CrossOriginEventObservation[] {
  return world.proposals?.events ?? [];
}

// ---------------------------------------------------------------------------------------------
// The step.

/** Run a proposals step for `caller` (the client's document, or its frame's). */
export function proposalStep(world: World, step: ProposalStep, caller: Client): StepResult {
  const s = state(world);
  // probeNative: no engine ever shipped a design (proposals/history.ts); the check predicts the
  // design's names are there, so it is `unsupported` while they are absent and passes once any is.
  if (step.do === 'probeNative') return { native: { design: step.design } };
  const kind: ProposalRequestKind = step.do === 'connect' ? 'connect' : step.fallback === 'local' ? 'localFetch' : 'universalFetch';
  const top = topLevelOf(caller);
  const url = new URL(step.url, caller.url);
  if (kind !== 'connect') assertModelledNetwork(world, url);
  const outcome = predictProposal(proposalWorld(world, caller, url), {
    kind,
    caller: serializeURL(caller.url),
    ...(top !== caller ? { topLevel: serializeURL(top.url) } : {}),
    controlled: caller.activeServiceWorker !== null,
    url: step.url,
  });
  record(world, s, outcome);
  return toStepResult(outcome);
}

/** The outcome's worker events go to the outcome: cross-origin decisions, and fetch events of the caller's controller. */
function record(world: World, s: ProposalsState, o: ProposalOutcome): void {
  for (const e of o.events) {
    if (e.event === 'fetch') {
      // A universal look-aside fetch that fell back is a plain fetch() from the page (mode "cors").
      world.fetchEvents.push({ worker: e.worker, url: e.url, mode: 'cors', redirect: 'follow', destination: '' });
    } else if (e.result !== 'fallback') {
      s.events.push({ worker: e.worker, event: e.event, origin: e.callerOrigin, url: e.url, result: e.result });
    }
  }
  for (const link of o.positions) world.positions.add(link);
}

// ---------------------------------------------------------------------------------------------
// The world as the designs see it.

function originList(list: readonly string[]): OriginList {
  return list.includes('*') ? '*' : list;
}

/** The FetchAction a generated worker's fetch listener chooses (fixtures-server/client/worker.js chooseAction), for a fetch() in mode "cors". */
function fetchAction(behaviour: WorkerBehaviour, url: URL): FetchAction | null {
  if (behaviour.fetch === null) return null;
  if (behaviour.fetch === undefined) return { kind: 'fallback' };
  for (const rule of behaviour.fetch.rules ?? []) {
    if (rule.urlContains !== undefined && !url.href.includes(rule.urlContains)) continue;
    if (rule.mode !== undefined && rule.mode !== 'cors') continue;
    return rule.action;
  }
  return behaviour.fetch.otherwise;
}

function asWorkerAnswer(action: FetchAction): WorkerAnswer {
  if (action.kind === 'respond' || action.kind === 'fallback' || action.kind === 'error' || action.kind === 'forward') return action;
  throw new ScenarioError(`proposals: a controller answering a fallback fetch() with "${action.kind}" is not modelled`);
}

function policyOf(behaviour: WorkerBehaviour, controlsCaller: boolean, url: URL): CrossOriginPolicy {
  const co = behaviour.crossOrigin;
  const policy: CrossOriginPolicy = {};
  if (co?.connect !== undefined) policy.connect = originList(co.connect);
  if (co?.lookaside !== undefined) {
    const answer: LookasideAnswer = co.lookaside.answer ?? { kind: 'respond' };
    policy.lookaside = { origins: originList(co.lookaside.origins), answer };
  }
  // Only the caller's controller's fetch listener is ever consulted (Handle Fetch 10.1).
  if (controlsCaller) {
    const action = fetchAction(behaviour, url);
    if (action !== null) policy.fetch = asWorkerAnswer(action);
  }
  return policy;
}

/**
 * The top-level site in a partitioned storage key ("<origin> ^<site>": model/standards/storage-key.ts and
 * model/proposals/match.ts write keys the same way), or undefined for a first-party key.
 */
function partitionOf(storageKey: string): string | undefined {
  const i = storageKey.indexOf(' ^');
  return i === -1 ? undefined : storageKey.slice(i + 2);
}

function proposalWorld(world: World, caller: Client, url: URL): ProposalWorld {
  const registrations: ProposalRegistration[] = [];
  for (const [, , r] of world.registrationMap) {
    const worker = r.activeWorker ?? r.waitingWorker ?? r.installingWorker;
    if (worker === null) continue;
    const site = partitionOf(r.storageKey);
    registrations.push({
      scope: r.scope,
      worker: worker.version,
      active: r.activeWorker !== null,
      ...(site !== undefined ? { topLevelSite: site } : {}),
      policy: policyOf(worker.behaviour, caller.activeServiceWorker === worker, url),
    });
  }
  // The fixture server's text resources, with the CORS header the designs' network fetches check.
  const network: Record<string, { status: number; body: string; allowOrigin: string | null }> = {};
  for (const [key, served] of world.server) {
    const r = served.resource;
    if (r.kind !== 'text') continue;
    const headers = r.http?.headers ?? {};
    const acao = Object.keys(headers).find((h) => h.toLowerCase() === 'access-control-allow-origin');
    network[key] = { status: r.http?.status ?? 200, body: r.body, allowOrigin: acao === undefined ? null : headers[acao]! };
  }
  return { registrations, network };
}

/** A look-aside fetch may reach the network (universal fallback, a worker forwarding it): the designs' model knows text resources and the server's plain-text default. */
function assertModelledNetwork(world: World, url: URL): void {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return;
  const served = world.server.get(resourceKeyOf(url));
  if (served !== undefined && served.resource.kind !== 'text') {
    throw new ScenarioError(`proposals: a look-aside fetch that may reach the network must name a text resource, not a ${served.resource.kind} (${url.href})`);
  }
  if (served === undefined && url.pathname.endsWith('.html')) {
    throw new ScenarioError(`proposals: ${url.href} is an agent page on the network; name a text resource or a non-.html path`);
  }
}
