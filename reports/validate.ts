// Ajv validation of a report against the committed schema (reports/schemas/conformance.schema.json).
import { Ajv, type ValidateFunction } from 'ajv';
import { readCommittedSchema } from './paths.js';
import type { ConformanceReport } from './types.js';

let compiled: ValidateFunction<ConformanceReport> | undefined;

export function conformanceValidator(schema: object = readCommittedSchema()): ValidateFunction<ConformanceReport> {
  const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
  return ajv.compile<ConformanceReport>(schema);
}

/** The problems, one per line ("/checks/0/results/chromium: must NOT have additional properties"), or [] when valid. */
export function reportProblems(report: unknown, validate?: ValidateFunction<ConformanceReport>): string[] {
  const v = validate ?? (compiled ??= conformanceValidator());
  if (v(report)) return [];
  return (v.errors ?? []).map((e) => `${e.instancePath || '/'}: ${e.message ?? 'invalid'}${e.keyword === 'additionalProperties' ? ` (${JSON.stringify(e.params)})` : ''}`);
}
