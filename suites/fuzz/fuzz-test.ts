// One Playwright test per fuzz property and engine (project): the budget and replay come from
// the environment (budget.ts), the baselined quirks from the baseline file, and the test attaches
// one CheckRecord and fails as conformance.check does — except for deviations that only baselined
// quirks explain, which the reporter gates as expected.
//
// A property's spec file calls `test(...fuzzCheck(id))` itself, so the test is located there
// (Playwright locates a test at the line that calls test(); see suites/harness/define.ts).
import { CHECK_ANNOTATION } from '../../contract/index.js';
import { SMOKE } from '../harness/build.js';
import { attachRecord, failUnlessPassed } from '../harness/conformance.js';
import { test } from '../harness/fixtures.js';
import { baselineQuirks } from './baseline-quirks.js';
import { budgetFromEnv, testTimeoutMs } from './budget.js';
import { PROPERTIES } from './properties.js';
import { fuzzProperty } from './runner.js';
import { PROPERTY_META, type PropertyId } from './scenarios.js';

/** The test() arguments of fuzz property `id`: title, tags and the "check" annotation (the check id), body. */
export function fuzzCheck(id: PropertyId): Parameters<typeof test> {
  const checkId = `fuzz/${id}`;
  return [`${checkId}: ${PROPERTY_META[id].title}`, { tag: [SMOKE, '@fuzz'], annotation: { type: CHECK_ANNOTATION, description: checkId } }, async ({ engine, engineBrowser, session, fixtures, conformance }, testInfo) => {
    void conformance; // requested for its side effect: it attaches the engine's version and driver for the reporter
    const budget = budgetFromEnv();
    testInfo.setTimeout(testTimeoutMs(budget, PROPERTIES[id].secondsPerRun));
    const baselined = baselineQuirks(engine);
    const { record, failed } = await fuzzProperty(id, { engine, engineVersion: engineBrowser.info.version, session, fixtures }, budget, { baselined });
    await attachRecord(testInfo, record);
    testInfo.annotations.push({ type: 'fuzz', description: `seed ${budget.seed}${record.fuzz?.path !== undefined ? `, path ${record.fuzz.path}` : ''}, ${record.fuzz?.runs ?? 0} runs` });
    if (failed) failUnlessPassed(testInfo, record);
    else testInfo.annotations.push({ type: 'verdict', description: record.verdict.verdict });
  }];
}
