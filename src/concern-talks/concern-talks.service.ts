import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { LIMITS, type ConcernTalkResponse, type ConcernTalkSummaryResponse, type Page } from '#contracts';
import type { Actor } from '../common/actor.js';
import { invalid, notFound } from '../common/domain-error.js';
import { decodeCursor, toPage } from '../common/pagination.js';
import { WritePath } from '../common/write/write-path.js';
import { GeographyService } from '../geography/geography.service.js';
import {
  assertCounts, assertHolder, assertMayChange, assertMonth, assertMonthAllowed, assertPeriod, changedWhileDeleting, countChanges, MONTH, monthStart,
  summarise, versionConflict,
} from './concern-talk.rules.js';
import type { ConcernTalkListQuery, ConcernTalkSummaryQuery, CreateConcernTalkDto, UpdateConcernTalkDto } from './concern-talks.dto.js';
import { type ConcernTalkView, ConcernTalksRepository } from './concern-talks.repository.js';

const iso = (d: Date | string) => new Date(d).toISOString();

const toResponse = (r: ConcernTalkView): ConcernTalkResponse => ({
  id: r.id,
  month: r.month,
  area: r.areaId ? { id: r.areaId, name: r.areaName! } : null,
  talks: r.talks,
  youths: r.youths,
  guardiansPresent: r.guardiansPresent,
  socialServicesPresent: r.socialServicesPresent,
  organisation: { id: r.organisationId, name: r.orgName, kind: r.orgKind },
  createdAt: iso(r.createdAt),
  updatedAt: iso(r.updatedAt),
  version: r.version,
});

/**
 * Concern talks (orossamtal): counts per organisation, month and area, held jointly by the police and social
 * services organisations of a collaboration and by nobody else (404 to others' reads, 403 to their writes). Kept
 * apart from the shared picture: no feed event, no report, no picture carries them; writes and reads are audited,
 * and the audit log shows them to the holders only. `summary` is what other contexts (the promise follow-up) read.
 */
@Injectable()
export class ConcernTalksService {
  constructor(
    private readonly repo: ConcernTalksRepository,
    private readonly writes: WritePath,
    private readonly geography: GeographyService,
  ) {}

  async create(actor: Actor, dto: CreateConcernTalkDto, idempotencyKey?: string): Promise<ConcernTalkResponse> {
    assertHolder(actor, 'write');
    assertMonthAllowed(dto.month, 'month');
    assertCounts(dto);
    const area = dto.areaId ? await this.geography.requireArea(actor.collaborationId, dto.areaId, 'areaId') : null;
    const now = new Date();
    const view: ConcernTalkView = {
      id: randomUUID(), collaborationId: actor.collaborationId, organisationId: actor.organisationId, month: dto.month,
      areaId: area?.id ?? null, talks: dto.talks, youths: dto.youths, guardiansPresent: dto.guardiansPresent,
      socialServicesPresent: dto.socialServicesPresent, version: 1, createdAt: now, updatedAt: now,
      orgName: actor.organisationName, orgKind: actor.organisationKind, areaName: area?.name ?? null,
    };
    const talk = toResponse(view);
    const { orgName, orgKind, areaName, month, ...row } = view;
    // One statement (common/write): the record, its audit row and, with a key, the idempotency row. No event: concern
    // talks never reach the feed.
    const result = await this.writes.run(actor, {
      idempotency: idempotencyKey ? { key: idempotencyKey, scope: 'concern_talk.create', body: dto, answer: talk } : undefined,
    }, (w) => {
      this.repo.insert(w, { ...row, month: monthStart(month) });
      w.audit({ action: 'concern_talk.create', entityType: 'concern_talk', entityId: talk.id });
    });
    if (result.kind === 'replayed') return result.answer as ConcernTalkResponse;
    if (result.kind === 'refused') throw new Error('a create without requirements was refused');
    return talk;
  }

  async list(actor: Actor, q: ConcernTalkListQuery): Promise<Page<ConcernTalkResponse>> {
    assertHolder(actor, 'read');
    if (q.from) assertMonth(q.from, 'from');
    if (q.to) assertMonth(q.to, 'to');
    if (q.from && q.to) assertPeriod(q.from, q.to);
    const after = decodeCursor(q.cursor, ['string', 'uuid']) as [string, string] | undefined;
    if (after && !MONTH.test(after[0])) throw invalid('cursor', 'is not a cursor returned by this list');
    const limit = q.limit ?? LIMITS.listDefault;
    const rows = await this.repo.list(actor.collaborationId, {
      from: q.from && monthStart(q.from), to: q.to && monthStart(q.to), areaId: q.areaId,
    }, after, limit + 1);
    const page = toPage(rows, limit, toResponse, (r) => [r.month, r.id]);
    const filters = Object.fromEntries(Object.entries({ from: q.from, to: q.to, areaId: q.areaId }).filter(([, v]) => v !== undefined));
    await this.writes.audit(actor, { action: 'concern_talk.list', entityType: 'concern_talk', entityIds: page.items.map((i) => i.id), details: filters });
    return page;
  }

  async get(actor: Actor, id: string): Promise<ConcernTalkResponse> {
    const row = await this.findHeld(actor, id);
    await this.writes.audit(actor, { action: 'concern_talk.read', entityType: 'concern_talk', entityId: id });
    return toResponse(row);
  }

  async update(actor: Actor, id: string, dto: UpdateConcernTalkDto): Promise<ConcernTalkResponse> {
    assertHolder(actor, 'write');
    const current = await this.findHeld(actor, id);
    assertMayChange(actor, current);
    const next = {
      talks: dto.talks ?? current.talks,
      youths: dto.youths ?? current.youths,
      guardiansPresent: dto.guardiansPresent ?? current.guardiansPresent,
      socialServicesPresent: dto.socialServicesPresent ?? current.socialServicesPresent,
    };
    assertCounts(next, dto);
    if (current.version !== dto.version) throw versionConflict(current.version, dto.version);
    const changes = countChanges(current, next);
    if (!changes.length) {
      // Nothing to write, but the answer must still be true when given: the version is checked under the lock.
      const held = await this.writes.run(actor, {}, (w) => this.repo.requireAtVersion(w, actor.collaborationId, id, current.version));
      if (held.kind === 'refused') throw versionConflict((await this.findHeld(actor, id)).version, dto.version);
      return toResponse(current);
    }
    const updatedAt = new Date();
    const result = await this.writes.run(actor, {}, (w) => {
      this.repo.requireAtVersion(w, actor.collaborationId, id, current.version);
      this.repo.update(w, id, { ...next, updatedAt });
      w.audit({ action: 'concern_talk.update', entityType: 'concern_talk', entityId: id, details: { changes } });
    });
    if (result.kind === 'refused') throw versionConflict((await this.findHeld(actor, id)).version, dto.version); // 404 if deleted meanwhile
    return toResponse({ ...current, ...next, version: current.version + 1, updatedAt });
  }

  /** Deletes a mistaken record; the audit row keeps what it said. */
  async remove(actor: Actor, id: string): Promise<void> {
    assertHolder(actor, 'write');
    const current = await this.findHeld(actor, id);
    assertMayChange(actor, current);
    const { month, areaId, organisationId, talks, youths, guardiansPresent, socialServicesPresent, version } = current;
    const result = await this.writes.run(actor, {}, (w) => {
      this.repo.remove(w, actor.collaborationId, id, version);
      w.audit({
        action: 'concern_talk.delete', entityType: 'concern_talk', entityId: id,
        details: { month, areaId, organisationId, talks, youths, guardiansPresent, socialServicesPresent, version },
      });
    });
    // Changed meanwhile (the audit row would not say what was deleted): 409, or 404 if it is gone.
    if (result.kind === 'refused') throw changedWhileDeleting((await this.findHeld(actor, id)).version);
  }

  /** The sums of a period for a holder, as GET /api/concern-talks/summary answers them. */
  async summaryFor(actor: Actor, q: ConcernTalkSummaryQuery): Promise<ConcernTalkSummaryResponse> {
    assertHolder(actor, 'read');
    const summary = await this.summary(actor.collaborationId, q.from, q.to, q.areaId);
    await this.writes.audit(actor, { action: 'concern_talk.summary', entityType: 'concern_talk', details: { from: q.from, to: q.to, ...(q.areaId && { areaId: q.areaId }) } });
    return summary;
  }

  /**
   * Totals of a collaboration's concern talks from the month `from` to the month `to` (YYYY-MM, both included): in
   * all, per month and per area, sums of every count. For other contexts (the yearly promise follow-up): no actor and
   * no audit row; the caller decides who may see the sums.
   */
  async summary(collaborationId: string, from: string, to: string, areaId?: string): Promise<ConcernTalkSummaryResponse> {
    assertPeriod(from, to);
    const cells = await this.repo.sums(collaborationId, monthStart(from), monthStart(to), areaId);
    return summarise(from, to, areaId ?? null, cells);
  }

  /** The record if the caller's organisation holds concern talks and it is one of its collaboration; otherwise 404. */
  private async findHeld(actor: Actor, id: string): Promise<ConcernTalkView> {
    assertHolder(actor, 'read');
    const row = await this.repo.find(actor.collaborationId, id);
    if (!row) throw notFound('concern talk');
    return row;
  }
}
