import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { Api } from '../support/api.js';
import { startTestApp, TEST_ADMIN, TEST_JWT_SECRET, type TestApp } from '../support/app.js';
import { decodeJwt, signJwt } from '../support/jwt.js';
import { adminApi, createOrg, createUser, PASSWORD, type TestOrg } from '../support/world.js';
import { expectError, ISO_WITH_OFFSET, newId, UUID_RE } from './helpers.js';

// Each file starts its own service and builds its people (argon2): generous on a busy 2-core machine.
jest.setTimeout(60_000);

describe('auth: login, tokens, me, disabling', () => {
  let t: TestApp;
  let admin: Api;
  let anon: Api;
  let org: TestOrg;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await adminApi(t);
    anon = new Api(t.url);
    org = await createOrg(t, admin, 'municipality', 'auth');
  });
  afterAll(() => t?.close());

  it('logs in with the right password: accessToken, expiresAt and the user with organisation', async () => {
    const res = await anon.post('/api/auth/login', { email: org.member.email, password: PASSWORD });
    expect(res.status).toBe(200);
    expect(res.body.accessToken).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(res.body.expiresAt).toMatch(ISO_WITH_OFFSET);
    expect(Date.parse(res.body.expiresAt)).toBeGreaterThan(Date.now() + 60_000);
    expect(res.body.user).toEqual(expect.objectContaining({
      id: org.member.id, email: org.member.email, role: 'member', name: expect.any(String),
      organisation: { id: org.id, name: org.name, kind: 'municipality' },
    }));
    const claims = decodeJwt(res.body.accessToken);
    expect(claims.sub).toBe(org.member.id);
    // The token works, and the web client's httpOnly cookie carries the same token.
    expect((await anon.as(res.body.accessToken).get('/api/me')).status).toBe(200);
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/lagesbild_token=[^;]+/);
    expect(cookie).toMatch(/HttpOnly/i);
  });

  it('e-mail addresses are matched without regard to case', async () => {
    const res = await anon.post('/api/auth/login', { email: org.member.email.toUpperCase(), password: PASSWORD });
    expect(res.status).toBe(200);
    expect(res.body.user.id).toBe(org.member.id);
  });

  it('a wrong password, an unknown e-mail and a malformed e-mail get the same 401 answer', async () => {
    const wrongPassword = await anon.post('/api/auth/login', { email: org.member.email, password: 'not-the-password-at-all' });
    const unknownEmail = await anon.post('/api/auth/login', { email: 'nobody.here@test.lagesbild', password: PASSWORD });
    const malformed = await anon.post('/api/auth/login', { email: 'not an address', password: PASSWORD });
    for (const res of [wrongPassword, unknownEmail, malformed]) expectError(res, 401);
    expect(unknownEmail.body).toEqual(wrongPassword.body);
    expect(malformed.body).toEqual(wrongPassword.body);
    expect(wrongPassword.body.accessToken).toBeUndefined();
  });

  it('GET /api/me has the contract shape', async () => {
    const res = await org.coordinator.api.get('/api/me');
    expect(res.status).toBe(200);
    expect(res.body).toEqual(expect.objectContaining({
      id: org.coordinator.id, email: org.coordinator.email, name: expect.any(String), role: 'coordinator',
      organisation: { id: org.id, name: org.name, kind: 'municipality' },
    }));
    expect(res.body.id).toMatch(UUID_RE);
    expect(res.body.platformAdmin).toBe(false);
    expect(res.body).not.toHaveProperty('passwordHash');
    expect(res.body).not.toHaveProperty('password_hash');
    const me = await admin.get('/api/me');
    expect(me.body).toEqual(expect.objectContaining({ email: TEST_ADMIN.email, role: 'admin', platformAdmin: true }));
  });

  it('every protected route answers 401 without a token', async () => {
    const routes: [string, string][] = [
      ['GET', '/api/me'], ['GET', '/api/reports'], ['POST', '/api/reports'], ['GET', '/api/organisations'], ['POST', '/api/organisations'],
      ['GET', '/api/users'], ['POST', '/api/users'], ['GET', '/api/areas'], ['POST', '/api/areas'], ['GET', '/api/places'], ['POST', '/api/places'],
      ['GET', '/api/audit'], ['GET', '/api/collaborations'], ['POST', '/api/collaborations'],
      ['GET', `/api/reports/${newId()}`], ['PATCH', `/api/users/${org.member.id}`],
    ];
    for (const [method, path] of routes) {
      const res = await anon.request(method, path, method === 'GET' ? undefined : {});
      expectError(res, 401);
    }
  });

  it('health and categories are public', async () => {
    expect((await anon.get('/api/health')).status).toBe(200);
    expect((await anon.get('/api/categories')).status).toBe(200);
  });

  describe('tokens that are not valid answer 401', () => {
    const claimsFor = (over: Record<string, unknown> = {}) => {
      const now = Math.floor(Date.now() / 1000);
      const { cid, pwd, sid } = decodeJwt(org.member.token);
      return { sub: org.member.id, cid, pwd, sid, iat: now, exp: now + 600, ...over };
    };

    it('a token signed here with the test secret works (so the cases below fail for their one defect)', async () => {
      const res = await anon.as(signJwt(claimsFor())).get('/api/me');
      expect(res.status).toBe(200);
      expect(res.body.id).toBe(org.member.id);
    });

    it.each([
      ['missing', () => undefined],
      ['empty', () => ''],
      ['garbage', () => 'not-a-jwt'],
      ['signed with another secret (forged)', () => signJwt(claimsFor(), 'another-secret-that-is-long-enough-for-hs256-xx')],
      ['expired an hour ago', () => signJwt(claimsFor({ iat: Math.floor(Date.now() / 1000) - 7200, exp: Math.floor(Date.now() / 1000) - 3600 }))],
      ['expired a minute ago', () => signJwt(claimsFor({ exp: Math.floor(Date.now() / 1000) - 60 }))],
      ['alg none', () => signJwt(claimsFor(), TEST_JWT_SECRET, { alg: 'none', typ: 'JWT' }).replace(/[^.]+$/, '')],
      ['HS512 instead of HS256', () => signJwt(claimsFor(), TEST_JWT_SECRET, { alg: 'HS512', typ: 'JWT' })],
      ['an unknown user', () => signJwt(claimsFor({ sub: newId() }))],
      ['another collaboration id', () => signJwt(claimsFor({ cid: newId() }))],
      ['a tampered payload', () => {
        const [h, , s] = org.member.token.split('.');
        const p = Buffer.from(JSON.stringify({ ...decodeJwt(org.member.token), sub: org.admin.id })).toString('base64url');
        return `${h}.${p}.${s}`;
      }],
    ])('%s', async (_label, make) => {
      const res = await anon.as(make()).get('/api/me');
      expectError(res, 401);
      expect(res.body.id).toBeUndefined();
    });

    it('a token in the session cookie works, a forged one there does not', async () => {
      const ok = await anon.get('/api/me', { cookie: `lagesbild_token=${org.member.token}` });
      expect(ok.status).toBe(200);
      expect(ok.body.id).toBe(org.member.id);
      const forged = await anon.get('/api/me', { cookie: `lagesbild_token=${signJwt(claimsFor(), 'another-secret-that-is-long-enough-for-hs256-xx')}` });
      expectError(forged, 401);
    });
  });

  it('disabling a user makes their existing token fail at once and their login fail like a wrong password', async () => {
    const victim = await createUser(t, admin, org.id, 'member');
    expect((await victim.api.get('/api/me')).status).toBe(200);
    const current = await org.admin.api.get(`/api/users/${victim.id}`);
    expect(current.status).toBe(200);
    const disabled = await org.admin.api.patch(`/api/users/${victim.id}`, { version: current.body.version, disabled: true });
    expect(disabled.status).toBe(200);
    expect(disabled.body.disabled).toBe(true);
    expectError(await victim.api.get('/api/me'), 401);
    expectError(await victim.api.get('/api/reports'), 401);
    const login = await anon.post('/api/auth/login', { email: victim.email, password: PASSWORD });
    const wrong = await anon.post('/api/auth/login', { email: victim.email, password: 'wrong-password-for-sure' });
    expectError(login, 401);
    expect(login.body).toEqual(wrong.body);
    // Enabled again: they can log in again.
    const enabled = await org.admin.api.patch(`/api/users/${victim.id}`, { version: disabled.body.version, disabled: false });
    expect(enabled.status).toBe(200);
    expect((await anon.post('/api/auth/login', { email: victim.email, password: PASSWORD })).status).toBe(200);
  });

  it('logout ends that session for good (bearer or cookie, as the web client sends it); another session of the user goes on', async () => {
    const user = await createUser(t, admin, org.id, 'member');
    const [second, third] = await Promise.all([0, 1].map(() => anon.post('/api/auth/login', { email: user.email, password: PASSWORD })));
    const out = await user.api.post('/api/auth/logout');
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie') ?? '').toMatch(/lagesbild_token=;/);
    expectError(await user.api.get('/api/me'), 401);
    expectError(await anon.get('/api/me', { cookie: `lagesbild_token=${user.token}` }), 401);
    // The web client logs out with its httpOnly cookie only (no Authorization header).
    expect((await anon.post('/api/auth/logout', undefined, { cookie: `lagesbild_token=${third.body.accessToken}` })).status).toBe(204);
    expectError(await anon.as(third.body.accessToken).get('/api/me'), 401);
    expect((await anon.as(second.body.accessToken).get('/api/me')).status).toBe(200);
  });

  it('re-enabling a user revives none of the tokens that disabling ended', async () => {
    const victim = await createUser(t, admin, org.id, 'member');
    const current = await org.admin.api.get(`/api/users/${victim.id}`);
    const off = await org.admin.api.patch(`/api/users/${victim.id}`, { version: current.body.version, disabled: true });
    expect(off.status).toBe(200);
    const on = await org.admin.api.patch(`/api/users/${victim.id}`, { version: off.body.version, disabled: false });
    expect(on.status).toBe(200);
    expectError(await victim.api.get('/api/me'), 401);
    const again = await anon.post('/api/auth/login', { email: victim.email, password: PASSWORD });
    expect((await anon.as(again.body.accessToken).get('/api/me')).status).toBe(200);
  });

  it("a stranger's ten wrong passwords do not lock the owner out: the right one still opens, after a back-off of 5 s at most", async () => {
    const owner = await createUser(t, admin, org.id, 'member');
    for (let i = 0; i < 10; i++) expectError(await anon.post('/api/auth/login', { email: owner.email, password: `guess-number-${i}-is-wrong` }), 401);
    const t0 = Date.now();
    const res = await anon.post('/api/auth/login', { email: owner.email, password: PASSWORD });
    const waited = Date.now() - t0;
    expect(res.status).toBe(200);
    // Slowed (0.2 s after five failures, doubling, up to 5 s per attempt: src/auth/login-delays.ts), never locked.
    expect(waited).toBeGreaterThanOrEqual(4900);
    expect(waited).toBeLessThan(15_000);
  });

  it('an admin cannot disable themself', async () => {
    const self = await org.admin.api.get(`/api/users/${org.admin.id}`);
    expectError(await org.admin.api.patch(`/api/users/${org.admin.id}`, { version: self.body.version, disabled: true }), 403);
    expect((await org.admin.api.get('/api/me')).status).toBe(200);
  });

  it('a changed password: the old one fails, the new one works, and sessions from before it end', async () => {
    expect((await org.coordinator.api.get('/api/me')).status).toBe(200);
    const u = await org.admin.api.get(`/api/users/${org.coordinator.id}`);
    const changed = await org.admin.api.patch(`/api/users/${org.coordinator.id}`, { version: u.body.version, password: 'a-brand-new-password-42' });
    expect(changed.status).toBe(200);
    expectError(await org.coordinator.api.get('/api/me'), 401);
    expectError(await anon.post('/api/auth/login', { email: org.coordinator.email, password: PASSWORD }), 401);
    expect((await anon.post('/api/auth/login', { email: org.coordinator.email, password: 'a-brand-new-password-42' })).status).toBe(200);
    expect(JSON.stringify(changed.body)).not.toContain('a-brand-new-password-42');
  });
});

describe('auth: login throttling', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { LOGIN_THROTTLE_LIMIT: '3' } });
  });
  afterAll(() => t?.close());

  it('answers 429 with Retry-After after too many attempts for one account, even with the right password', async () => {
    const anon = new Api(t.url);
    for (let i = 0; i < 3; i++) expectError(await anon.post('/api/auth/login', { email: TEST_ADMIN.email, password: `wrong-password-${i}` }), 401);
    const blocked = await anon.post('/api/auth/login', { email: TEST_ADMIN.email, password: 'wrong-password-again' });
    expectError(blocked, 429);
    const retryAfter = Number(blocked.headers.get('retry-after'));
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    // Also with the right password, and whatever the case of the address: the account is throttled, not the string.
    expectError(await anon.post('/api/auth/login', { email: TEST_ADMIN.email.toUpperCase(), password: TEST_ADMIN.password }), 429);
    // Another account from the same address is not blocked by this one.
    expectError(await anon.post('/api/auth/login', { email: 'someone.else@test.lagesbild', password: 'whatever-password' }), 401);
  });

  it('also throttles one address that tries many accounts, at a higher limit than one account', async () => {
    const anon = new Api(t.url);
    const statuses: number[] = [];
    for (let i = 0; i < 20 && !statuses.includes(429); i++) {
      statuses.push((await anon.post('/api/auth/login', { email: `sprayed.${i}@test.lagesbild`, password: 'whatever-password' })).status);
    }
    expect(statuses.at(-1)).toBe(429);
    // More than one account's worth of attempts went through first: this is the address limit, not the account one.
    expect(statuses.filter((s) => s === 401).length).toBeGreaterThan(3);
    const fresh = await anon.post('/api/auth/login', { email: 'never.tried@test.lagesbild', password: 'whatever-password' });
    expectError(fresh, 429);
    expect(Number(fresh.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  });

  it('limits sign-ins through a provider per address (each makes the server call the provider): the browser lands on the login page told to wait', async () => {
    // LOGIN_THROTTLE_LIMIT=3: nine starts or callbacks per address and window, as logins per address.
    const landing = async (path: string) => {
      const res = await fetch(`${t.url}${path}`, { redirect: 'manual' });
      expect(res.status).toBe(302);
      return new URL(res.headers.get('location')!, t.url).searchParams.get('oidcError');
    };
    const provider = randomUUID();
    const codes: (string | null)[] = [];
    for (let i = 0; i < 9; i++) codes.push(await landing(i % 2 ? `/api/auth/oidc/${provider}/callback?code=x&state=y` : `/api/auth/oidc/${provider}/start`));
    // Refused for what they are (no such provider; a callback without the sign-in's cookie), not for their number.
    expect(codes.every((c) => c !== null && c !== 'TOO_MANY_ATTEMPTS')).toBe(true);
    expect(codes).toContain('PROVIDER_NOT_FOUND');
    expect(await landing(`/api/auth/oidc/${provider}/start`)).toBe('TOO_MANY_ATTEMPTS');
    expect(await landing(`/api/auth/oidc/${provider}/callback?code=x&state=y`)).toBe('TOO_MANY_ATTEMPTS');
  });
});
