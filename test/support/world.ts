import type { OrganisationKind, Role } from '#contracts';
import { Api } from './api.js';
import { TEST_ADMIN, type TestApp } from './app.js';

export interface TestUser {
  id: string;
  email: string;
  role: Role;
  organisationId: string;
  token: string;
  api: Api;
}

export interface TestOrg {
  id: string;
  name: string;
  kind: OrganisationKind;
  member: TestUser;
  coordinator: TestUser;
  admin: TestUser;
}

export interface World {
  admin: Api;
  anonymous: Api;
  orgs: Record<'police' | 'municipality' | 'school' | 'social', TestOrg>;
  areas: { centrum: string; hamnen: string };
  places: { torget: string; skolgarden: string };
}

export const PASSWORD = 'a-long-test-password';
let counter = 0;

export async function login(baseUrl: string, email: string, password: string): Promise<string> {
  const res = await new Api(baseUrl).post('/api/auth/login', { email, password });
  if (res.status !== 200) throw new Error(`login ${email}: ${res.status} ${res.text}`);
  return res.body.accessToken;
}

export async function createUser(t: TestApp, admin: Api, organisationId: string, role: Role, label = role): Promise<TestUser> {
  const email = `${label}.${++counter}.${Date.now()}@test.lagesbild`;
  const res = await admin.post('/api/users', { email, name: `Test ${label} ${counter}`, organisationId, role, password: PASSWORD });
  if (res.status !== 201) throw new Error(`create user: ${res.status} ${res.text}`);
  const token = await login(t.url, email, PASSWORD);
  return { id: res.body.id, email, role, organisationId, token, api: new Api(t.url, token) };
}

/**
 * A small collaboration: four partner organisations with a member, a coordinator and an admin each,
 * two areas (one with a boundary around Nya Stadens torg) and two places.
 */
export async function buildWorld(t: TestApp): Promise<World> {
  const anonymous = new Api(t.url);
  const admin = anonymous.as(await login(t.url, TEST_ADMIN.email, TEST_ADMIN.password));
  const kinds = { police: 'police', municipality: 'municipality', school: 'school', social: 'social_services' } as const;
  const orgs = {} as World['orgs'];
  for (const [key, kind] of Object.entries(kinds) as [keyof World['orgs'], OrganisationKind][]) {
    const o = await admin.post('/api/organisations', { name: `Org ${key} ${++counter}`, kind });
    if (o.status !== 201) throw new Error(`create org: ${o.status} ${o.text}`);
    orgs[key] = {
      id: o.body.id, name: o.body.name, kind,
      member: await createUser(t, admin, o.body.id, 'member'),
      coordinator: await createUser(t, admin, o.body.id, 'coordinator'),
      admin: await createUser(t, admin, o.body.id, 'admin'),
    };
  }
  return { admin, anonymous, orgs, ...(await addWorldGeography(orgs.municipality.coordinator.api, String(counter))) };
}

/** The world's areas (centrum with a boundary around Nya Stadens torg, hamnen without) and places. */
export async function addWorldGeography(coordinator: Api, tag: string): Promise<Pick<World, 'areas' | 'places'>> {
  const centrum = await coordinator.post('/api/areas', {
    name: `Centrum ${tag}`,
    boundary: { type: 'Polygon', coordinates: [[[13.15, 58.5], [13.17, 58.5], [13.17, 58.51], [13.15, 58.51], [13.15, 58.5]]] },
  });
  const hamnen = await coordinator.post('/api/areas', { name: `Hamnen ${tag}` });
  const torget = await coordinator.post('/api/places', { name: 'Nya Stadens torg', location: { lat: 58.5034, lng: 13.1575 }, kind: 'square' });
  const skolgarden = await coordinator.post('/api/places', { name: 'Skolgården', areaId: hamnen.body.id, location: { lat: 58.52, lng: 13.2 } });
  for (const r of [centrum, hamnen, torget, skolgarden]) if (r.status !== 201) throw new Error(`world geography: ${r.status} ${r.text}`);
  return { areas: { centrum: centrum.body.id, hamnen: hamnen.body.id }, places: { torget: torget.body.id, skolgarden: skolgarden.body.id } };
}

export const reportBody = (over: Record<string, unknown> = {}) => ({
  category: 'vandalism',
  description: 'Klotter på busskuren vid torget.',
  observedAt: new Date(Date.now() - 3600_000).toISOString(),
  location: { lat: 58.5034, lng: 13.1575 },
  ...over,
});
