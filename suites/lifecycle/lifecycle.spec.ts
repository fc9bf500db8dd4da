import { defineChecks } from '../harness/define.js';
import { lifecycleScenarios } from './lifecycle.scenarios.js';

defineChecks(lifecycleScenarios, { smoke: ['lifecycle/update-waits-while-controlled', 'lifecycle/skipwaiting-takes-over'] });
