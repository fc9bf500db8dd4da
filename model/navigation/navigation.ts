// Navigations (HTML § navigate, § create navigation params by fetching) as far as service workers
// see them: a request with mode "navigate" and redirect mode "manual", a reserved client per
// origin, and HTML's own redirect loop, so every hop goes through HTTP fetch → Handle Fetch and is
// matched again by URL (sw.bs § Handle Fetch 9; digest §5.1).

import { createClient, discardReservedClient, topLevelOf } from '../clients/clients.js';
import { fragmentOf, httpRedirectFetch, internalResponse, isNetworkError, locationURL, mainFetch, currentURL, type Request, type Response } from '../fetch/fetch.js';
import type { Co } from '../in-parallel.js';
import type { Client, World } from '../user-agent.js';
import { obtainStorageKey } from '../standards/storage-key.js';
import { isHTTPScheme, sameOrigin } from '../standards/url.js';

export type NavigationOutcome =
  /** A document loaded: its client (creation URL = the request's current URL, fragment included). */
  | { kind: 'document'; client: Client; response: Response }
  /** The fetch ended in a network error: the engine shows its error page. */
  | { kind: 'error'; why: string }
  /** 204 / 205: no new document; the old one stays. */
  | { kind: 'no-content' };

export interface NavigationTarget {
  /** Scenario name of the navigable: "c1" or "c1/f1". */
  name: string;
  kind: 'window' | 'iframe';
  /** The containing document for an iframe. */
  parent: Client | null;
}

/** HTML § create navigation params by fetching, with Fetch doing each hop. */
export function* navigate(world: World, target: NavigationTarget, url: URL): Co<NavigationOutcome> {
  // The navigation request: mode "navigate", redirect mode "manual", destination "document" or "iframe".
  const request: Request = {
    urlList: [url],
    mode: 'navigate',
    redirect: 'manual',
    destination: target.kind === 'window' ? 'document' : 'iframe',
    // The initiator's origin; for a top-level navigation from the harness, the URL's own.
    origin: target.parent?.url.origin ?? url.origin,
    taintedOrigin: false,
    client: target.parent,
    reservedClient: null,
    serviceWorkersMode: 'all',
    responseTainting: 'basic',
    redirectCount: 0,
    cacheMode: 'default',
  };
  let response: Response | null = null;
  let nextURL: URL = url;
  for (;;) {
    // HTML: a reserved client of another origin is discarded; the new origin gets a new one.
    const reserved = request.reservedClient;
    if (reserved !== null && !sameOrigin(nextURL, reserved.url)) {
      discardReservedClient(reserved);
      request.reservedClient = null;
    }
    if (request.reservedClient === null) {
      request.reservedClient = createClient(world, { name: target.name, kind: target.kind, parent: target.parent, url: nextURL, executionReady: false });
    }
    // HTML: the first hop fetches; later hops "process the next manual redirect" (HTTP-redirect fetch).
    response = response === null ? yield* mainFetch(world, request) : yield* httpRedirectFetch(world, request, response);
    if (isNetworkError(response)) break;
    // HTML: a redirect response with a location URL → next hop.
    const location = locationURL(internalResponse(response), fragmentOf(currentURL(request)));
    if (location === null) break;
    if (location === 'failure' || !isHTTPScheme(location)) {
      response = { ...response, type: 'error', error: 'navigate: the Location does not parse or is not HTTP(S)' };
      break;
    }
    nextURL = location;
  }
  const reserved = request.reservedClient;
  if (isNetworkError(response)) {
    if (reserved !== null) discardReservedClient(reserved);
    return { kind: 'error', why: response.error ?? 'network error' };
  }
  const status = internalResponse(response).status;
  if (status === 204 || status === 205) {
    if (reserved !== null) discardReservedClient(reserved);
    return { kind: 'no-content' };
  }
  if (reserved === null) throw new Error('navigate: a reserved client exists');
  // HTML § create and initialize a Document: creation URL = the request's current URL.
  const final = currentURL(request);
  reserved.url = final;
  // Storage § obtain a storage key, under the frame's top-level document (position partitioned-storage-key).
  reserved.storageKey = obtainStorageKey(final, target.parent === null ? final : topLevelOf(target.parent).url);
  reserved.executionReady = true;
  reserved.agent = response.agentPage;
  return { kind: 'document', client: reserved, response };
}
