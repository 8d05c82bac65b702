/**
 * Efforts (insatser) in the browser: a coordinator takes up a school's report with a joint effort, links another,
 * follows it to an outcome and resolves the reports; the school sees what was done on its report live. The list's
 * overdue filter, a stale version on the detail page, axe on the new screens, and triage and an effort on a phone.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';


import type { Browser } from 'playwright-core';
import type { EffortResponse, OrganisationResponse, Page as ApiPage, ReportResponse } from '#contracts';
import type { Api } from '../support/api.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { apiLogin, demo, hasChromium, launchBrowser, loggedInPage, removeWebBuild, unique, waitLive, webDist, shot, expectNoSeriousViolations } from './support.js';

// These functions run inside the page (page.evaluate); the test tsconfig has no DOM library, so the few browser
// globals they use are declared here, for this file only.
declare const document: any, window: any;

const DAY = 86_400_000;
const inDays = (d: number) => new Date(Date.now() + d * DAY).toISOString();
async function postReport(api: Api, description: string, over: Record<string, unknown> = {}): Promise<ReportResponse> {
  const res = await api.post<ReportResponse>('/api/reports', {
    category: 'drug_dealing',
    description,
    observedAt: new Date(Date.now() - 3_600_000).toISOString(),
    location: { lat: 58.5003, lng: 13.153 },
    severity: 3,
    ...over,
  });
  if (res.status !== 201) throw new Error(`report: ${res.status} ${res.text}`);
  return res.body;
}

(hasChromium ? describe : describe.skip)('web client: efforts (insatser)', () => {
  let t: TestApp;
  let browser: Browser;
  let staticDir: string;
  let orgs: OrganisationResponse[];
  const org = (name: string) => orgs.find((o) => o.name.startsWith(name))!;

  beforeAll(async () => {
    staticDir = webDist();
    [t, browser] = await Promise.all([startTestApp({ env: { STATIC_DIR: staticDir, SEED_DEMO: 'true' } }), launchBrowser()]);
    const polis = await apiLogin(t.url, demo('polis', 'samordnare'));
    orgs = (await polis.api.get<ApiPage<OrganisationResponse>>('/api/organisations?limit=500')).body.items;
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    removeWebBuild(staticDir);
  });

  it("takes up a school's report with a joint effort, links another, follows it to an outcome; the school sees it live", async () => {
    const school = await apiLogin(t.url, demo('katedral'));
    // The school member's live feed carries what matches a subscription: everything.
    expect((await school.api.post('/api/subscriptions', {})).status).toBe(201);
    const first = await postReport(school.api, unique('Försäljning vid skolans baksida'));
    const second = await postReport(school.api, unique('Langning vid cykelstället'), { category: 'youth_at_risk' });

    // The school's report page is open, in its own browser context, before anything is done about it.
    const reader = await loggedInPage(browser, t.url, demo('katedral'), { path: `/rapporter/${first.id}` });
    const coordinator = await loggedInPage(browser, t.url, demo('polis', 'samordnare'), { path: `/rapporter/${first.id}` });
    const { page } = coordinator;
    try {
      await waitLive(reader.page);
      const efforts = reader.page.getByTestId('report-efforts');
      await efforts.getByText('Ingen insats är kopplad till rapporten ännu.').waitFor();
      await reader.page.evaluate(() => {
        window.__notReloaded = true;
      });

      // From the report: "Skapa insats för den här rapporten".
      await page.getByRole('heading', { name: 'Vad har gjorts' }).waitFor();
      await page.getByRole('link', { name: 'Skapa insats för den här rapporten' }).click();
      await page.getByRole('heading', { level: 1, name: 'Ny insats' }).waitFor();
      await page.getByText('Insatsen kopplas till rapporten').waitFor();
      await expectNoSeriousViolations(page, 'new effort from a report');

      // A drug operation stays with those taking part: the form says so and allows nothing wider.
      await page.getByLabel('Typ av insats').selectOption('drug_operation');
      await page.getByTestId('confidential-note').waitFor();
      expect(await page.getByRole('radio', { name: /^Bara de som deltar/ }).isChecked()).toBe(true);
      expect(await page.getByRole('radio', { name: /^Alla samverkansparter/ }).isDisabled()).toBe(true);

      const title = unique('Närvaro vid Katedralskolan efter skoltid');
      await page.getByLabel('Typ av insats').selectOption('visibility_patrol');
      expect(await page.getByRole('radio', { name: /^Alla samverkansparter/ }).isChecked()).toBe(true);
      await page.getByLabel('Rubrik', { exact: true }).fill(title);
      await page.getByLabel('Beskrivning (frivillig)').fill('Polis och skola går runt skolgården tre eftermiddagar.');
      await page.getByRole('radio', { name: /^Gemensam/ }).check();
      const taking = page.getByTestId('effort-organisations');
      expect(await taking.getByLabel('Polisen Lidköping').isChecked()).toBe(true);
      await taking.getByLabel('Katedralskolan').check();
      await page.getByLabel('Ansvarig organisation').selectOption({ label: 'Polisen Lidköping' });
      await page.locator('#followUpAt').fill(inDays(14).slice(0, 10));
      await shot(page, 'new-effort-filled');
      const created = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/efforts' && r.request().method() === 'POST');
      await page.getByRole('button', { name: 'Spara insats' }).click();
      const res = await created;
      expect(res.status()).toBe(201);
      // Sent through the outbox: with an Idempotency-Key.
      expect(res.request().headers()['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
      const effort = (await res.json()) as EffortResponse;
      expect(effort).toEqual(expect.objectContaining({
        mode: 'joint', type: 'visibility_patrol', visibility: 'partners', linkedReports: 1, organisation: expect.objectContaining({ name: 'Polisen Lidköping' }),
      }));
      expect(effort.organisations.map((o) => o.name).sort()).toEqual(['Katedralskolan', 'Polisen Lidköping']);

      await page.waitForURL(`**/insatser/${effort.id}`);
      await page.getByRole('heading', { level: 1, name: title }).waitFor();
      await page.getByText('Insatsen är sparad.').waitFor();
      const linked = page.getByTestId('effort-reports');
      await linked.locator(`[data-report-id="${first.id}"]`).waitFor();

      // The school sees the effort on its report without reloading.
      await efforts.getByRole('link', { name: title }).waitFor({ timeout: 10_000 });

      // Link the school's second report from the open reports.
      await linked.getByText('Koppla fler rapporter').click();
      await page.getByLabel('Sök bland öppna rapporter').fill(second.description);
      await page.getByTestId('link-candidates').locator(`input[data-report-id="${second.id}"]`).check();
      await expectNoSeriousViolations(page, 'effort detail, linking reports');
      await page.getByRole('button', { name: 'Koppla valda (1)' }).click();
      await linked.getByText('1 rapport är kopplad.').waitFor();
      await linked.locator(`li[data-report-id="${second.id}"]`).waitFor();
      expect((await school.api.get<ReportResponse>(`/api/reports/${second.id}`)).body.status).toBe('in_progress');

      // Ongoing, then done with an outcome.
      await page.getByRole('button', { name: 'Markera som pågående' }).click();
      await page.getByText('Status ändrad till Pågår.').waitFor();
      await page.getByTestId('effort-status').getByText('Pågår').waitFor();
      const outcome = unique('Lugnt alla tre eftermiddagarna, ingen försäljning sågs');
      await page.getByLabel('Resultat', { exact: true }).fill(outcome);
      await page.getByRole('button', { name: 'Markera som genomförd' }).click();
      await page.getByText('Status ändrad till Genomförd.').waitFor();

      // The school's report page shows the outcome, live.
      await efforts.getByText(outcome).waitFor({ timeout: 10_000 });
      await efforts.getByText('Genomförd').waitFor();
      expect(await reader.page.evaluate(() => window.__notReloaded)).toBe(true);
      await shot(reader.page, 'report-with-outcome');

      // The open linked reports are offered for resolution; focus is on the offer.
      const resolve = page.getByTestId('resolve-reports');
      await resolve.waitFor();
      await page.waitForFunction(() => document.activeElement?.id === 'resolve-heading');
      expect(await resolve.locator('li').count()).toBe(2);
      await expectNoSeriousViolations(page, 'effort detail, done, offering resolution');
      await shot(page, 'effort-done');
      await resolve.getByRole('button', { name: 'Markera valda som åtgärdade' }).click();
      await resolve.getByText('2 av 2 rapporter markerades som åtgärdade.').waitFor();
      expect(await resolve.getByTestId('resolve-result').allTextContents()).toEqual(['Markerad som åtgärdad', 'Markerad som åtgärdad']);
      for (const r of [first, second]) expect((await school.api.get<ReportResponse>(`/api/reports/${r.id}`)).body.status).toBe('resolved');

      // An action ("12 besök") through the outbox, and the history.
      await page.getByLabel('Åtgärd', { exact: true }).fill('besök');
      await page.getByLabel('Antal (frivilligt)').fill('12');
      await page.getByRole('button', { name: 'Spara åtgärd' }).click();
      await page.getByTestId('effort-action').getByText('12 besök').waitFor();
      await page.getByRole('heading', { name: 'Historik' }).waitFor();
      await page.locator('.history').getByText(`Resultat: – → ${outcome}`).waitFor();
      await expectNoSeriousViolations(page, 'effort detail with actions and history');
    } finally {
      await reader.context.close();
      await coordinator.context.close();
    }
  }, 120_000);

  it('tells the user when someone else changed the effort meanwhile, and keeps their text', async () => {
    const coordinator = await apiLogin(t.url, demo('polis', 'samordnare'));
    const created = await coordinator.api.post<EffortResponse>('/api/efforts', {
      type: 'speed_check', title: unique('Hastighetskontroll Skaragatan'), mode: 'separate', organisationIds: [org('Polisen').id], plannedStart: inDays(1),
    });
    expect(created.status).toBe(201);
    // A police member without subscriptions: no live update reaches this page, so its version goes stale.
    const { context, page } = await loggedInPage(browser, t.url, demo('polis'), { path: `/insatser/${created.body.id}` });
    try {
      await page.getByRole('heading', { level: 1, name: created.body.title }).waitFor();
      expect((await coordinator.api.patch(`/api/efforts/${created.body.id}`, { version: 1, status: 'ongoing' })).status).toBe(200);
      await page.getByLabel('Resultat', { exact: true }).fill('Tolv fordon kontrollerade, två över gränsen.');
      await page.getByRole('button', { name: 'Spara resultat' }).click();
      await page.getByText('Någon annan ändrade insatsen samtidigt.', { exact: false }).waitFor();
      await page.getByTestId('effort-status').getByText('Pågår').waitFor();
      expect(await page.getByLabel('Resultat', { exact: true }).inputValue()).toBe('Tolv fordon kontrollerade, två över gränsen.');
      await page.getByRole('button', { name: 'Spara resultat' }).click();
      await page.getByText('Resultatet är sparat.').waitFor();
      expect((await coordinator.api.get<EffortResponse>(`/api/efforts/${created.body.id}`)).body.outcome).toBe('Tolv fordon kontrollerade, två över gränsen.');
    } finally {
      await context.close();
    }
  }, 60_000);

  it('lists efforts live, and "förfallna" shows the overdue follow-ups only', async () => {
    const coordinator = await apiLogin(t.url, demo('kommun', 'samordnare'));
    const body = (over: Record<string, unknown>) => ({
      type: 'lighting_fix', mode: 'joint', organisationIds: [org('Lidköpings kommun').id, org('AB Bostäder').id], plannedStart: inDays(-20), ...over,
    });
    const late = (await coordinator.api.post<EffortResponse>('/api/efforts', body({ title: unique('Följ upp belysningen i Stadsparken'), followUpAt: inDays(-1) }))).body;
    const onTime = (await coordinator.api.post<EffortResponse>('/api/efforts', body({ title: unique('Belysning vid cykelbanan'), followUpAt: inDays(5) }))).body;
    expect([late.overdue, onTime.overdue]).toEqual([true, false]);

    const { context, page } = await loggedInPage(browser, t.url, demo('kommun', 'samordnare'), { path: '/insatser' });
    try {
      await page.getByRole('heading', { level: 1, name: 'Insatser' }).waitFor();
      await waitLive(page);
      const list = page.getByTestId('effort-list');
      await list.getByRole('link', { name: onTime.title }).waitFor();
      await list.getByRole('link', { name: late.title }).waitFor();

      // A new effort appears without a reload.
      const fresh = (await coordinator.api.post<EffortResponse>('/api/efforts', body({ title: unique('Klottersanering i tunneln'), type: 'cleanup', plannedStart: inDays(2) }))).body;
      await list.getByRole('link', { name: fresh.title }).waitFor({ timeout: 10_000 });

      await page.getByLabel('Bara förfallna uppföljningar').check();
      await page.waitForURL(/forfallna=1/);
      const overdueRow = list.locator(`[data-effort-id="${late.id}"]`);
      await overdueRow.waitFor();
      await overdueRow.getByTestId('overdue').getByText('Förfallen uppföljning').waitFor();
      await page.waitForFunction((id) => !document.querySelector(`[data-effort-id="${id}"]`), onTime.id);
      expect(await list.locator(`[data-effort-id="${fresh.id}"]`).count()).toBe(0);
      await expectNoSeriousViolations(page, 'efforts, overdue follow-ups');
      await shot(page, 'efforts-overdue');

      // Done: it leaves the overdue list live.
      expect((await coordinator.api.patch(`/api/efforts/${late.id}`, { version: late.version, status: 'done' })).status).toBe(200);
      await overdueRow.waitFor({ state: 'detached', timeout: 10_000 });

      await page.getByLabel('Bara förfallna uppföljningar').uncheck();
      await page.getByLabel('Status', { exact: true }).selectOption({ label: 'Genomförd' });
      await list.locator(`[data-effort-id="${late.id}"]`).waitFor();

      // The empty form, and the form with its errors.
      await page.getByRole('link', { name: 'Ny insats' }).click();
      await page.getByRole('heading', { level: 1, name: 'Ny insats' }).waitFor();
      await expectNoSeriousViolations(page, 'new effort');
      await page.getByLabel('Rubrik', { exact: true }).fill('Samtal med Anna, ring 070-123 45 67');
      await page.getByTestId('effort-title-privacy-warning').getByText('telefonnummer').waitFor();
      await page.getByRole('button', { name: 'Spara insats' }).click();
      const summary = page.getByTestId('error-summary');
      await summary.getByText('Välj typ av insats.').waitFor();
      await expectNoSeriousViolations(page, 'new effort with errors');

      await page.getByTestId('language-switch').click();
      await page.getByRole('heading', { level: 1, name: 'New effort' }).waitFor();
      await page.getByRole('link', { name: 'Efforts', exact: true }).click();
      await page.getByRole('heading', { level: 1, name: 'Efforts' }).waitFor();
      await page.getByLabel('Overdue follow-ups only').waitFor();
      await expectNoSeriousViolations(page, 'efforts in English');
    } finally {
      await context.close();
    }
  }, 90_000);

  it('keeps an effort recorded offline on the device and sends it exactly once when the connection returns', async () => {
    const { context, page } = await loggedInPage(browser, t.url, demo('social'), { path: '/insatser/ny' });
    try {
      await page.getByRole('heading', { level: 1, name: 'Ny insats' }).waitFor();
      await page.getByTestId('effort-organisations').getByLabel('Socialtjänsten Lidköping').waitFor();
      const title = unique('Fältarbete vid Resecentrum fredag kväll');
      await page.getByLabel('Typ av insats').selectOption('concern_talk');
      await page.getByLabel('Rubrik', { exact: true }).fill(title);
      await context.setOffline(true);
      await page.getByRole('button', { name: 'Spara insats' }).click();
      await page.getByTestId('effort-outcome').getByText('sparad på enheten').waitFor();
      const item = page.locator('[data-testid="outbox-item"][data-kind="effort"]');
      await item.getByText(title).waitFor();
      expect(await item.getAttribute('data-state')).toBe('waiting');
      const keys: string[] = [];
      page.on('request', (r) => {
        if (new URL(r.url()).pathname === '/api/efforts' && r.method() === 'POST') keys.push(r.headers()['idempotency-key']);
      });
      await context.setOffline(false);
      await item.waitFor({ state: 'detached', timeout: 30_000 });
      const api = (await apiLogin(t.url, demo('social'))).api;
      const mine = (await api.get<ApiPage<EffortResponse>>('/api/efforts?limit=500')).body.items.filter((e) => e.title === title);
      expect(mine).toHaveLength(1);
      expect(mine[0]).toEqual(expect.objectContaining({ mode: 'separate', type: 'concern_talk', organisation: expect.objectContaining({ name: 'Socialtjänsten Lidköping' }) }));
      expect(keys.length).toBeGreaterThanOrEqual(1);
      expect(new Set(keys).size).toBe(1);
    } finally {
      await context.close();
    }
  }, 60_000);

  it('on a phone (390×844): every triage action is within the screen, and an effort has no sideways scroll', async () => {
    const coordinator = await apiLogin(t.url, demo('polis', 'samordnare'));
    const schoolApi = (await apiLogin(t.url, demo('katedral'))).api;
    const report = await postReport(schoolApi, unique('Stök vid entrén'), { category: 'disorder', severity: 5 });
    const takenUp = await postReport(schoolApi, unique('Försäljning vid busshållplatsen'));
    const effort = (await coordinator.api.post<EffortResponse>('/api/efforts', {
      type: 'school_visit', title: unique('Skolbesök med föräldramöte på Katedralskolan och Stenhammarskolan'), mode: 'joint',
      organisationIds: [org('Polisen').id, org('Katedralskolan').id, org('Lidköpings kommun').id, org('Socialtjänsten').id],
      description: 'Gemensamma besök under tre veckor, med föräldramöten och trygghetsvandringar kvällstid.',
      plannedStart: inDays(-2), plannedEnd: inDays(10), followUpAt: inDays(-1), reportIds: [takenUp.id],
    })).body;
    await coordinator.api.post(`/api/efforts/${effort.id}/actions`, { organisationId: org('Polisen').id, kind: 'besök', count: 12, at: inDays(0), note: 'Lugnt.' });

    const phone = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
    const { context, page } = await loggedInPage(browser, t.url, demo('polis', 'samordnare'), { path: '/triagering', context: phone });
    try {
      const cards = page.getByTestId('triage-cards');
      await cards.locator('li').first().waitFor();
      expect(await page.getByTestId('triage-table').count()).toBe(0);
      const boxes = await cards.locator('button').evaluateAll((buttons: any[]) => buttons.map((b) => {
        const r = b.getBoundingClientRect();
        return { left: r.left, right: r.right, width: r.width };
      }));
      expect(boxes.length).toBeGreaterThan(1);
      const off = boxes.filter((b) => b.left < 0 || b.right > 390 || b.width < 44);
      expect(off).toEqual([]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      // Acknowledging from a card works as from the table.
      const card = cards.locator(`li[data-report-id="${report.id}"]`);
      await card.getByRole('button', { name: 'Kvittera' }).click();
      await page.getByText('Ordningsstörning: status ändrad till Kvitterad.').waitFor();
      await expectNoSeriousViolations(page, 'triage on a phone');
      await shot(page, 'triage-phone');

      await page.goto(`/insatser/${effort.id}`);
      await page.getByRole('heading', { level: 1, name: effort.title }).waitFor();
      await page.getByTestId('effort-action').first().waitFor();
      await page.getByRole('heading', { name: 'Historik' }).waitFor();
      const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
      expect(widths.scroll).toBeLessThanOrEqual(widths.inner);
      const buttons = await page.locator('main button').evaluateAll((bs: any[]) => bs.map((b) => b.getBoundingClientRect()).filter((r) => r.left < 0 || r.right > 390).length);
      expect(buttons).toBe(0);
      await expectNoSeriousViolations(page, 'effort on a phone');
      await shot(page, 'effort-phone');

      await page.goto('/insatser');
      await page.getByTestId('effort-row').first().waitFor();
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await shot(page, 'efforts-phone');
    } finally {
      await context.close();
    }
  }, 90_000);
});
