// The shared process of `npm run test:unit` (scripts/unit-tests.ts): imports the test files named
// in SWC_UNIT_SHARED (a JSON array of absolute paths) one after another, so their tests register
// with node's test runner in this one process, in file order. Top-level before/after hooks of a
// file then wrap the whole process (each file's own server starts first and stops last).
import { pathToFileURL } from 'node:url';

const files = JSON.parse(process.env.SWC_UNIT_SHARED ?? '[]') as string[];
if (!Array.isArray(files) || files.length === 0) throw new Error('SWC_UNIT_SHARED names no test files (run scripts/unit-tests.ts)');
for (const file of files) await import(pathToFileURL(file).href);
