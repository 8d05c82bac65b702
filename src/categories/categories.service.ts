import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { CategoryResponse, Page } from '#contracts';
import type { Actor } from '../common/actor.js';
import { CHANNELS } from '../common/channels.js';
import { DomainError, invalid, notFound } from '../common/domain-error.js';
import { NotificationsService } from '../common/notifications.service.js';
import { WritePath } from '../common/write/write-path.js';
import type { CreateCategoryDto, UpdateCategoryDto } from './categories.dto.js';
import { CategoriesRepository } from './categories.repository.js';
import { CategoryErrorCode, type CategoryRow, effectiveCategories, isDefaultCategory, labelTakenBy, nextLabel } from './category.rules.js';

/** How long a node trusts its copy of a collaboration's list without hearing of a change (NOTIFY tells it at once). */
const CACHE_MS = 60_000;

/**
 * A collaboration's report categories: the defaults (libs/contracts/src/categories.ts) as the collaboration switched
 * and renamed them, and its own. Every report, subscription and picture filter is checked against this list, so it is
 * cached per collaboration on every node: a change is announced on CHANNELS.categories in the statement that commits
 * it, and each node forgets its copy when it hears it (and every copy after its listener reconnects).
 */
@Injectable()
export class CategoriesService {
  private readonly cache = new Map<string, { until: number; list: Promise<CategoryResponse[]> }>();

  constructor(private readonly repo: CategoriesRepository, private readonly writes: WritePath, notifications: NotificationsService) {
    notifications.on(CHANNELS.categories, (collaborationId) => this.cache.delete(collaborationId));
    notifications.onConnected(() => this.cache.clear());
  }

  /** Every category of the collaboration, switched off ones too, in the order the clients list them. */
  all(collaborationId: string): Promise<CategoryResponse[]> {
    const hit = this.cache.get(collaborationId);
    if (hit && hit.until > Date.now()) return hit.list;
    const list = this.repo.rows(collaborationId).then(effectiveCategories);
    this.cache.set(collaborationId, { until: Date.now() + CACHE_MS, list });
    list.catch(() => this.cache.delete(collaborationId));
    return list;
  }

  /** `GET /api/categories`: the caller's collaboration's active list (or all); the defaults for a caller without a token. */
  async list(collaborationId: string | null, includeInactive = false): Promise<Page<CategoryResponse>> {
    const all = collaborationId ? await this.all(collaborationId) : effectiveCategories([]);
    return { items: includeInactive ? all : all.filter((c) => c.active), nextCursor: null };
  }

  /** Each code's Swedish label (switched off ones too), for files and exports; an unknown code is shown as itself. */
  async swedishLabels(collaborationId: string): Promise<Record<string, string>> {
    return Object.fromEntries((await this.all(collaborationId)).map((c) => [c.code, c.sv]));
  }

  /** Every code must be an active category of the collaboration: else 400 naming `field` (a new report, a subscription). */
  async assertActive(collaborationId: string, codes: readonly string[], field: string): Promise<void> {
    const all = await this.all(collaborationId);
    for (const code of codes) {
      const c = all.find((x) => x.code === code);
      if (!c) throw invalid(field, `"${code}" is not a category of your collaboration (GET /api/categories lists them)`, CategoryErrorCode.Unknown);
      if (!c.active) throw invalid(field, `"${code}" (${c.sv}) is switched off in your collaboration: choose another category`, CategoryErrorCode.Inactive);
    }
  }

  /** Every code must be a category of the collaboration, switched off or not (a filter of reports that carry it): else 400. */
  async assertKnown(collaborationId: string, codes: readonly string[], field: string): Promise<void> {
    const all = await this.all(collaborationId);
    const unknown = codes.filter((code) => !all.some((c) => c.code === code));
    if (unknown.length) throw invalid(field, `has unknown category codes: ${unknown.join(', ')}`, CategoryErrorCode.Unknown);
  }

  /** A category of the collaboration's own (coordinators). */
  async create(actor: Actor, dto: CreateCategoryDto): Promise<CategoryResponse> {
    await this.repo.withCollaborationLocked(actor.collaborationId, async (manager, rows) => {
      const current = effectiveCategories(rows);
      if (current.some((c) => c.code === dto.code)) throw exists(dto.code);
      assertLabelsFree(current, dto.code, { sv: dto.sv, en: dto.en });
      const result = await this.writes.run(actor, { manager }, (w) => {
        w.audit({ action: 'category.create', entityType: 'category', details: { code: dto.code, sv: dto.sv, en: dto.en } });
        w.notify(CHANNELS.categories, actor.collaborationId);
        return this.repo.insert(w, { collaborationId: actor.collaborationId, code: dto.code, labelSv: dto.sv, labelEn: dto.en, active: true, custom: true });
      });
      if (result.kind !== 'written' || !result.rows.length) throw exists(dto.code);
    });
    return this.fresh(actor.collaborationId, dto.code);
  }

  /**
   * Renames a category (null takes a default's label back) or switches it on or off (coordinators). Switching off one
   * that open reports or subscriptions use asks first: 409 CATEGORY_IN_USE with the counts, unless `force`. Its reports
   * keep it either way, and a subscription naming it still hears of changes to them.
   */
  async update(actor: Actor, code: string, dto: UpdateCategoryDto): Promise<CategoryResponse> {
    const unchanged = await this.repo.withCollaborationLocked(actor.collaborationId, (manager, rows) => this.change(actor, manager, rows, code, dto));
    return unchanged ?? this.fresh(actor.collaborationId, code);
  }

  /** The checks and the write of `update`, under the collaboration's lock; the category when nothing changes. */
  private async change(actor: Actor, manager: EntityManager, rows: CategoryRow[], code: string, dto: UpdateCategoryDto): Promise<CategoryResponse | undefined> {
    const list = effectiveCategories(rows);
    const current = list.find((c) => c.code === code);
    if (!current) throw notFound('category');
    if (current.custom && (dto.sv === null || dto.en === null)) {
      throw invalid(dto.sv === null ? 'sv' : 'en', 'may not be null: a category of your own has no default label to go back to');
    }
    if (dto.version !== current.version) {
      throw new DomainError('conflict', CategoryErrorCode.VersionConflict, `the category was changed meanwhile (it is at version ${current.version}): read it again`,
        { currentVersion: current.version });
    }
    const row = rows.find((r) => r.code === code);
    const labelSv = nextLabel(dto.sv, row?.labelSv ?? null);
    const labelEn = nextLabel(dto.en, row?.labelEn ?? null);
    const active = dto.active ?? current.active;
    const next = { sv: labelSv ?? current.defaultLabels!.sv, en: labelEn ?? current.defaultLabels!.en };
    if (labelSv === (row?.labelSv ?? null) && labelEn === (row?.labelEn ?? null) && active === current.active) return current;
    assertLabelsFree(list, code, { sv: dto.sv === undefined ? undefined : next.sv, en: dto.en === undefined ? undefined : next.en });
    if (current.active && !active) {
      if (!list.some((c) => c.active && c.code !== code)) {
        throw new DomainError('conflict', CategoryErrorCode.LastActive, 'this is the last active category: a report needs one, so add or switch on another first', { field: 'active' });
      }
      const usage = await this.repo.usage(actor.collaborationId, code);
      if (!dto.force && (usage.openReports || usage.subscriptions)) {
        throw new DomainError('conflict', CategoryErrorCode.InUse,
          `"${current.sv}" is used by ${usage.openReports} open reports and ${usage.subscriptions} subscriptions: they keep it, but no new report or subscription may take it. Send force: true to switch it off anyway`,
          { field: 'active', ...usage });
      }
    }
    const result = await this.writes.run(actor, { manager }, (w) => {
      w.audit({
        action: 'category.update', entityType: 'category',
        details: { code, ...(dto.sv !== undefined && { sv: labelSv }), ...(dto.en !== undefined && { en: labelEn }), ...(active !== current.active && { active }) },
      });
      w.notify(CHANNELS.categories, actor.collaborationId);
      return row
        ? this.repo.update(w, code, current.version, { labelSv, labelEn, active })
        : this.repo.insert(w, { collaborationId: actor.collaborationId, code, labelSv, labelEn, active, custom: false, version: 2 });
    });
    if (result.kind !== 'written' || !result.rows.length) {
      throw new DomainError('conflict', CategoryErrorCode.VersionConflict, 'the category was changed meanwhile: read it again', { currentVersion: current.version });
    }
    return undefined;
  }

  /** The category as written, read again (this node's copy is dropped first: the answer must show the change). */
  private async fresh(collaborationId: string, code: string): Promise<CategoryResponse> {
    this.cache.delete(collaborationId);
    return (await this.all(collaborationId)).find((c) => c.code === code)!;
  }
}

const exists = (code: string) =>
  new DomainError('conflict', CategoryErrorCode.Exists, `a category with the code "${code}" exists already${isDefaultCategory(code) ? ' (a default one)' : ''}`, { field: 'code' });

function assertLabelsFree(list: CategoryResponse[], code: string, labels: { sv?: string; en?: string }): void {
  for (const lang of ['sv', 'en'] as const) {
    const label = labels[lang];
    const other = label === undefined ? undefined : labelTakenBy(list, code, label, lang);
    if (other) throw new DomainError('conflict', CategoryErrorCode.LabelTaken, [`${lang} "${label}" is the label of the category ${other.code} already`], { field: lang });
  }
}
