// Playwright fixtures: one browser per worker (engineBrowser), a session per test (a lease on the
// worker's browser context, engines/leases.ts), and the fixture server in-process per worker.
// Suites import `test` and `expect` from here.
import { test as base } from '@playwright/test';
import type { Engine } from '../../contract/index.js';
import { launchEngine } from './engines/launch.js';
import { EngineUnavailableError, type EngineBrowser, type EngineSession } from './engines/types.js';
import { createConformance, type Conformance } from './conformance.js';
import { startFixtures, type Fixtures } from './fixture-server.js';

export interface EngineOptions {
  engine: Engine;
}

interface WorkerFixtures extends EngineOptions {
  fixtures: Fixtures;
  engineBrowser: EngineBrowser;
}

interface TestFixtures {
  session: EngineSession;
  conformance: Conformance;
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  engine: ['chromium', { option: true, scope: 'worker' }],

  fixtures: [
    async ({}, use) => {
      const f = await startFixtures();
      await use(f);
      await f.close();
    },
    { scope: 'worker' },
  ],

  engineBrowser: [
    async ({ engine, fixtures, headless }, use) => {
      let browser: EngineBrowser;
      try {
        browser = await launchEngine(engine, { headless, fixturePort: fixtures.port });
      } catch (e) {
        // One line naming the fix; never a silent skip.
        if (e instanceof EngineUnavailableError) throw new Error(e.message);
        throw new Error(`${engine}: the browser failed to start: ${(e as Error).message.split('\n')[0]}`);
      }
      await use(browser);
      await browser.close();
    },
    { scope: 'worker', timeout: 90_000 },
  ],

  session: async ({ engineBrowser }, use) => {
    const session = await engineBrowser.newSession();
    await use(session);
    await session.close();
  },

  conformance: async ({ engine, engineBrowser, session, fixtures }, use, testInfo) => {
    // The reporter takes each engine's version and driver from this.
    await testInfo.attach('sw-conformance-engine', { body: JSON.stringify(engineBrowser.info), contentType: 'application/json' });
    await use(createConformance({ engine, session: () => session, fixtures, testInfo, browser: engineBrowser }));
  },
});

export { expect } from '@playwright/test';
