// The harness's side of the fixture server: one server in-process per Playwright worker, one
// run (its own origins, resources and log) per check. Talks to the server over its control API
// on loopback, the same API a person or another process would use.
import { randomBytes } from 'node:crypto';
import { createFixtureServer } from '../../fixtures-server/server.js';
import type { LogEntry, LogResponse, Resource as ServerResource, Step as ServerStep, StepResult as ServerStepResult } from '../../fixtures-server/protocol.js';
import type { Resource, Step, StepResult } from '../../model/scenario.js';
import { abstractOrigins, originsFor, type Origins } from './origins.js';

export type { LogEntry };

// The fixture server declares its own copy of the shared types (it imports nothing from the
// model); these lines fail to compile if the two ever drift apart, in either direction.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _sameShapes: [Same<Resource, ServerResource>, Same<Step, ServerStep>, Same<StepResult, ServerStepResult>] = [true, true, true];
void _sameShapes;

export interface FixtureRun {
  id: string;
  origins: Origins;
  setResources(resources: Record<string, Resource>): Promise<void>;
  bump(url: string): Promise<void>;
  /** Replace one resource from now on; the other resources keep the version they serve. */
  serve(key: string, resource: Resource): Promise<void>;
  /** The whole log once no entry has arrived for `quietMs`. */
  waitQuiet(quietMs?: number): Promise<LogEntry[]>;
  /** The whole log once `count(log) >= atLeast` and it is quiet, or `timeoutMs` has passed. */
  waitFor(count: (log: LogEntry[]) => number, atLeast: number, timeoutMs: number): Promise<LogEntry[]>;
  dispose(): Promise<void>;
}

export interface Fixtures {
  port: number;
  newRun(): Promise<FixtureRun>;
  close(): Promise<void>;
}

class ControlError extends Error {
  override name = 'HarnessError';
}

export async function startFixtures(): Promise<Fixtures> {
  const server = await createFixtureServer({ port: 0 });
  const control = `http://127.0.0.1:${server.port}/__sw-conformance`;
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${control}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new ControlError(`fixture server ${method} ${path}: ${res.status} ${text.slice(0, 300)}`);
    return (text ? JSON.parse(text) : undefined) as T;
  };
  let counter = 0;
  return {
    port: server.port,
    async newRun() {
      // Unique per check, so parallel and repeated runs never share registrations.
      const id = `r${(++counter).toString(36)}${randomBytes(4).toString('hex')}`;
      const origins = originsFor(id, server.port);
      let resources: Record<string, Resource> = {};
      const waitQuiet = async (quietMs = 150): Promise<LogEntry[]> => {
        const r = await call<LogResponse>('GET', `/runs/${id}/log?after=0&quietMs=${quietMs}&timeoutMs=10000`);
        if (r.dropped) throw new ControlError(`fixture server dropped ${r.dropped} log entries of run ${id}`);
        return r.entries;
      };
      const bump = async (url: string) => {
        await call('POST', `/runs/${id}/bump`, { url });
      };
      return {
        id,
        origins,
        async setResources(r) {
          resources = r;
          await call('PUT', `/runs/${id}/resources`, { resources });
        },
        bump,
        async serve(concreteKey, resource) {
          // PATCH replaces this one resource (keyed by "{role}/path") and keeps every other
          // script's current version.
          const key = abstractOrigins(concreteKey, origins);
          resources = { ...resources, [key]: resource };
          await call('PATCH', `/runs/${id}/resources`, { resources: { [key]: resource } });
        },
        waitQuiet,
        async waitFor(count, atLeast, timeoutMs) {
          const deadline = Date.now() + timeoutMs;
          let log = await waitQuiet();
          while (count(log) < atLeast && Date.now() < deadline) {
            const last = log.length ? log[log.length - 1]!.seq : 0;
            const wait = Math.max(1, deadline - Date.now());
            const more = await call<LogResponse>('GET', `/runs/${id}/log?after=${last}&min=1&quietMs=150&timeoutMs=${wait}`);
            if (more.entries.length === 0) break;
            log = [...log, ...more.entries];
          }
          return log;
        },
        async dispose() {
          await call('DELETE', `/runs/${id}`);
        },
      };
    },
    close: () => server.close(),
  };
}
