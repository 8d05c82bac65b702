import type { HistoryEntryResponse, OrganisationKind } from '#contracts';

/** A history row of any record (a report's, an effort's), as its repository reads it with the names it is shown with. */
export interface HistoryRow {
  id: string;
  action: HistoryEntryResponse['action'];
  at: Date | string;
  actorId: string;
  actorOrganisationId: string;
  actorName: string;
  orgName: string;
  orgKind: OrganisationKind;
  changes: HistoryEntryResponse['changes'];
}

/** One line of a record's history; the acting person is shown to their own organisation only, as authors are. */
export function toHistoryEntry(h: HistoryRow, viewerOrganisationId: string): HistoryEntryResponse {
  const own = h.actorOrganisationId === viewerOrganisationId;
  return {
    id: String(h.id),
    action: h.action,
    at: new Date(h.at).toISOString(),
    actor: own ? { id: h.actorId, name: h.actorName } : null,
    organisation: { id: h.actorOrganisationId, name: h.orgName, kind: h.orgKind },
    changes: h.changes,
  };
}
