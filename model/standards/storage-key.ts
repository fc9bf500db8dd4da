// Storage § "obtain a storage key" (https://storage.spec.whatwg.org/#obtain-a-storage-key).
// The registration map is partitioned by storage key; every lookup filters by it.
//
// Position partitioned-storage-key (model/positions.ts): the Storage Standard's storage key is
// still the origin alone ("This is expected to change; see Client-Side Storage Partitioning"), but
// all three engines key the storage of a third-party context by the top-level site as well
// (privacycg/storage-partitioning): a cross-site iframe neither sees nor controls itself with the
// registrations its origin made as a first party. The model follows the engines: a storage key is
// (origin, top-level site). For a first-party environment (top-level, or a frame whose site is the
// top-level site) that is just the origin, so first-party keys are the serialized origin and read
// as they always did. The cross-site ancestor-chain bit Chromium adds (A → B → A) is not modelled.

/** A storage key, compared with string equality ("storage key equals"). */
export type StorageKey = string;

/**
 * HTML § obtain a site, for a URL's origin: an opaque origin is its own site; otherwise scheme +
 * "://" + the host's registrable domain, or the host itself when it has none.
 *
 * Position (same as model/proposals/match.ts): the model imports nothing but the URL parser, so
 * the public suffix list is not available. The registrable domain applies the list's default
 * rule only ("*": the public suffix is the last label), i.e. the last two labels of a domain; IP
 * addresses and single-label hosts are their own site. For every host the suite uses
 * ("<run>.localhost", "<run>-b.localhost", "<run>.insecure.test", 127.0.0.1) this is what the list
 * gives: {a} and {b} are different sites. Real multi-label suffixes (co.uk, github.io) are not
 * known.
 */
export function obtainASite(url: URL): string {
  if (url.origin === 'null') return 'null';
  const host = url.hostname;
  if (host.startsWith('[') || /^\d+\.\d+\.\d+\.\d+$/.test(host)) return `${url.protocol}//${host}`;
  const labels = host.replace(/\.$/, '').split('.');
  return `${url.protocol}//${labels.slice(-2).join('.')}`;
}

/** Whether an environment at `url` under a top-level document at `topLevel` is third-party (cross-site). */
export function isThirdPartyContext(url: URL, topLevel: URL): boolean {
  return obtainASite(url) !== obtainASite(topLevel);
}

/**
 * Obtain a storage key for an environment whose URL (creation URL) is `url` and whose top-level
 * document is at `topLevel` (the environment itself when it is top-level).
 * First-party: the serialized origin. Third-party: origin + " ^" + the top-level site.
 * Opaque origins serialize as "null"; they never register anything (Start Register accepts only
 * http(s) URLs), so their keys never meet a registration.
 */
export function obtainStorageKey(url: URL, topLevel: URL = url): StorageKey {
  const origin = url.origin;
  if (origin === 'null' || !isThirdPartyContext(url, topLevel)) return origin;
  return `${origin} ^${obtainASite(topLevel)}`;
}
