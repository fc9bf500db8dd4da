import http from 'node:http';
import express from 'express';
import { Worker } from 'node:worker_threads';
const code = `
const http = require('node:http'); const { parentPort, workerData } = require('node:worker_threads');
const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });
const body = JSON.stringify({ source: 'worker:v', type: 'fetch', data: { worker: 'v', url: 'http://x/y' } });
function post() { return new Promise((res, rej) => { const r = http.request({ host: '127.0.0.1', port: workerData.port, method: 'POST', path: workerData.path, agent, headers: { host: 'bl.localhost:' + workerData.port, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (x) => { x.resume(); x.on('end', res); }); r.on('error', rej); r.end(body); }); }
(async () => { const end = Date.now() + 3000; let n = 0; await Promise.all(Array.from({ length: 16 }, async () => { while (Date.now() < end) { await post(); n++; } })); parentPort.postMessage(n / 3); agent.destroy(); })();`;
async function measure(name: string, handler: http.RequestListener) {
  const server = http.createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as any).port;
  const e0 = performance.eventLoopUtilization();
  const rate = await new Promise((resolve) => new Worker(code, { eval: true, workerData: { port, path: '/__sw-conformance/log' } }).once('message', resolve)) as number;
  const e = performance.eventLoopUtilization(e0);
  console.log(name, 'posts/s', Math.round(rate), 'ELU', e.utilization.toFixed(2), 'busy µs/post', Math.round(e.active * 1000 / (rate * 3)));
  server.closeAllConnections(); server.close();
}
if (process.argv[2] !== 'x') await measure('bare', (req, res) => { const chunks: Buffer[] = []; req.on('data', (c) => chunks.push(c)); req.on('end', () => { JSON.parse(Buffer.concat(chunks).toString()); res.statusCode = 204; res.end(); }); });
const app = express();
app.post('/__sw-conformance/log', (req, res) => { const chunks: Buffer[] = []; req.on('data', (c) => chunks.push(c)); req.on('end', () => { JSON.parse(Buffer.concat(chunks).toString()); res.statusCode = 204; res.end(); }); });
await measure('express', app as any);
