// The contract: the data that crosses the boxes of the one loop (DESIGN.md), the one scenario
// validator and the one origin codec. Imports nothing but the standard library.
export * from './scenario.js';
export * from './outcome.js';
export * from './verdict.js';
export * from './origins.js';
export * from './validate.js';
export * from './baseline.js';
