// Chromium and Firefox through Playwright: Debian's binaries by default (Chromium over CDP,
// firefox-esr over WebDriver BiDi with the moz-firefox channel), or Playwright's bundled builds.
import { chromium, firefox, webkit, type Browser, type BrowserContext, type Page } from '@playwright/test';
import type { Engine } from '../../../contract/index.js';
import { leasedSessions, leaseOptionsFromEnv, type DriverContext, type DriverWindow } from './leases.js';
import type { Provision } from './locate.js';
import type { EngineBrowser, EngineClient, EngineInfo, PageFunction } from './types.js';

export interface PlaywrightEngineOptions {
  headless: boolean;
  /** Host names ending in this suffix resolve to 127.0.0.1 (the insecure origin). */
  loopbackSuffix: string;
}

/**
 * Chromium partitions third-party storage, service workers included, by default since 115.
 * Playwright turns that off (its launch adds --disable-features=…,ThirdPartyStoragePartitioning,…;
 * microsoft/playwright#32230): a cross-site iframe then falls under third-party cookie blocking,
 * which Playwright's incognito-like contexts apply, and register() there rejects ("The user denied
 * permission to use Service Worker"). The last --disable-features on a command line wins, so this
 * one restores Chromium's default: Playwright 1.64.1's list without ThirdPartyStoragePartitioning.
 * Review it when Playwright is upgraded. (Area "proposals": the shim's target registrations live
 * in the caller's partition.)
 */
export const CHROMIUM_DISABLED_FEATURES_ARG =
  '--disable-features=' +
  [
    'AvoidUnnecessaryBeforeUnloadCheckSync',
    'DestroyProfileOnBrowserClose',
    'DialMediaRouteProvider',
    'GlobalMediaControls',
    'HttpsUpgrades',
    'LensOverlay',
    'MediaRouter',
    'PaintHolding',
    'BlockOriginHeaderModificationOnRedirect',
    'AvoidCorsURLLoaderRestartOnRedirect',
    'Translate',
    'AutoDeElevate',
    'OptimizationHints',
    'NetworkTimeServiceQuerying',
    'AimEnabled',
    'msForceBrowserSignIn',
    'msEdgeUpdateLaunchServicesPreferredVersion',
  ].join(',');

// Chromium as root needs --no-sandbox; the rest keeps a closed machine from dialling out.
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  CHROMIUM_DISABLED_FEATURES_ARG,
];

// Pinned so fault and timing behaviour is deterministic (ecosystem.md §7.3).
const FIREFOX_PREFS: Record<string, string | number | boolean> = {
  'dom.serviceWorkers.enabled': true,
  'dom.serviceWorkers.testing.enabled': false, // keep insecure origins insecure
  'dom.serviceWorkers.mitigations.bypass_on_fault': false,
  // The soft update after a navigation runs at once (the spec's and the model's timing), not
  // 1 s later where it would race a scenario's next steps.
  'dom.serviceWorkers.update_delay': 0,
  'network.dns.forceResolve': '127.0.0.1', // every name (incl. *.test) is this machine
  'network.proxy.type': 0,
  'browser.cache.disk.enable': false,
};

export async function launchPlaywrightEngine(engine: Engine, provision: Provision, opts: PlaywrightEngineOptions): Promise<EngineBrowser> {
  let browser: Browser;
  let driver: EngineInfo['driver'] = 'playwright';
  let executable = 'bundled';
  if (engine === 'chromium') {
    const args = [...CHROMIUM_ARGS, `--host-resolver-rules=MAP *${opts.loopbackSuffix} 127.0.0.1`];
    if (provision.kind === 'debian') executable = provision.executable;
    browser = await chromium.launch({ headless: opts.headless, args, ...(provision.kind === 'debian' ? { executablePath: provision.executable } : {}) });
  } else if (engine === 'firefox') {
    if (provision.kind === 'debian') {
      executable = provision.executable;
      driver = 'playwright-bidi';
      browser = await firefox.launch({ headless: opts.headless, channel: 'moz-firefox', executablePath: provision.executable, firefoxUserPrefs: FIREFOX_PREFS });
    } else {
      browser = await firefox.launch({ headless: opts.headless, firefoxUserPrefs: FIREFOX_PREFS });
    }
  } else {
    // Only with Playwright's bundled WebKit; Debian's WebKitGTK goes through WebDriver.
    browser = await webkit.launch({ headless: opts.headless });
  }
  const info: EngineInfo = { engine, version: browser.version(), driver, executable };
  return playwrightEngineBrowser(info, browser);
}

function playwrightEngineBrowser(info: EngineInfo, browser: Browser): EngineBrowser {
  const leases = leasedSessions(async () => playwrightContext(await browser.newContext()), leaseOptionsFromEnv(false));
  let closing = false;
  let gone: string | undefined;
  browser.on('disconnected', () => {
    if (!closing) gone = `${info.engine}: the browser went away (its process crashed or was killed, or the connection to it broke)`;
  });
  return {
    info,
    gone: () => gone,
    newSession: () => leases.newSession(),
    async close() {
      closing = true;
      await leases.close();
      await browser.close().catch(() => undefined);
    },
  };
}

/** A browser served by another machine (`scripts/browser-server.ts` there). */
export async function connectPlaywrightEngine(engine: Engine, wsEndpoint: string): Promise<EngineBrowser> {
  const type = engine === 'chromium' ? chromium : engine === 'firefox' ? firefox : webkit;
  // Loopback on this machine (the fixture server, *.localhost) is reached through the connection.
  const browser = await type.connect(wsEndpoint, { exposeNetwork: '<loopback>', timeout: 30_000 });
  return playwrightEngineBrowser({ engine, version: browser.version(), driver: 'playwright-remote', executable: wsEndpoint }, browser);
}

function playwrightContext(context: BrowserContext): DriverContext {
  return {
    async newWindow() {
      return playwrightWindow(await context.newPage());
    },
    async close() {
      await context.close().catch(() => undefined);
    },
  };
}

function playwrightWindow(page: Page): DriverWindow {
  return {
    client: (name, onClose) => playwrightClient(name, page, onClose),
    async navigate(url) {
      await page.goto(url);
    },
    async close() {
      await page.close({ runBeforeUnload: false });
    },
  };
}

function playwrightClient(name: string, page: Page, onClose: () => void): EngineClient {
  return {
    name,
    async navigate(url) {
      await page.goto(url);
    },
    async reload() {
      await page.reload();
    },
    evaluate<A, R>(fn: PageFunction<A, R>, arg: A): Promise<R> {
      // Playwright's own typing unboxes handles; our arguments are plain JSON.
      return page.evaluate(fn as (a: unknown) => R | Promise<R>, arg as unknown);
    },
    async url() {
      return page.url();
    },
    async frameUrl(frameName) {
      return page.frames().find((f) => f.parentFrame() === page.mainFrame() && f.name() === frameName)?.url();
    },
    async close() {
      await page.close({ runBeforeUnload: false });
      onClose();
    },
  };
}
