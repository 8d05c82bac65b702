/**
 * The picture's files (api-contract.md, "The weekly picture"): pure functions from the picture's JSON (and, for the
 * CSV and GeoJSON, a stream of report rows) to the bytes of a PDF, XLSX, CSV or GeoJSON file. They print what they
 * are given, all of it and nothing more: visibility is applied when the picture is counted, not here.
 */
export { type ExportMeta, audienceText, exportHeaders, exportMeta, exportedText, filterText, pictureTitle } from './export-meta.js';
export { periodAnalysisPdf, weeklyPicturePdf } from './picture-pdf.js';
export { pictureXlsx } from './picture-xlsx.js';
export { CSV_HEADERS, reportsCsv } from './picture-csv.js';
export { type PictureReportRow, pictureGeoJson, pictureReportRow } from './picture-geojson.js';
export type { MapArea } from './hotspot-map.js';
