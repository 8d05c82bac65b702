import { CATEGORIES, type CategoryResponse } from '#contracts';
import type { CategoryEntity } from './category.entity.js';

/** The rules of a collaboration's categories, as plain functions: no database, unit-tested in category.rules.spec.ts. */

export enum CategoryErrorCode {
  /** A code that is not a category of the collaboration (400, naming the field). */
  Unknown = 'CATEGORY_UNKNOWN',
  /** A category the collaboration switched off: its reports keep it, new ones may not take it (400, naming the field). */
  Inactive = 'CATEGORY_INACTIVE',
  /** A new category's code is taken (a default's or one added before; 409). */
  Exists = 'CATEGORY_EXISTS',
  /** Another category of the collaboration has this label (409, naming sv or en). */
  LabelTaken = 'CATEGORY_LABEL_TAKEN',
  /** Switching off a category open reports or subscriptions use, without `force` (409 with the counts). */
  InUse = 'CATEGORY_IN_USE',
  /** Switching off the last active category (409): a report needs one. */
  LastActive = 'LAST_ACTIVE_CATEGORY',
  VersionConflict = 'VERSION_CONFLICT',
}

export type CategoryRow = Pick<CategoryEntity, 'code' | 'labelSv' | 'labelEn' | 'active' | 'custom' | 'version' | 'createdAt'>;

const DEFAULTS = new Map<string, { sv: string; en: string }>(CATEGORIES.map((c) => [c.code, { sv: c.sv, en: c.en }]));

export const isDefaultCategory = (code: string) => DEFAULTS.has(code);

/**
 * A collaboration's categories as its people see them: the defaults in their order, each with the collaboration's
 * labels and switch where it changed them, then its own categories in the order they were added.
 */
export function effectiveCategories(rows: readonly CategoryRow[]): CategoryResponse[] {
  const byCode = new Map(rows.map((r) => [r.code, r]));
  const defaults = CATEGORIES.map((c): CategoryResponse => {
    const r = byCode.get(c.code);
    return {
      code: c.code, sv: r?.labelSv ?? c.sv, en: r?.labelEn ?? c.en, active: r?.active ?? true, custom: false,
      defaultLabels: { sv: c.sv, en: c.en }, version: r?.version ?? 1,
    };
  });
  const own = rows
    .filter((r) => !DEFAULTS.has(r.code))
    .sort((a, b) => new Date(a.createdAt).getTime() - new Date(b.createdAt).getTime() || a.code.localeCompare(b.code))
    .map((r): CategoryResponse => ({ code: r.code, sv: r.labelSv ?? r.code, en: r.labelEn ?? r.code, active: r.active, custom: true, defaultLabels: null, version: r.version }));
  return [...defaults, ...own];
}

/** The label a change asks for: undefined keeps the current one, null takes the default's back (for a default category). */
export function nextLabel(asked: string | null | undefined, current: string | null): string | null {
  return asked === undefined ? current : asked;
}

/** Whether `label` is another category's (case and surrounding spaces aside), in either language. */
export function labelTakenBy(list: readonly CategoryResponse[], code: string, label: string, lang: 'sv' | 'en'): CategoryResponse | undefined {
  const norm = (s: string) => s.trim().toLocaleLowerCase('sv');
  return list.find((c) => c.code !== code && norm(c[lang]) === norm(label));
}
