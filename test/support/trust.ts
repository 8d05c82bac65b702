/**
 * The one world (test/support/world.ts) seen by a caller of every kind, with records at every visibility: what the
 * authorization matrix and the fuzz tests of every endpoint start from. Not a spec file.
 *
 * - callers: anonymous; the police's member, coordinator and admin; a collaboration admin of the municipality; the
 *   platform admin (the bootstrap admin, role admin, in an organisation of its own);
 * - reports by the police member and by the school member at each visibility (`organisations` shared with the
 *   school and with the municipality respectively), each with a comment, and one in the other collaboration;
 * - the other collaboration (world.ts), and a subscription of the school member's;
 * - concern talk records entered by the police member, by the social services member and in the other collaboration
 *   (held by police and social services organisations only: no caller but the police's may know of them).
 * - joint meetings: one the police attended (with the municipality), one only the school and the municipality
 *   attended, and one of the other collaboration, each with a decision.
 */
import { holdsConcernTalks, type OrganisationKind, type Role } from '#contracts';
import { Api } from './api.js';
import type { TestApp } from './app.js';
import { postComment, postConcernTalk, postReport, subscribe } from './feed-client.js';
import { decodeJwt, signJwt } from './jwt.js';
import {
  buildOtherCollaboration, buildWorld, concernTalkBody, createUser, type OtherCollaboration, reportBody, type TestUser, type World,
} from './world.js';

export const CALLERS = ['anonymous', 'member', 'coordinator', 'admin', 'collaboration_admin', 'platform_admin'] as const;
export type Caller = (typeof CALLERS)[number];

/**
 * The kind of each caller's organisation: the police's people, a collaboration admin of the municipality, the platform
 * admin in an organisation of its own (kind `other`, made at start-up). `buildTrustWorld` checks the world agrees.
 */
export const CALLER_ORGANISATION_KINDS: Record<Exclude<Caller, 'anonymous'>, OrganisationKind> = {
  member: 'police', coordinator: 'police', admin: 'police', collaboration_admin: 'municipality', platform_admin: 'other',
};

/** The callers whose organisation holds concern talks (police and social services). */
export const CONCERN_TALK_HOLDERS: Caller[] = CALLERS.filter((c) => c !== 'anonymous' && holdsConcernTalks(CALLER_ORGANISATION_KINDS[c]));

/** Someone calling the API: a person of the world (but for `anonymous`) and a client carrying their token. */
export interface CallerUser {
  caller: Caller;
  api: Api;
  /** Empty for anonymous. */
  id: string;
  organisationId: string;
  /** Empty for anonymous. */
  organisationKind?: OrganisationKind;
  role?: Role;
  platformAdmin: boolean;
  token?: string;
}

export type Visibility = 'partners' | 'organisations' | 'own';
export const VISIBILITIES: Visibility[] = ['partners', 'organisations', 'own'];

export interface WorldReport {
  label: string;
  id: string;
  authorId: string;
  organisationId: string;
  visibility: Visibility;
  sharedWith: string[];
}

/** An effort of the world: who takes part (the owner first) and its visibility. */
export interface WorldEffort {
  label: string;
  id: string;
  organisationIds: string[];
  visibility: Visibility;
}

/** A joint meeting of the world: the organisations present, and a decision of it. */
export interface WorldMeeting {
  label: string;
  id: string;
  organisationIds: string[];
  decisionId: string;
}

export interface TrustWorld {
  t: TestApp;
  w: World;
  other: OtherCollaboration;
  /** The world's collaboration (the platform admin's own). */
  collaborationId: string;
  callers: Record<Caller, CallerUser>;
  /** Police and school reports at each visibility. */
  reports: WorldReport[];
  /** A partners report of the other collaboration, by its member. */
  otherReport: string;
  /** Efforts of the school, the police and the school with the municipality at several visibilities. */
  efforts: WorldEffort[];
  /** An effort of the other collaboration. */
  otherEffort: string;
  /** Meetings the police attended and did not attend, and one of the other collaboration (with its decision). */
  meetings: WorldMeeting[];
  otherMeeting: WorldMeeting;
  /** A subscription of the school member's, and one of the other collaboration's member. */
  schoolSubscription: string;
  otherSubscription: string;
  /** Concern talk records: the police member's, the social services member's, and one of the other collaboration's police. */
  concernTalks: { police: string; social: string; other: string };
}

/** Whether someone of `organisationId` may see the effort: partners see all; its organisations always see it. */
export const seesEffort = (e: Pick<WorldEffort, 'organisationIds' | 'visibility'>, organisationId: string): boolean =>
  e.visibility === 'partners' || e.organisationIds.includes(organisationId);

const COORDINATOR_ROLES: readonly (Role | undefined)[] = ['coordinator', 'admin', 'collaboration_admin'];

/** Whether the caller may read the meeting (of their collaboration): coordinators read every one, others those their organisation attended. */
export const readsMeeting = (m: Pick<WorldMeeting, 'organisationIds'>, c: Pick<CallerUser, 'role' | 'organisationId'>): boolean =>
  COORDINATOR_ROLES.includes(c.role) || m.organisationIds.includes(c.organisationId);

/** Whether someone of `organisationId` in the report's collaboration may see it (api-contract.md, Visibility). */
export const sees = (r: Pick<WorldReport, 'organisationId' | 'visibility' | 'sharedWith'>, organisationId: string): boolean =>
  r.visibility === 'partners' || r.organisationId === organisationId || (r.visibility === 'organisations' && r.sharedWith.includes(organisationId));

const asCaller = (caller: Exclude<Caller, 'anonymous'>, u: TestUser): CallerUser => ({
  caller, api: u.api, id: u.id, organisationId: u.organisationId, organisationKind: CALLER_ORGANISATION_KINDS[caller], role: u.role, platformAdmin: false,
  token: u.token,
});

export async function buildTrustWorld(t: TestApp): Promise<TrustWorld> {
  const w = await buildWorld(t, { tokens: 'signed' });
  const [other, collaborationAdmin, me] = await Promise.all([
    buildOtherCollaboration(t, w.admin, { tokens: 'signed' }),
    createUser(t, w.admin, w.orgs.municipality.id, 'collaboration_admin', { tokens: 'signed' }),
    w.admin.get('/api/me'),
  ]);
  const police = w.orgs.police;
  const callers: Record<Caller, CallerUser> = {
    anonymous: { caller: 'anonymous', api: w.anonymous, id: '', organisationId: '', platformAdmin: false },
    member: asCaller('member', police.member),
    coordinator: asCaller('coordinator', police.coordinator),
    admin: asCaller('admin', police.admin),
    collaboration_admin: asCaller('collaboration_admin', collaborationAdmin),
    platform_admin: {
      caller: 'platform_admin', api: w.admin, id: me.body.id, organisationId: me.body.organisation.id, organisationKind: me.body.organisation.kind,
      role: me.body.role, platformAdmin: true, token: w.admin.token,
    },
  };
  // The matrix's expectations by organisation kind (CONCERN_TALK_HOLDERS) are only as true as these.
  const actual: Record<keyof typeof CALLER_ORGANISATION_KINDS, OrganisationKind> = {
    member: police.kind, coordinator: police.kind, admin: police.kind, collaboration_admin: w.orgs.municipality.kind, platform_admin: me.body.organisation.kind,
  };
  for (const [caller, kind] of Object.entries(actual) as [keyof typeof actual, OrganisationKind][]) {
    if (kind !== CALLER_ORGANISATION_KINDS[caller]) throw new Error(`the ${caller}'s organisation is of kind ${kind}, not ${CALLER_ORGANISATION_KINDS[caller]}`);
  }
  const authors = [
    { org: 'police', user: police.member, sharedWith: w.orgs.school.id },
    { org: 'school', user: w.orgs.school.member, sharedWith: w.orgs.municipality.id },
  ];
  const reports = await Promise.all(authors.flatMap(({ org, user, sharedWith }) => VISIBILITIES.map(async (visibility): Promise<WorldReport> => {
    const shared = visibility === 'organisations' ? [sharedWith] : [];
    const r = await postReport(user.api, reportBody({ visibility, sharedWithOrganisationIds: visibility === 'organisations' ? shared : undefined, description: `${org} ${visibility}.` }));
    await postComment(user.api, r.id, `Kommentar av ${org}.`);
    return { label: `${org}'s ${visibility} report`, id: r.id, authorId: user.id, organisationId: user.organisationId, visibility, sharedWith: shared };
  })));
  const effort = async (label: string, by: TestUser, type: string, organisationIds: string[], visibility: Visibility): Promise<WorldEffort> => {
    const res = await by.api.post('/api/efforts', {
      type, title: `Insats: ${label}`, mode: organisationIds.length > 1 ? 'joint' : 'separate', organisationIds, visibility,
      plannedStart: new Date(Date.now() + 86_400_000).toISOString(),
    });
    if (res.status !== 201) throw new Error(`effort ${label}: ${res.status} ${res.text}`);
    return { label, id: res.body.id, organisationIds, visibility };
  };
  const school = w.orgs.school;
  const meeting = async (label: string, by: TestUser, organisationIds: string[]): Promise<WorldMeeting> => {
    const res = await by.api.post('/api/meetings', { kind: 'joint', date: new Date().toISOString(), organisationIds });
    if (res.status !== 201) throw new Error(`meeting ${label}: ${res.status} ${res.text}`);
    const decision = await by.api.post(`/api/meetings/${res.body.id}/decisions`, { text: `Beslut: ${label}.`, ownerOrganisationId: organisationIds[0] });
    if (decision.status !== 201) throw new Error(`decision of ${label}: ${decision.status} ${decision.text}`);
    return { label, id: res.body.id, organisationIds, decisionId: decision.body.id };
  };
  const [[otherReport, schoolSubscription, otherSubscription, policeTalk, socialTalk, otherTalk, otherEffort, ...efforts], meetings, otherMeeting] = await Promise.all([
    Promise.all([
      postReport(other.org.member.api, reportBody({ placeId: other.place, description: 'I en annan samverkan.' })),
      subscribe(w.orgs.school.member.api, {}),
      subscribe(other.org.member.api, {}),
      postConcernTalk(police.member.api, concernTalkBody({ areaId: w.areas.centrum })),
      postConcernTalk(w.orgs.social.member.api, concernTalkBody()),
      postConcernTalk(other.org.member.api, concernTalkBody({ areaId: other.area })),
      effort('the other collaboration\'s', other.org.member, 'cleanup', [other.org.id], 'partners'),
      effort("the school's partners effort", school.member, 'cleanup', [school.id], 'partners'),
      effort("the school's own effort", school.member, 'school_visit', [school.id], 'own'),
      effort("the school's and municipality's own effort", school.member, 'school_visit', [school.id, w.orgs.municipality.id], 'own'),
      effort("the police's drug operation", police.member, 'drug_operation', [police.id], 'own'),
    ]),
    Promise.all([
      meeting('a meeting the police attended', police.coordinator, [police.id, w.orgs.municipality.id]),
      meeting('a meeting of only the school and the municipality', school.coordinator, [school.id, w.orgs.municipality.id]),
    ]),
    meeting("the other collaboration's meeting", other.org.coordinator, [other.org.id]),
  ]);
  return {
    t, w, other, collaborationId: me.body.collaboration.id, callers, reports, otherReport: otherReport.id,
    schoolSubscription: schoolSubscription.id, otherSubscription: otherSubscription.id,
    concernTalks: { police: policeTalk.id, social: socialTalk.id, other: otherTalk.id },
    efforts: efforts as WorldEffort[], otherEffort: (otherEffort as WorldEffort).id,
    meetings, otherMeeting,
  };
}

/**
 * Ids a caller must never find in any answer: the reports, efforts and meetings hidden from them, every record of the
 * other collaboration, the school member's subscription (a subscription is its user's own; only the school's admins
 * see it in the audit log, and no caller is of the school), and the concern talks unless their organisation holds them.
 */
export function neverSeen(tw: TrustWorld, c: CallerUser): string[] {
  const o = tw.other;
  const holder = c.organisationKind !== undefined && holdsConcernTalks(c.organisationKind);
  return [
    ...tw.reports.filter((r) => c.caller === 'anonymous' || !sees(r, c.organisationId)).map((r) => r.id),
    ...tw.efforts.filter((e) => c.caller === 'anonymous' || !seesEffort(e, c.organisationId)).map((e) => e.id), tw.otherEffort,
    ...(holder ? [] : [tw.concernTalks.police, tw.concernTalks.social]), tw.concernTalks.other,
    ...tw.meetings.filter((m) => c.caller === 'anonymous' || !readsMeeting(m, c)).map((m) => m.id), tw.otherMeeting.id, tw.otherMeeting.decisionId,
    tw.schoolSubscription, tw.otherSubscription, tw.otherReport, o.org.id, o.area, o.place, o.org.member.id, o.org.coordinator.id, o.org.admin.id,
  ];
}

/** Tokens the service must refuse, made from a valid one: garbage, forged (another secret), expired. */
export function badTokens(valid: string): Record<string, string> {
  const claims = decodeJwt(valid);
  const now = Math.floor(Date.now() / 1000);
  return {
    'a garbage token': 'not-a-token',
    'a forged token (another secret)': signJwt(claims, 'another-secret-that-is-long-enough-for-hs256-xyz'),
    'an expired token': signJwt({ ...claims, iat: now - 7200, exp: now - 60 }),
  };
}
