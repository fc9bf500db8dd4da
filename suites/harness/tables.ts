// Every suite table as data, for unit tests and tools. A table is its area's Playwright test file
// (suites/harness/define.ts); imported here, after readTablesAsData(), its rows are validated and
// collected and no test is declared. Import the tables through this module, never directly.
import type { Area, Scenario } from '../../contract/index.js';
import { readTablesAsData } from './define.js';

readTablesAsData();

const [explainer, lifecycle, proposals, redirects, registration, routing, scope, caches] = await Promise.all([
  import('../explainer/explainer.scenarios.js'),
  import('../lifecycle/lifecycle.scenarios.js'),
  import('../proposals/proposals.scenarios.js'),
  import('../redirects/redirects.scenarios.js'),
  import('../registration/registration.scenarios.js'),
  import('../routing/routing.scenarios.js'),
  import('../scope/scope.scenarios.js'),
  import('../caches/caches.scenarios.js'),
]);

/** Each suite table's rows, by area (fuzz regressions: suites/fuzz/regressions.ts). */
export const SUITE_TABLES: Readonly<Partial<Record<Area, readonly Scenario[]>>> = {
  explainer: explainer.explainerScenarios,
  lifecycle: lifecycle.lifecycleScenarios,
  proposals: proposals.proposalsScenarios,
  redirects: redirects.redirectScenarios,
  registration: registration.registrationScenarios,
  routing: routing.routingScenarios,
  scope: scope.scopeScenarios,
  caches: caches.cachesScenarios,
};
