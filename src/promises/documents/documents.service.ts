import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  type ActionPlanFigures, type ActionPlanFollowUpFigures, type DocumentFigures, type DocumentResponse, type DocumentSummary, type DocumentText,
  type EffortStatus, LIMITS, type Page, type PromiseDocumentKind, type PublicDocumentResponse,
} from '#contracts';
import { CategoriesService } from '../../categories/categories.service.js';
import type { Actor } from '../../common/actor.js';
import { DomainError, invalid, notFound } from '../../common/domain-error.js';
import { decodeCursor, toPage } from '../../common/pagination.js';
import { WritePath } from '../../common/write/write-path.js';
import { localDay, PromiseErrorCode, promisePeriod, assertYears, versionConflict } from '../promise.rules.js';
import { PromisesRepository } from '../promises.repository.js';
import { PromisesService } from '../promises.service.js';
import type { UpdateDocumentDto } from '../promises.dto.js';
import { actionPlanDraft, actionPlanFollowUpDraft } from './action-plan.draft.js';
import { assertText, mergeRegenerated, publicActionPlanFigures, publicFollowUpFigures } from './document.rules.js';
import { DOCUMENT_CONTENT_TYPES, documentDocx, type DocumentFileFormat, documentFileName, documentPdf } from './document.files.js';
import { toDocumentResponse, toDocumentSummary } from './documents.mapper.js';
import { type DocumentRow, DocumentsRepository } from './documents.repository.js';
import { followUpDraft } from './follow-up.draft.js';

/** Which documents a route serves: /api/follow-ups a promise's follow-ups and action plans' follow-ups; /api/action-plans action plans. */
export const FOLLOW_UP_KINDS: readonly PromiseDocumentKind[] = ['follow_up', 'action_plan_follow_up'];
export const ACTION_PLAN_KINDS: readonly PromiseDocumentKind[] = ['action_plan'];

export interface DocumentFile {
  fileName: string;
  contentType: string;
  content: Buffer;
}

/** What a generation writes: its scope (one document per promise and year, per year, per plan) and its draft. */
interface Generated {
  kind: PromiseDocumentKind;
  year: number;
  scopeKey: string;
  promiseId: string | null;
  actionPlanId: string | null;
  figures: DocumentFigures;
  generated: DocumentText;
}

/**
 * The yearly documents written from the data, one machinery for all three kinds (a promise's follow-up, the action plan
 * of lag 2023:196, an action plan's follow-up): generated (the draft from the figures of the joint view), edited (each
 * edit a new version, the draft kept beside the words), published (the public page shows the latest published
 * version; an edit after publishing makes a new draft, and the page keeps the published one until that is published),
 * exported as PDF and DOCX. Every member reads them; coordinators write. Every write one statement, audited.
 */
@Injectable()
export class DocumentsService {
  constructor(
    private readonly repo: DocumentsRepository,
    private readonly promises: PromisesService,
    private readonly promisesRepo: PromisesRepository,
    private readonly writes: WritePath,
    private readonly categories: CategoriesService,
  ) {}

  /** POST /api/promises/:id/follow-ups: the follow-up of one of the promise's years (default its last). */
  async generateFollowUp(actor: Actor, promiseId: string, year: number | undefined): Promise<{ created: boolean; document: DocumentResponse }> {
    const p = await this.promises.promiseWithParts(actor, promiseId);
    const y = year ?? p.promise.toYear;
    if (y < p.promise.year || y > p.promise.toYear) throw invalid('year', `must be one of the promise's years (${p.promise.year}–${p.promise.toYear})`);
    const [figures, collaboration, categoryLabels] = await Promise.all([
      this.promises.followUpFigures(actor.collaborationId, p, y), this.repo.collaboration(actor.collaborationId), this.categories.swedishLabels(actor.collaborationId),
    ]);
    return this.generate(actor, {
      kind: 'follow_up', year: y, scopeKey: `follow_up:${promiseId}:${y}`, promiseId, actionPlanId: null, figures,
      generated: followUpDraft(figures, { municipality: collaboration.municipality, categoryLabels }),
    });
  }

  /** POST /api/action-plans: the action plan of a year (the year rule of promises: not after next year, not before the data). */
  async generateActionPlan(actor: Actor, year: number): Promise<{ created: boolean; document: DocumentResponse }> {
    assertYears(year, year, Number(localDay().slice(0, 4)), await this.promisesRepo.firstDataYear(actor.collaborationId));
    const [figures, collaboration] = await Promise.all([this.promises.actionPlanFigures(actor.collaborationId, year), this.repo.collaboration(actor.collaborationId)]);
    return this.generate(actor, {
      kind: 'action_plan', year, scopeKey: `action_plan:${year}`, promiseId: null, actionPlanId: null, figures,
      generated: actionPlanDraft(figures, { municipality: collaboration.municipality }),
    });
  }

  /**
   * POST /api/action-plans/:id/follow-ups: how the plan went, from its efforts as they are now (status, outcome). The
   * plan as published is what is followed up (its latest version if never published); efforts no longer shared with
   * the whole collaboration are left out and counted.
   */
  async generateActionPlanFollowUp(actor: Actor, planId: string): Promise<{ created: boolean; document: DocumentResponse }> {
    const plan = await this.find(actor, planId, ACTION_PLAN_KINDS);
    const version = (await this.repo.version(plan.id, plan.publishedVersion ?? plan.version))!;
    const planned = version.figures as ActionPlanFigures;
    const ids = planned.groups.flatMap((g) => g.efforts.map((e) => e.id));
    const [now, collaboration] = await Promise.all([this.promises.planEffortsNow(actor.collaborationId, ids), this.repo.collaboration(actor.collaborationId)]);
    const groups = planned.groups.map((g) => ({
      ...g, efforts: g.efforts.filter((e) => now.has(e.id)).map((e) => {
        const { areas: _a, categories: _c, ...current } = now.get(e.id)!;
        return current;
      }),
    }));
    const shown = groups.flatMap((g) => g.efforts);
    const statuses: EffortStatus[] = ['planned', 'ongoing', 'done', 'cancelled'];
    const figures: ActionPlanFollowUpFigures = {
      kind: 'action_plan_follow_up', actionPlan: { id: plan.id, year: plan.year, version: version.version }, year: plan.year,
      period: promisePeriod(plan.year, plan.year, localDay()), audience: 'joint', generatedAt: new Date().toISOString(), groups,
      totals: {
        efforts: shown.length, byStatus: statuses.map((status) => ({ status, count: shown.filter((e) => e.status === status).length })),
        withOutcome: shown.filter((e) => e.outcome).length, notShown: new Set(ids).size - new Set(shown.map((e) => e.id)).size,
      },
    };
    return this.generate(actor, {
      kind: 'action_plan_follow_up', year: plan.year, scopeKey: `action_plan_follow_up:${plan.id}`, promiseId: null, actionPlanId: plan.id, figures,
      generated: actionPlanFollowUpDraft(figures, { municipality: collaboration.municipality }),
    });
  }

  async list(actor: Actor, kinds: readonly PromiseDocumentKind[], q: { year?: number; promiseId?: string; limit?: number; cursor?: string }): Promise<Page<DocumentSummary>> {
    const limit = q.limit ?? LIMITS.listDefault;
    const rows = await this.repo.list(actor.collaborationId, kinds, { year: q.year, promiseIds: q.promiseId ? [q.promiseId] : undefined },
      decodeCursor(q.cursor, ['number', 'uuid']), limit + 1);
    return toPage(rows, limit, toDocumentSummary, (d) => [d.year, d.id]);
  }

  /** A document with its latest version (or the version asked for). */
  async get(actor: Actor, id: string, kinds: readonly PromiseDocumentKind[], version?: number): Promise<DocumentResponse> {
    const d = await this.find(actor, id, kinds);
    const response = await this.response(actor, d, version);
    await this.writes.audit(actor, { action: 'promise_document.read', entityType: 'promise_document', entityId: id, details: { version: response.current.version } });
    return response;
  }

  /** The latest version (or the version asked for) as a PDF or a DOCX. */
  async file(actor: Actor, id: string, kinds: readonly PromiseDocumentKind[], format: DocumentFileFormat, version?: number): Promise<DocumentFile> {
    const d = await this.find(actor, id, kinds);
    const v = await this.repo.version(d.id, version ?? d.version);
    if (!v) throw notFound('version');
    const collaboration = await this.repo.collaboration(actor.collaborationId);
    const input = {
      kind: d.kind, year: d.year, text: v.text, figures: v.figures, version: v.version, status: v.status,
      publishedAt: v.publishedAt ? new Date(v.publishedAt).toISOString() : null, municipality: collaboration.municipality, exportedAt: new Date(),
    };
    const content = format === 'pdf' ? await documentPdf(input) : await documentDocx(input);
    await this.writes.audit(actor, { action: 'promise_document.read', entityType: 'promise_document', entityId: id, details: { version: v.version, format } });
    return { fileName: documentFileName(d.kind, d.year, v.version, format), contentType: DOCUMENT_CONTENT_TYPES[format], content };
  }

  /**
   * A coordinator's words: a new version with `text`, the draft and figures of the version edited kept beside them.
   * `version` must be the latest; when that one is published, the new version is a draft and the public page keeps
   * showing the published one until it is published in turn.
   */
  async edit(actor: Actor, id: string, kinds: readonly PromiseDocumentKind[], dto: UpdateDocumentDto): Promise<DocumentResponse> {
    const d = await this.find(actor, id, kinds);
    if (d.version !== dto.version) throw versionConflict(d.version, dto.version);
    const text: DocumentText = { title: dto.text.title, sections: dto.text.sections.map((s) => ({ key: s.key, level: s.level, heading: s.heading, paragraphs: [...s.paragraphs] })) };
    assertText(text);
    const result = await this.writes.run(actor, {}, (w) => {
      const latest = this.repo.requireAtVersion(w, id, dto.version, kinds);
      const written = this.repo.addVersion(w, id, {
        collaborationId: actor.collaborationId, documentId: id, version: dto.version + 1, status: 'draft', origin: 'edit',
        generated: latest.col('generated'), figures: latest.col('figures'), text, createdBy: actor.id,
      }, text.title);
      w.audit({ action: 'promise_document.edit', entityType: 'promise_document', entityId: id, details: { kind: d.kind, version: dto.version + 1 } });
      return written;
    });
    if (result.kind === 'refused') throw versionConflict((await this.find(actor, id, kinds)).version, dto.version);
    return this.response(actor, (await this.find(actor, id, kinds)));
  }

  /** Publishes the latest version: it must be the one named, and a draft (409 ALREADY_PUBLISHED for one published). */
  async publish(actor: Actor, id: string, kinds: readonly PromiseDocumentKind[], version: number): Promise<DocumentResponse> {
    const check = (d: DocumentRow) => {
      if (d.version !== version) throw versionConflict(d.version, version);
      if (d.status === 'published') throw new DomainError('conflict', PromiseErrorCode.AlreadyPublished, `version ${version} is published already`);
    };
    const d = await this.find(actor, id, kinds);
    check(d);
    const result = await this.writes.run(actor, {}, (w) => {
      this.repo.requireAtVersion(w, id, version, kinds, { draft: true });
      const written = this.repo.publish(w, id, version, actor.id);
      w.audit({ action: 'promise_document.publish', entityType: 'promise_document', entityId: id, details: { kind: d.kind, version } });
      return written;
    });
    if (result.kind === 'refused') {
      check(await this.find(actor, id, kinds));
      throw versionConflict(version, version);
    }
    return this.response(actor, await this.find(actor, id, kinds));
  }

  /**
   * The public page (no login): the latest published version's words and the aggregates it was written from, every
   * count below 3 as "färre än 3", no report, no effort by name, no place, no id but the document's. An id of a
   * document never published, or of the other kind: 404.
   */
  async publicView(id: string, kinds: readonly PromiseDocumentKind[]): Promise<PublicDocumentResponse> {
    const found = await this.repo.findPublished(id, kinds);
    if (!found) throw notFound('document');
    const { document: d, version: v, collaboration } = found;
    const f = v.figures;
    return {
      id: d.id, kind: d.kind, year: d.year, collaboration, version: v.version, publishedAt: new Date(v.publishedAt!).toISOString(), text: v.text,
      figures: f.kind === 'follow_up' ? publicFollowUpFigures(f) : publicActionPlanFigures(f),
    };
  }

  // ---------------------------------------------------------------------------------------------------------------

  /**
   * Writes a generated draft: the first time a new document (version 1); again for the same scope, the next version,
   * with the draft and figures afresh and the edited sections kept (mergeRegenerated). Two generations at once: the
   * second finds the document the first made (its insert does nothing on the scope's unique key) and adds a version.
   */
  private async generate(actor: Actor, g: Generated): Promise<{ created: boolean; document: DocumentResponse }> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const existing = await this.repo.findByScope(actor.collaborationId, g.scopeKey);
      if (!existing) {
        const id = randomUUID();
        const result = await this.writes.run(actor, {}, (w) => {
          const doc = this.repo.insertDocument(w, {
            id, collaborationId: actor.collaborationId, kind: g.kind, year: g.year, scopeKey: g.scopeKey, promiseId: g.promiseId, actionPlanId: g.actionPlanId,
            title: g.generated.title, version: 1, status: 'draft', createdBy: actor.id,
          }, {
            collaborationId: actor.collaborationId, documentId: id, version: 1, status: 'draft', origin: 'generate', generated: g.generated, text: g.generated,
            figures: g.figures, createdBy: actor.id,
          });
          w.audit({ action: 'promise_document.generate', entityType: 'promise_document', entityId: id, details: { kind: g.kind, year: g.year, version: 1 } });
          return doc;
        });
        // The audit row is guarded by the document's insert: nothing is written when another generation made it first.
        if (result.kind === 'written') return { created: true, document: await this.response(actor, (await this.find(actor, id, [g.kind]))) };
        continue;
      }
      const latest = (await this.repo.version(existing.id, existing.version))!;
      const text = mergeRegenerated(latest.generated, latest.text, g.generated);
      const result = await this.writes.run(actor, {}, (w) => {
        this.repo.requireAtVersion(w, existing.id, existing.version, [g.kind]);
        const written = this.repo.addVersion(w, existing.id, {
          collaborationId: actor.collaborationId, documentId: existing.id, version: existing.version + 1, status: 'draft', origin: 'regenerate',
          generated: g.generated, text, figures: g.figures, createdBy: actor.id,
        }, text.title);
        w.audit({ action: 'promise_document.regenerate', entityType: 'promise_document', entityId: existing.id, details: { kind: g.kind, year: g.year, version: existing.version + 1 } });
        return written;
      });
      if (result.kind === 'written') return { created: false, document: await this.response(actor, (await this.find(actor, existing.id, [g.kind]))) };
    }
    throw new DomainError('conflict', PromiseErrorCode.VersionConflict, 'the document changed meanwhile; try again');
  }

  private async response(actor: Actor, d: DocumentRow, version?: number): Promise<DocumentResponse> {
    const [v, versions] = await Promise.all([this.repo.version(d.id, version ?? d.version), this.repo.versions(d.id)]);
    if (!v) throw notFound('version');
    return toDocumentResponse(d, v, versions, actor.organisationId);
  }

  private async find(actor: Actor, id: string, kinds: readonly PromiseDocumentKind[]): Promise<DocumentRow> {
    const d = await this.repo.find(actor.collaborationId, id, kinds);
    if (!d) throw notFound(kinds.includes('action_plan') ? 'action plan' : 'follow-up');
    return d;
  }
}
