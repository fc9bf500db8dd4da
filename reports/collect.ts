// From Playwright test results to plain data: the CheckRecords attached to each test (read from
// the attachment's body or path, so it works the same after `merge-reports` of blob reports),
// the engine information the harness attaches, and what to do with tests that failed without a
// record. No Playwright state survives past onTestEnd: everything the report needs is copied here.
import { readFileSync } from 'node:fs';
import type { TestCase, TestResult } from '@playwright/test/reporter';
import { CHECK_ANNOTATION, CHECK_ATTACHMENT, type CheckRecord } from '../contract/index.js';
import type { Area, Engine, Outcome, Scenario, Verdict } from '../contract/index.js';
import { isArea, isEngine } from '../contract/index.js';

/**
 * Optional attachment with the browser under test, JSON {engine?, version, driver, executable?}
 * (the harness's EngineInfo). The first one seen per project names the engine's version.
 */
export const ENGINE_ATTACHMENT = 'sw-conformance-engine';

/** A CheckRecord whose scenario and prediction may be missing (a harness failure before any record). */
export type PartialRecord = Omit<CheckRecord, 'scenario' | 'predicted'> & { scenario?: Scenario; predicted?: Outcome };

export type TestStatus = TestResult['status'] | 'notRun';

/** One Playwright test (one project), as the report needs it. */
export interface CollectedTest {
  /** Playwright's test id (stable across shards and merge). */
  testId: string;
  /** --repeat-each: which repetition this test is (0-based); absent or 0 for a single run. */
  repeatEachIndex?: number;
  project: string;
  title: string;
  /** The check id from the test's "check" annotation (checkIdOf); undefined for tests that are not checks. */
  checkId?: string;
  /** "file › describe › title", for messages. */
  location: string;
  status: TestStatus;
  expectedStatus: TestResult['status'];
  /** Playwright's judgement of the final attempt(s): expected / unexpected / flaky / skipped. */
  outcome: ReturnType<TestCase['outcome']>;
  /** Records of the final attempt. */
  records: PartialRecord[];
  /** Problems with attachments that claimed to be records. */
  badRecords: string[];
  /** Verdicts of every attempt, per check id (retries). */
  attemptVerdicts: Record<string, string[]>;
  /** The final attempt's failure message (first lines). */
  error?: string;
  /** test.skip() / test.fixme() or a baseline fixme: skipped on purpose. */
  skippedOnPurpose: boolean;
}

export interface EngineAttachment {
  engine?: Engine;
  version: string | null;
  driver: string | null;
  executable?: string;
}

/** The check id a test carries as its "check" annotation (suites/harness/define.ts sets it when the test is defined). */
export function checkIdOf(test: Pick<TestCase, 'annotations'>): string | undefined {
  return test.annotations.find((a) => a.type === CHECK_ANNOTATION)?.description;
}

function attachmentText(a: TestResult['attachments'][number]): string {
  if (a.body) return a.body.toString('utf8');
  if (a.path) return readFileSync(a.path, 'utf8');
  throw new Error('the attachment has neither body nor path');
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

const VERDICTS = new Set(['pass', 'deviation', 'unsupported', 'error']);

/** Structural check of an untrusted record; returns the problem or undefined. */
export function recordProblem(x: unknown): string | undefined {
  if (!isObject(x)) return 'not an object';
  if (typeof x.id !== 'string' || !x.id) return 'no "id"';
  if (!isArea(x.area)) return `unknown area ${JSON.stringify(x.area)}`;
  if (!isEngine(x.engine)) return `unknown engine ${JSON.stringify(x.engine)}`;
  if (!isObject(x.verdict) || !VERDICTS.has(x.verdict.verdict as string)) return 'no valid "verdict"';
  if (x.diff !== undefined && !Array.isArray(x.diff)) return '"diff" is not an array';
  if (x.spec !== undefined && !Array.isArray(x.spec)) return '"spec" is not an array';
  return undefined;
}

export function parseRecords(result: TestResult): { records: PartialRecord[]; problems: string[] } {
  const records: PartialRecord[] = [];
  const problems: string[] = [];
  for (const a of result.attachments) {
    if (a.name !== CHECK_ATTACHMENT) continue;
    let data: unknown;
    try {
      data = JSON.parse(attachmentText(a));
    } catch (e) {
      problems.push(`unreadable check record: ${(e as Error).message}`);
      continue;
    }
    const problem = recordProblem(data);
    if (problem) problems.push(`malformed check record: ${problem}`);
    else records.push(normalizeRecord(data as PartialRecord));
  }
  return { records, problems };
}

/** Fill optional-in-practice fields so the rest of the code can rely on them. */
function normalizeRecord(r: PartialRecord): PartialRecord {
  return {
    ...r,
    title: typeof r.title === 'string' ? r.title : r.id,
    spec: Array.isArray(r.spec) ? r.spec.filter((s): s is string => typeof s === 'string') : [],
    durationMs: typeof r.durationMs === 'number' ? r.durationMs : 0,
  };
}

export function parseEngineAttachment(result: TestResult): EngineAttachment | undefined {
  for (const a of result.attachments) {
    if (a.name !== ENGINE_ATTACHMENT) continue;
    try {
      const d = JSON.parse(attachmentText(a)) as unknown;
      if (!isObject(d)) continue;
      return {
        ...(isEngine(d.engine) ? { engine: d.engine } : {}),
        version: typeof d.version === 'string' ? d.version : null,
        driver: typeof d.driver === 'string' ? d.driver : null,
        ...(typeof d.executable === 'string' ? { executable: d.executable } : {}),
      };
    } catch {
      continue;
    }
  }
  return undefined;
}

export function failureMessage(result: TestResult): string | undefined {
  const errors = result.errors.length ? result.errors : result.error ? [result.error] : [];
  const text = errors
    .map((e) => e.message ?? e.value ?? '')
    .filter(Boolean)
    .join('\n');
  if (!text) return result.status === 'timedOut' ? 'test timed out' : undefined;
  // Strip ANSI colours; keep it short.
  // eslint-disable-next-line no-control-regex
  const plain = text.replace(/\u001b\[[0-9;]*m/g, '');
  const lines = plain.split('\n').slice(0, 6).join('\n');
  return lines.length > 1000 ? lines.slice(0, 997) + '...' : lines;
}

export function projectOf(test: TestCase): string {
  let suite: TestCase['parent'] | undefined = test.parent;
  while (suite) {
    const p = suite.project();
    if (p) return p.name;
    suite = suite.parent;
  }
  return '';
}

function checkIdField(test: TestCase): { checkId?: string } {
  const checkId = checkIdOf(test);
  return checkId !== undefined ? { checkId } : {};
}

export function collectTest(test: TestCase, previous: CollectedTest | undefined, result: TestResult): CollectedTest {
  const { records, problems } = parseRecords(result);
  const attemptVerdicts: Record<string, string[]> = { ...(previous?.attemptVerdicts ?? {}) };
  for (const r of records) attemptVerdicts[r.id] = [...(attemptVerdicts[r.id] ?? []), r.verdict.verdict];
  const error = failureMessage(result);
  return {
    testId: test.id,
    ...(test.repeatEachIndex ? { repeatEachIndex: test.repeatEachIndex } : {}),
    project: projectOf(test),
    title: test.title,
    ...checkIdField(test),
    location: test.titlePath().filter(Boolean).join(' › '),
    status: result.status,
    expectedStatus: test.expectedStatus,
    outcome: test.outcome(),
    records,
    badRecords: problems,
    attemptVerdicts,
    ...(error !== undefined ? { error } : {}),
    skippedOnPurpose: test.annotations.some((a) => a.type === 'skip' || a.type === 'fixme'),
  };
}

/** A test that never reported a result (the run stopped before it). */
export function collectNotRun(test: TestCase): CollectedTest {
  return {
    testId: test.id,
    ...(test.repeatEachIndex ? { repeatEachIndex: test.repeatEachIndex } : {}),
    project: projectOf(test),
    title: test.title,
    ...checkIdField(test),
    location: test.titlePath().filter(Boolean).join(' › '),
    status: 'notRun',
    expectedStatus: test.expectedStatus,
    outcome: 'skipped',
    records: [],
    badRecords: [],
    attemptVerdicts: {},
    skippedOnPurpose: test.annotations.some((a) => a.type === 'skip' || a.type === 'fixme'),
  };
}

/** The record standing in for a check whose test failed (or did not run) without producing one. */
export function errorRecord(id: string, engine: Engine, title: string, detail: string): PartialRecord {
  const area = id.slice(0, id.indexOf('/')) as Area;
  const verdict: Verdict = { verdict: 'error', detail };
  return { id, area, title, spec: [], engine, verdict, durationMs: 0 };
}
