// Atomic writes (write.ts): a set of files is written whole or not at all.
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { writeFilesAtomic } from '../write.js';
import { tmp } from './helpers.js';

test('writeFilesAtomic: one file that cannot be written leaves every earlier file as it was, and no temporary', () => {
  const dir = tmp();
  writeFileSync(join(dir, 'index.html'), 'earlier html');
  writeFileSync(join(dir, 'conformance.json'), 'earlier json');
  // The second target cannot be written (a folder stands where the file goes).
  mkdirSync(join(dir, 'junit.xml'));
  assert.throws(() =>
    writeFilesAtomic(
      [
        [join(dir, 'index.html'), 'new html'],
        [join(dir, 'junit.xml'), 'new junit'],
        [join(dir, 'conformance.json'), 'new json'],
      ],
      { remove: [join(dir, 'conformance.invalid.json')] },
    ),
  );
  assert.equal(readFileSync(join(dir, 'index.html'), 'utf8'), 'earlier html');
  assert.equal(readFileSync(join(dir, 'conformance.json'), 'utf8'), 'earlier json');
  assert.deepEqual(readdirSync(dir).sort(), ['conformance.json', 'index.html', 'junit.xml']);
});

test('writeFilesAtomic: all written, `remove` removed, nothing else left', () => {
  const dir = tmp();
  writeFileSync(join(dir, 'conformance.invalid.json'), 'stale evidence');
  writeFilesAtomic(
    [
      [join(dir, 'out', 'a'), 'A'],
      [join(dir, 'out', 'b'), new Uint8Array([66])],
    ],
    { remove: [join(dir, 'conformance.invalid.json')] },
  );
  assert.deepEqual(readdirSync(dir), ['out']);
  assert.deepEqual(readdirSync(join(dir, 'out')).sort(), ['a', 'b']);
  assert.equal(readFileSync(join(dir, 'out', 'b'), 'utf8'), 'B');
});
