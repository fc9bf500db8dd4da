// The fixture server's wire protocol: its control API, the observation log and the agent's extra
// steps. The scenario shapes it serves (Resource, Step, StepResult, …) are the contract's
// (contract/), the one definition every box shares.
import type { FetchAction, OriginRole, Resource } from '../contract/index.js';

export type {
  CrossOriginBehaviour,
  FetchAction,
  FetchRule,
  HttpOptions,
  LookasideAnswer,
  OriginRole,
  ProposalDesignName,
  Resource,
  Step,
  StepResult,
  WorkerBehaviour,
} from '../contract/index.js';
export { ORIGIN_ROLES } from '../contract/index.js';

// ---------------------------------------------------------------------------------------------
// The server's own protocol.

/** Every control path starts with this. Generated workers never intercept requests under it. */
export const CONTROL_PREFIX = '/__sw-conformance/';

/** A run id names a scenario run and its origins: `[a-z0-9]{1,40}`. */
export const RUN_ID_PATTERN = /^[a-z0-9]{1,40}$/;

/** The run served on plain `localhost` / `127.0.0.1` when no `__run` query parameter names one. */
export const DEFAULT_RUN = 'default';

/** Every 4xx/5xx answer of the server has this JSON body; `field` names the offending parameter. */
export interface ErrorBody {
  error: string;
  field: string;
}

/** PUT /__sw-conformance/runs/:run/resources. Keys are "{role}/path" (path without query). */
export interface PutResourcesBody {
  resources: Record<string, Resource>;
}
export interface PutResourcesResponse {
  run: string;
  /** The keys as stored: "{role}" followed by the path as a browser sends it (URL-parser normalised). */
  keys: string[];
}

/**
 * PATCH /__sw-conformance/runs/:run/resources (the "serve" step) takes the same body: the listed
 * resources replace those with the same keys (which start over at their first version) and every
 * other resource keeps what it serves. Keys may also be absolute URLs on the run's origins.
 */
export type PatchResourcesBody = PutResourcesBody;

/** POST /__sw-conformance/runs/:run/bump: serve the worker script's next version from now on. */
export interface BumpBody {
  /** "{role}/path", or an absolute URL on one of the run's origins. */
  url: string;
}
export interface BumpResponse {
  key: string;
  /** 0 = resource.behaviour, i = resource.next[i - 1]. */
  index: number;
  version: string;
}

/** Sources: "page:<url>", "worker:<version>", "server" (network entries), "harness[:…]". */
export interface LogEntry {
  /** 1, 2, 3, … per run, never reused (also across entries dropped by the size bound). */
  seq: number;
  /** Server time the entry was accepted, ms since the epoch. */
  t: number;
  source: string;
  type: string;
  data: unknown;
  /** The origin role the entry arrived through (absent for harness entries). */
  role?: OriginRole;
}

/** Body of POST /__sw-conformance/log (same origin, from pages and workers) and of POST …/runs/:run/log. */
export interface LogPostBody {
  source: string;
  type: string;
  data?: unknown;
}

/** GET /__sw-conformance/runs/:run/log query (all optional non-negative integers). */
export interface LogQuery {
  /** Return entries with seq > after (default 0). */
  after?: number;
  /** Wait until at least this many entries with seq > after exist (default 0). */
  min?: number;
  /** Then wait until no entry arrived for this long, counted from the later of the request's arrival and the last entry. */
  quietMs?: number;
  /** Answer anyway after this long (default 10000 when waiting, at most 60000); timedOut tells. */
  timeoutMs?: number;
}

export interface LogResponse {
  run: string;
  entries: LogEntry[];
  /** Highest seq appended so far (0 if none). */
  lastSeq: number;
  /** Entries with seq > after that were dropped by the per-run bound before they could be read. */
  dropped: number;
  /** The wait condition was not met within timeoutMs. */
  timedOut: boolean;
  /** The run was deleted (or evicted) while waiting. */
  deleted?: boolean;
}

/** Data of a "network" entry: a request that reached the fixture server for a scenario path. */
export interface NetworkEntryData {
  url: string;
  method: string;
  /** What served it: a resource kind, "default-page" / "default", or "offline" (closed unanswered: the run is offline, offline.ts). */
  served: string;
  status: number;
  /** Sec-Fetch-Dest / Sec-Fetch-Mode / Service-Worker request headers when the browser sent them. */
  dest: string | null;
  mode: string | null;
  serviceWorker: string | null;
}

/** Data of a "fetch" entry reported by a generated worker. */
export interface FetchEntryData {
  worker: string;
  url: string;
  mode: string;
  redirect: string;
  destination: string;
  clientId: string | null;
  resultingClientId: string | null;
  /** The FetchAction kind the worker chose. */
  action: FetchAction['kind'];
}

/**
 * Data of a "crossorigin" entry reported by a generated worker with a `crossOrigin` policy: one
 * decision of its connect / look-aside handler (contract/outcome.ts CrossOriginEventObservation).
 */
export interface CrossOriginEntryData {
  worker: string;
  event: 'connect' | 'lookasidefetch';
  /** The caller origin the worker was given (the shim's endpoint: MessageEvent.origin). */
  origin: string;
  url: string;
  result: 'accepted' | 'rejected' | 'responded' | 'declined' | 'error' | 'forwarded';
  /** "shim" or "native": which path delivered the request. */
  via: 'shim' | 'native';
}

/** window.__swc.info() in an agent page. */
export interface AgentInfo {
  href: string;
  controller: string | null;
  secure: boolean;
}

/**
 * Steps the agent runs besides the document steps of `Step`:
 *  - ready: navigator.serviceWorker.ready → {ok: true, scope}, or {ok: false, error: "Timeout"}.
 *  - message: post {swc:1, kind:"ping"} to a worker over a MessageChannel → {version, state} from a
 *    generated worker, or {ok: false, error: "NoWorker" | "Timeout"}.
 */
export type AgentExtraStep =
  | { do: 'ready'; client?: string; frame?: string; timeoutMs?: number }
  | {
      do: 'message';
      client?: string;
      frame?: string;
      /** Which worker: the page's controller (default), or the registration for `scope`'s installing/waiting/active. */
      target?: 'controller' | 'installing' | 'waiting' | 'active';
      scope?: string;
      timeoutMs?: number;
    };
