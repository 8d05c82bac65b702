import { Check, Column, Entity, ForeignKey, PrimaryGeneratedColumn, Unique } from 'typeorm';
import type { DocumentFigures, DocumentStatus, DocumentText, DocumentVersionResponse } from '#contracts';

/**
 * One version of a document: the draft generated from the data (`generated`, with the `figures` it was written from)
 * kept beside the words as edited (`text`). A version is never changed, only published once (a trigger refuses
 * anything else: migration CreatePromises); an edit makes the next version.
 */
@Entity({ name: 'promise_document_versions' })
@Unique('promise_document_versions_document_id_version_key', ['documentId', 'version'])
@Check('promise_document_versions_status_check', `status IN ('draft','published')`)
@Check('promise_document_versions_origin_check', `origin IN ('generate','edit','regenerate')`)
@Check('promise_document_versions_published_check', `(status = 'published') = (published_at IS NOT NULL) AND (published_at IS NULL) = (published_by IS NULL)`)
@ForeignKey('PromiseDocumentEntity', ['documentId', 'collaborationId'], ['id', 'collaborationId'], { name: 'promise_document_versions_document_id_collaboration_id_fkey', onDelete: 'CASCADE' })
@ForeignKey('UserEntity', ['createdBy', 'collaborationId'], ['id', 'collaborationId'], { name: 'promise_document_versions_created_by_collaboration_id_fkey' })
@ForeignKey('UserEntity', ['publishedBy', 'collaborationId'], ['id', 'collaborationId'], { name: 'promise_document_versions_published_by_collaboration_id_fkey' })
export class PromiseDocumentVersionEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'promise_document_versions_pkey' }) id: string;
  @Column({ name: 'collaboration_id', type: 'uuid' }) collaborationId: string;
  @Column({ name: 'document_id', type: 'uuid' }) documentId: string;
  @Column({ type: 'integer' }) version: number;
  @Column({ type: 'text' }) status: DocumentStatus;
  @Column({ type: 'text' }) origin: DocumentVersionResponse['origin'];
  @Column({ type: 'jsonb' }) generated: DocumentText;
  @Column({ type: 'jsonb' }) text: DocumentText;
  @Column({ type: 'jsonb' }) figures: DocumentFigures;
  @Column({ name: 'created_by', type: 'uuid' }) createdBy: string;
  @Column({ name: 'created_at', type: 'timestamptz', default: () => "date_trunc('milliseconds', now())" }) createdAt: Date;
  @Column({ name: 'published_at', type: 'timestamptz', nullable: true }) publishedAt: Date | null;
  @Column({ name: 'published_by', type: 'uuid', nullable: true }) publishedBy: string | null;
}
