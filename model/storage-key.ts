// Storage § "obtain a storage key" (https://storage.spec.whatwg.org/#obtain-a-storage-key).
// The registration map is partitioned by storage key; every lookup filters by it.
//
// Position: first-party contexts only. A storage key is then just the origin, so it is the
// serialized origin here. Partitioning by top-level site (third-party iframes; WebKit since about
// 2019, Chromium with storage partitioning) needs the public suffix list for "site" and is not
// modelled; scenarios keep registering documents top-level.

/** A storage key, compared with string equality ("storage key equals"). */
export type StorageKey = string;

/**
 * Obtain a storage key for an environment whose URL (creation URL) is `url`.
 * Opaque origins serialize as "null"; they never register anything (Start Register accepts only
 * http(s) URLs), so their keys never meet a registration.
 */
export function obtainStorageKey(url: URL): StorageKey {
  return url.origin;
}
