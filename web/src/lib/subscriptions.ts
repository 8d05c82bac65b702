import type { Page, ReportResponse, SubscriptionResponse } from '#contracts';
import { get, HttpError, patch, post } from './api.js';

const flag = (userId: string) => `lagesbild.subscriptionOffered.${userId}`;

export type SubscriptionStatus = 'some' | 'none' | 'unavailable';

/**
 * The live feed only carries what matches one of the user's subscriptions. On a user's first visit this creates
 * "everything in my collaboration" (a subscription without filters) once; a user who later removes all their
 * subscriptions is not overruled, but is told that the feed is then silent. The first-login subscription's id is
 * remembered, so the subscriptions screen can say where it came from.
 */
export async function ensureSubscription(userId: string): Promise<{ status: SubscriptionStatus; items: SubscriptionResponse[] }> {
  let page: Page<SubscriptionResponse>;
  try {
    page = await get<Page<SubscriptionResponse>>('/api/subscriptions');
  } catch (e) {
    if (e instanceof HttpError && (e.status === 404 || e.status === 405)) return { status: 'unavailable', items: [] };
    throw e;
  }
  if (page.items.length) return { status: 'some', items: page.items };
  if (localStorage.getItem(flag(userId))) return { status: 'none', items: [] };
  const created = await subscribeToEverything(userId);
  return { status: 'some', items: [created] };
}

export async function subscribeToEverything(userId: string): Promise<SubscriptionResponse> {
  const created = await post<SubscriptionResponse>('/api/subscriptions', {});
  localStorage.setItem(flag(userId), created?.id ?? '1');
  return created;
}

/** Whether this subscription is the one made for the user on their first visit. */
export function isFirstLoginSubscription(userId: string, id: string): boolean {
  return localStorage.getItem(flag(userId)) === id;
}

/** Whether a subscription has no filter at all: it covers everything its owner may see. */
export const coversEverything = (s: SubscriptionResponse) =>
  !s.areaIds.length && !s.placeIds.length && !s.categories.length && (s.minSeverity ?? 1) <= 1;

/**
 * Whether a report matches a subscription, as the server's feed matches an event (src/feed/subscription-match.ts):
 * in one of its areas OR at one of its places (none of either: anywhere), of one of its categories (none: any), and
 * at least its severity.
 */
export function reportMatches(s: SubscriptionResponse, r: Pick<ReportResponse, 'area' | 'place' | 'category' | 'severity'>): boolean {
  const anywhere = !s.areaIds.length && !s.placeIds.length;
  const where = anywhere || (!!r.area && s.areaIds.includes(r.area.id)) || (!!r.place && s.placeIds.includes(r.place.id));
  if (!where) return false;
  if (s.categories.length && !s.categories.includes(r.category)) return false;
  return r.severity >= (s.minSeverity ?? 1);
}

export const matchesAnySubscription = (subs: readonly SubscriptionResponse[], r: Parameters<typeof reportMatches>[1]) =>
  subs.some((s) => reportMatches(s, r));

/** The subscription's filter as the body that creates it. */
export function subscriptionBody(f: { areaIds: string[]; placeIds: string[]; categories: string[]; minSeverity: number }): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  if (f.areaIds.length) body.areaIds = f.areaIds;
  if (f.placeIds.length) body.placeIds = f.placeIds;
  if (f.categories.length) body.categories = f.categories;
  if (f.minSeverity > 1) body.minSeverity = f.minSeverity;
  return body;
}

// ---- E-mail per subscription (server part: src/alerts, GET /api/me/alerts and PATCH /api/subscriptions/:id) ----
export const EMAIL_MODES = ['off', 'immediate', 'daily', 'weekly'] as const;
export type EmailMode = (typeof EMAIL_MODES)[number];
export interface EmailSettings {
  emailConfigured: boolean;
  subscriptions: { id: string; email: EmailMode; emailMinSeverity: number | null }[];
}

/** The e-mail settings, or null where this server has no e-mail alerts (then the screen shows no e-mail select). */
export async function emailSettings(): Promise<EmailSettings | null> {
  try {
    const s = await get<EmailSettings>('/api/me/alerts');
    return s && Array.isArray(s.subscriptions) ? s : null;
  } catch (e) {
    if (e instanceof HttpError && (e.status === 404 || e.status === 405)) return null;
    throw e;
  }
}

export function setEmail(id: string, body: { email?: EmailMode; emailMinSeverity?: number | null }) {
  return patch<{ id: string; email: EmailMode; emailMinSeverity: number | null }>(`/api/subscriptions/${id}`, body);
}
