import { UnsupportedMediaTypeException } from '@nestjs/common';
import express, { type Request } from 'express';
import { CRIME_STATS_MAX_BYTES, decodeCsv, refusedWith, tooLarge } from './crime-stat.rules.js';

/** The media types an upload may be sent as: a CSV file, or the same as plain text (what some clients send for .csv). */
export const CSV_MEDIA_TYPES = ['text/csv', 'text/plain'];

/**
 * The bytes of the body, up to the upload limit; the type is checked before (`readCsvBody`). A gzip or deflate
 * Content-Encoding is undone, and the limit counts the bytes after it.
 */
const rawBody = express.raw({ type: () => true, limit: CRIME_STATS_MAX_BYTES });

/**
 * The text of an uploaded CSV file. Read in the handler, after the global guard: the app parses only JSON bodies
 * (256 KB), and a file of up to 2 MB is read for a coordinator only, never for anyone refused 401 or 403.
 * - no body: '' (the service refuses it as an empty file, 400);
 * - another media type (JSON included, which the app has parsed already), or a charset other than UTF-8: 415;
 * - over 2 MB: 413 `CSV_TOO_LARGE`;
 * - bytes that are not UTF-8: 400 naming the line (a byte order mark is allowed, and dropped by the reader).
 */
export async function readCsvBody(req: Request): Promise<string> {
  // No body at all: a POST without one (fetch sends Content-Length: 0, which type-is counts as a body).
  if (req.headers['transfer-encoding'] === undefined && Number(req.headers['content-length'] ?? 0) === 0) return '';
  const type = req.is(CSV_MEDIA_TYPES);
  if (type === null) return '';
  if (!type) throw new UnsupportedMediaTypeException(`send the file as ${CSV_MEDIA_TYPES.join(' or ')} (UTF-8)`);
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(req.headers['content-type'] ?? '')?.[1]?.toLowerCase();
  if (charset && charset !== 'utf-8' && charset !== 'utf8') {
    throw new UnsupportedMediaTypeException(`send the file as UTF-8 (charset=${charset.slice(0, 40)} is not read)`);
  }
  try {
    await new Promise<void>((ok, fail) => rawBody(req, req.res!, (err?: unknown) => (err ? fail(err) : ok())));
  } catch (err) {
    if ((err as { type?: string }).type === 'entity.too.large') throw tooLarge();
    throw err; // the filter answers body-parser's own errors (an unknown Content-Encoding: 415; a broken gzip stream: 400)
  }
  const bytes: unknown = req.body;
  if (!Buffer.isBuffer(bytes)) return '';
  const decoded = decodeCsv(bytes);
  if ('error' in decoded) throw refusedWith(decoded.error);
  return decoded.text;
}
