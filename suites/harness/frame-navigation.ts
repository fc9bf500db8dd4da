// A frame step: the agent navigates an iframe and answers when the frame's load event fires
// (fixtures-server/client/agent.js frameStep). A navigation that ends in a network error shows the
// engine's error page or nothing at all, and the three engines differ in what a parent can see
// (measured on redirects/iframe-worker-*, issue 25):
//   Chromium  load fires; the frame shows chrome-error://chromewebdata/, cross-origin to the parent
//             (the agent can only say "a cross-origin document that does not answer").
//   Firefox   no load event; the frame turns cross-origin (its about:neterror page) within ~0.1 s.
//   WebKitGTK no load event; the frame keeps its previous document (about:blank) for ever; no
//             Navigation API and no resource-timing entry to tell that the navigation ended.
// So while the agent waits, the harness watches two things the engine and the server show:
//  1. the frame's URL through the driver, where it can (Playwright: Chromium, Firefox): an engine
//     error page there is the observation {fetchError: "NetworkError"}, as for a window;
//  2. the fixture server's log and the agent: once the navigation reached a worker or the server
//     (a fetch event or a request for an iframe), while the frame still shows the very document it
//     showed before, no document reported itself (its agent's "page-load") and the log stayed
//     quiet for `stallMs`, the navigation ended without a document: a network error.
// Either way the step no longer waits for the agent's 15 s timeout, which stays the bound.
import type { StepResult } from '../../contract/index.js';
import type { EngineClient } from './engines/types.js';
import type { FixtureRun, LogEntry } from './fixture-server.js';
import { HarnessError } from './harness-error.js';

/** Engine error pages (the URL a frame or window shows after a network error). */
export const ENGINE_ERROR_PAGE = /^(chrome-error:|about:neterror|about:certerror|about:blocked)/;

export interface FrameWatch {
  /** Quiet time after the navigation's last request with no document, in ms (rule 2). */
  stallMs: number;
  /** How often the driver and the log are looked at, in ms. */
  pollMs: number;
}

/**
 * Rule 2's figures: a fixture document reports "page-load" tens of ms after its response; 2 s
 * leaves room on a loaded machine. The runner adds the scenario's longest declared response delay.
 */
export const FRAME_WATCH: FrameWatch = { stallMs: 2_000, pollMs: 50 };

/** Rule 2 over the log entries since the step started: did the navigation end without a document, as of `now`? */
export function endedWithoutDocument(log: LogEntry[], now: number, stallMs: number): boolean {
  const reached = log.some((e) => {
    const d = e.data as Record<string, unknown>;
    return (e.type === 'fetch' && d.destination === 'iframe' && d.mode === 'navigate') || (e.type === 'network' && d.dest === 'iframe');
  });
  if (!reached || log.some((e) => e.type === 'page-load')) return false;
  return now - log[log.length - 1]!.t >= stallMs;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** What the agent says of a frame step (agent.js frameState). */
export type FrameState = { done: false; unchanged: boolean } | { done: true; result: StepResult } | { done: true; error: string };

/** The agent's side of a frame step: start the navigation (returns at once), then ask how it went. */
export interface FrameAgent {
  start(): Promise<void>;
  state(): Promise<FrameState>;
}

/**
 * A frame step: start the navigation in the agent, then poll the agent, the driver and the log;
 * the first of the agent's answer (the load event came), an engine error page (rule 1) or a
 * stalled navigation (rule 2) decides the result. Each poll is a short script: a long-running one
 * would block a classic WebDriver session, which runs one script at a time.
 */
export async function watchFrameNavigation(client: EngineClient, run: FixtureRun, frame: string, agent: FrameAgent, watch: FrameWatch = FRAME_WATCH): Promise<StepResult> {
  const before = await run.readAfter(0);
  const seq = before.length ? before[before.length - 1]!.seq : 0;
  // A frame that shows an error page already (an earlier failed step) must first leave it.
  let leftError = !ENGINE_ERROR_PAGE.test((await client.frameUrl?.(frame)) ?? '');
  await agent.start();
  for (;;) {
    const state = await agent.state();
    const url = await client.frameUrl?.(frame).catch(() => undefined);
    if (url !== undefined) {
      if (!ENGINE_ERROR_PAGE.test(url)) leftError = true;
      // Rule 1 (also when the agent gave up on Chromium's cross-origin error page: FrameUnreachable).
      else if (leftError) return { fetchError: 'NetworkError' };
    }
    if (state.done) {
      if ('result' in state) return state.result;
      throw new HarnessError(`agent threw ${state.error}`);
    }
    // Rule 2, only while the frame still shows the document it showed before (no new document, not even one without an agent).
    if (state.unchanged && endedWithoutDocument(await run.readAfter(seq), Date.now(), watch.stallMs)) return { fetchError: 'NetworkError' };
    await sleep(watch.pollMs);
  }
}
