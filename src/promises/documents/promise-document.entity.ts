import { Check, Column, Entity, ForeignKey, PrimaryGeneratedColumn, Unique } from 'typeorm';
import type { DocumentStatus, PromiseDocumentKind } from '#contracts';

/**
 * A yearly document written from the data: the follow-up of a promise, the action plan of a year (lag 2023:196), or
 * the follow-up of an action plan. Its words live in its versions (promise_document_versions), each kept; this row
 * says which is the latest (`version`, `status`, `title`) and which the public page shows (`publishedVersion`).
 * `scopeKey` makes one document per promise and year, per year, and per action plan (`follow_up:<promise>:<year>`,
 * `action_plan:<year>`, `action_plan_follow_up:<plan>`): generating again makes a new version of the same document.
 */
@Entity({ name: 'promise_documents' })
@Unique('promise_documents_id_collaboration_id_key', ['id', 'collaborationId'])
@Unique('promise_documents_collaboration_id_scope_key_key', ['collaborationId', 'scopeKey'])
@Check('promise_documents_kind_check', `kind IN ('follow_up','action_plan','action_plan_follow_up')`)
@Check('promise_documents_status_check', `status IN ('draft','published')`)
@Check('promise_documents_year_check', 'year BETWEEN 2000 AND 2099')
@Check('promise_documents_promise_check', `(kind = 'follow_up') = (promise_id IS NOT NULL)`)
@Check('promise_documents_action_plan_check', `(kind = 'action_plan_follow_up') = (action_plan_id IS NOT NULL)`)
@Check('promise_documents_published_check', '(published_version IS NULL) = (published_at IS NULL) AND (published_version IS NULL OR published_version BETWEEN 1 AND version)')
@ForeignKey('PromiseEntity', ['promiseId', 'collaborationId'], ['id', 'collaborationId'], { name: 'promise_documents_promise_id_collaboration_id_fkey' })
@ForeignKey('PromiseDocumentEntity', ['actionPlanId', 'collaborationId'], ['id', 'collaborationId'], { name: 'promise_documents_action_plan_id_collaboration_id_fkey' })
@ForeignKey('UserEntity', ['createdBy', 'collaborationId'], ['id', 'collaborationId'], { name: 'promise_documents_created_by_collaboration_id_fkey' })
export class PromiseDocumentEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'promise_documents_pkey' }) id: string;
  @ForeignKey('CollaborationEntity', { name: 'promise_documents_collaboration_id_fkey', onDelete: 'CASCADE' })
  @Column({ name: 'collaboration_id', type: 'uuid' }) collaborationId: string;
  @Column({ type: 'text' }) kind: PromiseDocumentKind;
  @Column({ type: 'integer' }) year: number;
  @Column({ name: 'scope_key', type: 'text' }) scopeKey: string;
  @Column({ name: 'promise_id', type: 'uuid', nullable: true }) promiseId: string | null;
  @Column({ name: 'action_plan_id', type: 'uuid', nullable: true }) actionPlanId: string | null;
  /** The latest version's title. */
  @Column({ type: 'text' }) title: string;
  /** The latest version's number and status. */
  @Column({ type: 'integer' }) version: number;
  @Column({ type: 'text' }) status: DocumentStatus;
  @Column({ name: 'published_version', type: 'integer', nullable: true }) publishedVersion: number | null;
  @Column({ name: 'published_at', type: 'timestamptz', nullable: true }) publishedAt: Date | null;
  @Column({ name: 'created_by', type: 'uuid' }) createdBy: string;
  @Column({ name: 'created_at', type: 'timestamptz', default: () => "date_trunc('milliseconds', now())" }) createdAt: Date;
  @Column({ name: 'updated_at', type: 'timestamptz', default: () => "date_trunc('milliseconds', now())" }) updatedAt: Date;
}
