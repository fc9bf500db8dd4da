// One bound for a promise that may never settle (a driver call, a page step, a window closing).
// `fail` makes the error: the runner and the fuzz executor raise HarnessError, so a hung browser
// is a harness failure and never a deviation.
export function withTimeout<T>(what: string, ms: number, p: Promise<T>, fail: (message: string) => Error = (m) => new Error(m)): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(fail(`${what}: no answer within ${ms} ms`)), ms);
  });
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}
