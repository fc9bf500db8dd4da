// The one comparator: predicted vs observed Outcome → Verdict with a structured diff.
// Only what the prediction states is compared (a field the spec does not fix is left out of the
// prediction); fetch events are a multiset, since the spec fixes which events happen, not always
// the order in which two workers log them.
import { isDeepStrictEqual } from 'node:util';
import type { CrossOriginEventObservation, DiffEntry, FetchEventObservation, Outcome, Verdict } from '../../model/scenario.js';

function compareFields(path: string, predicted: unknown, observed: unknown, diff: DiffEntry[]): void {
  if (predicted && typeof predicted === 'object' && !Array.isArray(predicted) && observed && typeof observed === 'object' && !Array.isArray(observed)) {
    for (const [k, v] of Object.entries(predicted)) {
      compareFields(`${path}.${k}`, v, (observed as Record<string, unknown>)[k], diff);
    }
    return;
  }
  if (!isDeepStrictEqual(predicted, observed)) diff.push({ path, predicted, observed: observed === undefined ? null : observed });
}

function eventKey(e: FetchEventObservation): string {
  return JSON.stringify([e.worker, e.url, e.mode, e.redirect, e.destination]);
}

function crossOriginKey(e: CrossOriginEventObservation): string {
  return JSON.stringify([e.worker, e.event, e.origin, e.url, e.result]);
}

function compareMultiset<T>(path: string, predicted: T[], observed: T[], diff: DiffEntry[], key: (e: T) => string): void {
  const remaining = new Map<string, number>();
  for (const e of observed) remaining.set(key(e), (remaining.get(key(e)) ?? 0) + 1);
  const missing: T[] = [];
  for (const e of predicted) {
    const n = remaining.get(key(e)) ?? 0;
    if (n > 0) remaining.set(key(e), n - 1);
    else missing.push(e);
  }
  const unexpected = observed.filter((e) => {
    const n = remaining.get(key(e)) ?? 0;
    if (n > 0) { remaining.set(key(e), n - 1); return true; }
    return false;
  });
  if (missing.length || unexpected.length) diff.push({ path, predicted: missing, observed: unexpected });
}

/** The first step at which the browser lacked the API the scenario needs, if the model expected it. */
function unsupportedStep(predicted: Outcome, observed: Outcome): string | undefined {
  for (let i = 0; i < observed.steps.length; i++) {
    const o = observed.steps[i];
    const p = predicted.steps[i];
    if (o && 'unsupported' in o && !(p && 'unsupported' in p)) return `steps[${i}]: ${o.unsupported}`;
  }
  return undefined;
}

export function compareOutcomes(predicted: Outcome, observed: Outcome): Verdict {
  const missingApi = unsupportedStep(predicted, observed);
  if (missingApi) return { verdict: 'unsupported', detail: missingApi };
  const diff: DiffEntry[] = [];
  if (observed.steps.length !== predicted.steps.length) {
    diff.push({ path: 'steps.length', predicted: predicted.steps.length, observed: observed.steps.length });
  }
  predicted.steps.forEach((p, i) => compareFields(`steps[${i}]`, p, observed.steps[i], diff));
  if (predicted.fetchEvents) compareMultiset('fetchEvents', predicted.fetchEvents, observed.fetchEvents ?? [], diff, eventKey);
  if (predicted.crossOriginEvents) compareMultiset('crossOriginEvents', predicted.crossOriginEvents, observed.crossOriginEvents ?? [], diff, crossOriginKey);
  if (predicted.workers) {
    for (const [version, w] of Object.entries(predicted.workers)) {
      const o = observed.workers?.[version] ?? { events: [] };
      // One script registered for several scopes runs as several workers under one version
      // marker: their events interleave in no fixed order, so compare them as a multiset.
      compareFields(`workers.${version}`, { ...w, events: [...w.events].sort() }, { ...o, events: [...o.events].sort() }, diff);
    }
  }
  return diff.length ? { verdict: 'deviation', diff } : { verdict: 'pass' };
}
