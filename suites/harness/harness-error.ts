// The harness failed (driver, page agent, timeout): never reported as a browser deviation.
// Its own module so that the runner's helpers (frame-navigation.ts) can throw it without a cycle.
export class HarnessError extends Error {
  override name = 'HarnessError';
}
