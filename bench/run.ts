// npm run bench [-- NAME ...]: run the named benchmarks (default: all), print their figures and
// merge them into reports/out/bench.json. Benchmarks are loaded lazily, so running one does not
// load another's dependencies. To add one, add a line to BENCHES.

import { BENCH_FILE, mergeBench, type Bench } from './bench-file.js';

const BENCHES: Record<string, () => Promise<{ default: Bench }>> = {
  model: () => import('./model.bench.js'),
  engines: () => import('./engines.bench.js'),
  fixtures: () => import('./fixtures.bench.js'),
};

async function main(argv: string[]): Promise<number> {
  const names = argv.length === 0 ? Object.keys(BENCHES) : argv;
  const unknown = names.filter((n) => !(n in BENCHES));
  if (unknown.length > 0) {
    process.stderr.write(`unknown bench ${unknown.join(', ')}; known: ${Object.keys(BENCHES).join(', ')}\n`);
    return 2;
  }
  for (const name of names) {
    const load = BENCHES[name];
    if (load === undefined) continue;
    const bench = (await load()).default;
    process.stdout.write(`${name}: ${bench.description}\n`);
    const values = await bench.run();
    for (const [k, v] of Object.entries(values)) process.stdout.write(`  ${[...bench.section, k].join('.')} = ${typeof v === 'number' && Number.isInteger(v) ? v.toLocaleString('en-US') : JSON.stringify(v)}\n`);
    mergeBench(bench.section, values);
  }
  process.stdout.write(`wrote ${BENCH_FILE}\n`);
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
