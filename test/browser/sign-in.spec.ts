/**
 * Sign-in through an identity provider in the browser, against a real provider in this process
 * (test/support/oidc-idp.ts): the login page offers "Logga in med …", the sign-in comes back to the live picture
 * with no code left in the address; a person whose organisation is not connected is told so on the login page;
 * Mitt konto shows an account without a password as such, changes a password and logs out another device; axe finds
 * nothing serious on the new screens.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser } from 'playwright-core';
import { Api } from '../support/api.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { startIdp, type TestIdp } from '../support/oidc-idp.js';
import { adminApi, login, PASSWORD } from '../support/world.js';
import { expectNoSeriousViolations, hasChromium, launchBrowser, removeWebBuild, unique, webDist } from './support.js';

// These functions run inside the page (page.evaluate); the test tsconfig has no DOM library.
declare const localStorage: any;

const SECRET = 'the-test-providers-client-secret';

(hasChromium ? describe : describe.skip)('web client: sign-in through an identity provider, and Mitt konto', () => {
  let t: TestApp;
  let idp: TestIdp;
  let browser: Browser;
  let staticDir: string;
  let admin: Api;
  let police: string;

  beforeAll(async () => {
    staticDir = webDist();
    [t, idp, browser] = await Promise.all([startTestApp({ env: { STATIC_DIR: staticDir } }), startIdp(), launchBrowser()]);
    admin = await adminApi(t);
    const org = await admin.post('/api/organisations', { name: 'Polisen i Lidköping', kind: 'police' });
    police = org.body.id;
    const provider = await admin.post('/api/identity-providers', {
      displayName: 'Kommunens konto', issuer: idp.issuer, clientId: 'lagesbild', clientSecret: SECRET,
      mapping: [{ claim: 'groups', value: 'trygghet', organisationId: police, role: 'coordinator', createAccounts: true }],
    });
    if (provider.status !== 201) throw new Error(`provider: ${provider.status} ${provider.text}`);
    idp.serve([{ clientId: 'lagesbild', clientSecret: SECRET, redirectUris: [provider.body.redirectUri] }]);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await Promise.all([t?.close(), idp?.close()]);
    removeWebBuild(staticDir);
  });

  it('signs a coordinator in through the provider, without a password, back to the live picture; Mitt konto says there is no password', async () => {
    idp.signInAs('maria-sub', { email: 'maria.holm@lidkoping.test', name: 'Maria Holm', groups: ['trygghet'] });
    const context = await browser.newContext({ baseURL: t.url, locale: 'sv-SE', timezoneId: 'Europe/Stockholm' });
    const page = await context.newPage();
    try {
      await page.goto('/logga-in');
      const button = page.getByRole('link', { name: 'Logga in med Kommunens konto' });
      await button.waitFor();
      await expectNoSeriousViolations(page, 'login with a provider');
      await button.click();
      await page.waitForURL('**/lagesbild');
      await page.getByRole('heading', { level: 1, name: 'Lägesbild' }).waitFor();
      expect(page.url()).not.toContain('code=');
      const stored = JSON.parse(await page.evaluate(() => localStorage.getItem('lagesbild.session')));
      expect(stored.user).toEqual(expect.objectContaining({ name: 'Maria Holm', role: 'coordinator', hasPassword: false }));
      await page.getByText('Maria Holm').first().waitFor();

      await page.getByTestId('my-account').click();
      await page.getByRole('heading', { level: 1, name: 'Mitt konto' }).waitFor();
      await page.getByText('Du loggar in med din organisations konto och har inget lösenord i Lägesbild.').waitFor();
      await expect(page.getByLabel('Nuvarande lösenord').count()).resolves.toBe(0);
      await page.locator('[data-testid="session"][data-current="true"]').getByText('Den här enheten').waitFor();
      await expectNoSeriousViolations(page, 'my account, signed in through a provider');
    } finally {
      await context.close();
    }
  }, 60_000);

  it('tells a person whose organisation is not connected so, on the login page', async () => {
    idp.signInAs('okand-sub', { email: 'okand@lidkoping.test', name: 'Okänd', groups: ['annat'] });
    const context = await browser.newContext({ baseURL: t.url, locale: 'sv-SE' });
    const page = await context.newPage();
    try {
      await page.goto('/insatser');
      await page.getByRole('link', { name: 'Logga in med Kommunens konto' }).click();
      await page.waitForURL('**/logga-in?oidcError=ORGANISATION_NOT_CONNECTED');
      await page.getByRole('alert').getByText('Din organisation är inte ansluten till den här samverkan.', { exact: false }).waitFor();
      await expectNoSeriousViolations(page, 'login after a refused sign-in');
    } finally {
      await context.close();
    }
  }, 60_000);

  it('changes a password on Mitt konto, and logs out another device from the list', async () => {
    const email = `lars.${unique('x').replace(/\W/g, '')}@lidkoping.test`;
    const created = await admin.post('/api/users', { email, name: 'Lars Berg', organisationId: police, role: 'member', password: PASSWORD });
    expect(created.status).toBe(201);
    const elsewhere = await login(t.url, email, PASSWORD);
    const context = await browser.newContext({ baseURL: t.url, locale: 'sv-SE', timezoneId: 'Europe/Stockholm' });
    const page = await context.newPage();
    try {
      await page.goto('/logga-in');
      await page.getByLabel('E-postadress').fill(email);
      await page.getByLabel('Lösenord').fill(PASSWORD);
      await page.getByRole('button', { name: 'Logga in' }).click();
      await page.waitForURL('**/lagesbild');
      await page.getByTestId('my-account').click();
      await page.getByRole('heading', { level: 1, name: 'Mitt konto' }).waitFor();
      const sessions = page.getByTestId('session');
      const other = page.locator('[data-testid="session"][data-current="false"]');
      await other.waitFor();
      await expect(sessions.count()).resolves.toBe(2);

      // The other device: logged out from here, its token refused at once. The list is read again after the
      // message, so wait for the row to go rather than counting at once.
      await other.getByRole('button', { name: /^Logga ut/ }).click();
      await page.getByText('Enheten är utloggad.').waitFor();
      await other.waitFor({ state: 'detached' });
      await expect(sessions.count()).resolves.toBe(1);
      expect((await new Api(t.url, elsewhere).get('/api/me')).status).toBe(401);

      // A wrong current password is named at its field; the right one changes it and this device stays signed in.
      const next = `sju blå tunnor vid hamnen ${Date.now()}`;
      await page.getByLabel('Nuvarande lösenord').fill('not-my-password-at-all');
      await page.getByLabel('Nytt lösenord').fill(next);
      await page.getByRole('button', { name: 'Byt lösenord' }).click();
      await page.getByText('Det är inte ditt nuvarande lösenord.').waitFor();
      await expectNoSeriousViolations(page, 'my account with an error');
      await page.getByLabel('Nuvarande lösenord').fill(PASSWORD);
      await page.getByRole('button', { name: 'Byt lösenord' }).click();
      await page.getByText('Lösenordet är bytt.', { exact: false }).waitFor();
      await page.locator('[data-testid="session"][data-current="true"]').waitFor();
      const token = JSON.parse(await page.evaluate(() => localStorage.getItem('lagesbild.session'))).accessToken as string;
      expect((await new Api(t.url, token).get('/api/me')).status).toBe(200);
      expect((await new Api(t.url).post('/api/auth/login', { email, password: next })).status).toBe(200);
    } finally {
      await context.close();
    }
  }, 90_000);
});
