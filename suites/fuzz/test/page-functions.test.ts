// Page functions are serialised to source and evaluated in the browser: under tsx (the bench,
// the CLI) they must not refer to the __name helper esbuild adds to named inner functions.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as page from '../page-functions.js';

test('page functions are self-contained source', () => {
  const fns = Object.entries(page).filter(([, v]) => typeof v === 'function') as Array<[string, () => unknown]>;
  assert.ok(fns.length >= 4);
  for (const [name, fn] of fns) {
    const src = fn.toString();
    assert.ok(!src.includes('__name'), `${name} refers to __name: ${src.slice(0, 200)}`);
    assert.doesNotThrow(() => new Function(`return (${src})`), `${name} does not parse on its own`);
  }
});
