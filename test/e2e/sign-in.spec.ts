import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import type { IdentityProviderResponse, LoginResponse, OidcExchangeResponse } from '#contracts';
import { Api } from '../support/api.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { halfWritten } from '../support/consistency.js';
import { withDb } from '../support/db.js';
import { SignInBrowser, startIdp, type TestIdp } from '../support/oidc-idp.js';
import { adminApi, login, PASSWORD, unique } from '../support/world.js';
import { expectError } from './helpers.js';

// One service and one identity provider for the file.
jest.setTimeout(60_000);

/**
 * Sign-in with OpenID Connect against a real provider in this process (test/support/oidc-idp.ts): the whole code
 * flow through the service's redirects as a browser follows them, the claim mapping, the refusals a person or their
 * admin can act on (each ends on the login page with a code and writes no account), the providers' admin API; and
 * one's own password and sessions.
 */
let t: TestApp;
let idp: TestIdp;
let admin: Api;
let anonymous: Api;
const orgs: Record<'police' | 'school' | 'other', string> = { police: '', school: '', other: '' };
const providers: Record<'main' | 'linking' | 'down' | 'stranger', IdentityProviderResponse> = {} as never;
const SECRET = `idp-client-secret-${randomUUID()}`;
/** The token of the first account a sign-in made (the first test makes it). */
let annaToken = '';

/** A port nothing listens on: a provider there is down. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as { port: number };
  await new Promise<void>((ok) => server.close(() => ok()));
  return port;
}

async function created<T = any>(res: { status: number; text: string; body: T }, what: string): Promise<T> {
  if (res.status !== 201) throw new Error(`create ${what}: ${res.status} ${res.text}`);
  return res.body;
}

/** The rows that say who exists: users and identities (a refused sign-in must change neither). */
const accounts = () => withDb(t.databaseUrl, async (db) => ({
  users: Number((await db.query('SELECT count(*) FROM users')).rows[0].count),
  identities: Number((await db.query('SELECT count(*) FROM user_identities')).rows[0].count),
}));

/** A sign-in in a fresh browser through `provider` as the person the provider logs in; where the service sends it. */
async function signIn(providerId: string, returnTo?: string): Promise<{ browser: SignInBrowser; landed: URL; code?: string; error?: string }> {
  const browser = new SignInBrowser();
  const { landed } = await browser.follow(`${t.url}/api/auth/oidc/${providerId}/start${returnTo ? `?returnTo=${encodeURIComponent(returnTo)}` : ''}`, t.url);
  const code = new URLSearchParams(landed.hash.slice(1)).get('code') ?? undefined;
  return { browser, landed, code, error: landed.searchParams.get('oidcError') ?? undefined };
}

/** What the web client does on /logga-in/oidc: the code, with the browser's cookies. */
async function exchange(browser: SignInBrowser, code: string) {
  const res = await browser.request(`${t.url}/api/auth/oidc/exchange`, {
    method: 'POST', body: JSON.stringify({ code }), headers: { 'content-type': 'application/json' },
  });
  return { status: res.status, body: (await res.json()) as OidcExchangeResponse & { code?: string } };
}

beforeAll(async () => {
  [t, idp] = await Promise.all([startTestApp(), startIdp()]);
  admin = await adminApi(t);
  anonymous = new Api(t.url);
  const other = await created(await admin.post('/api/collaborations', { name: `Annan ${unique()}`, municipality: 'Götene' }), 'collaboration');
  [orgs.police, orgs.school, orgs.other] = (await Promise.all([
    admin.post('/api/organisations', { name: `Polisen ${unique()}`, kind: 'police' }),
    admin.post('/api/organisations', { name: `Skolan ${unique()}`, kind: 'school' }),
    admin.post('/api/organisations', { name: `Annan polis ${unique()}`, kind: 'police', collaborationId: other.id }),
  ])).map((r) => (r.status === 201 ? r.body.id : (() => { throw new Error(r.text); })()));
  const mapping = [
    { claim: 'groups', value: 'polis-samordnare', organisationId: orgs.police, role: 'coordinator', createAccounts: true },
    { claim: 'groups', value: 'skolan', organisationId: orgs.school, role: 'member', createAccounts: false },
  ];
  providers.main = await created(await admin.post('/api/identity-providers', {
    displayName: 'Kommunens konto', issuer: idp.issuer, clientId: 'lagesbild', clientSecret: SECRET, mapping,
  }), 'provider');
  providers.linking = await created(await admin.post('/api/identity-providers', {
    displayName: 'Kommunens konto (länkar)', issuer: idp.issuer, clientId: 'lagesbild-link', clientSecret: SECRET, mapping, linkByEmail: true,
  }), 'provider');
  providers.stranger = await created(await admin.post('/api/identity-providers', {
    displayName: 'Främling', issuer: idp.issuer, clientId: 'lagesbild-stranger', clientSecret: SECRET, mapping: [],
  }), 'provider');
  providers.down = await created(await admin.post('/api/identity-providers', {
    displayName: 'Nere', issuer: `http://127.0.0.1:${await closedPort()}`, clientId: 'lagesbild', clientSecret: SECRET, mapping,
  }), 'provider');
  idp.serve([
    { clientId: 'lagesbild', clientSecret: SECRET, redirectUris: [providers.main.redirectUri] },
    { clientId: 'lagesbild-link', clientSecret: SECRET, redirectUris: [providers.linking.redirectUri] },
    { clientId: 'lagesbild-stranger', clientSecret: SECRET, redirectUris: [providers.stranger.redirectUri] },
  ]);
});

afterAll(async () => {
  await Promise.all([t?.close(), idp?.close()]);
});

describe('sign-in through an identity provider', () => {
  let anna: { id: string; token: string };

  it('goes through the whole code flow: an account is made where the mapping allows, and its token calls GET /api/me', async () => {
    const before = await accounts();
    idp.signInAs('anna-sub', { email: 'Anna.Berg@lidkoping.test', name: 'Anna Berg', groups: ['alla', 'polis-samordnare'] });
    const { browser, landed, code, error } = await signIn(providers.main.id, '/insatser');
    expect({ error, path: landed.pathname, search: landed.search }).toEqual({ error: undefined, path: '/logga-in/oidc', search: '' });
    expect(browser.hasCookie(t.url, 'lagesbild_oidc_flow')).toBe(false); // spent at the callback

    const res = await exchange(browser, code!);
    expect(res.status).toBe(200);
    expect(res.body.returnTo).toBe('/insatser');
    const me = await anonymous.as(res.body.accessToken).get('/api/me');
    expect(me.status).toBe(200);
    expect(me.body).toEqual(expect.objectContaining({
      email: 'anna.berg@lidkoping.test', name: 'Anna Berg', role: 'coordinator', hasPassword: false,
      organisation: expect.objectContaining({ id: orgs.police }),
    }));
    anna = { id: me.body.id, token: res.body.accessToken };
    annaToken = res.body.accessToken;
    expect(await accounts()).toEqual({ users: before.users + 1, identities: before.identities + 1 });
    const row = await withDb(t.databaseUrl, async (db) => (await db.query(
      `SELECT u.password_hash, i.subject, (SELECT array_agg(a.action ORDER BY a.id) FROM audit_log a WHERE a.entity_id = u.id) AS actions
       FROM users u JOIN user_identities i ON i.user_id = u.id WHERE u.id = $1`, [anna.id])).rows[0]);
    expect(row).toEqual({ password_hash: null, subject: 'anna-sub', actions: ['user.create', 'auth.login'] });

    // The code is worth one login: not twice, and never without the cookie of the browser that signed in.
    expect((await exchange(browser, code!)).body).toEqual(expect.objectContaining({ statusCode: 401, code: 'OIDC_CODE_INVALID' }));
    expect((await anonymous.post('/api/auth/oidc/exchange', { code })).status).toBe(401);
  });

  it('signs the same subject in to the same account again (found by provider and subject), and the account has no password to log in with', async () => {
    // The provider now says another address and another group: the link, not the claims, says whose account it is.
    idp.signInAs('anna-sub', { email: 'anna.b@lidkoping.test', name: 'Anna B', groups: ['polis-samordnare'] });
    const before = await accounts();
    const { browser, code } = await signIn(providers.main.id);
    const sessions = () => withDb(t.databaseUrl, async (db) => Number((await db.query('SELECT count(*) FROM sessions WHERE user_id = $1', [anna.id])).rows[0].count));
    const sessionsBefore = await sessions();
    // A double click: the code is used by one of the two, which alone starts a session.
    const both = await Promise.all([exchange(browser, code!), exchange(browser, code!)]);
    expect(both.map((r) => r.status).sort()).toEqual([200, 401]);
    expect(await sessions()).toBe(sessionsBefore + 1);
    const res = both.find((r) => r.status === 200)!;
    expect({ returnTo: res.body.returnTo, id: res.body.user?.id }).toEqual({ returnTo: '/lagesbild', id: anna.id });
    expect(await accounts()).toEqual(before);
    expectError(await anonymous.post('/api/auth/login', { email: 'anna.berg@lidkoping.test', password: PASSWORD }), 401);
    expectError(await anonymous.as(anna.token).post('/api/me/password', { currentPassword: PASSWORD, newPassword: `ett helt nytt lösenord ${unique()}` }), 400,
      { code: 'NO_LOCAL_PASSWORD', field: 'currentPassword' });
  });

  it("refuses, writing no account, a person whose claims map to no organisation, and one the mapping does not let make an account", async () => {
    const before = await accounts();
    idp.signInAs('okand-sub', { email: 'okand@lidkoping.test', groups: ['alla'] });
    expect((await signIn(providers.main.id)).error).toBe('ORGANISATION_NOT_CONNECTED');
    idp.signInAs('elev-sub', { email: 'larare@skolan.test', groups: ['skolan'] });
    expect((await signIn(providers.main.id)).error).toBe('NO_ACCOUNT');
    idp.signInAs('utan-post-sub', { name: 'Utan Post', groups: ['polis-samordnare'] });
    expect((await signIn(providers.main.id)).error).toBe('EMAIL_MISSING');
    expect(await accounts()).toEqual(before);
    const reasons = await withDb(t.databaseUrl, async (db) => (await db.query(
      `SELECT details->>'reason' AS reason FROM audit_log WHERE action = 'auth.login_failed' AND details->>'providerId' = $1 ORDER BY id`, [providers.main.id])).rows.map((r) => r.reason));
    expect(reasons).toEqual(expect.arrayContaining(['ORGANISATION_NOT_CONNECTED', 'NO_ACCOUNT', 'EMAIL_MISSING']));
  });

  it('refuses a rule naming an organisation that is not of the collaboration: when it is written, and at sign-in should one be stored', async () => {
    expectError(await admin.patch(`/api/identity-providers/${providers.linking.id}`, {
      version: providers.linking.version, mapping: [{ claim: 'groups', value: 'x', organisationId: orgs.other, role: 'member', createAccounts: true }],
    }), 404, { field: 'mapping.0.organisationId' });
    // A rule that names an organisation unknown to the collaboration (written past the API): refused, nothing made.
    await withDb(t.databaseUrl, (db) => db.query('UPDATE identity_providers SET mapping = $2 WHERE id = $1', [providers.stranger.id,
      JSON.stringify([{ claim: 'groups', value: 'polis-samordnare', organisationId: orgs.other, role: 'member', createAccounts: true }])]));
    const before = await accounts();
    idp.signInAs('okand-org-sub', { email: 'ny@lidkoping.test', groups: ['polis-samordnare'] });
    expect((await signIn(providers.stranger.id)).error).toBe('ORGANISATION_NOT_CONNECTED');
    expect(await accounts()).toEqual(before);
  });

  it('refuses an ID token for another audience, one with a wrong nonce, an answer with a wrong state, and a callback in a browser that did not start', async () => {
    const before = await accounts();
    idp.signInAs('anna-sub', { email: 'anna.berg@lidkoping.test', groups: ['polis-samordnare'] });
    idp.tamperNextIdToken((c) => ({ ...c, aud: 'someone-else' }));
    expect((await signIn(providers.main.id)).error).toBe('TOKEN_REFUSED');
    idp.tamperNextIdToken((c) => ({ ...c, nonce: 'not-the-nonce-we-sent' }));
    expect((await signIn(providers.main.id)).error).toBe('TOKEN_REFUSED');
    idp.tamperNextIdToken((c) => ({ ...c, iss: 'https://idp.evil.example' }));
    expect((await signIn(providers.main.id)).error).toBe('TOKEN_REFUSED');

    // The provider's answer with its state changed (a forged callback, or one of another sign-in).
    const browser = new SignInBrowser();
    const start = await browser.request(`${t.url}/api/auth/oidc/${providers.main.id}/start`);
    const toProvider = new URL(start.headers.get('location')!);
    expect(toProvider.searchParams.get('code_challenge_method')).toBe('S256');
    expect(toProvider.searchParams.get('nonce')).toBeTruthy();
    toProvider.searchParams.set('state', 'forged-state');
    expect((await browser.follow(toProvider.href, t.url)).landed.searchParams.get('oidcError')).toBe('STATE_MISMATCH');

    // A callback with a real code and state, in a browser without the sign-in's cookie (login CSRF, a copied link).
    const victim = new SignInBrowser();
    const attacker = new SignInBrowser();
    const res = await attacker.request(`${t.url}/api/auth/oidc/${providers.main.id}/start`);
    let hop = res.headers.get('location')!;
    while (new URL(hop).origin !== new URL(t.url).origin) {
      const next = await attacker.request(hop);
      hop = new URL(next.headers.get('location')!, hop).href;
    }
    expect(hop).toContain('/callback?');
    expect((await victim.follow(hop, t.url)).landed.searchParams.get('oidcError')).toBe('LOGIN_EXPIRED');
    expect(await accounts()).toEqual(before);
  });

  it('sends the browser to the login page with a code, not a 500, when the provider is down, unknown or disabled, or says no', async () => {
    idp.signInAs('anna-sub', { email: 'anna.berg@lidkoping.test', groups: ['polis-samordnare'] });
    idp.refuseNext();
    expect((await signIn(providers.main.id)).error).toBe('PROVIDER_REFUSED');
    const down = await signIn(providers.down.id);
    expect({ path: down.landed.pathname, error: down.error }).toEqual({ path: '/logga-in', error: 'PROVIDER_UNAVAILABLE' });
    // Again at once: the failure is remembered briefly, so a click does not wait on a dead provider again.
    const started = Date.now();
    expect((await signIn(providers.down.id)).error).toBe('PROVIDER_UNAVAILABLE');
    expect(Date.now() - started).toBeLessThan(1000);
    expect((await signIn(randomUUID())).error).toBe('PROVIDER_NOT_FOUND');
    expect((await signIn('not-a-uuid')).error).toBe('PROVIDER_NOT_FOUND');
    const res = await admin.patch(`/api/identity-providers/${providers.down.id}`, { version: providers.down.version, enabled: false });
    expect(res.status).toBe(200);
    expect((await signIn(providers.down.id)).error).toBe('PROVIDER_NOT_FOUND');
    expect((await anonymous.get('/api/auth/providers')).body.items.map((p: { id: string }) => p.id)).not.toContain(providers.down.id);
  });

  it('links a first sign-in to an existing account with the same e-mail address only where the provider is set to', async () => {
    const email = `kalle.${unique()}@lidkoping.test`;
    const kalle = await created(await admin.post('/api/users', { email, name: 'Kalle Lund', organisationId: orgs.police, role: 'member', password: PASSWORD }), 'user');
    idp.signInAs(`kalle-${unique()}`, { email, name: 'Kalle Lund', groups: ['polis-samordnare'] });
    const before = await accounts();
    expect((await signIn(providers.main.id)).error).toBe('EMAIL_TAKEN');
    expect(await accounts()).toEqual(before);
    const linked = await signIn(providers.linking.id);
    const res = await exchange(linked.browser, linked.code!);
    expect({ status: res.status, id: res.body.user?.id, role: res.body.user?.role, hasPassword: res.body.user?.hasPassword })
      .toEqual({ status: 200, id: kalle.id, role: 'member', hasPassword: true });
    expect(await accounts()).toEqual({ users: before.users, identities: before.identities + 1 });
    // A disabled account is refused at once, whichever way it signs in.
    expect((await admin.patch(`/api/users/${kalle.id}`, { version: 1, disabled: true })).status).toBe(200);
    expect((await signIn(providers.linking.id)).error).toBe('ACCOUNT_DISABLED');
  });
});

describe("the identity providers' admin API", () => {
  it('never returns a client secret, and stores it sealed', async () => {
    const list = await admin.get('/api/identity-providers');
    expect(list.status).toBe(200);
    expect(list.text).not.toContain(SECRET);
    expect(list.body.items.find((p: IdentityProviderResponse) => p.id === providers.main.id)).toEqual(expect.objectContaining({
      hasClientSecret: true, clientId: 'lagesbild', scopes: 'openid email profile', redirectUri: `${t.url}/api/auth/oidc/${providers.main.id}/callback`,
    }));
    const stored = await withDb(t.databaseUrl, async (db) => (await db.query('SELECT client_secret FROM identity_providers WHERE id = $1', [providers.main.id])).rows[0].client_secret);
    expect(stored).toMatch(/^v1\./);
    expect(stored).not.toContain(SECRET);
  });

  it('keeps the stored secret when a change leaves it out, and removes it on null (a public client)', async () => {
    const made = await created(await admin.post('/api/identity-providers', {
      displayName: 'Med hemlighet', issuer: 'https://idp.hemlighet.test', clientId: `c-${unique()}`, clientSecret: 'a-secret-to-remove', mapping: [],
    }), 'a provider with a secret');
    const secretOf = () => withDb(t.databaseUrl, async (db) => (await db.query('SELECT client_secret FROM identity_providers WHERE id = $1', [made.id])).rows[0].client_secret);
    const renamed = await admin.patch(`/api/identity-providers/${made.id}`, { version: made.version, displayName: 'Fortfarande hemlig' });
    expect({ status: renamed.status, hasClientSecret: renamed.body.hasClientSecret }).toEqual({ status: 200, hasClientSecret: true });
    expect(await secretOf()).toMatch(/^v1\./);
    const removed = await admin.patch(`/api/identity-providers/${made.id}`, { version: renamed.body.version, clientSecret: null });
    expect({ status: removed.status, hasClientSecret: removed.body.hasClientSecret }).toEqual({ status: 200, hasClientSecret: false });
    expect(await secretOf()).toBeNull();
    expect((await admin.delete(`/api/identity-providers/${made.id}`)).status).toBe(204);
  });

  it('lists enabled providers for the login page by collaboration, the default one when none is named', async () => {
    const ids = (res: { body: { items: { id: string; displayName: string }[] } }) => res.body.items.map((p) => p.id);
    const mine = await anonymous.get(`/api/auth/providers?collaboration=${(await admin.get('/api/me')).body.collaboration.id}`);
    expect(ids(mine)).toEqual(expect.arrayContaining([providers.main.id, providers.linking.id]));
    expect(Object.keys(mine.body.items[0]).sort()).toEqual(['displayName', 'id']);
    expect(ids(await anonymous.get('/api/auth/providers'))).toEqual(ids(mine));
    expect(ids(await anonymous.get(`/api/auth/providers?collaboration=${randomUUID()}`))).toEqual([]);
    expectError(await anonymous.get('/api/auth/providers?collaboration=nope'), 400, { field: 'collaboration' });
  });

  it('refuses a bad issuer or scopes, a stale version and a duplicate, and answers 404 for another collaboration', async () => {
    const body = { displayName: 'Ny', issuer: 'http://idp.kommun.test', clientId: `c-${unique()}`, mapping: [] };
    expectError(await admin.post('/api/identity-providers', body), 400, { field: 'issuer' });
    expectError(await admin.post('/api/identity-providers', { ...body, issuer: 'https://idp.kommun.test', scopes: 'email' }), 400, { field: 'scopes' });
    expectError(await admin.post('/api/identity-providers', { ...body, issuer: idp.issuer, clientId: 'lagesbild' }), 409, { code: 'PROVIDER_EXISTS' });
    expectError(await admin.patch(`/api/identity-providers/${providers.main.id}`, { version: 99, displayName: 'X' }), 409, { code: 'VERSION_CONFLICT' });
    const theirs = await withDb(t.databaseUrl, async (db) => {
      const c = (await db.query('SELECT collaboration_id FROM organisations WHERE id = $1', [orgs.other])).rows[0].collaboration_id;
      const id = randomUUID();
      await db.query(`INSERT INTO identity_providers (id, collaboration_id, display_name, issuer, client_id) VALUES ($1, $2, 'Deras', 'https://idp.test', 'x')`, [id, c]);
      return id;
    });
    for (const res of [await admin.get(`/api/identity-providers/${theirs}`), await admin.patch(`/api/identity-providers/${theirs}`, { version: 1, enabled: false }),
      await admin.delete(`/api/identity-providers/${theirs}`)]) expectError(res, 404);
    await withDb(t.databaseUrl, (db) => db.query('DELETE FROM identity_providers WHERE id = $1', [theirs]));
  });

  it("deletes a provider: its people's links go, their accounts stay", async () => {
    const before = await accounts();
    const res = await admin.delete(`/api/identity-providers/${providers.stranger.id}`);
    expect(res.status).toBe(204);
    expect((await admin.get(`/api/identity-providers/${providers.stranger.id}`)).status).toBe(404);
    expect((await accounts()).users).toBe(before.users);
  });
});

describe('your own password and sessions', () => {
  let email: string;
  let tokens: string[];

  beforeAll(async () => {
    email = `lisa.${unique()}@lidkoping.test`;
    await created(await admin.post('/api/users', { email, name: 'Lisa Ek', organisationId: orgs.school, role: 'member', password: PASSWORD }), 'user');
    tokens = [await login(t.url, email, PASSWORD), await login(t.url, email, PASSWORD), await login(t.url, email, PASSWORD)];
  });

  it('lists your live sessions, marking the one you ask with', async () => {
    const res = await anonymous.as(tokens[0]).get('/api/me/sessions');
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(3);
    expect(res.body.items.filter((s: { current: boolean }) => s.current)).toHaveLength(1);
    // Newest first; the one this request used has been seen, the two never used since their login have not.
    const current = { id: expect.any(String), createdAt: expect.any(String), lastSeenAt: expect.any(String), expiresAt: expect.any(String), ip: expect.any(String), current: true };
    const unused = { ...current, lastSeenAt: null, current: false };
    expect(res.body.items).toEqual([unused, unused, current]);
  });

  it("ends one of your sessions: its token is refused at once; another's session answers 404", async () => {
    const mine = (await anonymous.as(tokens[0]).get('/api/me/sessions')).body.items as { id: string; current: boolean }[];
    const asTwo = (await anonymous.as(tokens[1]).get('/api/me/sessions')).body.items as { id: string; current: boolean }[];
    const second = asTwo.find((s) => s.current)!.id;
    expect(mine.find((s) => s.id === second)?.current).toBe(false);
    expect((await anonymous.as(tokens[0]).delete(`/api/me/sessions/${second}`)).status).toBe(204);
    expectError(await anonymous.as(tokens[1]).get('/api/me'), 401);
    expect((await anonymous.as(tokens[0]).get('/api/me')).status).toBe(200);
    expectError(await anonymous.as(tokens[0]).delete(`/api/me/sessions/${second}`), 404);
    const annas = (await anonymous.as(annaToken).get('/api/me/sessions')).body.items[0].id as string;
    expectError(await anonymous.as(tokens[0]).delete(`/api/me/sessions/${annas}`), 404);
    expect((await anonymous.as(annaToken).get('/api/me')).status).toBe(200);
  });

  it('changes your password with the current one: every session ends, the answer is a new login', async () => {
    const strong = `tre gröna cyklar vid ån ${unique()}`;
    expectError(await anonymous.as(tokens[0]).post('/api/me/password', { currentPassword: 'not-my-password', newPassword: strong }), 400, { code: 'WRONG_PASSWORD', field: 'currentPassword' });
    expectError(await anonymous.as(tokens[0]).post('/api/me/password', { currentPassword: PASSWORD, newPassword: 'password1234' }), 400, { field: 'newPassword' });
    expectError(await anonymous.as(tokens[0]).post('/api/me/password', { currentPassword: PASSWORD, newPassword: PASSWORD }), 400, { code: 'SAME_PASSWORD' });
    const res = await anonymous.as(tokens[0]).post<LoginResponse>('/api/me/password', { currentPassword: PASSWORD, newPassword: strong });
    expect(res.status).toBe(200);
    expect(res.headers.get('set-cookie')).toContain('lagesbild_token=');
    for (const old of tokens) expectError(await anonymous.as(old).get('/api/me'), 401);
    expect((await anonymous.as(res.body.accessToken).get('/api/me')).status).toBe(200);
    expect((await anonymous.as(res.body.accessToken).get('/api/me/sessions')).body.items).toEqual([expect.objectContaining({ current: true })]);
    expectError(await anonymous.post('/api/auth/login', { email, password: PASSWORD }), 401);
    expect((await anonymous.post('/api/auth/login', { email, password: strong })).status).toBe(200);
  });
});

describe('afterwards', () => {
  it('leaves no half-written rows behind', async () => {
    expect(await halfWritten(t.databaseUrl)).toEqual({});
  });
});
