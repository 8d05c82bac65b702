import { TZDate } from '@date-fns/tz';
import { PICTURE_TIME_ZONE, type PicturePeriod } from '#contracts';
import { invalid } from '../common/domain-error.js';

/**
 * The calendar of pictures: ISO weeks, months, tertials (January-April, May-August, September-December), years and
 * ranges, each as local days in Europe/Stockholm. A period's bounds are the instants of local midnight, so a week
 * over a summer-time change is 167 or 169 hours long, as the people counting it live it.
 * Pure functions: unit-tested in picture-periods.spec.ts.
 */

export const FIRST_YEAR = 2000;
export const LAST_YEAR = 2099;
/** The longest range an analysis covers (the issue: "a range over five years" is refused). */
export const MAX_RANGE_YEARS = 5;

const DAY_MS = 86_400_000;
const pad = (n: number, w = 2) => String(n).padStart(w, '0');
/** A calendar day as YYYY-MM-DD from a UTC date used as a plain calendar value. */
const ymd = (d: Date) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
const calendarDay = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d));
/** The instant local midnight of a calendar day begins in Stockholm. */
const localMidnight = (day: Date) => new Date(new TZDate(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), PICTURE_TIME_ZONE).getTime());
const addDays = (day: Date, n: number) => new Date(day.getTime() + n * DAY_MS);
/** ISO weekday of a calendar day: 1 Monday ... 7 Sunday. */
const isoWeekday = (day: Date) => ((day.getUTCDay() + 6) % 7) + 1;

/** The Monday of ISO week 1: the week with the year's first Thursday (the one holding 4 January). */
function isoYearStart(year: number): Date {
  const jan4 = calendarDay(year, 1, 4);
  return addDays(jan4, 1 - isoWeekday(jan4));
}

/** 52 or 53: a year has 53 ISO weeks when it begins on a Thursday, or on a Wednesday in a leap year. */
export function isoWeeksInYear(year: number): number {
  return Math.round((isoYearStart(year + 1).getTime() - isoYearStart(year).getTime()) / (7 * DAY_MS));
}

/** A period of whole local days [first, last + 1 day). */
function period(kind: PicturePeriod['kind'], label: string, first: Date, endExclusive: Date): PicturePeriod {
  return {
    kind, label,
    from: localMidnight(first).toISOString(),
    to: localMidnight(endExclusive).toISOString(),
    firstDay: ymd(first),
    lastDay: ymd(addDays(endExclusive, -1)),
  };
}

function assertYear(year: number, field: string): void {
  if (!(year >= FIRST_YEAR && year <= LAST_YEAR)) throw invalid(field, `must lie between the years ${FIRST_YEAR} and ${LAST_YEAR}`);
}

export function weekPeriod(year: number, week: number): PicturePeriod {
  const monday = addDays(isoYearStart(year), (week - 1) * 7);
  return period('week', `${year}-W${pad(week)}`, monday, addDays(monday, 7));
}

/** `2026-W47` → its period; `2026-W99`, `2026-47` or W53 of a 52-week year are 400s naming `field`. */
export function parseWeek(value: string, field = 'week'): PicturePeriod {
  const m = /^(\d{4})-W(\d{2})$/.exec(value);
  if (!m) throw invalid(field, 'must be an ISO week such as 2026-W47');
  const year = Number(m[1]);
  const week = Number(m[2]);
  assertYear(year, field);
  const weeks = isoWeeksInYear(year);
  if (week < 1 || week > weeks) throw invalid(field, `must be a week from 1 to ${weeks} of ${year}`);
  return weekPeriod(year, week);
}

/** The ISO week an instant falls in, in Stockholm. */
export function weekOf(at: Date): PicturePeriod {
  const local = new TZDate(at.getTime(), PICTURE_TIME_ZONE);
  const day = calendarDay(local.getFullYear(), local.getMonth() + 1, local.getDate());
  // The Thursday of the same ISO week decides its ISO year.
  const thursday = addDays(day, 4 - isoWeekday(day));
  const year = thursday.getUTCFullYear();
  const week = Math.floor((day.getTime() - isoYearStart(year).getTime()) / (7 * DAY_MS)) + 1;
  return weekPeriod(year, week);
}

/** The `n` weeks before a week, oldest first. */
export function weeksBefore(week: PicturePeriod, n: number): PicturePeriod[] {
  const monday = new Date(`${week.firstDay}T00:00:00Z`);
  return Array.from({ length: n }, (_, i) => weekOf(new Date(localMidnight(addDays(monday, -7 * (n - i))).getTime() + DAY_MS / 2)));
}

export function monthPeriod(year: number, month: number): PicturePeriod {
  const first = calendarDay(year, month, 1);
  return period('month', `${year}-${pad(month)}`, first, calendarDay(year, month + 1, 1));
}

export function tertialPeriod(year: number, tertial: number): PicturePeriod {
  const first = calendarDay(year, (tertial - 1) * 4 + 1, 1);
  return period('tertial', `${year}-T${tertial}`, first, calendarDay(year, tertial * 4 + 1, 1));
}

export function yearPeriod(year: number): PicturePeriod {
  return period('year', String(year), calendarDay(year, 1, 1), calendarDay(year + 1, 1, 1));
}

/** A real calendar date YYYY-MM-DD (2026-02-30 is refused, not rolled over into March). */
function parseDay(value: string, field: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const day = m ? calendarDay(Number(m[1]), Number(m[2]), Number(m[3])) : null;
  if (!m || !day || ymd(day) !== value) throw invalid(field, 'must be a date such as 2026-11-16');
  assertYear(day.getUTCFullYear(), field);
  return day;
}

export function rangePeriod(from: string, to: string): PicturePeriod {
  const first = parseDay(from, 'from');
  const last = parseDay(to, 'to');
  if (last < first) throw invalid('to', 'must not lie before from');
  const limit = calendarDay(first.getUTCFullYear() + MAX_RANGE_YEARS, first.getUTCMonth() + 1, first.getUTCDate());
  if (addDays(last, 1) > limit) throw invalid('to', `must lie within ${MAX_RANGE_YEARS} years of from`);
  return period('range', `${from}--${to}`, first, addDays(last, 1));
}

export interface PeriodQuery {
  from?: string;
  to?: string;
  month?: string;
  tertial?: string;
  year?: string;
  week?: string;
}

/** Exactly one way of naming a period: `week`, `month`, `tertial`, `year`, or `from` with `to`. */
export function parsePeriod(q: PeriodQuery): PicturePeriod {
  const given = (['week', 'month', 'tertial', 'year', 'from'] as const).filter((k) => q[k] !== undefined);
  if (q.to !== undefined && q.from === undefined) throw invalid('from', 'is required with to');
  if (given.length !== 1) throw invalid('period', 'name exactly one of week, month, tertial, year, or from and to');
  if (q.week !== undefined) return parseWeek(q.week);
  if (q.month !== undefined) {
    const m = /^(\d{4})-(\d{2})$/.exec(q.month);
    if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) throw invalid('month', 'must be a month such as 2026-11');
    assertYear(Number(m[1]), 'month');
    return monthPeriod(Number(m[1]), Number(m[2]));
  }
  if (q.tertial !== undefined) {
    const m = /^(\d{4})-T([1-3])$/.exec(q.tertial);
    if (!m) throw invalid('tertial', 'must be a tertial such as 2026-T2 (T1 January-April, T2 May-August, T3 September-December)');
    assertYear(Number(m[1]), 'tertial');
    return tertialPeriod(Number(m[1]), Number(m[2]));
  }
  if (q.year !== undefined) {
    if (!/^\d{4}$/.test(q.year)) throw invalid('year', 'must be a year such as 2026');
    assertYear(Number(q.year), 'year');
    return yearPeriod(Number(q.year));
  }
  if (q.to === undefined) throw invalid('to', 'is required with from');
  return rangePeriod(q.from as string, q.to);
}

/** The same period a year earlier: the same week number, month, tertial or dates (29 February becomes the 28th). */
export function yearEarlier(p: PicturePeriod): PicturePeriod {
  const [y] = p.firstDay.split('-').map(Number);
  switch (p.kind) {
    case 'week': {
      const week = Number(p.label.slice(6));
      return weekPeriod(y - 1, Math.min(week, isoWeeksInYear(y - 1)));
    }
    case 'month': return monthPeriod(y - 1, Number(p.label.slice(5)));
    case 'tertial': return tertialPeriod(y - 1, Number(p.label.slice(6)));
    case 'year': return yearPeriod(y - 1);
    case 'range': {
      const back = (day: string) => {
        const [yy, mm, dd] = day.split('-').map(Number);
        const d = calendarDay(yy - 1, mm, Math.min(dd, mm === 2 ? 28 : dd));
        return ymd(d);
      };
      return rangePeriod(back(p.firstDay), back(p.lastDay));
    }
  }
}

/**
 * The steps of a period's trend series: weeks for up to about four months, months beyond. Each step is clipped to
 * the period, so a month's first and last weeks count only the days inside it.
 */
export function seriesSteps(p: PicturePeriod): { label: string; from: string; to: string }[] {
  const first = new Date(`${p.firstDay}T00:00:00Z`);
  const end = addDays(new Date(`${p.lastDay}T00:00:00Z`), 1);
  const days = Math.round((end.getTime() - first.getTime()) / DAY_MS);
  const steps: { label: string; from: string; to: string }[] = [];
  const clip = (a: Date, b: Date) => ({ from: localMidnight(a < first ? first : a).toISOString(), to: localMidnight(b > end ? end : b).toISOString() });
  if (days <= 124) {
    for (let monday = addDays(first, 1 - isoWeekday(first)); monday < end; monday = addDays(monday, 7)) {
      steps.push({ label: weekOf(new Date(localMidnight(monday).getTime() + DAY_MS / 2)).label, ...clip(monday, addDays(monday, 7)) });
    }
  } else {
    for (let m = calendarDay(first.getUTCFullYear(), first.getUTCMonth() + 1, 1); m < end; m = calendarDay(m.getUTCFullYear(), m.getUTCMonth() + 2, 1)) {
      steps.push({ label: ymd(m).slice(0, 7), ...clip(m, calendarDay(m.getUTCFullYear(), m.getUTCMonth() + 2, 1)) });
    }
  }
  return steps;
}

/** A week that has not ended yet may not be frozen: its picture would still change. */
export const hasEnded = (p: PicturePeriod, now = new Date()) => Date.parse(p.to) <= now.getTime();

/** A file name such as lagesbild-2026-W47-centrum.pdf: ASCII, so every client saves it alike. */
export function pictureFileName(prefix: string, p: PicturePeriod, areaName: string | null, ext: string): string {
  const slug = (s: string) => s.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
  return [prefix, p.label.replace('--', '_'), areaName ? slug(areaName) : null].filter(Boolean).join('-') + `.${ext}`;
}
