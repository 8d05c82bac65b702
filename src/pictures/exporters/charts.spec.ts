import { describe, expect, it } from '@jest/globals';
import { categoryChartSvg, seriesChartSvg, weekdayHourSvg } from './charts.js';
import { WEEKLY } from './fixtures.js';

const O = { font: 'Helvetica', width: 505 };
/** Every colour an SVG paints with is black, white or a grey (no meaning carried by colour). */
function colours(svg: string): string[] {
  return [...svg.matchAll(/(?:fill|stroke)="([^"]+)"/g)].map(([, c]) => c).filter((c) => c !== 'none' && c !== 'transparent' && !c.startsWith('url('));
}
const isGrey = (c: string) => {
  const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(c) ?? /^#([0-9a-f])([0-9a-f])([0-9a-f])$/i.exec(c);
  return c === 'white' || c === 'black' || (!!hex && hex[1] === hex[2] && hex[2] === hex[3]) || /^rgb\((\d+), ?\1, ?\1\)$/.test(c);
};
const texts = (svg: string) => [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map(([, t]) => t);

describe('the charts', () => {
  it('draws categories against the period compared with, as labelled black and outlined bars, busiest first', async () => {
    const svg = await categoryChartSvg([
      { label: 'Skadegörelse', current: 7, previous: 9 }, { label: 'Narkotikaförsäljning', current: 3, previous: 1 }, { label: 'Buskörning', current: 2, previous: 0 },
    ], { current: 'vecka 47', previous: 'veckan före' }, O);
    expect(svg).toMatch(/^<svg [^>]*width="505"/);
    const t = texts(svg);
    for (const s of ['Skadegörelse', 'Narkotikaförsäljning', 'Buskörning', 'vecka 47', 'veckan före', 'Antal rapporter', '7', '9', '3', '1', '0']) expect(t).toContain(s);
    expect(t.indexOf('Skadegörelse')).toBeLessThan(t.indexOf('Buskörning'));
    expect(colours(svg).filter((c) => !isGrey(c))).toEqual([]);
    expect(svg).toContain('font-family="Helvetica"');
  });

  it('draws the trend with every point labelled', async () => {
    const svg = await seriesChartSvg(WEEKLY.series, O);
    const t = texts(svg);
    for (const p of WEEKLY.series) {
      expect(t).toContain(p.label);
      expect(t).toContain(String(p.count));
    }
    expect(colours(svg).filter((c) => !isGrey(c))).toEqual([]);
  });

  it('draws weekday by hour in greys, Monday first, with the count in each busy cell', async () => {
    const grid = Array.from({ length: 7 }, () => Array<number>(24).fill(0));
    grid[0][21] = 5;
    grid[6][3] = 2;
    const svg = await weekdayHourSvg(grid, O);
    const t = texts(svg);
    expect(t.filter((x) => ['mån', 'tis', 'ons', 'tor', 'fre', 'lör', 'sön'].includes(x))).toEqual(['mån', 'tis', 'ons', 'tor', 'fre', 'lör', 'sön']);
    for (const s of ['00', '23', '5', '2', 'Timme']) expect(t).toContain(s);
    expect(colours(svg).filter((c) => !isGrey(c))).toEqual([]);
    // The gradient of the legend runs from white to black too.
    for (const [, c] of svg.matchAll(/stop-color="([^"]+)"/g)) expect(isGrey(c)).toBe(true);
  });
});
