// Every size the server keeps or accepts is bounded, so a runaway page, worker or harness cannot
// exhaust memory. Tests and benchmarks may lower (or raise) them per server instance.

export interface Limits {
  /** Runs kept at once; creating one more evicts the least recently used. */
  maxRuns: number;
  /** Log entries kept per run; older ones are dropped (their seq numbers are not reused). */
  maxEntriesPerRun: number;
  /** Resources per PUT (= per run). */
  maxResourcesPerRun: number;
  /** Bytes of a control request body (PUT resources, bump, harness log). */
  maxControlBodyBytes: number;
  /** Bytes of a log POST from a page or worker. */
  maxLogBodyBytes: number;
  /** Bytes of one text/script resource body. */
  maxResourceBodyBytes: number;
  /** Upper bound of HttpOptions.delayMs and of worker install/activate delays. */
  maxDelayMs: number;
  /** Upper bound of a log wait's timeoutMs and quietMs. */
  maxWaitMs: number;
  /** Concurrent log waits (long polls) per run. */
  maxWaitersPerRun: number;
}

export const DEFAULT_LIMITS: Readonly<Limits> = Object.freeze({
  maxRuns: 256,
  maxEntriesPerRun: 10_000,
  maxResourcesPerRun: 512,
  maxControlBodyBytes: 1024 * 1024,
  maxLogBodyBytes: 16 * 1024,
  maxResourceBodyBytes: 256 * 1024,
  maxDelayMs: 10_000,
  maxWaitMs: 60_000,
  maxWaitersPerRun: 32,
});

/** Default timeoutMs of a log wait that asks for min or quietMs. */
export const DEFAULT_WAIT_TIMEOUT_MS = 10_000;
