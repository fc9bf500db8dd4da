// Saved regression files: written from a counterexample, validated with errors naming the file and field.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { worker } from '../../harness/build.js';
import { loadRegressions, parseRegression, regressionFile, REGRESSIONS_DIR } from '../regressions.js';
import type { Scenario } from '../../../contract/index.js';

const scenario: Scenario = {
  id: 'fuzz/url-match',
  area: 'fuzz',
  title: 'getRegistration(url) equals the model',
  spec: ['sw.bs § Match Service Worker Registration'],
  resources: { '{a}/sw.js': worker('v1') },
  steps: [
    { do: 'open', client: 'c1', url: '{a}/page.html' },
    { do: 'register', client: 'c1', script: '/sw.js', scope: '/foo', settle: true },
    { do: 'getRegistration', client: 'c1', url: '/foobar' },
  ],
};

describe('regression files', () => {
  const file = regressionFile('url-match', { engine: 'webkit', engineVersion: '2.50.6', seed: -12, path: '3:0:1' }, scenario, new Date('2026-11-21T00:00:00Z'));

  test('the id names property, engine, seed and path; the file round-trips through validation', () => {
    assert.equal(file.scenario.id, 'fuzz/regression-url-match-webkit-sm12-p3.0.1');
    assert.match(file.scenario.title, /^regression \(fuzz\/url-match, webkit, seed -12, path 3:0:1\)/);
    assert.deepEqual(parseRegression(JSON.stringify(file), 'x.json'), file);
  });

  test('a very long path is hashed into the id', () => {
    const long = regressionFile('register', { engine: 'chromium', engineVersion: '1', seed: 5, path: Array(40).fill('1').join(':') }, scenario);
    assert.match(long.scenario.id, /^fuzz\/regression-register-chromium-s5-p[0-9a-f]{8}$/);
  });

  const broken: Array<[string, (f: Record<string, unknown>) => void, RegExp]> = [
    ['not JSON', () => undefined, /f\.json: \(file\): not valid JSON/],
    ['unknown key', (f) => (f.extra = 1), /f\.json: extra: unknown key/],
    ['engine', (f) => ((f.found as Record<string, unknown>).engine = 'opera'), /f\.json: found\.engine: must be one of/],
    ['seed', (f) => ((f.found as Record<string, unknown>).seed = 'x'), /f\.json: found\.seed: must be an integer/],
    ['area', (f) => ((f.scenario as Record<string, unknown>).area = 'scope'), /f\.json: scenario\.id: must start with its area "scope\/"/],
    ['step kind', (f) => ((f.scenario as { steps: unknown[] }).steps[1] = { do: 'jump', client: 'c1' }), /f\.json: scenario\.steps\[1\]\.do: must be one of /],
    ['step field', (f) => ((f.scenario as { steps: Array<Record<string, unknown>> }).steps[2]!.url = 5), /f\.json: scenario\.steps\[2\]\.url: must be a string/],
    ['client never opened', (f) => ((f.scenario as { steps: Array<Record<string, unknown>> }).steps[2]!.client = 'c9'), /f\.json: scenario\.steps\[2\]\.client: "c9" is not open/],
  ];
  for (const [name, spoil, message] of broken) {
    test(`a bad file names the file and the field: ${name}`, () => {
      const f = structuredClone(file) as unknown as Record<string, unknown>;
      spoil(f);
      const text = name === 'not JSON' ? '{' : JSON.stringify(f);
      assert.throws(() => parseRegression(text, 'f.json'), message);
    });
  }

  test('loadRegressions: sorted, duplicate ids refused with both files named', () => {
    const dir = mkdtempSync(join(tmpdir(), 'swc-regressions-'));
    writeFileSync(join(dir, 'b.json'), JSON.stringify(file));
    writeFileSync(join(dir, 'a.json'), JSON.stringify(file));
    assert.throws(() => loadRegressions(dir), /b\.json: scenario\.id: ".*" is also the id in a\.json/);
    writeFileSync(join(dir, 'b.json'), JSON.stringify(regressionFile('url-match', { engine: 'firefox', engineVersion: '1', seed: 1 }, scenario)));
    assert.deepEqual(loadRegressions(dir).map((r) => r.regression.found.engine), ['webkit', 'firefox']);
  });

  test('the committed regressions load', () => {
    for (const r of loadRegressions(REGRESSIONS_DIR)) assert.ok(readFileSync(r.file, 'utf8').length > 0);
  });
});
