import { Injectable } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import type { LoginResponse } from '#contracts';
import type { Write } from '../common/write/write-path.js';
import type { Actor } from '../common/actor.js';
import { DomainError, invalid } from '../common/domain-error.js';
import { WritePath } from '../common/write/write-path.js';
import { InjectConfig, type ResolvedConfig } from '../config/config.module.js';
import { toActor, toMe, UsersService } from '../users/users.service.js';
import { hashPassword, verifyAgainstDummy, verifyPassword } from '../common/password.js';
import { LoginDelays } from './login-delays.js';

interface TokenClaims {
  sub: string;
  cid: string;
  /** The session: ended by logout, disabling the user or a new password, and then refused for good. */
  sid: string;
  /** A fingerprint of the password hash: a new password ends every session issued before it. */
  pwd: string;
  exp: number;
}

/** An account without a password (made by an OpenID Connect sign-in) has a fixed one: its sessions do the work. */
const passwordFingerprint = (hash: string | null) => (hash === null ? '-' : createHash('sha256').update(hash).digest('base64url').slice(0, 12));

/** An account as the users context reads it for a sign-in. */
export type SignInUser = NonNullable<Awaited<ReturnType<UsersService['find']>>>;

export const BAD_CREDENTIALS = 'wrong e-mail address or password';
const unauthenticated = (message = 'not logged in or the session has expired') => new DomainError('unauthenticated', 'UNAUTHENTICATED', message);

/** Logging in, and turning a bearer token back into a caller: used by HTTP guards and the socket handshake alike. */
@Injectable()
export class AuthService {
  constructor(
    private readonly jwt: JwtService,
    private readonly users: UsersService,
    private readonly writes: WritePath,
    @InjectConfig() private readonly config: ResolvedConfig,
  ) {}

  private readonly delays = new LoginDelays();

  async login(email: string, password: string, ctx: { ip?: string; requestId?: string }, collaborationId?: string): Promise<LoginResponse> {
    await this.delays.wait(email);
    // The same e-mail address may be an account in several collaborations (one officer, two municipalities):
    // the password decides which; when it opens several, the caller names the collaboration.
    const accounts = (await this.users.findAllByEmail(email)).filter((u) => !collaborationId || u.collaborationId === collaborationId);
    const opened = [];
    // An account made by an OpenID Connect sign-in has no password here: nothing opens it (in the same time).
    for (const u of accounts) if (u.passwordHash === null ? await verifyAgainstDummy(password) : await verifyPassword(u.passwordHash, password)) opened.push(u);
    if (!accounts.length) await verifyAgainstDummy(password);
    const user = opened.length === 1 ? opened[0] : undefined;
    if (opened.length > 1) {
      throw new DomainError('conflict', 'CHOOSE_COLLABORATION', 'this e-mail address and password open accounts in several collaborations: name one as collaborationId',
        { collaborations: opened.map((u) => ({ id: u.collaborationId, name: u.collabName })) });
    }
    if (!user || user.disabled) {
      this.delays.failed(email);
      const who = accounts.length === 1 ? { ...toActor(accounts[0]), ...ctx } : null;
      await this.writes.audit(who, { action: 'auth.login_failed', details: { ip: ctx.ip, reason: user?.disabled ? 'disabled' : 'credentials' } });
      throw unauthenticated(BAD_CREDENTIALS);
    }
    this.delays.succeeded(email);
    return (await this.signIn(user, ctx))!;
  }

  /**
   * Signs a person in, whichever way they proved who they are (a password, an identity provider): a session and its
   * token. `require` makes the session's write depend on more (a one-time code used by it): undefined when that
   * did not hold, and no session was started.
   */
  async signIn(user: SignInUser, ctx: { ip?: string; requestId?: string }, opts: { details?: Record<string, unknown>; require?: (w: Write) => void } = {}): Promise<LoginResponse | undefined> {
    const actor = { ...toActor(user), ...ctx };
    const { sid, accessToken, expiresAt } = await this.token(user, user.passwordHash);
    if (!(await this.users.startSession(actor, sid, expiresAt, opts))) return undefined;
    return { accessToken, expiresAt: expiresAt.toISOString(), user: toMe(user) };
  }

  private async token(user: SignInUser, passwordHash: string | null): Promise<{ sid: string; accessToken: string; expiresAt: Date }> {
    const sid = randomUUID();
    const accessToken = await this.jwt.signAsync(
      { sub: user.id, cid: user.collaborationId, sid, pwd: passwordFingerprint(passwordHash) },
      { expiresIn: this.config.jwtExpiresInSeconds },
    );
    const { exp } = this.jwt.decode<TokenClaims>(accessToken);
    return { sid, accessToken, expiresAt: new Date(exp * 1000) };
  }

  /**
   * A new password of one's own: the current one must be given (a token left open on a shared computer does not let
   * a passer-by lock the owner out), and every session ends, the caller's too: it goes on with the new session and
   * token answered here, as a login answers. Wrong guesses slow down as logins do (per account).
   */
  async changePassword(actor: Actor, currentPassword: string, newPassword: string): Promise<LoginResponse> {
    const user = await this.users.find(actor.id);
    if (!user || user.disabled) throw unauthenticated();
    if (user.passwordHash === null) {
      await verifyAgainstDummy(currentPassword);
      throw invalid('currentPassword', 'cannot be checked: your account signs in through your organisation and has no password here', 'NO_LOCAL_PASSWORD');
    }
    await this.delays.wait(user.email);
    if (!(await verifyPassword(user.passwordHash, currentPassword))) {
      this.delays.failed(user.email);
      await this.writes.audit(actor, { action: 'user.password_change_failed', entityType: 'user', entityId: actor.id, details: { ip: actor.ip } });
      throw invalid('currentPassword', 'is not your current password', 'WRONG_PASSWORD');
    }
    this.delays.succeeded(user.email);
    if (newPassword === currentPassword) throw invalid('newPassword', 'must differ from your current password', 'SAME_PASSWORD');
    const newHash = await hashPassword(newPassword);
    const { sid, accessToken, expiresAt } = await this.token(user, newHash);
    await this.users.changeOwnPassword(actor, user.passwordHash, newHash, { sessionId: sid, expiresAt });
    return { accessToken, expiresAt: expiresAt.toISOString(), user: toMe({ ...user, passwordHash: newHash }) };
  }

  /** Ends the session of this token (if it is a valid one): it is refused from now on, on every node. */
  async logout(token: string | undefined): Promise<void> {
    const actor = await this.authenticate(token).catch(() => undefined);
    if (actor?.sessionId) await this.users.endSession(actor, actor.sessionId);
  }

  /** Verifies the token and loads the user on every call, so a disabled user is locked out at once. */
  async authenticate(token: string | undefined): Promise<Actor & { tokenExpiresAt: number }> {
    if (!token) throw unauthenticated();
    let claims: TokenClaims;
    try {
      claims = await this.jwt.verifyAsync<TokenClaims>(token);
    } catch {
      throw unauthenticated();
    }
    const user = await this.users.findForAuth(claims.sub);
    if (!user || user.disabled || user.collaborationId !== claims.cid || claims.pwd !== passwordFingerprint(user.passwordHash)) {
      throw unauthenticated();
    }
    if (typeof claims.sid !== 'string' || !(await this.users.isSessionLive(claims.sid, user.id))) throw unauthenticated();
    return { ...toActor(user), sessionId: claims.sid, tokenExpiresAt: claims.exp * 1000 };
  }
}
