// Reading a conformance.json someone hands us (diff, history, exports): the file must parse and
// validate against the committed schema. Every problem is one line naming the file and the field.
import { readFileSync } from 'node:fs';
import type { ConformanceReport } from './types.js';
import { reportProblems } from './validate.js';

export class ReportInputError extends Error {
  override name = 'ReportInputError';
}

/** Parse and validate `text` as a conformance report; `file` names it in errors. */
export function parseConformanceReport(text: string, file: string): ConformanceReport {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new ReportInputError(`${file}: not valid JSON: ${(e as Error).message}`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data) || (data as { format?: unknown }).format !== 'sw-conformance-report/1') {
    const format = typeof data === 'object' && data !== null ? JSON.stringify((data as { format?: unknown }).format) : undefined;
    throw new ReportInputError(`${file}: not a conformance report: /format is ${format ?? 'missing'} (expected "sw-conformance-report/1")`);
  }
  const problems = reportProblems(data);
  if (problems.length) {
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''})` : '';
    throw new ReportInputError(`${file}: not a conformance report: ${problems[0]}${more}`);
  }
  return data as ConformanceReport;
}

export function readConformanceReport(file: string): ConformanceReport {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ReportInputError(`${file}: cannot read: ${(e as Error).message}`);
  }
  return parseConformanceReport(text, file);
}
