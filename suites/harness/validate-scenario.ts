// A malformed scenario is the author's error: name the field, fail before anything runs.
import { AREAS, type Scenario } from '../../model/scenario.js';

export class ScenarioError extends Error {
  override name = 'ScenarioError';
}

const ID = /^([a-z]+)\/[a-z0-9][a-z0-9._-]*$/;

export function validateScenario(s: Scenario): void {
  const fail = (field: string, why: string): never => {
    throw new ScenarioError(`scenario ${JSON.stringify(s?.id ?? '?')}: ${field}: ${why}`);
  };
  if (!s || typeof s !== 'object') fail('(root)', 'not an object');
  const m = ID.exec(s.id ?? '');
  if (!m) fail('id', 'must look like "<area>/<case>" (lowercase, digits, . _ -)');
  if (!AREAS.includes(s.area)) fail('area', `must be one of ${AREAS.join(', ')}`);
  if (m![1] !== s.area) fail('id', `must start with its area "${s.area}/"`);
  if (typeof s.title !== 'string' || !s.title) fail('title', 'missing');
  if (!Array.isArray(s.spec) || s.spec.length === 0) fail('spec', 'needs at least one spec reference');
  if (!Array.isArray(s.steps) || s.steps.length === 0) fail('steps', 'needs at least one step');
  const open = new Set<string>();
  s.steps.forEach((step, i) => {
    if ('client' in step) {
      if (step.do === 'open') {
        if (open.has(step.client)) fail(`steps[${i}].client`, `"${step.client}" is already open`);
        open.add(step.client);
      } else if (!open.has(step.client)) fail(`steps[${i}].client`, `"${step.client}" is not open`);
      if (step.do === 'close') open.delete(step.client);
    }
  });
  for (const key of Object.keys(s.resources ?? {})) {
    if (!/^\{(a|b|insecure)\}\//.test(key)) fail(`resources["${key}"]`, 'keys look like "{a}/path"');
  }
}
