// Area "caches": taking a run's network away. While a run is offline, every request for one of its
// origins outside the suite's own paths (the control API, the page/worker log, static files, the
// shim stay reachable, so observation goes on) is answered as a network error: the connection is
// closed without a response, as when a device has no network. The browser's own HTTP cache still
// answers what it holds (nothing, unless a scenario declares Cache-Control), and service workers
// answer from their caches: that is what offline scenarios check.
//
// PUT /__sw-conformance/runs/:run/network {online: boolean} switches it (the harness's `network`
// step); a new run is online.

import type http from 'node:http';
import { invalid } from './errors.js';

/** The body of PUT runs/:run/network. */
export interface NetworkBody {
  online: boolean;
}

export function validateNetworkBody(body: unknown): NetworkBody {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) invalid('body', 'must be an object {online: boolean}');
  const extra = Object.keys(body).filter((k) => k !== 'online');
  if (extra.length > 0) invalid(extra[0]!, 'unknown key (allowed: online)');
  const online = (body as { online?: unknown }).online;
  if (typeof online !== 'boolean') invalid('online', 'must be a boolean');
  return { online };
}

/**
 * Answer a scenario request of an offline run as a network error: the socket is destroyed before
 * any byte of a response is written (browsers see a connection reset / empty response).
 */
export function dropOffline(req: http.IncomingMessage, res: http.ServerResponse): void {
  res.destroy();
  req.socket.destroy();
}
