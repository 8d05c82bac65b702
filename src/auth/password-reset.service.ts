import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AddressWindow } from '../common/address-window.js';
import { DomainError, invalid } from '../common/domain-error.js';
import { hashPassword } from '../common/password.js';
import { WritePath } from '../common/write/write-path.js';
import { InjectConfig, type ResolvedConfig } from '../config/config.module.js';
import { MailService, type QueuedMail, type Rendered } from '../mail/mail.service.js';
import { toActor, UsersService } from '../users/users.service.js';
import { readResetToken, RESET_TTL_MINUTES, resetKey, resetToken, resetTokenState, RESETS_PER_ACCOUNT_PER_HOUR } from './password-reset.rules.js';
import { PasswordResetRepository, type ResetForMail } from './password-reset.repository.js';

export const RESET_MAIL = 'password_reset';

/**
 * A forgotten password: a link by e-mail that works once, for an hour, and sets a new password (same rules as any
 * new password), ending every session of the account. Asking never tells whether an address has an account: the
 * answer is always 202, and the work (looking the address up, making and queueing the link) happens after it, so
 * not even the time of the answer differs. An address may have an account in several collaborations: each gets its
 * own link, naming its collaboration.
 */
@Injectable()
export class PasswordResetService implements OnModuleInit {
  private readonly log = new Logger('PasswordReset');
  private readonly key: Buffer;
  private readonly perAddress: AddressWindow;

  constructor(
    private readonly repo: PasswordResetRepository,
    private readonly users: UsersService,
    private readonly writes: WritePath,
    private readonly mail: MailService,
    private readonly ds: DataSource,
    @InjectConfig() private readonly config: ResolvedConfig,
  ) {
    this.key = resetKey(config.jwtSecret);
    this.perAddress = new AddressWindow(config.loginThrottle.limit, config.loginThrottle.ttlSeconds * 1000);
  }

  onModuleInit(): void {
    this.mail.register(RESET_MAIL, (m) => this.render(m));
  }

  /** POST /api/auth/password-reset: counted against the address (429 past the login budget), then answered at once. */
  accept(email: string, ctx: { ip?: string; requestId?: string }): void {
    const wait = this.perAddress.hit(ctx.ip ?? '');
    if (wait) {
      throw new DomainError('rate_limited', 'TOO_MANY_ATTEMPTS', 'too many password reset requests from this address; wait and try again', { retryAfterSeconds: wait });
    }
    void this.request(email, ctx).catch((e: Error) => this.log.warn(`a password reset request failed: ${e.message}`));
  }

  private async request(email: string, ctx: { ip?: string; requestId?: string }): Promise<void> {
    // Only accounts that sign in with a password: a link must not give a password to an account its organisation's
    // identity provider signs in (where accounts may have none), nor open a disabled one.
    const accounts = (await this.users.findAllByEmail(email.trim())).filter((u) => !u.disabled && !!u.passwordHash);
    if (accounts.length && !this.mail.enabled) {
      this.log.warn('a password reset link was asked for, but e-mail is off (no SMTP_URL): nothing was sent');
      return;
    }
    for (const user of accounts) {
      // Silently no more than a few links an hour to one account: a stranger cannot flood someone's mailbox.
      if ((await this.repo.madeLastHour(user.id)) >= RESETS_PER_ACCOUNT_PER_HOUR) continue;
      const id = randomUUID();
      await this.ds.transaction(async (manager) => {
        await this.writes.run({ ...toActor(user), ...ctx }, { manager }, (w) => {
          w.audit({ action: 'auth.password_reset_requested', entityType: 'user', entityId: user.id, details: { ip: ctx.ip } });
          return this.repo.insert(w, {
            id, collaborationId: user.collaborationId, userId: user.id, requestedIp: ctx.ip ?? null,
            expiresAt: new Date(Date.now() + RESET_TTL_MINUTES * 60_000),
          });
        });
        await this.mail.enqueue(manager, [{ kind: RESET_MAIL, dedupeKey: `${RESET_MAIL}:${id}`, collaborationId: user.collaborationId, recipientUserId: user.id, ref: { tokenId: id } }]);
      });
    }
  }

  /** POST /api/auth/password-reset/confirm: the new password, once per link; every session of the account ends. */
  async confirm(token: string, newPassword: string, ctx: { ip?: string; requestId?: string }): Promise<void> {
    const id = readResetToken(this.key, token);
    const row = id ? await this.repo.find(id) : undefined;
    if (!row) throw invalid('token', 'is not a valid password reset link: ask for a new one', 'RESET_TOKEN_INVALID');
    const state = resetTokenState(row);
    if (state) throw refusedLink(state);
    const user = await this.users.findForAuth(row.userId);
    if (!user || user.disabled || !user.passwordHash) throw invalid('token', 'is not a valid password reset link: ask for a new one', 'RESET_TOKEN_INVALID');
    const hash = await hashPassword(newPassword);
    const result = await this.writes.run({ ...toActor(user), ...ctx }, {}, (w) => {
      this.repo.requireUsable(w, row.id);
      this.users.setPasswordIn(w, user.id, hash);
      w.audit({ action: 'auth.password_reset', entityType: 'user', entityId: user.id, details: { ip: ctx.ip } });
      return this.repo.useAll(w, user.id);
    });
    // Used (or expired) between the read and the write: the first use won.
    if (result.kind !== 'written') throw refusedLink(resetTokenState((await this.repo.find(row.id))!) ?? 'used');
    this.users.forget(user.id);
  }

  /** The e-mail with the link, made when it is sent: nothing for a link used or expired meanwhile, or a disabled account. */
  private async render(m: QueuedMail): Promise<Rendered> {
    const row = await this.repo.forMail(String(m.ref.tokenId));
    if (!row || row.disabled) return { skip: 'recipient_disabled' };
    const state = resetTokenState(row);
    if (state) return { skip: `link_${state}` };
    return { to: row.address, ...resetMail(row, `${this.config.publicUrl}/aterstall-losenord#token=${resetToken(this.key, row.id)}`) };
  }
}

const refusedLink = (state: 'used' | 'expired') => state === 'used'
  ? invalid('token', 'was used already: ask for a new link', 'RESET_TOKEN_USED')
  : invalid('token', `has expired (a link works for ${RESET_TTL_MINUTES} minutes): ask for a new one`, 'RESET_TOKEN_EXPIRED');

/**
 * Swedish, then English: the account's language setting belongs to the alerts, and a reset must reach also someone
 * who never set one. The link puts the token after `#`, which browsers never send to a server (or a proxy's log).
 */
function resetMail(row: ResetForMail, link: string): { subject: string; text: string; html: string } {
  const subject = 'Återställ ditt lösenord i Lägesbild / Reset your Lägesbild password';
  const sv = `Någon, förhoppningsvis du, har bett om att få återställa lösenordet till ditt konto i Lägesbild (${row.collaborationName}). `
    + `Öppna länken inom ${RESET_TTL_MINUTES} minuter för att välja ett nytt lösenord. Länken fungerar en gång.`;
  const svIgnore = 'Har du inte bett om det kan du bortse från det här meddelandet: ditt lösenord ändras inte.';
  const en = `Someone, hopefully you, asked to reset the password of your Lägesbild account (${row.collaborationName}). `
    + `Open the link within ${RESET_TTL_MINUTES} minutes to choose a new password. The link works once.`;
  const enIgnore = 'If you did not ask for this, ignore this message: your password stays as it is.';
  const text = `${sv}\n\n${link}\n\n${svIgnore}\n\n--\n${en}\n\n${link}\n\n${enIgnore}\n`;
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  const html = `<!doctype html><html lang="sv"><head><meta charset="utf-8"><title>${esc(subject)}</title></head><body style="font-family:system-ui,sans-serif">`
    + `<p>${esc(sv)}</p><p><a href="${esc(link)}">Välj ett nytt lösenord</a></p><p>${esc(svIgnore)}</p><hr>`
    + `<p lang="en">${esc(en)}</p><p lang="en"><a href="${esc(link)}">Choose a new password</a></p><p lang="en">${esc(enIgnore)}</p></body></html>`;
  return { subject, text, html };
}
