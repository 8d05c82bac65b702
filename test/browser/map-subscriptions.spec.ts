import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { deflateSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import type { Page as ApiPage, PlaceResponse, ReportResponse, SubscriptionResponse } from '#contracts';
import { startTestApp, type TestApp } from '../support/app.js';
import { walk } from '../e2e/helpers.js';
import { apiLogin, demo, hasChromium, launchBrowser, loggedInPage, removeWebBuild, shot, webDist } from './support.js';

declare const document: any;

/** A 256×256 PNG of one colour, built by hand (no image library): what a tile server answers. */
function png(): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (b: Buffer) => {
    let c = 0xffffffff;
    for (const x of b) c = crcTable[(c ^ x) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(256, 0);
  ihdr.writeUInt32BE(256, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8 bits, RGB
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(256 * 3, 0xd8)]);
  const raw = Buffer.concat(Array.from({ length: 256 }, () => row));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

/** The reports the map shows as a number: the sum of its clusters' counts (zoomed out, all are in clusters). */
const clusterTotal = (page: Page) =>
  page.evaluate(() => [...document.querySelectorAll('.report-cluster [data-count]')].reduce((s: number, e: any) => s + Number(e.dataset.count), 0) as number);

(hasChromium ? describe : describe.skip)('web client: the map (tiles, attribution, clusters, place search) and subscriptions', () => {
  let t: TestApp;
  let offline: TestApp;
  let browser: Browser;
  let staticDir: string;
  let tiles: Server;
  const tileRequests: string[] = [];

  beforeAll(async () => {
    staticDir = webDist();
    const tile = png();
    tiles = createServer((req, res) => {
      tileRequests.push(req.url ?? '');
      res.writeHead(200, { 'content-type': 'image/png', 'content-length': tile.length });
      res.end(tile);
    });
    await new Promise<void>((ok) => tiles.listen(0, '127.0.0.1', ok));
    const tileUrl = `http://127.0.0.1:${(tiles.address() as AddressInfo).port}/{z}/{x}/{y}.png`;
    [t, browser] = await Promise.all([
      startTestApp({ env: { STATIC_DIR: staticDir, SEED_DEMO: 'true', MAP_TILE_URL: tileUrl, MAP_TILE_ATTRIBUTION: '© Testkartan Lidköping' } }),
      launchBrowser(),
    ]);
    // A second node on the same database with the defaults (OpenStreetMap), for a browser without a network.
    offline = await startTestApp({ databaseUrl: t.databaseUrl, env: { STATIC_DIR: staticDir } });
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await Promise.all([t?.close(), offline?.close()]);
    await new Promise((ok) => tiles?.close(ok));
    removeWebBuild(staticDir);
  });

  it('loads the tiles of MAP_TILE_URL with its attribution, and clusters the reports (their counts add up to the list)', async () => {
    const { context, page } = await loggedInPage(browser, t.url, demo('polis', 'samordnare'));
    const log: string[] = [];
    page.on('pageerror', (e) => log.push(`pageerror ${e.message}`));
    page.on('console', (m) => log.push(`console ${m.text()}`));
    try {
      await page.reload();
      await page.locator('img.leaflet-tile-loaded').first().waitFor({ timeout: 15_000 }).catch(async (e) => {
        throw new Error(`${e}\n${log.join('\n')}\n${(await page.content()).slice(0, 3000)}`);
      });
      expect(tileRequests.length).toBeGreaterThan(0);
      expect(tileRequests.every((u) => /^\/\d+\/\d+\/\d+\.png$/.test(u))).toBe(true);
      await expect(page.locator('[data-testid="map"]').getAttribute('data-tiles')).resolves.toBe('loaded');
      await expect(page.locator('.leaflet-control-attribution').innerText()).resolves.toContain('© Testkartan Lidköping');

      // Zoomed out to the whole country, every report is in a cluster: the clusters' counts add up to the list's.
      const count = page.getByTestId('feed-count');
      await count.filter({ hasText: /^\d+ / }).waitFor();
      const listed = Number((await count.innerText()).match(/^(\d+)/)![1]);
      expect(listed).toBeGreaterThan(20);
      for (let i = 0; i < 8; i++) await page.getByRole('button', { name: 'Zooma ut' }).click();
      await page.waitForFunction(() => !!document.querySelector('.report-cluster [data-count]'));
      await page.waitForFunction((n) => [...document.querySelectorAll('.report-cluster [data-count]')].reduce((s: number, e: any) => s + Number(e.dataset.count), 0) === n, listed, { timeout: 10_000 });
      expect(await clusterTotal(page)).toBe(listed);
      // A cluster is named for screen readers.
      await expect(page.locator('.report-cluster [role="img"]').first().getAttribute('aria-label')).resolves.toMatch(/^\d+ rapporter? här/);
    } finally {
      await context.close();
    }
  });

  it('finds a place by part of its name and pans the map to it', async () => {
    const { context, page } = await loggedInPage(browser, t.url, demo('polis'));
    try {
      const { api } = await apiLogin(t.url, demo('polis'));
      const place = (await api.get<ApiPage<PlaceResponse>>('/api/places?limit=500')).body.items.find((p) => p.name === 'Nya Stadens torg')!;
      const search = page.getByRole('searchbox', { name: 'Sök plats' });
      await search.fill('stadens t');
      const results = page.getByTestId('map-search-results');
      await results.getByRole('button', { name: /Nya Stadens torg/ }).click();
      await page.waitForFunction(() => (document.querySelector('[data-testid="map"]')?.dataset.view ?? '').endsWith(',17'));
      const [lat, lng] = (await page.getByTestId('map').getAttribute('data-view'))!.split(',').map(Number);
      expect(Math.abs(lat - place.location.lat)).toBeLessThan(0.0005);
      expect(Math.abs(lng - place.location.lng)).toBeLessThan(0.0005);
      await expect(results.count()).resolves.toBe(0);
      await search.fill('finns inte någonstans');
      await expect(page.getByTestId('map-search-results').innerText()).resolves.toContain('Ingen plats heter så.');
    } finally {
      await context.close();
    }
  });

  it('names the point picked for a new report by its place and area, not by coordinates', async () => {
    const { context, page } = await loggedInPage(browser, t.url, demo('kommun'), { path: '/rapportera' });
    try {
      await page.getByLabel('Peka på kartan').check();
      await page.getByRole('searchbox', { name: 'Sök plats' }).fill('Nya Stadens');
      await page.getByTestId('map-search-results').getByRole('button', { name: /Nya Stadens torg/ }).click();
      // The search picks the place itself (the list mode); the map's centre as a point is named after it.
      await page.getByLabel('Peka på kartan').check();
      await page.getByRole('button', { name: 'Välj kartans mittpunkt' }).click();
      const text = await page.getByTestId('picked-point').innerText();
      expect(text).toMatch(/^Vald plats: nära Nya Stadens torg, \S/);
      expect(text).not.toMatch(/\d+\.\d+/);
    } finally {
      await context.close();
    }
  });

  it('with the default tiles and no network, shows the OpenStreetMap attribution and the map still works (tiles fail quietly)', async () => {
    const context = await browser.newContext({ baseURL: offline.url, viewport: { width: 1280, height: 860 }, locale: 'sv-SE' });
    const errors: string[] = [];
    await context.route('https://tile.openstreetmap.org/**', (r) => r.abort('internetdisconnected'));
    const session = await apiLogin(offline.url, demo('polis'));
    const page = await context.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    try {
      await page.goto('/logga-in');
      await page.evaluate((s) => {
        (globalThis as any).localStorage.setItem('lagesbild.session', s);
      }, JSON.stringify({ accessToken: session.accessToken, expiresAt: session.expiresAt, user: session.user }));
      await page.goto('/lagesbild');
      await page.waitForFunction(() => document.querySelector('[data-testid="map"]')?.dataset.tiles === 'failed', undefined, { timeout: 15_000 });
      const attribution = page.locator('.leaflet-control-attribution');
      await expect(attribution.innerText()).resolves.toContain('© OpenStreetMap-bidragsgivare');
      await expect(attribution.getByRole('link', { name: 'OpenStreetMap' }).getAttribute('href')).resolves.toBe('https://www.openstreetmap.org/copyright');
      await page.locator('.area-label').first().waitFor();
      await expect(page.locator('img.leaflet-tile-loaded').count()).resolves.toBe(0);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('shows the first-login subscription as "everything", lets it be narrowed to a place, and the live list then shows only that', async () => {
    const { context, page, session } = await loggedInPage(browser, t.url, demo('katedral'));
    const { api } = await apiLogin(t.url, demo('katedral'));
    try {
      // The live picture made the first-login subscription.
      await page.getByTestId('live-scope').waitFor();
      await page.goto('/bevakningar');
      const card = page.getByTestId('subscription');
      await card.first().waitFor();
      await expect(card.count()).resolves.toBe(1);
      await expect(card.innerText()).resolves.toMatch(/Allt du får se[\s\S]*Skapades åt dig vid första inloggningen/);
      // Without the alerts server part (GET /api/me/alerts) there is no e-mail select; with it, there is one.
      const alerts = await api.get('/api/me/alerts');
      await expect(page.getByTestId('email-choice').count()).resolves.toBe(alerts.status === 200 ? 1 : 0);

      await card.getByRole('button', { name: /^Ändra/ }).click();
      const edit = page.getByTestId('subscription-edit');
      await edit.getByTestId(/-places$/).getByLabel('Nya Stadens torg').check();
      await edit.getByRole('button', { name: 'Spara ändringar' }).click();
      await page.getByText('Bevakningen är ändrad.').waitFor();
      // The list reloads: one subscription, of the place, still the one made at first login.
      await page.getByTestId('subscription').filter({ hasText: 'Nya Stadens torg' }).waitFor();
      await expect(page.getByTestId('subscription').count()).resolves.toBe(1);
      await expect(page.getByTestId('subscription').innerText()).resolves.toContain('Skapades åt dig vid första inloggningen');
      const subs = (await api.get<ApiPage<SubscriptionResponse>>('/api/subscriptions')).body.items;
      const place = (await api.get<ApiPage<PlaceResponse>>('/api/places?limit=500')).body.items.find((p) => p.name === 'Nya Stadens torg')!;
      expect(subs.map((s) => [s.areaIds, s.placeIds, s.categories])).toEqual([[[], [place.id], []]]);

      // The live picture shows what the feed keeps up to date: the reports at that place, and says so.
      const week = new Date(Date.now() - 7 * 86_400_000).toISOString();
      await page.goto('/lagesbild');
      const scope = page.getByTestId('live-scope');
      await scope.filter({ hasText: /Visar \d+ av \d+/ }).waitFor();
      const [, shown, total] = (await scope.innerText()).match(/Visar (\d+) av (\d+)/)!.map(Number);
      const visible = (await walk<ReportResponse>(api, `/api/reports?from=${encodeURIComponent(week)}`, 500)).items;
      expect(total).toBe(visible.length);
      expect(shown).toBe(visible.filter((r) => r.place?.id === place.id).length);
      await expect(page.getByTestId('feed-count').innerText()).resolves.toMatch(new RegExp(`^${shown} `));
      void session;
    } finally {
      await context.close();
    }
  });

  it('a coordinator\'s "everything I may see" switch shows everything, and off shows only the subscriptions', async () => {
    const { context, page } = await loggedInPage(browser, t.url, demo('kommun', 'samordnare'));
    const { api } = await apiLogin(t.url, demo('kommun', 'samordnare'));
    try {
      const scope = page.getByTestId('live-scope');
      await scope.waitFor();
      // Narrow the subscriptions to a category only this test picks.
      const subs = (await api.get<ApiPage<SubscriptionResponse>>('/api/subscriptions')).body.items;
      for (const s of subs) await api.delete(`/api/subscriptions/${s.id}`);
      expect((await api.post('/api/subscriptions', { categories: ['vandalism'] })).status).toBe(201);
      const week = new Date(Date.now() - 7 * 86_400_000).toISOString();
      await page.reload();
      const toggle = page.getByLabel('Visa allt jag får se, inte bara mina bevakningar');
      await toggle.check();
      await expect(scope.innerText()).resolves.toContain('Visar allt du får se.');
      const all = Number((await page.getByTestId('feed-count').innerText()).match(/^(\d+)/)![1]);
      await toggle.uncheck();
      await scope.filter({ hasText: /Visar \d+ av \d+/ }).waitFor();
      const [, shown, total] = (await scope.innerText()).match(/Visar (\d+) av (\d+)/)!.map(Number);
      expect(total).toBe(all);
      const vandalism = (await walk<ReportResponse>(api, `/api/reports?from=${encodeURIComponent(week)}`, 500)).items.filter((r) => r.category === 'vandalism');
      expect(shown).toBe(vandalism.length);
      expect(shown).toBeLessThan(all);
    } finally {
      await context.close();
    }
  });

  it('opens "Kategorier" over the map without moving it, and on a phone the header is one compact line with a menu', async () => {
    const { context, page } = await loggedInPage(browser, t.url, demo('polis'));
    try {
      const map = page.getByTestId('map');
      await map.waitFor();
      const before = (await map.boundingBox())!;
      await page.locator('.filters .category-filter summary').click();
      await page.locator('.filters .category-filter fieldset').waitFor();
      const after = (await map.boundingBox())!;
      expect(after.y).toBe(before.y);
      expect(after.height).toBe(before.height);
    } finally {
      await context.close();
    }
    const phone = await loggedInPage(browser, t.url, demo('polis'), { context: { viewport: { width: 390, height: 844 } } });
    try {
      const header = phone.page.locator('.site-header');
      await phone.page.getByTestId('map').waitFor();
      await shot(phone.page, 'phone-live');
      const box = (await header.boundingBox())!;
      expect(box.height).toBeLessThan(70); // was about a quarter of 844 px
      await expect(phone.page.getByRole('link', { name: 'Insatser' }).isVisible()).resolves.toBe(false);
      const menu = phone.page.getByTestId('menu-button');
      await expect(menu.getAttribute('aria-expanded')).resolves.toBe('false');
      await menu.click();
      await expect(menu.getAttribute('aria-expanded')).resolves.toBe('true');
      await phone.page.getByRole('link', { name: 'Insatser' }).click();
      await phone.page.waitForURL('**/insatser');
      await phone.page.waitForFunction(() => document.querySelector('[data-testid="menu-button"]')?.getAttribute('aria-expanded') === 'false');
      // With the connection state in the header too (every page but the live picture), still one line that fits.
      await phone.page.getByTestId('connection-state').first().waitFor();
      expect((await header.boundingBox())!.height).toBeLessThan(70);
      expect(await phone.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    } finally {
      await phone.context.close();
    }
  });
});
