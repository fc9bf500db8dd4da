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
  /**
   * One memory budget for the whole server, in bytes: stored resources and log entries of every
   * run (approximated by their JSON size plus a fixed overhead each) and request bodies being read.
   * The per-run bounds above multiplied by maxRuns would allow tens of GiB; this caps the sum. When
   * it is reached new data is refused (413, field "budget"): nothing is evicted, so a run in
   * progress never loses entries silently. DELETE a run to free its share. Log and resource
   * listings being sent are held against a second budget of the same size (429 beyond it), so
   * whatever was stored can be read back while concurrent slow readers cannot multiply it.
   */
  memoryBudgetBytes: number;
  /** Nesting depth of a log entry's `data` (JSON.stringify recurses, so a deeper value could never be read back). */
  maxLogDataDepth: number;
  /** Bytes of a request's head (request line with the URL, and headers): Node's maxHeaderSize; beyond it 431. */
  maxHeaderBytes: number;
  /** A request's head must arrive within this (slowloris); 408. */
  headersTimeoutMs: number;
  /** A whole request (head and body) must arrive within this; 408. Answers (long polls) are not counted. */
  requestTimeoutMs: number;
  /** Open connections at once; more are closed on arrival (every connection may hold buffers and timers). */
  maxConnections: number;
  /**
   * A connection silent for maxWaitMs + maxDelayMs (the longest legitimate silence: a log wait, a
   * delayed resource) plus this is closed: a client that stops reading an answer holds it in memory.
   */
  stallTimeoutMs: number;
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
  memoryBudgetBytes: 256 * 1024 * 1024,
  maxLogDataDepth: 32,
  maxHeaderBytes: 16 * 1024,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  maxConnections: 1024,
  stallTimeoutMs: 30_000,
});

/** Default timeoutMs of a log wait that asks for min or quietMs. */
export const DEFAULT_WAIT_TIMEOUT_MS = 10_000;
