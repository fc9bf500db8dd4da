// The conformance CLI (tools/conformance.ts) end to end: option validation, exit codes, gating both ways, baseline update, an engine
// crashing mid-run, and sharded + merged = unsharded. Each run is a real `playwright test` of the
// synthetic suite (reports/test/fixtures), which launches no browser.
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { UsageError } from '../cli.js';
import { checkSelectionArgs, knownCheckIds, unknownCheckIds } from '../check-ids.js';
import { checkInputs, parseConformanceArgs } from '../conformance.js';
import type { ConformanceReport } from '../../reports/types.js';
import { reportProblems } from '../../reports/validate.js';
import type { FixturePlan } from '../../reports/test/fixtures/plan.js';
import { readReport, runCli, tmp } from '../../reports/test/helpers.js';

const PLAN: FixturePlan = {
  checks: [
    { id: 'scope/a', explainer: { section: '§2', claim: 'scopes are path prefixes', predicts: 'no match', specAgrees: true } },
    { id: 'registration/b', engines: { firefox: 'deviation' } },
    { id: 'proposals/c', engines: { webkit: 'unsupported' } },
    { id: 'lifecycle/d' },
  ],
  other: [{ title: 'smoke: synthetic suite loads' }],
};

function usage(args: string[]): string {
  try {
    parseConformanceArgs(args, '/tmp');
  } catch (e) {
    assert.ok(e instanceof UsageError);
    return e.message;
  }
  assert.fail(`accepted ${args.join(' ')}`);
}

describe('options', () => {
  test('valid options parse', () => {
    const o = parseConformanceArgs(['--project', 'chromium', '--project=webkit', '--grep', 'scope/', '--shard', '2/3', '--headed', '--allure', '--out', 'x'], '/tmp');
    assert.deepEqual(o.projects, ['chromium', 'webkit']);
    assert.equal(o.grep, 'scope/');
    assert.deepEqual(o.shard, { current: 2, total: 3 });
    assert.equal(o.out, '/tmp/x');
    assert.ok(o.headed && o.allure && !o.updateBaseline);
  });

  test('invalid options are named', () => {
    assert.equal(usage(['--frobnicate']), 'unknown option --frobnicate');
    assert.equal(usage(['--frobnicate=1']), 'unknown option --frobnicate');
    assert.match(usage(['chromium']), /unexpected argument "chromium"/);
    assert.match(usage(['--project']), /--project needs a value/);
    assert.match(usage(['--grep', '(']), /--grep "\(" is not a valid regular expression/);
    for (const s of ['0/2', '3/2', 'a/b', '1', '1/0']) assert.match(usage(['--shard', s]), /--shard .* must be I\/N/);
    assert.match(usage(['--merge', 'x', '--shard', '1/2']), /--merge runs no tests.*--shard/);
    assert.match(usage(['--update-baseline', '--shard', '1/2']), /--update-baseline needs the whole run/);
    assert.match(usage(['--headed=yes']), /--headed takes no value/);
    assert.match(usage(['--grep', 'a', '--grep', 'b']), /--grep given twice/);
    for (const n of ['0', '-1', '2.5', 'x', '1001']) assert.match(usage(['--repeat', n]), /--repeat .* must be a whole number from 1 to 1000/);
    assert.match(usage(['--merge', 'x', '--repeat', '2']), /--merge runs no tests.*--repeat/);
    assert.equal(parseConformanceArgs(['--repeat', '5'], '/tmp').repeat, 5);
    assert.match(usage(['--history', 'h', '--shard', '1/2']), /--history needs the whole run/);
  });

  // Regression test (issue 22, 2): a shard count beyond a safe integer passed, and Playwright got
  // "1/1e+23" and ran every test as shard 1 of 1.
  test('--shard numbers must be safe integers', () => {
    for (const s of ['1/99999999999999999999999', '99999999999999999999999/99999999999999999999999', '9007199254740992/9007199254740993']) {
      assert.equal(usage(['--shard', s]), `--shard "${s}" must be I/N with whole numbers 1 ≤ I ≤ N ≤ 9007199254740991, e.g. 1/3`);
    }
    assert.deepEqual(parseConformanceArgs(['--shard', '2/9007199254740991'], '/tmp').shard, { current: 2, total: 9007199254740991 });
  });

  test('--headed without a display is refused before anything starts', async () => {
    const o = parseConformanceArgs(['--headed', '--out', tmp()], '/tmp');
    await assert.rejects(checkInputs(o, {}), { name: 'UsageError', message: /^--headed needs a display, and \$DISPLAY is not set/ });
    await checkInputs(o, { DISPLAY: ':99' });
  });

  test('the environment the run reads is checked too: SWC_WORKERS and the fuzz budget', async () => {
    const o = parseConformanceArgs(['--out', tmp()], '/tmp');
    for (const [env, message] of [
      [{ SWC_WORKERS: '0' }, /^SWC_WORKERS must be a number of workers/],
      [{ SWC_WORKERS: 'abc' }, /^SWC_WORKERS must be a number of workers/],
      [{ SWC_FUZZ_SECONDS: 'soon' }, /^SWC_FUZZ_SECONDS must be a positive number of seconds \(got "soon"\)$/],
      [{ SWC_FUZZ_SEED: '1.5' }, /^SWC_FUZZ_SEED must be a 32-bit integer/],
    ] as const) {
      await assert.rejects(checkInputs(o, env), { name: 'UsageError', message }, JSON.stringify(env));
    }
    await checkInputs(o, { SWC_WORKERS: '3' });
    await checkInputs(o, { SWC_WORKERS: '50%', SWC_FUZZ_SECONDS: '5' });
  });
});

// Issue 25: --check selects checks by exact id. Playwright is not run: the arguments it would get
// are matched here as Playwright matches them (util.js forceRegExp and the grep title of
// TestCase._grepTitleWithTags: project, file, describe, title, tags).
describe('--check', () => {
  const forceRegExp = (p: string): RegExp => {
    const m = /^\/(.*)\/([gi]*)$/.exec(p);
    return m ? new RegExp(m[1]!, m[2]) : new RegExp(p, 'gi');
  };
  const row = (id: string, area = id.split('/')[0]!) => ` chromium suites/${area}/${area}.scenarios.ts ${area} ${id} @${area}`;
  const TITLES = [
    row('scope/match'),
    row('scope/match-longest'),
    row('scope/x.match'),
    ` firefox suites/scope/scope.scenarios.ts scope scope/match @smoke @scope`,
    row('lifecycle/update-via-cache-all'),
    ` chromium suites/fuzz/url-match.spec.ts fuzz/url-match: URL matching, model against engine @smoke @fuzz`,
    ` chromium suites/fuzz/url-match.spec.ts fuzz/url-match-x: (not a real check) @fuzz`,
  ];
  /** The titles a Playwright run with these arguments selects. */
  function selected(args: string[]): string[] {
    const grep = args.includes('--grep') ? forceRegExp(args[args.indexOf('--grep') + 1]!) : undefined;
    const invert = args.includes('--grep-invert') ? forceRegExp(args[args.indexOf('--grep-invert') + 1]!) : undefined;
    return TITLES.filter((t) => {
      if (grep) grep.lastIndex = 0;
      if (invert) invert.lastIndex = 0;
      return (!grep || grep.test(t)) && !(invert && invert.test(t));
    });
  }

  test('parses, repeatable, each id once', () => {
    const o = parseConformanceArgs(['--check', 'scope/match', '--check=fuzz/url-match', '--check', 'scope/match'], '/tmp');
    assert.deepEqual(o.checks, ['scope/match', 'fuzz/url-match']);
    assert.deepEqual(parseConformanceArgs([], '/tmp').checks, []);
  });

  test('a value that is not an id is refused, naming it', () => {
    for (const bad of ['scope', 'Scope/match', 'nope/match', 'scope/match @scope', 'scope/.*']) {
      assert.equal(usage(['--check', bad]), `--check "${bad}" is not a check id ("<area>/<case>", e.g. scope/match-longest)`);
    }
    assert.match(usage(['--check']), /--check needs a value/);
    assert.match(usage(['--merge', 'x', '--check', 'scope/match']), /--merge runs no tests.*--check/);
  });

  test('selects exactly the ids: no prefix, no other engine lost, regex characters literal', () => {
    assert.deepEqual(selected(checkSelectionArgs(['scope/match'])), [TITLES[0], TITLES[3]]);
    assert.deepEqual(selected(checkSelectionArgs(['scope/match-longest', 'lifecycle/update-via-cache-all'])), [TITLES[1], TITLES[4]]);
    // "." is a literal dot: scope/x.match only.
    assert.deepEqual(selected(checkSelectionArgs(['scope/x.match'])), [TITLES[2]]);
    // A fuzz property's title is "<id>: <title>".
    assert.deepEqual(selected(checkSelectionArgs(['fuzz/url-match'])), [TITLES[5]]);
  });

  test('with --grep, a check must match both (the grep keeps Playwright\'s case-insensitive reading)', () => {
    assert.deepEqual(selected(checkSelectionArgs(['scope/match', 'scope/match-longest'], 'FIREFOX')), [TITLES[3]]);
    assert.deepEqual(selected(checkSelectionArgs(['scope/match'], '@smoke')), [TITLES[3]]);
    assert.deepEqual(selected(checkSelectionArgs(['scope/match'], 'lifecycle')), []);
  });

  test('an id no check has is named (exit 2 before anything runs)', async () => {
    const known = await knownCheckIds();
    for (const id of ['lifecycle/update-via-cache-all', 'fuzz/url-match', 'scope/match-installing-longer-than-active']) assert.ok(known.has(id), id);
    assert.deepEqual(unknownCheckIds(['scope/match-installing-longer-than-active', 'scope/nope', 'fuzz/nope'], known), ['scope/nope', 'fuzz/nope']);
    const o = parseConformanceArgs(['--check', 'scope/nope', '--check', 'fuzz/url-match', '--check', 'fuzz/nope', '--out', tmp()], '/tmp');
    await assert.rejects(checkInputs(o, {}), { name: 'UsageError', message: '--check: no check has the ids "scope/nope", "fuzz/nope" (ids are in suites/<area>/<area>.scenarios.ts and fuzz/<property>)' });
    await checkInputs(parseConformanceArgs(['--check', 'fuzz/url-match', '--out', tmp()], '/tmp'), {});
  });
});

// Issue 22, 6 and 9: what an option names on disk is checked before Playwright starts, one line,
// exit 2. Each of these once started the browsers (or Playwright's merge) first.
describe('files and folders the options name (no Playwright started)', () => {
  const fast = async (args: string[], dir = tmp()) => {
    const started = Date.now();
    const r = await runCli(args, { dir, plan: PLAN });
    assert.equal(r.code, 2, r.stderr);
    assert.equal(r.stdout, '', 'Playwright printed nothing: it did not start');
    assert.ok(Date.now() - started < 20_000, 'no run');
    return r.stderr;
  };

  // Regression test (issue 22, 6): --out naming a file ran every browser test, then failed with ENOTDIR.
  test('--out naming a file', async () => {
    const dir = tmp();
    const file = join(dir, 'report.txt');
    writeFileSync(file, 'not a folder');
    assert.equal(await fast(['--out', file], dir), `conformance: --out: ${file} is a file, not a folder\nconformance: see --help\n`);
    assert.match(await fast(['--out', join(file, 'sub')], dir), /^conformance: --out: .*report\.txt\/sub cannot be created: .*report\.txt is a file, not a folder\n/);
    assert.equal(readFileSync(file, 'utf8'), 'not a folder');
  });

  // Regression test (issue 22, 6): --out /proc/nope hung for ever.
  test('--out where no folder can be created (/proc/nope)', async () => {
    assert.equal(await fast(['--out', '/proc/nope']), 'conformance: --out: /proc/nope cannot be created in /proc (ENOENT)\nconformance: see --help\n');
  });

  test('--out: a new folder is not created by the check; an existing one keeps its files', async () => {
    const dir = tmp();
    const out = join(dir, 'new', 'out');
    // A malformed baseline stops the run after the folder check: the check left nothing behind.
    const r = await runCli(['--out', out], { dir, plan: PLAN, baseline: '{' });
    assert.equal(r.code, 2);
    assert.ok(!existsSync(join(dir, 'new')), 'nothing created');
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'conformance.json'), 'earlier');
    await runCli(['--out', out], { dir, plan: PLAN, baseline: '{' });
    assert.deepEqual(readdirSync(out), ['conformance.json']);
  });

  // Regression test (issue 22, 9): --merge of an empty folder printed a Playwright stack.
  test('--merge of a folder without blob reports', async () => {
    const dir = tmp();
    const blobs = join(dir, 'blobs');
    mkdirSync(blobs);
    writeFileSync(join(blobs, 'notes.txt'), 'no zip here');
    assert.equal(await fast(['--merge', blobs], dir), `conformance: --merge: ${blobs} holds no blob reports (report-*.zip, written by --shard runs under <out>/blob/)\nconformance: see --help\n`);
  });

  // Regression test (issue 22, 9): --merge of a corrupt zip printed a Playwright stack without naming the file.
  test('--merge of a file that is not a zip', async () => {
    const dir = tmp();
    const blobs = join(dir, 'blobs');
    mkdirSync(blobs);
    writeFileSync(join(blobs, 'report-1.zip'), 'this is not a zip file at all, just text long enough');
    assert.equal(await fast(['--merge', blobs], dir), `conformance: --merge: ${join(blobs, 'report-1.zip')} is not a zip file\nconformance: see --help\n`);
    writeFileSync(join(blobs, 'report-1.zip'), '');
    assert.match(await fast(['--merge', blobs], dir), /report-1\.zip is empty\n/);
  });
});

describe('exit codes and gating (synthetic Playwright runs)', () => {
  test('an unknown option exits 2 naming it, and writes nothing', async () => {
    const dir = tmp();
    const r = await runCli(['--bogus'], { dir, plan: PLAN });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unknown option --bogus/);
    assert.ok(!existsSync(join(dir, 'out')), 'no output folder');
  });

  test('a malformed baseline exits 2 naming the entry, and runs nothing', async () => {
    const dir = tmp();
    const baseline = JSON.stringify({ checks: [{ check: 'scope/a', engine: 'chromium', reason: 'ok' }, { check: 'scope/b', engine: 'opera', reason: 'x' }], quirks: [] });
    const r = await runCli([], { dir, plan: PLAN, baseline });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /checks\[1\] \{"check":"scope\/b","engine":"opera","reason":"x"\}: "engine" must be one of/);
    assert.ok(!existsSync(join(dir, 'out')), 'no output folder');
  });

  test('an unknown project exits 2', async () => {
    const dir = tmp();
    const r = await runCli(['--project', 'safari'], { dir, plan: PLAN });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unknown project "safari" \(the config has chromium, firefox, webkit\)/);
  });

  // Regression test (issue 22, 5): a run that matched nothing replaced the last report.
  test('a --grep that matches nothing exits 2 and leaves the last report untouched', async () => {
    const dir = tmp();
    const out = join(dir, 'out');
    mkdirSync(out, { recursive: true });
    const earlier = ['conformance.json', 'index.html', 'junit.xml'].map((f) => [join(out, f), `earlier ${f}`] as const);
    for (const [file, text] of earlier) writeFileSync(file, text);
    const r = await runCli(['--grep', 'matches-no-title-at-all', '--out', out], { dir, plan: PLAN });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /no tests ran/);
    for (const [file, text] of earlier) assert.equal(readFileSync(file, 'utf8'), text, file);
  });

  test('a new deviation fails the run (exit 1); every output is written and the JSON validates', async () => {
    const dir = tmp();
    const r = await runCli([], { dir, plan: PLAN });
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /regression: registration\/b \[firefox\] deviation/);
    const out = join(dir, 'out');
    for (const f of ['conformance.json', 'index.html', 'junit.xml', 'wptreport-chromium.json', 'wptreport-firefox.json', 'wptreport-webkit.json']) assert.ok(existsSync(join(out, f)), f);
    assert.deepEqual(
      readdirSync(out).filter((f) => f.endsWith('.tmp')),
      [],
      'no temporary files left',
    );
    const report = readReport(out);
    assert.deepEqual(reportProblems(report), []);
    assert.equal(report.gate.status, 'fail');
    assert.deepEqual(Object.keys(report.engines), ['chromium', 'firefox', 'webkit']);
    assert.deepEqual(report.engines.webkit, { project: 'webkit', version: 'webkit-synthetic-1.0', driver: 'webdriver-classic' });
    assert.equal(report.checks.find((c) => c.id === 'scope/a')!.explainer?.claim, 'scopes are path prefixes');
    assert.equal(report.checks.find((c) => c.id === 'proposals/c')!.results.webkit!.verdict, 'unsupported');
    assert.match(readFileSync(join(out, 'junit.xml'), 'utf8'), /<failure message="new deviation from the model in firefox" type="deviation">/);
  });

  test('the same deviation in the baseline is expected (exit 0); Playwright itself saw an expected failure', async () => {
    const dir = tmp();
    const r = await runCli([], { dir, plan: PLAN, baseline: { checks: [{ check: 'registration/b', engine: 'firefox', reason: 'Firefox accepts it' }], quirks: [] } });
    assert.equal(r.code, 0, r.stderr);
    const report = readReport(join(dir, 'out'));
    assert.equal(report.gate.status, 'pass');
    assert.equal(report.run.playwrightStatus, 'passed', 'preprocess marked the baselined test as expected to fail');
    const res = report.checks.find((c) => c.id === 'registration/b')!.results.firefox!;
    assert.equal(res.gate, 'expected');
    assert.equal(res.baseline?.reason, 'Firefox accepts it');
  });

  test('--repeat N: every check N times; a flaky check fails the run unless the baseline knows it as flaky', async () => {
    const plan: FixturePlan = { checks: [{ id: 'scope/a', engines: { chromium: 'flaky' } }, { id: 'scope/b' }] };
    const dir = tmp();
    const r = await runCli(['--repeat', '3', '--project', 'chromium'], { dir, plan });
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /flaky: scope\/a \[chromium\] pass deviation pass/);
    const report = readReport(join(dir, 'out'));
    assert.equal(report.run.repeat, 3);
    assert.deepEqual(report.checks[0]!.results.chromium!.runs, { verdicts: ['pass', 'deviation', 'pass'], flips: 2 });
    assert.deepEqual(report.checks[1]!.results.chromium!.runs, { verdicts: ['pass', 'pass', 'pass'], flips: 0 });
    const known = await runCli(['--repeat', '3', '--project', 'chromium'], { dir: tmp(), plan, baseline: { checks: [{ check: 'scope/a', engine: 'chromium', expect: 'flaky', reason: 'synthetic flake' }], quirks: [] } });
    assert.equal(known.code, 0, known.stderr);
  });

  test('--history DIR: each run adds one entry with the report; the page shows the trend; a bad entry stops the run before it starts', async () => {
    const plan: FixturePlan = { checks: [{ id: 'scope/a' }, { id: 'registration/b', engines: { chromium: 'deviation' } }] };
    const dir = tmp();
    const history = join(dir, 'history');
    for (let i = 0; i < 2; i++) {
      const r = await runCli(['--project', 'chromium', '--history', history], { dir, plan });
      assert.equal(r.code, 1, r.stderr);
    }
    const files = readdirSync(history).sort();
    assert.equal(files.length, 2);
    const entry = JSON.parse(readFileSync(join(history, files[1]!), 'utf8')) as { run: { id: string; partial: boolean }; engines: object };
    assert.equal(entry.run.id, readReport(join(dir, 'out')).run.id);
    assert.equal(entry.run.partial, true, '--project chromium of three projects');
    assert.deepEqual(entry.engines, { chromium: { version: 'chromium-synthetic-1.0' } });
    assert.match(readFileSync(join(dir, 'out', 'index.html'), 'utf8'), /<h2>Trend \(last 2 runs\)<\/h2>/);
    writeFileSync(join(history, 'broken.json'), '{"format":"sw-conformance-history/1"}');
    const before = readFileSync(join(dir, 'out', 'conformance.json'), 'utf8');
    const bad = await runCli(['--project', 'chromium', '--history', history], { dir, plan });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--history: .*broken\.json: not a history entry: \/: must have required property/);
    assert.equal(readFileSync(join(dir, 'out', 'conformance.json'), 'utf8'), before, 'nothing ran, nothing written');
  });

  test('a stale baseline entry fails the run (exit 1)', async () => {
    const dir = tmp();
    const r = await runCli([], {
      dir,
      plan: PLAN,
      baseline: {
        checks: [
          { check: 'registration/b', engine: 'firefox', reason: 'Firefox accepts it' },
          { check: 'lifecycle/d', engine: 'chromium', reason: 'fixed upstream since' },
        ],
        quirks: [],
      },
    });
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /stale baseline entry: lifecycle\/d \[chromium\] is pass now/);
    const report = readReport(join(dir, 'out'));
    assert.deepEqual(
      report.gate.stale.map((s) => [s.check, s.engine]),
      [['lifecycle/d', 'chromium']],
    );
    assert.equal(report.gate.regressions.length, 0);
  });

  test('--update-baseline rewrites the baseline deterministically; a quirk excuses a fuzz deviation', async () => {
    const dir = tmp();
    const plan: FixturePlan = {
      checks: [...PLAN.checks, { id: 'fuzz/paths-0', fuzz: { seed: 99, runs: 25, quirk: { webkit: 'percent-2f' } }, engines: { webkit: 'deviation' } }],
    };
    const baselineFile = join(dir, 'baseline.json');
    const r = await runCli(['--update-baseline'], {
      dir,
      plan,
      baseline: { checks: [{ check: 'lifecycle/d', engine: 'chromium', reason: 'stale' }, { check: 'registration/b', engine: 'firefox', reason: 'Firefox accepts it', link: 'https://bugzilla.mozilla.org/1' }], quirks: [] },
    });
    assert.equal(r.code, 0, r.stderr);
    const expected =
      JSON.stringify(
        {
          checks: [{ check: 'registration/b', engine: 'firefox', reason: 'Firefox accepts it', link: 'https://bugzilla.mozilla.org/1' }],
          quirks: [{ quirk: 'percent-2f', engine: 'webkit', reason: 'TODO: triage' }],
        },
        null,
        2,
      ) + '\n';
    assert.equal(readFileSync(baselineFile, 'utf8'), expected);
    assert.match(r.stderr, /1 added, 1 removed/);

    // With the rewritten baseline the run matches: exit 0, although Playwright saw the fuzz test fail.
    const again = await runCli([], { dir, plan: undefined, baseline: readFileSync(baselineFile, 'utf8') });
    assert.equal(again.code, 0, again.stderr);
    const report = readReport(join(dir, 'out'));
    assert.equal(report.run.playwrightStatus, 'failed');
    assert.equal(report.gate.status, 'pass');
    assert.equal(report.checks.find((c) => c.id === 'fuzz/paths-0')!.results.webkit!.baseline?.quirk, 'percent-2f');
    assert.deepEqual(
      report.run.fuzzSeeds.map((s) => s.seed),
      [99, 99, 99],
    );
  });

  test('an engine crashing mid-run: the report is written, its checks are errors, the other engines are intact', async () => {
    const dir = tmp();
    const plan: FixturePlan = {
      checks: [{ id: 'scope/a' }, { id: 'scope/b', engines: { firefox: 'crash' } }, { id: 'routing/c', engines: { firefox: 'throw' } }, { id: 'routing/d' }],
    };
    const r = await runCli([], { dir, plan });
    assert.equal(r.code, 1, r.stderr);
    const report = readReport(join(dir, 'out'));
    assert.deepEqual(reportProblems(report), []);
    const verdicts = Object.fromEntries(report.checks.map((c) => [c.id, Object.fromEntries(Object.entries(c.results).map(([e, x]) => [e, x.verdict]))]));
    assert.deepEqual(verdicts, {
      'routing/c': { chromium: 'pass', firefox: 'error', webkit: 'pass' },
      'routing/d': { chromium: 'pass', firefox: 'pass', webkit: 'pass' },
      'scope/a': { chromium: 'pass', firefox: 'pass', webkit: 'pass' },
      'scope/b': { chromium: 'pass', firefox: 'error', webkit: 'pass' },
    });
    assert.match(report.checks.find((c) => c.id === 'scope/b')!.results.firefox!.detail!, /worker process exited unexpectedly/);
    assert.match(report.checks.find((c) => c.id === 'routing/c')!.results.firefox!.detail!, /browser has been closed/);
    assert.deepEqual(
      report.gate.regressions.map((x) => [x.check, x.engine, x.verdict]),
      [
        ['routing/c', 'firefox', 'error'],
        ['scope/b', 'firefox', 'error'],
      ],
    );
  });

  test('a record the schema does not describe: no conformance.json, the evidence in conformance.invalid.json, exit 1', async () => {
    const dir = tmp();
    const out = join(dir, 'out');
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'conformance.json'), '{"left": "from an earlier run"}');
    const r = await runCli([], { dir, plan: { checks: [{ id: 'scope/a', engines: { webkit: 'off-schema' } }] } });
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout + r.stderr, /\/checks\/0\/results\/webkit\/observed\/steps\/0: matches none of the allowed shapes: \{"url":"\{a\}\/page.html","controller":null,"colour":"green"\}/);
    assert.ok(!existsSync(join(out, 'conformance.json')), 'the stale conformance.json is gone');
    assert.ok(existsSync(join(out, 'conformance.invalid.json')));
    assert.ok(existsSync(join(out, 'index.html')));
  });

  test('--shard i/n + --merge gives the same conformance.json as an unsharded run (minus timing and run metadata)', async () => {
    const dir = tmp();
    const plan: FixturePlan = {
      checks: [
        ...PLAN.checks,
        { id: 'routing/e', engines: { chromium: 'error' } },
        { id: 'redirects/f', engines: { webkit: 'deviation' } },
        { id: 'fuzz/g', fuzz: { seed: 5, runs: 10, quirk: { firefox: 'q' } }, engines: { firefox: 'deviation' } },
        { id: 'explainer/h', explainer: { section: '§4', claim: 'c', predicts: 'p', specAgrees: false }, engines: { firefox: 'throw' } },
      ],
    };
    const baseline = { checks: [{ check: 'redirects/f', engine: 'webkit' as const, reason: 'known' }], quirks: [{ quirk: 'q', engine: 'firefox' as const, reason: 'known' }] };
    const whole = await runCli(['--out', join(dir, 'whole')], { dir, plan, baseline });
    assert.equal(whole.code, 1, whole.stderr);
    const blobs = join(dir, 'blobs');
    mkdirSync(blobs);
    for (const i of [1, 2]) {
      const shard = await runCli(['--shard', `${i}/2`, '--out', join(dir, `shard${i}`)], { dir, plan: undefined, baseline });
      assert.ok(shard.code === 0 || shard.code === 1, shard.stderr);
      const report = readReport(join(dir, `shard${i}`));
      assert.deepEqual(report.run.shard, { current: i, total: 2 });
      for (const f of readdirSync(join(dir, `shard${i}`, 'blob'))) copyFileSync(join(dir, `shard${i}`, 'blob', f), join(blobs, f));
    }
    assert.deepEqual(readdirSync(blobs).sort(), ['report-1.zip', 'report-2.zip']);
    // Regression test (issue 22, 9): a damaged blob report is named before Playwright's merge runs.
    const damaged = join(dir, 'damaged');
    mkdirSync(damaged);
    copyFileSync(join(blobs, 'report-1.zip'), join(damaged, 'report-1.zip'));
    truncateSync(join(damaged, 'report-1.zip'), Math.floor(readFileSync(join(blobs, 'report-1.zip')).length / 2));
    const refused = await runCli(['--merge', damaged, '--out', join(dir, 'refused')], { dir, plan: undefined, baseline });
    assert.equal(refused.code, 2, refused.stderr);
    assert.equal(refused.stderr, `conformance: --merge: ${join(damaged, 'report-1.zip')} is truncated or damaged (no end of central directory)\nconformance: see --help\n`);
    const merged = await runCli(['--merge', blobs, '--out', join(dir, 'merged')], { dir, plan: undefined, baseline });
    assert.equal(merged.code, whole.code, merged.stderr);

    const strip = (r: ConformanceReport) => {
      const copy = JSON.parse(JSON.stringify(r)) as Partial<ConformanceReport> & { checks: ConformanceReport['checks'] };
      delete copy.run;
      for (const c of copy.checks) for (const res of Object.values(c.results)) delete (res as { durationMs?: number }).durationMs;
      return copy;
    };
    const a = readReport(join(dir, 'whole'));
    const b = readReport(join(dir, 'merged'));
    assert.equal(b.run.mode, 'merge');
    assert.deepEqual(b.run.mergedReports, ['report-1.zip', 'report-2.zip']);
    assert.deepEqual(reportProblems(b), []);
    assert.ok(a.checks.length === 8 && a.gate.regressions.length === 3, JSON.stringify(a.gate));
    assert.deepEqual(strip(b), strip(a));
  });
});
