// The model's one registry of positions (model/positions.ts): ids and links are well formed, and
// every `decidedIn` names a function that exists in that file, so the registry says where to read.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { POSITIONS } from '../positions.js';

const MODEL = new URL('../', import.meta.url);

describe('positions (model/positions.ts)', () => {
  const all = Object.entries(POSITIONS);

  test('ids are kebab-case and unique; links are https URLs; summaries say something', () => {
    const ids = all.map(([, p]) => p.id);
    assert.equal(new Set(ids).size, ids.length, 'duplicate id');
    for (const [key, p] of all) {
      assert.match(p.id, /^[a-z0-9]+(-[a-z0-9]+)*$/, key);
      assert.match(p.link, /^https:\/\/\S+$/, key);
      assert.ok(p.summary.length > 40, key);
      assert.ok(p.decidedIn.length > 0, key);
    }
  });

  test('every decidedIn names "<file>#<function>" that exists under model/', () => {
    for (const [key, p] of all) {
      for (const where of p.decidedIn) {
        const m = /^([\w/.-]+\.ts)#(\w+)$/.exec(where);
        assert.ok(m, `${key}: ${where}`);
        const file = new URL(m[1]!, MODEL);
        assert.ok(existsSync(file), `${key}: ${m[1]} does not exist`);
        const source = readFileSync(file, 'utf8');
        assert.match(source, new RegExp(`function\\*? ${m[2]}\\b`), `${key}: no function ${m[2]} in ${m[1]}`);
      }
    }
  });
});
