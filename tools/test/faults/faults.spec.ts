// The checks of the fault-injection runs (tools/test/faults.test.ts, config ./playwright.config.ts).
// Each is a real check through the real harness (suites/harness: fixture server, engine, runner,
// comparator, record) in a real browser; a fault is injected in the middle of it, just before the
// page runs its second step (register), when the page is loaded and the worker not yet fetched.
//
// SWC_FAULT picks the tests (each engine runs them in order, in one worker at a time):
//   mid-run     fixture-server-killed: the worker's fixture server is closed (every connection
//               cut, nothing listening), as if it had crashed
//               browser-killed: the browser's main process gets SIGKILL (Chromium's or Firefox's
//               under Playwright, MiniBrowser under WebKitWebDriver)
//               webdriver-killed (webkit only): WebKitWebDriver gets SIGKILL
//               interrupted: a fresh worker gets this far (the run went on after the faults),
//               writes <SWC_FAULT_DIR>/<engine>.mid-check and waits there for the test to press
//               Ctrl-C (SIGINT to the process group)
//   disk-full   report-folder-full: an ordinary check; the report folder is full
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CHECK_ANNOTATION, validateScenario, type Scenario } from '../../../contract/index.js';
import { ENGINE_ATTACHMENT } from '../../../reports/collect.js';
import { worker } from '../../../suites/harness/build.js';
import { createConformance } from '../../../suites/harness/conformance.js';
import type { EngineClient, EngineSession } from '../../../suites/harness/engines/types.js';
import { test } from '../../../suites/harness/fixtures.js';
import type { Fixtures } from '../../../suites/harness/fixture-server.js';

const FAULT = process.env.SWC_FAULT ?? '';
const SCRATCH = process.env.SWC_FAULT_DIR ?? '';

/** A small check that passes in every engine: register() with the default scope. */
function scenario(name: string, title: string): Scenario {
  return validateScenario({
    id: `lifecycle/fault-${name}`,
    area: 'lifecycle',
    title,
    spec: ['sw.bs § Start Register 5'],
    resources: { '{a}/faults/sw.js': worker('v1') },
    steps: [
      { do: 'open', client: 'c1', url: '{a}/faults/page.html' },
      { do: 'register', client: 'c1', script: 'sw.js' },
      { do: 'getRegistration', client: 'c1' },
    ],
  });
}

interface Proc {
  pid: number;
  ppid: number;
  state: string;
  exe: string;
}

function proc(pid: number): Proc | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const exe = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0] ?? '';
    return { pid, ppid: Number(rest[1]), state: rest[0]!, exe: exe.slice(exe.lastIndexOf('/') + 1) };
  } catch {
    return undefined;
  }
}

/** The processes below `root` (this worker), found through /proc. */
function descendants(root: number): Proc[] {
  const all = readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .map((d) => proc(Number(d)))
    .filter((p): p is Proc => p !== undefined);
  const below = new Set([root]);
  const out: Proc[] = [];
  for (let grew = true; grew; ) {
    grew = false;
    for (const p of all) {
      if (!below.has(p.pid) && below.has(p.ppid)) {
        below.add(p.pid);
        out.push(p);
        grew = true;
      }
    }
  }
  return out;
}

/** SIGKILL the top-most process below this worker whose executable matches, and wait until it is gone. */
async function killProcess(pattern: RegExp): Promise<string> {
  const matching = descendants(process.pid).filter((p) => p.state !== 'Z' && pattern.test(p.exe));
  const top = matching.find((p) => !matching.some((q) => q.pid === p.ppid));
  if (!top) throw new Error(`fault injection: no process matching ${pattern} below worker ${process.pid}: ${descendants(process.pid).map((p) => p.exe).join(', ')}`);
  process.kill(top.pid, 'SIGKILL');
  for (const until = Date.now() + 10_000; Date.now() < until; ) {
    const p = proc(top.pid);
    if (!p || p.state === 'Z') return `${top.exe} (pid ${top.pid})`;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`fault injection: ${top.exe} (pid ${top.pid}) did not die`);
}

const BROWSER = { chromium: /chrom|headless_shell/i, firefox: /firefox/i, webkit: /^MiniBrowser$/ } as const;

/** The session with `inject` run once, before the second evaluation in a page (the register step). */
function faulty(inner: EngineSession, inject: () => Promise<void>): EngineSession {
  let evaluations = 0;
  const wrap = (c: EngineClient): EngineClient => ({
    name: c.name,
    navigate: (url) => c.navigate(url),
    reload: () => c.reload(),
    url: () => c.url(),
    close: () => c.close(),
    async evaluate(fn, arg) {
      if (++evaluations === 2) await inject();
      return c.evaluate(fn, arg);
    },
  });
  return { open: async (name, url) => wrap(await inner.open(name, url)), close: () => inner.close() };
}

type Injection = (ctx: { engine: keyof typeof BROWSER; fixtures: Fixtures }) => Promise<void>;

function faultCheck(name: string, title: string, injection?: Injection, timeoutMs?: number): void {
  const s = scenario(name, title);
  test(s.id, { annotation: { type: CHECK_ANNOTATION, description: s.id } }, async ({ engine, engineBrowser, session, fixtures }, testInfo) => {
    if (timeoutMs !== undefined) testInfo.setTimeout(timeoutMs);
    await testInfo.attach(ENGINE_ATTACHMENT, { body: JSON.stringify(engineBrowser.info), contentType: 'application/json' });
    const inject = injection ? () => injection({ engine, fixtures }) : async () => {};
    await createConformance({ engine, session: () => faulty(session, inject), fixtures, testInfo, browser: engineBrowser }).check(s);
  });
}

if (FAULT === 'mid-run') {
  faultCheck('fixture-server-killed', 'the fixture server dies mid-check', async ({ fixtures }) => {
    await fixtures.close();
  });
  faultCheck('browser-killed', 'the browser dies mid-check', async ({ engine }) => {
    await killProcess(BROWSER[engine]);
  });
  faultCheck('webdriver-killed', 'WebKitWebDriver dies mid-check', async () => {
    await killProcess(/^WebKitWebDriver$/);
  });
  faultCheck('interrupted', 'Ctrl-C mid-check', async ({ engine }) => {
    writeFileSync(join(SCRATCH, `${engine}.mid-check`), String(process.pid));
    // The test sends SIGINT to the process group once every engine is here (the others may
    // still be launching a browser on a loaded machine): wait for it, as long as the test may.
    await new Promise((r) => setTimeout(r, 170_000));
  }, 180_000);
} else if (FAULT === 'disk-full') {
  faultCheck('report-folder-full', 'an ordinary check whose report folder is full');
} else {
  throw new Error(`SWC_FAULT must be mid-run or disk-full (got ${JSON.stringify(FAULT)}): this spec is run by tools/test/faults.test.ts`);
}
