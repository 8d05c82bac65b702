import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { LIMITS, type Page } from '#contracts';
import { invalid } from './domain-error.js';
import { isWellFormed } from './validation.js';
import type { SqlWhere } from './sql-where.js';

export class PageQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: LIMITS.listMax, default: LIMITS.listDefault })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(LIMITS.listMax)
  limit?: number;

  @ApiPropertyOptional({ description: 'opaque cursor from nextCursor of the previous page' })
  @IsOptional() @IsString() @MaxLength(500)
  cursor?: string;
}

/** Keyset pagination: the cursor holds the sort key of the last row, base64url-encoded. */
export function encodeCursor(key: (string | number)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

type KeyPart = 'string' | 'number' | 'uuid' | 'date';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// A UTC instant as the cursors carry it (to the microsecond). Anything Date.parse reads is not enough: "1" parses
// there but not in PostgreSQL, so a forged cursor was a 500; "2024-02-31" is checked by the round trip.
const CURSOR_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?Z$/;
const isCursorInstant = (v: unknown) =>
  typeof v === 'string' && CURSOR_INSTANT.test(v) && !Number.isNaN(Date.parse(v)) && new Date(v).toISOString().slice(0, 10) === v.slice(0, 10);
const fits = (v: unknown, part: KeyPart) =>
  part === 'uuid' ? typeof v === 'string' && UUID.test(v)
  : part === 'date' ? isCursorInstant(v)
  : part === 'number' ? Number.isSafeInteger(v)
  // A string key goes to PostgreSQL: no NUL, no lone surrogate (a forged cursor with either was a 500).
  : typeof v === 'string' && !v.includes('\u0000') && isWellFormed(v);

export function decodeCursor(cursor: string | undefined, shape: KeyPart[]): (string | number)[] | undefined {
  if (cursor === undefined) return undefined;
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(key) && key.length === shape.length && key.every((v, i) => fits(v, shape[i]))) return key;
  } catch {
    /* fall through */
  }
  throw invalid('cursor', 'is not a cursor returned by this list');
}

/**
 * A timestamptz column as a cursor key, to the microsecond (select it next to the row). A JS Date keeps only
 * milliseconds: a cursor made from one skipped (descending) or repeated (ascending) rows of the same millisecond.
 */
export const cursorInstant = (column: string, as = 'cursor_at') => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS ${as}`;

/** Adds the microsecond keyset cursor of `column` (as "cursorAt") to a `SELECT ... FROM` statement. */
export const withCursor = (select: string, column: string) => select.replace(/^SELECT /, `SELECT ${cursorInstant(column, '"cursorAt"')}, `);

/** Fetches limit+1 rows to know whether there is a next page. */
export function toPage<R, T>(rows: R[], limit: number, map: (r: R) => T, keyOf: (r: R) => (string | number)[]): Page<T> {
  const more = rows.length > limit;
  const slice = more ? rows.slice(0, limit) : rows;
  return { items: slice.map(map), nextCursor: more ? encodeCursor(keyOf(slice[slice.length - 1])) : null };
}

interface Queryable {
  query<R>(sql: string, params?: unknown[]): Promise<R>;
}

/** A page of a small named list (organisations, areas, places, users), ordered by name then id. */
export async function pageByName<R extends { name: string; id: string }, T>(
  db: Queryable,
  select: string,
  where: SqlWhere,
  alias: string,
  q: PageQuery,
  map: (row: R) => T,
): Promise<Page<T>> {
  const limit = q.limit ?? LIMITS.listDefault;
  const after = decodeCursor(q.cursor, ['string', 'uuid']);
  if (after) where.raw(`(${alias}.name, ${alias}.id) > ($1, $2::uuid)`, after[0], after[1]);
  const rows = await db.query<R[]>(`${select} WHERE ${where} ORDER BY ${alias}.name, ${alias}.id LIMIT ${where.param(limit + 1)}`, where.params);
  return toPage(rows, limit, map, (r) => [r.name, r.id]);
}
