import { Readable } from 'node:stream';
import type { Category, PictureHotspot, PictureReport, ReportStatus } from '#contracts';
import type { ExportMeta } from './export-meta.js';
import {
  HOTSPOT_CLASS_LABEL, type Label, REPORT_STATUS_LABEL, hotspotName, labeller, localDateTime, localIso, weekdayName,
} from './swedish.js';

/** One report as the GeoJSON takes it: a row straight from a database cursor (pg-query-stream). */
export interface PictureReportRow {
  id: string;
  observedAt: Date;
  category: Category;
  severity: number;
  status: ReportStatus;
  placeName: string | null;
  areaName: string | null;
  organisationName: string;
  lat: number;
  lng: number;
  description: string;
}

/** A report of the picture's JSON as a row (for a frozen snapshot, whose reports are already in hand). */
export function pictureReportRow(r: PictureReport): PictureReportRow {
  return {
    id: r.id, observedAt: new Date(r.observedAt), category: r.category, severity: r.severity, status: r.status,
    placeName: r.place?.name ?? null, areaName: r.area?.name ?? null, organisationName: r.organisation.name,
    lat: r.location.lat, lng: r.location.lng, description: r.description,
  };
}

/**
 * The picture as GeoJSON (RFC 7946), streamed: one FeatureCollection of Point features, the hotspots first (busiest
 * first, with their rank), then every report of the period, read from `rows` as fast as the file is read.
 *
 * RFC 7946 throughout: positions are [longitude, latitude] in WGS 84 with six decimals (about 10 cm, the RFC's own
 * advice; more only pretends to a precision a phone's position never has), no `crs` member (removed by the RFC),
 * property names and values as plain JSON. The export's meta is a foreign member of the collection, `lagesbild`
 * (RFC 7946 §6.1 allows them; GIS tools ignore it and keep the features): title, filter, who exported it and when.
 *
 * A report's properties carry no description: the file is for maps (QGIS, a GIS of the municipality), where free text
 * travels further than the partners meant it to; the CSV and the spreadsheet have it.
 */

/** Six decimals, as a number (no trailing zeros, no exponent for our range of coordinates). */
const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

const point = (lat: number, lng: number) => ({ type: 'Point', coordinates: [round6(lng), round6(lat)] });

function hotspotFeature(h: PictureHotspot, rank: number, label: Label) {
  return {
    type: 'Feature',
    id: h.key,
    geometry: point(h.center.lat, h.center.lng),
    properties: {
      kind: 'hotspot',
      rank,
      name: hotspotName(h),
      hotspotKind: h.kind,
      place: h.place?.name ?? null,
      area: h.area?.name ?? null,
      count: h.count,
      earlier: h.earlier,
      class: h.class,
      classLabel: HOTSPOT_CLASS_LABEL[h.class],
      categories: h.categories.map((c) => ({ code: c.code, label: label(c.code), count: c.count })),
      typicalWeekday: h.typicalWeekday,
      typicalWeekdayLabel: weekdayName(h.typicalWeekday),
      typicalHour: h.typicalHour,
      maxSeverity: h.maxSeverity,
    },
  };
}

function reportFeature(r: PictureReportRow, label: Label) {
  return {
    type: 'Feature',
    id: r.id,
    geometry: point(r.lat, r.lng),
    properties: {
      kind: 'report',
      id: r.id,
      category: r.category,
      categoryLabel: label(r.category),
      severity: r.severity,
      status: r.status,
      statusLabel: REPORT_STATUS_LABEL[r.status] ?? r.status,
      observedAt: localIso(r.observedAt),
      observedAtLocal: localDateTime(r.observedAt),
      place: r.placeName,
      area: r.areaName,
      organisation: r.organisationName,
    },
  };
}

/** Text is handed on in chunks of about this many characters (fewer, larger writes than one per feature). */
const CHUNK = 16 * 1024;

async function* geoJson(rows: AsyncIterable<PictureReportRow>, hotspots: PictureHotspot[], meta: ExportMeta): AsyncGenerator<string> {
  const head = {
    type: 'FeatureCollection',
    lagesbild: {
      title: meta.title,
      filter: meta.filterText,
      exportedAt: localIso(meta.exportedAt),
      exportedAtLocal: localDateTime(meta.exportedAt),
      exportedBy: meta.exportedBy,
    },
  };
  const label = labeller(meta);
  let out = `${JSON.stringify(head).slice(0, -1)},"features":[`;
  let first = true;
  const add = (feature: object) => {
    out += (first ? '\n' : ',\n') + JSON.stringify(feature);
    first = false;
  };
  hotspots.forEach((h, i) => add(hotspotFeature(h, i + 1, label)));
  for await (const r of rows) {
    add(reportFeature(r, label));
    if (out.length >= CHUNK) {
      yield out;
      out = '';
    }
  }
  yield `${out}\n]}\n`;
}

/**
 * The hotspots and the reports as one GeoJSON FeatureCollection, streamed (backpressure as in `reportsCsv`: `rows` is
 * read only as the stream is read, and closed if its reader goes away).
 */
export function pictureGeoJson(rows: AsyncIterable<PictureReportRow>, hotspots: PictureHotspot[], meta: ExportMeta): Readable {
  return Readable.from(geoJson(rows, hotspots, meta), { objectMode: false });
}
