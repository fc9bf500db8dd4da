// `npm run test:unit`: every *.test.ts under the source folders, with node's test runner and the
// tsx loader, in as few processes as the tests allow (issue 20):
//
// - Most files share ONE process (scripts/unit-shared.ts imports them in turn). A process of its
//   own per file cost a node start, the TypeScript loader and a fresh load of the model and the
//   contract each time: ~0.6 s of CPU per file, about a minute for the suite on two cores.
// - A few files keep a process of their own (OWN_PROCESS, with the reason), and run next to the
//   shared one: `--test-concurrency` is at least 2 (node's default is one fewer than the cores,
//   so one file at a time on a 2-core machine).
// The files are found as before (find, sorted): a new test file is picked up without a change here.
//
//   npm run test:unit [-- --list] [-- FILE ...]   (files: run only those, in one process each)
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { exitQuietlyOnEpipe, flag, isMain, parseOptions, UsageError } from '../tools/cli.js';

export const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const SOURCE_FOLDERS = ['contract', 'model', 'tools', 'fixtures-server', 'reports', 'suites', 'bench'];
export const SHARED_ENTRY = join(ROOT, 'scripts', 'unit-shared.ts');

/**
 * Files that run in a process of their own, longest first (node starts them in this order). A
 * file belongs here when it runs long on its own (so it overlaps the shared process instead of
 * adding to it) or when it strains its process on purpose.
 */
export const OWN_PROCESS: ReadonlyArray<{ file: string; why: string }> = [
  { file: 'tools/test/conformance.test.ts', why: 'runs the conformance CLI end to end (real Playwright runs of the synthetic suite): the longest file' },
  { file: 'suites/fuzz/test/arbitraries.test.ts', why: 'measures the generators over ~200,000 reference parses: CPU-bound for half a minute' },
  { file: 'suites/harness/test/remote-webkit.test.ts', why: 'starts a WebKitWebDriver and runs two checks in a real WebKitGTK through the conformance CLI (SWC_REMOTE_WEBKIT): ~15 s, mostly waiting on the browser' },
  { file: 'suites/fuzz/test/runner.test.ts', why: 'fuzzes and shrinks against a stand-in engine: CPU-bound for tens of seconds' },
  { file: 'fixtures-server/test/hostile.test.ts', why: "exhausts its fixture server's sockets and memory budget on purpose" },
];

/** Every *.test.ts under the source folders, relative to the root, sorted (as `find | sort` gave them). */
export function findTestFiles(root = ROOT): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.name === 'node_modules') continue;
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && e.name.endsWith('.test.ts')) out.push(relative(root, p));
    }
  };
  for (const f of SOURCE_FOLDERS) walk(join(root, f));
  return out.sort();
}

/** The plan: files in processes of their own (in start order) and the files of the shared process. */
export function planUnitRun(files: readonly string[]): { own: string[]; shared: string[] } {
  const present = new Set(files);
  const own = OWN_PROCESS.map((o) => o.file).filter((f) => present.has(f));
  const shared = files.filter((f) => !own.includes(f));
  return { own, shared };
}

export const HELP = `Usage: npm run test:unit [-- FILE ...]   (node --import tsx scripts/unit-tests.ts)

Runs every *.test.ts under ${SOURCE_FOLDERS.join(', ')} with node's test runner: most
files in one shared process, a few in processes of their own next to it (see OWN_PROCESS).
With FILE arguments, runs only those files, each in a process of its own.

Options:
  --list   print the plan (which file runs where) and run nothing
  --help   show this text
`;

export interface UnitIO {
  out(text: string): void;
  err(text: string): void;
}

const NODE_IO: UnitIO = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) };

export async function main(argv: readonly string[], io: UnitIO = NODE_IO): Promise<number> {
  let o: ReturnType<typeof parseOptions<{ list: ReturnType<typeof flag> }>>;
  try {
    o = parseOptions(argv, { list: flag() }, { positionals: true });
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.err(`test:unit: ${e.message}\n`);
    return 2;
  }
  if (o.help) {
    io.out(HELP);
    return 0;
  }
  let own: string[];
  let shared: string[];
  if (o.positionals.length) {
    own = o.positionals.map((f) => relative(ROOT, resolve(f)));
    const missing = own.filter((f) => !existsSync(join(ROOT, f)));
    if (missing.length) {
      io.err(`test:unit: no such file: ${missing.join(', ')}\n`);
      return 2;
    }
    shared = [];
  } else {
    ({ own, shared } = planUnitRun(findTestFiles()));
  }
  if (o.list) {
    io.out([...own.map((f) => `own process: ${f}\n`), ...shared.map((f) => `shared:      ${f}\n`)].join(''));
    return 0;
  }
  const concurrency = Math.max(2, availableParallelism());
  // The first own-process file is the longest: it starts first, the shared process next to it.
  const args = ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, '--test-reporter=spec'];
  const files = [...own.slice(0, 1), ...(shared.length ? [SHARED_ENTRY] : []), ...own.slice(1)];
  const child = spawn(process.execPath, [...args, ...files], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, SWC_UNIT_SHARED: JSON.stringify(shared.map((f) => join(ROOT, f))) },
  });
  return new Promise((done) => {
    child.on('exit', (code, signal) => done(code ?? (signal ? 1 : 0)));
  });
}

if (isMain(import.meta.url)) {
  exitQuietlyOnEpipe();
  process.exitCode = await main(process.argv.slice(2));
}
