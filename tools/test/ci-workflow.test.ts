// docs/ci/github-actions.yml (issue 20): valid YAML (parsed with eemeli/yaml, a devDependency),
// shard jobs and a merge job, and its commands are the README's: every command the workflow runs
// is a command of the README's shell blocks (with the matrix's shard put in), and the README's
// shard and merge commands are the workflow's, with the same blob folder and merge folder.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const WORKFLOW = join(ROOT, 'docs', 'ci', 'github-actions.yml');

interface Step { name?: string; run?: string; uses?: string; with?: Record<string, unknown> }
interface Job { needs?: string | string[]; strategy?: { matrix?: { shard?: unknown[] } }; steps: Step[] }

/** Every command line of the README's ```sh blocks, without its comment. */
export function readmeCommands(markdown: string): string[] {
  const out: string[] = [];
  for (const block of markdown.matchAll(/```sh\n([\s\S]*?)```/g)) {
    for (const line of block[1]!.split('\n')) {
      const cmd = line.replace(/\s+#.*$/, '').replace(/^#.*$/, '').trim();
      if (cmd) out.push(cmd);
    }
  }
  return out;
}

/** The command lines of a job's `run` steps, with `${{ matrix.shard }}` put in. */
export function jobCommands(job: Job, shard?: number): string[] {
  return job.steps.flatMap((s) => (s.run ?? '').split('\n')).map((l) => l.trim()).filter(Boolean).map((l) => (shard === undefined ? l : l.replaceAll('${{ matrix.shard }}', String(shard))));
}

function load(): { jobs: { shard: Job; merge: Job } } {
  const doc = parseDocument(readFileSync(WORKFLOW, 'utf8'));
  assert.deepEqual(doc.errors.map((e) => e.message), [], 'docs/ci/github-actions.yml is not valid YAML');
  assert.deepEqual(doc.warnings.map((e) => e.message), []);
  const wf = doc.toJS() as { jobs?: Record<string, Job | undefined> };
  const { shard, merge } = wf.jobs ?? {};
  assert.ok(shard && merge, 'jobs shard and merge');
  return { jobs: { shard, merge } };
}

describe('docs/ci/github-actions.yml', () => {
  const readme = readmeCommands(readFileSync(join(ROOT, 'README.md'), 'utf8'));
  const shardCmd = readme.find((c) => /^npm run conformance -- --shard \d+\/\d+$/.test(c));
  const mergeCmd = readme.find((c) => /^npm run conformance -- --merge \S+$/.test(c));

  test('parses as YAML with a shard job (a matrix of shards) and a merge job after it', () => {
    const wf = load();
    assert.deepEqual([wf.jobs.merge.needs].flat(), ['shard']);
    const shards = wf.jobs.shard.strategy?.matrix?.shard;
    assert.ok(Array.isArray(shards) && shards.length > 1);
    assert.deepEqual(shards, shards.map((_, i) => i + 1), 'shards 1..N');
  });

  test('the README has the shard and merge commands', () => {
    assert.ok(shardCmd, 'README: npm run conformance -- --shard I/N');
    assert.ok(mergeCmd, 'README: npm run conformance -- --merge DIR');
  });

  test('every command the workflow runs is a README command (each shard in turn)', () => {
    const wf = load();
    const shards = wf.jobs.shard.strategy!.matrix!.shard as number[];
    const n = shards.length;
    const generic = (c: string) => c.replace(/--shard \d+\/\d+/, '--shard I/N');
    const known = new Set(readme.map(generic));
    for (const s of shards) {
      const cmds = jobCommands(wf.jobs.shard, s);
      assert.ok(cmds.includes(`npm run conformance -- --shard ${s}/${n}`), `shard ${s}: runs npm run conformance -- --shard ${s}/${n} (got ${cmds.join('; ')})`);
      for (const c of cmds) assert.ok(known.has(generic(c)), `shard job runs "${c}", which the README does not have`);
    }
    for (const c of jobCommands(wf.jobs.merge)) assert.ok(readme.includes(c), `merge job runs "${c}", which the README does not have`);
    assert.ok(jobCommands(wf.jobs.merge).includes(mergeCmd!), `the merge job runs "${mergeCmd}"`);
    // The README's shard command, generalised, is the workflow's (same N as its matrix).
    assert.equal(shardCmd!.replace(/--shard \d+\//, '--shard 1/'), `npm run conformance -- --shard 1/${n}`);
  });

  test('blob reports go from the README\'s blob folder to the folder --merge reads', () => {
    const wf = load();
    const upload = wf.jobs.shard.steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'));
    const download = wf.jobs.merge.steps.find((s) => s.uses?.startsWith('actions/download-artifact@'));
    assert.ok(upload && download, 'an upload step in shard, a download step in merge');
    const blobDir = String(upload.with?.path);
    const md = readFileSync(join(ROOT, 'README.md'), 'utf8');
    assert.ok(md.includes(`${blobDir}report-1.zip`), `README names ${blobDir}report-<I>.zip as the shard's blob`);
    assert.equal(download.with?.['merge-multiple'], true);
    assert.equal(String(download.with?.path), mergeCmd!.split(' ').pop());
  });
});
