/**
 * Joint meetings in the browser: a coordinator runs the weekly meeting — creates it, opens the agenda, records an item
 * and a decision, turns the decision into a joint effort with two of the agenda's reports; the effort is done with an
 * outcome and the school's report page (open since before) shows it live. The minutes download as a PDF; axe on both
 * screens; the meeting on a phone.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import type { EffortResponse, MeetingDecisionResponse, MeetingResponse, OrganisationResponse, Page as ApiPage, ReportResponse } from '#contracts';
import type { Api } from '../support/api.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { apiLogin, demo, hasChromium, launchBrowser, loggedInPage, removeWebBuild, unique, waitLive, webDist, shot, expectNoSeriousViolations } from './support.js';

// These functions run inside the page (page.evaluate); the test tsconfig has no DOM library.
declare const document: any, window: any;

const DAY = 86_400_000;
async function postReport(api: Api, description: string, over: Record<string, unknown> = {}): Promise<ReportResponse> {
  const res = await api.post<ReportResponse>('/api/reports', {
    category: 'drug_dealing',
    description,
    observedAt: new Date(Date.now() - 600_000).toISOString(),
    location: { lat: 58.5003, lng: 13.153 },
    severity: 5,
    ...over,
  });
  if (res.status !== 201) throw new Error(`report: ${res.status} ${res.text}`);
  return res.body;
}

(hasChromium ? describe : describe.skip)('web client: joint meetings', () => {
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

  it('runs a weekly meeting: agenda, a decision turned into a joint effort with two reports, its outcome live on the school\'s report, the minutes', async () => {
    const school = await apiLogin(t.url, demo('katedral'));
    expect((await school.api.post('/api/subscriptions', {})).status).toBe(201);
    const first = await postReport(school.api, unique('Försäljning vid skolans baksida'));
    const second = await postReport(school.api, unique('Langning vid cykelstället'), { category: 'youth_at_risk' });
    const coordinatorApi = await apiLogin(t.url, demo('kommun', 'samordnare'));

    const reader = await loggedInPage(browser, t.url, demo('katedral'), { path: `/rapporter/${first.id}` });
    const coordinator = await loggedInPage(browser, t.url, demo('kommun', 'samordnare'), { path: '/moten' });
    const { page } = coordinator;
    let meetingId: string | undefined;
    let meetingTitle: string | undefined;
    try {
      await waitLive(reader.page);
      const efforts = reader.page.getByTestId('report-efforts');
      await efforts.getByText('Ingen insats är kopplad till rapporten ännu.').waitFor();
      await reader.page.evaluate(() => {
        window.__notReloaded = true;
      });

      // Möten: a new meeting with three organisations present.
      await page.getByRole('heading', { level: 1, name: 'Möten' }).waitFor();
      await page.getByTestId('new-meeting').click();
      const present = page.getByTestId('meeting-organisations');
      for (const name of ['Polisen Lidköping', 'Katedralskolan', 'Lidköpings kommun']) await present.locator(`#morg-${org(name).id}`).check();
      const title = unique('Samverkansmöte centrum');
      await page.getByLabel('Rubrik (valfri)').fill(title);
      await expectNoSeriousViolations(page, 'meetings list with the new-meeting form');
      await shot(page, 'meetings-new');
      const created = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/meetings' && r.request().method() === 'POST');
      await page.getByTestId('create-meeting').click();
      const res = await created;
      expect(res.status()).toBe(201);
      const meeting = (await res.json()) as MeetingResponse;
      meetingId = meeting.id;
      meetingTitle = title;
      expect(meeting.organisations.map((o) => o.name).sort()).toEqual(['Katedralskolan', 'Lidköpings kommun – trygghetssamordning', 'Polisen Lidköping']);

      // Möte: the agenda has the school's reports among the most severe open ones, linking to their pages.
      await page.waitForURL(`**/moten/${meeting.id}`);
      await page.getByRole('heading', { level: 1, name: title }).waitFor();
      const agendaReports = page.getByTestId('agenda-reports');
      await agendaReports.locator(`a[href="/rapporter/${first.id}"]`).waitFor();
      await agendaReports.locator(`a[href="/rapporter/${second.id}"]`).waitFor();

      // "Diskutera" the first report, with a note.
      await page.getByTestId(`discuss-r-${first.id}`).click();
      await page.locator(`#note-r-${first.id}`).fill('Skolan och polisen tar det vidare.');
      await page.getByTestId(`record-r-${first.id}`).click();
      await page.getByTestId('meeting-items').getByText('Skolan och polisen tar det vidare.').waitFor();

      // A decision, owned by the police, due in two weeks.
      const decisionText = unique('Polisen och skolan går runt skolgården tre eftermiddagar');
      await page.getByLabel('Vad beslutades').fill(decisionText);
      await page.getByTestId('decision-form').getByLabel('Ansvarig organisation').selectOption({ label: 'Polisen Lidköping' });
      const due = new Date(Date.now() + 14 * DAY);
      const dueInput = `${due.getFullYear()}-${String(due.getMonth() + 1).padStart(2, '0')}-${String(due.getDate()).padStart(2, '0')}`;
      await page.locator('#decision-due').fill(dueInput);
      await page.getByTestId('record-decision').click();
      const decision = page.getByTestId('decision').filter({ hasText: decisionText });
      await decision.waitFor();
      await expectNoSeriousViolations(page, 'meeting with an item and a decision');
      await shot(page, 'meeting-desktop');

      // "Gör till insats": prefilled from the decision; joint with the school; the two reports linked.
      await decision.getByTestId('convert-decision').click();
      const form = decision.getByTestId('convert-form');
      expect(await form.locator('input[type="date"]').inputValue()).toBe(dueInput);
      expect(await form.getByLabel('Beskrivning (frivillig)').inputValue()).toBe(decisionText);
      await form.getByLabel('Typ av insats').selectOption('visibility_patrol');
      await form.getByRole('radio', { name: 'Gemensam' }).check();
      const taking = form.getByTestId('convert-organisations');
      expect(await taking.getByLabel('Polisen Lidköping').isChecked()).toBe(true);
      await taking.getByLabel('Katedralskolan').check();
      await form.getByTestId('convert-reports').locator(`input[value="${first.id}"]`).check();
      await form.getByTestId('convert-reports').locator(`input[value="${second.id}"]`).check();
      await expectNoSeriousViolations(page, 'meeting, turning a decision into an effort');
      await shot(page, 'meeting-convert');
      const converted = page.waitForResponse((r) => /\/decisions\/[^/]+\/effort$/.test(new URL(r.url()).pathname));
      await form.getByTestId('convert-submit').click();
      const conv = await converted;
      expect(conv.status()).toBe(201);
      const d = (await conv.json()) as MeetingDecisionResponse;
      expect(d.converted).toBe(true);
      const effortId = d.effort!.id;
      const effortLink = decision.getByTestId('decision-effort');
      await effortLink.waitFor();

      // The effort page shows the links.
      await effortLink.click();
      await page.waitForURL(`**/insatser/${effortId}`);
      const linked = page.getByTestId('effort-reports');
      await linked.locator(`[data-report-id="${first.id}"]`).first().waitFor();
      await linked.locator(`[data-report-id="${second.id}"]`).first().waitFor();
      const effort = (await coordinatorApi.api.get<EffortResponse>(`/api/efforts/${effortId}`)).body;
      expect(effort).toEqual(expect.objectContaining({ mode: 'joint', linkedReports: 2, organisation: expect.objectContaining({ name: 'Polisen Lidköping' }) }));
      await efforts.getByText(effort.title).waitFor({ timeout: 10_000 });

      // Done with an outcome (through the API); the school's report page shows it without reloading.
      const outcome = unique('Lugnt alla tre eftermiddagarna');
      const done = await coordinatorApi.api.patch<EffortResponse>(`/api/efforts/${effortId}`, { version: effort.version, status: 'done', outcome });
      expect(done.status).toBe(200);
      await efforts.getByText(outcome).waitFor({ timeout: 10_000 });
      expect(await reader.page.evaluate(() => window.__notReloaded)).toBe(true);

      // The minutes: a PDF download.
      await page.goto(`/moten/${meeting.id}`);
      await page.getByRole('heading', { level: 1, name: title }).waitFor();
      const minutes = page.waitForResponse((r) => new URL(r.url()).pathname === `/api/meetings/${meeting.id}/minutes`);
      const download = page.waitForEvent('download');
      await page.getByRole('button', { name: 'Protokoll (PDF)' }).click();
      const m = await minutes;
      expect(m.status()).toBe(200);
      expect(m.headers()['content-type']).toMatch(/^application\/pdf/);
      const file = await download;
      expect(file.suggestedFilename()).toMatch(/\.pdf$/);
      const path = await file.path();
      expect(readFileSync(path!).subarray(0, 5).toString('latin1')).toBe('%PDF-');
      await decision.getByTestId('decision-effort').waitFor();
      await expectNoSeriousViolations(page, 'meeting with a decision that became an effort');
    } finally {
      await reader.context.close();
      await coordinator.context.close();
    }

    // On a phone: nothing off-screen.
    const phone = await loggedInPage(browser, t.url, demo('kommun', 'samordnare'), { path: `/moten/${meetingId ?? ''}`, context: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true } });
    try {
      await phone.page.getByTestId('agenda-reports').waitFor();
      await phone.page.getByTestId('convert-decision').first().waitFor({ state: 'attached', timeout: 2000 }).catch(() => undefined);
      await shot(phone.page, 'meeting-390');
      const SHOTS = process.env.SCREENSHOT_DIR;
      if (SHOTS) {
        const height = await phone.page.evaluate(() => document.documentElement.scrollHeight);
        for (const [i, y] of [0, Math.max(0, height - 1400)].entries()) await phone.page.screenshot({ path: join(SHOTS, `meeting-390-part${i}.png`), fullPage: true, clip: { x: 0, y, width: 390, height: 1400 } });
      }
      expect(await phone.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await phone.page.goto('/moten');
      // The list: the meeting among the upcoming ones, with who is present.
      const upcoming = phone.page.getByTestId('upcoming-meetings').locator('li').filter({ hasText: meetingTitle ?? '' });
      await upcoming.getByRole('link', { name: meetingTitle ?? '' }).waitFor();
      await upcoming.getByText('Katedralskolan', { exact: false }).waitFor();
      await phone.page.getByTestId('new-meeting').click();
      await phone.page.getByTestId('meeting-form').waitFor();
      await shot(phone.page, 'meetings-390');
      expect(await phone.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    } finally {
      await phone.context.close();
    }
  }, 180_000);
});
