// The observation log of one run: append-only, monotonic sequence numbers, bounded (the oldest
// entries are dropped, their numbers never reused), and waitable: a reader can ask for "at least K
// entries after N" and/or "quiet for Q ms", answered as soon as that holds or after a timeout.

import { performance } from 'node:perf_hooks';
import type { LogEntry, OriginRole } from './protocol.js';
import { jsonBytes, UNLIMITED, type MemoryBudget } from './budget.js';

export interface WaitOptions {
  after: number;
  min: number;
  quietMs: number;
  timeoutMs: number;
}

export interface WaitResult {
  entries: LogEntry[];
  lastSeq: number;
  dropped: number;
  timedOut: boolean;
  deleted?: boolean;
}

interface Waiter {
  check(): void;
  finish(timedOut: boolean, deleted?: boolean): void;
}

export class ObservationLog {
  /** Ring of retained entries: entries[head..] in seq order. */
  private entries: LogEntry[] = [];
  /** Budgeted bytes of each entry, parallel to `entries` (same indices). */
  private sizes: number[] = [];
  /** Sum of the retained entries' sizes, given back to the budget when the log is closed. */
  private bytes = 0;
  private head = 0;
  private seq = 0;
  /** performance.now() of the last append (or of creation). */
  private lastAppendAt = performance.now();
  private readonly waiters = new Set<Waiter>();
  private closed = false;

  constructor(
    private readonly capacity: number,
    private readonly budget: MemoryBudget = UNLIMITED(),
  ) {}

  get lastSeq(): number {
    return this.seq;
  }

  get size(): number {
    return this.entries.length - this.head;
  }

  get waiting(): number {
    return this.waiters.size;
  }

  /**
   * Appends an entry. Throws (nothing appended, no seq used) when `data` cannot be serialised (400
   * naming "data") or the server's memory budget is spent (413 naming "budget").
   */
  append(source: string, type: string, data: unknown, role?: OriginRole): LogEntry {
    const size = jsonBytes(data, 'data') + source.length + type.length;
    // A deleted run's log keeps nothing (a request that began before the DELETE may still append).
    const keep = !this.closed;
    // A full log drops its oldest entry for this one, so only the difference is taken.
    const full = keep && this.size > 0 && this.size >= this.capacity;
    const net = keep ? size - (full ? this.sizes[this.head]! : 0) : 0;
    if (net > 0) this.budget.take(net, `a log entry of type ${JSON.stringify(type.slice(0, 64))}`);
    else this.budget.give(-net);
    const entry: LogEntry = { seq: ++this.seq, t: Date.now(), source, type, data };
    if (role !== undefined) entry.role = role;
    if (!keep) return entry;
    this.entries.push(entry);
    this.sizes.push(size);
    this.bytes += size;
    if (full) {
      this.bytes -= this.sizes[this.head]!; // already given back above (net)
      this.head++;
      // Compact now and then so dropping stays O(1) amortised.
      if (this.head >= 1024 && this.head * 2 >= this.entries.length) {
        this.entries = this.entries.slice(this.head);
        this.sizes = this.sizes.slice(this.head);
        this.head = 0;
      }
    }
    this.lastAppendAt = performance.now();
    for (const w of this.waiters) w.check();
    return entry;
  }

  /** Retained entries with seq > after, and how many such entries were dropped. */
  read(after: number): { entries: LogEntry[]; dropped: number } {
    const firstRetained = this.size === 0 ? this.seq + 1 : this.entries[this.head]!.seq;
    const from = Math.max(after + 1, firstRetained);
    const dropped = Math.max(0, Math.min(firstRetained, this.seq + 1) - (after + 1));
    const start = this.head + (from - firstRetained);
    return { entries: start < this.entries.length ? this.entries.slice(start) : [], dropped };
  }

  snapshot(after: number, timedOut: boolean, deleted?: boolean): WaitResult {
    const { entries, dropped } = this.read(after);
    const result: WaitResult = { entries, lastSeq: this.seq, dropped, timedOut };
    if (deleted) result.deleted = true;
    return result;
  }

  /**
   * Resolves when at least `min` entries with seq > after exist (dropped ones count) and then no entry
   * has arrived for `quietMs`, measured from the later of this call and the last append; or after
   * `timeoutMs` with timedOut: true. `onCancel` receives a function that abandons the wait.
   */
  wait(opts: WaitOptions, onCancel?: (cancel: () => void) => void): Promise<WaitResult> {
    return new Promise<WaitResult>((resolve) => {
      if (this.closed) {
        resolve(this.snapshot(opts.after, false, true));
        return;
      }
      const startedAt = performance.now();
      let quietTimer: NodeJS.Timeout | undefined;
      let timeoutTimer: NodeJS.Timeout | undefined;
      let done = false;
      const cleanup = (): void => {
        done = true;
        if (quietTimer) clearTimeout(quietTimer);
        if (timeoutTimer) clearTimeout(timeoutTimer);
        this.waiters.delete(waiter);
      };
      const waiter: Waiter = {
        check: () => {
          if (done) return;
          if (this.seq - opts.after < opts.min) return;
          if (opts.quietMs > 0) {
            const quietSince = Math.max(startedAt, this.lastAppendAt);
            const remaining = quietSince + opts.quietMs - performance.now();
            if (remaining > 0) {
              if (quietTimer) clearTimeout(quietTimer);
              quietTimer = setTimeout(waiter.check, Math.ceil(remaining));
              return;
            }
          }
          waiter.finish(false);
        },
        finish: (timedOut, deleted) => {
          if (done) return;
          cleanup();
          resolve(this.snapshot(opts.after, timedOut, deleted));
        },
      };
      this.waiters.add(waiter);
      timeoutTimer = setTimeout(() => waiter.finish(true), opts.timeoutMs);
      onCancel?.(() => {
        if (!done) cleanup();
      });
      waiter.check();
    });
  }

  /** Answers every pending wait (deleted: true), refuses new ones, and gives its bytes back to the budget. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const w of [...this.waiters]) w.finish(false, true);
    this.budget.give(this.bytes);
    this.bytes = 0;
  }
}
