/**
 * A forgotten password in the browser, through a real SMTP server in this process (test/support/smtp.ts): "Glömt
 * lösenordet?" on the login page, the address sent, the e-mailed link opened, a weak password refused by the server
 * and shown, the new one saved, the used link refused, and a sign-in with the new password.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/app.js';
import { mailEnvironment, onService, startSmtp, type TestSmtp } from '../support/smtp.js';
import { adminApi, createUser, login } from '../support/world.js';
import { expectNoSeriousViolations, hasChromium, launchBrowser, removeWebBuild, webDist } from './support.js';

(hasChromium ? describe : describe.skip)('web client: a forgotten password', () => {
  let t: TestApp;
  let smtp: TestSmtp;
  let browser: Browser;
  let staticDir: string;
  let email: string;

  beforeAll(async () => {
    staticDir = webDist();
    smtp = await startSmtp();
    [t, browser] = await Promise.all([startTestApp({ env: { STATIC_DIR: staticDir, ...mailEnvironment(smtp) } }), launchBrowser()]);
    const admin = await adminApi(t);
    const me = (await admin.get('/api/me')).body;
    email = (await createUser(t, admin, me.organisation.id, 'member', { tokens: 'signed' })).email;
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await smtp?.stop();
    removeWebBuild(staticDir);
  });

  it('mails a link from the login page, sets a new password through it once, and signs in with it', async () => {
    const context = await browser.newContext({ baseURL: t.url, locale: 'sv-SE', timezoneId: 'Europe/Stockholm' });
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    try {
      await page.goto('/logga-in');
      await page.getByTestId('forgot-password').click();
      await page.waitForURL('**/aterstall-losenord');
      await page.getByRole('heading', { level: 1, name: 'Återställ lösenord' }).waitFor();
      await expectNoSeriousViolations(page, 'password reset request');
      await page.getByLabel('E-postadress').fill(email);
      await page.getByRole('button', { name: 'Skicka länk' }).click();
      await page.getByTestId('reset-requested').waitFor();

      const mail = await smtp.waitFor('the reset link', (d) => d.to.includes(email) && d.subject.includes('lösenord'));
      const link = /https:\/\/\S+\/aterstall-losenord#token=\S+/.exec(mail.text)![0];
      await page.goto(onService(link, t.url));
      await page.getByLabel('Nytt lösenord').waitFor();
      await expectNoSeriousViolations(page, 'password reset: new password');

      // A password the server refuses is shown with its reason; nothing is used up by it.
      await page.getByLabel('Nytt lösenord').fill('password1234');
      await page.getByLabel('Upprepa lösenordet').fill('password1234');
      await page.getByRole('button', { name: 'Spara lösenordet' }).click();
      await expect(page.getByRole('alert').textContent()).resolves.toContain('för lätt att gissa');

      const fresh = 'ett nytt och långt lösenord från länken';
      await page.getByLabel('Nytt lösenord').fill(fresh);
      await page.getByLabel('Upprepa lösenordet').fill(fresh);
      await page.getByRole('button', { name: 'Spara lösenordet' }).click();
      await page.getByTestId('reset-done').waitFor();
      expect(await login(t.url, email, fresh)).toEqual(expect.any(String));

      // The link works once.
      await page.goto(onService(link, t.url));
      await page.reload();
      await page.getByLabel('Nytt lösenord').fill(`${fresh} igen`);
      await page.getByLabel('Upprepa lösenordet').fill(`${fresh} igen`);
      await page.getByRole('button', { name: 'Spara lösenordet' }).click();
      await expect(page.getByRole('alert').textContent()).resolves.toContain('redan använd');
    } finally {
      await context.close();
    }
  }, 120_000);
});
