import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import nodemailer, { type SentMessageInfo, type Transporter } from 'nodemailer';
import { hostname } from 'node:os';
import type { JobWithMetadata } from 'pg-boss';
import { DataSource, type EntityManager } from 'typeorm';
import type { MailDeliveryResponse, MailDeliveryStatus, Page } from '#contracts';
import { notFound } from '../common/domain-error.js';
import { InjectConfig, type ResolvedConfig } from '../config/config.module.js';
import { JobQueue } from './job-queue.service.js';
import { describeFailure, messageIdFor, queueTimings, retryPolicy, staleAfterSeconds } from './mail.rules.js';
import { type DeliveryRow, MailRepository, type NewMail, type OutboxRow } from './mail.repository.js';

/** A queued message as its context's renderer gets it when its turn comes. */
export interface QueuedMail {
  id: string;
  collaborationId: string;
  recipientUserId: string;
  kind: string;
  dedupeKey: string;
  ref: Record<string, unknown>;
}

/** What a renderer makes of a queued message: the e-mail, or why there is nothing to send now (never retried). */
export type Rendered =
  | { to: string; subject: string; text: string; html?: string; headers?: Record<string, string> }
  | { skip: string };

export type MailRenderer = (mail: QueuedMail) => Promise<Rendered>;
export type { NewMail };

const SEND_QUEUE = 'mail-send';
const SWEEP_QUEUE = 'mail-sweep';

const toDelivery = (r: DeliveryRow): MailDeliveryResponse => ({
  id: r.id, kind: r.kind, status: r.status, recipient: { id: r.recipientUserId, name: r.recipientName, email: r.recipientEmail },
  attempts: r.attempts, lastError: r.lastError, skipReason: r.skipReason,
  createdAt: new Date(r.createdAt).toISOString(), updatedAt: new Date(r.updatedAt).toISOString(), sentAt: r.sentAt ? new Date(r.sentAt).toISOString() : null,
});

/**
 * E-mail: a durable outbox in PostgreSQL and SMTP through nodemailer. A context queues messages (`enqueue`, in its own
 * transaction) and renders them when they are sent (`register`), so what a message says is decided at the moment
 * of sending. Each message is a row whose unique dedupe key makes it one message however often it is planned, and
 * each attempt is a pg-boss job: retried with backoff on any node, given up for another node when its node dies.
 *
 * Exactly once is not something SMTP can promise: a node that dies after the server accepted a message but before it
 * wrote "sent" leaves a message that is tried again. That window is one UPDATE long; the copy carries the same
 * Message-ID, so a mail store that has the first one treats it as the same message. Everything else — two nodes, a
 * node dying before or during the conversation, a server refusing or hanging — sends a message at most once and at
 * least once (after the last retry it is `failed`, listed for admins, who may try it again).
 *
 * Without SMTP_URL e-mail is off: nothing is queued (enqueue is a no-op), no pg-boss runs, and the start says so once.
 */
@Injectable()
export class MailService implements OnModuleInit, OnApplicationBootstrap {
  private readonly log = new Logger('Mail');
  private readonly renderers = new Map<string, MailRenderer>();
  private readonly node = `${hostname()}:${process.pid}`;
  private readonly timings;
  private readonly retries;
  private readonly transport?: Transporter;

  constructor(
    private readonly repo: MailRepository,
    private readonly jobs: JobQueue,
    private readonly ds: DataSource,
    @InjectConfig() private readonly config: ResolvedConfig,
  ) {
    const mail = config.mail;
    this.timings = queueTimings(mail?.timeoutSeconds ?? 30);
    this.retries = retryPolicy(mail?.retryLimit ?? 10, mail?.retryDelaySeconds ?? 30);
    if (mail) {
      this.transport = nodemailer.createTransport({
        url: mail.url,
        connectionTimeout: this.timings.smtpTimeoutMs,
        greetingTimeout: this.timings.smtpTimeoutMs,
        socketTimeout: this.timings.smtpTimeoutMs,
      }, { from: mail.from });
    }
  }

  /** Whether this installation sends e-mail (SMTP_URL is set). */
  get enabled(): boolean {
    return !!this.config.mail;
  }

  /** How messages of `kind` are made when they are sent; one renderer per kind, registered at start. */
  register(kind: string, renderer: MailRenderer): void {
    if (this.renderers.has(kind)) throw new Error(`a renderer for ${kind} mails is registered already`);
    this.renderers.set(kind, renderer);
  }

  onModuleInit(): void {
    if (!this.enabled) return;
    this.jobs.register({ name: SEND_QUEUE, notify: true, expireInSeconds: this.timings.expireInSeconds, ...this.retries, deleteAfterSeconds: 7 * 86_400 },
      { handler: (job: JobWithMetadata<{ id: string }>) => this.attempt(job), batch: 5 });
    // One node every five minutes (pg-boss runs a schedule once per occurrence, whichever node's cron pass sees it).
    this.jobs.register({ name: SWEEP_QUEUE, retryLimit: 0, expireInSeconds: 300 }, { handler: () => this.sweep(), schedule: { cron: '*/5 * * * *', tz: 'UTC' } });
  }

  onApplicationBootstrap(): void {
    if (!this.config.mail) {
      // A warning, so that it shows at the default log levels of a production install: nobody is e-mailed.
      this.log.warn('e-mail is off (no SMTP_URL): alerts, digests and password reset links are not sent, nothing is queued');
      return;
    }
    const url = new URL(this.config.mail.url);
    this.log.log(`e-mail through ${url.protocol}//${url.hostname}:${url.port || (url.protocol === 'smtps:' ? 465 : 587)} as ${this.config.mail.from}`);
  }

  /**
   * Queues messages in the caller's transaction (`manager`): the rows and their jobs commit with the caller's change or
   * not at all. A dedupe key queued before is left as it is. Returns how many were new; nothing when e-mail is off.
   */
  async enqueue(manager: EntityManager, mails: NewMail[]): Promise<number> {
    if (!this.enabled || !mails.length) return 0;
    const created = await this.repo.insert(manager, mails);
    // One statement for all their jobs: a report that matches hundreds of subscriptions is one round trip, not hundreds.
    await this.jobs.sendMany(SEND_QUEUE, created.map((row) => ({ data: { id: row.id }, expireInSeconds: this.timings.expireInSeconds, ...this.retries })), manager);
    return created.length;
  }

  /** Which of these dedupe keys name a message that was sent (a digest leaves out what was mailed at once). */
  sentKeys(keys: string[]): Promise<Set<string>> {
    return this.repo.sentKeys(keys);
  }

  /** Whether a message with this dedupe key was ever queued, in the caller's transaction. */
  queued(manager: EntityManager, key: string): Promise<boolean> {
    return this.repo.queued(manager, key);
  }

  /** A collaboration's messages, newest first (admins; `status=failed` is what needs a look). */
  async deliveries(collaborationId: string, status: MailDeliveryStatus | undefined, page: { limit?: number; cursor?: string }): Promise<Page<MailDeliveryResponse>> {
    const rows = await this.repo.list(collaborationId, status, page);
    return { items: rows.items.map(toDelivery), nextCursor: rows.nextCursor };
  }

  /** A failed message gets a new round of attempts (an admin fixed the server, or the address). 404 if it is not failed. */
  async retry(collaborationId: string, id: string): Promise<void> {
    if (!this.enabled) throw notFound('failed delivery');
    await this.ds.transaction(async (m) => {
      if (!(await this.repo.reopen(m, collaborationId, id))) throw notFound('failed delivery');
      await this.queueAttempt(id, m);
    });
  }

  private queueAttempt(id: string, manager?: EntityManager): Promise<string | null> {
    return this.jobs.send(SEND_QUEUE, { id }, { expireInSeconds: this.timings.expireInSeconds, ...this.retries }, manager);
  }

  /**
   * One attempt at one message, as a pg-boss job. Takes the message (no other node may, until the lease runs out),
   * has it rendered by its context, sends it, and records the outcome; a failure is thrown so that pg-boss tries again
   * after its backoff, and after the last try the message is kept as failed.
   */
  private async attempt(job: JobWithMetadata<{ id: string }>): Promise<void> {
    const held = await this.repo.claim(job.data.id, this.node, this.timings.leaseSeconds);
    // Sent, skipped or failed already, or held by a live node (a second job for it: the sweeper's, an admin's
    // retry): nothing to do here. A holder that dies has its own job retried when that job expires.
    if (!held) return;
    const final = job.retryCount >= job.retryLimit;
    let rendered: Rendered;
    try {
      const renderer = this.renderers.get(held.kind);
      if (!renderer) throw new Error(`no renderer for ${held.kind} mails on this node`);
      rendered = await renderer(toQueued(held));
    } catch (e) {
      await this.repo.markFailedAttempt(held, `could not make the message: ${describeFailure(e)}`, final).catch(() => undefined);
      throw e;
    }
    if ('skip' in rendered) {
      await this.repo.markSkipped(held, rendered.skip);
      return;
    }
    try {
      const info = await this.send(held, rendered);
      await this.repo.markSent(held, info.response ?? '');
    } catch (e) {
      const reason = describeFailure(e);
      this.log.warn(`sending mail ${held.id} (${held.kind}, attempt ${held.attempts}${final ? ', the last' : ''}) failed: ${reason}`);
      await this.repo.markFailedAttempt(held, reason, final);
      throw new Error(reason, { cause: e });
    }
  }

  /**
   * The SMTP conversation, cut off after the attempt's time: the abort closes the connection (nodemailer), so a server
   * that stalls, or answers just often enough never to trip a timeout, cannot finish the message after the node gave
   * up on it and another attempt sent it again. (Unless it was cut off between the end of the message and the
   * server's reply: the window SMTP leaves open, see the class comment.)
   */
  private send(held: OutboxRow, mail: Extract<Rendered, { to: string }>): Promise<SentMessageInfo> {
    return this.transport!.sendMail({
      to: mail.to, subject: mail.subject, text: mail.text, html: mail.html, headers: mail.headers,
      messageId: messageIdFor(held.id, this.config.mail!.from),
      signal: AbortSignal.timeout(this.timings.attemptTimeoutMs),
    });
  }

  /** Queues again the open messages whose job was lost (see staleAfterSeconds); one node every five minutes. */
  private async sweep(): Promise<void> {
    const stale = await this.repo.stale(staleAfterSeconds(this.timings, this.retries));
    for (const { id } of stale) {
      await this.ds.transaction(async (m) => {
        await this.repo.touch(m, id);
        await this.queueAttempt(id, m);
      });
    }
    if (stale.length) this.log.warn(`queued ${stale.length} e-mail(s) again whose attempts had stopped`);
  }
}

const toQueued = (r: OutboxRow): QueuedMail => ({
  id: r.id, collaborationId: r.collaborationId, recipientUserId: r.recipientUserId, kind: r.kind, dedupeKey: r.dedupeKey, ref: r.ref,
});
