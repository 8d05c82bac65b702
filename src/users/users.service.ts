import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { MeResponse, Page, UserResponse } from '#contracts';
import type { Actor } from '../common/actor.js';
import { conflict, forbidden, notFound } from '../common/domain-error.js';
import { pageByName } from '../common/pagination.js';
import { SqlWhere } from '../common/sql-where.js';
import { AuditService } from '../audit/audit.service.js';
import { hashPassword } from '../auth/password.js';
import type { CreateUserDto, UpdateUserDto, UserListQuery } from './users.dto.js';

/** How long a node may answer from its cache of token users when a change notification was missed. */
const AUTH_CACHE_MS = 3000;

const SELECT_USER = `SELECT u.*, o.name AS org_name, o.kind AS org_kind, c.name AS collab_name, c.municipality AS collab_municipality
  FROM users u JOIN organisations o ON o.id = u.organisation_id JOIN collaborations c ON c.id = u.collaboration_id`;

export interface UserRow {
  id: string;
  email: string;
  name: string;
  role: Actor['role'];
  platform_admin: boolean;
  disabled: boolean;
  password_hash: string;
  collaboration_id: string;
  organisation_id: string;
  org_name: string;
  org_kind: Actor['organisationKind'];
  collab_name: string;
  collab_municipality: string;
  version: number;
  created_at: Date;
}

export const toActor = (u: UserRow): Actor => ({
  id: u.id, email: u.email, name: u.name, role: u.role, platformAdmin: u.platform_admin,
  collaborationId: u.collaboration_id, organisationId: u.organisation_id, organisationName: u.org_name, organisationKind: u.org_kind,
});

export const toMe = (u: UserRow): MeResponse => ({
  id: u.id, email: u.email, name: u.name, role: u.role, platformAdmin: u.platform_admin,
  collaboration: { id: u.collaboration_id, name: u.collab_name, municipality: u.collab_municipality },
  organisation: { id: u.organisation_id, name: u.org_name, kind: u.org_kind },
});

const toResponse = (u: UserRow): UserResponse => ({
  id: u.id, email: u.email, name: u.name, role: u.role, disabled: u.disabled,
  organisation: { id: u.organisation_id, name: u.org_name, kind: u.org_kind },
  version: u.version, createdAt: new Date(u.created_at).toISOString(),
});

/** People: each belongs to one organisation of one collaboration, with one role. */
@Injectable()
export class UsersService {
  constructor(private readonly ds: DataSource, private readonly audit: AuditService) {}

  async findById(id: string): Promise<UserRow | undefined> {
    const [row] = await this.ds.query(`${SELECT_USER} WHERE u.id = $1`, [id]);
    return row;
  }

  /**
   * The user behind a token, from a short-lived cache: every authenticated request needs it, and it rarely
   * changes. A change on this node forgets it at once (update below); other nodes forget it when the change's
   * NOTIFY arrives (FeedGateway.userChanged), and at the latest after AUTH_CACHE_MS if that was missed.
   */
  async findForAuth(id: string): Promise<UserRow | undefined> {
    const hit = this.authCache.get(id);
    if (hit && hit.until > Date.now()) return hit.row;
    const row = await this.findById(id);
    if (this.authCache.size > 10_000) this.authCache.clear();
    if (row) this.authCache.set(id, { row, until: Date.now() + AUTH_CACHE_MS });
    return row;
  }

  forget(id: string): void {
    this.authCache.delete(id);
  }

  private readonly authCache = new Map<string, { row: UserRow; until: number }>();

  async findByEmail(email: string): Promise<UserRow | undefined> {
    const [row] = await this.ds.query(`${SELECT_USER} WHERE lower(u.email) = lower($1)`, [email]);
    return row;
  }

  async me(actor: Actor): Promise<MeResponse> {
    const row = await this.findById(actor.id);
    if (!row) throw notFound('user');
    return toMe(row);
  }

  async create(actor: Actor, dto: CreateUserDto, opts: { platformAdmin?: boolean } = {}): Promise<UserResponse> {
    // Platform admins may staff any collaboration; everyone else only their own.
    const [org] = await this.ds.query('SELECT id, collaboration_id FROM organisations WHERE id = $1', [dto.organisationId]);
    if (!org || (org.collaboration_id !== actor.collaborationId && !actor.platformAdmin)) throw notFound('organisationId: organisation');
    const hash = await hashPassword(dto.password);
    const id = await this.ds.transaction(async (m) => {
      const rows = await m.query(
        `INSERT INTO users (collaboration_id, organisation_id, email, name, role, password_hash, platform_admin)
         VALUES ($1,$2,$3,$4,$5,$6,$7) ON CONFLICT DO NOTHING RETURNING id`,
        [org.collaboration_id, org.id, dto.email, dto.name, dto.role, hash, opts.platformAdmin ?? false],
      );
      if (!rows.length) throw conflict('EMAIL_TAKEN', 'a user with this e-mail address already exists');
      // Into the log of the collaboration the user joins (a platform admin may staff another one): its admins see
      // who was added, and the platform admin's own collaboration learns nothing about another's people.
      await this.audit.record({ ...actor, collaborationId: org.collaboration_id }, { action: 'user.create', entityType: 'user', entityId: rows[0].id, details: { role: dto.role } }, m);
      return rows[0].id as string;
    });
    return toResponse((await this.findById(id))!);
  }

  list(actor: Actor, q: UserListQuery): Promise<Page<UserResponse>> {
    const where = new SqlWhere('u.collaboration_id = $1', actor.collaborationId).add('u.organisation_id = ?', q.organisationId);
    return pageByName(this.ds, SELECT_USER, where, 'u', q, (r) => toResponse(r as UserRow));
  }

  async get(actor: Actor, id: string): Promise<UserResponse> {
    const row = await this.findById(id);
    if (!row || row.collaboration_id !== actor.collaborationId) throw notFound('user');
    return toResponse(row);
  }

  async update(actor: Actor, id: string, dto: UpdateUserDto): Promise<UserResponse> {
    if (id === actor.id && (dto.disabled === true || (dto.role && dto.role !== 'admin'))) {
      throw forbidden('you cannot disable yourself or take away your own admin role');
    }
    const hash = dto.password ? await hashPassword(dto.password) : undefined;
    await this.ds.transaction(async (m) => {
      const [row] = await m.query('SELECT * FROM users WHERE id = $1 AND collaboration_id = $2 FOR UPDATE', [id, actor.collaborationId]);
      if (!row) throw notFound('user');
      // A platform admin reaches every collaboration: an organisation's admin who could reset their password or
      // disable them would take over (or lock out) the whole installation.
      if (row.platform_admin && !actor.platformAdmin) throw forbidden('only a platform admin may change a platform admin');
      if (row.version !== dto.version) throw conflict('VERSION_CONFLICT', `the user was changed by someone else (version ${row.version}); reload and try again`);
      await m.query(
        `UPDATE users SET name = COALESCE($2, name), role = COALESCE($3, role), disabled = COALESCE($4, disabled),
           password_hash = COALESCE($5, password_hash), version = version + 1, updated_at = now() WHERE id = $1`,
        [id, dto.name ?? null, dto.role ?? null, dto.disabled ?? null, hash ?? null],
      );
      const changed = (['name', 'role', 'disabled'] as const).filter((k) => dto[k] !== undefined && dto[k] !== row[k]);
      // Every node forgets its cached copy and live connections re-check the user (disabled or new password:
      // disconnected; role: what they may receive).
      if (changed.includes('role') || changed.includes('disabled') || dto.password) await m.query(`SELECT pg_notify('lagesbild_user_changed', $1)`, [id]);
      await this.audit.record(actor, {
        action: 'user.update', entityType: 'user', entityId: id,
        details: { fields: dto.password ? [...changed, 'password'] : changed },
      }, m);
    });
    this.forget(id);
    return toResponse((await this.findById(id))!);
  }
}
