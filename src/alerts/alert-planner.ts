import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CHANNELS } from '../common/channels.js';
import { NotificationsService } from '../common/notifications.service.js';
import { MailService } from '../mail/mail.service.js';
import { atOnceKey, plan } from './alerts.rules.js';
import { AlertsRepository } from './alerts.repository.js';

const BATCH = 500;
/** A safety net under the NOTIFYs: every minute, collaborations whose log is ahead of their cursor are planned. */
const CATCH_UP_MS = 60_000;

/**
 * Turns the event log into e-mails and digest entries. Every node hears every committed event (the same NOTIFY the
 * feed listens to) and tries to plan its collaboration; the cursor row is taken with SKIP LOCKED, so one node plans
 * while the others step aside, and the one planning reads again after its commit (its own NOTIFY marks the
 * collaboration again). The e-mails (outbox rows and their pg-boss jobs), the digest entries and the cursor's move are
 * one transaction: a node that dies mid-plan leaves the cursor where it was and nothing planned, and an event is never
 * planned twice; the outbox's unique key per report and person makes a report that is updated into matching again
 * one e-mail still. Reads events, subscriptions and users; depends on no other context's code.
 */
@Injectable()
export class AlertPlanner implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy {
  private readonly log = new Logger('AlertPlanner');
  private readonly dirty = new Set<string>();
  private running = false;
  private stopped = false;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly repo: AlertsRepository,
    private readonly mail: MailService,
    private readonly notifications: NotificationsService,
    private readonly ds: DataSource,
  ) {}

  onModuleInit(): void {
    if (!this.mail.enabled) return;
    this.notifications.on(CHANNELS.events, (payload) => {
      this.dirty.add(payload.slice(0, payload.indexOf(':')));
      void this.drain();
    });
    this.notifications.onConnected(() => void this.catchUp());
  }

  onApplicationBootstrap(): void {
    if (!this.mail.enabled) return;
    // Not awaited: planning queues jobs, and the job queue starts in its own bootstrap hook.
    void this.catchUp();
    this.timer = setInterval(() => void this.catchUp(), CATCH_UP_MS).unref();
  }

  onModuleDestroy(): void {
    this.stopped = true;
    clearInterval(this.timer);
  }

  private async catchUp(): Promise<void> {
    try {
      for (const c of await this.repo.behind()) this.dirty.add(c);
    } catch (e) {
      this.log.warn(`looking for events to plan failed: ${(e as Error).message}`);
    }
    void this.drain();
  }

  /** One loop per node, as the feed's pump: collaborations marked dirty are planned until nothing newer is committed. */
  private async drain(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      while (this.dirty.size > 0 && !this.stopped) {
        const [collaborationId] = this.dirty;
        this.dirty.delete(collaborationId);
        try {
          while (!this.stopped && (await this.planBatch(collaborationId)) === 'more');
        } catch (e) {
          // The database is away: the catch-up (every minute, and after the listener reconnects) tries again.
          this.log.warn(`planning alerts failed: ${(e as Error).message}`);
        }
      }
    } finally {
      this.running = false;
    }
  }

  /** Plans the next batch of one collaboration's events: 'busy' when another node holds its cursor. */
  async planBatch(collaborationId: string): Promise<'more' | 'done' | 'busy'> {
    return this.ds.transaction(async (m) => {
      const after = await this.repo.lockCursor(m, collaborationId);
      if (after === undefined) return 'busy';
      const recipients = await this.repo.recipients(m, collaborationId);
      if (!recipients.length) {
        // Nobody here takes e-mail: past every committed event without reading one.
        await this.repo.moveCursor(m, collaborationId, await this.repo.lastSeq(m, collaborationId));
        return 'done';
      }
      const events = await this.repo.eventsAfter(m, collaborationId, after, BATCH);
      if (!events.length) return 'done';
      const p = plan(events, recipients, new Date());
      await this.mail.enqueue(m, p.atOnce.map((a) => ({
        kind: 'alert', dedupeKey: atOnceKey(a.reportId, a.userId), collaborationId: a.collaborationId, recipientUserId: a.userId,
        ref: { reportId: a.reportId, subscriptionId: a.subscriptionId },
      })));
      await this.repo.insertDigestItems(m, p.digest);
      await this.repo.moveCursor(m, collaborationId, events[events.length - 1].seq);
      return events.length === BATCH ? 'more' : 'done';
    });
  }
}
