/**
 * Citizen promises in the browser: last year's promise of the test's own area (far from the demo's), with efforts,
 * actions and reports made through the API. A coordinator makes a promise in the form (a phone number in a commitment is
 * refused by the server and shown at its field), opens the promise with its live progress, generates the follow-up,
 * edits a sentence and saves; someone else saves meanwhile (a 409: the typing is kept, the newest version fetched, saved
 * again); publishes; the public page, opened without login and without the app's menu, shows the edited sentence and
 * no count below 3. A member reads the promise on a phone. axe on every new screen.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import type { DocumentResponse, OrganisationResponse, Page as ApiPage, PromiseResponse } from '#contracts';
import type { Api } from '../support/api.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { apiLogin, demo, expectNoSeriousViolations, hasChromium, launchBrowser, loggedInPage, removeWebBuild, shot, unique, webDist } from './support.js';

// These functions run inside the page (page.evaluate); the test tsconfig has no DOM library.
declare const document: any, window: any;

jest.setTimeout(120_000);

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
/** Last year: a whole year behind us, as a follow-up is written. */
const YEAR = new Date().getFullYear() - 1;
const on = (monthDay: string) => `${YEAR}-${monthDay}`;
/** The test's own area, north-east of every demo area and of the other browser tests' areas. */
const BOX = { lat: 58.81, lng: 13.72 };
const boundary = { type: 'Polygon', coordinates: [[[13.7, 58.8], [13.74, 58.8], [13.74, 58.82], [13.7, 58.82], [13.7, 58.8]]] };

/** The window as a person sees it (beside the full-page shots), when SCREENSHOT_DIR is set. */
async function viewShot(page: Page, name: string): Promise<void> {
  if (process.env.SCREENSHOT_DIR) await page.screenshot({ path: `${process.env.SCREENSHOT_DIR}/${name}.png` });
}

async function ok<T = any>(res: { status: number; text: string; body: any }, status = 200): Promise<T> {
  if (res.status !== status) throw new Error(`${res.status} ${res.text.slice(0, 400)}`);
  return res.body;
}

/** Buttons, links and fields of the page's main part that lie (partly) beyond the window's width. Tables scroll in their own box. */
async function offScreen(page: Page): Promise<string[]> {
  return page.locator('main a, main button, main input, main select, main textarea, main summary').evaluateAll((els: any[]) =>
    els
      .filter((el) => !el.closest('.table-wrap') && el.getClientRects().length > 0)
      .map((el) => ({ el, r: el.getBoundingClientRect() }))
      .filter(({ r }) => r.left < -1 || r.right > window.innerWidth + 1)
      .map(({ el, r }) => `${el.tagName} "${(el.textContent ?? el.id ?? '').trim().slice(0, 40)}" ${Math.round(r.left)}..${Math.round(r.right)}`),
  );
}

(hasChromium ? describe : describe.skip)('web client: citizen promises, the follow-up and its public page', () => {
  let t: TestApp;
  let browser: Browser;
  let staticDir: string;
  let coordinatorApi: Api;
  let orgs: OrganisationResponse[];
  let areaId: string;
  let promise: PromiseResponse;
  let followUpId: string;
  const org = (name: string) => orgs.find((o) => o.name.startsWith(name))!;
  const edited = unique('Parterna har mötts varje vecka under året och följt upp varje insats');

  beforeAll(async () => {
    staticDir = webDist();
    [t, browser] = await Promise.all([startTestApp({ env: { STATIC_DIR: staticDir, SEED_DEMO: 'true' } }), launchBrowser()]);
    coordinatorApi = (await apiLogin(t.url, demo('kommun', 'samordnare'))).api;
    const police = (await apiLogin(t.url, demo('polis', 'samordnare'))).api;
    const school = (await apiLogin(t.url, demo('katedral'))).api;
    orgs = (await coordinatorApi.get<ApiPage<OrganisationResponse>>('/api/organisations?limit=500')).body.items;
    areaId = (await ok(await coordinatorApi.post('/api/areas', { name: unique('Löftesområdet'), boundary }), 201)).id;

    // Efforts of last year in the area, done and shared with every partner: three school visits and one dog search.
    const effort = async (by: Api, type: string, title: string, organisationId: string, day: string, actions: { kind: string; count: number }[] = []) => {
      const e = await ok(await by.post('/api/efforts', { type, title, mode: 'separate', organisationIds: [organisationId], areaIds: [areaId], plannedStart: `${on(day)}T10:00:00Z` }), 201);
      const done = await ok(await by.patch(`/api/efforts/${e.id}`, { version: e.version, status: 'done', actualStart: `${on(day)}T10:00:00Z`, actualEnd: `${on(day)}T13:00:00Z` }));
      if (done.visibility !== 'partners') await ok(await by.patch(`/api/efforts/${e.id}`, { version: done.version, visibility: 'partners' }));
      for (const a of actions) await ok(await by.post(`/api/efforts/${e.id}/actions`, { organisationId, kind: a.kind, count: a.count, at: `${on(day)}T12:00:00Z` }), 201);
    };
    const polis = org('Polisen Lidköping').id;
    await Promise.all([
      effort(police, 'school_visit', 'Skolbesök åk 9', polis, '02-10'),
      effort(police, 'school_visit', 'Skolbesök gymnasiet', polis, '04-14'),
      effort(police, 'school_visit', 'Skolbesök åk 8', polis, '09-22'),
      effort(police, 'dog_search', 'Hundsök på skolan', polis, '05-05'),
      effort(police, 'speed_check', 'Hastighetskontroller vid skolan', polis, '06-01', [{ kind: 'kontroller', count: 12 }, { kind: 'kontroller', count: 10 }]),
    ]);
    // Next year's plan: three efforts planned in the area (what the action plan is drafted from).
    const planned = (type: string, title: string, day: string) =>
      police.post('/api/efforts', { type, title, mode: 'separate', organisationIds: [polis], areaIds: [areaId], plannedStart: `${YEAR + 2}-${day}T18:00:00Z` }).then((r) => ok(r, 201));
    await Promise.all([planned('visibility_patrol', 'Kvällspatrull vid busshållplatsen', '03-06'), planned('visibility_patrol', 'Helgpatrull i centrum', '05-15'), planned('speed_check', 'Hastighetskontroll vid skolan', '08-20')]);
    // Drug dealing in the area: five the year before, one last year.
    const report = (day: string, year = YEAR) => school.post('/api/reports', {
      category: 'drug_dealing', description: 'Misstänkt försäljning vid busshållplatsen.', observedAt: `${year}-${day}T19:00:00Z`, location: { lat: BOX.lat + 0.001, lng: BOX.lng + 0.001 }, severity: 3,
    }).then((r) => ok(r, 201));
    await Promise.all([...['02-01', '03-01', '04-01', '05-01', '06-01'].map((d) => report(d, YEAR - 1)), report('03-15')]);

    promise = await ok<PromiseResponse>(await coordinatorApi.post('/api/promises', {
      year: YEAR,
      title: unique(`Medborgarlöfte Löftesområdet ${YEAR}`),
      focusAreas: [
        {
          title: 'Förebygga drogmissbruk bland unga',
          text: 'Polis och skola arbetar för drogfria skolor och når unga i riskzon tidigt.',
          commitments: [
            { text: 'Polisen genomför minst tre skolbesök och hundsök.', ownerOrganisationId: polis, effortTypes: ['school_visit', 'dog_search'], areaIds: [areaId], target: { kind: 'efforts', count: 3 } },
            { text: 'Färre rapporter om narkotikaförsäljning i området.', ownerOrganisationId: org('Lidköpings kommun').id, categories: ['drug_dealing'], areaIds: [areaId], target: { kind: 'reports_trend', count: 2 } },
          ],
        },
        {
          title: 'Ökad trygghet i trafiken',
          text: 'Kontroller där boende känner sig otrygga.',
          commitments: [{ text: 'Minst 20 hastighetskontroller vid skolan.', ownerOrganisationId: polis, effortTypes: ['speed_check'], areaIds: [areaId], target: { kind: 'actions', count: 20 } }],
        },
      ],
    }), 201);
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    removeWebBuild(staticDir);
  });

  it('makes a promise in the form: the server refuses a phone number at its field, then the promise is made', async () => {
    const { page, context } = await loggedInPage(browser, t.url, demo('kommun', 'samordnare'), { path: '/loften' });
    try {
      await page.getByRole('heading', { level: 1, name: 'Medborgarlöften' }).waitFor();
      await page.getByRole('heading', { level: 2, name: String(YEAR) }).waitFor();
      await page.locator(`[data-promise-id="${promise.id}"]`).getByText('3 av 3 åtaganden har nått målet').waitFor();
      await expectNoSeriousViolations(page, 'promises list');
      await shot(page, 'promises-list');

      await page.getByTestId('new-promise').click();
      await page.getByRole('heading', { level: 1, name: 'Nytt medborgarlöfte' }).waitFor();
      // Nothing filled in: the summary names what is missing, linked to the fields.
      await page.getByTestId('save-promise').click();
      const summary = page.getByTestId('error-summary');
      await summary.getByRole('link', { name: 'Skriv löftets namn.' }).waitFor();
      await summary.getByRole('link', { name: 'Välj en ansvarig organisation.' }).waitFor();
      await expectNoSeriousViolations(page, 'promise form with errors');

      const title = unique('Medborgarlöfte Trygg skolväg');
      await page.locator('#pf-year').fill(String(YEAR));
      await page.locator('#pf-title').fill(title);
      await page.locator('#pf-f0-title').fill('Trygg skolväg');
      await page.locator('#pf-f0-text').fill('Fler vuxna ute på eftermiddagarna.');
      await page.locator('#pf-f0-c0-text').fill('Skolan ordnar vuxenvandringar, ring 070-123 45 67 för att delta.');
      await page.locator('#pf-f0-c0-owner').selectOption({ label: 'Katedralskolan' });
      await page.locator('#pf-f0-c0-count').fill('4');
      // The warning while typing (the same detection the server uses), then the server's refusal at the field.
      await page.getByTestId('pf-f0-c0-text-privacy-warning').getByText('telefonnummer', { exact: false }).waitFor();
      const refused = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/promises' && r.request().method() === 'POST');
      await page.getByTestId('save-promise').click();
      expect((await refused).status()).toBe(400);
      await page.getByTestId('pf-f0-c0-text-server-error').getByText('telefonnummer', { exact: false }).waitFor();
      await summary.getByRole('link', { name: /telefonnummer/ }).waitFor();
      await expectNoSeriousViolations(page, 'promise form, personal data refused');
      await shot(page, 'promise-form-refused');

      await page.locator('#pf-f0-c0-text').fill('Skolan ordnar vuxenvandringar fyra gånger under året.');
      const created = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/promises' && r.request().method() === 'POST');
      await page.getByTestId('save-promise').click();
      const res = await created;
      expect(res.status()).toBe(201);
      const made = (await res.json()) as PromiseResponse;
      await page.waitForURL(`**/loften/${made.id}`);
      await page.getByRole('heading', { level: 1, name: title }).waitFor();
      expect(made.focusAreas[0].commitments[0]).toEqual(expect.objectContaining({ owner: expect.objectContaining({ name: 'Katedralskolan' }), target: { kind: 'efforts', count: 4 } }));
    } finally {
      await context.close();
    }
  });

  it('shows the promise with live progress, generates the follow-up, edits, saves through a conflict, and publishes', async () => {
    const { page, context } = await loggedInPage(browser, t.url, demo('kommun', 'samordnare'), { path: `/loften/${promise.id}` });
    try {
      await page.getByRole('heading', { level: 1, name: promise.title }).waitFor();
      const [visits, drugs, checks] = promise.focusAreas.flatMap((f) => f.commitments);
      const card = (id: string) => page.locator(`[data-commitment-id="${id}"]`);
      await card(visits.id).getByText('4 av 3 insatser genomförda').waitFor();
      await card(visits.id).getByTestId('commitment-state').getByText('Målet nått').waitFor();
      await card(visits.id).getByText('Skolbesök 3, Hundsök 1').waitFor();
      await card(drugs.id).getByText('4 färre rapporter än året innan').waitFor();
      await card(drugs.id).getByTestId('commitment-reports').getByText('1 i perioden mot 5 samma tid året innan').waitFor();
      await card(drugs.id).getByText('minskar').waitFor();
      await card(checks.id).getByText('22 av 20 åtgärder registrerade').waitFor();
      await expectNoSeriousViolations(page, 'promise page');
      await shot(page, 'promise-page');

      // The follow-up, generated from the data: the editor, the generated words beside the edited ones.
      const generated = page.waitForResponse((r) => new URL(r.url()).pathname === `/api/promises/${promise.id}/follow-ups`);
      await page.getByTestId('generate').click();
      const gen = await generated;
      expect(gen.status()).toBe(201);
      const doc = (await gen.json()) as DocumentResponse;
      followUpId = doc.id;
      await page.waitForURL(`**/loften/uppfoljningar/${doc.id}`);
      await page.getByRole('heading', { level: 1, name: doc.title }).waitFor();
      const intro = page.locator('[data-testid="doc-section"][data-key="intro"]');
      await intro.getByTestId('generated-text').waitFor();
      const body = intro.locator('textarea');
      const before = await body.inputValue();
      expect(before).toBe(doc.current.generated.sections[0].paragraphs.join('\n\n'));
      await expectNoSeriousViolations(page, 'follow-up editor');
      await shot(page, 'follow-up-editor');
      await viewShot(page, 'follow-up-editor-view');

      // A phone number in a section: the server refuses it, and says so at that section.
      await body.fill(`${before}\n\nRing 070-123 45 67 för frågor.`);
      const refusedWords = page.waitForResponse((r) => new URL(r.url()).pathname === `/api/follow-ups/${doc.id}` && r.request().method() === 'PATCH');
      await page.getByTestId('save-document').click();
      expect((await refusedWords).status()).toBe(400);
      await page.getByTestId('sec-0-body-server-error').getByText('telefonnummer', { exact: false }).waitFor();

      // Edit a sentence; the typing survives a reload (kept on the device until saved); save: version 2, marked as changed.
      await body.fill(`${edited}. ${before}`);
      await page.getByTestId('dirty-state').getByText('Osparade ändringar', { exact: false }).waitFor();
      await page.reload();
      await page.getByTestId('restored-notice').waitFor();
      expect(await body.inputValue()).toBe(`${edited}. ${before}`);
      const saved = page.waitForResponse((r) => new URL(r.url()).pathname === `/api/follow-ups/${doc.id}` && r.request().method() === 'PATCH');
      await page.getByTestId('save-document').click();
      expect((await saved).status()).toBe(200);
      await page.getByTestId('document-notice').getByText('Sparat som version 2.').waitFor();
      await intro.getByText('Ändrat', { exact: true }).waitFor();

      // Someone else saves version 3 meanwhile (the closing words); this editor's next save is refused with a 409, and the
      // typing stays. Fetching the newest version keeps it; saving again makes version 4 with both changes.
      const latest = await ok<DocumentResponse>(await coordinatorApi.get(`/api/follow-ups/${doc.id}`));
      const theirs = structuredClone(latest.current.text);
      const closing = theirs.sections.length - 1;
      theirs.sections[closing].paragraphs = ['Samverkan fortsätter nästa år med samma fokusområden.'];
      await ok(await coordinatorApi.patch(`/api/follow-ups/${doc.id}`, { version: 2, text: theirs }));
      const typing = `${edited}. Skolbesöken gjordes tillsammans med elevhälsan. ${before}`;
      await body.fill(typing);
      const refused = page.waitForResponse((r) => new URL(r.url()).pathname === `/api/follow-ups/${doc.id}` && r.request().method() === 'PATCH');
      await page.getByTestId('save-document').click();
      expect((await refused).status()).toBe(409);
      await page.getByTestId('document-conflict').waitFor();
      expect(await body.inputValue()).toBe(typing);
      await expectNoSeriousViolations(page, 'follow-up editor, a conflict');
      await shot(page, 'follow-up-conflict');
      await page.getByTestId('document-conflict').scrollIntoViewIfNeeded();
      await viewShot(page, 'follow-up-conflict-view');
      await page.getByTestId('take-latest').click();
      await page.getByTestId('document-version').getByText('version 3').waitFor();
      expect(await body.inputValue()).toBe(typing);
      // The closing section now holds their words (it was not changed here): nothing of theirs is lost either.
      await page.locator('[data-testid="doc-section"]').last().locator('textarea').waitFor();
      expect(await page.locator('[data-testid="doc-section"]').last().locator('textarea').inputValue()).toBe('Samverkan fortsätter nästa år med samma fokusområden.');
      const again = page.waitForResponse((r) => new URL(r.url()).pathname === `/api/follow-ups/${doc.id}` && r.request().method() === 'PATCH');
      await page.getByTestId('save-document').click();
      expect((await again).status()).toBe(200);
      await page.getByTestId('document-notice').getByText('Sparat som version 4.').waitFor();
      await page.getByTestId('versions').locator('tr[data-version="4"]').waitFor();

      // Publish (confirmed): the public page's link appears.
      await page.getByTestId('publish').click();
      const published = page.waitForResponse((r) => new URL(r.url()).pathname === `/api/follow-ups/${doc.id}/publish`);
      await page.getByTestId('confirm-publish').click();
      expect((await published).status()).toBe(200);
      await page.getByTestId('document-state').getByText('Version 4 är publicerad', { exact: false }).waitFor();
      expect(await page.getByTestId('public-link').getAttribute('href')).toBe(`/uppfoljning/${doc.id}`);
      // The published version as a PDF, with the session like every file of the app.
      const download = page.waitForEvent('download');
      await page.getByTestId('document-files').first().locator('a[data-format="pdf"]').click();
      const file = await download;
      expect(file.suggestedFilename()).toBe(`uppfoljning-${YEAR}-v4.pdf`);
      expect(readFileSync((await file.path())!).subarray(0, 5).toString('latin1')).toBe('%PDF-');
      await expectNoSeriousViolations(page, 'follow-up editor, published');
      await shot(page, 'follow-up-published');
    } finally {
      await context.close();
    }
  });

  it('shows the published follow-up to anyone, without login or the app menu: the edited words, no count below 3', async () => {
    expect(followUpId).toBeDefined();
    const context = await browser.newContext({ baseURL: t.url, viewport: { width: 1280, height: 900 }, locale: 'sv-SE', timezoneId: 'Europe/Stockholm' });
    const page = await context.newPage();
    try {
      const answered = page.waitForResponse((r) => new URL(r.url()).pathname === `/api/public/follow-ups/${followUpId}`);
      await page.goto(`/uppfoljning/${followUpId}`);
      expect((await answered).status()).toBe(200);
      await page.getByTestId('public-document').waitFor();
      expect(page.url()).toContain(`/uppfoljning/${followUpId}`);
      expect(await page.locator('.site-header, nav').count()).toBe(0);
      await page.getByTestId('public-words').getByText(edited, { exact: false }).waitFor();
      await page.getByRole('main').waitFor();
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('sv');
      // Every count is 3 or more, or the words "färre än 3" (the dog search, and last year's one report).
      const counts = await page.locator('[data-count]').evaluateAll((els: any[]) => els.map((el) => el.getAttribute('data-count')));
      expect(counts.length).toBeGreaterThan(5);
      expect(counts.filter((c) => c !== 'few' && Number(c) < 3)).toEqual([]);
      expect(counts).toContain('few');
      await page.getByRole('row', { name: /Polisen genomför minst tre skolbesök/ }).getByText('Skolbesök 3, Hundsök färre än 3', { exact: true }).waitFor();
      await page.getByRole('table', { name: 'Rapporter per kategori i ”Förebygga drogmissbruk bland unga”' }).waitFor();
      await expectNoSeriousViolations(page, 'public follow-up');
      await shot(page, 'public-follow-up');
      await viewShot(page, 'public-follow-up-view');
      // Printed: the print button goes.
      await page.emulateMedia({ media: 'print' });
      expect(await page.getByRole('button', { name: 'Skriv ut' }).isVisible()).toBe(false);
      await page.emulateMedia({ media: 'screen' });

      // On a phone: the wide tables become cards, nothing off-screen, still nothing below 3.
      await page.setViewportSize({ width: 390, height: 844 });
      await page.getByTestId('public-commitments').first().locator('li').first().waitFor();
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      const phoneCounts = await page.locator('[data-count]').evaluateAll((els: any[]) => els.map((el) => el.getAttribute('data-count')));
      expect(phoneCounts.filter((c) => c !== 'few' && Number(c) < 3)).toEqual([]);
      await expectNoSeriousViolations(page, 'public follow-up on a phone');

      // An unknown id: a page saying so, still without the app.
      await page.goto(`/uppfoljning/${promise.id}`);
      await page.getByRole('heading', { level: 1, name: 'Sidan finns inte' }).waitFor();
    } finally {
      await context.close();
    }
  });

  it("drafts next year's action plan from the list, publishes it, and its public page shows counts per problem and area", async () => {
    const { page, context } = await loggedInPage(browser, t.url, demo('kommun', 'samordnare'), { path: '/loften' });
    try {
      await page.getByRole('heading', { level: 1, name: 'Medborgarlöften' }).waitFor();
      const plan = page.getByTestId('new-action-plan');
      expect(await plan.getByLabel('År').inputValue()).toBe(String(YEAR + 2));
      const created = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/action-plans' && r.request().method() === 'POST');
      await plan.getByTestId('create-action-plan').click();
      const res = await created;
      expect(res.status()).toBe(201);
      const doc = (await res.json()) as DocumentResponse;
      expect(doc.figures.kind === 'action_plan' && doc.figures.totals.efforts).toBe(3);
      await page.waitForURL(`**/loften/atgardsplaner/${doc.id}`);
      await page.getByRole('heading', { level: 1, name: doc.title }).waitFor();
      await page.getByText(`Åtgärdsplan ${YEAR + 2}`, { exact: false }).first().waitFor();
      await expectNoSeriousViolations(page, 'action plan editor');
      await viewShot(page, 'action-plan-editor-view');
      await page.getByTestId('publish').click();
      await page.getByTestId('confirm-publish').click();
      await page.getByTestId('public-link').waitFor();
      expect(await page.getByTestId('public-link').getAttribute('href')).toBe(`/atgardsplan/${doc.id}`);

      // The public page: the groups' counts (three efforts: shown as 3), and the plan's words.
      await page.getByTestId('public-link').click();
      await page.getByTestId('public-document').waitFor();
      const groups = page.getByTestId('public-groups');
      await groups.waitFor();
      const counts = await page.locator('[data-count]').evaluateAll((els: any[]) => els.map((el) => el.getAttribute('data-count')));
      expect(counts.filter((c) => c !== 'few' && Number(c) < 3)).toEqual([]);
      expect(await page.locator('.site-header').count()).toBe(0);
      await expectNoSeriousViolations(page, 'public action plan');
      await shot(page, 'public-action-plan');

      // Its follow-up, made from the plan's efforts as they stand: the editor of a follow-up of an action plan.
      await page.goBack();
      await page.getByTestId('plan-follow-up').click();
      await page.waitForURL('**/loften/uppfoljningar/**');
      await page.getByText(`Uppföljning av åtgärdsplan ${YEAR + 2}`, { exact: false }).first().waitFor();
    } finally {
      await context.close();
    }
  });

  it('lets a member read the promise on a phone: nothing off-screen, no coordinator tools', async () => {
    const { page, context } = await loggedInPage(browser, t.url, demo('katedral'), { path: `/loften/${promise.id}`, context: PHONE });
    try {
      await page.getByRole('heading', { level: 1, name: promise.title }).waitFor();
      await page.locator('[data-testid="commitment"]').first().getByText('4 av 3 insatser genomförda').waitFor();
      expect(await page.getByTestId('generate').count()).toBe(0);
      expect(await page.getByTestId('edit-promise').count()).toBe(0);
      await page.getByTestId('promise-follow-ups').getByRole('link', { name: `Uppföljning ${YEAR}` }).waitFor();
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      expect(await offScreen(page)).toEqual([]);
      await expectNoSeriousViolations(page, 'promise page on a phone (member)');
      await shot(page, 'promise-page-390');
      // The follow-up, read-only for a member.
      await page.getByTestId('promise-follow-ups').getByRole('link', { name: `Uppföljning ${YEAR}` }).click();
      await page.getByTestId('document-editor').getByText(edited, { exact: false }).waitFor();
      expect(await page.getByTestId('save-document').count()).toBe(0);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await expectNoSeriousViolations(page, 'follow-up on a phone (member)');
    } finally {
      await context.close();
    }
  });
});
