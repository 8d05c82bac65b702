import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { isCoordinatorRole, type Category, type PictureSnapshotResponse, type WeeklyPictureResponse } from '#contracts';
import { AreaSelect } from '../components/AreaSelect.js';
import { MapView } from '../components/MapView.js';
import { CategoryBars, SeriesChart, HeatTable } from '../components/PictureCharts.js';
import {
  AreaTable,
  CategoryFilter,
  CategoryTable,
  DownloadLinks,
  EffortGroups,
  HotspotLegend,
  HotspotList,
  hotspotMarkers,
  PictureReportItem,
  PicturesNav,
  SeverityCounts,
  SnapshotFiles,
  TotalsSummary,
} from '../components/PictureParts.js';
import { PictureReview } from '../components/PictureReview.js';
import { get } from '../lib/api.js';
import { formErrors } from '../lib/errors.js';
import { categoryLabel, formatDateTime } from '../lib/i18n.js';
import { useAreas, useAsync, useDocumentTitle, useMediaQuery, useSession } from '../lib/hooks.js';
import { addWeeks, currentWeek, formatDay, lastEndedWeek, parseWeek, seriesLabel, weekHasEnded, weekNumber, weeklyPath } from '../lib/pictures.js';
import './pictures.css';

const CARDS_QUERY = '(max-width: 760px)';
/** Open reports listed before "show all" (the most severe first; the API sends at most 100). */
const OPEN_FIRST = 10;

/** The weekly picture (Veckobild): what the weekly joint meeting works from, with the review step for coordinators. */
export default function WeeklyPicturePage() {
  const { t } = useTranslation();
  const session = useSession()!;
  const isCoordinator = isCoordinatorRole(session.user.role);
  const [params, setParams] = useSearchParams();
  const week = parseWeek(params.get('week')) ? params.get('week')! : lastEndedWeek();
  const areaId = params.get('area') ?? '';
  const catParam = params.get('cat') ?? '';
  const categories = useMemo(() => catParam.split(',').filter(Boolean), [catParam]);
  const filter = useMemo(() => ({ areaId, categories }), [areaId, categories]);
  const picture = useAsync(() => get<WeeklyPictureResponse>(weeklyPath(week, filter)), [week, filter]);
  const areas = useAreas();
  const cards = useMediaQuery(CARDS_QUERY);
  const [frozenNow, setFrozenNow] = useState<PictureSnapshotResponse | null>(null);
  const [allOpen, setAllOpen] = useState(false);
  const snapshotHeading = useRef<HTMLHeadingElement>(null);
  // Just frozen: the review's controls are gone, so focus goes to the snapshot and its files.
  useEffect(() => {
    if (frozenNow) snapshotHeading.current?.focus();
  }, [frozenNow]);
  const live = picture.data;
  const snapshotId = live?.snapshot?.id ?? null;
  // A frozen week is shown as it was frozen (the joint view of the whole collaboration, as the meeting's agenda shows
  // it), unless the reader asks for the live picture or narrows it (the snapshot is of everything, unfiltered).
  const filtered = !!areaId || categories.length > 0;
  const frozenView = !!snapshotId && !filtered && params.get('view') !== 'live';
  const frozen = useAsync(
    () => (frozenView && snapshotId ? get<WeeklyPictureResponse>(`/api/pictures/snapshots/${snapshotId}?format=json`) : Promise.resolve(undefined)),
    [frozenView, snapshotId],
  );
  // (Should the stored JSON ever not be a picture, the live one is shown rather than a broken page.)
  const frozenPicture = frozen.data && 'totals' in frozen.data && 'change' in frozen.data && 'hotspots' in frozen.data ? frozen.data : undefined;
  const p = frozenView ? frozenPicture ?? (frozen.error || (frozen.data && !frozenPicture) ? live : undefined) : live;
  const snapshot = useAsync(
    () => (snapshotId ? get<{ items: PictureSnapshotResponse[] }>('/api/pictures/snapshots').then((s) => s.items.find((x) => x.id === snapshotId) ?? null) : Promise.resolve(null)),
    [snapshotId],
  );
  const shownSnapshot = frozenNow && frozenNow.id === snapshotId ? frozenNow : snapshot.data ?? (frozenNow?.week === week ? frozenNow : null);
  useDocumentTitle(t('pictures.week.docTitle', { week: weekNumber(week) }));

  // What is typed in the week field (a browser without a week picker shows a text field), applied when it is a week.
  const [typed, setTyped] = useState(week);
  useEffect(() => setTyped(week), [week]);

  const set = (changes: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setParams(next, { replace: true });
  };
  const setWeek = (w: string) => set({ week: w === lastEndedWeek() ? '' : w });
  const latest = currentWeek();
  const markers = useMemo(() => (p ? hotspotMarkers(p.hotspots, 'week', t) : []), [p, t]);
  const ended = weekHasEnded(week);
  const baseName = `veckobild-${week}`;
  const what = t('pictures.week.fileWhat', { week: weekNumber(week) });

  const categoryRows = p
    ? (Object.entries(p.change.byCategory) as [Category, WeeklyPictureResponse['change']['all']][])
        .map(([code, c]) => ({ key: code, label: categoryLabel(code), current: c.current, previous: c.previous }))
        .sort((a, b) => b.current - a.current || b.previous - a.previous)
    : [];

  return (
    <div className="picture-page" data-testid="weekly-picture">
      <PicturesNav />
      <div className="page-head">
        <div>
          <h1>{t('pictures.week.title')}</h1>
          <p className="lead" data-testid="picture-period">
            {t('pictures.week.lead', { week: weekNumber(week), year: week.slice(0, 4) })}
            {p && p.period.label === week && <> · {formatDay(p.period.firstDay)} – {formatDay(p.period.lastDay)}</>}
          </p>
          <p className="muted small print-only">
            {p?.filter.area ? p.filter.area.name : t('pictures.wholeCollaboration')} ·{' '}
            {p?.filter.categories?.length ? p.filter.categories.map((c) => categoryLabel(c)).join(', ') : t('pictures.allCategories')}
          </p>
        </div>
      </div>

      <form className="filters picture-filters no-print" aria-label={t('pictures.filters')} onSubmit={(e) => e.preventDefault()}>
        <div className="week-picker" role="group" aria-label={t('pictures.week.picker')}>
          <div className="field inline">
            <label htmlFor="week-input">{t('pictures.week.label')}</label>
            <input
              id="week-input"
              type="week"
              value={typed}
              max={latest}
              aria-describedby="week-hint"
              onChange={(e) => {
                setTyped(e.target.value);
                if (parseWeek(e.target.value) && e.target.value <= latest) setWeek(e.target.value);
              }}
            />
            <span id="week-hint" className="visually-hidden">
              {t('pictures.week.hint')}
            </span>
          </div>
          <span className="week-steps">
            <button type="button" className="button secondary small" onClick={() => setWeek(addWeeks(week, -1))} data-testid="previous-week">
              <span aria-hidden="true">← </span>
              {t('pictures.week.previous')}
            </button>
            <button type="button" className="button secondary small" onClick={() => setWeek(addWeeks(week, 1))} disabled={week >= latest} data-testid="next-week">
              {t('pictures.week.next')}
              <span aria-hidden="true"> →</span>
            </button>
          </span>
          {week !== lastEndedWeek() && (
            <button type="button" className="button secondary small" onClick={() => setWeek('')}>
              {t('pictures.week.lastEnded')}
            </button>
          )}
        </div>
        <AreaSelect id="picture-area" areas={areas.data ?? []} value={areaId} onChange={(v) => set({ area: v })} />
        <CategoryFilter value={categories} onChange={(c) => set({ cat: c.join(',') })} />
      </form>

      <DownloadLinks path={(f) => weeklyPath(week, filter, f)} baseName={baseName} what={what} testId="week-downloads" />

      {(picture.loading || frozen.loading) && <p role="status" className="muted small">{t('common.loading')}</p>}
      {!!picture.error && (
        <p className="notice error" role="alert">
          {formErrors(picture.error, t, []).general.join(' ')}
        </p>
      )}

      {p && (
        <div className="picture-body" aria-busy={picture.loading || undefined}>
          <div className="picture-status" data-testid="picture-status">
            {!ended && <p className="notice info">{t('pictures.week.inProgress')}</p>}
            {live?.snapshot && frozenView && p === frozenPicture && (
              <div className="notice success" data-testid="frozen-note" data-view="frozen">
                <p>{t('pictures.week.frozenShown', { at: formatDateTime(live.snapshot.frozenAt) })}</p>
                <p className="no-print">
                  <Link to={`?${new URLSearchParams({ week, view: 'live' })}`} replace>{t('pictures.week.showLive')}</Link> ·{' '}
                  <Link to={`/lagesbild/snapshots#snapshot-${live.snapshot.id}`}>{t('pictures.week.seeSnapshot')}</Link>
                </p>
              </div>
            )}
            {live?.snapshot && !(frozenView && p === frozenPicture) && (
              <div className="notice info" data-testid="frozen-note" data-view="live">
                <p>{t('pictures.week.frozenLive', { at: formatDateTime(live.snapshot.frozenAt) })}</p>
                <p className="no-print">
                  {filtered ? t('pictures.week.frozenWhole') : <Link to={`?${new URLSearchParams({ week })}`} replace>{t('pictures.week.showFrozen')}</Link>} ·{' '}
                  <Link to={`/lagesbild/snapshots#snapshot-${live.snapshot.id}`}>{t('pictures.week.seeSnapshot')}</Link>
                </p>
              </div>
            )}
            {!live?.snapshot && ended && <p className="muted small">{t('pictures.week.notFrozen')}</p>}
            <p className="muted small">
              {p.audience.joint ? t('pictures.audienceJoint') : t('pictures.audience', { organisation: p.audience.organisation?.name ?? '' })}
            </p>
          </div>

          <section aria-labelledby="totals-h">
            <h2 id="totals-h">{t('pictures.totals.title')}</h2>
            <TotalsSummary change={p.change} kind="week" excluded={p.excluded} openTotal={p.openReports.total} />
            {p.filter.area ? (
              <CategoryTable change={p.change} kind="week" caption={t('pictures.byCategory')} />
            ) : (
              <div className="picture-grid">
                <CategoryTable change={p.change} kind="week" caption={t('pictures.byCategory')} />
                <AreaTable change={p.change} kind="week" caption={t('pictures.byArea')} />
              </div>
            )}
          </section>

          <section aria-labelledby="charts-h" className="picture-charts">
            <h2 id="charts-h">{t('pictures.charts')}</h2>
            <div className="picture-grid">
              {categoryRows.length > 0 ? (
                <CategoryBars
                  rows={categoryRows}
                  caption={t('pictures.chart.byCategoryWeek', { week: weekNumber(week) })}
                  currentLabel={t('pictures.chart.thisWeek', { week: weekNumber(week) })}
                  previousLabel={t('pictures.chart.previousWeek', { week: weekNumber(addWeeks(week, -1)) })}
                  testId="category-chart"
                />
              ) : (
                <p className="muted">{t('pictures.noReports')}</p>
              )}
              <SeriesChart
                steps={p.series.map((s) => ({ label: s.label, short: seriesLabel(s.label, t), count: s.count }))}
                caption={t('pictures.chart.series8')}
                highlightLast
                testId="series-chart"
              />
            </div>
          </section>

          <section aria-labelledby="hotspots-h" className="picture-hotspots">
            <h2 id="hotspots-h">{t('pictures.hotspot.title')}</h2>
            <p className="muted small">{t('pictures.hotspot.introWeek')}</p>
            <div className="picture-map">
              <MapView
                label={t('pictures.hotspot.mapLabel')}
                areas={(areas.data ?? []).filter((a) => !areaId || a.id === areaId)}
                places={[]}
                hotspots={markers}
                fitKey={`${week}|${areaId}|${catParam}`}
                fitWhen={!picture.loading && !areas.loading}
              />
              <HotspotLegend />
            </div>
            <HotspotList hotspots={p.hotspots} kind="week" cards={cards} caption={t('pictures.hotspot.tableCaption', { week: weekNumber(week) })} />
          </section>

          <section aria-labelledby="heat-h">
            <h2 id="heat-h">{t('pictures.heat.title')}</h2>
            <HeatTable matrix={p.weekdayHour} caption={t('pictures.heat.caption', { week: weekNumber(week) })} testId="heat-table" />
          </section>

          <section aria-labelledby="open-h">
            <h2 id="open-h">{t('pictures.open.title', { count: p.openReports.total })}</h2>
            <p className="muted small">{t('pictures.open.intro')}</p>
            <SeverityCounts bySeverity={p.openReports.bySeverity} />
            {p.openReports.items.length > 0 && (
              <ul className="plain-list pic-report-list" id="open-reports" data-testid="open-reports">
                {p.openReports.items.slice(0, allOpen ? undefined : OPEN_FIRST).map((r) => (
                  <li key={r.id}>
                    <PictureReportItem r={r} />
                  </li>
                ))}
              </ul>
            )}
            {p.openReports.items.length > OPEN_FIRST && (
              <p className="no-print">
                <button type="button" className="button secondary small" aria-expanded={allOpen} aria-controls="open-reports" onClick={() => setAllOpen((a) => !a)}>
                  {allOpen ? t('pictures.open.fewer') : t('pictures.open.all', { count: p.openReports.items.length })}
                </button>
              </p>
            )}
            {p.openReports.total > p.openReports.items.length && <p className="muted small">{t('pictures.open.more', { count: p.openReports.total - p.openReports.items.length })}</p>}
          </section>

          <section aria-labelledby="efforts-h">
            <h2 id="efforts-h">{t('pictures.efforts.title')}</h2>
            <EffortGroups efforts={p.efforts} />
          </section>

          {shownSnapshot && (
            <section aria-labelledby="snapshot-h" className="no-print" data-testid="week-snapshot">
              <h2 id="snapshot-h" ref={snapshotHeading} tabIndex={-1}>
                {t('pictures.snapshot.title', { week: weekNumber(week) })}
              </h2>
              <p className="muted small">
                {t('pictures.snapshot.frozenBy', { at: formatDateTime(shownSnapshot.frozenAt), organisation: shownSnapshot.frozenBy.name })}
              </p>
              <SnapshotFiles snapshot={shownSnapshot} />
            </section>
          )}

          {isCoordinator && live && (
            <PictureReview
              picture={live}
              onChanged={picture.reload}
              onFrozen={(s) => {
                setFrozenNow(s);
                picture.reload();
              }}
            />
          )}
        </div>
      )}
    </div>
  );
}
