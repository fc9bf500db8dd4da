// Where the proposal models take one position on something the seed and its drafts leave open.
// Same shape as model/positions.ts (owned elsewhere); kept here so model/proposals/ stays self-contained.
import type { Position } from '../positions.js';

function position(id: string, summary: string, link: string): Position {
  return { id, summary, link };
}

export const PROPOSAL_POSITIONS = {
  partitionedRegistrations: position(
    'proposals-partitioned-registrations',
    'A caller finds only the target origin\'s registrations made under the caller\'s top-level site ' +
      '(today\'s partitioned storage); the seed assumed one registration map per origin. ' +
      'Double-keying is the first reason given for removing foreign fetch.',
    'https://github.com/w3c/ServiceWorker/issues/1188',
  ),
  connectWithoutActiveWorker: position(
    'proposals-connect-without-active-worker',
    'navigator.connect() to a registration without an active worker rejects with AbortError at once ' +
      '(the draft\'s Connect algorithm leaves this as an issue: "Probably wait for some worker to ' +
      'become the active worker?"); look-aside fetch likewise treats it as "no worker installed".',
    'https://github.com/mkruisselbrink/navigator-connect/blob/gh-pages/index.html',
  ),
  rejectionIndistinguishable: position(
    'proposals-rejection-indistinguishable',
    'A refused connect and "no service worker" reject with the same AbortError (the draft\'s ' +
      'security section: rejecting "should be indistinguishable from no service being installed"); ' +
      'a declined local look-aside fetch and "no worker" give the same TypeError.',
    'https://github.com/mkruisselbrink/navigator-connect/blob/gh-pages/index.html',
  ),
  universalFallsBackWhenDeclined: position(
    'proposals-universal-falls-back-when-declined',
    'A universal look-aside fetch the target worker declines (caller origin not accepted, or no ' +
      'respondWith) goes to the network as a plain fetch() from the page, as foreign fetch did for ' +
      'origins outside registerForeignFetch({origins}); a worker answering Response.error() does not fall back.',
    'https://github.com/w3c/ServiceWorker/pull/751',
  ),
  insecureCallerNotHandled: position(
    'proposals-insecure-caller-not-handled',
    'A caller that is not a secure context (or has a non-secure top-level document) reaches no ' +
      'service worker: its target-origin frame is not a secure context either, so it has no ' +
      'navigator.serviceWorker.',
    'https://w3c.github.io/webappsec-secure-contexts/#is-settings-object-contextually-secure',
  ),
  stashedPortsBelongToRegistration: position(
    'proposals-stashed-ports-belong-to-registration',
    'Stashed ports are owned by the service worker registration: a message to one is delivered to ' +
      'the registration\'s current active worker (started if needed) as a message event on the ' +
      'global scope; unregistering closes them.',
    'https://github.com/mkruisselbrink/navigator-connect/issues/34',
  ),
} as const satisfies Record<string, Position>;
