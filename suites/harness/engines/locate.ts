// Where each engine's executable is, and whether to use Debian's browsers or Playwright's bundled ones.
//
// SWC_BROWSERS=debian (default): /usr/bin/chromium-headless-shell (headless; /usr/bin/chromium when
//   headed or when the shell is missing), /usr/bin/firefox-esr, WebKitGTK's WebKitWebDriver.
// SWC_BROWSERS=bundled: Playwright's own chromium/firefox/webkit (after `npx playwright install`).
// SWC_BROWSERS=auto: Debian's where present, otherwise bundled where present.
// Explicit paths: SWC_CHROMIUM, SWC_FIREFOX, SWC_WEBKIT_DRIVER, SWC_MINIBROWSER.
import { existsSync } from 'node:fs';
import { chromium, firefox, webkit } from '@playwright/test';
import type { Engine } from '../../../contract/index.js';
import { EngineUnavailableError } from './types.js';

export const INSTALL_HINT = 'run `npm run setup` (or `bash scripts/install-browsers.sh`)';

export type Provision =
  | { kind: 'debian'; executable: string; driver?: string }
  | { kind: 'bundled' };

/**
 * Headless Chromium runs Debian's chromium-headless-shell, as Playwright runs its own
 * chromium-headless-shell build for headless Chromium: the same content layer and service worker
 * implementation without the browser UI, at about a third of the CPU per new page measured here
 * (a page with a registered worker: 0.3 s of CPU instead of 0.9 s). Headed runs need the full browser.
 */
const CHROMIUM_HEADLESS_SHELL = '/usr/bin/chromium-headless-shell';

const DEBIAN: Record<Engine, { env: string; paths: string[]; pkg: string }> = {
  chromium: { env: 'SWC_CHROMIUM', paths: ['/usr/bin/chromium'], pkg: 'chromium' },
  firefox: { env: 'SWC_FIREFOX', paths: ['/usr/bin/firefox-esr'], pkg: 'firefox-esr' },
  webkit: { env: 'SWC_WEBKIT_DRIVER', paths: ['/usr/bin/WebKitWebDriver'], pkg: 'webkit2gtk-driver' },
};

const MINIBROWSER_PATHS = [
  '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser',
  '/usr/lib/aarch64-linux-gnu/webkit2gtk-4.1/MiniBrowser',
  '/usr/libexec/webkit2gtk-4.1/MiniBrowser',
];

function firstExisting(paths: (string | undefined)[]): string | undefined {
  return paths.find((p): p is string => !!p && existsSync(p));
}

function bundledPresent(engine: Engine): boolean {
  const type = engine === 'chromium' ? chromium : engine === 'firefox' ? firefox : webkit;
  try {
    return existsSync(type.executablePath());
  } catch {
    return false;
  }
}

export function minibrowserPath(): string | undefined {
  return firstExisting([process.env.SWC_MINIBROWSER, ...MINIBROWSER_PATHS]);
}

/** Decide how to provide `engine`, or throw a one-line EngineUnavailableError. */
export function locateEngine(engine: Engine, opts: { headless: boolean } = { headless: true }): Provision {
  const mode = process.env.SWC_BROWSERS ?? 'debian';
  if (!['debian', 'bundled', 'auto'].includes(mode)) {
    throw new EngineUnavailableError(`SWC_BROWSERS must be debian, bundled or auto (got "${mode}")`);
  }
  const d = DEBIAN[engine];
  const paths = engine === 'chromium' && opts.headless ? [CHROMIUM_HEADLESS_SHELL, ...d.paths] : d.paths;
  const exe = firstExisting([process.env[d.env], ...paths]);
  const mini = engine === 'webkit' ? minibrowserPath() : undefined;
  const debianOk = !!exe && (engine !== 'webkit' || !!mini);
  if (mode !== 'bundled' && debianOk) return { kind: 'debian', executable: exe!, driver: mini };
  if (mode !== 'debian' && bundledPresent(engine)) return { kind: 'bundled' };
  if (mode === 'bundled') {
    throw new EngineUnavailableError(`${engine}: Playwright's bundled browser is not installed; run \`npx playwright install ${engine}\` or unset SWC_BROWSERS`);
  }
  const what = engine === 'webkit' && exe && !mini ? 'MiniBrowser (webkit2gtk)' : d.pkg;
  throw new EngineUnavailableError(`${engine}: ${what} is not installed; ${INSTALL_HINT}`);
}
