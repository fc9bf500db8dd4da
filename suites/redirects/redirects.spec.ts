import { defineChecks } from '../harness/define.js';
import { redirectScenarios } from './redirects.scenarios.js';

defineChecks(redirectScenarios, { smoke: ['redirects/navigation-server-302-other-scope', 'redirects/subresource-generated-redirect-follow'] });
