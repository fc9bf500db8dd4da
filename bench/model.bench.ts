// The model's match predictions per second with 1,000 registered scopes (target ≥ 1,000,000/s).
// A "match prediction" is matchServiceWorkerRegistration(map, storageKey, clientURL) on an
// already parsed client URL (clients carry parsed URLs). The figure including the URL parse is
// reported too, as matchesPerSecondIncludingParse.

import type { Bench, BenchValues } from './bench-file.js';
import { createRegistrationMap, matchServiceWorkerRegistration, setRegistration } from '../model/registration/registration-map.js';
import { serializeURL } from '../model/standards/url.js';

const ORIGIN = 'https://a.test';
const SCOPES = 1000;
const CLIENT_URLS = 4096;

/** Deterministic PRNG (mulberry32) so every run measures the same scopes. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = ['app', 'api', 'static', 'docs', 'v1', 'v2', 'users', 'shop', 'cart', 'blog', 'assets', 'img', 'a', 'b', 'news', 'maps'];

function randomPath(rand: () => number, depth: number): string {
  const parts: string[] = [];
  for (let i = 0; i < depth; i++) {
    const word = WORDS[Math.floor(rand() * WORDS.length)] ?? 'x';
    parts.push(rand() < 0.5 ? word : `${word}${Math.floor(rand() * 40)}`);
  }
  return parts.join('/');
}

/**
 * 1,000 distinct scopes on one origin: nested directories, prefixes without a slash, a few
 * queries. No root scope, so some client URLs match nothing (the fallback path is measured too).
 */
export function benchScopes(rand: () => number = prng(1)): string[] {
  const scopes = new Set<string>();
  while (scopes.size < SCOPES) {
    const depth = 1 + Math.floor(rand() * 4);
    const r = rand();
    const suffix = r < 0.6 ? '/' : r < 0.9 ? '' : '?mode=1';
    scopes.add(serializeURL(new URL(`/${randomPath(rand, depth)}${suffix}`, ORIGIN), true));
  }
  return [...scopes];
}

function clientURLStrings(scopes: string[], rand: () => number): string[] {
  const urls: string[] = [];
  for (let i = 0; i < CLIENT_URLS; i++) {
    const r = rand();
    if (r < 0.7) {
      // Under a registered scope, possibly deeper.
      const scope = scopes[Math.floor(rand() * scopes.length)] ?? `${ORIGIN}/`;
      urls.push(`${scope}${scope.endsWith('/') ? '' : '/'}${randomPath(rand, 1 + Math.floor(rand() * 3))}.html?q=${i}#f`);
    } else {
      urls.push(`${ORIGIN}/${randomPath(rand, 1 + Math.floor(rand() * 5))}/page${i}.html`);
    }
  }
  return urls;
}

function measure(seconds: number, body: () => number): { opsPerSecond: number; sink: number } {
  let sink = 0;
  // Warm up.
  for (let i = 0; i < 200_000; i++) sink += body();
  let ops = 0;
  const start = process.hrtime.bigint();
  const budget = BigInt(Math.round(seconds * 1e9));
  let elapsed = 0n;
  while (elapsed < budget) {
    for (let i = 0; i < 100_000; i++) sink += body();
    ops += 100_000;
    elapsed = process.hrtime.bigint() - start;
  }
  return { opsPerSecond: ops / (Number(elapsed) / 1e9), sink };
}

const bench: Bench = {
  section: ['model'],
  description: `Match Service Worker Registration with ${SCOPES.toLocaleString('en-US')} registered scopes`,
  run(): BenchValues {
    const rand = prng(42);
    const scopes = benchScopes();
    const map = createRegistrationMap();
    for (const scope of scopes) setRegistration(map, ORIGIN, { scope });
    const strings = clientURLStrings(scopes, rand);
    const urls = strings.map((s) => new URL(s));
    const mask = CLIENT_URLS - 1;

    let i = 0;
    let matched = 0;
    for (const url of urls) if (matchServiceWorkerRegistration(map, ORIGIN, url) !== null) matched++;
    const parsed = measure(1.5, () => {
      const reg = matchServiceWorkerRegistration(map, ORIGIN, urls[i++ & mask] as URL);
      return reg === null ? 0 : 1;
    });
    i = 0;
    const withParse = measure(1.0, () => {
      const reg = matchServiceWorkerRegistration(map, ORIGIN, new URL(strings[i++ & mask] as string));
      return reg === null ? 0 : 1;
    });
    // The spec's Match read literally (a scan of every scope), for comparison.
    i = 0;
    const linear = measure(0.5, () => {
      const s = (urls[i++ & mask] as URL).href;
      let best: string | null = null;
      for (const scope of scopes) if (s.startsWith(scope) && (best === null || scope.length > best.length)) best = scope;
      return best === null ? 0 : 1;
    });
    if (parsed.sink < 0 || withParse.sink < 0 || linear.sink < 0) throw new Error('unreachable');
    return {
      matchesPerSecond: Math.round(parsed.opsPerSecond),
      matchesPerSecondIncludingParse: Math.round(withParse.opsPerSecond),
      linearScanMatchesPerSecond: Math.round(linear.opsPerSecond),
      scopes: scopes.length,
      clientURLsMatchingSomeScope: Number((matched / urls.length).toFixed(3)),
      node: process.version,
      measuredAt: new Date().toISOString(),
    };
  },
};

export default bench;
