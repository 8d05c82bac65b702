import { Injectable } from '@nestjs/common';
import type { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import type { PeriodAnalysisResponse, PictureFileFormat, WeeklyPictureResponse } from '#contracts';
import { CategoriesService } from '../categories/categories.service.js';
import { GeographyService } from '../geography/geography.service.js';
import {
  type ExportMeta, exportHeaders, exportMeta, periodAnalysisPdf, pictureGeoJson, pictureXlsx, reportsCsv, weeklyPicturePdf,
} from './exporters/index.js';
import { pictureFileName } from './picture-periods.js';
import { type PictureScope, PicturesRepository } from './pictures.repository.js';

/** A file of a picture, ready to send: a buffer (PDF, XLSX) or a stream (CSV, GeoJSON: every row, in flat memory). */
export interface PictureFile {
  format: PictureFileFormat;
  fileName: string;
  contentType: string;
  body: Buffer | Readable;
  /** The export's meta for files that cannot carry it inside (the CSV): what, filter, who, when. */
  headers: Record<string, string>;
}

export const CONTENT_TYPES: Record<PictureFileFormat | 'json', string> = {
  json: 'application/json; charset=utf-8',
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
  geojson: 'application/geo+json',
};

const EXTENSIONS: Record<PictureFileFormat, string> = { pdf: 'pdf', xlsx: 'xlsx', csv: 'csv', geojson: 'geojson' };

type Picture = WeeklyPictureResponse | PeriodAnalysisResponse;
const isWeekly = (p: Picture): p is WeeklyPictureResponse => p.period.kind === 'week';

/**
 * Makes the files of a picture or analysis with the exporters (exporters/): the PDF and the spreadsheet from the
 * picture itself, the CSV and the GeoJSON from every report of the period streamed from the database under the same
 * scope (the JSON carries at most 2,000): the CSV written by PostgreSQL's COPY, the GeoJSON from a cursor's rows.
 */
@Injectable()
export class PictureFilesService {
  constructor(private readonly repo: PicturesRepository, private readonly geography: GeographyService, private readonly categories: CategoriesService) {}

  async file(picture: Picture, scope: PictureScope, format: PictureFileFormat, exportedBy: ExportMeta['exportedBy'], exportedAt = new Date()): Promise<PictureFile> {
    const meta = exportMeta(picture, exportedBy, exportedAt, await this.categories.swedishLabels(scope.audience.collaborationId));
    const fileName = pictureFileName(isWeekly(picture) ? 'lagesbild' : 'analys', picture.period, picture.filter.area?.name ?? null, EXTENSIONS[format]);
    const made = { format, fileName, contentType: CONTENT_TYPES[format], headers: exportHeaders(meta) };
    switch (format) {
      case 'pdf': {
        const areas = await this.outlines(scope);
        return { ...made, body: isWeekly(picture) ? await weeklyPicturePdf(picture, meta, areas) : await periodAnalysisPdf(picture, meta, areas) };
      }
      case 'xlsx':
        return { ...made, body: await pictureXlsx(picture, meta) };
      case 'csv':
        return this.csv(scope, picture, exportedBy, exportedAt);
      case 'geojson':
        return { ...made, body: pictureGeoJson(this.repo.streamReports(scope, picture.period), picture.hotspots, meta) };
    }
  }

  /**
   * The CSV of every report of a period: it needs only the period and the filter, not the picture, so its first
   * byte does not wait for a whole analysis (a five-year one took 7.7 s at a million reports).
   */
  async csv(scope: PictureScope, about: Pick<Picture, 'period' | 'filter'>, exportedBy: ExportMeta['exportedBy'], exportedAt = new Date()): Promise<PictureFile> {
    const labels = await this.categories.swedishLabels(scope.audience.collaborationId);
    const meta = exportMeta(about, exportedBy, exportedAt, labels);
    return {
      format: 'csv', contentType: CONTENT_TYPES.csv, headers: exportHeaders(meta),
      fileName: pictureFileName(about.period.kind === 'week' ? 'lagesbild' : 'analys', about.period, about.filter.area?.name ?? null, 'csv'),
      body: reportsCsv(await this.repo.copyReportsCsv(scope, about.period, labels), meta),
    };
  }

  /** Every file of a frozen week, as bytes (a week's reports fit in memory; the snapshot stores them). */
  async all(picture: WeeklyPictureResponse, scope: PictureScope, exportedBy: ExportMeta['exportedBy'], exportedAt: Date) {
    const formats: PictureFileFormat[] = ['pdf', 'xlsx', 'csv', 'geojson'];
    const files = [];
    for (const format of formats) {
      const f = await this.file(picture, scope, format, exportedBy, exportedAt);
      files.push({ format, fileName: f.fileName, content: Buffer.isBuffer(f.body) ? f.body : await buffer(f.body) });
    }
    return files;
  }

  /** The area outlines for the PDF's map: all of the collaboration's, or those the picture is narrowed to. */
  private async outlines(scope: PictureScope) {
    const all = await this.geography.outlines(scope.audience.collaborationId);
    return scope.areaIds ? all.filter((a) => scope.areaIds!.includes(a.id)) : all;
  }
}


