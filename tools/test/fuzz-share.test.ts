// The fuzz budget of `npm run conformance` (issue 20): a share of the run by default,
// --fuzz-seconds to set it. Arithmetic and option handling only; no run.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { UsageError } from '../cli.js';
import { applyFuzzBudget, HELP, parseConformanceArgs } from '../conformance.js';
import { FUZZ_SECONDS_MAX, FUZZ_SECONDS_MIN, FUZZ_SHARE, fuzzSecondsForShare, parseFuzzSeconds, suiteSize } from '../fuzz-share.js';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));

describe('fuzz budget as a share of the run', () => {
  test('budget = share/(1−share) × checks × s per check / properties, whole seconds', () => {
    // 0.15/0.85 × 553 × 0.66 / 4 = 16.1
    assert.equal(fuzzSecondsForShare({ checks: 553, properties: 4 }), 16);
    // share 0.5: fuzz time equals check time: 100 × 1 / 4 = 25
    assert.equal(fuzzSecondsForShare({ checks: 100, properties: 4, share: 0.5, secondsPerCheck: 1 }), 25);
  });

  test('fuzzing is the share of the run: fuzz / (fuzz + checks) = share, before rounding and bounds', () => {
    const checks = 400;
    const properties = 4;
    const perCheck = 0.66;
    const budget = fuzzSecondsForShare({ checks, properties, secondsPerCheck: perCheck });
    const share = (budget * properties) / (budget * properties + checks * perCheck);
    assert.ok(Math.abs(share - FUZZ_SHARE) < 0.01, `share ${share}`);
  });

  test('kept within its bounds; no properties gives the minimum', () => {
    assert.equal(fuzzSecondsForShare({ checks: 1, properties: 4 }), FUZZ_SECONDS_MIN);
    assert.equal(fuzzSecondsForShare({ checks: 100_000, properties: 4 }), FUZZ_SECONDS_MAX);
    assert.equal(fuzzSecondsForShare({ checks: 500, properties: 0 }), FUZZ_SECONDS_MIN);
  });

  test('suiteSize counts every table row and fuzz property', async () => {
    const s = await suiteSize();
    assert.ok(s.checks > 100, `checks ${s.checks}`);
    assert.equal(s.properties, 4);
  });
});

describe('--fuzz-seconds', () => {
  test('accepts positive numbers of seconds up to a day', () => {
    assert.equal(parseFuzzSeconds('30'), 30);
    assert.equal(parseFuzzSeconds('2.5'), 2.5);
    assert.equal(parseFuzzSeconds('86400'), 86400);
    assert.equal(parseConformanceArgs(['--fuzz-seconds', '12'], '/tmp').fuzzSeconds, 12);
    assert.equal(parseConformanceArgs(['--fuzz-seconds=7.5'], '/tmp').fuzzSeconds, 7.5);
    assert.equal(parseConformanceArgs([], '/tmp').fuzzSeconds, undefined);
  });

  for (const bad of ['0', '0.0', '-5', ' 5', '5s', '1e3', '0x10', 'Infinity', 'NaN', '86401', '.5', '5.']) {
    test(`refuses ${JSON.stringify(bad)} in one line naming the option`, () => {
      assert.throws(() => parseConformanceArgs(['--fuzz-seconds', bad], '/tmp'), (e: unknown) => e instanceof UsageError && /^--fuzz-seconds must be a positive number of seconds up to 86400 \(got ".*"\)$/.test(e.message) && !e.message.includes('\n'));
    });
  }

  test('a missing or empty value and --merge are refused', () => {
    assert.throws(() => parseConformanceArgs(['--fuzz-seconds'], '/tmp'), UsageError);
    assert.throws(() => parseConformanceArgs(['--fuzz-seconds', ''], '/tmp'), /--fuzz-seconds needs a non-empty value/);
    assert.throws(() => parseConformanceArgs(['--merge', 'x', '--fuzz-seconds', '3'], '/tmp'), /--merge runs no tests, so it cannot be combined with --fuzz-seconds/);
  });
});

describe('which budget the run gets', () => {
  const size = async () => ({ checks: 553, properties: 4 });

  test('default: the share, said in one line', async () => {
    const env: NodeJS.ProcessEnv = {};
    const note = await applyFuzzBudget({}, env, size);
    assert.equal(env.SWC_FUZZ_SECONDS, '16');
    assert.equal(note, 'fuzz budget: 16 s per property and engine (15% of a whole run of 553 checks and 4 properties; --fuzz-seconds N sets it)');
  });

  test('--fuzz-seconds wins over SWC_FUZZ_SECONDS; SWC_FUZZ_RUNS is left to apply too', async () => {
    const env: NodeJS.ProcessEnv = { SWC_FUZZ_SECONDS: '99', SWC_FUZZ_RUNS: '3' };
    assert.equal(await applyFuzzBudget({ fuzzSeconds: 2.5 }, env, size), undefined);
    assert.deepEqual(env, { SWC_FUZZ_SECONDS: '2.5', SWC_FUZZ_RUNS: '3' });
  });

  test('the caller\'s SWC_FUZZ_SECONDS or SWC_FUZZ_RUNS is kept; a merge runs no fuzzing', async () => {
    for (const given of [{ SWC_FUZZ_SECONDS: '8' }, { SWC_FUZZ_RUNS: '2' }]) {
      const env: NodeJS.ProcessEnv = { ...given };
      assert.equal(await applyFuzzBudget({}, env, size), undefined);
      assert.deepEqual(env, given);
    }
    const env: NodeJS.ProcessEnv = {};
    assert.equal(await applyFuzzBudget({ merge: '/x' }, env, async () => assert.fail('no size needed')), undefined);
    assert.deepEqual(env, {});
  });
});

describe('documentation', () => {
  test('HELP and the README describe the share and --fuzz-seconds', () => {
    assert.match(HELP, /--fuzz-seconds N/);
    assert.match(HELP, new RegExp(`${FUZZ_SHARE * 100}% of a whole run`));
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    assert.match(readme, /--fuzz-seconds/);
    assert.match(readme, new RegExp(`${FUZZ_SHARE * 100}\\s*%\\s+of\\s+a\\s+whole\\s+run`));
  });
});
