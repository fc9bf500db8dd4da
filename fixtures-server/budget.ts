// One memory budget for the whole server (limits.memoryBudgetBytes). Per-run bounds alone multiply
// (runs × resources × body size, runs × entries × entry size) past any machine, so every byte the
// server keeps or holds on behalf of a client is taken from this one counter and given back when it
// is dropped. Reaching it refuses the new data; nothing already stored is evicted (see limits.ts).

import { HttpError } from './errors.js';

/** Object, Map slot and bookkeeping per stored value, on top of its JSON text (an estimate). */
export const ENTRY_OVERHEAD_BYTES = 128;

export class MemoryBudget {
  private usedBytes = 0;

  constructor(readonly limit: number) {}

  get used(): number {
    return this.usedBytes;
  }

  /** Takes `bytes` for `what`, or throws `status` (413 for new data, 429 for answers) naming the budget. */
  take(bytes: number, what: string, status = 413): void {
    if (bytes <= 0) return;
    if (this.usedBytes + bytes > this.limit) {
      throw new HttpError(
        status,
        `budget: ${what} (${bytes} bytes) would exceed the server's memory budget of ${this.limit} bytes ` +
          `(limits.memoryBudgetBytes; ${this.usedBytes} in use); delete finished runs (DELETE /__sw-conformance/runs/:run)`,
        'budget',
      );
    }
    this.usedBytes += bytes;
  }

  give(bytes: number): void {
    this.usedBytes = Math.max(0, this.usedBytes - bytes);
  }
}

/** A budget that never refuses (an ObservationLog or Run used on its own, e.g. in unit tests). */
export const UNLIMITED = (): MemoryBudget => new MemoryBudget(Number.POSITIVE_INFINITY);

/**
 * Estimated bytes a JSON value keeps alive: its JSON text (UTF-8) plus a fixed overhead. A value
 * JSON.stringify cannot serialise (too deep: RangeError) is refused here, at the entry, so nothing
 * is stored that could not be read back.
 */
export function jsonBytes(value: unknown, field: string): number {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch {
    throw new HttpError(400, `${field}: cannot be serialised as JSON (too deeply nested?)`, field);
  }
  return (text === undefined ? 0 : Buffer.byteLength(text)) + ENTRY_OVERHEAD_BYTES;
}

/**
 * Throws a 400 naming `field` when `value` nests arrays/objects deeper than `max` (a primitive is
 * depth 0, `[]` depth 1, `{a: [1]}` depth 2). Iterative, so it never overflows the stack it protects.
 */
export function checkDepth(value: unknown, max: number, field: string): void {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth + 1 > max) throw new HttpError(400, `${field}: nested more than ${max} levels deep`, field);
    for (const child of Array.isArray(v) ? v : Object.values(v)) {
      if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
    }
  }
}
