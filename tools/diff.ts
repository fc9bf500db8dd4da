// `npm run diff -- A/conformance.json B/conformance.json [--html OUT.html] [--json]`: what changed
// between two runs, per check × engine (reports/diff.ts). Exit 0 nothing regressed, 1 something
// did (pass → deviation / error, a new harness error), 2 bad input (an unreadable file, a file
// that is not a conformance report: the file and the field are named).
import { dirname, relative, resolve } from 'node:path';
import { diffReports, diffText } from '../reports/diff.js';
import { renderDiffHtml } from '../reports/diff-html.js';
import { readConformanceReport, ReportInputError } from '../reports/read.js';
import { writeFileAtomic } from '../reports/write.js';
import { checkOutputFolder, exitQuietlyOnEpipe, flag, isMain, parseOptions, UsageError, value } from './cli.js';

export const HELP = `Usage: npm run diff -- A/conformance.json B/conformance.json [--html OUT.html] [--json]

Compares two conformance reports, per check and engine: verdicts, the diff entries of
deviations, engine versions, checks added or removed.

Options:
  --html FILE  also write the comparison as one HTML page
  --json       print the comparison as JSON instead of text
  --help       show this text

Exit codes:
  0  nothing regressed
  1  something regressed: pass → deviation or error, or a new harness error
  2  usage or input error: a file that cannot be read or is not a conformance report
     (validated against reports/schemas/conformance.schema.json; the field is named)
`;

export interface DiffIO {
  out(text: string): void;
  err(text: string): void;
}

const NODE_IO: DiffIO = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) };

export function main(argv: readonly string[], io: DiffIO = NODE_IO, cwd = process.cwd()): number {
  try {
    const o = parseOptions(argv, { html: value(), json: flag() }, { positionals: true });
    if (o.help) {
      io.out(HELP);
      return 0;
    }
    if (o.positionals.length !== 2) throw new UsageError(`expected two reports (A and B), got ${o.positionals.length}`);
    const [fa, fb] = o.positionals as [string, string];
    const html = o.html === undefined ? undefined : resolve(cwd, o.html);
    if (html !== undefined) checkOutputFolder('--html', dirname(html));
    const a = readConformanceReport(resolve(cwd, fa));
    const b = readConformanceReport(resolve(cwd, fb));
    const d = diffReports(a, b, { a: fa, b: fb });
    if (html !== undefined) writeFileAtomic(html, renderDiffHtml(d));
    io.out(o.json ? JSON.stringify(d, null, 2) + '\n' : diffText(d));
    if (html !== undefined) io.err(`diff: wrote ${relative(cwd, html) || html}\n`);
    return d.counts.regressions ? 1 : 0;
  } catch (e) {
    if (e instanceof UsageError || e instanceof ReportInputError) {
      io.err(`diff: ${e.message}\n`);
      if (e instanceof UsageError) io.err('see --help\n');
      return 2;
    }
    throw e;
  }
}

if (isMain(import.meta.url)) {
  exitQuietlyOnEpipe();
  process.exitCode = main(process.argv.slice(2));
}
