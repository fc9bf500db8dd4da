import { benchFixtures } from './fixtures.bench.js';
const c0 = process.cpuUsage();
const r = await benchFixtures();
console.log(JSON.stringify(r), 'cpu s', (process.cpuUsage(c0).user + process.cpuUsage(c0).system) / 1e6);
