import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DEFAULT_SEVERITY, LIMITS, type CommentResponse, type HistoryEntryResponse, type Page, type ReportResponse, type ReportStatus } from '#contracts';
import type { Actor } from '../common/actor.js';
import { CategoriesService } from '../categories/categories.service.js';
import { InjectConfig, type ResolvedConfig } from '../config/config.module.js';
import { DomainError, notFound } from '../common/domain-error.js';
import { decodeCursor, toPage } from '../common/pagination.js';
import { redactAuthor } from '../common/visibility.js';
import { withSeq, type Write, WritePath } from '../common/write/write-path.js';
import { GeographyService } from '../geography/geography.service.js';
import { OrganisationsService } from '../organisations/organisations.service.js';
import type { CreateCommentDto, CreateReportDto, ReportListQuery, UpdateReportDto } from './reports.dto.js';
import { ReportsRepository } from './reports.repository.js';
import { reportFacts, toFullComment, toFullReport, toReportResponse, type ReportView } from './report.mapper.js';
import { toHistoryEntry } from '../common/history.js';
import {
  assertInside, assertMayEdit, assertNotFuture, assertNotTooOld, assertPlaceOrLocation, assertTransition, diff, initialChanges, ReportErrorCode,
  reportVersionConflict, sharedWithFor,
} from './report.rules.js';

/**
 * Where a report comes from: a client (a person posting what they saw: every plausibility rule holds), or an import of
 * earlier records (the demo seed), which may be old and may name a place with the exact point at it.
 */
export type ReportOrigin = 'client' | 'import';

/** A report as another context links it (opaque to it but for id, status and version). */
export type LinkableReport = ReportView;

/** Reports that nobody has taken up yet: linking them to an effort moves them to in_progress. */
const TAKEN_UP_FROM: readonly ReportStatus[] = ['new', 'acknowledged'];

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
    private readonly repo: ReportsRepository,
    private readonly writes: WritePath,
    private readonly geography: GeographyService,
    private readonly organisations: OrganisationsService,
    private readonly categories: CategoriesService,
    @InjectConfig() private readonly config: ResolvedConfig,
  ) {}

  async create(actor: Actor, dto: CreateReportDto, idempotencyKey?: string, origin: ReportOrigin = 'client'): Promise<ReportResponse> {
    // Plausible reports: a place or a point (not both), not in the future, not older than the limit, an active
    // category, a point inside the municipality unless confirmed. The checks of the database (category, area) are
    // served from this node's caches: the post stays one statement.
    if (origin === 'client') assertPlaceOrLocation(dto.placeId, dto.location);
    assertNotFuture(dto.observedAt, 'observedAt');
    if (origin === 'client') assertNotTooOld(dto.observedAt, 'observedAt', this.config.reports.maxAgeDays);
    await this.categories.assertActive(actor.collaborationId, [dto.category], 'category');
    const visibility = dto.visibility ?? 'partners';
    const sharedWith = sharedWithFor(actor.organisationId, visibility, dto.sharedWithOrganisationIds);
    await this.organisations.assertAllInCollaboration(actor.collaborationId, sharedWith, 'sharedWithOrganisationIds');
    const where = await this.locate(actor, dto.placeId, dto.location, origin === 'import' || dto.confirmOutside === true);
    const now = new Date();
    const view: ReportView = {
      id: randomUUID(), collaborationId: actor.collaborationId, seq: '0', category: dto.category, description: dto.description,
      observedAt: new Date(dto.observedAt), severity: dto.severity ?? DEFAULT_SEVERITY, status: 'new', visibility, sharedWith,
      placeId: where.placeId, placeName: where.placeName, areaId: where.areaId, areaName: where.areaName, lat: where.lat, lng: where.lng,
      organisationId: actor.organisationId, orgName: actor.organisationName, orgKind: actor.organisationKind,
      authorId: actor.id, authorName: actor.name, version: 1, createdAt: now, updatedAt: now,
      assignedTo: null, assignedName: null, assignedKind: null, mergedInto: null,
      answer: null, answeredAt: null, answeredBy: null, answeredByName: null, answeredByKind: null,
    };
    const report = toFullReport(view);
    const {
      orgName, orgKind, authorName, placeName, areaName, seq, assignedName, assignedKind, answeredByName, answeredByKind,
      assignedTo, mergedInto, answer, answeredAt, answeredBy, ...row
    } = view;
    // One statement (common/write): the report, its first history row, the audit row, the feed event with its seq
    // and, with a key, the idempotency row commit together in a single round trip.
    const result = await this.writes.run(actor, { idempotency: idempotencyKey ? { key: idempotencyKey, scope: 'report.create', body: dto, answer: report } : undefined }, (w) => {
      this.repo.insert(w, row, initialChanges(report));
      w.audit({ action: 'report.create', entityType: 'report', entityId: report.id });
      w.emit({ type: 'report:created', entityId: report.id, subjectId: report.id, payload: report, facts: reportFacts(view) });
    });
    return withSeq(result, report);
  }

  async list(actor: Actor, q: ReportListQuery): Promise<Page<ReportResponse>> {
    // Any category of the collaboration, switched off ones too (their reports keep them); an unknown code is a 400.
    if (q.category?.length) await this.categories.assertKnown(actor.collaborationId, q.category, 'category');
    const limit = q.limit ?? LIMITS.listDefault;
    const rows = await this.repo.list(actor, q, decodeCursor(q.cursor, ['date', 'uuid']), limit + 1);
    const page = toPage(rows, limit, (r) => toReportResponse(r, actor.organisationId), (r) => [r.cursorAt, r.id]);
    await this.writes.audit(actor, { action: 'report.list', entityType: 'report', entityIds: page.items.map((i) => i.id), details: filtersOf(q) });
    return page;
  }

  async get(actor: Actor, id: string): Promise<ReportResponse> {
    const row = await this.findVisible(actor, id);
    const efforts = await this.repo.effortsOf(actor, id);
    // Merged only into a report its audience sees; should that one be narrowed later, the pointer is not shown.
    const mergedInto = row.mergedInto && (await this.repo.findVisible(actor, row.mergedInto)) ? row.mergedInto : null;
    await this.writes.audit(actor, { action: 'report.read', entityType: 'report', entityId: id });
    return { ...toReportResponse(row, actor.organisationId), mergedInto, efforts };
  }

  /**
   * For another context that takes reports up (an effort): the reports of `ids` as the caller sees them now; 404
   * naming `field` when one is not visible to the caller (or does not exist, or is another collaboration's).
   */
  async visibleForLink(actor: Actor, ids: string[], field: string): Promise<LinkableReport[]> {
    const unique = [...new Set(ids)];
    const rows = await this.repo.findVisibleMany(actor, unique);
    if (rows.length !== unique.length) throw new DomainError('not_found', 'NOT_FOUND', `${field}: report not found`, { field });
    return unique.map((id) => rows.find((r) => r.id === id)!);
  }

  /** Which of `ids` the caller may see (for another context that shows links to reports). */
  async visibleIds(actor: Actor, ids: string[]): Promise<Set<string>> {
    return new Set(ids.length ? (await this.repo.findVisibleMany(actor, [...new Set(ids)])).map((r) => r.id) : []);
  }

  /**
   * Requirements of a write that takes reports up: each report still visible to the actor and, when it is to move
   * (new or acknowledged), still at the version read, locked until the write commits. Call before the write's seq.
   */
  requireForTakeUp(w: Write, actor: Actor, reports: LinkableReport[]): void {
    for (const r of reports) {
      if (TAKEN_UP_FROM.includes(r.status)) this.repo.requireAtVersion(w, actor, r.id, r.version);
      else this.repo.requireFacts(w, actor, r.id);
    }
  }

  /**
   * Moves the new and acknowledged ones of `reports` to in_progress (someone took them up), each with its history
   * row and its own `report:updated` event (their audience is the report's, not the effort's).
   */
  takeUp(w: Write, reports: LinkableReport[]): string[] {
    const moved: string[] = [];
    for (const current of reports.filter((r) => TAKEN_UP_FROM.includes(r.status))) {
      const next: ReportView = { ...current, status: 'in_progress', version: current.version + 1, updatedAt: new Date() };
      const report = toFullReport(next);
      this.repo.update(w, current.id, { status: 'in_progress', updatedAt: next.updatedAt }, diff(toFullReport(current), report), w.nextSeq);
      // Not which effort: the report's audience may not see it (the effort's own audit row names the reports).
      w.audit({ action: 'report.update', entityType: 'report', entityId: current.id, details: { fields: ['status'], takenUpBy: 'effort' } });
      w.emit({ type: 'report:updated', entityId: current.id, subjectId: current.id, payload: report, facts: reportFacts(next) });
      moved.push(current.id);
    }
    return moved;
  }

  /** The reports linked to an effort that the caller may see (the effort's visibility is the caller's to check). */
  async listLinked(actor: Actor, effortId: string, q: { limit?: number; cursor?: string }): Promise<Page<ReportResponse>> {
    const limit = q.limit ?? LIMITS.listDefault;
    const rows = await this.repo.linkedTo(actor, effortId, decodeCursor(q.cursor, ['date', 'uuid']), limit + 1);
    const page = toPage(rows, limit, (r) => toReportResponse(r, actor.organisationId), (r) => [r.cursorAt, r.id]);
    await this.writes.audit(actor, { action: 'report.list', entityType: 'report', entityIds: page.items.map((i) => i.id), details: { effortId } });
    return page;
  }

  async update(actor: Actor, id: string, dto: UpdateReportDto): Promise<ReportResponse> {
    assertPlaceOrLocation(dto.placeId, dto.location);
    if (dto.observedAt) assertNotFuture(dto.observedAt, 'observedAt');
    const current = await this.findVisible(actor, id);
    // A report keeps a category switched off since; a change of category must be to an active one.
    if (dto.category !== undefined && dto.category !== current.category) await this.categories.assertActive(actor.collaborationId, [dto.category], 'category');
    const changesAudience = dto.visibility !== undefined || dto.sharedWithOrganisationIds !== undefined;
    assertMayEdit(actor, current, changesAudience);
    const visibility = dto.visibility ?? current.visibility;
    const sharedWith = changesAudience
      ? sharedWithFor(actor.organisationId, visibility, dto.sharedWithOrganisationIds ?? (visibility === 'organisations' ? current.sharedWith : []))
      : current.sharedWith;
    await this.organisations.assertAllInCollaboration(actor.collaborationId, sharedWith, 'sharedWithOrganisationIds');
    const where = dto.placeId !== undefined || dto.location !== undefined ? await this.locate(actor, dto.placeId, dto.location, dto.confirmOutside === true) : undefined;
    if (current.version !== dto.version) throw reportVersionConflict(current.version, dto.version);
    if (dto.status !== undefined && dto.status !== current.status) assertTransition(actor, current.status, dto.status);

    const next: ReportView = {
      ...current,
      status: dto.status ?? current.status,
      severity: dto.severity ?? current.severity,
      category: dto.category ?? current.category,
      description: dto.description ?? current.description,
      observedAt: dto.observedAt ? new Date(dto.observedAt) : current.observedAt,
      visibility,
      sharedWith,
      ...(where && { placeId: where.placeId, placeName: where.placeName, areaId: where.areaId, areaName: where.areaName, lat: where.lat, lng: where.lng }),
    };
    const changes = diff(toFullReport(current), toFullReport(next));
    if (!changes.length) {
      // Nothing to write, but the answer must still be true when given: the version is checked under the lock,
      // after any concurrent change has committed.
      const held = await this.writes.run(actor, {}, (w) => this.repo.requireAtVersion(w, actor, id, current.version));
      if (held.kind === 'refused') throw reportVersionConflict((await this.findVisible(actor, id)).version, dto.version);
      return toReportResponse(current, actor.organisationId);
    }
    // The rules above were checked against `current`; the write requires the report to be still at that version
    // (and visible), so they hold for what is written, and the new version is known here.
    const report = toFullReport({ ...next, version: current.version + 1, updatedAt: new Date() });
    const result = await this.writes.run(actor, {}, (w) => {
      this.repo.requireAtVersion(w, actor, id, current.version);
      this.repo.update(w, id, {
        status: next.status, severity: next.severity, category: next.category, description: next.description, observedAt: next.observedAt,
        visibility: next.visibility, sharedWith: next.sharedWith, placeId: next.placeId, areaId: next.areaId, lat: next.lat, lng: next.lng,
        updatedAt: new Date(report.updatedAt),
      }, changes);
      w.audit({ action: 'report.update', entityType: 'report', entityId: id, details: { fields: changes.map((c) => c.field) } });
      w.emit({ type: 'report:updated', entityId: id, subjectId: id, payload: report, facts: reportFacts(next) });
    });
    if (result.kind === 'refused') {
      const now = await this.findVisible(actor, id); // 404 if it was hidden from the caller meanwhile
      throw reportVersionConflict(now.version, dto.version);
    }
    return redactAuthor(withSeq(result, report), actor.organisationId);
  }

  async history(actor: Actor, id: string): Promise<{ items: HistoryEntryResponse[]; nextCursor: null }> {
    await this.findVisible(actor, id);
    const rows = await this.repo.history(id);
    await this.writes.audit(actor, { action: 'report.history.read', entityType: 'report', entityId: id });
    return { items: rows.map((h) => toHistoryEntry(h, actor.organisationId)), nextCursor: null };
  }

  async addComment(actor: Actor, reportId: string, dto: CreateCommentDto, idempotencyKey?: string): Promise<CommentResponse> {
    const comment = toFullComment({
      id: randomUUID(), collaborationId: actor.collaborationId, reportId, authorId: actor.id, organisationId: actor.organisationId,
      body: dto.body, seq: '0', createdAt: new Date(), orgName: actor.organisationName, orgKind: actor.organisationKind, authorName: actor.name,
    });
    const result = await this.writes.run(actor, {
      idempotency: idempotencyKey ? { key: idempotencyKey, scope: `comment.create:${reportId}`, body: dto, answer: comment } : undefined,
    }, (w) => {
      // Share-locked: a report hidden from the commenter at this moment cannot still take their comment, and the
      // comment's event is seen by exactly those who see the report when it commits.
      const report = this.repo.requireFacts(w, actor, reportId);
      this.repo.insertComment(w, {
        id: comment.id, collaborationId: actor.collaborationId, reportId, authorId: actor.id, organisationId: actor.organisationId,
        body: dto.body, createdAt: new Date(comment.createdAt),
      });
      w.audit({ action: 'report.comment', entityType: 'report', entityId: reportId, details: { commentId: comment.id } });
      w.emit({
        type: 'comment:created', entityId: comment.id, subjectId: reportId, payload: comment,
        facts: {
          visibility: report.col('visibility'), organisationId: report.col('organisationId'), sharedWith: report.col('sharedWith'),
          areaId: report.col('areaId'), placeId: report.col('placeId'), category: report.col('category'), severity: report.col('severity'),
        },
      });
    });
    if (result.kind === 'refused') throw notFound('report');
    return withSeq(result, comment);
  }

  async comments(actor: Actor, reportId: string, q: { limit?: number; cursor?: string }): Promise<Page<CommentResponse>> {
    await this.findVisible(actor, reportId);
    const limit = q.limit ?? LIMITS.listDefault;
    const rows = await this.repo.comments(reportId, decodeCursor(q.cursor, ['date', 'uuid']), limit + 1);
    await this.writes.audit(actor, { action: 'report.comments.read', entityType: 'report', entityId: reportId });
    return toPage(rows, limit, (c) => redactAuthor(toFullComment(c), actor.organisationId), (c) => [c.cursorAt, c.id]);
  }

  /** The report if the caller may see it; otherwise 404, whether it exists or not. */
  private async findVisible(actor: Actor, id: string): Promise<ReportView> {
    const row = await this.repo.findVisible(actor, id);
    if (!row) throw notFound('report');
    return row;
  }

  /**
   * The report's place (with its own point, or an imported report's exact point at it) or its point with the area
   * that contains it. A point further outside the collaboration's areas than REPORT_OUTSIDE_MARGIN_KM is refused
   * unless `outsideConfirmed` (a place is one the collaboration made, so it is where it is).
   */
  private async locate(actor: Actor, placeId: string | undefined, location: { lat: number; lng: number } | undefined, outsideConfirmed: boolean): Promise<Where> {
    if (placeId) {
      const p = await this.geography.resolvePlace(actor.collaborationId, placeId);
      return { placeId: p.id, placeName: p.name, areaId: p.areaId, areaName: p.areaName, lat: location?.lat ?? p.lat, lng: location?.lng ?? p.lng };
    }
    if (!location) throw new DomainError('invalid', ReportErrorCode.LocationRequired, ['placeId or location is required'], { field: 'placeId' });
    const margin = this.config.reports.outsideMarginKm;
    if (margin !== null && !outsideConfirmed) assertInside(await this.geography.extent(actor.collaborationId), location, margin, false);
    const area = await this.geography.areaContaining(actor.collaborationId, location.lat, location.lng);
    return { placeId: null, placeName: null, areaId: area?.id ?? null, areaName: area?.name ?? null, lat: location.lat, lng: location.lng };
  }
}

function filtersOf(q: ReportListQuery): Record<string, unknown> {
  const { limit, cursor, ...filters } = q;
  return Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined));
}
