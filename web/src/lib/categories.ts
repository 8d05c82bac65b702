import { useSyncExternalStore } from 'react';
import { CATEGORIES, type CategoryResponse, type Page } from '#contracts';
import { cachedGet, getSession, onSessionChange } from './api.js';

/**
 * The collaboration's categories as this client knows them (GET /api/categories?includeInactive=true): its own and
 * renamed ones, switched-off ones too (their reports keep them and are shown by their labels). Loaded when someone is
 * signed in, kept per user for offline use (cachedGet), the defaults until then. `categoryLabel` (lib/i18n.ts) reads it.
 */
export type KnownCategory = Pick<CategoryResponse, 'code' | 'sv' | 'en' | 'active'>;

const DEFAULTS: KnownCategory[] = CATEGORIES.map((c) => ({ code: c.code, sv: c.sv, en: c.en, active: true }));
let list: KnownCategory[] = DEFAULTS;
const listeners = new Set<() => void>();

function set(next: KnownCategory[]): void {
  if (JSON.stringify(next) === JSON.stringify(list)) return;
  list = next;
  for (const l of listeners) l();
}

export function knownCategories(): KnownCategory[] {
  return list;
}

export function onCategoriesChange(l: () => void): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}

/** Loads the list again (after signing in, and after a change on the admin screen). */
export async function refreshCategories(): Promise<KnownCategory[]> {
  if (!getSession()) {
    set(DEFAULTS);
    return list;
  }
  const page = await cachedGet<Page<CategoryResponse>>('/api/categories?includeInactive=true');
  set(page.items.map(({ code, sv, en, active }) => ({ code, sv, en, active })));
  return list;
}

/** Every category the collaboration has, switched off ones too (filters: their reports are still found). */
export function useKnownCategories(): KnownCategory[] {
  return useSyncExternalStore(onCategoriesChange, knownCategories);
}

/** The categories a new report or subscription may take. */
export function useActiveCategories(): KnownCategory[] {
  return useKnownCategories().filter((c) => c.active);
}

onSessionChange((s) => void (s ? refreshCategories().catch(() => undefined) : set(DEFAULTS)));
if (getSession()) void refreshCategories().catch(() => undefined);
