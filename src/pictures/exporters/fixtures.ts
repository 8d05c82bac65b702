import type {
  AreaRanking, Category, OrganisationRef, PeriodAnalysisResponse, PictureEffort, PictureHotspot, PictureReport, WeeklyPictureResponse,
} from '#contracts';
import { countChange } from '../picture.rules.js';
import type { ExportMeta } from './export-meta.js';

/**
 * Test fixtures of the exporters (used by their spec files only): a weekly picture of week 47 2026 and an analysis of
 * November 2026 in Lidköping, with three areas around the town centre (58.50 N, 13.16 E), hotspots of every class and
 * efforts of every status. The figures agree with each other where a reader would check them (totals, the weekday and
 * hour grid, the hotspots' counts are those of the reports listed).
 */

const ref = (id: string, name: string, kind: OrganisationRef['kind']): OrganisationRef => ({ id, name, kind });
export const ORGS = {
  polis: ref('0b6f9c1e-1a1a-4b1a-9a01-000000000001', 'Polisen Lidköping', 'police'),
  kommun: ref('0b6f9c1e-1a1a-4b1a-9a01-000000000002', 'Lidköpings kommun – trygghetssamordning', 'municipality'),
  bostader: ref('0b6f9c1e-1a1a-4b1a-9a01-000000000003', 'AB Bostäder i Lidköping', 'property_owner'),
  centrum: ref('0b6f9c1e-1a1a-4b1a-9a01-000000000004', 'Lidköpings Centrumförening', 'business'),
  stenhammar: ref('0b6f9c1e-1a1a-4b1a-9a01-000000000006', 'Stenhammarskolan', 'school'),
  social: ref('0b6f9c1e-1a1a-4b1a-9a01-000000000007', 'Socialtjänsten Lidköping', 'social_services'),
};

export const AREAS = {
  centrum: { id: '5a0e0f52-7b6d-4a7e-8c11-00000000a001', name: 'Centrum' },
  margretelund: { id: '5a0e0f52-7b6d-4a7e-8c11-00000000a002', name: 'Margretelund' },
  stenhammar: { id: '5a0e0f52-7b6d-4a7e-8c11-00000000a003', name: 'Stenhammar' },
};

/** The areas with their boundaries (lng, lat), as the demo seeds them; Margretelund as a MultiPolygon with an islet. */
export const AREA_SHAPES: { id: string; name: string; boundary: { type: 'Polygon'; coordinates: number[][][] } | { type: 'MultiPolygon'; coordinates: number[][][][] } }[] = [
  { ...AREAS.centrum, boundary: { type: 'Polygon', coordinates: [[[13.15, 58.5], [13.17, 58.4995], [13.1715, 58.51], [13.156, 58.512], [13.149, 58.506], [13.15, 58.5]]] } },
  {
    ...AREAS.margretelund,
    boundary: {
      type: 'MultiPolygon',
      coordinates: [
        [[[13.15, 58.485], [13.176, 58.485], [13.176, 58.4997], [13.15, 58.5], [13.15, 58.485]]],
        [[[13.178, 58.486], [13.181, 58.486], [13.181, 58.488], [13.178, 58.488], [13.178, 58.486]]],
      ],
    },
  },
  { ...AREAS.stenhammar, boundary: { type: 'Polygon', coordinates: [[[13.12, 58.487], [13.15, 58.486], [13.15, 58.5], [13.149, 58.506], [13.12, 58.504], [13.12, 58.487]]] } },
];

const PLACES = {
  resecentrum: { id: '7c1d2e3f-0000-4000-8000-00000000b001', name: 'Resecentrum', lat: 58.5058, lng: 13.1622, area: AREAS.centrum },
  torget: { id: '7c1d2e3f-0000-4000-8000-00000000b002', name: 'Nya Stadens torg', lat: 58.5034, lng: 13.1575, area: AREAS.centrum },
  skolgard: { id: '7c1d2e3f-0000-4000-8000-00000000b003', name: 'Stenhammarskolans skolgård', lat: 58.4935, lng: 13.1375, area: AREAS.stenhammar },
  mcentrum: { id: '7c1d2e3f-0000-4000-8000-00000000b004', name: 'Margretelunds centrum', lat: 58.4925, lng: 13.163, area: AREAS.margretelund },
};

/** A Stockholm wall-clock time of November 2026 (CET, UTC+1) as an ISO instant. */
const nov = (day: number, hour: number, minute = 0) => new Date(Date.UTC(2026, 10, day, hour - 1, minute)).toISOString();
const uuid = (n: number) => `9e8d7c6b-5a49-4838-a727-${String(n).padStart(12, '0')}`;

type Spot = keyof typeof PLACES | 'cellCentrum' | 'cellOutside' | 'free';
const CELL_CENTRUM = { lat: 58.5079, lng: 13.1531 };
const CELL_OUTSIDE = { lat: 58.5212, lng: 13.1402 };

interface Seed { spot: Spot; category: Category; severity: number; status: PictureReport['status']; day: number; hour: number; minute?: number; org: keyof typeof ORGS; text: string }

/** The week's reports (16–22 November 2026); every description is unique, so a test can look for each. */
const WEEK: Seed[] = [
  { spot: 'resecentrum', category: 'drug_use', severity: 3, status: 'new', day: 16, hour: 21, minute: 40, org: 'polis', text: 'Sprutor och folie hittade vid cykelställen på norra sidan.' },
  { spot: 'resecentrum', category: 'gathering', severity: 2, status: 'acknowledged', day: 17, hour: 22, minute: 5, org: 'kommun', text: 'Stor grupp i väntsalen efter sista tåget, personalen orolig.' },
  { spot: 'resecentrum', category: 'violence', severity: 5, status: 'in_progress', day: 18, hour: 23, minute: 15, org: 'polis', text: 'Misshandel vid busshållplats C; "två skadade", ambulans tillkallad.' },
  { spot: 'resecentrum', category: 'drug_use', severity: 3, status: 'in_progress', day: 20, hour: 21, minute: 30, org: 'social', text: 'Personer som uppträder påverkade i väntsalen, fältarna på plats.' },
  { spot: 'resecentrum', category: 'unsafe_place', severity: 2, status: 'resolved', day: 21, hour: 20, minute: 50, org: 'kommun', text: 'Trasig belysning i gångtunneln mot Östermalm gör platsen otrygg.' },
  { spot: 'resecentrum', category: 'disorder', severity: 3, status: 'new', day: 22, hour: 0, minute: 20, org: 'polis', text: 'Högljudd grupp vid taxistationen, glas krossade.' },
  { spot: 'torget', category: 'gathering', severity: 2, status: 'closed', day: 19, hour: 19, minute: 10, org: 'centrum', text: 'Ungdomar samlas vid fontänen på torget efter att butikerna stängt.' },
  { spot: 'torget', category: 'littering', severity: 1, status: 'resolved', day: 21, hour: 9, minute: 0, org: 'kommun', text: 'Mycket skräp och flaskor på torget efter fredagskvällen.' },
  { spot: 'torget', category: 'disorder', severity: 3, status: 'acknowledged', day: 21, hour: 22, minute: 45, org: 'polis', text: 'Bråk mellan två grupper utanför kebabkiosken, ordningsvakter ingrep.' },
  { spot: 'torget', category: 'unsafe_place', severity: 2, status: 'new', day: 22, hour: 17, minute: 30, org: 'centrum', text: 'Handlare uppger att kunder undviker torgets västra del när det mörknat.' },
  { spot: 'cellCentrum', category: 'vandalism', severity: 2, status: 'new', day: 17, hour: 2, minute: 10, org: 'bostader', text: 'Klotter på fasaden mot Framnäsvägen, ca tio meter långt.' },
  { spot: 'cellCentrum', category: 'vandalism', severity: 2, status: 'acknowledged', day: 18, hour: 3, minute: 0, org: 'bostader', text: 'Krossade rutor i cykelrummet, andra natten i rad.' },
  { spot: 'cellCentrum', category: 'burglary', severity: 4, status: 'in_progress', day: 19, hour: 2, minute: 30, org: 'polis', text: 'Inbrott i förråd, dörren uppbruten med kofot.' },
  { spot: 'skolgard', category: 'fire', severity: 4, status: 'in_progress', day: 18, hour: 20, minute: 15, org: 'stenhammar', text: 'Anlagd brand i papperskorg vid idrottshallens entré.' },
  { spot: 'skolgard', category: 'youth_at_risk', severity: 3, status: 'acknowledged', day: 20, hour: 15, minute: 40, org: 'stenhammar', text: 'Yngre elever rör sig med äldre ungdomar efter skoltid, oro hos fritidspersonalen.' },
  { spot: 'cellOutside', category: 'reckless_driving', severity: 3, status: 'new', day: 20, hour: 22, minute: 0, org: 'polis', text: 'Buskörning med mopeder på grusplanen vid Framnäs.' },
  { spot: 'cellOutside', category: 'reckless_driving', severity: 2, status: 'new', day: 21, hour: 23, minute: 10, org: 'kommun', text: 'A-traktorer kör i hög fart runt parkeringen, boende klagar.' },
  { spot: 'mcentrum', category: 'threat_to_staff', severity: 4, status: 'acknowledged', day: 16, hour: 17, minute: 20, org: 'centrum', text: 'Butikspersonal hotad efter tillsägelse om snatteri.' },
  { spot: 'free', category: 'lighting', severity: 1, status: 'new', day: 19, hour: 7, minute: 45, org: 'kommun', text: 'Tre gatlyktor släckta längs gång- och cykelvägen vid Ågatan.' },
  { spot: 'free', category: 'drug_dealing', severity: 4, status: 'new', day: 22, hour: 21, minute: 55, org: 'polis', text: 'Misstänkt försäljning vid bänkarna i Stadsparken, flera korta möten.' },
];

function seedToReport(s: Seed, i: number): PictureReport {
  const place = s.spot in PLACES ? PLACES[s.spot as keyof typeof PLACES] : null;
  const location = place ? { lat: place.lat + ((i % 3) - 1) * 0.0002, lng: place.lng + ((i % 5) - 2) * 0.0002 }
    : s.spot === 'cellCentrum' ? { lat: CELL_CENTRUM.lat + (i % 2) * 0.0003, lng: CELL_CENTRUM.lng }
      : s.spot === 'cellOutside' ? CELL_OUTSIDE
        : { lat: 58.5012 + i * 0.0001, lng: 13.1548 };
  const area = place ? place.area : s.spot === 'cellOutside' ? null : s.spot === 'cellCentrum' ? AREAS.centrum : AREAS.centrum;
  return {
    id: uuid(i + 1),
    category: s.category,
    severity: s.severity,
    status: s.status,
    observedAt: nov(s.day, s.hour, s.minute),
    place: place ? { id: place.id, name: place.name } : null,
    area,
    location,
    organisation: ORGS[s.org],
    description: s.text,
  };
}

export const WEEK_REPORTS: PictureReport[] = WEEK.map(seedToReport);

/** Open reports observed before the week (still open at its end), listed among the open ones only. */
const OLDER_OPEN: PictureReport[] = [
  {
    id: uuid(101), category: 'threat_to_staff', severity: 5, status: 'in_progress', observedAt: nov(9, 14, 5),
    place: { id: PLACES.mcentrum.id, name: PLACES.mcentrum.name }, area: AREAS.margretelund, location: { lat: 58.4926, lng: 13.1632 },
    organisation: ORGS.centrum, description: 'Upprepade hot mot kassapersonal från samma grupp, anmält till polisen.',
  },
  {
    id: uuid(102), category: 'vandalism', severity: 2, status: 'acknowledged', observedAt: nov(3, 23, 30),
    place: null, area: AREAS.stenhammar, location: { lat: 58.4951, lng: 13.1301 },
    organisation: ORGS.bostader, description: 'Sönderslagna lampor i trapphusen på Stenhammarsgatan.',
  },
];

const isOpen = (r: PictureReport) => r.status === 'new' || r.status === 'acknowledged' || r.status === 'in_progress';
const openItems = [...WEEK_REPORTS.filter(isOpen), ...OLDER_OPEN]
  .sort((a, b) => b.severity - a.severity || b.observedAt.localeCompare(a.observedAt));
const bySeverity: Record<string, number> = { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 };
for (const r of openItems) bySeverity[String(r.severity)]++;

function countBy<K extends string>(items: PictureReport[], key: (r: PictureReport) => K): Partial<Record<K, number>> {
  const out: Partial<Record<K, number>> = {};
  for (const r of items) out[key(r)] = (out[key(r)] ?? 0) + 1;
  return out;
}

/** Reports by Stockholm weekday (0 Monday) and hour: November is CET, so UTC + 1. */
function weekdayHourOf(items: PictureReport[]): number[][] {
  const grid = Array.from({ length: 7 }, () => Array<number>(24).fill(0));
  for (const r of items) {
    const local = new Date(Date.parse(r.observedAt) + 3_600_000);
    grid[(local.getUTCDay() + 6) % 7][local.getUTCHours()]++;
  }
  return grid;
}

const byCategory = countBy(WEEK_REPORTS, (r) => r.category);
/** The week before, and the four weeks before, per category (what the service would have counted). */
const EARLIER: Partial<Record<Category, [number, number[]]>> = {
  vandalism: [5, [4, 5, 4, 5]], gathering: [2, [2, 3, 1, 2]], drug_use: [1, [1, 2, 1, 1]], unsafe_place: [1, [1, 1, 0, 2]],
  disorder: [3, [2, 1, 2, 3]], reckless_driving: [0, [0, 1, 0, 0]], violence: [0, [1, 0, 0, 1]], littering: [2, [1, 2, 3, 2]],
  event: [2, [1, 0, 2, 1]],
};
const areaCounts = (items: PictureReport[]) => [AREAS.centrum, AREAS.margretelund, AREAS.stenhammar, null]
  .map((area) => ({ area, count: items.filter((r) => (r.area?.id ?? null) === (area?.id ?? null)).length }))
  .filter((a) => a.count > 0);

const hotspot = (h: Omit<PictureHotspot, 'maxSeverity' | 'categories'>, reports: PictureReport[]): PictureHotspot => ({
  ...h,
  categories: Object.entries(countBy(reports, (r) => r.category)).map(([code, count]) => ({ code: code as Category, count: count as number }))
    .sort((a, b) => b.count - a.count),
  maxSeverity: Math.max(...reports.map((r) => r.severity)),
});
const at = (spot: Spot) => WEEK_REPORTS.filter((_, i) => WEEK[i].spot === spot);

/** One hotspot of each class, and a cell outside every area ("Ruta vid ..."). */
export const WEEK_HOTSPOTS: PictureHotspot[] = [
  hotspot({
    key: `place:${PLACES.resecentrum.id}`, kind: 'place', place: { id: PLACES.resecentrum.id, name: 'Resecentrum' }, area: AREAS.centrum,
    center: { lat: 58.5058, lng: 13.1622 }, count: 6, earlier: [2, 3, 2, 3], class: 'intensifying', typicalWeekday: 1, typicalHour: 21,
  }, at('resecentrum')),
  hotspot({
    key: `place:${PLACES.torget.id}`, kind: 'place', place: { id: PLACES.torget.id, name: 'Nya Stadens torg' }, area: AREAS.centrum,
    center: { lat: 58.5034, lng: 13.1575 }, count: 4, earlier: [4, 3, 5, 4], class: 'persistent', typicalWeekday: 6, typicalHour: 9,
  }, at('torget')),
  hotspot({
    key: 'cell:26002:5843', kind: 'cell', place: null, area: AREAS.centrum,
    center: { lat: 58.5080, lng: 13.1531 }, count: 3, earlier: [0, 0, 0, 0], class: 'new', typicalWeekday: 2, typicalHour: 2,
  }, at('cellCentrum')),
  hotspot({
    key: `place:${PLACES.skolgard.id}`, kind: 'place', place: { id: PLACES.skolgard.id, name: 'Stenhammarskolans skolgård' }, area: AREAS.stenhammar,
    center: { lat: 58.4935, lng: 13.1375 }, count: 2, earlier: [6, 5, 7, 6], class: 'diminishing', typicalWeekday: 3, typicalHour: 15,
  }, at('skolgard')),
  hotspot({
    key: 'cell:26008:5840', kind: 'cell', place: null, area: null,
    center: CELL_OUTSIDE, count: 2, earlier: [0, 1, 0, 0], class: 'persistent', typicalWeekday: 5, typicalHour: 22,
  }, at('cellOutside')),
];

const effort = (e: Partial<PictureEffort> & Pick<PictureEffort, 'id' | 'title' | 'type' | 'status' | 'organisations' | 'plannedStart'>): PictureEffort => ({
  mode: e.organisations.length > 1 ? 'joint' : 'separate', plannedEnd: null, actualStart: null, actualEnd: null, outcome: null, reports: [], actions: [], ...e,
});
const linked = (...ids: number[]) => ids.map((n) => WEEK_REPORTS[n - 1]).map((r) => ({ id: r.id, category: r.category, severity: r.severity }));

export const WEEK_EFFORTS: WeeklyPictureResponse['efforts'] = {
  planned: [effort({
    id: 'e0000000-0000-4000-8000-000000000001', title: 'Trygghetsvandring Nya Stadens torg', type: 'visibility_patrol', status: 'planned',
    organisations: [ORGS.kommun, ORGS.centrum, ORGS.polis], plannedStart: nov(26, 18), plannedEnd: nov(26, 21), reports: linked(10),
  })],
  ongoing: [effort({
    id: 'e0000000-0000-4000-8000-000000000002', title: 'Förstärkt närvaro vid Resecentrum kvällstid', type: 'visibility_patrol', status: 'ongoing',
    organisations: [ORGS.polis, ORGS.social], plannedStart: nov(9, 16), plannedEnd: nov(30, 23), actualStart: nov(9, 17),
    reports: linked(1, 3, 4), actions: [{ kind: 'besök', count: 12 }, { kind: 'samtal med ungdomar', count: 7 }],
  })],
  done: [effort({
    id: 'e0000000-0000-4000-8000-000000000003', title: 'Klottersanering och nya lås i cykelrummen', type: 'cleanup', status: 'done',
    organisations: [ORGS.bostader], plannedStart: nov(18, 8), plannedEnd: nov(20, 16), actualStart: nov(18, 8), actualEnd: nov(20, 15),
    outcome: 'Fasaden sanerad inom 24 timmar, tre dörrar bytta; inga nya skador under helgen.', reports: linked(11, 12),
    actions: [{ kind: 'sanering', count: 2 }, { kind: 'lås bytta', count: 3 }],
  })],
  cancelled: [effort({
    id: 'e0000000-0000-4000-8000-000000000004', title: 'Föräldravandring vid Stenhammarskolan', type: 'other', status: 'cancelled',
    organisations: [ORGS.stenhammar, ORGS.kommun], plannedStart: nov(20, 19), plannedEnd: nov(20, 21),
    outcome: 'Inställd på grund av snöoväder; flyttas till vecka 49.',
  })],
};

export const WEEKLY: WeeklyPictureResponse = {
  period: {
    kind: 'week', label: '2026-W47', from: '2026-11-15T23:00:00.000Z', to: '2026-11-22T23:00:00.000Z', firstDay: '2026-11-16', lastDay: '2026-11-22',
  },
  filter: { area: null, categories: null },
  generatedAt: '2026-11-23T07:02:00.000Z',
  audience: { organisation: ORGS.kommun, joint: false },
  totals: { all: WEEK_REPORTS.length, byCategory, byArea: areaCounts(WEEK_REPORTS) },
  change: {
    all: { current: 20, previous: 14, average: 13.5, vsPrevious: 6, vsAverage: 6.5, trend: 'up' },
    // Every category of the week, and one with reports the weeks before but none this week (littering → 0 is news too).
    byCategory: Object.fromEntries(Object.entries({ ...byCategory, event: 0 }).map(([code, n]) => [code, countChange(n ?? 0, ...EARLIER[code as Category] ?? [0, [0, 0, 0, 0]])])),
    byArea: [
      { area: AREAS.centrum, current: 15, previous: 8, average: 7.8, vsPrevious: 7, vsAverage: 7.2, trend: 'up' },
      { area: AREAS.margretelund, current: 1, previous: 2, average: 2.3, vsPrevious: -1, vsAverage: -1.3, trend: 'steady' },
      { area: AREAS.stenhammar, current: 2, previous: 4, average: 3.5, vsPrevious: -2, vsAverage: -1.5, trend: 'steady' },
      { area: null, current: 2, previous: 0, average: 0.3, vsPrevious: 2, vsAverage: 1.7, trend: 'steady' },
    ],
  },
  hotspots: WEEK_HOTSPOTS,
  weekdayHour: weekdayHourOf(WEEK_REPORTS),
  series: [
    ['2026-W40', '2026-09-27T22:00:00.000Z', 11], ['2026-W41', '2026-10-04T22:00:00.000Z', 15], ['2026-W42', '2026-10-11T22:00:00.000Z', 9],
    ['2026-W43', '2026-10-18T22:00:00.000Z', 12], ['2026-W44', '2026-10-25T23:00:00.000Z', 13], ['2026-W45', '2026-11-01T23:00:00.000Z', 16],
    ['2026-W46', '2026-11-08T23:00:00.000Z', 14], ['2026-W47', '2026-11-15T23:00:00.000Z', 20],
  ].map(([label, from, count]) => ({ label: label as string, from: from as string, count: count as number })),
  openReports: { total: openItems.length, bySeverity, items: openItems },
  reports: WEEK_REPORTS,
  reportsTruncated: false,
  efforts: WEEK_EFFORTS,
  excluded: 2,
  snapshot: null,
};

// ---------------------------------------------------------------------------------------------------------------
// The analysis of November 2026 against November 2025.

const RANKING: AreaRanking[] = [
  {
    area: AREAS.centrum, rank: 1, score: 8.4, count: 58, previous: 36,
    reasons: [
      { kind: 'volume', value: 58, text: '58 rapporter (+61 % mot samma period i fjol)' },
      { kind: 'severity', value: 9, text: '9 rapporter med hög eller mycket hög allvarlighet' },
      { kind: 'repeat_places', value: 3, text: '3 platser med rapporter flera veckor i rad' },
    ],
  },
  {
    area: AREAS.stenhammar, rank: 2, score: 4.1, count: 17, previous: 22,
    reasons: [{ kind: 'repeat_places', value: 1, text: 'Stenhammarskolans skolgård återkommer varje vecka' }],
  },
  {
    area: AREAS.margretelund, rank: 3, score: 2.6, count: 9, previous: 5,
    reasons: [{ kind: 'trend', value: 80, text: 'Ökning med 80 % mot samma period i fjol' }],
  },
  { area: null, rank: 4, score: 0.9, count: 4, previous: 1, reasons: [{ kind: 'volume', value: 4, text: '4 rapporter utanför områdena' }] },
];

export const ANALYSIS: PeriodAnalysisResponse = {
  period: { kind: 'month', label: '2026-11', from: '2026-10-31T23:00:00.000Z', to: '2026-11-30T23:00:00.000Z', firstDay: '2026-11-01', lastDay: '2026-11-30' },
  comparison: { kind: 'month', label: '2025-11', from: '2025-10-31T23:00:00.000Z', to: '2025-11-30T23:00:00.000Z', firstDay: '2025-11-01', lastDay: '2025-11-30' },
  filter: { area: null, categories: ['drug_dealing', 'drug_use', 'violence', 'vandalism', 'gathering', 'disorder', 'reckless_driving'] },
  generatedAt: '2026-12-01T09:30:00.000Z',
  audience: { organisation: null, joint: true },
  totals: {
    all: 88,
    byCategory: { drug_dealing: 9, drug_use: 14, violence: 7, vandalism: 21, gathering: 17, disorder: 12, reckless_driving: 8 },
    byArea: [{ area: AREAS.centrum, count: 58 }, { area: AREAS.stenhammar, count: 17 }, { area: AREAS.margretelund, count: 9 }, { area: null, count: 4 }],
  },
  change: {
    all: { current: 88, previous: 64, average: null, vsPrevious: 24, vsAverage: null, trend: 'up' },
    byCategory: {
      drug_dealing: { current: 9, previous: 4, average: null, vsPrevious: 5, vsAverage: null, trend: 'up' },
      drug_use: { current: 14, previous: 9, average: null, vsPrevious: 5, vsAverage: null, trend: 'up' },
      violence: { current: 7, previous: 6, average: null, vsPrevious: 1, vsAverage: null, trend: 'steady' },
      vandalism: { current: 21, previous: 26, average: null, vsPrevious: -5, vsAverage: null, trend: 'steady' },
      gathering: { current: 17, previous: 10, average: null, vsPrevious: 7, vsAverage: null, trend: 'up' },
      disorder: { current: 12, previous: 8, average: null, vsPrevious: 4, vsAverage: null, trend: 'up' },
      reckless_driving: { current: 8, previous: 1, average: null, vsPrevious: 7, vsAverage: null, trend: 'up' },
    },
    byArea: [
      { area: AREAS.centrum, current: 58, previous: 36, average: null, vsPrevious: 22, vsAverage: null, trend: 'up' },
      { area: AREAS.stenhammar, current: 17, previous: 22, average: null, vsPrevious: -5, vsAverage: null, trend: 'down' },
      { area: AREAS.margretelund, current: 9, previous: 5, average: null, vsPrevious: 4, vsAverage: null, trend: 'up' },
      { area: null, current: 4, previous: 1, average: null, vsPrevious: 3, vsAverage: null, trend: 'up' },
    ],
  },
  hotspots: [
    { ...WEEK_HOTSPOTS[0], count: 19, earlier: [8], class: 'intensifying' },
    { ...WEEK_HOTSPOTS[1], count: 14, earlier: [13], class: 'persistent' },
    { ...WEEK_HOTSPOTS[3], count: 6, earlier: [15], class: 'diminishing' },
    { ...WEEK_HOTSPOTS[2], count: 5, earlier: [0], class: 'new' },
  ],
  weekdayHour: weekdayHourOf(WEEK_REPORTS).map((row) => row.map((n) => n * 4)),
  series: [
    ['2026-W44', '2026-10-31T23:00:00.000Z', 3], ['2026-W45', '2026-11-01T23:00:00.000Z', 19], ['2026-W46', '2026-11-08T23:00:00.000Z', 22],
    ['2026-W47', '2026-11-15T23:00:00.000Z', 20], ['2026-W48', '2026-11-22T23:00:00.000Z', 21], ['2026-W49', '2026-11-29T23:00:00.000Z', 3],
  ].map(([label, from, count]) => ({ label: label as string, from: from as string, count: count as number })),
  ranking: RANKING,
  efforts: {
    byType: [
      { type: 'visibility_patrol', status: 'done', count: 6 }, { type: 'visibility_patrol', status: 'ongoing', count: 1 },
      { type: 'cleanup', status: 'done', count: 3 }, { type: 'school_visit', status: 'done', count: 2 }, { type: 'other', status: 'cancelled', count: 1 },
    ],
    done: [WEEK_EFFORTS.done[0], { ...WEEK_EFFORTS.ongoing[0], id: 'e0000000-0000-4000-8000-000000000005', status: 'done', actualEnd: nov(30, 23), outcome: 'Lugnare kvällar vid Resecentrum sista veckan; fortsätter i december.' }],
  },
  crime: {
    months: ['2026-11'],
    byArea: [
      { area: AREAS.centrum, byType: { Misshandel: 6, Skadegörelse: 14, Narkotikabrott: 9, 'Stöld och snatteri': 23 }, total: 52, previousTotal: 47 },
      { area: AREAS.stenhammar, byType: { Skadegörelse: 7, Misshandel: 1 }, total: 8, previousTotal: 12 },
      { area: AREAS.margretelund, byType: { 'Stöld och snatteri': 11, Skadegörelse: 2 }, total: 13, previousTotal: 9 },
    ],
  },
  reports: WEEK_REPORTS,
  reportsTruncated: true,
  excluded: 3,
};

export const META: ExportMeta = {
  exportedAt: new Date('2026-11-23T07:15:00.000Z'),
  exportedBy: { name: 'Trygghetssamordnare Maria', organisation: 'Lidköpings kommun – trygghetssamordning' },
  title: 'Lägesbild vecka 47 2026',
  filterText: 'Område: alla · Kategorier: alla',
};

export const ANALYSIS_META: ExportMeta = {
  exportedAt: new Date('2026-12-01T09:45:00.000Z'),
  exportedBy: { name: 'Kommunpolis Erik', organisation: 'Polisen Lidköping' },
  title: 'Periodanalys november 2026',
  filterText: 'Område: alla · Kategorier: Narkotikaförsäljning, Narkotikabruk, Våld, Skadegörelse, Folksamling, Ordningsstörning, Buskörning',
};

/** Text that is in no fixture: no exporter may print it. */
export const HIDDEN = 'Dold uppgift som ingen export får visa';

export async function* rowsOf<T>(items: Iterable<T>): AsyncGenerator<T> {
  for (const item of items) yield item;
}
