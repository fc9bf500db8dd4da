// npm run bench [-- NAME ...]: run the named benchmarks (default: all), print their figures and
// merge them into reports/out/bench.json. Benchmarks are loaded lazily, so running one does not
// load another's dependencies. To add one, add a line to BENCHES.
//
// Names are looked up in a Map (a name like "constructor" or "toString" is unknown, not an
// Object.prototype member), every name is checked before any benchmark runs, and usage errors
// are one line, exit 2.

import { exitQuietlyOnEpipe, isMain, parseOptions, UsageError } from '../tools/cli.js';
import { BENCH_FILE, mergeBench, type Bench } from './bench-file.js';

export const BENCHES: ReadonlyMap<string, () => Promise<{ default: Bench }>> = new Map([
  ['model', () => import('./model.bench.js')],
  ['engines', () => import('./engines.bench.js')],
  ['fixtures', () => import('./fixtures.bench.js')],
  ['caches', () => import('./caches.bench.js')],
  ['checks', () => import('./checks.bench.js')],
]);

export const HELP = `Usage: npm run bench [-- NAME ...]

Runs the named benchmarks (default: all of them), prints their figures and merges them
into reports/out/bench.json.

Benchmarks: ${[...BENCHES.keys()].join(', ')}

Options:
  --help   show this text
`;

export interface BenchIO {
  out(text: string): void;
  err(text: string): void;
}

const NODE_IO: BenchIO = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) };

/** The benchmarks `argv` names, in order, once each; throws UsageError. Undefined for --help. */
export function parseBenchArgs(argv: readonly string[]): string[] | undefined {
  const o = parseOptions(argv, {}, { positionals: true });
  if (o.help) return undefined;
  const names = o.positionals.length === 0 ? [...BENCHES.keys()] : [...new Set(o.positionals)];
  const unknown = names.filter((n) => !BENCHES.has(n));
  if (unknown.length > 0) throw new UsageError(`unknown bench ${unknown.map((n) => JSON.stringify(n)).join(', ')}; known: ${[...BENCHES.keys()].join(', ')} (see --help)`);
  return names;
}

export async function main(argv: readonly string[], io: BenchIO = NODE_IO): Promise<number> {
  let names: string[] | undefined;
  try {
    names = parseBenchArgs(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.err(`npm run bench: ${e.message}\n`);
    return 2;
  }
  if (names === undefined) {
    io.out(HELP);
    return 0;
  }
  for (const name of names) {
    const bench = (await BENCHES.get(name)!()).default;
    io.out(`${name}: ${bench.description}\n`);
    const values = await bench.run();
    if (bench.report) io.out(bench.report(values));
    else for (const [k, v] of Object.entries(values)) io.out(`  ${[...bench.section, k].join('.')} = ${typeof v === 'number' && Number.isInteger(v) ? v.toLocaleString('en-US') : JSON.stringify(v)}\n`);
    mergeBench(bench.section, values);
  }
  io.out(`wrote ${BENCH_FILE}\n`);
  return 0;
}

if (isMain(import.meta.url)) {
  exitQuietlyOnEpipe();
  process.exitCode = await main(process.argv.slice(2));
}
