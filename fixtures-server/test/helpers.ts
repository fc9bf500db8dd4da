// Test helpers: an in-process server on port 0, and raw HTTP requests with explicit Host headers
// (undici's fetch may not override Host, so these use node:http).

import http from 'node:http';
import net from 'node:net';
import { createFixtureServer, type FixtureServer, type FixtureServerOptions } from '../server.js';

export interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  json(): any;
}

export interface RequestOptions {
  method?: string;
  /** Host header; default 127.0.0.1:<port>. */
  host?: string;
  /** Request target as sent on the request line (origin-form path, or an absolute URL). */
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer | object;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

export function request(port: number, opts: RequestOptions): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const body =
      opts.body === undefined
        ? undefined
        : typeof opts.body === 'string' || Buffer.isBuffer(opts.body)
          ? opts.body
          : JSON.stringify(opts.body);
    const headers: Record<string, string | number> = { host: opts.host ?? `127.0.0.1:${port}`, ...opts.headers };
    if (body !== undefined) {
      headers['content-length'] = Buffer.byteLength(body);
      if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';
    }
    const req = http.request({ host: '127.0.0.1', port, method: opts.method ?? 'GET', path: opts.path, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: () => JSON.parse(text) });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Sends raw bytes and returns everything the server answers before closing (or after `waitMs`). */
export function rawRequest(port: number, raw: string, waitMs = 1000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let out = '';
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(out);
    }, waitMs);
    socket.on('data', (d) => {
      out += d.toString('latin1');
      // One complete response is enough.
      const m = /\r\ncontent-length: (\d+)\r\n[\s\S]*?\r\n\r\n/i.exec(out);
      if (m && out.length >= out.indexOf('\r\n\r\n') + 4 + Number(m[1])) {
        clearTimeout(timer);
        socket.destroy();
        resolve(out);
      }
    });
    socket.on('end', () => {
      clearTimeout(timer);
      resolve(out);
    });
    socket.on('error', reject);
    socket.write(raw);
  });
}

export interface TestServer {
  server: FixtureServer;
  port: number;
  get(path: string, host?: string, headers?: Record<string, string>): Promise<Reply>;
  put(run: string, resources: unknown): Promise<Reply>;
  control(method: string, path: string, body?: unknown): Promise<Reply>;
  /** POST a log entry to an origin's own log endpoint. */
  log(host: string, entry: unknown): Promise<Reply>;
  readLog(run: string, query?: string): Promise<any>;
  close(): Promise<void>;
}

export async function startServer(options: FixtureServerOptions = {}): Promise<TestServer> {
  const server = await createFixtureServer(options);
  const port = server.port;
  return {
    server,
    port,
    get: (path, host, headers) => request(port, { path, host: host === undefined ? undefined : `${host}:${port}`, headers: headers ?? {} }),
    put: (run, resources) => request(port, { method: 'PUT', path: `/__sw-conformance/runs/${run}/resources`, body: { resources } }),
    control: (method, path, body) =>
      request(port, body === undefined ? { method, path: `/__sw-conformance${path}` } : { method, path: `/__sw-conformance${path}`, body: body as object }),
    log: (host, entry) => request(port, { method: 'POST', host: `${host}:${port}`, path: '/__sw-conformance/log', body: entry as object }),
    readLog: async (run, query = '') => {
      const r = await request(port, { path: `/__sw-conformance/runs/${run}/log${query}` });
      if (r.status !== 200) throw new Error(`log ${run}${query}: ${r.status} ${r.text}`);
      return r.json();
    },
    close: () => server.close(),
  };
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
