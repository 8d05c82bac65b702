import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { MeResponse, Page, Role, SessionResponse, UserResponse } from '#contracts';
import type { Actor } from '../common/actor.js';
import { CHANNELS } from '../common/channels.js';
import { conflict, DomainError, notFound } from '../common/domain-error.js';
import { NotificationsService } from '../common/notifications.service.js';
import { hashPassword } from '../common/password.js';
import type { Step } from '../common/write/statement.js';
import { type Write, WritePath } from '../common/write/write-path.js';
import { OrganisationsService } from '../organisations/organisations.service.js';
import type { CreateUserDto, UpdateUserDto, UserListQuery } from './users.dto.js';
import { assertMayManage, assertNotSelfLockout } from './users.rules.js';
import { UsersRepository, type UserView } from './users.repository.js';

/** How long a node may answer from its cache of token users when a change notification was missed. */
const AUTH_CACHE_MS = 3000;

export const toActor = (u: UserView): Actor => ({
  id: u.id, email: u.email, name: u.name, role: u.role, platformAdmin: u.platformAdmin,
  collaborationId: u.collaborationId, organisationId: u.organisationId, organisationName: u.orgName, organisationKind: u.orgKind,
});

export const toMe = (u: UserView): MeResponse => ({
  id: u.id, email: u.email, name: u.name, role: u.role, platformAdmin: u.platformAdmin,
  collaboration: { id: u.collaborationId, name: u.collabName, municipality: u.collabMunicipality },
  organisation: { id: u.organisationId, name: u.orgName, kind: u.orgKind },
  hasPassword: u.passwordHash !== null,
});

const toResponse = (u: UserView): UserResponse => ({
  id: u.id, email: u.email, name: u.name, role: u.role, disabled: u.disabled,
  organisation: { id: u.organisationId, name: u.orgName, kind: u.orgKind },
  version: u.version, createdAt: new Date(u.createdAt).toISOString(),
});

/** People: each belongs to one organisation of one collaboration, with one role. */
@Injectable()
export class UsersService implements OnModuleInit {
  constructor(
    private readonly repo: UsersRepository,
    private readonly writes: WritePath,
    private readonly organisations: OrganisationsService,
    private readonly notifications: NotificationsService,
  ) {}

  onModuleInit(): void {
    // A change on any node (role, disabled, password): the next request here re-reads the user.
    this.notifications.on(CHANNELS.userChanged, (userId) => this.forget(userId));
  }

  /**
   * The user behind a token, from a short-lived cache: every authenticated request needs it, and it rarely
   * changes. A change on this node forgets it at once (update below); other nodes forget it when the change's
   * NOTIFY arrives (CHANNELS.userChanged), and at the latest after AUTH_CACHE_MS if that was missed.
   */
  async findForAuth(id: string): Promise<UserView | undefined> {
    const hit = this.authCache.get(id);
    if (hit && hit.until > Date.now()) return hit.row;
    const row = await this.repo.findById(id);
    if (this.authCache.size > 10_000) this.authCache.clear();
    if (row) this.authCache.set(id, { row, until: Date.now() + AUTH_CACHE_MS });
    return row;
  }

  forget(id: string): void {
    this.authCache.delete(id);
    for (const [sid, entry] of this.sessionCache) if (entry.userId === id) this.sessionCache.delete(sid);
  }

  /** Whether a token's session is live, from a cache kept as the users' (forgotten on every change of the user). */
  async isSessionLive(sessionId: string, userId: string): Promise<boolean> {
    const hit = this.sessionCache.get(sessionId);
    if (hit && hit.until > Date.now()) return hit.userId === userId;
    const live = await this.repo.liveSession(sessionId);
    if (this.sessionCache.size > 10_000) this.sessionCache.clear();
    if (live) this.sessionCache.set(sessionId, { userId: live.userId, until: Date.now() + AUTH_CACHE_MS });
    return live?.userId === userId;
  }

  private readonly sessionCache = new Map<string, { userId: string; until: number }>();

  /**
   * A login: the session its token names, and the audit row, written together. `require` adds a requirement of the
   * same statement (the one-time code of an OpenID Connect sign-in, used by it); false when one did not hold.
   */
  async startSession(actor: Actor, sessionId: string, expiresAt: Date, opts: { details?: Record<string, unknown>; require?: (w: Write) => void } = {}): Promise<boolean> {
    const result = await this.writes.run(actor, {}, (w) => {
      opts.require?.(w);
      w.audit({ action: 'auth.login', entityType: 'user', entityId: actor.id, details: { sessionId, ...opts.details } });
      return this.repo.insertSession(w, { id: sessionId, collaborationId: actor.collaborationId, userId: actor.id, expiresAt, ip: actor.ip ?? null });
    });
    return result.kind === 'written';
  }

  /** The caller's live sessions, the one they asked with marked `current`. */
  async sessions(actor: Actor): Promise<Page<SessionResponse>> {
    const rows = await this.repo.liveSessions(actor.id);
    const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
    return {
      items: rows.map((r) => ({ id: r.id, createdAt: iso(r.createdAt)!, lastSeenAt: iso(r.lastSeenAt), expiresAt: iso(r.expiresAt)!, ip: r.ip, current: r.id === actor.sessionId })),
      nextCursor: null,
    };
  }

  /** Ends one of the caller's own sessions (on every node at once); another's, or one already ended, answers 404. */
  async endOwnSession(actor: Actor, sessionId: string): Promise<void> {
    const result = await this.writes.run(actor, {}, (w) => {
      this.repo.requireLiveSession(w, actor.id, sessionId);
      this.repo.endSessions(w, actor.id, 'ended_by_user', sessionId);
      w.audit({ action: 'auth.session_end', entityType: 'user', entityId: actor.id, details: { sessionId, current: sessionId === actor.sessionId } });
      w.notify(CHANNELS.userChanged, actor.id);
    });
    this.forget(actor.id);
    if (result.kind !== 'written') throw notFound('session');
  }

  /**
   * A new password of one's own, in one statement: the password (if it is still the one the caller proved to know),
   * every session of the user ended, and the new session the caller goes on with (`next`, the one the new token names).
   */
  async changeOwnPassword(actor: Actor, currentHash: string, newHash: string, next: { sessionId: string; expiresAt: Date }): Promise<void> {
    const result = await this.writes.run(actor, {}, (w) => {
      this.repo.requirePasswordHash(w, actor.id, currentHash);
      this.repo.update(w, actor.id, { passwordHash: newHash });
      this.repo.endSessions(w, actor.id, 'password');
      this.repo.insertSession(w, { id: next.sessionId, collaborationId: actor.collaborationId, userId: actor.id, expiresAt: next.expiresAt, ip: actor.ip ?? null });
      w.audit({ action: 'user.password_change', entityType: 'user', entityId: actor.id, details: { sessionId: next.sessionId } });
      w.notify(CHANNELS.userChanged, actor.id);
    });
    this.forget(actor.id);
    if (result.kind !== 'written') {
      throw new DomainError('conflict', 'PASSWORD_CHANGED', 'your password was changed meanwhile (or your account disabled): log in again');
    }
  }

  /** A user by id with the names of their organisation and collaboration (uncached: for a sign-in, not per request). */
  find(id: string) {
    return this.repo.findById(id);
  }

  /** Logout: the session ends on every node at once (its token is refused, its sockets are closed). */
  async endSession(actor: Actor, sessionId: string): Promise<void> {
    await this.writes.run(actor, {}, (w) => {
      this.repo.endSessions(w, actor.id, 'logout', sessionId);
      w.audit({ action: 'auth.logout', entityType: 'user', entityId: actor.id, details: { sessionId } });
      w.notify(CHANNELS.userChanged, actor.id);
    });
    this.forget(actor.id);
  }

  private readonly authCache = new Map<string, { row: UserView; until: number }>();

  findAllByEmail(email: string): Promise<UserView[]> {
    return this.repo.findAllByEmail(email);
  }

  async me(actor: Actor): Promise<MeResponse> {
    const row = await this.repo.findById(actor.id);
    if (!row) throw notFound('user');
    return toMe(row);
  }

  async create(actor: Actor, dto: CreateUserDto, opts: { platformAdmin?: boolean } = {}): Promise<UserResponse> {
    // Platform admins may staff any collaboration; everyone else only their own.
    const org = await this.organisations.find(dto.organisationId);
    if (!org || (org.collaborationId !== actor.collaborationId && !actor.platformAdmin)) throw notFound('organisationId: organisation');
    assertMayManage(actor, { organisationId: org.id, role: dto.role, platformAdmin: false }, dto.role);
    const id = await this.insert(actor, org, { email: dto.email, name: dto.name, role: dto.role }, await hashPassword(dto.password), opts.platformAdmin ?? false);
    if (!id) throw conflict('EMAIL_TAKEN', 'a user with this e-mail address already exists');
    return toResponse((await this.repo.findById(id))!);
  }

  list(actor: Actor, q: UserListQuery): Promise<Page<UserResponse>> {
    return this.repo.list(actor.collaborationId, q.organisationId, q, toResponse);
  }

  async get(actor: Actor, id: string): Promise<UserResponse> {
    return toResponse(await this.inCollaboration(actor, id));
  }

  async update(actor: Actor, id: string, dto: UpdateUserDto): Promise<UserResponse> {
    assertNotSelfLockout(actor, id, dto);
    const row = await this.inCollaboration(actor, id);
    assertMayManage(actor, row, dto.role ?? undefined);
    const stale = () => conflict('VERSION_CONFLICT', `the user was changed by someone else (version ${row.version}); reload and try again`);
    if (row.version !== dto.version) throw stale();
    const hash = dto.password ? await hashPassword(dto.password) : undefined;
    const changed = (['name', 'role', 'disabled'] as const).filter((k) => dto[k] !== undefined && dto[k] !== row[k]);
    const result = await this.writes.run(actor, {}, (w) => {
      this.repo.requireAtVersion(w, actor.collaborationId, id, dto.version);
      // An explicit null changes nothing, as an absent field (the DTO lets null through as "not given").
      const updated = this.repo.update(w, id, { name: dto.name ?? undefined, role: dto.role ?? undefined, disabled: dto.disabled ?? undefined, passwordHash: hash });
      w.audit({ action: 'user.update', entityType: 'user', entityId: id, details: { fields: dto.password ? [...changed, 'password'] : changed } });
      // Every node forgets its cached copy and live connections re-check the user (disabled or new password:
      // disconnected; role: what they may receive).
      if (changed.includes('role') || changed.includes('disabled') || hash) w.notify(CHANNELS.userChanged, id);
      // Disabling or a new password ends every session for good: re-enabling the user later revives none of them.
      if (dto.disabled === true) this.repo.endSessions(w, id, 'disabled');
      if (hash) this.repo.endSessions(w, id, 'password');
      return updated;
    });
    if (result.kind !== 'written') throw stale();
    this.forget(id);
    return toResponse((await this.repo.findById(id))!);
  }

  /** A user of the caller's collaboration; another collaboration's answers 404, like one that does not exist. */
  private async inCollaboration(actor: Actor, id: string): Promise<UserView> {
    const row = await this.repo.findById(id);
    if (!row || row.collaborationId !== actor.collaborationId) throw notFound('user');
    return row;
  }

  /** BOOTSTRAP_ADMIN_EMAIL/PASSWORD: a platform admin in the default collaboration, created if no user has that e-mail. */
  async ensureBootstrapAdmin(collaborationId: string, admin: { email: string; password: string }): Promise<void> {
    if ((await this.repo.findAllByEmail(admin.email)).length) return;
    const org = await this.organisations.ensure(collaborationId, 'Lägesbild förvaltning', 'other');
    const id = await this.insert(null, { id: org.id, collaborationId }, { email: admin.email, name: 'Administratör', role: 'admin' }, await hashPassword(admin.password), true);
    if (id) new Logger('Bootstrap').log(`created the bootstrap admin ${admin.email}`);
  }

  /**
   * Adds a user with a password hash made by the caller (the demo seed gives all its people one); the id, or
   * undefined when the e-mail address is taken in that collaboration. Audited in the collaboration the user joins: its admins see who
   * was added, and a platform admin's own collaboration learns nothing about another's people.
   */
  async insert(
    actor: Actor | null, org: { id: string; collaborationId: string },
    person: { email: string; name: string; role: Role }, passwordHash: string | null, platformAdmin = false,
    also?: { details?: Record<string, unknown>; build: (w: Write, user: Step<unknown>, userId: string) => void },
  ): Promise<string | undefined> {
    const id = randomUUID();
    const result = await this.writes.run(actor, { collaborationId: org.collaborationId }, (w) => {
      // Without an actor: made at start-up or by the demo seed, or by a sign-in (`also`: the person has no account yet).
      w.audit({ action: actor || also ? 'user.create' : 'user.seed', entityType: 'user', entityId: id, details: { role: person.role, ...(platformAdmin && { platformAdmin }), ...also?.details } });
      const user = this.repo.insert(w, { id, collaborationId: org.collaborationId, organisationId: org.id, ...person, passwordHash, platformAdmin });
      // What must be written with the account or not at all (the identity an OpenID Connect sign-in made it for).
      also?.build(w, user, id);
      return user;
    });
    return result.kind === 'written' && result.rows.length ? id : undefined;
  }

  /**
   * A new password as part of another context's write `w` (a password reset link, src/auth): the same change as
   * `update` makes of a password — a new hash and version, every session ended, every node told — guarded by `w`'s
   * requirements. The caller forgets the user on this node after the write (`forget`).
   */
  setPasswordIn(w: Write, userId: string, passwordHash: string): void {
    this.repo.update(w, userId, { passwordHash });
    this.repo.endSessions(w, userId, 'password');
    w.notify(CHANNELS.userChanged, userId);
  }
}
