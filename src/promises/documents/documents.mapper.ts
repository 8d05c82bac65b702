import type { DocumentResponse, DocumentSummary, DocumentVersionResponse } from '#contracts';
import type { DocumentRow, VersionRow, VersionSummaryRow } from './documents.repository.js';
import { editedSections, publicPathOf } from './document.rules.js';

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

export function toDocumentSummary(d: DocumentRow): DocumentSummary {
  return {
    id: d.id, kind: d.kind, year: d.year, title: d.title, status: d.status, version: d.version, publishedVersion: d.publishedVersion,
    publishedAt: iso(d.publishedAt), promiseId: d.promiseId, actionPlanId: d.actionPlanId, createdAt: iso(d.createdAt)!, updatedAt: iso(d.updatedAt)!,
  };
}

/** A version as its reader sees it: who wrote and published it is shown to their own organisation only (as everywhere). */
export function toVersionResponse(v: VersionRow, viewerOrganisationId: string): DocumentVersionResponse {
  const person = (id: string | null, name: string | null, organisationId: string | null) =>
    id && organisationId === viewerOrganisationId ? { id, name: name ?? '' } : null;
  return {
    version: v.version, status: v.status, generated: v.generated, text: v.text, editedSections: editedSections(v.generated, v.text), origin: v.origin,
    createdBy: person(v.createdBy, v.createdByName, v.createdByOrganisationId), createdAt: iso(v.createdAt)!,
    publishedAt: iso(v.publishedAt), publishedBy: person(v.publishedBy, v.publishedByName, v.publishedByOrganisationId),
  };
}

export function toDocumentResponse(d: DocumentRow, v: VersionRow, versions: VersionSummaryRow[], viewerOrganisationId: string): DocumentResponse {
  return {
    ...toDocumentSummary(d),
    current: toVersionResponse(v, viewerOrganisationId),
    figures: v.figures,
    versions: versions.map((x) => ({ version: x.version, status: x.status, origin: x.origin, createdAt: iso(x.createdAt)!, publishedAt: iso(x.publishedAt) })),
    publicPath: d.publishedVersion ? publicPathOf(d.kind, d.id) : null,
  };
}
