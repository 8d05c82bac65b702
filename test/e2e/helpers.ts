/**
 * Assertion helpers for the foundation e2e suite (not a spec file). The world (organisations, people, places) comes
 * from test/support/world.ts.
 */
import { expect } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { Api, ApiResponse } from '../support/api.js';

/** Asserts the contract's error shape `{ statusCode, error, message }` with the given status. */
export function expectError(res: ApiResponse, status: number, opts: { field?: string; code?: string; mentions?: RegExp } = {}): void {
  const context = `${res.status} ${res.text.slice(0, 500)}`;
  expect({ status: res.status, context }).toEqual({ status, context });
  expect(res.body).toEqual(expect.objectContaining({ statusCode: status, error: expect.any(String) }));
  expect(typeof res.body.message === 'string' || Array.isArray(res.body.message)).toBe(true);
  if (opts.code) expect(res.body.code).toBe(opts.code);
  if (opts.field) {
    expect(res.body.field).toBe(opts.field);
    expect(messageText(res)).toContain(opts.field);
  }
  if (opts.mentions) expect(messageText(res)).toMatch(opts.mentions);
}

export const messageText = (res: ApiResponse): string => (Array.isArray(res.body?.message) ? res.body.message.join(' | ') : String(res.body?.message ?? ''));

/** A personnummer (or, with `coordination`, a samordningsnummer: day + 60) with a correct Luhn check digit. */
export function identityNumber(yyyymmdd: string, serial = '987', coordination = false): string {
  let date = yyyymmdd;
  if (coordination) date = date.slice(0, 6) + String(Number(date.slice(6, 8)) + 60).padStart(2, '0');
  const nine = date.slice(2) + serial;
  let sum = 0;
  for (let i = 0; i < 9; i++) {
    let p = Number(nine[i]) * (i % 2 === 0 ? 2 : 1);
    if (p > 9) p -= 9;
    sum += p;
  }
  return `${date}-${serial}${(10 - (sum % 10)) % 10}`;
}

/** Every page of a list, following nextCursor. */
export async function walk<T = any>(api: Api, path: string, limit: number): Promise<{ items: T[]; pages: number }> {
  const items: T[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const res: ApiResponse = await api.get(`${path}${sep}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    expect(res.status).toBe(200);
    expect(res.body.items.length).toBeLessThanOrEqual(limit);
    items.push(...res.body.items);
    cursor = res.body.nextCursor;
    if (++pages > 1000) throw new Error('pagination does not end');
  } while (cursor);
  return { items, pages };
}

export const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const newId = () => randomUUID();
export const ago = (ms: number) => new Date(Date.now() - ms).toISOString();
