import type { DefaultCategory, EffortStatus } from '#contracts';
import type { Actor } from '../../common/actor.js';
import type { EffortsService } from '../../efforts/efforts.service.js';
import type { CreateEffortDto } from '../../efforts/efforts.dto.js';
import type { DemoSeedRepository } from './demo-seed.repository.js';

const DAY = 24 * 3600 * 1000;

interface DemoEffort {
  by: string;
  effort: Omit<CreateEffortDto, 'plannedStart' | 'organisationIds' | 'areaIds' | 'placeIds' | 'reportIds'> & { organisations: string[] };
  /** Days from now (negative: in the past). */
  start: number;
  end?: number;
  followUp?: number;
  places?: string[];
  areas?: string[];
  /** Reports it took up: of these categories at its places in the last weeks, a few. */
  takesUp?: { categories: DefaultCategory[]; max: number };
  then?: { status: EffortStatus; outcome?: string; share?: boolean }[];
  actions?: { org: string; kind: string; count: number; daysAgo: number }[];
}

/** Efforts as the Lidköping follow-up describes them: patrols, dog searches at schools, tip-led operations, lighting. */
const EFFORTS: DemoEffort[] = [
  {
    by: 'polis.samordnare', start: -21, end: 14, followUp: 10, places: ['Krogstråket Skaragatan', 'Nya Stadens torg'], areas: ['Centrum'],
    effort: { type: 'visibility_patrol', title: 'Närvaro i krogmiljön fredag och lördag kväll', mode: 'separate', organisations: ['polis'],
      description: 'Synlig polisnärvaro kl. 22–03 på krogstråket och torget, i samverkan med krögarna.' },
    takesUp: { categories: ['nightlife', 'violence', 'disorder'], max: 6 },
    then: [{ status: 'ongoing' }],
    actions: [{ org: 'polis', kind: 'patrullpass', count: 6, daysAgo: 14 }, { org: 'polis', kind: 'patrullpass', count: 6, daysAgo: 7 }],
  },
  {
    by: 'polis.samordnare', start: -12, end: -12, places: ['Katedralskolans skolgård'],
    effort: { type: 'dog_search', title: 'Hundsök och besök på Katedralskolan', mode: 'joint', organisations: ['polis', 'katedral'],
      description: 'Narkotikahund i skolans lokaler, samtal med elever om droger.' },
    then: [{ status: 'done', outcome: 'Inga fynd. Eleverna i årskurs 1 fick information om droger och om hur de kan tipsa.', share: true }],
    actions: [{ org: 'polis', kind: 'hundsök', count: 1, daysAgo: 12 }, { org: 'katedral', kind: 'klassbesök', count: 8, daysAgo: 12 }],
  },
  {
    by: 'polis.samordnare', start: -6, end: 10, places: ['Stadsparken'],
    effort: { type: 'drug_operation', title: 'Tipsstyrd insats mot narkotikaförsäljning', mode: 'separate', organisations: ['polis'] },
    takesUp: { categories: ['drug_dealing'], max: 3 },
    then: [{ status: 'ongoing' }],
  },
  {
    by: 'kommun.samordnare', start: -18, followUp: -2, places: ['Stadsparken'],
    effort: { type: 'lighting_fix', title: 'Bättre belysning i Stadsparken', mode: 'separate', organisations: ['kommun'],
      description: 'Byte av trasiga armaturer och ny belysning längs gångvägen mot stationen.' },
    takesUp: { categories: ['lighting', 'unsafe_place'], max: 4 },
  },
  {
    by: 'polis.samordnare', start: -9, end: -9, areas: ['Landsbygd'],
    effort: { type: 'speed_check', title: 'Hastighetskontroller där boende känner sig otrygga', mode: 'separate', organisations: ['polis'] },
    then: [{ status: 'done', outcome: '40 kontrollerade fordon, 6 rapporterade för hastighet. Landsbygdsrådet får resultatet.' }],
    actions: [{ org: 'polis', kind: 'kontroller', count: 40, daysAgo: 9 }],
  },
  {
    by: 'kommun.samordnare', start: 3, end: 3, followUp: 17, places: ['Resecentrum'],
    effort: { type: 'cleanup', title: 'Städning och klotterplanering vid Resecentrum', mode: 'joint', organisations: ['kommun', 'bostader'] },
    takesUp: { categories: ['littering', 'vandalism'], max: 4 },
  },
];

/** Seeds the demo's efforts through the real EffortsService, after the reports (so they can take some up). */
export async function seedEfforts(
  repo: DemoSeedRepository, efforts: EffortsService, actors: Map<string, Actor>, orgIds: Map<string, string>,
  places: { id: string; name: string }[], areas: { id: string; name: string }[],
): Promise<number> {
  const now = Date.now();
  for (const d of EFFORTS) {
    const by = actors.get(d.by)!;
    const placeIds = (d.places ?? []).map((n) => places.find((p) => p.name === n)!.id);
    const reportIds = d.takesUp ? await repo.openReportsAt(by, placeIds, d.takesUp.categories, d.takesUp.max) : [];
    const { organisations, ...effort } = d.effort;
    let e = await efforts.create(by, {
      ...effort,
      organisationIds: organisations.map((o) => orgIds.get(o)!),
      placeIds, areaIds: (d.areas ?? []).map((n) => areas.find((a) => a.name === n)!.id),
      plannedStart: new Date(now + d.start * DAY).toISOString(),
      plannedEnd: d.end !== undefined ? new Date(now + d.end * DAY).toISOString() : undefined,
      followUpAt: d.followUp !== undefined ? new Date(now + d.followUp * DAY).toISOString() : undefined,
      reportIds,
    });
    for (const a of d.actions ?? []) {
      await efforts.addAction(actors.get(`${a.org}.medlem`)!, e.id, { organisationId: orgIds.get(a.org)!, kind: a.kind, count: a.count, at: new Date(now - a.daysAgo * DAY).toISOString() });
    }
    for (const step of d.then ?? []) {
      e = await efforts.update(by, e.id, { version: e.version, status: step.status, outcome: step.outcome });
      if (step.share) e = await efforts.update(by, e.id, { version: e.version, visibility: 'partners' });
    }
  }
  return EFFORTS.length;
}
