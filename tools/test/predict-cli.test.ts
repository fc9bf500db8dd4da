import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';
import { predictText, QuestionValidator, runCli, type CliIO } from '../predict-cli.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function run(argv: string[], files: Record<string, string> = {}, stdin = ''): { code: number; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    readFile: (p) => {
      const text = files[p];
      if (text === undefined) throw new Error('ENOENT');
      return text;
    },
    readStdin: () => stdin,
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
  };
  const code = runCli(argv, io);
  return { code, stdout, stderr };
}

const ISSUE_EXAMPLES = [
  { kind: 'register', pageUrl: 'https://a.test/dir/page.html', scriptUrl: 'sw.js', scope: './x', serviceWorkerAllowed: '/', scriptContentType: 'text/javascript', scriptStatus: 200, scriptRedirected: false, type: 'classic' },
  { kind: 'match', scopes: ['https://a.test/foo', 'https://a.test/foo/'], url: 'https://a.test/foo/bar' },
  { kind: 'getRegistration', pageUrl: 'https://a.test/dir/page.html', scopes: ['/', '/dir/'], clientUrl: 'sub/x' },
];

describe('predict CLI', () => {
  test('answers the issue\'s example questions in order, exit 0', () => {
    const r = run(['predict', 'q.json'], { 'q.json': JSON.stringify(ISSUE_EXAMPLES) });
    assert.equal(r.code, 0);
    assert.equal(r.stderr, '');
    assert.deepEqual(JSON.parse(r.stdout), [{ ok: true, scope: 'https://a.test/dir/x' }, { scope: 'https://a.test/foo/' }, { scope: 'https://a.test/dir/' }]);
  });

  test('"-" reads stdin', () => {
    const r = run(['predict', '-'], {}, JSON.stringify([{ kind: 'register', pageUrl: 'https://a.test/p', scriptUrl: '/js/sw.js', scope: '/' }]));
    assert.equal(r.code, 0);
    assert.deepEqual(JSON.parse(r.stdout), [{ ok: false, error: 'SecurityError' }]);
  });

  test('defaults: no scope → default scope; no scriptContentType → text/javascript; null → no header', () => {
    const base = { kind: 'register', pageUrl: 'https://a.test/d/p.html', scriptUrl: 'sw.js' };
    const r = predictText(JSON.stringify([base, { ...base, scriptContentType: null }, { ...base, scriptStatus: 404 }, { ...base, scriptRedirected: true }]));
    assert.deepEqual(r, {
      ok: true,
      answers: [{ ok: true, scope: 'https://a.test/d/' }, { ok: false, error: 'SecurityError' }, { ok: false, error: 'TypeError' }, { ok: false, error: 'SecurityError' }],
    });
  });

  test('getRegistration answers: a rejection is { error }', () => {
    const r = predictText(JSON.stringify([
      { kind: 'getRegistration', pageUrl: 'https://a.test/', scopes: ['/'], clientUrl: 'https://b.test/' },
      { kind: 'getRegistration', pageUrl: 'https://a.test/', scopes: ['/'], clientUrl: 'http://[' },
      { kind: 'getRegistration', pageUrl: 'https://a.test/', scopes: [] },
    ]));
    assert.deepEqual(r, { ok: true, answers: [{ error: 'SecurityError' }, { error: 'TypeError' }, { scope: null }] });
  });

  test('explainerMatch answers carry explainer and spec side by side', () => {
    const r = predictText(JSON.stringify([{ kind: 'explainerMatch', pageUrl: 'https://www.example.com/', patterns: ['/foo*', '/foo/bar*'], url: '/foobar.html' }]));
    assert.deepEqual(r, { ok: true, answers: [{ explainer: { pattern: '/foo*' }, spec: { scope: 'https://www.example.com/foo' } }] });
  });

  test('--explain adds the deciding step and position', () => {
    const r = run(['predict', '--explain', '-'], {}, JSON.stringify([{ kind: 'register', pageUrl: 'https://a.test/', scriptUrl: 'a%2fb.js' }]));
    assert.equal(r.code, 0);
    assert.deepEqual(JSON.parse(r.stdout)[0].step, 'Start Register 4');
  });

  const malformed: Array<[string, unknown, RegExp]> = [
    ['not JSON', '{', /not JSON/],
    ['not an array', { kind: 'match' }, /JSON array/],
    ['a non-object element', [1], /\[0\]\.must be an object/],
    ['missing kind', [{}], /\[0\]\.kind: required/],
    ['unknown kind', [{ kind: 'nope' }], /\[0\]\.kind: must be one of/],
    ['missing field', [ISSUE_EXAMPLES[1], { kind: 'match', url: 'https://a/' }], /\[1\]\.scopes: required/],
    ['wrong type', [{ kind: 'register', pageUrl: 'https://a/', scriptUrl: 1 }], /\[0\]\.scriptUrl: must be string/],
    ['wrong array element type', [{ kind: 'match', scopes: ['https://a/', 2], url: 'https://a/' }], /\[0\]\.scopes\[1\]: must be string/],
    ['unknown field', [{ kind: 'match', scopes: [], url: 'https://a/', extra: 1 }], /\[0\]\.extra: unknown field/],
    ['bad enum', [{ kind: 'register', pageUrl: 'https://a/', scriptUrl: 'x', type: 'esm' }], /\[0\]\.type: must be one of/],
    ['non-integer status', [{ kind: 'register', pageUrl: 'https://a/', scriptUrl: 'x', scriptStatus: 200.5 }], /\[0\]\.scriptStatus: must be integer/],
    ['relative pageUrl', [{ kind: 'register', pageUrl: 'page.html', scriptUrl: 'x' }], /\[0\]\.pageUrl: "page.html" is not an absolute URL/],
    ['relative match scope', [{ kind: 'match', scopes: ['/x'], url: 'https://a/' }], /\[0\]\.scopes\[0\]: "\/x" is not an absolute URL/],
    ['relative match url', [{ kind: 'match', scopes: [], url: '/x' }], /\[0\]\.url: "\/x" is not an absolute URL/],
    ['unparsable getRegistration scope', [{ kind: 'getRegistration', pageUrl: 'https://a/', scopes: ['http://['] }], /\[0\]\.scopes\[0\]:/],
  ];
  for (const [name, input, message] of malformed) {
    test(`malformed input (${name}): exit 2, a message naming index and field, nothing on stdout`, () => {
      const r = run(['predict', 'q.json'], { 'q.json': typeof input === 'string' ? input : JSON.stringify(input) });
      assert.equal(r.code, 2);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, message);
    });
  }

  test('usage errors: exit 2', () => {
    assert.equal(run([]).code, 2);
    assert.equal(run(['guess']).code, 2);
    assert.equal(run(['predict']).code, 2);
    assert.equal(run(['predict', 'a', 'b']).code, 2);
    assert.equal(run(['predict', 'missing.json']).code, 2);
    assert.equal(run(['--help']).code, 0);
    assert.equal(run(['predict', '--help']).code, 0);
  });

  test('an unknown option exits 2 with one line naming it, then the usage', () => {
    const r = run(['predict', '--verbose', 'q.json'], { 'q.json': '[]' });
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr.split('\n')[0], 'predict: unknown option --verbose');
    assert.match(run(['predict', '--explain=yes', 'q.json']).stderr, /^predict: option --explain takes no value\n/);
  });

  test('the validator knows every question kind of the schema', () => {
    assert.deepEqual(new QuestionValidator().kinds.sort(), ['explainerMatch', 'getRegistration', 'match', 'register', 'scenario']);
  });

  test('scenario question: a whole scenario in, its predicted Outcome out; a step on a client that is not open is named', () => {
    const scenario = {
      id: 'scope/cli', area: 'scope', title: 't', spec: ['sw.bs § Match Service Worker Registration'],
      resources: { '{a}/sw.js': { kind: 'worker', behaviour: { version: 'v1' } } },
      steps: [
        { do: 'open', client: 'c1', url: '{a}/p.html' },
        { do: 'register', client: 'c1', script: '/sw.js', scope: '/a/' },
        { do: 'getRegistration', client: 'c1', url: '/a/b' },
      ],
    };
    const ok = predictText(JSON.stringify([{ kind: 'scenario', scenario }]));
    assert.ok(ok.ok);
    assert.deepEqual((ok.answers[0] as { steps: unknown[] }).steps[2], { scope: '{a}/a/' });
    const bad = predictText(JSON.stringify([{ kind: 'scenario', scenario: { ...scenario, steps: [{ do: 'fetch', client: 'c9', url: '/x' }] } }]));
    assert.equal(bad.ok, false);
    assert.match((bad as { message: string }).message, /^malformed input: \[0\]\.scenario\.steps\[0\]\.client: "c9" is not open$/);
    const noSpec = predictText(JSON.stringify([{ kind: 'scenario', scenario: { ...scenario, spec: [] } }]));
    assert.deepEqual(noSpec, { ok: false, message: 'malformed input: [0].scenario.spec: needs at least one spec reference' });
  });

  test('a missing or unknown command is one line naming it, then the usage; exit 2', () => {
    assert.deepEqual(run([]), { code: 2, stdout: '', stderr: 'predict: missing command\nusage: npm run -s model -- predict [--explain] FILE   (FILE "-" reads stdin)\n' });
    assert.match(run(['frob']).stderr, /^predict: unknown command "frob"\n/);
  });

  // Regression test (issue 22, 9): a scenario the model cannot run was reported against the whole
  // `steps` array (and with the model's concrete origins), not the step.
  test('a scenario the model cannot run names steps[i] and the scenario\'s own origins', () => {
    const scenario = {
      id: 'lifecycle/cli', area: 'lifecycle', title: 't', spec: ['sw.bs § Update'],
      resources: { '{a}/sw.js': { kind: 'worker', behaviour: { version: 'v1' } } },
      steps: [
        { do: 'open', client: 'c1', url: '{a}/p.html' },
        { do: 'bumpScript', url: '{a}/sw.js' },
      ],
    };
    const r = predictText(JSON.stringify([{ kind: 'match', scopes: [], url: 'https://a.test/' }, { kind: 'scenario', scenario }]));
    assert.deepEqual(r, { ok: false, message: 'malformed input: [1].scenario.steps[1]: bumpScript: {a}/sw.js has no next version left' });
  });

  // Regression test (issue 22, 9): `npm run -s model -- predict q.json | head` died with an EPIPE stack.
  test('output piped into a reader that leaves early (| head): exit 0, nothing on stderr', () => {
    const questions = Array.from({ length: 4000 }, (_, i) => ({ kind: 'match', scopes: ['https://a.test/'], url: `https://a.test/x${i}` }));
    // A real pipe (node's own stdio pipes are socket pairs, whose buffer takes the whole output).
    const r = spawnSync('bash', ['-c', `"${process.execPath}" --import tsx tools/predict-cli.ts predict - | head -c 1 >/dev/null; echo "exit \${PIPESTATUS[0]}" >&2`], {
      cwd: ROOT,
      input: JSON.stringify(questions),
      encoding: 'utf8',
    });
    assert.equal(r.stderr, 'exit 0\n');
  });

  test('end to end: npm run -s model -- predict - (a real process)', () => {
    const ok = spawnSync(process.execPath, ['--import', 'tsx', 'tools/predict-cli.ts', 'predict', '-'], { cwd: ROOT, input: JSON.stringify(ISSUE_EXAMPLES), encoding: 'utf8' });
    assert.equal(ok.status, 0, ok.stderr);
    assert.equal(JSON.parse(ok.stdout).length, 3);
    const bad = spawnSync(process.execPath, ['--import', 'tsx', 'tools/predict-cli.ts', 'predict', '-'], { cwd: ROOT, input: '[{"kind":"match"}]', encoding: 'utf8' });
    assert.equal(bad.status, 2);
    assert.equal(bad.stdout, '');
    assert.match(bad.stderr, /\[0\]\.scopes: required/);
  });
});
