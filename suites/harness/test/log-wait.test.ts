// Regression test: the harness asked for quietMs=150 with a remaining timeoutMs of 108 (the
// server answers 400, "quietMs must not exceed timeoutMs"), which became a harness error.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createFixtureServer } from '../../../fixtures-server/server.js';
import { logWaitQuery } from '../fixture-server.js';

describe('log wait queries never become invalid requests as a deadline runs out', () => {
  let server: Awaited<ReturnType<typeof createFixtureServer>>;
  before(async () => {
    server = await createFixtureServer({ port: 0 });
  });
  after(() => server.close());

  for (const remainingMs of [10_000, 151, 150, 108, 1, 0, -5, 0.4]) {
    test(`remaining ${remainingMs} ms, quiet 150 ms: the server accepts the wait`, async () => {
      const q = logWaitQuery({ after: 0, quietMs: 150, remainingMs });
      const params = new URLSearchParams(q);
      assert.ok(Number(params.get('quietMs')) <= Number(params.get('timeoutMs')), q);
      const res = await fetch(`http://127.0.0.1:${server.port}/__sw-conformance/runs/waitq/log?${q}`);
      assert.equal(res.status, 200, `${q}: ${await res.text()}`);
    });
  }
});
