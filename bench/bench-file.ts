// reports/out/bench.json: one JSON object, sections merged in by each benchmark.
//   mergeBench(['model'], { matchesPerSecond: 1234567 })
// reads the file (if any), deep-merges the values at the path and writes it back.

import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const BENCH_FILE = join(REPO_ROOT, 'reports', 'out', 'bench.json');

export type BenchValue = number | string | boolean | null | BenchValue[] | { [key: string]: BenchValue };
export type BenchValues = { [key: string]: BenchValue };

/** A benchmark that bench/run.ts can run: its section in bench.json and a function measuring it. */
export interface Bench {
  /** Path of the section in bench.json, e.g. ["model"]. */
  section: string[];
  /** One line for the listing. */
  description: string;
  /** Measure; the values are printed and merged into the section. */
  run(): Promise<BenchValues> | BenchValues;
  /** The figures as text, when one line per value would not read (default: `section.key = value` lines). */
  report?(values: BenchValues): string;
}

function isObject(v: unknown): v is { [key: string]: BenchValue } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function deepMerge(target: { [key: string]: BenchValue }, values: BenchValues): void {
  for (const [k, v] of Object.entries(values)) {
    const existing = target[k];
    if (isObject(existing) && isObject(v)) deepMerge(existing, v);
    else target[k] = v;
  }
}

/** Read-merge-write `values` at `section` of bench.json (default reports/out/bench.json). Returns the whole document. */
export function mergeBench(section: string[], values: BenchValues, file: string = BENCH_FILE): BenchValues {
  let doc: BenchValues = {};
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    if (isObject(parsed)) doc = parsed;
  } catch {
    doc = {};
  }
  let node: { [key: string]: BenchValue } = doc;
  for (const key of section) {
    const next = node[key];
    if (isObject(next)) node = next;
    else {
      const created: { [key: string]: BenchValue } = {};
      node[key] = created;
      node = created;
    }
  }
  deepMerge(node, values);
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(doc, null, 2)}\n`);
  renameSync(tmp, file);
  return doc;
}
