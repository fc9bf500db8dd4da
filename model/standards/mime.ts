// MIME types as the Service Workers Update fetch hook reads them (step 7): Fetch's "extract a
// MIME type" over the Content-Type header, MIME Sniffing's "parse a MIME type", and MIME
// Sniffing's list of JavaScript MIME types. These parse header values, not URLs.

export interface MIMEType {
  /** Lowercased type, e.g. "text". */
  type: string;
  /** Lowercased subtype, e.g. "javascript". */
  subtype: string;
  /** type "/" subtype. */
  essence: string;
  /** Parameters in order of first appearance; names lowercased, values as given. */
  parameters: Map<string, string>;
}

const HTTP_TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// HTTP quoted-string token code points: U+0009, U+0020–U+007E, U+0080–U+00FF.
const HTTP_QUOTED_STRING_TOKEN = /^[\t\u0020-\u007E\u0080-\u00FF]*$/;
const HTTP_WHITESPACE = new Set(['\t', '\n', '\r', ' ']);
const HTTP_TAB_OR_SPACE = new Set(['\t', ' ']);

function trimSet(s: string, set: Set<string>, leading: boolean, trailing: boolean): string {
  let start = 0;
  let end = s.length;
  if (leading) while (start < end && set.has(s.charAt(start))) start++;
  if (trailing) while (end > start && set.has(s.charAt(end - 1))) end--;
  return s.slice(start, end);
}

/** Position variable over a string, as Infra's "collect a sequence of code points" uses it. */
interface Cursor {
  input: string;
  position: number;
}

function collectWhile(c: Cursor, predicate: (ch: string) => boolean): string {
  const start = c.position;
  while (c.position < c.input.length && predicate(c.input.charAt(c.position))) c.position++;
  return c.input.slice(start, c.position);
}

/** Fetch § "collect an HTTP quoted string" (extractValue: return the unescaped value). */
function collectHTTPQuotedString(c: Cursor, extractValue: boolean): string {
  // 1–4: remember the start, value = "", assert a U+0022 ("), advance past it.
  const positionStart = c.position;
  let value = '';
  c.position++;
  // 5: while true
  for (;;) {
    // 5.1 append code points that are not " or \
    value += collectWhile(c, (ch) => ch !== '"' && ch !== '\\');
    // 5.2 past the end → break
    if (c.position >= c.input.length) break;
    // 5.3–5.4 quoteOrBackslash, advance
    const quoteOrBackslash = c.input.charAt(c.position);
    c.position++;
    if (quoteOrBackslash === '\\') {
      // 5.5 an escaped code point (or a lone trailing backslash)
      if (c.position >= c.input.length) {
        value += '\\';
        break;
      }
      value += c.input.charAt(c.position);
      c.position++;
    } else {
      // 5.6 the closing quote
      break;
    }
  }
  // 6–7
  return extractValue ? value : c.input.slice(positionStart, c.position);
}

/** Fetch § header value "get, decode, and split" (isomorphic decoding: the value is already a string). */
export function getDecodeSplit(value: string): string[] {
  const c: Cursor = { input: value, position: 0 };
  const values: string[] = [];
  let temporaryValue = '';
  for (;;) {
    temporaryValue += collectWhile(c, (ch) => ch !== '"' && ch !== ',');
    if (c.position < c.input.length && c.input.charAt(c.position) === '"') {
      temporaryValue += collectHTTPQuotedString(c, false);
      if (c.position < c.input.length) continue;
    }
    values.push(trimSet(temporaryValue, HTTP_TAB_OR_SPACE, true, true));
    temporaryValue = '';
    if (c.position >= c.input.length) return values;
    // Assert: the code point at position is ","; advance past it.
    c.position++;
  }
}

/** MIME Sniffing § "parse a MIME type". Null on failure. */
export function parseMIMEType(input: string): MIMEType | null {
  // 1: strip leading and trailing HTTP whitespace.
  const c: Cursor = { input: trimSet(input, HTTP_WHITESPACE, true, true), position: 0 };
  // 3–4: type
  const type = collectWhile(c, (ch) => ch !== '/');
  if (type === '' || !HTTP_TOKEN.test(type)) return null;
  // 5–6
  if (c.position >= c.input.length) return null;
  c.position++;
  // 7–9: subtype
  const subtype = trimSet(collectWhile(c, (ch) => ch !== ';'), HTTP_WHITESPACE, false, true);
  if (subtype === '' || !HTTP_TOKEN.test(subtype)) return null;
  // 10
  const mimeType: MIMEType = {
    type: type.toLowerCase(),
    subtype: subtype.toLowerCase(),
    essence: `${type.toLowerCase()}/${subtype.toLowerCase()}`,
    parameters: new Map(),
  };
  // 11: parameters (they never make the parse fail)
  while (c.position < c.input.length) {
    c.position++; // 11.1 skip ";"
    collectWhile(c, (ch) => HTTP_WHITESPACE.has(ch)); // 11.2
    const parameterName = collectWhile(c, (ch) => ch !== ';' && ch !== '=').toLowerCase(); // 11.3–11.4
    if (c.position < c.input.length) {
      // 11.5
      if (c.input.charAt(c.position) === ';') continue;
      c.position++;
    }
    if (c.position >= c.input.length) break; // 11.6
    let parameterValue: string;
    if (c.input.charAt(c.position) === '"') {
      // 11.8
      parameterValue = collectHTTPQuotedString(c, true);
      collectWhile(c, (ch) => ch !== ';');
    } else {
      // 11.9
      parameterValue = trimSet(collectWhile(c, (ch) => ch !== ';'), HTTP_WHITESPACE, false, true);
      if (parameterValue === '') continue;
    }
    // 11.10
    if (
      parameterName !== '' &&
      HTTP_TOKEN.test(parameterName) &&
      HTTP_QUOTED_STRING_TOKEN.test(parameterValue) &&
      !mimeType.parameters.has(parameterName)
    ) {
      mimeType.parameters.set(parameterName, parameterValue);
    }
  }
  return mimeType;
}

/**
 * Fetch § "extract a MIME type" from a header list, given the Content-Type header's combined
 * value (several Content-Type headers combine with ", "), or null when there is none.
 */
export function extractMIMEType(contentType: string | null): MIMEType | null {
  let charset: string | null = null;
  let essence: string | null = null;
  let mimeType: MIMEType | null = null;
  // 4–5
  if (contentType === null) return null;
  const values = getDecodeSplit(contentType);
  // 6
  for (const value of values) {
    const temporaryMimeType = parseMIMEType(value);
    if (temporaryMimeType === null || temporaryMimeType.essence === '*/*') continue;
    mimeType = temporaryMimeType;
    if (mimeType.essence !== essence) {
      charset = mimeType.parameters.get('charset') ?? null;
      essence = mimeType.essence;
    } else if (!mimeType.parameters.has('charset') && charset !== null) {
      mimeType.parameters.set('charset', charset);
    }
  }
  // 7–8
  return mimeType;
}

/** MIME Sniffing § "JavaScript MIME type": the 16 essences (compared ASCII case-insensitively). */
export const JAVASCRIPT_MIME_TYPE_ESSENCES: readonly string[] = [
  'application/ecmascript',
  'application/javascript',
  'application/x-ecmascript',
  'application/x-javascript',
  'text/ecmascript',
  'text/javascript',
  'text/javascript1.0',
  'text/javascript1.1',
  'text/javascript1.2',
  'text/javascript1.3',
  'text/javascript1.4',
  'text/javascript1.5',
  'text/jscript',
  'text/livescript',
  'text/x-ecmascript',
  'text/x-javascript',
];
const JAVASCRIPT_ESSENCE_SET = new Set(JAVASCRIPT_MIME_TYPE_ESSENCES);

/** True when `essence` ("type/subtype", any case) is a JavaScript MIME type essence. */
export function isJavaScriptMIMEType(essence: string): boolean {
  return JAVASCRIPT_ESSENCE_SET.has(essence.toLowerCase());
}
