import { Injectable } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import {
  type AgendaPicture, type Category, type PeriodAnalysisResponse, type PictureExclusionResponse, type PictureFileFormat, type PicturePeriod,
  type PictureSnapshotResponse, type WeeklyPictureResponse,
} from '#contracts';
import { type Actor, isCoordinator } from '../common/actor.js';
import { CategoriesService } from '../categories/categories.service.js';
import { type CrimeStatsByAreaRow, CrimeStatsService } from '../crime-stats/crime-stats.service.js';
import { conflict, DomainError, forbidden, invalid, notFound } from '../common/domain-error.js';
import { WritePath } from '../common/write/write-path.js';
import { GeographyService } from '../geography/geography.service.js';
import {
  bySeverity, changeOf, effortOf, hotspotOf, rankAreas, REPEAT_PLACE_MIN, reportOf, SEVERE_FROM, seriesOf, totalsOf, weekdayHourOf,
} from './picture.builder.js';
import { countChange, PictureErrorCode } from './picture.rules.js';
import { type PictureFile, PictureFilesService } from './picture-files.service.js';
import { hasEnded, parsePeriod, pictureFileName, parseWeek, type PeriodQuery, seriesSteps, weekOf, weeksBefore, yearEarlier } from './picture-periods.js';
import {
  type PictureAudience, type PictureScope, PicturesRepository, PictureWritesRepository, type SnapshotRow, type TimeRange,
} from './pictures.repository.js';

/** How many of the period's reports the JSON carries (the files carry them all, streamed). */
export const JSON_REPORTS_MAX = 2000;
const OPEN_REPORTS_MAX = 100;
const EFFORTS_MAX = 500;

export interface PictureFilterQuery {
  areaId?: string;
  categories?: string;
}

const range = (p: { from: string; to: string }): TimeRange => ({ from: p.from, to: p.to });

/**
 * The weekly picture, the period analyses, the review step and frozen snapshots (api-contract.md, "The weekly
 * picture"). Counted in SQL under the reader's visibility (or the joint view of a snapshot); the arithmetic of
 * changes and classes is picture.builder.ts and picture.rules.ts.
 */
@Injectable()
export class PicturesService {
  constructor(
    private readonly repo: PicturesRepository,
    private readonly writesRepo: PictureWritesRepository,
    private readonly writes: WritePath,
    private readonly geography: GeographyService,
    private readonly files: PictureFilesService,
    private readonly crime: CrimeStatsService,
    private readonly categories: CategoriesService,
  ) {}

  /** The scope of a reader's picture: their view, the area (of their collaboration: else 404 naming areaId) and categories. */
  async scopeOf(actor: Actor, q: PictureFilterQuery, joint = false): Promise<{ scope: PictureScope; area: { id: string; name: string } | null }> {
    const area = q.areaId ? (await this.geography.named('areas', actor.collaborationId, [q.areaId], 'areaId'))[0] : null;
    const audience: PictureAudience = { collaborationId: actor.collaborationId, organisationId: joint ? null : actor.organisationId };
    const categories = parseCategories(q.categories);
    // Any category of the collaboration, switched off ones too: their reports are in the pictures of their weeks.
    if (categories) await this.categories.assertKnown(actor.collaborationId, categories, 'categories');
    return { scope: { audience, areaIds: area ? [area.id] : null, categories }, area };
  }

  async weekly(actor: Actor, q: PictureFilterQuery & { week?: string }): Promise<WeeklyPictureResponse> {
    return (await this.weeklyWithScope(actor, q, 'json')).picture;
  }

  /** The weekly picture as a file (the CSV and GeoJSON stream every report of the week). */
  async weeklyFile(actor: Actor, q: PictureFilterQuery & { week?: string }, format: PictureFileFormat): Promise<PictureFile> {
    if (format === 'csv') {
      if (q.week === undefined) throw invalid('week', 'is required, e.g. 2026-W47');
      return this.csvOnly(actor, q, parseWeek(q.week), 'picture.weekly.export');
    }
    const { picture, scope } = await this.weeklyWithScope(actor, q, format);
    return this.files.file(picture, scope, format, exportedBy(actor));
  }

  private async weeklyWithScope(actor: Actor, q: PictureFilterQuery & { week?: string }, format: PictureFileFormat | 'json') {
    if (q.week === undefined) throw invalid('week', 'is required, e.g. 2026-W47');
    const period = parseWeek(q.week);
    const { scope, area } = await this.scopeOf(actor, q);
    const picture = await this.buildWeekly(scope, period, area, actor);
    await this.writes.audit(actor, {
      action: format === 'json' ? 'picture.weekly.read' : 'picture.weekly.export', entityType: 'picture',
      details: { week: period.label, areaId: area?.id ?? null, categories: scope.categories, format },
    });
    return { picture, scope };
  }

  /** The picture of a week for a scope: totals and changes, hotspots, weekday x hour, open reports, efforts. */
  async buildWeekly(scope: PictureScope, period: PicturePeriod, area: { id: string; name: string } | null, actor: Actor): Promise<WeeklyPictureResponse> {
    const weeks = [...weeksBefore(period, 7), period];
    const c = scope.audience.collaborationId;
    const [names, counts, hotspots, matrix, open, openItems, reports, efforts, excluded, snapshot] = await Promise.all([
      this.geography.areaNames(c),
      this.repo.countsByRange(scope, weeks.map(range)),
      this.repo.hotspots(scope, weeks.slice(3).map(range)),
      this.repo.weekdayHour(scope, range(period)),
      this.repo.openCounts(scope, period.to),
      this.repo.openReports(scope, period.to, OPEN_REPORTS_MAX),
      this.repo.reports(scope, range(period), JSON_REPORTS_MAX + 1),
      this.repo.efforts(scope, range(period), EFFORTS_MAX),
      this.repo.excludedCount(scope, [range(period)]),
      this.writesRepo.snapshot(c, { week: period.label }),
    ]);
    const totals = totalsOf(counts, [8], names);
    const fourBefore = [4, 5, 6, 7].map((b) => totalsOf(counts, [b], names));
    const mapped = efforts.map(effortOf);
    return {
      period,
      filter: { area, categories: scope.categories },
      generatedAt: new Date().toISOString(),
      audience: audienceOf(scope, actor),
      totals,
      change: changeOf(totals, fourBefore[3], fourBefore),
      hotspots: hotspots.map(hotspotOf),
      weekdayHour: weekdayHourOf(matrix),
      series: seriesOf(counts, weeks.map((w) => ({ label: w.label, from: w.from }))),
      openReports: { ...bySeverity(open), items: openItems.map(reportOf) },
      reports: reports.slice(0, JSON_REPORTS_MAX).map(reportOf),
      reportsTruncated: reports.length > JSON_REPORTS_MAX,
      efforts: {
        planned: mapped.filter((e) => e.status === 'planned'), ongoing: mapped.filter((e) => e.status === 'ongoing'),
        done: mapped.filter((e) => e.status === 'done'), cancelled: mapped.filter((e) => e.status === 'cancelled'),
      },
      excluded,
      snapshot: snapshot ? { id: snapshot.id, frozenAt: new Date(snapshot.frozenAt).toISOString() } : null,
    };
  }

  async period(actor: Actor, q: PictureFilterQuery & PeriodQuery): Promise<PeriodAnalysisResponse> {
    return (await this.periodWithScope(actor, q, 'json')).analysis;
  }

  async periodFile(actor: Actor, q: PictureFilterQuery & PeriodQuery, format: PictureFileFormat): Promise<PictureFile> {
    if (format === 'csv') return this.csvOnly(actor, q, parsePeriod(q), 'picture.period.export');
    const { analysis, scope } = await this.periodWithScope(actor, q, format);
    return this.files.file(analysis, scope, format, exportedBy(actor));
  }

  /** The CSV of a period's reports: the scope and the filter only, no picture built (files.csv says why). */
  private async csvOnly(actor: Actor, q: PictureFilterQuery, period: PicturePeriod, action: string): Promise<PictureFile> {
    const { scope, area } = await this.scopeOf(actor, q);
    await this.writes.audit(actor, { action, entityType: 'picture', details: { period: period.label, areaId: area?.id ?? null, categories: scope.categories, format: 'csv' } });
    return this.files.csv(scope, { period, filter: { area, categories: scope.categories } }, exportedBy(actor));
  }

  private async periodWithScope(actor: Actor, q: PictureFilterQuery & PeriodQuery, format: PictureFileFormat | 'json') {
    const period = parsePeriod(q);
    const { scope, area } = await this.scopeOf(actor, q);
    const analysis = await this.buildPeriod(scope, period, area, actor);
    await this.writes.audit(actor, {
      action: format === 'json' ? 'picture.period.read' : 'picture.period.export', entityType: 'picture',
      details: { period: period.label, areaId: area?.id ?? null, categories: scope.categories, format },
    });
    return { analysis, scope };
  }

  async buildPeriod(scope: PictureScope, period: PicturePeriod, area: { id: string; name: string } | null, actor: Actor): Promise<PeriodAnalysisResponse> {
    const comparison = yearEarlier(period);
    const steps = seriesSteps(period);
    const c = scope.audience.collaborationId;
    const crimeArea = scope.areaIds?.[0];
    const [names, counts, before, hotspots, matrix, stats, effortCounts, efforts, reports, excluded, crimeNow, crimeBefore] = await Promise.all([
      this.geography.areaNames(c),
      this.repo.countsByRange(scope, steps.map(range)),
      this.repo.countsByRange(scope, [range(comparison)]),
      this.repo.hotspots(scope, [range(comparison), range(period)]),
      this.repo.weekdayHour(scope, range(period)),
      this.repo.areaStats(scope, range(period), SEVERE_FROM, REPEAT_PLACE_MIN),
      this.repo.effortCounts(scope, range(period)),
      this.repo.efforts(scope, range(period), EFFORTS_MAX),
      this.repo.reports(scope, range(period), JSON_REPORTS_MAX + 1),
      this.repo.excludedCount(scope, [range(period)]),
      this.crime.byArea(c, period.firstDay, period.lastDay, crimeArea),
      this.crime.byArea(c, comparison.firstDay, comparison.lastDay, crimeArea),
    ]);
    const totals = totalsOf(counts, steps.map((_, i) => i + 1), names);
    const previous = totalsOf(before, [1], names);
    const previousByArea = new Map(previous.byArea.map((a) => [a.area?.id ?? null, a.count]));
    return {
      period, comparison,
      filter: { area, categories: scope.categories },
      generatedAt: new Date().toISOString(),
      audience: audienceOf(scope, actor),
      totals,
      change: changeOf(totals, previous, null),
      hotspots: hotspots.map(hotspotOf),
      weekdayHour: weekdayHourOf(matrix),
      series: seriesOf(counts, steps),
      ranking: rankAreas(stats, previousByArea, names),
      efforts: { byType: effortCounts, done: efforts.filter((e) => e.status === 'done').map(effortOf) },
      crime: crimeBeside(crimeNow, crimeBefore),
      reports: reports.slice(0, JSON_REPORTS_MAX).map(reportOf),
      reportsTruncated: reports.length > JSON_REPORTS_MAX,
      excluded,
    };
  }

  /**
   * The picture of the last week ended before `startsAt`, for a meeting's agenda: its snapshot if frozen (the joint
   * view, narrowed to the meeting's areas), else live as `actor` may see it.
   */
  async agendaPicture(actor: Actor, startsAt: Date, areaIds: string[]): Promise<AgendaPicture> {
    const [week] = weeksBefore(weekOf(startsAt), 1);
    const snapshot = await this.writesRepo.snapshot(actor.collaborationId, { week: week.label });
    const inAreas = (a: { id: string } | null) => !areaIds.length || (!!a && areaIds.includes(a.id));
    if (snapshot) {
      const p = await this.writesRepo.snapshotPicture(snapshot.id);
      const sum = (t: { area: { id: string } | null; count: number }[]) => t.filter((a) => inAreas(a.area)).reduce((n, a) => n + a.count, 0);
      const total = areaIds.length
        ? countChange(sum(p.change.byArea.map((a) => ({ area: a.area, count: a.current }))), sum(p.change.byArea.map((a) => ({ area: a.area, count: a.previous }))),
          null)
        : p.change.all;
      return { week: week.label, snapshot: { id: snapshot.id, frozenAt: new Date(snapshot.frozenAt).toISOString() }, joint: true, total,
        hotspots: p.hotspots.filter((h) => inAreas(h.area)) };
    }
    const scope: PictureScope = { audience: { collaborationId: actor.collaborationId, organisationId: actor.organisationId }, areaIds: areaIds.length ? areaIds : null, categories: null };
    const weeks = [...weeksBefore(week, 4), week];
    const [counts, hotspots] = await Promise.all([this.repo.countsByRange(scope, weeks.map(range)), this.repo.hotspots(scope, weeks.map(range))]);
    const of = (b: number) => counts.filter((r) => r.bucket === b).reduce((n, r) => n + r.n, 0);
    return { week: week.label, snapshot: null, joint: false, total: countChange(of(5), of(4), [1, 2, 3, 4].map(of)), hotspots: hotspots.map(hotspotOf) };
  }

  // --- The review step -------------------------------------------------------------------------------------------

  async exclude(actor: Actor, week: string, dto: { reportId: string; reason: string }): Promise<PictureExclusionResponse> {
    assertCoordinator(actor);
    const period = parseWeek(week);
    const id = randomUUID();
    const result = await this.writes.run(actor, {}, (w) => {
      const row = this.writesRepo.exclude(w, actor, { id, reportId: dto.reportId, week: period.label, from: period.from, to: period.to, reason: dto.reason });
      w.audit({ action: 'picture.exclude', entityType: 'report', entityId: dto.reportId, details: { week: period.label } });
      return row;
    });
    if (result.kind !== 'written') {
      // Why nothing was written, for a clear answer: frozen, already left out, or not a report of this week you may see.
      if (await this.writesRepo.snapshot(actor.collaborationId, { week: period.label })) {
        throw conflict(PictureErrorCode.WeekFrozen, `week ${period.label} is frozen; its picture no longer changes`);
      }
      if ((await this.writesRepo.exclusions(actor, period.label)).some((x) => x.reportId === dto.reportId)) {
        throw conflict(PictureErrorCode.AlreadyExcluded, 'this report is already left out of the picture');
      }
      throw new DomainError('not_found', 'NOT_FOUND', 'reportId not found among the reports of this week you may see', { field: 'reportId' });
    }
    return { id, week: period.label, reportId: dto.reportId, reason: dto.reason, excludedBy: orgOf(actor), createdAt: new Date().toISOString() };
  }

  async exclusions(actor: Actor, week: string): Promise<{ items: PictureExclusionResponse[]; nextCursor: null }> {
    const period = parseWeek(week);
    const rows = await this.writesRepo.exclusions(actor, period.label);
    return {
      items: rows.map((x) => ({
        id: x.id, week: x.week, reportId: x.reportId, reason: x.reason, excludedBy: { id: x.orgId, name: x.orgName, kind: x.orgKind },
        createdAt: new Date(x.createdAt).toISOString(),
      })),
      nextCursor: null,
    };
  }

  async include(actor: Actor, week: string, reportId: string): Promise<void> {
    assertCoordinator(actor);
    const period = parseWeek(week);
    const result = await this.writes.run(actor, {}, (w) => {
      const row = this.writesRepo.include(w, actor, period.label, reportId);
      w.audit({ action: 'picture.include', entityType: 'report', entityId: reportId, details: { week: period.label } });
      return row;
    });
    if (result.kind !== 'written' || !result.rows.length) {
      if (await this.writesRepo.snapshot(actor.collaborationId, { week: period.label })) {
        throw conflict(PictureErrorCode.WeekFrozen, `week ${period.label} is frozen; its picture no longer changes`);
      }
      throw notFound('exclusion');
    }
  }

  // --- Frozen snapshots --------------------------------------------------------------------------------------------

  /**
   * Freezes a week that has ended: the joint view (what every partner may see) with its files, stored once and never
   * changed. A second freeze of the week is 409; a week not yet over is 400.
   */
  async freeze(actor: Actor, week: string): Promise<PictureSnapshotResponse> {
    assertCoordinator(actor);
    const period = parseWeek(week);
    if (!hasEnded(period)) throw new DomainError('invalid', PictureErrorCode.WeekNotOver, [`week ${period.label} has not ended yet; freeze it from the Monday after`], { field: 'week' });
    if (await this.writesRepo.snapshot(actor.collaborationId, { week: period.label })) throw alreadyFrozen(period.label);
    const { scope } = await this.scopeOf(actor, {}, true);
    const picture = await this.buildWeekly(scope, period, null, actor);
    const frozenAt = new Date();
    // The files name the freezing organisation, not the person: they go to every partner, as a report's author does not.
    const made = [
      { format: 'json' as const, fileName: `${pictureFileName('lagesbild', period, null, 'json')}`, content: Buffer.from(JSON.stringify(picture)) },
      ...(await this.files.all(picture, scope, { name: 'Samordnare', organisation: actor.organisationName }, frozenAt)),
    ];
    const hashed = made.map((f) => ({ ...f, sha256: createHash('sha256').update(f.content).digest('hex') }));
    const contentHash = createHash('sha256').update(hashed.map((f) => `${f.format}:${f.sha256}`).join('\n')).digest('hex');
    const id = randomUUID();
    const result = await this.writes.run(actor, {}, (w) => {
      const row = this.writesRepo.freeze(w, {
        id, collaborationId: actor.collaborationId, week: period.label, picture, contentHash, frozenBy: actor.id, frozenByOrganisation: actor.organisationId,
      }, hashed.map((f) => ({ snapshotId: id, format: f.format, fileName: f.fileName, content: f.content, sha256: f.sha256 })));
      w.audit({ action: 'picture.freeze', entityType: 'picture', entityId: id, details: { week: period.label, contentHash } });
      return row;
    });
    if (result.kind !== 'written' || !result.rows.length) throw alreadyFrozen(period.label);
    return snapshotOf((await this.writesRepo.snapshot(actor.collaborationId, { id }))!);
  }

  async snapshots(actor: Actor): Promise<{ items: PictureSnapshotResponse[]; nextCursor: null }> {
    return { items: (await this.writesRepo.snapshots(actor.collaborationId)).map(snapshotOf), nextCursor: null };
  }

  /** A snapshot's stored file (json included), byte for byte; every member of the collaboration may read the joint view. */
  async snapshotFile(actor: Actor, id: string, format: PictureFileFormat | 'json'): Promise<{ fileName: string; content: Buffer }> {
    const snap = await this.writesRepo.snapshot(actor.collaborationId, { id });
    if (!snap) throw notFound('snapshot');
    const file = await this.writesRepo.file(id, format);
    if (!file) throw notFound('snapshot file');
    await this.writes.audit(actor, { action: 'picture.snapshot.read', entityType: 'picture', entityId: id, details: { format } });
    return file;
  }
}

/**
 * Police-reported crime beside the observations: per area, counts by crime type over the period, and the total of the
 * same months a year earlier. Kept in its own part of the analysis and never added to the partners' counts.
 */
function crimeBeside(now: CrimeStatsByAreaRow[], before: CrimeStatsByAreaRow[]): PeriodAnalysisResponse['crime'] {
  const areas = new Map<string, PeriodAnalysisResponse['crime']['byArea'][number]>();
  for (const r of now) {
    const a = areas.get(r.areaId) ?? { area: { id: r.areaId, name: r.areaName }, byType: {}, total: 0, previousTotal: 0 };
    a.byType[r.crimeType] = (a.byType[r.crimeType] ?? 0) + r.count;
    a.total += r.count;
    areas.set(r.areaId, a);
  }
  for (const r of before) {
    const a = areas.get(r.areaId) ?? { area: { id: r.areaId, name: r.areaName }, byType: {}, total: 0, previousTotal: 0 };
    a.previousTotal += r.count;
    areas.set(r.areaId, a);
  }
  return {
    byArea: [...areas.values()].sort((a, b) => b.total - a.total || a.area.name.localeCompare(b.area.name, 'sv')),
    months: [...new Set(now.map((r) => r.month))].sort(),
  };
}

/** The comma-separated category codes of a picture's filter (which of them the collaboration has: `scopeOf`). */
function parseCategories(value: string | undefined): Category[] | null {
  if (value === undefined || value === '') return null;
  return [...new Set(value.split(',').map((c) => c.trim()))];
}

function assertCoordinator(actor: Actor): void {
  if (!isCoordinator(actor)) throw forbidden('only coordinators review and freeze the picture');
}

const alreadyFrozen = (week: string) => conflict(PictureErrorCode.AlreadyFrozen, `week ${week} is already frozen`);
const exportedBy = (a: Actor) => ({ name: a.name, organisation: a.organisationName });
const orgOf = (a: Actor) => ({ id: a.organisationId, name: a.organisationName, kind: a.organisationKind });

function audienceOf(scope: PictureScope, actor: Actor): WeeklyPictureResponse['audience'] {
  return scope.audience.organisationId === null ? { organisation: null, joint: true } : { organisation: orgOf(actor), joint: false };
}

function snapshotOf(s: SnapshotRow): PictureSnapshotResponse {
  return {
    id: s.id, week: s.week, period: s.period, frozenAt: new Date(s.frozenAt).toISOString(), frozenBy: { id: s.orgId, name: s.orgName, kind: s.orgKind },
    contentHash: s.contentHash, files: s.files.filter((f) => f.format !== ('json' as PictureFileFormat)),
  };
}
