// The native probes the fixture server's agent and generated worker run (probeNative, native
// look-aside) are those of model/proposals/history.ts: same names, same expressions, same designs.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import vm from 'node:vm';
import { PROPOSAL_HISTORY } from '../index.js';

const CLIENT = new URL('../../../fixtures-server/client/', import.meta.url);
const AGENT = readFileSync(new URL('agent.js', CLIENT), 'utf8');
const WORKER = readFileSync(new URL('worker.js', CLIENT), 'utf8');

/** The object literal assigned to `var name = {…};` in a client script, evaluated on its own. */
function table(source: string, name: string): Record<string, unknown> {
  const m = new RegExp(`var ${name} = (\\{[\\s\\S]*?\\n\\});`).exec(source);
  assert.ok(m, `${name} in the client script`);
  // Through JSON: the values come from another realm (the functions become keys only).
  const value = vm.runInNewContext(`(${m[1]})`) as Record<string, unknown>;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, typeof v === 'function' ? 'function' : JSON.parse(JSON.stringify(v))]));
}

/** `'<api>': function () { return <expression>; }` — the probe's expression, verbatim. */
function probeSource(source: string, api: string, expression: string): boolean {
  return source.includes(`'${api}': function () { return ${expression}; }`);
}

describe('native probes: client scripts = model/proposals/history.ts', () => {
  const probes = PROPOSAL_HISTORY.flatMap((d) => d.probes);

  it('window probes are in the agent, service-worker probes in the generated worker, verbatim', () => {
    for (const p of probes) {
      const source = p.context === 'window' ? AGENT : WORKER;
      assert.ok(probeSource(source, p.api, p.expression), `${p.context} probe ${p.api}: ${p.expression}`);
    }
    const windowNames = Object.keys(table(AGENT, 'NATIVE_WINDOW_PROBES')).sort();
    const workerNames = Object.keys(table(WORKER, 'NATIVE_PROBES')).sort();
    assert.deepEqual(windowNames, [...new Set(probes.filter((p) => p.context === 'window').map((p) => p.api))].sort());
    assert.deepEqual(workerNames, [...new Set(probes.filter((p) => p.context === 'serviceworker').map((p) => p.api))].sort());
  });

  it('each design probes exactly its names', () => {
    const designs = table(AGENT, 'NATIVE_DESIGNS');
    assert.deepEqual(
      designs,
      Object.fromEntries(PROPOSAL_HISTORY.map((d) => [d.design, d.probes.map((p) => p.api)])),
    );
  });
});
