// The three fuzz properties: what each generates, the scenario it makes of an input, and how it
// runs that scenario in a browser. The model side is predictSteps (scenarios.ts); the loop that
// compares, shrinks and records is runner.ts.
import type fc from 'fast-check';
import type { Scenario, StepResult } from '../../contract/index.js';
import { navigationInput, registerInput, urlMatchInput } from './arbitraries.js';
import { executeBatched, executeCacheBatched, executeSteps, type ExecContext } from './execute.js';
import { cacheMatchInput } from './cache-match.js';
import { cacheMatchPropertyScenario, navigationScenario, registerScenario, urlMatchScenario, type PropertyId } from './scenarios.js';

export interface FuzzProperty<I = unknown> {
  id: PropertyId;
  arbitrary: fc.Arbitrary<I>;
  /** The deterministic scenario of one generated input. */
  scenario(input: I): Scenario;
  /** Run the scenario in the engine: observed step results (origins abstracted). Throws HarnessError. */
  execute(ctx: ExecContext, scenario: Scenario): Promise<StepResult[]>;
  /** A generous estimate of one run, for timeouts. */
  secondsPerRun: number;
}

function define<I>(p: FuzzProperty<I>): FuzzProperty {
  return p as unknown as FuzzProperty;
}

export const PROPERTIES: Record<PropertyId, FuzzProperty> = {
  // (1) A scope family registered once per run, then many lookups batched per evaluate call.
  'url-match': define({
    id: 'url-match',
    arbitrary: urlMatchInput(),
    scenario: urlMatchScenario,
    execute: (ctx, s) => executeBatched(ctx, s),
    secondsPerRun: 5,
  }),
  // (2) A few register() calls per run, each script served with its own Service-Worker-Allowed.
  register: define({
    id: 'register',
    arbitrary: registerInput(),
    scenario: registerScenario,
    execute: executeSteps,
    secondsPerRun: 5,
  }),
  // (3) A few scopes with a worker each, activated, then a budgeted sample of navigations.
  'navigation-control': define({
    id: 'navigation-control',
    arbitrary: navigationInput(),
    scenario: navigationScenario,
    execute: executeSteps,
    secondsPerRun: 10,
  }),
  // (4) Random cache entries put once per run, then many queries batched per evaluate call.
  'cache-match': define({
    id: 'cache-match',
    arbitrary: cacheMatchInput(),
    scenario: cacheMatchPropertyScenario,
    execute: (ctx, s) => executeCacheBatched(ctx, s),
    secondsPerRun: 5,
  }),
};
