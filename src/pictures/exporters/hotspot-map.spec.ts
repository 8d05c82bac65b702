import { describe, expect, it } from '@jest/globals';
import type { PictureHotspot } from '#contracts';
import { AREA_SHAPES, WEEK_HOTSPOTS } from './fixtures.js';
import { hotspotMapSvg, radiusFor } from './hotspot-map.js';

const O = { width: 500, height: 330, font: 'Helvetica' };
const LEGEND = 34;

interface Circle { cx: number; cy: number; r: number; fill: string; dashed: boolean }
const attr = (tag: string, name: string) => /"/.test(tag) ? new RegExp(`\\b${name}="([^"]*)"`).exec(tag)?.[1] : undefined;
/** The map's circles (the hotspots first, the legend's after) and texts, read back from the SVG. */
function parse(svg: string) {
  const circles: Circle[] = [...svg.matchAll(/<circle [^>]*>/g)].map(([t]) => ({
    cx: Number(attr(t, 'cx')), cy: Number(attr(t, 'cy')), r: Number(attr(t, 'r')), fill: attr(t, 'fill')!, dashed: /stroke-dasharray/.test(t),
  }));
  const texts = [...svg.matchAll(/<text ([^>]*)>([^<]*)<\/text>/g)].map(([, a, body]) => ({ x: Number(attr(`<${a}`, 'x')), y: Number(attr(`<${a}`, 'y')), body }));
  return { circles, texts };
}

const spot = (over: Partial<PictureHotspot>): PictureHotspot => ({ ...WEEK_HOTSPOTS[0], ...over });

describe('the hotspot map', () => {
  it('draws nothing when there is nothing to place', () => {
    expect(hotspotMapSvg([], [], O)).toBeNull();
  });

  it('draws a circle per hotspot, numbered by rank, its area proportional to its count, the biggest underneath', () => {
    const svg = hotspotMapSvg(AREA_SHAPES, WEEK_HOTSPOTS, O)!;
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" width="500" height="330"')).toBe(true);
    const { circles, texts } = parse(svg);
    const spots = circles.slice(0, WEEK_HOTSPOTS.length);
    expect(circles).toHaveLength(WEEK_HOTSPOTS.length + 4); // and the legend's four classes
    expect(spots.map((c) => c.r)).toEqual([...spots.map((c) => c.r)].sort((a, b) => b - a));
    const max = Math.max(...WEEK_HOTSPOTS.map((h) => h.count));
    expect(radiusFor(max, max) ** 2 / radiusFor(2, max) ** 2).toBeCloseTo(max / 2, 5);
    expect(radiusFor(1, 100)).toBe(6); // the least circle, so that its number fits
    // Each rank is written at its circle's centre.
    WEEK_HOTSPOTS.forEach((h, i) => {
      const label = texts.find((t) => t.body === String(i + 1))!;
      const circle = spots.find((c) => Math.abs(c.cx - label.x) < 0.2 && Math.abs(c.cy - (label.y - 3.2)) < 0.2)!;
      expect(circle).toBeDefined();
      expect(circle.r).toBeCloseTo(radiusFor(h.count, max), 0);
    });
    // Classes in black and white: ökande black, bestående grey, minskande light grey, ny white and dashed.
    const fillOf = (rank: number) => spots.find((c) => texts.some((t) => t.body === String(rank) && Math.abs(c.cx - t.x) < 0.2))!;
    expect([1, 2, 3, 4].map((r) => [fillOf(r).fill, fillOf(r).dashed])).toEqual([['#000000', false], ['#8c8c8c', false], ['#ffffff', true], ['#dddddd', false]]);
    // Every circle lies in the map's box.
    for (const c of spots) expect(c.cx - c.r >= 0 && c.cx + c.r <= O.width && c.cy - c.r >= 0 && c.cy + c.r <= O.height - LEGEND).toBe(true);
  });

  it('projects longitude east and latitude north, a kilometre as long east-west as north-south', () => {
    const lat = 58.5;
    const dLat = 0.009; // about 1 km
    const dLng = dLat / Math.cos((lat * Math.PI) / 180); // about 1 km at 58.5° N
    const svg = hotspotMapSvg([], [
      spot({ center: { lat, lng: 13.15 }, count: 3 }), spot({ center: { lat: lat + dLat, lng: 13.15 }, count: 3 }),
      spot({ center: { lat, lng: 13.15 + dLng }, count: 3 }),
    ], O)!;
    const { circles, texts } = parse(svg);
    const at = (rank: number) => circles.find((c) => texts.some((t) => t.body === String(rank) && Math.abs(c.cx - t.x) < 0.2 && Math.abs(c.cy - (t.y - 3.2)) < 0.2))!;
    const [origin, north, east] = [at(1), at(2), at(3)];
    expect(north.cy).toBeLessThan(origin.cy);
    expect(east.cx).toBeGreaterThan(origin.cx);
    expect(Math.abs(north.cx - origin.cx)).toBeLessThan(0.2);
    expect(east.cx - origin.cx).toBeCloseTo(origin.cy - north.cy, 0);
  });

  it('outlines every area, each part of a MultiPolygon and every hole, and names it', () => {
    const ring = [[13.1, 58.5], [13.2, 58.5], [13.2, 58.55], [13.1, 58.55], [13.1, 58.5]];
    const hole = [[13.14, 58.51], [13.16, 58.51], [13.16, 58.53], [13.14, 58.53], [13.14, 58.51]];
    const svg = hotspotMapSvg([...AREA_SHAPES, { id: 'x', name: 'Ängen & <Åsen>', boundary: { type: 'Polygon', coordinates: [ring, hole] } }], [], O)!;
    const paths = [...svg.matchAll(/<path d="([^"]*)" fill="#f2f2f2"/g)].map(([, d]) => d.split('M').length - 1);
    expect(paths).toEqual([1, 2, 1, 2]);
    const names = parse(svg).texts.map((t) => t.body);
    for (const n of ['Centrum', 'Margretelund', 'Stenhammar', 'Ängen &amp; &lt;Åsen&gt;']) expect(names).toContain(n);
  });

  it('keeps an area\'s name clear of the circles when the area has room', () => {
    const svg = hotspotMapSvg(AREA_SHAPES, WEEK_HOTSPOTS, O)!;
    const { circles, texts } = parse(svg);
    for (const name of ['Stenhammar', 'Margretelund']) {
      const t = texts.find((x) => x.body === name)!;
      for (const c of circles.slice(0, WEEK_HOTSPOTS.length)) expect(Math.hypot(c.cx - t.x, c.cy - t.y)).toBeGreaterThan(c.r);
    }
  });

  it('uses black, white and greys only, with a legend in words, a scale and north', () => {
    const svg = hotspotMapSvg(AREA_SHAPES, WEEK_HOTSPOTS, O)!;
    for (const [, colour] of svg.matchAll(/(?:fill|stroke)="(#[0-9a-f]{6})"/g)) expect(colour.slice(1, 3) === colour.slice(3, 5) && colour.slice(3, 5) === colour.slice(5, 7)).toBe(true);
    const words = parse(svg).texts.map((t) => t.body);
    for (const w of ['Ny', 'Ökande', 'Bestående', 'Minskande', 'N', '1 km']) expect(words).toContain(w);
  });
});
