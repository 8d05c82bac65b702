import { Check, Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';

export type SessionEndReason = 'logout' | 'disabled' | 'password' | 'ended_by_user';

/** One login: the token names it (`sid`), and once ended it never works again. */
@Entity({ name: 'sessions' })
@Check('sessions_ended_reason_check', `ended_reason IN ('logout','disabled','password','ended_by_user')`)
@ForeignKey('UserEntity', ['userId', 'collaborationId'], ['id', 'collaborationId'], { name: 'sessions_user_id_collaboration_id_fkey', onDelete: 'CASCADE' })
@Index('ix_sessions_user', ['userId', 'createdAt'])
export class SessionEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'sessions_pkey' }) id: string;
  @Column({ name: 'collaboration_id', type: 'uuid' }) collaborationId: string;
  @Column({ name: 'user_id', type: 'uuid' }) userId: string;
  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt: Date;
  @Column({ name: 'expires_at', type: 'timestamptz' }) expiresAt: Date;
  @Column({ name: 'ended_at', type: 'timestamptz', nullable: true }) endedAt: Date | null;
  @Column({ name: 'ended_reason', type: 'text', nullable: true }) endedReason: SessionEndReason | null;
  @Column({ type: 'text', nullable: true }) ip: string | null;
  /** When a request last used the session, written at most every few minutes (UsersRepository.liveSession). */
  @Column({ name: 'last_seen_at', type: 'timestamptz', nullable: true }) lastSeenAt: Date | null;
}
