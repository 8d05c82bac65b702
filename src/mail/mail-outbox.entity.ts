import { Check, Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

export const MAIL_STATUSES = ['pending', 'sending', 'retrying', 'sent', 'skipped', 'failed'] as const;
/**
 * pending: queued, not tried yet; sending: a node holds it (until `lease_until`); retrying: an attempt failed, the
 * queue tries again after a backoff; sent: the SMTP server accepted it; skipped: nothing to send when its turn came
 * (the report was narrowed away, the recipient turned e-mail off, the reset link was used); failed: every attempt
 * failed, kept for an admin to see and retry.
 */
export type MailStatus = (typeof MAIL_STATUSES)[number];

/**
 * One e-mail to one person, durably queued: the row is the truth about the message (sent or not, how often tried),
 * a pg-boss job per attempt only says when to try. `dedupe_key` is unique, so a message planned twice (two nodes, a
 * retried plan) is one row, and a row is only ever sent by the node that holds it (`status`, `lease_until`). What
 * the message says is made when it is sent, by the context that queued it (`kind`, `ref`), so it reflects what
 * the recipient may see at that moment.
 */
@Entity({ name: 'mail_outbox' })
@Unique('uq_mail_outbox_dedupe_key', ['dedupeKey'])
@Check('mail_outbox_status_check', `status IN ('pending','sending','retrying','sent','skipped','failed')`)
@Check('mail_outbox_kind_check', 'char_length(kind) BETWEEN 1 AND 50')
@Check('mail_outbox_sent_check', `(status = 'sent') = (sent_at IS NOT NULL)`)
@ForeignKey('UserEntity', ['recipientUserId', 'collaborationId'], ['id', 'collaborationId'], { name: 'mail_outbox_recipient_user_id_collaboration_id_fkey', onDelete: 'CASCADE' })
@Index('ix_mail_outbox_list', ['collaborationId', 'status', 'createdAt'])
@Index('ix_mail_outbox_open', ['status', 'updatedAt'])
export class MailOutboxEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'mail_outbox_pkey' }) id: string;
  @ForeignKey('CollaborationEntity', { name: 'mail_outbox_collaboration_id_fkey', onDelete: 'CASCADE' })
  @Column({ name: 'collaboration_id', type: 'uuid' }) collaborationId: string;
  @Index('ix_mail_outbox_recipient')
  @Column({ name: 'recipient_user_id', type: 'uuid' }) recipientUserId: string;
  /** Which context makes the message when it is sent ('alert', 'digest', 'password_reset'). */
  @Column({ type: 'text' }) kind: string;
  /** One message per key, ever (e.g. `alert:<reportId>:<userId>`). */
  @Column({ name: 'dedupe_key', type: 'text' }) dedupeKey: string;
  /** What the context needs to make the message (ids, never the text itself). */
  @Column({ type: 'jsonb', default: () => "'{}'" }) ref: Record<string, unknown>;
  @Column({ type: 'text', default: 'pending' }) status: MailStatus;
  @Column({ type: 'integer', default: 0 }) attempts: number;
  /** The node (host:pid) that holds or last held it. */
  @Column({ name: 'claimed_by', type: 'text', nullable: true }) claimedBy: string | null;
  @Column({ name: 'lease_until', type: 'timestamptz', nullable: true }) leaseUntil: Date | null;
  @Column({ name: 'last_error', type: 'text', nullable: true }) lastError: string | null;
  @Column({ name: 'skip_reason', type: 'text', nullable: true }) skipReason: string | null;
  /** What the SMTP server answered when it accepted the message. */
  @Column({ name: 'smtp_response', type: 'text', nullable: true }) smtpResponse: string | null;
  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt: Date;
  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' }) updatedAt: Date;
  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true }) sentAt: Date | null;
}
