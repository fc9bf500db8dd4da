// Validation of control and log bodies. Every rejection is a 400 whose `field` is a path into the
// body, e.g. resources["{a}/sw.js"].behaviour.install.outcome. The shapes of resources are the
// contract's one validator (contract/validate.ts), run with this server's limits; here are only
// what is the server's own: keys that may name a run's concrete origin, and log bodies.

import { ContractError, isObject, object, parseResourceKey, ResourceKeyError, string, validateResource, type ResourceBounds } from '../contract/index.js';
import { invalid } from './errors.js';
import { resolveHost, type HostInfo } from './hosts.js';
import type { Limits } from './limits.js';
import type { LogPostBody, Resource } from './protocol.js';

/** The contract's ContractError as this server's 400 naming the same field. */
function asBadRequest<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof ContractError) invalid(e.field, e.problem);
    throw e;
  }
}

function boundsOf(limits: Limits): ResourceBounds {
  return { maxDelayMs: limits.maxDelayMs, maxResourceBodyBytes: limits.maxResourceBodyBytes, maxResources: limits.maxResourcesPerRun };
}

/** "{role}/path" → the key as looked up (contract/origins.ts parseResourceKey), or a 400 naming `field`. */
export function normaliseResourceKey(key: string, field: string): ReturnType<typeof parseResourceKey> {
  try {
    return parseResourceKey(key);
  } catch (e) {
    if (e instanceof ResourceKeyError) invalid(field, e.message);
    throw e;
  }
}

/**
 * A resource key as a scenario writes it ("{role}/path") or as the harness may pass it after
 * resolving placeholders (an absolute http URL on one of `run`'s origins) → the stored key.
 * A query is refused unless `ignoreQuery` (then it is dropped, as when a resource is looked up).
 */
export function resourceKey(input: string, field: string, run: string, ignoreQuery = false): string {
  if (input.startsWith('{')) {
    const q = ignoreQuery ? input.search(/[?#]/) : -1;
    return normaliseResourceKey(q === -1 ? input : input.slice(0, q), field).key;
  }
  let parsed: URL;
  try {
    parsed = new URL(input);
  } catch {
    return invalid(field, 'must be "{role}/path" or an absolute http URL on one of the run\'s origins');
  }
  if (parsed.protocol !== 'http:') invalid(field, 'must be an http URL');
  if (!ignoreQuery && (parsed.search !== '' || parsed.hash !== '' || /[?#]/.test(input))) {
    invalid(field, 'must not contain a query or fragment (the query is ignored when looking a resource up)');
  }
  let host: HostInfo;
  try {
    host = resolveHost(parsed.host, null);
  } catch {
    return invalid(field, `host ${parsed.host} is not one of the fixture server's origins`);
  }
  if (host.run !== run) invalid(field, `names run ${host.run}, not ${run}`);
  return `{${host.role}}${parsed.pathname}`;
}

/** The body of PUT / PATCH runs/:run/resources → stored key → resource. */
export function validateResources(body: unknown, limits: Limits, run: string): Map<string, Resource> {
  const o = asBadRequest(() => object(body, 'body', ['resources']));
  if (!isObject(o.resources)) invalid('resources', 'must be an object of "{role}/path" → Resource');
  const entries = Object.entries(o.resources);
  if (entries.length > limits.maxResourcesPerRun) {
    invalid('resources', `more than ${limits.maxResourcesPerRun} resources`);
  }
  const out = new Map<string, Resource>();
  for (const [rawKey, value] of entries) {
    const field = `resources[${JSON.stringify(rawKey)}]`;
    const key = resourceKey(rawKey, field, run);
    if (out.has(key)) invalid(field, `names the same resource as another key (${key})`);
    out.set(key, asBadRequest(() => validateResource(value, field, boundsOf(limits))));
  }
  return out;
}

const LOG_TYPE = /^[a-z][a-z0-9-]{0,63}$/;
const LOG_SOURCE = /^(page|worker|harness)(:|$)/;

export function validateLogPost(body: unknown): LogPostBody {
  const o = asBadRequest(() => object(body, 'body', ['source', 'type', 'data']));
  const source = asBadRequest(() => string(o.source, 'source', 2048));
  if (!LOG_SOURCE.test(source)) invalid('source', 'must start with "page:", "worker:" or "harness"');
  if (/[\x00-\x1f\x7f]/.test(source)) invalid('source', 'must not contain control characters');
  const type = asBadRequest(() => string(o.type, 'type', 64));
  if (!LOG_TYPE.test(type)) invalid('type', `must match ${LOG_TYPE.source}`);
  return { source, type, data: o.data === undefined ? {} : o.data };
}
