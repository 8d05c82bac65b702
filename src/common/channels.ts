/**
 * Every PostgreSQL NOTIFY channel of the service, in one place: writers announce on them (in the statement that
 * commits the change, so a rolled-back change announces nothing) and each node's listener (feed/pg-listener.ts)
 * hears them.
 * - events: `<collaborationId>:<seq>` — a feed event committed; every node reads the log after its last seq.
 * - userChanged: `<userId>` — role, disabled or password changed; caches and live sockets re-check the user.
 * - subscriptions: `<userId>` — a user's subscriptions changed; their sockets reload them.
 * - categories: `<collaborationId>` — its categories changed (switched, renamed, added); caches forget them.
 * - areas: `<collaborationId>` — an area was added, redrawn, renamed or deleted; caches forget the areas.
 */
export const CHANNELS = {
  events: 'lagesbild_events',
  userChanged: 'lagesbild_user_changed',
  subscriptions: 'lagesbild_subscriptions',
  // The admin screens (src/categories, src/geography): every node's caches of categories and areas.
  categories: 'lagesbild_categories',
  areas: 'lagesbild_areas',
} as const;

export type Channel = (typeof CHANNELS)[keyof typeof CHANNELS];
