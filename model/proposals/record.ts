// What a proposals check's record carries for the report (model/check-record.ts ProposalRecord):
// the design's title and seed lines, and for a native check the design's native-support story.
import type { ProposalRecord } from '../check-record.js';
import type { ProposalCheck } from '../scenario.js';
import { historyOf } from './history.js';

/** Today's platform rule the designs wanted to relax (no design of its own). */
const PLAIN_FETCH = {
  title: "Today's platform: a plain cross-origin fetch()",
  seedLines: '23 ("just as it would in today\'s world")',
};

export function proposalRecord(check: ProposalCheck): ProposalRecord {
  if (check.design === 'plain-cross-origin-fetch') return { ...check, ...PLAIN_FETCH };
  const h = historyOf(check.design);
  return {
    ...check,
    title: h.title,
    seedLines: h.seedLines,
    ...(check.via === 'native'
      ? { native: { summary: h.summary, probes: h.probes.map((p) => p.api), history: h.history.map((e) => ({ ...e })) } }
      : {}),
  };
}
