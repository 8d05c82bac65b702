import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import type { LoginResponse } from '#contracts';
import type { Actor } from '../common/actor.js';
import { DomainError } from '../common/domain-error.js';
import { WritePath } from '../common/write/write-path.js';
import { InjectConfig, type ResolvedConfig } from '../config/config.module.js';
import { toActor, toMe, UsersService } from '../users/users.service.js';
import { verifyAgainstDummy, verifyPassword } from '../common/password.js';

interface TokenClaims {
  sub: string;
  cid: string;
  /** A fingerprint of the password hash: a new password ends every session issued before it. */
  pwd: string;
  exp: number;
}

const passwordFingerprint = (hash: string) => createHash('sha256').update(hash).digest('base64url').slice(0, 12);

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

  async login(email: string, password: string, ctx: { ip?: string; requestId?: string }): Promise<LoginResponse> {
    const user = await this.users.findByEmail(email);
    const ok = user ? await verifyPassword(user.passwordHash, password) : await verifyAgainstDummy(password);
    if (!user || !ok || user.disabled) {
      const who = user ? { ...toActor(user), ...ctx } : undefined;
      await this.writes.audit(who ?? null, { action: 'auth.login_failed', details: { ip: ctx.ip, reason: user?.disabled ? 'disabled' : 'credentials' } });
      throw unauthenticated(BAD_CREDENTIALS);
    }
    const actor = { ...toActor(user), ...ctx };
    const accessToken = await this.jwt.signAsync(
      { sub: user.id, cid: user.collaborationId, pwd: passwordFingerprint(user.passwordHash) },
      { expiresIn: this.config.jwtExpiresInSeconds },
    );
    await this.writes.audit(actor, { action: 'auth.login', entityType: 'user', entityId: user.id });
    const { exp } = this.jwt.decode<TokenClaims>(accessToken);
    return { accessToken, expiresAt: new Date(exp * 1000).toISOString(), user: toMe(user) };
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
    return { ...toActor(user), tokenExpiresAt: claims.exp * 1000 };
  }
}
