import { ApiProperty } from '@nestjs/swagger';
import { type AlertSettingsResponse, EMAIL_MODES, type EmailMode, type Language, LANGUAGES, MAIL_DELIVERY_STATUSES, type MailDeliveryResponse, type MailDeliveryStatus, type SubscriptionWithEmailResponse } from '#contracts';
import { SubscriptionResponseDoc } from '../feed/subscriptions.responses.js';

/** OpenAPI shapes of the alerts context; `implements` keeps them equal to the contract types. */
export class SubscriptionWithEmailDoc extends SubscriptionResponseDoc implements SubscriptionWithEmailResponse {
  @ApiProperty({ enum: EMAIL_MODES }) email: EmailMode;
  @ApiProperty({ type: Number, nullable: true, minimum: 1, maximum: 5 }) emailMinSeverity: number | null;
}

export class SubscriptionEmailDoc {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: EMAIL_MODES }) email: EmailMode;
  @ApiProperty({ type: Number, nullable: true, minimum: 1, maximum: 5 }) emailMinSeverity: number | null;
}

export class AlertSettingsDoc implements AlertSettingsResponse {
  @ApiProperty() emailAlerts: boolean;
  @ApiProperty({ enum: LANGUAGES }) language: Language;
  @ApiProperty({ description: 'whether this installation sends e-mail at all (SMTP_URL set)' }) emailConfigured: boolean;
  @ApiProperty({ type: [SubscriptionEmailDoc] }) subscriptions: SubscriptionEmailDoc[];
}

class RecipientDoc {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty() email: string;
}

export class MailDeliveryDoc implements MailDeliveryResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'alert', description: 'alert, digest or password_reset' }) kind: string;
  @ApiProperty({ enum: MAIL_DELIVERY_STATUSES }) status: MailDeliveryStatus;
  @ApiProperty({ type: RecipientDoc }) recipient: RecipientDoc;
  @ApiProperty() attempts: number;
  @ApiProperty({ type: String, nullable: true, description: "the last attempt's SMTP reply or error" }) lastError: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'why it was not sent (not_visible, email_off, ...)' }) skipReason: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) sentAt: string | null;
}
