// What a proposals check's record carries for the report (contract/verdict.ts ProposalRecord):
// the design's title and seed lines, and for a native check the design's native-support story.
import type { ProposalRecord } from '../../contract/index.js';
import type { ProposalCheck } from '../../contract/index.js';
import { historyOf } from './history.js';
import type { ProposalDesign } from './types.js';

/** Today's platform rule the designs wanted to relax (no design of its own). */
const PLAIN_FETCH = {
  title: "Today's platform: a plain cross-origin fetch()",
  seedLines: '23 ("just as it would in today\'s world")',
  model:
    "A fetch() from a page goes to the page's own controller or to the network (Handle Fetch 10.1–10.2): " +
    "another origin's worker never sees it, whatever it registered (designs.ts plainFetch).",
};

/** Each design's model in one sentence (designs.ts, stash.ts). */
const MODEL: Record<ProposalDesign, string> = {
  'navigator-connect':
    "connect(url) finds the registration for url in the caller's partition; its active worker accepts or rejects " +
    "by the caller's verified origin; accepted: a MessagePort to that worker; refused or no worker: the same AbortError.",
  'local-lookaside-fetch':
    "fetch(url) is answered by the active worker registered for url when it accepts the caller's origin; " +
    'otherwise a network error (TypeError), never the network.',
  'universal-lookaside-fetch':
    'As the local look-aside fetch, but when no worker answers: a plain cors fetch() from the caller ' +
    '(its own controller, then the network).',
  'stashed-message-ports':
    "A stashed port belongs to the registration and outlives the worker's JavaScript context; a message to it " +
    'starts the active worker and arrives as a message event on its global scope (stash.ts).',
};

export function proposalRecord(check: ProposalCheck): ProposalRecord {
  if (check.design === 'plain-cross-origin-fetch') return { ...check, ...PLAIN_FETCH };
  const h = historyOf(check.design);
  return {
    ...check,
    title: h.title,
    seedLines: h.seedLines,
    model: MODEL[check.design],
    ...(check.via === 'native'
      ? { native: { summary: h.summary, probes: h.probes.map((p) => p.api), history: h.history.map((e) => ({ ...e })) } }
      : {}),
  };
}
