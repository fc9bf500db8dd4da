// The generated JSON schemas (tools/schemas.ts, `npm run schemas`): every committed schema equals
// a fresh generation from its TypeScript type, and the predict CLI's answers match their schema.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { Ajv } from 'ajv';
import { generateSchemas, main, REPO_ROOT, SCHEMAS } from '../schemas.js';
import { answerQuestion } from '../answers.js';
import type { Question } from '../questions.js';

describe('generated JSON schemas', () => {
  test('one entry per schema: contract, reports and tools', () => {
    assert.deepEqual(SCHEMAS.map((e) => e.out).sort(), [
      'contract/schemas/outcome.schema.json',
      'contract/schemas/scenario.schema.json',
      'reports/schemas/conformance.schema.json',
      'reports/schemas/history.schema.json',
      'tools/schemas/predict-input.schema.json',
      'tools/schemas/predict-output.schema.json',
    ]);
  });

  const fresh = generateSchemas();
  for (const [out, text] of fresh) {
    test(`${out} is up to date (run npm run schemas)`, () => {
      let committed = '';
      try {
        committed = readFileSync(join(REPO_ROOT, out), 'utf8');
      } catch {
        assert.fail(`${out} is missing: run npm run schemas`);
      }
      assert.equal(committed, text, `${out} is stale: run npm run schemas`);
    });
  }

  test('answers validate against the predict output schema (--required --noExtraProps)', () => {
    const output = JSON.parse(readFileSync(join(REPO_ROOT, 'tools/schemas/predict-output.schema.json'), 'utf8')) as object;
    const validate = new Ajv({ strict: true, allowUnionTypes: true }).compile(output);
    const questions: Question[] = [
      { kind: 'register', pageUrl: 'https://a.test/p', scriptUrl: 'sw.js' },
      { kind: 'register', pageUrl: 'https://a.test/p', scriptUrl: 'sw.js', scope: '/x/' },
      { kind: 'match', scopes: ['https://a.test/'], url: 'https://a.test/x' },
      { kind: 'getRegistration', pageUrl: 'https://a.test/p', scopes: [], clientUrl: 'https://b.test/' },
      { kind: 'explainerMatch', pageUrl: 'https://a.test/', patterns: ['*x'], url: '/' },
    ];
    for (const explain of [false, true]) {
      const answers = questions.map((q) => answerQuestion(q, { explain }));
      assert.ok(validate(answers), JSON.stringify(validate.errors));
    }
  });

  // Regression test (issue 22, 9): `npm run schemas -- --chek` ignored the unknown argument and
  // rewrote every schema. Now every argument is checked first: one line, exit 2, nothing written.
  // (As a real process: tools/test/entry-points.test.ts.)
  test('npm run schemas: an unknown option or a stray argument exits 2 and writes nothing', () => {
    for (const [args, message] of [
      [['--chek'], 'unknown option --chek'],
      [['check'], 'unexpected argument "check" (options start with --; see --help)'],
      [['--check=yes'], 'option --check takes no value'],
      [['--check', '--chek'], 'unknown option --chek'],
    ] as const) {
      let out = '';
      let err = '';
      const code = main(args, { out: (t) => (out += t), err: (t) => (err += t) });
      assert.equal(code, 2, `${args.join(' ')}: ${err}`);
      assert.equal(out, '', 'nothing written ("wrote ..." lines)');
      assert.equal(err, `npm run schemas: ${message}\nsee --help\n`);
    }
    let help = '';
    assert.equal(main(['--help'], { out: (t) => (help += t), err: () => {} }), 0);
    assert.match(help, /^Usage: npm run schemas/);
  });
});
