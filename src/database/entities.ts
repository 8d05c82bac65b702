import { CollaborationEntity } from '../collaborations/collaboration.entity.js';
import { AuditLogEntity } from '../common/write/audit-log.entity.js';
import { EventCounterEntity } from '../common/write/event-counter.entity.js';
import { EventEntity } from '../common/write/event.entity.js';
import { IdempotencyKeyEntity } from '../common/write/idempotency-key.entity.js';
import { EffortActionEntity } from '../efforts/effort-action.entity.js';
import { EffortHistoryEntity } from '../efforts/effort-history.entity.js';
import { EffortReportEntity } from '../efforts/effort-report.entity.js';
import { EffortEntity } from '../efforts/effort.entity.js';
import { ConcernTalkEntity } from '../concern-talks/concern-talk.entity.js';
import { CrimeStatEntity } from '../crime-stats/crime-stat.entity.js';
import { SubscriptionEntity } from '../feed/subscription.entity.js';
import { AreaEntity } from '../geography/area.entity.js';
import { PlaceEntity } from '../geography/place.entity.js';
import { MeetingDecisionEntity } from '../meetings/meeting-decision.entity.js';
import { MeetingItemEntity } from '../meetings/meeting-item.entity.js';
import { MeetingEntity } from '../meetings/meeting.entity.js';
import { PictureExclusionEntity } from '../pictures/picture-exclusion.entity.js';
import { PictureSnapshotEntity, PictureSnapshotFileEntity } from '../pictures/picture-snapshot.entity.js';
import { OrganisationEntity } from '../organisations/organisation.entity.js';
import { AnswerTemplateEntity } from '../reports/answer-template.entity.js';
import { ReportCommentEntity } from '../reports/report-comment.entity.js';
import { ReportHistoryEntity } from '../reports/report-history.entity.js';
import { ReportEntity } from '../reports/report.entity.js';
import { TriageSettingsEntity } from '../reports/triage-settings.entity.js';
import { SessionEntity } from '../users/session.entity.js';
import { UserEntity } from '../users/user.entity.js';
import { SettingEntity } from './setting.entity.js';
import { IdentityProviderEntity } from '../auth/oidc/identity-provider.entity.js';
import { OidcHandoffEntity } from '../auth/oidc/oidc-handoff.entity.js';
import { UserIdentityEntity } from '../auth/oidc/user-identity.entity.js';
// ---- e-mail ----
import { MailOutboxEntity } from '../mail/mail-outbox.entity.js';
import { AlertCursorEntity } from '../alerts/alert-cursor.entity.js';
import { AlertDigestItemEntity } from '../alerts/alert-digest-item.entity.js';
import { AlertPreferenceEntity } from '../alerts/alert-preference.entity.js';
import { AlertSettingEntity } from '../alerts/alert-setting.entity.js';
import { PasswordResetTokenEntity } from '../auth/password-reset-token.entity.js';
import { PromiseCommitmentEntity } from '../promises/promise-commitment.entity.js';
import { PromiseFocusAreaEntity } from '../promises/promise-focus-area.entity.js';
import { PromiseEntity } from '../promises/promise.entity.js';
import { PromiseDocumentVersionEntity } from '../promises/documents/promise-document-version.entity.js';
import { PromiseDocumentEntity } from '../promises/documents/promise-document.entity.js';
import { CategoryEntity } from '../categories/category.entity.js';

/**
 * Every table's one typed description. Listed explicitly (glob loading does not work under native ESM and Jest
 * alike); the schema check (test/integration/schema.spec.ts) fails when these and the migrations disagree.
 */
export const ENTITIES = [
  CollaborationEntity, OrganisationEntity, UserEntity, SessionEntity, AreaEntity, PlaceEntity,
  ReportEntity, ReportCommentEntity, ReportHistoryEntity, AnswerTemplateEntity, TriageSettingsEntity, SubscriptionEntity,
  EffortEntity, EffortReportEntity, EffortActionEntity, EffortHistoryEntity,
  MeetingEntity, MeetingItemEntity, MeetingDecisionEntity,
  EventEntity, EventCounterEntity, IdempotencyKeyEntity, AuditLogEntity,
  SettingEntity, ConcernTalkEntity,
  PictureExclusionEntity, PictureSnapshotEntity, PictureSnapshotFileEntity,
  CrimeStatEntity,
  IdentityProviderEntity, UserIdentityEntity, OidcHandoffEntity,
  MailOutboxEntity, AlertSettingEntity, AlertPreferenceEntity, AlertCursorEntity, AlertDigestItemEntity, PasswordResetTokenEntity,
  PromiseEntity, PromiseFocusAreaEntity, PromiseCommitmentEntity, PromiseDocumentEntity, PromiseDocumentVersionEntity,
  // The collaboration's own categories (src/categories).
  CategoryEntity,
];
