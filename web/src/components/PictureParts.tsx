export { CategoryFilter } from './CategoryFilter.js';
import { useState, type MouseEvent } from 'react';
import { Link, NavLink } from 'react-router';
import { useTranslation } from 'react-i18next';
import {
  PICTURE_FILE_FORMATS,
  type Category,
  type CountChange,
  type PictureChange,
  type PictureEffort,
  type PictureFileFormat,
  type PictureHotspot,
  type PictureHotspotClass,
  type PictureReport,
  type PictureSnapshotResponse,
} from '#contracts';
import { EffortStatusBadge, SeverityBadge } from './Badges.js';
import { downloadFile } from '../lib/download.js';
import { formErrors } from '../lib/errors.js';
import { categoryLabel, formatDateTime } from '../lib/i18n.js';
import { FILE_TYPES, formatBytes, formatNumber, formatSigned, hotspotName, snapshotFilePath, typicalTime } from '../lib/pictures.js';
import type { MapHotspot } from './MapView.js';

/** The three screens of the picture: the week, the analyses, the frozen weeks. */
export function PicturesNav() {
  const { t } = useTranslation();
  return (
    <nav className="subnav pictures-subnav" aria-label={t('pictures.subnav')}>
      <NavLink to="/lagesbild/vecka">{t('pictures.nav')}</NavLink>
      <NavLink to="/lagesbild/period">{t('pictures.navPeriod')}</NavLink>
      <NavLink to="/lagesbild/snapshots">{t('pictures.navSnapshots')}</NavLink>
    </nav>
  );
}


const TREND_MARKS = { up: '▲', down: '▼', steady: '▬' } as const;

/** Up, down or steady in words, with a mark beside (never the colour or the mark alone). */
export function TrendWord({ trend }: { trend: CountChange['trend'] }) {
  const { t } = useTranslation();
  return (
    <span className={`trend trend-${trend}`} data-trend={trend}>
      <span aria-hidden="true">{TREND_MARKS[trend]} </span>
      {t(`pictures.trend.${trend}`)}
    </span>
  );
}

/** The headline figures: the total and how it moved (a week: the week before and the four before; a period: a year earlier). */
export function TotalsSummary({ change, kind, excluded, openTotal }: { change: PictureChange; kind: 'week' | 'period'; excluded: number; openTotal?: number }) {
  const { t } = useTranslation();
  const all = change.all;
  return (
    <div className="stat-grid" data-testid="picture-totals">
      <div className="stat card">
        <p className="stat-label">{kind === 'week' ? t('pictures.totals.week') : t('pictures.totals.period')}</p>
        <p className="stat-value" data-testid="total-all">
          {formatNumber(all.current)}
        </p>
        <p>
          {kind === 'week' ? t('pictures.totals.trendWeek') : t('pictures.totals.trendPeriod')}: <TrendWord trend={all.trend} />
        </p>
      </div>
      <div className="stat card">
        <dl className="stat-list">
          <div>
            <dt>{kind === 'week' ? t('pictures.totals.previousWeek') : t('pictures.totals.yearEarlier')}</dt>
            <dd data-testid="total-previous">
              {formatNumber(all.previous)} <span className="muted">({t('pictures.totals.diff', { diff: formatSigned(all.vsPrevious) })})</span>
            </dd>
          </div>
          {kind === 'week' && all.average !== null && (
            <div>
              <dt>{t('pictures.totals.average')}</dt>
              <dd data-testid="total-average">
                {formatNumber(all.average)} <span className="muted">({t('pictures.totals.diff', { diff: formatSigned(all.vsAverage ?? 0) })})</span>
              </dd>
            </div>
          )}
          {openTotal !== undefined && (
            <div>
              <dt>{t('pictures.totals.open')}</dt>
              <dd>{formatNumber(openTotal)}</dd>
            </div>
          )}
        </dl>
        {excluded > 0 && (
          <p className="excluded-note" data-testid="excluded-note">
            {t('pictures.excludedNote', { count: excluded })}
          </p>
        )}
      </div>
    </div>
  );
}

/** Rows of counts against the week before and the four-week average (a period: a year earlier), with a trend word. */
function ChangeTable({ rows, kind, caption, heading, testId }: {
  rows: { key: string; label: string; change: CountChange }[]; kind: 'week' | 'period'; caption: string; heading: string; testId: string;
}) {
  const { t } = useTranslation();
  return (
    <div className="table-wrap" role="region" aria-label={caption} tabIndex={0}>
      <table className="table" data-testid={testId}>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{heading}</th>
            <th scope="col" className="num">{kind === 'week' ? t('pictures.col.thisWeek') : t('pictures.col.thisPeriod')}</th>
            <th scope="col" className="num">{kind === 'week' ? t('pictures.col.previousWeek') : t('pictures.col.yearEarlier')}</th>
            {kind === 'week' && <th scope="col" className="num">{t('pictures.col.average')}</th>}
            <th scope="col">{t('pictures.col.trend')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(({ key, label, change: c }) => (
            <tr key={key}>
              <th scope="row">{label}</th>
              <td className="num">{formatNumber(c.current)}</td>
              <td className="num">
                {formatNumber(c.previous)} <span className="muted small">({formatSigned(c.vsPrevious)})</span>
              </td>
              {kind === 'week' && <td className="num">{c.average === null ? '–' : formatNumber(c.average)}</td>}
              <td>
                <TrendWord trend={c.trend} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Each category's count against the week before and the four-week average (a period: a year earlier). */
export function CategoryTable({ change, kind, caption }: { change: PictureChange; kind: 'week' | 'period'; caption: string }) {
  const { t } = useTranslation();
  const rows = (Object.entries(change.byCategory) as [Category, CountChange][]).sort((a, b) => b[1].current - a[1].current || b[1].previous - a[1].previous);
  if (!rows.length) return <p className="muted">{t('pictures.noReports')}</p>;
  return <ChangeTable rows={rows.map(([code, c]) => ({ key: code, label: categoryLabel(code), change: c }))} kind={kind} caption={caption}
    heading={t('pictures.col.category')} testId="category-table" />;
}

/** Each area's count, the same way. */
export function AreaTable({ change, kind, caption }: { change: PictureChange; kind: 'week' | 'period'; caption: string }) {
  const { t } = useTranslation();
  if (!change.byArea.length) return null;
  const rows = [...change.byArea].sort((a, b) => b.current - a.current);
  return <ChangeTable rows={rows.map((c) => ({ key: c.area?.id ?? 'none', label: c.area?.name ?? t('pictures.noArea'), change: c }))} kind={kind}
    caption={caption} heading={t('pictures.col.area')} testId="area-table" />;
}

/** Fills of the hotspot circles by class; the class is always written beside (table, popup, legend). */
export const HOTSPOT_FILLS: Record<PictureHotspotClass, string> = {
  new: '#b3261e',
  intensifying: '#d9822b',
  persistent: '#7a6a9a',
  diminishing: '#2f7d4a',
};

export function HotspotClassBadge({ value }: { value: PictureHotspotClass }) {
  const { t } = useTranslation();
  return (
    <span className={`badge hotspot-class hc-${value}`} data-class={value}>
      <span className="hc-swatch" aria-hidden="true" style={{ background: HOTSPOT_FILLS[value] }} />
      {t(`pictures.hotspotClass.${value}`)}
    </span>
  );
}

const categoriesText = (h: PictureHotspot) => h.categories.map((c) => `${categoryLabel(c.code)} ${c.count}`).join(', ');

/** The hotspots as the map shows them: rank, place, count, class in words. */
export function hotspotMarkers(hotspots: PictureHotspot[], kind: 'week' | 'period', t: ReturnType<typeof useTranslation>['t']): MapHotspot[] {
  return hotspots.map((h, i) => ({
    key: h.key,
    lat: h.center.lat,
    lng: h.center.lng,
    count: h.count,
    rank: i + 1,
    fill: HOTSPOT_FILLS[h.class],
    popup: [
      `${i + 1}. ${hotspotName(h, t)}`,
      t('pictures.hotspot.countLine', { count: h.count }),
      `${t('pictures.col.class')}: ${t(`pictures.hotspotClass.${h.class}`)}`,
      `${kind === 'week' ? t('pictures.col.earlierWeeks') : t('pictures.col.yearEarlier')}: ${h.earlier.join(', ')}`,
      categoriesText(h),
    ],
  }));
}

export function HotspotLegend() {
  const { t } = useTranslation();
  return (
    <ul className="hotspot-legend" aria-label={t('pictures.hotspot.legend')}>
      {(['new', 'intensifying', 'persistent', 'diminishing'] as const).map((c) => (
        <li key={c}>
          <HotspotClassBadge value={c} />
          <span className="muted small"> {t(`pictures.hotspotClassHint.${c}`)}</span>
        </li>
      ))}
      <li className="muted small">{t('pictures.hotspot.sizeHint')}</li>
    </ul>
  );
}

/** The hotspots as a table (wide screens) or as cards (a phone). */
export function HotspotList({ hotspots, kind, cards, caption }: { hotspots: PictureHotspot[]; kind: 'week' | 'period'; cards: boolean; caption: string }) {
  const { t } = useTranslation();
  if (!hotspots.length) return <p className="muted" data-testid="no-hotspots">{t('pictures.hotspot.none')}</p>;
  const earlierHead = kind === 'week' ? t('pictures.col.earlierWeeks') : t('pictures.col.yearEarlier');
  if (cards) {
    return (
      <ol className="plain-list cards hotspot-cards" aria-label={caption} data-testid="hotspot-table">
        {hotspots.map((h, i) => (
          <li key={h.key} className="card" data-testid="hotspot" data-hotspot-key={h.key}>
            <h3 className="h3">
              <span className="rank" aria-hidden="true">{i + 1}</span>
              <span className="visually-hidden">{t('pictures.hotspot.rank', { rank: i + 1 })}: </span>
              {hotspotName(h, t)} <HotspotClassBadge value={h.class} />
            </h3>
            <dl className="facts compact">
              <dt>{t('pictures.col.count')}</dt>
              <dd>{h.count}</dd>
              <dt>{earlierHead}</dt>
              <dd>{h.earlier.join(', ')}</dd>
              <dt>{t('pictures.col.area')}</dt>
              <dd>{h.area?.name ?? t('pictures.noArea')}</dd>
              <dt>{t('pictures.col.categories')}</dt>
              <dd>{categoriesText(h)}</dd>
              <dt>{t('pictures.col.typical')}</dt>
              <dd>{typicalTime(h, t)}</dd>
            </dl>
          </li>
        ))}
      </ol>
    );
  }
  return (
    <div className="table-wrap" role="region" aria-label={caption} tabIndex={0}>
      <table className="table hotspot-table" data-testid="hotspot-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col" className="num">{t('pictures.col.rank')}</th>
            <th scope="col">{t('pictures.col.place')}</th>
            <th scope="col">{t('pictures.col.area')}</th>
            <th scope="col" className="num">{t('pictures.col.count')}</th>
            <th scope="col">{earlierHead}</th>
            <th scope="col">{t('pictures.col.class')}</th>
            <th scope="col">{t('pictures.col.categories')}</th>
            <th scope="col">{t('pictures.col.typical')}</th>
          </tr>
        </thead>
        <tbody>
          {hotspots.map((h, i) => (
            <tr key={h.key} data-testid="hotspot" data-hotspot-key={h.key}>
              <td className="num">{i + 1}</td>
              <th scope="row">{hotspotName(h, t)}</th>
              <td>{h.area?.name ?? t('pictures.noArea')}</td>
              <td className="num">{h.count}</td>
              <td>{h.earlier.join(', ')}</td>
              <td>
                <HotspotClassBadge value={h.class} />
              </td>
              <td>{categoriesText(h)}</td>
              <td>{typicalTime(h, t)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** "Narkotikaförsäljning – Torget" and its status, time and organisation, linking to the report. */
export function PictureReportItem({ r, withDescription }: { r: PictureReport; withDescription?: boolean }) {
  const { t } = useTranslation();
  return (
    <div className="pic-report">
      <p className="pic-report-title">
        <SeverityBadge severity={r.severity} /> <Link to={`/rapporter/${r.id}`}>{categoryLabel(r.category)} – {r.place?.name ?? r.area?.name ?? t('pictures.unknownPlace')}</Link>
      </p>
      <p className="muted small">
        {t(`status.${r.status}`)} · <time dateTime={r.observedAt}>{formatDateTime(r.observedAt)}</time> · {r.organisation.name}
      </p>
      {withDescription && r.description && <p className="small pic-report-desc">{r.description.length > 160 ? `${r.description.slice(0, 159)}…` : r.description}</p>}
    </div>
  );
}

export function SeverityCounts({ bySeverity }: { bySeverity: Record<string, number> }) {
  const { t } = useTranslation();
  return (
    <ul className="pic-severity-counts" aria-label={t('pictures.open.bySeverity')} data-testid="open-by-severity">
      {['5', '4', '3', '2', '1'].map((s) => (
        <li key={s}>
          <SeverityBadge severity={Number(s)} /> <span>{t('pictures.open.count', { count: bySeverity[s] ?? 0 })}</span>
        </li>
      ))}
    </ul>
  );
}

export function EffortItem({ e }: { e: PictureEffort }) {
  const { t } = useTranslation();
  return (
    <li className="pic-effort" data-testid="picture-effort">
      <p className="pic-effort-title">
        <Link to={`/insatser/${e.id}`}>{e.title}</Link> <EffortStatusBadge status={e.status} />
      </p>
      <p className="muted small">
        {t(`effortType.${e.type}`)} · {t(`effortMode.${e.mode}.short`)} · {e.organisations.map((o) => o.name).join(', ')}
      </p>
      {(e.reports.length > 0 || e.actions.length > 0) && (
        <p className="small">
          {e.reports.length > 0 && t('pictures.efforts.linked', { count: e.reports.length })}
          {e.reports.length > 0 && e.actions.length > 0 && ' · '}
          {e.actions.length > 0 && `${t('pictures.efforts.actions')}: ${e.actions.map((a) => `${a.kind} ${a.count}`).join(', ')}`}
        </p>
      )}
      {e.outcome && <p className="small pre-wrap">{t('pictures.efforts.outcome')}: {e.outcome}</p>}
    </li>
  );
}

/** Efforts planned, ongoing and done in the period, each linking to its page. */
export function EffortGroups({ efforts }: { efforts: { planned: PictureEffort[]; ongoing: PictureEffort[]; done: PictureEffort[] } }) {
  const { t } = useTranslation();
  return (
    <div className="effort-groups" data-testid="picture-efforts">
      {(['planned', 'ongoing', 'done'] as const).map((status) => (
        <div key={status} className="card">
          <h3 className="h3">{t(`pictures.efforts.${status}`, { count: efforts[status].length })}</h3>
          {efforts[status].length ? (
            <ul className="plain-list">{efforts[status].map((e) => <EffortItem key={e.id} e={e} />)}</ul>
          ) : (
            <p className="muted small">{t('pictures.efforts.none')}</p>
          )}
        </div>
      ))}
    </div>
  );
}

export const FORMAT_NAMES: Record<PictureFileFormat, string> = { pdf: 'PDF', xlsx: 'Excel (XLSX)', csv: 'CSV', geojson: 'GeoJSON' };

/**
 * A file of the API behind a plain link: the server also takes the session's httpOnly cookie, so the link opens and
 * saves as links do (a new tab, "save link as"); a plain click fetches it with the bearer token, as the minutes are,
 * so that a refusal is shown in the page instead of replacing it.
 */
export function useDownload() {
  const { t } = useTranslation();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const onClick = async (ev: MouseEvent, path: string, format: PictureFileFormat, fileName: string) => {
    if (ev.ctrlKey || ev.metaKey || ev.shiftKey || ev.button !== 0) return; // a new tab or window: the link as it is
    ev.preventDefault();
    if (busy) return;
    setBusy(path);
    setError(null);
    try {
      await downloadFile(path, FILE_TYPES[format], fileName);
    } catch (e) {
      setError(t('pictures.download.failed', { format: FORMAT_NAMES[format], reason: formErrors(e, t, []).general.join(' ') }));
    } finally {
      setBusy(null);
    }
  };
  const status = (
    <>
      <p className="visually-hidden" role="status">
        {busy ? t('pictures.download.busy') : ''}
      </p>
      {error && (
        <p className="notice error" role="alert">
          {error}
        </p>
      )}
    </>
  );
  return { busy, onClick, status };
}

/** PDF, Excel, CSV and GeoJSON of what is shown, with the filter as shown. */
export function DownloadLinks({ path, baseName, what, testId }: { path: (f: PictureFileFormat) => string; baseName: string; what: string; testId: string }) {
  const { t } = useTranslation();
  const { busy, onClick, status } = useDownload();
  return (
    <div className="downloads" data-testid={testId}>
      <p className="downloads-label" id={`${testId}-label`}>
        {t('pictures.download.label')}
      </p>
      <ul className="plain-list downloads-list" aria-labelledby={`${testId}-label`}>
        {PICTURE_FILE_FORMATS.map((f) => (
          <li key={f}>
            <a className="button secondary small" href={path(f)} download={`${baseName}.${f}`} onClick={(e) => void onClick(e, path(f), f, `${baseName}.${f}`)} aria-busy={busy === path(f) || undefined} data-format={f}>
              {FORMAT_NAMES[f]}
              <span className="visually-hidden"> – {what}</span>
            </a>
          </li>
        ))}
      </ul>
      {status}
    </div>
  );
}

/** A frozen week's files as downloads: format, name, size and the start of its sha256 (the whole in the JSON). */
export function SnapshotFiles({ snapshot }: { snapshot: PictureSnapshotResponse }) {
  const { t } = useTranslation();
  const { busy, onClick, status } = useDownload();
  return (
    <>
      <ul className="plain-list snapshot-files" data-testid="snapshot-files">
        {[...snapshot.files].sort((a, b) => PICTURE_FILE_FORMATS.indexOf(a.format) - PICTURE_FILE_FORMATS.indexOf(b.format)).map((f) => {
          const path = snapshotFilePath(snapshot.id, f.format);
          return (
            <li key={f.format}>
              <a className="button secondary small" href={path} download={f.fileName} onClick={(e) => void onClick(e, path, f.format, f.fileName)} aria-busy={busy === path || undefined} data-format={f.format}>
                {FORMAT_NAMES[f.format]}
                <span className="visually-hidden"> – {t('pictures.snapshot.fileOf', { week: snapshot.week })}</span>
              </a>
              <span className="muted small file-facts">
                {f.fileName} · {formatBytes(f.bytes)} · <abbr title="SHA-256">sha256</abbr> <code>{f.sha256.slice(0, 12)}…</code>
              </span>
            </li>
          );
        })}
      </ul>
      {status}
    </>
  );
}
