// One Playwright test per fuzz property and engine (project): the budget and replay come from
// the environment (budget.ts), the baselined quirks from the baseline file, and the test attaches
// one CheckRecord and fails as conformance.check does — except for deviations that only baselined
// quirks explain, which the reporter gates as expected.
import { SMOKE } from '../harness/build.js';
import { attachRecord, failUnlessPassed } from '../harness/conformance.js';
import { test } from '../harness/fixtures.js';
import { baselineQuirks } from './baseline-quirks.js';
import { budgetFromEnv, testTimeoutMs } from './budget.js';
import { PROPERTIES } from './properties.js';
import { fuzzProperty } from './runner.js';
import { PROPERTY_META, type PropertyId } from './scenarios.js';

export function defineFuzzTest(id: PropertyId): void {
  // The id first: the reporter takes the check id from the title.
  test(`fuzz/${id}: ${PROPERTY_META[id].title}`, { tag: [SMOKE, '@fuzz'] }, async ({ engine, engineBrowser, session, fixtures, conformance }, testInfo) => {
    void conformance; // requested for its side effect: it attaches the engine's version and driver for the reporter
    const budget = budgetFromEnv();
    testInfo.setTimeout(testTimeoutMs(budget, PROPERTIES[id].secondsPerRun));
    const baselined = baselineQuirks(engine);
    const { record, failed } = await fuzzProperty(id, { engine, engineVersion: engineBrowser.info.version, session, fixtures }, budget, { baselined });
    await attachRecord(testInfo, record);
    testInfo.annotations.push({ type: 'fuzz', description: `seed ${budget.seed}${record.fuzz?.path !== undefined ? `, path ${record.fuzz.path}` : ''}, ${record.fuzz?.runs ?? 0} runs` });
    if (failed) failUnlessPassed(testInfo, record);
    else testInfo.annotations.push({ type: 'verdict', description: record.verdict.verdict });
  });
}
