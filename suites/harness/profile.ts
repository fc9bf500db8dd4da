// Where a check's time goes (issue 20): cheap timing spans, off unless a Profile is passed to the
// loop (runLoop's deps.profile; the checks bench passes one, Playwright runs do not).
//
// Two kinds of span, kept apart because they overlap:
// - phases ("setup.*", "step.<do>", "end.*", "dispose", "compare"): one after another, so their
//   sum is the check's time, and each says which part of the loop spent it;
// - calls ("driver.*", "fixture.*"): every driver round trip and fixture-server call, counted and
//   timed wherever it happens (inside a step or inside the end rule).
import type { EngineClient, EngineSession } from './engines/types.js';
import type { FixtureRun } from './fixture-server.js';

export interface SpanTotal {
  count: number;
  ms: number;
}

export interface Profile {
  add(name: string, ms: number): void;
  /** Totals by span name, so far. */
  totals(): Record<string, SpanTotal>;
}

export function createProfile(): Profile {
  const totals: Record<string, SpanTotal> = {};
  return {
    add(name, ms) {
      const t = (totals[name] ??= { count: 0, ms: 0 });
      t.count++;
      t.ms += ms;
    },
    totals: () => totals,
  };
}

/** Time `fn` as span `name` when there is a profile; without one, just run it. */
export async function timed<T>(profile: Profile | undefined, name: string, fn: () => Promise<T>): Promise<T> {
  if (!profile) return fn();
  const t0 = performance.now();
  try {
    return await fn();
  } finally {
    profile.add(name, performance.now() - t0);
  }
}

function profiledClient(c: EngineClient, p: Profile): EngineClient {
  return {
    name: c.name,
    navigate: (url) => timed(p, 'driver.navigate', () => c.navigate(url)),
    reload: () => timed(p, 'driver.reload', () => c.reload()),
    evaluate: (fn, arg) => timed(p, 'driver.evaluate', () => c.evaluate(fn, arg)),
    url: () => timed(p, 'driver.url', () => c.url()),
    close: () => timed(p, 'driver.close', () => c.close()),
  };
}

/** The session with every driver call counted and timed ("driver.open" includes the navigation it was given). */
export function profiledSession(s: EngineSession, p: Profile): EngineSession {
  return {
    open: async (name, url) => profiledClient(await timed(p, 'driver.open', () => s.open(name, url)), p),
    close: () => timed(p, 'driver.endSession', () => s.close()),
  };
}

/** The fixture run with every control call counted and timed. */
export function profiledRun(r: FixtureRun, p: Profile): FixtureRun {
  return {
    id: r.id,
    origins: r.origins,
    setResources: (x) => timed(p, 'fixture.setResources', () => r.setResources(x)),
    bump: (u) => timed(p, 'fixture.bump', () => r.bump(u)),
    setNetwork: (o) => timed(p, 'fixture.setNetwork', () => r.setNetwork(o)),
    serve: (k, x) => timed(p, 'fixture.serve', () => r.serve(k, x)),
    waitQuiet: (q) => timed(p, 'fixture.waitQuiet', () => r.waitQuiet(q)),
    readAfter: (s) => timed(p, 'fixture.readAfter', () => r.readAfter(s)),
    dispose: () => timed(p, 'fixture.dispose', () => r.dispose()),
  };
}
