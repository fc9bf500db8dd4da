// The fuzz budget from the SWC_FUZZ_* environment (budget.ts); `npm run fuzz` (tools/fuzz.ts) sets it.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { budgetFromEnv, BudgetError, SMOKE_RUNS, testTimeoutMs } from '../budget.js';

describe('budget from the environment', () => {
  test('defaults: the smoke budget and a fresh seed', () => {
    const b = budgetFromEnv({});
    assert.equal(b.runs, SMOKE_RUNS);
    assert.equal(b.seconds, undefined);
    assert.ok(Number.isInteger(b.seed));
    assert.equal(b.save, false);
  });
  test('seconds only: no runs limit', () => {
    const b = budgetFromEnv({ SWC_FUZZ_SECONDS: '12.5' });
    assert.equal(b.runs, undefined);
    assert.equal(b.seconds, 12.5);
  });
  test('replay', () => {
    const b = budgetFromEnv({ SWC_FUZZ_SEED: '-7', SWC_FUZZ_PATH: '0:1' });
    assert.deepEqual([b.seed, b.path], [-7, '0:1']);
    assert.equal(testTimeoutMs(b, 5), 240_000);
  });
  test('bad values name the variable', () => {
    assert.throws(() => budgetFromEnv({ SWC_FUZZ_RUNS: '-1' }), (e: Error) => e instanceof BudgetError && /SWC_FUZZ_RUNS/.test(e.message));
    assert.throws(() => budgetFromEnv({ SWC_FUZZ_PATH: '1' }), /SWC_FUZZ_PATH needs SWC_FUZZ_SEED/);
    assert.throws(() => budgetFromEnv({ SWC_FUZZ_SECONDS: '0' }), /SWC_FUZZ_SECONDS/);
    assert.throws(() => budgetFromEnv({ SWC_FUZZ_SAVE: 'yes' }), /SWC_FUZZ_SAVE/);
  });
});
