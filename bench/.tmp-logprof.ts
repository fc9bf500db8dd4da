import { Worker } from 'node:worker_threads';
import { createFixtureServer } from '../fixtures-server/server.js';
const server = await createFixtureServer({ port: 0 });
const code = `
const http = require('node:http'); const { parentPort, workerData } = require('node:worker_threads');
const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });
const body = JSON.stringify({ source: 'worker:v', type: 'fetch', data: { worker: 'v', url: 'http://x/y' } });
function post() { return new Promise((res, rej) => { const r = http.request({ host: '127.0.0.1', port: workerData.port, method: 'POST', path: workerData.path, agent, headers: { host: 'bl.localhost:' + workerData.port, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (x) => { x.resume(); x.on('end', res); }); r.on('error', rej); r.end(body); }); }
(async () => { const end = Date.now() + 3000; let n = 0; await Promise.all(Array.from({ length: 16 }, async () => { while (Date.now() < end) { await post(); n++; } })); parentPort.postMessage(n / 3); agent.destroy(); })();`;
const e0 = performance.eventLoopUtilization();
const rate = await new Promise((resolve) => new Worker(code, { eval: true, workerData: { port: server.port, path: '/__sw-conformance/log' } }).once('message', resolve));
const e = performance.eventLoopUtilization(e0);
console.log('log posts/s', Math.round(rate as number), 'server ELU', e.utilization.toFixed(2), 'server busy µs per post', Math.round(e.active * 1000 / ((rate as number) * 3)));
await server.close();
