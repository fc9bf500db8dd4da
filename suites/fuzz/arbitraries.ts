// fast-check arbitraries for the fuzz properties: raw URL material that reaches the hard cases of
// URL parsing and scope matching, and the generated inputs of the three properties.
//
// What the generators produce are *inputs* as a page would write them (raw strings, relative or
// absolute, in any spelling). Nothing here canonicalises: the inputs are turned into scenarios in
// scenarios.ts, and every expectation comes from the model, which parses through the WHATWG URL
// parser (model/url.ts). The string operations below (cutting a path, flipping the case of a
// percent-escape, inserting a dot segment) only make new spellings to try.
//
// fast-check's own webPath/webSegment produce uppercase %XX and never raw non-ASCII, and rarely a
// dot segment (../shared/notes/ecosystem.md §2.3), so the material is built from explicit pieces.
import fc from 'fast-check';

// ---------------------------------------------------------------------------------------------
// Pieces of path segments, by the hard case they stand for.

/** Words that are prefixes of one another ("/foo" vs "/foobar"), and case variants. */
export const WORDS = ['foo', 'foobar', 'fo', 'bar', 'a', 'ab', 'b', 'A', 'Foo'] as const;
/** Dot segments, raw and percent-encoded in either case (a whole segment is one of these). */
export const DOT_SEGMENTS = ['.', '..', '%2e', '%2E', '%2e%2e', '%2E%2E', '.%2e', '%2E.', '%2e.'] as const;
/** Encoded slashes and backslashes: Start Register 4 and 9 reject them in paths. */
export const ENCODED_SLASHES = ['%2f', '%2F', '%5c', '%5C'] as const;
/** Percent-encoded unreserved ASCII: the URL parser keeps them encoded ("%61" is not "a"). */
export const ENCODED_ASCII = ['%61', '%41', '%7e', '%7E', '%2d', '%5F'] as const;
/** Raw non-ASCII (the parser encodes it as UTF-8, uppercase hex). */
export const NON_ASCII_RAW = ['é', 'ｓ', '日本', '😀', 'ß'] as const;
/** The same characters percent-encoded, in upper and in lower case. */
export const NON_ASCII_ENCODED = ['%C3%A9', '%EF%BD%93', '%F0%9F%98%80', '%c3%a9', '%ef%bd%93', '%c3%9f'] as const;
/**
 * Characters the path percent-encode set encodes (space " < ` {) and some it leaves (^ | ' [ ]).
 * No "}": glued to "{" and "a" it would spell a scenario origin placeholder.
 */
export const PARSER_ENCODES = [' ', '"', '<', '`', '{', '^', '|', "'", '[', ']'] as const;
/** Percent signs that are not escapes. */
export const PERCENT_ODDITIES = ['%', '%2', '%zz', '%%', '%g0'] as const;

const piece: fc.Arbitrary<string> = fc.oneof(
  { weight: 12, arbitrary: fc.constantFrom(...WORDS) },
  { weight: 3, arbitrary: fc.constantFrom(...DOT_SEGMENTS) },
  { weight: 2, arbitrary: fc.constantFrom(...ENCODED_SLASHES) },
  { weight: 2, arbitrary: fc.constantFrom(...ENCODED_ASCII) },
  { weight: 2, arbitrary: fc.constantFrom(...NON_ASCII_RAW) },
  { weight: 2, arbitrary: fc.constantFrom(...NON_ASCII_ENCODED) },
  { weight: 1, arbitrary: fc.constantFrom(...PARSER_ENCODES) },
  { weight: 1, arbitrary: fc.constantFrom(...PERCENT_ODDITIES) },
  { weight: 1, arbitrary: fc.constant('\\') },
  { weight: 1, arbitrary: fc.constant('*') },
  // Long segments.
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('x', 'ab', '%41'), fc.integer({ min: 20, max: 120 })).map(([s, n]) => s.repeat(n)) },
);

/** One path segment: usually one piece, sometimes two or three glued together, sometimes empty (repeated slashes). */
export const segment: fc.Arbitrary<string> = fc.oneof(
  { weight: 10, arbitrary: piece },
  { weight: 3, arbitrary: fc.array(piece, { minLength: 2, maxLength: 3 }).map((p) => p.join('')) },
  { weight: 1, arbitrary: fc.constant('') },
);

/**
 * An absolute-path string "/seg/seg[/]": zero to five segments (sometimes 8 to 30: long paths),
 * with or without a trailing slash.
 */
export const path: fc.Arbitrary<string> = fc
  .tuple(
    fc.oneof({ weight: 12, arbitrary: fc.array(segment, { maxLength: 5 }) }, { weight: 1, arbitrary: fc.array(segment, { minLength: 8, maxLength: 30 }) }),
    fc.boolean(),
  )
  .map(([segments, trailing]) => `/${segments.join('/')}${trailing && segments.length > 0 ? '/' : ''}`);

/** Queries: none, empty, plain, with slashes, encoded slashes, non-ASCII, a quote the parser encodes, nested "?". */
export const QUERIES = ['?', '?x', '?x=1', '?y&x', '?a/b', '?%2f', '?%2F', '?é', '?%C3%A9', "?'", '?foo', '?foo/bar', '??', '?x/../y'] as const;
export const query: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.constant('') },
  { weight: 3, arbitrary: fc.constantFrom(...QUERIES) },
  { weight: 1, arbitrary: segment.map((s) => `?${s}`) },
);

export const FRAGMENTS = ['#', '#f', '#a/b', '#%2f', '#é', '#?x', '#/..'] as const;
export const fragment: fc.Arbitrary<string> = fc.oneof({ weight: 6, arbitrary: fc.constant('') }, { weight: 2, arbitrary: fc.constantFrom(...FRAGMENTS) });

/** What is appended to a path derived from a scope: nothing, a slash, more of a word, a dot segment, ... */
export const SUFFIXES = ['', '', '/', 'x', 'bar', '/x', '/x/y', '.html', '-', '%2e', '/..', '/.', '/%2e%2e/', 'é', '%C3%A9', '%c3%a9', '?', '?x', '//', '\\x'] as const;
export const suffix: fc.Arbitrary<string> = fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...SUFFIXES) }, { weight: 1, arbitrary: path });

// ---------------------------------------------------------------------------------------------
// How a URL is written in the page: the form of the reference passed to register()/getRegistration().

export type RefForm =
  /** "{a}/path": absolute, on the page's origin. */
  | 'absolute'
  /** "/path": path-absolute ("//x" becomes scheme-relative: another host). */
  | 'path'
  /** "path": relative to the page's directory. */
  | 'relative'
  /** "{b}/path": another origin. */
  | 'cross-origin'
  /** "http://[" + path: does not parse. */
  | 'unparsable'
  /** "": the page's own URL. */
  | 'empty';

const form = (weights: Partial<Record<RefForm, number>>): fc.Arbitrary<RefForm> =>
  fc.oneof(...Object.entries(weights).map(([f, weight]) => ({ weight: weight!, arbitrary: fc.constant(f as RefForm) })));

/** Write `raw` (an absolute-path string, possibly with query and fragment) in the given form. */
export function writeRef(raw: string, f: RefForm): string {
  const p = raw.startsWith('/') ? raw : `/${raw}`;
  switch (f) {
    case 'absolute':
      return `{a}${p}`;
    case 'path':
      return p;
    case 'relative':
      return p.replace(/^\/+/, '');
    case 'cross-origin':
      return `{b}${p}`;
    case 'unparsable':
      return `http://[${p}`;
    case 'empty':
      return '';
  }
}

// ---------------------------------------------------------------------------------------------
// Mutations: another spelling of a URL derived from a scope (string operations on the input only).

export const MUTATIONS = [
  'none',
  'drop-last-char',
  'flip-percent-case',
  'encode-a-letter',
  'dot-segment',
  'encoded-dot-segment',
  'backslash',
  'double-slash',
  'upper-case',
  'encode-non-ascii',
] as const;
export type Mutation = (typeof MUTATIONS)[number];

/** Apply a mutation to a raw path (+query) string. */
export function mutate(raw: string, m: Mutation): string {
  switch (m) {
    case 'none':
      return raw;
    case 'drop-last-char': {
      const chars = Array.from(raw); // code points: never a lone surrogate
      return chars.length > 1 ? chars.slice(0, -1).join('') : raw;
    }
    case 'flip-percent-case':
      return raw.replace(/%[0-9A-Fa-f]{2}/g, (e) => (e === e.toUpperCase() ? e.toLowerCase() : e.toUpperCase()));
    case 'encode-a-letter': {
      const i = raw.search(/[A-Za-z]/);
      if (i === -1) return raw;
      return `${raw.slice(0, i)}%${raw.charCodeAt(i).toString(16).toUpperCase()}${raw.slice(i + 1)}`;
    }
    case 'dot-segment':
      return raw.replace(/^\/?/, '/x/../');
    case 'encoded-dot-segment':
      return raw.replace(/^\/?/, '/x/%2E%2e/');
    case 'backslash':
      return raw.replace(/\//g, '\\');
    case 'double-slash': {
      const i = raw.indexOf('/', 1);
      return i === -1 ? `${raw}/` : `${raw.slice(0, i)}/${raw.slice(i)}`;
    }
    case 'upper-case':
      return raw.toUpperCase();
    case 'encode-non-ascii':
      // Another spelling of the same characters (the parser's own spelling is uppercase UTF-8).
      return raw.replace(/[\u0080-\uD7FF\uE000-\uFFFF]|[\uD800-\uDBFF][\uDC00-\uDFFF]/g, (s) => encodeURIComponent(s).toLowerCase());
  }
}

const mutation: fc.Arbitrary<Mutation> = fc.oneof({ weight: 6, arbitrary: fc.constant('none' as const) }, { weight: 6, arbitrary: fc.constantFrom(...MUTATIONS.slice(1)) });

// ---------------------------------------------------------------------------------------------
// Scope families: scopes cut from one base path (prefixes of one another: "/foo" and "/foobar",
// "/a/" and "/a"), extended, or of their own.

export type ScopeSpec =
  | { kind: 'cut'; /** where to cut the base path (modulo its length) */ cut: number; extra: string; query: string; form: RefForm }
  | { kind: 'own'; path: string; query: string; form: RefForm };

/** The family's base path: at least two segments, usually more. */
export const basePath: fc.Arbitrary<string> = fc
  .tuple(fc.array(segment, { minLength: 2, maxLength: 6 }), fc.boolean())
  .map(([segments, trailing]) => `/${segments.join('/')}${trailing ? '/' : ''}`);

const scopeExtra = fc.oneof({ weight: 6, arbitrary: fc.constant('') }, { weight: 3, arbitrary: fc.constantFrom('/', 'bar', 'x/', '*', '%2e', '/..', 'é') });

export function scopeSpec(forms: Partial<Record<RefForm, number>>): fc.Arbitrary<ScopeSpec> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.record({ kind: fc.constant('cut' as const), cut: fc.nat({ max: 400 }), extra: scopeExtra, query: query, form: form(forms) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('own' as const), path, query, form: form(forms) }) },
  );
}

/** The raw absolute-path (+query) string of a scope, before it is written in its form. */
export function scopeRaw(base: string, s: ScopeSpec): string {
  if (s.kind === 'own') return s.path + s.query;
  // Cut after at least the leading "/", between code points (never through a surrogate pair).
  const chars = Array.from(base);
  const end = 1 + (s.cut % chars.length);
  return chars.slice(0, end).join('') + s.extra + s.query;
}

// ---------------------------------------------------------------------------------------------
// URLs to look up or navigate to: derived from a scope of the family (the boundaries), from the
// base path, or of their own.

export type UrlSource = { kind: 'scope'; index: number } | { kind: 'base' } | { kind: 'own'; path: string };

export interface UrlSpec {
  from: UrlSource;
  mutation: Mutation;
  suffix: string;
  query: string;
  fragment: string;
  form: RefForm;
}

const urlSource: fc.Arbitrary<UrlSource> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('scope' as const), index: fc.nat({ max: 63 }) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'base' as const }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('own' as const), path }) },
);

export function urlSpec(forms: Partial<Record<RefForm, number>>): fc.Arbitrary<UrlSpec> {
  return fc.record({ from: urlSource, mutation, suffix, query, fragment, form: form(forms) });
}

/** The raw string of a URL spec, before its form. `scopes` are the family's raw scope strings. */
export function urlRaw(base: string, scopes: string[], u: UrlSpec): string {
  let raw: string;
  if (u.from.kind === 'scope' && scopes.length > 0) raw = scopes[u.from.index % scopes.length]!;
  else if (u.from.kind === 'own') raw = u.from.path;
  else raw = base;
  return mutate(raw, u.mutation) + u.suffix + u.query + u.fragment;
}

// ---------------------------------------------------------------------------------------------
// The inputs of the three properties.

/** Directories of the registering page: root, nested, non-ASCII, and one with an encoded slash. */
export const PAGE_DIRS = ['/', '/fuzz/', '/foo/bar/', '/%C3%A9/', '/foo/%2e/x/', '/a%2fb/'] as const;
const pageDir = (dirs: readonly string[]) => fc.constantFrom(...dirs);

export interface SizeOptions {
  maxScopes?: number;
  maxUrls?: number;
}

/** Property 1 (url-match): a scope family registered once, then many lookups. */
export interface UrlMatchInput {
  pageDir: string;
  base: string;
  scopes: ScopeSpec[];
  urls: UrlSpec[];
}

export function urlMatchInput(o: SizeOptions = {}): fc.Arbitrary<UrlMatchInput> {
  return fc.record({
    // Lookups resolve relative URLs against the page: no page under an encoded slash needed here.
    pageDir: pageDir(PAGE_DIRS.slice(0, 5)),
    base: basePath,
    scopes: fc.array(scopeSpec({ absolute: 5, path: 4, relative: 2, 'cross-origin': 1, unparsable: 1 }), { minLength: 1, maxLength: o.maxScopes ?? 6 }),
    // Many lookups per registered family (size "max": lengths spread up to maxUrls, not ~10); shrinking can still go down to one.
    urls: fc.array(urlSpec({ absolute: 6, path: 4, relative: 2, 'cross-origin': 1, unparsable: 1, empty: 1 }), { minLength: 1, maxLength: o.maxUrls ?? 10000, size: 'max' }),
  });
}

/** The Service-Worker-Allowed header: absent, or one of these (Latin-1 only: it is an HTTP header value). */
export const SWA_VALUES = ['/', '', '.', './', '..', '../', '/foo', '/foo/', '/foo/bar/', '%2f', '/%2F/', 'x?q', '#f', 'http://[', '{a}/', '{a}/foo/', '{b}/', '//x/', ' /foo/ ', '/FOO/', '/%66oo/', 'é/'] as const;

export interface RegisterCase {
  script: { dir: string; name: string; query: string; form: RefForm };
  /** null: register() without a scope option. */
  scope: ScopeSpec | null;
  /** null: no Service-Worker-Allowed header. */
  swa: string | null;
}

/** Property 2 (register): a few register() calls from one page, with scripts served as generated. */
export interface RegisterInput {
  pageDir: string;
  cases: RegisterCase[];
}

const latin1 = (s: string) => /^[\x20-\x7e\xa0-\xff]*$/.test(s);

const scriptDir: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('/', '/foo/', '/foo/bar/', '/sw/', '/a/b/c/') },
  { weight: 2, arbitrary: path.map((p) => (p.endsWith('/') ? p : `${p}/`)) },
);

export function registerInput(o: { maxCases?: number } = {}): fc.Arbitrary<RegisterInput> {
  const registerCase: fc.Arbitrary<RegisterCase> = fc.record({
    script: fc.record({
      dir: scriptDir,
      name: fc.oneof(
        { weight: 6, arbitrary: fc.constantFrom('sw.js', 'w.js', 'x.mjs') },
        { weight: 2, arbitrary: fc.constantFrom('%73w.js', '%2e%2e/sw.js', 'sw^.js') },
        { weight: 1, arbitrary: fc.constantFrom('sw%2fx.js', 'sw.js%5c') },
      ),
      query: fc.oneof({ weight: 5, arbitrary: fc.constant('') }, { weight: 1, arbitrary: fc.constantFrom('?v=1', '?a/b', '?%2f') }),
      form: form({ absolute: 3, path: 4, relative: 3, 'cross-origin': 1, unparsable: 1 }),
    }),
    scope: fc.oneof({ weight: 1, arbitrary: fc.constant(null) }, { weight: 3, arbitrary: scopeSpec({ absolute: 3, path: 4, relative: 3, 'cross-origin': 1, unparsable: 1 }) }),
    swa: fc.oneof(
      { weight: 3, arbitrary: fc.constant(null) },
      { weight: 3, arbitrary: fc.constantFrom(...SWA_VALUES) },
      { weight: 1, arbitrary: path.filter(latin1) },
    ),
  });
  return fc.record({ pageDir: pageDir(PAGE_DIRS), cases: fc.array(registerCase, { minLength: 1, maxLength: o.maxCases ?? 4 }) });
}

/** Property 3 (navigation-control): a few scopes, each with its own worker, then a few navigations. */
export interface NavigationInput {
  base: string;
  scopes: ScopeSpec[];
  navigations: Array<UrlSpec & { html: boolean }>;
}

export function navigationInput(o: { maxScopes?: number; maxNavigations?: number } = {}): fc.Arbitrary<NavigationInput> {
  return fc.record({
    base: basePath,
    scopes: fc.array(scopeSpec({ absolute: 3, path: 4, relative: 1 }), { minLength: 1, maxLength: o.maxScopes ?? 4 }),
    navigations: fc.array(
      fc.tuple(urlSpec({ absolute: 1 }), fc.oneof({ weight: 3, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) })).map(([u, html]) => ({ ...u, html })),
      { minLength: 1, maxLength: o.maxNavigations ?? 4 },
    ),
  });
}
