import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  type AgendaHotspot, LIMITS, type MeetingAgendaResponse, type MeetingDecisionResponse, type MeetingItemResponse, type MeetingResponse, type Page,
} from '#contracts';
import { CategoriesService } from '../categories/categories.service.js';
import type { Actor } from '../common/actor.js';
import { DomainError, notFound } from '../common/domain-error.js';
import { decodeCursor, toPage } from '../common/pagination.js';
import { WritePath } from '../common/write/write-path.js';
import type { CreateEffortDto } from '../efforts/efforts.dto.js';
import { EffortsService } from '../efforts/efforts.service.js';
import { GeographyService } from '../geography/geography.service.js';
import { OrganisationsService } from '../organisations/organisations.service.js';
import { PicturesService } from '../pictures/pictures.service.js';
import {
  type HotspotRow, type MeetingView, toAgendaEffort, toAgendaReport, toDecisionResponse, toItemResponse, toMeetingResponse,
} from './meeting.mapper.js';
import { minutesPdf } from './meeting.minutes.js';
import {
  assertItemRef, assertMeetingDate, effortFromDecision, hotspotClass, mayRead, MeetingErrorCode, minutesFileName, presentOrganisations,
} from './meeting.rules.js';
import type { CreateDecisionDto, CreateMeetingDto, CreateMeetingItemDto, MeetingListQuery } from './meetings.dto.js';
import { type AgendaScope, MeetingsRepository } from './meetings.repository.js';

/**
 * How many decisions one node turns into efforts at once. Each conversion holds a pooled connection (the transaction
 * that locks its decision) while the effort's write takes another: unbounded, enough of them at once would hold every
 * connection of the pool and wait for one more (5 s, then 503). The rest wait their turn here, without a connection.
 */
const CONCURRENT_CONVERSIONS = 4;

/**
 * Joint meetings (samverkansmöten) and rural councils: a coordinator opens the agenda the live picture prefills,
 * records the items discussed and the decisions taken, and turns a decision into an effort in one step. Meetings are
 * not in the feed; every write is one statement of the write path, audited, and reads of the minutes are audited.
 */
@Injectable()
export class MeetingsService {
  constructor(
    private readonly repo: MeetingsRepository,
    private readonly writes: WritePath,
    private readonly organisations: OrganisationsService,
    private readonly geography: GeographyService,
    private readonly efforts: EffortsService,
    private readonly pictures: PicturesService,
    private readonly categories: CategoriesService,
  ) {}

  private readonly conversions = new Turns(CONCURRENT_CONVERSIONS);

  async create(actor: Actor, dto: CreateMeetingDto, idempotencyKey?: string): Promise<MeetingResponse> {
    const startsAt = new Date(dto.date);
    assertMeetingDate(startsAt);
    const organisationIds = presentOrganisations(dto.organisationIds);
    const areaIds = [...new Set(dto.areaIds ?? [])];
    await Promise.all([
      this.organisations.assertAllInCollaboration(actor.collaborationId, organisationIds, 'organisationIds'),
      this.geography.assertAllExist('areas', actor.collaborationId, areaIds, 'areaIds'),
    ]);
    const id = randomUUID();
    // The answer (with its week and names) is read back after the write; a retry with the same key gets the first one.
    const result = await this.writes.run(actor, {
      idempotency: idempotencyKey ? { key: idempotencyKey, scope: 'meeting.create', body: dto, answer: { id } } : undefined,
    }, (w) => {
      w.audit({ action: 'meeting.create', entityType: 'meeting', entityId: id });
      return this.repo.insertMeeting(w, {
        id, collaborationId: actor.collaborationId, kind: dto.kind, startsAt, title: dto.title ?? null, organisationIds, areaIds, createdBy: actor.id,
      });
    });
    const written = result.kind === 'replayed' ? (result.answer as { id: string }).id : id;
    return this.get(actor, written, { audit: false });
  }

  async list(actor: Actor, q: MeetingListQuery): Promise<Page<MeetingResponse>> {
    const limit = q.limit ?? LIMITS.listDefault;
    const rows = await this.repo.list(actor, q, decodeCursor(q.cursor, ['date', 'uuid']), limit + 1);
    const shown = rows.slice(0, limit).map((r) => r.id);
    const [items, decisions] = await Promise.all([this.repo.items(actor, shown), this.repo.decisions(actor, shown)]);
    const page = toPage(rows, limit, (m) => toMeetingResponse(m, items.filter((i) => i.meetingId === m.id), decisions.filter((d) => d.meetingId === m.id), actor.organisationId),
      (m) => [m.cursorAt, m.id]);
    await this.writes.audit(actor, { action: 'meeting.list', entityType: 'meeting', entityIds: page.items.map((m) => m.id) });
    return page;
  }

  async get(actor: Actor, id: string, opts: { audit?: boolean } = {}): Promise<MeetingResponse> {
    const meeting = await this.withParts(actor, await this.findReadable(actor, id));
    if (opts.audit !== false) await this.writes.audit(actor, { action: 'meeting.read', entityType: 'meeting', entityId: id });
    return meeting;
  }

  /**
   * The agenda, prefilled from the live picture as the caller may see it (every read below applies the visibility
   * policy of the caller, not of the meeting): open reports by severity and the most severe of them, the hotspots of
   * the four weeks before the meeting, and the efforts due in its week or overdue at its start.
   */
  async agenda(actor: Actor, id: string): Promise<MeetingAgendaResponse> {
    const meeting = await this.findReadable(actor, id);
    const agenda = await this.computeAgenda(actor, meeting);
    await this.writes.audit(actor, { action: 'meeting.agenda.read', entityType: 'meeting', entityId: id });
    return agenda;
  }

  async addItem(actor: Actor, meetingId: string, dto: CreateMeetingItemDto, idempotencyKey?: string): Promise<MeetingItemResponse> {
    await this.findReadable(actor, meetingId);
    assertItemRef(dto.kind, dto.refId);
    if (dto.kind !== 'other' && !(await this.repo.refExists(actor, dto.kind, dto.refId!))) {
      throw new DomainError('not_found', 'NOT_FOUND', `refId: ${dto.kind === 'hotspot' ? 'place or area' : dto.kind} not found`, { field: 'refId' });
    }
    const id = randomUUID();
    const result = await this.writes.run(actor, {
      idempotency: idempotencyKey ? { key: idempotencyKey, scope: `meeting.item:${meetingId}`, body: dto, answer: { id } } : undefined,
    }, (w) => {
      const version = this.repo.nextVersion(w, meetingId);
      this.repo.insertItem(w, {
        id, collaborationId: actor.collaborationId, meetingId, kind: dto.kind, refId: dto.refId ?? null, title: dto.title, note: dto.note ?? null,
        createdBy: actor.id,
      }, version);
      w.audit({ action: 'meeting.item', entityType: 'meeting', entityId: meetingId, details: { itemId: id } });
    });
    if (result.kind === 'refused') throw notFound('meeting');
    const written = result.kind === 'replayed' ? (result.answer as { id: string }).id : id;
    const item = (await this.repo.items(actor, [meetingId])).find((i) => i.id === written);
    if (!item) throw notFound('item');
    return toItemResponse(item);
  }

  async addDecision(actor: Actor, meetingId: string, dto: CreateDecisionDto, idempotencyKey?: string): Promise<MeetingDecisionResponse> {
    await this.findReadable(actor, meetingId);
    await this.organisations.assertAllInCollaboration(actor.collaborationId, [dto.ownerOrganisationId], 'ownerOrganisationId');
    const id = randomUUID();
    const result = await this.writes.run(actor, {
      idempotency: idempotencyKey ? { key: idempotencyKey, scope: `meeting.decision:${meetingId}`, body: dto, answer: { id } } : undefined,
    }, (w) => {
      const version = this.repo.nextVersion(w, meetingId);
      this.repo.insertDecision(w, {
        id, collaborationId: actor.collaborationId, meetingId, text: dto.text, ownerOrganisationId: dto.ownerOrganisationId,
        dueAt: dto.dueAt ? new Date(dto.dueAt) : null, effortId: null, effortKey: randomUUID(), createdBy: actor.id,
      }, version);
      w.audit({ action: 'meeting.decision', entityType: 'meeting', entityId: meetingId, details: { decisionId: id } });
    });
    if (result.kind === 'refused') throw notFound('meeting');
    return this.decision(actor, meetingId, result.kind === 'replayed' ? (result.answer as { id: string }).id : id);
  }

  /**
   * Turns a decision into an effort in one step: the effort through EffortsService.create (the same fields and rules
   * as POST /api/efforts; by default owned by the decision's owner, followed up when the decision is due, described by
   * its text), then the effort recorded on the decision. Two writes, made safe as a pair:
   * - the decision is locked for the whole conversion (a transaction holding its row), so two coordinators converting
   *   it at once take turns, and the second finds it converted: 409 DECISION_HAS_EFFORT, as does any later retry;
   * - the effort is created under an Idempotency-Key of the decision's own (`effort_key`: random, never shown, so
   *   nobody can plant an effort under it beforehand); if the service stops between the two writes, the retry (by
   *   anyone) finds the effort made under that key and records it instead of making a second.
   * The effort's write and the recording are each one statement of the write path; the recording runs in the
   * transaction that holds the lock.
   */
  async toEffort(actor: Actor, meetingId: string, decisionId: string, dto: CreateEffortDto): Promise<MeetingDecisionResponse> {
    await this.findReadable(actor, meetingId);
    await this.conversions.run(() => this.repo.withDecisionLocked(actor.collaborationId, meetingId, decisionId, async (manager, decision) => {
      if (!decision) throw notFound('decision');
      if (decision.effortId) throw new DomainError('conflict', MeetingErrorCode.DecisionHasEffort, 'the decision has already become an effort');
      const effortId = (await this.repo.effortUnderKey(manager, actor.collaborationId, decision.effortKey))
        ?? (await this.efforts.create(actor, effortFromDecision(dto, decision), decision.effortKey)).id;
      const result = await this.writes.run(actor, { manager }, (w) => {
        this.repo.setEffort(w, meetingId, decisionId, effortId);
        w.audit({ action: 'meeting.decision.effort', entityType: 'meeting', entityId: meetingId, details: { decisionId } });
      });
      if (result.kind === 'refused') throw new DomainError('conflict', MeetingErrorCode.DecisionHasEffort, 'the decision has already become an effort');
    }));
    return this.decision(actor, meetingId, decisionId);
  }

  /** The minutes as a Swedish A4 PDF, with the agenda as the exporting person may see it. */
  async minutes(actor: Actor, id: string): Promise<{ fileName: string; pdf: Buffer }> {
    const view = await this.findReadable(actor, id);
    const [meeting, agenda, categoryLabels] = await Promise.all([
      this.withParts(actor, view), this.computeAgenda(actor, view), this.categories.swedishLabels(actor.collaborationId),
    ]);
    const pdf = await minutesPdf({ meeting, agenda, categoryLabels, exportedBy: { name: actor.name, organisationName: actor.organisationName }, exportedAt: new Date() });
    await this.writes.audit(actor, { action: 'meeting.minutes.read', entityType: 'meeting', entityId: id, details: { format: 'pdf' } });
    return { fileName: minutesFileName(view.kind, view.startsAt), pdf };
  }

  /** The meeting with its items and decisions, as the caller may see them. */
  private async withParts(actor: Actor, meeting: MeetingView): Promise<MeetingResponse> {
    const [items, decisions] = await Promise.all([this.repo.items(actor, [meeting.id]), this.repo.decisions(actor, [meeting.id])]);
    return toMeetingResponse(meeting, items, decisions, actor.organisationId);
  }

  private async computeAgenda(actor: Actor, meeting: MeetingView): Promise<MeetingAgendaResponse> {
    const period = await this.repo.period(meeting.startsAt);
    const scope: AgendaScope = { period, areaIds: meeting.areaIds };
    const [counts, top, hotspots, picture, due, overdue] = await Promise.all([
      this.repo.openReportCounts(actor, scope),
      this.repo.topOpenReports(actor, scope),
      this.hotspotsByPlaceCount(actor, scope),
      this.pictures.agendaPicture(actor, new Date(meeting.startsAt), meeting.areaIds),
      this.repo.efforts(actor, scope, 'due'),
      this.repo.efforts(actor, scope, 'overdue'),
    ]);
    const bySeverity: Record<string, number> = { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 };
    for (const c of counts) bySeverity[String(c.severity)] = c.n;
    const iso = (d: Date) => new Date(d).toISOString();
    return {
      meetingId: meeting.id,
      period: {
        week: period.week, weekStart: iso(period.weekStart), weekEnd: iso(period.weekEnd),
        hotspotsFrom: iso(period.hotspotsFrom), hotspotsTo: iso(period.startsAt),
      },
      openReports: { total: counts.reduce((n, c) => n + c.n, 0), bySeverity, top: top.map(toAgendaReport) },
      hotspots,
      picture,
      efforts: { due: due.map(toAgendaEffort), overdue: overdue.map(toAgendaEffort) },
    };
  }

  /**
   * The agenda's deprecated `hotspots`: places (or areas, for reports without a place) counted by their reports over
   * the four weeks before the meeting, classed by hotspotClass (meeting.rules.ts). Kept for existing clients; the
   * agenda's `picture.hotspots` are the weekly picture's.
   */
  private async hotspotsByPlaceCount(actor: Actor, scope: AgendaScope): Promise<AgendaHotspot[]> {
    const rows: HotspotRow[] = await this.repo.hotspotCounts(actor, scope);
    return rows.map((h) => ({
      place: h.placeId ? { id: h.placeId, name: h.placeName! } : null,
      area: h.areaId ? { id: h.areaId, name: h.areaName! } : null,
      count: h.count, previousCount: h.previousCount, class: hotspotClass(h.count, h.previousCount), categories: h.categories,
    }));
  }

  private async decision(actor: Actor, meetingId: string, decisionId: string): Promise<MeetingDecisionResponse> {
    const [row] = await this.repo.decisions(actor, [meetingId], decisionId);
    if (!row) throw notFound('decision');
    return toDecisionResponse(row);
  }

  /** The meeting if the caller may read it; otherwise 404, whether it exists or not. */
  private async findReadable(actor: Actor, id: string): Promise<MeetingView> {
    const row = await this.repo.find(actor.collaborationId, id);
    if (!row || !mayRead(actor, row)) throw notFound('meeting');
    return row;
  }
}

/** At most `limit` of the tasks given to `run` at once; the others wait in order. */
class Turns {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.limit) await new Promise<void>((go) => this.waiting.push(go));
    else this.running++;
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}
