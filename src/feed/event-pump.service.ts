import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { InjectConfig, type ResolvedConfig } from '../config/config.module.js';
import { EVENTS_CHANNEL } from './event-log.service.js';
import { FeedMetrics } from './feed-metrics.js';
import { PgListener } from './pg-listener.js';
import { EVENT_COLUMNS, type StoredEvent, toStoredEvent } from './stored-event.js';
import { SUBSCRIPTIONS_CHANNEL } from './subscriptions.service.js';

export const USER_CHANGED_CHANNEL = 'lagesbild_user_changed';
const BATCH = 1000;

export interface EventSink {
  /** Called in seq order per collaboration, each event exactly once per node. */
  deliver(events: StoredEvent[]): void;
  userChanged(userId: string): void;
  subscriptionsChanged(userId: string): void;
}

/**
 * Reads committed events from the log and hands them to the gateway of THIS node. Every node LISTENs for the
 * commit notifications, so a report posted on node B reaches sockets on node A; PostgreSQL is the only
 * shared piece (no Redis). Because seq order is commit order, "everything after the last seq I delivered"
 * is always complete: a missed or coalesced notification only delays delivery, it never loses an event.
 */
@Injectable()
export class EventPumpService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly log = new Logger('EventPump');
  private readonly delivered = new Map<string, number>();
  private readonly dirty = new Set<string>();
  private running = false;
  private listener?: PgListener;
  private sink?: EventSink;

  constructor(
    private readonly ds: DataSource,
    @InjectConfig() private readonly config: ResolvedConfig,
    private readonly metrics: FeedMetrics,
  ) {}

  attach(sink: EventSink): void {
    this.sink = sink;
  }

  get up(): boolean {
    return this.listener?.connected ?? false;
  }

  /** The highest seq this node has handed to its sockets for a collaboration. */
  deliveredUpTo(collaborationId: string): number {
    return this.delivered.get(collaborationId) ?? 0;
  }

  async onApplicationBootstrap(): Promise<void> {
    // Start from "now": sockets that want older events ask for them with feed:resume.
    const rows = await this.ds.query('SELECT id, last_seq FROM collaborations');
    for (const r of rows) this.delivered.set(r.id, Number(r.last_seq));
    this.listener = new PgListener(
      this.config.databaseUrl,
      [EVENTS_CHANNEL, USER_CHANGED_CHANNEL, SUBSCRIPTIONS_CHANNEL],
      (channel, payload) => this.onNotification(channel, payload),
      () => void this.catchUpAll(),
    );
    await this.listener.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.listener?.stop();
  }

  private onNotification(channel: string, payload: string): void {
    if (channel === EVENTS_CHANNEL) {
      const collaborationId = payload.slice(0, payload.indexOf(':'));
      this.dirty.add(collaborationId);
      void this.drain();
    } else if (channel === USER_CHANGED_CHANNEL) this.sink?.userChanged(payload);
    else if (channel === SUBSCRIPTIONS_CHANNEL) this.sink?.subscriptionsChanged(payload);
  }

  private async catchUpAll(): Promise<void> {
    const rows = await this.ds.query('SELECT id, last_seq FROM collaborations').catch(() => []);
    for (const r of rows) if (Number(r.last_seq) > this.deliveredUpTo(r.id)) this.dirty.add(r.id);
    void this.drain();
  }

  /** One drain loop per node: collaborations marked dirty are read until nothing newer is committed. */
  private async drain(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      while (this.dirty.size > 0) {
        const [collaborationId] = this.dirty;
        this.dirty.delete(collaborationId);
        try {
          let more = true;
          while (more) {
            const after = this.deliveredUpTo(collaborationId);
            const rows = await this.ds.query(
              `SELECT ${EVENT_COLUMNS} FROM events e WHERE e.collaboration_id = $1 AND e.seq > $2 ORDER BY e.seq LIMIT ${BATCH}`,
              [collaborationId, after],
            );
            more = rows.length === BATCH;
            if (!rows.length) break;
            const events = rows.map(toStoredEvent);
            this.delivered.set(collaborationId, events[events.length - 1].seq);
            this.metrics.eventsRead.inc(events.length);
            this.sink?.deliver(events);
          }
        } catch (e) {
          // The database is away: keep the mark; the listener's reconnect triggers a catch-up.
          this.dirty.add(collaborationId);
          this.log.warn(`reading events failed: ${(e as Error).message}`);
          await new Promise((ok) => setTimeout(ok, 500));
          if (!this.listener?.connected) break;
        }
      }
    } finally {
      this.running = false;
    }
  }
}
