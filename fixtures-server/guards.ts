// Who may use the control API and the page log: the suite's own pages and workers (same origin, or
// another origin of the server) and local tools (no Origin at all). A web page elsewhere must not be
// able to write to a run's log or drive the server, even though it can make a browser send requests
// to 127.0.0.1. Three independent checks, because engines differ in which headers they send:
//   - Sec-Fetch-Site: cross-site (any case) is refused;
//   - an Origin that is not one of this server's origins (a run origin or a loopback name, on this
//     very port) is refused, and so is "null" (sandboxed documents, cross-origin redirects);
//   - bodies must be application/json (server.ts readJson), which a page elsewhere cannot send
//     without a CORS preflight that the server never grants.

import type http from 'node:http';
import { HttpError } from './errors.js';
import { resolveHost, splitHost } from './hosts.js';

/**
 * True when `origin` (an Origin header value) is one of this server's origins on `ownPort`. With
 * `run`, a run origin must belong to that run (plain loopback names serve every run).
 */
export function isOwnOrigin(origin: string, ownPort: number, run?: string): boolean {
  const m = /^http:\/\/([^/?#@\s]+)$/i.exec(origin);
  if (!m) return false;
  const split = splitHost(m[1]!);
  if (!split || (split.port ?? 80) !== ownPort) return false;
  try {
    const info = resolveHost(m[1]!, null);
    return info.plain || run === undefined || info.run === run;
  } catch {
    return false;
  }
}

/** Throws 403 for a request a browser marks cross-site, or whose Origin is not this server's. */
export function refuseForeign(req: http.IncomingMessage, ownPort: number, run?: string): void {
  const site = req.headers['sec-fetch-site'];
  if (typeof site === 'string' && site.trim().toLowerCase() === 'cross-site') {
    throw new HttpError(403, 'sec-fetch-site: the control API refuses cross-site requests', 'sec-fetch-site');
  }
  const origin = req.headers.origin;
  if (origin !== undefined && !isOwnOrigin(origin, ownPort, run)) {
    const shown = origin.length > 80 ? `${origin.slice(0, 80)}…` : origin;
    throw new HttpError(403, `origin: ${shown} is not an origin of this server${run === undefined ? '' : ` for run ${run}`}`, 'origin');
  }
}
