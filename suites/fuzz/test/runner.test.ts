// The fuzz loop without a browser: an engine stand-in that deviates from the model in a known
// way. Shrinking finds the minimal counterexample, seed + path replay it exactly, a baselined
// quirk turns it into an expected deviation, a harness error is an error (never a deviation).
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { Scenario, StepResult } from '../../../contract/index.js';
import { compareOutcomes } from '../../harness/compare.js';
import type { LoopResult } from '../../harness/conformance.js';
import type { EngineSession } from '../../harness/engines/types.js';
import type { Fixtures } from '../../harness/fixture-server.js';
import { HarnessError } from '../../harness/runner.js';
import type { FuzzBudget } from '../budget.js';
import type { Quirk } from '../quirks.js';
import { parseRegression } from '../regressions.js';
import { fuzzProperty, type FuzzOptions } from '../runner.js';
import { predictUrlMatch } from '../scenarios.js';

const budget = (o: Partial<FuzzBudget> = {}): FuzzBudget => ({ seed: 42, runs: 10, shrinkSeconds: 60, progressEvery: 1000, save: false, ...o });
const lines: string[] = [];
const deps = { engine: 'chromium' as const, engineVersion: 'test', session: {} as EngineSession, fixtures: {} as Fixtures, log: (l: string) => lines.push(l) };

/** The stand-in engine: the model's answers, except that a lookup of a URL containing "foo" finds nothing. */
async function deviant(s: Scenario): Promise<StepResult[]> {
  return predictUrlMatch(s).map((r, i) => {
    const step = s.steps[i]!;
    return step.do === 'getRegistration' && (step.url ?? '').includes('foo') ? { scope: null } : r;
  });
}

async function replayWith(engine: (s: Scenario) => Promise<StepResult[]>, s: Scenario): Promise<LoopResult> {
  const predicted = { steps: predictUrlMatch(s) };
  const observed = { steps: await engine(s) };
  return { predicted, observed, verdict: compareOutcomes(predicted, observed), durationMs: 1 };
}

const fooQuirk: Quirk = {
  name: 'foo-not-found',
  engines: ['chromium'],
  properties: ['url-match'],
  reason: 'test stand-in: lookups of URLs containing "foo" find nothing in this pretend engine',
  probe: {
    property: 'url-match',
    steps: [
      { do: 'register', client: 'c1', script: '/sw.js', scope: '/', settle: true },
      { do: 'getRegistration', client: 'c1', url: '/foo' },
    ],
    observed: { scope: null },
  },
  explains: (m) => {
    const step = m.scenario.steps[m.step]!;
    return step.do === 'getRegistration' && (step.url ?? '').includes('foo') && m.observed !== undefined && 'scope' in m.observed && m.observed.scope === null;
  },
};

const options = (o: Partial<FuzzOptions> = {}): FuzzOptions => ({ baselined: new Set(), quirks: [fooQuirk], execute: deviant, replay: (s) => replayWith(deviant, s), ...o });

describe('fuzzProperty with a stand-in engine', () => {
  test('an unexplained deviation: shrunk to one lookup, recorded with seed and path, and the test fails', async () => {
    const r = await fuzzProperty('url-match', deps, budget(), options());
    assert.equal(r.failed, true);
    assert.equal(r.record.verdict.verdict, 'deviation');
    assert.equal(r.record.id, 'fuzz/url-match');
    const lookups = r.record.scenario.steps.filter((s) => s.do === 'getRegistration');
    assert.equal(lookups.length, 1);
    assert.ok(lookups[0]!.do === 'getRegistration' && lookups[0]!.url!.includes('foo'));
    assert.ok(r.record.fuzz?.path, 'a path to replay');
    assert.equal(r.record.fuzz?.seed, 42);
    // Defined (but not baselined) for the engine: the record names it, for --update-baseline.
    assert.equal(r.record.fuzz?.quirk, 'foo-not-found');
    assert.ok(lines.some((l) => l.includes(`npm run fuzz -- --seed 42 --path ${r.record.fuzz!.path} --property url-match --project chromium`)));

    // Replaying seed + path runs exactly that counterexample once, without shrinking.
    const again = await fuzzProperty('url-match', deps, budget({ path: r.record.fuzz!.path! }), options());
    assert.equal(again.failed, true);
    assert.equal(again.stats.runs, 1);
    assert.equal(again.stats.shrinks, 0);
    assert.deepEqual(again.record.fuzz?.counterexample, r.record.fuzz?.counterexample);
    assert.deepEqual(again.record.scenario, r.record.scenario);
  });

  test('a deviation a baselined quirk explains is set aside: expected deviation, named, the test passes', async () => {
    const r = await fuzzProperty('url-match', deps, budget(), options({ baselined: new Set(['foo-not-found']) }));
    assert.equal(r.failed, false);
    assert.equal(r.record.verdict.verdict, 'deviation');
    assert.equal(r.record.fuzz?.quirk, 'foo-not-found');
    assert.deepEqual(r.record.fuzz?.quirks, ['foo-not-found']);
    assert.equal(r.stats.runs, 10);
    // The record shows the quirk's probe: the same minimal scenario on every run.
    assert.deepEqual(r.record.scenario.steps.slice(1), fooQuirk.probe.steps);
    assert.equal(r.record.fuzz?.path, undefined);
    assert.match(r.record.verdict.detail ?? '', /confirmed by their probes: foo-not-found; met by the random inputs: foo-not-found/);
  });

  test('a baselined quirk whose probe no longer deviates goes unreported (the reporter calls it stale)', async () => {
    const model = async (s: Scenario) => predictUrlMatch(s);
    lines.length = 0;
    const r = await fuzzProperty('url-match', deps, budget({ runs: 2 }), options({ baselined: new Set(['foo-not-found']), execute: model }));
    assert.equal(r.failed, false);
    assert.equal(r.record.verdict.verdict, 'pass');
    assert.equal(r.record.fuzz?.quirks, undefined);
    assert.ok(lines.some((l) => /quirk foo-not-found: its probe no longer deviates/.test(l)));
  });

  test('an engine that agrees with the model passes', async () => {
    const model = async (s: Scenario) => predictUrlMatch(s);
    const r = await fuzzProperty('url-match', deps, budget({ runs: 5 }), options({ execute: model }));
    assert.equal(r.failed, false);
    assert.equal(r.record.verdict.verdict, 'pass');
    assert.equal(r.record.fuzz?.runs, 5);
    assert.ok(r.stats.checks > 5);
  });

  test('a harness error is verdict error with the run to replay, never a deviation; fuzzing stops', async () => {
    let calls = 0;
    const flaky = async (s: Scenario) => {
      if (++calls === 3) throw new HarnessError('the driver went away');
      return predictUrlMatch(s);
    };
    const r = await fuzzProperty('url-match', deps, budget(), options({ execute: flaky }));
    assert.equal(r.failed, true);
    assert.equal(r.record.verdict.verdict, 'error');
    assert.match(r.record.verdict.detail ?? '', /the driver went away.*path 2/);
    assert.equal(r.record.fuzz?.path, '2');
    assert.equal(calls, 3);
  });

  test('a time budget stops the search between runs: no run is left in flight in the browser', async () => {
    let inFlight = 0;
    let calls = 0;
    const slow = async (s: Scenario) => {
      inFlight++;
      calls++;
      await new Promise((resolve) => setTimeout(resolve, 150));
      inFlight--;
      return predictUrlMatch(s);
    };
    const { runs: _none, ...noRuns } = budget();
    const r = await fuzzProperty('url-match', deps, { ...noRuns, seconds: 1 }, options({ execute: slow }));
    assert.equal(inFlight, 0);
    assert.equal(r.record.verdict.verdict, 'pass');
    assert.match(r.record.verdict.detail ?? '', /time budget reached/);
    assert.ok(calls >= 1 && calls <= 8, `${calls} runs of at least 150 ms in 1 s`);
    assert.equal(r.stats.runs, calls);
  });

  test('--save writes the minimal counterexample as a regression file that validates', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'swc-fuzz-save-'));
    const r = await fuzzProperty('url-match', deps, budget({ save: true }), options({ regressionsDir: dir }));
    assert.ok(r.saved);
    const [name] = readdirSync(dir);
    const file = parseRegression(readFileSync(join(dir, name!), 'utf8'), name!);
    assert.equal(file.found.seed, 42);
    assert.deepEqual(file.scenario.steps, r.record.scenario.steps);
    assert.match(file.scenario.id, /^fuzz\/regression-url-match-chromium-s42-p/);
  });
});
