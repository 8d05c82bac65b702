import type { PictureFilter, PicturePeriod, WeeklyPictureResponse } from '#contracts';
import { categoryLabel, localDateTime, periodText } from './swedish.js';

/**
 * What every exported file says about itself: what it is, what it was narrowed to, who exported it and when. The PDF
 * prints it on its first page and in every page's footer, the spreadsheet on its summary sheet, the GeoJSON in a
 * foreign member; the CSV carries it in its file name and HTTP headers (`exportHeaders`; picture-csv.ts says why).
 */
export interface ExportMeta {
  exportedAt: Date;
  exportedBy: { name: string; organisation: string };
  /** e.g. "Lägesbild vecka 47 2026" (`pictureTitle`). */
  title: string;
  /** Swedish, e.g. "Område: Centrum · Kategorier: alla" (`filterText`). */
  filterText: string;
  /**
   * The collaboration's Swedish category labels by code (renamed defaults, its own categories, switched off ones):
   * what every exporter names a category by (`labeller`). Absent: the default labels.
   */
  categoryLabels?: Readonly<Record<string, string>>;
}

/** "Område: Centrum · Kategorier: alla", "Område: alla · Kategorier: Narkotikaförsäljning, Skadegörelse". */
export function filterText(filter: PictureFilter, labels?: Readonly<Record<string, string>>): string {
  const area = filter.area ? filter.area.name : 'alla';
  const categories = filter.categories?.length ? filter.categories.map((c) => categoryLabel(c, labels)).join(', ') : 'alla';
  return `Område: ${area} · Kategorier: ${categories}`;
}

/** "Lägesbild vecka 47 2026" for a week, "Periodanalys november 2026" (tertial, year, dates) for the rest. */
export function pictureTitle(p: PicturePeriod): string {
  if (p.kind === 'week') return `Lägesbild vecka ${Number(p.label.slice(6))} ${p.label.slice(0, 4)}`;
  return `Periodanalys ${periodText(p).replace(/ \(.*\)$/, '')}`;
}

/** "Exporterad av Maria Ek (Lidköpings kommun) 2026-11-23 08:15", the time in Stockholm. */
export const exportedText = (meta: ExportMeta): string =>
  `Exporterad av ${meta.exportedBy.name} (${meta.exportedBy.organisation}) ${localDateTime(meta.exportedAt)}`;

/** Whose view the figures are: one organisation's visibility, or the joint view every partner may see. */
export function audienceText(audience: WeeklyPictureResponse['audience']): string {
  if (audience.joint || !audience.organisation) return 'Gemensam bild: det som alla parter får se';
  return `Det som ${audience.organisation.name} får se`;
}

/** The meta of a picture's file, from the picture and the person exporting it. */
export function exportMeta(
  picture: { period: PicturePeriod; filter: PictureFilter },
  exportedBy: ExportMeta['exportedBy'],
  exportedAt: Date,
  categoryLabels?: Readonly<Record<string, string>>,
): ExportMeta {
  return { exportedAt, exportedBy, title: pictureTitle(picture.period), filterText: filterText(picture.filter, categoryLabels), categoryLabels };
}

/**
 * The meta as HTTP response headers, for the files that cannot carry it inside (the CSV). Header values must be
 * ASCII, so the Swedish text is percent-encoded (UTF-8); the time is given as an ISO 8601 instant and as Stockholm
 * local time.
 */
export function exportHeaders(meta: ExportMeta): Record<string, string> {
  return {
    'X-Lagesbild-Title': encodeURIComponent(meta.title),
    'X-Lagesbild-Filter': encodeURIComponent(meta.filterText),
    'X-Lagesbild-Exported-By': encodeURIComponent(`${meta.exportedBy.name} (${meta.exportedBy.organisation})`),
    'X-Lagesbild-Exported-At': meta.exportedAt.toISOString(),
    'X-Lagesbild-Exported-At-Local': encodeURIComponent(`${localDateTime(meta.exportedAt)} (Europe/Stockholm)`),
  };
}
