// `npm run bench` names (bench/run.ts): no benchmark runs here, only the argument handling.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { HELP, main, parseBenchArgs } from '../run.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

describe('npm run bench: arguments', () => {
  // Regression test (issue 22, 9): names were looked up with `in` on a plain object, so
  // "constructor" and "toString" passed the check and then crashed.
  for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
    test(`"${name}" is an unknown bench (exit 2, one line, nothing run)`, async () => {
      const r = await run([name]);
      assert.equal(r.code, 2);
      assert.equal(r.out, '');
      assert.equal(r.err, `npm run bench: unknown bench "${name}"; known: model, engines, fixtures, caches, checks (see --help)\n`);
    });
  }

  // Regression test (issue 22, 9): --help was "unknown bench --help".
  test('--help and -h print the usage, exit 0', async () => {
    for (const h of ['--help', '-h']) {
      const r = await run([h]);
      assert.equal(r.code, 0);
      assert.equal(r.out, HELP);
      assert.match(HELP, /Benchmarks: model, engines, fixtures, caches/);
    }
  });

  test('an unknown option, and a known name next to an unknown one, run nothing', async () => {
    assert.deepEqual(await run(['--fast']), { code: 2, out: '', err: 'npm run bench: unknown option --fast\n' });
    const r = await run(['model', 'nope']);
    assert.equal(r.code, 2);
    assert.equal(r.out, '');
    assert.match(r.err, /unknown bench "nope"/);
  });

  test('names: default all, in order, once each', () => {
    assert.deepEqual(parseBenchArgs([]), ['model', 'engines', 'fixtures', 'caches', 'checks']);
    assert.deepEqual(parseBenchArgs(['fixtures', 'model', 'fixtures']), ['fixtures', 'model']);
    assert.equal(parseBenchArgs(['--help']), undefined);
  });

  test('end to end: npm run bench -- constructor (a real process)', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'bench/run.ts', 'constructor'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(r.status, 2);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^npm run bench: unknown bench "constructor"/);
  });
});
