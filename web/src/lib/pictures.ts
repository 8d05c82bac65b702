import { PICTURE_TIME_ZONE, type PictureFileFormat, type PictureHotspot } from '#contracts';
import type { TFunction } from 'i18next';
import { currentLang } from './i18n.js';

/**
 * The calendar of the pictures as the server counts it (src/pictures/picture-periods.ts): ISO weeks, months,
 * tertials (T1 January-April, T2 May-August, T3 September-December) and years in Europe/Stockholm, whatever the
 * zone of the browser. Weeks are written as the API writes them: `2026-W47`.
 */

const DAY = 86_400_000;
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** Today's calendar date in Stockholm, as a UTC midnight (date arithmetic only, never shown as an instant). */
export function stockholmToday(now: Date = new Date()): Date {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: PICTURE_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(now);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return new Date(Date.UTC(get('year'), get('month') - 1, get('day')));
}

export interface IsoWeek {
  year: number;
  week: number;
}

/** The ISO week of a calendar date (given as UTC midnight). */
export function isoWeekOf(date: Date): IsoWeek {
  const thursday = new Date(date.getTime() + (3 - ((date.getUTCDay() + 6) % 7)) * DAY);
  const year = thursday.getUTCFullYear();
  const jan4 = new Date(Date.UTC(year, 0, 4));
  const week = 1 + Math.round(((thursday.getTime() - jan4.getTime()) / DAY - 3 + ((jan4.getUTCDay() + 6) % 7)) / 7);
  return { year, week };
}

/** The Monday of an ISO week, as UTC midnight. */
export function mondayOf({ year, week }: IsoWeek): Date {
  const jan4 = new Date(Date.UTC(year, 0, 4));
  return new Date(jan4.getTime() - ((jan4.getUTCDay() + 6) % 7) * DAY + (week - 1) * 7 * DAY);
}

const weeksInYear = (year: number) => isoWeekOf(new Date(Date.UTC(year, 11, 28))).week;

export const formatWeek = ({ year, week }: IsoWeek) => `${year}-W${pad(week)}`;

/** `2026-W47` (the value of <input type="week"> too), or null when it is not an existing week. */
export function parseWeek(label: string | null | undefined): IsoWeek | null {
  const m = /^(\d{4})-W(\d{2})$/.exec(label ?? '');
  if (!m) return null;
  const year = Number(m[1]);
  const week = Number(m[2]);
  return week >= 1 && week <= weeksInYear(year) ? { year, week } : null;
}

export function addWeeks(label: string, n: number): string {
  const w = parseWeek(label);
  if (!w) return label;
  return formatWeek(isoWeekOf(new Date(mondayOf(w).getTime() + n * 7 * DAY)));
}

export const currentWeek = (now?: Date) => formatWeek(isoWeekOf(stockholmToday(now)));
/** The default of the weekly picture: the last week that has ended (the one the weekly meeting works from). */
export const lastEndedWeek = (now?: Date) => addWeeks(currentWeek(now), -1);
/** A week has ended once its Sunday is over in Stockholm; labels of the same form compare as strings. */
export const weekHasEnded = (label: string, now?: Date) => label < currentWeek(now);
/** The week number alone, as a heading says it: "v. 47" / "w. 47". */
export const weekNumber = (label: string) => Number(label.slice(-2));
/** The Monday after the week: when it can be frozen. */
export const dayAfterWeek = (label: string) => new Date(mondayOf(parseWeek(label)!).getTime() + 7 * DAY).toISOString().slice(0, 10);

// --- Period analyses ----------------------------------------------------------------------------------------------

export type PeriodChoice =
  | { kind: 'tertial'; value: string }
  | { kind: 'month'; value: string }
  | { kind: 'year'; value: string }
  | { kind: 'range'; from: string; to: string };

export const tertialOfMonth = (month: number) => Math.ceil(month / 4);

/**
 * The default analysis: the current tertial once a whole month of it has passed, else the one before (in the
 * first month of a tertial there is too little of it to analyse, and the tertial just over is what the
 * three-times-a-year analysis is about).
 */
export function defaultTertial(now?: Date): string {
  const today = stockholmToday(now);
  const year = today.getUTCFullYear();
  const month = today.getUTCMonth() + 1;
  const tertial = tertialOfMonth(month);
  if (month - (tertial - 1) * 4 >= 2) return `${year}-T${tertial}`;
  return tertial === 1 ? `${year - 1}-T3` : `${year}-T${tertial - 1}`;
}

/** The tertials offered in the picker: this one and those of the three years before, newest first. */
export function recentTertials(now?: Date): string[] {
  const today = stockholmToday(now);
  const year = today.getUTCFullYear();
  const current = tertialOfMonth(today.getUTCMonth() + 1);
  const out: string[] = [];
  for (let y = year; y >= year - 3; y--) for (let t = 3; t >= 1; t--) if (y < year || t <= current) out.push(`${y}-T${t}`);
  return out;
}

export const thisMonth = (now?: Date) => stockholmToday(now).toISOString().slice(0, 7);
export const thisYear = (now?: Date) => String(stockholmToday(now).getUTCFullYear());

/** The choice in the page's address (`?tertial=`, `?month=`, `?year=` or `?from=&to=`), else the default tertial. */
export function periodFromParams(params: URLSearchParams): PeriodChoice {
  const tertial = params.get('tertial');
  if (tertial && /^\d{4}-T[1-3]$/.test(tertial)) return { kind: 'tertial', value: tertial };
  const month = params.get('month');
  if (month && /^\d{4}-(0[1-9]|1[0-2])$/.test(month)) return { kind: 'month', value: month };
  const year = params.get('year');
  if (year && /^\d{4}$/.test(year)) return { kind: 'year', value: year };
  const from = params.get('from');
  const to = params.get('to');
  if (from && to) return { kind: 'range', from, to };
  return { kind: 'tertial', value: defaultTertial() };
}

export function periodParams(choice: PeriodChoice): Record<string, string> {
  return choice.kind === 'range' ? { from: choice.from, to: choice.to } : { [choice.kind]: choice.value };
}

// --- Addresses of the API -----------------------------------------------------------------------------------------

export interface PictureFilterValue {
  areaId: string;
  categories: string[];
}

function query(base: Record<string, string>, filter: PictureFilterValue, format?: PictureFileFormat): string {
  const p = new URLSearchParams(base);
  if (filter.areaId) p.set('areaId', filter.areaId);
  if (filter.categories.length) p.set('categories', filter.categories.join(','));
  if (format) p.set('format', format);
  return p.toString();
}

export const weeklyPath = (week: string, filter: PictureFilterValue, format?: PictureFileFormat) => `/api/pictures/weekly?${query({ week }, filter, format)}`;
export const periodPath = (choice: PeriodChoice, filter: PictureFilterValue, format?: PictureFileFormat) => `/api/pictures/period?${query(periodParams(choice), filter, format)}`;
export const snapshotFilePath = (id: string, format: PictureFileFormat) => `/api/pictures/snapshots/${id}?format=${format}`;

export const FILE_TYPES: Record<PictureFileFormat, string> = {
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv',
  geojson: 'application/geo+json',
};

// --- Words and numbers --------------------------------------------------------------------------------------------

const numberFormats = {
  sv: new Intl.NumberFormat('sv-SE', { maximumFractionDigits: 1 }),
  en: new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 }),
};
const signedFormats = {
  sv: new Intl.NumberFormat('sv-SE', { maximumFractionDigits: 1, signDisplay: 'exceptZero' }),
  en: new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1, signDisplay: 'exceptZero' }),
};
export const formatNumber = (n: number) => numberFormats[currentLang()].format(n);
export const formatSigned = (n: number) => signedFormats[currentLang()].format(n);

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${formatNumber(bytes)} B`;
  if (bytes < 1024 * 1024) return `${formatNumber(Math.round((bytes / 1024) * 10) / 10)} kB`;
  return `${formatNumber(Math.round((bytes / 1024 / 1024) * 10) / 10)} MB`;
}

/** A hotspot's name: its place, or the grid cell near the area it lies in. */
export function hotspotName(h: PictureHotspot, t: TFunction): string {
  if (h.place) return h.place.name;
  return h.area ? t('pictures.cellNear', { area: h.area.name }) : t('pictures.cellOutside');
}

/** "tisdagar kl. 21" — the typical weekday (1 Monday … 7 Sunday) and hour of a hotspot's reports. */
export const typicalTime = (h: PictureHotspot, t: TFunction) =>
  t('pictures.typicalTime', { weekday: t(`pictures.weekdaysPlural.${h.typicalWeekday}`), hour: pad(h.typicalHour) });

/** A step of a trend series as its axis says it: "v. 47" for a week, "nov." for a month. */
export function seriesLabel(label: string, t: TFunction): string {
  if (/^\d{4}-W\d{2}$/.test(label)) return t('pictures.weekShort', { week: weekNumber(label) });
  const m = /^(\d{4})-(\d{2})$/.exec(label);
  if (m) {
    const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 1));
    return new Intl.DateTimeFormat(currentLang() === 'en' ? 'en-GB' : 'sv-SE', { month: 'short', year: '2-digit', timeZone: 'UTC' }).format(d);
  }
  return label;
}

/** A calendar date of the API (YYYY-MM-DD) in words, e.g. "16 nov. 2026". */
export function formatDay(day: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return day;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return new Intl.DateTimeFormat(currentLang() === 'en' ? 'en-GB' : 'sv-SE', { dateStyle: 'medium', timeZone: 'UTC' }).format(d);
}
