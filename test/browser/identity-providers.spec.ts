/**
 * The admin screen for sign-in through identity providers (Förvaltning → Inloggning med organisationens konto), in the
 * browser: a collaboration admin connects a provider with two claim rules (a bad claim name and a bad issuer each shown
 * at its field first), sees the redirect URI to register and copies it, moves a rule up and saves (the client secret
 * kept), meets a change made meanwhile elsewhere (409 explained, reloaded with a button), switches the provider off
 * (the login page's list loses it) and deletes it after a question; a coordinator gets the not-allowed notice; on a
 * 390 px phone the form is usable without sideways scrolling. axe finds nothing serious on the screen.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { IdentityProviderResponse, LoginResponse, Page as ApiPage, PublicIdentityProvider } from '#contracts';
import { Api } from '../support/api.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { adminApi, createUser, PASSWORD } from '../support/world.js';
import { apiLogin, expectNoSeriousViolations, hasChromium, launchBrowser, removeWebBuild, webDist } from './support.js';

// One service and one browser for the file; generous on a busy 2-core machine.
jest.setTimeout(60_000);

// Run inside the page (page.evaluate); the test tsconfig has no DOM library.
declare const document: any, localStorage: any, navigator: any;

(hasChromium ? describe : describe.skip)('web client: identity providers (admin screen)', () => {
  let t: TestApp;
  let browser: Browser;
  let staticDir: string;
  let admin: LoginResponse & { api: Api };
  let coordinator: LoginResponse;
  let police: { id: string; name: string };
  let municipality: { id: string; name: string };

  beforeAll(async () => {
    staticDir = webDist();
    [t, browser] = await Promise.all([startTestApp({ env: { STATIC_DIR: staticDir } }), launchBrowser()]);
    const platform = await adminApi(t);
    [police, municipality] = (await Promise.all([
      platform.post('/api/organisations', { name: 'Polisen i Lidköping', kind: 'police' }),
      platform.post('/api/organisations', { name: 'Lidköpings kommun', kind: 'municipality' }),
    ])).map((r) => r.body);
    const [a, c] = await Promise.all([createUser(t, platform, municipality.id, 'collaboration_admin'), createUser(t, platform, police.id, 'coordinator')]);
    [admin, coordinator] = await Promise.all([apiLogin(t.url, a.email, PASSWORD), apiLogin(t.url, c.email, PASSWORD)]);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    removeWebBuild(staticDir);
  });

  /** A browser context signed in as `s` (the session where the client keeps it), at `path`. */
  async function openAs(s: LoginResponse, path: string, viewport = { width: 1280, height: 860 }): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ baseURL: t.url, viewport, locale: 'sv-SE', timezoneId: 'Europe/Stockholm' });
    const page = await context.newPage();
    await page.goto('/logga-in');
    await page.evaluate((v) => {
      localStorage.setItem('lagesbild.session', v);
      localStorage.setItem('lagesbild.lang', 'sv');
    }, JSON.stringify({ accessToken: s.accessToken, expiresAt: s.expiresAt, user: s.user }));
    await page.goto(path);
    return { context, page };
  }
  const providers = async () => (await admin.api.get<ApiPage<IdentityProviderResponse>>('/api/identity-providers')).body.items;
  const loginButtons = async () => (await new Api(t.url).get<ApiPage<PublicIdentityProvider>>('/api/auth/providers')).body.items.map((p) => p.displayName);

  it('connects a provider with two rules, shows its redirect URI, reorders the rules, meets a conflict, switches it off and deletes it', async () => {
    const { context, page } = await openAs(admin, '/forvaltning');
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    try {
      await page.getByRole('link', { name: 'Inloggning med organisationens konto' }).click();
      await page.getByRole('heading', { level: 1, name: 'Inloggning med organisationens konto' }).waitFor();
      await page.getByText('Ingen inloggningstjänst är kopplad ännu').waitFor();

      await page.getByTestId('add-provider').click();
      const form = page.getByTestId('provider-form');
      await form.getByLabel('Namn på knappen').fill('Kommunens konto');
      await form.getByLabel('Utfärdare (issuer)').fill('http://login.example.se/kommun/v2.0');
      await form.getByLabel('Klient-id').fill('lagesbild');
      await form.getByLabel('Klienthemlighet').fill('hemligheten-hos-tjansten');
      const rule = (i: number) => form.getByTestId('rule').nth(i);
      await form.getByTestId('add-rule').click();
      await rule(0).getByLabel('Värde').fill('trygghet');
      await rule(0).getByLabel('Organisation').selectOption({ label: 'Polisen i Lidköping' });
      await rule(0).getByLabel('Roll för nya konton').selectOption('coordinator');
      await rule(0).getByLabel('Skapa konto vid första inloggningen').check();
      await form.getByTestId('add-rule').click();
      // A claim name with a space: the server's refusal of the second rule's claim is shown at that field.
      await rule(1).getByLabel('Claim', { exact: true }).fill('kommun avdelning');
      await rule(1).getByLabel('Värde').fill('Kommunen');
      await rule(1).getByLabel('Organisation').selectOption({ label: 'Lidköpings kommun' });
      await expectNoSeriousViolations(page, 'identity providers: the new provider form');
      await form.getByTestId('save-provider').click();
      await rule(1).locator('.field.has-error').getByText('Skriv claimets namn, utan mellanslag.').waitFor();
      await expect(rule(1).getByLabel('Claim', { exact: true }).getAttribute('aria-invalid')).resolves.toBe('true');

      // Then the plain-http issuer, at its field; nothing is made until both are right.
      await rule(1).getByLabel('Claim', { exact: true }).fill('department');
      await form.getByTestId('save-provider').click();
      await form.getByTestId('field-issuer').getByText('Adressen måste börja med https://').waitFor();
      // The field named goes into focus: it is far above the button that was pressed.
      await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('idp-issuer');
      await expect(providers()).resolves.toEqual([]);
      await form.getByLabel('Utfärdare (issuer)').fill('https://login.example.se/kommun/v2.0');
      await form.getByTestId('save-provider').click();
      await page.getByText('Kommunens konto är tillagd.').waitFor();

      const [made] = await providers();
      expect(made).toEqual(expect.objectContaining({
        displayName: 'Kommunens konto', issuer: 'https://login.example.se/kommun/v2.0', clientId: 'lagesbild', hasClientSecret: true,
        scopes: 'openid email profile', enabled: true, linkByEmail: false, version: 1,
        mapping: [
          { claim: 'groups', value: 'trygghet', organisationId: police.id, role: 'coordinator', createAccounts: true },
          { claim: 'department', value: 'Kommunen', organisationId: municipality.id, role: 'member', createAccounts: false },
        ],
      }));
      await expect(loginButtons()).resolves.toContain('Kommunens konto');

      // The form stays open on the new provider, with the address to register there, which the button copies.
      const uri = `${t.url}/api/auth/oidc/${made.id}/callback`;
      expect(made.redirectUri).toBe(uri);
      await page.getByRole('heading', { level: 2, name: 'Ändra Kommunens konto' }).waitFor();
      await expect(page.getByLabel('Omdirigeringsadress (redirect URI)').inputValue()).resolves.toBe(uri);
      await page.getByTestId('copy-redirect-uri').click();
      await page.getByText('Adressen är kopierad.').waitFor();
      await expect(page.evaluate(() => navigator.clipboard.readText())).resolves.toBe(uri);
      const item = page.locator(`[data-testid="provider-item"][data-id="${made.id}"]`);
      await item.getByText('2 regler').waitFor();
      await expectNoSeriousViolations(page, 'identity providers: a provider open for editing');

      // The second rule moved up and saved: only the mapping changes, the stored secret stays.
      await rule(1).getByRole('button', { name: 'Flytta upp' }).click();
      await expect(rule(0).getByLabel('Claim', { exact: true }).inputValue()).resolves.toBe('department');
      await form.getByTestId('save-provider').click();
      await page.getByText('Ändringarna för Kommunens konto är sparade.').waitFor();
      let [now] = await providers();
      expect(now.mapping.map((r) => r.claim)).toEqual(['department', 'groups']);
      expect(now).toEqual(expect.objectContaining({ version: 2, hasClientSecret: true, issuer: made.issuer }));

      // Renamed elsewhere meanwhile: saving here is refused and explained; the button loads what is there now.
      expect((await admin.api.patch(`/api/identity-providers/${made.id}`, { version: 2, displayName: 'Kommunens konto (Entra ID)' })).status).toBe(200);
      await form.getByLabel('Scopes').fill('openid email');
      await form.getByTestId('save-provider').click();
      const conflict = page.getByTestId('provider-conflict');
      await conflict.getByText('Någon annan ändrade inloggningstjänsten').waitFor();
      await conflict.getByRole('button', { name: 'Läs in igen' }).click();
      await page.getByRole('heading', { level: 2, name: 'Ändra Kommunens konto (Entra ID)' }).waitFor();
      await expect(form.getByLabel('Scopes').inputValue()).resolves.toBe('openid email profile');
      [now] = await providers();
      expect(now).toEqual(expect.objectContaining({ version: 3, scopes: 'openid email profile' }));

      // The stored secret removed (a public client): the list says so.
      await form.getByLabel('Ta bort den sparade hemligheten (publik klient, bara PKCE)').check();
      await form.getByTestId('save-provider').click();
      await page.getByText('Ändringarna för Kommunens konto (Entra ID) är sparade.').waitFor();
      [now] = await providers();
      expect(now).toEqual(expect.objectContaining({ version: 4, hasClientSecret: false }));

      // Switched off from the list: the login page no longer offers it.
      await item.getByRole('button', { name: 'Stäng av' }).click();
      await page.getByText('Kommunens konto (Entra ID) är avstängd').waitFor();
      await page.locator(`[data-testid="provider-item"][data-id="${made.id}"][data-enabled="false"]`).waitFor();
      await expect(loginButtons()).resolves.not.toContain('Kommunens konto (Entra ID)');
      await expect(form.getByLabel('Påslagen (visas på inloggningssidan)').isChecked()).resolves.toBe(false);

      // Deleted after a question.
      await item.getByRole('button', { name: 'Ta bort' }).click();
      await item.getByRole('group').getByText('Ta bort Kommunens konto (Entra ID)?').waitFor();
      await item.getByTestId('confirm-delete').click();
      await page.getByText('Kommunens konto (Entra ID) är borttagen.').waitFor();
      await item.waitFor({ state: 'detached' });
      await expect(providers()).resolves.toEqual([]);
      await expect(page.getByTestId('provider-form').count()).resolves.toBe(0);
    } finally {
      await context.close();
    }
  });

  it('tells a coordinator the screen is for the collaboration admins, and does not link it for them', async () => {
    const { context, page } = await openAs(coordinator, '/forvaltning/inloggning');
    try {
      await page.getByRole('heading', { level: 1, name: 'Inloggning med organisationens konto' }).waitFor();
      await page.getByText('Inloggningstjänsterna är till för samverkans administratörer.').waitFor();
      await expect(page.getByTestId('add-provider').count()).resolves.toBe(0);
      await page.goto('/forvaltning');
      await page.getByRole('link', { name: 'Kategorier' }).waitFor();
      await expect(page.getByRole('link', { name: 'Inloggning med organisationens konto' }).count()).resolves.toBe(0);
    } finally {
      await context.close();
    }
  });

  it('is usable on a 390 px phone: the form, a rule and the redirect URI fit without sideways scrolling', async () => {
    const { context, page } = await openAs(admin, '/forvaltning/inloggning', { width: 390, height: 844 });
    const width = () => page.evaluate(() => document.documentElement.scrollWidth);
    try {
      await page.getByTestId('add-provider').click();
      const form = page.getByTestId('provider-form');
      await form.getByTestId('add-rule').click();
      expect(await width()).toBeLessThanOrEqual(390);
      await form.getByLabel('Namn på knappen').fill('Skolornas konto');
      await form.getByLabel('Utfärdare (issuer)').fill('https://login.example.se/skolor/v2.0');
      await form.getByLabel('Klient-id').fill('lagesbild-skolor');
      const rule = form.getByTestId('rule').first();
      await rule.getByLabel('Värde').fill('*');
      await rule.getByLabel('Organisation').selectOption({ label: 'Lidköpings kommun' });
      await form.getByTestId('save-provider').click();
      await page.getByText('Skolornas konto är tillagd.').waitFor();
      await page.getByLabel('Omdirigeringsadress (redirect URI)').waitFor();
      expect(await width()).toBeLessThanOrEqual(390);
      await expectNoSeriousViolations(page, 'identity providers on a phone');
      const made = (await providers()).find((p) => p.displayName === 'Skolornas konto')!;
      expect(made).toEqual(expect.objectContaining({ hasClientSecret: false, mapping: [expect.objectContaining({ value: '*', organisationId: municipality.id })] }));
    } finally {
      await context.close();
    }
  });
});
