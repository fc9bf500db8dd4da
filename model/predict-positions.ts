// Positions the scenario interpreter takes where the specifications leave a gap, word something
// differently from every implementation, or where engines disagree (same shape as positions.ts).
// When a scenario exercises one of them, its `link` goes into Outcome.positions.

import type { Position } from './positions.js';

function position(id: string, summary: string, link: string): Position {
  return { id, summary, link };
}

export const PREDICT_POSITIONS = {
  resetControllerPerHop: position(
    'reset-controller-per-hop',
    'Handle Fetch clears the reserved client\'s active service worker at the start of every ' +
      'navigation hop, so a same-origin redirect that lands out of every scope gives an ' +
      'uncontrolled document (the intent, and Chromium). Read literally, Handle Fetch 9.7 returns ' +
      'without clearing it and the earlier hop\'s worker would control the final document. ' +
      'Recorded when a scenario reaches that case.',
    'https://github.com/w3c/ServiceWorker/issues/1735',
  ),
  handleFetchCurrentURL: position(
    'handle-fetch-current-url',
    'On a redirect hop Handle Fetch matches, and the fetch event reports, the request\'s current ' +
      'URL (the last hop, with its fragment), and the worker\'s fetch(event.request) sees only that ' +
      'URL; the spec text says "request\'s URL", i.e. the first URL of the list. WPT ' +
      'navigation-redirect.https.html and all engines use the current URL. Recorded when a fetch ' +
      'event is dispatched for a request with more than one URL.',
    'https://w3c.github.io/ServiceWorker/#on-fetch-request-algorithm',
  ),
  opaqueRedirectForNavigateFetch: position(
    'opaqueredirect-for-navigate-fetch',
    'A worker\'s fetch(event.request) for a navigation that the server redirects yields an ' +
      'opaqueredirect response (implementations), not the basic-filtered 3xx Fetch returns since ' +
      'whatwg/fetch#1618. Either way the page\'s navigation follows the redirect; the difference ' +
      'is visible only inside the worker. Recorded when a scenario reaches that case.',
    'https://github.com/whatwg/html/issues/8740',
  ),
  updateJobUpdateViaCache: position(
    'update-job-update-via-cache',
    'update() and Soft Update create their job without an update via cache mode; the model gives ' +
      'the job the registration\'s current mode (implementations), so Install 3 and Update 9.1 keep ' +
      'it instead of resetting it. Recorded when such a job runs on a registration whose mode is ' +
      'not "imports".',
    'https://w3c.github.io/ServiceWorker/#service-worker-registration-update',
  ),
  installHandlerThrow: position(
    'install-handler-throw',
    'An install listener that throws synchronously does not fail the install: only a rejected ' +
      'extend-lifetime promise (waitUntil) or a timeout does (Install 11; decided in ' +
      'w3c/ServiceWorker#896, WPT oninstall-script-error.https.html). Recorded when a scenario\'s ' +
      'install handler throws.',
    'https://github.com/w3c/ServiceWorker/issues/896',
  ),
  softUpdateAfterNavigation: position(
    'soft-update-after-navigation',
    'The Soft Update that Create Fetch Event and Dispatch 19 (and Handle Fetch 11.1) start after ' +
      'a navigation\'s fetch event runs at once, like every other in-parallel step without a ' +
      'declared delay; Chromium delays it, so a scenario that depends on it should settle first. ' +
      'Recorded when a soft update installs a new worker.',
    'https://w3c.github.io/ServiceWorker/#soft-update-algorithm',
  ),
  navigationErrorResult: position(
    'navigation-error-result',
    'A navigation whose fetch ends in a network error shows an engine-specific error page; the ' +
      'step result is {navigationError: "NetworkError"} and nothing else about the document is ' +
      'compared.',
    'https://html.spec.whatwg.org/multipage/browsing-the-web.html#create-navigation-params-by-fetching',
  ),
  syntheticResponseTainting: position(
    'synthetic-response-tainting',
    'A response the worker constructed (new Response(), Response.redirect(); type "default") ' +
      'reaches the page as a basic filtered response even when the request\'s response tainting is ' +
      '"cors" or "opaque" (a cross-origin fetch): readable status, headers, body and url, like a ' +
      'worker\'s fetch() result keeps its own filter (WPT fetch-response-taint.https.html). All three ' +
      'engines do this (Chromium maps the "default" type to basic tainting; Gecko takes the worker ' +
      'response\'s tainting). Read literally, main fetch 14 filters any unfiltered response by the ' +
      'request\'s tainting, which would make it CORS-filtered or opaque; whatwg/fetch#535 discussed ' +
      'synthetic responses escaping that filter and left it. Recorded when the tainting is not "basic".',
    'https://github.com/whatwg/fetch/issues/535',
  ),
  moduleWorkerImportScripts: position(
    'module-worker-importscripts',
    'WorkerBehaviour.imports are importScripts() calls; in a module service worker importScripts ' +
      'throws a TypeError, so evaluation fails and register() rejects with TypeError (Update 16).',
    'https://html.spec.whatwg.org/multipage/workers.html#dom-workerglobalscope-importscripts',
  ),
} as const satisfies Record<string, Position>;

export type PredictPositionId = keyof typeof PREDICT_POSITIONS;
