// The fuzz CLI's options (no browser): validation with exit code 2 naming the problem, and what
// reaches Playwright (arguments and the SWC_FUZZ_* environment). The budget those variables give
// is tested in suites/fuzz/test/budget.test.ts.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { UsageError } from '../cli.js';
import { EXIT, fuzzEnv, main, parseFuzzArgs, playwrightArgs } from '../fuzz.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

function run(argv: string[]): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const code = main(argv, { out: (s) => (out += s), err: (s) => (err += s) });
  return { code, out, err };
}

describe('npm run fuzz: option validation (exit 2, nothing run)', () => {
  const cases: Array<[string[], RegExp]> = [
    [['--bogus'], /unknown option --bogus/],
    [['--seed'], /--seed needs a value/],
    [['--seed', 'x'], /--seed must be a 32-bit integer/],
    [['--seed', '99999999999'], /--seed must be a 32-bit integer/],
    [['--path', '1:2'], /--path needs --seed/],
    [['--seed', '1', '--path', '1:2'], /--path needs exactly one --property/],
    [['--seed', '1', '--path', '1:x', '--property', 'register'], /--path must look like/],
    [['--seed', '1', '--path', '3', '--property', 'register', '--runs', '5'], /--runs and --seconds do not apply/],
    [['--property', 'url'], /--property "url" is not one of url-match, register, navigation-control/],
    [['--project', 'opera'], /--project "opera" is not one of chromium, firefox, webkit/],
    [['--runs', '0'], /--runs must be a positive integer/],
    [['--seconds', 'soon'], /--seconds must be a positive number/],
    [['--seed', '1', '--seed', '2'], /--seed given twice/],
    [['--save=yes'], /--save takes no value/],
    [['stray'], /unexpected argument "stray"/],
  ];
  for (const [argv, message] of cases) {
    test(argv.join(' '), () => {
      const r = run(argv);
      assert.equal(r.code, EXIT.usage);
      assert.match(r.err, message);
      assert.equal(r.out, '');
    });
  }
  // Issue 22, "every option validated before anything launches": --out was only found unusable
  // after the browsers had run.
  test('--out naming a file, or a folder that cannot be created: exit 2 before Playwright starts', () => {
    const dir = mkdtempSync(join(tmpdir(), 'swc-fuzz-out-'));
    const file = join(dir, 'a-file');
    writeFileSync(file, 'x');
    assert.deepEqual(run(['--out', file]), { code: EXIT.usage, out: '', err: `npm run fuzz: --out: ${file} is a file, not a folder\nsee --help\n` });
    assert.deepEqual(run(['--out', join(file, 'sub')]), { code: EXIT.usage, out: '', err: `npm run fuzz: --out: ${join(file, 'sub')} cannot be created: ${file} is a file, not a folder\nsee --help\n` });
    assert.deepEqual(run(['--out', '/proc/nope']), { code: EXIT.usage, out: '', err: 'npm run fuzz: --out: /proc/nope cannot be created in /proc (ENOENT)\nsee --help\n' });
    rmSync(dir, { recursive: true, force: true });
  });
  test('UsageError is what the parser throws', () => {
    assert.throws(() => parseFuzzArgs(['--nope']), UsageError);
  });
  test('--help prints the usage and exits 0', () => {
    const r = run(['--help']);
    assert.equal(r.code, EXIT.ok);
    assert.match(r.out, /--seed N/);
  });
  test('as a process: an unknown option exits 2 and names it', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'tools/fuzz.ts'), '--frobnicate'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /unknown option --frobnicate/);
  });
});

describe('npm run fuzz: what Playwright gets', () => {
  test('replay: seed and path, one property, one project', () => {
    const o = parseFuzzArgs(['--seed', '-42', '--path', '3:1:0', '--property', 'url-match', '--project', 'webkit', '--save']);
    const env = fuzzEnv(o, { SWC_FUZZ_RUNS: '999', PATH: '/bin' });
    assert.equal(env.SWC_FUZZ_SEED, '-42');
    assert.equal(env.SWC_FUZZ_PATH, '3:1:0');
    assert.equal(env.SWC_FUZZ_RUNS, undefined); // nothing inherited
    assert.equal(env.SWC_FUZZ_SAVE, '1');
    assert.equal(env.PATH, '/bin');
    const args = playwrightArgs(o);
    assert.deepEqual(args.slice(args.indexOf('--grep')), ['--grep', 'fuzz/(url-match): ', '--project', 'webkit']);
  });
  test('budgets: runs, seconds, and the defaults', () => {
    assert.equal(fuzzEnv(parseFuzzArgs(['--runs', '7']), {}).SWC_FUZZ_RUNS, '7');
    assert.equal(fuzzEnv(parseFuzzArgs(['--seconds', '30', '--shrink-seconds', '5']), {}).SWC_FUZZ_SECONDS, '30');
    assert.equal(fuzzEnv(parseFuzzArgs([]), {}).SWC_FUZZ_SECONDS, '60');
    assert.equal(fuzzEnv(parseFuzzArgs(['--seed', '5']), {}).SWC_FUZZ_RUNS, '25');
    const all = playwrightArgs(parseFuzzArgs([]));
    assert.ok(all.includes('fuzz/(url-match|register|navigation-control|cache-match): '));
    assert.deepEqual(all.filter((a, i) => all[i - 1] === '--project'), ['chromium', 'firefox', 'webkit']);
  });
});
