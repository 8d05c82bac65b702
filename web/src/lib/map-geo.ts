import type { AreaResponse, LatLng, PlaceResponse } from '#contracts';

/** Whether a point lies inside a ring of [lng, lat] pairs (ray casting). */
export function inRing(ring: number[][], x: number, y: number): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Whether a point lies inside an area's boundary (any polygon's outer ring, minus its holes). */
export function inArea(boundary: AreaResponse['boundary'], p: LatLng): boolean {
  if (!boundary) return false;
  const polygons = boundary.type === 'Polygon' ? [boundary.coordinates] : boundary.coordinates;
  return polygons.some((poly) => inRing(poly[0], p.lng, p.lat) && !poly.slice(1).some((hole) => inRing(hole, p.lng, p.lat)));
}

/** Distance in metres (equirectangular: exact enough within a town). */
export function metres(a: LatLng, b: LatLng): number {
  const rad = Math.PI / 180;
  const x = (b.lng - a.lng) * rad * Math.cos(((a.lat + b.lat) / 2) * rad);
  const y = (b.lat - a.lat) * rad;
  return Math.sqrt(x * x + y * y) * 6_371_000;
}

/** A place this close to a picked point names it ("near the school"). */
export const NEAR_METRES = 150;

export interface PointName {
  /** The nearest place within NEAR_METRES, if any. */
  place: PlaceResponse | null;
  /** The area the point lies in, if any (the smallest, where areas overlap). */
  area: AreaResponse | null;
}

/** What a picked point is called: the nearest place close by and the area it lies in, never raw coordinates. */
export function nameOfPoint(p: LatLng, areas: readonly AreaResponse[], places: readonly PlaceResponse[]): PointName {
  let place: PlaceResponse | null = null;
  let best = NEAR_METRES;
  for (const pl of places) {
    const d = metres(p, pl.location);
    if (d <= best) {
      best = d;
      place = pl;
    }
  }
  const containing = areas.filter((a) => inArea(a.boundary, p));
  const size = (a: AreaResponse) => JSON.stringify(a.boundary ?? '').length;
  const area = containing.sort((a, b) => size(a) - size(b))[0] ?? (place?.area ? areas.find((a) => a.id === place!.area!.id) ?? null : null);
  return { place, area };
}

const fold = (s: string) => s.toLocaleLowerCase('sv').normalize('NFD').replace(/[\u0300-\u036f]/g, '');

/**
 * Places whose name (or area's name) contains every word of the query, case and accents ignored; names that start
 * with the query first, then alphabetical. At most `limit`.
 */
export function searchPlaces(query: string, places: readonly PlaceResponse[], limit = 8): PlaceResponse[] {
  const words = fold(query).split(/\s+/).filter(Boolean);
  if (!words.length) return [];
  const q = fold(query.trim());
  return places
    .map((p) => ({ p, name: fold(p.name), hay: fold(`${p.name} ${p.area?.name ?? ''}`) }))
    .filter((x) => words.every((w) => x.hay.includes(w)))
    .sort((a, b) => Number(b.name.startsWith(q)) - Number(a.name.startsWith(q)) || a.name.localeCompare(b.name, 'sv'))
    .slice(0, limit)
    .map((x) => x.p);
}
