// How a suite table declares its checks. The table (suites/<area>/<area>.scenarios.ts) is itself the
// Playwright test file of its area, and each row calls test() itself:
//
//   export const routingScenarios = checks('routing', (test) => {
//     test(...check(routing('fallback-goes-to-network', …)));
//   });
//
// Playwright locates a test at the line that calls test() (there is no public option to give a
// test another location), so the row is the check's location: `npx playwright test
// suites/routing/routing.scenarios.ts:42` runs the row on line 42, and reports link to it. Rows a
// loop generates are located at the loop's line, together.
//
// check() validates the row (the contract's one validator: a malformed row fails at collection,
// naming the field) and gives test() its title (the stable id), its tags (@<area>, and @smoke when
// the row says `smoke: true`) and the "check" annotation, which is how the reporter knows the check
// (never by parsing titles). checks() groups one area's rows in a test.describe named for the area,
// refuses rows of another area (one area per table) and returns the rows as data.
//
// Read as data (unit tests, tools), a table declares no test: import it through tables.ts.
import type { TestDetails } from '@playwright/test';
import { CHECK_ANNOTATION, validateScenario, type Area, type Scenario } from '../../contract/index.js';
import { SMOKE } from './build.js';
import type { Conformance } from './conformance.js';
import { test as harnessTest } from './fixtures.js';

type CheckBody = (fixtures: { conformance: Conformance }) => Promise<void>;

/** What check() gives a row's test() call: title, details, body. */
export type CheckArgs = [title: string, details: TestDetails, body: CheckBody];

/** The test() a table's rows call: the harness's Playwright test, or nothing when tables are read as data. */
export type DeclareTest = (...args: CheckArgs) => void;

let asData = false;
let open: { area: Area; rows: Scenario[] } | undefined;
const seen = new Set<string>();

/** From now on, tables only collect their rows (no Playwright test): for tables.ts. */
export function readTablesAsData(): void {
  asData = true;
}

/** Declare the checks of one area: `declare` calls `test(...check(row))` once per row. Returns the rows. */
export function checks(area: Area, declare: (test: DeclareTest) => void): Scenario[] {
  if (open) throw new Error(`checks("${area}") inside checks("${open.area}"): one table per area`);
  const table = { area, rows: [] as Scenario[] };
  open = table;
  try {
    if (asData) declare(() => {});
    else harnessTest.describe(area, () => declare(harnessTest));
  } finally {
    open = undefined;
  }
  return table.rows;
}

/** One row of the table being declared, as the arguments of its test() call. */
export function check(row: Scenario): CheckArgs {
  if (!open) throw new Error(`check("${row.id}"): rows are declared inside checks(area, (test) => …)`);
  const s = validateScenario(row);
  if (s.area !== open.area) throw new Error(`check("${s.id}"): area "${s.area}" in the ${open.area} table (one area per table)`);
  if (seen.has(s.id)) throw new Error(`check: duplicate check id "${s.id}"`);
  seen.add(s.id);
  open.rows.push(s);
  const tag = s.smoke ? [SMOKE, `@${s.area}`] : [`@${s.area}`];
  return [s.id, { tag, annotation: { type: CHECK_ANNOTATION, description: s.id } }, async ({ conformance }) => {
    await conformance.check(s);
  }];
}
