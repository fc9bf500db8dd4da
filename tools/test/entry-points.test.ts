// Every command-line entry point (the npm scripts that run a TypeScript file, and scripts/*.ts) as
// a user's first contact (issue 22): --help prints the usage and exits 0; an unknown option exits
// 2 with a first line naming it and no stack, before anything launches or is written. The entry
// points are found, not listed, so a new one is probed too: as a real process, unless it exports
// a main with its output injectable (IN_PROCESS), which is then called here (a process start
// costs about two seconds of CPU).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { main as bench } from '../../bench/run.js';
import { main as diff } from '../diff.js';
import { main as fuzz } from '../fuzz.js';
import { runCli as predict } from '../predict-cli.js';
import { main as schemas } from '../schemas.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Files under scripts/ that are started by another program, never by a person. */
const NOT_COMMANDS: Record<string, string> = {
  'scripts/unit-shared.ts': 'the shared test process scripts/unit-tests.ts starts (with SWC_UNIT_SHARED)',
};

/** Entry files: "tsx FILE.ts" in package.json's scripts, and scripts/*.ts. */
function entryPoints(): string[] {
  const scripts = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
  const fromNpm = Object.values(scripts).flatMap((command) => [...command.matchAll(/\btsx ([\w./-]+\.ts)\b/g)].map((m) => m[1]!));
  const fromScripts = readdirSync(join(ROOT, 'scripts'))
    .filter((f) => f.endsWith('.ts'))
    .map((f) => `scripts/${f}`)
    .filter((f) => !(f in NOT_COMMANDS));
  return [...new Set([...fromNpm, ...fromScripts])].sort();
}

type Outcome = { code: number | null; stdout: string; stderr: string };
type Main = (argv: string[], out: (t: string) => void, err: (t: string) => void) => number | Promise<number>;

const IN_PROCESS: Record<string, Main> = {
  'bench/run.ts': (argv, out, err) => bench(argv, { out, err }),
  'tools/diff.ts': (argv, out, err) => diff(argv, { out, err }),
  'tools/fuzz.ts': (argv, out, err) => fuzz(argv, { out, err }),
  'tools/predict-cli.ts': (argv, out, err) => predict(argv, { readFile: () => '', readStdin: () => '', stdout: out, stderr: err }),
  'tools/schemas.ts': (argv, out, err) => schemas(argv, { out, err }),
};

async function run(file: string, args: string[]): Promise<Outcome> {
  const inProcess = IN_PROCESS[file];
  if (inProcess) {
    let stdout = '';
    let stderr = '';
    const code = await inProcess(args, (t) => (stdout += t), (t) => (stderr += t));
    return { code, stdout, stderr };
  }
  return new Promise((done) => {
    execFile(process.execPath, ['--import', 'tsx', file, ...args], { cwd: ROOT, timeout: 60_000, env: { ...process.env, FORCE_COLOR: '0' } }, (error, stdout, stderr) => {
      done({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr });
    });
  });
}

const ENTRIES = entryPoints();

describe('command-line entry points', () => {
  test('found: every front door in tools/, the bench, the fixture server and scripts/', () => {
    for (const f of ['tools/conformance.ts', 'tools/fuzz.ts', 'tools/predict-cli.ts', 'tools/schemas.ts', 'bench/run.ts', 'fixtures-server/cli.ts', 'scripts/browser-server.ts', 'scripts/measure-engines.ts']) {
      assert.ok(ENTRIES.includes(f), `${f} among ${ENTRIES.join(', ')}`);
    }
  });

  // Two at a time.
  const probes = ENTRIES.flatMap((file) => [
    { file, args: ['--help'], expect: 'help' as const },
    { file, args: ['--no-such-option'], expect: 'usage' as const },
  ]);
  const results = new Map<string, Promise<Outcome>>();
  const queue = [...probes];
  const worker = async (): Promise<void> => {
    for (let p = queue.shift(); p; p = queue.shift()) {
      const key = `${p.file} ${p.args.join(' ')}`;
      const r = run(p.file, p.args);
      results.set(key, r);
      await r;
    }
  };
  const all = Promise.all([worker(), worker()]);

  for (const p of probes) {
    test(`${p.file} ${p.args.join(' ')}`, async () => {
      await all;
      const r = await results.get(`${p.file} ${p.args.join(' ')}`)!;
      assert.doesNotMatch(r.stderr, /\n\s+at .*:\d+:\d+/, 'no stack trace');
      if (p.expect === 'help') {
        assert.equal(r.code, 0, r.stderr);
        assert.match(r.stdout, /^usage: /i);
        assert.equal(r.stderr, '');
      } else {
        assert.equal(r.code, 2, r.stderr);
        assert.equal(r.stdout, '', 'nothing printed on stdout: nothing ran');
        assert.match(r.stderr.split('\n')[0]!, /--no-such-option\b/, 'the first line names the option');
      }
    });
  }
});
