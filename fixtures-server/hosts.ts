// Runs and origin roles by host name (DESIGN.md, Origins).
//
//   <run>.localhost[:port]        → run <run>, role "a"
//   <run>-b.localhost[:port]      → run <run>, role "b"
//   <run>.insecure.test[:port]    → run <run>, role "insecure" (not potentially trustworthy)
//   localhost, 127.0.0.1, [::1]   → the run named by ?__run=, else DEFAULT_RUN; role "a"
//
// Anything else is refused, which also keeps DNS-rebound names away from the control API.

import { originsFor } from '../contract/index.js';
import { DEFAULT_RUN, RUN_ID_PATTERN, type OriginRole } from './protocol.js';
import { HttpError } from './errors.js';

export interface HostInfo {
  run: string;
  role: OriginRole;
  /** Host name, lower-cased, without port. */
  hostname: string;
  /** Port from the Host header, or null when it had none. */
  port: number | null;
  /** A plain loopback name (the run came from `__run` or the default). */
  plain: boolean;
}

const PLAIN_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);
const NAMED_HOST = /^([a-z0-9]{1,40})(-b)?\.localhost$/;
const INSECURE_HOST = /^([a-z0-9]{1,40})\.insecure\.test$/;

export function isRunId(value: string): boolean {
  return RUN_ID_PATTERN.test(value);
}

/** Splits "name[:port]" (name may be a bracketed IPv6 literal). Returns null if malformed. */
export function splitHost(host: string): { hostname: string; port: number | null } | null {
  const m = /^(\[[0-9a-f:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/i.exec(host);
  if (!m) return null;
  const hostname = m[1]!.toLowerCase();
  if (m[2] === undefined) return { hostname, port: null };
  const port = Number(m[2]);
  if (port < 1 || port > 65535) return null;
  return { hostname, port };
}

/**
 * Resolves the run and role of a request from its Host header and, on plain loopback names only,
 * its `__run` query parameter. On a named host a `__run` that names another run is an error.
 */
export function resolveHost(hostHeader: string | undefined, runParam: string | null): HostInfo {
  if (hostHeader === undefined || hostHeader === '') {
    throw new HttpError(400, 'missing Host header', 'host');
  }
  const split = splitHost(hostHeader);
  if (!split) throw new HttpError(400, `malformed Host header: ${clip(hostHeader)}`, 'host');
  const { hostname, port } = split;

  if (runParam !== null && !isRunId(runParam)) {
    throw new HttpError(400, `__run must match ${RUN_ID_PATTERN.source}`, '__run');
  }

  if (PLAIN_HOSTS.has(hostname)) {
    return { run: runParam ?? DEFAULT_RUN, role: 'a', hostname, port, plain: true };
  }
  let run: string | undefined;
  let role: OriginRole | undefined;
  const named = NAMED_HOST.exec(hostname);
  if (named) {
    run = named[1]!;
    role = named[2] ? 'b' : 'a';
  } else {
    const insecure = INSECURE_HOST.exec(hostname);
    if (insecure) {
      run = insecure[1]!;
      role = 'insecure';
    }
  }
  if (run === undefined || role === undefined) {
    throw new HttpError(
      400,
      `unrecognised host ${clip(hostname)}: use <run>.localhost, <run>-b.localhost, <run>.insecure.test, localhost or 127.0.0.1`,
      'host',
    );
  }
  if (runParam !== null && runParam !== run) {
    throw new HttpError(400, `__run=${runParam} contradicts the host's run ${run}`, '__run');
  }
  return { run, role, hostname, port, plain: false };
}

/** The origin of a run's role, e.g. http://r1-b.localhost:8080 (no trailing slash). */
export function originFor(run: string, role: OriginRole, port: number): string {
  return originsFor(run, port)[role];
}

function clip(s: string): string {
  return s.length > 80 ? `${s.slice(0, 80)}…` : s;
}
