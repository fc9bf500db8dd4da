// Generated inputs → deterministic Scenarios (plain data, the one loop's input), and the model's
// prediction for them. Pure: no browser, no I/O. Everything a property compares is a step of its
// scenario, so a counterexample is a scenario anyone can run as a check (regressions.spec.ts) or with `npm run model`.
import { getRegistrationMethod } from '../../model/registration/get-registration.js';
import { predict, simulate } from '../../model/scenario/interpreter.js';
import { abstractString, resourceKeyFor as resourceKeyOf, MODEL_ORIGINS, ORIGIN_ROLES, resolveString, type Resource, type Scenario, type Step, type StepResult } from '../../contract/index.js';
import { parseURL, serializeURL } from '../../model/standards/url.js';
import { worker } from '../harness/build.js';
import { scopeRaw, urlRaw, writeRef, type NavigationInput, type RegisterInput, type UrlMatchInput } from './arbitraries.js';
import { cacheMatchScenario, isCacheQueryStep, predictCacheMatch, type CacheMatchInput } from './cache-match.js';

export const PROPERTY_IDS = ['url-match', 'register', 'navigation-control', 'cache-match'] as const;
export type PropertyId = (typeof PROPERTY_IDS)[number];

export function isPropertyId(x: unknown): x is PropertyId {
  return typeof x === 'string' && (PROPERTY_IDS as readonly string[]).includes(x);
}

export const PROPERTY_META: Record<PropertyId, { title: string; spec: string[] }> = {
  'url-match': {
    title: "getRegistration(url) equals the model's longest-prefix match for random scope families",
    spec: ['sw.bs § Match Service Worker Registration', 'sw.bs § getRegistration() steps 1–8', 'sw.bs § Start Register steps 4–9', 'url.bs § URL parsing'],
  },
  register: {
    title: "register() resolves or rejects, with the model's error name, for random scripts, scopes and Service-Worker-Allowed values",
    spec: ['sw.bs § register() method steps', 'sw.bs § Start Register', 'sw.bs § Register steps 1–3', 'sw.bs § Update (fetch hook steps 8–16)'],
  },
  'navigation-control': {
    title: 'the worker that controls a navigation equals the model for random scope families',
    spec: ['sw.bs § Handle Fetch step 9 (non-subresource request)', 'sw.bs § Match Service Worker Registration', 'html.bs § navigate'],
  },
  'cache-match': {
    title: "Cache match / matchAll / keys and CacheStorage.match equal the model for random entries, Vary headers, methods and query options",
    spec: ['sw.bs § Query Cache', 'sw.bs § Request Matches Cached Item', 'sw.bs § Batch Cache Operations', 'sw.bs § Cache put(request, response)', 'sw.bs § CacheStorage match(request, options)'],
  },
};

// ---------------------------------------------------------------------------------------------
// Placeholders on the model's own origins (predict() resolves scenarios the same way).

/** "{a}/x" → "http://run.localhost:8000/x" (the origins predict() uses for placeholder scenarios). */
export const toModelOrigins = (s: string): string => resolveString(s, MODEL_ORIGINS);

/** The inverse of toModelOrigins. */
export const fromModelOrigins = (s: string): string => abstractString(s, MODEL_ORIGINS);

/**
 * The WHATWG serialization (fragment excluded) of `ref` parsed against `base`, with placeholders
 * on the model's origins; null when it does not parse. Through model/url.ts only.
 */
export function canonicalRef(ref: string, base: string): string | null {
  const baseURL = parseURL(toModelOrigins(base));
  const url = baseURL === null ? null : parseURL(toModelOrigins(ref), baseURL);
  return url === null ? null : serializeURL(url, true);
}

/**
 * The "{role}/path" key under which the fixture server must serve `ref` requested from `page`
 * (the query is ignored), or undefined for URLs that never reach it. Parsed with the model's
 * parser, so the key is the path browsers request.
 */
export function resourceKeyFor(page: string, ref: string): string | undefined {
  return resourceKeyOf(page, ref, (input, base) => {
    const b = parseURL(base);
    const url = b === null ? null : parseURL(input, b);
    return url === null ? null : { origin: url.origin, pathname: url.pathname };
  });
}

/** Keep the first of each group of references that parse to the same URL (unparsable ones by their text). */
function dedupeRefs(refs: string[], base: string, also: string[] = []): string[] {
  const seen = new Set(also.map((r) => canonicalRef(r, base) ?? `raw:${r}`));
  return refs.filter((r) => {
    const key = canonicalRef(r, base) ?? `raw:${r}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function meta(id: PropertyId): Pick<Scenario, 'id' | 'area' | 'title' | 'spec'> {
  return { id: `fuzz/${id}`, area: 'fuzz', title: PROPERTY_META[id].title, spec: PROPERTY_META[id].spec };
}

// ---------------------------------------------------------------------------------------------
// Property 1: url-match.

/** The one root script every scope of a url-match run registers with (its max scope is "/"). */
export const URL_MATCH_SCRIPT = '/sw.js';

export function urlMatchScenario(input: UrlMatchInput): Scenario {
  const page = `{a}${input.pageDir}page.html`;
  const raws = input.scopes.map((s) => scopeRaw(input.base, s));
  const scopes = dedupeRefs(input.scopes.map((s, i) => writeRef(raws[i]!, s.form)), page);
  const urls = input.urls.map((u) => writeRef(urlRaw(input.base, raws, u), u.form));
  return {
    ...meta('url-match'),
    resources: { [`{a}${URL_MATCH_SCRIPT}`]: worker('v1') },
    steps: [
      { do: 'open', client: 'c1', url: page },
      // Settled: the lookups test matching, not a race with the registrations' lifecycle.
      ...scopes.map((scope): Step => ({ do: 'register', client: 'c1', script: URL_MATCH_SCRIPT, scope, settle: true })),
      ...urls.map((url): Step => ({ do: 'getRegistration', client: 'c1', url })),
    ],
  };
}

/**
 * The model's step results for a url-match scenario, fast: the open and register steps through
 * predict()'s simulation, then each lookup through the model's getRegistration() method steps
 * (model/registration/get-registration.ts) over the simulated registration map — the same functions predict()'s
 * getRegistration step calls (test/scenarios.test.ts checks that the two agree).
 */
export function predictUrlMatch(scenario: Scenario): StepResult[] {
  const model = urlMatchModel(scenario);
  return [...model.setup, ...model.lookups.map((step) => model.lookup(step.url))];
}

/**
 * The model of a url-match scenario in two parts: the results of its open and register steps
 * (simulated once), and a function answering one getRegistration(url) over the resulting
 * registration map (a radix-index lookup, millions per second).
 */
export function urlMatchModel(scenario: Scenario): {
  setup: StepResult[];
  lookups: Array<Extract<Step, { do: 'getRegistration' }>>;
  lookup(url: string | undefined): StepResult;
} {
  let first = scenario.steps.findIndex((s) => s.do === 'getRegistration');
  if (first === -1) first = scenario.steps.length;
  const { outcome, world } = simulate({ ...scenario, steps: scenario.steps.slice(0, first) });
  const doc = world.windows.get('c1');
  if (!doc) throw new Error('url-match: the page did not load in the model');
  const pageUrl = serializeURL(doc.url);
  const lookups = scenario.steps.slice(first).map((step) => {
    if (step.do !== 'getRegistration') throw new Error(`url-match: unexpected step "${step.do}" after the lookups began`);
    return step;
  });
  return {
    setup: outcome.steps,
    lookups,
    lookup(url) {
      const r = getRegistrationMethod(pageUrl, url === undefined ? undefined : toModelOrigins(url), world.registrationMap);
      return 'ok' in r ? { ok: false, error: r.error } : { scope: r.scope === null ? null : fromModelOrigins(r.scope) };
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Property 2: register.

export function registerScenario(input: RegisterInput): Scenario {
  const page = `{a}${input.pageDir}page.html`;
  const resources: Record<string, Resource> = {};
  const steps: Step[] = [{ do: 'open', client: 'c1', url: page }];
  input.cases.forEach((c, i) => {
    const script = writeRef(c.script.dir + c.script.name + c.script.query, c.script.form);
    // The script is served as a generated worker; the first case that names a path decides its headers.
    const key = resourceKeyFor(page, script);
    if (key !== undefined && resources[key] === undefined) {
      resources[key] = worker(`v${i + 1}`, {}, c.swa === null ? undefined : { headers: { 'Service-Worker-Allowed': c.swa } });
    }
    // Scopes are cut from the script's own URL: around its directory, the default max scope.
    const scope = c.scope === null ? undefined : writeRef(scopeRaw(c.script.dir + c.script.name, c.scope), c.scope.form);
    steps.push({ do: 'register', client: 'c1', script, ...(scope !== undefined ? { scope } : {}) });
  });
  return { ...meta('register'), resources, steps };
}

// ---------------------------------------------------------------------------------------------
// Property 3: navigation-control.

/** The registering page; generated URLs never spell it (no "_" in the material). */
export const NAVIGATION_PAGE = '{a}/__fuzz__/page.html';

export function navigationScenario(input: NavigationInput): Scenario {
  const raws = input.scopes.map((s) => scopeRaw(input.base, s));
  const scopes = dedupeRefs(input.scopes.map((s, i) => writeRef(raws[i]!, s.form)), NAVIGATION_PAGE);
  const resources: Record<string, Resource> = {};
  const registers: Step[] = scopes.map((scope, i) => {
    // Its own root script per scope, so the controller's script URL names the registration.
    const script = `/nav-sw-${i + 1}.js`;
    resources[`{a}${script}`] = worker(`w${i + 1}`);
    return { do: 'register', client: 'c1', script, scope, settle: true };
  });
  // No two navigations to the same URL but for the fragment: that would be a same-document
  // navigation, which fetches nothing.
  const urls = dedupeRefs(
    input.navigations.map((u) => writeRef(urlRaw(input.base, raws, { ...u, suffix: u.suffix + (u.html ? '.html' : '') }), u.form)),
    NAVIGATION_PAGE,
    [NAVIGATION_PAGE],
  );
  return {
    ...meta('navigation-control'),
    resources,
    steps: [{ do: 'open', client: 'c1', url: NAVIGATION_PAGE }, ...registers, ...urls.map((url): Step => ({ do: 'navigate', client: 'c1', url }))],
  };
}

// ---------------------------------------------------------------------------------------------

/** Which steps of a scenario are the property's checks (for counting and for progress lines). */
export function checkedSteps(id: PropertyId, scenario: Scenario): number {
  if (id === 'cache-match') return scenario.steps.filter(isCacheQueryStep).length;
  const kind = id === 'url-match' ? 'getRegistration' : id === 'register' ? 'register' : 'navigate';
  return scenario.steps.filter((s) => s.do === kind).length;
}

/** The model's step results for a property's scenario. */
export function predictSteps(id: PropertyId, scenario: Scenario): StepResult[] {
  if (id === 'cache-match') return predictCacheMatch(scenario);
  return id === 'url-match' ? predictUrlMatch(scenario) : predict(scenario).steps;
}

// ---------------------------------------------------------------------------------------------
// Property 4: cache-match (cache-match.ts).

export function cacheMatchPropertyScenario(input: CacheMatchInput): Scenario {
  return cacheMatchScenario(input, meta('cache-match'));
}

/**
 * The smallest scenario that still shows the mismatching steps `failing` (indices into
 * scenario.steps): lookups are independent of one another, so a url-match scenario keeps its
 * registrations and only the failing lookups; other scenarios keep every step up to the last
 * failing one (later steps cannot change earlier results). `keep` lists the original indices of
 * the steps kept, in order; `steps` the new indices of the failing ones.
 */
export function reduceScenario(id: PropertyId, scenario: Scenario, failing: number[]): { scenario: Scenario; steps: number[]; keep: number[] } {
  let keep: number[];
  if (failing.length === 0) keep = scenario.steps.map((_, i) => i);
  else if (id === 'url-match') keep = scenario.steps.flatMap((s, i) => (s.do !== 'getRegistration' || failing.includes(i) ? [i] : []));
  // cache-match: the puts stay, and only the failing queries (queries change nothing).
  else if (id === 'cache-match') keep = scenario.steps.flatMap((s, i) => (!isCacheQueryStep(s) || failing.includes(i) ? [i] : []));
  else keep = scenario.steps.slice(0, Math.max(...failing) + 1).map((_, i) => i);
  return {
    scenario: { ...scenario, steps: keep.map((i) => scenario.steps[i]!) },
    steps: failing.map((i) => keep.indexOf(i)),
    keep,
  };
}
