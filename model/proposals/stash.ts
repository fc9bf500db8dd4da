// Design 4 — "MessagePort lifetime management" (seed lines 28–33): stashed MessagePorts.
//
// seed line 30: stashing lets "a Service Worker ... transfer a MessagePort to or from 'external'
// ownership, in order to allow any MessagePort to outlive the JavaScript context of a Service
// Worker". seed lines 32–33, the variant: the worker "keep[s] using the MessagePort as an object,
// but record[s] that it should be stashed when the Service Worker is destroyed. Then the top-level
// script could reconstitute its object graph, including MessagePorts when it receives a message."
//
// The seed links the stashed-ports proposal (gist mkruisselbrink/536632fcd99d45005064, also
// navigator-connect docs/stashed-ports.md): stashPort(key, port) adds the port to a per-registration
// list under a key; from then on "messages sent to it no longer result in message events on the
// port, but instead message events ... sent to the service workers global scope", with a `key`.
// The navigator.connect draft adds: if the worker "is not running when a message event is to be
// dispatched to the service port ..., the user agent must invoke Run Service Worker ... before
// dispatching the event".
//
// The model is a pure reducer: an initial registration + a list of operations → what each
// operation observed and the final owner of every port.

/** Who owns the worker's end of a port. */
export type PortOwner =
  /** A JavaScript context of the worker (numbered from 1 as contexts start): dies with it. */
  | { kind: 'context'; context: number }
  /** The seed's variant: used as an object by `context`, recorded to be stashed as `name` when it is destroyed. */
  | { kind: 'marked'; context: number; name: string }
  /** External ownership (the registration), under `name`. `reconstitute`: it came from the variant. */
  | { kind: 'stashed'; name: string; reconstitute: boolean }
  | { kind: 'closed'; reason: 'context-destroyed' | 'remote-closed' | 'registration-removed' };

export type StashOp =
  /** A connect was accepted (seed line 12): the worker's end is owned by its running context. */
  | { op: 'accept'; port: string }
  /** Transfer the port to external ownership under `name` (seed line 30, stashPort). */
  | { op: 'stash'; port: string; name: string }
  /** The variant (seed line 32): keep the object, stash it when the context is destroyed. */
  | { op: 'markForStash'; port: string; name: string }
  /** Transfer every port stashed under `name` back to the running context (seed line 30, "from"). */
  | { op: 'unstash'; name: string }
  /** The worker's JavaScript context is destroyed (idle termination). */
  | { op: 'terminate' }
  /** The other origin posts a message on its end of `port`. */
  | { op: 'message'; port: string }
  /** A new worker version becomes the registration's active worker; the old one's context ends. */
  | { op: 'activate'; worker: string }
  /** The registration is removed. */
  | { op: 'unregister' }
  /** The other origin closes its end of `port`. */
  | { op: 'remoteClose'; port: string };

export type StashObservation =
  | { op: 'message'; port: string; deliveredTo: 'port'; worker: string; context: number }
  | { op: 'message'; port: string; deliveredTo: 'global'; worker: string; context: number; key: string; started: boolean; reconstituted: boolean }
  | { op: 'message'; port: string; deliveredTo: 'dropped'; reason: 'closed' | 'unknown-port' }
  | { op: 'unstash'; name: string; ports: string[]; context: number; started: boolean }
  | { op: 'accept'; port: string; context: number; started: boolean }
  | { op: StashOp['op']; error: 'InvalidStateError'; port?: string }
  | { op: 'terminate' | 'activate' | 'unregister' | 'stash' | 'markForStash' | 'remoteClose'; done: true };

export interface StashState {
  /** The registration's active worker (version marker). */
  worker: string;
  registered: boolean;
  /** The running JavaScript context, or null when the worker is not running. */
  context: number | null;
  /** How many contexts have been started so far. */
  started: number;
  ports: Record<string, PortOwner>;
}

export interface StashRun {
  log: StashObservation[];
  final: StashState;
}

export function initialStashState(worker: string): StashState {
  return { worker, registered: true, context: null, started: 0, ports: {} };
}

/** Run Service Worker if it is not running; returns the context and whether it had to start. */
function runServiceWorker(s: StashState): { s: StashState; context: number; started: boolean } {
  if (s.context !== null) return { s, context: s.context, started: false };
  const context = s.started + 1;
  return { s: { ...s, context, started: context }, context, started: true };
}

/** The context is destroyed: its ports die, except those recorded for stashing (seed line 32). */
function destroyContext(s: StashState): StashState {
  if (s.context === null) return s;
  const ports: Record<string, PortOwner> = {};
  for (const [id, owner] of Object.entries(s.ports)) {
    if (owner.kind === 'context' && owner.context === s.context) ports[id] = { kind: 'closed', reason: 'context-destroyed' };
    else if (owner.kind === 'marked' && owner.context === s.context)
      // Nothing can own it once the registration is gone.
      ports[id] = s.registered ? { kind: 'stashed', name: owner.name, reconstitute: true } : { kind: 'closed', reason: 'registration-removed' };
    else ports[id] = owner;
  }
  return { ...s, context: null, ports };
}

/** The port is held as an object by the running context. */
function heldByRunningContext(s: StashState, owner: PortOwner | undefined): boolean {
  return owner !== undefined && (owner.kind === 'context' || owner.kind === 'marked') && owner.context === s.context;
}

/** One operation. */
export function stashStep(s: StashState, o: StashOp): { s: StashState; observed: StashObservation } {
  switch (o.op) {
    case 'accept': {
      // The connect event ran in a (started) context; the worker's end is an ordinary port of it.
      if (!s.registered) return { s, observed: { op: o.op, error: 'InvalidStateError', port: o.port } };
      const run = runServiceWorker(s);
      const ports = { ...run.s.ports, [o.port]: { kind: 'context', context: run.context } as PortOwner };
      return { s: { ...run.s, ports }, observed: { op: 'accept', port: o.port, context: run.context, started: run.started } };
    }
    case 'stash':
    case 'markForStash': {
      // Only code running in the worker holds the object; stashing needs a registration to own it.
      const owner = s.ports[o.port];
      if (!s.registered || !heldByRunningContext(s, owner) || s.context === null)
        return { s, observed: { op: o.op, error: 'InvalidStateError', port: o.port } };
      const next: PortOwner =
        o.op === 'stash' ? { kind: 'stashed', name: o.name, reconstitute: false } : { kind: 'marked', context: s.context, name: o.name };
      return { s: { ...s, ports: { ...s.ports, [o.port]: next } }, observed: { op: o.op, done: true } };
    }
    case 'unstash': {
      // Transfer "from" external ownership: the running context holds the ports again.
      const run = runServiceWorker(s);
      const taken: string[] = [];
      const ports = { ...run.s.ports };
      for (const [id, owner] of Object.entries(ports)) {
        if (owner.kind === 'stashed' && owner.name === o.name) {
          ports[id] = { kind: 'context', context: run.context };
          taken.push(id);
        }
      }
      return { s: { ...run.s, ports }, observed: { op: 'unstash', name: o.name, ports: taken, context: run.context, started: run.started } };
    }
    case 'terminate':
      return { s: destroyContext(s), observed: { op: 'terminate', done: true } };
    case 'activate': {
      // The old worker becomes redundant and its context ends; stashed ports belong to the
      // registration and now reach the new active worker (position: navigator-connect#34).
      const ended = destroyContext(s);
      return { s: { ...ended, worker: o.worker }, observed: { op: 'activate', done: true } };
    }
    case 'unregister': {
      // Nothing external owns the stashed ports any more: they close. Ports held by a running
      // context live until it ends.
      const ports: Record<string, PortOwner> = {};
      for (const [id, owner] of Object.entries(s.ports))
        ports[id] = owner.kind === 'stashed' ? { kind: 'closed', reason: 'registration-removed' } : owner;
      return { s: { ...s, registered: false, ports }, observed: { op: 'unregister', done: true } };
    }
    case 'remoteClose': {
      const owner = s.ports[o.port];
      if (owner === undefined) return { s, observed: { op: o.op, error: 'InvalidStateError', port: o.port } };
      const ports = { ...s.ports, [o.port]: { kind: 'closed', reason: 'remote-closed' } as PortOwner };
      return { s: { ...s, ports }, observed: { op: 'remoteClose', done: true } };
    }
    case 'message': {
      const owner = s.ports[o.port];
      if (owner === undefined) return { s, observed: { op: 'message', port: o.port, deliveredTo: 'dropped', reason: 'unknown-port' } };
      switch (owner.kind) {
        case 'closed':
          // Its owner is gone: the message is lost (the problem stashing solves).
          return { s, observed: { op: 'message', port: o.port, deliveredTo: 'dropped', reason: 'closed' } };
        case 'context':
        case 'marked':
          // Held by the running context (a non-running context's ports are closed or stashed by now):
          // an ordinary message event on the port object.
          return { s, observed: { op: 'message', port: o.port, deliveredTo: 'port', worker: s.worker, context: owner.context } };
        case 'stashed': {
          // Run Service Worker if needed, then a message event on the global scope with the key.
          const run = runServiceWorker(s);
          let ports = run.s.ports;
          if (owner.reconstitute) {
            // seed line 33: the top-level script reconstitutes its object graph from the message;
            // the port is an object of the new context again, still recorded for stashing.
            ports = { ...ports, [o.port]: { kind: 'marked', context: run.context, name: owner.name } };
          }
          return {
            s: { ...run.s, ports },
            observed: {
              op: 'message',
              port: o.port,
              deliveredTo: 'global',
              worker: run.s.worker,
              context: run.context,
              key: owner.name,
              started: run.started,
              reconstituted: owner.reconstitute,
            },
          };
        }
      }
    }
  }
}

/** Run a sequence of operations from `initial`. */
export function stashedPortLifetime(initial: StashState, ops: readonly StashOp[]): StashRun {
  const log: StashObservation[] = [];
  let s = initial;
  for (const o of ops) {
    const step = stashStep(s, o);
    s = step.s;
    log.push(step.observed);
  }
  return { log, final: s };
}
