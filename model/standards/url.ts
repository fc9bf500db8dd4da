// URLs through the WHATWG URL Standard only (url.bs): no hand-rolled parsing, resolution or
// normalisation anywhere in the model. Parsing goes through Node's `URL` (ada) for speed, and
// through whatwg-url, the standard's reference implementation, wherever ada is known to differ
// from the standard; the model keeps Node `URL` objects, whose accessors serialize per the
// standard. This file names the URL Standard operations the Service Workers specification uses,
// so the other files can read like sw.bs.
import { basicURLParse, serializeURL as referenceSerialize } from 'whatwg-url';

/**
 * Input where ada (Node 20) and the standard disagree about dot segments: a segment that starts
 * with "." or "%2e" followed by a double-dot segment ("/a/.b/.." stays "/a/.b/.." in ada instead
 * of "/a/"; ada-url/ada#935, fixed in ada 3.2.2, not in Node 20). Found by fuzz/url-match: Firefox
 * answered "/foofoo/?foo/bar" for the scope "/foofoo/.fooba/..?foo/bar", as the standard does.
 * Any segment starting with a dot (or %2e) sends the parse to the reference implementation.
 */
const DOT_SEGMENT_START = /(?:^|[/\\])(?:\.|%2e)/i;

function referenceParse(input: string, base?: string | URL): string | null {
  let baseRecord;
  if (base !== undefined) {
    baseRecord = basicURLParse(typeof base === 'string' ? base : base.href);
    if (baseRecord === null) return null;
  }
  const record = basicURLParse(input, baseRecord ? { baseURL: baseRecord } : undefined);
  return record === null ? null : referenceSerialize(record);
}

/**
 * URL Standard "URL parser" (basic URL parser with an optional base). Returns null on failure.
 * A `base` string that does not itself parse is failure too.
 */
export function parseURL(input: string, base?: string | URL): URL | null {
  let url: URL;
  if (DOT_SEGMENT_START.test(input) || (typeof base === 'string' && DOT_SEGMENT_START.test(base))) {
    const href = referenceParse(input, base);
    if (href === null) return null;
    // A serialized URL has no dot segments left, so ada parses it back to the same string.
    url = new URL(href);
  } else {
    try {
      url = base === undefined ? new URL(input) : new URL(input, base);
    } catch {
      return null;
    }
  }
  // URL Standard § path state: U+005E (^) is in the path percent-encode set (whatwg/url#846,
  // 2025), as Chromium, Firefox and WebKit do; Node 20's parser (ada 2.9) still leaves it raw
  // (nodejs/node#57313, ada-url/ada#970). Re-setting the path (a list path: it starts with "/")
  // with "^" encoded is the standard's result; the rest of the path is already serialized.
  if (url.pathname.startsWith('/') && url.pathname.includes('^')) url.pathname = url.pathname.replaceAll('^', '%5E');
  return url;
}

/** True when `input` parses (against `base`) as a URL. */
export function canParseURL(input: string, base?: string | URL): boolean {
  return parseURL(input, base) !== null;
}

/**
 * URL Standard "URL serializer" with the optional *exclude fragment* flag.
 * Excluding the fragment also drops an empty fragment ("https://h/a#" → "https://h/a"), as the
 * serializer does when the fragment is null.
 */
export function serializeURL(url: URL, excludeFragment = false): string {
  const href = url.href;
  if (!excludeFragment) return href;
  // The serializer appends "#" + fragment last when the fragment is non-null, and `hash` is
  // exactly "#" + fragment for a non-empty fragment ("" for a null or an empty one), so removing
  // that suffix is the serializer with the exclude fragment flag.
  const hash = url.hash;
  if (hash !== '') return href.slice(0, href.length - hash.length);
  return href.endsWith('#') ? href.slice(0, -1) : href;
}

/**
 * A copy of `url` whose fragment is null ("Set url's fragment to null" without mutating the input).
 * Through the `hash` setter, which also strips trailing spaces from an opaque path; http(s) URLs,
 * the only ones the model keeps, have no opaque path.
 */
export function withoutFragment(url: URL): URL {
  const copy = new URL(url.href);
  copy.hash = '';
  return copy;
}

/**
 * HTML "same origin" for the origins of two URLs. Origins of URLs are tuple origins or fresh
 * opaque origins; a fresh opaque origin is same origin with nothing else, so "null" never matches.
 */
export function sameOrigin(a: URL, b: URL): boolean {
  const origin = a.origin;
  return origin !== 'null' && origin === b.origin;
}

/**
 * "/" followed by the strings in url's path, separated by "/" (the shape sw.bs uses for
 * maxScopeString and scopeString). For URLs with a list path (every http(s) URL) this is exactly
 * the URL Standard's path serialization, which Node exposes as `pathname`.
 */
export function pathString(url: URL): string {
  return url.pathname;
}

/** True when `url`'s scheme is "http" or "https" (the schemes Start Register accepts). */
export function isHTTPScheme(url: URL): boolean {
  return url.protocol === 'http:' || url.protocol === 'https:';
}
