/**
 * Shared helpers for the foundation e2e suite (not a spec file). The world here is the same as
 * test/support/world.ts builds, but its users are created in parallel: argon2 hashing dominates set-up time.
 */
import { expect } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { OrganisationKind, Role } from '#contracts';
import { Api, type ApiResponse } from '../support/api.js';
import { TEST_ADMIN, type TestApp } from '../support/app.js';
import { addWorldGeography, createUser, login, type TestOrg, type TestUser, type World } from '../support/world.js';

export { reportBody, PASSWORD } from '../support/world.js';
export { decodeJwt, signJwt } from '../support/jwt.js';
export type { TestOrg, TestUser, World };

let counter = 0;
const unique = () => `${process.pid}-${++counter}-${Date.now().toString(36)}`;

export async function adminApi(t: TestApp): Promise<Api> {
  return new Api(t.url, await login(t.url, TEST_ADMIN.email, TEST_ADMIN.password));
}

/** An organisation with a member, a coordinator and an admin, created by `admin` (optionally in another collaboration). */
export async function createOrg(t: TestApp, admin: Api, kind: OrganisationKind, label: string, collaborationId?: string): Promise<TestOrg> {
  const body: Record<string, unknown> = { name: `Org ${label} ${unique()}`, kind };
  if (collaborationId) body.collaborationId = collaborationId;
  const o = await admin.post('/api/organisations', body);
  if (o.status !== 201) throw new Error(`create org: ${o.status} ${o.text}`);
  const [member, coordinator, orgAdmin] = await Promise.all(
    (['member', 'coordinator', 'admin'] as Role[]).map((role) => createUser(t, admin, o.body.id, role)),
  );
  return { id: o.body.id, name: o.body.name, kind, member, coordinator, admin: orgAdmin };
}

/** The same world as buildWorld() (four partners, two areas, two places), built with users in parallel. */
export async function buildWorldFast(t: TestApp): Promise<World> {
  const anonymous = new Api(t.url);
  const admin = await adminApi(t);
  const kinds = { police: 'police', municipality: 'municipality', school: 'school', social: 'social_services' } as const;
  const entries = await Promise.all(
    (Object.entries(kinds) as [keyof World['orgs'], OrganisationKind][]).map(async ([key, kind]) => [key, await createOrg(t, admin, kind, key)] as const),
  );
  const orgs = Object.fromEntries(entries) as World['orgs'];
  const n = unique();
  return { admin, anonymous, orgs, ...(await addWorldGeography(orgs.municipality.coordinator.api, String(n))) };
}

export interface OtherCollaboration {
  id: string;
  org: TestOrg;
  area: string;
  place: string;
}

/** A second collaboration (made by the platform admin) with one partner organisation, its people, an area and a place. */
export async function buildOtherCollaboration(t: TestApp, platformAdmin: Api): Promise<OtherCollaboration> {
  const c = await platformAdmin.post('/api/collaborations', { name: `Trygg i Götene ${unique()}`, municipality: 'Götene' });
  if (c.status !== 201) throw new Error(`create collaboration: ${c.status} ${c.text}`);
  const org = await createOrg(t, platformAdmin, 'police', 'other-collab', c.body.id);
  const area = await org.coordinator.api.post('/api/areas', {
    name: `Götene centrum ${unique()}`,
    boundary: { type: 'Polygon', coordinates: [[[13.15, 58.5], [13.17, 58.5], [13.17, 58.51], [13.15, 58.51], [13.15, 58.5]]] },
  });
  const place = await org.coordinator.api.post('/api/places', { name: 'Götene torg', location: { lat: 58.505, lng: 13.16 } });
  if (area.status !== 201 || place.status !== 201) throw new Error(`other collaboration geography: ${area.text} ${place.text}`);
  return { id: c.body.id, org, area: area.body.id, place: place.body.id };
}

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
