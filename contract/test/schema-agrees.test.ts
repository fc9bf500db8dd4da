// The one scenario validator (contract/validate.ts) and the JSON schema generated from the same
// types (contract/schemas/scenario.schema.json, `npm run schemas`) agree: every scenario of every
// suite table and every fuzz regression file passes both, and malformed scenarios are refused by
// both. The conformance report carries each scenario and is validated against a schema at the end
// of a run, so a field the types do not declare would fail a whole run; casts in a table cannot
// hide such a field from this test. The predictions of those scenarios match the Outcome schema.
// Ajv is used here only; the loop itself validates with validateScenario.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { Ajv, type ValidateFunction } from 'ajv';
import { ContractError, validateScenario, type Scenario } from '../index.js';
import { predict } from '../../model/scenario/interpreter.js';
import { SUITE_TABLES } from '../../suites/harness/tables.js';
import { loadRegressions } from '../../suites/fuzz/regressions.js';

function schemaValidator(file: string): ValidateFunction {
  const schema = JSON.parse(readFileSync(new URL(`../schemas/${file}`, import.meta.url), 'utf8')) as object;
  return new Ajv({ allErrors: true, strict: true, allowUnionTypes: true }).compile(schema);
}

const scenarioSchema = schemaValidator('scenario.schema.json');
const outcomeSchema = schemaValidator('outcome.schema.json');

/** Null when the validator accepts `v`, else its message. */
function validatorProblem(v: unknown): string | null {
  try {
    validateScenario(v);
    return null;
  } catch (e) {
    if (e instanceof ContractError) return e.message;
    throw e;
  }
}

function schemaProblem(v: unknown): string | null {
  return scenarioSchema(v) ? null : JSON.stringify(scenarioSchema.errors?.slice(0, 3));
}

const tables: Array<[string, readonly Scenario[]]> = [
  ...Object.entries(SUITE_TABLES).map(([area, rows]) => [`suites/${area}`, rows ?? []] as [string, readonly Scenario[]]),
  ['suites/fuzz/regressions', loadRegressions().map((r) => r.regression.scenario)],
];

describe('every suite scenario passes validateScenario and the generated Scenario schema', () => {
  test('there are suite tables to check', () => {
    assert.ok(Object.keys(SUITE_TABLES).length >= 7, Object.keys(SUITE_TABLES).join(', '));
  });
  for (const [name, scenarios] of tables) {
    test(`${name} (${scenarios.length} scenarios)`, () => {
      if (!name.endsWith('/regressions')) assert.ok(scenarios.length > 0, `${name} is empty`);
      const problems = scenarios
        .map((s) => ({ id: s.id, validator: validatorProblem(s), schema: schemaProblem(s) }))
        .filter((p) => p.validator !== null || p.schema !== null);
      assert.deepEqual(problems, []);
    });
  }
  test('a round trip through JSON changes nothing (what a scenario file or the CLI reads)', () => {
    for (const [, scenarios] of tables) {
      for (const s of scenarios) {
        const parsed = JSON.parse(JSON.stringify(s)) as unknown;
        assert.deepEqual(validateScenario(parsed), validateScenario(s), s.id);
      }
    }
  });
});

describe('the model\'s predictions of those scenarios match the generated Outcome schema', () => {
  for (const [name, scenarios] of tables) {
    test(name, () => {
      const problems = scenarios
        .map((s) => ({ id: s.id, ok: outcomeSchema(predict(s)), errors: outcomeSchema.errors?.slice(0, 3) }))
        .filter((p) => !p.ok);
      assert.deepEqual(problems, []);
    });
  }
});

describe('malformed scenarios are refused by both', () => {
  const good: Scenario = {
    id: 'scope/schema-agrees',
    area: 'scope',
    title: 'a well-formed scenario',
    spec: ['sw.bs § Match Service Worker Registration'],
    resources: { '{a}/sw.js': { kind: 'worker', behaviour: { version: 'v1' } } },
    steps: [
      { do: 'open', client: 'c1', url: '{a}/page.html' },
      { do: 'register', client: 'c1', script: '/sw.js', scope: '/a/' },
    ],
  };

  test('the well-formed one passes both', () => {
    assert.equal(validatorProblem(good), null);
    assert.equal(schemaProblem(good), null);
  });

  const steps = good.steps as unknown as Record<string, unknown>[];
  const malformed: Array<[string, unknown]> = [
    ['not an object', ['scope/x']],
    ['no steps', { ...good, steps: undefined }],
    ['steps not an array', { ...good, steps: { do: 'open' } }],
    ['an unknown top-level key', { ...good, colour: 'green' }],
    ['an unknown area', { ...good, area: 'storage' }],
    ['an id that is not a string', { ...good, id: 7 }],
    ['an unknown step kind', { ...good, steps: [steps[0], { do: 'teleport', client: 'c1' }] }],
    ['an unknown key in a step', { ...good, steps: [{ ...steps[0], colour: 'green' }] }],
    ['a step field of the wrong type', { ...good, steps: [{ ...steps[0], url: 42 }] }],
    ['a resource of an unknown kind', { ...good, resources: { '{a}/sw.js': { kind: 'stylesheet' } } }],
    ['a worker version that is not a string', { ...good, resources: { '{a}/sw.js': { kind: 'worker', behaviour: { version: 1 } } } }],
    ['smoke that is not a boolean', { ...good, smoke: 'yes' }],
  ];
  for (const [name, value] of malformed) {
    test(name, () => {
      assert.notEqual(validatorProblem(value), null, 'validateScenario accepted it');
      assert.notEqual(schemaProblem(value), null, 'the schema accepted it');
    });
  }

  // Rules a JSON schema cannot express; the validator is the one that holds them.
  const validatorOnly: Array<[string, unknown]> = [
    ['a step on a client that is not open', { ...good, steps: [{ do: 'fetch', client: 'c9', url: '/x' }] }],
    ['a client opened twice', { ...good, steps: [steps[0], steps[0]] }],
    ['an id outside its area', { ...good, id: 'routing/schema-agrees' }],
    ['no spec reference', { ...good, spec: [] }],
  ];
  for (const [name, value] of validatorOnly) {
    test(`validator only: ${name}`, () => {
      assert.notEqual(validatorProblem(value), null);
    });
  }
});
