import {
  EFFORT_TRANSITIONS,
  isCoordinatorRole,
  OPEN_EFFORT_STATUSES,
  type EffortResponse,
  type EffortStatus,
  type MeResponse,
  type ReportStatus,
} from '#contracts';
import { newerCopy, useLiveList } from './live-list.js';

/** Reports that are still open: what an effort may take up, and what a finished effort may resolve. */
export const OPEN_REPORT_STATUSES: readonly ReportStatus[] = ['new', 'acknowledged', 'in_progress'];

/** The filters of the efforts list (GET /api/efforts). */
export interface EffortQuery {
  /** One status, or `open` for planned and ongoing. */
  status?: string;
  type?: string;
  organisationId?: string;
  areaId?: string;
  overdue?: boolean;
}

const statusesOf = (status: string | undefined): readonly string[] => (!status ? [] : status === 'open' ? OPEN_EFFORT_STATUSES : [status]);

export function effortQueryString(q: EffortQuery): string {
  const p = new URLSearchParams();
  const statuses = statusesOf(q.status);
  if (statuses.length) p.set('status', statuses.join(','));
  if (q.type) p.set('type', q.type);
  if (q.organisationId) p.set('organisationId', q.organisationId);
  if (q.areaId) p.set('areaId', q.areaId);
  if (q.overdue) p.set('overdue', 'true');
  return p.toString();
}

export function matchesEffortQuery(q: EffortQuery, e: EffortResponse): boolean {
  const statuses = statusesOf(q.status);
  if (statuses.length && !statuses.includes(e.status)) return false;
  if (q.type && e.type !== q.type) return false;
  if (q.organisationId && !e.organisations.some((o) => o.id === q.organisationId)) return false;
  if (q.areaId && !e.areas.some((a) => a.id === q.areaId)) return false;
  if (q.overdue && !e.overdue) return false;
  return true;
}

/** Keeps the newer of two copies of an effort (the feed and REST may deliver them in any order). */
export const newerEffort = (a: EffortResponse | undefined, b: EffortResponse): boolean => newerCopy(a, b);

/** The organisations taking part and coordinators change an effort (status, outcome, links, actions). */
export const mayChangeEffort = (user: Pick<MeResponse, 'role' | 'organisation'>, e: Pick<EffortResponse, 'organisations'>) =>
  isCoordinatorRole(user.role) || e.organisations.some((o) => o.id === user.organisation.id);

/** Who takes part and who sees it is the owning organisation's to decide. */
export const ownsEffort = (user: Pick<MeResponse, 'organisation'>, e: Pick<EffortResponse, 'organisation'>) => e.organisation.id === user.organisation.id;

export const effortTransitions = (status: EffortStatus): readonly EffortStatus[] => EFFORT_TRANSITIONS[status];

/** The order of the list: overdue follow-ups first, then the open ones by when they start, then the rest, newest first. */
function compareEfforts(a: EffortResponse, b: EffortResponse): number {
  if (a.overdue !== b.overdue) return a.overdue ? -1 : 1;
  const openA = OPEN_EFFORT_STATUSES.includes(a.status);
  const openB = OPEN_EFFORT_STATUSES.includes(b.status);
  if (openA !== openB) return openA ? -1 : 1;
  if (openA) return a.plannedStart.localeCompare(b.plannedStart) || b.seq - a.seq;
  return b.plannedStart.localeCompare(a.plannedStart) || b.seq - a.seq;
}

/**
 * The efforts that match `query`: loaded through REST, then kept current by the live feed (effort:created, :updated,
 * :linked carry the whole effort) and by this tab's own sent efforts and changes of efforts.
 */
export function useLiveEfforts(query: EffortQuery, limit = 2000) {
  const key = effortQueryString(query);
  const { items, ...rest } = useLiveList<EffortResponse>({
    path: `/api/efforts${key ? `?${key}` : ''}`,
    limit,
    matches: (e) => matchesEffortQuery(query, e),
    fromFeed: (e) => (e.type === 'effort:created' || e.type === 'effort:updated' || e.type === 'effort:linked' ? e.data : undefined),
    fromOutbox: (s) => (s.kind === 'effort' || s.kind === 'effortUpdate' || s.kind === 'effortLink' ? s.response : undefined),
    compare: compareEfforts,
  });
  return { efforts: items, ...rest };
}

const pad = (n: number) => String(n).padStart(2, '0');
/** A Date as the value of <input type="datetime-local"> in local time. */
export function localDateTimeInput(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
/** A Date as the value of <input type="date"> in local time. */
export function localDateInput(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}
/**
 * A follow-up date (<input type="date">) as the instant it falls due: the end of that day, local time, so an effort
 * to be followed up "on the 14th" is overdue from the 15th.
 */
export function followUpInstant(date: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return null;
  return new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 23, 59, 0).toISOString();
}
