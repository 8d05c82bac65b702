import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import type { ReportResponse } from '#contracts';
import { Api } from '../support/api.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { apiLogin, demo, DEMO_PASSWORD, hasChromium, launchBrowser, removeWebBuild, loggedInPage, reportsWithDescription, unique, waitLive, webDist } from './support.js';

// These functions run inside the page (page.evaluate); the test tsconfig has no DOM library, so the few browser
// globals they use are declared here, for this file only.
declare const localStorage: any, indexedDB: any, navigator: any;


/** Fills and sends the observation form (the page is on /rapportera); returns the POST's answer, if one came. */
async function postObservation(page: Page, o: { description: string; category?: string; place?: string; visibility?: 'own' | 'partners' }) {
  await page.getByLabel('Plats', { exact: true }).selectOption({ label: o.place ?? 'Nya Stadens torg' });
  await page.getByLabel('Kategori').selectOption(o.category ?? 'vandalism');
  if (o.visibility === 'own') await page.getByLabel('Bara min organisation').check();
  await page.getByLabel('Beskrivning').fill(o.description);
  await page.getByRole('button', { name: 'Skicka iakttagelse' }).click();
}

async function postAndWait(page: Page, o: Parameters<typeof postObservation>[1]): Promise<{ report: ReportResponse; at: number }> {
  const response = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/reports' && r.request().method() === 'POST');
  await postObservation(page, o);
  const res = await response;
  expect(res.status()).toBe(201);
  const at = Date.now();
  return { report: (await res.json()) as ReportResponse, at };
}

(hasChromium ? describe : describe.skip)('web client: log in, live picture, privacy, offline', () => {
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

  it('serves the client at / with lang="sv", falls back to index.html for client routes, and never shadows /api', async () => {
    const root = await fetch(`${t.url}/`, { headers: { accept: 'text/html' } });
    expect(root.status).toBe(200);
    expect(await root.text()).toContain('<html lang="sv">');
    const deep = await fetch(`${t.url}/rapporter/00000000-0000-4000-8000-000000000000`, { headers: { accept: 'text/html' } });
    expect(deep.status).toBe(200);
    expect(await deep.text()).toContain('id="root"');
    const api = await fetch(`${t.url}/api/does-not-exist`, { headers: { accept: 'text/html' } });
    expect(api.status).toBe(404);
    expect(api.headers.get('content-type')).toContain('application/json');
  });

  it('logs in with a demo account, in Swedish, and logs out', async () => {
    const context = await browser.newContext({ baseURL: t.url });
    const page = await context.newPage();
    await page.goto('/');
    expect(await page.getAttribute('html', 'lang')).toBe('sv');
    await page.getByRole('heading', { name: 'Logga in' }).waitFor();
    await page.getByLabel('E-postadress').fill(demo('polis'));
    await page.getByLabel('Lösenord').fill('fel lösenord 123');
    await page.getByRole('button', { name: 'Logga in' }).click();
    await page.getByText('Fel e-postadress eller lösenord.').waitFor();
    await page.getByLabel('Lösenord').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Logga in' }).click();
    await page.waitForURL('**/lagesbild');
    await page.getByRole('heading', { level: 1, name: 'Lägesbild' }).waitFor();
    await page.getByRole('heading', { name: 'Liveflöde' }).waitFor();
    await waitLive(page);
    await page.getByTestId('logout').click();
    await page.waitForURL('**/logga-in');
    expect(await page.evaluate(() => localStorage.getItem('lagesbild.session'))).toBeNull();
    await context.close();
  }, 60_000);

  it("shows an observation live, within a second, on another organisation's screen; an `own` report never reaches a third organisation", async () => {
    const poster = await loggedInPage(browser, t.url, demo('polis'), { path: '/rapportera' });
    const watcher = await loggedInPage(browser, t.url, demo('social')); // a member: relies on the subscription the client ensures
    const third = await loggedInPage(browser, t.url, demo('katedral'));
    try {
      await Promise.all([waitLive(poster.page), waitLive(watcher.page), waitLive(third.page)]);
      await poster.page.getByRole('heading', { name: 'Rapportera iakttagelse' }).waitFor();

      // An `own` report first: only Polisen may see it.
      const secret = unique('Spaning pågår vid torget, bara polisen');
      const own = await postAndWait(poster.page, { description: secret, category: 'drug_dealing', visibility: 'own' });
      expect(own.report.visibility).toBe('own');
      await poster.page.getByTestId('post-outcome').getByText('Tack!').waitFor();

      // Then a report for every partner: it must appear on the other screens without a reload.
      const shared = unique('Klotter på busskuren vid torget');
      const reloads: string[] = [];
      watcher.page.on('framenavigated', (f) => f === watcher.page.mainFrame() && reloads.push(f.url()));
      const posted = await postAndWait(poster.page, { description: shared, category: 'vandalism' });
      const row = watcher.page.locator(`[data-report-id="${posted.report.id}"]`);
      await row.waitFor({ timeout: 5000 });
      const latency = Date.now() - posted.at;
      console.log(`live: the observation appeared on the other organisation's screen ${latency} ms after the POST answered`);
      expect(latency).toBeLessThan(1500);
      expect(reloads).toEqual([]);
      await expect(row.textContent()).resolves.toContain('Skadegörelse');
      await expect(row.textContent()).resolves.toContain('Nya Stadens torg');

      // The third organisation got the shared report live too; the `own` one never reached it.
      await third.page.locator(`[data-report-id="${posted.report.id}"]`).waitFor({ timeout: 5000 });
      expect(await third.page.locator(`[data-report-id="${own.report.id}"]`).count()).toBe(0);
      expect(await third.page.getByText(secret).count()).toBe(0);
      expect(await watcher.page.locator(`[data-report-id="${own.report.id}"]`).count()).toBe(0);
      // ...not after a reload through REST either, and its detail page says it does not exist.
      await third.page.reload();
      await third.page.locator(`[data-report-id="${posted.report.id}"]`).waitFor();
      expect(await third.page.getByText(secret).count()).toBe(0);
      await third.page.goto(`/rapporter/${own.report.id}`);
      await third.page.getByRole('heading', { name: 'Rapporten finns inte' }).waitFor();
      // The author's own organisation does see it.
      const colleague = await apiLogin(t.url, demo('polis', 'samordnare'));
      expect((await colleague.api.get(`/api/reports/${own.report.id}`)).status).toBe(200);
    } finally {
      await Promise.all([poster.context.close(), watcher.context.close(), third.context.close()]);
    }
  }, 90_000);

  it('shows the connection state and catches up after a disconnect through feed:resume, without a reload', async () => {
    const { context, page } = await loggedInPage(browser, t.url, demo('social'));
    try {
      const resumes: number[] = [];
      page.on('websocket', (ws) =>
        ws.on('framesent', (f) => {
          const m = /"feed:resume",\{"afterSeq":(\d+)\}/.exec(String(f.payload));
          if (m) resumes.push(Number(m[1]));
        }),
      );
      await waitLive(page);
      const reloads: string[] = [];
      page.on('framenavigated', (f) => f === page.mainFrame() && reloads.push(f.url()));
      await context.setOffline(true);
      await page.locator('[data-testid="connection-state"][data-state="offline"]').waitFor();

      // Written while this client is away: it misses the live event.
      const polis = await apiLogin(t.url, demo('polis'));
      const description = unique('Brand i papperskorg vid resecentrum');
      const missed = await polis.api.post<ReportResponse>('/api/reports', {
        category: 'fire',
        description,
        observedAt: new Date().toISOString(),
        location: { lat: 58.5058, lng: 13.1622 },
        severity: 4,
      });
      expect(missed.status).toBe(201);
      await page.waitForTimeout(300);
      expect(await page.locator(`[data-report-id="${missed.body.id}"]`).count()).toBe(0);

      await context.setOffline(false);
      await page.locator(`[data-report-id="${missed.body.id}"]`).waitFor({ timeout: 15_000 });
      await waitLive(page);
      expect(reloads).toEqual([]);
      // The reconnect asked for everything after the last seq seen before the disconnect.
      expect(resumes.length).toBeGreaterThanOrEqual(1);
      expect(resumes[resumes.length - 1]).toBeLessThan(missed.body.seq);
      expect(resumes[resumes.length - 1]).toBeGreaterThan(0);
    } finally {
      await context.close();
    }
  }, 60_000);

  it('warns about a personnummer while typing, and shows the server refusing it next to the field', async () => {
    const { context, page, session } = await loggedInPage(browser, t.url, demo('bostader'), { path: '/rapportera' });
    try {
      const description = unique('Boende 19811218-9876 klagar på fukt');
      const field = page.getByLabel('Beskrivning');
      await field.fill('Boende klagar på ');
      expect(await page.getByTestId('description-privacy-warning').textContent()).toBe('');
      await field.pressSequentially('19811218-9876', { delay: 5 });
      const warning = page.getByTestId('description-privacy-warning');
      await warning.getByText('personnummer').waitFor();
      expect(await field.getAttribute('aria-invalid')).toBe('true');

      // Sending anyway: the server refuses it (400 PERSONAL_DATA) and says so next to the field.
      await page.getByLabel('Plats', { exact: true }).selectOption({ label: 'Stadsparken' });
      await page.getByLabel('Kategori').selectOption('unsafe_place');
      await field.fill(description);
      const response = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/reports' && r.request().method() === 'POST');
      await page.getByRole('button', { name: 'Skicka iakttagelse' }).click();
      const res = await response;
      expect(res.status()).toBe(400);
      expect((await res.json()).code).toBe('PERSONAL_DATA');
      const serverError = page.getByTestId('description-server-error');
      await serverError.waitFor();
      expect(await serverError.textContent()).toContain('personnummer');
      // Nothing was stored, nothing waits in the outbox, and the text is still there to correct.
      expect(await reportsWithDescription(new Api(t.url, session.accessToken), description)).toHaveLength(0);
      expect(await page.getByTestId('outbox-item').count()).toBe(0);
      expect(await field.inputValue()).toBe(description);

      // The same guard on comments.
      const { report } = await postAndWait(page, { description: unique('Trasig belysning i gången'), category: 'lighting', place: 'Stadsparken' });
      await page.goto(`/rapporter/${report.id}`);
      const comment = page.getByLabel('Ny kommentar');
      await comment.fill('Ring mig på 070-123 45 67');
      await page.getByTestId('comment-privacy-warning').getByText('telefonnummer').waitFor();
      await page.getByRole('button', { name: 'Skicka kommentar' }).click();
      await page.getByTestId('comment-server-error').waitFor();
      await comment.fill('Fastighetsägaren är informerad.');
      await page.getByRole('button', { name: 'Skicka kommentar' }).click();
      await page.locator('.comments').getByText('Fastighetsägaren är informerad.').waitFor();
    } finally {
      await context.close();
    }
  }, 60_000);

  it('keeps an observation made offline in IndexedDB, shows it waiting, and sends it exactly once when the connection returns', async () => {
    const { context, page, session } = await loggedInPage(browser, t.url, demo('centrum'), { path: '/rapportera' });
    try {
      await page.getByRole('heading', { name: 'Rapportera iakttagelse' }).waitFor();
      await page.getByLabel('Plats', { exact: true }).locator('option', { hasText: 'Gågatan Storgatan' }).waitFor({ state: 'attached' });
      await context.setOffline(true);
      const description = unique('Snatteri och hot mot personal i butiken');
      await postObservation(page, { description, category: 'threat_to_staff', place: 'Gågatan Storgatan' });
      await page.getByTestId('post-outcome').getByText('sparad på enheten').waitFor();
      const item = page.getByTestId('outbox-item');
      await item.waitFor();
      expect(await item.getAttribute('data-state')).toBe('waiting');
      await page.getByTestId('outbox-badge').waitFor();
      const stored = await page.evaluate(
        () =>
          new Promise<{ key: string; body: string }[]>((ok, fail) => {
            const open = indexedDB.open('lagesbild');
            open.onerror = () => fail(open.error);
            open.onsuccess = () => {
              const req = open.result.transaction('outbox').objectStore('outbox').getAll();
              req.onsuccess = () => ok(req.result);
            };
          }),
      );
      expect(stored).toHaveLength(1);
      expect(stored[0].key).toMatch(/^[0-9a-f-]{36}$/);
      expect(JSON.parse(stored[0].body).description).toBe(description);

      const posts: string[] = [];
      page.on('request', (r) => {
        if (new URL(r.url()).pathname === '/api/reports' && r.method() === 'POST') posts.push(r.headers()['idempotency-key']);
      });
      await context.setOffline(false);
      await item.waitFor({ state: 'detached', timeout: 20_000 });
      const api = (await apiLogin(t.url, demo('centrum'))).api;
      const found = await reportsWithDescription(api, description);
      expect(found).toHaveLength(1);
      expect(posts.length).toBeGreaterThanOrEqual(1);
      expect(new Set(posts)).toEqual(new Set([stored[0].key]));
      expect(found[0].author?.id).toBe(session.user.id);
    } finally {
      await context.close();
    }
  }, 60_000);

  it('reaches the server exactly once when the answer to the first try is lost', async () => {
    const { context, page } = await loggedInPage(browser, t.url, demo('stenhammar'), { path: '/rapportera' });
    try {
      await page.getByRole('heading', { name: 'Rapportera iakttagelse' }).waitFor();
      let first: ReportResponse | null = null;
      const keys: string[] = [];
      await page.route('**/api/reports', async (route) => {
        if (route.request().method() !== 'POST') return route.continue();
        keys.push(route.request().headers()['idempotency-key']);
        if (first) return route.continue();
        // The request reaches the server and is stored, but the answer never comes back.
        const response = await route.fetch();
        first = (await response.json()) as ReportResponse;
        await route.abort('connectionreset');
      });
      const description = unique('Mopeder kör på skolgården efter skoltid');
      await postObservation(page, { description, category: 'reckless_driving', place: 'Stenhammarskolans skolgård' });
      await page.getByTestId('post-outcome').getByText('sparad på enheten').waitFor();
      expect(first).not.toBeNull();
      const retried = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/reports' && r.request().method() === 'POST');
      await page.getByRole('button', { name: 'Försök nu' }).click();
      const second = (await (await retried).json()) as ReportResponse;
      await page.getByTestId('outbox-item').waitFor({ state: 'detached' });
      expect(keys).toHaveLength(2);
      expect(keys[1]).toBe(keys[0]);
      expect(second.id).toBe(first!.id); // the server answered the retry with the first result
      const api = (await apiLogin(t.url, demo('stenhammar'))).api;
      expect(await reportsWithDescription(api, description)).toHaveLength(1);
    } finally {
      await context.close();
    }
  }, 60_000);

  it('loads the app shell from the service worker without a connection', async () => {
    const { context, page } = await loggedInPage(browser, t.url, demo('kommun'));
    try {
      await waitLive(page);
      await page.waitForFunction(() => !!navigator.serviceWorker.controller, undefined, { timeout: 15_000 });
      await context.setOffline(true);
      await page.reload();
      await page.getByRole('heading', { level: 1, name: 'Lägesbild' }).waitFor();
      await page.locator('[data-testid="connection-state"][data-state="offline"]').first().waitFor();
      // A lazily loaded screen comes from the precache too.
      await page.getByRole('link', { name: 'Rapportera iakttagelse' }).first().click();
      await page.getByRole('heading', { name: 'Rapportera iakttagelse' }).waitFor();
      await context.setOffline(false);
      await waitLive(page);
    } finally {
      await context.close();
    }
  }, 60_000);
});
