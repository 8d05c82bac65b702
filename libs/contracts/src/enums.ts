/** Shared by the server and the web client: the vocabulary of the public contract (api-contract.md). */
export const ORGANISATION_KINDS = ['police', 'municipality', 'property_owner', 'business', 'school', 'social_services', 'other'] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

/**
 * Roles, each including the one before: a `member` posts and reads; a `coordinator` triages; an `admin` manages the
 * users of their own organisation; a `collaboration_admin` manages the collaboration's organisations and the users
 * of all of them. Creating collaborations is for platform admins (a flag of the user, not a role).
 */
export const ROLES = ['member', 'coordinator', 'admin', 'collaboration_admin'] as const;
export type Role = (typeof ROLES)[number];
export const COORDINATOR_ROLES: readonly Role[] = ['coordinator', 'admin', 'collaboration_admin'];
export const ADMIN_ROLES: readonly Role[] = ['admin', 'collaboration_admin'];
/** Triage, the whole feed, areas and places: coordinators and every admin. */
export const isCoordinatorRole = (role: Role) => COORDINATOR_ROLES.includes(role);
/** The administration screens: an organisation's admin and a collaboration admin. */
export const isAdminRole = (role: Role) => ADMIN_ROLES.includes(role);
/** Manages the collaboration's organisations and every organisation's users (a platform admin may as well). */
export const managesCollaboration = (me: { role: Role; platformAdmin: boolean }) => me.platformAdmin || me.role === 'collaboration_admin';
/** The roles a manager may give: an organisation's admin up to admin, a collaboration admin every role. */
export const grantableRoles = (me: { role: Role; platformAdmin: boolean }): readonly Role[] =>
  managesCollaboration(me) ? ROLES : ROLES.filter((r) => r !== 'collaboration_admin');

export const VISIBILITIES = ['partners', 'organisations', 'own'] as const;
export type Visibility = (typeof VISIBILITIES)[number];

export const REPORT_STATUSES = ['new', 'acknowledged', 'in_progress', 'resolved', 'closed'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

/**
 * The report lifecycle. `closed` is final; `resolved` may be reopened. Triage states (acknowledged,
 * in_progress) are set by coordinators; an author may resolve or close (withdraw) what they reported.
 */
export const REPORT_TRANSITIONS: Record<ReportStatus, readonly ReportStatus[]> = {
  new: ['acknowledged', 'in_progress', 'resolved', 'closed'],
  acknowledged: ['in_progress', 'resolved', 'closed'],
  in_progress: ['acknowledged', 'resolved', 'closed'],
  resolved: ['in_progress', 'closed'],
  closed: [],
};
export const COORDINATOR_ONLY_STATUSES: readonly ReportStatus[] = ['acknowledged', 'in_progress'];

/**
 * Concern talks (orossamtal) are held by these kinds of organisation only, jointly: every police and social services
 * organisation of a collaboration sees the others' records; no other organisation ever learns of one.
 */
export const CONCERN_TALK_HOLDER_KINDS: readonly OrganisationKind[] = ['police', 'social_services'];
export const holdsConcernTalks = (kind: OrganisationKind) => CONCERN_TALK_HOLDER_KINDS.includes(kind);

export const SEVERITY_MIN = 1;
export const SEVERITY_MAX = 5;
export const DEFAULT_SEVERITY = 2;

export const LIMITS = {
  name: 200,
  /** Free text: a report's description, a comment's body (characters). */
  text: 4000,
  bodyBytes: 256 * 1024,
  listDefault: 50,
  listMax: 500,
  passwordMin: 12,
  sharedWithMax: 50,
  boundaryVertices: 5000,
  /** How far ahead of the server's clock an observation time may lie (a phone a few minutes fast is no error). */
  futureSlackMs: 5 * 60 * 1000,
  /** How deep a JSON body may nest objects and arrays (no request of the API needs more than a few levels). */
  jsonDepth: 32,
  /** The most of any count of one concern talk record (talks, youths, ... of one month): a typo guard, not a quota. */
  concernTalkCountMax: 10_000,
  /** The first month a concern talk record may be about. */
  concernTalkFirstMonth: '2000-01',
} as const;
