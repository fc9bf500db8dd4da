// The fixture server: one HTTP server on 127.0.0.1 serving every run's origins (by Host header).
// Requests are dispatched in this order:
//   1. absolute-form targets (the server as WebKit's proxy) are rewritten to the direct request;
//   2. POST /__sw-conformance/log and every scenario path (outside /__sw-conformance and
//      /__swc-shim) go straight to their handlers — the hot paths, kept clear of express overhead;
//   3. everything else — the control API, static files, the shim — is the express app (which would
//      also serve 2. on its own, with the same handlers).
// See protocol.ts for the wire types and README.md for the paths.

import http from 'node:http';
import { fileURLToPath } from 'node:url';
import type { AddressInfo, Socket } from 'node:net';
import express, { type NextFunction, type Request, type Response } from 'express';
import { HttpError, invalid } from './errors.js';
import { isRunId, originFor, resolveHost, splitHost, type HostInfo } from './hosts.js';
import { resolveDeep } from './placeholders.js';
import { DEFAULT_LIMITS, DEFAULT_WAIT_TIMEOUT_MS, type Limits } from './limits.js';
import type { WaitOptions } from './log.js';
import {
  CONTROL_PREFIX,
  RUN_ID_PATTERN,
  type BumpResponse,
  type LogResponse,
  type NetworkEntryData,
  type OriginRole,
  type PutResourcesResponse,
  type Resource,
} from './protocol.js';
import { RunStore, type Run } from './runs.js';
import { StaticFiles } from './static.js';
import { agentPage, workerScript } from './templates.js';
import { resourceKey, validateLogPost, validateResources } from './validate.js';
import { checkDepth, MemoryBudget } from './budget.js';
import { refuseForeign } from './guards.js';
import { dropOffline, validateNetworkBody } from './offline.js';

export const LOOPBACK = '127.0.0.1';

export interface FixtureServerOptions {
  /** Port to listen on; 0 or absent picks a free one. */
  port?: number;
  /** Only "127.0.0.1" is accepted: the server refuses to listen anywhere but loopback. */
  host?: string;
  /** Folder served under /__sw-conformance/static/ (default: fixtures-server/static). */
  staticRoot?: string;
  /** Folder served under /__swc-shim/ on every origin (default: fixtures-server/shim). */
  shimRoot?: string;
  /** Override size bounds (tests, benchmarks). */
  limits?: Partial<Limits>;
}

export interface FixtureServer {
  readonly port: number;
  /** http://127.0.0.1:<port>, where the control API is reachable. */
  readonly url: string;
  /** Origin of a run's role, without trailing slash: "{a}/x" → baseUrl(run, 'a') + "/x". */
  baseUrl(run: string, role: OriginRole): string;
  close(): Promise<void>;
}

const DEFAULT_STATIC_ROOT = fileURLToPath(new URL('./static/', import.meta.url));
/** The cross-origin shim (fixtures-server/shim/), served at the same path on every origin. */
const SHIM_ROOT = fileURLToPath(new URL('./shim/', import.meta.url));
export const SHIM_PREFIX = '/__swc-shim/';

type Locals = { host: HostInfo; path: string; search: string };

function locals(res: Response): Locals {
  return res.locals as Locals;
}

/** Splits an origin-form request target into raw path and raw search ("" or "?…"). */
function splitTarget(target: string): { path: string; search: string } {
  const q = target.indexOf('?');
  return q === -1 ? { path: target, search: '' } : { path: target.slice(0, q), search: target.slice(q) };
}

/**
 * Answers JSON. With `budget`, the answer's bytes are held against the memory budget until the
 * response closes (a large log read to many slow readers would otherwise multiply it); over the
 * budget the answer is a 429 naming "budget" instead.
 */
function sendJson(res: http.ServerResponse, status: number, value: unknown, budget?: MemoryBudget): void {
  const body = JSON.stringify(value);
  if (budget) {
    const bytes = Buffer.byteLength(body);
    budget.take(bytes, 'an answer being sent', 429);
    res.once('close', () => budget.give(bytes));
  }
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.end(body);
}

function sendError(res: http.ServerResponse, err: HttpError): void {
  if (err.status === 413) res.setHeader('Connection', 'close');
  sendJson(res, err.status, err.body());
}

/**
 * Reads a request body of at most `limit` bytes (stops reading, and answers 413, beyond it). The
 * bytes read so far are held against `budget` until the body is complete or abandoned, so many
 * concurrent uploads cannot add up past it either.
 */
function readBody(req: http.IncomingMessage, limit: number, budget: MemoryBudget): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const tooLarge = (): HttpError => new HttpError(413, `body: larger than ${limit} bytes`, 'body');
    const declared = req.headers['content-length'];
    if (declared !== undefined && Number(declared) > limit) {
      reject(tooLarge());
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    // `size` counts the bytes taken from the budget; cleanup() gives them back.
    const onData = (chunk: Buffer): void => {
      let refusal: unknown = size + chunk.length > limit ? tooLarge() : undefined;
      if (refusal === undefined) {
        try {
          budget.take(chunk.length, 'a request body');
        } catch (e) {
          refusal = e;
        }
      }
      if (refusal !== undefined) {
        cleanup();
        req.pause();
        reject(refusal);
        return;
      }
      size += chunk.length;
      chunks.push(chunk);
    };
    const onEnd = (): void => {
      cleanup();
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks));
    };
    const onError = (e: Error): void => {
      cleanup();
      reject(e);
    };
    // A connection closed mid-body ends the read too (whether or not node reports it as an error).
    const onClose = (): void => onError(Object.assign(new Error('request closed before its body ended'), { code: 'ECONNRESET' }));
    const cleanup = (): void => {
      budget.give(size);
      size = 0;
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('close', onClose);
  });
}

/**
 * Reads a JSON request body of at most `limit` bytes. Content-Type must be application/json, which
 * a cross-site page cannot send without a CORS preflight the server never grants.
 */
async function readJson(req: http.IncomingMessage, limit: number, budget: MemoryBudget): Promise<unknown> {
  // Every body (control API and the page log alike) must be application/json: no simple request.
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') {
    throw new HttpError(415, 'content-type: the control API takes application/json bodies', 'content-type');
  }
  const text = (await readBody(req, limit, budget)).toString('utf8');
  if (text.trim() === '') invalid('body', 'empty; a JSON object is required');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return invalid('body', 'is not valid JSON');
  }
}

const LOG_QUERY_KEYS = ['after', 'min', 'quietMs', 'timeoutMs'] as const;

export function parseLogQuery(search: string, limits: Limits): WaitOptions {
  const params = new URLSearchParams(search);
  const values: Partial<Record<(typeof LOG_QUERY_KEYS)[number], number>> = {};
  for (const key of new Set(params.keys())) {
    if (!(LOG_QUERY_KEYS as readonly string[]).includes(key)) {
      invalid(key, `unknown parameter (allowed: ${LOG_QUERY_KEYS.join(', ')})`);
    }
    const all = params.getAll(key);
    if (all.length > 1) invalid(key, 'given more than once');
    const raw = all[0]!;
    if (!/^\d{1,12}$/.test(raw)) invalid(key, 'must be a non-negative integer');
    values[key as (typeof LOG_QUERY_KEYS)[number]] = Number(raw);
  }
  const after = values.after ?? 0;
  const min = values.min ?? 0;
  const quietMs = values.quietMs ?? 0;
  if (quietMs > limits.maxWaitMs) invalid('quietMs', `must be at most ${limits.maxWaitMs}`);
  if (min > limits.maxEntriesPerRun) invalid('min', `must be at most ${limits.maxEntriesPerRun}`);
  let timeoutMs: number;
  if (values.timeoutMs !== undefined) {
    timeoutMs = values.timeoutMs;
    if (timeoutMs > limits.maxWaitMs) invalid('timeoutMs', `must be at most ${limits.maxWaitMs}`);
    if (quietMs > timeoutMs) invalid('quietMs', 'must not exceed timeoutMs');
  } else {
    timeoutMs = min > 0 || quietMs > 0 ? Math.min(limits.maxWaitMs, Math.max(DEFAULT_WAIT_TIMEOUT_MS, 2 * quietMs)) : 0;
  }
  return { after, min, quietMs, timeoutMs };
}

/**
 * Run and role of a request: its Host header, and `__run` from its (raw) search. The Host's port
 * (80 when absent) must be this server's: a Host naming another port names another server.
 */
function hostOf(req: http.IncomingMessage, search: string, ownPort: number): HostInfo {
  const runs = search.includes('__run') ? new URLSearchParams(search).getAll('__run') : [];
  if (runs.length > 1) invalid('__run', 'given more than once');
  // Node keeps the first of several Host headers; which one counts is exactly what a smuggler or a
  // proxy confusion exploits, so more than one is a 400 (RFC 9112 §3.2).
  let hosts = 0;
  for (let i = 0; i < req.rawHeaders.length; i += 2) if (req.rawHeaders[i]!.toLowerCase() === 'host') hosts++;
  if (hosts > 1) throw new HttpError(400, 'host: more than one Host header', 'host');
  const host = resolveHost(req.headers.host, runs[0] ?? null);
  if ((host.port ?? 80) !== ownPort) {
    throw new HttpError(400, `host: port ${host.port ?? 80} is not this server's port ${ownPort}`, 'host');
  }
  return host;
}

/** A request the client abandoned (reset, closed): nobody is left to answer, and it is no server fault. */
function abandoned(res: http.ServerResponse, e: unknown): boolean {
  return res.destroyed || (e as { code?: unknown } | null)?.code === 'ECONNRESET';
}

/** Paths the express app itself serves: the control API and the shim (case-sensitive, whole segment). */
function isInfrastructurePath(path: string): boolean {
  for (const prefix of [CONTROL_PREFIX, SHIM_PREFIX]) {
    if (path.startsWith(prefix) || path === prefix.slice(0, -1)) return true;
  }
  return false;
}

/** Answers an error outside express (the fast paths), as the app's error handler would. */
function failRaw(res: http.ServerResponse, e: unknown): void {
  if (res.headersSent || abandoned(res, e)) res.destroy();
  else if (e instanceof HttpError) sendError(res, e);
  else {
    console.error('fixture server error:', e);
    sendJson(res, 500, { error: 'internal error', field: 'server' });
  }
}

function headerString(req: http.IncomingMessage, name: string): string | null {
  const v = req.headers[name];
  return typeof v === 'string' ? v : null;
}

function hasHeader(headers: Record<string, string> | undefined, name: string): boolean {
  return headers !== undefined && Object.keys(headers).some((k) => k.toLowerCase() === name);
}

/** Agent pages as bytes, per run and role (a bounded cache: a page is a pure function of both). */
class AgentPages {
  private readonly cache = new Map<string, Buffer>();
  get(run: string, role: OriginRole): Buffer {
    const key = `${role}/${run}`;
    let page = this.cache.get(key);
    if (!page) {
      if (this.cache.size >= 1024) this.cache.clear();
      page = Buffer.from(agentPage({ run, role }), 'utf8');
      this.cache.set(key, page);
    }
    return page;
  }
}

export async function createFixtureServer(options: FixtureServerOptions = {}): Promise<FixtureServer> {
  if (options.host !== undefined && options.host !== LOOPBACK) {
    throw new Error(`the fixture server listens on ${LOOPBACK} only; refusing host ${JSON.stringify(options.host)}`);
  }
  const requestedPort = options.port ?? 0;
  if (!Number.isInteger(requestedPort) || requestedPort < 0 || requestedPort > 65535) {
    throw new Error(`port must be an integer in 0..65535, got ${String(options.port)}`);
  }
  const limits: Limits = { ...DEFAULT_LIMITS, ...options.limits };
  const budget = new MemoryBudget(limits.memoryBudgetBytes);
  const store = new RunStore(limits, budget);
  // Answers being sent (a log or resource listing is a copy of stored data) have a budget of the
  // same size of their own, so stored data up to the budget can always be read back.
  const answers = new MemoryBudget(limits.memoryBudgetBytes);
  const statics = new StaticFiles(options.staticRoot ?? DEFAULT_STATIC_ROOT);
  const shim = new StaticFiles(options.shimRoot ?? SHIM_ROOT);
  const pages = new AgentPages();
  let port = 0;
  let closing = false;

  /** POST /__sw-conformance/log: a page's or worker's report to its own origin. */
  async function acceptLogPost(req: http.IncomingMessage, res: http.ServerResponse, host: HostInfo): Promise<void> {
    // Only this run's own origins (or plain loopback) may report into its log.
    refuseForeign(req, port, host.run);
    const entry = validateLogPost(await readJson(req, limits.maxLogBodyBytes, budget));
    // "harness…" entries come from the control API only; a page claiming one would forge the record.
    if (entry.source.startsWith('harness')) invalid('source', 'must start with "page:" or "worker:" here ("harness" entries go to runs/:run/log)');
    checkDepth(entry.data, limits.maxLogDataDepth, 'data');
    store.get(host.run).log.append(entry.source, entry.type, entry.data, host.role);
    res.statusCode = 204;
    res.setHeader('Cache-Control', 'no-store');
    res.end();
  }

  /**
   * The log POST has a throughput target (pages and workers report every event), so it is
   * dispatched before express, whose per-request overhead (measured: 2–4× a bare node handler)
   * would otherwise be most of its cost. Same checks and same handler as the express route.
   */
  const LOG_PATH = `${CONTROL_PREFIX}log`;
  function fastLogPost(req: http.IncomingMessage, res: http.ServerResponse): boolean {
    const url = req.url ?? '';
    if (req.method !== 'POST' || !url.startsWith(LOG_PATH) || (url.length > LOG_PATH.length && url[LOG_PATH.length] !== '?')) return false;
    const fail = (e: unknown): void => failRaw(res, e);
    try {
      acceptLogPost(req, res, hostOf(req, url.slice(LOG_PATH.length), port)).catch(fail);
    } catch (e) {
      fail(e);
    }
    return true;
  }

  // ---- scenario origins: resources, the agent page, and the "network" default
  async function serveScenario(req: http.IncomingMessage, res: http.ServerResponse, host: HostInfo, path: string, search: string): Promise<void> {
    const run: Run = store.get(host.run);
    const key = `{${host.role}}${path}`;
    // Area "caches": an offline run's requests fail as network errors (offline.ts), logged as such.
    if (!run.online) {
      run.log.append('server', 'network', { url: `http://${req.headers.host ?? ''}${path}${search}`, method: req.method ?? 'GET', served: 'offline', status: 0, dest: headerString(req, 'sec-fetch-dest'), mode: headerString(req, 'sec-fetch-mode'), serviceWorker: headerString(req, 'service-worker') } satisfies NetworkEntryData, host.role);
      dropOffline(req, res);
      return;
    }
    const stored: Resource | undefined = run.resources.get(key);
    const resource = stored && resolveDeep(stored, host.run, host.port ?? port);
    const isHead = req.method === 'HEAD';

    let served: string;
    let status: number;
    let contentType: string | null;
    let body: string | Buffer;
    let headers: Record<string, string> | undefined;
    let location: string | undefined;
    if (!resource) {
      if (path.endsWith('.html')) {
        served = 'default-page';
        status = 200;
        contentType = 'text/html; charset=utf-8';
        body = pages.get(host.run, host.role);
      } else {
        served = 'default';
        status = 200;
        contentType = 'text/plain; charset=utf-8';
        body = `network:${path}${search}`;
      }
    } else {
      const h = resource.http ?? {};
      served = resource.kind;
      headers = h.headers;
      switch (resource.kind) {
        case 'page':
          status = h.status ?? 200;
          contentType = 'text/html; charset=utf-8';
          body = pages.get(host.run, host.role);
          break;
        case 'worker':
          status = h.status ?? 200;
          contentType = 'text/javascript; charset=utf-8';
          body = workerScript(host.run, run.currentBehaviour(key, resource));
          break;
        case 'script':
          status = h.status ?? 200;
          contentType = 'text/javascript; charset=utf-8';
          body = resource.body;
          break;
        case 'text':
          status = h.status ?? 200;
          contentType = 'text/plain; charset=utf-8';
          body = resource.body;
          break;
        case 'redirect':
          status = resource.status;
          contentType = 'text/plain; charset=utf-8';
          body = '';
          location = resource.location;
          break;
      }
      if (h.contentType !== undefined) contentType = h.contentType;
    }

    const entry: NetworkEntryData = {
      url: `http://${req.headers.host ?? ''}${path}${search}`,
      method: req.method ?? 'GET',
      served,
      status,
      dest: headerString(req, 'sec-fetch-dest'),
      mode: headerString(req, 'sec-fetch-mode'),
      serviceWorker: headerString(req, 'service-worker'),
    };
    run.log.append('server', 'network', entry, host.role);

    const delayMs = resource?.http?.delayMs ?? 0;
    if (delayMs > 0) {
      await sleep(delayMs, res);
      if (res.destroyed || closing) return;
    }

    res.statusCode = status;
    if (contentType !== null) res.setHeader('Content-Type', contentType);
    if (!hasHeader(headers, 'cache-control')) res.setHeader('Cache-Control', 'no-store');
    if (location !== undefined) res.setHeader('Location', location);
    for (const [name, value] of Object.entries(headers ?? {})) res.setHeader(name, value);
    const bodyless = status === 204 || status === 304;
    if (!bodyless) res.setHeader('Content-Length', Buffer.byteLength(body));
    res.end(isHead || bodyless ? undefined : body);
  }

  /**
   * Scenario paths (everything outside /__sw-conformance and /__swc-shim) are most of a run's
   * traffic; they are served without express's per-request overhead, by the same serveScenario the
   * app's last middleware calls.
   */
  function fastScenario(req: http.IncomingMessage, res: http.ServerResponse): boolean {
    const { path, search } = splitTarget(req.url ?? '');
    if (!path.startsWith('/') || isInfrastructurePath(path)) return false;
    try {
      serveScenario(req, res, hostOf(req, search, port), path, search).catch((e: unknown) => failRaw(res, e));
    } catch (e) {
      failRaw(res, e);
    }
    return true;
  }

  // Pending response delays, released at close so nothing keeps the process alive.
  const delays = new Set<() => void>();
  const sleep = (ms: number, res: http.ServerResponse): Promise<void> =>
    new Promise((resolve) => {
      const release = (): void => {
        clearTimeout(timer);
        delays.delete(release);
        res.off('close', release);
        resolve();
      };
      const timer = setTimeout(release, ms);
      delays.add(release);
      res.on('close', release);
    });

  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('case sensitive routing', true);
  app.set('query parser', false);

  // Every request: which run and origin role is this (Host header, and __run on plain loopback names)?
  app.use((req: Request, res: Response, next: NextFunction) => {
    const { path, search } = splitTarget(req.url);
    if (!path.startsWith('/')) throw new HttpError(400, 'path: request target must start with "/"', 'path');
    res.locals.host = hostOf(req, search, port);
    res.locals.path = path;
    res.locals.search = search;
    next();
  });

  // ---- control API
  const control = express.Router({ caseSensitive: true, strict: false });

  const runParam = (req: Request): string => {
    const id = req.params.run;
    if (typeof id !== 'string' || !isRunId(id)) invalid('run', `must match ${RUN_ID_PATTERN.source}`);
    return id;
  };
  const methods =
    (allowed: string) =>
    (_req: Request, res: Response): void => {
      res.setHeader('Allow', allowed);
      sendJson(res, 405, { error: `method not allowed here (allowed: ${allowed})`, field: 'method' });
    };

  // Requests a page elsewhere makes (the browser says so in Sec-Fetch-Site or Origin) never reach
  // the control API; the suite's own pages and workers call it on their own origins (guards.ts).
  control.use((req, _res, next) => {
    refuseForeign(req, port);
    next();
  });

  control
    .route('/')
    .get((_req, res) => {
      sendJson(res, 200, {
        server: 'sw-conformance fixtures',
        port,
        runs: store.ids(),
        endpoints: [
          'PUT /__sw-conformance/runs/:run/resources',
          'PATCH /__sw-conformance/runs/:run/resources',
          'GET /__sw-conformance/runs/:run/resources',
          'POST /__sw-conformance/runs/:run/bump',
          'PUT /__sw-conformance/runs/:run/network {online}',
          'GET /__sw-conformance/runs/:run/log?after=&min=&quietMs=&timeoutMs=',
          'POST /__sw-conformance/runs/:run/log',
          'DELETE /__sw-conformance/runs/:run',
          'POST /__sw-conformance/log (same origin, from pages and workers)',
          'GET /__sw-conformance/static/<file>',
        ],
      });
    })
    .all(methods('GET, HEAD'));

  control
    .route('/log')
    .post((req, res) => acceptLogPost(req, res, locals(res).host))
    .all(methods('POST'));

  control
    .route('/runs/:run/resources')
    .put(async (req, res) => {
      const id = runParam(req);
      const resources = validateResources(await readJson(req, limits.maxControlBodyBytes, budget), limits, id);
      store.get(id).setResources(resources);
      const answer: PutResourcesResponse = { run: id, keys: [...resources.keys()] };
      sendJson(res, 200, answer);
    })
    .patch(async (req, res) => {
      const id = runParam(req);
      const resources = validateResources(await readJson(req, limits.maxControlBodyBytes, budget), limits, id);
      store.get(id).mergeResources(resources, limits.maxResourcesPerRun);
      const answer: PutResourcesResponse = { run: id, keys: [...resources.keys()] };
      sendJson(res, 200, answer);
    })
    .get((req, res) => {
      const run = store.get(runParam(req));
      sendJson(res, 200, { run: run.id, resources: Object.fromEntries(run.resources), versions: Object.fromEntries(run.versions) }, answers);
    })
    .all(methods('PUT, PATCH, GET'));

  control
    .route('/runs/:run/bump')
    .post(async (req, res) => {
      const id = runParam(req);
      const body = await readJson(req, limits.maxControlBodyBytes, budget);
      if (typeof body !== 'object' || body === null || Array.isArray(body)) invalid('body', 'must be an object {url}');
      const extra = Object.keys(body).filter((k) => k !== 'url');
      if (extra.length > 0) invalid(extra[0]!, 'unknown key (allowed: url)');
      const url = (body as { url?: unknown }).url;
      if (typeof url !== 'string' || url.length > 4096) invalid('url', 'must be a string "{role}/path" or an absolute URL of the run');
      const key = resourceKey(url, 'url', id, true);
      const { index, version } = store.get(id).bump(key);
      const answer: BumpResponse = { key, index, version };
      sendJson(res, 200, answer);
    })
    .all(methods('POST'));

  control
    .route('/runs/:run/network')
    .put(async (req, res) => {
      const id = runParam(req);
      const { online } = validateNetworkBody(await readJson(req, limits.maxControlBodyBytes, budget));
      store.get(id).online = online;
      sendJson(res, 200, { run: id, online });
    })
    .all(methods('PUT'));

  control
    .route('/runs/:run/log')
    .get(async (req, res) => {
      const id = runParam(req);
      const opts = parseLogQuery(locals(res).search, limits);
      const run = store.get(id);
      if (run.log.waiting >= limits.maxWaitersPerRun && (opts.min > 0 || opts.quietMs > 0)) {
        throw new HttpError(429, `run: more than ${limits.maxWaitersPerRun} concurrent log waits`, 'run');
      }
      let cancel: (() => void) | undefined;
      const onClose = (): void => cancel?.();
      res.on('close', onClose);
      const result = await run.log.wait(opts, (c) => (cancel = c));
      res.off('close', onClose);
      if (res.destroyed) return;
      const answer: LogResponse = { run: id, ...result };
      sendJson(res, 200, answer, answers);
    })
    .post(async (req, res) => {
      const id = runParam(req);
      const entry = validateLogPost(await readJson(req, limits.maxControlBodyBytes, budget));
      checkDepth(entry.data, limits.maxLogDataDepth, 'data');
      const logged = store.get(id).log.append(entry.source, entry.type, entry.data);
      sendJson(res, 200, { seq: logged.seq });
    })
    .all(methods('GET, POST'));

  control
    .route('/runs/:run')
    .delete((req, res) => {
      const id = runParam(req);
      sendJson(res, 200, { run: id, deleted: store.delete(id) });
    })
    .all(methods('DELETE'));

  const sendFile = async (files: StaticFiles, prefix: string, req: Request, res: Response): Promise<void> => {
    const file = await files.read(locals(res).path.slice(prefix.length));
    res.statusCode = 200;
    res.setHeader('Content-Type', file.contentType);
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Content-Length', file.body.length);
    res.end(req.method === 'HEAD' ? undefined : file.body);
  };

  control
    .route('/static/*file')
    .get((req, res) => sendFile(statics, `${CONTROL_PREFIX}static/`, req, res))
    .all(methods('GET, HEAD'));

  control.use((_req, res) => {
    sendJson(res, 404, { error: `no control endpoint ${locals(res).path}`, field: 'path' });
  });

  app.use(CONTROL_PREFIX.slice(0, -1), control);

  // The shim is suite infrastructure like the control API: not logged, not a scenario resource.
  app.use(SHIM_PREFIX.slice(0, -1), (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return methods('GET, HEAD')(req, res);
    return sendFile(shim, SHIM_PREFIX, req, res);
  });

  // Scenario paths (the dispatcher below sends them here directly; this keeps the app complete).
  app.use((req: Request, res: Response) => {
    const { host, path, search } = locals(res);
    return serveScenario(req, res, host, path, search);
  });

  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    if (res.headersSent || abandoned(res, err)) {
      res.destroy();
      return;
    }
    if (err instanceof HttpError) return sendError(res, err);
    // Express decodes route parameters; a malformed percent-encoding surfaces here.
    if (err instanceof URIError) return sendJson(res, 400, { error: `path: ${err.message}`, field: 'path' });
    const status = (err as { status?: unknown }).status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      return sendJson(res, status, { error: String((err as Error).message ?? err), field: 'request' });
    }
    console.error('fixture server error:', err);
    sendJson(res, 500, { error: 'internal error', field: 'server' });
  });

  // ---- HTTP server: origin-form requests go to the app; absolute-form ones (the server as WebKit's
  // proxy) are handled as direct requests when they name *.test / *.localhost on this very port.
  // Every size and time a client controls is bounded (limits.ts): the request head (URL and
  // headers), the time to send it and the whole request; connectionsCheckingInterval is how often
  // node enforces the two timeouts (its default, 30 s, would let them overrun by that much).
  const serverOptions: http.ServerOptions = {
    maxHeaderSize: limits.maxHeaderBytes,
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    connectionsCheckingInterval: Math.min(1000, limits.headersTimeoutMs),
  };
  const server = http.createServer(serverOptions, (req, res) => {
    if (req.url !== undefined && !req.url.startsWith('/')) {
      const refusal = rewriteProxyRequest(req, port);
      if (refusal) {
        res.statusCode = refusal.status;
        const body = JSON.stringify(refusal.body());
        res.setHeader('Content-Type', 'application/json; charset=utf-8');
        res.setHeader('Content-Length', Buffer.byteLength(body));
        res.end(body);
        return;
      }
    }
    if (fastLogPost(req, res) || fastScenario(req, res)) return;
    app(req, res);
  });
  server.maxConnections = limits.maxConnections;
  // Inactivity on a connection (node destroys the socket): longer than any silence the server itself
  // causes, so only a stalled client (one that stops reading an answer, say) is cut off.
  server.timeout = limits.maxWaitMs + limits.maxDelayMs + limits.stallTimeoutMs;
  // A socket handed over by 'connect' or 'clientError' has lost node's own error listener: without
  // one, a client's reset (ECONNRESET) is an unhandled 'error' event and ends the process.
  const ignoreSocketError = (): void => {};
  server.on('connect', (_req: http.IncomingMessage, socket: Socket) => {
    socket.on('error', ignoreSocketError);
    const body = JSON.stringify({ error: 'CONNECT is not supported: the fixture server proxies plain http to itself only', field: 'method' });
    socket.end(
      `HTTP/1.1 403 Forbidden\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
    // A client that never closes its side must not keep the socket forever.
    socket.setTimeout(5000, () => socket.destroy());
  });
  // Malformed requests, oversized heads, timeouts: answer what the client can still read, in the
  // server's JSON error shape, then drop the connection. Resets need no answer.
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => {
    socket.on('error', ignoreSocketError);
    // As node's default handler: no answer once an answer's head is on the wire (it would corrupt it).
    const inFlight = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
    if (err.code === 'ECONNRESET' || !socket.writable || inFlight?.headersSent) {
      socket.destroy();
      return;
    }
    const [status, reason, message] =
      err.code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'Request Header Fields Too Large', `request head (URL and headers) larger than ${limits.maxHeaderBytes} bytes`]
        : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? [408, 'Request Timeout', 'request not received in time']
          : [400, 'Bad Request', `malformed request (${err.code ?? 'parse error'})`];
    const body = JSON.stringify({ error: message, field: 'request' });
    socket.end(
      `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
    socket.setTimeout(5000, () => socket.destroy());
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(requestedPort, LOOPBACK, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  if (address.address !== LOOPBACK) {
    server.close();
    throw new Error(`bound to ${address.address}, not ${LOOPBACK}`);
  }
  port = address.port;

  return {
    port,
    url: `http://${LOOPBACK}:${port}`,
    baseUrl(run: string, role: OriginRole): string {
      if (!isRunId(run)) throw new Error(`run id must match ${RUN_ID_PATTERN.source}: ${JSON.stringify(run)}`);
      return originFor(run, role, port);
    },
    close(): Promise<void> {
      if (closing) return Promise.resolve();
      closing = true;
      store.clear();
      for (const release of [...delays]) release();
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

/**
 * Absolute-form request target (the server used as an HTTP proxy): accept only http URLs whose
 * host is a *.test or *.localhost name (or plain localhost / 127.0.0.1) on this server's own port,
 * and rewrite the request as the direct request it stands for. Returns an error to answer otherwise.
 */
export function rewriteProxyRequest(req: http.IncomingMessage, ownPort: number): HttpError | null {
  const target = req.url ?? '';
  const m = /^http:\/\/([^/?#]*)([^#]*)/i.exec(target);
  if (!m) {
    return /^[a-z][a-z0-9+.-]*:/i.test(target)
      ? new HttpError(403, 'url: the fixture server proxies only http:// URLs', 'url')
      : new HttpError(400, 'url: request target is neither origin-form nor an absolute http URL', 'url');
  }
  const authority = m[1]!;
  const rest = m[2] === '' ? '/' : m[2]!;
  if (authority.includes('@')) return new HttpError(400, 'url: credentials are not accepted', 'url');
  const split = splitHost(authority);
  if (!split) return new HttpError(400, `url: malformed host ${authority}`, 'host');
  const name = split.hostname;
  const ours = name === 'localhost' || name === LOOPBACK || name.endsWith('.localhost') || name.endsWith('.test');
  if (!ours) return new HttpError(403, `host: the fixture server never forwards to ${name}`, 'host');
  if ((split.port ?? 80) !== ownPort) {
    return new HttpError(403, `host: only this server's own port ${ownPort} is served, not ${split.port ?? 80}`, 'host');
  }
  if (!rest.startsWith('/')) return new HttpError(400, 'url: path must start with "/"', 'url');
  req.headers.host = authority;
  req.url = rest;
  return null;
}
