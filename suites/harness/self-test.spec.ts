// Self-test of the harness, below the model and the comparator: proves that each engine, the
// engine interface and the fixture server work together (register → active → reload → controlled
// → fetch answered by the worker). Every conformance check builds on exactly this path. It is not a
// check (no "check" annotation, no record): the reporter lists its failure as a harness failure.
// Tagged @smoke, so `npm test` (playwright test --grep @smoke) runs it in every engine first.
import { SMOKE, worker } from './build.js';
import { expect, test } from './fixtures.js';

test('harness self-test: a worker registers, activates, controls after reload and answers a fetch', { tag: [SMOKE, '@harness'] }, async ({ session, fixtures, engineBrowser }) => {
  const run = await fixtures.newRun();
  try {
    await run.setResources({
      '{a}/smoke/sw.js': worker('smoke-v1', { fetch: { rules: [{ urlContains: '/smoke/data', action: { kind: 'respond', body: 'from the worker' } }], otherwise: { kind: 'fallback' } } }),
    });
    const client = await session.open('c1', `${run.origins.a}/smoke/page.html`);
    const info = await client.evaluate(() => ({ secure: isSecureContext, href: location.href }), null);
    expect(info).toEqual({ secure: true, href: `${run.origins.a}/smoke/page.html` });

    const registered = await client.evaluate(async () => {
      const reg = await navigator.serviceWorker.register('sw.js');
      const ready = await navigator.serviceWorker.ready;
      return { scope: reg.scope, active: ready.active?.state ?? null };
    }, null);
    expect(registered.scope).toBe(`${run.origins.a}/smoke/`);
    expect(['activating', 'activated']).toContain(registered.active);

    await client.reload();
    const after = await client.evaluate(async () => {
      const controller = navigator.serviceWorker.controller?.scriptURL ?? null;
      const res = await fetch('data.txt');
      return { controller, body: await res.text() };
    }, null);
    expect(after).toEqual({ controller: `${run.origins.a}/smoke/sw.js`, body: 'from the worker' });

    const log = await run.waitQuiet();
    const fetchEvents = log.filter((e) => e.type === 'fetch').map((e) => (e.data as { url: string }).url);
    expect(fetchEvents).toContain(`${run.origins.a}/smoke/data.txt`);
    test.info().annotations.push({ type: 'engine', description: `${engineBrowser.info.engine} ${engineBrowser.info.version} via ${engineBrowser.info.driver}` });
  } finally {
    await run.dispose();
  }
});
