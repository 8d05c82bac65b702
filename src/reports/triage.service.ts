import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  type AcknowledgeResponse, type AnswerTemplateResponse, type DuplicateCandidate, type Page, type ReportResponse, type ReportStatus, type TriageSettingsResponse,
} from '#contracts';
import type { Actor } from '../common/actor.js';
import { conflict, DomainError, invalid, notFound } from '../common/domain-error.js';
import { canSee, redactAuthor } from '../common/visibility.js';
import { decideAgain } from '../common/write/retry.js';
import { type Write, WritePath } from '../common/write/write-path.js';
import { OrganisationsService } from '../organisations/organisations.service.js';
import { reportFacts, toFullReport, toReportResponse, type ReportView } from './report.mapper.js';
import { assertTransition, diff, mergeRefusal, reportVersionConflict } from './report.rules.js';
import type { AcknowledgeReportsDto, AnswerReportDto, AssignReportDto, CreateAnswerTemplateDto, MergeReportDto, TriageSettingsDto } from './reports.dto.js';
import { ReportsRepository } from './reports.repository.js';
import { TriageRepository } from './triage.repository.js';

/** How often a change without a client version is decided again after losing a race. */
const RETRIES = 8;
const DUPLICATES_SHOWN = 20;

/**
 * A coordinator's triage of the reports: assigning them to an organisation, acknowledging many at once, answering
 * the reporter, and finding and merging duplicates. Each change is a report change like any other: one statement
 * of the write path with its history row, audit row and event.
 */
@Injectable()
export class TriageService {
  constructor(
    private readonly reports: ReportsRepository,
    private readonly repo: TriageRepository,
    private readonly writes: WritePath,
    private readonly organisations: OrganisationsService,
  ) {}

  /** Gives a report to an organisation that may see it (or takes the assignment back with null). */
  async assign(actor: Actor, id: string, dto: AssignReportDto): Promise<ReportResponse> {
    const [assignee] = dto.organisationId ? await this.organisations.refs(actor.collaborationId, [dto.organisationId], 'organisationId') : [null];
    return this.change(actor, id, dto.version, (current) => {
      if (assignee && !canSee({ collaborationId: actor.collaborationId, organisationId: assignee.id }, current)) {
        throw invalid('organisationId', 'may not see this report; share it with them first');
      }
      return { assignedTo: assignee?.id ?? null, assignedName: assignee?.name ?? null, assignedKind: assignee?.kind ?? null };
    }, 'report.assign');
  }

  /**
   * Acknowledges the new ones of `reportIds` (each its own change and event); the rest are left as they are. The
   * answer also carries every report asked about as it is now, so a client updates its rows without reading them
   * again (the acknowledged ones at their new version, each with the seq of its own event).
   */
  acknowledge(actor: Actor, dto: AcknowledgeReportsDto): Promise<AcknowledgeResponse> {
    const ids = [...new Set(dto.reportIds)];
    return decideAgain(RETRIES, async () => {
      const rows = await this.reports.findVisibleMany(actor, ids);
      if (rows.length !== ids.length) throw new DomainError('not_found', 'NOT_FOUND', 'reportIds: report not found', { field: 'reportIds' });
      const fresh = rows.filter((r) => r.status === 'new' && r.mergedInto === null);
      const changed = new Map<string, ReportResponse>();
      if (fresh.length) {
        const result = await this.writes.run(actor, {}, (w) => {
          for (const r of fresh) this.reports.requireAtVersion(w, actor, r.id, r.version);
          for (const r of fresh) changed.set(r.id, this.writeChange(w, r, { status: 'acknowledged' }, 'report.update', 'report:updated'));
        });
        if (result.kind !== 'written') return undefined;
        // The i-th report changed took the write's i-th seq (its event was the i-th emitted).
        [...changed.values()].forEach((r, i) => changed.set(r.id, { ...r, seq: result.seq! + i }));
      }
      const byId = new Map(rows.map((r) => [r.id, r]));
      return {
        acknowledged: ids.filter((i) => changed.has(i)),
        unchanged: ids.filter((i) => !changed.has(i)),
        reports: ids.map((i) => {
          const report = changed.get(i);
          return report ? redactAuthor(report, actor.organisationId) : toReportResponse(byId.get(i)!, actor.organisationId);
        }),
      };
    }, () => conflict('VERSION_CONFLICT', 'reports changed meanwhile; try again'));
  }

  /** Tells the reporter what was done (and, with `resolve`, marks the report resolved). */
  answer(actor: Actor, id: string, dto: AnswerReportDto): Promise<ReportResponse> {
    return this.change(actor, id, undefined, (current) => {
      const status: ReportStatus = dto.resolve ? 'resolved' : current.status;
      if (status !== current.status) assertTransition(actor, current.status, status);
      return {
        status, answer: dto.body, answeredAt: new Date(), answeredBy: actor.organisationId,
        answeredByName: actor.organisationName, answeredByKind: actor.organisationKind,
      };
    }, 'report.answer');
  }

  /**
   * Reports the caller may see that look like the same observation (same category, near in place and time), each
   * with the merge directions the merge rules allow: `mergeInto` (this report into the candidate) and `mergeFrom`
   * (the candidate into this report), so a client offers only a merge that will go through.
   */
  async duplicates(actor: Actor, id: string): Promise<Page<DuplicateCandidate>> {
    const report = await this.findVisible(actor, id);
    const settings = await this.repo.settings(actor.collaborationId);
    const found = await this.repo.duplicates(actor, id, settings.duplicateDistanceM, settings.duplicateWindowHours, DUPLICATES_SHOWN);
    const rows = await this.reports.findVisibleMany(actor, found.map((f) => f.id));
    const items = found.flatMap((f) => {
      const row = rows.find((r) => r.id === f.id);
      if (!row) return [];
      return [{
        report: toReportResponse(row, actor.organisationId), distanceM: f.distanceM, hoursApart: f.hoursApart,
        mergeInto: mergeRefusal(report, row) === null, mergeFrom: mergeRefusal(row, report) === null,
      }];
    });
    return { items, nextCursor: null };
  }

  /**
   * Merges a duplicate into the report it repeats: it points there, is closed, leaves the lists, keeps its history
   * and comments; `report:merged` tells its audience. The rules: `mergeRefusal` (report.rules.ts).
   */
  async merge(actor: Actor, id: string, dto: MergeReportDto): Promise<ReportResponse> {
    if (dto.intoReportId === id) throw invalid('intoReportId', 'is the report itself', 'MERGE_INTO_ITSELF');
    const source = await this.findVisible(actor, id);
    const target = await this.reports.findVisible(actor, dto.intoReportId);
    if (!target) throw new DomainError('not_found', 'NOT_FOUND', 'intoReportId: report not found', { field: 'intoReportId' });
    const refusal = mergeRefusal(source, target);
    if (refusal) throw refusal;
    const next = { ...source, mergedInto: target.id, status: 'closed' as const, version: source.version + 1, updatedAt: new Date() };
    const report = toFullReport(next);
    const result = await this.writes.run(actor, {}, (w) => {
      this.reports.requireAtVersion(w, actor, id, source.version);
      this.reports.requireMergeTarget(w, actor, target.id, target.version);
      this.reports.update(w, id, { mergedInto: target.id, status: 'closed', updatedAt: next.updatedAt }, diff(toFullReport(source), report));
      w.audit({ action: 'report.merge', entityType: 'report', entityId: id, details: { intoReportId: target.id } });
      w.emit({ type: 'report:merged', entityId: id, subjectId: id, payload: report, facts: reportFacts(next) });
    });
    if (result.kind === 'refused') throw conflict('VERSION_CONFLICT', 'one of the reports changed meanwhile; reload and try again');
    return redactAuthor({ ...report, seq: result.kind === 'written' ? result.seq! : report.seq }, actor.organisationId);
  }

  async templates(actor: Actor): Promise<Page<AnswerTemplateResponse>> {
    const rows = await this.repo.templates(actor.collaborationId);
    return { items: rows.map((t) => ({ id: t.id, title: t.title, body: t.body, createdAt: new Date(t.createdAt).toISOString() })), nextCursor: null };
  }

  async createTemplate(actor: Actor, dto: CreateAnswerTemplateDto): Promise<AnswerTemplateResponse> {
    const id = randomUUID();
    await this.writes.run(actor, {}, (w) => {
      const row = this.repo.insertTemplate(w, { id, title: dto.title, body: dto.body, createdBy: actor.id });
      w.audit({ action: 'answer_template.create', entityType: 'answer_template', entityId: id });
      return row;
    });
    return { id, title: dto.title, body: dto.body, createdAt: new Date().toISOString() };
  }

  async deleteTemplate(actor: Actor, id: string): Promise<void> {
    const result = await this.writes.run(actor, {}, (w) => {
      const row = this.repo.deleteTemplate(w, id);
      w.audit({ action: 'answer_template.delete', entityType: 'answer_template', entityId: id });
      return row;
    });
    if (result.kind !== 'written' || !result.rows.length) throw notFound('answer template');
  }

  settings(actor: Actor): Promise<TriageSettingsResponse> {
    return this.repo.settings(actor.collaborationId);
  }

  async saveSettings(actor: Actor, dto: TriageSettingsDto): Promise<TriageSettingsResponse> {
    await this.writes.run(actor, {}, (w) => {
      const row = this.repo.saveSettings(w, dto);
      w.audit({ action: 'triage_settings.update', entityType: 'collaboration', entityId: actor.collaborationId, details: { ...dto } });
      return row;
    });
    return { duplicateDistanceM: dto.duplicateDistanceM, duplicateWindowHours: dto.duplicateWindowHours };
  }

  /**
   * One change of one report by a coordinator, decided from the report as it is. With the version the caller read,
   * a report changed meanwhile is a 409; without one (the change does not depend on what else changed), it is
   * decided again from the new state, a few times at most.
   */
  private change(actor: Actor, id: string, sentVersion: number | undefined, decide: (current: ReportView) => Partial<ReportView>, action: string): Promise<ReportResponse> {
    return decideAgain(sentVersion === undefined ? RETRIES : 1, async () => {
      const current = await this.findVisible(actor, id);
      if (sentVersion !== undefined && sentVersion !== current.version) throw reportVersionConflict(current.version, sentVersion);
      const next: ReportView = { ...current, ...decide(current) };
      if (!diff(toFullReport(current), toFullReport(next)).length) return toReportResponse(current, actor.organisationId);
      const result = await this.writes.run(actor, {}, (w) => {
        this.reports.requireAtVersion(w, actor, current.id, current.version);
        this.writeChange(w, current, next, action, 'report:updated');
      });
      if (result.kind !== 'written') return undefined;
      return redactAuthor({ ...toFullReport({ ...next, version: current.version + 1 }), seq: result.seq! }, actor.organisationId);
    }, () => conflict('VERSION_CONFLICT', 'the report was changed by someone else meanwhile; reload and try again'));
  }

  /** The steps of one report's change (after its requirement): the row, its history, its audit row and event; the report it makes. */
  private writeChange(w: Write, current: ReportView, set: Partial<ReportView>, action: string, type: 'report:updated'): ReportResponse {
    const next: ReportView = { ...current, ...set, version: current.version + 1, updatedAt: new Date() };
    const report = toFullReport(next);
    const changes = diff(toFullReport(current), report);
    this.reports.update(w, current.id, {
      status: next.status, assignedTo: next.assignedTo, answer: next.answer, answeredAt: next.answeredAt, answeredBy: next.answeredBy,
      updatedAt: next.updatedAt,
    }, changes, w.nextSeq);
    w.audit({ action, entityType: 'report', entityId: current.id, details: { fields: changes.map((c) => c.field) } });
    w.emit({ type, entityId: current.id, subjectId: current.id, payload: report, facts: reportFacts(next) });
    return report;
  }

  private async findVisible(actor: Actor, id: string): Promise<ReportView> {
    const row = await this.reports.findVisible(actor, id);
    if (!row) throw notFound('report');
    return row;
  }
}
