// Atomic file writes: the content goes to a temporary file in the same directory, which is then
// renamed over the target (rename is atomic on one file system). A crash leaves either the old
// file or the new one, never half of one; a stray "*.tmp" is the worst case.
//
// writeFilesAtomic does the same for a set of files (a report's conformance.json, index.html and
// junit.xml): every temporary file is written first, and only when all of them are complete
// (a full disk fails one of them) are they renamed over their targets, in order. A failure leaves
// every earlier file as it was and no temporary file behind.
import { existsSync, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

let counter = 0;

function tmpFor(file: string): string {
  return join(dirname(file), `.${basename(file)}.${process.pid}.${counter++}.tmp`);
}

export function writeFileAtomic(file: string, content: string | Uint8Array): void {
  writeFilesAtomic([[file, content]]);
}

/**
 * Write every [file, content] of `files`, all or nothing: temporary files first, then (only if
 * all were written) the files in `remove` are removed and the temporary files renamed in order.
 */
export function writeFilesAtomic(files: ReadonlyArray<readonly [file: string, content: string | Uint8Array]>, { remove = [] }: { remove?: readonly string[] } = {}): void {
  const written: Array<[tmp: string, file: string]> = [];
  try {
    for (const [file, content] of files) {
      mkdirSync(dirname(file), { recursive: true });
      const tmp = tmpFor(file);
      written.push([tmp, file]);
      writeFileSync(tmp, content);
    }
    // A rename onto a folder fails: find that out before anything is renamed.
    for (const [, file] of written) {
      if (existsSync(file) && statSync(file).isDirectory()) throw Object.assign(new Error(`EISDIR: ${file} is a folder`), { code: 'EISDIR' });
    }
  } catch (e) {
    for (const [tmp] of written) rmSync(tmp, { force: true });
    throw e;
  }
  for (const file of remove) rmSync(file, { force: true });
  for (const [i, [tmp, file]] of written.entries()) {
    try {
      renameSync(tmp, file);
    } catch (e) {
      for (const [t] of written.slice(i)) rmSync(t, { force: true });
      throw e;
    }
  }
}
