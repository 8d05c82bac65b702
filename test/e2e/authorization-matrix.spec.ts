import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { createHash } from 'node:crypto';
import { Api, type ApiResponse } from '../support/api.js';
import { startTestApp, TEST_ADMIN, TEST_JWT_SECRET } from '../support/app.js';
import { unsubscribeKey, unsubscribeToken } from '../../src/alerts/alerts.rules.js';
import { resetKey, resetToken } from '../../src/auth/password-reset.rules.js';
import { halfWritten } from '../support/consistency.js';
import { withDb } from '../support/db.js';
import {
  connectFeed, type FeedClient, patchReport, postComment, postConcernTalk, postReport, refusedConnection, subscribe,
} from '../support/feed-client.js';
import { decodeJwt, signJwt } from '../support/jwt.js';
import { fillPath, readSurface, type Route } from '../support/surface.js';
import {
  badTokens, buildTrustWorld, type Caller, CALLERS, type CallerUser, CONCERN_TALK_HOLDERS, neverSeen, readsMeeting, sees, seesEffort, type TrustWorld,
} from '../support/trust.js';
import { concernTalkBody, createUser, IN_CENTRUM, monthAgo, PASSWORD, reportBody, unique, userToken } from '../support/world.js';

// One service and one world for the file; people are made in parallel (argon2 dominates set-up).
jest.setTimeout(60_000);

/**
 * Every route of the service × every kind of caller × the records a route's ids may name, generated from the
 * OpenAPI document the service serves: a route the table below does not know fails the first test, so no new
 * endpoint goes unchecked. Each call is made valid (a body where one is needed), so its status says only who may:
 * 2xx, 401 (anonymous), 403 (not allowed), 404 (a record the caller may not see, of another collaboration, or none).
 * No answer of any call may carry the id of a record hidden from its caller, and none is a 5xx.
 */
type Outcome = '2xx' | 401 | 403 | 404;
type IdKind = 'report' | 'user' | 'organisation' | 'collaboration' | 'area' | 'place' | 'subscription' | 'effort' | 'answerTemplate' | 'concernTalk' | 'meeting' | 'snapshot' | 'delivery'
  | PromiseIdKind;

/** A record a route's id may name, and whether a caller may know it. */
interface Target {
  label: string;
  id: (c: CallerUser) => string | Promise<string>;
  /** 404 for this caller; `crossing`: the route lets a platform admin name another collaboration's records. */
  hidden: (c: CallerUser, crossing: boolean) => boolean;
  organisationId?: string;
  /** An effort's organisations (the owner first). */
  organisationIds?: string[];
  authorId?: string;
  platformAdmin?: boolean;
}

interface Expectation {
  /** Who gets a 2xx with a valid request; anonymous otherwise 401, everyone else 403 (before any record is looked up). */
  who: readonly Caller[];
  /** What the signed-in callers not in `who` get instead of 403: 404 where the route holds nothing for them (reads of concern talks). */
  outsiders?: 404;
  /** The kind of record the route's id (in its path, or its body) names: hidden ones answer 404. */
  ids?: IdKind;
  /** A rule about the record the caller may see: 403 when it does not hold. */
  rule?: (c: CallerUser, t: Target) => boolean;
  /** A platform admin may name another collaboration's records here (it staffs every collaboration). */
  crossing?: true;
  /** A change that may happen once per record (each call prepares it again): called one at a time, like PATCH. */
  serial?: true;
}

const ANYONE = CALLERS;
const SIGNED_IN = CALLERS.filter((c) => c !== 'anonymous');
// The platform admin's role is admin: it passes every role gate an admin passes.
const COORDINATORS: Caller[] = ['coordinator', 'admin', 'collaboration_admin', 'platform_admin'];
const ADMINS: Caller[] = ['admin', 'collaboration_admin', 'platform_admin'];
const COLLABORATION_ADMINS: Caller[] = ['collaboration_admin', 'platform_admin'];
const PLATFORM_ADMIN: Caller[] = ['platform_admin'];

/** The author or a coordinator (or above) may change a report. */
const AUTHOR_OR_COORDINATOR = (c: CallerUser, t: Target) => c.id === t.authorId || ['coordinator', 'admin', 'collaboration_admin'].includes(c.role!);
/** An effort's organisations' people and coordinators (or above) may change it. */
const TAKES_PART_OR_COORDINATOR = (c: CallerUser, t: Target) => ['coordinator', 'admin', 'collaboration_admin'].includes(c.role!) || !!t.organisationIds?.includes(c.organisationId);
/** The organisation that entered a concern talk record, or a coordinator (or above) of a holding organisation, may change it. */
const ENTERED_OR_COORDINATOR = (c: CallerUser, t: Target) => c.organisationId === t.organisationId || ['coordinator', 'admin', 'collaboration_admin'].includes(c.role!);
/** An admin manages its own organisation's users, a collaboration admin everyone's; only a platform admin a platform admin. */
const MANAGES = (c: CallerUser, t: Target) =>
  t.platformAdmin ? c.platformAdmin : c.platformAdmin || c.role === 'collaboration_admin' || (c.role === 'admin' && c.organisationId === t.organisationId);

const EXPECT: Record<string, Expectation> = {
  'POST /api/auth/login': { who: ANYONE },
  'POST /api/auth/logout': { who: ANYONE },
  'GET /api/me': { who: SIGNED_IN },
  'GET /api/health': { who: ANYONE },
  'GET /api/metrics': { who: PLATFORM_ADMIN },
  'GET /api/client-config': { who: ANYONE },
  'GET /api/categories': { who: ANYONE },
  'GET /api/audit': { who: ADMINS },
  'POST /api/collaborations': { who: PLATFORM_ADMIN },
  'GET /api/collaborations': { who: PLATFORM_ADMIN },
  'POST /api/organisations': { who: COLLABORATION_ADMINS, ids: 'collaboration', crossing: true },
  'GET /api/organisations': { who: SIGNED_IN },
  'POST /api/users': { who: ADMINS, ids: 'organisation', rule: MANAGES, crossing: true },
  'GET /api/users': { who: ADMINS },
  'GET /api/users/{id}': { who: ADMINS, ids: 'user' },
  'PATCH /api/users/{id}': { who: ADMINS, ids: 'user', rule: MANAGES },
  'POST /api/areas': { who: COORDINATORS },
  'GET /api/areas': { who: SIGNED_IN },
  'GET /api/areas/{id}': { who: SIGNED_IN, ids: 'area' },
  'POST /api/places': { who: SIGNED_IN, ids: 'area' },
  'GET /api/places': { who: SIGNED_IN },
  'GET /api/places/{id}': { who: SIGNED_IN, ids: 'place' },
  'POST /api/reports': { who: SIGNED_IN, ids: 'place' },
  'GET /api/reports': { who: SIGNED_IN },
  'GET /api/reports/{id}': { who: SIGNED_IN, ids: 'report' },
  'PATCH /api/reports/{id}': { who: SIGNED_IN, ids: 'report', rule: AUTHOR_OR_COORDINATOR },
  'GET /api/reports/{id}/history': { who: SIGNED_IN, ids: 'report' },
  'POST /api/reports/{id}/comments': { who: SIGNED_IN, ids: 'report' },
  'GET /api/reports/{id}/comments': { who: SIGNED_IN, ids: 'report' },
  'POST /api/subscriptions': { who: SIGNED_IN, ids: 'area' },
  'GET /api/subscriptions': { who: SIGNED_IN },
  'GET /api/subscriptions/{id}': { who: SIGNED_IN, ids: 'subscription' },
  'DELETE /api/subscriptions/{id}': { who: SIGNED_IN, ids: 'subscription' },
  'POST /api/reports/acknowledge': { who: COORDINATORS, ids: 'report' },
  'POST /api/reports/{id}/assign': { who: COORDINATORS, ids: 'report' },
  'POST /api/reports/{id}/answer': { who: COORDINATORS, ids: 'report' },
  'GET /api/reports/{id}/duplicates': { who: COORDINATORS, ids: 'report' },
  'POST /api/reports/{id}/merge': { who: COORDINATORS, ids: 'report' },
  'GET /api/answer-templates': { who: COORDINATORS },
  'POST /api/answer-templates': { who: COORDINATORS },
  'DELETE /api/answer-templates/{id}': { who: COORDINATORS, ids: 'answerTemplate' },
  'GET /api/triage/settings': { who: COORDINATORS },
  'PUT /api/triage/settings': { who: COORDINATORS },
  'POST /api/efforts': { who: SIGNED_IN },
  'GET /api/efforts': { who: SIGNED_IN },
  'GET /api/efforts/{id}': { who: SIGNED_IN, ids: 'effort' },
  'PATCH /api/efforts/{id}': { who: SIGNED_IN, ids: 'effort', rule: TAKES_PART_OR_COORDINATOR },
  'GET /api/efforts/{id}/history': { who: SIGNED_IN, ids: 'effort' },
  'GET /api/efforts/{id}/actions': { who: SIGNED_IN, ids: 'effort' },
  'POST /api/efforts/{id}/actions': { who: SIGNED_IN, ids: 'effort', rule: TAKES_PART_OR_COORDINATOR },
  'GET /api/efforts/{id}/reports': { who: SIGNED_IN, ids: 'effort' },
  'POST /api/efforts/{id}/reports': { who: SIGNED_IN, ids: 'effort', rule: TAKES_PART_OR_COORDINATOR },
  'DELETE /api/efforts/{id}/reports/{reportId}': { who: SIGNED_IN, ids: 'effort', rule: TAKES_PART_OR_COORDINATOR },
  // Concern talks: by the kind of the caller's organisation (police and social services), not by role.
  'POST /api/concern-talks': { who: CONCERN_TALK_HOLDERS, ids: 'area' },
  'GET /api/concern-talks': { who: CONCERN_TALK_HOLDERS, outsiders: 404 },
  'GET /api/concern-talks/summary': { who: CONCERN_TALK_HOLDERS, outsiders: 404 },
  'GET /api/concern-talks/{id}': { who: CONCERN_TALK_HOLDERS, outsiders: 404, ids: 'concernTalk' },
  'PATCH /api/concern-talks/{id}': { who: CONCERN_TALK_HOLDERS, ids: 'concernTalk', rule: ENTERED_OR_COORDINATOR },
  'DELETE /api/concern-talks/{id}': { who: CONCERN_TALK_HOLDERS, ids: 'concernTalk', rule: ENTERED_OR_COORDINATOR },

  // Joint meetings: coordinators create them and record in them; the people of the organisations present and every
  // coordinator read them (the 404 of a meeting the caller's organisation did not attend is the target's `hidden`).
  'POST /api/meetings': { who: COORDINATORS, ids: 'organisation' },
  'GET /api/meetings': { who: SIGNED_IN },
  'GET /api/meetings/{id}': { who: SIGNED_IN, ids: 'meeting' },
  'GET /api/meetings/{id}/agenda': { who: SIGNED_IN, ids: 'meeting' },
  'GET /api/meetings/{id}/minutes': { who: SIGNED_IN, ids: 'meeting' },
  'POST /api/meetings/{id}/items': { who: COORDINATORS, ids: 'meeting' },
  'POST /api/meetings/{id}/decisions': { who: COORDINATORS, ids: 'meeting' },
  'POST /api/meetings/{id}/decisions/{decisionId}/effort': { who: COORDINATORS, ids: 'meeting' },

  // The weekly picture and period analyses: everyone signed in reads their own view; coordinators review.
  'GET /api/pictures/weekly': { who: SIGNED_IN },
  'GET /api/pictures/period': { who: SIGNED_IN },
  'GET /api/pictures/weekly/{week}/exclusions': { who: SIGNED_IN },
  'POST /api/pictures/weekly/{week}/exclusions': { who: COORDINATORS, ids: 'report', serial: true },
  'DELETE /api/pictures/weekly/{week}/exclusions/{reportId}': { who: COORDINATORS, ids: 'report' },
  'GET /api/pictures/snapshots': { who: SIGNED_IN },
  'GET /api/pictures/snapshots/{id}': { who: SIGNED_IN, ids: 'snapshot' },
  'POST /api/pictures/weekly/{week}/freeze': { who: COORDINATORS, serial: true },

  // ---- Police-reported crime (src/crime-stats): coordinators upload, every member reads. An upload's CSV that names
  // another collaboration's area is a 400 ("unknown area", named by line and column), not a 404: it is a line of a
  // file, tested in crime-stats.spec.ts. A read narrowed to such an area (`?areaId=`) is a 404.
  'POST /api/crime-stats': { who: COORDINATORS },
  'GET /api/crime-stats': { who: SIGNED_IN, ids: 'area' },
  // ---- end of police-reported crime ----

  // ---- Sign-in with OpenID Connect, own password and sessions (src/auth, src/auth/oidc). Start and callback are
  // navigations: they answer every caller with a redirect (REDIRECTS), to the provider or to the login page with a code.
  'GET /api/auth/providers': { who: ANYONE },
  'GET /api/auth/oidc/{providerId}/start': { who: ANYONE },
  'GET /api/auth/oidc/{providerId}/callback': { who: ANYONE },
  'POST /api/auth/oidc/exchange': { who: ANYONE },
  'GET /api/identity-providers': { who: COLLABORATION_ADMINS },
  'POST /api/identity-providers': { who: COLLABORATION_ADMINS },
  'GET /api/identity-providers/{id}': { who: COLLABORATION_ADMINS },
  'PATCH /api/identity-providers/{id}': { who: COLLABORATION_ADMINS },
  'DELETE /api/identity-providers/{id}': { who: COLLABORATION_ADMINS },
  'POST /api/me/password': { who: SIGNED_IN },
  'GET /api/me/sessions': { who: SIGNED_IN },
  'DELETE /api/me/sessions/{id}': { who: SIGNED_IN },
  // ---- end of sign-in ----
  // ---- E-mail (src/alerts, src/mail, src/auth/password-reset.*): people set their own e-mail; the one-click unsubscribe
  // and the password reset are for anyone holding a link's token (no login); admins see and retry the outbox. This
  // service runs without SMTP, so no e-mail ever failed: a retry names none (404 for admins).
  'PATCH /api/subscriptions/{id}': { who: SIGNED_IN, ids: 'subscription' },
  'GET /api/me/alerts': { who: SIGNED_IN },
  'PATCH /api/me/alerts': { who: SIGNED_IN },
  'GET /api/alerts/unsubscribe': { who: ANYONE },
  'POST /api/alerts/unsubscribe': { who: ANYONE },
  'GET /api/alerts/deliveries': { who: ADMINS },
  'POST /api/alerts/deliveries/{id}/retry': { who: ADMINS, ids: 'delivery' },
  'POST /api/auth/password-reset': { who: ANYONE },
  'POST /api/auth/password-reset/confirm': { who: ANYONE, serial: true },
  // ---- end of e-mail ----
  // ---- Citizen promises (src/promises): every member reads promises and documents (drafts too); coordinators write.
  // The public pages answer anyone, for a published document of any collaboration, and 404 for a draft or another kind.
  'POST /api/promises': { who: COORDINATORS },
  'GET /api/promises': { who: SIGNED_IN },
  'GET /api/promises/{id}': { who: SIGNED_IN, ids: 'promise' },
  'PATCH /api/promises/{id}': { who: COORDINATORS, ids: 'promise' },
  // Each call generates again (a new version): one at a time, as a coordinator would.
  'POST /api/promises/{id}/follow-ups': { who: COORDINATORS, ids: 'promise', serial: true },
  'GET /api/follow-ups': { who: SIGNED_IN },
  'GET /api/follow-ups/{id}': { who: SIGNED_IN, ids: 'followUp' },
  'GET /api/follow-ups/{id}/versions/{version}': { who: SIGNED_IN, ids: 'followUp' },
  'PATCH /api/follow-ups/{id}': { who: COORDINATORS, ids: 'followUp' },
  'POST /api/follow-ups/{id}/publish': { who: COORDINATORS, ids: 'followUp', serial: true },
  'POST /api/action-plans': { who: COORDINATORS, serial: true },
  'GET /api/action-plans': { who: SIGNED_IN },
  'GET /api/action-plans/{id}': { who: SIGNED_IN, ids: 'actionPlan' },
  'GET /api/action-plans/{id}/versions/{version}': { who: SIGNED_IN, ids: 'actionPlan' },
  'PATCH /api/action-plans/{id}': { who: COORDINATORS, ids: 'actionPlan' },
  'POST /api/action-plans/{id}/publish': { who: COORDINATORS, ids: 'actionPlan', serial: true },
  'POST /api/action-plans/{id}/follow-ups': { who: COORDINATORS, ids: 'actionPlan', serial: true },
  'GET /api/public/follow-ups/{id}': { who: ANYONE, ids: 'publishedFollowUp' },
  'GET /api/public/action-plans/{id}': { who: ANYONE, ids: 'publishedActionPlan' },
  // ---- end of citizen promises ----
  // ---- The admin screens: categories (coordinators change them, everyone reads them), areas and places edited and
  // deleted (coordinators; each call on a fresh area or place of the target's collaboration, see REQUEST).
  'POST /api/categories': { who: COORDINATORS },
  'PATCH /api/categories/{code}': { who: COORDINATORS, serial: true },
  'PATCH /api/areas/{id}': { who: COORDINATORS, ids: 'area' },
  'DELETE /api/areas/{id}': { who: COORDINATORS, ids: 'area' },
  'PATCH /api/places/{id}': { who: COORDINATORS, ids: 'place' },
  'DELETE /api/places/{id}': { who: COORDINATORS, ids: 'place' },
  // ---- end of the admin screens ----
};

/** A valid request of a route (the path's `{id}` is the target's unless given); routes not listed take none. */
type Request = { body?: unknown; api?: Api; params?: Record<string, string>; query?: string; headers?: Record<string, string> };
const REQUEST: Record<string, (x: { c: CallerUser; id: string }) => Request | Promise<Request>> = {
  'POST /api/auth/login': () => ({ body: { email: TEST_ADMIN.email, password: TEST_ADMIN.password } }),
  // A session of its own, so that the caller's token stays valid for the rest of the file.
  'POST /api/auth/logout': async ({ c }) => ({ api: c.id ? c.api.as(await userToken(tw.t.databaseUrl, c.id)) : c.api }),
  'POST /api/collaborations': () => ({ body: { name: `Matris ${unique()}`, municipality: 'Vara' } }),
  'POST /api/organisations': ({ id }) => ({ body: { name: `Partner ${unique()}`, kind: 'business', collaborationId: id } }),
  'POST /api/users': ({ id }) => ({ body: { email: `matrix.${unique()}@test.lagesbild`, name: 'Test Matris', organisationId: id, role: 'member', password: PASSWORD } }),
  'PATCH /api/users/{id}': async ({ id }) => ({ body: { version: (await stored('users', id))?.version ?? 1, name: `Namn ${unique()}` } }),
  'POST /api/areas': () => ({ body: { name: `Område ${unique()}` } }),
  'POST /api/places': ({ id }) => ({ body: { name: 'Plats i matrisen', location: IN_CENTRUM, areaId: id } }),
  'POST /api/reports': ({ id }) => ({ body: reportBody({ placeId: id, description: 'Rapport i matrisen.' }) }),
  'PATCH /api/reports/{id}': async ({ id }) => {
    const now = await stored('reports', id);
    return { body: { version: now?.version ?? 1, severity: now?.severity === 3 ? 4 : 3 } };
  },
  'POST /api/reports/{id}/comments': () => ({ body: { body: 'En kommentar i matrisen.' } }),
  'POST /api/subscriptions': ({ id }) => ({ body: { areaIds: [id] } }),
  'POST /api/reports/acknowledge': ({ id }) => ({ body: { reportIds: [id] } }),
  // To the caller's own organisation, which sees every report the caller sees.
  'POST /api/reports/{id}/assign': ({ c }) => ({ body: { organisationId: c.organisationId || tw.w.orgs.police.id } }),
  'POST /api/reports/{id}/answer': () => ({ body: { body: `Tack för rapporten (${unique()}).` } }),
  // A fresh duplicate of the caller's own, merged into the target: the target is what the matrix varies.
  // The target report (what the matrix varies) is the one merged INTO; the duplicate is a fresh `own` report of the
  // caller's, which any report the caller sees covers. The world's reports are never merged away.
  'POST /api/reports/{id}/merge': async ({ c, id }) => {
    const dup = c.id && c.caller !== 'member' ? await postReport(c.api, reportBody({ description: 'En dubblett i matrisen.', visibility: 'own' })) : { id: randomUUID() };
    return { body: { intoReportId: id }, params: { id: dup.id } };
  },
  'POST /api/answer-templates': () => ({ body: { title: `Mall ${unique()}`, body: 'Tack, vi har tagit emot rapporten.' } }),
  'PUT /api/triage/settings': () => ({ body: { duplicateDistanceM: 150, duplicateWindowHours: 72 } }),
  'POST /api/efforts': ({ c }) => ({ body: {
    type: 'visibility_patrol', title: 'Insats i matrisen', mode: 'separate', organisationIds: [c.organisationId || tw.w.orgs.police.id],
    plannedStart: new Date(Date.now() + 86_400_000).toISOString(),
  } }),
  'PATCH /api/efforts/{id}': async ({ id }) => ({ body: { version: (await stored('efforts', id))?.version ?? 1, outcome: `Utfall ${unique()}` } }),
  'POST /api/efforts/{id}/actions': ({ id }) => ({ body: { organisationId: effortOf(id)?.organisationIds[0] ?? tw.w.orgs.police.id, kind: 'besök', count: 2, at: new Date().toISOString() } }),
  'POST /api/efforts/{id}/reports': () => ({ body: { reportIds: [partnersReport()] } }),
  // Linked first (by the caller, who may if they may unlink), so that an allowed unlink has a link to remove.
  'DELETE /api/efforts/{id}/reports/{reportId}': async ({ c, id }) => {
    await c.api.post(`/api/efforts/${id}/reports`, { reportIds: [partnersReport()] });
    return { params: { reportId: partnersReport() } };
  },
  'POST /api/concern-talks': ({ id }) => ({ body: concernTalkBody({ areaId: id }) }),
  'GET /api/concern-talks/summary': () => ({ query: `?from=${monthAgo(12)}&to=${monthAgo(0)}` }),
  'PATCH /api/concern-talks/{id}': async ({ id }) => {
    const now = await stored('concern_talks', id);
    return { body: { version: now?.version ?? 1, youths: (now?.youths ?? 0) + 1 } };
  },

  // Joint meetings.
  'POST /api/meetings': ({ id }) => ({ body: { kind: 'joint', date: new Date().toISOString(), organisationIds: [id] } }),
  'POST /api/meetings/{id}/items': () => ({ body: { kind: 'other', title: 'Punkt i matrisen', note: 'Anteckning i matrisen.' } }),
  'POST /api/meetings/{id}/decisions': () => ({ body: { text: 'Beslut i matrisen.', ownerOrganisationId: tw.w.orgs.police.id } }),
  // A decision of its own per call (a decision becomes one effort, once), made by a coordinator of the meeting's collaboration.
  'POST /api/meetings/{id}/decisions/{decisionId}/effort': async ({ id }) => ({
    params: { decisionId: await decisionOf(id) },
    body: { type: 'visibility_patrol', title: 'Insats av ett beslut', mode: 'separate', organisationIds: [tw.w.orgs.police.id], plannedStart: new Date(Date.now() + 86_400_000).toISOString() },
  }),

  // The weekly picture: the week of the target report, which is not left out yet (POST) or is (DELETE).
  'GET /api/pictures/weekly': async () => ({ query: `?week=${await reportWeek(randomUUID())}` }),
  'GET /api/pictures/period': () => ({ query: `?month=${monthAgo(0)}` }),
  'GET /api/pictures/weekly/{week}/exclusions': async () => ({ params: { week: await reportWeek(randomUUID()) } }),
  'POST /api/pictures/weekly/{week}/exclusions': async ({ id }) => {
    await leftOut(id, false);
    return { params: { week: await reportWeek(id) }, body: { reportId: id, reason: 'Dubblett i matrisen.' } };
  },
  // A week of its own per call (a week is frozen once), long past.
  'POST /api/pictures/weekly/{week}/freeze': () => ({ params: { week: `2010-W${String(++frozenWeeks).padStart(2, '0')}` } }),
  'DELETE /api/pictures/weekly/{week}/exclusions/{reportId}': async ({ id }) => {
    await leftOut(id, true);
    return { params: { week: await reportWeek(id), reportId: id } };
  },

  // ---- Police-reported crime: a CSV file (not JSON) naming an area of the callers' collaboration.
  'POST /api/crime-stats': () => ({
    body: `month;areaId;crimeType;count\n${monthAgo(1)};${tw.w.areas.centrum};Skadegörelse;3\n`, headers: { 'content-type': 'text/csv' },
  }),
  'GET /api/crime-stats': ({ id }) => ({ query: `?areaId=${id}` }),
  // ---- end of police-reported crime

  // ---- Sign-in: a provider of the callers' collaboration (whose issuer is down: start answers with the login page).
  'GET /api/auth/oidc/{providerId}/start': async () => ({ params: { providerId: await matrixProvider() }, api: new NoRedirectApi(tw.t.url) }),
  'GET /api/auth/oidc/{providerId}/callback': async () => ({ params: { providerId: await matrixProvider() }, api: new NoRedirectApi(tw.t.url) }),
  // A finished sign-in of the police member waiting for this browser (its code and cookie), made here.
  'POST /api/auth/oidc/exchange': async () => {
    const [code, binder] = [randomUUID(), randomUUID()];
    const hash = (v: string) => createHash('sha256').update(v).digest('base64url');
    const provider = await matrixProvider();
    await withDb(tw.t.databaseUrl, (db) => db.query(`INSERT INTO oidc_handoffs (id, code_hash, binder_hash, collaboration_id, provider_id, user_id, return_to, expires_at)
      VALUES ($1, $2, $3, $4, $5, $6, '/lagesbild', now() + interval '1 minute')`, [randomUUID(), hash(code), hash(binder), tw.collaborationId, provider, tw.w.orgs.police.member.id]));
    return { body: { code }, headers: { cookie: `lagesbild_oidc_handoff=${binder}` } };
  },
  'POST /api/identity-providers': () => ({ body: { displayName: `Matris ${unique()}`, issuer: 'https://idp.matris.test', clientId: `matris-${unique()}`, mapping: [] } }),
  'GET /api/identity-providers/{id}': async () => ({ params: { id: await freshProvider() } }),
  'PATCH /api/identity-providers/{id}': async () => ({ params: { id: await freshProvider() }, body: { version: 1, displayName: `Matris ${unique()}` } }),
  'DELETE /api/identity-providers/{id}': async () => ({ params: { id: await freshProvider() } }),
  // Someone of the caller's kind changes their own password (the callers' own tokens must live on for the rest of the file).
  'POST /api/me/password': async ({ c }) => ({
    api: c.id ? (await createUser(tw.t, tw.w.admin, c.organisationId, c.role!, { tokens: 'signed' })).api : c.api,
    body: { currentPassword: PASSWORD, newPassword: `matrisens nya lösenord ${unique()}` },
  }),
  // A session of the caller's own, started here.
  'DELETE /api/me/sessions/{id}': async ({ c }) => ({ params: { id: c.id ? decodeJwt(await userToken(tw.t.databaseUrl, c.id)).sid : randomUUID() } }),
  // ---- end of sign-in
  // ---- E-mail: the links' tokens made as the service makes them (its key comes from the tests' JWT secret).
  'PATCH /api/subscriptions/{id}': () => ({ body: { email: 'daily', emailMinSeverity: 4 } }),
  'PATCH /api/me/alerts': () => ({ body: { language: 'sv' } }),
  'GET /api/alerts/unsubscribe': async () => ({ query: `?token=${await unsubscribeLink()}` }),
  'POST /api/alerts/unsubscribe': async () => ({ query: `?token=${await unsubscribeLink()}`, body: 'List-Unsubscribe=One-Click', headers: { 'content-type': 'application/x-www-form-urlencoded' } }),
  'POST /api/auth/password-reset': () => ({ body: { email: `nobody.${unique()}@test.lagesbild` } }),
  'POST /api/auth/password-reset/confirm': async () => ({ body: { token: await resetLink(), newPassword: `ett långt nytt lösenord i matrisen ${unique()}` } }),
  // ---- end of e-mail
  // ---- Citizen promises: valid bodies; a document's version as stored (each call of a PATCH reads it anew), and a
  // document made a draft again before each publish (by a coordinator of its collaboration), so that only who differs.
  'POST /api/promises': () => ({ body: promiseBody() }),
  'PATCH /api/promises/{id}': async ({ id }) => ({ body: { version: (await stored('promises', id))?.version ?? 1, title: `Löfte ${unique()}` } }),
  'POST /api/promises/{id}/follow-ups': () => ({ body: {} }),
  'GET /api/follow-ups/{id}/versions/{version}': () => ({ params: { version: '1' } }),
  'PATCH /api/follow-ups/{id}': async ({ id }) => ({ body: { version: (await stored('promise_documents', id))?.version ?? 1, text: documentText() } }),
  'POST /api/follow-ups/{id}/publish': async ({ id }) => ({ body: { version: await asDraft(id) } }),
  'POST /api/action-plans': () => ({ body: { year: PROMISE_YEAR } }),
  'GET /api/action-plans/{id}/versions/{version}': () => ({ params: { version: '1' } }),
  'PATCH /api/action-plans/{id}': async ({ id }) => ({ body: { version: (await stored('promise_documents', id))?.version ?? 1, text: documentText() } }),
  'POST /api/action-plans/{id}/publish': async ({ id }) => ({ body: { version: await asDraft(id) } }),
  'POST /api/action-plans/{id}/follow-ups': () => ({ body: {} }),
  // ---- end of citizen promises
  // ---- The admin screens. A category of its own per call; a label of `other` renamed at the version it has now.
  'POST /api/categories': () => ({ body: { code: `matrix_${++categories}`, sv: `Matris ${unique()}`, en: `Matrix ${unique()}` } }),
  'PATCH /api/categories/{code}': async ({ c }) => ({ params: { code: 'other' }, body: { version: await categoryVersion(c), sv: `Övrigt ${unique()}` } }),
  // A fresh area or place (nothing refers to it) in the target's collaboration, so that a change or a delete may go through.
  'PATCH /api/areas/{id}': async ({ id }) => ({ params: { id: await fresh('areas', id) }, body: { version: 1, name: `Område ${unique()}` } }),
  'DELETE /api/areas/{id}': async ({ id }) => ({ params: { id: await fresh('areas', id) } }),
  'PATCH /api/places/{id}': async ({ id }) => ({ params: { id: await fresh('places', id) }, body: { version: 1, name: `Plats ${unique()}` } }),
  'DELETE /api/places/{id}': async ({ id }) => ({ params: { id: await fresh('places', id) } }),
  // ---- end of the admin screens
};

/** Routes that answer with a redirect (browser navigations): a 302 is their success. */
const REDIRECTS = new Set(['GET /api/auth/oidc/{providerId}/start', 'GET /api/auth/oidc/{providerId}/callback']);

/** A client that does not follow redirects, for the routes whose answer is one. */
class NoRedirectApi extends Api {
  override async request<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResponse<T>> {
    const res = await fetch(this.baseUrl + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), redirect: 'manual' });
    const text = await res.text();
    return { status: res.status, body: text as T, headers: res.headers, text };
  }
}

let providerOfMatrix: Promise<string> | undefined;
/** An identity provider of the callers' collaboration whose issuer nothing answers at (port 9 of this machine). */
const matrixProvider = () => (providerOfMatrix ??= freshProvider('http://127.0.0.1:9'));
/** A new identity provider of the callers' collaboration, made by its collaboration admin (a DELETE takes one away). */
async function freshProvider(issuer = 'https://idp.matris.test'): Promise<string> {
  const res = await tw.callers.collaboration_admin.api.post('/api/identity-providers', { displayName: `Matris ${unique()}`, issuer, clientId: `matris-${unique()}`, mapping: [] });
  if (res.status !== 201) throw new Error(`identity provider: ${res.status} ${res.text}`);
  return res.body.id;
}

/** A one-click unsubscribe token of a subscription of the municipality member's (made once; the POST turns its e-mail off, again and again). */
let unsubscribing: Promise<string> | undefined;
const unsubscribeLink = () => (unsubscribing ??= subscribe(tw.w.orgs.municipality.member.api, {})
  .then((sub: { id: string }) => encodeURIComponent(unsubscribeToken(unsubscribeKey(TEST_JWT_SECRET), sub.id))));
/**
 * A fresh password reset link of a person made for it, as a request would leave it (the link's row and the audit row of
 * its request, in one transaction), and its token as the e-mail would carry it.
 */
let resetVictim: Promise<{ id: string; organisationId: string }> | undefined;
async function resetLink(): Promise<string> {
  const victim = await (resetVictim ??= createUser(tw.t, tw.w.admin, tw.w.orgs.municipality.id, 'member', { tokens: 'signed' }));
  const id = randomUUID();
  await withDb(tw.t.databaseUrl, (db) => db.query(
    `WITH t AS (INSERT INTO password_reset_tokens (id, collaboration_id, user_id, expires_at) VALUES ($1, $2, $3, now() + interval '1 hour') RETURNING created_at)
     INSERT INTO audit_log (collaboration_id, user_id, organisation_id, action, entity_type, entity_id, at)
     SELECT $2, $3, $4, 'auth.password_reset_requested', 'user', $3, created_at FROM t`,
    [id, tw.collaborationId, victim.id, victim.organisationId]));
  return resetToken(resetKey(TEST_JWT_SECRET), id);
}

// ---- Citizen promises: the records the matrix names, made in beforeAll (`buildPromises`).
type PromiseIdKind = 'promise' | 'followUp' | 'actionPlan' | 'publishedFollowUp' | 'publishedActionPlan';
/** The year of the world's data (its reports are of today): a promise may not be made for a year before its collaboration's data. */
const PROMISE_YEAR = Number(new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Stockholm' }).slice(0, 4));
const promiseBody = (owner = tw.w.orgs.police.id) => ({
  year: PROMISE_YEAR, title: `Löfte ${unique()}`,
  focusAreas: [{ title: 'Trygghet i centrum', text: 'Synlig närvaro.', commitments: [{ text: 'Patruller varje helg.', ownerOrganisationId: owner, target: { kind: 'efforts', count: 10 } }] }],
});
const documentText = () => ({ title: `Matris ${unique()}`, sections: [{ key: 'intro', level: 1, heading: 'Inledning', paragraphs: ['Text i matrisen.'] }] });
/**
 * Ours: a promise and its follow-up and the action plan of this year the routes change; a promise whose follow-up is
 * published; one whose follow-up is never published; next year's action plan, published. Theirs (the other
 * collaboration): a promise with a published follow-up, and a published action plan.
 */
const pf = {} as {
  promise: string; followUp: string; plan: string; published: string; draft: string; publishedPlan: string;
  theirs: { promise: string; followUp: string; plan: string };
};
async function buildPromises(): Promise<void> {
  const ours = tw.w.orgs.municipality.coordinator.api;
  const theirs = tw.other.org.coordinator.api;
  const made = async (res: { status: number; text: string; body: any }, what: string) => {
    if (res.status !== 201 && res.status !== 200) throw new Error(`${what}: ${res.status} ${res.text.slice(0, 300)}`);
    return res.body;
  };
  const promise = async (api: Api, owner?: string) => (await made(await api.post('/api/promises', promiseBody(owner)), 'promise')).id as string;
  const followUp = async (api: Api, id: string) => (await made(await api.post(`/api/promises/${id}/follow-ups`, {}), 'follow-up')).id as string;
  const publish = async (api: Api, doc: string, kind: 'follow-ups' | 'action-plans') => made(await api.post(`/api/${kind}/${doc}/publish`, { version: 1 }), 'publish');
  const [p1, p2, p3, p4] = await Promise.all([promise(ours), promise(ours), promise(ours), promise(theirs, tw.other.org.id)]);
  const [f1, f2, f3, f4] = await Promise.all([followUp(ours, p1), followUp(ours, p2), followUp(ours, p3), followUp(theirs, p4)]);
  const [plan, nextPlan, theirPlan] = await Promise.all([
    made(await ours.post('/api/action-plans', { year: PROMISE_YEAR }), 'plan'), made(await ours.post('/api/action-plans', { year: PROMISE_YEAR + 1 }), 'next plan'),
    made(await theirs.post('/api/action-plans', { year: PROMISE_YEAR }), 'their plan'),
  ]);
  await Promise.all([publish(ours, f2, 'follow-ups'), publish(theirs, f4, 'follow-ups'), publish(ours, nextPlan.id, 'action-plans'), publish(theirs, theirPlan.id, 'action-plans')]);
  Object.assign(pf, { promise: p1, followUp: f1, plan: plan.id, published: f2, draft: f3, publishedPlan: nextPlan.id, theirs: { promise: p4, followUp: f4, plan: theirPlan.id } });
}
/** The document's latest version, made a draft first if it is published (by a coordinator of its collaboration). */
async function asDraft(id: string): Promise<number> {
  const doc = await stored('promise_documents', id) as { version: number; status?: string; collaboration_id?: string; kind?: string } | undefined;
  if (!doc) return 1;
  if (doc.status !== 'published') return doc.version;
  const by = doc.collaboration_id === tw.collaborationId ? tw.w.orgs.municipality.coordinator.api : tw.other.org.coordinator.api;
  const res = await by.patch(`/api/${doc.kind === 'action_plan' ? 'action-plans' : 'follow-ups'}/${id}`, { version: doc.version, text: documentText() });
  if (res.status !== 200) throw new Error(`draft again: ${res.status} ${res.text.slice(0, 300)}`);
  return res.body.version;
}
function promiseTargets(kind: PromiseIdKind): Target[] {
  const missing: Target = { label: 'an id that does not exist', id: () => randomUUID(), hidden: () => true };
  const ours = (label: string, id: string): Target => ({ label, id: () => id, hidden: () => false });
  const theirs = (label: string, id: string): Target => ({ label: `${label} of another collaboration`, id: () => id, hidden: () => true });
  /** The public pages: a published document of any collaboration is anyone's; anything else is nobody's. */
  const open = (label: string, id: string): Target => ({ label, id: () => id, hidden: () => false });
  const shut = (label: string, id: string): Target => ({ label, id: () => id, hidden: () => true });
  switch (kind) {
    case 'promise': return [ours('a promise', pf.promise), theirs('a promise', pf.theirs.promise), missing];
    case 'followUp': return [ours('a follow-up', pf.followUp), theirs('a follow-up', pf.theirs.followUp), ours('an action plan (another kind)', pf.plan), missing].map((t) =>
      t.label.includes('another kind') ? { ...t, hidden: () => true } : t);
    case 'actionPlan': return [ours('an action plan', pf.plan), theirs('an action plan', pf.theirs.plan), { ...ours('a follow-up (another kind)', pf.followUp), hidden: () => true }, missing];
    case 'publishedFollowUp':
      return [open('a published follow-up', pf.published), open('a published follow-up of another collaboration', pf.theirs.followUp),
        shut('a follow-up never published', pf.draft), shut('a published action plan (another kind)', pf.publishedPlan), missing];
    case 'publishedActionPlan':
      return [open('a published action plan', pf.publishedPlan), open('a published action plan of another collaboration', pf.theirs.plan),
        shut('a follow-up (another kind)', pf.published), missing];
  }
}
// ---- end of citizen promises


let categories = 0;
/** The version the category `other` has now in the caller's collaboration (1 until its first change). */
const categoryVersion = async (c: CallerUser) => (c.id ? (await c.api.get('/api/categories')).body.items.find((x: { code: string }) => x.code === 'other')?.version ?? 1 : 1);
/**
 * A new area (or place) of the collaboration the target belongs to, made by one of its coordinators; a random id for a
 * target that names none. The target (the world's, or another collaboration's) is what the matrix varies.
 */
async function fresh(kind: 'areas' | 'places', target: string): Promise<string> {
  const by = [tw.w.areas.centrum, tw.w.places.torget].includes(target) ? tw.w.orgs.municipality.coordinator
    : [tw.other.area, tw.other.place].includes(target) ? tw.other.org.coordinator : undefined;
  if (!by) return randomUUID();
  const body = kind === 'areas' ? { name: `Område ${unique()}` } : { name: `Plats ${unique()}`, location: { lat: 57.5, lng: 14.5 } };
  const res = await by.api.post(`/api/${kind}`, body);
  if (res.status !== 201) throw new Error(`${kind}: ${res.status} ${res.text}`);
  return res.body.id;
}

let frozenWeeks = 0;
/** A frozen week of each collaboration, frozen through the API by one of its coordinators (the matrix varies who reads it). */
const snapshots: { ours?: string; theirs?: string } = {};
async function frozenWeek(coordinator: Api): Promise<string> {
  const res = await coordinator.post('/api/pictures/weekly/2009-W01/freeze');
  if (res.status !== 201) throw new Error(`freeze: ${res.status} ${res.text}`);
  return res.body.id;
}

/** The ISO week (Stockholm, as the API names it) a report was observed in, or the current week for an id that names none. */
const reportWeek = (id: string): Promise<string> => withDb(tw.t.databaseUrl, async (db) => (await db.query(
  `SELECT to_char(coalesce((SELECT observed_at FROM reports WHERE id = $1), now()) AT TIME ZONE 'Europe/Stockholm', 'IYYY-"W"IW') AS week`, [id])).rows[0].week);
/**
 * Takes a report back into its week (in the database: an exclusion gone leaves nothing half-written), or leaves it
 * out through the API as a coordinator of its own organisation, who always sees it.
 */
async function leftOut(id: string, yes: boolean): Promise<void> {
  const report = await withDb(tw.t.databaseUrl, async (db) => {
    await db.query('DELETE FROM picture_exclusions WHERE report_id = $1', [id]);
    return (await db.query('SELECT organisation_id AS "organisationId" FROM reports WHERE id = $1', [id])).rows[0] as { organisationId: string } | undefined;
  });
  if (!yes || !report) return;
  const coordinator = [...Object.values(tw.w.orgs), tw.other.org].find((o) => o.id === report.organisationId)!.coordinator;
  const res = await coordinator.api.post(`/api/pictures/weekly/${await reportWeek(id)}/exclusions`, { reportId: id, reason: 'I matrisen' });
  if (res.status !== 201) throw new Error(`exclusion: ${res.status} ${res.text}`);
}

const effortOf = (id: string) => tw.efforts.find((e) => e.id === id);
/** A new decision of the meeting (made by a coordinator of its collaboration), or a random id for a meeting that does not exist. */
async function decisionOf(meetingId: string): Promise<string> {
  const by = meetingId === tw.otherMeeting.id ? tw.other.org.coordinator : tw.meetings.some((m) => m.id === meetingId) ? tw.w.orgs.municipality.coordinator : undefined;
  if (!by) return randomUUID();
  const res = await by.api.post(`/api/meetings/${meetingId}/decisions`, { text: 'Ett beslut att göra en insats av.', ownerOrganisationId: by.organisationId });
  if (res.status !== 201) throw new Error(`decision: ${res.status} ${res.text}`);
  return res.body.id;
}
/** A report every caller of the collaboration may see. */
const partnersReport = () => tw.reports.find((r) => r.visibility === 'partners' && r.organisationId === tw.w.orgs.police.id)!.id;

let tw: TrustWorld;
let routes: Route[];
let requests = 0;

/** The version (and severity) a record has now, read where the test may look: the database. */
const stored = (table: 'users' | 'reports' | 'efforts' | 'concern_talks' | 'promises' | 'promise_documents', id: string) =>
  withDb(tw.t.databaseUrl, async (db) => (await db.query(`SELECT * FROM ${table} WHERE id = $1`, [id])).rows[0] as { version: number; severity?: number; youths?: number } | undefined);

function targets(kind: IdKind): Target[] {
  const { w, other, callers } = tw;
  const ours = (label: string, id: string, more: Partial<Target> = {}): Target => ({ label, id: () => id, hidden: () => false, ...more });
  const theirs = (label: string, id: string): Target => ({
    label: `${label} of another collaboration`, id: () => id, hidden: (c, crossing) => !(crossing && c.platformAdmin),
  });
  const missing: Target = { label: 'an id that does not exist', id: () => randomUUID(), hidden: () => true };
  switch (kind) {
    case 'report':
      return [
        ...tw.reports.map((r): Target => ({ label: r.label, id: () => r.id, hidden: (c) => !sees(r, c.organisationId), authorId: r.authorId })),
        theirs('a report', tw.otherReport), missing,
      ];
    case 'user':
      return [
        ours('a police member', w.orgs.police.member.id, { organisationId: w.orgs.police.id }),
        ours('a school member', w.orgs.school.member.id, { organisationId: w.orgs.school.id }),
        ours('the platform admin', callers.platform_admin.id, { organisationId: callers.platform_admin.organisationId, platformAdmin: true }),
        theirs('a member', other.org.member.id), missing,
      ];
    case 'organisation':
      return [
        ours('the police', w.orgs.police.id, { organisationId: w.orgs.police.id }),
        ours('the school', w.orgs.school.id, { organisationId: w.orgs.school.id }),
        theirs('an organisation', other.org.id), missing,
      ];
    case 'collaboration':
      return [ours('your collaboration', tw.collaborationId), theirs('the partnership', other.id), missing];
    case 'area':
      return [ours('an area', w.areas.centrum), theirs('an area', other.area), missing];
    case 'place':
      return [ours('a place', w.places.torget), theirs('a place', other.place), missing];
    case 'answerTemplate': {
      const template = async (api: Api) => (await api.post('/api/answer-templates', { title: `Mall ${unique()}`, body: 'Tack för rapporten.' })).body.id as string;
      return [
        { label: "a template of the collaboration's", id: () => template(tw.w.orgs.police.coordinator.api), hidden: () => false },
        { label: "a template of another collaboration's", id: () => template(tw.other.org.coordinator.api), hidden: () => true }, missing,
      ];
    }
    case 'effort':
      return [
        ...tw.efforts.map((e): Target => ({ label: e.label, id: () => e.id, hidden: (c) => !seesEffort(e, c.organisationId), organisationIds: e.organisationIds })),
        theirs('an effort', tw.otherEffort), missing,
      ];
    case 'meeting':
      return [
        ...tw.meetings.map((m): Target => ({ label: m.label, id: () => m.id, hidden: (c) => !readsMeeting(m, c), organisationIds: m.organisationIds })),
        theirs('a meeting', tw.otherMeeting.id), missing,
      ];
    case 'snapshot':
      return [ours('a frozen week', snapshots.ours!), theirs('a frozen week', snapshots.theirs!), missing];
    case 'subscription':
      return [
        { label: 'your own', id: async (c) => (c.id ? (await subscribe(c.api, {})).id : tw.schoolSubscription), hidden: () => false },
        { label: "someone else's", id: () => tw.schoolSubscription, hidden: () => true },
        theirs('a subscription', tw.otherSubscription), missing,
      ];
    case 'delivery':
      return [{ label: 'an id that names no failed e-mail', id: () => randomUUID(), hidden: () => true }];
    case 'promise': case 'followUp': case 'actionPlan': case 'publishedFollowUp': case 'publishedActionPlan':
      return promiseTargets(kind);
    case 'concernTalk': {
      // A record of its own for every call (a DELETE takes it away), entered by the police or by social services.
      const fresh = (by: 'police' | 'social') => async () => (await postConcernTalk(w.orgs[by].member.api, concernTalkBody())).id;
      return [
        { label: "the police's record", id: fresh('police'), hidden: () => false, organisationId: w.orgs.police.id },
        { label: "social services' record", id: fresh('social'), hidden: () => false, organisationId: w.orgs.social.id },
        theirs('a record', tw.concernTalks.other), missing,
      ];
    }
  }
}

function expected(e: Expectation, c: CallerUser, target?: Target): Outcome {
  // A route anonymous may call may still name a record nobody may see (the public pages: a draft, another kind): 404.
  if (c.caller === 'anonymous') return !e.who.includes('anonymous') ? 401 : target?.hidden(c, !!e.crossing) ? 404 : '2xx';
  if (!e.who.includes(c.caller)) return e.outsiders ?? 403;
  if (target?.hidden(c, !!e.crossing)) return 404;
  if (target && e.rule && !e.rule(c, target)) return 403;
  return '2xx';
}

const outcome = (status: number, key = ''): Outcome | number => ((status >= 200 && status < 300) || (status === 302 && REDIRECTS.has(key)) ? '2xx' : status);

/** Calls the route as every caller with every target; the calls that answered otherwise than expected. */
async function sweep(key: string): Promise<string[]> {
  const route = routes.find((r) => r.key === key);
  if (!route) throw new Error(`${key} is in the matrix but not in the OpenAPI document`);
  const e = EXPECT[key];
  const cases = CALLERS.flatMap((caller) => (e.ids ? targets(e.ids) : [undefined]).map((target) => ({ c: tw.callers[caller], target })));
  const call = async ({ c, target }: (typeof cases)[number]): Promise<string | undefined> => {
    const id = target ? await target.id(c) : '';
    const req = await (REQUEST[key] ?? (() => ({})))({ c, id });
    const path = (route.pathParams.length ? fillPath(route.path, { id, ...req.params }) : route.path) + (req.query ?? '');
    const res = await (req.api ?? c.api).request(route.method, path, req.body, req.headers);
    requests++;
    const want = expected(e, c, target);
    const leaked = neverSeen(tw, c).filter((hidden) => hidden !== id && res.text.includes(hidden));
    if (outcome(res.status, key) === want && !leaked.length) return undefined;
    return `${c.caller} × ${target?.label ?? '-'}: expected ${want}, got ${res.status} ${res.text.slice(0, 200)}${leaked.map((l) => `; leaks ${l} in …${res.text.slice(Math.max(0, res.text.indexOf(l) - 150), res.text.indexOf(l) + 40)}…`).join('')}`;
  };
  // Changes of one record one at a time (each reads the version it sends); everything else at once.
  const results: (string | undefined)[] = [];
  if (route.method === 'PATCH' || route.method === 'DELETE' || e.serial) for (const one of cases) results.push(await call(one));
  else results.push(...(await Promise.all(cases.map(call))));
  return results.filter((m): m is string => !!m);
}

beforeAll(async () => {
  const t = await startTestApp();
  [tw, { routes }] = await Promise.all([buildTrustWorld(t), readSurface(t.url)]);
  const coordinator = tw.w.orgs.municipality.coordinator;
  [snapshots.ours, snapshots.theirs] = await Promise.all([frozenWeek(coordinator.api), frozenWeek(tw.other.org.coordinator.api)]);
  await buildPromises();
});
afterAll(async () => {
  if (routes) console.log(`authorization matrix: ${Object.keys(EXPECT).length} routes × ${CALLERS.length} callers, ${requests} HTTP requests`);
  await tw?.t.close();
});

describe('the authorization matrix', () => {
  it('has an expectation for every route the service serves (its OpenAPI document), and none for a route it does not', () => {
    const served = routes.map((r) => r.key).sort();
    expect({ withoutExpectation: served.filter((k) => !(k in EXPECT)), notServed: Object.keys(EXPECT).filter((k) => !served.includes(k)) })
      .toEqual({ withoutExpectation: [], notServed: [] });
  });

  it.each(Object.keys(EXPECT))('%s: 2xx for exactly who may, 401 / 403 / 404 for the rest, never a hidden id, never a 5xx', async (key) => {
    expect(await sweep(key)).toEqual([]);
  });

  it('the OpenAPI document asks for a bearer token on exactly the routes anonymous may not call', () => {
    const wrong = routes.filter((r) => r.bearer === EXPECT[r.key]?.who.includes('anonymous')).map((r) => `${r.key} (documented ${r.bearer ? 'with' : 'without'} a bearer token)`);
    expect(wrong).toEqual([]);
  });

  it('leaves no half-written rows behind', async () => {
    expect(await halfWritten(tw.t.databaseUrl)).toEqual({});
  });
});

describe('the live feed (/feed)', () => {
  it('refuses a handshake without a token or with a bad one', async () => {
    const member = tw.callers.member;
    const ended = await userToken(tw.t.databaseUrl, member.id);
    expect((await member.api.as(ended).post('/api/auth/logout')).status).toBe(204);
    const refused: Record<string, Record<string, unknown>> = {
      'no auth at all': {},
      'an empty token': { token: '' },
      'a number': { token: 42 },
      'an object': { token: { token: member.token } },
      ...Object.fromEntries(Object.entries(badTokens(member.token!)).map(([what, token]) => [what, { token }])),
      'a token naming another collaboration': { token: signJwt({ ...decodeJwt(member.token!), cid: tw.other.id }) },
      'a token whose session ended (logout)': { token: ended },
    };
    for (const [what, auth] of Object.entries(refused)) {
      const error = await refusedConnection(tw.t.url, auth);
      expect({ what, message: error.message }).toEqual({ what, message: expect.stringMatching(/unauthorized/) });
    }
    (await connectFeed(tw.t.url, member.token!, 'control')).close();
  });

  it("never delivers an own report's or effort's events to another organisation or collaboration, live or on resume", async () => {
    const { w, other, callers } = tw;
    const author = w.orgs.police.member;
    await Promise.all([subscribe(author.api, {}), subscribe(w.orgs.municipality.member.api, {})]);
    // Members follow everything (a subscription without filters); coordinators and admins ask for feed:all.
    const watchers: { label: string; token: string; organisationId: string; all?: true }[] = [
      { label: "the author's organisation (control)", token: author.token, organisationId: author.organisationId },
      { label: 'a school member', token: w.orgs.school.member.token, organisationId: w.orgs.school.id },
      { label: 'a municipality member', token: w.orgs.municipality.member.token, organisationId: w.orgs.municipality.id },
      { label: 'a school coordinator (feed:all)', token: w.orgs.school.coordinator.token, organisationId: w.orgs.school.id, all: true },
      { label: 'the collaboration admin (feed:all)', token: callers.collaboration_admin.token!, organisationId: callers.collaboration_admin.organisationId, all: true },
      { label: 'the platform admin (feed:all)', token: callers.platform_admin.token!, organisationId: callers.platform_admin.organisationId, all: true },
      { label: 'a member of another collaboration', token: other.org.member.token, organisationId: other.org.id },
      { label: 'a coordinator of another collaboration (feed:all)', token: other.org.coordinator.token, organisationId: other.org.id, all: true },
    ];
    const ours = (x: (typeof watchers)[number]) => x.organisationId !== other.org.id;
    const connect = async (x: (typeof watchers)[number], resume: boolean): Promise<FeedClient> => {
      const feed = await connectFeed(tw.t.url, x.token, x.label, { resume });
      if (x.all) expect(await feed.ack('feed:all', { enabled: true })).toEqual({ ok: true });
      return feed;
    };
    const live = await Promise.all(watchers.map((x) => connect(x, true)));
    const sockets = [...live];
    try {
      const own = await postReport(author.api, reportBody({ visibility: 'own', description: 'Bara för polisen.' }));
      const comment = await postComment(author.api, own.id, 'Intern kommentar.');
      const changed = await patchReport(author.api, own.id, { severity: 4 });
      // A confidential operation that takes the own report up (its own event, then the report's), then changes.
      const op = await author.api.post('/api/efforts', {
        type: 'drug_operation', title: 'Tipsstyrd insats', mode: 'separate', organisationIds: [author.organisationId],
        plannedStart: new Date(Date.now() + 86_400_000).toISOString(), reportIds: [own.id],
      });
      expect(op.status).toBe(201);
      const opChanged = await author.api.patch(`/api/efforts/${op.body.id}`, { version: 1, outcome: 'Inget att rapportera ännu.' });
      const ownSeqs = [own.seq, comment.seq, changed.seq, op.body.seq, op.body.seq + 1, opChanged.body.seq];
      const sentinels = {
        ours: await postReport(author.api, reportBody({ description: 'Synlig för alla partner.' })),
        theirs: await postReport(other.org.member.api, reportBody({ placeId: other.place, description: 'Synlig i den andra samverkan.' })),
      };
      const world = [{ id: own.id, organisationId: author.organisationId, visibility: 'own' as const, sharedWith: [] }, ...tw.reports];
      /** Every report of the world the watcher may not see: nothing about it may reach their socket. */
      const hidden = (x: (typeof watchers)[number]) => [
        ...world.filter((r) => !ours(x) || !sees(r, x.organisationId)).map((r) => r.id),
        ...[...tw.efforts, { id: op.body.id, organisationIds: [author.organisationId], visibility: 'own' as const }]
          .filter((e) => !ours(x) || !seesEffort(e, x.organisationId)).map((e) => e.id),
      ];
      const check = async (feeds: FeedClient[], how: string) => {
        for (const [i, feed] of feeds.entries()) {
          const x = watchers[i];
          await feed.waitForSeq((ours(x) ? sentinels.ours : sentinels.theirs).seq);
          const wire = JSON.stringify(feed.events.map((e) => e.raw));
          const got = { how, watcher: x.label, ownSeqs: ours(x) ? ownSeqs.filter((s) => feed.has(s)) : [], mentions: hidden(x).filter((id) => wire.includes(id)) };
          expect(got).toEqual({ how, watcher: x.label, ownSeqs: x.organisationId === author.organisationId ? ownSeqs : [], mentions: [] });
        }
      };
      await check(live, 'live');
      // On resume: every event since the beginning of the feed, replayed from the log.
      const resumed = await Promise.all(watchers.map((x) => connect(x, false)));
      sockets.push(...resumed);
      for (const feed of resumed) expect(await feed.ack('feed:resume', { afterSeq: 0 })).toEqual(expect.objectContaining({ ok: true }));
      await check(resumed, 'on resume');
    } finally {
      for (const s of sockets) s.close();
    }
  });
});
