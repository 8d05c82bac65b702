import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { CHANNELS } from '../common/channels.js';
import { NotificationsService } from '../common/notifications.service.js';
import { EventLogRepository } from './event-log.repository.js';
import { FeedMetrics } from './feed-metrics.service.js';
import type { StoredEvent } from './stored-event.js';

const BATCH = 1000;

export interface EventSink {
  /** Called in seq order per collaboration, each event exactly once per node. */
  deliver(events: StoredEvent[]): void;
}

/**
 * Reads committed events from the log and hands them to the gateway of THIS node. Every node LISTENs for the
 * commit notifications, so a report posted on node B reaches sockets on node A; PostgreSQL is the only
 * shared piece (no Redis). Because seq order is commit order, "everything after the last seq I delivered"
 * is always complete: a missed or coalesced notification only delays delivery, it never loses an event.
 */
@Injectable()
export class EventPumpService implements OnModuleInit {
  private readonly log = new Logger('EventPump');
  private readonly delivered = new Map<string, number>();
  private readonly dirty = new Set<string>();
  private running = false;
  private sink?: EventSink;

  constructor(
    private readonly events: EventLogRepository,
    private readonly notifications: NotificationsService,
    private readonly metrics: FeedMetrics,
  ) {}

  attach(sink: EventSink): void {
    this.sink = sink;
  }

  get up(): boolean {
    return this.notifications.up;
  }

  /** The highest seq this node has handed to its sockets for a collaboration. */
  deliveredUpTo(collaborationId: string): number {
    return this.delivered.get(collaborationId) ?? 0;
  }

  async onModuleInit(): Promise<void> {
    // Start from "now": sockets that want older events ask for them with feed:resume.
    for (const c of await this.events.lastSeqs()) this.delivered.set(c.collaborationId, c.lastSeq);
    this.notifications.on(CHANNELS.events, (payload) => {
      this.dirty.add(payload.slice(0, payload.indexOf(':')));
      void this.drain();
    });
    // After every (re)connect of the listener: catch up on what committed while nobody was listening.
    this.notifications.onConnected(() => void this.catchUpAll());
  }

  private async catchUpAll(): Promise<void> {
    const counters = await this.events.lastSeqs().catch(() => []);
    for (const c of counters) if (c.lastSeq > this.deliveredUpTo(c.collaborationId)) this.dirty.add(c.collaborationId);
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
            const events = await this.events.after(collaborationId, this.deliveredUpTo(collaborationId), BATCH);
            more = events.length === BATCH;
            if (!events.length) break;
            this.delivered.set(collaborationId, events[events.length - 1].seq);
            this.metrics.eventsRead.inc(events.length);
            this.sink?.deliver(events);
          }
        } catch (e) {
          // The database is away: keep the mark; the listener's reconnect triggers a catch-up.
          this.dirty.add(collaborationId);
          this.log.warn(`reading events failed: ${(e as Error).message}`);
          await new Promise((ok) => setTimeout(ok, 500));
          if (!this.notifications.up) break;
        }
      }
    } finally {
      this.running = false;
    }
  }
}
