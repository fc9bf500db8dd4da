// The proposals section of index.html: one row per design from records that carry `proposal`
// (contract/verdict.ts ProposalRecord), with the model, the shim's verdicts and native support.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { CheckRecord } from '../../contract/index.js';
import { proposalRecord } from '../../model/proposals/index.js';
import type { Engine, ProposalCheck, VerdictKind } from '../../contract/index.js';
import { renderHtml } from '../html.js';
import { buildSynthetic, collected } from './helpers.js';

function record(id: string, proposal: ProposalCheck, engine: Engine, verdict: VerdictKind, detail?: string): CheckRecord {
  const scenario = { id, area: 'proposals' as const, title: id, spec: ['seed'], proposal, steps: [{ do: 'open' as const, client: 'c1', url: '{a}/p.html' }] };
  return {
    id,
    area: 'proposals',
    title: id,
    spec: scenario.spec,
    engine,
    scenario,
    predicted: { steps: [{ connected: true, worker: 'target-v1', scope: '{b}/svc/', origin: '{a}' }] },
    observed: { steps: [verdict === 'unsupported' ? { unsupported: 'navigator.connect' } : { ok: false, error: 'AbortError' }] },
    verdict: { verdict, ...(detail ? { detail } : {}), ...(verdict === 'deviation' ? { diff: [{ path: 'steps[0].ok', predicted: true, observed: false }] } : {}) },
    proposal: proposalRecord(proposal),
    durationMs: 1,
  };
}

function html(records: CheckRecord[]): string {
  const report = buildSynthetic(records.map((r) => collected({ project: r.engine, title: `${r.id}: synthetic`, records: [r] })));
  return renderHtml(report);
}

const row = (page: string, design: string): string => {
  const m = new RegExp(`<tr data-design="${design}">[\\s\\S]*?</tr>`).exec(page);
  assert.ok(m, `a row for ${design}`);
  return m[0];
};
const cell = (tr: string, engine: Engine): string => new RegExp(`<td data-engine="${engine}">([\\s\\S]*?)</td>`).exec(tr)![1]!;

describe('report: proposals, a row per design', () => {
  const shim: ProposalCheck = { design: 'navigator-connect', via: 'shim' };
  const native: ProposalCheck = { design: 'navigator-connect', via: 'native' };
  const page = html([
    record('proposals/connect-accept', shim, 'chromium', 'pass'),
    record('proposals/connect-reject', shim, 'chromium', 'pass'),
    record('proposals/connect-accept', shim, 'firefox', 'pass'),
    record('proposals/connect-reject', shim, 'firefox', 'deviation'),
    record('proposals/native-navigator-connect', native, 'chromium', 'unsupported', 'steps[4]: navigator.connect absent'),
    record('proposals/native-navigator-connect', native, 'firefox', 'pass'),
    record('proposals/plain-cross-origin-fetch', { design: 'plain-cross-origin-fetch', via: 'platform' }, 'chromium', 'pass'),
  ]);

  test('designs in the seed\'s order, the model and each check\'s prediction', () => {
    const designs = [...page.matchAll(/<tr data-design="([^"]+)"/g)].map((m) => m[1]);
    assert.deepEqual(designs, ['navigator-connect', 'plain-cross-origin-fetch']);
    const tr = row(page, 'navigator-connect');
    assert.match(tr, /MessagePorts: navigator\.connect\(url\)/);
    assert.match(tr, /seed lines 9–13/);
    assert.match(tr, /refused or no worker: the same AbortError/);
    assert.match(tr, /<code>connect-accept<\/code>: <code>\{&quot;connected&quot;:true/);
  });

  test('per engine: the shim\'s worst verdict and how many pass, then native support', () => {
    const tr = row(page, 'navigator-connect');
    const chromium = cell(tr, 'chromium');
    assert.match(chromium, /shim: <span class="v pass">✓ pass<\/span> <small>2\/2 pass<\/small>/);
    assert.match(chromium, /native: absent \(steps\[4\]: navigator\.connect absent\)/);
    const firefox = cell(tr, 'firefox');
    assert.match(firefox, /shim: <span class="v deviation"><a href="#[^"]+">≠ deviation<\/a><\/span>/);
    assert.match(firefox, /1\/2 pass/);
    assert.match(firefox, /native: present, behaves as the model/);
    assert.match(cell(tr, 'webkit'), /not run/);
    assert.match(cell(row(page, 'plain-cross-origin-fetch'), 'chromium'), /platform: <span class="v pass">/);
  });

  test('the native check brings the design\'s history', () => {
    const tr = row(page, 'navigator-connect');
    assert.match(tr, /<details><summary>history<\/summary><ul><li>2015-03 — navigator\.connect draft/);
    assert.match(tr, /href="https:\/\/github\.com\/mkruisselbrink\/navigator-connect\/issues\/43"/);
    assert.match(tr, /Never shipped in any engine/);
  });

  test('the per-check table says what each check ran', () => {
    const table = /<table id="proposals">[\s\S]*?<\/table>/.exec(page)![0];
    const accept = /<tr data-check="proposals\/connect-accept">[\s\S]*?<\/tr>/.exec(table)![0];
    assert.match(cell(accept, 'chromium'), /<small>shim<\/small>/);
    const nat = /<tr data-check="proposals\/native-navigator-connect">[\s\S]*?<\/tr>/.exec(table)![0];
    assert.match(cell(nat, 'chromium'), /native: absent/);
  });

  test('records without `proposal` get no design rows', () => {
    const older = record('proposals/x', shim, 'chromium', 'pass');
    delete older.proposal;
    const plain = html([older]);
    assert.doesNotMatch(plain, /<table id="proposal-designs">/);
    assert.match(plain, /<table id="proposals">/);
  });
});
