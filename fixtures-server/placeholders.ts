// Scenario strings name origins by role ("{a}/x", "{b}/x", "{insecure}/x", model/scenario.ts). The
// harness PUTs resources as the scenario wrote them, so the server resolves the placeholders when it
// serves: in every string of a resource (header values, locations, bodies, worker behaviours),
// wherever they occur, exactly as the harness's own resolution does for the model's copy. Keys are
// not resolved: they are looked up by role and path.

import { originFor } from './hosts.js';
import type { OriginRole } from './protocol.js';

const PLACEHOLDER = /\{(a|b|insecure)\}/g;

/** Replaces each "{a}", "{b}" and "{insecure}" in `value` with that origin of the run (no trailing slash). */
export function resolvePlaceholders(value: string, run: string, port: number): string {
  if (!value.includes('{')) return value;
  return value.replace(PLACEHOLDER, (_m, role: string) => originFor(run, role as OriginRole, port));
}

/** A copy of a JSON value with every string resolved; keys and key order are kept, so output is deterministic. */
export function resolveDeep<T>(value: T, run: string, port: number): T {
  if (typeof value === 'string') return resolvePlaceholders(value, run, port) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => resolveDeep(v, run, port)) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = resolveDeep(v, run, port);
    return out as T;
  }
  return value;
}
