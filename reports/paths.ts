// Where things are, independent of the working directory.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export const DEFAULT_OUT_DIR = resolve(ROOT, 'reports/out');
export const DEFAULT_BASELINE = resolve(ROOT, 'reports/baseline.json');
export const SCHEMA_FILE = resolve(ROOT, 'reports/schemas/conformance.schema.json');
export const HISTORY_SCHEMA_FILE = resolve(ROOT, 'reports/schemas/history.schema.json');

export function readCommittedSchema(): object {
  return JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as object;
}
