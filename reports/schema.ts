// The JSON Schema of conformance.json, generated from reports/types.ts with typescript-json-schema.
// `tsx reports/schema.ts` rewrites reports/schemas/conformance.schema.json; the test in
// reports/test/schema.test.ts fails when the committed file is stale. CONFORMANCE_SCHEMA is the
// entry for the project's generic generator (reports/generate-schemas.ts), which uses the same
// settings.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as TJS from 'typescript-json-schema';
import { ROOT, SCHEMA_FILE } from './paths.js';
import { writeFileAtomic } from './write.js';

export const CONFORMANCE_SCHEMA = {
  /** Source file, relative to the repository root. */
  file: 'reports/types.ts',
  type: 'ConformanceReport',
  /** Output, relative to the repository root. */
  out: 'reports/schemas/conformance.schema.json',
} as const;

export const SCHEMA_SETTINGS: TJS.PartialArgs = { required: true, noExtraProps: true, strictNullChecks: true };

export function generateConformanceSchema(): TJS.Definition {
  const program = TJS.getProgramFromFiles([resolve(ROOT, CONFORMANCE_SCHEMA.file)], { strictNullChecks: true, strict: true }, ROOT);
  const schema = TJS.generateSchema(program, CONFORMANCE_SCHEMA.type, SCHEMA_SETTINGS);
  if (!schema) throw new Error(`typescript-json-schema produced no schema for ${CONFORMANCE_SCHEMA.type} in ${CONFORMANCE_SCHEMA.file}`);
  return schema;
}

export function serializeSchema(schema: TJS.Definition): string {
  return JSON.stringify(schema, null, 2) + '\n';
}


if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  writeFileAtomic(SCHEMA_FILE, serializeSchema(generateConformanceSchema()));
  console.log(`wrote ${CONFORMANCE_SCHEMA.out}`);
}
