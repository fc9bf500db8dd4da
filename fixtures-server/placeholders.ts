// Scenario strings name origins by role ("{a}/x", contract/scenario.ts). The harness PUTs resources
// as the scenario wrote them, so the server resolves the placeholders when it serves, in every
// string of a resource (header values, locations, bodies, worker behaviours), with the contract's
// one codec. Keys are looked up by role and path, never resolved.
import { originsFor, resolvePlaceholders } from '../contract/index.js';

/** A copy of a JSON value with every "{role}" resolved to that origin of the run; key order is kept. */
export function resolveDeep<T>(value: T, run: string, port: number): T {
  return resolvePlaceholders(value, originsFor(run, port));
}
