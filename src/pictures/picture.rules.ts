import type { CountChange, PictureHotspotClass } from '#contracts';

/** The rules of the picture, as plain functions: no database, unit-tested in picture.rules.spec.ts. */

export enum PictureErrorCode {
  AlreadyFrozen = 'ALREADY_FROZEN',
  WeekNotOver = 'WEEK_NOT_OVER',
  AlreadyExcluded = 'ALREADY_EXCLUDED',
  WeekFrozen = 'WEEK_FROZEN',
}

/**
 * Hotspots are found on two levels, because reports are given on two:
 * - a report at a named place of the collaboration (a square, a school yard, a station) belongs to that place, the
 *   unit the partners already talk about and act on;
 * - a report given as a point belongs to a grid cell of about 250 x 250 m (0.00225 degrees of latitude, and of
 *   longitude scaled by the cosine of the collaboration's latitude, fixed per cell row so that cells tile).
 * A grid rather than DBSCAN or H3: it runs as one GROUP BY in SQL under the visibility policy at a million rows,
 * needs no extension, and a cell keeps the same key week after week, which is what classing a hotspot against
 * earlier weeks needs (a density cluster's shape changes with every new point). 250 m is a block in a town centre,
 * about the reach of one patrol stop or one camera. Cells show their mean point, so a cell reads as a spot on the map.
 */
export const CELL_DEGREES_LAT = 0.00225;

/** A place or cell is a hotspot with at least this many reports in the period, or as many on average before. */
export const HOTSPOT_MIN_REPORTS = 2;
/** At most this many hotspots, busiest first (the meeting discusses a handful; the files list them all up to this). */
export const HOTSPOT_LIMIT = 25;

/**
 * How a hotspot moved: `current` reports in the period against `earlier` (the four weeks before, or the same period a
 * year earlier). A change counts when it is at least two reports and at least half of the earlier (average) level,
 * so that one report more or less is no trend:
 * - new: none at all earlier;
 * - intensifying: current - average >= max(2, average / 2);
 * - diminishing: average - current >= max(2, average / 2);
 * - persistent: otherwise.
 */
export function hotspotClass(current: number, earlier: readonly number[]): PictureHotspotClass {
  const total = earlier.reduce((a, b) => a + b, 0);
  if (total === 0) return 'new';
  const average = total / earlier.length;
  const threshold = Math.max(2, average / 2);
  if (current - average >= threshold) return 'intensifying';
  if (average - current >= threshold) return 'diminishing';
  return 'persistent';
}

/** Whether a place or cell is listed: busy now, or busy before (so that a calmer week shows where it calmed). */
export const isHotspot = (current: number, earlier: readonly number[]) =>
  current >= HOTSPOT_MIN_REPORTS || (earlier.length > 0 && earlier.reduce((a, b) => a + b, 0) / earlier.length >= HOTSPOT_MIN_REPORTS);

const round1 = (n: number) => Math.round(n * 10) / 10;

/**
 * A count against the previous period and (weeks) the average of the four before. The trend is "up" or "down" only
 * when the change is at least two reports and a fifth of the comparison, else "steady" (noise, not news).
 */
export function countChange(current: number, previous: number, fourWeeks: readonly number[] | null): CountChange {
  const average = fourWeeks ? round1(fourWeeks.reduce((a, b) => a + b, 0) / fourWeeks.length) : null;
  const base = average ?? previous;
  const diff = current - base;
  const trend = Math.abs(diff) >= Math.max(2, base / 5) ? (diff > 0 ? 'up' : 'down') : 'steady';
  return { current, previous, average, vsPrevious: current - previous, vsAverage: average === null ? null : round1(current - average), trend };
}

/** The most frequent value of `counts` (index = value); the earliest on a tie. */
export function mode(counts: readonly number[]): number {
  let best = 0;
  for (let i = 1; i < counts.length; i++) if (counts[i] > counts[best]) best = i;
  return best;
}
