// What the browser benches read from the environment: SWC_BENCH_ENGINES (which engines) and
// positive whole-number settings (SWC_BENCH_FLOOR, SWC_BENCH_ROWS). A bad value fails the bench,
// naming the variable, before any browser starts.
import { ENGINES, type Engine } from '../contract/index.js';

export function enginesToRun(env: NodeJS.ProcessEnv = process.env): Engine[] {
  const wanted = env.SWC_BENCH_ENGINES;
  if (!wanted) return [...ENGINES];
  const list = wanted.split(',').map((s) => s.trim());
  for (const e of list) if (!(ENGINES as readonly string[]).includes(e)) throw new Error(`SWC_BENCH_ENGINES: unknown engine "${e}"`);
  return list as Engine[];
}

export function positiveIntFromEnv(name: string, fallback: number, env: NodeJS.ProcessEnv = process.env): number {
  const v = env[name];
  if (v === undefined || v === '') return fallback;
  if (!/^\d+$/.test(v) || Number(v) < 1 || !Number.isSafeInteger(Number(v))) throw new Error(`${name} must be a positive integer (got "${v}")`);
  return Number(v);
}
