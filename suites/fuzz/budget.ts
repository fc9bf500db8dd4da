// How much a fuzz property runs, and what it replays, from the environment (the fuzz CLI and the
// conformance CLI set these; `npm test` leaves them unset and gets the short smoke budget).
//
//   SWC_FUZZ_RUNS            runs per property (a positive integer)
//   SWC_FUZZ_SECONDS         seconds of searching per property (with RUNS: whichever ends first)
//   SWC_FUZZ_SEED            the fast-check seed (default: a fresh random one, printed and recorded)
//   SWC_FUZZ_PATH            with SEED: replay exactly this counterexample path (no search, no shrinking)
//   SWC_FUZZ_SHRINK_SECONDS  time for shrinking a counterexample (default 120)
//   SWC_FUZZ_PROGRESS        a progress line every N runs (default 5; also every 15 s)
//   SWC_FUZZ_SAVE            "1": write an unexplained minimal counterexample to suites/fuzz/regressions/

export const SMOKE_RUNS = 4;
export const DEFAULT_SHRINK_SECONDS = 120;

export interface FuzzBudget {
  /** Runs per property; undefined with a time budget only. */
  runs?: number;
  seconds?: number;
  seed: number;
  /** Replay this path of `seed` exactly. */
  path?: string;
  shrinkSeconds: number;
  progressEvery: number;
  save: boolean;
}

export class BudgetError extends Error {
  override name = 'BudgetError';
}

export const PATH_RE = /^\d+(?::\d+)*$/;

function positiveInt(name: string, v: string): number {
  if (!/^\d+$/.test(v) || Number(v) < 1 || !Number.isSafeInteger(Number(v))) throw new BudgetError(`${name} must be a positive integer (got "${v}")`);
  return Number(v);
}

function positiveNumber(name: string, v: string): number {
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n) || n <= 0) throw new BudgetError(`${name} must be a positive number of seconds (got "${v}")`);
  return n;
}

export function parseSeed(name: string, v: string): number {
  // fast-check takes any 32-bit integer.
  if (!/^-?\d+$/.test(v) || Number(v) < -(2 ** 31) || Number(v) > 2 ** 32 - 1) throw new BudgetError(`${name} must be a 32-bit integer (got "${v}")`);
  return Number(v);
}

/** A fresh seed, the way fast-check makes its own. */
export function randomSeed(): number {
  return (Date.now() ^ (Math.random() * 0x100000000)) | 0;
}

export function budgetFromEnv(env: NodeJS.ProcessEnv = process.env): FuzzBudget {
  const get = (k: string) => {
    const v = env[k];
    return v === undefined || v === '' ? undefined : v;
  };
  const runsText = get('SWC_FUZZ_RUNS');
  const secondsText = get('SWC_FUZZ_SECONDS');
  const seedText = get('SWC_FUZZ_SEED');
  const path = get('SWC_FUZZ_PATH');
  if (path !== undefined && !PATH_RE.test(path)) throw new BudgetError(`SWC_FUZZ_PATH must look like "3:1:0" (got "${path}")`);
  if (path !== undefined && seedText === undefined) throw new BudgetError('SWC_FUZZ_PATH needs SWC_FUZZ_SEED (a path is a position in the runs of one seed)');
  const runs = runsText !== undefined ? positiveInt('SWC_FUZZ_RUNS', runsText) : undefined;
  const seconds = secondsText !== undefined ? positiveNumber('SWC_FUZZ_SECONDS', secondsText) : undefined;
  const save = get('SWC_FUZZ_SAVE');
  if (save !== undefined && save !== '1' && save !== '0') throw new BudgetError(`SWC_FUZZ_SAVE must be 1 or 0 (got "${save}")`);
  const shrink = get('SWC_FUZZ_SHRINK_SECONDS');
  const progress = get('SWC_FUZZ_PROGRESS');
  return {
    ...(runs !== undefined ? { runs } : seconds === undefined ? { runs: SMOKE_RUNS } : {}),
    ...(seconds !== undefined ? { seconds } : {}),
    seed: seedText !== undefined ? parseSeed('SWC_FUZZ_SEED', seedText) : randomSeed(),
    ...(path !== undefined ? { path } : {}),
    shrinkSeconds: shrink !== undefined ? positiveNumber('SWC_FUZZ_SHRINK_SECONDS', shrink) : DEFAULT_SHRINK_SECONDS,
    progressEvery: progress !== undefined ? positiveInt('SWC_FUZZ_PROGRESS', progress) : 5,
    save: save === '1',
  };
}

/** A bound for the whole test (search, shrinking, replay, cleanup), in ms. */
export function testTimeoutMs(b: FuzzBudget, secondsPerRun: number): number {
  if (b.path !== undefined) return 240_000;
  const search = searchLimitMs(b, secondsPerRun);
  return search + b.shrinkSeconds * 1000 + 180_000;
}

/** When the search stops at the latest (fast-check's interruptAfterTimeLimit), in ms. */
export function searchLimitMs(b: FuzzBudget, secondsPerRun: number): number {
  const byRuns = b.runs !== undefined ? b.runs * secondsPerRun * 4 * 1000 : Infinity;
  const bySeconds = b.seconds !== undefined ? b.seconds * 1000 : Infinity;
  return Math.ceil(Math.min(byRuns, bySeconds));
}
