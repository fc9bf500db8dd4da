// Ajv validation of a report against the committed schema (reports/schemas/conformance.schema.json),
// and of a history entry against reports/schemas/history.schema.json.
import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import { HISTORY_SCHEMA_FILE, readCommittedSchema } from './paths.js';
import type { ConformanceReport, HistoryEntry } from './types.js';

let compiled: ValidateFunction<ConformanceReport> | undefined;
let compiledHistory: ValidateFunction<HistoryEntry> | undefined;

export function conformanceValidator(schema: object = readCommittedSchema()): ValidateFunction<ConformanceReport> {
  const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
  return ajv.compile<ConformanceReport>(schema);
}

/** The problems of a history entry, one per line, or []. */
export function historyProblems(entry: unknown): string[] {
  compiledHistory ??= new Ajv({ allErrors: true, strict: true, allowUnionTypes: true }).compile<HistoryEntry>(JSON.parse(readFileSync(HISTORY_SCHEMA_FILE, 'utf8')) as object);
  return reportProblems(entry, compiledHistory as unknown as ValidateFunction<ConformanceReport>);
}

function at(data: unknown, pointer: string): unknown {
  let cur = data;
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

/**
 * The problems, one per line ("/checks/0/results/chromium: must NOT have additional properties"),
 * or [] when valid. A value matching no branch of a union is one line with the value, not one
 * line per branch tried.
 */
export function reportProblems(report: unknown, validate?: ValidateFunction<ConformanceReport>): string[] {
  const v = validate ?? (compiled ??= conformanceValidator());
  if (v(report)) return [];
  const errors = v.errors ?? [];
  const unions = errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf').map((e) => e.instancePath);
  const inUnion = (path: string) => unions.some((u) => path === u || path.startsWith(u + '/'));
  const lines = new Set<string>();
  for (const e of errors) {
    const path = e.instancePath || '/';
    if (e.keyword === 'anyOf' || e.keyword === 'oneOf') {
      const value = JSON.stringify(at(report, e.instancePath)) ?? 'undefined';
      lines.add(`${path}: matches none of the allowed shapes: ${value.length > 200 ? value.slice(0, 197) + '...' : value}`);
    } else if (!inUnion(e.instancePath)) {
      lines.add(`${path}: ${e.message ?? 'invalid'}${e.keyword === 'additionalProperties' ? ` (${JSON.stringify(e.params)})` : ''}`);
    }
  }
  return [...lines];
}
