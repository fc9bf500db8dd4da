// Fuzz property: see cache-match.ts and scenarios.ts (PROPERTY_META). Budget and replay: budget.ts.
import { test } from '../harness/fixtures.js';
import { fuzzCheck } from './fuzz-test.js';

test.describe('fuzz', () => {
  test(...fuzzCheck('cache-match'));
});
