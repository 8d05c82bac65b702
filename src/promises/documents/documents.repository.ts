import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { DocumentFigures, DocumentStatus, DocumentText, PromiseDocumentKind } from '#contracts';
import { entityTable } from '../../common/write/entity-table.js';
import { Sql, type Step, type Values } from '../../common/write/statement.js';
import type { Write } from '../../common/write/write-path.js';
import { PromiseDocumentVersionEntity } from './promise-document-version.entity.js';
import { PromiseDocumentEntity } from './promise-document.entity.js';

const documents = entityTable(PromiseDocumentEntity);

export type DocumentRow = PromiseDocumentEntity;

export interface VersionRow {
  version: number;
  status: DocumentStatus;
  origin: PromiseDocumentVersionEntity['origin'];
  generated: DocumentText;
  text: DocumentText;
  figures: DocumentFigures;
  createdBy: string;
  createdByName: string | null;
  createdByOrganisationId: string | null;
  createdAt: Date;
  publishedAt: Date | null;
  publishedBy: string | null;
  publishedByName: string | null;
  publishedByOrganisationId: string | null;
}

export type VersionSummaryRow = Pick<VersionRow, 'version' | 'status' | 'origin' | 'createdAt' | 'publishedAt'>;

export interface PublishedRow {
  document: DocumentRow;
  version: VersionRow;
  collaboration: { name: string; municipality: string };
}

const SELECT_VERSION = `SELECT v.version, v.status, v.origin, v.generated, v.text, v.figures, v.created_by AS "createdBy", cu.name AS "createdByName",
    cu.organisation_id AS "createdByOrganisationId", v.created_at AS "createdAt", v.published_at AS "publishedAt", v.published_by AS "publishedBy",
    pu.name AS "publishedByName", pu.organisation_id AS "publishedByOrganisationId"
  FROM promise_document_versions v JOIN users cu ON cu.id = v.created_by LEFT JOIN users pu ON pu.id = v.published_by`;

/**
 * The documents' SQL (follow-ups, action plans): a document row saying which version is the latest and which is
 * published, and its versions, each written once (and published once) by one statement of the write path.
 */
@Injectable()
export class DocumentsRepository {
  constructor(private readonly ds: DataSource) {}

  async find(collaborationId: string, id: string, kinds: readonly PromiseDocumentKind[]): Promise<DocumentRow | undefined> {
    const [row] = await this.ds.query<DocumentRow[]>(
      `SELECT ${documents.selectList('d')} FROM promise_documents d WHERE d.collaboration_id = $1 AND d.id = $2 AND d.kind = ANY($3::text[])`,
      [collaborationId, id, kinds],
    );
    return row;
  }

  /** The collaboration's name and municipality (the documents' words name the municipality). */
  async collaboration(collaborationId: string): Promise<{ name: string; municipality: string }> {
    const [row] = await this.ds.query<{ name: string; municipality: string }[]>('SELECT name, municipality FROM collaborations WHERE id = $1', [collaborationId]);
    return row;
  }

  async findByScope(collaborationId: string, scopeKey: string): Promise<DocumentRow | undefined> {
    const [row] = await this.ds.query<DocumentRow[]>(
      `SELECT ${documents.selectList('d')} FROM promise_documents d WHERE d.collaboration_id = $1 AND d.scope_key = $2`, [collaborationId, scopeKey]);
    return row;
  }

  async version(documentId: string, version: number): Promise<VersionRow | undefined> {
    const [row] = await this.ds.query<VersionRow[]>(`${SELECT_VERSION} WHERE v.document_id = $1 AND v.version = $2`, [documentId, version]);
    return row;
  }

  versions(documentId: string): Promise<VersionSummaryRow[]> {
    return this.ds.query(
      `SELECT version, status, origin, created_at AS "createdAt", published_at AS "publishedAt" FROM promise_document_versions
       WHERE document_id = $1 ORDER BY version DESC`,
      [documentId],
    );
  }

  /** A page of the collaboration's documents of `kinds`, newest year first (then latest change). */
  list(collaborationId: string, kinds: readonly PromiseDocumentKind[], f: { year?: number; promiseIds?: string[] }, after: (string | number)[] | undefined, limit: number): Promise<DocumentRow[]> {
    const params: unknown[] = [collaborationId, kinds, f.year ?? null, f.promiseIds ?? null, limit];
    let keyset = '';
    if (after) {
      params.push(after[0], after[1]);
      keyset = ' AND (d.year, d.id) < ($6::int, $7::uuid)';
    }
    return this.ds.query(
      `SELECT ${documents.selectList('d')} FROM promise_documents d
       WHERE d.collaboration_id = $1 AND d.kind = ANY($2::text[]) AND ($3::int IS NULL OR d.year = $3::int)
         AND ($4::uuid[] IS NULL OR d.promise_id = ANY($4::uuid[]))${keyset}
       ORDER BY d.year DESC, d.id DESC LIMIT $5`,
      params,
    );
  }

  /** A published document of `kinds` (of any collaboration: the public page), with the version it shows. */
  async findPublished(id: string, kinds: readonly PromiseDocumentKind[]): Promise<PublishedRow | undefined> {
    const [d] = await this.ds.query<(DocumentRow & { collaborationName: string; municipality: string })[]>(
      `SELECT ${documents.selectList('d')}, c.name AS "collaborationName", c.municipality FROM promise_documents d
       JOIN collaborations c ON c.id = d.collaboration_id
       WHERE d.id = $1 AND d.kind = ANY($2::text[]) AND d.published_version IS NOT NULL`,
      [id, kinds],
    );
    if (!d) return undefined;
    const { collaborationName, municipality, ...document } = d;
    const version = await this.version(d.id, d.publishedVersion!);
    return version && { document, version, collaboration: { name: collaborationName, municipality } };
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Writes: each one statement of the write path.

  /**
   * A new document with its first version; nothing (no row from the step) when its scope has a document already: a
   * generation of the same scope at the same time made it first.
   */
  insertDocument(w: Write, document: Values<PromiseDocumentEntity>, version: Values<PromiseDocumentVersionEntity>): Step<PromiseDocumentEntity> {
    const doc = w.s.insert(PromiseDocumentEntity, document, { guard: w.guard, onConflictDoNothing: true });
    w.s.insert(PromiseDocumentVersionEntity, version, { guard: [doc], returning: 'marker' });
    return doc;
  }

  /**
   * Requires the document (of the writer's collaboration and one of `kinds`) at `version`, locked until the write
   * commits; with its latest version's draft and figures as columns, for a new version made from them.
   */
  requireAtVersion(w: Write, id: string, version: number, kinds: readonly PromiseDocumentKind[], opts: { draft?: boolean } = {}):
    Step<{ id: string; generated: DocumentText; figures: DocumentFigures }> {
    const s = w.s;
    const draft = new Sql(opts.draft ? " AND d.status = 'draft'" : '');
    return w.require(s.select(s.sql`SELECT d.id, v.generated, v.figures FROM promise_documents d
      JOIN promise_document_versions v ON v.document_id = d.id AND v.version = d.version
      WHERE d.id = ${id}::uuid AND d.collaboration_id = ${w.collaborationId}::uuid AND d.version = ${version}::int
        AND d.kind = ANY(${kinds}::text[])${draft}
      FOR NO KEY UPDATE OF d`));
  }

  /** The document's next version, and the document row saying so (its title and status those of the new version). */
  addVersion(w: Write, id: string, version: Values<PromiseDocumentVersionEntity>, title: string): Step<PromiseDocumentEntity> {
    const s = w.s;
    w.s.insert(PromiseDocumentVersionEntity, version, { guard: w.guard, returning: 'marker' });
    return s.update(PromiseDocumentEntity, {
      version: s.sql`t.version + 1`, status: 'draft', title, updatedAt: s.sql`date_trunc('milliseconds', now())`,
    }, s.sql`t.id = ${id}::uuid`, { guard: w.guard });
  }

  /** Publishes the latest version (required a draft at `version` by `requireAtVersion`). */
  publish(w: Write, id: string, version: number, by: string): Step<PromiseDocumentEntity> {
    const s = w.s;
    const now = s.sql`date_trunc('milliseconds', now())`;
    s.update(PromiseDocumentVersionEntity, { status: 'published', publishedAt: now, publishedBy: by },
      s.sql`t.document_id = ${id}::uuid AND t.version = ${version}::int AND t.status = 'draft'`, { guard: w.guard, returning: 'marker' });
    return s.update(PromiseDocumentEntity, { status: 'published', publishedVersion: version, publishedAt: now, updatedAt: now },
      s.sql`t.id = ${id}::uuid`, { guard: w.guard });
  }
}
