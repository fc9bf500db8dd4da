// Every place where the model takes one position on a question the specification leaves open,
// words differently from implementations, or where browsers disagree. Results that were decided
// by such a step carry the position's `link`, so an Outcome can list it in `positions`.

export interface Position {
  /** Stable identifier. */
  id: string;
  /** What the model does, in one sentence. */
  summary: string;
  /** The spec issue (or, where none exists, the spec section and test) to read. */
  link: string;
}

function position(id: string, summary: string, link: string): Position {
  return { id, summary, link };
}

export const POSITIONS = {
  scriptStatusBeforeMIME: position(
    'script-status-before-mime',
    'A main script with a non-ok HTTP status rejects with TypeError before the MIME check ' +
      '(Chromium "A bad HTTP response code", Firefox "Load failed with status"); read literally, the ' +
      'Update fetch hook checks the MIME type (SecurityError) first. No spec issue is filed; WPT ' +
      'registration-tests-script.js expects TypeError for a 404 served as application/json.',
    'https://w3c.github.io/ServiceWorker/#update-algorithm',
  ),
  scriptNetworkError: position(
    'script-network-error',
    'A main-script fetch that ends in a network error other than a redirect rejects with TypeError ' +
      '(consistent with the status-first order: a network error has status 0; Chromium reports ' +
      'kErrorNetwork as TypeError). Read literally, the fetch hook extracts no MIME type from the ' +
      'network error and rejects with SecurityError. No WPT test fixes it.',
    'https://w3c.github.io/ServiceWorker/#update-algorithm',
  ),
  redirectedScript: position(
    'redirected-main-script',
    'A redirected main script rejects with SecurityError: the fetch hook sets redirect mode "error", ' +
      'the network error carries no Content-Type, and hook step 7 rejects (WPT ' +
      'registration-tests-security-error.js "Registering redirected script").',
    'https://w3c.github.io/ServiceWorker/#update-algorithm',
  ),
  crossOriginServiceWorkerAllowed: position(
    'cross-origin-service-worker-allowed',
    'A Service-Worker-Allowed value that resolves to another origin leaves maxScopeString null, so ' +
      'registration rejects with SecurityError even when the scope would pass without the header ' +
      '(spec since #1409; older Chromium looked only at the path).',
    'https://github.com/w3c/ServiceWorker/issues/1307',
  ),
  unparsableServiceWorkerAllowed: position(
    'unparsable-service-worker-allowed',
    'A Service-Worker-Allowed value that does not parse against the script URL completes the fetch ' +
      'with a network error, so script is null and Update 8 rejects with TypeError.',
    'https://github.com/w3c/ServiceWorker/pull/1830',
  ),
  prefixScopeMatching: position(
    'prefix-scope-matching',
    'Match Service Worker Registration is a case-sensitive prefix test on the whole serialized URL: ' +
      'scope "/app" matches "/apple", and "/app/" does not match "/app".',
    'https://github.com/w3c/ServiceWorker/issues/1272',
  ),
  queryInScope: position(
    'query-in-scope',
    'A scope keeps its query and matches URLs whose serialization starts with that exact text.',
    'https://github.com/w3c/ServiceWorker/issues/1469',
  ),
  credentialsInScope: position(
    'credentials-in-scope',
    'A scope keeps user:pass@ credentials in its serialization, as the URL serializer does.',
    'https://github.com/w3c/ServiceWorker/issues/1520',
  ),
  localhostIsLoopback: position(
    'localhost-is-loopback',
    '"localhost", "localhost." and "*.localhost" are potentially trustworthy (all three engines).',
    'https://w3c.github.io/webappsec-secure-contexts/#localhost',
  ),
  fileIsTrustworthy: position(
    'file-is-trustworthy',
    'A file: URL is potentially trustworthy although the URL Standard gives it an opaque origin.',
    'https://w3c.github.io/webappsec-secure-contexts/#is-origin-trustworthy',
  ),
  partitionedStorageKey: position(
    'partitioned-storage-key',
    'A storage key is (origin, top-level site): a cross-site iframe gets a key of its own, so it ' +
      'neither matches nor is controlled by the registrations its origin made as a first party ' +
      '(all three engines; Client-Side Storage Partitioning; WPT partitioned.tentative.https.html). ' +
      'The Storage Standard still keys by ' +
      'origin alone, with a note that this is expected to change; the SW spec already goes through ' +
      'storage keys. Sites use the public suffix list\'s default rule only (model/storage-key.ts).',
    'https://github.com/w3c/ServiceWorker/issues/1606',
  ),
  explainerPatternWithoutStar: position(
    'explainer-pattern-without-star',
    'In the explainer dialect a pattern without a trailing "*" matches only the URL it names ' +
      '(the explainer only ever navigates to such a pattern exactly, e.g. "/services/data").',
    'https://github.com/w3c/ServiceWorker/issues/287',
  ),
  explainerExactBeatsStar: position(
    'explainer-exact-beats-star',
    'In the explainer dialect, when "/foo" and "/foo*" both match (its open FIXME), the exact ' +
      'pattern wins; otherwise the longest prefix wins.',
    'https://github.com/w3c/ServiceWorker/issues/287',
  ),
} as const satisfies Record<string, Position>;

export type PositionId = keyof typeof POSITIONS;
