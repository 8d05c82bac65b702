/**
 * Concern talks (orossamtal) in the browser: a police member records a month's counts, sees them in the table and
 * the summary, corrects and deletes them; social services sees the police's record; bad counts are named by their
 * field as they are typed; a school member has no link and is told the page does not exist; offline, a month waits
 * on the device and is sent once; a phone shows it all without sideways scrolling; axe finds nothing serious.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';


import type { Browser } from 'playwright-core';
import type { ConcernTalkResponse, Page as ApiPage } from '#contracts';
import { startTestApp, type TestApp } from '../support/app.js';
import { monthAgo } from '../support/world.js';
import { apiLogin, demo, hasChromium, launchBrowser, loggedInPage, removeWebBuild, webDist, shot, expectNoSeriousViolations } from './support.js';

// These functions run inside the page (page.evaluate); the test tsconfig has no DOM library, so the few browser
// globals they use are declared here, for this file only.
declare const document: any, window: any;

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
const svMonth = new Intl.DateTimeFormat('sv-SE', { year: 'numeric', month: 'long', timeZone: 'UTC' });
/** "mars 2026", as the page writes a month. */
const monthName = (month: string) => svMonth.format(new Date(`${month}-01T00:00:00Z`));

(hasChromium ? describe : describe.skip)('web client: concern talks (orossamtal)', () => {
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

  it("a police member records a month's talks, sees them in the table and the summary, corrects and deletes them", async () => {
    const month = monthAgo(2);
    const name = `${monthName(month)} · Centrum`;
    const { context, page } = await loggedInPage(browser, t.url, demo('polis'));
    try {
      await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Orossamtal' }).click();
      await page.getByRole('heading', { level: 1, name: 'Orossamtal' }).waitFor();
      await page.getByTestId('no-records').waitFor();
      // Counts only: the form says so, and has no text field at all.
      await page.getByText('Bara antal. Formuläret har inga fält för namn eller anteckningar', { exact: false }).waitFor();
      const form = page.getByTestId('concern-talk-form');
      expect(await form.locator('textarea, input[type="text"], input:not([type])').count()).toBe(0);
      await expectNoSeriousViolations(page, 'concern talks, empty');

      await page.getByLabel('Månad', { exact: true }).fill(month);
      await page.getByLabel('Område (frivilligt)').selectOption({ label: 'Centrum' });
      await page.getByLabel('Samtal', { exact: true }).fill('6');
      await page.getByLabel('Ungdomar', { exact: true }).fill('8');

      // Bad counts are named by their field while typing: more talks with a guardian than talks.
      const guardians = page.getByLabel('Samtal med vårdnadshavare');
      await guardians.fill('9');
      const guardiansError = page.getByTestId('ct-guardiansPresent-error');
      await guardiansError.getByText('Kan inte vara fler än samtalen (6)', { exact: false }).waitFor();
      expect(await guardians.getAttribute('aria-invalid')).toBe('true');
      await page.getByLabel('Samtal med socialtjänsten').fill('2.5');
      await page.getByTestId('ct-socialServicesPresent-error').getByText('Ange ett heltal från 0 till', { exact: false }).waitFor();
      // Saving with errors: nothing is sent, the summary links to the fields.
      let posted = 0;
      page.on('request', (r) => {
        if (new URL(r.url()).pathname === '/api/concern-talks' && r.method() === 'POST') posted++;
      });
      await page.getByRole('button', { name: 'Spara månaden' }).click();
      const summary = page.getByTestId('error-summary');
      await summary.getByRole('link', { name: /^Samtal med vårdnadshavare: Kan inte vara fler än samtalen/ }).waitFor();
      await expectNoSeriousViolations(page, 'concern talks, bad counts');
      await shot(page, 'concern-talks-errors');
      expect(posted).toBe(0);
      await guardians.fill('5');
      await guardiansError.getByText('Kan inte vara fler').waitFor({ state: 'detached' });
      expect(await guardians.getAttribute('aria-invalid')).toBeNull();
      await page.getByLabel('Samtal med socialtjänsten').fill('2');

      const created = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/concern-talks' && r.request().method() === 'POST');
      await page.getByRole('button', { name: 'Spara månaden' }).click();
      const res = await created;
      expect(res.status()).toBe(201);
      // Through the outbox: with an Idempotency-Key, and counts only.
      expect(res.request().headers()['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
      const record = (await res.json()) as ConcernTalkResponse;
      expect(JSON.parse(res.request().postData() ?? '{}')).toEqual({ month, areaId: record.area?.id, talks: 6, youths: 8, guardiansPresent: 5, socialServicesPresent: 2 });
      await page.getByText(`Orossamtalen för ${monthName(month)} är sparade.`).waitFor();

      // In the table, and in the summary.
      const row = page.locator(`tr[data-record-id="${record.id}"]`);
      await row.waitFor();
      expect((await row.locator('th, td').allTextContents()).slice(0, 7)).toEqual([monthName(month), 'Centrum', '6', '8', '5', '2', 'Polisen Lidköping']);
      await page.getByTestId('summary-total').getByText('Totalt 6 samtal med 8 ungdomar. Vårdnadshavare var med i 5 av samtalen, socialtjänsten i 2.').waitFor();
      const byMonth = page.getByTestId('summary-by-month').locator('tbody tr', { hasText: monthName(month) });
      expect(await byMonth.locator('th, td').allTextContents()).toEqual([monthName(month), '6', '8', '5', '2']);
      const byArea = page.getByTestId('summary-by-area').locator('tbody tr', { hasText: 'Centrum' });
      expect(await byArea.locator('th, td').allTextContents()).toEqual(['Centrum', '6', '8', '5', '2']);
      await expectNoSeriousViolations(page, 'concern talks with a record and its summary');
      await shot(page, 'concern-talks');

      // Social services holds the records jointly: it sees the police's, and may not change them as a member.
      const social = await loggedInPage(browser, t.url, demo('social'), { path: '/orossamtal' });
      try {
        const theirs = social.page.locator(`tr[data-record-id="${record.id}"]`);
        await theirs.waitFor();
        await theirs.getByText('Registrerad av en annan organisation').waitFor();
        expect(await theirs.getByRole('button').count()).toBe(0);
      } finally {
        await social.context.close();
      }

      // Correct a count.
      await row.getByRole('button', { name: /^Ändra/ }).click();
      await page.waitForFunction(() => document.activeElement?.id === 'ct-form-heading');
      await page.getByRole('heading', { name: `Ändra ${name}` }).waitFor();
      expect(await page.getByLabel('Samtal', { exact: true }).inputValue()).toBe('6');
      await page.getByLabel('Samtal', { exact: true }).fill('4');
      // Fewer talks than those with a guardian: named at once.
      await guardiansError.getByText('Kan inte vara fler än samtalen (4)', { exact: false }).waitFor();
      await page.getByLabel('Samtal', { exact: true }).fill('7');
      await page.getByRole('button', { name: 'Spara ändringarna' }).click();
      await page.getByText(`${name} är ändrad.`).waitFor();
      await row.locator('td', { hasText: /^7$/ }).waitFor();
      await page.getByTestId('summary-total').getByText('Totalt 7 samtal', { exact: false }).waitFor();

      // Delete it, after a confirmation.
      await row.getByRole('button', { name: /^Ta bort/ }).click();
      await row.getByText(`Ta bort ${name}? Det går inte att ångra.`).waitFor();
      // The question has focus; cancelling gives it back to the button, and nothing is deleted.
      await page.waitForFunction((q) => document.activeElement?.textContent === q, `Ta bort ${name}? Det går inte att ångra.`);
      await row.getByRole('button', { name: 'Avbryt' }).click();
      await page.waitForFunction((id) => document.activeElement?.id === `delete-${id}`, record.id);
      await row.getByRole('button', { name: /^Ta bort/ }).click();
      await expectNoSeriousViolations(page, 'concern talks, confirming a delete');
      await row.getByRole('button', { name: 'Ja, ta bort' }).click();
      await page.getByText(`${name} är borttagen.`).waitFor();
      await row.waitFor({ state: 'detached' });
      const api = (await apiLogin(t.url, demo('polis'))).api;
      expect((await api.get(`/api/concern-talks/${record.id}`)).status).toBe(404);

      // In English too.
      await page.getByTestId('language-switch').click();
      await page.getByRole('heading', { level: 1, name: 'Concern talks' }).waitFor();
      await page.getByLabel('Talks with a guardian').waitFor();
      await expectNoSeriousViolations(page, 'concern talks in English');
      await shot(page, 'concern-talks-en');
    } finally {
      await context.close();
    }
  }, 120_000);

  it('a school member has no link to concern talks and is told the page does not exist', async () => {
    const { context, page } = await loggedInPage(browser, t.url, demo('katedral', 'samordnare'));
    try {
      const nav = page.getByRole('navigation', { name: 'Huvudmeny' });
      await nav.getByRole('link', { name: 'Triagering' }).waitFor();
      expect(await nav.getByRole('link', { name: 'Orossamtal' }).count()).toBe(0);
      await page.goto('/orossamtal');
      await page.getByRole('heading', { level: 1, name: 'Sidan finns inte' }).waitFor();
      expect(await page.getByTestId('concern-talk-form').count()).toBe(0);
      await expectNoSeriousViolations(page, 'concern talks for a school: not found');
    } finally {
      await context.close();
    }
  }, 60_000);

  it('keeps a month recorded offline on the device and sends it exactly once when the connection returns', async () => {
    const month = monthAgo(3);
    const { context, page } = await loggedInPage(browser, t.url, demo('social'), { path: '/orossamtal' });
    try {
      await page.getByRole('heading', { level: 1, name: 'Orossamtal' }).waitFor();
      await page.getByLabel('Månad', { exact: true }).fill(month);
      await page.getByLabel('Samtal', { exact: true }).fill('3');
      await page.getByLabel('Ungdomar', { exact: true }).fill('3');
      await page.getByLabel('Samtal med vårdnadshavare').fill('1');
      await page.getByLabel('Samtal med socialtjänsten').fill('3');
      await context.setOffline(true);
      await page.getByRole('button', { name: 'Spara månaden' }).click();
      await page.getByText('Uppgifterna är sparade på enheten', { exact: false }).waitFor();
      const item = page.locator('[data-testid="outbox-item"][data-kind="concernTalk"]');
      await item.waitFor();
      expect(await item.getAttribute('data-state')).toBe('waiting');
      const keys: string[] = [];
      page.on('request', (r) => {
        if (new URL(r.url()).pathname === '/api/concern-talks' && r.method() === 'POST') keys.push(r.headers()['idempotency-key']);
      });
      await context.setOffline(false);
      await item.waitFor({ state: 'detached', timeout: 30_000 });
      // Sent: the table shows it (after the outbox's send, without a reload).
      await page.getByTestId('concern-talk-records').getByRole('rowheader', { name: monthName(month) }).waitFor();
      const api = (await apiLogin(t.url, demo('social'))).api;
      const mine = (await api.get<ApiPage<ConcernTalkResponse>>(`/api/concern-talks?from=${month}&to=${month}`)).body.items;
      expect(mine).toHaveLength(1);
      expect(mine[0]).toEqual(expect.objectContaining({ talks: 3, youths: 3, guardiansPresent: 1, socialServicesPresent: 3, organisation: expect.objectContaining({ kind: 'social_services' }) }));
      expect(keys.length).toBeGreaterThanOrEqual(1);
      expect(new Set(keys).size).toBe(1);
    } finally {
      await context.close();
    }
  }, 60_000);

  it('on a phone (390×844): the form, the records and the summary fit, every button on the screen', async () => {
    const api = (await apiLogin(t.url, demo('polis', 'samordnare'))).api;
    const areas = (await api.get<ApiPage<{ id: string; name: string }>>('/api/areas?limit=500')).body.items;
    for (const [i, area] of [null, ...areas.slice(0, 2)].entries()) {
      const res = await api.post('/api/concern-talks', { month: monthAgo(i + 1), ...(area ? { areaId: area.id } : {}), talks: 12 + i, youths: 9, guardiansPresent: 4, socialServicesPresent: 10 });
      expect(res.status).toBe(201);
    }
    const { context, page } = await loggedInPage(browser, t.url, demo('polis', 'samordnare'), { path: '/orossamtal', context: PHONE });
    try {
      const records = page.getByTestId('concern-talk-records');
      await records.locator('li').first().waitFor();
      await page.getByTestId('summary-by-area').waitFor();
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      const off = await page.locator('main button, main input, main select').evaluateAll((els: any[]) =>
        els.map((el) => el.getBoundingClientRect()).filter((r) => r.left < 0 || r.right > window.innerWidth).length,
      );
      expect(off).toBe(0);
      // The summary is in lines of words on a phone (a table of five columns would not fit): every month and area.
      expect(await page.getByTestId('summary-by-month').locator('li').count()).toBe(3);
      await page.getByTestId('summary-by-month').getByText('12 samtal, 9 ungdomar; vårdnadshavare med i 4, socialtjänsten i 10').waitFor();
      expect(await page.getByTestId('summary-by-area').locator('li').count()).toBe(3);
      const wide = await page.locator('main .table-wrap').evaluateAll((ws: any[]) => ws.filter((w) => w.scrollWidth > w.clientWidth + 1).length);
      expect(wide).toBe(0);
      // A coordinator may change any record of the police and social services: the buttons are there, wide enough.
      const small = await records.locator('button').evaluateAll((bs: any[]) => bs.filter((b) => b.getBoundingClientRect().width < 44).length);
      expect(small).toBe(0);
      expect(await records.getByRole('button', { name: /^Ändra/ }).count()).toBeGreaterThanOrEqual(3);
      await expectNoSeriousViolations(page, 'concern talks on a phone');
      await shot(page, 'concern-talks-phone');
    } finally {
      await context.close();
    }
  }, 60_000);
});
