// Data for the models of the cross-origin designs in ../shared/seeds/000_d8eb3ac6ef5d1746.txt
// ("Design Alternatives"; cited below as "seed line N"). Plain JSON-serialisable data, like
// contract/scenario.ts, whose FetchAction the workers' answers reuse.
import type { FetchAction } from '../../contract/index.js';

/** The four designs of the seed, named after its headings. */
export type ProposalDesign =
  /** seed lines 9–13, "MessagePorts": navigator.connect(url). */
  | 'navigator-connect'
  /** seed lines 15–19, "Local look-aside fetch()". */
  | 'local-lookaside-fetch'
  /** seed lines 21–24, "Universal look-aside fetch()". */
  | 'universal-lookaside-fetch'
  /** seed lines 28–33, "MessagePort lifetime management": stashed MessagePorts. */
  | 'stashed-message-ports';

export const PROPOSAL_DESIGNS: readonly ProposalDesign[] = [
  'navigator-connect',
  'local-lookaside-fetch',
  'universal-lookaside-fetch',
  'stashed-message-ports',
];

/** Caller origins a handler accepts: "*" for any, or a list of serialized origins. */
export type OriginList = '*' | readonly string[];

/**
 * How a worker answers a fetch-like event (a look-aside fetch, or an ordinary fetch event for a
 * page it controls) — the subset of contract/scenario.ts's FetchAction that means something here:
 * - respond: a Response (body defaults to "sw:<version>", status to 200)
 * - fallback: no respondWith. For a look-aside fetch this *declines* it; for an ordinary fetch
 *   event the request goes on to the network.
 * - error: respondWith(Response.error()) — a network error for the caller
 * - forward: respondWith(fetch(event.request)) from the worker (service-workers mode "none")
 */
export type WorkerAnswer = Extract<FetchAction, { kind: 'respond' | 'fallback' | 'error' | 'forward' }>;

/** What a worker's script does with cross-origin requests. Absent members: no handler at all. */
export interface CrossOriginPolicy {
  /**
   * seed line 11: "can be accepted/rejected by a Service Worker that has registered to handle this
   * URL". The connect handler accepts callers from these origins and rejects all others.
   * Absent: no connect handler, so every connect is rejected.
   */
  connect?: OriginList;
  /**
   * seed line 17: a look-aside fetch "is routed to a local Service Worker if one is installed". The
   * handler answers callers from `origins` with `answer`; requests from other origins are declined.
   * Absent: no look-aside handler (every look-aside fetch is declined).
   */
  lookaside?: { origins: OriginList; answer: WorkerAnswer };
  /**
   * The worker's ordinary fetch handler, for subresource requests of pages it controls (Handle
   * Fetch 10). Absent: no fetch handler — those requests go to the network.
   */
  fetch?: WorkerAnswer;
}

/** A service worker registration on some origin, as the designs see it. */
export interface ProposalRegistration {
  /** Absolute scope URL; its origin is the registration's origin. */
  scope: string;
  /** Version marker of the registration's newest worker (contract/scenario.ts WorkerBehaviour.version). */
  worker: string;
  /** Whether that worker is the registration's active worker (false: still installing/waiting). */
  active: boolean;
  /**
   * The site of the top-level document under which the registration was made ("http://a.example").
   * Absent: first-party (registered from a top-level document of its own site).
   */
  topLevelSite?: string;
  policy: CrossOriginPolicy;
}

/** What the server answers on the network for one URL (contract/scenario.ts: default text "network:<path+query>"). */
export interface NetworkResource {
  status?: number;
  body?: string;
  /**
   * Access-Control-Allow-Origin for the CORS check of cross-origin fetches: "*" or one origin;
   * null or absent: none, as the fixture server's default response — a cross-origin fetch() of it
   * from a page then fails the CORS check (TypeError). A scenario that wants the body visible
   * serves a text resource with that header.
   */
  allowOrigin?: string | null;
}

export interface ProposalWorld {
  registrations: readonly ProposalRegistration[];
  /** Registrations keyed by (top-level site, origin), as today's engines do. Default true. See match.ts. */
  partitioned?: boolean;
  /** Network resources keyed by absolute URL without query. Absent: the fixture server's default. */
  network?: Readonly<Record<string, NetworkResource>>;
}

/** The requests the models answer. */
export type ProposalRequestKind =
  /** design 1: navigator.connect(url). */
  | 'connect'
  /** design 2: local look-aside fetch(url). */
  | 'localFetch'
  /** design 3: universal look-aside fetch(url) (the explicit opt-in of seed line 24). */
  | 'universalFetch'
  /** today's platform: a plain fetch(url) from the page, cross-origin or not. */
  | 'crossOriginFetch';

export interface ProposalRequest {
  kind: ProposalRequestKind;
  /** URL of the calling document; its origin is the caller origin. */
  caller: string;
  /** URL of the caller's top-level document when the caller is a frame. Absent: the caller is top-level. */
  topLevel?: string;
  /**
   * Whether the calling document is controlled. Absent: it is, iff a registration with an active
   * worker matches its URL (the document was loaded after that worker activated, Handle Fetch 9.8).
   */
  controlled?: boolean;
  /** The URL the call names (absolute, or relative to `caller`). */
  url: string;
}

/** What the caller observes. */
export type CallerObservation =
  /** connect resolved: a MessagePort entangled with a port owned by `worker` (seed line 12). */
  | { kind: 'port'; worker: string; workerOrigin: string }
  /** connect rejected. */
  | { kind: 'rejected'; error: 'AbortError' | 'TypeError' }
  /** a fetch resolved. `source`: who produced the response. */
  | { kind: 'response'; status: number; body: string; source: 'worker' | 'network' }
  /** a fetch rejected with a network error. */
  | { kind: 'networkError'; error: 'TypeError' };

/** An event a worker's handler received, with the caller origin the user agent verified. */
export interface WorkerEventObservation {
  worker: string;
  /** The worker's origin. */
  workerOrigin: string;
  event: 'connect' | 'lookasidefetch' | 'fetch';
  /** Verified origin of the caller (never taken from the message). */
  callerOrigin: string;
  url: string;
  result: 'accepted' | 'rejected' | 'responded' | 'declined' | 'error' | 'forwarded' | 'fallback';
}

/** Why the request ended as it did, in the seed's and the spec's terms. */
export type ProposalReason =
  | 'invalid-url'
  | 'insecure-context'
  | 'no-registration'
  | 'no-active-worker'
  | 'no-handler'
  | 'rejected-by-worker'
  | 'declined-by-worker'
  | 'accepted'
  | 'responded-by-worker'
  | 'worker-network-error'
  | 'network-fallback'
  | 'handled-by-controller'
  | 'network'
  | 'cors-blocked'
  | 'not-http';

export interface ProposalOutcome {
  request: ProposalRequestKind;
  /** Scope of the registration found for the request URL (in the caller's partition); null: none. */
  matchedScope: string | null;
  /** The worker that handled the request (the event's target), null when no worker did. */
  handledBy: string | null;
  /** connect: the worker accepted. Fetches: a worker answered with a response or an error. */
  accepted: boolean;
  /** The request for `url` reached the network (a fallback, a worker forwarding it, a plain fetch). */
  network: boolean;
  caller: CallerObservation;
  /** Events workers saw for this request, in order. */
  events: WorkerEventObservation[];
  /** The last decisive step. */
  reason: ProposalReason;
  /** Links of the positions (model/positions.ts) that decided this outcome. */
  positions: string[];
}
