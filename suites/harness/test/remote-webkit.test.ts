// Remote WebKitGTK (issue 20): a WebKitWebDriver started on this machine on a port of its own, as
// `scripts/browser-server.ts webkit` serves one to another machine, and two real checks of the
// suite run through it with SWC_REMOTE_WEBKIT by `npm run conformance` (Playwright, the harness,
// the reporter and the gate, nothing stubbed). The report must say the engine was driven
// remotely at that URL and both checks passed; the remote MiniBrowser reached the fixture
// server only through the relay (remote-relay.ts), the one proxy it is given.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { ConformanceReport } from '../../../reports/types.js';
import { serveWebKitDriver, type ServedDriver } from '../engines/webdriver-server.js';

const ROOT = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
const CHECKS = ['scope/match-longest-prefix-dir', 'routing/navigation-longest-prefix-foo-bar-page-html'];

let served: ServedDriver;
let dir: string;

before(async () => {
  // Loopback only: the test needs no other machine to reach it.
  served = await serveWebKitDriver({ port: 0, host: 'local' });
  dir = mkdtempSync(join(tmpdir(), 'swc-remote-webkit-'));
});

after(async () => {
  await served?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function conformance(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; output: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'tools', 'conformance.ts'), ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('exit', (code) => done({ code: code ?? 1, output }));
  });
}

test('two real checks pass in WebKitGTK through SWC_REMOTE_WEBKIT (a WebKitWebDriver on another port)', { timeout: 240_000 }, async () => {
  const out = join(dir, 'out');
  const grep = `(${CHECKS.map((c) => c.replace(/[/.-]/g, '\\$&')).join('|')})( |$)`;
  const r = await conformance(['--project', 'webkit', '--grep', grep, '--out', out], {
    SWC_REMOTE_WEBKIT: served.url,
    SWC_REMOTE_WEBKIT_MINIBROWSER: served.minibrowser,
    SWC_WORKERS: '1',
    CI: '1',
    FORCE_COLOR: '0',
  });
  assert.equal(r.code, 0, r.output);
  const report = JSON.parse(readFileSync(join(out, 'conformance.json'), 'utf8')) as ConformanceReport;
  assert.equal(report.engines.webkit?.driver, 'webdriver-remote');
  assert.equal(report.engines.webkit?.executable, `${served.url}/`);
  assert.deepEqual(report.checks.map((c) => [c.id, c.results.webkit?.verdict]), CHECKS.map((id) => [id, 'pass']).sort());
});
