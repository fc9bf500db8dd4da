// Fuzz property: see scenarios.ts (PROPERTY_META) and properties.ts. Budget and replay: budget.ts.
import { defineFuzzTest } from './fuzz-test.js';

defineFuzzTest('register');
