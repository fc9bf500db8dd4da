// The one origin codec. Scenarios name origins by role ("{a}", "{b}", "{insecure}", scenario.ts);
// a run has concrete origins (DESIGN.md, Origins). Everything that crosses between the two goes
// through here: the model (on MODEL_ORIGINS), the harness (on a run's origins), the fixture server
// (resolving what it serves) and the fuzz properties.
import { ORIGIN_ROLES, type OriginRole } from './scenario.js';

export type Origins = Record<OriginRole, string>;

/** The origins of run `run` on the fixture server's `port`: secure (loopback names) a and b, and an insecure name. */
export function originsFor(run: string, port: number): Origins {
  return {
    a: `http://${run}.localhost:${port}`,
    b: `http://${run}-b.localhost:${port}`,
    insecure: `http://${run}.insecure.test:${port}`,
  };
}

/** The origins the model runs a scenario on when it is predicted on its own (CLI, unit tests, fuzz). */
export const MODEL_ORIGINS: Readonly<Origins> = Object.freeze(originsFor('run', 8000));

const PLACEHOLDER = /\{(a|b|insecure)\}/g;
const ANY_PLACEHOLDER = /\{(?:a|b|insecure)\}/;

/** "{a}/x" → "<origin a>/x", wherever a placeholder stands in the string. */
export function resolveString(s: string, origins: Readonly<Origins>): string {
  if (!s.includes('{')) return s;
  return s.replace(PLACEHOLDER, (_m, role: string) => origins[role as OriginRole]);
}

/** The inverse of resolveString: concrete origins back to "{role}", longest origin first so none is replaced inside a longer one. */
export function abstractString(s: string, origins: Readonly<Origins>): string {
  let out = s;
  for (const [origin, placeholder] of abstractionPairs(origins)) if (out.includes(origin)) out = out.split(origin).join(placeholder);
  return out;
}

function abstractionPairs(origins: Readonly<Origins>): (readonly [string, string])[] {
  return ORIGIN_ROLES.map((r) => [origins[r], `{${r}}`] as const).sort((x, y) => y[0].length - x[0].length);
}

/** A copy of a JSON value with `f` applied to every string, keys included; key order is kept. */
function mapStrings<T>(value: T, f: (s: string) => string): T {
  const go = (v: unknown): unknown => {
    if (typeof v === 'string') return f(v);
    if (Array.isArray(v)) return v.map(go);
    if (v !== null && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) out[f(k)] = go(x);
      return out;
    }
    return v;
  };
  return go(value) as T;
}

/** Every placeholder in `value` (strings and keys, at any depth) resolved to `origins`. */
export function resolvePlaceholders<T>(value: T, origins: Readonly<Origins>): T {
  return mapStrings(value, (s) => resolveString(s, origins));
}

/** Every concrete origin of `origins` in `value` (strings and keys) replaced by its placeholder. */
export function abstractOrigins<T>(value: T, origins: Readonly<Origins>): T {
  return mapStrings(value, (s) => abstractString(s, origins));
}

/** Whether any string or key of `value` still names an origin by placeholder. */
export function hasPlaceholders(value: unknown): boolean {
  return ANY_PLACEHOLDER.test(JSON.stringify(value) ?? '');
}

// ---------------------------------------------------------------------------------------------
// Resource keys: "{role}/path" (scenario.ts Scenario.resources).

export class ResourceKeyError extends Error {
  override name = 'ResourceKeyError';
}

/**
 * "{role}/path" → the key as looked up: the role placeholder followed by the path as a browser's
 * URL parser sends it (dot segments resolved, backslashes as slashes, non-ASCII percent-encoded).
 * The query is not part of a key: a resource is looked up by path.
 */
export function parseResourceKey(key: string): { key: string; role: OriginRole; path: string } {
  const m = /^\{(a|b|insecure)\}(\/.*)$/s.exec(key);
  if (!m) throw new ResourceKeyError('key must be "{a}/path", "{b}/path" or "{insecure}/path"');
  const role = m[1] as OriginRole;
  const raw = m[2]!;
  if (raw.length > 2048) throw new ResourceKeyError('path longer than 2048 characters');
  if (/[?#]/.test(raw)) throw new ResourceKeyError('path must not contain a query or fragment (the query is ignored when looking a resource up)');
  if (/[\x00-\x1f\x7f]/.test(raw)) throw new ResourceKeyError('path must not contain control characters');
  const path = new URL(`http://h.invalid${raw}`).pathname;
  return { key: `{${role}}${path}`, role, path };
}

/** The key a request for `url` looks up, when `url` is on one of `origins`; undefined otherwise. */
export function resourceKeyForURL(url: string, origins: Readonly<Origins>): string | undefined {
  const u = new URL(url);
  const role = ORIGIN_ROLES.find((r) => new URL(origins[r]).origin === u.origin);
  return role === undefined ? undefined : `{${role}}${u.pathname}`;
}

/** A URL parser: the platform's by default; the model passes its URL Standard one (model/url.ts). */
export type ParseURL = (input: string, base: string) => { origin: string; pathname: string } | null;

const platformParse: ParseURL = (input, base) => {
  try {
    return new URL(input, base);
  } catch {
    return null;
  }
};

/**
 * The "{role}/path" key under which the fixture server must serve `ref` when a document at `page`
 * requests it (both may hold placeholders): relative references resolve against the page; query
 * and fragment are dropped. Undefined for URLs that never reach the fixture server (other
 * schemes, other hosts, unparsable).
 */
export function resourceKeyFor(page: string, ref: string, parse: ParseURL = platformParse): string | undefined {
  const base = parse(resolveString(page, MODEL_ORIGINS), 'about:blank');
  const url = base === null ? null : parse(resolveString(ref, MODEL_ORIGINS), resolveString(page, MODEL_ORIGINS));
  if (url === null) return undefined;
  const role = ORIGIN_ROLES.find((r) => new URL(MODEL_ORIGINS[r]).origin === url.origin);
  return role === undefined ? undefined : `{${role}}${url.pathname}`;
}
