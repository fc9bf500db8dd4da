import { defineChecks } from '../harness/define.js';
import { registrationScenarios } from './registration.scenarios.js';

defineChecks(registrationScenarios.filter((s) => s.area === 'registration'), {
  smoke: ['registration/scope-above-max', 'registration/swa-root', 'registration/mime-bad-text-html', 'registration/script-status-404'],
});
