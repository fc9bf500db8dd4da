// Regression scenarios saved from fuzz counterexamples (`npm run fuzz -- … --save`): one JSON file
// per counterexample in suites/fuzz/regressions/, run by regressions.spec.ts through defineChecks
// like any hand-written check. A file is validated before any test runs; every problem names the
// file and the field.
//
//   {
//     "found": { "property": "url-match", "engine": "webkit", "engineVersion": "2.50.6",
//                "seed": 123, "path": "4:1:0", "date": "2026-…" },
//     "scenario": { "id": "fuzz/regression-url-match-webkit-s123-p4.1.0", "area": "fuzz", … }
//   }
import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ENGINES, type Engine, type Scenario, type Step } from '../../model/scenario.js';
import { validateScenario } from '../harness/validate-scenario.js';
import { isPropertyId, type PropertyId } from './scenarios.js';

export const REGRESSIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'regressions');

export interface RegressionFound {
  property: PropertyId;
  engine: Engine;
  engineVersion: string;
  seed: number;
  path?: string;
  /** ISO date of the run that found it. */
  date: string;
}

export interface RegressionFile {
  $comment?: string;
  found: RegressionFound;
  scenario: Scenario;
}

export class RegressionFileError extends Error {
  override name = 'RegressionFileError';
}

/** The regression file for a counterexample scenario of `property` (its id names where it came from). */
export function regressionFile(property: PropertyId, found: Omit<RegressionFound, 'property' | 'date'>, scenario: Scenario, date = new Date()): RegressionFile {
  const path = found.path === undefined ? '' : `-p${found.path.length > 40 ? hash(found.path) : found.path.replaceAll(':', '.')}`;
  const id = `fuzz/regression-${property}-${found.engine}-s${found.seed < 0 ? `m${-found.seed}` : found.seed}${path}`;
  return {
    $comment: `A fuzz counterexample of fuzz/${property}, saved by npm run fuzz -- --save; the expectation comes from the model.`,
    found: { property, ...found, date: date.toISOString() },
    scenario: { ...scenario, id, title: `regression (fuzz/${property}, ${found.engine}, seed ${found.seed}${found.path !== undefined ? `, path ${found.path}` : ''}): ${scenario.title}` },
  };
}

function hash(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}

// ---------------------------------------------------------------------------------------------
// Validation.

type Field = 'string' | 'string?' | 'boolean?' | 'object';

/** The fields of the step kinds a regression file may use (the ones fuzz scenarios and their relatives use). */
const STEP_FIELDS: Partial<Record<Step['do'], Record<string, Field>>> = {
  open: { client: 'string', url: 'string' },
  navigate: { client: 'string', url: 'string' },
  reload: { client: 'string' },
  close: { client: 'string' },
  frame: { client: 'string', frame: 'string', url: 'string' },
  register: { client: 'string', script: 'string', scope: 'string?', type: 'string?', updateViaCache: 'string?', settle: 'boolean?', frame: 'string?' },
  getRegistration: { client: 'string', url: 'string?' },
  getRegistrations: { client: 'string' },
  unregister: { client: 'string', scope: 'string' },
  update: { client: 'string', frame: 'string?', scope: 'string' },
  fetch: { client: 'string', frame: 'string?', url: 'string', redirect: 'string?', mode: 'string?' },
  controller: { client: 'string', frame: 'string?' },
  bumpScript: { url: 'string' },
  serve: { key: 'string', resource: 'object' },
  settle: {},
  connect: { client: 'string', frame: 'string?', url: 'string', native: 'boolean?' },
  lookasideFetch: { client: 'string', frame: 'string?', url: 'string', fallback: 'string', native: 'boolean?' },
  probeNative: { client: 'string', frame: 'string?', design: 'string' },
};

const RESOURCE_KINDS = ['worker', 'page', 'redirect', 'text', 'script'];

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** Parse and validate one regression file's text. Throws RegressionFileError naming the file and field. */
export function parseRegression(text: string, file: string): RegressionFile {
  const fail = (field: string, why: string): never => {
    throw new RegressionFileError(`${file}: ${field}: ${why}`);
  };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return fail('(file)', `not valid JSON: ${(e as Error).message}`);
  }
  if (!isObject(data)) return fail('(root)', 'must be an object {"found": …, "scenario": …}');
  for (const k of Object.keys(data)) if (!['$comment', 'found', 'scenario'].includes(k)) fail(k, 'unknown key (allowed: $comment, found, scenario)');
  const found = data.found;
  if (!isObject(found)) return fail('found', 'must be an object {property, engine, engineVersion, seed, path?, date}');
  if (!isPropertyId(found.property)) fail('found.property', 'must be url-match, register or navigation-control');
  if (typeof found.engine !== 'string' || !(ENGINES as readonly string[]).includes(found.engine)) fail('found.engine', `must be one of ${ENGINES.join(', ')}`);
  if (typeof found.engineVersion !== 'string') fail('found.engineVersion', 'must be a string');
  if (typeof found.seed !== 'number' || !Number.isInteger(found.seed)) fail('found.seed', 'must be an integer');
  if (found.path !== undefined && (typeof found.path !== 'string' || !/^\d+(?::\d+)*$/.test(found.path))) fail('found.path', 'must look like "3:1:0"');
  if (typeof found.date !== 'string' || Number.isNaN(Date.parse(found.date))) fail('found.date', 'must be an ISO date');
  const s = data.scenario;
  if (!isObject(s)) return fail('scenario', 'must be an object');
  for (const k of Object.keys(s)) if (!['id', 'area', 'title', 'spec', 'explainer', 'resources', 'steps'].includes(k)) fail(`scenario.${k}`, 'unknown key');
  if (typeof s.id !== 'string' || !s.id.startsWith('fuzz/')) fail('scenario.id', 'must be a string "fuzz/<case>"');
  if (s.area !== 'fuzz') fail('scenario.area', 'must be "fuzz"');
  if (typeof s.title !== 'string' || s.title === '') fail('scenario.title', 'must be a non-empty string');
  if (!Array.isArray(s.spec) || s.spec.length === 0 || s.spec.some((x) => typeof x !== 'string')) fail('scenario.spec', 'must be a non-empty array of strings');
  if (s.resources !== undefined) {
    if (!isObject(s.resources)) fail('scenario.resources', 'must be an object keyed "{a}/path"');
    for (const [key, r] of Object.entries(s.resources as Record<string, unknown>)) {
      if (!isObject(r) || typeof r.kind !== 'string' || !RESOURCE_KINDS.includes(r.kind)) fail(`scenario.resources["${key}"].kind`, `must be one of ${RESOURCE_KINDS.join(', ')}`);
    }
  }
  if (!Array.isArray(s.steps) || s.steps.length === 0) return fail('scenario.steps', 'must be a non-empty array');
  s.steps.forEach((step: unknown, i: number) => {
    const at = `scenario.steps[${i}]`;
    if (!isObject(step)) return fail(at, 'must be an object');
    const kind = step.do;
    if (typeof kind !== 'string' || !Object.hasOwn(STEP_FIELDS, kind)) return fail(`${at}.do`, `unknown step ${JSON.stringify(kind)} (known: ${Object.keys(STEP_FIELDS).join(', ')})`);
    const fields = STEP_FIELDS[kind as Step['do']]!;
    for (const k of Object.keys(step)) if (k !== 'do' && !Object.hasOwn(fields, k)) fail(`${at}.${k}`, `unknown field of a "${kind}" step`);
    for (const [k, type] of Object.entries(fields)) {
      const v = step[k];
      if (type === 'string' && typeof v !== 'string') fail(`${at}.${k}`, 'must be a string');
      if (type === 'string?' && v !== undefined && typeof v !== 'string') fail(`${at}.${k}`, 'must be a string');
      if (type === 'boolean?' && v !== undefined && typeof v !== 'boolean') fail(`${at}.${k}`, 'must be true or false');
      if (type === 'object' && !isObject(v)) fail(`${at}.${k}`, 'must be an object');
    }
  });
  try {
    validateScenario(s as unknown as Scenario);
  } catch (e) {
    fail('scenario', (e as Error).message);
  }
  return data as unknown as RegressionFile;
}

/** Every regression file in `dir` (sorted by name), validated; scenario ids must be unique. */
export function loadRegressions(dir = REGRESSIONS_DIR): Array<{ file: string; regression: RegressionFile }> {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.json')).sort();
  } catch {
    return [];
  }
  const seen = new Map<string, string>();
  return names.map((name) => {
    const file = join(dir, name);
    const regression = parseRegression(readFileSync(file, 'utf8'), file);
    const first = seen.get(regression.scenario.id);
    if (first) throw new RegressionFileError(`${file}: scenario.id: "${regression.scenario.id}" is also the id in ${basename(first)}`);
    seen.set(regression.scenario.id, file);
    return { file, regression };
  });
}
