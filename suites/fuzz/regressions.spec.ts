// Fuzz counterexamples saved as regression scenarios (suites/fuzz/regressions/*.json, written by
// `npm run fuzz -- … --save`), run through the one loop like any other check. A malformed file
// fails collection with its name and the bad field.
import { defineChecks } from '../harness/define.js';
import { loadRegressions } from './regressions.js';

defineChecks(loadRegressions().map((r) => r.regression.scenario));
