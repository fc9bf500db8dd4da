// Native-support data for the proposals report (model/proposals/history.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PROPOSAL_DESIGNS, PROPOSAL_HISTORY, historyOf } from '../index.js';

describe('proposals: native-support history', () => {
  it('has one entry per design, in the designs\' order', () => {
    assert.deepEqual(
      PROPOSAL_HISTORY.map((h) => h.design),
      [...PROPOSAL_DESIGNS],
    );
  });

  it('every probe is one side-effect-free expression that parses', () => {
    for (const h of PROPOSAL_HISTORY)
      for (const p of [...h.probes, ...h.related]) {
        assert.doesNotThrow(() => new Function(`return (${p.expression});`), `${h.design}: ${p.api}`);
        // No statements, no assignments: only comparisons.
        assert.ok(!/;|[^=!]=[^=]/.test(p.expression.replace(/===|!==/g, '')), `${p.api}: not a pure expression`);
      }
  });

  it('probes the names the issue lists', () => {
    const apis = (d: (typeof PROPOSAL_DESIGNS)[number]) => historyOf(d).probes.map((p) => p.api);
    assert.ok(apis('navigator-connect').includes('navigator.connect'));
    assert.ok(apis('navigator-connect').includes('navigator.services'));
    assert.ok(apis('navigator-connect').includes('ServicePort'));
    assert.ok(apis('universal-lookaside-fetch').includes('InstallEvent.prototype.registerForeignFetch'));
    assert.ok(apis('universal-lookaside-fetch').includes('ForeignFetchEvent'));
    assert.ok(apis('universal-lookaside-fetch').includes('self.onforeignfetch'));
    assert.ok(apis('stashed-message-ports').includes('self.ports'));
    assert.ok(apis('stashed-message-ports').includes('self.stashPort'));
    assert.ok(apis('stashed-message-ports').includes('StashedMessagePort'));
    // There never was a local look-aside API; foreign fetch is shown as related only.
    assert.deepEqual(apis('local-lookaside-fetch'), []);
    assert.ok(historyOf('local-lookaside-fetch').related.length > 0);
  });

  it('records the dated milestones with sources', () => {
    const all = PROPOSAL_HISTORY.flatMap((h) => h.history);
    for (const e of all) {
      assert.match(e.date, /^\d{4}(-\d{2}){0,2}$/);
      assert.match(e.source, /^https:\/\//);
    }
    const ff = historyOf('universal-lookaside-fetch').history;
    assert.ok(ff.some((e) => e.date === '2017-11-16' && e.source.endsWith('/pull/1207')));
    assert.ok(ff.some((e) => /Chrome 54/.test(e.what) && /March 2017/.test(e.what)));
    const nc = historyOf('navigator-connect').history;
    assert.ok(nc.some((e) => e.date === '2015-10-01' && /5ab7e8a/.test(e.what)));
    assert.match(historyOf('navigator-connect').summary, /Never shipped/);
  });
});
