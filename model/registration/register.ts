// register(): the checks that decide whether navigator.serviceWorker.register() rejects, and with
// which error, as in sw.bs:
//   - register(scriptURL, options) method steps (URL parsing against the API base URL)
//   - Start Register (§ start-register-algorithm), steps 1–9
//   - Register (§ register-algorithm), steps 1–3 (the origin checks)
//   - Update (§ update-algorithm): the checks its "perform the fetch hook" makes on the main script
//     response (steps 5, 7–16), and Update step 8 (script is null → TypeError)
// The registration map side of Register (steps 4–7) is in registration-map.ts (setRegistration).
//
// Order of the script-fetch checks (see ../positions.ts):
//   redirect → SecurityError, network error → TypeError, status → TypeError,
//   MIME → SecurityError, Service-Worker-Allowed parse → TypeError, max scope → SecurityError.

import { extractMIMEType, isJavaScriptMIMEType } from '../standards/mime.js';
import { POSITIONS } from '../positions.js';
import { isPotentiallyTrustworthyOrigin } from '../standards/secure-contexts.js';
import { isHTTPScheme, parseURL, pathString, sameOrigin, serializeURL, withoutFragment } from '../standards/url.js';

export type RegistrationErrorName = 'TypeError' | 'SecurityError';

/** A rejected register() promise and the algorithm step that rejected it. */
export interface Rejection {
  ok: false;
  error: RegistrationErrorName;
  /** Algorithm and step, e.g. "Start Register 4" or "Update fetch-hook 16". */
  step: string;
  /** Human-readable detail (the values that failed the check). */
  detail?: string;
  /** Link of the documented position (../positions.ts) when one decided the result. */
  position?: string;
}

/** The URL parser's failure, distinct from "no value" (null), as Start Register's inputs need. */
export const FAILURE = 'failure' as const;
export type Failure = typeof FAILURE;

/** The main script's response, as far as the Update fetch hook looks at it. */
export interface ScriptResponse {
  /** HTTP status. */
  status: number;
  /** The Content-Type header value; null when the response has none. */
  contentType: string | null;
  /** The Service-Worker-Allowed header value; null when absent. */
  serviceWorkerAllowed: string | null;
  /** The server answered the main script with a redirect. */
  redirected: boolean;
  /** The fetch failed without a response (connection error, invalid response). */
  networkError?: boolean;
}

function reject(error: RegistrationErrorName, step: string, detail?: string, position?: string): Rejection {
  const r: Rejection = { ok: false, error, step };
  if (detail !== undefined) r.detail = detail;
  if (position !== undefined) r.position = position;
  return r;
}

/** "any of the strings in url's path contains ASCII case-insensitive %2f or %5c". */
export function pathContainsEncodedSlash(url: URL): boolean {
  // Path segments never contain "/", so testing the serialized path is the same as testing each
  // segment; the query and fragment are not part of the path.
  const path = pathString(url).toLowerCase();
  return path.includes('%2f') || path.includes('%5c');
}

/**
 * Start Register step 5: the default scope is "./" parsed with the script URL — the script's
 * directory, without its query and fragment. Null only if the script URL cannot be a base.
 */
export function defaultScope(scriptURL: URL | string): URL | null {
  return parseURL('./', scriptURL);
}

export interface StartRegisterResult {
  ok: true;
  /** The script URL with its fragment set to null (step 2). */
  scriptURL: URL;
  /** The scope URL (default applied, fragment set to null). */
  scopeURL: URL;
}

/**
 * Start Register (scopeURL, scriptURL), steps 1–9: the checks made before the job is scheduled.
 * `scopeURL` is null when options.scope was not given, FAILURE when it did not parse.
 * The inputs are not mutated.
 */
export function startRegister(scopeURL: URL | Failure | null, scriptURL: URL | Failure): StartRegisterResult | Rejection {
  // Start Register 1: scriptURL is failure.
  if (scriptURL === FAILURE) return reject('TypeError', 'Start Register 1', 'the script URL does not parse');
  // Start Register 2: scriptURL's fragment ← null.
  const script = withoutFragment(scriptURL);
  // Start Register 3: scheme must be http or https.
  if (!isHTTPScheme(script)) return reject('TypeError', 'Start Register 3', `script URL scheme "${script.protocol}" is not http(s)`);
  // Start Register 4: %2f or %5c in the path.
  if (pathContainsEncodedSlash(script)) return reject('TypeError', 'Start Register 4', `script URL path "${script.pathname}" contains %2f or %5c`);
  // Start Register 5: no scope → "./" parsed with scriptURL.
  let scope: URL | Failure = scopeURL ?? defaultScope(script) ?? FAILURE;
  // Start Register 6: scopeURL is failure.
  if (scope === FAILURE) return reject('TypeError', 'Start Register 6', 'the scope URL does not parse');
  // Start Register 7: scopeURL's fragment ← null.
  scope = withoutFragment(scope);
  // Start Register 8: scheme must be http or https.
  if (!isHTTPScheme(scope)) return reject('TypeError', 'Start Register 8', `scope URL scheme "${scope.protocol}" is not http(s)`);
  // Start Register 9: %2f or %5c in the path.
  if (pathContainsEncodedSlash(scope)) return reject('TypeError', 'Start Register 9', `scope URL path "${scope.pathname}" contains %2f or %5c`);
  // Start Register 10–15 (storage key, Create Job, Schedule Job) have no failure mode.
  return { ok: true, scriptURL: script, scopeURL: scope };
}

/**
 * Register (job), steps 1–3: the origin checks. `referrer` is the job's referrer, the registering
 * client's creation URL.
 */
export function registerJobChecks(job: { scriptURL: URL; scopeURL: URL; referrer: URL }): { ok: true } | Rejection {
  // Register 1: the script URL's origin must be potentially trustworthy.
  if (!isPotentiallyTrustworthyOrigin(job.scriptURL)) {
    return reject('SecurityError', 'Register 1', `script origin ${job.scriptURL.origin} is not potentially trustworthy`);
  }
  // Register 2: script URL and referrer must be same origin.
  if (!sameOrigin(job.scriptURL, job.referrer)) {
    return reject('SecurityError', 'Register 2', `script origin ${job.scriptURL.origin} is not the page's ${job.referrer.origin}`);
  }
  // Register 3: scope URL and referrer must be same origin.
  if (!sameOrigin(job.scopeURL, job.referrer)) {
    return reject('SecurityError', 'Register 3', `scope origin ${job.scopeURL.origin} is not the page's ${job.referrer.origin}`);
  }
  return { ok: true };
}

/** An ok status: 200 to 299 inclusive (Fetch). */
export function isOkStatus(status: number): boolean {
  return status >= 200 && status <= 299;
}

/**
 * Update fetch-hook step 5 (redirect mode "error") and Fetch: a redirected main script is a network
 * error. It reaches hook step 7 with no headers, so no MIME type is extracted → SecurityError.
 */
export function checkMainScriptRedirect(response: ScriptResponse): { ok: true } | Rejection {
  if (!response.redirected) return { ok: true };
  return reject('SecurityError', 'Update fetch-hook 5', 'the main script was redirected (redirect mode "error" → network error → no JavaScript MIME type at hook step 7)', POSITIONS.redirectedScript.link);
}

/**
 * HTML "fetch a classic worker script" / "fetch a single module script": a network error or a
 * status that is not ok makes script null → Update 8 rejects with TypeError.
 *
 * Position (../positions.ts scriptStatusBeforeMIME / scriptNetworkError): checked before the MIME type,
 * as Chromium and Firefox do, although the fetch hook's MIME check (step 7, at processResponse)
 * runs first when the spec is read literally.
 */
export function checkScriptStatus(response: ScriptResponse): { ok: true } | Rejection {
  if (response.networkError === true) {
    return reject('TypeError', 'Update 8', 'the main script fetch ended in a network error (script is null)', POSITIONS.scriptNetworkError.link);
  }
  if (!isOkStatus(response.status)) {
    return reject('TypeError', 'Update 8', `status ${response.status} is not an ok status (script is null)`, POSITIONS.scriptStatusBeforeMIME.link);
  }
  return { ok: true };
}

/** Update fetch-hook step 7: the extracted MIME type (ignoring parameters) must be a JavaScript MIME type. */
function checkScriptMIMEType(response: ScriptResponse): { ok: true } | Rejection {
  const mimeType = extractMIMEType(response.contentType);
  if (mimeType !== null && isJavaScriptMIMEType(mimeType.essence)) return { ok: true };
  const got = mimeType === null ? (response.contentType === null ? 'no Content-Type' : `unparsable Content-Type ${JSON.stringify(response.contentType)}`) : `"${mimeType.essence}"`;
  return reject('SecurityError', 'Update fetch-hook 7', `${got} is not a JavaScript MIME type`);
}

/**
 * Update fetch-hook steps 8–14: the max scope string. Returns the string, null when a cross-origin
 * Service-Worker-Allowed value leaves it null (hook 14.3), or a rejection when the value does not
 * parse (hook 14.2: network error → Update 8 TypeError).
 */
export function computeMaxScopeString(scriptURL: URL, serviceWorkerAllowed: string | null): { ok: true; maxScopeString: string | null } | Rejection {
  // hook 8–9: get Service-Worker-Allowed, isomorphic decode (the model's header value is a string).
  // hook 12: maxScopeString ← null.
  if (serviceWorkerAllowed === null) {
    // hook 13.1: resolvedScope ← "./" parsed with the script URL.
    const resolvedScope = defaultScope(scriptURL);
    // hook 13.2: "/" + resolvedScope's path joined with "/" (always ends in "/").
    return { ok: true, maxScopeString: resolvedScope === null ? null : pathString(resolvedScope) };
  }
  // hook 14.1: maxScope ← the header value parsed with the job's script URL as base.
  const maxScope = parseURL(serviceWorkerAllowed, scriptURL);
  // hook 14.2: failure → network error → script is null → Update 8: TypeError.
  if (maxScope === null) {
    return reject('TypeError', 'Update fetch-hook 14.2', `Service-Worker-Allowed ${JSON.stringify(serviceWorkerAllowed)} does not parse`, POSITIONS.unparsableServiceWorkerAllowed.link);
  }
  // hook 14.3: only a same-origin max scope sets maxScopeString.
  if (!sameOrigin(maxScope, scriptURL)) return { ok: true, maxScopeString: null };
  return { ok: true, maxScopeString: pathString(maxScope) };
}

/**
 * Update fetch-hook steps 15–16: the scope's path (query ignored) must start with the max scope
 * string — a plain string prefix test, case-sensitive, percent-encoding as serialized.
 */
export function checkScopeUnderMaxScope(scopeURL: URL, maxScopeString: string | null, serviceWorkerAllowed: string | null): { ok: true } | Rejection {
  // hook 15: scopeString ← "/" + scope path joined with "/".
  const scopeString = pathString(scopeURL);
  // hook 16: null or not a prefix → SecurityError.
  if (maxScopeString === null) {
    return reject('SecurityError', 'Update fetch-hook 16', `Service-Worker-Allowed ${JSON.stringify(serviceWorkerAllowed)} is cross-origin to the script (maxScopeString is null)`, POSITIONS.crossOriginServiceWorkerAllowed.link);
  }
  if (!scopeString.startsWith(maxScopeString)) {
    return reject('SecurityError', 'Update fetch-hook 16', `scope path "${scopeString}" is not under the max scope "${maxScopeString}"`);
  }
  return { ok: true };
}

/**
 * The checks Update's fetch hook (and HTML's script fetch, whose null result Update step 8 turns
 * into a TypeError) make on the main script response, in the model's order.
 */
export function updateScriptChecks(input: { scriptURL: URL; scopeURL: URL; response: ScriptResponse }): { ok: true; maxScopeString: string } | Rejection {
  const { scriptURL, scopeURL, response } = input;
  const redirect = checkMainScriptRedirect(response);
  if (!redirect.ok) return redirect;
  const status = checkScriptStatus(response);
  if (!status.ok) return status;
  const mime = checkScriptMIMEType(response);
  if (!mime.ok) return mime;
  const max = computeMaxScopeString(scriptURL, response.serviceWorkerAllowed);
  if (!max.ok) return max;
  const under = checkScopeUnderMaxScope(scopeURL, max.maxScopeString, response.serviceWorkerAllowed);
  if (!under.ok) return under;
  // checkScopeUnderMaxScope rejects a null maxScopeString, so it is a string here.
  return { ok: true, maxScopeString: max.maxScopeString ?? '' };
}

export interface CheckRegistrationInput {
  /** The registering document's URL: its creation URL (the job's referrer) and API base URL. */
  pageUrl: string;
  /** register()'s first argument, parsed against the page. */
  scriptUrl: string;
  /** options.scope; absent: the option is not passed. Parsed against the page, not the script. */
  scope?: string;
  type?: 'classic' | 'module';
  script: ScriptResponse;
}

export type CheckRegistrationResult = { ok: true; scope: string; scriptURL: string } | Rejection;

/**
 * Would register() resolve, and with which scope? Runs the register() method's parsing, Start
 * Register, the Register job's origin checks and the Update fetch-hook checks, in order.
 *
 * `type` does not change any of these checks: a module main script goes through the same hook
 * with isTopLevel set. The registration map (an existing registration with the same script makes
 * Register resolve without fetching, step 5) is not consulted here.
 *
 * Not modelled here: navigator.serviceWorker is [SecureContext], so a page that is not a secure
 * context cannot call register() at all (see ../standards/secure-contexts.ts isPotentiallyTrustworthyURL); called anyway,
 * this returns what the algorithms would (Register 1 for a same-origin script).
 *
 * Throws a TypeError when `pageUrl` is not an absolute URL (an input error, not a rejection).
 */
export function checkRegistration(input: CheckRegistrationInput): CheckRegistrationResult {
  const page = parseURL(input.pageUrl);
  if (page === null) throw new TypeError(`pageUrl ${JSON.stringify(input.pageUrl)} is not an absolute URL`);
  // register() 4: parse scriptURL with the API base URL (the document's base URL).
  const scriptURL = parseURL(input.scriptUrl, page) ?? FAILURE;
  // register() 5–6: parse options.scope with the API base URL when it exists.
  const scopeURL = input.scope === undefined ? null : (parseURL(input.scope, page) ?? FAILURE);
  // register() 7 → Start Register.
  const started = startRegister(scopeURL, scriptURL);
  if (!started.ok) return started;
  // Register 1–3, with the client's creation URL as the referrer.
  const origins = registerJobChecks({ scriptURL: started.scriptURL, scopeURL: started.scopeURL, referrer: page });
  if (!origins.ok) return origins;
  // Update: the main script fetch.
  const fetched = updateScriptChecks({ scriptURL: started.scriptURL, scopeURL: started.scopeURL, response: input.script });
  if (!fetched.ok) return fetched;
  return { ok: true, scope: serializeURL(started.scopeURL, true), scriptURL: serializeURL(started.scriptURL, true) };
}
