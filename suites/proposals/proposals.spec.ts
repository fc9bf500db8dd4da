import { defineChecks } from '../harness/define.js';
import { proposalsScenarios } from './proposals.scenarios.js';

defineChecks(proposalsScenarios, { smoke: ['proposals/connect-accept', 'proposals/native-navigator-connect'] });
