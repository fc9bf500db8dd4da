// Fuzz counterexamples saved as regression scenarios (suites/fuzz/regressions/*.json, written by
// `npm run fuzz -- … --save`), run through the one loop like any other check. A malformed file
// fails collection with its name and the bad field. Every regression is located at the loop's line.
import { check, checks } from '../harness/define.js';
import { loadRegressions } from './regressions.js';

checks('fuzz', (test) => {
  for (const { regression } of loadRegressions()) test(...check(regression.scenario));
});
