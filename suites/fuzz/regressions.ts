// Regression scenarios saved from fuzz counterexamples (`npm run fuzz -- … --save`): one JSON file
// per counterexample in suites/fuzz/regressions/, run by regressions.spec.ts through check()
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
import { ContractError, ENGINES, validateScenario, type Engine, type Scenario } from '../../contract/index.js';
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
  // The scenario itself: the contract's one validator, its field named under "scenario".
  let scenario: Scenario;
  try {
    scenario = validateScenario(data.scenario);
  } catch (e) {
    if (e instanceof ContractError) return fail(`scenario.${e.field}`, e.problem);
    throw e;
  }
  if (!scenario.id.startsWith('fuzz/')) fail('scenario.id', 'must be a string "fuzz/<case>"');
  return { ...(data.$comment !== undefined ? { $comment: String(data.$comment) } : {}), found: found as unknown as RegressionFound, scenario };
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
