// "In parallel" and "wait until" (sw.bs and HTML use both throughout): a cooperative scheduler
// over virtual time that the model's algorithms run on.
//
// Every algorithm that can wait (Install waits for the install event's extend lifetime promises,
// Create Fetch Event and Dispatch waits while the worker is "activating", a step waits for its job
// promise) is written as a generator that yields a Wait. A Thread is one such generator running
// "in parallel". The scheduler runs runnable threads in creation order until none can progress;
// time is virtual and advances only when something must wait for it:
//
//   - a step runs until it is done (the harness waits for each step), advancing virtual time if
//     the step has to wait for a delayed event (e.g. a navigation waits for an activating worker);
//   - after each step, work that needs no time (an undelayed install, activate, soft update) runs
//     to completion before the next step starts — position: the browser's steps take far longer
//     than an undelayed lifecycle, which is what the harness relies on;
//   - work held by a declared delay (install/activate delayMs) stays pending until a step needs
//     it, a `settle` step (or a register with settle:true), or the end of the scenario.

export type Wait =
  /** Resume once virtual time reaches `until` (ms). */
  | { kind: 'time'; until: number }
  /** Resume once `test()` holds. */
  | { kind: 'until'; test: () => boolean; what: string };

/** A coroutine: an algorithm that may wait. `yield*` it from another coroutine. */
export type Co<T = void> = Generator<Wait, T, void>;

export interface Thread {
  readonly id: number;
  readonly name: string;
  /** Threads tagged with a serialized scope belong to that registration's lifecycle (settle:true waits for them). */
  readonly scope: string | null;
  done: boolean;
  waiting: Wait | null;
  gen: Co;
}

export class Deadlock extends Error {
  override name = 'Deadlock';
}

export class Scheduler {
  /** Virtual time in ms. */
  now = 0;
  private nextId = 1;
  readonly threads: Thread[] = [];

  /** Start `gen` "in parallel". It first runs at the next scheduling point. */
  spawn(name: string, gen: Co, scope: string | null = null): Thread {
    const t: Thread = { id: this.nextId++, name, scope, done: false, waiting: null, gen };
    this.threads.push(t);
    return t;
  }

  private ready(t: Thread): boolean {
    const w = t.waiting;
    if (w === null) return true;
    return w.kind === 'time' ? w.until <= this.now : w.test();
  }

  /** Run one thread until it waits on something that does not hold yet, or ends. */
  private step(t: Thread): void {
    for (;;) {
      const r = t.gen.next();
      if (r.done === true) {
        t.done = true;
        t.waiting = null;
        return;
      }
      t.waiting = r.value;
      if (!this.ready(t)) return;
    }
  }

  /** Run every thread that can progress without time passing, until none can. */
  runPrompt(): void {
    let progressed = true;
    while (progressed) {
      progressed = false;
      for (const t of [...this.threads]) {
        if (t.done || !this.ready(t)) continue;
        this.step(t);
        progressed = true;
      }
      for (let i = this.threads.length - 1; i >= 0; i--) if (this.threads[i]!.done) this.threads.splice(i, 1);
    }
  }

  /** The earliest time a sleeping thread wakes, or null. */
  private nextTimer(filter?: (t: Thread) => boolean): number | null {
    let min: number | null = null;
    for (const t of this.threads) {
      if (t.done || t.waiting?.kind !== 'time') continue;
      if (filter && !filter(t)) continue;
      if (min === null || t.waiting.until < min) min = t.waiting.until;
    }
    return min;
  }

  /**
   * Run until `goal()` holds, letting virtual time pass when nothing else can progress. Throws
   * Deadlock when the goal cannot be reached (everything waits on conditions that never hold).
   */
  runUntil(goal: () => boolean, what: string): void {
    for (;;) {
      this.runPrompt();
      if (goal()) return;
      const next = this.nextTimer();
      if (next === null) throw new Deadlock(`cannot reach: ${what}`);
      this.now = Math.max(this.now, next);
    }
  }

  /** Let time pass until no thread (matching `filter`) is left, or the rest wait on conditions that never hold. */
  settle(filter?: (t: Thread) => boolean): void {
    for (;;) {
      this.runPrompt();
      const pending = this.threads.some((t) => !t.done && (!filter || filter(t)));
      if (!pending) return;
      const next = this.nextTimer(filter);
      if (next === null) return;
      this.now = Math.max(this.now, next);
    }
  }
}

/** Wait until `test()` holds (no wait at all if it already does). */
export function* waitUntil(test: () => boolean, what: string): Co {
  if (!test()) yield { kind: 'until', test, what };
}

/** Let `ms` of virtual time pass (none for ms ≤ 0). */
export function* sleep(scheduler: Scheduler, ms: number | undefined): Co {
  if (ms !== undefined && ms > 0) yield { kind: 'time', until: scheduler.now + ms };
}
