import {
  type Category, type CommitmentProgress, type CommitmentTargetKind, type ConcernTalkSums, type EffortStatus, type EffortType,
  type OrganisationRef, PROMISE_LIMITS, PUBLIC_FEWER_THAN_MIN, PUBLIC_MIN_COUNT, type PromisePeriod, type PublicCount, type ReportTrend,
} from '#contracts';
import { DomainError, invalid } from '../common/domain-error.js';

/** The rules of promises and their progress, as plain functions: no database, unit-tested in promise.rules.spec.ts. */

export enum PromiseErrorCode {
  VersionConflict = 'VERSION_CONFLICT',
  YearOutsideData = 'YEAR_OUTSIDE_DATA',
  AlreadyPublished = 'ALREADY_PUBLISHED',
}

export const PROMISE_TIME_ZONE = 'Europe/Stockholm';

const DAY_OF = new Intl.DateTimeFormat('en-CA', { timeZone: PROMISE_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

/** The local day (Europe/Stockholm) it is at `now`, as YYYY-MM-DD. */
export const localDay = (now: Date = new Date()): string => DAY_OF.format(now);

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A local day `years` years later (earlier when negative); 29 February falls on the 28th in a year without one. */
export function shiftYears(day: string, years: number): string {
  const [, y, m, d] = DATE.exec(day)!;
  const year = Number(y) + years;
  const last = new Date(Date.UTC(year, Number(m), 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${m}-${String(Math.min(Number(d), last)).padStart(2, '0')}`;
}

/**
 * The days a promise (or one year of it) counts, and what its reports are compared with: efforts and actions over the
 * whole period; reports up to today while the period runs, against the same days as many years earlier as the period
 * is long (a one-year promise: the year before). A period not begun yet counts nothing (countedTo before from).
 */
export function promisePeriod(year: number, toYear: number, today: string): PromisePeriod {
  const from = `${year}-01-01`;
  const to = `${toYear}-12-31`;
  const countedTo = today < from ? `${year - 1}-12-31` : today < to ? today : to;
  const span = toYear - year + 1;
  return { from, to, countedTo, previousFrom: shiftYears(from, -span), previousTo: shiftYears(countedTo, -span) };
}

/**
 * The years a promise may be made for: 2000–2099, at most five in one promise, not later than next year (a promise is
 * made for the coming year at the latest), and not before the collaboration's first data (its first report or
 * effort): a follow-up of a year with no data would say nothing. A collaboration with no data yet may promise anything
 * within those bounds (`firstDataYear` null).
 */
export function assertYears(year: number, toYear: number, currentYear: number, firstDataYear: number | null, fields = { year: 'year', toYear: 'toYear' }): void {
  if (year > currentYear + 1) throw invalid(fields.year, `may be next year (${currentYear + 1}) at the latest`);
  if (toYear < year) throw invalid(fields.toYear, `may not come before year (${year})`);
  if (toYear - year + 1 > PROMISE_LIMITS.spanYearsMax) throw invalid(fields.toYear, `may be at most ${PROMISE_LIMITS.spanYearsMax - 1} years after year (${year})`);
  if (firstDataYear !== null && year < firstDataYear) {
    throw invalid(fields.year, `lies before the collaboration's data (its first report or effort is from ${firstDataYear})`, PromiseErrorCode.YearOutsideData);
  }
}

/** A target as stored: a count required for efforts and actions, optional (default none) for a reports trend. */
export function readTarget(kind: CommitmentTargetKind, count: number | null | undefined, field: string): { kind: CommitmentTargetKind; count: number | null } {
  if (count === undefined || count === null) {
    if (kind !== 'reports_trend') throw invalid(`${field}.count`, `is required for a target of ${kind}`);
    return { kind, count: null };
  }
  return { kind, count };
}

/** A commitment's due day: the given day (or instant, read in Swedish time) within the period, else the period's end. */
export function readDueAt(dueAt: string | null | undefined, period: Pick<PromisePeriod, 'from' | 'to'>, field: string): string {
  if (dueAt === undefined || dueAt === null) return period.to;
  const day = DATE.test(dueAt) ? dueAt : localDay(new Date(dueAt));
  if (day < period.from || day > period.to) throw invalid(field, `must lie within the promise's years (${period.from}–${period.to})`);
  return day;
}

/** `up`/`down` for a change of at least two and a fifth of the earlier count, else `steady` (as the pictures judge). */
export function trendOf(current: number, previous: number): ReportTrend['trend'] {
  const change = current - previous;
  if (Math.abs(change) < 2 || Math.abs(change) < previous / 5) return 'steady';
  return change > 0 ? 'up' : 'down';
}

/** A count as the public page shows it: below PUBLIC_MIN_COUNT (zero too) only as "färre än 3". */
export const publicCount = (n: number): PublicCount => (n >= PUBLIC_MIN_COUNT ? n : PUBLIC_FEWER_THAN_MIN);

/** Reports counted per category and area, in the period and in the comparison period. */
export interface ReportCountRow {
  category: Category;
  area: { id: string; name: string } | null;
  current: number;
  previous: number;
}

export function reportTrend(rows: readonly ReportCountRow[]): ReportTrend {
  const current = rows.reduce((n, r) => n + r.current, 0);
  const previous = rows.reduce((n, r) => n + r.previous, 0);
  const byCategory = new Map<Category, { category: Category; current: number; previous: number }>();
  const byArea = new Map<string, { area: { id: string; name: string } | null; current: number; previous: number }>();
  for (const r of rows) {
    const c = byCategory.get(r.category) ?? { category: r.category, current: 0, previous: 0 };
    c.current += r.current;
    c.previous += r.previous;
    byCategory.set(r.category, c);
    const key = r.area?.id ?? '';
    const a = byArea.get(key) ?? { area: r.area, current: 0, previous: 0 };
    a.current += r.current;
    a.previous += r.previous;
    byArea.set(key, a);
  }
  const busiest = <T extends { current: number; previous: number }>(xs: T[], name: (x: T) => string) =>
    xs.sort((a, b) => b.current - a.current || b.previous - a.previous || name(a).localeCompare(name(b), 'sv'));
  return {
    current, previous, change: current - previous, trend: trendOf(current, previous),
    byCategory: busiest([...byCategory.values()], (x) => x.category),
    byArea: busiest([...byArea.values()], (x) => x.area?.name ?? ''),
  };
}

/** What the repository counts for one commitment (under the reader's visibility, or the joint view). */
export interface CommitmentCounts {
  efforts: { status: EffortStatus; type: EffortType; n: number }[];
  /** Done efforts per organisation taking part. */
  doneByOrganisation: { organisation: OrganisationRef; n: number }[];
  actions: { kind: string; total: number }[];
  actionsByOrganisation: { organisation: OrganisationRef; total: number }[];
  reports: ReportCountRow[];
  concernTalks: ConcernTalkSums | null;
}

export const NO_COUNTS: CommitmentCounts = { efforts: [], doneByOrganisation: [], actions: [], actionsByOrganisation: [], reports: [], concernTalks: null };

const bySv = (a: string, b: string) => a.localeCompare(b, 'sv');

/**
 * A commitment's progress from its counts: what counts towards its target (efforts done, actions summed, or the fall
 * in reports), the percentage (at most 100) and whether it is met, beside everything else the data says about it.
 */
export function progressOf(target: { kind: CommitmentTargetKind; count: number | null }, counts: CommitmentCounts): CommitmentProgress {
  const status = (s: EffortStatus) => counts.efforts.filter((e) => e.status === s).reduce((n, e) => n + e.n, 0);
  const doneByType = new Map<EffortType, number>();
  for (const e of counts.efforts) if (e.status === 'done') doneByType.set(e.type, (doneByType.get(e.type) ?? 0) + e.n);
  const actionsTotal = counts.actions.reduce((n, a) => n + a.total, 0);
  const reports = reportTrend(counts.reports);
  const done = target.kind === 'efforts' ? status('done') : target.kind === 'actions' ? actionsTotal : reports.previous - reports.current;
  const goal = target.count;
  const met = target.kind === 'reports_trend' ? done > 0 && done >= (goal ?? 0) : done >= (goal ?? 0);
  const percent = goal ? Math.max(0, Math.min(100, Math.floor((done * 100) / goal))) : null;
  return {
    done, target: goal, percent, met,
    efforts: {
      done: status('done'), planned: status('planned'), ongoing: status('ongoing'), cancelled: status('cancelled'),
      byType: [...doneByType].map(([type, n]) => ({ type, done: n })).sort((a, b) => b.done - a.done || bySv(a.type, b.type)),
      byOrganisation: counts.doneByOrganisation.map((o) => ({ organisation: o.organisation, done: o.n }))
        .sort((a, b) => b.done - a.done || bySv(a.organisation.name, b.organisation.name)),
    },
    actions: {
      total: actionsTotal,
      byKind: [...counts.actions].sort((a, b) => b.total - a.total || bySv(a.kind, b.kind)),
      byOrganisation: [...counts.actionsByOrganisation].sort((a, b) => b.total - a.total || bySv(a.organisation.name, b.organisation.name)),
    },
    reports,
    concernTalks: counts.concernTalks,
  };
}

/** Whether a commitment follows concern talks: it names the effort type `concern_talk`. */
export const followsConcernTalks = (effortTypes: readonly EffortType[]) => effortTypes.includes('concern_talk');

/** Past its due day without its target met. */
export const isOverdue = (dueAt: string, met: boolean, today: string) => !met && dueAt < today;

export function versionConflict(current: number, sent: number): DomainError {
  return new DomainError('conflict', PromiseErrorCode.VersionConflict, `version ${sent} is stale: the current version is ${current}`, { currentVersion: current });
}
