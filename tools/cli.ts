// What the command-line front doors (predict-cli.ts, conformance.ts, fuzz.ts) share: one option
// parser over node's util.parseArgs, the UsageError it throws, and "is this file the program?".
//
// Options are declared once per CLI: a flag, an option with one value, or a repeatable option
// (values deduplicated, in order). `--help` / `-h` is always a flag. Every usage problem is a
// UsageError whose message is one line naming the option:
//   unknown option --x · option --x takes no value · option --x needs a value ·
//   option --x needs a non-empty value · option --x given twice ·
//   unexpected argument "x" (options start with --; see --help)
// and an option's own `parse` throws UsageError for a value it refuses. Values are parsed in
// command-line order, so the first problem on the line is the one reported.

import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

export class UsageError extends Error {
  override name = 'UsageError';
}

/** A flag: present or not, never with a value. */
export interface FlagOption {
  kind: 'flag';
}

/** An option given at most once, with a value (`--name V` or `--name=V`). */
export interface ValueOption<T> {
  kind: 'value';
  parse: (value: string) => T;
}

/** An option that may be repeated; its values are kept once each, in order. */
export interface ListOption<T> {
  kind: 'list';
  parse: (value: string) => T;
}

export type OptionSpec = FlagOption | ValueOption<unknown> | ListOption<unknown>;

export const flag = (): FlagOption => ({ kind: 'flag' });
export function value(): ValueOption<string>;
export function value<T>(parse: (value: string) => T): ValueOption<T>;
export function value(parse: (value: string) => unknown = (v) => v): ValueOption<unknown> {
  return { kind: 'value', parse };
}
export function list(): ListOption<string>;
export function list<T>(parse: (value: string) => T): ListOption<T>;
export function list(parse: (value: string) => unknown = (v) => v): ListOption<unknown> {
  return { kind: 'list', parse };
}

export type ParsedOptions<S extends Record<string, OptionSpec>> = {
  [K in keyof S]: S[K] extends ValueOption<infer T> ? T | undefined : S[K] extends ListOption<infer T> ? T[] : boolean;
} & { help: boolean; positionals: string[] };

/**
 * Parse `argv` (without node and script) against `specs` (keys are the long names without "--").
 * Positional arguments are refused unless `positionals` is true. Throws UsageError.
 */
export function parseOptions<S extends Record<string, OptionSpec>>(argv: readonly string[], specs: S, { positionals = false }: { positionals?: boolean } = {}): ParsedOptions<S> {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string }> = { help: { type: 'boolean', short: 'h' } };
  for (const [name, spec] of Object.entries(specs)) options[name] = { type: spec.kind === 'flag' ? 'boolean' : 'string' };
  // Non-strict, with tokens: util.parseArgs splits the line; the checks below are ours, so the
  // messages name the option in one line.
  const { tokens } = parseArgs({ args: [...argv], options, strict: false, allowPositionals: true, tokens: true });
  const out: Record<string, unknown> = { help: false, positionals: [] as string[] };
  for (const [name, spec] of Object.entries(specs)) out[name] = spec.kind === 'flag' ? false : spec.kind === 'list' ? [] : undefined;
  const seen = new Set<string>();
  for (const token of tokens) {
    if (token.kind === 'option-terminator') continue;
    if (token.kind === 'positional') {
      if (!positionals) throw new UsageError(`unexpected argument "${token.value}" (options start with --; see --help)`);
      (out.positionals as string[]).push(token.value);
      continue;
    }
    const option = token.rawName;
    if (token.name === 'help') {
      if (token.value !== undefined) throw new UsageError(`option ${option} takes no value`);
      out.help = true;
      continue;
    }
    const spec = Object.hasOwn(specs, token.name) ? specs[token.name] : undefined;
    if (spec === undefined) throw new UsageError(`unknown option ${option}`);
    if (spec.kind === 'flag') {
      if (token.value !== undefined) throw new UsageError(`option ${option} takes no value`);
      out[token.name] = true;
      continue;
    }
    // util.parseArgs takes the next argument as the value even when it is another option.
    const v = token.value;
    if (v === undefined || (!token.inlineValue && v.startsWith('--'))) throw new UsageError(`option ${option} needs a value`);
    if (v === '') throw new UsageError(`option ${option} needs a non-empty value`);
    if (spec.kind === 'value') {
      if (seen.has(token.name)) throw new UsageError(`option ${option} given twice`);
      seen.add(token.name);
      out[token.name] = spec.parse(v);
    } else {
      const parsed = spec.parse(v);
      const values = out[token.name] as unknown[];
      if (!values.includes(parsed)) values.push(parsed);
    }
  }
  return out as ParsedOptions<S>;
}

/** Whether the module at `importMetaUrl` is the program node was asked to run. */
export function isMain(importMetaUrl: string): boolean {
  const script = process.argv[1];
  return script !== undefined && importMetaUrl === pathToFileURL(resolve(script)).href;
}

/**
 * A folder a command will write into (`--out DIR`), checked before anything launches: it is a
 * folder, or it can be created (its nearest existing ancestor is a folder), and a file can be
 * created there. The probe (an empty temporary folder, removed at once) leaves nothing behind.
 * Throws UsageError naming `option`.
 */
export function checkOutputFolder(option: string, dir: string): void {
  let existing = dir;
  while (!existsSync(existing)) {
    const parent = dirname(existing);
    if (parent === existing) break;
    existing = parent;
  }
  let isDirectory: boolean;
  try {
    isDirectory = statSync(existing).isDirectory();
  } catch (e) {
    throw new UsageError(`${option}: cannot use ${dir}: ${(e as Error).message}`);
  }
  if (!isDirectory) {
    throw new UsageError(existing === dir ? `${option}: ${dir} is a file, not a folder` : `${option}: ${dir} cannot be created: ${existing} is a file, not a folder`);
  }
  try {
    rmSync(mkdtempSync(join(existing, '.swc-write-probe-')), { recursive: true, force: true });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'error';
    throw new UsageError(`${option}: ${dir} ${existing === dir ? 'is not writable' : `cannot be created in ${existing}`} (${code})`);
  }
}

/**
 * Output piped into a reader that stops early (`| head`) is not an error of the command: on EPIPE
 * the process exits quietly with the exit code it already has (0 when none was set). Any other
 * error on the stream is reported in one line, exit 2.
 */
export function exitQuietlyOnEpipe(stream: NodeJS.WriteStream = process.stdout): void {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
    process.stderr.write(`cannot write the output: ${e.message}\n`);
    process.exit(2);
  });
}
