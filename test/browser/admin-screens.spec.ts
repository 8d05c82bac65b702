/**
 * The admin screens in the browser (Förvaltning): a coordinator draws a new area on the map with the mouse (Leaflet and
 * the Geoman drawing plugin), sees it saved, drags a corner of it and saves that too, and adds a place with a click on
 * the map; switches a category in use off (the screen asks first, with the counts), renames one and adds one of the
 * collaboration's own, which the report form then offers; a point posted far outside the municipality is asked about
 * ("skicka ändå?") and sent when confirmed — made offline, it waits in the outbox, stays there refused with its reason
 * when the connection returns, and is sent from there when confirmed; the collaboration admin filters the audit log
 * and downloads it as CSV.
 * axe finds nothing serious on the screens.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import type { AreaResponse, CategoryResponse, PlaceResponse, ReportResponse } from '#contracts';
import { startTestApp, type TestApp } from '../support/app.js';
import { apiLogin, demo, expectNoSeriousViolations, hasChromium, launchBrowser, loggedInPage, removeWebBuild, reportsWithDescription, unique, webDist } from './support.js';

// A service with the Lidköping demo and a browser for the file: generous on a busy 2-core machine.
jest.setTimeout(90_000);

// Run inside the page (page.waitForFunction); the test tsconfig has no DOM library.
declare const document: any;

/** A point of the map's box in page pixels, at fractions of its width and height. */
async function at(page: Page, fx: number, fy: number): Promise<{ x: number; y: number }> {
  const box = (await page.getByTestId('manage-map').boundingBox())!;
  return { x: box.x + box.width * fx, y: box.y + box.height * fy };
}

(hasChromium ? describe : describe.skip)('web client: the admin screens', () => {
  let t: TestApp;
  let browser: Browser;
  let staticDir: string;

  beforeAll(async () => {
    staticDir = webDist();
    // Plausible reports on, as an installation has them: the question about a point outside the municipality.
    [t, browser] = await Promise.all([
      startTestApp({ env: { STATIC_DIR: staticDir, SEED_DEMO: 'true', REPORT_OUTSIDE_MARGIN_KM: '5', REPORT_MAX_AGE_DAYS: '30' } }),
      launchBrowser(),
    ]);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    removeWebBuild(staticDir);
  });

  it('draws an area on the map with the mouse, saves it, drags a corner and saves again; adds a place with a click', async () => {
    const { api } = await apiLogin(t.url, demo('kommun', 'samordnare'));
    const { context, page } = await loggedInPage(browser, t.url, demo('kommun', 'samordnare'), { path: '/forvaltning' });
    try {
      await page.getByRole('link', { name: 'Områden och platser' }).click();
      await page.getByRole('heading', { level: 1, name: 'Områden och platser' }).waitFor();
      await page.getByTestId('area-item').first().waitFor();
      await expectNoSeriousViolations(page, 'areas and places');

      // Four corners, then the first again to close the ring.
      await page.getByTestId('draw-area').click();
      await page.getByText('Klicka ut hörnen på kartan').waitFor();
      // Inside the demo's large rural area, away from every edge (the plugin snaps a point within 20 px of one to it).
      const corners = [await at(page, 0.58, 0.6), await at(page, 0.68, 0.6), await at(page, 0.68, 0.8), await at(page, 0.58, 0.8)];
      for (const c of corners) await page.mouse.click(c.x, c.y);
      // The ring is closed on its first point (the plugin's start marker).
      await page.locator('.leaflet-marker-pane .marker-icon.leaflet-interactive').first().click();
      const name = unique('Ritat område');
      await page.getByLabel('Områdets namn').fill(name);
      await page.getByRole('button', { name: 'Spara området' }).click();
      await page.getByText(`Området ${name} är sparat.`).waitFor();
      await page.getByTestId('area-item').filter({ hasText: name }).waitFor();

      const saved = ((await api.get('/api/areas?limit=500')).body.items as AreaResponse[]).find((a) => a.name === name)!;
      expect(saved.boundary?.type).toBe('Polygon');
      const ring = (saved.boundary!.coordinates as number[][][])[0];
      expect(ring).toHaveLength(5);
      expect(ring[4]).toEqual(ring[0]);
      // Drawn clockwise on the screen from the top left: west to east along the top, then south.
      expect(ring[1][0]).toBeGreaterThan(ring[0][0]);
      expect(ring[2][1]).toBeLessThan(ring[1][1]);

      // Its top right corner dragged north and saved: a new version with that corner moved.
      await page.getByTestId('area-item').filter({ hasText: name }).getByRole('button', { name: 'Ändra gränsen' }).click();
      await page.getByTestId('save-boundary').waitFor();
      // The click on the list may have scrolled the page: where the corner is now.
      await page.getByTestId('manage-map').scrollIntoViewIfNeeded();
      const corner = await at(page, 0.68, 0.6);
      await page.mouse.move(corner.x, corner.y);
      await page.mouse.down();
      const to = await at(page, 0.68, 0.5);
      await page.mouse.move(to.x, to.y, { steps: 8 });
      await page.mouse.up();
      await page.getByTestId('save-boundary').click();
      await page.getByText(`Gränsen för ${name} är sparad.`).waitFor();
      const edited = ((await api.get(`/api/areas/${saved.id}`)).body) as AreaResponse;
      expect(edited.version).toBe(2);
      const moved = (edited.boundary!.coordinates as number[][][])[0];
      expect(Math.max(...moved.map((p) => p[1]))).toBeGreaterThan(Math.max(...ring.map((p) => p[1])));
      expect(moved).toHaveLength(5);

      // A place: a click on the map where it is, then its name.
      await page.getByTestId('add-place').click();
      await page.getByTestId('manage-map').scrollIntoViewIfNeeded();
      const spot = await at(page, 0.63, 0.7);
      await page.mouse.click(spot.x, spot.y);
      const placeName = unique('Ny plats');
      await page.getByLabel('Platsens namn').fill(placeName);
      await page.getByRole('button', { name: 'Spara platsen' }).click();
      await page.getByText(`Platsen ${placeName} är sparad.`).waitFor();
      const place = ((await api.get('/api/places?limit=500')).body.items as PlaceResponse[]).find((p) => p.name === placeName)!;
      // The click lay inside the drawn area (which lies inside the demo's rural area: the server puts a place in the
      // first area by name that contains it).
      const lngs = ring.map((p) => p[0]);
      const lats = ring.map((p) => p[1]);
      expect(place.location.lng).toBeGreaterThan(Math.min(...lngs));
      expect(place.location.lng).toBeLessThan(Math.max(...lngs));
      expect(place.location.lat).toBeGreaterThan(Math.min(...lats));
      expect(place.location.lat).toBeLessThan(Math.max(...lats));
      expect(place.area).not.toBeNull();
      await page.getByTestId('place-item').filter({ hasText: placeName }).waitFor();
      await expectNoSeriousViolations(page, 'areas and places after drawing');
    } finally {
      await context.close();
    }
  });

  it('switches off a category in use after its question, renames one, adds one; the report form follows', async () => {
    const { api } = await apiLogin(t.url, demo('kommun', 'samordnare'));
    const { context, page } = await loggedInPage(browser, t.url, demo('kommun', 'samordnare'), { path: '/forvaltning/kategorier' });
    try {
      await page.getByRole('heading', { level: 1, name: 'Kategorier' }).waitFor();
      const row = (code: string) => page.locator(`[data-testid="category-row"][data-code="${code}"]`);
      await row('littering').waitFor();
      await expectNoSeriousViolations(page, 'categories');

      // Littering is used by open reports of the demo: the screen says how many and asks.
      await row('littering').getByTestId('switch-off').click();
      const question = row('littering').getByRole('group');
      await question.getByText(/Nedskräpning används av \d+ öppna rapporter/).waitFor();
      await row('littering').getByTestId('switch-off-anyway').click();
      await page.getByText('Nedskräpning är avstängd.').waitFor();
      await page.locator('[data-testid="category-row"][data-code="littering"][data-active="false"]').waitFor();

      // A default renamed in Swedish.
      await row('lighting').getByTestId('label-sv').fill('Trasig belysning');
      await row('lighting').getByRole('button', { name: 'Spara namnen' }).click();
      await page.getByText('Trasig belysning är sparad.').waitFor();

      // One of the collaboration's own.
      const form = page.getByTestId('new-category');
      await form.getByLabel('Kod').fill('mopedbuller');
      await form.getByLabel('Svenska').fill('Mopedbuller');
      await form.getByLabel('Engelska').fill('Moped noise');
      await form.getByRole('button', { name: 'Lägg till kategorin' }).click();
      await page.getByText('Mopedbuller är tillagd.').waitFor();
      await row('mopedbuller').waitFor();

      const listed = (await api.get('/api/categories?includeInactive=true')).body.items as CategoryResponse[];
      expect(listed.find((c) => c.code === 'littering')).toEqual(expect.objectContaining({ active: false }));
      expect(listed.find((c) => c.code === 'lighting')).toEqual(expect.objectContaining({ sv: 'Trasig belysning', active: true }));
      expect(listed.find((c) => c.code === 'mopedbuller')).toEqual(expect.objectContaining({ sv: 'Mopedbuller', en: 'Moped noise', custom: true }));

      // The report form offers the active categories by their names, its own too, and not the one switched off.
      await page.goto('/rapportera');
      await page.locator('#category option', { hasText: 'Mopedbuller' }).waitFor({ state: 'attached' });
      const options = await page.locator('#category option').allTextContents();
      expect(options).toEqual(expect.arrayContaining(['Mopedbuller', 'Trasig belysning']));
      expect(options).not.toContain('Nedskräpning');
      expect(options).not.toContain('Belysning');
    } finally {
      await context.close();
    }
  });

  it('asks before sending a point far outside the municipality, and sends it when confirmed', async () => {
    const { api } = await apiLogin(t.url, demo('kommun'));
    const { context, page } = await loggedInPage(browser, t.url, demo('kommun'), { path: '/rapportera' });
    try {
      await page.getByRole('heading', { level: 1 }).waitFor();
      await page.getByLabel('Peka på kartan').check();
      // Zoomed out until a click near the map's bottom left corner lies well outside the demo's areas (their box is
      // 58.35–58.62 N, 12.95–13.45 E; the margin is 5 km): south of 58.25 or west of 12.8.
      const map = (await page.locator('.pick-map').boundingBox())!;
      let picked = { lat: 0, lng: 0 };
      for (let i = 0; i < 12; i++) {
        await page.getByTitle('Zooma ut').first().click();
        await page.mouse.click(map.x + 25, map.y + map.height - 25);
        // The point is shown by name (area, place, "utanför …"); its position is on the element's data attributes.
        await page.locator('[data-testid="picked-point"][data-lat]').waitFor();
        const shown = page.getByTestId('picked-point');
        picked = { lat: Number(await shown.getAttribute('data-lat')), lng: Number(await shown.getAttribute('data-lng')) };
        if (picked.lat < 58.25 || picked.lng < 12.8) break;
      }
      expect(picked.lat < 58.25 || picked.lng < 12.8).toBe(true);
      await page.locator('#category').selectOption('vandalism');
      const description = unique('Klotter långt utanför kommunen');
      await page.getByLabel('Beskrivning', { exact: true }).fill(description);
      await page.getByTestId('submit-report').click();
      await page.getByTestId('outside-question').getByText('Platsen ligger utanför kommunen — skicka ändå?').waitFor();
      expect(await reportsWithDescription(api, description)).toEqual([]);
      await page.getByTestId('send-outside').click();
      await page.getByTestId('post-outcome').getByText(/Tack! Iakttagelsen/).waitFor();
      const [sent] = (await reportsWithDescription(api, description)) as ReportResponse[];
      expect(sent.area).toBeNull();

      // Made offline, the same kind of point waits in the outbox; refused when the connection returns, it stays there
      // with its reason and is sent when confirmed.
      await context.setOffline(true);
      await page.mouse.click(map.x + 25, map.y + map.height - 25);
      await page.locator('[data-testid="picked-point"][data-lat]').waitFor();
      await page.locator('#category').selectOption('vandalism');
      const offline = unique('Klotter utanför kommunen, utan nät');
      await page.getByLabel('Beskrivning', { exact: true }).fill(offline);
      await page.getByTestId('submit-report').click();
      await page.getByTestId('post-outcome').getByText('sparad på enheten').waitFor();
      const item = page.getByTestId('outbox-item');
      expect(await item.getAttribute('data-state')).toBe('waiting');
      await context.setOffline(false);
      await page.locator('[data-testid="outbox-item"][data-state="rejected"]').waitFor({ timeout: 20_000 });
      expect(await item.getByTestId('outbox-reason').textContent()).toBe('Platsen ligger utanför kommunen.');
      expect(await reportsWithDescription(api, offline)).toEqual([]);
      await item.getByTestId('outbox-send-outside').click();
      // Sent again as confirmed (a new write in the refused one's place), it leaves the outbox.
      await page.waitForFunction(() => !document.querySelector('[data-testid="outbox-item"]'), undefined, { timeout: 20_000 });
      expect(await reportsWithDescription(api, offline)).toHaveLength(1);
    } finally {
      await context.close();
    }
  });

  it('the collaboration admin filters the audit log by kind of record and downloads it as CSV', async () => {
    const { context, page } = await loggedInPage(browser, t.url, demo('kommun', 'admin'), { path: '/forvaltning/loggbok' });
    try {
      await page.getByRole('heading', { level: 1, name: 'Loggbok' }).waitFor();
      await page.getByTestId('audit-row').first().waitFor();
      await page.getByLabel('Posttyp').selectOption('category');
      await page.getByRole('button', { name: 'Visa', exact: true }).click();
      await page.waitForURL(/posttyp=category/);
      await page.getByTestId('audit-row').filter({ hasText: 'category.create' }).waitFor();
      const actions = await page.getByTestId('audit-row').locator('td:nth-child(2)').allTextContents();
      expect(actions.length).toBeGreaterThan(0);
      expect(actions.every((a) => a.startsWith('category.'))).toBe(true);
      await expectNoSeriousViolations(page, 'audit log');

      const download = page.waitForEvent('download');
      await page.getByTestId('audit-download').click();
      const file = await download;
      expect(file.suggestedFilename()).toMatch(/^loggbok-\d{4}-\d{2}-\d{2}\.csv$/);
      const bytes = readFileSync((await file.path())!);
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const lines = bytes.toString('utf8').slice(1).trim().split('\n');
      expect(lines[0]).toBe('Tid;Händelse;Användare;E-post;Organisation;Posttyp;Post-id;Poster;IP-adress;Anrops-id;Detaljer');
      expect(lines.slice(1).every((l) => /;category\.(create|update);/.test(l))).toBe(true);
      expect(lines.length - 1).toBe(actions.length);
    } finally {
      await context.close();
    }
  });
});
