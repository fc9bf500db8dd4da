// The fixture server over loopback (issue 4 targets: a fixture request served in well under a
// millisecond; at least 5,000 accepted log events per second).
//   pageRequestMeanMs            one agent page request at a time, mean round trip (keep-alive)
//   pageRequestP99Ms             … its 99th percentile
//   pageRequestsPerSecond        agent page requests with 8 in flight
//   pageServerCpuMs              server CPU time per page request
//   logEventsPerSecond           log POSTs (page/worker reports) accepted per second with 16 in
//                                flight, counted by the server (the run's last sequence number)
//   logServerCpuMs               server CPU time per accepted event …
//   logEventsPerServerCpuSecond  … and what one fully available core accepts per second at that cost
//   loadAverage1m, cpus          how busy the machine was: the wall-clock figures depend on it
// The server runs in-process as with the harness; the client in a child process.

import { spawn } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { createFixtureServer } from '../fixtures-server/server.js';
import type { Bench, BenchValues } from './bench-file.js';

export interface FixturesBenchResult {
  pageRequestsPerSecond: number;
  pageRequestMeanMs: number;
  logEventsPerSecond: number;
}

export interface FixturesBenchDetail extends FixturesBenchResult {
  pageRequestP99Ms: number;
  /** Server CPU time per agent page request (8 in flight), ms. */
  pageServerCpuMs: number;
  logEventsAccepted: number;
  /** Server CPU time per accepted log event, ms, and the events one server core could accept per second at that cost. */
  logServerCpuMs: number;
  logEventsPerServerCpuSecond: number;
  /** The machine's 1-minute load average when measured, and its CPU count: context for the wall-clock rates. */
  loadAverage1m: number;
  cpus: number;
}

// The load generator runs in a child process, so the server's CPU time (process.cpuUsage() here)
// is the server's alone: the per-request CPU cost does not depend on what else the machine runs,
// while the wall-clock rates do (the bench records the load average next to them). Plain
// CommonJS run with `node -e`; it reports each phase over IPC.
const LOAD_GENERATOR = String.raw`
const http = require('node:http');
const port = Number(process.env.SWC_BENCH_PORT);
const seconds = Number(process.env.SWC_BENCH_SECONDS);
const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });
const phase = (name) => new Promise((resolve) => process.send({ phase: name }, resolve));

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
  await phase('pages');
  const pages = await throughput(8, page);
  await phase('pages-done');

  const logHost = 'benchlog.localhost:' + port;
  const entry = JSON.stringify({
    source: 'worker:bench-v1',
    type: 'fetch',
    data: { worker: 'bench-v1', url: 'http://' + logHost + '/scope/data.txt', mode: 'cors', redirect: 'follow',
            destination: '', clientId: 'c', resultingClientId: '', action: 'fallback' },
  });
  const post = () => expect(204, call('POST', logHost, '/__sw-conformance/log', entry));
  const lastSeq = async () =>
    JSON.parse((await expect(200, call('GET', '127.0.0.1:' + port, '/__sw-conformance/runs/benchlog/log?after=1000000000'))).text).lastSeq;
  for (let i = 0; i < 300; i++) await post();
  const before = await lastSeq();
  await phase('log');
  const logs = await throughput(16, post);
  await phase('log-done');
  const accepted = (await lastSeq()) - before;
  agent.destroy();
  return {
    meanMs: samples.reduce((a, b) => a + b, 0) / samples.length,
    p99Ms: samples[Math.floor(samples.length * 0.99)],
    pages: pages.done,
    pagesSeconds: pages.seconds,
    logAccepted: accepted,
    logSeconds: logs.seconds,
  };
}

main().then((r) => process.send({ result: r }, () => process.exit(0)), (e) => process.send({ error: String((e && e.stack) || e) }, () => process.exit(1)));
`;

interface LoadResult {
  meanMs: number;
  p99Ms: number;
  pages: number;
  pagesSeconds: number;
  logAccepted: number;
  logSeconds: number;
}

const round = (n: number, digits: number): number => Number(n.toFixed(digits));
const cpuMicros = (u: NodeJS.CpuUsage): number => u.user + u.system;

/** Agent page requests and log events over loopback against an in-process server. */
export async function benchFixtures(options: { seconds?: number } = {}): Promise<FixturesBenchDetail> {
  const server = await createFixtureServer({ port: 0 });
  try {
    const child = spawn(process.execPath, ['-e', LOAD_GENERATOR], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      env: { ...process.env, SWC_BENCH_PORT: String(server.port), SWC_BENCH_SECONDS: String(options.seconds ?? 1.5) },
    });
    const cpuAt = new Map<string, NodeJS.CpuUsage>();
    const r = await new Promise<LoadResult>((resolve, reject) => {
      child.on('message', (m: { phase?: string; result?: LoadResult; error?: string }) => {
        if (m.phase) cpuAt.set(m.phase, process.cpuUsage());
        else if (m.result) resolve(m.result);
        else reject(new Error(`load generator: ${m.error}`));
      });
      child.once('error', reject);
      child.once('exit', (code) => {
        if (code !== 0) reject(new Error(`load generator exited with ${code}`));
      });
    });
    const cpuBetween = (from: string, to: string): number => {
      const a = cpuAt.get(from);
      const b = cpuAt.get(to);
      if (!a || !b) throw new Error(`load generator did not report phases ${from} and ${to}`);
      return cpuMicros(b) - cpuMicros(a);
    };
    const pageCpu = cpuBetween('pages', 'pages-done') / r.pages;
    const logCpu = cpuBetween('log', 'log-done') / r.logAccepted;
    return {
      pageRequestsPerSecond: Math.round(r.pages / r.pagesSeconds),
      pageRequestMeanMs: round(r.meanMs, 3),
      pageRequestP99Ms: round(r.p99Ms, 3),
      pageServerCpuMs: round(pageCpu / 1000, 4),
      logEventsPerSecond: Math.round(r.logAccepted / r.logSeconds),
      logEventsAccepted: r.logAccepted,
      logServerCpuMs: round(logCpu / 1000, 4),
      logEventsPerServerCpuSecond: Math.round(1e6 / logCpu),
      loadAverage1m: round(loadavg()[0] ?? 0, 2),
      cpus: cpus().length,
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
