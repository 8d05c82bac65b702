/**
 * The weekly picture in the browser: a week of reports seeded through the API in an area of its own (far outside the
 * demo's areas) in a fixed past week; a coordinator opens Veckobild, sees the totals and the hotspots, leaves a report
 * out with a reason (a phone number in it is refused at the field first) and the total drops, and freezes the week
 * (when the server on this branch has the freeze route) and sees the snapshot's files; a member sees the same picture
 * without the review controls; the period analysis and the frozen weeks; a phone at 390 px with no action off-screen;
 * the printed page; axe on every screen.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import type { OrganisationResponse, Page as ApiPage, ReportResponse } from '#contracts';
import type { Api } from '../support/api.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { apiLogin, demo, expectNoSeriousViolations, hasChromium, launchBrowser, loggedInPage, removeWebBuild, shot, unique, webDist } from './support.js';

// These functions run inside the page (page.evaluate); the test tsconfig has no DOM library.
declare const document: any, window: any;

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
/** A fixed past week: Monday 2 November 2026 (Stockholm is UTC+1 then), and the four Mondays before it. */
const WEEK = '2026-W45';
const WEEK_DAYS = ['2026-10-05', '2026-10-12', '2026-10-19', '2026-10-26'];
const local = (date: string, time: string) => new Date(`${date}T${time}:00+01:00`).toISOString();
/** The test's own area, north-east of every demo area (Landsbygd ends at 58.62 N, 13.45 E). */
const BOX = { lat: 58.72, lng: 13.62 };
const boundary = { type: 'Polygon', coordinates: [[[13.58, 58.7], [13.66, 58.7], [13.66, 58.74], [13.58, 58.74], [13.58, 58.7]]] };

/** The ISO week of today in Stockholm, and the one before it (the page's default), as the client computes them. */
function stockholmWeeks(): { current: string; lastEnded: string } {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Stockholm', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  const today = new Date(`${parts}T00:00:00Z`);
  const iso = (d: Date) => {
    const thursday = new Date(d.getTime() + (3 - ((d.getUTCDay() + 6) % 7)) * 86_400_000);
    const year = thursday.getUTCFullYear();
    const week = 1 + Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * 86_400_000));
    return `${year}-W${String(week).padStart(2, '0')}`;
  };
  return { current: iso(today), lastEnded: iso(new Date(today.getTime() - 7 * 86_400_000)) };
}

async function ok<T = any>(res: { status: number; text: string; body: any }, status = 200): Promise<T> {
  if (res.status !== status) throw new Error(`${res.status} ${res.text.slice(0, 400)}`);
  return res.body;
}

/** Buttons, links and fields of the page's main part that lie (partly) beyond the phone's width. Tables scroll in their own box. */
async function offScreen(page: Page): Promise<string[]> {
  return page.locator('main a, main button, main input, main select, main summary').evaluateAll((els: any[]) =>
    els
      .filter((el) => !el.closest('.table-wrap') && !el.closest('.leaflet-container') && el.getClientRects().length > 0)
      .map((el) => ({ el, r: el.getBoundingClientRect() }))
      .filter(({ r }) => r.left < -1 || r.right > window.innerWidth + 1)
      .map(({ el, r }) => `${el.tagName} "${(el.textContent ?? el.id ?? '').trim().slice(0, 40)}" ${Math.round(r.left)}..${Math.round(r.right)}`),
  );
}

(hasChromium ? describe : describe.skip)('web client: the weekly picture', () => {
  let t: TestApp;
  let browser: Browser;
  let staticDir: string;
  let areaId: string;
  let areaName: string;
  const places: Record<'torget' | 'parken', string> = { torget: '', parken: '' };
  const placeNames: Record<'torget' | 'parken', string> = { torget: '', parken: '' };
  const torget: ReportResponse[] = [];
  let coordinatorApi: Api;

  beforeAll(async () => {
    staticDir = webDist();
    [t, browser] = await Promise.all([startTestApp({ env: { STATIC_DIR: staticDir, SEED_DEMO: 'true' } }), launchBrowser()]);
    coordinatorApi = (await apiLogin(t.url, demo('kommun', 'samordnare'))).api;
    const school = (await apiLogin(t.url, demo('katedral'))).api;
    areaName = unique('Bildområdet');
    areaId = (await ok(await coordinatorApi.post('/api/areas', { name: areaName, boundary }), 201)).id;
    for (const [key, name, dLat] of [['torget', 'Torget', 0.002], ['parken', 'Parken', 0.008]] as const) {
      placeNames[key] = unique(name);
      places[key] = (await ok(await coordinatorApi.post('/api/places', { name: placeNames[key], areaId, location: { lat: BOX.lat + dLat, lng: BOX.lng } }), 201)).id;
    }
    const post = (body: Record<string, unknown>) => school.post<ReportResponse>('/api/reports', { description: 'Iakttagelse i veckobildens test.', severity: 2, ...body }).then((r) => ok<ReportResponse>(r, 201));
    // Torget: 4 vandalism on Tuesday evening, none before (new).
    for (const m of ['10', '20', '30', '40']) torget.push(await post({ category: 'vandalism', placeId: places.torget, observedAt: local('2026-11-03', `21:${m}`) }));
    // Parken: 3 drug dealing on Friday night, 2 in each of the four weeks before (persistent).
    for (const m of ['00', '10', '20']) await post({ category: 'drug_dealing', severity: 4, placeId: places.parken, observedAt: local('2026-11-06', `22:${m}`) });
    for (const day of WEEK_DAYS) for (const h of ['10', '11']) await post({ category: 'drug_dealing', placeId: places.parken, observedAt: `${day}T${h}:00:00Z` });
    // A grid cell of points (no place): 2 littering on Saturday afternoon (new).
    for (const m of ['00', '30']) await post({ category: 'littering', location: { lat: BOX.lat - 0.012, lng: BOX.lng + 0.015 }, observedAt: local('2026-11-07', `14:${m}`) });
    // Police-reported crime in the area (the police's statistics, uploaded by a coordinator): 10 in October-November, 4 a year earlier.
    const crime = ['month;area;crimeType;count', `2026-10;${areaName};Skadegörelse;5`, `2026-11;${areaName};Skadegörelse;3`, `2026-11;${areaName};Narkotikabrott;2`, `2025-10;${areaName};Skadegörelse;4`].join('\n');
    await ok(await coordinatorApi.request('POST', '/api/crime-stats', `${crime}\n`, { 'content-type': 'text/csv; charset=utf-8' }), 201);
    // An effort of the week in the area, taking up one of Torget's reports.
    const orgs = (await coordinatorApi.get<ApiPage<OrganisationResponse>>('/api/organisations?limit=500')).body.items;
    const kommun = orgs.find((o) => o.name.startsWith('Lidköpings kommun'))!;
    await ok(await coordinatorApi.post('/api/efforts', {
      type: 'visibility_patrol', title: 'Kvällsvandring vid torget', mode: 'separate', organisationIds: [kommun.id], areaIds: [areaId],
      reportIds: [torget[3].id], plannedStart: local('2026-11-04', '19:00'), plannedEnd: local('2026-11-04', '22:00'), visibility: 'partners',
    }), 201);
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    removeWebBuild(staticDir);
  });

  const weekPath = `/lagesbild/vecka?week=${WEEK}&area=`;

  it('shows a coordinator the week, lets a report be left out with a reason, and freezes the week', async () => {
    const { current } = stockholmWeeks();
    const { page, context } = await loggedInPage(browser, t.url, demo('kommun', 'samordnare'), { path: weekPath + areaId });
    try {
      await page.getByRole('heading', { level: 1, name: 'Veckobild' }).waitFor();
      await page.getByTestId('picture-period').getByText('Vecka 45, 2026').waitFor();
      const total = page.getByTestId('total-all');
      await expect(total.textContent()).resolves.toBe('9');
      await page.getByTestId('picture-totals').getByText('upp').first().waitFor();
      // The hotspots: Torget first and new, Parken persistent, the cell named after the area it lies in.
      const hotspots = page.getByTestId('hotspot-table');
      const first = hotspots.locator(`[data-hotspot-key="place:${places.torget}"]`);
      await expect(first.locator('td').first().textContent()).resolves.toBe('1');
      await first.getByText('Ny', { exact: true }).waitFor();
      await hotspots.locator(`[data-hotspot-key="place:${places.parken}"]`).getByText('Bestående').waitFor();
      await hotspots.getByText(`Ruta nära ${areaName}`).waitFor();
      await page.locator('.leaflet-tooltip.hotspot-rank').first().waitFor();
      // Heat map, charts, efforts, open reports.
      await page.getByTestId('heat-table').getByRole('table', { name: 'Iakttagelser per veckodag och timme, vecka 45' }).waitFor();
      await page.getByTestId('category-chart').getByRole('img').waitFor();
      await page.getByTestId('series-chart').getByRole('img').waitFor();
      await page.getByTestId('picture-efforts').getByRole('link', { name: 'Kvällsvandring vid torget' }).waitFor();
      expect(await page.getByTestId('open-reports').locator('a[href^="/rapporter/"]').count()).toBeGreaterThan(0);
      await page.getByTestId('review').waitFor();
      await expectNoSeriousViolations(page, 'weekly picture (coordinator)');
      await shot(page, 'pictures-week-desktop');

      // Leave a Torget report out: a phone number in the reason is refused by the server, shown at the field.
      const row = page.locator(`[data-testid="review-report"][data-report-id="${torget[0].id}"]`);
      await row.getByTestId('exclude').click();
      const reason = row.getByLabel('Varför utelämnas rapporten?');
      await reason.fill('Ring 070-123 45 67');
      await row.getByTestId('confirm-exclude').click();
      await row.getByTestId(`reason-${torget[0].id}-server-error`).getByText('telefonnummer', { exact: false }).waitFor();
      await expectNoSeriousViolations(page, 'weekly picture, a reason refused');
      if (process.env.SCREENSHOT_DIR) await row.screenshot({ path: `${process.env.SCREENSHOT_DIR}/pictures-reason-refused.png` });
      await reason.fill('Dubblett av en annan rapport vid torget');
      const excluded = page.waitForResponse((r) => r.url().includes(`/api/pictures/weekly/${WEEK}/exclusions`) && r.request().method() === 'POST');
      await row.getByTestId('confirm-exclude').click();
      expect((await excluded).status()).toBe(201);
      await page.getByTestId('total-all').getByText('8', { exact: true }).waitFor();
      await page.getByTestId('excluded-note').getByText('1 rapport utelämnad vid granskning.').waitFor();
      const left = page.locator(`[data-testid="excluded-report"][data-report-id="${torget[0].id}"]`);
      await left.getByText('Dubblett av en annan rapport vid torget').waitFor();
      await left.getByRole('button', { name: /^Ta med igen/ }).waitFor();
      expect(await page.locator(`[data-testid="review-report"][data-report-id="${torget[0].id}"]`).count()).toBe(0);
      await shot(page, 'pictures-week-review');

      // "Ta med igen" and out again: the total follows.
      await left.getByRole('button', { name: /^Ta med igen/ }).click();
      await page.getByTestId('total-all').getByText('9', { exact: true }).waitFor();
      // … by keyboard this time: Enter on "Utelämna" opens the reason with focus in it, Enter sends it.
      const again = page.locator(`[data-testid="review-report"][data-report-id="${torget[0].id}"]`);
      await again.getByTestId('exclude').focus();
      await page.keyboard.press('Enter');
      await again.getByLabel('Varför utelämnas rapporten?').waitFor();
      expect(await page.evaluate(() => document.activeElement?.id)).toBe(`reason-${torget[0].id}`);
      await page.keyboard.type('Dubblett av en annan rapport vid torget');
      await page.keyboard.press('Enter');
      await page.getByTestId('total-all').getByText('8', { exact: true }).waitFor();
      // Focus moved to the list of left-out reports (the row it was on is gone).
      expect(await page.evaluate(() => document.activeElement?.textContent)).toMatch(/^Utelämnad rapport/);

      // The files of what is shown: plain links to the API, saved under the server's name.
      for (const [format, magic] of [['pdf', '%PDF-'], ['xlsx', 'PK']] as const) {
        const download = page.waitForEvent('download');
        await page.getByTestId('week-downloads').locator(`a[data-format="${format}"]`).click();
        const file = await download;
        expect(file.suggestedFilename()).toMatch(new RegExp(`\\.${format}$`));
        expect(readFileSync((await file.path())!).subarray(0, magic.length).toString('latin1')).toBe(magic);
      }
      expect(await page.getByTestId('week-downloads').locator('a[data-format="csv"]').getAttribute('href')).toBe(`/api/pictures/weekly?week=${WEEK}&areaId=${areaId}&format=csv`);

      // Freezing: asked first (Cancel gives focus back to the button), then the snapshot and its files.
      const freeze = page.getByTestId('freeze');
      expect(await freeze.isEnabled()).toBe(true);
      await freeze.click();
      await page.getByRole('group').getByText('Frysa vecka 45?', { exact: false }).waitFor();
      await page.getByRole('group').getByRole('button', { name: 'Avbryt' }).click();
      await freeze.waitFor();
      await page.waitForFunction(() => document.activeElement?.dataset?.testid === 'freeze');
      await freeze.click();
      await expectNoSeriousViolations(page, 'weekly picture, freezing asked');
      if (process.env.SCREENSHOT_DIR) await page.getByTestId('freeze-step').screenshot({ path: `${process.env.SCREENSHOT_DIR}/pictures-freeze-asked.png` });
      const frozen = page.waitForResponse((r) => r.url().endsWith(`/api/pictures/weekly/${WEEK}/freeze`));
      await page.getByTestId('confirm-freeze').click();
      expect((await frozen).status()).toBe(201);
      const snapshot = page.getByTestId('week-snapshot');
      await snapshot.getByTestId('snapshot-files').locator('a[data-format="pdf"]').waitFor();
      expect(await snapshot.getByTestId('snapshot-files').locator('a').evaluateAll((as: any[]) => as.map((x) => x.dataset.format).sort())).toEqual(['csv', 'geojson', 'pdf', 'xlsx']);
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('snapshot-h');
      await page.getByTestId('frozen-note').waitFor();
      await page.getByTestId('review-frozen').waitFor();
      expect(await page.getByTestId('exclude').count()).toBe(0);
      await expectNoSeriousViolations(page, 'weekly picture, frozen');
      await shot(page, 'pictures-week-frozen');

      // Unnarrowed, the frozen week is shown as frozen (the joint view); the current picture is a link away.
      await page.goto(`/lagesbild/vecka?week=${WEEK}`);
      await page.locator('[data-testid="frozen-note"][data-view="frozen"]').waitFor();
      await page.getByRole('link', { name: 'Visa den aktuella bilden' }).click();
      await page.locator('[data-testid="frozen-note"][data-view="live"]').waitFor();
      await page.getByRole('link', { name: 'Visa den frysta bilden' }).click();
      await page.locator('[data-testid="frozen-note"][data-view="frozen"]').waitFor();
      await expectNoSeriousViolations(page, 'weekly picture, the frozen view');

      // The frozen weeks: this one, with its files, the same bytes as the API's.
      await page.getByTestId('frozen-note').getByRole('link', { name: 'Se den frysta veckan' }).click();
      await page.getByRole('heading', { level: 1, name: 'Frysta veckor' }).waitFor();
      const card = page.locator(`[data-testid="snapshot"][data-week="${WEEK}"]`);
      await card.getByTestId('snapshot-files').locator('li').first().waitFor();
      const csvLink = card.getByTestId('snapshot-files').locator('a[data-format="csv"]');
      const download = page.waitForEvent('download');
      await csvLink.click();
      const saved = readFileSync((await (await download).path())!);
      const fromApi = await fetch(t.url + (await csvLink.getAttribute('href'))!, { headers: { authorization: `Bearer ${coordinatorApi.token}` } });
      expect(saved.equals(Buffer.from(await fromApi.arrayBuffer()))).toBe(true);
      await expectNoSeriousViolations(page, 'frozen weeks');
      await shot(page, 'pictures-snapshots');

      // A week not over yet cannot be frozen: the button is disabled and says why.
      await page.goto(`/lagesbild/vecka?week=${current}`);
      await page.getByTestId('freeze-not-over').waitFor();
      expect(await page.getByTestId('freeze').isDisabled()).toBe(true);
    } finally {
      await context.close();
    }
  }, 240_000);

  it('shows a member the same picture without the review, by default the last week that has ended', async () => {
    const { page, context } = await loggedInPage(browser, t.url, demo('katedral'), { path: weekPath + areaId });
    try {
      await page.getByRole('heading', { level: 1, name: 'Veckobild' }).waitFor();
      await page.getByTestId('total-all').getByText('8', { exact: true }).waitFor();
      await page.getByTestId('excluded-note').waitFor();
      await page.getByTestId('hotspot-table').waitFor();
      expect(await page.getByTestId('review').count()).toBe(0);
      expect(await page.getByTestId('exclude').count()).toBe(0);
      expect(await page.getByTestId('freeze').count()).toBe(0);
      await expectNoSeriousViolations(page, 'weekly picture (member)');

      // The week picker: the next week, back, and the default.
      await page.getByTestId('next-week').click();
      await page.getByTestId('picture-period').getByText('Vecka 46, 2026').waitFor();
      await page.getByTestId('previous-week').click();
      await page.getByTestId('picture-period').getByText('Vecka 45, 2026').waitFor();
      await page.goto('/lagesbild/vecka');
      await page.getByRole('heading', { level: 1, name: 'Veckobild' }).waitFor();
      expect(await page.locator('#week-input').inputValue()).toBe(stockholmWeeks().lastEnded);
      // The demo's own weeks: the whole collaboration, every area and category.
      await page.getByTestId('total-all').waitFor();
      await page.getByTestId('hotspot-table').waitFor();
      await expectNoSeriousViolations(page, 'weekly picture of the demo (member)');
      await shot(page, 'pictures-week-demo');

      // In English.
      await page.getByTestId('language-switch').click();
      await page.getByRole('heading', { level: 1, name: 'Weekly picture' }).waitFor();
      await page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Analysis' }).waitFor();
      await page.getByTestId('hotspot-table').waitFor();
      await expectNoSeriousViolations(page, 'weekly picture in English');
      await shot(page, 'pictures-week-en');
    } finally {
      await context.close();
    }
  }, 120_000);

  it('analyses a period against a year earlier, with police-reported crime beside the observations', async () => {
    const { page, context } = await loggedInPage(browser, t.url, demo('kommun', 'samordnare'), { path: `/lagesbild/period?from=2026-10-01&to=2026-11-30&area=${areaId}` });
    try {
      await page.getByRole('heading', { level: 1, name: 'Analys' }).waitFor();
      await page.getByTestId('total-all').getByText('16', { exact: true }).waitFor();
      await page.getByTestId('ranking').getByText(areaName).waitFor();
      await page.getByRole('heading', { name: 'Polisanmälda brott (polisens statistik)' }).waitFor();
      // Beside the observations, never added to them: 10 reported crimes, 4 a year earlier; the observations stay 16.
      const crimeRow = page.getByTestId('crime-table').getByRole('row').filter({ hasText: areaName });
      expect((await crimeRow.locator('td').allTextContents()).map((x) => x.trim())).toEqual(['10', '4 (+6)', 'Skadegörelse 8, Narkotikabrott 2']);
      await expect(page.getByTestId('total-all').textContent()).resolves.toBe('16');
      await page.getByTestId('hotspot-table').getByText(placeNames.torget).waitFor();
      await page.getByTestId('efforts-by-type').waitFor();
      await expectNoSeriousViolations(page, 'period analysis');
      await shot(page, 'pictures-period-desktop');
      const download = page.waitForEvent('download');
      await page.getByTestId('period-downloads').locator('a[data-format="geojson"]').click();
      const geo = JSON.parse(readFileSync((await (await download).path())!, 'utf8'));
      expect(geo.type).toBe('FeatureCollection');
      // The default: a tertial, chosen in the picker.
      // (The choice lives in the address: the radio is checked once the address has it, a moment after the click.)
      await page.getByRole('radio', { name: 'Tertial' }).click();
      await page.locator('#period-tertial').waitFor();
      expect(await page.getByRole('radio', { name: 'Tertial' }).isChecked()).toBe(true);
      await page.getByTestId('analysis-period').getByText('jämfört med', { exact: false }).waitFor();
      await expectNoSeriousViolations(page, 'period analysis, a tertial');
    } finally {
      await context.close();
    }
  }, 120_000);

  it('fits a phone: nothing to act on beyond 390 px, tables scroll in their own box', async () => {
    const { page, context } = await loggedInPage(browser, t.url, demo('kommun', 'samordnare'), { path: weekPath + areaId, context: PHONE });
    try {
      await page.getByTestId('total-all').waitFor();
      await page.getByTestId('hotspot-table').waitFor();
      await page.getByTestId('review').waitFor();
      await shot(page, 'pictures-week-390');
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      expect(await offScreen(page)).toEqual([]);
      await expectNoSeriousViolations(page, 'weekly picture on a phone');

      await page.goto(`/lagesbild/period?from=2026-10-01&to=2026-11-30&area=${areaId}`);
      await page.getByTestId('ranking').waitFor();
      await shot(page, 'pictures-period-390');
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      expect(await offScreen(page)).toEqual([]);
      await expectNoSeriousViolations(page, 'period analysis on a phone');

      // The demo's whole week (every area and category) and the frozen weeks.
      await page.goto('/lagesbild/vecka');
      await page.getByTestId('area-table').waitFor();
      await page.getByTestId('hotspot-table').waitFor();
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      expect(await offScreen(page)).toEqual([]);
      await page.goto('/lagesbild/snapshots');
      await page.getByTestId('snapshot-files').first().waitFor();
      await shot(page, 'pictures-snapshots-390');
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      expect(await offScreen(page)).toEqual([]);
      await expectNoSeriousViolations(page, 'frozen weeks on a phone');
    } finally {
      await context.close();
    }
  }, 120_000);

  it('prints the week on A4 without the navigation, the filters or the buttons', async () => {
    const { page, context } = await loggedInPage(browser, t.url, demo('kommun', 'samordnare'), { path: weekPath + areaId, context: { viewport: { width: 794, height: 1123 } } });
    try {
      await page.getByTestId('hotspot-table').waitFor();
      await page.emulateMedia({ media: 'print' });
      expect(await page.locator('.site-header').isVisible()).toBe(false);
      expect(await page.locator('.picture-filters').isVisible()).toBe(false);
      expect(await page.getByTestId('review').isVisible()).toBe(false);
      expect(await page.getByTestId('week-downloads').isVisible()).toBe(false);
      expect(await page.getByTestId('category-chart').isVisible()).toBe(true);
      expect(await page.getByTestId('heat-table').isVisible()).toBe(true);
      await shot(page, 'pictures-week-print');
      const pdf = await page.pdf({ format: 'A4', printBackground: false });
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    } finally {
      await context.close();
    }
  }, 120_000);
});
