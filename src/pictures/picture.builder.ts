import {
  CATEGORY_CODES, type AreaRanking, type Category, type CountChange, type PictureChange, type PictureEffort, type PictureHotspot,
  type PictureReport, type PictureTotals, type SeriesPoint,
} from '#contracts';
import type { AreaStats, BucketCountRow, HotspotRow, PictureEffortRow, PictureReportRow } from './pictures.repository.js';
import { countChange, hotspotClass } from './picture.rules.js';

/**
 * Turns the repository's rows into the picture's parts: pure functions, so the arithmetic of totals, changes and
 * hotspots is tested against hand-computed fixtures without a database (picture.builder.spec.ts).
 */

type Names = Map<string, string>;

/**
 * Category codes in the clients' order: the defaults as listed, then a collaboration's own (and any other code) by
 * code. Every code present is kept: a collaboration's own categories are counted like the defaults.
 */
export function orderedCategories(codes: Iterable<Category>): Category[] {
  const rank = (c: Category) => { const i = (CATEGORY_CODES as readonly string[]).indexOf(c); return i < 0 ? CATEGORY_CODES.length : i; };
  return [...new Set(codes)].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}
const areaRef = (id: string | null, names: Names) => (id ? { id, name: names.get(id) ?? '' } : null);
const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

/** Sums of the rows of the given buckets. */
export function totalsOf(rows: BucketCountRow[], buckets: number[], names: Names): PictureTotals {
  const byCategory: Partial<Record<Category, number>> = {};
  const byArea = new Map<string | null, number>();
  let all = 0;
  for (const r of rows) {
    if (!buckets.includes(r.bucket)) continue;
    all += r.n;
    byCategory[r.category] = (byCategory[r.category] ?? 0) + r.n;
    byArea.set(r.areaId, (byArea.get(r.areaId) ?? 0) + r.n);
  }
  const ordered = Object.fromEntries(orderedCategories(Object.keys(byCategory)).filter((c) => byCategory[c]).map((c) => [c, byCategory[c]])) as Partial<Record<Category, number>>;
  return {
    all,
    byCategory: ordered,
    byArea: [...byArea].map(([id, count]) => ({ area: areaRef(id, names), count }))
      .sort((a, b) => b.count - a.count || (a.area?.name ?? '\uffff').localeCompare(b.area?.name ?? '\uffff', 'sv')),
  };
}

/**
 * The change of the totals: `current` against `previous`, and (weeks) against the average of `average` — each a
 * totals of other buckets. Every category and area present in any of them is listed (a category that went to zero
 * is news too).
 */
export function changeOf(current: PictureTotals, previous: PictureTotals, average: PictureTotals[] | null): PictureChange {
  const cats = orderedCategories([current, previous, ...(average ?? [])].flatMap((t) => Object.keys(t.byCategory)))
    .filter((c) => current.byCategory[c] || previous.byCategory[c] || average?.some((t) => t.byCategory[c]));
  const areaKey = (a: { id: string } | null) => a?.id ?? '';
  const areas = new Map<string, { id: string; name: string } | null>();
  for (const t of [current, previous, ...(average ?? [])]) for (const a of t.byArea) areas.set(areaKey(a.area), a.area);
  const inArea = (t: PictureTotals, key: string) => t.byArea.find((a) => areaKey(a.area) === key)?.count ?? 0;
  return {
    all: countChange(current.all, previous.all, average ? average.map((t) => t.all) : null),
    byCategory: Object.fromEntries(cats.map((c) => [c, countChange(current.byCategory[c] ?? 0, previous.byCategory[c] ?? 0,
      average ? average.map((t) => t.byCategory[c] ?? 0) : null)])) as Partial<Record<Category, CountChange>>,
    byArea: [...areas].map(([key, area]) => ({
      area, ...countChange(inArea(current, key), inArea(previous, key), average ? average.map((t) => inArea(t, key)) : null),
    })).sort((a, b) => b.current - a.current || (a.area?.name ?? '\uffff').localeCompare(b.area?.name ?? '\uffff', 'sv')),
  };
}

/** The series: one point per bucket 1..n. */
export function seriesOf(rows: BucketCountRow[], steps: { label: string; from: string }[]): SeriesPoint[] {
  return steps.map((s, i) => ({ label: s.label, from: s.from, count: rows.filter((r) => r.bucket === i + 1).reduce((a, r) => a + r.n, 0) }));
}

export function hotspotOf(h: HotspotRow): PictureHotspot {
  const current = h.counts[h.counts.length - 1];
  const earlier = h.counts.slice(0, -1);
  const byCategory = new Map<Category, number>();
  for (const c of h.categories) byCategory.set(c, (byCategory.get(c) ?? 0) + 1);
  return {
    key: h.key,
    kind: h.placeId ? 'place' : 'cell',
    place: h.placeId ? { id: h.placeId, name: h.placeName ?? '' } : null,
    area: h.areaId ? { id: h.areaId, name: h.areaName ?? '' } : null,
    center: { lat: Math.round(Number(h.lat) * 1e6) / 1e6, lng: Math.round(Number(h.lng) * 1e6) / 1e6 },
    count: current,
    earlier,
    class: hotspotClass(current, earlier),
    categories: [...byCategory].map(([code, count]) => ({ code, count })).sort((a, b) => b.count - a.count || a.code.localeCompare(b.code)),
    typicalWeekday: h.weekday,
    typicalHour: h.hour,
    maxSeverity: h.maxSeverity,
  };
}

/** A 7 x 24 matrix (Monday first) from counts by ISO weekday and hour. */
export function weekdayHourOf(rows: { dow: number; hour: number; n: number }[]): number[][] {
  const m = Array.from({ length: 7 }, () => Array<number>(24).fill(0));
  for (const r of rows) m[r.dow - 1][r.hour] += r.n;
  return m;
}

export function reportOf(r: PictureReportRow): PictureReport {
  return {
    id: r.id, category: r.category, severity: r.severity, status: r.status, observedAt: new Date(r.observedAt).toISOString(),
    place: r.placeId ? { id: r.placeId, name: r.placeName ?? '' } : null,
    area: r.areaId ? { id: r.areaId, name: r.areaName ?? '' } : null,
    location: { lat: r.lat, lng: r.lng },
    organisation: { id: r.orgId, name: r.orgName, kind: r.orgKind },
    description: r.description,
  };
}

export function effortOf(e: PictureEffortRow): PictureEffort {
  return {
    id: e.id, title: e.title, type: e.type, status: e.status, mode: e.mode, organisations: e.organisations,
    plannedStart: iso(e.plannedStart)!, plannedEnd: iso(e.plannedEnd), actualStart: iso(e.actualStart), actualEnd: iso(e.actualEnd),
    outcome: e.outcome, reports: e.reports, actions: e.actions,
  };
}

export function bySeverity(rows: { severity: number; n: number }[]): { total: number; bySeverity: Record<string, number> } {
  const bySeverity: Record<string, number> = { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 };
  for (const r of rows) bySeverity[String(r.severity)] += r.n;
  return { total: rows.reduce((a, r) => a + r.n, 0), bySeverity };
}

/** The severity from which a report counts as severe in the ranking. */
export const SEVERE_FROM = 4;
/** A place or cell with at least this many reports in the period is a repeat place. */
export const REPEAT_PLACE_MIN = 3;

/** A Swedish count with its noun in the right number: 1 rapport, 2 rapporter. */
const n = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;
const pct = (n: number) => `${n > 0 ? '+' : ''}${Math.round(n * 100)} %`;

/**
 * Areas ranked by how much they need a longer effort: EST's tertial analysis looks for "changes and developments
 * going the wrong way", so the score weighs volume (0.35), the rise against the same period a year earlier (0.3),
 * severe reports (0.2) and places that keep coming back (0.15), each scaled to the highest area's figure. Every
 * reason that counts is named with its figure, in Swedish, so the meeting sees why an area is high.
 */
export function rankAreas(stats: AreaStats[], previous: Map<string | null, number>, names: Names): AreaRanking[] {
  const max = (f: (s: AreaStats) => number) => Math.max(1, ...stats.map(f));
  const rise = (s: AreaStats) => Math.max(0, s.count - (previous.get(s.areaId) ?? 0)) / Math.max(previous.get(s.areaId) ?? 0, 5);
  const [maxCount, maxSevere, maxRepeat, maxRise] = [max((s) => s.count), max((s) => s.severe), max((s) => s.repeatPlaces), Math.max(0.01, ...stats.map(rise))];
  const ranked = stats.map((s) => {
    const before = previous.get(s.areaId) ?? 0;
    const score = 0.35 * (s.count / maxCount) + 0.3 * (rise(s) / maxRise) + 0.2 * (s.severe / maxSevere) + 0.15 * (s.repeatPlaces / maxRepeat);
    const reasons: AreaRanking['reasons'] = [{
      kind: 'volume', value: s.count,
      text: `${n(s.count, 'rapport', 'rapporter')}${before ? ` (${pct((s.count - before) / before)} mot samma period året innan)` : before === 0 && s.count ? ' (inga samma period året innan)' : ''}`,
    }];
    const diff = s.count - before;
    if (Math.abs(diff) >= Math.max(2, before / 5)) {
      reasons.push({ kind: 'trend', value: diff, text: diff > 0 ? `ökning med ${n(diff, 'rapport', 'rapporter')} mot året innan` : `minskning med ${n(-diff, 'rapport', 'rapporter')} mot året innan` });
    }
    if (s.severe) reasons.push({ kind: 'severity', value: s.severe, text: `${n(s.severe, 'allvarlig rapport', 'allvarliga rapporter')} (nivå ${SEVERE_FROM}–5)` });
    if (s.repeatPlaces) reasons.push({ kind: 'repeat_places', value: s.repeatPlaces, text: `${n(s.repeatPlaces, 'plats', 'platser')} med minst ${REPEAT_PLACE_MIN} rapporter` });
    return { area: areaRef(s.areaId, names), rank: 0, score: Math.round(score * 1000) / 1000, count: s.count, previous: before, reasons };
  });
  ranked.sort((a, b) => b.score - a.score || b.count - a.count || (a.area?.name ?? '\uffff').localeCompare(b.area?.name ?? '\uffff', 'sv'));
  return ranked.map((r, i) => ({ ...r, rank: i + 1 }));
}

