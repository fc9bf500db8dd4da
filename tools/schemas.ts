// Generates JSON schemas from exported TypeScript types with typescript-json-schema
// (--required --noExtraProps --strictNullChecks): the contract's Scenario and Outcome
// (contract/schemas/), the conformance report (reports/schemas/) and the predict CLI's input and
// output (tools/schemas/).
//
//   npm run schemas            write every schema in SCHEMAS
//   npm run schemas -- --check exit 1 (writing nothing) when a committed schema is stale
//
// To add a schema, add one entry to SCHEMAS.

import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as TJS from 'typescript-json-schema';
import { exitQuietlyOnEpipe, flag, isMain, parseOptions, UsageError } from './cli.js';

export interface SchemaEntry {
  /** The file exporting the type, relative to the repository root. */
  file: string;
  /** The exported type to generate a schema for. */
  type: string;
  /** The schema file to write, relative to the repository root. */
  out: string;
}

export const SCHEMAS: SchemaEntry[] = [
  { file: 'contract/scenario.ts', type: 'Scenario', out: 'contract/schemas/scenario.schema.json' },
  { file: 'contract/outcome.ts', type: 'Outcome', out: 'contract/schemas/outcome.schema.json' },
  { file: 'tools/questions.ts', type: 'PredictInput', out: 'tools/schemas/predict-input.schema.json' },
  { file: 'tools/questions.ts', type: 'PredictOutput', out: 'tools/schemas/predict-output.schema.json' },
  { file: 'reports/types.ts', type: 'ConformanceReport', out: 'reports/schemas/conformance.schema.json' },
  { file: 'reports/types.ts', type: 'HistoryEntry', out: 'reports/schemas/history.schema.json' },
];

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const SETTINGS: TJS.PartialArgs = {
  required: true,
  noExtraProps: true,
  strictNullChecks: true,
  // Deterministic output: no absolute paths, definitions in a stable order.
  uniqueNames: false,
  ref: true,
  aliasRef: false,
  topRef: false,
};

function compilerOptions(): TJS.CompilerOptions {
  const ts = TJS.ts;
  const configPath = join(REPO_ROOT, 'tsconfig.json');
  const config = ts.readConfigFile(configPath, (p) => ts.sys.readFile(p));
  if (config.error !== undefined) throw new Error(ts.flattenDiagnosticMessageText(config.error.messageText, '\n'));
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, REPO_ROOT);
  // Bundler resolution: with NodeNext, ESM files give import("/abs/path").Name definition names.
  return { ...parsed.options, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, strictNullChecks: true, noEmit: true };
}

/** Generate the schemas of `entries` (default: all) in memory: output path → file text. */
export function generateSchemas(entries: readonly SchemaEntry[] = SCHEMAS): Map<string, string> {
  // Always the same program (every schema's source), whichever entries are asked for: the
  // generator orders union members by type discovery, which depends on the program.
  const sources = [...new Set([...SCHEMAS, ...entries].map((e) => join(REPO_ROOT, e.file)))];
  const program = TJS.ts.createProgram(sources, compilerOptions());
  const generator = TJS.buildGenerator(program, SETTINGS, sources);
  if (generator === null) throw new Error('typescript-json-schema: the sources do not compile');
  const out = new Map<string, string>();
  for (const entry of entries) {
    const schema = generator.getSchemaForSymbol(entry.type);
    out.set(entry.out, `${JSON.stringify(schema, null, 2)}\n`);
  }
  return out;
}

/** The outputs whose committed text differs from a fresh generation. */
function staleSchemas(entries: readonly SchemaEntry[] = SCHEMAS): string[] {
  const stale: string[] = [];
  for (const [output, text] of generateSchemas(entries)) {
    let committed: string | null = null;
    try {
      committed = readFileSync(join(REPO_ROOT, output), 'utf8');
    } catch {
      committed = null;
    }
    if (committed !== text) stale.push(output);
  }
  return stale;
}

const HELP = `Usage: npm run schemas [-- --check]

Writes the JSON schemas generated from the TypeScript types:
${SCHEMAS.map((e) => `  ${e.out}  (${e.type}, ${e.file})`).join('\n')}

Options:
  --check   write nothing; exit 1 naming every committed schema that is stale
  --help    show this text
`;

export interface SchemasIO {
  out(text: string): void;
  err(text: string): void;
}

const NODE_IO: SchemasIO = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) };

/** `npm run schemas` with `argv` (without node and script); returns the exit code. Every argument is checked before anything is generated or written. */
export function main(argv: readonly string[], io: SchemasIO = NODE_IO): number {
  let check: boolean;
  try {
    const o = parseOptions(argv, { check: flag() });
    if (o.help) {
      io.out(HELP);
      return 0;
    }
    check = o.check;
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.err(`npm run schemas: ${e.message}\nsee --help\n`);
    return 2;
  }
  if (check) {
    const stale = staleSchemas();
    for (const s of stale) io.err(`stale: ${s} (run npm run schemas)\n`);
    return stale.length === 0 ? 0 : 1;
  }
  for (const [output, text] of generateSchemas()) {
    const path = join(REPO_ROOT, output);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
    io.out(`wrote ${output}\n`);
  }
  return 0;
}

if (isMain(import.meta.url)) {
  exitQuietlyOnEpipe();
  process.exitCode = main(process.argv.slice(2));
}
