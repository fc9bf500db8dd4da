// The two pieces of JavaScript the server sends to browsers: the agent page and generated worker
// scripts. Their code lives in client/*.js (plain, dependency-free JS, read once); the scenario's data
// reaches it only as a JSON argument, never by splicing text into code.

import { readFileSync } from 'node:fs';
import type { OriginRole, WorkerBehaviour } from './protocol.js';

const AGENT_BODY = readFileSync(new URL('./client/agent.js', import.meta.url), 'utf8');
const WORKER_BODY = readFileSync(new URL('./client/worker.js', import.meta.url), 'utf8');

if (/<\/script|<!--/i.test(AGENT_BODY)) {
  throw new Error('client/agent.js must not contain "</script" or "<!--": it is inlined into an HTML <script>');
}

/**
 * JSON that is also safe inside an inline HTML <script> and in any JS string context: "<", ">" and
 * "&" (so no "</script>" or "<!--"), and U+2028/U+2029 are written as \u escapes.
 */
export function jsonForScript(value: unknown): string {
  const json = JSON.stringify(value);
  if (json === undefined) throw new TypeError('value is not JSON-serialisable');
  return json.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export interface AgentConfig {
  run: string;
  role: OriginRole;
}

/** The agent page: the same bytes for the same run and role. */
export function agentPage(config: AgentConfig): string {
  return (
    '<!doctype html>\n' +
    '<html><head><meta charset="utf-8"><title>sw-conformance agent</title>' +
    '<link rel="icon" href="data:,"></head>\n' +
    '<body>\n<script>\n(function (SWC) {\n' +
    AGENT_BODY +
    '\n})(' +
    jsonForScript({ run: config.run, role: config.role }) +
    ');\n</script>\n</body></html>\n'
  );
}

/**
 * A generated worker script: a pure function of (run, behaviour), so an unbumped script is
 * byte-for-byte identical on every fetch. The behaviour's placeholders are already resolved.
 */
export function workerScript(run: string, behaviour: WorkerBehaviour): string {
  return (
    `// sw-conformance worker ${jsonForScript(behaviour.version)}\n` +
    '(function (SWC) {\n' +
    WORKER_BODY +
    '\n})(' +
    jsonForScript({ run, behaviour }) +
    ');\n'
  );
}
