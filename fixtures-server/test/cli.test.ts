import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';
import { request } from './helpers.js';

const CLI = fileURLToPath(new URL('../cli.ts', import.meta.url));

function start(args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, out: () => stdout, err: () => stderr };
}

describe('npm run fixtures', () => {
  test('starts on the given port, prints the base URLs, serves, and stops on SIGTERM', async () => {
    const c = start(['--port', '0', '--run', 'cli1']);
    const deadline = Date.now() + 20_000;
    while (!/Ctrl-C to stop/.test(c.out()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const out = c.out();
    const port = Number(/http:\/\/127\.0\.0\.1:(\d+)/.exec(out)?.[1]);
    assert.ok(port > 0, out + c.err());
    assert.match(out, new RegExp(`http://cli1\\.localhost:${port}/index\\.html`));
    assert.match(out, new RegExp(`http://cli1-b\\.localhost:${port}/index\\.html`));
    assert.match(out, new RegExp(`http://cli1\\.insecure\\.test:${port}/index\\.html`));
    const r = await request(port, { host: `cli1.localhost:${port}`, path: '/index.html' });
    assert.equal(r.status, 200);
    assert.match(r.text, /window\.__swc/);
    c.child.kill('SIGTERM');
    assert.equal(await c.exited, 0);
  });

  test('bad arguments exit 2 with the usage', async () => {
    const cases = [['--port', 'x'], ['--port', '70000'], ['--run', 'Bad!'], ['--host', '0.0.0.0'], ['--nope'], ['--port']];
    await Promise.all(
      cases.map(async (args) => {
        const c = start(args);
        assert.equal(await c.exited, 2, args.join(' '));
        assert.match(c.err(), /usage: npm run fixtures/);
      }),
    );
  });
});
