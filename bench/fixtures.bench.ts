// The fixture server over loopback (issue 4 targets: a fixture request served in well under a
// millisecond; at least 5,000 accepted log events per second).
//   pageRequestMeanMs      one agent page request at a time, mean round trip (keep-alive)
//   pageRequestP99Ms       … its 99th percentile
//   pageRequestsPerSecond  agent page requests with 8 in flight
//   logEventsPerSecond     log POSTs (page/worker reports) accepted per second with 16 in flight,
//                          counted by the server (the run's last sequence number), not the client
// The server runs in-process as with the harness; the client runs in a worker thread.

import { Worker } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import { createFixtureServer } from '../fixtures-server/server.js';
import type { Bench, BenchValues } from './bench-file.js';

export interface FixturesBenchResult {
  pageRequestsPerSecond: number;
  pageRequestMeanMs: number;
  logEventsPerSecond: number;
}

export interface FixturesBenchDetail extends FixturesBenchResult {
  pageRequestP99Ms: number;
  logEventsAccepted: number;
}

// The load generator runs in a worker thread (its own event loop), so the figures are the server's,
// not the server's plus its client's. Plain CommonJS, evaluated as the worker's source.
const LOAD_GENERATOR = String.raw`
const http = require('node:http');
const { parentPort, workerData } = require('node:worker_threads');
const { port, seconds } = workerData;
const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });

function call(method, host, path, body) {
  return new Promise((resolve, reject) => {
    const headers = { host };
    if (body !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = Buffer.byteLength(body);
    }
    const req = http.request({ host: '127.0.0.1', port, method, path, headers, agent }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, text: Buffer.concat(chunks).toString() }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function expect(status, p) {
  const r = await p;
  if (r.status !== status) throw new Error('answered ' + r.status + ': ' + r.text.slice(0, 200));
  return r;
}

async function throughput(inFlight, op) {
  const t0 = performance.now();
  const end = t0 + seconds * 1000;
  let done = 0;
  await Promise.all(Array.from({ length: inFlight }, async () => {
    while (performance.now() < end) { await op(); done++; }
  }));
  return { done, seconds: (performance.now() - t0) / 1000 };
}

async function main() {
  const pageHost = 'bench.localhost:' + port;
  const page = () => expect(200, call('GET', pageHost, '/scope/page.html'));
  for (let i = 0; i < 300; i++) await page();
  const samples = [];
  for (let i = 0; i < 2000; i++) {
    const t0 = performance.now();
    await page();
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  const pages = await throughput(8, page);

  const logHost = 'benchlog.localhost:' + port;
  const entry = JSON.stringify({
    source: 'worker:bench-v1',
    type: 'fetch',
    data: { worker: 'bench-v1', url: 'http://' + logHost + '/scope/data.txt', mode: 'cors', redirect: 'follow',
            destination: '', clientId: 'c', resultingClientId: '' },
  });
  const post = () => expect(204, call('POST', logHost, '/__sw-conformance/log', entry));
  const lastSeq = async () =>
    JSON.parse((await expect(200, call('GET', '127.0.0.1:' + port, '/__sw-conformance/runs/benchlog/log?after=1000000000'))).text).lastSeq;
  for (let i = 0; i < 300; i++) await post();
  const before = await lastSeq();
  const logs = await throughput(16, post);
  const accepted = (await lastSeq()) - before;
  agent.destroy();
  return {
    meanMs: samples.reduce((a, b) => a + b, 0) / samples.length,
    p99Ms: samples[Math.floor(samples.length * 0.99)],
    pagesPerSecond: pages.done / pages.seconds,
    logAccepted: accepted,
    logSeconds: logs.seconds,
  };
}

main().then((r) => parentPort.postMessage({ ok: r }), (e) => parentPort.postMessage({ error: String(e && e.stack || e) }));
`;

interface LoadResult {
  meanMs: number;
  p99Ms: number;
  pagesPerSecond: number;
  logAccepted: number;
  logSeconds: number;
}

const round = (n: number, digits: number): number => Number(n.toFixed(digits));

/** Agent page requests and log events over loopback against an in-process server. */
export async function benchFixtures(options: { seconds?: number } = {}): Promise<FixturesBenchDetail> {
  const server = await createFixtureServer({ port: 0 });
  try {
    const worker = new Worker(LOAD_GENERATOR, { eval: true, workerData: { port: server.port, seconds: options.seconds ?? 1.5 } });
    const started = performance.now();
    const r = await new Promise<LoadResult>((resolve, reject) => {
      worker.once('message', (m: { ok?: LoadResult; error?: string }) => (m.ok ? resolve(m.ok) : reject(new Error(`load generator: ${m.error}`))));
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`load generator exited with ${code} after ${Math.round(performance.now() - started)} ms`)));
    });
    await worker.terminate();
    return {
      pageRequestsPerSecond: Math.round(r.pagesPerSecond),
      pageRequestMeanMs: round(r.meanMs, 3),
      pageRequestP99Ms: round(r.p99Ms, 3),
      logEventsPerSecond: Math.round(r.logAccepted / r.logSeconds),
      logEventsAccepted: r.logAccepted,
    };
  } finally {
    await server.close();
  }
}

const bench: Bench = {
  section: ['fixtures'],
  description: 'fixture server over loopback: agent page requests and accepted log events per second',
  async run(): Promise<BenchValues> {
    const r = await benchFixtures();
    return { ...r, node: process.version, measuredAt: new Date().toISOString() };
  },
};

export default bench;
