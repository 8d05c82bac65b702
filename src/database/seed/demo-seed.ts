import type { INestApplication } from '@nestjs/common';
import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CATEGORY_CODES, type DefaultCategory, type Visibility } from '#contracts';
import type { Actor } from '../../common/actor.js';
import { poisson, prng } from './prng.js';
import { hashPassword } from '../../common/password.js';
import { GeographyService } from '../../geography/geography.service.js';
import { OrganisationsService } from '../../organisations/organisations.service.js';
import { UsersService } from '../../users/users.service.js';
import { DemoSeedRepository } from './demo-seed.repository.js';
import { ReportsService } from '../../reports/reports.service.js';
import { EffortsService } from '../../efforts/efforts.service.js';
import { seedEfforts } from './demo-efforts.js';
import { CrimeStatsService } from '../../crime-stats/crime-stats.service.js';
import { seedCrimeStats } from './demo-crime-stats.js';
import { ConcernTalksService } from '../../concern-talks/concern-talks.service.js';
import { PromisesService } from '../../promises/promises.service.js';
import { DocumentsService } from '../../promises/documents/documents.service.js';
import { seedPromise2020 } from './demo-promise-2020.js';
import { DEMO_AREAS, DEMO_DOMAIN, DEMO_ORGANISATIONS, DEMO_PASSWORD, DEMO_PEOPLE, DEMO_PLACES, DEMO_ROLES, DESCRIPTIONS } from './lidkoping.js';

const DAY = 24 * 3600 * 1000;

/** Days of history before the four busy weeks: about fourteen months, so a period compares with a year earlier. */
const HISTORY_DAYS = 430;
/**
 * How the history moves, so the period analysis has something to find: the station and the housing courtyards grow
 * busier over the year (twice the rate at the end), the Stenhammar school yard calms down (a third); the rest is flat.
 */
const TREND: Record<string, (t: number) => number> = {
  'Resecentrum': (t) => 0.5 + t,
  'Östermalms bostadsområde, gårdarna': (t) => 0.5 + t,
  'Stenhammarskolans skolgård': (t) => 1.5 - t,
};

export const demoEmail = (org: string, roleSv: string) => `${org}.${roleSv}@${DEMO_DOMAIN}`;

/**
 * Seeds the Lidköping demo once, into an empty default collaboration: partners, one user of each role per
 * partner, areas, places, and fourteen months of reports (the last four weeks busiest) through the real ReportsService (so history, audit and the
 * event log are as real use makes them), then moved back to the times they were observed.
 */
export async function seedDemo(app: INestApplication, collaborationId: string): Promise<boolean> {
  const repo = new DemoSeedRepository(app.get(DataSource));
  const log = new Logger('DemoSeed');
  return repo.locked(async () => {
    if (await repo.hasOrganisations(collaborationId)) return false;
    const started = Date.now();
    const actors = await seedPeople(app.get(OrganisationsService), app.get(UsersService), collaborationId);
    const geography = app.get(GeographyService);
    const coordinator = actors.get('kommun.samordnare')!;
    const areas = [];
    for (const a of DEMO_AREAS) areas.push(await geography.createArea(coordinator, { name: a.name, boundary: a.boundary as unknown as Record<string, unknown> }));
    const places = [];
    for (const p of DEMO_PLACES) places.push({ ...p, id: (await geography.createPlace(actors.get(`${p.reporters[0]}.medlem`)!, { name: p.name, kind: p.kind, location: { lat: p.lat, lng: p.lng } })).id });
    const count = await seedReports(repo, app.get(ReportsService), actors, places);
    const orgIds = new Map(DEMO_ORGANISATIONS.map((o) => [o.code, actors.get(`${o.code}.medlem`)!.organisationId]));
    const efforts = await seedEfforts(repo, app.get(EffortsService), actors, orgIds, places, areas);
    // Police-reported crime of the last 24 months per area, uploaded by the municipality's coordinator.
    const crimeCounts = await seedCrimeStats(app.get(CrimeStatsService), coordinator, areas);
    log.log(`seeded ${crimeCounts} police-reported crime counts (24 months, 5 crime types per area)`);
    // The citizen promise of 2020 with its year of reports, efforts and concern talks, and its follow-up as a draft.
    const started2020 = Date.now();
    const y2020 = await seedPromise2020({
      repo, reports: app.get(ReportsService), efforts: app.get(EffortsService), concernTalks: app.get(ConcernTalksService),
      promises: app.get(PromisesService), documents: app.get(DocumentsService),
    }, actors, orgIds, places, areas);
    log.log(`seeded the 2020 citizen promise: ${y2020.reports} reports of 2019–2020, ${y2020.efforts} efforts of 2020, its follow-up in ${Date.now() - started2020} ms`);
    log.log(`seeded the Lidköping demo: ${DEMO_ORGANISATIONS.length} organisations, ${actors.size} users, ${places.length} places, ${count} reports, ${efforts} efforts in ${Date.now() - started} ms`);
    return true;
  });
}

async function seedPeople(organisations: OrganisationsService, users: UsersService, collaborationId: string): Promise<Map<string, Actor>> {
  const hash = await hashPassword(DEMO_PASSWORD); // one hash: every demo user has the same password
  const actors = new Map<string, Actor>();
  for (const org of DEMO_ORGANISATIONS) {
    const o = await organisations.ensure(collaborationId, org.name, org.kind);
    for (const [i, r] of DEMO_ROLES.entries()) {
      const email = demoEmail(org.code, r.sv);
      const name = DEMO_PEOPLE[org.code][i];
      // The municipality runs the partnership: its admin manages every partner's organisation and people.
      const role = org.code === 'kommun' && r.role === 'admin' ? 'collaboration_admin' : r.role;
      const id = await users.insert(null, o, { email, name, role }, hash);
      if (!id) throw new Error(`the demo user ${email} exists already in another collaboration`);
      actors.set(`${org.code}.${r.sv}`, {
        id, email, name, role, platformAdmin: false, collaborationId,
        organisationId: o.id, organisationName: org.name, organisationKind: org.kind,
      });
    }
  }
  return actors;
}

async function seedReports(
  repo: DemoSeedRepository,
  reports: ReportsService,
  actors: Map<string, Actor>,
  places: ((typeof DEMO_PLACES)[number] & { id: string })[],
): Promise<number> {
  const rnd = prng(2026);
  const now = Date.now();
  const police = actors.get('polis.medlem')!;
  const planned: { at: number; place: (typeof places)[number]; category: DefaultCategory; reporter: string }[] = [];
  // The history: about one report a day, each place weighted by its trend over the fourteen months.
  for (let day = HISTORY_DAYS + 27; day > 27; day--) {
    const t = 1 - (day - 27) / HISTORY_DAYS;
    for (let i = 0, n = poisson(1.1, rnd.next); i < n; i++) {
      const weights = places.map((p) => TREND[p.name]?.(t) ?? 1);
      let r = rnd.next() * weights.reduce((a, b) => a + b, 0);
      const place = places[Math.max(0, weights.findIndex((w) => (r -= w) < 0))];
      const category = place.typical[Math.floor(rnd.next() ** 2 * place.typical.length)];
      const date = new Date(now - day * DAY);
      date.setHours(rnd.pick(place.hours), rnd.int(0, 59), 0, 0);
      planned.push({ at: date.getTime(), place, category, reporter: rnd.pick(place.reporters) });
    }
  }
  for (let day = 27; day >= 0; day--) {
    const weekend = [5, 6].includes(new Date(now - day * DAY).getDay());
    for (let i = 0, n = rnd.int(6, 10) + (weekend ? 4 : 0); i < n; i++) {
      const place = rnd.pick(places);
      const category = rnd.next() < 0.8 ? place.typical[Math.floor(rnd.next() ** 2 * place.typical.length)] : rnd.pick(CATEGORY_CODES);
      const date = new Date(now - day * DAY);
      date.setHours(rnd.pick(place.hours), rnd.int(0, 59), 0, 0);
      if (date.getTime() > now - 10 * 60 * 1000) continue;
      planned.push({ at: date.getTime(), place, category, reporter: rnd.pick(place.reporters) });
    }
  }
  // Every category at least once, so every filter and every row of the weekly picture has something.
  CATEGORY_CODES.forEach((category, i) => planned.push({ at: now - (i + 1) * 7.3 * 3600 * 1000, place: places[i % places.length], category, reporter: 'kommun' }));
  planned.sort((a, b) => a.at - b.at);

  // Every random choice is drawn here, in order, so the demo is the same however the writes below interleave.
  const triage = actors.get('kommun.samordnare')!;
  const steps = planned.map((p) => {
    const role = rnd.next() < 0.25 ? 'samordnare' : 'medlem';
    const author = actors.get(`${p.reporter}.${role}`)!;
    const { visibility, shared } = visibilityFor(p.reporter, p.category, rnd.next(), actors);
    const body = {
      category: p.category,
      description: rnd.pick(DESCRIPTIONS[p.category]),
      observedAt: new Date(p.at).toISOString(),
      placeId: p.place.id,
      location: { lat: p.place.lat + (rnd.next() - 0.5) * 0.0012, lng: p.place.lng + (rnd.next() - 0.5) * 0.002 },
      severity: severityOf(p.category, rnd.next()),
      visibility,
      sharedWithOrganisationIds: shared,
    };
    const viewer = visibility === 'partners' ? triage : author.role === 'coordinator' ? author : actors.get(`${p.reporter}.samordnare`)!;
    const statuses = lifecycle((now - p.at) / DAY, rnd.next());
    const comment = visibility === 'partners' && rnd.next() < 0.15
      ? rnd.pick(['Vi förstärker närvaron här i helgen.', 'Noterat, tas upp på veckomötet.', 'Patrull har varit på plats, lugnt vid besöket.'])
      : null;
    // Moved back to when the observation was made (and reported a little after).
    const createdAt = new Date(Math.min(p.at + rnd.int(5, 90) * 60 * 1000, now));
    return { author, body, viewer, statuses, comment, createdAt };
  });
  // A report's own writes in order; eight reports at a time (the seed of fourteen months is otherwise most of a start).
  await inTurns(steps, 8, async (step) => {
    // An import: the demo's reports go back fourteen months and carry the exact point at their place.
    const created = await reports.create(step.author, step.body, undefined, 'import');
    let version = created.version;
    for (const status of step.statuses) version = (await reports.update(step.viewer, created.id, { version, status })).version;
    if (step.comment) await reports.addComment(police, created.id, { body: step.comment });
    await repo.backdate(created.id, step.createdAt);
  });
  return planned.length;
}

/** Runs `work` over `items`, at most `concurrency` at a time. */
async function inTurns<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < items.length) await work(items[next++]);
  }));
}

function visibilityFor(reporter: string, category: DefaultCategory, r: number, actors: Map<string, Actor>): { visibility: Visibility; shared?: string[] } {
  if (reporter === 'social') {
    // Social services mostly share only with the police and the municipality (orossamtal stay apart).
    return r < 0.5 ? { visibility: 'organisations', shared: [actors.get('polis.medlem')!.organisationId, actors.get('kommun.medlem')!.organisationId] } : r < 0.8 ? { visibility: 'own' } : { visibility: 'partners' };
  }
  if (reporter === 'polis' && (category === 'drug_dealing' || category === 'violence') && r < 0.35) {
    return r < 0.15 ? { visibility: 'own' } : { visibility: 'organisations', shared: [actors.get('kommun.medlem')!.organisationId] };
  }
  return r < 0.06 ? { visibility: 'own' } : { visibility: 'partners' };
}

function severityOf(category: DefaultCategory, r: number): number {
  const base: Partial<Record<DefaultCategory, number>> = { violence: 4, fire: 4, threat_to_staff: 4, drug_dealing: 3, traffic_drunk_driving: 4, burglary: 3, littering: 1, lighting: 2 };
  return Math.min(5, Math.max(1, (base[category] ?? 2) + (r < 0.2 ? -1 : r > 0.85 ? 1 : 0)));
}

function lifecycle(ageDays: number, r: number): ('acknowledged' | 'in_progress' | 'resolved' | 'closed')[] {
  if (ageDays < 1) return r < 0.4 ? ['acknowledged'] : [];
  if (ageDays < 7) return r < 0.3 ? [] : r < 0.6 ? ['acknowledged'] : r < 0.85 ? ['acknowledged', 'in_progress'] : ['acknowledged', 'in_progress', 'resolved'];
  return r < 0.1 ? ['acknowledged'] : r < 0.3 ? ['acknowledged', 'in_progress'] : r < 0.7 ? ['acknowledged', 'in_progress', 'resolved'] : ['acknowledged', 'resolved', 'closed'];
}
