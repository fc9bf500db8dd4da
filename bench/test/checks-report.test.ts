// The checks bench's arithmetic and text (bench/checks-report.ts) on made-up figures: no browser,
// no clock.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createProfile } from '../../suites/harness/profile.js';
import { engineFigures, formatEngine, isPhase, perSecond, profileFigures, ratio, sampleRows, samplesFromReport } from '../checks-report.js';

describe('checks bench: arithmetic', () => {
  test('perSecond and ratio: two decimals; nothing timed is 0, no floor is null', () => {
    assert.equal(perSecond(3, 1500), 2);
    assert.equal(perSecond(1, 3000), 0.33);
    assert.equal(perSecond(5, 0), 0);
    assert.equal(ratio(1, 3), 0.33);
    assert.equal(ratio(1, 0), null);
  });

  test('sampleRows: spread evenly, first and last included, table order, never more than the table', () => {
    const rows = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
    assert.deepEqual(sampleRows(rows, 3), [0, 5, 9]);
    assert.deepEqual(sampleRows(rows, 2), [0, 9]);
    assert.deepEqual(sampleRows(rows, 1), [0]);
    assert.deepEqual(sampleRows(rows, 20), rows);
    assert.deepEqual(sampleRows([], 3), []);
  });

  test('engineFigures: each area and the sample as checks/s and a ratio to the floor', () => {
    const fig = engineFigures({ checks: 4, ms: 2000 }, [
      { area: 'scope', checks: 3, ms: 3000, verdicts: { pass: 3 } },
      { area: 'routing', checks: 1, ms: 4000, verdicts: { deviation: 1 } },
    ], {});
    assert.deepEqual(fig.floor, { checks: 4, checksPerSecond: 2, msPerCheck: 500 });
    assert.deepEqual(fig.areas, {
      scope: { checks: 3, checksPerSecond: 1, msPerCheck: 1000, ratioToFloor: 0.5, verdicts: { pass: 3 } },
      routing: { checks: 1, checksPerSecond: 0.25, msPerCheck: 4000, ratioToFloor: 0.13, verdicts: { deviation: 1 } },
    });
    assert.deepEqual(fig.sample, { checks: 4, checksPerSecond: 0.57, msPerCheck: 1750, ratioToFloor: 0.29, atLeastHalfFloor: false });
  });

  test('engineFigures: no floor measured gives null ratios and no claim of meeting the target', () => {
    const fig = engineFigures({ checks: 0, ms: 0 }, [{ area: 'scope', checks: 1, ms: 100, verdicts: {} }], {});
    assert.equal((fig.sample as { ratioToFloor: unknown }).ratioToFloor, null);
    assert.equal((fig.sample as { atLeastHalfFloor: unknown }).atLeastHalfFloor, false);
  });
});

describe('checks bench: profile', () => {
  test('phases add up to the checks\' time with "unaccounted" for the rest; calls are counted per check', () => {
    const p = createProfile();
    p.add('step.open', 300);
    p.add('step.open', 100);
    p.add('end.late', 250);
    p.add('driver.evaluate', 20);
    p.add('driver.evaluate', 30);
    p.add('fixture.waitQuiet', 150);
    const { phases, calls } = profileFigures(p.totals(), 2, 1000);
    assert.deepEqual(Object.keys(phases), ['step.open', 'end.late', 'unaccounted']);
    assert.deepEqual(phases['step.open'], { count: 2, ms: 400, msPerCheck: 200, share: 0.4 });
    assert.deepEqual(phases.unaccounted, { count: 0, ms: 350, msPerCheck: 175, share: 0.35 });
    assert.deepEqual(calls['driver.evaluate'], { count: 2, ms: 50, msPerCheck: 25, perCheck: 1 });
    assert.deepEqual(Object.keys(calls), ['fixture.waitQuiet', 'driver.evaluate']);
  });

  test('isPhase: driver and fixture spans are calls, everything else a phase', () => {
    assert.equal(isPhase('driver.open'), false);
    assert.equal(isPhase('fixture.dispose'), false);
    assert.equal(isPhase('step.register'), true);
    assert.equal(isPhase('end.quiet'), true);
  });
});

describe('checks bench: from a conformance.json', () => {
  test('samplesFromReport: per engine and area, fuzz left out, verdicts counted', () => {
    const samples = samplesFromReport({
      checks: [
        { area: 'scope', results: { chromium: { verdict: 'pass', durationMs: 500 }, webkit: { verdict: 'deviation', durationMs: 700 } } },
        { area: 'scope', results: { chromium: { verdict: 'pass', durationMs: 300 } } },
        { area: 'fuzz', results: { chromium: { verdict: 'pass', durationMs: 45000 } } },
        { area: 'caches', results: { chromium: { verdict: 'error', durationMs: 100 } } },
      ],
    });
    assert.deepEqual(samples, {
      chromium: [
        { area: 'caches', checks: 1, ms: 100, verdicts: { error: 1 } },
        { area: 'scope', checks: 2, ms: 800, verdicts: { pass: 2 } },
      ],
      webkit: [{ area: 'scope', checks: 1, ms: 700, verdicts: { deviation: 1 } }],
    });
  });
});

describe('checks bench: text', () => {
  test('formatEngine: the floor line, one line per area, the sample, the profile', () => {
    const p = createProfile();
    p.add('step.open', 400);
    p.add('driver.evaluate', 50);
    const text = formatEngine('chromium', engineFigures({ checks: 2, ms: 1000 }, [{ area: 'scope', checks: 2, ms: 2000, verdicts: { pass: 2 } }], p.totals()));
    assert.equal(text, [
      '  chromium: floor 2 checks/s (500 ms per floor check, 2 timed)',
      '    area          checks  checks/s  ms/check  ratio to floor',
      '    scope         2       1         1000      0.5',
      '    (sample)      2       1         1000      0.5',
      "    where a check's time goes (phases, ms per check, share):",
      '      step.open               200     0.2',
      '      unaccounted             800     0.8',
      '    driver round trips and fixture calls (per check, ms per check):',
      '      driver.evaluate         0.5     25',
      '',
    ].join('\n'));
  });
});
