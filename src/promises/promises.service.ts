import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  type ActionPlanFigures, type CommitmentProgress, type CommitmentResponse, type ConcernTalkSums, type DocumentSummary, type EffortType,
  type FollowUpFigures, holdsConcernTalks, LIMITS, type Page, type PromiseListItem, type PromiseResponse,
} from '#contracts';
import { CategoriesService } from '../categories/categories.service.js';
import type { Actor } from '../common/actor.js';
import { invalid, notFound } from '../common/domain-error.js';
import { decodeCursor, toPage } from '../common/pagination.js';
import { WritePath } from '../common/write/write-path.js';
import { ConcernTalksService } from '../concern-talks/concern-talks.service.js';
import { GeographyService } from '../geography/geography.service.js';
import { OrganisationsService } from '../organisations/organisations.service.js';
import { groupActionPlan, type PlanEffort } from './documents/action-plan.rules.js';
import { DocumentsRepository } from './documents/documents.repository.js';
import { toDocumentSummary } from './documents/documents.mapper.js';
import type { PromiseCommitmentEntity } from './promise-commitment.entity.js';
import type { PromiseFocusAreaEntity } from './promise-focus-area.entity.js';
import {
  assertYears, type CommitmentCounts, followsConcernTalks, isOverdue, localDay, NO_COUNTS, progressOf, promisePeriod, readDueAt, readTarget,
  reportTrend, type ReportCountRow, versionConflict,
} from './promise.rules.js';
import type { CreatePromiseDto, PromiseListQuery, UpdateFocusAreaDto, UpdatePromiseDto } from './promises.dto.js';
import {
  type CommitmentRow, type CountPeriod, type CountView, type FocusAreaRow, type PromiseRow, PromisesRepository, type ReportCountDbRow,
} from './promises.repository.js';

type FocusAreaInput = Omit<PromiseFocusAreaEntity, 'collaborationId' | 'promiseId'>;
type CommitmentInput = Omit<PromiseCommitmentEntity, 'collaborationId' | 'promiseId'>;

const reportRows = (rows: ReportCountDbRow[], ownerId: string): ReportCountRow[] => rows.filter((r) => r.ownerId === ownerId)
  .map((r) => ({ category: r.category, area: r.areaId ? { id: r.areaId, name: r.areaName! } : null, current: r.current, previous: r.previous }));

const ZERO_TALKS: ConcernTalkSums = { records: 0, talks: 0, youths: 0, guardiansPresent: 0, socialServicesPresent: 0 };

/**
 * Citizen promises (medborgarlöften): a coordinator writes a promise with its focus areas and commitments (owner,
 * effort types, areas, categories, target, due day); every member reads it with live progress per commitment, counted
 * when read under the reader's visibility (an effort they may not see is not counted for them), concern talks as sums
 * for police and social services only. Every write is one statement of the write path (with its audit row); promises
 * are not in the feed. The documents (follow-ups, the action plan) read the same counts in the joint view through
 * `followUpFigures` and `actionPlanFigures` (documents/documents.service.ts).
 */
@Injectable()
export class PromisesService {
  constructor(
    private readonly repo: PromisesRepository,
    private readonly documents: DocumentsRepository,
    private readonly writes: WritePath,
    private readonly organisations: OrganisationsService,
    private readonly geography: GeographyService,
    private readonly concernTalks: ConcernTalksService,
    private readonly categories: CategoriesService,
  ) {}

  async create(actor: Actor, dto: CreatePromiseDto, idempotencyKey?: string): Promise<PromiseResponse> {
    const toYear = dto.toYear ?? dto.year;
    await this.assertYears(actor, dto.year, toYear);
    const period = promisePeriod(dto.year, toYear, localDay());
    const id = randomUUID();
    const parts = await this.readParts(actor, dto.focusAreas, period, { focusAreas: [], commitments: [] });
    const result = await this.writes.run(actor, {
      idempotency: idempotencyKey ? { key: idempotencyKey, scope: 'promise.create', body: dto, answer: { id } } : undefined,
    }, (w) => {
      const written = this.repo.insertPromise(w, { id, collaborationId: actor.collaborationId, year: dto.year, toYear, title: dto.title, createdBy: actor.id });
      this.repo.writeParts(w, id, { focusAreas: [], commitments: [] }, parts.focusAreas, parts.commitments);
      w.audit({ action: 'promise.create', entityType: 'promise', entityId: id, details: { year: dto.year, toYear, commitments: parts.commitments.length } });
      return written;
    });
    return this.get(actor, result.kind === 'replayed' ? (result.answer as { id: string }).id : id, { audit: false });
  }

  async list(actor: Actor, q: PromiseListQuery): Promise<Page<PromiseListItem>> {
    const limit = q.limit ?? LIMITS.listDefault;
    const rows = await this.repo.list(actor.collaborationId, q.year, decodeCursor(q.cursor, ['number', 'uuid']), limit + 1);
    const shown = rows.slice(0, limit);
    const ids = shown.map((p) => p.id);
    const [{ focusAreas, commitments }, followUps] = await Promise.all([this.repo.parts(ids), this.followUpsOf(actor, ids)]);
    const today = localDay();
    const met = new Map<string, number>();
    // One promise at a time: a collaboration holds a promise or two a year, and each is a few grouped reads.
    for (const p of shown) {
      const own = commitments.filter((c) => c.promiseId === p.id);
      const progress = await this.progress(this.readerView(actor), promisePeriod(p.year, p.toYear, today), [p.id], own, holdsConcernTalks(actor.organisationKind));
      met.set(p.id, own.filter((c) => progress.get(c.id)?.met).length);
    }
    const page = toPage(rows, limit, (p): PromiseListItem => {
      const own = commitments.filter((c) => c.promiseId === p.id);
      return {
        id: p.id, year: p.year, toYear: p.toYear, title: p.title,
        focusAreas: focusAreas.filter((f) => f.promiseId === p.id).map((f) => ({ id: f.id, title: f.title, commitments: own.filter((c) => c.focusAreaId === f.id).length })),
        commitments: own.length, commitmentsMet: met.get(p.id) ?? 0, followUps: followUps.filter((d) => d.promiseId === p.id),
        createdAt: iso(p.createdAt), updatedAt: iso(p.updatedAt), version: p.version,
      };
    }, (p) => [p.year, p.id]);
    await this.writes.audit(actor, { action: 'promise.list', entityType: 'promise', entityIds: page.items.map((p) => p.id) });
    return page;
  }

  async get(actor: Actor, id: string, opts: { audit?: boolean } = {}): Promise<PromiseResponse> {
    const promise = await this.find(actor, id);
    const today = localDay();
    const period = promisePeriod(promise.year, promise.toYear, today);
    const [{ focusAreas, commitments }, followUps] = await Promise.all([this.repo.parts([id]), this.followUpsOf(actor, [id])]);
    const progress = await this.progress(this.readerView(actor), period, [id], commitments, holdsConcernTalks(actor.organisationKind));
    if (opts.audit !== false) await this.writes.audit(actor, { action: 'promise.read', entityType: 'promise', entityId: id });
    return {
      id, year: promise.year, toYear: promise.toYear, title: promise.title, period,
      focusAreas: focusAreas.map((f) => ({
        id: f.id, position: f.position, title: f.title, text: f.text,
        commitments: commitments.filter((c) => c.focusAreaId === f.id).map((c) => toCommitment(c, progress.get(c.id)!, today)),
      })),
      followUps,
      createdBy: promise.creatorOrganisationId === actor.organisationId ? { id: promise.createdBy, name: promise.creatorName } : null,
      createdAt: iso(promise.createdAt), updatedAt: iso(promise.updatedAt), version: promise.version,
    };
  }

  /**
   * Changes a promise at the version the caller read: its title, its years, and (when given) the whole list of focus
   * areas and commitments, those named by id kept (their ids must be this promise's), the others removed or added.
   * One statement: the promise's version check and lock, every row of its parts, and the audit row.
   */
  async update(actor: Actor, id: string, dto: UpdatePromiseDto): Promise<PromiseResponse> {
    const current = await this.find(actor, id);
    if (current.version !== dto.version) throw versionConflict(current.version, dto.version);
    const year = dto.year ?? current.year;
    const toYear = dto.toYear !== undefined ? dto.toYear ?? year : dto.year !== undefined ? year + (current.toYear - current.year) : current.toYear;
    if (year !== current.year || toYear !== current.toYear) await this.assertYears(actor, year, toYear);
    const period = promisePeriod(year, toYear, localDay());
    const existing = await this.repo.partIds(id);
    let parts: { focusAreas: FocusAreaInput[]; commitments: CommitmentInput[] } | undefined;
    if (dto.focusAreas) {
      parts = await this.readParts(actor, dto.focusAreas, period, existing);
    } else if (year !== current.year || toYear !== current.toYear) {
      const { commitments } = await this.repo.parts([id]);
      const outside = commitments.find((c) => c.dueAt < period.from || c.dueAt > period.to);
      if (outside) throw invalid(dto.year !== undefined ? 'year' : 'toYear', `leaves a commitment due on ${outside.dueAt}, outside the promise's years: send focusAreas with new due days`);
    }
    const result = await this.writes.run(actor, {}, (w) => {
      const written = this.repo.updatePromise(w, id, dto.version, { year, toYear, title: dto.title ?? current.title });
      if (parts) this.repo.writeParts(w, id, existing, parts.focusAreas, parts.commitments);
      w.audit({ action: 'promise.update', entityType: 'promise', entityId: id, details: { version: dto.version + 1, ...(parts && { commitments: parts.commitments.length }) } });
      return written;
    });
    if (result.kind === 'refused') {
      const now = await this.find(actor, id);
      throw versionConflict(now.version, dto.version);
    }
    return this.get(actor, id, { audit: false });
  }

  // ---------------------------------------------------------------------------------------------------------------
  // For the documents (same context): the joint view of a year.

  /** A promise of the caller's collaboration with its parts, or 404. */
  async promiseWithParts(actor: Actor, id: string): Promise<{ promise: PromiseRow; focusAreas: FocusAreaRow[]; commitments: CommitmentRow[] }> {
    const promise = await this.find(actor, id);
    return { promise, ...(await this.repo.parts([id])) };
  }

  /**
   * The figures a follow-up of the promise's year is written from: the joint view (only what is shared with the whole
   * collaboration is counted), concern talks as yearly sums in the areas of the commitments that follow them.
   */
  async followUpFigures(collaborationId: string, p: { promise: PromiseRow; focusAreas: FocusAreaRow[]; commitments: CommitmentRow[] }, year: number): Promise<FollowUpFigures> {
    const period = promisePeriod(year, year, localDay());
    const view: CountView = { kind: 'joint', collaborationId };
    const id = p.promise.id;
    const [progress, focusReports, totals, talks] = await Promise.all([
      this.progress(view, period, [id], p.commitments, true),
      this.repo.focusAreaReportCounts(view, period, id),
      this.repo.promiseTotals(view, period, id),
      this.talksOf(collaborationId, period, p.commitments.filter((c) => followsConcernTalks(c.effortTypes))),
    ]);
    const status = (s: string) => totals.byStatus.find((x) => x.status === s)?.n ?? 0;
    return {
      kind: 'follow_up', promise: { id, title: p.promise.title, year: p.promise.year, toYear: p.promise.toYear }, year, period, audience: 'joint',
      generatedAt: new Date().toISOString(),
      totals: { effortsDone: status('done'), effortsPlanned: status('planned'), effortsOngoing: status('ongoing'), actions: totals.actions, concernTalks: talks },
      focusAreas: p.focusAreas.map((f) => ({
        id: f.id, title: f.title, text: f.text, reports: reportTrend(reportRows(focusReports, f.id)),
        commitments: p.commitments.filter((c) => c.focusAreaId === f.id).map((c) => ({
          id: c.id, text: c.text, owner: ownerOf(c), effortTypes: c.effortTypes, areas: c.areas, categories: c.categories,
          target: { kind: c.targetKind, count: c.targetCount }, dueAt: c.dueAt, progress: progress.get(c.id)!,
        })),
      })),
    };
  }

  /** The figures an action plan of `year` is written from: the year's commitments and planned efforts (joint view), grouped. */
  async actionPlanFigures(collaborationId: string, year: number): Promise<ActionPlanFigures> {
    const [commitments, efforts, labels] = await Promise.all([
      this.repo.planCommitments(collaborationId, year), this.repo.planEfforts(collaborationId, { year }), this.categories.swedishLabels(collaborationId),
    ]);
    const groups = groupActionPlan(commitments.map((c) => ({
      id: c.id, promiseId: c.promiseId, focusAreaId: c.focusAreaId, focusAreaTitle: c.focusAreaTitle, text: c.text, owner: ownerOf(c),
      target: { kind: c.targetKind, count: c.targetCount }, dueAt: c.dueAt, effortTypes: c.effortTypes, areas: c.areas,
    })), efforts.map(toPlanEffort), labels);
    const byType = new Map<EffortType, number>();
    for (const e of efforts) byType.set(e.type, (byType.get(e.type) ?? 0) + 1);
    return {
      kind: 'action_plan', year, period: promisePeriod(year, year, localDay()), audience: 'joint', generatedAt: new Date().toISOString(), groups,
      totals: { efforts: efforts.length, commitments: commitments.length, byType: [...byType].map(([type, count]) => ({ type, count })).sort((a, b) => b.count - a.count) },
    };
  }

  /** The efforts of an action plan as they are now (an action plan's follow-up), keyed by id: only those still shared with everyone. */
  async planEffortsNow(collaborationId: string, ids: string[]): Promise<Map<string, PlanEffort>> {
    const rows = await this.repo.planEfforts(collaborationId, { ids });
    return new Map(rows.filter((r) => r.visibility === 'partners').map((r) => [r.id, toPlanEffort(r)]));
  }

  // ---------------------------------------------------------------------------------------------------------------

  private readerView(actor: Actor): CountView {
    return { kind: 'reader', collaborationId: actor.collaborationId, organisationId: actor.organisationId };
  }

  /** Each commitment's progress in the view and period; concern talks only when `talks` (a holder, or a document). */
  private async progress(view: CountView, period: CountPeriod, promiseIds: string[], commitments: CommitmentRow[], talks: boolean): Promise<Map<string, CommitmentProgress>> {
    if (!commitments.length) return new Map();
    const [efforts, actions, reports, summary] = await Promise.all([
      this.repo.effortCounts(view, period, promiseIds),
      this.repo.actionCounts(view, period, promiseIds),
      this.repo.reportCounts(view, period, promiseIds),
      talks && commitments.some((c) => followsConcernTalks(c.effortTypes)) ? this.talkSummary(view.collaborationId, period) : undefined,
    ]);
    const ref = (r: { organisationId: string | null; organisationName: string | null; organisationKind: string | null }) =>
      ({ id: r.organisationId!, name: r.organisationName!, kind: r.organisationKind! }) as CommitmentCounts['doneByOrganisation'][number]['organisation'];
    return new Map(commitments.map((c) => {
      const counts: CommitmentCounts = {
        ...NO_COUNTS,
        efforts: efforts.filter((e) => e.commitmentId === c.id && e.type).map((e) => ({ status: e.status, type: e.type!, n: e.n })),
        doneByOrganisation: efforts.filter((e) => e.commitmentId === c.id && e.organisationId && e.status === 'done').map((e) => ({ organisation: ref(e), n: e.n })),
        actions: actions.filter((a) => a.commitmentId === c.id && a.kind !== null).map((a) => ({ kind: a.kind!, total: a.total })),
        actionsByOrganisation: actions.filter((a) => a.commitmentId === c.id && a.organisationId).map((a) => ({ organisation: ref(a), total: a.total })),
        reports: reportRows(reports, c.id),
        concernTalks: summary && followsConcernTalks(c.effortTypes) ? talksIn(summary, c.areas.map((a) => a.id)) : null,
      };
      return [c.id, progressOf({ kind: c.targetKind, count: c.targetCount }, counts)];
    }));
  }

  /** The collaboration's concern talk sums of the period's months, by area (read in process: no audit row, sums only). */
  private talkSummary(collaborationId: string, period: CountPeriod) {
    return this.concernTalks.summary(collaborationId, period.from.slice(0, 7), period.to.slice(0, 7));
  }

  /** Concern talks in the areas of the commitments given (each area once; the whole municipality if one names none). */
  private async talksOf(collaborationId: string, period: CountPeriod, commitments: CommitmentRow[]): Promise<ConcernTalkSums> {
    if (!commitments.length) return ZERO_TALKS;
    const summary = await this.talkSummary(collaborationId, period);
    return talksIn(summary, commitments.some((c) => !c.areas.length) ? [] : [...new Set(commitments.flatMap((c) => c.areas.map((a) => a.id)))]);
  }

  private async followUpsOf(actor: Actor, promiseIds: string[]): Promise<DocumentSummary[]> {
    if (!promiseIds.length) return [];
    const rows = await this.documents.list(actor.collaborationId, ['follow_up'], { promiseIds }, undefined, LIMITS.listMax);
    return rows.map(toDocumentSummary);
  }

  private async find(actor: Actor, id: string): Promise<PromiseRow> {
    const row = await this.repo.find(actor.collaborationId, id);
    if (!row) throw notFound('promise');
    return row;
  }

  private async assertYears(actor: Actor, year: number, toYear: number): Promise<void> {
    assertYears(year, toYear, Number(localDay().slice(0, 4)), await this.repo.firstDataYear(actor.collaborationId));
  }

  /**
   * The focus areas and commitments of a request as rows: ids kept where given (they must be this promise's, each
   * once), targets and due days read, and every owner and area checked to be of the caller's collaboration (404 naming
   * the field of the first that is not).
   */
  private async readParts(actor: Actor, input: (CreatePromiseDto['focusAreas'][number] | UpdateFocusAreaDto)[], period: CountPeriod,
    existing: { focusAreas: string[]; commitments: string[] }): Promise<{ focusAreas: FocusAreaInput[]; commitments: CommitmentInput[] }> {
    const focusAreas: FocusAreaInput[] = [];
    const commitments: (CommitmentInput & { field: string })[] = [];
    const seen = new Set<string>();
    const keep = (given: string | undefined, known: string[], field: string, what: string) => {
      if (given === undefined) return randomUUID();
      if (!known.includes(given)) throw invalid(field, `is not a ${what} of this promise`);
      if (seen.has(given)) throw invalid(field, `names a ${what} already listed`);
      seen.add(given);
      return given;
    };
    input.forEach((f, i) => {
      const at = `focusAreas.${i}`;
      const focusAreaId = keep((f as { id?: string }).id, existing.focusAreas, `${at}.id`, 'focus area');
      focusAreas.push({ id: focusAreaId, position: i, title: f.title, text: f.text });
      f.commitments.forEach((c, j) => {
        const field = `${at}.commitments.${j}`;
        const target = readTarget(c.target.kind, c.target.count, `${field}.target`);
        commitments.push({
          field, id: keep((c as { id?: string }).id, existing.commitments, `${field}.id`, 'commitment'), focusAreaId, position: j, text: c.text,
          ownerOrganisationId: c.ownerOrganisationId, effortTypes: [...new Set(c.effortTypes ?? [])], areaIds: [...new Set(c.areaIds ?? [])],
          categories: [...new Set(c.categories ?? [])], targetKind: target.kind, targetCount: target.count,
          dueAt: readDueAt(c.dueAt, period, `${field}.dueAt`),
        });
      });
    });
    const owners = [...new Set(commitments.map((c) => c.ownerOrganisationId))];
    const areas = [...new Set(commitments.flatMap((c) => c.areaIds))];
    const categories = [...new Set(commitments.flatMap((c) => c.categories))];
    // All at once; only when one is missing, commitment by commitment to name the first field that has it.
    const [ownersOk, areasOk, categoriesOk] = await Promise.all([
      this.organisations.assertAllInCollaboration(actor.collaborationId, owners, 'ownerOrganisationId').then(() => true, () => false),
      this.geography.assertAllExist('areas', actor.collaborationId, areas, 'areaIds').then(() => true, () => false),
      // Known, switched off too: a promise may follow a category the collaboration no longer takes new reports in.
      this.categories.assertKnown(actor.collaborationId, categories, 'categories').then(() => true, () => false),
    ]);
    for (const c of ownersOk && areasOk && categoriesOk ? [] : commitments) {
      await this.organisations.assertAllInCollaboration(actor.collaborationId, [c.ownerOrganisationId], `${c.field}.ownerOrganisationId`);
      await this.geography.assertAllExist('areas', actor.collaborationId, c.areaIds, `${c.field}.areaIds`);
      await this.categories.assertKnown(actor.collaborationId, c.categories, `${c.field}.categories`);
    }
    return { focusAreas, commitments: commitments.map(({ field: _field, ...c }) => c) };
  }
}

const iso = (d: Date | string) => new Date(d).toISOString();

const ownerOf = (c: CommitmentRow) => ({ id: c.ownerOrganisationId, name: c.ownerName, kind: c.ownerKind });

function toCommitment(c: CommitmentRow, progress: CommitmentProgress, today: string): CommitmentResponse {
  return {
    id: c.id, position: c.position, text: c.text, owner: ownerOf(c), effortTypes: c.effortTypes, areas: c.areas, categories: c.categories,
    target: { kind: c.targetKind, count: c.targetCount }, dueAt: c.dueAt, overdue: isOverdue(c.dueAt, progress.met, today), progress,
  };
}

/** The sums of the summary's records in `areaIds` (none: all of them). */
function talksIn(summary: Awaited<ReturnType<ConcernTalksService['summary']>>, areaIds: string[]): ConcernTalkSums {
  if (!areaIds.length) return summary.total;
  const sums = { ...ZERO_TALKS };
  for (const a of summary.byArea) {
    if (!a.area || !areaIds.includes(a.area.id)) continue;
    for (const k of Object.keys(sums) as (keyof ConcernTalkSums)[]) sums[k] += a[k];
  }
  return sums;
}

function toPlanEffort(r: Awaited<ReturnType<PromisesRepository['planEfforts']>>[number]): PlanEffort {
  const time = (d: Date | string | null) => (d ? iso(d) : null);
  return {
    id: r.id, title: r.title, type: r.type, status: r.status, owner: r.organisations[0], organisations: r.organisations,
    plannedStart: iso(r.plannedStart), plannedEnd: time(r.plannedEnd), followUpAt: time(r.followUpAt), outcome: r.outcome, actualEnd: time(r.actualEnd),
    areas: r.areas, categories: r.categories,
  };
}
