// The quirk names baselined for an engine, read from the baseline file (reports/baseline.json, or
// SWC_BASELINE as the conformance CLI sets it). A tiny local reader: suites do not import reports/
// (DESIGN.md, Layout); the reporter validates the whole file, this only needs the quirk entries.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Engine } from '../../model/scenario.js';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DEFAULT_BASELINE = resolve(REPO_ROOT, 'reports', 'baseline.json');

export class BaselineReadError extends Error {
  override name = 'BaselineReadError';
}

/** The baseline file the run uses. */
export function baselinePath(env: NodeJS.ProcessEnv = process.env): string {
  return env.SWC_BASELINE ? resolve(env.SWC_BASELINE) : DEFAULT_BASELINE;
}

/** Quirk names listed for `engine` in the baseline JSON text. Throws naming the file and entry. */
export function parseBaselineQuirks(text: string, engine: Engine, file = 'baseline'): Set<string> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new BaselineReadError(`${file}: not valid JSON: ${(e as Error).message}`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new BaselineReadError(`${file}: expected an object {"checks": [...], "quirks": [...]}`);
  const quirks = (data as { quirks?: unknown }).quirks ?? [];
  if (!Array.isArray(quirks)) throw new BaselineReadError(`${file}: "quirks" must be an array`);
  const names = new Set<string>();
  quirks.forEach((q: unknown, i) => {
    const entry = q as { quirk?: unknown; engine?: unknown } | null;
    if (typeof entry !== 'object' || entry === null || typeof entry.quirk !== 'string' || entry.quirk === '' || typeof entry.engine !== 'string') {
      throw new BaselineReadError(`${file}: quirks[${i}] needs a non-empty "quirk" and an "engine"`);
    }
    if (entry.engine === engine) names.add(entry.quirk);
  });
  return names;
}

/** Quirk names baselined for `engine` in the run's baseline file. */
export function baselineQuirks(engine: Engine, file = baselinePath()): Set<string> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new BaselineReadError(`${file}: cannot read the baseline: ${(e as Error).message}`);
  }
  return parseBaselineQuirks(text, engine, file);
}
