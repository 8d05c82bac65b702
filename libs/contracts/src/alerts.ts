import type { SubscriptionResponse } from './responses.js';

/**
 * E-mail of a subscription: `off`; `immediate` (every matching report at once); `daily` / `weekly` (a digest at
 * 07:00 Swedish time, Mondays for weekly). With `emailMinSeverity`, matching reports of at least that severity are
 * mailed at once in every mode but `off`, and only those in `immediate`.
 */
export const EMAIL_MODES = ['off', 'immediate', 'daily', 'weekly'] as const;
export type EmailMode = (typeof EMAIL_MODES)[number];

/** The languages e-mails are written in; Swedish first. */
export const LANGUAGES = ['sv', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** PATCH /api/subscriptions/:id answers the subscription with how it is e-mailed. */
export interface SubscriptionWithEmailResponse extends SubscriptionResponse {
  email: EmailMode;
  emailMinSeverity: number | null;
}

/** GET /api/me/alerts: your e-mail settings, and how each of your subscriptions is e-mailed. */
export interface AlertSettingsResponse {
  /** All alert e-mail on or off (one-click unsubscribe of "all e-mail" turns it off). */
  emailAlerts: boolean;
  language: Language;
  /** Whether this installation sends e-mail at all (SMTP_URL set). */
  emailConfigured: boolean;
  subscriptions: { id: string; email: EmailMode; emailMinSeverity: number | null }[];
}

export const MAIL_DELIVERY_STATUSES = ['pending', 'sending', 'retrying', 'sent', 'skipped', 'failed'] as const;
export type MailDeliveryStatus = (typeof MAIL_DELIVERY_STATUSES)[number];

/** GET /api/alerts/deliveries (admins): one queued e-mail and how it went; never what it said. */
export interface MailDeliveryResponse {
  id: string;
  kind: string;
  status: MailDeliveryStatus;
  recipient: { id: string; name: string; email: string };
  attempts: number;
  lastError: string | null;
  skipReason: string | null;
  createdAt: string;
  updatedAt: string;
  sentAt: string | null;
}
