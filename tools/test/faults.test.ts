// Fault injection on whole runs (issue 22): `npm run conformance` in Chromium, Firefox and WebKitGTK
// at once, with real browsers and the real harness (tools/test/faults/: its own Playwright config
// and a spec of small real checks), while
//   - the fixture server dies mid-check,
//   - the browser dies mid-check (Chromium's and Firefox's process under Playwright, MiniBrowser
//     under WebKitWebDriver, and WebKitWebDriver itself),
//   - the run is interrupted with Ctrl-C (SIGINT to the CLI's process group) mid-check,
//   - the report folder is full (a 64 KiB tmpfs; mounting it needs root, as on the CI machines).
// In each case the report (or the CLI's message) says what happened, no earlier report is
// half-overwritten, and no browser, driver or X server is left behind.
//
// Two runs, about a minute and a half of two cores: the first takes the kills and the Ctrl-C
// (each kill fails its check, Playwright replaces the worker, and the next check runs on a fresh
// browser and server), the second the full disk.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import type { ConformanceReport } from '../../reports/types.js';
import { CLI, tmp } from '../../reports/test/helpers.js';
import { ROOT } from '../../reports/paths.js';

const CONFIG = join(ROOT, 'tools/test/faults/playwright.config.ts');
const ENGINES = ['chromium', 'firefox', 'webkit'] as const;
const EARLIER = { 'conformance.json': '{"earlier": "report"}\n', 'index.html': '<p>earlier report</p>\n', 'junit.xml': '<testsuites name="earlier"/>\n' };

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Processes of the run's process group still alive after it ended (after a grace period). */
  leftovers: string[];
}

/** The processes (pid and executable) of process group `pgid`. */
function groupMembers(pgid: number): string[] {
  const members: string[] = [];
  for (const d of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(pgrp) === pgid && state !== 'Z') members.push(`${d} ${stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'))}`);
    } catch {
      // gone meanwhile
    }
  }
  return members;
}

/**
 * `npm run conformance` on the fault config in a process group of its own (as a terminal would
 * start it), with `fault` for the spec. `during` runs while it does (it may send signals).
 */
async function conformance(fault: string, args: string[], scratch: string, during?: (pgid: number, output: () => { exited: boolean; log: string }) => Promise<void>): Promise<Run> {
  const baseline = join(scratch, 'baseline.json');
  writeFileSync(baseline, '{"checks": [], "quirks": []}\n');
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, '--config', CONFIG, '--baseline', baseline, ...args], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, SWC_FAULT: fault, SWC_FAULT_DIR: scratch, CI: '1', FORCE_COLOR: '0' },
  });
  const pgid = child.pid!;
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  let exited = false;
  const ended = new Promise<[number | null, NodeJS.Signals | null]>((done) =>
    child.on('close', (code, signal) => {
      exited = true;
      done([code, signal]);
    }),
  );
  try {
    await during?.(pgid, () => ({ exited, log: `${stderr}\n${stdout.slice(-3000)}` }));
  } catch (e) {
    process.kill(-pgid, 'SIGKILL');
    throw e;
  }
  const [code, signal] = await ended;
  let leftovers = groupMembers(pgid);
  for (const until = Date.now() + 10_000; leftovers.length && Date.now() < until; leftovers = groupMembers(pgid)) await new Promise((r) => setTimeout(r, 100));
  if (leftovers.length) process.kill(-pgid, 'SIGKILL');
  return { code, signal, stdout, stderr, leftovers };
}

/** Wait until every file exists; fail at once if the run ends first. */
async function waitFor(what: string, files: string[], timeoutMs: number, output: () => { exited: boolean; log: string }): Promise<void> {
  for (const until = Date.now() + timeoutMs; Date.now() < until && !output().exited; ) {
    if (files.every((f) => existsSync(f))) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`${what}: ${files.filter((f) => !existsSync(f)).join(', ')} never appeared${output().exited ? ' (the run ended)' : ''}\n${output().log}`);
}

function readReport(out: string): ConformanceReport {
  return JSON.parse(readFileSync(join(out, 'conformance.json'), 'utf8')) as ConformanceReport;
}

function result(report: ConformanceReport, check: string, engine: string): { verdict: string; detail?: string } {
  const r = report.checks.find((c) => c.id === `lifecycle/fault-${check}`)?.results[engine as 'chromium'];
  assert.ok(r, `no result for ${check} in ${engine}: ${JSON.stringify(report.checks.map((c) => c.id))}`);
  return r as { verdict: string; detail?: string };
}

const mounts: string[] = [];
after(() => {
  for (const m of mounts) {
    try {
      execFileSync('umount', [m]);
    } catch {
      // already unmounted
    }
  }
});

describe('fault injection on whole runs, in chromium, firefox and webkit', () => {
  test('fixture server killed, browser killed, WebKitWebDriver killed, then Ctrl-C mid-check', { timeout: 400_000 }, async () => {
    const scratch = tmp('swc-faults-');
    const out = join(scratch, 'out');
    mkdirSync(out);
    for (const [f, text] of Object.entries(EARLIER)) writeFileSync(join(out, f), text);
    const markers = ENGINES.map((e) => join(scratch, `${e}.mid-check`));
    const run = await conformance('mid-run', ['--out', out], scratch, async (pgid, output) => {
      // Every engine's last check is mid-way (and so every fault before it happened): Ctrl-C.
      await waitFor('the interrupted check in every engine', markers, 300_000, output);
      process.kill(-pgid, 'SIGINT');
    });
    const log = `exit ${run.code}\n${run.stderr}\n${run.stdout.slice(-3000)}`;

    // The CLI says what happened.
    assert.equal(run.code, 130, log);
    assert.match(run.stderr, /conformance: interrupted \(SIGINT\): the report in \S+ covers the \d+ check result\(s\) that ended and says the run was interrupted\n/, log);

    // The report is this run's, whole: the three files together, none from before, no stray temporaries.
    const report = readReport(out);
    assert.notEqual(readFileSync(join(out, 'conformance.json'), 'utf8'), EARLIER['conformance.json']);
    assert.equal(report.run.playwrightStatus, 'interrupted');
    assert.equal(report.gate.status, 'fail');
    assert.ok(report.gate.otherFailures.some((f) => f.message === 'the run was interrupted'), JSON.stringify(report.gate.otherFailures));
    const html = readFileSync(join(out, 'index.html'), 'utf8');
    const junit = readFileSync(join(out, 'junit.xml'), 'utf8');
    assert.match(html, /This run was interrupted \(Ctrl-C\)/);
    for (const id of ['fixture-server-killed', 'browser-killed', 'webdriver-killed']) {
      assert.ok(html.includes(`lifecycle/fault-${id}`) && junit.includes(`lifecycle/fault-${id}`), `${id} in index.html and junit.xml`);
    }
    assert.deepEqual(readdirSync(out).filter((f) => f.endsWith('.tmp')), []);

    // Each fault is the harness's error, never a browser deviation, and the record says which.
    for (const engine of ENGINES) {
      const server = result(report, 'fixture-server-killed', engine);
      assert.equal(server.verdict, 'error', `${engine}: ${JSON.stringify(server)}`);
      assert.match(server.detail!, /^HarnessError: the fixture server did not answer GET \/runs\/\w+\/log\S* \(ECONNREFUSED\): it stopped or crashed during the check$/, engine);
      const browser = result(report, 'browser-killed', engine);
      assert.equal(browser.verdict, 'error', `${engine}: ${JSON.stringify(browser)}`);
      assert.match(
        browser.detail!,
        engine === 'webkit' ? /session deleted because of page crash or hang/ : new RegExp(`^${engine}: the browser went away \\(its process crashed or was killed`),
        engine,
      );
      // Ctrl-C: the check in flight did not end; it is not a browser deviation.
      const interrupted = result(report, 'interrupted', engine);
      assert.notEqual(interrupted.verdict, 'deviation', `${engine}: ${JSON.stringify(interrupted)}`);
      assert.notEqual(interrupted.verdict, 'pass', `${engine}: ${JSON.stringify(interrupted)}`);
    }
    const driver = result(report, 'webdriver-killed', 'webkit');
    assert.equal(driver.verdict, 'error');
    assert.match(driver.detail!, /^webkit: WebKitWebDriver exited \(SIGKILL\), taking MiniBrowser with it: /);
    assert.equal(report.checks.find((c) => c.id === 'lifecycle/fault-webdriver-killed')!.results.chromium, undefined);

    // Nothing left running: no browser, driver or X server of the run.
    assert.deepEqual(run.leftovers, [], 'processes of the run still alive after it ended');
    rmSync(scratch, { recursive: true, force: true });
  });

  test('the report folder is full (64 KiB tmpfs): exit 1 naming ENOSPC, the earlier report untouched', { timeout: 300_000 }, async () => {
    const scratch = tmp('swc-faults-');
    const out = join(scratch, 'out');
    mkdirSync(out);
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', out], { stdio: 'pipe' });
    } catch (e) {
      // Not a skip: the fault must be tested. CI runs this as root.
      assert.fail(`the full-disk fault needs a small tmpfs, and \`mount -t tmpfs\` failed (run as root): ${(e as { stderr?: Buffer }).stderr?.toString().trim() ?? e}`);
    }
    mounts.push(out);
    try {
      for (const [f, text] of Object.entries(EARLIER)) writeFileSync(join(out, f), text);
      // Fill the folder, then free 8 KiB: a new report (tens of KiB) cannot be written whole.
      const filler = join(out, 'filler');
      try {
        for (;;) writeFileSync(filler, Buffer.alloc(4096), { flag: 'a' });
      } catch (e) {
        assert.equal((e as NodeJS.ErrnoException).code, 'ENOSPC');
      }
      const size = readFileSync(filler).length;
      writeFileSync(filler, Buffer.alloc(size - 8192));
      const before = Object.fromEntries(readdirSync(out).map((f) => [f, readFileSync(join(out, f))]));

      const run = await conformance('disk-full', ['--out', out], scratch);
      const log = `exit ${run.code}\n${run.stderr}\n${run.stdout.slice(-3000)}`;
      assert.equal(run.code, 1, log);
      assert.match(run.stderr, /conformance: the report could not be written to \S+ \(ENOSPC: no space left on device[^)]*\); the report that was there is untouched\n/, log);
      // Every earlier file as it was, and no half-written file or temporary left.
      const now = readdirSync(out).filter((f) => f !== 'allure-results');
      assert.deepEqual(now.sort(), Object.keys(before).sort());
      for (const [f, bytes] of Object.entries(before)) assert.ok(readFileSync(join(out, f)).equals(bytes), `${f} unchanged`);
      // The checks themselves ran and passed: only the report is missing.
      assert.match(run.stdout, /3 passed/, log);
      assert.deepEqual(run.leftovers, []);
    } finally {
      execFileSync('umount', [out]);
      mounts.splice(mounts.indexOf(out), 1);
      rmSync(scratch, { recursive: true, force: true });
    }
  });
});
