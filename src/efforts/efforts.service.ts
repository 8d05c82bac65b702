import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  type EffortActionResponse, type EffortResponse, type EffortStatus, type HistoryEntryResponse, LIMITS, type OrganisationRef, type Page, type ReportResponse,
} from '#contracts';
import type { Actor } from '../common/actor.js';
import { isCoordinator } from '../common/actor.js';
import { DomainError, forbidden, invalid, notFound } from '../common/domain-error.js';
import { decodeCursor, toPage } from '../common/pagination.js';
import { redactAuthor } from '../common/visibility.js';
import { decideAgain } from '../common/write/retry.js';
import { type AudienceFacts, withSeq, type Write, WritePath } from '../common/write/write-path.js';
import { GeographyService } from '../geography/geography.service.js';
import { OrganisationsService } from '../organisations/organisations.service.js';
import { ReportsService } from '../reports/reports.service.js';
import { toHistoryEntry } from '../common/history.js';
import { toEffortResponse, toFullAction, toFullEffort, type EffortView } from './effort.mapper.js';
import {
  assertMayChange, assertMayChangeAudience, assertMayRecord, assertOrdered, assertShareable, assertTransition, defaultVisibility,
  diffEfforts, EffortErrorCode, extraAudience, impliedTimes, initialEffortChanges, participants, policyAudience,
} from './effort.rules.js';
import type { CreateActionDto, CreateEffortDto, EffortListQuery, LinkReportsDto, UpdateEffortDto } from './efforts.dto.js';
import { EffortsRepository } from './efforts.repository.js';

/** How often a change that lost a race with another (links, actions: no version from the client) is tried again. */
const RETRIES = 8;

/**
 * Efforts (insatser): what the partners did about the picture, joint or separate, linked to the reports they took
 * up, followed to an outcome. Always through the visibility policy; every change one statement of the write path.
 */
@Injectable()
export class EffortsService {
  constructor(
    private readonly repo: EffortsRepository,
    private readonly writes: WritePath,
    private readonly reports: ReportsService,
    private readonly geography: GeographyService,
    private readonly organisations: OrganisationsService,
  ) {}

  async create(actor: Actor, dto: CreateEffortDto, idempotencyKey?: string): Promise<EffortResponse> {
    const organisationIds = participants(dto.mode, dto.organisationIds, dto.ownerOrganisationId, actor.organisationId);
    assertMayRecord(actor, organisationIds);
    const status = dto.status ?? 'planned';
    const visibility = dto.visibility ?? defaultVisibility(dto.type);
    const extra = extraAudience(visibility, dto.sharedWithOrganisationIds, organisationIds);
    assertShareable(dto.type, status, visibility, extra);
    const plannedStart = new Date(dto.plannedStart);
    const plannedEnd = dto.plannedEnd ? new Date(dto.plannedEnd) : null;
    assertOrdered(plannedStart, plannedEnd, 'plannedEnd');
    const [organisations] = await Promise.all([
      this.organisations.refs(actor.collaborationId, organisationIds, 'organisationIds'),
      this.organisations.assertAllInCollaboration(actor.collaborationId, extra, 'sharedWithOrganisationIds'),
    ]);
    const [areas, places] = await Promise.all([
      this.geography.named('areas', actor.collaborationId, dto.areaIds ?? [], 'areaIds'),
      this.geography.named('places', actor.collaborationId, dto.placeIds ?? [], 'placeIds'),
    ]);
    const linked = dto.reportIds?.length ? await this.reports.visibleForLink(actor, dto.reportIds, 'reportIds') : [];
    const now = new Date();
    const times = impliedTimes(status, 'planned', null, null, now);
    const view: EffortView = {
      id: randomUUID(), collaborationId: actor.collaborationId, seq: '0', type: dto.type, title: dto.title, description: dto.description ?? null,
      mode: dto.mode, organisationId: organisationIds[0], organisationIds, visibility, sharedWith: policyAudience(organisationIds, extra),
      areaIds: areas.map((a) => a.id), placeIds: places.map((p) => p.id), areaId: areas[0]?.id ?? null, placeId: places[0]?.id ?? null,
      plannedStart, plannedEnd, actualStart: times.actualStart, actualEnd: times.actualEnd,
      followUpAt: dto.followUpAt ? new Date(dto.followUpAt) : null, status, outcome: null, authorId: actor.id, version: 1,
      createdAt: now, updatedAt: now, organisations, areas, places, authorName: actor.name, linkedReports: linked.length,
    };
    const effort = toFullEffort(view);
    const { organisations: _o, areas: _a, places: _p, authorName: _n, linkedReports: _l, seq: _s, ...row } = view;
    const result = await this.writes.run(actor, {
      idempotency: idempotencyKey ? { key: idempotencyKey, scope: 'effort.create', body: dto, answer: effort } : undefined,
    }, (w) => {
      this.reports.requireForTakeUp(w, actor, linked);
      const written = this.repo.insert(w, row, initialEffortChanges(effort));
      w.audit({ action: 'effort.create', entityType: 'effort', entityId: effort.id });
      w.emit({ type: 'effort:created', entityId: effort.id, subjectId: effort.id, payload: effort, facts: factsOf(view) });
      if (linked.length) {
        this.repo.link(w, effort.id, linked.map((r) => r.id), written);
        for (const r of linked) w.audit({ action: 'report.link', entityType: 'report', entityId: r.id });
        this.reports.takeUp(w, linked);
      }
    });
    // A report that changed between the read and the write (rare): the caller sends the request again.
    if (result.kind === 'refused') throw new DomainError('conflict', EffortErrorCode.VersionConflict, 'a linked report changed meanwhile; try again');
    // The recorder may be of another organisation than the owner (a coordinator): the author is the owner's to see.
    return redactAuthor(withSeq(result, effort), actor.organisationId);
  }

  async list(actor: Actor, q: EffortListQuery): Promise<Page<EffortResponse>> {
    const limit = q.limit ?? LIMITS.listDefault;
    const rows = await this.repo.list(actor, q, decodeCursor(q.cursor, ['date', 'uuid']), limit + 1);
    const page = toPage(rows, limit, (r) => toEffortResponse(r, actor.organisationId), (r) => [r.cursorAt, r.id]);
    await this.writes.audit(actor, { action: 'effort.list', entityType: 'effort', entityIds: page.items.map((i) => i.id) });
    return page;
  }

  async get(actor: Actor, id: string): Promise<EffortResponse> {
    const row = await this.findVisible(actor, id);
    await this.writes.audit(actor, { action: 'effort.read', entityType: 'effort', entityId: id });
    return toEffortResponse(row, actor.organisationId);
  }

  /**
   * Changes an effort at the version the caller read. With an Idempotency-Key (the web client's outbox sends one), a
   * retry of a change that went through gets its first answer: the key is looked up before the version is checked,
   * since the first try moved the version on and the retry would otherwise be refused as stale.
   */
  async update(actor: Actor, id: string, dto: UpdateEffortDto, idempotencyKey?: string): Promise<EffortResponse> {
    const request = idempotencyKey ? { key: idempotencyKey, scope: `effort.update:${id}`, body: dto } : undefined;
    const current = await this.findVisible(actor, id);
    if (request) {
      const replay = await this.writes.replayed(actor, request);
      if (replay) return redactAuthor(replayedEffort(replay), actor.organisationId);
    }
    assertMayChange(actor, current);
    const changesAudience = dto.visibility !== undefined || dto.sharedWithOrganisationIds !== undefined || dto.organisationIds !== undefined || dto.mode !== undefined;
    if (changesAudience) assertMayChangeAudience(actor, current);
    if (current.version !== dto.version) throw versionConflict(current.version, dto.version);

    const status: EffortStatus = dto.status ?? current.status;
    assertTransition(current.status, status);
    const mode = dto.mode ?? current.mode;
    const organisationIds = dto.organisationIds || dto.mode
      ? participants(mode, dto.organisationIds ?? current.organisationIds, current.organisationId, actor.organisationId)
      : current.organisationIds;
    if (organisationIds[0] !== current.organisationId) throw invalid('organisationIds', 'must keep the owning organisation');
    const visibility = dto.visibility ?? current.visibility;
    const currentExtra = current.sharedWith.filter((o) => !current.organisationIds.includes(o));
    const extra = extraAudience(visibility, dto.sharedWithOrganisationIds ?? (visibility === 'organisations' ? currentExtra : []), organisationIds);
    const type = dto.type ?? current.type;
    assertShareable(type, status, visibility, extra);
    const now = new Date();
    const times = impliedTimes(status, current.status,
      dto.actualStart ? new Date(dto.actualStart) : current.actualStart, dto.actualEnd ? new Date(dto.actualEnd) : current.actualEnd, now);
    const plannedStart = dto.plannedStart ? new Date(dto.plannedStart) : current.plannedStart;
    const plannedEnd = dto.plannedEnd ? new Date(dto.plannedEnd) : current.plannedEnd;
    assertOrdered(plannedStart, plannedEnd, 'plannedEnd');
    assertOrdered(times.actualStart, times.actualEnd, 'actualEnd');
    const [organisations, areas, places] = await Promise.all([
      dto.organisationIds ? this.organisations.refs(actor.collaborationId, organisationIds, 'organisationIds') : current.organisations,
      dto.areaIds ? this.geography.named('areas', actor.collaborationId, dto.areaIds, 'areaIds') : current.areas,
      dto.placeIds ? this.geography.named('places', actor.collaborationId, dto.placeIds, 'placeIds') : current.places,
      this.organisations.assertAllInCollaboration(actor.collaborationId, extra, 'sharedWithOrganisationIds'),
    ]);
    const next: EffortView = {
      ...current, type, mode, status, visibility, organisationIds, organisations, areas, places,
      title: dto.title ?? current.title, description: dto.description ?? current.description, outcome: dto.outcome ?? current.outcome,
      sharedWith: policyAudience(organisationIds, extra),
      areaIds: areas.map((a) => a.id), placeIds: places.map((p) => p.id), areaId: areas[0]?.id ?? null, placeId: places[0]?.id ?? null,
      plannedStart, plannedEnd, actualStart: times.actualStart, actualEnd: times.actualEnd,
      followUpAt: dto.followUpAt ? new Date(dto.followUpAt) : current.followUpAt,
    };
    const changes = diffEfforts(toFullEffort(current), toFullEffort(next));
    if (!changes.length) {
      // Nothing to change: the answer is the effort as it is, provided it is still at that version when the key (if
      // any) is stored with it, so that a retry gets this answer too. Returning no step makes the key the gate.
      const unchanged = toFullEffort(current);
      const held = await this.writes.run(actor, { idempotency: request && { ...request, answer: unchanged, status: 200 } }, (w) => {
        this.repo.requireAtVersion(w, actor, id, current.version);
      });
      if (held.kind === 'refused') throw versionConflict((await this.findVisible(actor, id)).version, dto.version);
      return redactAuthor(held.kind === 'replayed' ? replayedEffort(held) : unchanged, actor.organisationId);
    }
    const effort = toFullEffort({ ...next, version: current.version + 1, updatedAt: now });
    // A concurrent retry with the same key that committed first leaves this one's version stale: the write path
    // then finds the key and answers `replayed` with the first answer.
    const result = await this.writes.run(actor, { idempotency: request && { ...request, answer: effort, status: 200 } }, (w) => {
      this.repo.requireAtVersion(w, actor, id, current.version);
      this.repo.update(w, id, rowOf(next, now), 'updated', changes);
      w.audit({ action: 'effort.update', entityType: 'effort', entityId: id, details: { fields: changes.map((c) => c.field) } });
      w.emit({ type: 'effort:updated', entityId: id, subjectId: id, payload: effort, facts: factsOf(next) });
    });
    if (result.kind === 'refused') throw versionConflict((await this.findVisible(actor, id)).version, dto.version);
    return redactAuthor(withSeq(result, effort), actor.organisationId);
  }

  /**
   * Links reports the caller may see; new and acknowledged ones move to in_progress (each with its own event).
   * Linking is idempotent by nature (reports already linked are skipped); with an Idempotency-Key a retry also gets
   * the first answer, not the effort as it has become since.
   */
  linkReports(actor: Actor, id: string, dto: LinkReportsDto, idempotencyKey?: string): Promise<EffortResponse> {
    const request = idempotencyKey ? { key: idempotencyKey, scope: `effort.link:${id}`, body: dto } : undefined;
    return decideAgain(RETRIES, async () => {
      const current = await this.findVisible(actor, id);
      if (request) {
        const replay = await this.writes.replayed(actor, request);
        if (replay) return redactAuthor(replayedEffort(replay), actor.organisationId);
      }
      assertMayChange(actor, current);
      const reports = await this.reports.visibleForLink(actor, dto.reportIds, 'reportIds');
      const already = await this.repo.linked(id, reports.map((r) => r.id));
      const fresh = reports.filter((r) => !already.includes(r.id));
      if (!fresh.length) {
        if (!request) return toEffortResponse(current, actor.organisationId);
        // All linked already: the key is stored with the effort as it is (at this version), for a retry to get.
        const unchanged = toFullEffort(current);
        const held = await this.writes.run(actor, { idempotency: { ...request, answer: unchanged, status: 200 } }, (w) => {
          this.repo.requireAtVersion(w, actor, id, current.version);
        });
        if (held.kind === 'refused') return undefined;
        return redactAuthor(held.kind === 'replayed' ? replayedEffort(held) : unchanged, actor.organisationId);
      }
      const now = new Date();
      const effort = toFullEffort({ ...current, linkedReports: Number(current.linkedReports) + fresh.length, version: current.version + 1, updatedAt: now });
      const result = await this.writes.run(actor, { idempotency: request && { ...request, answer: effort, status: 200 } }, (w) => {
        this.repo.requireAtVersion(w, actor, id, current.version);
        this.reports.requireForTakeUp(w, actor, fresh);
        const written = this.repo.update(w, id, { updatedAt: now }, 'linked', [{ field: 'reports', from: null, to: fresh.map((r) => r.id) }]);
        this.repo.link(w, id, fresh.map((r) => r.id), written);
        for (const r of fresh) w.audit({ action: 'report.link', entityType: 'report', entityId: r.id });
        w.audit({ action: 'effort.link', entityType: 'effort', entityId: id, details: { reports: fresh.length } });
        w.emit({ type: 'effort:linked', entityId: id, subjectId: id, payload: effort, facts: factsOf(current) });
        this.reports.takeUp(w, fresh);
      });
      // Refused: the effort or a report changed meanwhile, so decide again. (A concurrent try with the same key that
      // committed first is found by the write path itself, which then answers `replayed`.)
      if (result.kind === 'refused') return undefined;
      return redactAuthor(result.kind === 'replayed' ? replayedEffort(result) : { ...effort, seq: result.seq! }, actor.organisationId);
    }, () => new DomainError('conflict', EffortErrorCode.VersionConflict, 'the effort or a report changed meanwhile; try again'));
  }

  async unlinkReport(actor: Actor, id: string, reportId: string): Promise<void> {
    await decideAgain(RETRIES, async () => {
      const current = await this.findVisible(actor, id);
      assertMayChange(actor, current);
      await this.reports.visibleForLink(actor, [reportId], 'reportId');
      if (!(await this.repo.linked(id, [reportId])).length) throw notFound('link');
      const now = new Date();
      const effort = toFullEffort({ ...current, linkedReports: Number(current.linkedReports) - 1, version: current.version + 1, updatedAt: now });
      const result = await this.writes.run(actor, {}, (w) => {
        this.repo.requireAtVersion(w, actor, id, current.version);
        const written = this.repo.update(w, id, { updatedAt: now }, 'unlinked', [{ field: 'reports', from: [reportId], to: null }]);
        this.repo.unlink(w, id, reportId, written);
        w.audit({ action: 'effort.unlink', entityType: 'effort', entityId: id, details: { reports: 1 } });
        w.audit({ action: 'report.unlink', entityType: 'report', entityId: reportId });
        w.emit({ type: 'effort:linked', entityId: id, subjectId: id, payload: effort, facts: factsOf(current) });
      });
      return result.kind === 'written' ? true : undefined;
    }, () => new DomainError('conflict', EffortErrorCode.VersionConflict, 'the effort changed meanwhile; try again'));
  }

  async linkedReports(actor: Actor, id: string, q: { limit?: number; cursor?: string }): Promise<Page<ReportResponse>> {
    await this.findVisible(actor, id);
    return this.reports.listLinked(actor, id, q);
  }

  /** What one organisation did; a coordinator may record it for any organisation taking part, others for their own. */
  async addAction(actor: Actor, id: string, dto: CreateActionDto, idempotencyKey?: string): Promise<EffortActionResponse> {
    const current = await this.findVisible(actor, id);
    assertMayChange(actor, current);
    if (!current.organisationIds.includes(dto.organisationId)) throw invalid('organisationId', 'must be an organisation taking part in the effort');
    if (dto.organisationId !== actor.organisationId && !isCoordinator(actor)) throw forbidden('you may record the actions of your own organisation');
    if (Date.parse(dto.at) > Date.now() + LIMITS.futureSlackMs) throw invalid('at', 'may not lie in the future');
    const org = current.organisations.find((o) => o.id === dto.organisationId) as OrganisationRef;
    const action = toFullAction({
      id: randomUUID(), collaborationId: actor.collaborationId, effortId: id, organisationId: dto.organisationId, authorId: actor.id,
      kind: dto.kind, count: dto.count ?? null, at: new Date(dto.at), note: dto.note ?? null, createdAt: new Date(),
      orgName: org.name, orgKind: org.kind, authorName: actor.name,
    });
    const result = await this.writes.run(actor, {
      idempotency: idempotencyKey ? { key: idempotencyKey, scope: `effort.action:${id}`, body: dto, answer: action } : undefined,
    }, (w) => this.addActionSteps(w, actor, current, action));
    if (result.kind === 'refused') throw notFound('effort');
    return redactAuthor(result.kind === 'replayed' ? (result.answer as EffortActionResponse) : action, actor.organisationId);
  }

  async actions(actor: Actor, id: string): Promise<Page<EffortActionResponse>> {
    await this.findVisible(actor, id);
    const rows = await this.repo.actions(id);
    return { items: rows.map((a) => redactAuthor(toFullAction(a), actor.organisationId)), nextCursor: null };
  }

  async history(actor: Actor, id: string): Promise<Page<HistoryEntryResponse>> {
    await this.findVisible(actor, id);
    const rows = await this.repo.history(id);
    // Which reports were linked: only those the caller may see (the effort's audience may not see all of them).
    const linkedIds = rows.flatMap((h) => h.changes.filter((c) => c.field === 'reports').flatMap((c) => [c.from, c.to]).flat())
      .filter((x): x is string => typeof x === 'string');
    const visible = await this.reports.visibleIds(actor, linkedIds);
    await this.writes.audit(actor, { action: 'effort.history.read', entityType: 'effort', entityId: id });
    return {
      items: rows.map((h) => toHistoryEntry({
        ...h, changes: h.changes.map((c) => (c.field === 'reports' ? { ...c, from: onlyVisible(c.from, visible), to: onlyVisible(c.to, visible) } : c)),
      }, actor.organisationId)),
      nextCursor: null,
    };
  }

  private addActionSteps(w: Write, actor: Actor, current: EffortView, action: EffortActionResponse) {
    // Share-locked and visible when it commits: an effort hidden from the caller meanwhile takes no action, and the
    // action's event reaches who may see the effort then (its facts are the locked row's).
    const effort = this.repo.requireFacts(w, actor, current.id);
    const row = this.repo.insertAction(w, {
      id: action.id, collaborationId: actor.collaborationId, effortId: current.id, organisationId: action.organisation.id, authorId: actor.id,
      kind: action.kind, count: action.count, at: new Date(action.at), note: action.note,
    });
    w.audit({ action: 'effort.action', entityType: 'effort', entityId: current.id, details: { actionId: action.id } });
    // Open effort pages add the action live. The action is not a change of the effort (its version stays, so nobody's
    // edit of it goes stale): its own event, with the effort as subject, as a comment's is its report.
    w.emit({
      type: 'effort:action', entityId: action.id, subjectId: current.id, payload: action,
      facts: {
        visibility: effort.col('visibility'), organisationId: effort.col('organisationId'), sharedWith: effort.col('sharedWith'),
        areaId: effort.col('areaId'), placeId: effort.col('placeId'), category: null, severity: null,
      },
    });
    return row;
  }

  private async findVisible(actor: Actor, id: string): Promise<EffortView> {
    const row = await this.repo.findVisible(actor, id);
    if (!row) throw notFound('effort');
    return row;
  }
}

function rowOf(e: EffortView, now: Date) {
  return {
    type: e.type, title: e.title, description: e.description, mode: e.mode, organisationIds: e.organisationIds, visibility: e.visibility,
    sharedWith: e.sharedWith, areaIds: e.areaIds, placeIds: e.placeIds, areaId: e.areaId, placeId: e.placeId, plannedStart: e.plannedStart,
    plannedEnd: e.plannedEnd, actualStart: e.actualStart, actualEnd: e.actualEnd, followUpAt: e.followUpAt, status: e.status, outcome: e.outcome,
    updatedAt: now,
  };
}

const onlyVisible = (ids: unknown, visible: Set<string>) => (Array.isArray(ids) ? ids.filter((x) => visible.has(x as string)) : ids);

/** An effort's events reach who may see it; subscriptions match on its first area and place (it has no category or severity). */
const factsOf = (e: EffortView): AudienceFacts => ({
  visibility: e.visibility, organisationId: e.organisationId, sharedWith: e.sharedWith,
  areaId: e.areaId, placeId: e.placeId, category: null, severity: null,
});

/** The first answer to a repeated Idempotency-Key, with the seq of the event that wrote it. */
const replayedEffort = (r: { answer: unknown; seq: number }): EffortResponse => ({ ...(r.answer as EffortResponse), seq: r.seq });

const versionConflict = (current: number, sent: number) => new DomainError('conflict', EffortErrorCode.VersionConflict,
  `the effort was changed by someone else (version ${current}, you sent ${sent}); reload and try again`, { currentVersion: current });
