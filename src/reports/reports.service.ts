import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import {
  COORDINATOR_ONLY_STATUSES, DEFAULT_SEVERITY, LIMITS, REPORT_TRANSITIONS,
  type CommentResponse, type HistoryEntryResponse, type Page, type ReportResponse,
} from '#contracts';
import { type Actor, isCoordinator } from '../common/actor.js';
import { DomainError, forbidden, invalid, notFound } from '../common/domain-error.js';
import { CompositeStatement, runPrepared } from '../common/composite-statement.js';
import { IdempotencyService, type Written } from '../common/idempotency.service.js';
import { cursorInstant, decodeCursor, toPage } from '../common/pagination.js';
import { SqlWhere } from '../common/sql-where.js';
import { redactAuthor, restrictToVisible } from '../common/visibility.js';
import { AuditService } from '../audit/audit.service.js';
import { EventLogService, type NewEvent } from '../feed/event-log.service.js';
import { GeographyService } from '../geography/geography.service.js';
import { OrganisationsService } from '../organisations/organisations.service.js';
import { SELECT_COMMENT, SELECT_REPORT, toFullComment, toFullReport, toHistoryEntry, toReportResponse, type ReportRow } from './report.mapper.js';
import type { CreateCommentDto, CreateReportDto, ReportListQuery, UpdateReportDto } from './reports.dto.js';

/** Clock slack for observedAt: a phone a few minutes ahead is not an error. */
const FUTURE_SLACK_MS = 5 * 60 * 1000;

export enum ReportErrorCode {
  IllegalTransition = 'ILLEGAL_TRANSITION',
  VersionConflict = 'VERSION_CONFLICT',
  LocationRequired = 'LOCATION_REQUIRED',
}

interface Where {
  placeId: string | null;
  placeName: string | null;
  areaId: string | null;
  areaName: string | null;
  lat: number;
  lng: number;
}

/** Observations of the shared picture: their lifecycle, comments and history, always through the visibility policy. */
@Injectable()
export class ReportsService {
  constructor(
    private readonly ds: DataSource,
    private readonly audit: AuditService,
    private readonly events: EventLogService,
    private readonly geography: GeographyService,
    private readonly organisations: OrganisationsService,
    private readonly idempotency: IdempotencyService,
  ) {}

  async create(actor: Actor, dto: CreateReportDto, idempotencyKey?: string): Promise<ReportResponse> {
    assertNotFuture(dto.observedAt, 'observedAt');
    const visibility = dto.visibility ?? 'partners';
    const sharedWith = this.sharedWithFor(actor, visibility, dto.sharedWithOrganisationIds);
    await this.organisations.assertAllInCollaboration(actor.collaborationId, sharedWith, 'sharedWithOrganisationIds');
    const where = await this.locate(actor, dto.placeId, dto.location);
    // One statement (see CompositeStatement): the report, its first history row, the audit row, the feed event with
    // its seq and, with a key, the idempotency row commit together in a single round trip.
    const now = new Date();
    const row: ReportRow = {
      id: randomUUID(), collaboration_id: actor.collaborationId, seq: '0', category: dto.category, description: dto.description,
      observed_at: new Date(dto.observedAt), severity: dto.severity ?? DEFAULT_SEVERITY, status: 'new', visibility, shared_with: sharedWith,
      place_id: where.placeId, place_name: where.placeName, area_id: where.areaId, area_name: where.areaName, lat: where.lat, lng: where.lng,
      organisation_id: actor.organisationId, org_name: actor.organisationName, org_kind: actor.organisationKind,
      author_id: actor.id, author_name: actor.name, version: 1, created_at: now, updated_at: now,
    };
    const report = toFullReport(row);
    const statement = new CompositeStatement();
    const guard = idempotencyKey ? this.idempotency.guard(statement, actor, idempotencyKey, 'report.create', dto, report) : undefined;
    const seq = this.events.takeSeq(statement, actor.collaborationId, guard);
    statement.insert('report', 'reports', {
      id: [row.id, 'uuid'], seq: { sql: `${seq}.seq` }, collaboration_id: [row.collaboration_id, 'uuid'], category: [row.category, 'text'],
      description: [row.description, 'text'], observed_at: [row.observed_at, 'timestamptz'], severity: [row.severity, 'smallint'],
      status: [row.status, 'text'], visibility: [row.visibility, 'text'], shared_with: [row.shared_with, 'uuid[]'],
      place_id: [row.place_id, 'uuid'], area_id: [row.area_id, 'uuid'], lat: [row.lat, 'float8'], lng: [row.lng, 'float8'],
      organisation_id: [row.organisation_id, 'uuid'], author_id: [row.author_id, 'uuid'],
      created_at: [now, 'timestamptz'], updated_at: [now, 'timestamptz'],
    }, { guard: seq, returning: 'id' });
    const initial = CREATED_FIELDS.map((field) => ({ field, from: null, to: report[field] }));
    statement.insert('history', 'report_history', {
      collaboration_id: [actor.collaborationId, 'uuid'], report_id: [row.id, 'uuid'], actor_id: [actor.id, 'uuid'],
      actor_organisation_id: [actor.organisationId, 'uuid'], action: ['created', 'text'], changes: [JSON.stringify(initial), 'jsonb'],
    }, { guard: 'report' });
    this.audit.addTo(statement, actor, { action: 'report.create', entityType: 'report', entityId: row.id }, 'report');
    this.events.addTo(statement, this.eventFor('report:created', report, row), 'report', seq);
    const written = await runPrepared(this.ds, statement, this.events.notifySql(statement, actor.collaborationId, seq));
    if (!written.length) {
      // The key was used before: answer as the first time (or 409 if the body differs).
      const first = await this.idempotency.prior<ReportResponse>(actor, idempotencyKey!, 'report.create', dto);
      return { ...first, seq: await this.events.creationSeq(this.ds, first.id) };
    }
    return { ...report, seq: Number(written[0].seq) };
  }

  async list(actor: Actor, q: ReportListQuery): Promise<Page<ReportResponse>> {
    const limit = q.limit ?? LIMITS.listDefault;
    const after = decodeCursor(q.cursor, ['date', 'uuid']);
    const where = restrictToVisible(new SqlWhere(), actor, 'r')
      .add('r.area_id = ?', q.areaId)
      .add('r.place_id = ?', q.placeId)
      .add('r.organisation_id = ?', q.organisationId)
      .add('r.category = ANY(?)', q.category)
      .add('r.status = ANY(?)', q.status)
      .add('r.severity >= ?', q.minSeverity)
      .add('r.observed_at >= ?', q.from)
      .add('r.observed_at < ?', q.to);
    if (after) where.raw('(r.created_at, r.id) < ($1::timestamptz, $2::uuid)', after[0], after[1]);
    const rows: (ReportRow & { cursor_at: string })[] = await this.ds.query(
      `${withCursorInstant(SELECT_REPORT, 'r')} WHERE ${where} ORDER BY r.created_at DESC, r.id DESC LIMIT ${where.param(limit + 1)}`,
      where.params,
    );
    const page = toPage(rows, limit, (r) => toReportResponse(r, actor.organisationId), (r) => [r.cursor_at, r.id]);
    await this.audit.record(actor, { action: 'report.list', entityType: 'report', entityIds: page.items.map((i) => i.id), details: filtersOf(q) });
    return page;
  }

  async get(actor: Actor, id: string): Promise<ReportResponse> {
    const row = await this.findVisible(this.ds, actor, id);
    await this.audit.record(actor, { action: 'report.read', entityType: 'report', entityId: id });
    return toReportResponse(row, actor.organisationId);
  }

  async update(actor: Actor, id: string, dto: UpdateReportDto): Promise<ReportResponse> {
    if (dto.observedAt) assertNotFuture(dto.observedAt, 'observedAt');
    const before = await this.findVisible(this.ds, actor, id);
    this.assertMayEdit(actor, before, dto);
    const visibility = dto.visibility ?? before.visibility;
    const sharedWith = dto.visibility !== undefined || dto.sharedWithOrganisationIds !== undefined
      ? this.sharedWithFor(actor, visibility, dto.sharedWithOrganisationIds ?? (visibility === 'organisations' ? before.shared_with : []))
      : before.shared_with;
    await this.organisations.assertAllInCollaboration(actor.collaborationId, sharedWith, 'sharedWithOrganisationIds');
    const where = dto.placeId !== undefined || dto.location !== undefined ? await this.locate(actor, dto.placeId, dto.location) : undefined;

    const written = await this.ds.transaction(async (m): Promise<Written<ReportResponse> | ReportResponse> => {
      const current = await this.findVisible(m, actor, id, true);
      if (current.version !== dto.version) {
        throw new DomainError('conflict', ReportErrorCode.VersionConflict,
          `the report was changed by someone else (version ${current.version}, you sent ${dto.version}); reload and try again`,
          { currentVersion: current.version });
      }
      if (dto.status !== undefined && dto.status !== current.status) assertTransition(actor, current.status, dto.status);
      const next: ReportRow = {
        ...current,
        status: dto.status ?? current.status,
        severity: dto.severity ?? current.severity,
        category: dto.category ?? current.category,
        description: dto.description ?? current.description,
        observed_at: dto.observedAt ? new Date(dto.observedAt) : current.observed_at,
        visibility,
        shared_with: sharedWith,
        ...(where && { place_id: where.placeId, place_name: where.placeName, area_id: where.areaId, area_name: where.areaName, lat: where.lat, lng: where.lng }),
      };
      const changes = diff(toFullReport(current), toFullReport(next));
      if (!changes.length) return toReportResponse(current, actor.organisationId);
      // TypeORM answers an UPDATE with [rows, affectedCount].
      const [[row]] = await m.query(
        `UPDATE reports SET status=$2, severity=$3, category=$4, description=$5, observed_at=$6, visibility=$7, shared_with=$8,
           place_id=$9, area_id=$10, lat=$11, lng=$12, version = version + 1, updated_at = now()
         WHERE id = $1 RETURNING version, updated_at`,
        [id, next.status, next.severity, next.category, next.description, next.observed_at, next.visibility, next.shared_with,
          next.place_id, next.area_id, next.lat, next.lng],
      );
      const updated = { ...next, version: row.version, updated_at: row.updated_at };
      await this.recordHistory(m, actor, id, 'updated', changes);
      await this.audit.record(actor, { action: 'report.update', entityType: 'report', entityId: id, details: { fields: changes.map((c) => c.field) } }, m);
      const report = toFullReport(updated);
      const event = await this.appendEvent(m, 'report:updated', report, updated);
      return { value: redactAuthor(report, actor.organisationId), eventId: event.id };
    });
    return 'eventId' in written ? this.withCommittedSeq(written) : written;
  }

  async history(actor: Actor, id: string): Promise<{ items: HistoryEntryResponse[]; nextCursor: null }> {
    await this.findVisible(this.ds, actor, id);
    const rows = await this.ds.query(
      `SELECT h.*, u.name AS actor_name, o.name AS org_name, o.kind AS org_kind FROM report_history h
       JOIN users u ON u.id = h.actor_id JOIN organisations o ON o.id = h.actor_organisation_id
       WHERE h.report_id = $1 ORDER BY h.id`,
      [id],
    );
    await this.audit.record(actor, { action: 'report.history.read', entityType: 'report', entityId: id });
    return { items: rows.map((h: Record<string, unknown>) => toHistoryEntry(h, actor.organisationId)), nextCursor: null };
  }

  async addComment(actor: Actor, reportId: string, dto: CreateCommentDto, idempotencyKey?: string): Promise<CommentResponse> {
    const written = await this.idempotency.run(actor, idempotencyKey, `comment.create:${reportId}`, dto, async (m) => {
      // Locked, so that a report hidden from the commenter at this moment cannot still take their comment.
      const report = await this.findVisible(m, actor, reportId, true);
      const [row] = await m.query(
        `INSERT INTO report_comments (collaboration_id, report_id, author_id, organisation_id, body) VALUES ($1,$2,$3,$4,$5) RETURNING *`,
        [actor.collaborationId, reportId, actor.id, actor.organisationId, dto.body],
      );
      const comment = toFullComment({ ...row, org_name: actor.organisationName, org_kind: actor.organisationKind, author_name: actor.name });
      await this.audit.record(actor, { action: 'report.comment', entityType: 'report', entityId: reportId, details: { commentId: row.id } }, m);
      // A comment is seen by exactly those who see its report: the event carries the report's visibility.
      const event = await this.events.append(m, {
        ...eventFacts(report), type: 'comment:created', entityId: comment.id, reportId,
        payload: comment as unknown as Record<string, unknown>, stamp: { table: 'report_comments', id: comment.id },
      });
      return { value: comment, eventId: event.id };
    });
    return this.withCommittedSeq(written);
  }

  /** Answers carry the feed seq of the change, which the event log assigns at commit. */
  private async withCommittedSeq<T extends { seq: number }>(written: Written<T>): Promise<T> {
    return { ...written.value, seq: await this.events.committedSeq(this.ds, { id: written.eventId }) };
  }

  async comments(actor: Actor, reportId: string, q: { limit?: number; cursor?: string }): Promise<Page<CommentResponse>> {
    await this.findVisible(this.ds, actor, reportId);
    const limit = q.limit ?? LIMITS.listDefault;
    const after = decodeCursor(q.cursor, ['date', 'uuid']);
    const where = new SqlWhere('c.report_id = $1', reportId);
    if (after) where.raw('(c.created_at, c.id) > ($1::timestamptz, $2::uuid)', after[0], after[1]);
    const rows = await this.ds.query(
      `${withCursorInstant(SELECT_COMMENT, 'c')} WHERE ${where} ORDER BY c.created_at, c.id LIMIT ${where.param(limit + 1)}`,
      where.params,
    );
    await this.audit.record(actor, { action: 'report.comments.read', entityType: 'report', entityId: reportId });
    return toPage(rows, limit, (c) => redactAuthor(toFullComment(c), actor.organisationId), (c: Record<string, any>) => [c.cursor_at, c.id]);
  }

  /** The report if the caller may see it; otherwise 404, whether it exists or not. */
  private async findVisible(db: Pick<EntityManager, 'query'>, actor: Actor, id: string, forUpdate = false): Promise<ReportRow> {
    const where = restrictToVisible(new SqlWhere(), actor, 'r').add('r.id = ?', id);
    const [row] = await db.query(`${SELECT_REPORT} WHERE ${where}${forUpdate ? ' FOR UPDATE OF r' : ''}`, where.params);
    if (!row) throw notFound('report');
    return row;
  }

  private assertMayEdit(actor: Actor, r: ReportRow, dto: UpdateReportDto): void {
    const author = r.author_id === actor.id;
    if (!author && !isCoordinator(actor)) throw forbidden('only the author or a coordinator may change a report');
    if ((dto.visibility !== undefined || dto.sharedWithOrganisationIds !== undefined) && r.organisation_id !== actor.organisationId) {
      throw forbidden('only the reporting organisation may change who sees a report');
    }
  }

  private sharedWithFor(actor: Actor, visibility: string, ids: string[] | undefined): string[] {
    const unique = [...new Set(ids ?? [])].filter((id) => id !== actor.organisationId);
    if (visibility !== 'organisations' && unique.length) {
      throw invalid('sharedWithOrganisationIds', 'may only be given with visibility "organisations"');
    }
    return unique;
  }

  private async locate(actor: Actor, placeId?: string, location?: { lat: number; lng: number }): Promise<Where> {
    if (placeId) {
      const p = await this.geography.resolvePlace(actor.collaborationId, placeId);
      return { placeId: p.id, placeName: p.name, areaId: p.areaId, areaName: p.areaName, lat: location?.lat ?? p.lat, lng: location?.lng ?? p.lng };
    }
    if (!location) throw new DomainError('invalid', ReportErrorCode.LocationRequired, ['placeId or location is required'], { field: 'placeId' });
    const area = await this.geography.areaContaining(actor.collaborationId, location.lat, location.lng);
    return { placeId: null, placeName: null, areaId: area?.id ?? null, areaName: area?.name ?? null, lat: location.lat, lng: location.lng };
  }

  private recordHistory(m: EntityManager, actor: Actor, reportId: string, action: string, changes: unknown[]) {
    return m.query(
      'INSERT INTO report_history (collaboration_id, report_id, actor_id, actor_organisation_id, action, changes) VALUES ($1,$2,$3,$4,$5,$6)',
      [actor.collaborationId, reportId, actor.id, actor.organisationId, action, JSON.stringify(changes)],
    );
  }

  private appendEvent(m: EntityManager, type: 'report:created' | 'report:updated', report: ReportResponse, row: ReportRow) {
    return this.events.append(m, this.eventFor(type, report, row));
  }

  private eventFor(type: 'report:created' | 'report:updated', report: ReportResponse, row: ReportRow): NewEvent {
    return {
      ...eventFacts(row), type, entityId: report.id, reportId: report.id,
      payload: report as unknown as Record<string, unknown>, stamp: { table: 'reports', id: report.id },
    };
  }
}

function eventFacts(r: ReportRow) {
  return {
    collaborationId: r.collaboration_id, visibility: r.visibility, organisationId: r.organisation_id, sharedWith: r.shared_with,
    areaId: r.area_id, placeId: r.place_id, category: r.category, severity: r.severity,
  };
}

function assertNotFuture(value: string, field: string): void {
  if (Date.parse(value) > Date.now() + FUTURE_SLACK_MS) throw invalid(field, 'may not lie in the future');
}

function assertTransition(actor: Actor, from: ReportRow['status'], to: ReportRow['status']): void {
  if (!REPORT_TRANSITIONS[from].includes(to)) {
    const allowed = REPORT_TRANSITIONS[from];
    throw new DomainError('invalid', ReportErrorCode.IllegalTransition,
      [`status cannot change from ${from} to ${to}; ${allowed.length ? `allowed: ${allowed.join(', ')}` : `${from} is final`}`], { field: 'status' });
  }
  if (COORDINATOR_ONLY_STATUSES.includes(to) && !isCoordinator(actor)) throw forbidden(`only coordinators may set status ${to}`);
}

/** The fields a report's first history row lists (from null to their first value). */
const CREATED_FIELDS = ['category', 'description', 'observedAt', 'severity', 'status', 'visibility', 'sharedWithOrganisationIds', 'place', 'location', 'area'] as const;

const TRACKED: (keyof ReportResponse)[] = ['status', 'severity', 'category', 'description', 'observedAt', 'visibility', 'sharedWithOrganisationIds', 'place', 'location', 'area'];

function diff(a: ReportResponse, b: ReportResponse): { field: string; from: unknown; to: unknown }[] {
  return TRACKED.filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k])).map((k) => ({ field: k, from: a[k], to: b[k] }));
}

function filtersOf(q: ReportListQuery): Record<string, unknown> {
  const { limit, cursor, ...filters } = q;
  return Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined));
}

/** Adds the microsecond cursor key of `alias`.created_at to a `SELECT ... FROM` statement. */
const withCursorInstant = (select: string, alias: string) => select.replace(/^SELECT /, `SELECT ${cursorInstant(`${alias}.created_at`)}, `);
