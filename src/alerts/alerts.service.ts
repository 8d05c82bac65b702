import { Injectable } from '@nestjs/common';
import type { AlertSettingsResponse, EmailMode, Language, MailDeliveryResponse, MailDeliveryStatus, Page, SubscriptionWithEmailResponse } from '#contracts';
import type { Actor } from '../common/actor.js';
import { invalid, notFound } from '../common/domain-error.js';
import type { Step } from '../common/write/statement.js';
import { WritePath } from '../common/write/write-path.js';
import { InjectConfig, type ResolvedConfig } from '../config/config.module.js';
import { SubscriptionsService } from '../feed/subscriptions.service.js';
import { MailService } from '../mail/mail.service.js';
import { unsubscribePage, type UnsubscribePage } from './alert-mail.js';
import type { UpdateSubscriptionEmailDto } from './alerts.dto.js';
import { readUnsubscribeToken, unsubscribeKey } from './alerts.rules.js';
import { AlertsRepository, type OwnSubscription } from './alerts.repository.js';

const toResponse = (s: OwnSubscription, email: EmailMode, emailMinSeverity: number | null): SubscriptionWithEmailResponse => ({
  id: s.id, areaIds: s.areaIds, placeIds: s.placeIds, categories: s.categories, minSeverity: s.minSeverity,
  createdAt: new Date(s.createdAt).toISOString(), email, emailMinSeverity,
});

/**
 * E-mail alerts as people set them: per subscription (off, at once, daily or weekly digest, from which severity at
 * once), per person (all e-mail on or off, the language), the one-click unsubscribe link, and what admins see of the
 * outbox. Every change goes through the write path with its audit row. The planning and sending are alert-planner.ts,
 * alert-digests.ts and alert-renderer.ts.
 */
@Injectable()
export class AlertsService {
  private readonly key: Buffer;

  constructor(
    private readonly repo: AlertsRepository,
    private readonly writes: WritePath,
    private readonly mail: MailService,
    private readonly subscriptions: SubscriptionsService,
    @InjectConfig() config: ResolvedConfig,
  ) {
    this.key = unsubscribeKey(config.jwtSecret);
  }

  /** PATCH /api/subscriptions/:id — one of the caller's subscriptions: its filter and how it is e-mailed; another's is 404. */
  async setSubscriptionEmail(actor: Actor, id: string, dto: UpdateSubscriptionEmailDto): Promise<SubscriptionWithEmailResponse> {
    const filter = await this.subscriptions.checkedFilterChange(actor, id, dto);
    const mailing = dto.email !== undefined || dto.emailMinSeverity !== undefined;
    if (!filter && !mailing) throw invalid('email', 'or emailMinSeverity, or a filter field (areaIds, placeIds, categories, minSeverity) must be given');
    const sub = await this.repo.ownSubscription(actor.id, id);
    if (!sub) throw notFound('subscription');
    const email = dto.email ?? sub.email ?? 'off';
    const emailMinSeverity = dto.emailMinSeverity === undefined ? sub.emailMinSeverity : dto.emailMinSeverity;
    // The filter and the e-mail setting change together or not at all (one statement of the write path).
    const result = await this.writes.run(actor, {}, (w) => {
      this.repo.requireSubscription(w, id, actor.id);
      if (filter) this.subscriptions.changeFilter(w, actor.id, id, filter);
      if (!mailing) return undefined;
      w.audit({ action: 'subscription.email', entityType: 'subscription', entityId: id, details: { email, emailMinSeverity } });
      return this.repo.putSetting(w, { subscriptionId: id, collaborationId: sub.collaborationId, userId: actor.id, email, emailMinSeverity });
    });
    if (result.kind !== 'written') throw notFound('subscription'); // deleted meanwhile
    return toResponse({ ...sub, ...filter }, email, emailMinSeverity);
  }

  /** GET /api/me/alerts */
  async settings(actor: Actor): Promise<AlertSettingsResponse> {
    const [prefs, subscriptions] = await Promise.all([this.repo.preferences(actor.id), this.repo.subscriptionSettings(actor.id)]);
    return { ...prefs, emailConfigured: this.mail.enabled, subscriptions };
  }

  /** PATCH /api/me/alerts — all e-mail on or off, the language of e-mails. */
  async setPreferences(actor: Actor, dto: { emailAlerts?: boolean; language?: Language }): Promise<AlertSettingsResponse> {
    if (dto.emailAlerts === undefined && dto.language === undefined) throw invalid('emailAlerts', 'or language must be given');
    const now = await this.repo.preferences(actor.id);
    const next = { emailAlerts: dto.emailAlerts ?? now.emailAlerts, language: dto.language ?? now.language };
    await this.writes.run(actor, {}, (w) => {
      w.audit({ action: 'user.alert_preferences', entityType: 'user', entityId: actor.id, details: next });
      return this.repo.putPreferences(w, { userId: actor.id, collaborationId: actor.collaborationId, ...next });
    });
    return this.settings(actor);
  }

  /** GET /api/alerts/unsubscribe — the confirmation page; changes nothing (mail scanners open links). */
  async unsubscribePage(token: string, action: string): Promise<{ status: number; html: string }> {
    const { valid, owner } = await this.ownerOf(token);
    if (!valid) return { status: 400, html: unsubscribePage('invalid', 'sv') };
    // A subscription deleted since: nothing is sent for it any more.
    if (!owner) return { status: 200, html: unsubscribePage('done', 'sv') };
    return { status: 200, html: unsubscribePage('confirm', owner.language, action) };
  }

  /**
   * POST /api/alerts/unsubscribe — RFC 8058 one-click (a mail client POSTs `List-Unsubscribe=One-Click`), or a button
   * of the page: that subscription's e-mail off, or (`scope=all`) all of the person's alert e-mail. No login: the signed
   * token is the authority, and it can do nothing but this. Doing it again changes nothing and answers the same.
   */
  async unsubscribe(token: string, scope: 'subscription' | 'all'): Promise<{ status: number; html: string }> {
    const { valid, owner } = await this.ownerOf(token);
    if (!valid) return { status: 400, html: unsubscribePage('invalid', 'sv') };
    if (!owner) return { status: 200, html: unsubscribePage('done', 'sv') };
    const page: UnsubscribePage = scope === 'all' ? 'done_all' : 'done';
    const already = scope === 'all' ? !owner.emailAlerts : (owner.email ?? 'off') === 'off';
    if (already) return { status: 200, html: unsubscribePage(page, owner.language) };
    const via = { via: 'unsubscribe_link', userId: owner.userId };
    const result = await this.writes.run<unknown>(null, { collaborationId: owner.collaborationId }, (w): Step<unknown> => {
      this.repo.requireSubscription(w, owner.id, null);
      if (scope === 'all') {
        w.audit({ action: 'user.alert_preferences', entityType: 'user', entityId: owner.userId, details: { emailAlerts: false, ...via } });
        return this.repo.putPreferences(w, { userId: owner.userId, collaborationId: owner.collaborationId, emailAlerts: false, language: owner.language });
      }
      w.audit({ action: 'subscription.email', entityType: 'subscription', entityId: owner.id, details: { email: 'off', emailMinSeverity: owner.emailMinSeverity, ...via } });
      return this.repo.putSetting(w, { subscriptionId: owner.id, collaborationId: owner.collaborationId, userId: owner.userId, email: 'off', emailMinSeverity: owner.emailMinSeverity });
    });
    // Deleted between the read and the write: it sends nothing any more either.
    return { status: 200, html: unsubscribePage(result.kind === 'written' ? page : 'done', owner.language) };
  }

  private async ownerOf(token: string) {
    const id = readUnsubscribeToken(this.key, token);
    return { valid: !!id, owner: id ? await this.repo.subscriptionOwner(id) : undefined };
  }

  /** GET /api/alerts/deliveries (admins): the collaboration's e-mails and how they went. */
  deliveries(actor: Actor, q: { status?: MailDeliveryStatus; limit?: number; cursor?: string }): Promise<Page<MailDeliveryResponse>> {
    return this.mail.deliveries(actor.collaborationId, q.status, q);
  }

  /** POST /api/alerts/deliveries/:id/retry (admins): a failed e-mail tried again. */
  async retryDelivery(actor: Actor, id: string): Promise<void> {
    await this.mail.retry(actor.collaborationId, id);
    await this.writes.audit(actor, { action: 'mail.retry', entityType: 'mail', entityId: id });
  }
}
