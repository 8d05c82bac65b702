import type { Page, SubscriptionResponse } from '#contracts';
import { get, HttpError, post } from './api.js';

const flag = (userId: string) => `lagesbild.subscriptionOffered.${userId}`;

export type SubscriptionStatus = 'some' | 'none' | 'unavailable';

/**
 * The live feed only carries what matches one of the user's subscriptions. On a user's first visit this creates
 * "everything in my collaboration" (a subscription without filters) once; a user who later removes all their
 * subscriptions is not overruled, but is told that the feed is then silent.
 */
export async function ensureSubscription(userId: string): Promise<SubscriptionStatus> {
  let page: Page<SubscriptionResponse>;
  try {
    page = await get<Page<SubscriptionResponse>>('/api/subscriptions');
  } catch (e) {
    if (e instanceof HttpError && (e.status === 404 || e.status === 405)) return 'unavailable';
    throw e;
  }
  if (page.items.length) return 'some';
  if (localStorage.getItem(flag(userId))) return 'none';
  await post('/api/subscriptions', {});
  localStorage.setItem(flag(userId), '1');
  return 'some';
}

export async function subscribeToEverything(userId: string): Promise<void> {
  await post('/api/subscriptions', {});
  localStorage.setItem(flag(userId), '1');
}
