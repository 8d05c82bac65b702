import { useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { EFFORT_STATUSES, type Category, type CountChange, type EffortType, type PeriodAnalysisResponse } from '#contracts';
import { AreaSelect } from '../components/AreaSelect.js';
import { CategoryBars, HeatTable, SeriesChart } from '../components/PictureCharts.js';
import {
  AreaTable,
  CategoryFilter,
  CategoryTable,
  DownloadLinks,
  EffortItem,
  HotspotList,
  PicturesNav,
  TotalsSummary,
} from '../components/PictureParts.js';
import { get } from '../lib/api.js';
import { formErrors } from '../lib/errors.js';
import { categoryLabel, formatMonth } from '../lib/i18n.js';
import { useAreas, useAsync, useDocumentTitle, useMediaQuery } from '../lib/hooks.js';
import {
  defaultTertial,
  formatDay,
  formatNumber,
  formatSigned,
  periodFromParams,
  periodParams,
  periodPath,
  recentTertials,
  seriesLabel,
  stockholmToday,
  thisMonth,
  thisYear,
  type PeriodChoice,
} from '../lib/pictures.js';
import './pictures.css';

const CARDS_QUERY = '(max-width: 760px)';
const KINDS = ['tertial', 'month', 'year', 'range'] as const;
const day = (d: Date) => d.toISOString().slice(0, 10);

/** The choice a kind starts with when it is picked: the default tertial, last month, this year, the last 90 days. */
function firstChoice(kind: PeriodChoice['kind']): PeriodChoice {
  const today = stockholmToday();
  switch (kind) {
    case 'tertial':
      return { kind, value: defaultTertial() };
    case 'month': {
      const last = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - 1, 1));
      return { kind, value: last.toISOString().slice(0, 7) };
    }
    case 'year':
      return { kind, value: thisYear() };
    case 'range':
      return { kind, from: day(new Date(today.getTime() - 89 * 86_400_000)), to: day(today) };
  }
}

/** "Tertial 2, 2026 (maj–aug.)" for the picker. */
function tertialLabel(value: string, t: ReturnType<typeof useTranslation>['t']): string {
  const [year, n] = value.split('-T');
  return t('pictures.period.tertialOption', { year, n, months: t(`pictures.period.tertialMonths.${n}`) });
}

/** The period analysis (Analys): a tertial, month, year or range against the same period a year earlier. */
export default function PeriodAnalysisPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const choice = periodFromParams(params);
  const choiceKey = JSON.stringify(choice);
  const areaId = params.get('area') ?? '';
  const catParam = params.get('cat') ?? '';
  const categories = useMemo(() => catParam.split(',').filter(Boolean), [catParam]);
  const filter = useMemo(() => ({ areaId, categories }), [areaId, categories]);
  const analysis = useAsync(() => get<PeriodAnalysisResponse>(periodPath(choice, filter)), [choiceKey, filter]);
  const areas = useAreas();
  const cards = useMediaQuery(CARDS_QUERY);
  const a = analysis.data;
  useDocumentTitle(t('pictures.period.title'));

  // A range is applied with its button (two dates at once); the others as they are chosen.
  const [from, setFrom] = useState(choice.kind === 'range' ? choice.from : '');
  const [to, setTo] = useState(choice.kind === 'range' ? choice.to : '');
  const [rangeError, setRangeError] = useState<string | null>(null);
  useEffect(() => {
    if (choice.kind === 'range') {
      setFrom(choice.from);
      setTo(choice.to);
    }
  }, [choiceKey]);

  const apply = (next: PeriodChoice | null, changes: Record<string, string> = {}) => {
    const p = new URLSearchParams();
    if (next) for (const [k, v] of Object.entries(periodParams(next))) p.set(k, v);
    else for (const k of ['tertial', 'month', 'year', 'from', 'to']) if (params.get(k)) p.set(k, params.get(k)!);
    const merged = { area: areaId, cat: catParam, ...changes };
    for (const [k, v] of Object.entries(merged)) if (v) p.set(k, v);
    setParams(p, { replace: true });
  };
  const applyRange = () => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(from) || !/^\d{4}-\d{2}-\d{2}$/.test(to)) return setRangeError(t('pictures.period.rangeMissing'));
    if (from > to) return setRangeError(t('pictures.period.rangeOrder'));
    setRangeError(null);
    apply({ kind: 'range', from, to });
  };

  const baseName = `analys-${a?.period.label ?? (choice.kind === 'range' ? `${choice.from}--${choice.to}` : choice.value)}`;
  const years = Array.from({ length: 6 }, (_, i) => String(Number(thisYear()) - i));
  const categoryRows = a
    ? (Object.entries(a.change.byCategory) as [Category, CountChange][])
        .map(([code, c]) => ({ key: code, label: categoryLabel(code), current: c.current, previous: c.previous }))
        .sort((x, y) => y.current - x.current || y.previous - x.previous)
    : [];
  const monthly = !!a?.series.length && /^\d{4}-\d{2}$/.test(a.series[0].label);
  const crime = a?.crime;
  const effortTypes = a ? [...new Set(a.efforts.byType.map((e) => e.type))] : [];
  const effortCount = (type: EffortType, status: string) => a?.efforts.byType.find((e) => e.type === type && e.status === status)?.count ?? 0;

  return (
    <div className="picture-page" data-testid="period-analysis">
      <PicturesNav />
      <h1>{t('pictures.period.title')}</h1>
      <p className="lead" data-testid="analysis-period">
        {a ? t('pictures.period.lead', { from: formatDay(a.period.firstDay), to: formatDay(a.period.lastDay), cfrom: formatDay(a.comparison.firstDay), cto: formatDay(a.comparison.lastDay) }) : t('pictures.period.intro')}
      </p>

      <form className="filters picture-filters no-print" aria-label={t('pictures.filters')} onSubmit={(e) => e.preventDefault()}>
        <fieldset className="period-kind">
          <legend>{t('pictures.period.kind')}</legend>
          <div className="segmented-radios">
            {KINDS.map((k) => (
              <label key={k} className="radio">
                <input type="radio" name="period-kind" value={k} checked={choice.kind === k} onChange={() => apply(firstChoice(k))} />
                {t(`pictures.period.kinds.${k}`)}
              </label>
            ))}
          </div>
        </fieldset>
        {choice.kind === 'tertial' && (
          <div className="field inline">
            <label htmlFor="period-tertial">{t('pictures.period.kinds.tertial')}</label>
            <select id="period-tertial" value={choice.value} onChange={(e) => apply({ kind: 'tertial', value: e.target.value })}>
              {(recentTertials().includes(choice.value) ? recentTertials() : [choice.value, ...recentTertials()]).map((v) => (
                <option key={v} value={v}>
                  {tertialLabel(v, t)}
                </option>
              ))}
            </select>
          </div>
        )}
        {choice.kind === 'month' && (
          <div className="field inline">
            <label htmlFor="period-month">{t('pictures.period.kinds.month')}</label>
            <input id="period-month" type="month" value={choice.value} max={thisMonth()} onChange={(e) => /^\d{4}-\d{2}$/.test(e.target.value) && apply({ kind: 'month', value: e.target.value })} />
          </div>
        )}
        {choice.kind === 'year' && (
          <div className="field inline">
            <label htmlFor="period-year">{t('pictures.period.kinds.year')}</label>
            <select id="period-year" value={choice.value} onChange={(e) => apply({ kind: 'year', value: e.target.value })}>
              {(years.includes(choice.value) ? years : [choice.value, ...years]).map((y) => (
                <option key={y} value={y}>
                  {y}
                </option>
              ))}
            </select>
          </div>
        )}
        {choice.kind === 'range' && (
          <div className="range-fields">
            <div className="field inline">
              <label htmlFor="period-from">{t('pictures.period.from')}</label>
              <input id="period-from" type="date" value={from} onChange={(e) => setFrom(e.target.value)} aria-invalid={!!rangeError || undefined} aria-describedby={rangeError ? 'range-error' : undefined} />
            </div>
            <div className="field inline">
              <label htmlFor="period-to">{t('pictures.period.to')}</label>
              <input id="period-to" type="date" value={to} onChange={(e) => setTo(e.target.value)} aria-invalid={!!rangeError || undefined} aria-describedby={rangeError ? 'range-error' : undefined} />
            </div>
            <button type="button" className="button secondary small" onClick={applyRange}>
              {t('pictures.period.applyRange')}
            </button>
            {rangeError && (
              <p className="field-error" id="range-error" role="alert">
                {rangeError}
              </p>
            )}
          </div>
        )}
        <AreaSelect id="analysis-area" areas={areas.data ?? []} value={areaId} onChange={(v) => apply(null, { area: v })} />
        <CategoryFilter value={categories} onChange={(c) => apply(null, { cat: c.join(',') })} />
      </form>

      <DownloadLinks path={(f) => periodPath(choice, filter, f)} baseName={baseName} what={t('pictures.period.fileWhat')} testId="period-downloads" />

      {analysis.loading && <p role="status" className="muted small">{t('common.loading')}</p>}
      {!!analysis.error && (
        <p className="notice error" role="alert">
          {formErrors(analysis.error, t, []).general.join(' ')}
        </p>
      )}

      {a && (
        <div className="picture-body" aria-busy={analysis.loading || undefined}>
          <p className="muted small">
            {a.filter.area ? a.filter.area.name : t('pictures.wholeCollaboration')} ·{' '}
            {a.filter.categories?.length ? a.filter.categories.map((c) => categoryLabel(c)).join(', ') : t('pictures.allCategories')} ·{' '}
            {a.audience.joint ? t('pictures.audienceJoint') : t('pictures.audience', { organisation: a.audience.organisation?.name ?? '' })}
          </p>

          <section aria-labelledby="ptotals-h">
            <h2 id="ptotals-h">{t('pictures.totals.title')}</h2>
            <TotalsSummary change={a.change} kind="period" excluded={a.excluded} />
            <CategoryTable change={a.change} kind="period" caption={t('pictures.byCategory')} />
          </section>

          <section aria-labelledby="pcharts-h" className="picture-charts">
            <h2 id="pcharts-h">{t('pictures.charts')}</h2>
            <div className="picture-grid">
              {categoryRows.length > 0 ? (
                <CategoryBars
                  rows={categoryRows}
                  caption={t('pictures.chart.byCategoryPeriod')}
                  currentLabel={t('pictures.chart.thisPeriod')}
                  previousLabel={t('pictures.chart.yearEarlier')}
                  testId="category-chart"
                />
              ) : (
                <p className="muted">{t('pictures.noReports')}</p>
              )}
              <SeriesChart
                steps={a.series.map((s) => ({ label: s.label, short: seriesLabel(s.label, t), count: s.count }))}
                caption={monthly ? t('pictures.chart.seriesMonths') : t('pictures.chart.seriesWeeks')}
                testId="series-chart"
              />
            </div>
          </section>

          <section aria-labelledby="areas-h">
            <h2 id="areas-h">{t('pictures.period.areasTitle')}</h2>
            <p className="muted small">{t('pictures.crime.besideNote')}</p>
            <div className="picture-grid">
              <div>
                <AreaTable change={a.change} kind="period" caption={t('pictures.period.observationsByArea')} />
              </div>
              <div className="crime-box" data-testid="crime">
                <h3 className="h3">{t('pictures.crime.title')}</h3>
                {!crime ? (
                  <p className="muted">{t('pictures.crime.unavailable')}</p>
                ) : crime.byArea.length === 0 ? (
                  <p className="muted">{t('pictures.crime.none')}</p>
                ) : (
                  <>
                    <div className="table-wrap" role="region" aria-label={t('pictures.crime.title')} tabIndex={0}>
                      <table className="table" data-testid="crime-table">
                        <caption>{t('pictures.crime.caption')}</caption>
                        <thead>
                          <tr>
                            <th scope="col">{t('pictures.col.area')}</th>
                            <th scope="col" className="num">{t('pictures.crime.total')}</th>
                            <th scope="col" className="num">{t('pictures.col.yearEarlier')}</th>
                            <th scope="col">{t('pictures.crime.types')}</th>
                          </tr>
                        </thead>
                        <tbody>
                          {crime.byArea.map((c) => (
                            <tr key={c.area.id}>
                              <th scope="row">{c.area.name}</th>
                              <td className="num">{formatNumber(c.total)}</td>
                              <td className="num">
                                {formatNumber(c.previousTotal)} <span className="muted small">({formatSigned(c.total - c.previousTotal)})</span>
                              </td>
                              <td>
                                {Object.entries(c.byType)
                                  .sort((x, y) => y[1] - x[1])
                                  .map(([type, n]) => `${type} ${n}`)
                                  .join(', ')}
                              </td>
                            </tr>
                          ))}
                        </tbody>
                      </table>
                    </div>
                    {crime.months.length > 0 && (
                      <p className="muted small">
                        {t('pictures.crime.months', { months: crime.months.map((m) => formatMonth(m)).join(', ') })}
                      </p>
                    )}
                  </>
                )}
              </div>
            </div>
          </section>

          <section aria-labelledby="ranking-h">
            <h2 id="ranking-h">{t('pictures.ranking.title')}</h2>
            <p className="muted small">{t('pictures.ranking.intro')}</p>
            {a.ranking.length === 0 ? (
              <p className="muted">{t('pictures.noReports')}</p>
            ) : (
              <ol className="plain-list cards ranking-list" data-testid="ranking">
                {a.ranking.map((r) => (
                  <li key={r.area?.id ?? 'none'} className="card ranking-item" data-testid="ranking-area">
                    <h3 className="h3">
                      <span className="rank" aria-hidden="true">{r.rank}</span>
                      <span className="visually-hidden">{t('pictures.ranking.rank', { rank: r.rank })}: </span>
                      {r.area?.name ?? t('pictures.noArea')}
                    </h3>
                    <p className="small">{t('pictures.ranking.counts', { count: r.count, previous: r.previous })}</p>
                    {r.reasons.length > 0 && (
                      <>
                        <p className="small"><strong>{t('pictures.ranking.reasons')}:</strong></p>
                        <ul className="reasons" lang="sv">
                          {r.reasons.map((x) => (
                            <li key={x.kind}>{x.text}</li>
                          ))}
                        </ul>
                      </>
                    )}
                  </li>
                ))}
              </ol>
            )}
          </section>

          <section aria-labelledby="photspots-h">
            <h2 id="photspots-h">{t('pictures.hotspot.title')}</h2>
            <p className="muted small">{t('pictures.hotspot.introPeriod')}</p>
            <HotspotList hotspots={a.hotspots} kind="period" cards={cards} caption={t('pictures.hotspot.tableCaptionPeriod')} />
          </section>

          <section aria-labelledby="pheat-h">
            <h2 id="pheat-h">{t('pictures.heat.title')}</h2>
            <HeatTable matrix={a.weekdayHour} caption={t('pictures.heat.captionPeriod')} testId="heat-table" />
          </section>

          <section aria-labelledby="peffort-h">
            <h2 id="peffort-h">{t('pictures.efforts.byTypeTitle')}</h2>
            {effortTypes.length === 0 ? (
              <p className="muted">{t('pictures.efforts.none')}</p>
            ) : (
              <div className="table-wrap" role="region" aria-label={t('pictures.efforts.byTypeTitle')} tabIndex={0}>
                <table className="table" data-testid="efforts-by-type">
                  <caption>{t('pictures.efforts.byTypeCaption')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('pictures.col.effortType')}</th>
                      {EFFORT_STATUSES.map((s) => (
                        <th key={s} scope="col" className="num">
                          {t(`effortStatus.${s}`)}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {effortTypes.map((type) => (
                      <tr key={type}>
                        <th scope="row">{t(`effortType.${type}`)}</th>
                        {EFFORT_STATUSES.map((s) => (
                          <td key={s} className="num">
                            {effortCount(type, s)}
                          </td>
                        ))}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            {a.efforts.done.length > 0 && (
              <>
                <h3 className="h3">{t('pictures.efforts.done', { count: a.efforts.done.length })}</h3>
                <ul className="plain-list card" data-testid="period-efforts-done">
                  {a.efforts.done.map((e) => (
                    <EffortItem key={e.id} e={e} />
                  ))}
                </ul>
              </>
            )}
          </section>
        </div>
      )}
    </div>
  );
}
