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

/** `GET /api/reports?assignedTo=none`: the reports a coordinator has given to no organisation (the triage queue). */
export const UNASSIGNED = 'none';

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
  /** Organisations taking part in one effort, reports linked in one request, actions' counts. */
  effortOrganisationsMax: 50,
  linkMax: 200,
  actionCountMax: 100000,
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
  /** Organisations present at one meeting; areas a meeting's agenda is narrowed to. */
  meetingOrganisationsMax: 50,
  meetingAreasMax: 50,
  /** Rows of each list of a meeting's agenda (the most severe open reports, hotspots, efforts due and overdue). */
  agendaTop: 10,
} as const;

/** What an effort (insats) is: the kinds of work the partners record (api-contract.md, "Efforts"). */
export const EFFORT_TYPES = [
  'visibility_patrol', 'school_visit', 'dog_search', 'drug_operation', 'concern_talk', 'speed_check',
  'sobriety_check', 'lighting_fix', 'cleanup', 'rural_council', 'meeting', 'other',
] as const;
export type EffortType = (typeof EFFORT_TYPES)[number];
/**
 * Operations that must stay with their own organisations until they are over (a tip-led drug operation, a dog
 * search): created `own` by default, and not shared wider while planned or ongoing.
 */
export const CONFIDENTIAL_EFFORT_TYPES: readonly EffortType[] = ['drug_operation', 'dog_search'];

export const EFFORT_MODES = ['joint', 'separate'] as const;
export type EffortMode = (typeof EFFORT_MODES)[number];

export const EFFORT_STATUSES = ['planned', 'ongoing', 'done', 'cancelled'] as const;
export type EffortStatus = (typeof EFFORT_STATUSES)[number];
/** `done` and `cancelled` are final but may be reopened to `ongoing` (a follow-up found more to do). */
export const EFFORT_TRANSITIONS: Record<EffortStatus, readonly EffortStatus[]> = {
  planned: ['ongoing', 'done', 'cancelled'],
  ongoing: ['planned', 'done', 'cancelled'],
  done: ['ongoing'],
  cancelled: ['planned'],
};
export const OPEN_EFFORT_STATUSES: readonly EffortStatus[] = ['planned', 'ongoing'];

/**
 * A joint meeting (samverkansmöte) of the partners, or the rural council (landsbygdsråd), which meets the same way
 * about the countryside (its agenda is usually narrowed to the rural areas).
 */
export const MEETING_KINDS = ['joint', 'rural_council'] as const;
export type MeetingKind = (typeof MEETING_KINDS)[number];

/** What an agenda item discussed at a meeting is about: a hotspot (a place or area), a report, an effort, or other. */
export const MEETING_ITEM_KINDS = ['hotspot', 'report', 'effort', 'other'] as const;
export type MeetingItemKind = (typeof MEETING_ITEM_KINDS)[number];

/** How a hotspot of a meeting's agenda moved against the four weeks before (the rule: meetings/meeting.rules.ts). */
export const HOTSPOT_CLASSES = ['new', 'growing', 'persistent', 'shrinking'] as const;
export type HotspotClass = (typeof HOTSPOT_CLASSES)[number];
