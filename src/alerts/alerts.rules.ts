import { TZDate } from '@date-fns/tz';
import { getISOWeek, getISOWeekYear } from 'date-fns';
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { EmailMode, Visibility } from '#contracts';
import { canSee } from '../common/visibility.js';

/**
 * The alerts' rules as plain functions (unit-tested in alerts.rules.spec.ts): which report event is mailed at once
 * to whom and which waits for a digest, when a digest is due, and the signed one-click unsubscribe token.
 */

export const DIGEST_TIME_ZONE = 'Europe/Stockholm';
/** Digests go out at 07:00 Swedish time: daily every morning, weekly on Monday mornings. */
export const DIGEST_HOUR = 7;
/** Events older than this when the planner reads them are not mailed (e-mail was off, or every node was down). */
export const MAX_EVENT_AGE_HOURS = 24;
export const PLANNED_EVENT_TYPES = ['report:created', 'report:updated'] as const;

/** What a subscription follows (the feed's subscription, as the alerts read it). */
export interface Following {
  areaIds: string[];
  placeIds: string[];
  categories: string[];
  minSeverity: number;
}

/** Where and what a report is, and who may see it: the audience facts an event carries. */
export interface ReportFacts {
  collaborationId: string;
  visibility: Visibility;
  organisationId: string;
  sharedWith: readonly string[];
  areaId: string | null;
  placeId: string | null;
  category: string | null;
  severity: number | null;
}

/**
 * Whether a report's facts match a subscription: in one of its areas OR at one of its places (none: anywhere), one of
 * its categories (none: any), at least its severity. The feed's rule for the same thing (src/feed/subscription-match.ts,
 * which the alerts may not import): alerts.rules.spec.ts checks on generated input that the two agree.
 */
export function matchesSubscription(sub: Following, e: Pick<ReportFacts, 'areaId' | 'placeId' | 'category' | 'severity'>): boolean {
  const anywhere = sub.areaIds.length === 0 && sub.placeIds.length === 0;
  const where = anywhere || (e.areaId !== null && sub.areaIds.includes(e.areaId)) || (e.placeId !== null && sub.placeIds.includes(e.placeId));
  if (!where) return false;
  if (e.category !== null && sub.categories.length > 0 && !sub.categories.includes(e.category)) return false;
  return e.severity === null || e.severity >= sub.minSeverity;
}

/** One subscription that e-mails, with its owner as the planner needs them. */
export interface Recipient {
  subscriptionId: string;
  userId: string;
  collaborationId: string;
  organisationId: string;
  email: EmailMode;
  emailMinSeverity: number | null;
  following: Following;
}

/** A report event as the planner reads it from the log. */
export interface PlannedEvent extends ReportFacts {
  seq: number;
  at: Date;
  type: string;
  reportId: string;
  status: string | null;
  mergedInto: string | null;
  authorId: string | null;
}

/**
 * From which severity a matching report is mailed at once: `emailMinSeverity` if set; otherwise every matching report
 * in `immediate` mode and none in the digest modes (they wait for the digest).
 */
export function atOnceFrom(mode: EmailMode, emailMinSeverity: number | null): number {
  if (emailMinSeverity !== null) return emailMinSeverity;
  return mode === 'immediate' ? 1 : Number.POSITIVE_INFINITY;
}

export type Decision = 'at_once' | 'digest' | undefined;

/**
 * What one report event means for one e-mailing subscription: mailed at once, kept for the digest, or nothing. Nothing
 * when the owner may not see the report by the event's facts (the visibility policy, common/visibility.ts), when it does
 * not match, when it is merged away or done with, or when the owner wrote it. Whether the owner may still see it is
 * decided again when the e-mail is sent.
 */
export function decide(e: PlannedEvent, r: Recipient): Decision {
  if (r.email === 'off') return undefined;
  if (!(PLANNED_EVENT_TYPES as readonly string[]).includes(e.type)) return undefined;
  if (e.mergedInto || e.status === 'resolved' || e.status === 'closed') return undefined;
  if (e.authorId === r.userId) return undefined;
  if (!canSee({ collaborationId: r.collaborationId, organisationId: r.organisationId }, e)) return undefined;
  if (!matchesSubscription(r.following, e)) return undefined;
  if ((e.severity ?? 0) >= atOnceFrom(r.email, r.emailMinSeverity)) return 'at_once';
  return r.email === 'daily' || r.email === 'weekly' ? 'digest' : undefined;
}

export interface Plan {
  /** One per report and person (several subscriptions of one person matching one report: one e-mail). */
  atOnce: { reportId: string; userId: string; subscriptionId: string; collaborationId: string }[];
  digest: { reportId: string; userId: string; subscriptionId: string; collaborationId: string; firstAt: Date }[];
}

/** The e-mails and digest entries a batch of events calls for (duplicates are left to the unique keys). */
export function plan(events: readonly PlannedEvent[], recipients: readonly Recipient[], now: Date): Plan {
  const out: Plan = { atOnce: [], digest: [] };
  const seen = new Set<string>();
  const oldest = now.getTime() - MAX_EVENT_AGE_HOURS * 3600_000;
  for (const e of events) {
    if (e.at.getTime() < oldest) continue;
    for (const r of recipients) {
      const d = decide(e, r);
      if (d === 'at_once') {
        const key = `${e.reportId}:${r.userId}`;
        if (seen.has(key)) continue;
        seen.add(key);
        out.atOnce.push({ reportId: e.reportId, userId: r.userId, subscriptionId: r.subscriptionId, collaborationId: r.collaborationId });
      } else if (d === 'digest') {
        out.digest.push({ reportId: e.reportId, userId: r.userId, subscriptionId: r.subscriptionId, collaborationId: r.collaborationId, firstAt: e.at });
      }
    }
  }
  return out;
}

/** The dedupe key of the one e-mail a person gets about a report. */
export const atOnceKey = (reportId: string, userId: string) => `alert:${reportId}:${userId}`;

export type Cadence = 'daily' | 'weekly';

export interface DigestPeriod {
  cadence: Cadence;
  /** `2026-03-12` (daily) or `2026-W11` (weekly): names the digest. */
  key: string;
  /** The digest takes what matched before this instant (07:00 Swedish time of the day, or of the Monday). */
  end: Date;
}

/**
 * The latest digest of a cadence that is due at `at`: the last 07:00 in Sweden at or before it (daily), or the last
 * Monday 07:00 (weekly). Summer time is Sweden's: 07:00 is 05:00 UTC in summer and 06:00 UTC in winter.
 */
export function digestPeriod(cadence: Cadence, at: Date): DigestPeriod {
  const local = new TZDate(at.getTime(), DIGEST_TIME_ZONE);
  const back = cadence === 'daily' ? 0 : (local.getDay() + 6) % 7;
  let end = new TZDate(local.getFullYear(), local.getMonth(), local.getDate() - back, DIGEST_HOUR, 0, 0, DIGEST_TIME_ZONE);
  if (end.getTime() > at.getTime()) {
    end = new TZDate(end.getFullYear(), end.getMonth(), end.getDate() - (cadence === 'daily' ? 1 : 7), DIGEST_HOUR, 0, 0, DIGEST_TIME_ZONE);
  }
  const key = cadence === 'daily'
    ? `${end.getFullYear()}-${pad(end.getMonth() + 1)}-${pad(end.getDate())}`
    : `${getISOWeekYear(end)}-W${pad(getISOWeek(end))}`;
  return { cadence, key, end: new Date(end.getTime()) };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The dedupe key of a subscription's digest of one period. */
export const digestKey = (subscriptionId: string, p: Pick<DigestPeriod, 'cadence' | 'key'>) => `digest:${subscriptionId}:${p.cadence}:${p.key}`;

// ---- the one-click unsubscribe token (RFC 8058): a subscription id signed with a key of the service's own ----

const signature = (key: Buffer, subscriptionId: string) =>
  createHmac('sha256', key).update(`unsubscribe:${subscriptionId}`).digest().subarray(0, 18).toString('base64url');

/** The key the tokens are signed with, derived from the service's secret (JWT_SECRET) for this one purpose. */
export const unsubscribeKey = (secret: string) => createHmac('sha256', secret).update('lagesbild:alerts:unsubscribe').digest();

/** `<subscriptionId>.<signature>`: names one subscription, opens nothing else, and does not expire. */
export const unsubscribeToken = (key: Buffer, subscriptionId: string) => `${subscriptionId}.${signature(key, subscriptionId)}`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The subscription a token names, or undefined for anything that is not a token this service signed. */
export function readUnsubscribeToken(key: Buffer, token: string): string | undefined {
  const [id, sig, ...rest] = token.split('.');
  if (rest.length || !id || !sig || !UUID.test(id)) return undefined;
  const want = Buffer.from(signature(key, id));
  const got = Buffer.from(sig);
  return got.length === want.length && timingSafeEqual(got, want) ? id : undefined;
}

/** Why a report is no longer mailed to someone when its e-mail (or digest) is sent, or undefined when it still is. */
export type NotNow = 'report_gone' | 'not_visible' | 'no_longer_matches' | 'merged';

/**
 * The check at the moment of sending: the recipient may still see the report (by its subject's latest facts: a report
 * narrowed after it was planned is not sent), it still matches the subscription, and it was not merged away.
 */
export function stillToSend(
  viewer: { collaborationId: string; organisationId: string },
  following: Following,
  report: { facts: ReportFacts; mergedInto: string | null } | undefined,
): NotNow | undefined {
  if (!report) return 'report_gone';
  if (!canSee(viewer, report.facts)) return 'not_visible';
  if (report.mergedInto) return 'merged';
  if (!matchesSubscription(following, report.facts)) return 'no_longer_matches';
  return undefined;
}
