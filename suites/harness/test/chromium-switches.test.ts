// The Chromium launch repeats Playwright's --disable-features list without
// ThirdPartyStoragePartitioning (suites/harness/engines/playwright-engine.ts). This fails when a
// Playwright upgrade changes its list, so the copy cannot drift silently.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { CHROMIUM_DISABLED_FEATURES_ARG } from '../engines/playwright-engine.js';

function playwrightDisabledFeatures(): string[] {
  const require = createRequire(import.meta.url);
  const root = dirname(require.resolve('playwright-core/package.json'));
  const bundle = readFileSync(join(root, 'lib', 'coreBundle.js'), 'utf8');
  const m = /disabledFeatures = \[([\s\S]*?)\]\.filter/.exec(bundle);
  assert.ok(m, "Playwright's chromiumSwitches disabledFeatures list was not found: review CHROMIUM_DISABLED_FEATURES_ARG by hand");
  return [...m[1]!.matchAll(/"([A-Za-z0-9]+)"/g)].map((x) => x[1]!);
}

test("the Chromium launch disables Playwright's features except ThirdPartyStoragePartitioning", () => {
  const ours = CHROMIUM_DISABLED_FEATURES_ARG.replace('--disable-features=', '').split(',');
  const theirs = playwrightDisabledFeatures();
  assert.ok(theirs.includes('ThirdPartyStoragePartitioning'));
  assert.deepEqual(ours, theirs.filter((f) => f !== 'ThirdPartyStoragePartitioning'));
});
