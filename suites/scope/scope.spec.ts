import { defineChecks } from '../harness/define.js';
import { registrationScenarios } from '../registration/registration.scenarios.js';
import { scopeScenarios } from './scope.scenarios.js';

defineChecks([...registrationScenarios.filter((s) => s.area === 'scope'), ...scopeScenarios], {
  smoke: ['scope/default-scope', 'scope/scope-path-2f', 'scope/default-scope-root-script', 'scope/match-longest-prefix-dir', 'scope/getregistration-cross-origin', 'scope/unregister-then-lookup'],
});
