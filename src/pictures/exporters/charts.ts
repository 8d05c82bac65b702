import { Error as ErrorLevel, View, logger, parse } from 'vega';
import { type TopLevelSpec, compile } from 'vega-lite';
import type { SeriesPoint } from '#contracts';
import { WEEKDAYS_SHORT } from './swedish.js';

/**
 * The picture's charts as vector SVG, from Vega-Lite specifications rendered headless (`renderer: 'none'`: no canvas,
 * no browser; the SVG is drawn into the PDF as vectors and its words stay text). Made for black-and-white print: no
 * meaning is carried by colour — the current period is a black bar, the one it is compared with an outlined white
 * one, each labelled with its figure; the heat map is in greys with the count written in every busy cell.
 */

export interface ChartOptions {
  /** The font family the SVG's text names: the PDF's own (Helvetica, or Roboto for text beyond WinAnsi). */
  font: string;
  /** Width of the whole chart, labels included, in points. */
  width: number;
}

const BLACK = '#000000';

function config(font: string) {
  return {
    font,
    background: '#ffffff',
    view: { stroke: null },
    axis: {
      labelFontSize: 8.5, titleFontSize: 8.5, titleFontWeight: 'normal' as const, labelColor: BLACK, titleColor: BLACK,
      domainColor: BLACK, tickColor: BLACK, gridColor: '#cccccc', gridDash: [2, 2],
    },
    legend: { labelFontSize: 8.5, labelColor: BLACK, orient: 'top' as const, symbolStrokeColor: BLACK, symbolStrokeWidth: 0.8 },
    text: { font, fontSize: 8, fill: BLACK },
  };
}

/** Renders a Vega-Lite specification as an SVG string, headless. */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  // Errors only: Vega-Lite warns that it drops "fit-y" for a chart with a stepped height, which is what we ask for.
  const log = logger(ErrorLevel);
  const view = new View(parse(compile(spec, { logger: log }).spec), { renderer: 'none', logger: log });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

export interface CategoryBar {
  label: string;
  current: number;
  previous: number;
}

/**
 * Reports per category, this period beside the one compared with (the previous week, or the same period a year
 * earlier): grouped horizontal bars, busiest category first, each bar with its figure.
 */
export function categoryChartSpec(rows: CategoryBar[], names: { current: string; previous: string }, o: ChartOptions): TopLevelSpec {
  const order = [names.current, names.previous];
  const values = rows.flatMap((r) => [
    { category: r.label, series: names.current, count: r.current },
    { category: r.label, series: names.previous, count: r.previous },
  ]);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: o.width,
    height: { step: 7 },
    autosize: { type: 'fit-x', contains: 'padding' },
    config: config(o.font),
    data: { values },
    encoding: {
      y: { field: 'category', type: 'nominal', sort: rows.map((r) => r.label), title: null, axis: { labelLimit: 170, ticks: false } },
      yOffset: { field: 'series', type: 'nominal', sort: order },
      x: { field: 'count', type: 'quantitative', title: 'Antal rapporter', axis: { tickMinStep: 1, format: 'd', grid: true } },
    },
    layer: [
      {
        mark: { type: 'bar', stroke: BLACK, strokeWidth: 0.7 },
        encoding: {
          fill: { field: 'series', type: 'nominal', sort: order, scale: { domain: order, range: [BLACK, '#ffffff'] }, legend: { title: null, symbolType: 'square' } },
        },
      },
      { mark: { type: 'text', align: 'left', baseline: 'middle', dx: 3, fontSize: 7.5 }, encoding: { text: { field: 'count', type: 'quantitative' } } },
    ],
  };
}

/** The trend: reports per step (week or month), a line with every point labelled, the last step (this one) in black. */
export function seriesChartSpec(series: SeriesPoint[], o: ChartOptions & { height?: number }): TopLevelSpec {
  const last = series.length - 1;
  const values = series.map((s, i) => ({ label: s.label, count: s.count, current: i === last ? 'denna' : 'tidigare' }));
  const x = { field: 'label', type: 'ordinal' as const, sort: series.map((s) => s.label), title: null, axis: { labelAngle: 0 } };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: o.width,
    height: o.height ?? 110,
    autosize: { type: 'fit-x', contains: 'padding' },
    config: config(o.font),
    data: { values },
    encoding: { x, y: { field: 'count', type: 'quantitative', title: 'Antal rapporter', axis: { tickMinStep: 1, format: 'd', grid: true }, scale: { zero: true } } },
    layer: [
      { mark: { type: 'line', stroke: BLACK, strokeWidth: 1.2 } },
      {
        mark: { type: 'point', filled: true, stroke: BLACK, strokeWidth: 1, size: 40, opacity: 1 },
        encoding: {
          fill: { field: 'current', type: 'nominal', scale: { domain: ['denna', 'tidigare'], range: [BLACK, '#ffffff'] }, legend: null },
        },
      },
      { mark: { type: 'text', dy: -9, fontSize: 8 }, encoding: { text: { field: 'count', type: 'quantitative' } } },
    ],
  };
}

/**
 * When reports come: local weekday (rows, Monday first) by hour (columns), each cell a grey from white (none) to
 * black (the busiest), with its count written in it (white on the dark greys), so the figures read without the greys.
 */
export function weekdayHourSpec(grid: number[][], o: ChartOptions): TopLevelSpec {
  const max = Math.max(1, ...grid.flat());
  const values = grid.flatMap((row, d) => row.map((count, hour) => ({ day: WEEKDAYS_SHORT[d], hour: String(hour).padStart(2, '0'), count })));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: o.width,
    height: { step: 15 },
    autosize: { type: 'fit-x', contains: 'padding' },
    config: config(o.font),
    data: { values },
    encoding: {
      x: { field: 'hour', type: 'ordinal', title: 'Timme', axis: { labelAngle: 0, orient: 'top', ticks: false, domain: false } },
      y: { field: 'day', type: 'ordinal', sort: [...WEEKDAYS_SHORT], title: null, axis: { ticks: false, domain: false } },
    },
    layer: [
      {
        mark: { type: 'rect', stroke: '#999999', strokeWidth: 0.3 },
        encoding: {
          fill: {
            field: 'count', type: 'quantitative', scale: { domain: [0, max], range: ['#ffffff', '#000000'] },
            legend: { title: 'Antal rapporter', orient: 'bottom', direction: 'horizontal', gradientLength: 160, tickMinStep: 1, format: 'd', titleFontSize: 8.5, titleFontWeight: 'normal' },
          },
        },
      },
      {
        mark: { type: 'text', fontSize: 7.5, baseline: 'middle' },
        transform: [{ filter: 'datum.count > 0' }],
        encoding: {
          text: { field: 'count', type: 'quantitative' },
          color: { condition: { test: `datum.count > ${max / 2}`, value: '#ffffff' }, value: BLACK },
        },
      },
    ],
  };
}

export const categoryChartSvg = (rows: CategoryBar[], names: { current: string; previous: string }, o: ChartOptions) =>
  renderSvg(categoryChartSpec(rows, names, o));
export const seriesChartSvg = (series: SeriesPoint[], o: ChartOptions & { height?: number }) => renderSvg(seriesChartSpec(series, o));
export const weekdayHourSvg = (grid: number[][], o: ChartOptions) => renderSvg(weekdayHourSpec(grid, o));
