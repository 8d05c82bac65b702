import { useId, useLayoutEffect, useRef, useState, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../lib/pictures.js';

/*
 * The charts of the weekly picture and the period analyses, drawn here as small SVGs rather than with vega-embed.
 * Measured before choosing (a Vite build of vega + vega-lite alone, without vega-embed and its themes/tooltips):
 * 1.05 MB minified, 304 kB gzipped — more than the whole web client today (about 205 kB gzipped) — and lazy loading
 * would not spare anyone the download, because the service worker precaches every chunk of the build (web/vite.config.ts)
 * for offline use. Vega also compiles its expressions with `new Function`, which the server's Content-Security-Policy
 * (helmet's default `script-src 'self'`) refuses unless vega-interpreter is added as well. Two charts (grouped bars and a
 * series) and a heat table are a few kB by hand, use the page's fonts, scale with their box, and print in black and
 * white (the previous period hatched, not a second colour).
 */

/** The width of an element, kept current as it changes (the charts lay out in pixels so text keeps its size). */
function useWidth<T extends HTMLElement>(): [RefObject<T | null>, number] {
  const ref = useRef<T>(null);
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    setWidth(el.clientWidth);
    const ro = new ResizeObserver(() => setWidth(el.clientWidth));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  return [ref, width];
}

/** An id usable in `url(#…)` (React's ids carry characters a fill reference would need escaped). */
const useSvgId = (prefix: string) => `${prefix}-${useId().replace(/[^a-zA-Z0-9_-]/g, '')}`;

/** The hatch of "the period before": black and white readable, and not told apart by colour alone. */
function Hatch({ id }: { id: string }) {
  return (
    <pattern id={id} width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
      <rect width="6" height="6" className="hatch-bg" />
      <line x1="0" y1="0" x2="0" y2="6" className="hatch-line" />
    </pattern>
  );
}

export function ChartLegend({ current, previous }: { current: string; previous?: string }) {
  const hatch = useSvgId('legend-hatch');
  return (
    <ul className="chart-legend" aria-hidden="true">
      <li>
        <svg width="18" height="12">
          <rect width="18" height="12" className="bar-current" />
        </svg>
        {current}
      </li>
      {previous && (
        <li>
          <svg width="18" height="12">
            <defs>
              <Hatch id={hatch} />
            </defs>
            <rect x="0.5" y="0.5" width="17" height="11" fill={`url(#${hatch})`} className="bar-previous" />
          </svg>
          {previous}
        </li>
      )}
    </ul>
  );
}

export interface BarRow {
  key: string;
  label: string;
  current: number;
  previous: number;
}

/**
 * Horizontal grouped bars, a pair per row: this period (solid) and the one before (hatched), the value at each bar's
 * end. Labels beside the bars where there is room, above them on a phone.
 */
export function CategoryBars({ rows, caption, currentLabel, previousLabel, testId }: { rows: BarRow[]; caption: string; currentLabel: string; previousLabel: string; testId?: string }) {
  const { t } = useTranslation();
  const [ref, width] = useWidth<HTMLDivElement>();
  const hatch = useSvgId('hatch');
  const titleId = useSvgId('bars-title');
  const descId = useSvgId('bars-desc');
  const wide = width >= 560;
  const labelW = wide ? Math.min(220, Math.round(width * 0.34)) : 0;
  const labelH = wide ? 0 : 18;
  const barH = 13;
  const rowH = labelH + barH * 2 + 3 + 14;
  const max = Math.max(1, ...rows.map((r) => Math.max(r.current, r.previous)));
  const plotW = Math.max(40, width - labelW - 44);
  const height = rows.length * rowH;
  const scale = (v: number) => (v / max) * plotW;
  return (
    <figure className="chart" data-testid={testId}>
      <figcaption className="chart-caption">{caption}</figcaption>
      <ChartLegend current={currentLabel} previous={previousLabel} />
      <div ref={ref} className="chart-box">
        {width > 0 && rows.length > 0 && (
          <svg viewBox={`0 0 ${width} ${height}`} width="100%" role="img" aria-labelledby={titleId} aria-describedby={descId} className="chart-svg">
            <title id={titleId}>{caption}</title>
            <desc id={descId}>
              {rows.map((r) => t('pictures.chart.barDesc', { label: r.label, current: r.current, previous: r.previous, currentLabel, previousLabel })).join(' ')}
            </desc>
            <defs>
              <Hatch id={hatch} />
            </defs>
            {rows.map((r, i) => {
              const y = i * rowH + labelH;
              return (
                <g key={r.key}>
                  <text x={wide ? labelW - 8 : 0} y={wide ? y + barH + 2 : y - 5} textAnchor={wide ? 'end' : 'start'} className="chart-label">
                    {r.label}
                  </text>
                  <rect x={labelW} y={y} width={Math.max(r.current ? 2 : 0, scale(r.current))} height={barH} className="bar-current" />
                  <text x={labelW + scale(r.current) + 4} y={y + barH - 2} className="chart-value">
                    {formatNumber(r.current)}
                  </text>
                  <rect x={labelW + 0.5} y={y + barH + 3.5} width={Math.max(r.previous ? 2 : 0, scale(r.previous) - 1)} height={barH - 1} fill={`url(#${hatch})`} className="bar-previous" />
                  <text x={labelW + scale(r.previous) + 4} y={y + barH * 2 + 1} className="chart-value muted-value">
                    {formatNumber(r.previous)}
                  </text>
                </g>
              );
            })}
          </svg>
        )}
      </div>
    </figure>
  );
}

export interface SeriesStep {
  label: string;
  /** What the axis says: "v. 47", "nov. 26". */
  short: string;
  count: number;
}

/**
 * A trend series as columns with their values above them; with `highlightLast` (the weekly picture: eight weeks ending
 * with the one shown) the last solid and the ones before lighter.
 */
export function SeriesChart({ steps, caption, highlightLast, testId }: { steps: SeriesStep[]; caption: string; highlightLast?: boolean; testId?: string }) {
  const { t } = useTranslation();
  const [ref, width] = useWidth<HTMLDivElement>();
  const titleId = useSvgId('series-title');
  const descId = useSvgId('series-desc');
  const height = 200;
  const top = 20;
  const bottom = 24;
  const n = Math.max(1, steps.length);
  const slot = width / n;
  const barW = Math.max(2, Math.min(56, slot * 0.7));
  const max = Math.max(1, ...steps.map((s) => s.count));
  const plotH = height - top - bottom;
  // Every k-th label, so that labels of about 44 px never overlap.
  const every = Math.max(1, Math.ceil(44 / Math.max(1, slot)));
  const showValues = slot >= 22;
  return (
    <figure className="chart" data-testid={testId}>
      <figcaption className="chart-caption">{caption}</figcaption>
      <div ref={ref} className="chart-box">
        {width > 0 && steps.length > 0 && (
          <svg viewBox={`0 0 ${width} ${height}`} width="100%" role="img" aria-labelledby={titleId} aria-describedby={descId} className="chart-svg">
            <title id={titleId}>{caption}</title>
            <desc id={descId}>{steps.map((s) => t('pictures.chart.stepDesc', { label: s.short, count: s.count })).join('; ')}</desc>
            <line x1="0" x2={width} y1={top + plotH + 0.5} y2={top + plotH + 0.5} className="chart-axis" />
            {steps.map((s, i) => {
              const h = (s.count / max) * plotH;
              const x = i * slot + (slot - barW) / 2;
              const last = !!highlightLast && i === steps.length - 1;
              return (
                <g key={s.label}>
                  <rect x={x} y={top + plotH - h} width={barW} height={h} className={last || !highlightLast ? 'bar-current' : 'bar-earlier'} />
                  {(showValues || i === steps.length - 1) && (
                    <text x={x + barW / 2} y={top + plotH - h - 5} textAnchor="middle" className={`chart-value${last ? ' strong' : ''}`}>
                      {formatNumber(s.count)}
                    </text>
                  )}
                  {(i % every === (steps.length - 1) % every) && (
                    <text x={x + barW / 2} y={height - 6} textAnchor="middle" className={`chart-label${last ? ' strong' : ''}`}>
                      {s.short}
                    </text>
                  )}
                </g>
              );
            })}
          </svg>
        )}
      </div>
    </figure>
  );
}

const HOURS = Array.from({ length: 24 }, (_, h) => h);

/**
 * Weekday x hour as a table (the accessible form of a heat map): a caption, weekdays as row headers, hours as column
 * headers, the count in every cell and its shade in five steps; a day's total at the end of its row. It scrolls in its
 * own box on a phone (a focusable region, so a keyboard can scroll it too).
 */
export function HeatTable({ matrix, caption, testId }: { matrix: number[][]; caption: string; testId?: string }) {
  const { t } = useTranslation();
  const captionId = useSvgId('heat-caption');
  const max = Math.max(1, ...matrix.flat());
  const level = (n: number) => (n === 0 ? 0 : Math.min(4, Math.ceil((n / max) * 4)));
  return (
    <div className="table-wrap heat-wrap" role="region" aria-labelledby={captionId} tabIndex={0} data-testid={testId}>
      <table className="table heat-table">
        <caption id={captionId}>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">
              <span className="visually-hidden">{t('pictures.heat.day')}</span>
            </th>
            {HOURS.map((h) => (
              <th scope="col" key={h} className="num">
                <span aria-hidden="true">{String(h).padStart(2, '0')}</span>
                <span className="visually-hidden">{t('pictures.heat.hour', { hour: String(h).padStart(2, '0') })}</span>
              </th>
            ))}
            <th scope="col" className="num">
              {t('pictures.heat.total')}
            </th>
          </tr>
        </thead>
        <tbody>
          {matrix.map((row, d) => (
            <tr key={d}>
              <th scope="row">
                <abbr title={t(`pictures.weekdays.${d + 1}`)}>{t(`pictures.weekdaysShort.${d + 1}`)}</abbr>
              </th>
              {row.map((n, h) => (
                <td key={h} className={`num heat-${level(n)}`}>
                  {n > 0 ? n : <span className="visually-hidden">0</span>}
                </td>
              ))}
              <td className="num heat-total">{row.reduce((a, b) => a + b, 0)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
