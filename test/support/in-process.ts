/**
 * The integration tier's harness: the Nest application built in process from the TypeScript sources (through
 * ts-jest), with the same `AppModule.forRoot(config)` the server runs and the configuration resolved the way
 * src/main.ts resolves it, on a database of its own cloned from the migrated template. Tests call services (and,
 * as they come, repositories) directly, acting as people of the one world (test/support/world.ts), and check the
 * database; no HTTP, no child process, no build.
 *
 *   const app = await startInProcess();            // beforeAll; app.close() in afterAll
 *   const w = await app.world();                    // the world's partners and places, people as { actor }
 *   const reports = app.get(ReportsService);        // any provider, by class or token
 *   await reports.create(w.orgs.police.member.actor, { ... });
 *   expect((await app.httpError(reports.get(w.orgs.school.member.actor, id))).status).toBe(404);
 *
 * Only public methods of services and the database: the internals behind them are free to change.
 */
import 'reflect-metadata';
import type { INestApplication, InjectionToken } from '@nestjs/common';
import { Test, type TestingModuleBuilder } from '@nestjs/testing';
import type pg from 'pg';
import { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module.js';
import { AuthService } from '../../src/auth/auth.service.js';
import { CollaborationsService } from '../../src/collaborations/collaborations.service.js';
import type { Actor } from '../../src/common/actor.js';
import { AppLogger } from '../../src/common/app-logger.js';
import { HttpExceptionFilter } from '../../src/common/http-exception.filter.js';
import { loadConfig } from '../../src/config/app-config.js';
import type { ResolvedConfig } from '../../src/config/config.module.js';
import { resolveJwtSecret } from '../../src/config/secrets.js';
import { migrate } from '../../src/database/data-source.js';
import { GeographyService } from '../../src/geography/geography.service.js';
import { OrganisationsService } from '../../src/organisations/organisations.service.js';
import { UsersService } from '../../src/users/users.service.js';
import { TEST_ADMIN, testEnvironment } from './app.js';
import { createTestDatabase, withDb } from './db.js';
import {
  addOrganisation, addOtherCollaboration, addPartners, addPerson, type OtherCollaboration, type Partners, type Person,
  type TestOrg, userToken, type WorldDriver,
} from './world.js';
import type { OrganisationKind, Role } from '#contracts';

/** A person of the world in process: the caller every service method takes. */
export interface InProcessUser extends Person {
  actor: Actor;
}

/** The world in process: `admin` is the platform admin. */
export interface InProcessWorld extends Partners<InProcessUser> {
  admin: Actor;
}

export interface InProcessApp {
  app: INestApplication;
  config: ResolvedConfig;
  databaseUrl: string;
  /** A provider of the application (a service, a repository, the DataSource), by class or token. */
  get<T>(token: InjectionToken): T;
  /** The caller as the auth guard and the socket handshake build it, from a token for the user. */
  actor(userId: string): Promise<Actor>;
  /** The platform admin (BOOTSTRAP_ADMIN_EMAIL) as a caller. */
  platformAdmin(): Promise<Actor>;
  /** The one world (test/support/world.ts), made through the services. */
  world(): Promise<InProcessWorld>;
  /** A second collaboration with one partner, its people, an area and a place. */
  otherCollaboration(): Promise<OtherCollaboration<InProcessUser>>;
  /** An organisation of the caller's collaboration (or `collaborationId`) with a member, a coordinator and an admin. */
  organisation(kind: OrganisationKind, label: string, collaborationId?: string): Promise<TestOrg<InProcessUser>>;
  /** One more person in an organisation. */
  person(organisationId: string, role: Role, label?: string): Promise<InProcessUser>;
  /** What the HTTP edge would answer to a call that fails: its status and body, from the application's one exception filter. */
  httpError(call: Promise<unknown>): Promise<{ status: number; body: Record<string, any> }>;
  /** A direct connection to this application's database, for checks on stored rows. */
  db<T>(fn: (c: pg.Client) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface InProcessOptions {
  /** A database to use; by default a fresh clone of the template. */
  databaseUrl?: string;
  /** Environment variables over the tests' defaults (testEnvironment in test/support/app.ts), e.g. `{ EVENT_RETENTION_DAYS: '1' }`. */
  env?: Record<string, string>;
  /** Adjusts the testing module before it is compiled: `(b) => b.overrideProvider(X).useValue(fake)`. */
  override?: (builder: TestingModuleBuilder) => TestingModuleBuilder;
}

/** The configuration as src/main.ts resolves it (validated environment, JWT secret), from the tests' environment. */
export function resolveTestConfig(env: Record<string, string>): ResolvedConfig {
  const config = loadConfig(env);
  if (!config.databaseUrl) throw new Error('the in-process application needs DATABASE_URL');
  return { ...config, jwtSecret: resolveJwtSecret(config.jwtSecret, config.dataDir), databaseUrl: config.databaseUrl };
}

export async function startInProcess(opts: InProcessOptions = {}): Promise<InProcessApp> {
  const databaseUrl = opts.databaseUrl ?? (await createTestDatabase());
  const config = resolveTestConfig(testEnvironment(databaseUrl, opts.env));
  let builder = Test.createTestingModule({ imports: [AppModule.forRoot(config)] });
  if (opts.override) builder = opts.override(builder);
  const module = await builder.compile();
  const app = module.createNestApplication({ bufferLogs: true });
  app.useLogger(app.get(AppLogger));
  // What src/bootstrap.ts createApp does on a new database before the application starts (no demo seed: the
  // tests' configuration has a DATABASE_URL, so SEED_DEMO defaults to false).
  await migrate(app.get(DataSource));
  const collaborationId = await app.get(CollaborationsService).ensureDefault(config.seedDemo);
  if (config.bootstrapAdmin) await app.get(UsersService).ensureBootstrapAdmin(collaborationId, config.bootstrapAdmin);
  await app.init();

  const filter = new HttpExceptionFilter();
  const actor = async (userId: string): Promise<Actor> => {
    const { tokenExpiresAt: _, ...caller } = await app.get(AuthService).authenticate(await userToken(databaseUrl, userId));
    return caller;
  };
  let admin: Promise<Actor> | undefined;
  const platformAdmin = () => (admin ??= withDb(databaseUrl, (c) => c.query('SELECT id FROM users WHERE lower(email) = lower($1)', [TEST_ADMIN.email]))
    .then(({ rows }) => actor(rows[0].id)));
  const driver = async (): Promise<WorldDriver<InProcessUser>> => servicesDriver(app, await platformAdmin(), actor);

  return {
    app,
    config,
    databaseUrl,
    get: <T>(token: InjectionToken) => app.get<unknown, T>(token),
    actor,
    platformAdmin,
    world: async () => ({ admin: await platformAdmin(), ...(await addPartners(await driver())) }),
    otherCollaboration: async () => addOtherCollaboration(await driver()),
    organisation: async (kind, label, collaborationId) => addOrganisation(await driver(), kind, label, collaborationId),
    person: async (organisationId, role, label) => addPerson(await driver(), organisationId, role, label),
    httpError: async (call) => {
      try {
        await call;
      } catch (e) {
        return filter.toResponse(e);
      }
      throw new Error('expected the call to fail, and it succeeded');
    },
    db: (fn) => withDb(databaseUrl, fn),
    close: () => app.close(),
  };
}

/** The world made through the services, as the platform admin (and the municipality's coordinator for geography). */
function servicesDriver(app: INestApplication, admin: Actor, actor: (userId: string) => Promise<Actor>): WorldDriver<InProcessUser> {
  return {
    collaboration: async (body) => (await app.get(CollaborationsService).create(admin, body)).id,
    organisation: (body) => app.get(OrganisationsService).create(admin, body),
    user: async (body) => {
      const { id } = await app.get(UsersService).create(admin, body);
      return { id, email: body.email, role: body.role, organisationId: body.organisationId, actor: await actor(id) };
    },
    area: async (by, body) => (await app.get(GeographyService).createArea(by.actor, body)).id,
    place: async (by, body) => (await app.get(GeographyService).createPlace(by.actor, body)).id,
  };
}
