// The explainer's dialect (../shared/seeds/004_11028f5d3bd790ad.txt, "Longest-Prefix Matching"
// and the scope rules around it), so a report can set explainer, spec and browsers side by side.
//
// Explainer-era scopes were patterns with a trailing "*" wildcard ("/foo*", default "/*").
// Its rules, as written:
//   - "the `*` can only occur at the end of a matching rule, so attempts to register `/foo/*/bar`
//     or `*bar` will throw exceptions"
//   - "registering a pattern that includes a "?" or "#" will also throw exceptions"
//   - "navigations are mapped to ServiceWorkers by longest-prefix-match"
// Today's spec removed "*" (w3c/ServiceWorker 5bddece, 2014-07-30, fixing #287): a scope is a
// plain URL prefix, "*" is an ordinary path character, "?" starts a kept query, "#" a dropped
// fragment. Patterns are resolved against the registering page like today's scope option.

import { parseURL, serializeURL } from '../standards/url.js';

export type ExplainerPatternError = 'star-not-at-end' | 'query-or-fragment';

export interface ExplainerPattern {
  /** The pattern as registered. */
  pattern: string;
  /** The pattern without its trailing "*". */
  prefix: string;
  /** The pattern ended in "*" (prefix match); otherwise it names one URL exactly. */
  wildcard: boolean;
}

export type ExplainerPatternResult = { ok: true; value: ExplainerPattern } | { ok: false; error: ExplainerPatternError; pattern: string };

/** The explainer's registration rules: where "*", "?" and "#" may appear. */
export function parseExplainerPattern(pattern: string): ExplainerPatternResult {
  const star = pattern.indexOf('*');
  // "* can only occur at the end of a matching rule" (/foo/*/bar, *bar throw).
  if (star !== -1 && star !== pattern.length - 1) return { ok: false, error: 'star-not-at-end', pattern };
  // "a pattern that includes a ? or # will also throw".
  if (pattern.includes('?') || pattern.includes('#')) return { ok: false, error: 'query-or-fragment', pattern };
  const wildcard = star !== -1;
  return { ok: true, value: { pattern, prefix: wildcard ? pattern.slice(0, -1) : pattern, wildcard } };
}

/**
 * Today's scope option for an explainer-era pattern: "/foo*" → "/foo", "/*" → "/". A pattern
 * without "*" keeps its text (today it is a prefix, in the explainer an exact match). Null when
 * the explainer itself would throw.
 */
export function translateExplainerScope(pattern: string): string | null {
  const parsed = parseExplainerPattern(pattern);
  return parsed.ok ? parsed.value.prefix : null;
}

/** The scope option today's register() would be given for the same call (literal if the explainer throws). */
export function todaysScopeOption(pattern: string): string {
  return translateExplainerScope(pattern) ?? pattern;
}

interface ResolvedPattern extends ExplainerPattern {
  /** The prefix resolved against the registering page and serialized without fragment. */
  resolved: string;
}

/**
 * The explainer's longest-prefix match of `url` among `patterns` (registered from `pageUrl`).
 * Returns the winning pattern (null: "fallback to native"), or the first pattern the explainer
 * would have refused to register.
 *
 * Positions (../positions.ts): a pattern without "*" matches only the URL it names
 * (explainerPatternWithoutStar); when an exact pattern and a wildcard with the same prefix both
 * match, the exact one wins (explainerExactBeatsStar, the explainer's own open FIXME).
 */
export function explainerMatch(patterns: readonly string[], url: string, pageUrl: string): { ok: true; pattern: string | null } | { ok: false; error: ExplainerPatternError; pattern: string } {
  const page = parseURL(pageUrl);
  if (page === null) throw new TypeError(`pageUrl ${JSON.stringify(pageUrl)} is not an absolute URL`);
  const target = parseURL(url, page);
  if (target === null) throw new TypeError(`url ${JSON.stringify(url)} does not parse against the page`);
  const resolvedPatterns: ResolvedPattern[] = [];
  for (const pattern of patterns) {
    const parsed = parseExplainerPattern(pattern);
    if (!parsed.ok) return parsed;
    const resolved = parseURL(parsed.value.prefix, page);
    if (resolved === null) throw new TypeError(`pattern ${JSON.stringify(pattern)} does not parse against the page`);
    resolvedPatterns.push({ ...parsed.value, resolved: serializeURL(resolved, true) });
  }
  const targetString = serializeURL(target, true);
  let best: ResolvedPattern | null = null;
  for (const p of resolvedPatterns) {
    const matches = p.wildcard ? targetString.startsWith(p.resolved) : targetString === p.resolved;
    if (!matches) continue;
    // Longest prefix wins; at equal length the exact pattern beats the wildcard; a later
    // registration of the same pattern replaces the earlier ("last-registration-wins").
    if (best === null || p.resolved.length > best.resolved.length || (p.resolved.length === best.resolved.length && (!p.wildcard || best.wildcard))) {
      best = p;
    }
  }
  return { ok: true, pattern: best === null ? null : best.pattern };
}

/**
 * The explainer's worked example: registrations for "/foo*" and "/foo/bar*" on
 * https://www.example.com, and where each navigation goes (null: "fallback to native").
 */
export const EXPLAINER_LONGEST_PREFIX_EXAMPLE = {
  origin: 'https://www.example.com',
  registrations: [
    { pattern: '/foo*', script: '/foo_worker.js', page: '/foo.html' },
    { pattern: '/foo/bar*', script: '/foo/bar_worker.js', page: '/foo/bar.html' },
  ],
  navigations: [
    ['/foo', '/foo_worker.js'],
    ['/foo?blarg', '/foo_worker.js'],
    ['/foo/', '/foo_worker.js'],
    ['/foo/thinger.html', '/foo_worker.js'],
    ['/foobar.html', '/foo_worker.js'],
    ['/foo/other/thinger.html', '/foo_worker.js'],
    ['/foo/bar', '/foo/bar_worker.js'],
    ['/foo/bar/', '/foo/bar_worker.js'],
    ['/foo/bar/thinger.html', '/foo/bar_worker.js'],
    ['/foo/bar/baz/thinger.html', '/foo/bar_worker.js'],
    ['/index.html', null],
    ['/whatevs/index.html', null],
  ] as ReadonlyArray<readonly [string, string | null]>,
} as const;

/** The registrations the explainer says throw ("/foo/*\/bar", "*bar", and patterns with "?" or "#"). */
export const EXPLAINER_THROWING_PATTERNS: ReadonlyArray<readonly [string, ExplainerPatternError]> = [
  ['/foo/*/bar', 'star-not-at-end'],
  ['*bar', 'star-not-at-end'],
  ['/foo?x*', 'query-or-fragment'],
  ['/foo#x*', 'query-or-fragment'],
];
