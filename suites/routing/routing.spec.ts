import { defineChecks } from '../harness/define.js';
import { routingScenarios } from './routing.scenarios.js';

defineChecks(routingScenarios, {
  smoke: ['routing/navigation-longest-prefix-foo-bar-page-html', 'routing/subresource-to-controller-services-data-json-1', 'routing/fallback-goes-to-network'],
});
