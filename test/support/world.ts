/**
 * The one world builder of the tests. Every suite starts from the same small collaboration — four partner
 * organisations (police, municipality, school, social services) with a member, a coordinator and an admin each, the
 * areas centrum (with a boundary around Nya Stadens torg) and hamnen (without), the places torget and skolgården —
 * and, where a suite needs it, a second collaboration with one partner, its people, an area and a place.
 *
 * What the world holds is decided here, once; how each thing is made is a tier's `WorldDriver`: over HTTP against
 * the running service (`buildWorld`, below, for the e2e suites) or through the services in process
 * (test/support/in-process.ts). People are created in parallel (their passwords hashed at the test cost, test/support/app.ts).
 */
import type { OrganisationKind, Role } from '#contracts';
import { Api } from './api.js';
import { TEST_ADMIN, type TestApp } from './app.js';
import { withDb } from './db.js';
import { signJwt } from './jwt.js';
import { createHash, randomUUID } from 'node:crypto';

export const PASSWORD = 'a-long-test-password';

export type OrgKey = 'police' | 'municipality' | 'school' | 'social';
export const WORLD_ORGANISATIONS: Record<OrgKey, OrganisationKind> = {
  police: 'police', municipality: 'municipality', school: 'school', social: 'social_services',
};
const ROLES: readonly Role[] = ['member', 'coordinator', 'admin'];

/** A point inside the centrum boundary (Nya Stadens torg), and one outside every area. */
export const IN_CENTRUM = { lat: 58.5034, lng: 13.1575 };
export const OUTSIDE = { lat: 58.61, lng: 13.31 };
const CENTRUM_BOUNDARY = { type: 'Polygon', coordinates: [[[13.15, 58.5], [13.17, 58.5], [13.17, 58.51], [13.15, 58.51], [13.15, 58.5]]] };

/** A person of the world, however a tier acts as them. */
export interface Person {
  id: string;
  email: string;
  role: Role;
  organisationId: string;
}

/** A person over HTTP: a bearer token and an API client carrying it. */
export interface TestUser extends Person {
  token: string;
  api: Api;
}

export interface TestOrg<U extends Person = TestUser> {
  id: string;
  name: string;
  kind: OrganisationKind;
  member: U;
  coordinator: U;
  admin: U;
}

/** The partners and geography of the world, as a tier's people. */
export interface Partners<U extends Person> {
  orgs: Record<OrgKey, TestOrg<U>>;
  areas: { centrum: string; hamnen: string };
  places: { torget: string; skolgarden: string };
}

/** The world over HTTP: `admin` is the platform admin's API, `anonymous` one without a token. */
export interface World extends Partners<TestUser> {
  admin: Api;
  anonymous: Api;
}

export interface OtherCollaboration<U extends Person = TestUser> {
  id: string;
  org: TestOrg<U>;
  area: string;
  place: string;
}

/** How a tier makes the world's things; every call acts as the platform admin unless it names a person. */
export interface WorldDriver<U extends Person> {
  collaboration(body: { name: string; municipality: string }): Promise<string>;
  organisation(body: { name: string; kind: OrganisationKind; collaborationId?: string }): Promise<{ id: string; name: string }>;
  user(body: { email: string; name: string; organisationId: string; role: Role; password: string }, label: string): Promise<U>;
  area(by: U, body: { name: string; boundary?: Record<string, unknown> }): Promise<string>;
  place(by: U, body: { name: string; location: { lat: number; lng: number }; areaId?: string; kind?: string }): Promise<string>;
}

let counter = 0;
/** Unique across the test files running in parallel (names and e-mail addresses are unique in the database). */
export const unique = () => `${process.pid}-${++counter}-${Date.now().toString(36)}`;

/** A person made by the driver (the platform admin creates them), with the world's password. */
export function addPerson<U extends Person>(d: WorldDriver<U>, organisationId: string, role: Role, label: string = role): Promise<U> {
  // The name stays short and free of long digit runs: names are checked for personal data (phone numbers) too.
  return d.user({ email: `${label}.${unique()}@test.lagesbild`, name: `Test ${label} ${counter}`, organisationId, role, password: PASSWORD }, label);
}

/** An organisation with a member, a coordinator and an admin (made in parallel), optionally in another collaboration. */
export async function addOrganisation<U extends Person>(d: WorldDriver<U>, kind: OrganisationKind, label: string, collaborationId?: string): Promise<TestOrg<U>> {
  const o = await d.organisation({ name: `Org ${label} ${unique()}`, kind, ...(collaborationId && { collaborationId }) });
  const [member, coordinator, admin] = await Promise.all(ROLES.map((role) => addPerson(d, o.id, role, `${label}-${role}`)));
  return { id: o.id, name: o.name, kind, member, coordinator, admin };
}

/** The world's four partners and their geography (made by the municipality's coordinator). */
export async function addPartners<U extends Person>(d: WorldDriver<U>): Promise<Partners<U>> {
  const entries = await Promise.all((Object.entries(WORLD_ORGANISATIONS) as [OrgKey, OrganisationKind][]).map(
    async ([key, kind]) => [key, await addOrganisation(d, kind, key)] as const,
  ));
  const orgs = Object.fromEntries(entries) as Partners<U>['orgs'];
  return { orgs, ...(await addGeography(d, orgs.municipality.coordinator, unique())) };
}

/** The world's areas (centrum with a boundary around Nya Stadens torg, hamnen without) and places. */
export async function addGeography<U extends Person>(d: WorldDriver<U>, by: U, tag: string): Promise<Pick<Partners<U>, 'areas' | 'places'>> {
  const [centrum, hamnen] = await Promise.all([
    d.area(by, { name: `Centrum ${tag}`, boundary: CENTRUM_BOUNDARY }),
    d.area(by, { name: `Hamnen ${tag}` }),
  ]);
  const [torget, skolgarden] = await Promise.all([
    d.place(by, { name: 'Nya Stadens torg', location: IN_CENTRUM, kind: 'square' }),
    d.place(by, { name: 'Skolgården', areaId: hamnen, location: { lat: 58.52, lng: 13.2 } }),
  ]);
  return { areas: { centrum, hamnen }, places: { torget, skolgarden } };
}

/** A second collaboration with one partner organisation (police), its people, an area and a place. */
export async function addOtherCollaboration<U extends Person>(d: WorldDriver<U>): Promise<OtherCollaboration<U>> {
  const id = await d.collaboration({ name: `Trygg i Götene ${unique()}`, municipality: 'Götene' });
  const org = await addOrganisation(d, 'police', 'other-collab', id);
  const area = await d.area(org.coordinator, { name: `Götene centrum ${unique()}`, boundary: CENTRUM_BOUNDARY });
  // After the area: the place lies inside it.
  const place = await d.place(org.coordinator, { name: 'Götene torg', location: { lat: 58.505, lng: 13.16 } });
  return { id, org, area, place };
}

/** A valid report at IN_CENTRUM; given a `placeId`, at that place instead (a place or a point, never both). */
export const reportBody = (over: Record<string, unknown> = {}) => ({
  category: 'vandalism',
  description: 'Klotter på busskuren vid torget.',
  observedAt: new Date(Date.now() - 3600_000).toISOString(),
  ...('placeId' in over ? {} : { location: IN_CENTRUM }),
  ...over,
});

/** A month as YYYY-MM, `back` months before the current one (UTC; never later than the month it is in Sweden). */
export function monthAgo(back = 1): string {
  const d = new Date();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() - back);
  return d.toISOString().slice(0, 7);
}

/** A valid body of POST /api/concern-talks (last month, no area). */
export const concernTalkBody = (over: Record<string, unknown> = {}) => ({
  month: monthAgo(1),
  talks: 4,
  youths: 5,
  guardiansPresent: 3,
  socialServicesPresent: 1,
  ...over,
});

// ---------------------------------------------------------------------------------------------------------------
// Over HTTP, against the running service (the e2e tier).

/**
 * Where a person's bearer token comes from: `login`, POST /api/auth/login, the way a client gets one; or `signed`
 * here with the claims the service puts in its own (see `userToken`), which skips an argon2 verification per person.
 */
export type Tokens = 'login' | 'signed';

export async function login(baseUrl: string, email: string, password: string): Promise<string> {
  const res = await new Api(baseUrl).post('/api/auth/login', { email, password });
  if (res.status !== 200) throw new Error(`login ${email}: ${res.status} ${res.text}`);
  return res.body.accessToken;
}

/** The platform admin (BOOTSTRAP_ADMIN_*), logged in. */
export async function adminApi(t: TestApp): Promise<Api> {
  return new Api(t.url, await login(t.url, TEST_ADMIN.email, TEST_ADMIN.password));
}

/** The `pwd` claim the service puts in its tokens: a fingerprint of the user's password hash. */
export async function passwordClaim(databaseUrl: string, userId: string): Promise<string> {
  const [row] = (await withDb(databaseUrl, (c) => c.query('SELECT password_hash FROM users WHERE id = $1', [userId]))).rows;
  return createHash('sha256').update(row.password_hash).digest('base64url').slice(0, 12);
}

/**
 * A 12-hour access token for the user, signed with the test secret and the claims the service issues (`sub`, `cid`,
 * `sid`, `pwd`, `iat`, `exp`), naming a session started for it here as a login starts one (a row in `sessions`).
 */
export async function userToken(databaseUrl: string, userId: string): Promise<string> {
  const iat = Math.floor(Date.now() / 1000);
  const exp = iat + 12 * 3600;
  const sid = randomUUID();
  const cid = await withDb(databaseUrl, async (c) => {
    const [row] = (await c.query('SELECT collaboration_id FROM users WHERE id = $1', [userId])).rows;
    if (!row) throw new Error(`no user ${userId}`);
    await c.query('INSERT INTO sessions (id, collaboration_id, user_id, expires_at) VALUES ($1, $2, $3, to_timestamp($4))', [sid, row.collaboration_id, userId, exp]);
    return row.collaboration_id as string;
  });
  return signJwt({ sub: userId, cid, sid, pwd: await passwordClaim(databaseUrl, userId), iat, exp });
}

/** Makes the world through the API as `admin`; people get their tokens as `tokens` says (per person, if a function). */
export function httpDriver(t: TestApp, admin: Api, tokens: Tokens | ((label: string) => Tokens) = 'login'): WorldDriver<TestUser> {
  const created = (what: string, res: { status: number; text: string; body: any }) => {
    if (res.status !== 201) throw new Error(`create ${what}: ${res.status} ${res.text}`);
    return res.body;
  };
  return {
    collaboration: async (body) => created('collaboration', await admin.post('/api/collaborations', body)).id,
    organisation: async (body) => created('organisation', await admin.post('/api/organisations', body)),
    user: async (body, label) => {
      const { id } = created('user', await admin.post('/api/users', body));
      const how = typeof tokens === 'function' ? tokens(label) : tokens;
      const token = how === 'login' ? await login(t.url, body.email, body.password) : await userToken(t.databaseUrl, id);
      return { id, email: body.email, role: body.role, organisationId: body.organisationId, token, api: new Api(t.url, token) };
    },
    area: async (by, body) => created('area', await by.api.post('/api/areas', body)).id,
    place: async (by, body) => created('place', await by.api.post('/api/places', body)).id,
  };
}

/** A person in the organisation, created through POST /api/users by `admin`. */
export function createUser(t: TestApp, admin: Api, organisationId: string, role: Role, opts: { label?: string; tokens?: Tokens } = {}): Promise<TestUser> {
  return addPerson(httpDriver(t, admin, opts.tokens), organisationId, role, opts.label ?? role);
}

/** An organisation with a member, a coordinator and an admin, created by `admin` (optionally in another collaboration). */
export function createOrg(t: TestApp, admin: Api, kind: OrganisationKind, label: string, opts: { collaborationId?: string; tokens?: Tokens } = {}): Promise<TestOrg> {
  return addOrganisation(httpDriver(t, admin, opts.tokens), kind, label, opts.collaborationId);
}

/** The label of the person who logs in even when the world's tokens are signed here. */
const SERVICE_ISSUED = 'police-member';

/**
 * The world on a running service. With `tokens: 'signed'`, the police member still logs in, so that a token the
 * service issued is in use too.
 */
export async function buildWorld(t: TestApp, opts: { tokens?: Tokens } = {}): Promise<World> {
  const admin = await adminApi(t);
  const tokens = opts.tokens === 'signed' ? (label: string): Tokens => (label === SERVICE_ISSUED ? 'login' : 'signed') : 'login';
  return { admin, anonymous: new Api(t.url), ...(await addPartners(httpDriver(t, admin, tokens))) };
}

/** The second collaboration, made by the platform admin on a running service. */
export function buildOtherCollaboration(t: TestApp, platformAdmin: Api, opts: { tokens?: Tokens } = {}): Promise<OtherCollaboration> {
  return addOtherCollaboration(httpDriver(t, platformAdmin, opts.tokens));
}
