// The harness's side of the fixture server: one server in-process per Playwright worker, one
// run (its own origins, resources and log) per check. Talks to the server over its control API
// on loopback, the same API a person or another process would use.
import { randomBytes } from 'node:crypto';
import { createFixtureServer } from '../../fixtures-server/server.js';
import type { LogEntry, LogResponse } from '../../fixtures-server/protocol.js';
import type { Resource } from '../../contract/index.js';
import { abstractOrigins, originsFor, type Origins } from '../../contract/index.js';

export type { LogEntry };

export interface FixtureRun {
  id: string;
  origins: Origins;
  setResources(resources: Record<string, Resource>): Promise<void>;
  bump(url: string): Promise<void>;
  /** Area "caches": take the run's network away (every non-control request fails) or bring it back. */
  setNetwork(online: boolean): Promise<void>;
  /** Replace one resource from now on; the other resources keep the version they serve. */
  serve(key: string, resource: Resource): Promise<void>;
  /** The whole log once no entry has arrived for `quietMs`. */
  waitQuiet(quietMs?: number): Promise<LogEntry[]>;
  /** The entries after `seq`, now, without waiting. */
  readAfter(seq: number): Promise<LogEntry[]>;
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

/**
 * The query of a log wait (GET runs/:run/log). The server refuses quietMs > timeoutMs; a deadline
 * that has nearly run out must never become such a request (a 400 the harness would report as
 * its own error), so the quiet window shrinks to what is left of the deadline.
 */
export function logWaitQuery(o: { after: number; min?: number; quietMs: number; remainingMs: number }): string {
  const timeoutMs = Math.max(1, Math.floor(o.remainingMs));
  const quietMs = Math.min(Math.max(0, Math.floor(o.quietMs)), timeoutMs);
  return `after=${o.after}${o.min ? `&min=${o.min}` : ''}&quietMs=${quietMs}&timeoutMs=${timeoutMs}`;
}

export async function startFixtures(): Promise<Fixtures> {
  const server = await createFixtureServer({ port: 0 });
  const control = `http://127.0.0.1:${server.port}/__sw-conformance`;
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    let res: Response;
    try {
      res = await fetch(`${control}${path}`, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (e) {
      // fetch says only "fetch failed"; the cause says whether the server is gone.
      const cause = (e as { cause?: { code?: string; message?: string } }).cause;
      throw new ControlError(`the fixture server did not answer ${method} ${path} (${cause?.code ?? cause?.message ?? (e as Error).message}): it stopped or crashed during the check`);
    }
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
        const r = await call<LogResponse>('GET', `/runs/${id}/log?${logWaitQuery({ after: 0, quietMs, remainingMs: 10_000 })}`);
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
        async setNetwork(online) {
          await call('PUT', `/runs/${id}/network`, { online });
        },
        async serve(concreteKey, resource) {
          // PATCH replaces this one resource (keyed by "{role}/path") and keeps every other
          // script's current version.
          const key = abstractOrigins(concreteKey, origins);
          resources = { ...resources, [key]: resource };
          await call('PATCH', `/runs/${id}/resources`, { resources: { [key]: resource } });
        },
        waitQuiet,
        async readAfter(seq) {
          const r = await call<LogResponse>('GET', `/runs/${id}/log?after=${seq}`);
          if (r.dropped) throw new ControlError(`fixture server dropped ${r.dropped} log entries of run ${id}`);
          return r.entries;
        },
        async dispose() {
          await call('DELETE', `/runs/${id}`);
        },
      };
    },
    close: () => server.close(),
  };
}
