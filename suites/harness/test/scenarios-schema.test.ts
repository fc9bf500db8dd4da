// Every scenario of every suite is a value the generated schemas describe: the conformance report
// (reports/schemas/conformance.schema.json) carries each scenario, and a field the types do not
// declare would make the report fail validation at the end of a whole run. Casts in a scenario
// table cannot hide such a field from this test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { QuestionValidator } from '../../../model/cli.js';
import type { Scenario } from '../../../model/scenario.js';
import { explainerScenarios } from '../../explainer/explainer.scenarios.js';
import { lifecycleScenarios } from '../../lifecycle/lifecycle.scenarios.js';
import { proposalsScenarios } from '../../proposals/proposals.scenarios.js';
import { redirectScenarios } from '../../redirects/redirects.scenarios.js';
import { registrationScenarios } from '../../registration/registration.scenarios.js';
import { routingScenarios } from '../../routing/routing.scenarios.js';
import { scopeScenarios } from '../../scope/scope.scenarios.js';

const suites: Record<string, Scenario[]> = {
  explainer: explainerScenarios,
  lifecycle: lifecycleScenarios,
  proposals: proposalsScenarios,
  redirects: redirectScenarios,
  registration: registrationScenarios,
  routing: routingScenarios,
  scope: scopeScenarios,
};

const validator = new QuestionValidator();

for (const [name, scenarios] of Object.entries(suites)) {
  test(`scenarios of suites/${name} match the generated Scenario schema`, () => {
    assert.ok(scenarios.length > 0);
    const problems = scenarios.map((s) => [s.id, validator.problem({ kind: 'scenario', scenario: s })] as const).filter(([, p]) => p !== null);
    assert.deepEqual(problems, []);
  });
}
