// The arbitraries reach the hard cases: measured frequencies over a fixed sample (seeded, so the
// figures are stable), each with a floor. The table is printed as test diagnostics.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import type { Scenario, Step } from '../../../contract/index.js';
import { validateScenario } from '../../../contract/index.js';
import { mutate, navigationInput, registerInput, urlMatchInput, writeRef } from '../arbitraries.js';
import { canonicalRef, navigationScenario, predictUrlMatch, registerScenario, urlMatchScenario } from '../scenarios.js';

const SAMPLES = 300;
/**
 * A url-match scenario batches thousands of lookups (one sample holds ~5,000 strings), so 40
 * samples already measure the frequencies over ~200,000 strings; 300 took ~5 minutes of CPU in
 * canonicalRef at collection time (issue 20).
 */
const URL_MATCH_SAMPLES = 40;

function steps<K extends Step['do']>(s: Scenario, kind: K): Array<Extract<Step, { do: K }>> {
  return s.steps.filter((x): x is Extract<Step, { do: K }> => x.do === kind);
}

function pageOf(s: Scenario): string {
  return (s.steps[0] as Extract<Step, { do: 'open' }>).url;
}

/** Fraction of `items` for which `f` holds. */
function share<T>(items: T[], f: (x: T) => boolean): number {
  return items.length === 0 ? 0 : items.filter(f).length / items.length;
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

describe('url-match inputs reach the hard cases', () => {
  const scenarios = fc.sample(urlMatchInput(), { seed: 20261121, numRuns: URL_MATCH_SAMPLES }).map(urlMatchScenario);
  const scopes = scenarios.flatMap((s) => steps(s, 'register').map((r) => ({ raw: r.scope ?? '', canonical: canonicalRef(r.scope ?? '', pageOf(s)) })));
  const urls = scenarios.flatMap((s) => steps(s, 'getRegistration').map((g) => ({ raw: g.url ?? '', canonical: canonicalRef(g.url ?? '', pageOf(s)) })));
  const strings = [...scopes, ...urls];
  const path = (c: string | null) => (c === null ? '' : new URL(c).pathname);
  const search = (c: string | null) => (c === null ? '' : new URL(c).search);

  // Per string (scopes and lookup URLs as the page writes them).
  const perString: Array<[string, number, number]> = [
    ['%2f (lower case)', share(strings, (x) => x.raw.includes('%2f')), 0.02],
    ['%2F (upper case)', share(strings, (x) => x.raw.includes('%2F')), 0.02],
    ['%5c or %5C', share(strings, (x) => /%5c/i.test(x.raw)), 0.02],
    ['%2e or %2E', share(strings, (x) => /%2e/i.test(x.raw)), 0.05],
    ['dot segment (raw or encoded) in the path', share(strings, (x) => /(^|[/\\])(\.|%2e){1,2}([/\\?#]|$)/i.test(x.raw)), 0.05],
    ['raw non-ASCII', share(strings, (x) => /[^\x00-\x7f]/.test(x.raw)), 0.05],
    ['encoded non-ASCII, upper case', share(strings, (x) => /%[C-F][0-9A-F]%[89AB][0-9A-F]/.test(x.raw)), 0.02],
    ['encoded non-ASCII, lower case', share(strings, (x) => /%[c-f][0-9a-f]%[89ab][0-9a-f]/.test(x.raw)), 0.02],
    ['percent-encoded unreserved ASCII (%61, %7e, ...)', share(strings, (x) => /%(4[1-9A-F]|5[0-9A]|6[1-9A-F]|7[0-9A]|2D|5F|7E)/i.test(x.raw)), 0.02],
    ['empty or repeated slashes in the serialized path', share(strings, (x) => path(x.canonical).includes('//')), 0.03],
    ['backslash', share(strings, (x) => x.raw.includes('\\')), 0.02],
    ['query', share(strings, (x) => search(x.canonical) !== ''), 0.2],
    ['long (serialized > 150 characters)', share(strings, (x) => (x.canonical ?? '').length > 150), 0.02],
    ['relative reference', share(strings, (x) => x.raw !== '' && !x.raw.startsWith('/') && !x.raw.startsWith('{') && !x.raw.startsWith('http')), 0.05],
    ['another origin', share(strings, (x) => x.raw.startsWith('{b}') || (x.canonical !== null && !x.canonical.startsWith('http://run.localhost:8000/'))), 0.02],
    ['does not parse', share(strings, (x) => x.canonical === null), 0.02],
  ];
  const perScope: Array<[string, number, number]> = [
    ['scope with a query', share(scopes, (x) => search(x.canonical) !== ''), 0.15],
    ['scope ending in "/"', share(scopes, (x) => path(x.canonical).endsWith('/') && search(x.canonical) === ''), 0.1],
    ['scope not ending in "/"', share(scopes, (x) => x.canonical !== null && !path(x.canonical).endsWith('/')), 0.3],
  ];
  const perURL: Array<[string, number, number]> = [['lookup URL with a fragment', share(urls, (x) => x.raw.includes('#')), 0.1]];
  // Per run (a scope family and its lookups, through the model).
  const perRun = scenarios.map((s) => {
    const registered = steps(s, 'register').map((r) => canonicalRef(r.scope ?? '', pageOf(s))).filter((c): c is string => c !== null);
    const predicted = predictUrlMatch(s);
    const lookups = s.steps.flatMap((x, i) => (x.do === 'getRegistration' ? [{ url: canonicalRef(x.url ?? '', pageOf(s)), result: predicted[i]! }] : []));
    const matched = lookups.filter((l) => 'scope' in l.result && l.result.scope !== null);
    return {
      prefixFamily: registered.some((a) => registered.some((b) => a !== b && b.startsWith(a))),
      notAtSlash: registered.some((a) => registered.some((b) => a !== b && b.startsWith(a) && !a.endsWith('/') && b[a.length] !== '/')),
      matchedShare: lookups.length ? matched.length / lookups.length : 0,
      severalMatch: lookups.some((l) => l.url !== null && registered.filter((r) => l.url!.startsWith(r)).length >= 2),
      exactScope: lookups.some((l) => l.url !== null && registered.includes(l.url)),
      lookups: lookups.length,
    };
  });
  const perRunTable: Array<[string, number, number]> = [
    ['runs whose scopes are prefixes of one another', share(perRun, (r) => r.prefixFamily), 0.3],
    ['... not at a "/" ("/foo" and "/foobar")', share(perRun, (r) => r.notAtSlash), 0.15],
    ['runs with a lookup that several scopes match (longest wins)', share(perRun, (r) => r.severalMatch), 0.3],
    ['runs with a lookup of exactly a scope', share(perRun, (r) => r.exactScope), 0.2],
    ['lookups that match some scope (mean share per run)', perRun.reduce((a, r) => a + r.matchedShare, 0) / perRun.length, 0.25],
  ];

  for (const [name, got, floor] of [...perString, ...perScope, ...perURL, ...perRunTable]) {
    test(`${name}: ${pct(got)} (at least ${pct(floor)})`, (t) => {
      t.diagnostic(`${name}: ${pct(got)}`);
      assert.ok(got >= floor, `${name}: ${pct(got)} < ${pct(floor)}`);
    });
  }

  test('many lookups per registered family (size "max")', () => {
    const mean = perRun.reduce((a, r) => a + r.lookups, 0) / perRun.length;
    assert.ok(mean >= 50, `mean lookups per run ${mean}`);
  });

  test('every generated scenario is a valid, deterministic scenario', () => {
    const inputs = fc.sample(urlMatchInput(), { seed: 7, numRuns: 50 });
    for (const i of inputs) {
      const s = urlMatchScenario(i);
      validateScenario(s);
      assert.deepEqual(urlMatchScenario(structuredClone(i)), s);
      // No two registered scopes are the same URL (registered in parallel, they would race).
      const c = steps(s, 'register').map((r) => canonicalRef(r.scope ?? '', pageOf(s)) ?? r.scope);
      assert.equal(new Set(c).size, c.length);
    }
  });
});

describe('register inputs reach the hard cases', () => {
  const scenarios = fc.sample(registerInput(), { seed: 99, numRuns: SAMPLES }).map(registerScenario);
  const registers = scenarios.flatMap((s) => steps(s, 'register').map((r) => ({ s, r })));
  const swa = scenarios.flatMap((s) => Object.values(s.resources ?? {}).map((r) => r.http?.headers?.['Service-Worker-Allowed']));
  const table: Array<[string, number, number]> = [
    ['register() without a scope', share(registers, (x) => x.r.scope === undefined), 0.15],
    ['script path with %2f or %5c', share(registers, (x) => /%2f|%5c/i.test(x.r.script)), 0.05],
    ['cross-origin script', share(registers, (x) => x.r.script.startsWith('{b}')), 0.03],
    ['scope above the script directory', share(registers, (x) => x.r.scope !== undefined && (canonicalRef(x.r.scope, pageOf(x.s)) ?? '').length < (canonicalRef('./', canonicalRef(x.r.script, pageOf(x.s)) ?? pageOf(x.s)) ?? '').length), 0.1],
    ['scripts served with Service-Worker-Allowed', share(swa, (v) => v !== undefined), 0.3],
    ['... a cross-origin value', share(swa, (v) => v !== undefined && v.startsWith('{b}')), 0.01],
    ['... a value that does not parse', share(swa, (v) => v === 'http://['), 0.01],
  ];
  for (const [name, got, floor] of table) {
    test(`${name}: ${pct(got)} (at least ${pct(floor)})`, (t) => {
      t.diagnostic(`${name}: ${pct(got)}`);
      assert.ok(got >= floor, `${name}: ${pct(got)} < ${pct(floor)}`);
    });
  }
  test('Service-Worker-Allowed values are Latin-1 (they are HTTP header values)', () => {
    for (const v of swa) if (v !== undefined) assert.match(v, /^[\x20-\x7e\xa0-\xff]*$/);
  });
  test('every generated scenario is valid', () => {
    for (const s of scenarios.slice(0, 50)) validateScenario(s);
  });
});

describe('navigation inputs', () => {
  const scenarios = fc.sample(navigationInput(), { seed: 5, numRuns: 200 }).map(navigationScenario);
  test('navigations: distinct URLs but for the fragment, never the registering page, some controlled', () => {
    let controlled = 0;
    let total = 0;
    for (const s of scenarios) {
      validateScenario(s);
      const navs = steps(s, 'navigate').map((n) => canonicalRef(n.url, pageOf(s)));
      assert.equal(new Set(navs).size, navs.length);
      assert.ok(!navs.includes(canonicalRef(pageOf(s), pageOf(s))));
      const scopes = steps(s, 'register').map((r) => canonicalRef(r.scope ?? '', pageOf(s)));
      for (const n of navs) {
        total++;
        if (n !== null && scopes.some((sc) => sc !== null && n.startsWith(sc))) controlled++;
      }
    }
    assert.ok(controlled / total >= 0.3, `controlled navigations ${pct(controlled / total)}`);
  });
});

describe('mutations and forms are string operations on inputs', () => {
  test('mutate', () => {
    assert.equal(mutate('/%2f/x', 'flip-percent-case'), '/%2F/x');
    assert.equal(mutate('/ab', 'encode-a-letter'), '/%61b');
    assert.equal(mutate('/a/é', 'encode-non-ascii'), '/a/%c3%a9');
    assert.equal(mutate('/a😀', 'drop-last-char'), '/a');
    assert.equal(mutate('/a/b', 'backslash'), '\\a\\b');
    assert.equal(mutate('/a/b', 'double-slash'), '/a//b');
  });
  test('writeRef', () => {
    assert.equal(writeRef('/x', 'absolute'), '{a}/x');
    assert.equal(writeRef('//x', 'relative'), 'x');
    assert.equal(writeRef('/x', 'cross-origin'), '{b}/x');
    assert.equal(writeRef('/x', 'empty'), '');
  });
});
