import type { Actor } from '../../common/actor.js';
import type { CrimeStatsService } from '../../crime-stats/crime-stats.service.js';
import { poisson, prng } from './prng.js';

/** The crime types of the demo, as the police's statistics name them. */
const TYPES = ['Skadegörelse', 'Narkotikabrott', 'Misshandel', 'Stöld och snatteri', 'Trafikbrott'] as const;
type CrimeType = (typeof TYPES)[number];

/**
 * Police-reported crimes per month in each demo area, by type: about 1,500 a year of these five types, as a
 * municipality of 40,000 inhabitants has (of some 3,500 in all). Shops and nightlife in Centrum, traffic on the
 * country roads, housing areas with damage.
 */
const LEVELS: Record<string, Record<CrimeType, number>> = {
  Centrum: { Skadegörelse: 9, Narkotikabrott: 6, Misshandel: 4, 'Stöld och snatteri': 22, Trafikbrott: 5 },
  Östermalm: { Skadegörelse: 6, Narkotikabrott: 2, Misshandel: 1.5, 'Stöld och snatteri': 5, Trafikbrott: 2 },
  Margretelund: { Skadegörelse: 4, Narkotikabrott: 2.5, Misshandel: 1.5, 'Stöld och snatteri': 9, Trafikbrott: 2 },
  Stenhammar: { Skadegörelse: 5, Narkotikabrott: 3, Misshandel: 2, 'Stöld och snatteri': 4, Trafikbrott: 2 },
  Landsbygd: { Skadegörelse: 5, Narkotikabrott: 2, Misshandel: 1.5, 'Stöld och snatteri': 8, Trafikbrott: 11 },
};

/**
 * What changed over the two years, so that the tertial analysis has something to say: damage in Östermalm's housing
 * areas rising (about +60 % from one year to the next: the "development going the wrong way"), drug crime in Centrum up in the
 * last months, damage at Stenhammar down after the efforts at the school. Factor at the oldest month → the newest.
 */
const TRENDS: { area: string; type: CrimeType; from: number; to: number }[] = [
  { area: 'Östermalm', type: 'Skadegörelse', from: 0.7, to: 1.8 },
  { area: 'Centrum', type: 'Narkotikabrott', from: 0.8, to: 1.5 },
  { area: 'Stenhammar', type: 'Skadegörelse', from: 1.4, to: 0.6 },
];

/** More violence and damage in the summer, more shoplifting before Christmas, more traffic offences in the light months. */
function season(type: CrimeType, month: number): number {
  const summer = month >= 6 && month <= 8;
  switch (type) {
    case 'Misshandel': return summer ? 1.35 : 1;
    case 'Skadegörelse': return summer ? 1.2 : month === 11 || month === 12 ? 0.85 : 1;
    case 'Stöld och snatteri': return month === 12 ? 1.35 : 1;
    case 'Trafikbrott': return month >= 5 && month <= 9 ? 1.2 : 0.9;
    case 'Narkotikabrott': return 1;
  }
}


/** YYYY-MM, `back` months before the month of `now` (local time, as the rest of the demo). */
function monthBack(now: Date, back: number): { label: string; month: number } {
  const d = new Date(now.getFullYear(), now.getMonth() - back, 1);
  return { label: `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`, month: d.getMonth() + 1 };
}

export const DEMO_CRIME_MONTHS = 24;

/**
 * Police-reported crime counts for the demo areas over the last 24 whole months (the police publish a month after
 * it ends), uploaded as a coordinator would: one CSV file through CrimeStatsService.upload, so the rows and the audit
 * row are as real use makes them. About 600 rows in one statement: a few milliseconds of the seed. Returns the rows.
 */
export async function seedCrimeStats(stats: CrimeStatsService, coordinator: Actor, areas: { id: string; name: string }[], now = new Date()): Promise<number> {
  const { next } = prng(4711);
  const lines = ['month;areaName;crimeType;count'];
  for (let back = DEMO_CRIME_MONTHS; back >= 1; back--) {
    const { label, month } = monthBack(now, back);
    const progress = (DEMO_CRIME_MONTHS - back) / (DEMO_CRIME_MONTHS - 1); // 0 at the oldest month, 1 at the newest
    for (const area of areas) {
      const levels = LEVELS[area.name];
      if (!levels) continue;
      for (const type of TYPES) {
        const trend = TRENDS.find((t) => t.area === area.name && t.type === type);
        const factor = trend ? trend.from + (trend.to - trend.from) * progress : 1;
        lines.push(`${label};${area.name};${type};${poisson(levels[type] * season(type, month) * factor, next)}`);
      }
    }
  }
  if (lines.length === 1) return 0;
  return (await stats.upload(coordinator, `${lines.join('\n')}\n`)).rows;
}
