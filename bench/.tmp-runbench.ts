import { benchFixtures } from './fixtures.bench.js';
console.log(JSON.stringify(await benchFixtures()));
