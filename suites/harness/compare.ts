// The one comparator: predicted vs observed Outcome → Verdict with a structured diff.
//
// What is compared (the rules, in one place):
//  1. Open fields. A step field the specification leaves open is absent from the prediction and
//     is not compared (e.g. a fetch's `type` or `body` where the model does not fix them). Every
//     field the prediction states is compared.
//  2. Errors are never open. A predicted success is a prediction of no error: an error-like field
//     the engine reports (ERROR_FIELDS) that the prediction lacks is a difference. When the step's
//     shape differs (failure where success was predicted, or the reverse), the diff shows the
//     whole observed step against the whole predicted one, not field-by-field non-answers.
//  3. Absent is not null. A field one side lacks is marked absent in the diff entry
//     (predictedAbsent / observedAbsent), never shown as null.
//  4. Everything observed is compared. Fetch events and cross-origin events are multisets (the
//     spec fixes which events happen, not always the order two workers log them); every worker
//     version either side names is compared, so a worker the model does not predict is a difference.
//  5. Where the spec allows several outcomes (an in-parallel step whose timing it does not fix),
//     the model lists them (Outcome.alternatives); the observation passes when it matches any.
import { isDeepStrictEqual } from 'node:util';
import type { CrossOriginEventObservation, DiffEntry, FetchEventObservation, Outcome, StepResult, Verdict } from '../../contract/index.js';

/** Fields that mean the engine reported a failure (a rejection, a network error, a missing API). */
const ERROR_FIELDS = ['error', 'fetchError', 'unsupported'] as const;

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function entry(path: string, predicted: unknown, observed: unknown): DiffEntry {
  return {
    path,
    ...(predicted === undefined ? { predictedAbsent: true } : { predicted }),
    ...(observed === undefined ? { observedAbsent: true } : { observed }),
  } as DiffEntry;
}

/** A step's result is a failure when it carries an error-like field or `ok: false`. */
function isFailure(r: unknown): boolean {
  return isObject(r) && (ERROR_FIELDS.some((k) => k in r) || r.ok === false);
}

function compareFields(path: string, predicted: unknown, observed: unknown, diff: DiffEntry[]): void {
  if (isObject(predicted) && isObject(observed)) {
    for (const [k, v] of Object.entries(predicted)) compareFields(`${path}.${k}`, v, observed[k], diff);
    return;
  }
  if (!isDeepStrictEqual(predicted, observed)) diff.push(entry(path, predicted, observed));
}

function compareStep(path: string, predicted: StepResult | undefined, observed: StepResult | undefined, diff: DiffEntry[]): void {
  if (predicted === undefined || observed === undefined || isFailure(predicted) !== isFailure(observed)) {
    // Rule 2: a success/failure shape change (or a missing step) is shown whole.
    if (!isDeepStrictEqual(predicted, observed)) diff.push(entry(path, predicted, observed));
    return;
  }
  compareFields(path, predicted, observed, diff);
  // Rule 2: an error-like field only the engine reports is a difference, never an open field.
  for (const k of ERROR_FIELDS) {
    if (k in observed && !(k in predicted)) diff.push(entry(`${path}.${k}`, undefined, (observed as Record<string, unknown>)[k]));
  }
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
    if (n > 0) {
      remaining.set(key(e), n - 1);
      return true;
    }
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

/** The differences between one predicted outcome and the observation (rules 1–4). */
export function diffOutcomes(predicted: Outcome, observed: Outcome): DiffEntry[] {
  const diff: DiffEntry[] = [];
  if (observed.steps.length !== predicted.steps.length) diff.push(entry('steps.length', predicted.steps.length, observed.steps.length));
  const n = Math.max(predicted.steps.length, observed.steps.length);
  for (let i = 0; i < n; i++) compareStep(`steps[${i}]`, predicted.steps[i], observed.steps[i], diff);
  if (predicted.fetchEvents) compareMultiset('fetchEvents', predicted.fetchEvents, observed.fetchEvents ?? [], diff, eventKey);
  if (predicted.crossOriginEvents) compareMultiset('crossOriginEvents', predicted.crossOriginEvents, observed.crossOriginEvents ?? [], diff, crossOriginKey);
  if (predicted.cacheEvents) compareMultiset('cacheEvents', predicted.cacheEvents, observed.cacheEvents ?? [], diff, (e) => JSON.stringify([e.worker, e.op, e.target, e.result]));
  if (predicted.workers) {
    const versions = [...new Set([...Object.keys(predicted.workers), ...Object.keys(observed.workers ?? {})])].sort();
    for (const version of versions) {
      // One script registered for several scopes runs as several workers under one version
      // marker: their events interleave in no fixed order, so compare them as a multiset.
      const p = [...(predicted.workers[version]?.events ?? [])].sort();
      const o = [...(observed.workers?.[version]?.events ?? [])].sort();
      if (!isDeepStrictEqual(p, o)) diff.push(entry(`workers.${version}.events`, predicted.workers[version] ? p : undefined, observed.workers?.[version] ? o : undefined));
    }
  }
  return diff;
}

export function compareOutcomes(predicted: Outcome, observed: Outcome): Verdict {
  const missingApi = unsupportedStep(predicted, observed);
  if (missingApi) return { verdict: 'unsupported', detail: missingApi };
  const diff = diffOutcomes(predicted, observed);
  if (!diff.length) return { verdict: 'pass' };
  // Rule 5: another outcome the spec allows.
  const i = (predicted.alternatives ?? []).findIndex((alt) => diffOutcomes(alt.outcome, observed).length === 0);
  if (i >= 0) return { verdict: 'pass', detail: `matches an outcome the spec also allows: ${predicted.alternatives![i]!.because}` };
  return { verdict: 'deviation', diff };
}
