// The `predict` CLI's question and answer types (npm run -s model -- predict FILE). JSON schemas
// are generated from these types into tools/schemas/ (npm run schemas); the CLI validates its
// input against them. Keep them plain JSON data with doc comments: the comments become schema
// descriptions.

import type { Outcome, Scenario } from '../contract/index.js';

/** Would register() resolve on this page, and with which scope? */
export interface RegisterQuestion {
  kind: 'register';
  /** The registering document's absolute URL (its creation URL and API base URL). */
  pageUrl: string;
  /** register()'s scriptURL argument, relative to the page or absolute. */
  scriptUrl: string;
  /** options.scope, relative to the page or absolute. Absent: the option is not passed (default scope). */
  scope?: string;
  /** options.type. Default "classic". */
  type?: 'classic' | 'module';
  /** The script response's Service-Worker-Allowed header. Absent: no such header. */
  serviceWorkerAllowed?: string;
  /** The script response's Content-Type. Absent: "text/javascript"; null: no Content-Type header. */
  scriptContentType?: string | null;
  /**
   * The script response's HTTP status. Default 200.
   * @TJS-type integer
   * @minimum 100
   * @maximum 999
   */
  scriptStatus?: number;
  /** The server answers the script URL with a redirect. Default false. */
  scriptRedirected?: boolean;
  /** The script fetch fails without a response. Default false. */
  scriptNetworkError?: boolean;
}

/** Which of these registered scopes does Match Service Worker Registration pick for `url`? */
export interface MatchQuestion {
  kind: 'match';
  /** Registered scopes: absolute URLs, canonicalised like Set Registration does. Each is registered under its own origin's storage key. */
  scopes: string[];
  /** The client URL, absolute. */
  url: string;
}

/** What does navigator.serviceWorker.getRegistration(clientUrl) give on this page? */
export interface GetRegistrationQuestion {
  kind: 'getRegistration';
  /** The calling document's absolute URL. */
  pageUrl: string;
  /** Registered scopes, relative to the page or absolute, in registration order. */
  scopes: string[];
  /** getRegistration()'s argument, relative or absolute. Absent: called with no argument. */
  clientUrl?: string;
}

/** Explainer-era patterns ("/foo*") registered from `pageUrl`: which one does the explainer pick for `url`, and which scope does today's spec pick? */
export interface ExplainerMatchQuestion {
  kind: 'explainerMatch';
  /** The registering document's absolute URL; patterns and url resolve against it. */
  pageUrl: string;
  /** Explainer-era scope patterns, in registration order. */
  patterns: string[];
  /** The navigation URL, relative to the page or absolute. */
  url: string;
}

/** The predict CLI's `scenario` question: a whole scenario in, its predicted Outcome out. */
export interface ScenarioQuestion {
  kind: 'scenario';
  /** The scenario, with "{a}"/"{b}"/"{insecure}" placeholders or already resolved to concrete origins. */
  scenario: Scenario;
}

export type Question = RegisterQuestion | MatchQuestion | GetRegistrationQuestion | ExplainerMatchQuestion | ScenarioQuestion;

/** The predict CLI's input: a JSON array of questions. */
export type PredictInput = Question[];

export type RegistrationErrorName = 'TypeError' | 'SecurityError';

/** register() resolves with a registration for `scope` (the serialized scope URL). */
export interface RegisterResolved {
  ok: true;
  scope: string;
  /** Only with --explain: the serialized script URL. */
  scriptURL?: string;
}

/** register() rejects. */
export interface RegisterRejected {
  ok: false;
  error: RegistrationErrorName;
  /** Only with --explain: the algorithm step that rejected, e.g. "Start Register 4". */
  step?: string;
  /** Only with --explain: what failed. */
  detail?: string;
  /** Only with --explain: the documented position that decided it (a link). */
  position?: string;
}

export type RegisterAnswer = RegisterResolved | RegisterRejected;

/** The matched scope, or null when none matches. */
export interface MatchAnswer {
  scope: string | null;
}

/** getRegistration() resolved: the matched scope, or null (resolved undefined). */
export interface GetRegistrationResolved {
  scope: string | null;
}

/** getRegistration() rejected. */
export interface GetRegistrationRejected {
  error: RegistrationErrorName;
  /** Only with --explain: the step that rejected, e.g. "getRegistration 6". */
  step?: string;
}

export type GetRegistrationAnswer = GetRegistrationResolved | GetRegistrationRejected;

/** The explainer's pick: a pattern, or null ("fallback to native"). */
export interface ExplainerPick {
  pattern: string | null;
}

/** The explainer would have thrown when registering `pattern`. */
export interface ExplainerThrows {
  error: 'star-not-at-end' | 'query-or-fragment';
  pattern: string;
}

export interface ExplainerMatchAnswer {
  explainer: ExplainerPick | ExplainerThrows;
  /** Today's spec: each pattern translated ("/foo*" → "/foo"; a pattern the explainer rejects is taken literally) and registered as a scope. */
  spec: MatchAnswer;
}

/** A `scenario` question is answered with the scenario's predicted Outcome (contract/outcome.ts). */
export type Answer = RegisterAnswer | MatchAnswer | GetRegistrationAnswer | ExplainerMatchAnswer | Outcome;

/** The predict CLI's output: one answer per question, in order. */
export type PredictOutput = Answer[];
