// Fuzz property: see scenarios.ts (PROPERTY_META) and properties.ts. Budget and replay: budget.ts.
import { test } from '../harness/fixtures.js';
import { fuzzCheck } from './fuzz-test.js';

test.describe('fuzz', () => {
  test(...fuzzCheck('navigation-control'));
});
