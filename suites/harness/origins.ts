// Scenario origins by role: "{a}", "{b}", "{insecure}" placeholders ↔ a run's concrete origins.
import { ORIGIN_ROLES, type OriginRole } from '../../model/scenario.js';

export type Origins = Record<OriginRole, string>;

/** The origins of run `run` on the fixture server's port (DESIGN.md, Origins). */
export function originsFor(run: string, port: number): Origins {
  return {
    a: `http://${run}.localhost:${port}`,
    b: `http://${run}-b.localhost:${port}`,
    insecure: `http://${run}.insecure.test:${port}`,
  };
}

/** The origins the model uses when a scenario is predicted on its own (CLI, unit tests). */
export const MODEL_ORIGINS: Origins = originsFor('run', 8000);

function mapStrings(value: unknown, f: (s: string) => string): unknown {
  if (typeof value === 'string') return f(value);
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, f));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[f(k)] = mapStrings(v, f);
    return out;
  }
  return value;
}

/** Replace every "{role}" placeholder (in keys and values) with the run's origin. */
export function resolvePlaceholders<T>(value: T, origins: Origins): T {
  return mapStrings(value, (s) => {
    if (!s.includes('{')) return s;
    let out = s;
    for (const role of ORIGIN_ROLES) out = out.split(`{${role}}`).join(origins[role]);
    return out;
  }) as T;
}

/** Replace the run's concrete origins with "{role}" placeholders, so outcomes compare across runs. */
export function abstractOrigins<T>(value: T, origins: Origins): T {
  // Longest first so that no origin is replaced inside a longer one.
  const pairs = ORIGIN_ROLES.map((r) => [origins[r], `{${r}}`] as const).sort((x, y) => y[0].length - x[0].length);
  return mapStrings(value, (s) => {
    let out = s;
    for (const [origin, ph] of pairs) if (out.includes(origin)) out = out.split(origin).join(ph);
    return out;
  }) as T;
}
