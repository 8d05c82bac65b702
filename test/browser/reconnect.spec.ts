import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer } from 'node:net';
import type { Browser } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/app.js';
import { demo, hasChromium, launchBrowser, loggedInPage, removeWebBuild, waitLive, webDist } from './support.js';

declare const document: any;

const freePort = () =>
  new Promise<number>((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => ok(port));
    });
  });

(hasChromium ? describe : describe.skip)('web client: an open page reconnects soon after the server comes back', () => {
  let t: TestApp;
  let browser: Browser;
  let staticDir: string;
  let port: number;

  beforeAll(async () => {
    staticDir = webDist();
    port = await freePort();
    [t, browser] = await Promise.all([startTestApp({ env: { STATIC_DIR: staticDir, SEED_DEMO: 'true', PORT: String(port), MAP_TILE_URL: 'none' } }), launchBrowser()]);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    removeWebBuild(staticDir);
  });

  it('is live again within about 2 s of the restarted server listening (it was about 8 s)', async () => {
    const { context, page } = await loggedInPage(browser, t.url, demo('polis'));
    try {
      await waitLive(page);
      const databaseUrl = t.databaseUrl;
      await t.close();
      await page.waitForFunction(() => document.querySelector('[data-testid="connection-state"]')?.dataset.state !== 'live', undefined, { timeout: 10_000 });
      // Down for a while, so that the client's backoff has grown to its cap before the server returns.
      await page.waitForTimeout(6000);
      t = await startTestApp({ databaseUrl, env: { STATIC_DIR: staticDir, PORT: String(port), MAP_TILE_URL: 'none' } });
      const listening = Date.now();
      await waitLive(page, 15_000);
      const reconnected = Date.now() - listening;
      console.log(`reconnect: the page was live ${reconnected} ms after the restarted server listened`);
      expect(reconnected).toBeLessThan(3000);
    } finally {
      await context.close();
    }
  }, 60_000);
});
