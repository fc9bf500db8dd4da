import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { mergeBench } from '../bench-file.js';

test('bench.json: mergeBench creates directories and deep-merges sections without losing others', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bench-'));
  try {
    const file = join(dir, 'out', 'bench.json');
    mergeBench(['model'], { matchesPerSecond: 1, scopes: 1000 }, file);
    mergeBench(['browsers', 'chromium'], { getRegistrationMs: 0.43 }, file);
    mergeBench(['model'], { matchesPerSecond: 2 }, file);
    assert.deepEqual(JSON.parse(readFileSync(file, 'utf8')), {
      model: { matchesPerSecond: 2, scopes: 1000 },
      browsers: { chromium: { getRegistrationMs: 0.43 } },
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
