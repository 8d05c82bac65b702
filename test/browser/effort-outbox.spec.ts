/**
 * Changing an effort without a connection: a police officer in the field marks an effort done with its outcome while
 * offline; the change waits on the device (shown as waiting), and is sent once, with its Idempotency-Key, when the
 * connection returns. A change queued against a version someone else has moved on from is not written over theirs:
 * it is shown refused, with the effort as it now is, and made again on the new version only when the user says so.
 * Linking reports offline waits the same way. Axe on the screens with waiting and refused changes.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import type { EffortResponse, HistoryEntryResponse, OrganisationResponse, Page as ApiPage, ReportResponse } from '#contracts';
import type { Api } from '../support/api.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { apiLogin, demo, expectNoSeriousViolations, hasChromium, launchBrowser, loggedInPage, removeWebBuild, shot, unique, waitLive, webDist } from './support.js';

// The function given to page.waitForFunction runs inside the page; the test tsconfig has no DOM library.
declare const document: any;

const inDays = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString();

/** The Idempotency-Keys of the requests the page sends to `path` with `method`, as they go out. */
function keysOf(page: Page, method: string, path: string): string[] {
  const keys: string[] = [];
  page.on('request', (r) => {
    if (r.method() === method && new URL(r.url()).pathname === path) keys.push(r.headers()['idempotency-key']);
  });
  return keys;
}

(hasChromium ? describe : describe.skip)('web client: changing an effort offline (the outbox)', () => {
  let t: TestApp;
  let browser: Browser;
  let staticDir: string;
  let coordinator: Api;
  let police: OrganisationResponse;

  beforeAll(async () => {
    staticDir = webDist();
    [t, browser] = await Promise.all([startTestApp({ env: { STATIC_DIR: staticDir, SEED_DEMO: 'true' } }), launchBrowser()]);
    coordinator = (await apiLogin(t.url, demo('polis', 'samordnare'))).api;
    police = (await coordinator.get<ApiPage<OrganisationResponse>>('/api/organisations?limit=500')).body.items.find((o) => o.name.startsWith('Polisen'))!;
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    removeWebBuild(staticDir);
  });

  async function newEffort(title: string): Promise<EffortResponse> {
    const res = await coordinator.post<EffortResponse>('/api/efforts', {
      type: 'visibility_patrol', title: unique(title), mode: 'separate', organisationIds: [police.id], plannedStart: inDays(0),
    });
    if (res.status !== 201) throw new Error(`effort: ${res.status} ${res.text}`);
    return res.body;
  }

  const read = async (id: string) => (await coordinator.get<EffortResponse>(`/api/efforts/${id}`)).body;

  it('marks an effort done with an outcome offline: it waits on the device, then is sent once when back online', async () => {
    const effort = await newEffort('Närvaro vid Nya Stadens torg');
    const { context, page } = await loggedInPage(browser, t.url, demo('polis'), { path: `/insatser/${effort.id}` });
    try {
      await page.getByRole('heading', { level: 1, name: effort.title }).waitFor();
      await waitLive(page);
      const keys = keysOf(page, 'PATCH', `/api/efforts/${effort.id}`);

      await context.setOffline(true);
      const outcome = 'Lugnt hela kvällen, två samtal med ungdomar vid kiosken.';
      await page.getByLabel('Resultat', { exact: true }).fill(outcome);
      await page.getByRole('button', { name: 'Markera som genomförd' }).click();
      await page.getByText('Ändringen är sparad på enheten', { exact: false }).waitFor();
      const pending = page.getByTestId('pending-effort-change');
      await pending.waitFor();
      expect(await pending.getAttribute('data-state')).toBe('waiting');
      await pending.getByText('Väntar', { exact: true }).waitFor();
      await pending.getByText('Status: Genomförd').waitFor();
      await pending.getByText(`Resultat: ${outcome}`).waitFor();
      // One change at a time: the next would be made against the same version and refused once this one arrives.
      expect(await page.getByRole('button', { name: 'Markera som genomförd' }).isDisabled()).toBe(true);
      await page.getByText('En ändring av insatsen väntar på att skickas.', { exact: false }).waitFor();
      // The header's outbox count says so too, and the server has nothing yet.
      await page.getByTestId('outbox-badge').getByText('1 väntar på att skickas').waitFor();
      expect(await read(effort.id)).toEqual(expect.objectContaining({ status: 'planned', version: 1, outcome: null }));
      await expectNoSeriousViolations(page, 'effort with a change waiting offline');
      await shot(page, 'effort-change-waiting');

      await context.setOffline(false);
      await pending.waitFor({ state: 'detached', timeout: 30_000 });
      await page.getByText('Din ändring av insatsen är skickad.').waitFor();
      await page.getByTestId('effort-status').getByText('Genomförd').waitFor();
      const now = await read(effort.id);
      expect(now).toEqual(expect.objectContaining({ status: 'done', outcome, version: 2, actualEnd: expect.any(String) }));
      const history = (await coordinator.get<ApiPage<HistoryEntryResponse>>(`/api/efforts/${effort.id}/history`)).body.items;
      expect(history.map((h) => h.action)).toEqual(['created', 'updated']);
      // Sent with one Idempotency-Key, however many tries it took.
      expect(keys.length).toBeGreaterThanOrEqual(1);
      expect(keys.every((k) => /^[0-9a-f-]{36}$/.test(k))).toBe(true);
      expect(new Set(keys).size).toBe(1);
      await page.getByTestId('outbox-badge').waitFor({ state: 'detached' });
    } finally {
      await context.close();
    }
  }, 90_000);

  it('shows a queued change refused as stale, with the effort as it is now, and makes it on the new version only when asked', async () => {
    const effort = await newEffort('Närvaro vid resecentrum');
    const { context, page } = await loggedInPage(browser, t.url, demo('polis'), { path: `/insatser/${effort.id}` });
    try {
      await page.getByRole('heading', { level: 1, name: effort.title }).waitFor();
      await waitLive(page);
      await context.setOffline(true);
      await page.getByRole('button', { name: 'Markera som pågående' }).click();
      const pending = page.getByTestId('pending-effort-change');
      await pending.waitFor();
      // Meanwhile the coordinator writes an outcome: the queued change was made against the version before it.
      const theirs = 'Samordnaren: polisen och kommunen gick tillsammans.';
      expect((await coordinator.patch(`/api/efforts/${effort.id}`, { version: 1, outcome: theirs })).status).toBe(200);

      await context.setOffline(false);
      await page.locator('[data-testid="pending-effort-change"][data-state="rejected"]').waitFor({ timeout: 30_000 });
      await pending.getByTestId('pending-effort-refusal').getByText('Någon annan ändrade insatsen innan din ändring kom fram', { exact: false }).waitFor();
      // Nothing was written over: the effort shows the coordinator's outcome and is still planned, on the server too.
      await page.waitForFunction((text) => document.getElementById('effort-outcome')?.value === text, theirs);
      expect(await read(effort.id)).toEqual(expect.objectContaining({ status: 'planned', outcome: theirs, version: 2 }));
      await page.getByTestId('effort-status').getByText('Planerad').waitFor();
      await expectNoSeriousViolations(page, 'effort with a queued change refused as stale');
      await shot(page, 'effort-change-refused');

      await pending.getByRole('button', { name: 'Gör ändringen på den nya versionen' }).click();
      await pending.waitFor({ state: 'detached', timeout: 15_000 });
      await page.getByText('Ändringen är gjord.').waitFor();
      await page.getByTestId('effort-status').getByText('Pågår').waitFor();
      expect(await read(effort.id)).toEqual(expect.objectContaining({ status: 'ongoing', outcome: theirs, version: 3 }));
    } finally {
      await context.close();
    }
  }, 90_000);

  it('links a report offline: it waits with the effort, and is linked when the connection returns', async () => {
    const kommun = await apiLogin(t.url, demo('kommun'));
    const description = unique('Trasig belysning i gångtunneln vid stationen');
    const report = await kommun.api.post<ReportResponse>('/api/reports', {
      category: 'lighting', description, observedAt: new Date(Date.now() - 3_600_000).toISOString(), location: { lat: 58.5035, lng: 13.1575 },
    });
    expect(report.status).toBe(201);
    const effort = await newEffort('Belysningsrond i centrum');
    const { context, page } = await loggedInPage(browser, t.url, demo('polis'), { path: `/insatser/${effort.id}` });
    try {
      await page.getByRole('heading', { level: 1, name: effort.title }).waitFor();
      const linked = page.getByTestId('effort-reports');
      await linked.getByText('Koppla fler rapporter').click();
      await page.getByLabel('Sök bland öppna rapporter').fill(description);
      await page.getByTestId('link-candidates').locator(`input[data-report-id="${report.body.id}"]`).check();
      await context.setOffline(true);
      await page.getByRole('button', { name: 'Koppla valda (1)' }).click();
      await linked.getByText('Kopplingen är sparad på enheten', { exact: false }).waitFor();
      const pending = linked.getByTestId('pending-link');
      await pending.getByText('1 rapport').waitFor();
      expect(await pending.getAttribute('data-state')).toBe('waiting');
      expect((await read(effort.id)).linkedReports).toBe(0);

      await context.setOffline(false);
      await pending.waitFor({ state: 'detached', timeout: 30_000 });
      await linked.locator(`li[data-report-id="${report.body.id}"]`).waitFor();
      expect((await read(effort.id)).linkedReports).toBe(1);
      expect((await kommun.api.get<ReportResponse>(`/api/reports/${report.body.id}`)).body.status).toBe('in_progress');
    } finally {
      await context.close();
    }
  }, 90_000);
});
