// The model's command line.
//
//   npm run -s model -- predict [--explain] FILE     FILE "-" reads stdin
//
// Reads a JSON array of questions (tools/questions.ts; schema tools/schemas/
// predict-input.schema.json) and prints a JSON array of answers in the same order, exit 0.
// Malformed input: exit 2, one message on stderr naming the question's index and the field,
// nothing on stdout. --explain adds the deciding algorithm step (and position) to rejections.
//
// This file does I/O and validation; the answers come from the pure model (answers.ts). Usage
// errors (an unknown option, a missing FILE) exit 2 with one line naming the problem.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { answerQuestion, QuestionInputError } from './answers.js';
import { exitQuietlyOnEpipe, flag, isMain, parseOptions, UsageError, type ParsedOptions } from './cli.js';
import type { Answer, Question } from './questions.js';

const PREDICT_INPUT_SCHEMA_PATH = fileURLToPath(new URL('./schemas/predict-input.schema.json', import.meta.url));

const USAGE = 'usage: npm run -s model -- predict [--explain] FILE   (FILE "-" reads stdin)';

const OPTIONS = { explain: flag() };

interface SchemaDocument {
  definitions?: Record<string, { properties?: { kind?: { const?: unknown } } }>;
}

/** Validators per question kind, built from the generated schema's definitions. */
export class QuestionValidator {
  readonly #byKind = new Map<string, ValidateFunction>();

  constructor(schema: SchemaDocument = JSON.parse(readFileSync(PREDICT_INPUT_SCHEMA_PATH, 'utf8')) as SchemaDocument) {
    const ajv = new Ajv({ allErrors: false, strict: true, allowUnionTypes: true });
    ajv.addSchema(schema, 'predict-input');
    for (const [name, definition] of Object.entries(schema.definitions ?? {})) {
      const kind = definition.properties?.kind?.const;
      if (typeof kind !== 'string') continue;
      const validate = ajv.getSchema(`predict-input#/definitions/${name}`);
      if (validate === undefined) throw new Error(`schema definition ${name} did not compile`);
      this.#byKind.set(kind, validate);
    }
  }

  get kinds(): string[] {
    return [...this.#byKind.keys()];
  }

  /** Null when `value` is a valid question; otherwise "<field>: <problem>". */
  problem(value: unknown): string | null {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'must be an object (a question)';
    const kind = (value as { kind?: unknown }).kind;
    if (kind === undefined) return 'kind: required';
    const validate = typeof kind === 'string' ? this.#byKind.get(kind) : undefined;
    if (validate === undefined) return `kind: must be one of ${this.kinds.map((k) => JSON.stringify(k)).join(', ')}, not ${JSON.stringify(kind)}`;
    if (validate(value)) return null;
    const error = validate.errors?.[0];
    return error === undefined ? 'invalid' : describeAjvError(error);
  }
}

/** "/scopes/2" → "scopes[2]". */
function fieldPath(instancePath: string): string {
  let out = '';
  for (const part of instancePath.split('/').slice(1)) {
    const name = part.replace(/~1/g, '/').replace(/~0/g, '~');
    out += /^\d+$/.test(name) ? `[${name}]` : out === '' ? name : `.${name}`;
  }
  return out;
}

function joinField(base: string, name: string): string {
  return base === '' ? name : `${base}.${name}`;
}

function describeAjvError(error: ErrorObject): string {
  const base = fieldPath(error.instancePath);
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'required') return `${joinField(base, String(params['missingProperty']))}: required`;
  if (error.keyword === 'additionalProperties') return `${joinField(base, String(params['additionalProperty']))}: unknown field`;
  if (error.keyword === 'enum') return `${base}: must be one of ${JSON.stringify(params['allowedValues'])}`;
  if (error.keyword === 'const') return `${base}: must be ${JSON.stringify(params['allowedValue'])}`;
  return `${base === '' ? '(question)' : base}: ${error.message ?? 'invalid'}`;
}

export type PredictResult = { ok: true; answers: Answer[] } | { ok: false; message: string };

/** Parse, validate and answer a predict input text. Nothing is answered unless everything is valid. */
export function predictText(text: string, options: { explain?: boolean; validator?: QuestionValidator } = {}): PredictResult {
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch (e) {
    return { ok: false, message: `malformed input: not JSON (${(e as Error).message})` };
  }
  if (!Array.isArray(input)) return { ok: false, message: 'malformed input: expected a JSON array of questions' };
  const validator = options.validator ?? new QuestionValidator();
  for (const [i, value] of input.entries()) {
    const problem = validator.problem(value);
    if (problem !== null) return { ok: false, message: `malformed input: [${i}].${problem}` };
  }
  const answers: Answer[] = [];
  for (const [i, question] of (input as Question[]).entries()) {
    try {
      answers.push(answerQuestion(question, { explain: options.explain === true }));
    } catch (e) {
      if (e instanceof QuestionInputError) return { ok: false, message: `malformed input: [${i}].${e.field}: ${e.quoteValue ? `${JSON.stringify(fieldValue(question, e.field))} ` : ''}${e.message}` };
      throw e;
    }
  }
  return { ok: true, answers };
}

function fieldValue(question: Question, field: string): unknown {
  let value: unknown = question;
  for (const part of field.split(/[.[\]]/).filter((p) => p !== '')) {
    value = (value as Record<string, unknown> | undefined)?.[part];
  }
  return value;
}

export interface CliIO {
  readFile(path: string): string;
  readStdin(): string;
  stdout(text: string): void;
  stderr(text: string): void;
}

const NODE_IO: CliIO = {
  readFile: (path) => readFileSync(path, 'utf8'),
  readStdin: () => readFileSync(0, 'utf8'),
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

/** Run the CLI with `argv` (without node and script); returns the exit code. */
export function runCli(argv: readonly string[], io: CliIO = NODE_IO): number {
  let options: ParsedOptions<typeof OPTIONS>;
  try {
    options = parseOptions(argv, OPTIONS, { positionals: true });
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.stderr(`predict: ${e.message}\n${USAGE}\n`);
    return 2;
  }
  if (options.help) {
    io.stdout(`${USAGE}\n`);
    return 0;
  }
  const [command, ...files] = options.positionals;
  if (command !== 'predict') {
    io.stderr(`predict: ${command === undefined ? 'missing command' : `unknown command ${JSON.stringify(command)}`}\n${USAGE}\n`);
    return 2;
  }
  const [file] = files;
  if (file === undefined || files.length !== 1) {
    io.stderr(`predict: expected exactly one FILE\n${USAGE}\n`);
    return 2;
  }
  let text: string;
  try {
    text = file === '-' ? io.readStdin() : io.readFile(file);
  } catch (e) {
    io.stderr(`predict: cannot read ${file}: ${(e as Error).message}\n`);
    return 2;
  }
  const result = predictText(text, { explain: options.explain });
  if (!result.ok) {
    io.stderr(`predict: ${result.message}\n`);
    return 2;
  }
  io.stdout(`${JSON.stringify(result.answers, null, 2)}\n`);
  return 0;
}

if (isMain(import.meta.url)) {
  // `npm run -s model -- predict q.json | head`: the reader leaving early is no error.
  exitQuietlyOnEpipe();
  process.exitCode = runCli(process.argv.slice(2));
}
