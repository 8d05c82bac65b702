import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import kinks from '@turf/kinks';
import type { MultiPolygon, Polygon } from 'geojson';
import { LIMITS, type GeoJsonPolygon } from '#contracts';
import { DomainError, invalid } from '../common/domain-error.js';

export const BOUNDARY_SELF_INTERSECTS = 'BOUNDARY_SELF_INTERSECTS';

type Position = number[];
type Ring = Position[];

/**
 * Validates an area boundary: a GeoJSON Polygon or MultiPolygon in WGS84 with closed rings of at least four
 * positions and at most LIMITS.boundaryVertices positions in all. Throws a 400 naming the offending part.
 */
export function validateBoundary(value: unknown, field = 'boundary'): GeoJsonPolygon {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalid(field, 'must be a GeoJSON Polygon or MultiPolygon object');
  const { type, coordinates, ...rest } = value as { type?: unknown; coordinates?: unknown };
  const extra = Object.keys(rest).filter((k) => k !== 'bbox');
  if (extra.length) throw invalid(field, `has unknown member ${extra[0]}`);
  let polygons: unknown[];
  if (type === 'Polygon') polygons = [coordinates];
  else if (type === 'MultiPolygon') {
    if (!Array.isArray(coordinates) || coordinates.length === 0) throw invalid(`${field}.coordinates`, 'must be a non-empty array of polygons');
    polygons = coordinates;
  } else throw invalid(`${field}.type`, 'must be "Polygon" or "MultiPolygon"');
  let vertices = 0;
  polygons.forEach((poly, p) => {
    const at = type === 'Polygon' ? `${field}.coordinates` : `${field}.coordinates[${p}]`;
    if (!Array.isArray(poly) || poly.length === 0) throw invalid(at, 'must be a non-empty array of linear rings');
    poly.forEach((ring: unknown, r: number) => {
      const ringAt = `${at}[${r}]`;
      if (!Array.isArray(ring) || ring.length < 4) throw invalid(ringAt, 'must be a linear ring of at least 4 positions');
      vertices += ring.length;
      if (vertices > LIMITS.boundaryVertices) throw invalid(field, `has more than ${LIMITS.boundaryVertices} positions`);
      ring.forEach((pos: unknown, i: number) => checkPosition(pos, `${ringAt}[${i}]`));
      const first = ring[0] as Position;
      const last = ring[ring.length - 1] as Position;
      if (first[0] !== last[0] || first[1] !== last[1]) throw invalid(ringAt, 'is not closed: the last position must equal the first');
    });
  });
  const boundary = { type, coordinates } as GeoJsonPolygon;
  assertSimple(boundary, field);
  return boundary;
}

/**
 * A boundary whose edges cross (a bow tie, a ring drawn over itself) has no inside that anyone means, and a point-in-area
 * test answers it arbitrarily: refused, naming where (the first crossing @turf/kinks finds). Kinks compares every pair of
 * edges: about 0.4 s of this node's thread at the 5,000 positions a boundary may have (a busy 2-core machine), a few
 * milliseconds for what anyone draws by hand; areas are edited a few times a year.
 */
function assertSimple(boundary: GeoJsonPolygon, field: string): void {
  // A position repeated at once (an imported boundary rounded to five decimals has them) is an edge of no length: kinks
  // takes the edges on either side of it for a crossing where they merely meet. Checked without those repeats.
  const rings = (b: Ring[]) => b.map((ring) => ring.filter((p, i) => i === 0 || p[0] !== ring[i - 1][0] || p[1] !== ring[i - 1][1]));
  const shape = boundary.type === 'Polygon'
    ? { type: 'Polygon', coordinates: rings(boundary.coordinates) }
    : { type: 'MultiPolygon', coordinates: boundary.coordinates.map(rings) };
  const [first] = kinks(shape as Polygon | MultiPolygon).features;
  if (!first) return;
  const [lng, lat] = first.geometry.coordinates;
  throw new DomainError('invalid', BOUNDARY_SELF_INTERSECTS,
    [`${field} crosses itself near ${lat.toFixed(5)}, ${lng.toFixed(5)} (latitude, longitude): draw it so that no edge crosses another`],
    { field, at: { lat, lng } });
}

function checkPosition(pos: unknown, at: string): void {
  if (!Array.isArray(pos) || pos.length < 2 || pos.length > 3 || !pos.every((n) => typeof n === 'number' && Number.isFinite(n))) {
    throw invalid(at, 'must be a position [longitude, latitude]');
  }
  const [lng, lat] = pos as number[];
  if (lng < -180 || lng > 180) throw invalid(at, `has longitude ${lng} outside -180..180`);
  if (lat < -90 || lat > 90) throw invalid(at, `has latitude ${lat} outside -90..90`);
}

export interface BoundingBox {
  minLat: number;
  maxLat: number;
  minLng: number;
  maxLng: number;
}

export function boundingBox(b: GeoJsonPolygon): BoundingBox {
  const rings: Ring[] = b.type === 'Polygon' ? b.coordinates : b.coordinates.flat();
  const box = { minLat: 90, maxLat: -90, minLng: 180, maxLng: -180 };
  for (const ring of rings)
    for (const [lng, lat] of ring) {
      box.minLat = Math.min(box.minLat, lat); box.maxLat = Math.max(box.maxLat, lat);
      box.minLng = Math.min(box.minLng, lng); box.maxLng = Math.max(box.maxLng, lng);
    }
  return box;
}

export function containsPoint(b: GeoJsonPolygon, lat: number, lng: number): boolean {
  return booleanPointInPolygon([lng, lat], b);
}
