import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { request, startServer, type TestServer } from './helpers.js';

let s: TestServer;
before(async () => {
  s = await startServer({ limits: { maxDelayMs: 2000, maxResourcesPerRun: 20, maxControlBodyBytes: 64 * 1024 } });
});
after(() => s.close());

async function put(run: string, resources: unknown): Promise<void> {
  const r = await s.put(run, resources);
  assert.equal(r.status, 200, r.text);
}

describe('defaults', () => {
  test('*.html is the agent page', async () => {
    const r = await s.get('/deep/dir/page.html?x=1', 'd1.localhost');
    assert.equal(r.status, 200);
    assert.equal(r.headers['content-type'], 'text/html; charset=utf-8');
    assert.equal(r.headers['cache-control'], 'no-store');
    assert.match(r.text, /^<!doctype html>/);
    assert.match(r.text, /window\.__swc = /);
    assert.match(r.text, /\}\)\(\{"run":"d1","role":"a"\}\);/);
    const b = await s.get('/page.html', 'd1-b.localhost');
    assert.match(b.text, /\{"run":"d1","role":"b"\}/);
  });

  test('any other path is "network:<path+query>" as text/plain, and logged', async () => {
    const r = await s.get('/a/b.js?q=1&r=%20', 'd2.localhost', { 'sec-fetch-dest': 'script', 'sec-fetch-mode': 'no-cors' });
    assert.equal(r.status, 200);
    assert.equal(r.text, 'network:/a/b.js?q=1&r=%20');
    assert.equal(r.headers['content-type'], 'text/plain; charset=utf-8');
    assert.equal(r.headers['cache-control'], 'no-store');
    assert.equal(r.headers['etag'], undefined);
    assert.equal(r.headers['x-powered-by'], undefined);
    const log = await s.readLog('d2');
    assert.equal(log.entries.length, 1);
    const [e] = log.entries;
    assert.equal(e.seq, 1);
    assert.equal(e.source, 'server');
    assert.equal(e.type, 'network');
    assert.equal(e.role, 'a');
    assert.equal(typeof e.t, 'number');
    assert.deepEqual(e.data, {
      url: `http://d2.localhost:${s.port}/a/b.js?q=1&r=%20`,
      method: 'GET',
      served: 'default',
      status: 200,
      dest: 'script',
      mode: 'no-cors',
      serviceWorker: null,
    });
  });

  test('HEAD answers headers only', async () => {
    const r = await request(s.port, { method: 'HEAD', host: `d3.localhost:${s.port}`, path: '/x' });
    assert.equal(r.status, 200);
    assert.equal(r.text, '');
    assert.equal(r.headers['content-length'], String('network:/x'.length));
  });

  test('other methods get the same default (e.g. a CORS preflight reaches the network)', async () => {
    const r = await request(s.port, { method: 'OPTIONS', host: `d3.localhost:${s.port}`, path: '/y' });
    assert.equal(r.status, 200);
    assert.equal(r.text, 'network:/y');
  });
});

describe('resources', () => {
  test('text: body, status, content type, extra headers, Cache-Control', async () => {
    await put('t1', {
      '{a}/plain': { kind: 'text', body: 'hello' },
      '{a}/status': { kind: 'text', body: 'gone', http: { status: 410 } },
      '{a}/typed': { kind: 'text', body: '{}', http: { contentType: 'application/json' } },
      '{a}/untyped': { kind: 'text', body: 'x', http: { contentType: null } },
      '{a}/empty-type': { kind: 'text', body: 'x', http: { contentType: '' } },
      '{a}/headers': {
        kind: 'text',
        body: 'h',
        http: { headers: { 'Service-Worker-Allowed': '/', 'Cache-Control': 'max-age=60', 'X-Custom': 'v' } },
      },
      '{a}/nocontent': { kind: 'text', body: 'ignored', http: { status: 204 } },
    });
    let r = await s.get('/plain', 't1.localhost');
    assert.deepEqual([r.status, r.text, r.headers['content-type'], r.headers['cache-control']], [200, 'hello', 'text/plain; charset=utf-8', 'no-store']);
    r = await s.get('/plain?query=is-ignored', 't1.localhost');
    assert.equal(r.text, 'hello');
    r = await s.get('/status', 't1.localhost');
    assert.deepEqual([r.status, r.text], [410, 'gone']);
    r = await s.get('/typed', 't1.localhost');
    assert.equal(r.headers['content-type'], 'application/json');
    r = await s.get('/untyped', 't1.localhost');
    assert.equal(r.headers['content-type'], undefined);
    assert.equal(r.text, 'x');
    r = await s.get('/empty-type', 't1.localhost');
    assert.equal(r.headers['content-type'], '');
    r = await s.get('/headers', 't1.localhost');
    assert.equal(r.headers['service-worker-allowed'], '/');
    assert.equal(r.headers['cache-control'], 'max-age=60', 'a resource Cache-Control replaces no-store');
    assert.equal(r.headers['x-custom'], 'v');
    r = await s.get('/nocontent', 't1.localhost');
    assert.deepEqual([r.status, r.text, r.headers['content-length']], [204, '', undefined]);
  });

  test('resources are per role: {b}/x is not served on origin a', async () => {
    await put('t2', { '{b}/x': { kind: 'text', body: 'on b' }, '{insecure}/x': { kind: 'text', body: 'on insecure' } });
    assert.equal((await s.get('/x', 't2.localhost')).text, 'network:/x');
    assert.equal((await s.get('/x', 't2-b.localhost')).text, 'on b');
    assert.equal((await s.get('/x', 't2.insecure.test')).text, 'on insecure');
  });

  test('script: text/javascript by default', async () => {
    await put('t3', { '{a}/lib.js': { kind: 'script', body: 'self.x = 1;' } });
    const r = await s.get('/lib.js', 't3.localhost');
    assert.equal(r.headers['content-type'], 'text/javascript; charset=utf-8');
    assert.equal(r.text, 'self.x = 1;');
  });

  test('page: the agent page with the resource http options; a resource overrides *.html', async () => {
    await put('t4', {
      '{a}/p/page.html': { kind: 'page', http: { status: 404, headers: { 'X-Frame-Options': 'DENY' } } },
      '{a}/other.html': { kind: 'text', body: 'not an agent' },
      '{a}/page': { kind: 'page' },
    });
    let r = await s.get('/p/page.html', 't4.localhost');
    assert.equal(r.status, 404);
    assert.equal(r.headers['x-frame-options'], 'DENY');
    assert.match(r.text, /window\.__swc/);
    r = await s.get('/other.html', 't4.localhost');
    assert.equal(r.text, 'not an agent');
    r = await s.get('/page', 't4.localhost');
    assert.equal(r.headers['content-type'], 'text/html; charset=utf-8');
    const log = await s.readLog('t4');
    assert.deepEqual(
      log.entries.map((e: { data: { served: string } }) => e.data.served),
      ['page', 'text', 'page'],
    );
  });

  test('redirect: every status, relative / absolute / cross-origin / fragment locations, and a chain', async () => {
    await put('t5', {
      '{a}/r301': { kind: 'redirect', status: 301, location: 'target' },
      '{a}/r302': { kind: 'redirect', status: 302, location: '/abs/path?q=1' },
      '{a}/r303': { kind: 'redirect', status: 303, location: '{b}/cross' },
      '{a}/r307': { kind: 'redirect', status: 307, location: 'http://elsewhere.localhost:1/x#frag' },
      '{a}/r308': { kind: 'redirect', status: 308, location: '{a}/with#fragment' },
      '{a}/hop1': { kind: 'redirect', status: 302, location: '{b}/hop2' },
      '{b}/hop2': { kind: 'redirect', status: 307, location: '{a}/hop3.txt', http: { headers: { 'X-Hop': '2' } } },
      '{a}/hop3.txt': { kind: 'text', body: 'end of chain' },
      '{a}/rstatus': { kind: 'redirect', status: 307, location: '/x', http: { status: 200 } },
    });
    assert.equal((await s.get('/rstatus', 't5.localhost')).status, 307, 'a redirect answers with its own status');
    const expect: Array<[string, number, string]> = [
      ['/r301', 301, 'target'],
      ['/r302', 302, '/abs/path?q=1'],
      ['/r303', 303, `http://t5-b.localhost:${s.port}/cross`],
      ['/r307', 307, 'http://elsewhere.localhost:1/x#frag'],
      ['/r308', 308, `http://t5.localhost:${s.port}/with#fragment`],
    ];
    for (const [path, status, location] of expect) {
      const r = await s.get(path, 't5.localhost');
      assert.equal(r.status, status, path);
      assert.equal(r.headers.location, location, path);
      assert.equal(r.text, '');
    }
    // Follow the chain by hand across the two origins.
    let url = new URL(`http://t5.localhost:${s.port}/hop1`);
    const seen: number[] = [];
    for (;;) {
      const r = await s.get(url.pathname, url.hostname);
      seen.push(r.status);
      if (r.status < 300 || r.status > 399) {
        assert.equal(r.text, 'end of chain');
        break;
      }
      if (r.status === 307) assert.equal(r.headers['x-hop'], '2');
      url = new URL(r.headers.location!, url);
    }
    assert.deepEqual(seen, [302, 307, 200]);
  });

  test('placeholders are resolved in every string the server sends', async () => {
    await put('t6', {
      '{a}/h': { kind: 'text', body: 'see {b}/x and {insecure}/y', http: { headers: { 'Service-Worker-Allowed': '{a}/' } } },
    });
    const r = await s.get('/h', 't6.localhost');
    assert.equal(r.text, `see http://t6-b.localhost:${s.port}/x and http://t6.insecure.test:${s.port}/y`);
    assert.equal(r.headers['service-worker-allowed'], `http://t6.localhost:${s.port}/`);
  });

  test('delayMs delays the answer', async () => {
    await put('t7', { '{a}/slow': { kind: 'text', body: 'late', http: { delayMs: 150 } } });
    const t0 = performance.now();
    const r = await s.get('/slow', 't7.localhost');
    const took = performance.now() - t0;
    assert.equal(r.text, 'late');
    assert.ok(took >= 140, `took ${took} ms`);
  });

  test('keys are normalised as a browser sends the path', async () => {
    const r = await s.put('t8', {
      '{a}/dir/../x.txt': { kind: 'text', body: 'dot segments' },
      '{a}/é': { kind: 'text', body: 'non-ascii' },
      '{a}/back\\slash': { kind: 'text', body: 'backslash' },
      '{a}/sp ace': { kind: 'text', body: 'space' },
      '{a}/scope/%2f/sw.js': { kind: 'text', body: 'encoded slash kept' },
    });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json(), {
      run: 't8',
      keys: ['{a}/x.txt', '{a}/%C3%A9', '{a}/back/slash', '{a}/sp%20ace', '{a}/scope/%2f/sw.js'],
    });
    assert.equal((await s.get('/x.txt', 't8.localhost')).text, 'dot segments');
    assert.equal((await s.get('/%C3%A9', 't8.localhost')).text, 'non-ascii');
    assert.equal((await s.get('/back/slash', 't8.localhost')).text, 'backslash');
    assert.equal((await s.get('/sp%20ace', 't8.localhost')).text, 'space');
    assert.equal((await s.get('/scope/%2f/sw.js', 't8.localhost')).text, 'encoded slash kept');
    assert.equal((await s.get('/scope/%2F/sw.js', 't8.localhost')).text, 'network:/scope/%2F/sw.js');
  });

  test('PUT replaces the resources; GET shows them', async () => {
    await put('t9', { '{a}/one': { kind: 'text', body: '1' } });
    await put('t9', { '{a}/two': { kind: 'text', body: '2' } });
    assert.equal((await s.get('/one', 't9.localhost')).text, 'network:/one');
    assert.equal((await s.get('/two', 't9.localhost')).text, '2');
    const r = await s.control('GET', '/runs/t9/resources');
    assert.deepEqual(r.json(), { run: 't9', resources: { '{a}/two': { kind: 'text', body: '2' } }, versions: {} });
  });
});

describe('PATCH (the serve step) and absolute keys', () => {
  test('PATCH replaces the listed resources only; a replaced worker starts over, others keep their version', async () => {
    await put('sv1', {
      '{a}/sw.js': { kind: 'worker', behaviour: { version: 'a1' }, next: [{ version: 'a2' }] },
      '{a}/other.js': { kind: 'worker', behaviour: { version: 'o1' }, next: [{ version: 'o2' }] },
      '{a}/t': { kind: 'text', body: 'before' },
    });
    assert.equal((await s.control('POST', '/runs/sv1/bump', { url: '{a}/sw.js' })).status, 200);
    assert.equal((await s.control('POST', '/runs/sv1/bump', { url: '{a}/other.js' })).status, 200);
    const r = await request(s.port, {
      method: 'PATCH',
      path: '/__sw-conformance/runs/sv1/resources',
      body: {
        resources: {
          '{a}/sw.js': { kind: 'worker', behaviour: { version: 'b1' }, next: [{ version: 'b2' }] },
          [`http://sv1.localhost:${s.port}/t`]: { kind: 'text', body: 'after', http: { status: 503 } },
          '{b}/new': { kind: 'text', body: 'new' },
        },
      },
    });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json(), { run: 'sv1', keys: ['{a}/sw.js', '{a}/t', '{b}/new'] });
    assert.match((await s.get('/sw.js', 'sv1.localhost')).text, /"version":"b1"/);
    assert.match((await s.get('/other.js', 'sv1.localhost')).text, /"version":"o2"/);
    const t = await s.get('/t', 'sv1.localhost');
    assert.deepEqual([t.status, t.text], [503, 'after']);
    assert.equal((await s.get('/new', 'sv1-b.localhost')).text, 'new');
  });

  test('PATCH respects the per-run bound', async () => {
    await put('sv2', Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`{a}/r${i}`, { kind: 'text', body: '' }])));
    let r = await request(s.port, { method: 'PATCH', path: '/__sw-conformance/runs/sv2/resources', body: { resources: { '{a}/r0': { kind: 'text', body: 'x' } } } });
    assert.equal(r.status, 200, 'replacing is fine');
    r = await request(s.port, { method: 'PATCH', path: '/__sw-conformance/runs/sv2/resources', body: { resources: { '{a}/r20': { kind: 'text', body: 'x' } } } });
    assert.equal(r.status, 400);
    assert.equal(r.json().field, 'resources');
  });

  test('keys may be absolute URLs on the run\'s own origins', async () => {
    let r = await s.put('ab1', {
      [`http://ab1.localhost:${s.port}/x`]: { kind: 'text', body: 'a' },
      [`http://ab1-b.localhost:${s.port}/x`]: { kind: 'text', body: 'b' },
      [`http://ab1.insecure.test:${s.port}/x`]: { kind: 'text', body: 'i' },
    });
    assert.deepEqual(r.json().keys, ['{a}/x', '{b}/x', '{insecure}/x']);
    for (const [key, why] of [
      [`http://other.localhost:${s.port}/x`, 'another run'],
      ['http://evil.example/x', 'a foreign host'],
      [`http://ab1.localhost:${s.port}/x?q=1`, 'a query'],
      [`https://ab1.localhost:${s.port}/x`, 'https'],
      ['ab1.localhost/x', 'not a URL'],
    ]) {
      r = await s.put('ab1', { [key!]: { kind: 'text', body: '' } });
      assert.equal(r.status, 400, why);
      assert.equal(r.json().field, `resources[${JSON.stringify(key)}]`, why);
    }
  });
});

describe('bad resource bodies are a 400 naming the field', () => {
  const w = (behaviour: unknown): unknown => ({ '{a}/sw.js': { kind: 'worker', behaviour } });
  const cases: Array<[string, unknown, string]> = [
    ['resources missing', {}, 'resources'],
    ['resources an array', { resources: [] }, 'resources'],
    ['unknown top-level key', { resources: {}, extra: 1 }, 'body.extra'],
    ['key without role', { resources: { 'sw.js': { kind: 'text', body: '' } } }, 'resources["sw.js"]'],
    ['key with unknown role', { resources: { '{c}/x': { kind: 'text', body: '' } } }, 'resources["{c}/x"]'],
    ['key without slash', { resources: { '{a}x': { kind: 'text', body: '' } } }, 'resources["{a}x"]'],
    ['key with query', { resources: { '{a}/x?q': { kind: 'text', body: '' } } }, 'resources["{a}/x?q"]'],
    ['key with fragment', { resources: { '{a}/x#f': { kind: 'text', body: '' } } }, 'resources["{a}/x#f"]'],
    ['key with control character', { resources: { '{a}/x\ny': { kind: 'text', body: '' } } }, 'resources["{a}/x\\ny"]'],
    [
      'two keys for one path',
      { resources: { '{a}/x': { kind: 'text', body: '' }, '{a}/y/../x': { kind: 'text', body: '' } } },
      'resources["{a}/y/../x"]',
    ],
    ['resource not an object', { resources: { '{a}/x': 'text' } }, 'resources["{a}/x"]'],
    ['unknown kind', { resources: { '{a}/x': { kind: 'file', body: '' } } }, 'resources["{a}/x"].kind'],
    ['text without body', { resources: { '{a}/x': { kind: 'text' } } }, 'resources["{a}/x"].body'],
    ['text body not a string', { resources: { '{a}/x': { kind: 'text', body: 1 } } }, 'resources["{a}/x"].body'],
    ['unknown resource key', { resources: { '{a}/x': { kind: 'text', body: '', status: 200 } } }, 'resources["{a}/x"].status'],
    ['status 99', { resources: { '{a}/x': { kind: 'text', body: '', http: { status: 99 } } } }, 'resources["{a}/x"].http.status'],
    ['status 600', { resources: { '{a}/x': { kind: 'text', body: '', http: { status: 600 } } } }, 'resources["{a}/x"].http.status'],
    ['status 1.5', { resources: { '{a}/x': { kind: 'text', body: '', http: { status: 200.5 } } } }, 'resources["{a}/x"].http.status'],
    ['status string', { resources: { '{a}/x': { kind: 'text', body: '', http: { status: '200' } } } }, 'resources["{a}/x"].http.status'],
    ['contentType number', { resources: { '{a}/x': { kind: 'text', body: '', http: { contentType: 1 } } } }, 'resources["{a}/x"].http.contentType'],
    [
      'contentType with CRLF',
      { resources: { '{a}/x': { kind: 'text', body: '', http: { contentType: 'text/plain\r\nX-Injected: 1' } } } },
      'resources["{a}/x"].http.contentType',
    ],
    [
      'header name invalid',
      { resources: { '{a}/x': { kind: 'text', body: '', http: { headers: { 'Bad Name': 'v' } } } } },
      'resources["{a}/x"].http.headers.Bad Name',
    ],
    [
      'header value with CRLF',
      { resources: { '{a}/x': { kind: 'text', body: '', http: { headers: { 'X-A': 'v\r\nSet-Cookie: a=b' } } } } },
      'resources["{a}/x"].http.headers.X-A',
    ],
    [
      'header value beyond Latin-1',
      { resources: { '{a}/x': { kind: 'text', body: '', http: { headers: { 'X-A': '☃' } } } } },
      'resources["{a}/x"].http.headers.X-A',
    ],
    [
      'framing header',
      { resources: { '{a}/x': { kind: 'text', body: '', http: { headers: { 'Content-Length': '1' } } } } },
      'resources["{a}/x"].http.headers.Content-Length',
    ],
    [
      'header twice',
      { resources: { '{a}/x': { kind: 'text', body: '', http: { headers: { 'X-A': '1', 'x-a': '2' } } } } },
      'resources["{a}/x"].http.headers.x-a',
    ],
    ['headers not an object', { resources: { '{a}/x': { kind: 'text', body: '', http: { headers: ['a'] } } } }, 'resources["{a}/x"].http.headers'],
    ['delay negative', { resources: { '{a}/x': { kind: 'text', body: '', http: { delayMs: -1 } } } }, 'resources["{a}/x"].http.delayMs'],
    ['delay beyond the bound', { resources: { '{a}/x': { kind: 'text', body: '', http: { delayMs: 2001 } } } }, 'resources["{a}/x"].http.delayMs'],
    ['unknown http key', { resources: { '{a}/x': { kind: 'text', body: '', http: { timeout: 1 } } } }, 'resources["{a}/x"].http.timeout'],
    ['redirect status 300', { resources: { '{a}/x': { kind: 'redirect', status: 300, location: '/' } } }, 'resources["{a}/x"].status'],
    ['redirect without location', { resources: { '{a}/x': { kind: 'redirect', status: 302 } } }, 'resources["{a}/x"].location'],
    [
      'redirect location with newline',
      { resources: { '{a}/x': { kind: 'redirect', status: 302, location: '/a\nb' } } },
      'resources["{a}/x"].location',
    ],
    ['worker without behaviour', { resources: { '{a}/sw.js': { kind: 'worker' } } }, 'resources["{a}/sw.js"].behaviour'],
    ['worker without version', { resources: w({}) }, 'resources["{a}/sw.js"].behaviour.version'],
    ['worker empty version', { resources: w({ version: '' }) }, 'resources["{a}/sw.js"].behaviour.version'],
    ['worker unknown key', { resources: w({ version: 'v', skipWaiting: true }) }, 'resources["{a}/sw.js"].behaviour.skipWaiting'],
    ['install outcome', { resources: w({ version: 'v', install: { outcome: 'maybe' } }) }, 'resources["{a}/sw.js"].behaviour.install.outcome'],
    [
      'install misspelt key',
      { resources: w({ version: 'v', install: { skipwaiting: true } }) },
      'resources["{a}/sw.js"].behaviour.install.skipwaiting',
    ],
    [
      'install delay beyond the bound',
      { resources: w({ version: 'v', install: { delayMs: 999999 } }) },
      'resources["{a}/sw.js"].behaviour.install.delayMs',
    ],
    ['activate claim not boolean', { resources: w({ version: 'v', activate: { claim: 'yes' } }) }, 'resources["{a}/sw.js"].behaviour.activate.claim'],
    ['imports not an array', { resources: w({ version: 'v', imports: 'a.js' }) }, 'resources["{a}/sw.js"].behaviour.imports'],
    ['imports entry not a string', { resources: w({ version: 'v', imports: [1] }) }, 'resources["{a}/sw.js"].behaviour.imports[0]'],
    ['fetch without otherwise', { resources: w({ version: 'v', fetch: {} }) }, 'resources["{a}/sw.js"].behaviour.fetch.otherwise'],
    [
      'fetch action kind',
      { resources: w({ version: 'v', fetch: { otherwise: { kind: 'teleport' } } }) },
      'resources["{a}/sw.js"].behaviour.fetch.otherwise.kind',
    ],
    [
      'respond status 100',
      { resources: w({ version: 'v', fetch: { otherwise: { kind: 'respond', status: 100 } } }) },
      'resources["{a}/sw.js"].behaviour.fetch.otherwise.status',
    ],
    [
      'redirect action status',
      { resources: w({ version: 'v', fetch: { otherwise: { kind: 'redirect', location: '/', status: 305 } } }) },
      'resources["{a}/sw.js"].behaviour.fetch.otherwise.status',
    ],
    [
      'fetch action redirect mode',
      { resources: w({ version: 'v', fetch: { otherwise: { kind: 'fetch', redirect: 'manually' } } }) },
      'resources["{a}/sw.js"].behaviour.fetch.otherwise.redirect',
    ],
    [
      'extra key on an action',
      { resources: w({ version: 'v', fetch: { otherwise: { kind: 'fallback', body: 'x' } } }) },
      'resources["{a}/sw.js"].behaviour.fetch.otherwise.body',
    ],
    ['rules not an array', { resources: w({ version: 'v', fetch: { rules: {}, otherwise: { kind: 'fallback' } } }) }, 'resources["{a}/sw.js"].behaviour.fetch.rules'],
    [
      'rule mode',
      { resources: w({ version: 'v', fetch: { rules: [{ mode: 'websocket', action: { kind: 'error' } }], otherwise: { kind: 'fallback' } } }) },
      'resources["{a}/sw.js"].behaviour.fetch.rules[0].mode',
    ],
    [
      'rule without action',
      { resources: w({ version: 'v', fetch: { rules: [{ urlContains: 'x' }], otherwise: { kind: 'fallback' } } }) },
      'resources["{a}/sw.js"].behaviour.fetch.rules[0].action',
    ],
    ['next not an array', { resources: { '{a}/sw.js': { kind: 'worker', behaviour: { version: 'v' }, next: {} } } }, 'resources["{a}/sw.js"].next'],
    [
      'next entry invalid',
      { resources: { '{a}/sw.js': { kind: 'worker', behaviour: { version: 'v' }, next: [{ version: 'w' }, {}] } } },
      'resources["{a}/sw.js"].next[1].version',
    ],
    [
      'too many resources',
      { resources: Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`{a}/r${i}`, { kind: 'text', body: '' }])) },
      'resources',
    ],
  ];
  for (const [name, body, field] of cases) {
    test(name, async () => {
      const r = await request(s.port, { method: 'PUT', path: '/__sw-conformance/runs/bad/resources', body: body as object });
      assert.equal(r.status, 400, r.text);
      const json = r.json();
      assert.equal(json.field, field, json.error);
      assert.equal(typeof json.error, 'string');
    });
  }

  test('a rejected PUT leaves the previous resources in place', async () => {
    await put('keep', { '{a}/x': { kind: 'text', body: 'kept' } });
    const r = await s.put('keep', { '{a}/x': { kind: 'text' } });
    assert.equal(r.status, 400);
    assert.equal((await s.get('/x', 'keep.localhost')).text, 'kept');
  });

  test('not JSON, empty, or not an object', async () => {
    for (const body of ['{', '', '   ', 'null', '[]', '"x"']) {
      const r = await request(s.port, { method: 'PUT', path: '/__sw-conformance/runs/bad/resources', body });
      assert.equal(r.status, 400, body);
      assert.equal(r.json().field, 'body', body);
    }
  });

  test('a body beyond the bound is a 413 naming "body"', async () => {
    const big = JSON.stringify({ resources: { '{a}/x': { kind: 'text', body: 'x'.repeat(70 * 1024) } } });
    const r = await request(s.port, { method: 'PUT', path: '/__sw-conformance/runs/bad/resources', body: big });
    assert.equal(r.status, 413);
    assert.equal(r.json().field, 'body');
  });

  test('a bad run id in the path is a 400 naming "run"', async () => {
    for (const run of ['UPPER', 'a-b', '%2e%2e', 'x'.repeat(41), 'a%2Fb']) {
      const r = await request(s.port, { method: 'PUT', path: `/__sw-conformance/runs/${run}/resources`, body: { resources: {} } });
      assert.equal(r.status, 400, run);
      assert.equal(r.json().field, 'run', run);
    }
  });

  test('unknown control paths are 404 and wrong methods 405, both JSON', async () => {
    let r = await s.control('GET', '/nope');
    assert.equal(r.status, 404);
    assert.equal(r.json().field, 'path');
    r = await s.control('GET', '/runs/x/unknown');
    assert.equal(r.status, 404);
    r = await s.control('POST', '/runs/x/resources', { resources: {} });
    assert.equal(r.status, 405);
    assert.equal(r.headers.allow, 'PUT, PATCH, GET');
    assert.equal(r.json().field, 'method');
    r = await s.control('GET', '/log');
    assert.equal(r.status, 405);
  });

  test('the control index lists endpoints and runs', async () => {
    const r = await s.control('GET', '/');
    assert.equal(r.status, 200);
    assert.equal(r.json().port, s.port);
    assert.ok(Array.isArray(r.json().runs));
  });
});
