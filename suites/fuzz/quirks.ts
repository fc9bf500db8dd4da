// Named, documented engine quirks: known deviations from the model that the fuzzer keeps finding.
// A quirk is a predicate over one mismatching step of a generated scenario. When a quirk listed
// for the engine in the baseline (reports/baseline.json "quirks") explains a mismatch, the
// property ignores it and records the quirk's name; only mismatches no baselined quirk explains
// fail the property. A quirk defined here but not baselined still names the counterexample in the
// record (fuzz.quirk), so `npm run conformance -- --update-baseline` can add it with a reason.
//
// Only quirks that were observed go here, each with a probe: the minimal counterexample that
// showed it, as a scenario. Every property run first replays the probes of the quirks baselined
// for its engine, so a baselined quirk is confirmed on every run (and the record names it) or,
// once the engine no longer deviates, goes unreported and the reporter calls its entry stale —
// deterministically, whatever the random inputs happened to reach.
import type { CacheRequestInit, Engine, Resource, Scenario, Step, StepResult } from '../../contract/index.js';
import { worker } from '../harness/build.js';
import { parseURL, sameOrigin } from '../../model/standards/url.js';
import { compareOutcomes } from '../harness/compare.js';
import { PROPERTY_META, predictSteps, resourceKeyFor, toModelOrigins, URL_MATCH_SCRIPT, type PropertyId } from './scenarios.js';
import { CHROMIUM_PUT_BY_URL, combineVariants, FIREFOX_EMPTY_FRAGMENT_DROPPED, FIREFOX_EMPTY_IS_ABSENT, predictCacheMatch, WEBKIT_PUT_IN_PLACE, WEBKIT_UNTRIMMED_VARY, type CacheVariant } from './cache-match.js';

/** One step whose observed result differs from the model's. */
export interface Mismatch {
  property: PropertyId;
  engine: Engine;
  /** The generated scenario (origins as placeholders). */
  scenario: Scenario;
  /** Index into scenario.steps. */
  step: number;
  predicted: StepResult;
  observed: StepResult | undefined;
}

export interface Quirk {
  /** Stable name, as in the baseline's quirk entries. */
  name: string;
  engines: readonly Engine[];
  properties: readonly PropertyId[];
  /** What the engine does differently, in one or two sentences. */
  reason: string;
  /** A bug, WPT test or spec issue, when one is known. */
  link?: string;
  /** The minimal counterexample that showed it. */
  probe: QuirkProbe;
  /** Whether this quirk explains the mismatch. */
  explains(m: Mismatch): boolean;
}

/**
 * A quirk's minimal counterexample: steps run after opening {a}/page.html, in the property's own
 * way, and what the engine answered at the last step (the model answers otherwise).
 */
export interface QuirkProbe {
  property: PropertyId;
  /** The steps after the open step. */
  steps: Step[];
  /** Default for url-match: the root worker script every url-match run registers with. */
  resources?: Record<string, Resource>;
  /** The engine's answer at the last step. */
  observed: StepResult;
}

export const PROBE_PAGE = '{a}/page.html';

/** The probe as a scenario of its property. */
export function probeScenario(q: Quirk): Scenario {
  const p = q.probe;
  return {
    id: `fuzz/${p.property}`,
    area: 'fuzz',
    title: PROPERTY_META[p.property].title,
    spec: PROPERTY_META[p.property].spec,
    resources: p.resources ?? { [`{a}${URL_MATCH_SCRIPT}`]: worker('v1') },
    steps: [{ do: 'open', client: 'c1', url: PROBE_PAGE }, ...p.steps],
  };
}

/** The step of the mismatch. */
export function stepOf(m: Mismatch): Step {
  const s = m.scenario.steps[m.step];
  if (s === undefined) throw new RangeError(`mismatch at step ${m.step} of a ${m.scenario.steps.length}-step scenario`);
  return s;
}

// ---------------------------------------------------------------------------------------------
// Helpers for the predicates: the facts of a mismatching step, through the model's URL parser.

/** The URL of the document the step runs in: the client's last open/navigate before it. */
export function pageOf(m: Mismatch): string | undefined {
  const step = stepOf(m);
  if (!('client' in step)) return undefined;
  for (let i = m.step - 1; i >= 0; i--) {
    const s = m.scenario.steps[i]!;
    if ((s.do === 'open' || s.do === 'navigate') && s.client === step.client) return s.url;
  }
  return undefined;
}

/** The URL arguments the step passes to the API (register: script and scope; getRegistration: clientURL). */
export function urlArguments(step: Step): string[] {
  if (step.do === 'register') return step.scope === undefined ? [step.script] : [step.script, step.scope];
  if (step.do === 'getRegistration') return [step.url ?? ''];
  return [];
}

/** How `ref` parses against `page` (placeholders on the model's origins): failure, another origin, or the page's. */
export function refKind(ref: string, page: string): 'unparsable' | 'cross-origin' | 'same-origin' {
  const base = parseURL(toModelOrigins(page));
  const url = base === null ? null : parseURL(toModelOrigins(ref), base);
  if (url === null || base === null) return 'unparsable';
  return sameOrigin(url, base) ? 'same-origin' : 'cross-origin';
}

function rejectedWith(r: StepResult | undefined, error: string): boolean {
  return r !== undefined && 'ok' in r && r.ok === false && r.error === error;
}

function resolved(r: StepResult | undefined): boolean {
  return r !== undefined && 'ok' in r && r.ok === true;
}

/** The Service-Worker-Allowed header the scenario serves with the register step's script, or undefined. */
export function serviceWorkerAllowedOf(m: Mismatch): { value: string; scriptURL: URL; scopeURL: URL } | undefined {
  const step = stepOf(m);
  const page = pageOf(m);
  if (step.do !== 'register' || page === undefined) return undefined;
  const pageURL = parseURL(toModelOrigins(page));
  if (pageURL === null) return undefined;
  const scriptURL = parseURL(toModelOrigins(step.script), pageURL);
  if (scriptURL === null) return undefined;
  const scopeURL = step.scope === undefined ? parseURL('./', scriptURL) : parseURL(toModelOrigins(step.scope), pageURL);
  if (scopeURL === null) return undefined;
  for (const [key, resource] of Object.entries(m.scenario.resources ?? {})) {
    const keyURL = parseURL(toModelOrigins(key));
    if (keyURL === null || keyURL.origin !== scriptURL.origin || keyURL.pathname !== scriptURL.pathname) continue;
    const headers = resource.http?.headers ?? {};
    const name = Object.keys(headers).find((h) => h.toLowerCase() === 'service-worker-allowed');
    return name === undefined ? undefined : { value: toModelOrigins(headers[name]!), scriptURL, scopeURL };
  }
  return undefined;
}

const variantCache = new WeakMap<Scenario, Map<(s: Scenario) => Scenario | null, StepResult[] | null>>();

/**
 * Explanation by a model variant: the engine behaves as if it ran `rewrite(scenario)` (e.g. an
 * option it ignores, a request it sends elsewhere). The mismatch is explained when the model's
 * prediction for the rewritten scenario is what the engine did at this step; this also explains
 * the consequences in later steps (a registration with another scope changes later lookups).
 */
export function explainedByVariant(m: Mismatch, rewrite: (s: Scenario) => Scenario | null): boolean {
  if (m.observed === undefined) return false;
  // One prediction per scenario and variant: a run's mismatches share both.
  let byRewrite = variantCache.get(m.scenario);
  if (!byRewrite) variantCache.set(m.scenario, (byRewrite = new Map()));
  if (!byRewrite.has(rewrite)) {
    const variant = rewrite(m.scenario);
    let predicted: StepResult[] | null = null;
    try {
      predicted = variant === null ? null : predictSteps(m.property, variant);
    } catch {
      predicted = null;
    }
    byRewrite.set(rewrite, predicted);
  }
  const predicted = byRewrite.get(rewrite);
  if (!predicted) return false;
  const p = predicted[m.step];
  return p !== undefined && compareOutcomes({ steps: [p] }, { steps: [m.observed] }).verdict === 'pass';
}

/**
 * The path WebKitGTK's network stack (libsoup) puts on the wire for a URL path: percent-escapes
 * of unreserved characters (A–Z a–z 0–9 - . _ ~) decoded, the others in uppercase hex. Observed
 * with the fixture server: "/%73w.js" is requested as "/sw.js", "/%c3%a9" as "/%C3%A9",
 * "/%25%32%66" as "/%252f".
 */
export function libsoupWirePath(path: string): string {
  return path.replace(/%([0-9A-Fa-f]{2})/g, (escape, hex: string) => {
    const c = String.fromCharCode(parseInt(hex, 16));
    return /[A-Za-z0-9\-._~]/.test(c) ? c : `%${hex.toUpperCase()}`;
  });
}

/** Percent-encode "|" in the path part (before "?" or "#") of a URL as the page writes it. */
export function encodePipeInPath(ref: string): string {
  const end = ref.search(/[?#]/);
  const head = end === -1 ? ref : ref.slice(0, end);
  return head.replaceAll('|', '%7C') + (end === -1 ? '' : ref.slice(end));
}

/** Chromium's variant: every URL the steps pass or navigate to with "|" in its path encoded. */
function withPipesEncoded(s: Scenario): Scenario | null {
  let changed = false;
  const enc = (ref: string) => {
    const out = encodePipeInPath(ref);
    if (out !== ref) changed = true;
    return out;
  };
  const steps = s.steps.map((x): Step => {
    switch (x.do) {
      case 'register':
        return { ...x, script: enc(x.script), ...(x.scope !== undefined ? { scope: enc(x.scope) } : {}) };
      case 'getRegistration':
        return x.url === undefined ? x : { ...x, url: enc(x.url) };
      case 'navigate':
      case 'open':
        return { ...x, url: enc(x.url) };
      default:
        return x;
    }
  });
  return changed ? { ...s, steps } : null;
}

/** Firefox's variant: a Service-Worker-Allowed header whose value is empty (after HTTP's whitespace trimming) is no header. */
function withoutEmptyServiceWorkerAllowed(s: Scenario): Scenario | null {
  let changed = false;
  const resources: Record<string, Resource> = {};
  for (const [key, r] of Object.entries(s.resources ?? {})) {
    const headers = r.http?.headers;
    const name = headers && Object.keys(headers).find((h) => h.toLowerCase() === 'service-worker-allowed');
    if (!headers || name === undefined || headers[name]!.trim() !== '') {
      resources[key] = r;
      continue;
    }
    changed = true;
    const { [name]: _drop, ...rest } = headers;
    resources[key] = { ...r, http: { ...r.http, headers: rest } } as Resource;
  }
  return changed ? { ...s, resources } : null;
}

/** WebKit's variant of a scenario: register({scope: ""}) as register() without a scope. */
function withoutEmptyScopes(s: Scenario): Scenario | null {
  if (!s.steps.some((x) => x.do === 'register' && x.scope === '')) return null;
  return { ...s, steps: s.steps.map((x): Step => (x.do === 'register' && x.scope === '' ? (({ scope: _drop, ...rest }) => rest)(x) : x)) };
}

/** WebKitGTK's variant: each script is answered with what the server has at the path libsoup puts on the wire. */
function servedFromWirePaths(s: Scenario): Scenario | null {
  const page = s.steps.find((x) => x.do === 'open')?.url;
  if (page === undefined) return null;
  const wire = (key: string) => key.replace(/^(\{[a-z]+\})(.*)$/, (_all, role: string, path: string) => role + libsoupWirePath(path));
  const resources: Record<string, Resource> = {};
  let changed = false;
  for (const [key, r] of Object.entries(s.resources ?? {})) {
    if (wire(key) === key) resources[key] = r;
    else changed = true;
  }
  // Each script is answered with what the server has at the path on the wire.
  for (const x of s.steps) {
    if (x.do !== 'register') continue;
    const key = resourceKeyFor(page, x.script);
    if (key === undefined || wire(key) === key) continue;
    changed = true;
    const served = s.resources?.[wire(key)];
    if (served) resources[key] = served;
    else delete resources[key];
  }
  return changed ? { ...s, resources } : null;
}

// ---------------------------------------------------------------------------------------------
// The quirks.

/** The quirks of the URL and registration properties. */
const URL_QUIRKS: readonly Quirk[] = [
  {
    name: 'origin-check-before-type-error',
    engines: ['chromium', 'webkit'],
    properties: ['url-match', 'register', 'navigation-control'],
    reason:
      'register() and getRegistration() resolve their URL arguments and check the origin first: a URL that does not parse (an opaque origin) ' +
      'or, in register(), a cross-origin script or scope rejects with SecurityError before the checks that reject with TypeError ' +
      '(getRegistration step 4: clientURL is failure; Start Register 1, 4, 6, 9: unparsable URL or %2f/%5c in a path). Hand-written check: scope/getregistration-unparsable.',
    probe: { property: 'url-match', steps: [{ do: 'getRegistration', client: 'c1', url: 'http://[/?/' }], observed: { ok: false, error: 'SecurityError' } },
    explains(m) {
      const page = pageOf(m);
      if (page === undefined || !rejectedWith(m.predicted, 'TypeError') || !rejectedWith(m.observed, 'SecurityError')) return false;
      return urlArguments(stepOf(m)).some((ref) => refKind(ref, page) !== 'same-origin');
    },
  },
  {
    name: 'malformed-uri-error-name',
    engines: ['firefox'],
    properties: ['url-match', 'register', 'navigation-control'],
    reason:
      'A URL argument of getRegistration() or register() that does not parse rejects with an exception named "NS_ERROR_MALFORMED_URI" ' +
      '(an XPCOM error leaking out) instead of a TypeError (getRegistration step 4, Start Register 1 and 6). Hand-written check: scope/getregistration-unparsable.',
    probe: { property: 'url-match', steps: [{ do: 'getRegistration', client: 'c1', url: '//?*' }], observed: { ok: false, error: 'NS_ERROR_MALFORMED_URI' } },
    explains(m) {
      const page = pageOf(m);
      if (page === undefined || !rejectedWith(m.predicted, 'TypeError') || !rejectedWith(m.observed, 'NS_ERROR_MALFORMED_URI')) return false;
      return urlArguments(stepOf(m)).some((ref) => refKind(ref, page) === 'unparsable');
    },
  },
  {
    name: 'cross-origin-service-worker-allowed-path-only',
    engines: ['firefox'],
    properties: ['register'],
    reason:
      'A Service-Worker-Allowed value that resolves to another origin is used for its path only: register() resolves when the scope is under ' +
      'that path, where the spec (Update fetch hook 14.3 and 16, since #1409) leaves maxScopeString null and rejects with SecurityError. Hand-written check: registration/swa-cross-origin.',
    link: 'https://github.com/w3c/ServiceWorker/issues/1307',
    probe: {
      property: 'register',
      steps: [{ do: 'register', client: 'c1', script: '/sw.js' }],
      resources: { '{a}/sw.js': worker('v1', {}, { headers: { 'Service-Worker-Allowed': '{b}/' } }) },
      observed: { ok: true, scope: '{a}/' },
    },
    explains(m) {
      if (!rejectedWith(m.predicted, 'SecurityError') || !resolved(m.observed)) return false;
      const swa = serviceWorkerAllowedOf(m);
      if (swa === undefined) return false;
      const maxScope = parseURL(swa.value, swa.scriptURL);
      return maxScope !== null && !sameOrigin(maxScope, swa.scriptURL) && swa.scopeURL.pathname.startsWith(maxScope.pathname);
    },
  },
  {
    name: 'unparsable-service-worker-allowed-security-error',
    engines: ['chromium', 'firefox', 'webkit'],
    properties: ['register'],
    reason:
      'A Service-Worker-Allowed value that does not parse against the script URL rejects register() with SecurityError; the spec ' +
      '(Update fetch hook 14.2) makes the fetch a network error, so script is null and Update step 8 rejects with TypeError. All three ' +
      'engines agree on SecurityError, against the model\'s position. Hand-written check: registration/swa-unparsable.',
    link: 'https://github.com/w3c/ServiceWorker/pull/1830',
    probe: {
      property: 'register',
      steps: [{ do: 'register', client: 'c1', script: '/sw.js' }],
      resources: { '{a}/sw.js': worker('v1', {}, { headers: { 'Service-Worker-Allowed': 'http://[' } }) },
      observed: { ok: false, error: 'SecurityError' },
    },
    explains(m) {
      if (!rejectedWith(m.predicted, 'TypeError') || !rejectedWith(m.observed, 'SecurityError')) return false;
      const swa = serviceWorkerAllowedOf(m);
      return swa !== undefined && parseURL(swa.value, swa.scriptURL) === null;
    },
  },
  {
    name: 'host-asterisk-quote-rejected',
    engines: ['firefox'],
    properties: ['url-match', 'register', 'navigation-control'],
    reason:
      'The host parser rejects "*" and \'"\' in a domain, which the URL Standard allows (they are not forbidden domain code points), so a URL ' +
      'such as "/\\foo*" (scheme-relative: host "foo*") fails to parse: getRegistration() rejects with NS_ERROR_MALFORMED_URI and ' +
      'register() with TypeError, where the model sees another origin (SecurityError).',
    probe: { property: 'url-match', steps: [{ do: 'getRegistration', client: 'c1', url: '/\\foo*' }], observed: { ok: false, error: 'NS_ERROR_MALFORMED_URI' } },
    explains(m) {
      const page = pageOf(m);
      if (page === undefined || !(rejectedWith(m.observed, 'NS_ERROR_MALFORMED_URI') || rejectedWith(m.observed, 'TypeError'))) return false;
      const base = parseURL(toModelOrigins(page));
      return urlArguments(stepOf(m)).some((ref) => {
        const url = base === null ? null : parseURL(toModelOrigins(ref), base);
        return url !== null && /[*"]/.test(url.hostname);
      });
    },
  },
  {
    name: 'empty-scope-is-default-scope',
    engines: ['webkit'],
    properties: ['url-match', 'register', 'navigation-control'],
    reason:
      'register(script, {scope: ""}) registers the default scope (the script\'s directory) as if no scope were given; the spec parses "" ' +
      'against the document\'s base URL (register() step 5), which gives the page\'s own URL. Later lookups follow from the other scope.',
    probe: {
      property: 'url-match',
      steps: [
        { do: 'register', client: 'c1', script: '/sw.js', scope: '', settle: true },
        { do: 'getRegistration', client: 'c1', url: '{a}/#' },
      ],
      observed: { scope: '{a}/' },
    },
    explains(m) {
      return explainedByVariant(m, withoutEmptyScopes);
    },
  },
  {
    name: 'wire-path-normalised',
    engines: ['webkit'],
    properties: ['register'],
    reason:
      'The network stack (libsoup) rewrites the request path: percent-escaped unreserved characters are decoded and other escapes ' +
      'uppercased, so a script at "/%73w.js" is fetched as "/sw.js" and the server answers for another resource (here: none, so the ' +
      'default text/plain, SecurityError). The URL the page sees is unchanged; only the HTTP request-target differs.',
    probe: {
      property: 'register',
      steps: [{ do: 'register', client: 'c1', script: '{a}/%73w.js' }],
      resources: { '{a}/%73w.js': worker('v1') },
      observed: { ok: false, error: 'SecurityError' },
    },
    explains(m) {
      return explainedByVariant(m, servedFromWirePaths);
    },
  },
  {
    name: 'pipe-percent-encoded-in-path',
    engines: ['chromium'],
    properties: ['url-match', 'register', 'navigation-control'],
    reason:
      'The URL parser percent-encodes "|" in paths ("/a|b" → "/a%7Cb"); "|" is not in the URL Standard\'s path percent-encode set, ' +
      'so scopes, lookups and navigations with "|" serialize differently (Firefox and WebKit keep it raw). Later lookups follow from the other scope.',
    probe: { property: 'url-match', steps: [{ do: 'register', client: 'c1', script: '/sw.js', scope: '{a}/|/', settle: true }], observed: { ok: true, scope: '{a}/%7C/' } },
    explains(m) {
      return explainedByVariant(m, withPipesEncoded);
    },
  },
  {
    name: 'empty-service-worker-allowed-ignored',
    engines: ['firefox'],
    properties: ['register'],
    reason:
      'A Service-Worker-Allowed header with an empty value is treated as no header (the max scope is the script\'s directory); the spec ' +
      'parses "" against the script URL, so the max scope is the script URL itself (Update fetch hook 14) and a scope above it is refused ' +
      'with SecurityError. Chromium and WebKit follow the spec.',
    probe: {
      property: 'register',
      steps: [{ do: 'register', client: 'c1', script: '/sw.js' }],
      resources: { '{a}/sw.js': worker('v1', {}, { headers: { 'Service-Worker-Allowed': '' } }) },
      observed: { ok: true, scope: '{a}/' },
    },
    explains(m) {
      return explainedByVariant(m, withoutEmptyServiceWorkerAllowed);
    },
  },
  {
    name: 'non-ascii-service-worker-allowed-rejected',
    engines: ['webkit'],
    properties: ['register'],
    reason:
      'A Service-Worker-Allowed value with a non-ASCII byte (e.g. Latin-1 "é") makes register() reject with SecurityError whatever the scope; ' +
      'the spec isomorphic-decodes the header value, so "é/" is the max scope "/%C3%A9/" (Chromium and Firefox agree).',
    probe: {
      property: 'register',
      steps: [{ do: 'register', client: 'c1', script: '/sw.js', scope: '/%C3%A9/' }],
      resources: { '{a}/sw.js': worker('v1', {}, { headers: { 'Service-Worker-Allowed': 'é/' } }) },
      observed: { ok: false, error: 'SecurityError' },
    },
    explains(m) {
      if (!rejectedWith(m.observed, 'SecurityError') || rejectedWith(m.predicted, 'SecurityError')) return false;
      const swa = serviceWorkerAllowedOf(m);
      return swa !== undefined && /[^\x00-\x7f]/.test(swa.value);
    },
  },
  {
    name: 'service-worker-allowed-whole-url',
    engines: ['firefox'],
    properties: ['register'],
    reason:
      'The max scope is the whole parsed Service-Worker-Allowed URL, query and fragment included ("x?q" → "/x?q", "/a/?" → "/a/?"), so a ' +
      'scope under its path but not under that string is refused with SecurityError; the spec takes the path only (Update fetch hook 14.4, ' +
      'maxScopeString is "/" and the path segments). Chromium follows the spec. Hand-written check: registration/swa-with-query.',
    probe: {
      property: 'register',
      steps: [{ do: 'register', client: 'c1', script: '/x.mjs', scope: '{a}/x/' }],
      resources: { '{a}/x.mjs': worker('v1', {}, { headers: { 'Service-Worker-Allowed': 'x?q' } }) },
      observed: { ok: false, error: 'SecurityError' },
    },
    explains(m) {
      if (!resolved(m.predicted) || !rejectedWith(m.observed, 'SecurityError')) return false;
      const swa = serviceWorkerAllowedOf(m);
      const maxScope = swa === undefined ? null : parseURL(swa.value, swa.scriptURL);
      if (swa === undefined || maxScope === null || !sameOrigin(maxScope, swa.scriptURL)) return false;
      const whole = maxScope.href.slice(maxScope.origin.length);
      const scope = swa.scopeURL.href.slice(swa.scopeURL.origin.length);
      return whole !== maxScope.pathname && !scope.startsWith(whole);
    },
  },
];

// ---------------------------------------------------------------------------------------------
// fuzz/cache-match: engine variants run through the model's cache algorithms (cache-match.ts).

const cacheVariantCache = new WeakMap<Scenario, Map<CacheVariant, StepResult[] | null>>();

/** Explained when the model's cache algorithms, fed the inputs as the engine effectively sees them, answer what the engine did. */
export function explainedByCacheVariant(m: Mismatch, variant: CacheVariant): boolean {
  if (m.observed === undefined) return false;
  let byVariant = cacheVariantCache.get(m.scenario);
  if (!byVariant) cacheVariantCache.set(m.scenario, (byVariant = new Map()));
  if (!byVariant.has(variant)) {
    let predicted: StepResult[] | null = null;
    try {
      predicted = predictCacheMatch(m.scenario, variant);
    } catch {
      predicted = null;
    }
    byVariant.set(variant, predicted);
  }
  const p = byVariant.get(variant)?.[m.step];
  return p !== undefined && compareOutcomes({ steps: [p] }, { steps: [m.observed] }).verdict === 'pass';
}

/** WebKit and Firefox have two cache quirks each; a step may need both at once. */
const WEBKIT_CACHE = combineVariants(WEBKIT_UNTRIMMED_VARY, WEBKIT_PUT_IN_PLACE);
const FIREFOX_CACHE = combineVariants(FIREFOX_EMPTY_IS_ABSENT, FIREFOX_EMPTY_FRAGMENT_DROPPED);

const cachePut = (request: CacheRequestInit, body: string, vary?: string): Step => ({
  do: 'cache',
  client: 'c1',
  op: 'put',
  cacheName: 'f',
  request,
  response: { from: 'new', body, ...(vary ? { headers: { Vary: vary } } : {}) },
});

export const CACHE_QUIRKS: readonly Quirk[] = [
  {
    name: 'cache-vary-empty-equals-absent',
    engines: ['firefox'],
    properties: ['cache-match'],
    reason:
      'A header named by Vary that one request has with an empty value and the other lacks compares equal; sw.bs Request Matches Cached Item 8 ' +
      'compares combined values, and an absent header\'s is null (position cache-vary-combined-value, #991). Chromium and WebKit follow the spec. ' +
      'Hand-written checks: caches/vary-absent-vs-empty, caches/vary-empty-vs-absent.',
    link: 'https://github.com/w3c/ServiceWorker/issues/991',
    probe: {
      property: 'cache-match',
      steps: [cachePut('/cache/k/a', 'e0', 'x-a'), { do: 'cache', client: 'c1', op: 'keys', cacheName: 'f', request: { url: '/cache/k/a', headers: { 'x-a': '' } } }],
      resources: {},
      observed: { urls: ['{a}/cache/k/a'] },
    },
    explains: (m) => explainedByCacheVariant(m, FIREFOX_EMPTY_IS_ABSENT) || explainedByCacheVariant(m, FIREFOX_CACHE),
  },
  {
    name: 'cache-empty-fragment-dropped',
    engines: ['firefox'],
    properties: ['cache-match'],
    reason:
      'A request URL with an empty fragment ("/a#") comes back from keys() without the "#"; the URL Standard serializes an empty fragment ' +
      'as "#" and the Cache keeps the request as given (WPT cache-put keeps fragments: "differ only by a fragment"). Matching, which ' +
      'excludes fragments, is not affected.',
    link: 'https://url.spec.whatwg.org/#url-serializing',
    probe: {
      property: 'cache-match',
      steps: [cachePut('/cache/k/a#', 'e0'), { do: 'cache', client: 'c1', op: 'keys', cacheName: 'f', request: '/cache/k/a' }],
      resources: {},
      observed: { urls: ['{a}/cache/k/a'] },
    },
    explains: (m) => explainedByCacheVariant(m, FIREFOX_EMPTY_FRAGMENT_DROPPED) || explainedByCacheVariant(m, FIREFOX_CACHE),
  },
  {
    name: 'cache-vary-untrimmed-elements',
    engines: ['webkit'],
    properties: ['cache-match'],
    reason:
      'Vary is split on commas without trimming, so an element with whitespace (" x-b" in "x-a, x-b") names no header and takes no part in ' +
      'matching: an entry matches a query that differs in that header. The field-values are header names, whitespace around list elements is ' +
      'not part of them (RFC 9110 §5.6.1; sw.bs #1609). Hand-written check: caches/vary-two-headers-second-differs.',
    link: 'https://github.com/w3c/ServiceWorker/issues/1609',
    probe: {
      property: 'cache-match',
      steps: [cachePut({ url: '/cache/k/a', headers: { 'x-a': '1', 'x-b': '1' } }, 'e0', 'x-a, x-b'), { do: 'cache', client: 'c1', op: 'keys', cacheName: 'f', request: { url: '/cache/k/a', headers: { 'x-a': '1', 'x-b': '2' } } }],
      resources: {},
      observed: { urls: ['{a}/cache/k/a'] },
    },
    explains: (m) => explainedByCacheVariant(m, WEBKIT_UNTRIMMED_VARY) || explainedByCacheVariant(m, WEBKIT_CACHE),
  },
  {
    name: 'cache-put-replaces-in-place',
    engines: ['webkit'],
    properties: ['cache-match'],
    reason:
      'put (and addAll) of a request that entries match updates the first of them where it stands, keeping its request and the Vary it was ' +
      'stored with, and leaves the others: keys() keeps the old position and the old URL (fragment included), later queries match under the ' +
      'old Vary, and entries that should have been replaced remain. Batch Cache Operations removes the matching entries and appends the new one, so it goes to the end ' +
      'with its own URL (WPT cache-put "differ only by a fragment" expects the last URL). Hand-written checks: caches/put-replaces-and-moves-to-end, ' +
      'caches/put-fragments-same-entry, caches/addall-replaces-put.',
    link: 'https://w3c.github.io/ServiceWorker/#batch-cache-operations-algorithm',
    probe: {
      property: 'cache-match',
      steps: [cachePut('/cache/k/a?x=1', 'e0'), cachePut('/cache/k/a', 'e1'), cachePut('/cache/k/a?x=1', 'e2'), { do: 'cache', client: 'c1', op: 'keys', cacheName: 'f', request: '/cache/k/a', options: { ignoreSearch: true } }],
      resources: {},
      observed: { urls: ['{a}/cache/k/a?x=1', '{a}/cache/k/a'] },
    },
    explains: (m) => explainedByCacheVariant(m, WEBKIT_PUT_IN_PLACE) || explainedByCacheVariant(m, WEBKIT_CACHE),
  },
  {
    name: 'cache-put-one-entry-per-url',
    engines: ['chromium'],
    properties: ['cache-match'],
    reason:
      'put (and addAll) replace every entry for the URL whatever its Vary, so a cache holds one entry per URL; Batch Cache Operations removes only ' +
      'the entries the new request matches under their own Vary (WPT cache-keys "without parameters and VARY entries" expects three entries, ' +
      'cache-add "differ by vary header"). Hand-written checks: caches/vary-put-keeps-variants, caches/addall-vary-differ.',
    link: 'https://github.com/w3c/ServiceWorker/issues/1609',
    probe: {
      property: 'cache-match',
      steps: [
        cachePut({ url: '/cache/k/a', headers: { 'x-a': '1' } }, 'e0', 'x-a'),
        cachePut({ url: '/cache/k/a', headers: { 'x-a': '2' } }, 'e1', 'x-a'),
        { do: 'cache', client: 'c1', op: 'keys', cacheName: 'f', request: '/cache/k/a', options: { ignoreVary: true } },
      ],
      resources: {},
      observed: { urls: ['{a}/cache/k/a'] },
    },
    explains: (m) => explainedByCacheVariant(m, CHROMIUM_PUT_BY_URL),
  },
];

/** Every named quirk. */
export const QUIRKS: readonly Quirk[] = [...URL_QUIRKS, ...CACHE_QUIRKS];

/** The quirks (among `candidates`) that explain `m` for its engine and property. */
export function quirksExplaining(m: Mismatch, candidates: readonly Quirk[] = QUIRKS): Quirk[] {
  return candidates.filter((q) => {
    if (!q.engines.includes(m.engine) || !q.properties.includes(m.property)) return false;
    try {
      return q.explains(m);
    } catch {
      return false; // a predicate that throws explains nothing
    }
  });
}

export function quirkNamed(name: string): Quirk | undefined {
  return QUIRKS.find((q) => q.name === name);
}
