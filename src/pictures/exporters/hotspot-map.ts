import type { GeoJsonPolygon, PictureHotspot, PictureHotspotClass } from '#contracts';
import { HOTSPOT_CLASS_LABEL, capitalise } from './swedish.js';

/**
 * A map of the hotspots as SVG, drawn here rather than from tiles (the server makes its files offline, and a printed
 * tile map is mostly grey noise): the areas' outlines with their names, and a circle per hotspot at its mean point,
 * its area proportional to its count (with a least size, so that its number stays readable), its rank written in it — the row of the hotspot table it stands for.
 *
 * The projection is the simplest that is true at a town's scale: longitude scaled by the cosine of the middle
 * latitude (equirectangular), so that a kilometre is as long east-west as north-south; fitted into the box with the
 * aspect kept. A scale bar and a north arrow make it readable on paper.
 *
 * Black and white only: a hotspot's class is its fill — black (ökande), mid grey (bestående), light grey (minskande),
 * white with a dashed ring (ny) — explained in the legend, and written in words in the table beside.
 */

export interface MapArea {
  id: string;
  name: string;
  boundary: GeoJsonPolygon;
}

export interface MapOptions {
  width: number;
  height: number;
  font: string;
}

const CLASS_STYLE: Record<PictureHotspotClass, { fill: string; dash: string | null; label: string }> = {
  intensifying: { fill: '#000000', dash: null, label: '#ffffff' },
  persistent: { fill: '#8c8c8c', dash: null, label: '#000000' },
  diminishing: { fill: '#dddddd', dash: null, label: '#000000' },
  new: { fill: '#ffffff', dash: '2.5,1.5', label: '#000000' },
};
/** The order of the legend. */
const LEGEND_ORDER: PictureHotspotClass[] = ['new', 'intensifying', 'persistent', 'diminishing'];

const R_MIN = 6;
const R_MAX = 20;
const LEGEND_HEIGHT = 34;
const M_PER_DEG_LAT = 111_320;

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const f1 = (n: number) => (Math.round(n * 10) / 10).toString();

const polygonsOf = (b: GeoJsonPolygon): number[][][][] => (b.type === 'Polygon' ? [b.coordinates] : b.coordinates);

/** A ring's area-weighted centroid (shoelace), or its vertices' mean when it has no area. */
function ringCentroid(ring: number[][]): { x: number; y: number; area: number } {
  let a = 0;
  let cx = 0;
  let cy = 0;
  for (let i = 0; i < ring.length - 1; i++) {
    const [x0, y0] = ring[i];
    const [x1, y1] = ring[i + 1];
    const cross = x0 * y1 - x1 * y0;
    a += cross;
    cx += (x0 + x1) * cross;
    cy += (y0 + y1) * cross;
  }
  if (Math.abs(a) < 1e-12) {
    const n = Math.max(1, ring.length);
    return { x: ring.reduce((s, p) => s + p[0], 0) / n, y: ring.reduce((s, p) => s + p[1], 0) / n, area: 0 };
  }
  return { x: cx / (3 * a), y: cy / (3 * a), area: Math.abs(a / 2) };
}

/** Whether a point lies inside a ring (ray casting; the ring in the same plane as the point). */
function inRing(x: number, y: number, ring: [number, number][]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/**
 * Where an area's name goes: inside its largest part (outside its holes), as far as may be from the hotspots' circles
 * and the names already placed, so that no circle hides it. Candidates: the part's centroid and a grid over its
 * bounding box; the centroid wins whenever it is clear enough. Null for an area too small to name.
 */
function labelPoint(
  a: MapArea, project: (lng: number, lat: number) => [number, number], circles: { x: number; y: number; r: number }[], placed: { x: number; y: number }[],
): { x: number; y: number } | null {
  const parts = polygonsOf(a.boundary)
    .map((poly) => poly.map((ring) => ring.map(([lng, lat]) => project(lng, lat))))
    .map((rings) => ({ rings, ...ringCentroid(rings[0].map(([x, y]) => [x, y])) }))
    .sort((p, q) => q.area - p.area);
  const part = parts[0];
  if (!part || part.area < 400) return null;
  const [outer, ...holes] = part.rings;
  const inside = (x: number, y: number) => inRing(x, y, outer) && !holes.some((h) => inRing(x, y, h));
  const halfWidth = a.name.length * 2.6 + 2;
  // How far a name centred at (x, y) stays clear of the circles (its box to each circle's edge; below 0: covered),
  // and of the names placed before it.
  const clearance = (x: number, y: number) => Math.min(
    Infinity,
    ...circles.map((c) => Math.hypot(Math.max(0, Math.abs(x - c.x) - halfWidth), Math.max(0, Math.abs(y - c.y) - 5)) - c.r),
    ...placed.map((p) => (Math.abs(p.x - x) < 2 * halfWidth && Math.abs(p.y - y) < 12 ? -1 : Infinity)),
  );
  if (inside(part.x, part.y) && clearance(part.x, part.y) >= 4) return { x: part.x, y: part.y };
  const xs = outer.map((p) => p[0]);
  const ys = outer.map((p) => p[1]);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  let best: { x: number; y: number; score: number } | null = null;
  const N = 8;
  for (let i = 1; i < N; i++) {
    for (let j = 1; j < N; j++) {
      const x = x0 + ((x1 - x0) * i) / N;
      const y = y0 + ((y1 - y0) * j) / N;
      if (!inside(x, y) || !inside(x - halfWidth, y) || !inside(x + halfWidth, y)) continue;
      // Clear of circles first; among clear points, the one nearest the centroid (the name reads as the area's).
      const score = Math.min(clearance(x, y), 30) * 10 - Math.hypot(x - part.x, y - part.y) / 10;
      if (!best || score > best.score) best = { x, y, score };
    }
  }
  return best ? { x: best.x, y: best.y } : inside(part.x, part.y) ? { x: part.x, y: part.y } : null;
}

/** A circle's radius for a count: its area proportional to the count (the busiest R_MAX), never under R_MIN (its number must fit). */
export const radiusFor = (count: number, maxCount: number) =>
  Math.max(R_MIN, R_MAX * Math.sqrt(Math.max(0, count) / Math.max(1, maxCount)));

/** A round length for the scale bar: the largest of 1, 2, 5 × 10^n metres not over `max`. */
function niceMetres(max: number): number {
  const p = 10 ** Math.floor(Math.log10(max));
  return [5, 2, 1].map((m) => m * p).find((v) => v <= max) ?? p;
}

/** The map as an SVG document of `width` x `height` points, or null when there is nothing to place on it. */
export function hotspotMapSvg(areas: MapArea[], hotspots: PictureHotspot[], o: MapOptions): string | null {
  const lngs: number[] = [];
  const lats: number[] = [];
  for (const a of areas) for (const poly of polygonsOf(a.boundary)) for (const ring of poly) for (const [lng, lat] of ring) { lngs.push(lng); lats.push(lat); }
  for (const h of hotspots) { lngs.push(h.center.lng); lats.push(h.center.lat); }
  if (!lngs.length) return null;

  const minSpan = 0.004; // about 450 m: a lone hotspot gets some town around it
  let [minLng, maxLng, minLat, maxLat] = [Math.min(...lngs), Math.max(...lngs), Math.min(...lats), Math.max(...lats)];
  if (maxLat - minLat < minSpan) { const c = (maxLat + minLat) / 2; minLat = c - minSpan / 2; maxLat = c + minSpan / 2; }
  const k = Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180);
  if ((maxLng - minLng) * k < minSpan) { const c = (maxLng + minLng) / 2; minLng = c - minSpan / k / 2; maxLng = c + minSpan / k / 2; }

  const pad = R_MAX + 6;
  const boxW = o.width - 2 * pad;
  const boxH = o.height - LEGEND_HEIGHT - 2 * pad;
  const spanX = (maxLng - minLng) * k;
  const spanY = maxLat - minLat;
  const scale = Math.min(boxW / spanX, boxH / spanY);
  const offX = pad + (boxW - spanX * scale) / 2;
  const offY = pad + (boxH - spanY * scale) / 2;
  const project = (lng: number, lat: number): [number, number] => [offX + (lng - minLng) * k * scale, offY + (maxLat - lat) * scale];

  const out: string[] = [];
  const text = (x: number, y: number, s: string, attrs: string) =>
    out.push(`<text x="${f1(x)}" y="${f1(y)}" font-family="${esc(o.font)}" ${attrs}>${esc(s)}</text>`);
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${o.width}" height="${o.height}" viewBox="0 0 ${o.width} ${o.height}">`);
  out.push(`<rect x="0.5" y="0.5" width="${o.width - 1}" height="${o.height - LEGEND_HEIGHT - 1}" fill="#ffffff" stroke="#000000" stroke-width="0.6"/>`);

  // The areas: outlines over a light fill (holes cut out), each named at the centroid of its largest ring.
  for (const a of areas) {
    const polys = polygonsOf(a.boundary);
    const d = polys.flatMap((poly) => poly.map((ring) => `M${ring.map(([lng, lat]) => project(lng, lat).map(f1).join(',')).join('L')}Z`)).join('');
    out.push(`<path d="${d}" fill="#f2f2f2" fill-rule="evenodd" stroke="#444444" stroke-width="0.8"/>`);
  }
  const maxCount = Math.max(1, ...hotspots.map((h) => h.count));
  const circles = hotspots.map((h) => {
    const [x, y] = project(h.center.lng, h.center.lat);
    return { x, y, r: radiusFor(h.count, maxCount) };
  });
  const placed: { x: number; y: number }[] = [];
  for (const a of areas) {
    const label = labelPoint(a, project, circles, placed);
    if (!label) continue;
    placed.push(label);
    text(label.x, label.y + 3, a.name, 'font-size="9" fill="#444444" text-anchor="middle" letter-spacing="0.5"');
  }

  // The hotspots: biggest first, so that a small one on top of a big one stays visible.
  const ranked = hotspots.map((h, i) => ({ h, rank: i + 1 })).sort((a, b) => b.h.count - a.h.count || b.rank - a.rank);
  for (const { h, rank } of ranked) {
    const { x, y, r } = circles[rank - 1];
    const st = CLASS_STYLE[h.class];
    out.push(`<circle cx="${f1(x)}" cy="${f1(y)}" r="${f1(r)}" fill="${st.fill}" fill-opacity="0.9" stroke="#000000" stroke-width="${st.dash ? 1.1 : 0.8}"${st.dash ? ` stroke-dasharray="${st.dash}"` : ''}/>`);
    text(x, y + 3.2, String(rank), `font-size="9" font-weight="bold" fill="${st.label}" text-anchor="middle"`);
  }

  // Scale bar (bottom left) and north arrow (top right), inside the frame.
  const pxPerMetre = scale / M_PER_DEG_LAT;
  const metres = niceMetres((o.width / 5) / pxPerMetre);
  const barW = metres * pxPerMetre;
  const by = o.height - LEGEND_HEIGHT - 12;
  out.push(`<path d="M10,${by - 3}V${by}H${f1(10 + barW)}V${by - 3}" fill="none" stroke="#000000" stroke-width="1"/>`);
  text(10 + barW + 4, by + 1, metres >= 1000 ? `${metres / 1000} km` : `${metres} m`, 'font-size="8" fill="#000000"');
  const nx = o.width - 16;
  out.push(`<path d="M${nx},10L${nx + 5},24L${nx},21L${nx - 5},24Z" fill="#000000"/>`);
  text(nx, 33, 'N', 'font-size="8" fill="#000000" text-anchor="middle"');

  // The legend, under the map.
  let lx = 4;
  const ly = o.height - LEGEND_HEIGHT + 14;
  for (const c of LEGEND_ORDER) {
    const st = CLASS_STYLE[c];
    out.push(`<circle cx="${lx + 6}" cy="${ly}" r="5.5" fill="${st.fill}" stroke="#000000" stroke-width="${st.dash ? 1.1 : 0.8}"${st.dash ? ` stroke-dasharray="${st.dash}"` : ''}/>`);
    text(lx + 15, ly + 3, capitalise(HOTSPOT_CLASS_LABEL[c]), 'font-size="8.5" fill="#000000"');
    lx += 78;
  }
  text(4, ly + 16, 'Cirkelns yta motsvarar antalet rapporter; siffran är platsens nummer i tabellen.', 'font-size="8" fill="#000000"');
  out.push('</svg>');
  return out.join('\n');
}
