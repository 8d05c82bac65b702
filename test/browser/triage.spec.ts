/**
 * Triage in the browser: a coordinator filters the queue, acknowledges two reports at once, gives one to the police,
 * answers another from a template and resolves it — the author's report page, open beforehand, shows the answer
 * without reloading — and merges a duplicate pair, which leaves the queue. On a phone every triage action is on the
 * screen; axe finds nothing serious on any of it.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';


import type { Browser, Page } from 'playwright-core';
import type { ReportResponse, TriageSettingsResponse } from '#contracts';
import type { Api } from '../support/api.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { apiLogin, demo, hasChromium, launchBrowser, loggedInPage, removeWebBuild, unique, waitLive, webDist, shot, expectNoSeriousViolations } from './support.js';

// These functions run inside the page (page.evaluate); the test tsconfig has no DOM library, so the few browser
// globals they use are declared here, for this file only.
declare const document: any, window: any;

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();

async function postReport(api: Api, description: string, over: Record<string, unknown> = {}): Promise<ReportResponse> {
  const res = await api.post<ReportResponse>('/api/reports', {
    category: 'threat_to_staff',
    description,
    observedAt: hoursAgo(1),
    location: { lat: 58.5003, lng: 13.153 },
    severity: 4,
    ...over,
  });
  if (res.status !== 201) throw new Error(`report: ${res.status} ${res.text}`);
  return res.body;
}

/** Every button (and select) inside `selector` lies within the phone's width and is at least 44 px wide. */
async function offScreen(page: Page, selector: string): Promise<{ text: string; left: number; right: number; width: number }[]> {
  return page.locator(selector).evaluateAll((els: any[]) =>
    els
      .map((el) => {
        const r = el.getBoundingClientRect();
        return { text: (el.textContent ?? '').trim().slice(0, 40), left: r.left, right: r.right, width: r.width };
      })
      .filter((b) => b.left < 0 || b.right > window.innerWidth || b.width < 44),
  );
}

(hasChromium ? describe : describe.skip)('web client: triage', () => {
  let t: TestApp;
  let browser: Browser;
  let staticDir: string;

  beforeAll(async () => {
    staticDir = webDist();
    [t, browser] = await Promise.all([startTestApp({ env: { STATIC_DIR: staticDir, SEED_DEMO: 'true' } }), launchBrowser()]);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    removeWebBuild(staticDir);
  });

  it('filters the queue, acknowledges two at once, assigns one, answers one from a template; the author sees the answer live', async () => {
    const school = await apiLogin(t.url, demo('katedral'));
    // The author's live feed carries what matches a subscription: everything.
    expect((await school.api.post('/api/subscriptions', {})).status).toBe(201);
    const [a, b, c] = [
      await postReport(school.api, unique('Hot mot vaktmästaren vid entrén')),
      await postReport(school.api, unique('Elev hotade lärare på skolgården')),
      await postReport(school.api, unique('Hotfull stämning vid matsalen')),
    ];

    // The author's page of the report to be answered is open, in its own browser context, before anything is done.
    const reader = await loggedInPage(browser, t.url, demo('katedral'), { path: `/rapporter/${a.id}` });
    const coordinator = await loggedInPage(browser, t.url, demo('kommun', 'samordnare'), { path: '/triagering' });
    const { page } = coordinator;
    try {
      await waitLive(reader.page);
      await reader.page.getByRole('heading', { level: 1, name: /Hot mot personal/ }).waitFor();
      expect(await reader.page.getByTestId('report-answer').count()).toBe(0);
      await reader.page.evaluate(() => {
        window.__notReloaded = true;
      });

      // The queue, filtered: the school's threats to staff of severity 4 or higher.
      await page.getByRole('heading', { level: 1, name: 'Triagering' }).waitFor();
      await page.getByTestId('triage-table').waitFor();
      await page.getByLabel('Rapporterad av').selectOption({ label: 'Katedralskolan' });
      await page.locator('#triage-severity').selectOption('4');
      await page.locator('.triage-filters .category-filter summary').click();
      await page.getByRole('checkbox', { name: 'Hot mot personal', exact: true }).check();
      // The filters are mirrored in the address (a link or a reload keeps them).
      await page.waitForFunction(() => /kategori=threat_to_staff/.test(window.location.search) && /organisation=/.test(window.location.search) && /grad=4/.test(window.location.search));
      const table = page.getByTestId('triage-table');
      for (const r of [a, b, c]) await table.locator(`tr[data-report-id="${r.id}"]`).waitFor();
      const rows = table.locator('tbody tr[data-report-id]');
      const shown = await rows.evaluateAll((trs: any[]) => trs.map((tr) => tr.textContent as string));
      expect(shown.length).toBeGreaterThanOrEqual(3);
      for (const text of shown) expect(text).toContain('Katedralskolan');
      for (const text of shown) expect(text).toContain('Hot mot personal');
      // Older than 24 hours: the new ones are not.
      await page.getByLabel('Ålder').selectOption({ label: 'Äldre än 24 h' });
      await page.waitForFunction(() => /aldre=24/.test(window.location.search));
      await page.locator(`tr[data-report-id="${a.id}"]`).waitFor({ state: 'detached' });
      await page.getByLabel('Ålder').selectOption({ label: 'Alla' });
      await table.locator(`tr[data-report-id="${a.id}"]`).waitFor();
      await expectNoSeriousViolations(page, 'triage, filtered');

      // Acknowledge two at once.
      await table.locator(`input[data-testid="choose-report"][data-report-id="${a.id}"]`).check();
      await table.locator(`input[data-testid="choose-report"][data-report-id="${b.id}"]`).check();
      await page.getByRole('button', { name: 'Kvittera valda (2)' }).click();
      await page.getByText('2 rapporter kvitterade.').waitFor();
      const status = async (id: string) => (await school.api.get<ReportResponse>(`/api/reports/${id}`)).body.status;
      expect([await status(a.id), await status(b.id), await status(c.id)]).toEqual(['acknowledged', 'acknowledged', 'new']);
      await table.locator(`tr[data-report-id="${a.id}"]`).getByText('Kvitterad').waitFor();

      // The author may no longer resolve or close a report a coordinator took up.
      await reader.page.getByTestId('cannot-change').getByText('En samordnare har tagit upp rapporten.', { exact: false }).waitFor({ timeout: 10_000 });
      expect(await reader.page.getByTestId('status-resolved').count()).toBe(0);
      expect(await reader.page.getByTestId('status-closed').count()).toBe(0);
      await shot(reader.page, 'report-taken-up');

      // Give one to the police.
      const rowB = table.locator(`tr[data-report-id="${b.id}"]`);
      await rowB.getByRole('button', { name: /^Tilldela, svara, dubbletter/ }).click();
      const toolsB = page.locator(`#tools-${b.id}`);
      await toolsB.getByLabel('Ge rapporten till').selectOption({ label: 'Polisen Lidköping' });
      await toolsB.getByRole('button', { name: 'Spara tilldelning' }).click();
      await toolsB.getByText('Rapporten är tilldelad Polisen Lidköping.').waitFor();
      await rowB.getByTestId('assigned-mark').getByText('Tilldelad Polisen Lidköping').waitFor();
      expect((await school.api.get<ReportResponse>(`/api/reports/${b.id}`)).body.assignedTo?.name).toBe('Polisen Lidköping');
      await expectNoSeriousViolations(page, 'triage, assigning');
      await rowB.getByRole('button', { name: /^Tilldela, svara, dubbletter/ }).click();
      await toolsB.waitFor({ state: 'detached' });

      // A template, from the settings.
      const templateTitle = unique('Ökad närvaro');
      const templateBody = 'Tack för rapporten! Polisen och kommunen har ökat närvaron vid skolan under eftermiddagarna.';
      await page.getByText('Inställningar: dubbletter och svarsmallar').click();
      await page.getByLabel('Mallens namn').fill(templateTitle);
      await page.getByLabel('Text', { exact: true }).fill(templateBody);
      await page.getByRole('button', { name: 'Spara mall' }).click();
      await page.getByText(`Mallen ”${templateTitle}” är sparad.`).waitFor();
      await expectNoSeriousViolations(page, 'triage, settings open');
      await shot(page, 'triage-settings');
      await page.getByText('Inställningar: dubbletter och svarsmallar').click();

      // Answer A from the template, and resolve it: it leaves the queue, and the author sees the answer live.
      const rowA = table.locator(`tr[data-report-id="${a.id}"]`);
      await rowA.getByRole('button', { name: /^Tilldela, svara, dubbletter/ }).click();
      const toolsA = page.locator(`#tools-${a.id}`);
      await toolsA.getByLabel('Svarsmall').selectOption({ label: templateTitle });
      await toolsA.getByRole('button', { name: 'Använd mallen' }).click();
      const answer = toolsA.getByLabel('Svar till rapportören');
      expect(await answer.inputValue()).toBe(templateBody);
      // A phone number typed into the answer is warned about at once.
      await answer.fill(`${templateBody} Ring 070-123 45 67.`);
      await toolsA.getByText('Texten verkar innehålla personuppgifter', { exact: false }).waitFor();
      await answer.fill(templateBody);
      await toolsA.getByLabel('Markera samtidigt rapporten som åtgärdad').check();
      await expectNoSeriousViolations(page, 'triage, answering');
      await shot(page, 'triage-answering');
      await toolsA.getByRole('button', { name: 'Skicka svar' }).click();
      await page.getByText('Svaret är skickat och rapporten är markerad som åtgärdad.', { exact: false }).first().waitFor();
      await rowA.waitFor({ state: 'detached' });
      const answered = (await school.api.get<ReportResponse>(`/api/reports/${a.id}`)).body;
      expect(answered).toEqual(expect.objectContaining({ status: 'resolved', answer: expect.objectContaining({ body: templateBody }) }));

      const shownAnswer = reader.page.getByTestId('report-answer');
      await shownAnswer.getByText(templateBody).waitFor({ timeout: 10_000 });
      await shownAnswer.getByRole('heading', { name: 'Svar från Lidköpings kommun – trygghetssamordning' }).waitFor();
      await reader.page.locator('.head-badges').getByText('Åtgärdad').waitFor();
      expect(await reader.page.evaluate(() => window.__notReloaded)).toBe(true);
      await expectNoSeriousViolations(reader.page, 'report with an answer');
      await shot(reader.page, 'report-answered');

      // The report page shows who has a report.
      await reader.page.goto(`/rapporter/${b.id}`);
      await reader.page.getByTestId('report-assigned').getByText('Polisen Lidköping').waitFor();

      // An organisation that may not see a report cannot be given it, and the choice says why.
      const own = await postReport((await apiLogin(t.url, demo('kommun'))).api, unique('Kommunens egen iakttagelse'), { visibility: 'own' });
      await page.goto(`/rapporter/${own.id}`);
      const assign = page.getByTestId('report-triage').getByLabel('Ge rapporten till');
      await assign.waitFor();
      const police = assign.locator('option', { hasText: 'Polisen Lidköping' });
      expect(await police.textContent()).toBe('Polisen Lidköping (ser inte rapporten)');
      expect(await police.isDisabled()).toBe(true);
      expect(await assign.locator('option', { hasText: 'Lidköpings kommun' }).isDisabled()).toBe(false);
    } finally {
      await reader.context.close();
      await coordinator.context.close();
    }
  }, 180_000);

  it('shows a duplicate pair with its distance and time apart, merges it, and the duplicate leaves the queue', async () => {
    const police = await apiLogin(t.url, demo('polis'));
    const school = await apiLogin(t.url, demo('katedral'));
    const first = await postReport(police.api, unique('Inbrott i förrådet vid idrottshallen'), {
      category: 'burglary', location: { lat: 58.496, lng: 13.145 }, observedAt: hoursAgo(3), severity: 3,
    });
    const second = await postReport(school.api, unique('Förrådsdörren uppbruten vid idrottshallen'), {
      category: 'burglary', location: { lat: 58.4963, lng: 13.1452 }, observedAt: hoursAgo(2), severity: 3,
    });

    const { context, page } = await loggedInPage(browser, t.url, demo('kommun', 'samordnare'), { path: '/triagering?kategori=burglary' });
    try {
      await waitLive(page);
      const table = page.getByTestId('triage-table');
      const row = table.locator(`tr[data-report-id="${first.id}"]`);
      await row.waitFor();
      await table.locator(`tr[data-report-id="${second.id}"]`).waitFor();
      await row.getByRole('button', { name: /^Tilldela, svara, dubbletter/ }).click();
      const tools = page.locator(`#tools-${first.id}`);
      const candidate = tools.locator(`[data-testid="duplicate"][data-report-id="${second.id}"]`);
      await candidate.waitFor();
      expect(await tools.getByText('Rapporter i samma kategori inom 150 meter och 72 timmar från den här.').count()).toBe(1);
      const apart = await candidate.getByTestId('duplicate-apart').textContent();
      expect(apart).toMatch(/^3\d m bort, 1 h ifrån · Katedralskolan/);

      await candidate.getByRole('button', { name: /^Slå ihop/ }).click();
      const confirm = candidate.getByTestId('merge-confirm');
      await confirm.waitFor();
      await page.waitForFunction(() => document.activeElement?.tagName === 'H4');
      // Both directions are possible: the first reported is kept by default, and the words say which.
      expect(await confirm.getByLabel('Behåll den här rapporten').isChecked()).toBe(true);
      expect(await confirm.getByTestId('merge-explain').textContent()).toMatch(/^Den här rapporten \(Polisen Lidköping, sågs .+\) behålls\. Den andra rapporten \(Katedralskolan, sågs .+\) stängs/);
      await expectNoSeriousViolations(page, 'triage, confirming a merge');
      await shot(page, 'triage-merge');
      await confirm.getByRole('button', { name: 'Slå ihop' }).click();
      await tools.getByText('Rapporterna är ihopslagna.').waitFor();
      await table.locator(`tr[data-report-id="${second.id}"]`).waitFor({ state: 'detached' });
      expect((await police.api.get<ReportResponse>(`/api/reports/${second.id}`)).body).toEqual(expect.objectContaining({ mergedInto: first.id, status: 'closed' }));
      expect(await candidate.count()).toBe(0);

      // Live: a report appears in the queue when it is posted, and leaves it when another coordinator merges it.
      const coordinator = await apiLogin(t.url, demo('kommun', 'samordnare'));
      const third = await postReport(school.api, unique('Ännu ett uppbrutet förråd vid idrottshallen'), {
        category: 'burglary', location: { lat: 58.4962, lng: 13.1451 }, observedAt: hoursAgo(1), severity: 3,
      });
      await table.locator(`tr[data-report-id="${third.id}"]`).waitFor({ timeout: 10_000 });
      expect((await coordinator.api.post(`/api/reports/${third.id}/merge`, { intoReportId: first.id })).status).toBe(200);
      await table.locator(`tr[data-report-id="${third.id}"]`).waitFor({ state: 'detached', timeout: 10_000 });

      // The merged report points to the one kept.
      await page.goto(`/rapporter/${second.id}`);
      const notice = page.getByTestId('merged-notice');
      await notice.waitFor();
      await expectNoSeriousViolations(page, 'a merged report');
      await shot(page, 'report-merged');
      await notice.getByRole('link', { name: 'Gå till rapporten den slogs ihop med' }).click();
      await page.waitForURL(`**/rapporter/${first.id}`);
      await page.getByTestId('report-triage').getByTestId('no-duplicates').waitFor();
      await expectNoSeriousViolations(page, 'report page of a coordinator');
      await shot(page, 'report-coordinator');

      // The thresholds are the collaboration's: changed in the settings, and back.
      const template = (await coordinator.api.post<{ id: string; title: string }>('/api/answer-templates', { title: unique('Tack, vi tittar på det'), body: 'Tack! Vi tittar på det.' })).body;
      await page.goto('/triagering');
      await page.getByText('Inställningar: dubbletter och svarsmallar').click();
      await page.getByLabel('Högst avstånd (meter)').fill('0');
      await page.getByRole('button', { name: 'Spara gränserna' }).click();
      await page.getByText(/Ange ett heltal från 1 till 10\s000\./).waitFor();
      await page.getByLabel('Högst avstånd (meter)').fill('40');
      await page.getByLabel('Högst tid mellan (timmar)').fill('24');
      await page.getByRole('button', { name: 'Spara gränserna' }).click();
      await page.getByText('Gränserna för dubbletter är sparade.').waitFor();
      expect((await coordinator.api.get<TriageSettingsResponse>('/api/triage/settings')).body).toEqual({ duplicateDistanceM: 40, duplicateWindowHours: 24 });
      expect((await coordinator.api.put('/api/triage/settings', { duplicateDistanceM: 150, duplicateWindowHours: 72 })).status).toBe(200);

      // A template is deleted after a confirmation, which takes focus; cancelling gives it back to the button.
      const item = page.getByTestId('answer-templates').locator('li', { hasText: template.title });
      await item.getByRole('button', { name: /^Ta bort/ }).click();
      await page.waitForFunction((title) => document.activeElement?.textContent === `Ta bort mallen ”${title}”?`, template.title);
      await item.getByRole('button', { name: 'Avbryt' }).click();
      await page.waitForFunction(() => (document.activeElement?.id ?? '').startsWith('delete-template-'));
      await item.getByRole('button', { name: /^Ta bort/ }).click();
      await item.getByRole('button', { name: 'Ja, ta bort' }).click();
      await page.getByText('Mallen är borttagen.').waitFor();
      await item.waitFor({ state: 'detached' });
      const left = (await coordinator.api.get<{ items: { id: string }[] }>('/api/answer-templates')).body.items.map((x) => x.id);
      expect(left).not.toContain(template.id);
    } finally {
      await context.close();
    }
  }, 120_000);

  it('on a phone (390×844): every triage action, opened and confirming, is on the screen', async () => {
    const school = await apiLogin(t.url, demo('katedral'));
    const police = await apiLogin(t.url, demo('polis'));
    const one = await postReport(school.api, unique('Mopedister kör över skolgården på rasten, ett långt ord: Katedralskolegårdsövervakningen'), {
      category: 'reckless_driving', location: { lat: 58.4975, lng: 13.1405 }, severity: 5,
    });
    const two = await postReport(police.api, unique('Mopeder på skolgården'), { category: 'reckless_driving', location: { lat: 58.4976, lng: 13.1406 }, severity: 5 });

    const { context, page } = await loggedInPage(browser, t.url, demo('polis', 'samordnare'), { path: '/triagering?kategori=reckless_driving', context: PHONE });
    try {
      const cards = page.getByTestId('triage-cards');
      const card = cards.locator(`li[data-report-id="${one.id}"]`);
      await card.waitFor();
      expect(await page.getByTestId('triage-table').count()).toBe(0);
      expect(await offScreen(page, '[data-testid="triage-cards"] button, [data-testid="bulk-bar"] button')).toEqual([]);
      expect(await offScreen(page, '.triage-filters select')).toEqual([]);

      await card.getByRole('button', { name: /^Tilldela, svara, dubbletter/ }).click();
      const tools = page.locator(`#tools-${one.id}`);
      await tools.getByTestId('duplicates-tool').locator(`[data-report-id="${two.id}"]`).waitFor();
      await tools.getByLabel('Ge rapporten till').waitFor();
      expect(await offScreen(page, `li[data-report-id="${one.id}"] button, li[data-report-id="${one.id}"] select, li[data-report-id="${one.id}"] textarea`)).toEqual([]);
      await tools.locator(`[data-report-id="${two.id}"]`).getByRole('button', { name: /^Slå ihop/ }).click();
      await tools.getByTestId('merge-confirm').waitFor();
      expect(await offScreen(page, `li[data-report-id="${one.id}"] button`)).toEqual([]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await expectNoSeriousViolations(page, 'triage on a phone, tools open');
      await shot(page, 'triage-phone-tools');

      // Choosing on a card and acknowledging from the bar.
      await card.getByRole('checkbox', { name: /^Välj/ }).check();
      await page.getByRole('button', { name: 'Kvittera valda (1)' }).click();
      await page.getByText('1 rapport kvitterad.').waitFor();

      // The report page of a coordinator on a phone: the tools within reach, nothing sideways.
      await page.goto(`/rapporter/${one.id}`);
      await page.getByTestId('report-triage').waitFor();
      await page.getByTestId('duplicates-tool').locator(`[data-report-id="${two.id}"]`).waitFor();
      expect(await offScreen(page, 'main button, main select')).toEqual([]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await expectNoSeriousViolations(page, 'report page of a coordinator on a phone');
      await shot(page, 'report-phone-coordinator');
    } finally {
      await context.close();
    }
  }, 120_000);
});
