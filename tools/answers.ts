// Answers to the predict CLI's questions (questions.ts), computed by the model. Pure: no I/O.
// Input the schema cannot catch (URLs that do not parse where an absolute URL is required, a
// scenario that validateScenario refuses) throws QuestionInputError naming the field.

import { explainerMatch, todaysScopeOption } from '../model/explainer/dialect.js';
import { getRegistrationMethod } from '../model/registration/get-registration.js';
import type {
  Answer,
  ExplainerMatchAnswer,
  ExplainerMatchQuestion,
  GetRegistrationAnswer,
  GetRegistrationQuestion,
  MatchAnswer,
  MatchQuestion,
  Question,
  RegisterAnswer,
  RegisterQuestion,
  ScenarioQuestion,
} from './questions.js';
import { predict, ScenarioError } from '../model/scenario/interpreter.js';
import { abstractOrigins, ContractError, MODEL_ORIGINS, validateScenario, type Outcome, type Scenario } from '../contract/index.js';
import { checkRegistration, type ScriptResponse } from '../model/registration/register.js';
import { createRegistrationMap, matchServiceWorkerRegistration, setRegistration, type RegistrationMap } from '../model/registration/registration-map.js';
import { obtainStorageKey } from '../model/standards/storage-key.js';
import { parseURL, serializeURL } from '../model/standards/url.js';

/** A question whose field is malformed in a way the JSON schema cannot express. */
export class QuestionInputError extends Error {
  /** The field, as a path inside the question, e.g. "scopes[2]". */
  readonly field: string;
  /** Whether a report should quote the field's value before the message (a URL, not a whole scenario). */
  readonly quoteValue: boolean;
  constructor(field: string, message: string, quoteValue = true) {
    super(message);
    this.name = 'QuestionInputError';
    this.field = field;
    this.quoteValue = quoteValue;
  }
}

export interface AnswerOptions {
  /** Add the deciding step, detail and position to rejections. */
  explain?: boolean;
}

function absoluteURL(value: string, field: string, base?: URL): URL {
  const url = parseURL(value, base);
  if (url === null) throw new QuestionInputError(field, base === undefined ? 'is not an absolute URL' : `does not parse against ${base.href}`);
  return url;
}

/** The default script response of a register question: 200 text/javascript, no SWA header. */
function scriptResponseOf(q: RegisterQuestion): ScriptResponse {
  return {
    status: q.scriptStatus ?? 200,
    contentType: q.scriptContentType === undefined ? 'text/javascript' : q.scriptContentType,
    serviceWorkerAllowed: q.serviceWorkerAllowed ?? null,
    redirected: q.scriptRedirected ?? false,
    networkError: q.scriptNetworkError ?? false,
  };
}

function answerRegister(q: RegisterQuestion, options: AnswerOptions = {}): RegisterAnswer {
  absoluteURL(q.pageUrl, 'pageUrl');
  const input = { pageUrl: q.pageUrl, scriptUrl: q.scriptUrl, type: q.type ?? 'classic', script: scriptResponseOf(q) } as const;
  const result = checkRegistration(q.scope === undefined ? input : { ...input, scope: q.scope });
  if (result.ok) return options.explain === true ? { ok: true, scope: result.scope, scriptURL: result.scriptURL } : { ok: true, scope: result.scope };
  if (options.explain !== true) return { ok: false, error: result.error };
  const answer: RegisterAnswer = { ok: false, error: result.error, step: result.step };
  if (result.detail !== undefined) answer.detail = result.detail;
  if (result.position !== undefined) answer.position = result.position;
  return answer;
}

/** A registration map holding `scopes` (each under its own origin's storage key). */
function mapOfScopes(scopes: readonly string[], base: URL | undefined, field: string): RegistrationMap {
  const map = createRegistrationMap();
  scopes.forEach((scope, j) => {
    const url = absoluteURL(scope, `${field}[${j}]`, base);
    // Set Registration 2: the key is the scope serialized without fragment.
    setRegistration(map, obtainStorageKey(url), { scope: serializeURL(url, true) });
  });
  return map;
}

function answerMatch(q: MatchQuestion): MatchAnswer {
  const map = mapOfScopes(q.scopes, undefined, 'scopes');
  const url = absoluteURL(q.url, 'url');
  const registration = matchServiceWorkerRegistration(map, obtainStorageKey(url), url);
  return { scope: registration === null ? null : registration.scope };
}

function answerGetRegistration(q: GetRegistrationQuestion, options: AnswerOptions = {}): GetRegistrationAnswer {
  const page = absoluteURL(q.pageUrl, 'pageUrl');
  const map = mapOfScopes(q.scopes, page, 'scopes');
  const result = getRegistrationMethod(q.pageUrl, q.clientUrl, map);
  if ('scope' in result) return { scope: result.scope };
  return options.explain === true ? { error: result.error, step: result.step } : { error: result.error };
}

function answerExplainerMatch(q: ExplainerMatchQuestion): ExplainerMatchAnswer {
  const page = absoluteURL(q.pageUrl, 'pageUrl');
  const target = absoluteURL(q.url, 'url', page);
  q.patterns.forEach((p, j) => absoluteURL(p.endsWith('*') ? p.slice(0, -1) : p, `patterns[${j}]`, page));
  const explainer = explainerMatch(q.patterns, q.url, q.pageUrl);
  const map = mapOfScopes(q.patterns.map(todaysScopeOption), page, 'patterns');
  const registration = matchServiceWorkerRegistration(map, obtainStorageKey(target), target);
  return {
    explainer: explainer.ok ? { pattern: explainer.pattern } : { error: explainer.error, pattern: explainer.pattern },
    spec: { scope: registration === null ? null : registration.scope },
  };
}

/** A whole scenario in, its predicted Outcome out: the CLI is an entry point, so it validates. */
function answerScenario(q: ScenarioQuestion): Outcome {
  let scenario: Scenario;
  try {
    scenario = validateScenario(q.scenario);
  } catch (e) {
    if (e instanceof ContractError) throw new QuestionInputError(e.field === '(root)' ? 'scenario' : `scenario.${e.field}`, e.problem, false);
    throw e;
  }
  try {
    return predict(scenario);
  } catch (e) {
    // A scenario the model cannot run as written (a reload of a client showing no document, …):
    // the interpreter names the step ("step 3 (reload): …"), so the field is that step, not the
    // whole steps array.
    if (e instanceof ScenarioError) {
      const m = /^step (\d+) \([^)]*\): ([^]*)$/.exec(e.message);
      if (m && Number(m[1]) < scenario.steps.length) throw new QuestionInputError(`scenario.steps[${m[1]}]`, abstractOrigins(m[2]!, MODEL_ORIGINS), false);
      throw new QuestionInputError('scenario.steps', abstractOrigins(e.message, MODEL_ORIGINS), false);
    }
    throw e;
  }
}

/** The model's answer to one question. */
export function answerQuestion(q: Question, options: AnswerOptions = {}): Answer {
  switch (q.kind) {
    case 'register':
      return answerRegister(q, options);
    case 'match':
      return answerMatch(q);
    case 'getRegistration':
      return answerGetRegistration(q, options);
    case 'explainerMatch':
      return answerExplainerMatch(q);
    case 'scenario':
      return answerScenario(q);
  }
}
