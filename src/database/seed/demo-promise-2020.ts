import type { DefaultCategory, EffortType, Visibility } from '#contracts';
import type { Actor } from '../../common/actor.js';
import type { ConcernTalksService } from '../../concern-talks/concern-talks.service.js';
import type { CreateEffortDto } from '../../efforts/efforts.dto.js';
import type { EffortsService } from '../../efforts/efforts.service.js';
import type { DocumentsService } from '../../promises/documents/documents.service.js';
import type { CreatePromiseDto } from '../../promises/promises.dto.js';
import type { PromisesService } from '../../promises/promises.service.js';
import type { ReportsService } from '../../reports/reports.service.js';
import type { DemoSeedRepository } from './demo-seed.repository.js';
import { DESCRIPTIONS } from './lidkoping.js';
import { prng } from './prng.js';

/**
 * The Lidköping citizen promise of 2020 (medborgarlöfte; /work/shared/background is the police's own follow-up of it),
 * with a year of what the partners did and saw: the reports of 2019 and 2020 (so the follow-up has a trend to tell),
 * the efforts of 2020 with their actions — presence in the nightlife district and at unsafe places, dog searches and
 * visits at the schools, tip-led drug operations, concern talks with social services, speed and sobriety checks where
 * people feel unsafe, the weekly shared picture, the rural council — the concern talks as monthly counts, and the
 * promise with owners and targets, its follow-up generated as a draft for a coordinator to edit and publish.
 *
 * Fast and the same every time: every random choice is drawn first (prng), then everything is written through the
 * real services (history, audit rows and events as real use makes them), eight reports or efforts at a time, and moved
 * back to when it happened. About 110 reports, 48 efforts and 12 months of concern talks.
 */

const YEAR = 2020;

interface Services {
  repo: DemoSeedRepository;
  reports: ReportsService;
  efforts: EffortsService;
  concernTalks: ConcernTalksService;
  promises: PromisesService;
  documents: DocumentsService;
}

type Place = { id: string; name: string; lat: number; lng: number; reporters: string[] };

/** Reports of 2019 → 2020 per category and place (fewer nights out in the pandemic year; fewer drug reports after the efforts). */
const REPORTS: { category: DefaultCategory; place: string; counts: [number, number] }[] = [
  { category: 'drug_dealing', place: 'Stadsparken', counts: [8, 5] },
  { category: 'drug_dealing', place: 'Katedralskolans skolgård', counts: [6, 4] },
  { category: 'drug_use', place: 'Resecentrum', counts: [10, 8] },
  { category: 'youth_at_risk', place: 'Stenhammarskolans skolgård', counts: [5, 4] },
  { category: 'youth_at_risk', place: 'Stadsparken', counts: [3, 2] },
  { category: 'nightlife', place: 'Krogstråket Skaragatan', counts: [12, 5] },
  { category: 'disorder', place: 'Nya Stadens torg', counts: [8, 6] },
  { category: 'violence', place: 'Krogstråket Skaragatan', counts: [5, 3] },
  { category: 'unsafe_place', place: 'Stadsparken', counts: [3, 4] },
  { category: 'traffic_speeding', place: 'Väg 44 vid Järpås', counts: [4, 3] },
];

interface DemoEffort {
  by: string;
  type: EffortType;
  title: string;
  orgs: string[];
  places?: string[];
  areas?: string[];
  /** Day of the year 2020 it was done (0 = 1 January); an effort of the whole year starts on day 0 and ends on its last. */
  day: number;
  wholeYear?: boolean;
  outcome?: string;
  /** Kept with its own organisations (a drug operation not told about): counted for them only, never in the documents. */
  keep?: boolean;
  actions?: { org: string; kind: string; count: number; day: number }[];
}

/**
 * The promise of 2020: the two focus areas of the police's follow-up, each commitment with its owner and a measurable
 * target (as the better follow-ups write them: "at least 20 traffic checks"), some met and some not (the pandemic).
 */
function promise(org: (code: string) => string, area: (name: string) => string): CreatePromiseDto {
  return {
    year: YEAR,
    title: 'Medborgarlöfte Lidköping 2020',
    focusAreas: [
      {
        title: 'Förebygga drogmissbruk bland unga',
        text: 'Polisen, kommunen, skolorna och socialtjänsten lovar att förebygga och förhindra missbruk hos unga. Målet är att samtliga skolor i kommunen ska vara drogfria.',
        commitments: [
          { text: 'Polisen besöker högstadie- och gymnasieskolorna, oftast spontant och i uniform, och söker med narkotikahund i skolmiljön.',
            ownerOrganisationId: org('polis'), effortTypes: ['school_visit', 'dog_search'], areaIds: [area('Centrum'), area('Stenhammar')], target: { kind: 'efforts', count: 12 } },
          { text: 'Polisen gör tipsstyrda insatser mot både användning och försäljning av narkotika.',
            ownerOrganisationId: org('polis'), effortTypes: ['drug_operation'], target: { kind: 'efforts', count: 6 } },
          { text: 'Orossamtal med ungdomar i riskzon och deras vårdnadshavare, i nära samarbete med socialtjänsten.',
            ownerOrganisationId: org('social'), effortTypes: ['concern_talk'], target: { kind: 'efforts', count: 6 } },
          { text: 'Färre rapporter om narkotika och unga i riskzon i centrum och vid Stenhammarskolan än året före.',
            ownerOrganisationId: org('kommun'), categories: ['drug_dealing', 'drug_use', 'youth_at_risk'], areaIds: [area('Centrum'), area('Stenhammar')],
            target: { kind: 'reports_trend', count: 5 } },
        ],
      },
      {
        title: 'Ökad trygghet i centrum',
        text: 'Hög synlighet och närvaro i krogmiljön och på platser som upplevs som otrygga, kontroller i trafiken där boende känner sig otrygga, '
          + 'och en gemensam lägesbild med kommunen, fastighetsägare, näringslivet och skolan.',
        commitments: [
          { text: 'Synlig polisnärvaro i krogmiljön och på otrygga platser, minst 40 patrullpass under året.',
            ownerOrganisationId: org('polis'), effortTypes: ['visibility_patrol'], areaIds: [area('Centrum')], target: { kind: 'actions', count: 40 } },
          { text: 'Minst 20 hastighets- och nykterhetskontroller på platser som upplevs som otrygga.',
            ownerOrganisationId: org('polis'), effortTypes: ['speed_check', 'sobriety_check'], target: { kind: 'actions', count: 20 } },
          { text: 'Parterna delar lägesbilden varje vecka: minst 40 gemensamma genomgångar under året.',
            ownerOrganisationId: org('kommun'), effortTypes: ['meeting'], target: { kind: 'actions', count: 40 } },
          { text: 'Polisen deltar i kommunens landsbygdsråd, minst fyra gånger.',
            ownerOrganisationId: org('polis'), effortTypes: ['rural_council'], areaIds: [area('Landsbygd')], target: { kind: 'efforts', count: 4 } },
          { text: 'Färre rapporter om krogmiljön, ordningsstörning och våld i centrum.',
            ownerOrganisationId: org('centrum'), categories: ['nightlife', 'disorder', 'violence'], areaIds: [area('Centrum')], target: { kind: 'reports_trend', count: 5 } },
        ],
      },
    ],
  };
}

/** The efforts of 2020, drawn once: the days and counts vary, the kinds and numbers are those of the promise's story. */
function efforts(rnd: ReturnType<typeof prng>): DemoEffort[] {
  const list: DemoEffort[] = [];
  const day = (from: number, to: number) => rnd.int(from, to);
  const schools = ['Katedralskolans skolgård', 'Stenhammarskolans skolgård'];
  for (let i = 0; i < 8; i++) {
    const school = schools[i % 2];
    list.push({ by: 'polis.samordnare', type: 'school_visit', title: `Spontant skolbesök, ${school.replace('s skolgård', 'n')}`, orgs: ['polis', i % 2 ? 'stenhammar' : 'katedral'],
      places: [school], day: day(i * 40 + 5, i * 40 + 35) });
  }
  for (let i = 0; i < 5; i++) {
    list.push({ by: 'polis.samordnare', type: 'dog_search', title: 'Sök med narkotikahund i skolmiljön', orgs: ['polis', i % 2 ? 'stenhammar' : 'katedral'],
      places: [schools[i % 2]], day: day(i * 70 + 10, i * 70 + 50), outcome: i === 2 ? 'Mindre mängd cannabis hittad, anmälan upprättad.' : 'Inga fynd.' });
  }
  for (let i = 0; i < 7; i++) {
    list.push({ by: 'polis.samordnare', type: 'drug_operation', title: 'Tipsstyrd insats mot narkotika', orgs: ['polis'], places: [rnd.pick(['Stadsparken', 'Resecentrum', 'Krogstråket Skaragatan'])],
      day: day(i * 50 + 5, i * 50 + 40), keep: i === 6, outcome: 'Insatsen föregicks av tips; orossamtal hölls med de unga som påträffades.' });
  }
  for (let i = 0; i < 6; i++) {
    list.push({ by: 'social.samordnare', type: 'concern_talk', title: 'Orossamtal med unga och vårdnadshavare', orgs: ['social', 'polis'], areas: ['Centrum'],
      day: day(i * 60 + 5, i * 60 + 50) });
  }
  // Patrols in the nightlife district and at unsafe places, most in the light months; passes recorded per effort.
  for (let i = 0; i < 8; i++) {
    const d = day(i * 45 + 5, i * 45 + 30);
    list.push({ by: 'polis.samordnare', type: 'visibility_patrol', title: i % 2 ? 'Närvaro vid otrygga platser' : 'Närvaro i krogmiljön fredag och lördag', orgs: ['polis'],
      places: i % 2 ? ['Stadsparken', 'Resecentrum'] : ['Krogstråket Skaragatan', 'Nya Stadens torg'], day: d,
      actions: [{ org: 'polis', kind: 'patrullpass', count: rnd.int(4, 7), day: d }] });
  }
  for (let i = 0; i < 10; i++) {
    const d = day(i * 34 + 20, i * 34 + 40);
    const speed = i % 5 < 3;
    list.push({ by: 'polis.samordnare', type: speed ? 'speed_check' : 'sobriety_check', title: speed ? 'Hastighetskontroll där boende känner sig otrygga' : 'Nykterhetskontroll',
      orgs: ['polis'], places: [speed ? rnd.pick(['Väg 44 vid Järpås', 'Vinninga samhälle']) : 'Krogstråket Skaragatan'], day: d,
      actions: [{ org: 'polis', kind: 'kontrolltillfällen', count: rnd.int(3, 5), day: d }] });
  }
  // The shared picture, every week but in the pandemic's worst months: one effort of the year, the meetings as actions.
  list.push({ by: 'kommun.samordnare', type: 'meeting', title: 'Gemensam lägesbild varje vecka', orgs: ['kommun', 'polis', 'bostader', 'centrum', 'katedral', 'stenhammar'],
    day: 0, wholeYear: true, outcome: 'Arbetet med en delad lägesbild har kommit igång i hela kommunen.',
    actions: [4, 4, 2, 0, 2, 3, 2, 2, 4, 4, 3, 4].map((count, m) => ({ org: 'kommun', kind: 'genomgångar', count, day: m * 30 + 27 })).filter((a) => a.count) });
  for (const d of [40, 160, 290]) {
    list.push({ by: 'polis.samordnare', type: 'rural_council', title: 'Landsbygdsrådet', orgs: ['polis', 'kommun'], areas: ['Landsbygd'], day: d });
  }
  return list;
}

const at = (day: number, hour: number) => new Date(Date.UTC(YEAR, 0, 1 + day, hour - 1)).toISOString();

/** Runs `work` over `items`, at most `concurrency` at a time (each item's own writes in order). */
async function inTurns<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < items.length) await work(items[next++]);
  }));
}

export async function seedPromise2020(s: Services, actors: Map<string, Actor>, orgIds: Map<string, string>, places: Place[], areas: { id: string; name: string }[]):
  Promise<{ reports: number; efforts: number; promiseId: string }> {
  const rnd = prng(YEAR);
  const place = (name: string) => places.find((p) => p.name === name)!;
  const area = (name: string) => areas.find((a) => a.name === name)!.id;
  const org = (code: string) => orgIds.get(code)!;
  const triage = actors.get('kommun.samordnare')!;

  // Every random choice first, in order.
  const reports = REPORTS.flatMap((r) => r.counts.flatMap((n, i) => Array.from({ length: n }, () => {
    const p = place(r.place);
    const reporter = rnd.pick(p.reporters);
    const date = new Date(Date.UTC(2019 + i, 0, 1 + rnd.int(0, 363), rnd.pick([15, 18, 20, 21, 22, 23])));
    return {
      author: actors.get(`${reporter}.medlem`)!, at: date,
      body: {
        category: r.category, description: rnd.pick(DESCRIPTIONS[r.category]), observedAt: date.toISOString(), placeId: p.id,
        location: { lat: p.lat + (rnd.next() - 0.5) * 0.001, lng: p.lng + (rnd.next() - 0.5) * 0.0015 }, visibility: 'partners' as Visibility,
      },
    };
  })));
  // Tips the police keep to themselves: counted for the police, never in the joint view of the documents.
  for (let i = 0; i < 3; i++) {
    const date = new Date(Date.UTC(YEAR, rnd.int(0, 11), rnd.int(1, 28), 21));
    reports.push({ author: actors.get('polis.medlem')!, at: date, body: {
      category: 'drug_dealing', description: rnd.pick(DESCRIPTIONS.drug_dealing), observedAt: date.toISOString(), placeId: place('Stadsparken').id,
      location: { lat: place('Stadsparken').lat, lng: place('Stadsparken').lng }, visibility: 'own',
    } });
  }
  const planned = efforts(rnd);
  const talks = Array.from({ length: 12 }, (_, m) => {
    const n = rnd.int(2, 6);
    return { month: `${YEAR}-${String(m + 1).padStart(2, '0')}`, areaId: area(m % 3 === 2 ? 'Stenhammar' : 'Centrum'), talks: n, youths: n + rnd.int(0, 2),
      guardiansPresent: rnd.int(Math.max(0, n - 2), n), socialServicesPresent: rnd.int(1, n) };
  });

  // The reports, closed as they were handled; moved back to when they were made.
  await inTurns(reports, 8, async (r) => {
    const created = await s.reports.create(r.author, r.body, undefined, 'import');
    const viewer = r.body.visibility === 'own' ? actors.get('polis.samordnare')! : triage;
    await s.reports.update(viewer, created.id, { version: created.version, status: 'resolved' });
    await s.repo.backdate(created.id, new Date(r.at.getTime() + 30 * 60_000));
  });

  // The efforts, done on their day (a drug operation or dog search shared with the partners once over).
  await inTurns(planned, 8, async (d) => {
    const by = actors.get(d.by)!;
    const start = at(d.day, 19);
    const end = d.wholeYear ? at(365, 12) : at(d.day, 23);
    const dto: CreateEffortDto = {
      type: d.type, title: d.title, mode: d.orgs.length > 1 ? 'joint' : 'separate', organisationIds: d.orgs.map(org),
      placeIds: (d.places ?? []).map((n) => place(n).id), areaIds: (d.areas ?? []).map(area), plannedStart: start, plannedEnd: end,
    };
    const e = await s.efforts.create(by, dto);
    const done = await s.efforts.update(by, e.id, { version: e.version, status: 'done', actualStart: start, actualEnd: end, outcome: d.outcome });
    if (e.visibility !== 'partners' && !d.keep) await s.efforts.update(by, e.id, { version: done.version, visibility: 'partners' });
    for (const a of d.actions ?? []) {
      await s.efforts.addAction(actors.get(`${a.org}.samordnare`)!, e.id, { organisationId: org(a.org), kind: a.kind, count: a.count, at: at(a.day, 22) });
    }
    await s.repo.backdateEffort(e.id, new Date(new Date(start).getTime() - 7 * 86_400_000));
  });

  // Concern talks, entered by social services month by month (counts only).
  const social = actors.get('social.medlem')!;
  for (const t of talks) await s.concernTalks.create(social, t);

  // The promise, and its follow-up generated as a draft: a coordinator edits and publishes it.
  const coordinator = actors.get('kommun.samordnare')!;
  const made = await s.promises.create(coordinator, promise(org, area));
  await s.documents.generateFollowUp(coordinator, made.id, YEAR);
  return { reports: reports.length, efforts: planned.length, promiseId: made.id };
}
