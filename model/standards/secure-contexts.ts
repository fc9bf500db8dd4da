// Secure Contexts § 3.1 "Is origin potentially trustworthy?" and § 3.2 "Is url potentially
// trustworthy?" (https://w3c.github.io/webappsec-secure-contexts/). Register step 1 uses the first
// for the script URL's origin; whether navigator.serviceWorker exists at all ([SecureContext])
// follows from the second for a top-level document's URL.
//
// Hosts are inspected only as the URL parser serialized them: IPv4 hosts are always dotted
// decimal ("127.1" and "0x7f.0.0.1" both become "127.0.0.1"), IPv6 hosts are bracketed and
// compressed ("[0:0::1]" becomes "[::1]"), domains are lowercased ASCII.

const IPV4_SERIALIZED = /^(\d{1,3})\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;

/** True when the serialized host is in 127.0.0.0/8 or is ::1 (Secure Contexts 3.1 step 4). */
function isLoopbackHost(hostname: string): boolean {
  if (hostname === '[::1]') return true;
  const v4 = IPV4_SERIALIZED.exec(hostname);
  return v4 !== null && v4[1] === '127';
}

/**
 * Secure Contexts 3.1 step 5 ("Let 'localhost' be localhost"): "localhost", "localhost." and names
 * ending in ".localhost" or ".localhost.". Position: the user agent treats these as loopback, as
 * Chromium, Firefox and WebKit do (DESIGN.md § Origins relies on it).
 */
export function isLocalhostName(hostname: string): boolean {
  return (
    hostname === 'localhost' ||
    hostname === 'localhost.' ||
    hostname.endsWith('.localhost') ||
    hostname.endsWith('.localhost.')
  );
}

/**
 * Is origin potentially trustworthy? — for the origin of `url`.
 *
 * Position on "file": the URL Standard leaves a file URL's origin implementation-defined (Node
 * gives an opaque origin); Secure Contexts 3.1 step 6 trusts the "file" scheme, and browsers treat
 * file: documents as secure contexts, so a file URL is trusted here.
 */
export function isPotentiallyTrustworthyOrigin(url: URL): boolean {
  // 3.1 step 6: "file" (checked first because the parser gives file URLs an opaque origin).
  if (url.protocol === 'file:') return true;
  // 3.1 step 1: an opaque origin is "Not Trusted".
  if (url.origin === 'null') return false;
  // 3.1 step 3: "https" or "wss".
  if (url.protocol === 'https:' || url.protocol === 'wss:') return true;
  // 3.1 step 4: 127.0.0.0/8 or ::1/128.
  if (isLoopbackHost(url.hostname)) return true;
  // 3.1 step 5: localhost names.
  if (isLocalhostName(url.hostname)) return true;
  // 3.1 step 7 (a UA allowlist) is empty in this model; step 8: "Not Trusted".
  return false;
}

/**
 * Is url potentially trustworthy? (Secure Contexts 3.2): "about:blank", "about:srcdoc" and "data:"
 * URLs are trusted (their documents inherit or get a fresh context); otherwise the origin decides.
 */
export function isPotentiallyTrustworthyURL(url: URL): boolean {
  // 3.2 step 1: about:blank and about:srcdoc.
  if (url.href === 'about:blank' || url.href === 'about:srcdoc') return true;
  // 3.2 step 2: the "data" scheme.
  if (url.protocol === 'data:') return true;
  // 3.2 step 3.
  return isPotentiallyTrustworthyOrigin(url);
}
