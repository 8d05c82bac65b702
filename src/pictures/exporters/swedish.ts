import {
  type Category, type CountChange, type EffortStatus, type EffortType, PICTURE_TIME_ZONE, type PictureHotspot,
  type PictureHotspotClass, type PicturePeriod, type ReportStatus, swedishCategoryLabel,
} from '#contracts';

/**
 * The words and formats every exporter shares: Swedish labels for the contract's codes, and dates, times and numbers
 * as a Swedish reader expects them. Times are always Europe/Stockholm, named explicitly, never the machine's zone or
 * locale (the tests run under TZ=UTC to prove it).
 */

/** A category's Swedish label: the collaboration's (`ExportMeta.categoryLabels`) or the default's. */
export const categoryLabel: (code: Category, labels?: Readonly<Record<string, string>>) => string = swedishCategoryLabel;

/** A category's label as one export shows it. */
export type Label = (code: Category) => string;
/** The labeller of an export: its collaboration's labels (see `ExportMeta`). */
export const labeller = (meta: { categoryLabels?: Readonly<Record<string, string>> }): Label => (code) => categoryLabel(code, meta.categoryLabels);

export const SEVERITY_LABEL: Record<number, string> = { 1: 'Låg', 2: 'Måttlig', 3: 'Förhöjd', 4: 'Hög', 5: 'Mycket hög' };
export const REPORT_STATUS_LABEL: Record<ReportStatus, string> = {
  new: 'Ny', acknowledged: 'Kvitterad', in_progress: 'Hanteras', resolved: 'Åtgärdad', closed: 'Stängd',
};
export const EFFORT_STATUS_LABEL: Record<EffortStatus, string> = { planned: 'Planerad', ongoing: 'Pågår', done: 'Genomförd', cancelled: 'Inställd' };
/** The headings of the efforts, by status, in the order a meeting goes through them. */
export const EFFORT_STATUS_HEADING: Record<EffortStatus, string> = {
  planned: 'Planerade insatser', ongoing: 'Pågående insatser', done: 'Genomförda insatser', cancelled: 'Inställda insatser',
};
export const EFFORT_TYPE_LABEL: Record<EffortType, string> = {
  visibility_patrol: 'Synlighetspatrull', school_visit: 'Skolbesök', dog_search: 'Hundsök', drug_operation: 'Narkotikainsats',
  concern_talk: 'Orossamtal', speed_check: 'Hastighetskontroll', sobriety_check: 'Nykterhetskontroll', lighting_fix: 'Belysningsåtgärd',
  cleanup: 'Städning', rural_council: 'Landsbygdsråd', meeting: 'Möte', other: 'Övrigt',
};
export const EFFORT_MODE_LABEL: Record<'joint' | 'separate', string> = { joint: 'Gemensam', separate: 'Separat' };
export const HOTSPOT_CLASS_LABEL: Record<PictureHotspotClass, string> = {
  new: 'ny', persistent: 'bestående', intensifying: 'ökande', diminishing: 'minskande',
};
export const TREND_LABEL: Record<CountChange['trend'], string> = { up: 'ökar', down: 'minskar', steady: 'oförändrat' };

/** Index 0 Monday, as `weekdayHour`; a hotspot's `typicalWeekday` is 1 Monday ... 7 Sunday. */
export const WEEKDAYS = ['måndag', 'tisdag', 'onsdag', 'torsdag', 'fredag', 'lördag', 'söndag'] as const;
export const WEEKDAYS_SHORT = ['mån', 'tis', 'ons', 'tor', 'fre', 'lör', 'sön'] as const;
const MONTHS = ['januari', 'februari', 'mars', 'april', 'maj', 'juni', 'juli', 'augusti', 'september', 'oktober', 'november', 'december'];

export const weekdayName = (isoWeekday: number): string => WEEKDAYS[isoWeekday - 1] ?? String(isoWeekday);
export const hourText = (hour: number): string => `kl. ${String(hour).padStart(2, '0')}`;
/** "tisdag kl. 21": when a hotspot's reports typically come. */
export const typicalTime = (h: Pick<PictureHotspot, 'typicalWeekday' | 'typicalHour'>): string =>
  `${weekdayName(h.typicalWeekday)} ${hourText(h.typicalHour)}`;

/** A hotspot's name: its place, or for a grid cell "Ruta nära <area>" (outside every area: "Ruta vid <position>"). */
export function hotspotName(h: Pick<PictureHotspot, 'place' | 'area' | 'center'>): string {
  if (h.place) return h.place.name;
  if (h.area) return `Ruta nära ${h.area.name}`;
  return `Ruta vid ${h.center.lat.toFixed(4).replace('.', ',')} N, ${h.center.lng.toFixed(4).replace('.', ',')} Ö`;
}

// ---------------------------------------------------------------------------------------------------------------
// Time: Europe/Stockholm, whatever the machine's TZ.

const STOCKHOLM_PARTS = new Intl.DateTimeFormat('en-GB', {
  timeZone: PICTURE_TIME_ZONE, hourCycle: 'h23',
  year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
});

const HOUR_MS = 3_600_000;
/** Stockholm's offset from UTC by UTC hour: it changes only on the hour (01:00 UTC), so an hour has one offset. */
const offsets = new Map<number, number>();

/** Stockholm's offset from UTC at an instant, in ms (Intl's formatToParts is slow: one call per hour, not per row). */
function stockholmOffset(t: number): number {
  const hour = Math.floor(t / HOUR_MS);
  let offset = offsets.get(hour);
  if (offset === undefined) {
    const parts = STOCKHOLM_PARTS.formatToParts(new Date(hour * HOUR_MS));
    const f = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
    offset = Date.UTC(f('year'), f('month') - 1, f('day'), f('hour'), f('minute'), f('second')) - hour * HOUR_MS;
    if (offsets.size > 100_000) offsets.clear();
    offsets.set(hour, offset);
  }
  return offset;
}

/** The wall-clock fields of an instant in Stockholm. */
export function stockholmFields(at: Date): { year: number; month: number; day: number; hour: number; minute: number; second: number } {
  const local = new Date(at.getTime() + stockholmOffset(at.getTime()));
  return {
    year: local.getUTCFullYear(), month: local.getUTCMonth() + 1, day: local.getUTCDate(),
    hour: local.getUTCHours(), minute: local.getUTCMinutes(), second: local.getUTCSeconds(),
  };
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const asDate = (at: Date | string) => (typeof at === 'string' ? new Date(at) : at);

/** "2026-11-23 08:15", Stockholm local time. */
export function localDateTime(at: Date | string): string {
  const f = stockholmFields(asDate(at));
  return `${f.year}-${pad(f.month)}-${pad(f.day)} ${pad(f.hour)}:${pad(f.minute)}`;
}

/** ISO 8601 with Stockholm's offset: "2026-11-16T21:40:00+01:00" (the same instant as 20:40Z, as read locally). */
export function localIso(at: Date | string): string {
  const t = asDate(at).getTime();
  const offset = stockholmOffset(t) / 60_000;
  const f = stockholmFields(asDate(at));
  const sign = offset < 0 ? '-' : '+';
  const off = `${sign}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
  return `${f.year}-${pad(f.month)}-${pad(f.day)}T${pad(f.hour)}:${pad(f.minute)}:${pad(f.second)}${off}`;
}

/** "2026-11-23", the Stockholm local date. */
export const localDate = (at: Date | string): string => localDateTime(at).slice(0, 10);

/**
 * The Stockholm wall-clock time of an instant as a Date whose UTC fields are those wall-clock fields: what a
 * spreadsheet cell must hold, since Excel's dates have no time zone and exceljs writes a Date's UTC fields.
 */
export function wallClockDate(at: Date | string): Date {
  const f = stockholmFields(asDate(at));
  return new Date(Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute, f.second));
}

/** "16 november 2026" from a calendar day YYYY-MM-DD. */
export function longDay(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  return `${d} ${MONTHS[m - 1]} ${y}`;
}

/** "16–22 november 2026", "30 november–6 december 2026", "28 december 2026–3 januari 2027". */
export function dayRange(first: string, last: string): string {
  const [y1, m1, d1] = first.split('-').map(Number);
  const [y2, m2, d2] = last.split('-').map(Number);
  if (first === last) return longDay(first);
  if (y1 !== y2) return `${longDay(first)}–${longDay(last)}`;
  if (m1 !== m2) return `${d1} ${MONTHS[m1 - 1]}–${d2} ${MONTHS[m2 - 1]} ${y2}`;
  return `${d1}–${d2} ${MONTHS[m2 - 1]} ${y2}`;
}

/** A period in words: "vecka 47 2026 (16–22 november 2026)", "november 2026", "tertial 2 2026 (maj–augusti)", "2026". */
export function periodText(p: PicturePeriod): string {
  const [y, m] = p.firstDay.split('-').map(Number);
  switch (p.kind) {
    case 'week': return `vecka ${Number(p.label.slice(6))} ${p.label.slice(0, 4)} (${dayRange(p.firstDay, p.lastDay)})`;
    case 'month': return `${MONTHS[m - 1]} ${y}`;
    case 'tertial': return `tertial ${p.label.slice(6)} ${y} (${MONTHS[m - 1]}–${MONTHS[m + 2]})`;
    case 'year': return String(y);
    case 'range': return dayRange(p.firstDay, p.lastDay);
  }
}

export const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

// ---------------------------------------------------------------------------------------------------------------
// Numbers: a decimal comma, a no-break space between thousands from 10 000 (Swedish practice), ASCII signs.

function group(digits: string): string {
  return digits.length > 4 ? digits.replace(/\B(?=(\d{3})+(?!\d))/g, '\u00a0') : digits;
}

/** 12, 12 345, 12,5, -3 — at most one decimal, as every figure of the picture has. */
export function num(n: number): string {
  const rounded = Math.round(n * 10) / 10;
  const [int, dec] = Math.abs(rounded).toFixed(Number.isInteger(rounded) ? 0 : 1).split('.');
  return `${rounded < 0 ? '-' : ''}${group(int)}${dec ? `,${dec}` : ''}`;
}

/** A change with its sign: +3, -2, ±0. */
export const signed = (n: number): string => (n > 0 ? `+${num(n)}` : n < 0 ? num(n) : '±0');

/** A percentage change against a base ("+60 %"), or null when there is no base to compare with. */
export const percentChange = (current: number, base: number): string | null =>
  base > 0 ? `${signed(Math.round(((current - base) / base) * 100))} %` : null;

/** A coordinate with six decimals and a decimal comma: 58,503412. */
export const coordinate = (x: number): string => x.toFixed(6).replace('.', ',');
