// Suites stay thin: they hand a list of scenarios to defineChecks, which makes one test per
// scenario, titled with its stable id, run through the one loop.
import type { Scenario } from '../../model/scenario.js';
import { SMOKE } from './build.js';
import { test } from './fixtures.js';
import { validateScenario } from './validate-scenario.js';

const seen = new Set<string>();

export function defineChecks(scenarios: Scenario[], opts: { smoke?: string[] } = {}): void {
  const smoke = new Set(opts.smoke ?? []);
  for (const id of smoke) {
    if (!scenarios.some((s) => s.id === id)) throw new Error(`defineChecks: smoke id "${id}" is not in this suite`);
  }
  for (const s of scenarios) {
    validateScenario(s); // a malformed scenario fails at collection, naming the field
    if (seen.has(s.id)) throw new Error(`defineChecks: duplicate check id "${s.id}"`);
    seen.add(s.id);
    test(s.id, { tag: smoke.has(s.id) ? [SMOKE, `@${s.area}`] : [`@${s.area}`] }, async ({ conformance }) => {
      await conformance.check(s);
    });
  }
}
