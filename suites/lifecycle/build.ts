// Building blocks of lifecycle scenarios (one worker script at {a}/lc/sw.js in versions v1, v2, …),
// shared by the lifecycle table and the explainer table's lifecycle claims.
import type { FetchAction, Resource, Step, WorkerBehaviour } from '../../contract/index.js';

const SUB: { rules: { mode: 'navigate'; action: FetchAction }[]; otherwise: FetchAction } = {
  rules: [{ mode: 'navigate', action: { kind: 'fallback' } }],
  otherwise: { kind: 'respond' },
};
export const PAGE = '{a}/lc/page.html';
export const SCRIPT = '{a}/lc/sw.js';

/** Worker version `version`: answers subresources itself, lets navigations through. */
export function v(version: string, extra: Omit<WorkerBehaviour, 'version'> = {}): WorkerBehaviour {
  return { version, fetch: SUB, ...extra };
}

/** One worker script with versions v1, v2, … (served in turn after bumpScript). */
export function versions(first: WorkerBehaviour, ...next: WorkerBehaviour[]): Record<string, Resource> {
  return { [SCRIPT]: { kind: 'worker', behaviour: first, ...(next.length ? { next } : {}) } };
}

/** v1 registered and activated, then c1 opened in scope (controlled by v1). */
export const controlledByV1: Step[] = [
  { do: 'open', client: 'setup', url: '{a}/lc/setup.html' },
  { do: 'register', client: 'setup', script: 'sw.js', settle: true },
  { do: 'close', client: 'setup' },
  { do: 'open', client: 'c1', url: PAGE },
];
export const updateToV2: Step[] = [{ do: 'bumpScript', url: SCRIPT }, { do: 'update', client: 'c1', scope: '/lc/' }, { do: 'settle' }];
export const probe = (client = 'c1'): Step[] => [{ do: 'controller', client }, { do: 'fetch', client, url: 'data.txt' }];
