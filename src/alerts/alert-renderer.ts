import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { Language } from '#contracts';
import { CategoriesService } from '../categories/categories.service.js';
import { InjectConfig, type ResolvedConfig } from '../config/config.module.js';
import { MailService, type QueuedMail, type Rendered } from '../mail/mail.service.js';
import { alertMail, digestMail, type MailLinks, type MailReport, unsubscribeHeaders } from './alert-mail.js';
import { atOnceKey, type Cadence, stillToSend, unsubscribeKey, unsubscribeToken } from './alerts.rules.js';
import { AlertsRepository, type RecipientNow, type ReportNow } from './alerts.repository.js';

/**
 * Makes the alert e-mails when they are sent (the mail context calls it for each attempt), from what is true at that
 * moment: the recipient's address, language and settings, and the report as the event log has it now. A report the
 * recipient may no longer see (narrowed, shared with fewer), that no longer matches or was merged away is not mailed,
 * nor anything to someone who turned e-mail off or was disabled: the message is then skipped, with the reason.
 */
@Injectable()
export class AlertRenderer implements OnModuleInit {
  private readonly key: Buffer;

  constructor(
    private readonly repo: AlertsRepository,
    private readonly mail: MailService,
    private readonly categories: CategoriesService,
    @InjectConfig() private readonly config: ResolvedConfig,
  ) {
    this.key = unsubscribeKey(config.jwtSecret);
  }

  onModuleInit(): void {
    this.mail.register('alert', (m) => this.alert(m));
    this.mail.register('digest', (m) => this.digest(m));
  }

  private async alert(m: QueuedMail): Promise<Rendered> {
    const { reportId, subscriptionId } = m.ref as { reportId: string; subscriptionId: string };
    const who = await this.repo.recipientNow(m.recipientUserId, subscriptionId);
    const not = whyNotTo(who);
    if (not) return { skip: not };
    const [report] = await this.repo.reportsNow(m.collaborationId, [reportId]);
    const notNow = stillToSend(who!, who!.subscription!, report && { facts: report.facts, mergedInto: mergedInto(report) });
    if (notNow) return { skip: notNow };
    const links = this.links(subscriptionId);
    const label = await this.labeller(m.collaborationId, who!.language);
    return { to: who!.address, ...alertMail(toMailReport(report, label), who!.language, links), headers: this.headers(links) };
  }

  private async digest(m: QueuedMail): Promise<Rendered> {
    const { subscriptionId, cadence, period, digestKey } = m.ref as { subscriptionId: string; cadence: Cadence; period: string; digestKey: string };
    const who = await this.repo.recipientNow(m.recipientUserId, subscriptionId);
    const not = whyNotTo(who);
    if (not) return { skip: not };
    const ids = await this.repo.digestReports(digestKey);
    const mailedAtOnce = await this.mail.sentKeys(ids.map((id) => atOnceKey(id, who!.id)));
    const label = await this.labeller(m.collaborationId, who!.language as Language);
    const reports = (await this.repo.reportsNow(m.collaborationId, ids))
      .filter((r) => !mailedAtOnce.has(atOnceKey(r.id, who!.id)))
      .filter((r) => !stillToSend(who!, who!.subscription!, { facts: r.facts, mergedInto: mergedInto(r) }))
      .map((r) => toMailReport(r, label))
      .sort((a, b) => b.severity - a.severity || b.observedAt.localeCompare(a.observedAt));
    if (!reports.length) return { skip: 'nothing_to_send' };
    const links = this.links(subscriptionId);
    return { to: who!.address, ...digestMail(reports, cadence, period, who!.language as Language, links), headers: this.headers(links) };
  }

  /** The collaboration's category labels in the recipient's language, as the mail is made. */
  private async labeller(collaborationId: string, lang: Language): Promise<(code: string) => string> {
    const list = await this.categories.all(collaborationId);
    return (code) => list.find((c) => c.code === code)?.[lang] ?? code;
  }

  private links(subscriptionId: string): MailLinks {
    const base = this.config.publicUrl;
    return { base, unsubscribe: `${base}/api/alerts/unsubscribe?token=${encodeURIComponent(unsubscribeToken(this.key, subscriptionId))}` };
  }

  private headers(links: MailLinks): Record<string, string> {
    return unsubscribeHeaders(links.unsubscribe, this.config.mail?.unsubscribeMailto);
  }
}

/** Why nobody is mailed: the person is gone or disabled, turned all e-mail off, or the subscription is gone or off. */
function whyNotTo(who: RecipientNow | undefined): string | undefined {
  if (!who) return 'recipient_gone';
  if (who.disabled) return 'recipient_disabled';
  if (!who.emailAlerts) return 'email_off';
  if (!who.subscription) return 'subscription_gone';
  if (!who.subscription.email || who.subscription.email === 'off') return 'subscription_email_off';
  return undefined;
}

const mergedInto = (r: ReportNow) => (typeof r.payload.mergedInto === 'string' ? r.payload.mergedInto : null);

const toMailReport = (r: ReportNow, label: (code: string) => string): MailReport => {
  const p = r.payload as Partial<MailReport>;
  const category = String(p.category ?? r.facts.category ?? 'other');
  return {
    id: r.id, category, categoryLabel: label(category), description: String(p.description ?? ''),
    severity: Number(p.severity ?? r.facts.severity ?? 1), observedAt: String(p.observedAt ?? new Date().toISOString()),
    place: p.place ?? null, area: p.area ?? null, organisation: p.organisation ?? { name: '' },
  };
};
