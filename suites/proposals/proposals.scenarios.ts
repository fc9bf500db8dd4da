// The cross-origin designs of ../shared/seeds/000_d8eb3ac6ef5d1746.txt ("Design Alternatives"),
// through the one loop: the design models (model/proposals/) predict, the shim
// (fixtures-server/shim/, on today's APIs) or the engine's own API runs, the verdicts compare.
//
// Every check's target is a worker of origin {b} registered from a {b} frame inside the caller's
// {a} page: engines partition storage by top-level site, so that is the registration the shim's
// hidden {b} frame (inside the same {a} page) can find (model/proposals/match.ts). A worker the
// user registered by visiting {b} directly would be in another partition, invisible to {a}.
import type { CrossOriginBehaviour, ProposalCheck, ProposalDesignName, Resource, Scenario, Step } from '../../contract/index.js';
//
// This table is the area's Playwright test file: each row calls test() (suites/harness/define.ts),
// so `npx playwright test suites/proposals/proposals.scenarios.ts:<line>` runs that row.
import { historyOf } from '../../model/proposals/index.js';
import { smoke, worker } from '../harness/build.js';
import { check, checks } from '../harness/define.js';

const SEED = 'seed 000_d8eb3ac6ef5d1746.txt';
const SEED_LINES: Record<ProposalDesignName, string> = {
  'navigator-connect': `${SEED} lines 9–13 (MessagePorts: navigator.connect(url) accepted/rejected by the worker registered for the URL; a MessagePort on accept)`,
  'local-lookaside-fetch': `${SEED} lines 15–19 (local look-aside fetch(): routed to the worker installed for the scope; never the network)`,
  'universal-lookaside-fetch': `${SEED} lines 21–24 (universal look-aside fetch(): as local, but the network when no worker is installed; explicit opt-in)`,
  'stashed-message-ports': `${SEED} lines 28–33 (stashed MessagePorts outliving the worker's JavaScript context)`,
};
const CONNECT_DRAFT = 'navigator.connect draft § connect(url), Connect algorithm: https://github.com/mkruisselbrink/navigator-connect/blob/gh-pages/index.html';
const PARTITIONING = 'w3c/ServiceWorker#1188 (double-keying; the shim sees the caller\'s partition): https://github.com/w3c/ServiceWorker/issues/1188';
const HANDLE_FETCH = 'sw.bs § Handle Fetch steps 10.1–10.2 (a subresource fetch goes to the client\'s own controller or the network)';
const CORS = 'Fetch § CORS check (the network fallback is a cors fetch from the caller)';

const PAGE = '{a}/proposals/page.html';
const FRAME = '{b}/proposals/frame.html';
const TARGET = '{b}/svc/sw.js';
const SCOPE = '{b}/svc/';
const DATA = '{b}/svc/data.txt';
const PROBE = '{a}/proposals/sw.js';

// ---- building blocks

const open: Step = { do: 'open', client: 'c1', url: PAGE };
const frameB: Step = { do: 'frame', client: 'c1', frame: 'svc', url: FRAME };
/** The target's worker, registered from the {b} frame: in the partition of the {a} page. */
const registerTarget: Step = { do: 'register', client: 'c1', frame: 'svc', script: TARGET, settle: true };
const installTarget: Step[] = [frameB, registerTarget];
/** A worker of {a} for the service-worker side of the native probes (the agent asks it). */
const registerProbe: Step = { do: 'register', client: 'c1', script: PROBE, settle: true };

const connect = (url = `${SCOPE}echo`, extra: Partial<Extract<Step, { do: 'connect' }>> = {}): Step => ({ do: 'connect', client: 'c1', url, ...extra });
const lookaside = (fallback: 'local' | 'universal', extra: Partial<Extract<Step, { do: 'lookasideFetch' }>> = {}): Step => ({
  do: 'lookasideFetch',
  client: 'c1',
  url: DATA,
  fallback,
  ...extra,
});

const target = (crossOrigin: CrossOriginBehaviour, extra: Record<string, Resource> = {}): Record<string, Resource> => ({
  [TARGET]: worker('target-v1', { crossOrigin }),
  ...extra,
});
/** {b}'s data on the network, readable by {a} (Access-Control-Allow-Origin), so a network answer is visible. */
const networkData = (body = 'from the network'): Record<string, Resource> => ({
  [DATA]: { kind: 'text', body, http: { headers: { 'Access-Control-Allow-Origin': '{a}' } } },
});

function pc(
  id: string,
  proposal: ProposalCheck,
  title: string,
  spec: string[],
  resources: Record<string, Resource>,
  steps: Step[],
): Scenario {
  return { id: `proposals/${id}`, area: 'proposals', title, spec, proposal, resources, steps };
}

const shim = (design: ProposalDesignName): ProposalCheck => ({ design, via: 'shim' });

/** The engine's own API for `design`, compared with the same model. */
function native(design: ProposalDesignName, title: string, resources: Record<string, Resource>, steps: Step[]): Scenario {
  const h = historyOf(design);
  const links = [...new Set(h.history.map((e) => e.source))];
  return pc(`native-${design}`, { design, via: 'native' }, title, [SEED_LINES[design], `native support: ${h.summary}`, ...links], resources, steps);
}

const PROBE_WORKER: Record<string, Resource> = { [PROBE]: worker('probe-v1') };

export const proposalsScenarios = checks('proposals', (test) => {
  // ---- design 1: navigator.connect (seed lines 9–13), through the shim

  test(...check(smoke(pc('connect-accept', shim('navigator-connect'), 'connect: the worker registered for the URL accepts the caller\'s origin; a port to it works both ways',
    [SEED_LINES['navigator-connect'], CONNECT_DRAFT, PARTITIONING],
    target({ connect: ['{a}'] }), [open, ...installTarget, connect()]))));
  test(...check(pc('connect-reject', shim('navigator-connect'), 'connect: the worker rejects an origin it does not list (AbortError); it saw the verified origin',
    [SEED_LINES['navigator-connect'], CONNECT_DRAFT],
    target({ connect: ['{b}'] }), [open, ...installTarget, connect()])));
  test(...check(pc('connect-no-worker', shim('navigator-connect'), 'connect: no worker registered for the URL rejects with the same AbortError as a refusal',
    [SEED_LINES['navigator-connect'], `${CONNECT_DRAFT} (Connect 2.2; security: a refusal is indistinguishable from no service)`],
    {}, [open, connect()])));
  test(...check(pc('connect-worker-installed-later', shim('navigator-connect'), 'connect: rejected before the target worker is installed, accepted after',
    [SEED_LINES['navigator-connect'], CONNECT_DRAFT],
    target({ connect: ['{a}'] }), [open, connect(), ...installTarget, connect()])));
  test(...check(pc('connect-two-callers', shim('navigator-connect'), 'connect: two callers on different origins — the target accepts {a} and rejects {b} (its own origin, not on its list)',
    [SEED_LINES['navigator-connect'], CONNECT_DRAFT, 'the caller origin is the user agent\'s (MessageEvent.origin), never the caller\'s claim'],
    target({ connect: ['{a}'] }), [open, ...installTarget, connect(), connect(`${SCOPE}echo`, { frame: 'svc' })])));
  test(...check(pc('connect-insecure-caller', shim('navigator-connect'), 'connect: a caller that is not a secure context reaches no worker, even one that accepts every origin',
    [SEED_LINES['navigator-connect'], 'proposals-insecure-caller-not-handled: https://w3c.github.io/webappsec-secure-contexts/#is-settings-object-contextually-secure'],
    target({ connect: ['*'] }), [open, ...installTarget, { do: 'frame', client: 'c1', frame: 'insecure', url: '{insecure}/proposals/frame.html' }, connect(`${SCOPE}echo`, { frame: 'insecure' })])));
  test(...check(pc('connect-out-of-scope', shim('navigator-connect'), 'connect: a URL outside every scope of the target origin finds no worker',
    [SEED_LINES['navigator-connect'], 'sw.bs § Match Service Worker Registration'],
    target({ connect: ['*'] }), [open, ...installTarget, connect('{b}/elsewhere/echo')])));

  // ---- design 2: local look-aside fetch (seed lines 15–19), through the shim

  test(...check(pc('local-lookaside-worker', shim('local-lookaside-fetch'), 'local look-aside fetch: answered by the worker installed for the scope, not the network',
    [SEED_LINES['local-lookaside-fetch'], PARTITIONING],
    target({ lookaside: { origins: ['{a}'], answer: { kind: 'respond', body: 'from the target worker' } } }, networkData()),
    [open, ...installTarget, lookaside('local')])));
  test(...check(pc('local-lookaside-no-worker', shim('local-lookaside-fetch'), 'local look-aside fetch: no worker installed is a network error, although the network would answer',
    [SEED_LINES['local-lookaside-fetch']],
    networkData(), [open, lookaside('local')])));
  test(...check(pc('local-lookaside-declined', shim('local-lookaside-fetch'), 'local look-aside fetch: a worker that does not accept the caller\'s origin gives the same network error',
    [SEED_LINES['local-lookaside-fetch'], 'proposals-rejection-indistinguishable (model/proposals/positions.ts)'],
    target({ lookaside: { origins: ['{b}'] } }, networkData()), [open, ...installTarget, lookaside('local')])));

  // ---- design 3: universal look-aside fetch (seed lines 21–24), through the shim

  test(...check(pc('universal-lookaside-worker', shim('universal-lookaside-fetch'), 'universal look-aside fetch: answered by the worker installed for the scope',
    [SEED_LINES['universal-lookaside-fetch']],
    target({ lookaside: { origins: ['{a}'], answer: { kind: 'respond', body: 'from the target worker' } } }, networkData()),
    [open, ...installTarget, lookaside('universal')])));
  test(...check(pc('universal-lookaside-network-fallback', shim('universal-lookaside-fetch'), 'universal look-aside fetch: no worker installed — the network, as a plain cors fetch',
    [SEED_LINES['universal-lookaside-fetch'], CORS],
    networkData(), [open, lookaside('universal')])));
  test(...check(pc('universal-lookaside-declined-fallback', shim('universal-lookaside-fetch'), 'universal look-aside fetch: a worker that declines the caller — the network',
    [SEED_LINES['universal-lookaside-fetch'], 'proposals-universal-falls-back-when-declined: https://github.com/w3c/ServiceWorker/pull/751'],
    target({ lookaside: { origins: ['{a}'], answer: { kind: 'fallback' } } }, networkData()), [open, ...installTarget, lookaside('universal')])));
  test(...check(pc('universal-lookaside-no-cors', shim('universal-lookaside-fetch'), 'universal look-aside fetch: the network fallback without Access-Control-Allow-Origin fails the CORS check',
    [SEED_LINES['universal-lookaside-fetch'], CORS],
    {}, [open, lookaside('universal')])));

  // ---- today's platform: what the designs wanted to relax

  test(...check(pc('plain-cross-origin-fetch', { design: 'plain-cross-origin-fetch', via: 'platform' },
    'a plain cross-origin fetch() is never handled by the other origin\'s worker, whatever it registered',
    [HANDLE_FETCH, `${SEED} line 23 ("just as it would in today's world")`, CORS],
    {
      [TARGET]: worker('target-v1', {
        fetch: { otherwise: { kind: 'respond', body: 'from the target worker' } },
        crossOrigin: { connect: ['*'], lookaside: { origins: ['*'] } },
      }),
      ...networkData(),
    },
    [open, ...installTarget, { do: 'fetch', client: 'c1', url: DATA }])));

  // ---- native support: the engine's own API, compared with the same model; unsupported while absent

  test(...check(smoke(native('navigator-connect', 'native navigator.connect(): absent, or accepted by the target like the shim',
    { ...PROBE_WORKER, ...target({ connect: ['{a}'] }) },
    [open, registerProbe, ...installTarget, { do: 'probeNative', client: 'c1', design: 'navigator-connect' }, connect(`${SCOPE}echo`, { native: true })]))));
  test(...check(native('local-lookaside-fetch', 'native local look-aside fetch(): no API was ever specified',
    target({ lookaside: { origins: ['{a}'] } }),
    [open, ...installTarget, { do: 'probeNative', client: 'c1', design: 'local-lookaside-fetch' }, lookaside('local', { native: true })])));
  test(...check(native('universal-lookaside-fetch', 'native universal look-aside fetch() (foreign fetch): absent, or answered by the target like the shim',
    { ...PROBE_WORKER, ...target({ lookaside: { origins: ['{a}'], answer: { kind: 'respond', body: 'from the target worker' } } }, networkData()) },
    [open, registerProbe, ...installTarget, { do: 'probeNative', client: 'c1', design: 'universal-lookaside-fetch' }, lookaside('universal', { native: true })])));
  test(...check(native('stashed-message-ports', 'native stashed MessagePorts: absent (probed in a service worker)',
    PROBE_WORKER,
    [open, registerProbe, { do: 'probeNative', client: 'c1', design: 'stashed-message-ports' }])));
});
