import type { StoredEvent } from './stored-event.js';

export interface SubscriptionFilter {
  areaIds: string[];
  placeIds: string[];
  categories: string[];
  minSeverity: number;
}

/**
 * Whether an event matches one subscription. Where: in any of its areas OR at any of its places (both empty:
 * anywhere); and of one of its categories (empty: any); and at least its severity. Events without a
 * severity or category (efforts) match on place and area only.
 */
export function matches(sub: SubscriptionFilter, e: Pick<StoredEvent, 'areaId' | 'placeId' | 'category' | 'severity'>): boolean {
  const anywhere = sub.areaIds.length === 0 && sub.placeIds.length === 0;
  const where = anywhere || (e.areaId !== null && sub.areaIds.includes(e.areaId)) || (e.placeId !== null && sub.placeIds.includes(e.placeId));
  if (!where) return false;
  if (e.category !== null && sub.categories.length > 0 && !sub.categories.includes(e.category)) return false;
  return e.severity === null || e.severity >= sub.minSeverity;
}

export const matchesAny = (subs: readonly SubscriptionFilter[], e: Parameters<typeof matches>[1]) => subs.some((s) => matches(s, e));
