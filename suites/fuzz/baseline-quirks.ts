// The quirk names baselined for an engine, from the run's baseline file (reports/baseline.json, or
// SWC_BASELINE as the conformance CLI sets it), read by the contract's one baseline parser.
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BaselineIndex, loadBaseline, type Engine } from '../../contract/index.js';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DEFAULT_BASELINE = resolve(REPO_ROOT, 'reports', 'baseline.json');

/** The baseline file the run uses. */
export function baselinePath(env: NodeJS.ProcessEnv = process.env): string {
  return env.SWC_BASELINE ? resolve(env.SWC_BASELINE) : DEFAULT_BASELINE;
}

/** Quirk names baselined for `engine` in the run's baseline file. Throws a BaselineError naming the file and entry. */
export function baselineQuirks(engine: Engine, file = baselinePath()): Set<string> {
  return new BaselineIndex(loadBaseline(file)).quirksFor(engine);
}
