import { defineChecks } from '../harness/define.js';
import { explainerScenarios } from './explainer.scenarios.js';

defineChecks(explainerScenarios, {
  smoke: ['explainer/prefix-table-foobar-html', 'explainer/services-data-subresource'],
});
