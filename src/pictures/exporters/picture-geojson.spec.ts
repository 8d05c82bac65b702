import { describe, expect, it } from '@jest/globals';
import type { Readable } from 'node:stream';
import { HIDDEN, META, WEEK_HOTSPOTS, WEEK_REPORTS, rowsOf } from './fixtures.js';
import { type PictureReportRow, pictureReportRow } from './picture-geojson.js';
import { pictureGeoJson } from './picture-geojson.js';

async function read(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8');
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
const isObject = (x: unknown): x is Record<string, Json> => typeof x === 'object' && x !== null && !Array.isArray(x);

/**
 * The parts of RFC 7946 a FeatureCollection of points must meet, checked structurally: the errors found, each with
 * its JSON path (empty: valid). Positions: 2 or 3 numbers, longitude first within [-180, 180], latitude [-90, 90].
 */
function rfc7946Errors(doc: unknown): string[] {
  const errors: string[] = [];
  const fail = (path: string, why: string) => errors.push(`${path}: ${why}`);
  const position = (p: unknown, path: string) => {
    if (!Array.isArray(p) || p.length < 2 || p.length > 3 || !p.every((n) => typeof n === 'number' && Number.isFinite(n))) return fail(path, 'not a position');
    if (p[0] < -180 || p[0] > 180) fail(path, 'longitude out of range');
    if (p[1] < -90 || p[1] > 90) fail(path, 'latitude out of range');
  };
  const geometry = (g: unknown, path: string) => {
    if (g === null) return;
    if (!isObject(g)) return fail(path, 'geometry is neither null nor an object');
    if (g.type === 'Point') position(g.coordinates, `${path}.coordinates`);
    else if (g.type === 'MultiPoint' || g.type === 'LineString') (Array.isArray(g.coordinates) ? g.coordinates : [null]).forEach((p, i) => position(p, `${path}.coordinates[${i}]`));
    else fail(path, `unexpected geometry type ${String(g.type)}`);
    if ('crs' in g) fail(path, 'crs is not part of RFC 7946');
  };
  if (!isObject(doc)) return ['$: not an object'];
  if (doc.type !== 'FeatureCollection') fail('$.type', 'not FeatureCollection');
  if ('crs' in doc) fail('$', 'crs is not part of RFC 7946');
  if (!Array.isArray(doc.features)) return [...errors, '$.features: not an array'];
  doc.features.forEach((f, i) => {
    const path = `$.features[${i}]`;
    if (!isObject(f)) return fail(path, 'not an object');
    if (f.type !== 'Feature') fail(`${path}.type`, 'not Feature');
    if (!('geometry' in f)) fail(path, 'no geometry member');
    geometry(f.geometry, `${path}.geometry`);
    if (!('properties' in f) || !(f.properties === null || isObject(f.properties))) fail(`${path}.properties`, 'neither null nor an object');
    if ('id' in f && typeof f.id !== 'string' && typeof f.id !== 'number') fail(`${path}.id`, 'neither a string nor a number');
  });
  return errors;
}

describe('the picture as GeoJSON', () => {
  it('is an RFC 7946 FeatureCollection of the hotspots, then every report, longitude first, six decimals at most', async () => {
    const text = await read(pictureGeoJson(rowsOf(WEEK_REPORTS.map(pictureReportRow)), WEEK_HOTSPOTS, META));
    const doc = JSON.parse(text);
    expect(rfc7946Errors(doc)).toEqual([]);
    expect(doc.crs).toBeUndefined();
    expect(text).not.toContain(HIDDEN);

    const features: { id: string; geometry: { coordinates: number[] }; properties: Record<string, unknown> }[] = doc.features;
    expect(features.map((f) => f.properties.kind)).toEqual([...WEEK_HOTSPOTS.map(() => 'hotspot'), ...WEEK_REPORTS.map(() => 'report')]);
    for (const f of features) {
      const [lng, lat] = f.geometry.coordinates;
      expect({ lng: lng > 13 && lng < 13.3, lat: lat > 58.4 && lat < 58.6 }).toEqual({ lng: true, lat: true });
      for (const x of f.geometry.coordinates) expect(String(x)).toMatch(/^\d+\.\d{1,6}$/);
    }

    expect(features[0]).toMatchObject({
      id: WEEK_HOTSPOTS[0].key,
      geometry: { type: 'Point', coordinates: [13.1622, 58.5058] },
      properties: {
        kind: 'hotspot', rank: 1, name: 'Resecentrum', area: 'Centrum', count: 6, earlier: [2, 3, 2, 3], class: 'intensifying', classLabel: 'ökande',
        typicalWeekday: 1, typicalWeekdayLabel: 'måndag', typicalHour: 21,
      },
    });
    expect(features[0].properties.categories).toContainEqual({ code: 'drug_use', label: 'Narkotikabruk', count: 2 });
    expect(features.slice(0, 5).map((f) => [f.properties.rank, f.properties.name, f.properties.classLabel])).toEqual([
      [1, 'Resecentrum', 'ökande'], [2, 'Nya Stadens torg', 'bestående'], [3, 'Ruta nära Centrum', 'ny'],
      [4, 'Stenhammarskolans skolgård', 'minskande'], [5, 'Ruta vid 58,5212 N, 13,1402 Ö', 'bestående'],
    ]);

    const report = features[WEEK_HOTSPOTS.length];
    expect(report).toMatchObject({
      id: WEEK_REPORTS[0].id,
      properties: {
        kind: 'report', id: WEEK_REPORTS[0].id, category: 'drug_use', categoryLabel: 'Narkotikabruk', severity: 3, status: 'new', statusLabel: 'Ny',
        // 20:40 UTC, written as Stockholm reads it, whatever the machine's zone.
        observedAt: '2026-11-16T21:40:00+01:00', observedAtLocal: '2026-11-16 21:40',
        place: 'Resecentrum', area: 'Centrum', organisation: 'Polisen Lidköping',
      },
    });
    expect(report.properties.description).toBeUndefined();
    expect(features.slice(WEEK_HOTSPOTS.length).map((f) => f.id)).toEqual(WEEK_REPORTS.map((r) => r.id));
  });

  it('says what it is, its filter, and who exported it when, in a foreign member', async () => {
    const doc = JSON.parse(await read(pictureGeoJson(rowsOf([]), [], META)));
    expect(doc).toEqual({
      type: 'FeatureCollection',
      lagesbild: {
        title: 'Lägesbild vecka 47 2026', filter: 'Område: alla · Kategorier: alla',
        exportedAt: '2026-11-23T08:15:00+01:00', exportedAtLocal: '2026-11-23 08:15',
        exportedBy: { name: 'Trygghetssamordnare Maria', organisation: 'Lidköpings kommun – trygghetssamordning' },
      },
      features: [],
    });
  });

  it('rounds to six decimals and writes summer time with its offset', async () => {
    const row: PictureReportRow = {
      id: 'r1', observedAt: new Date('2026-07-04T20:30:00Z'), category: 'vandalism', severity: 2, status: 'closed', placeName: null, areaName: null,
      organisationName: 'AB Bostäder i Lidköping', lat: 58.50581234567, lng: 13.16220000001, description: 'x',
    };
    const doc = JSON.parse(await read(pictureGeoJson(rowsOf([row]), [], META)));
    expect(doc.features[0].geometry.coordinates).toEqual([13.1622, 58.505812]);
    expect(doc.features[0].properties).toMatchObject({ observedAt: '2026-07-04T22:30:00+02:00', place: null, area: null, statusLabel: 'Stängd' });
  });

  it('reads its rows only as fast as it is read, and closes them when its reader goes away', async () => {
    let pulled = 0;
    let closed = false;
    async function* endless(): AsyncGenerator<PictureReportRow> {
      try {
        for (;;) {
          pulled++;
          yield pictureReportRow(WEEK_REPORTS[pulled % WEEK_REPORTS.length]);
        }
      } finally {
        closed = true;
      }
    }
    const stream = pictureGeoJson(endless(), WEEK_HOTSPOTS, META);
    await new Promise((resolve) => stream.once('data', resolve));
    stream.pause();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(pulled).toBeLessThan(1000);
    stream.destroy();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(closed).toBe(true);
  });

  it('errors when its rows fail', async () => {
    async function* failing(): AsyncGenerator<PictureReportRow> {
      yield pictureReportRow(WEEK_REPORTS[0]);
      throw new Error('connection lost');
    }
    await expect(read(pictureGeoJson(failing(), WEEK_HOTSPOTS, META))).rejects.toThrow('connection lost');
  });

  it('knows an invalid collection when it sees one (the check itself)', () => {
    expect(rfc7946Errors({ type: 'FeatureCollection', crs: {}, features: [{ type: 'Feature', geometry: { type: 'Point', coordinates: [200, 58] }, properties: 'x' }] }))
      .toEqual(['$: crs is not part of RFC 7946', '$.features[0].geometry.coordinates: longitude out of range', '$.features[0].properties: neither null nor an object']);
  });
});
