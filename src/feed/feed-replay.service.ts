import { Injectable } from '@nestjs/common';
import type { Socket } from 'socket.io';
import { DataSource } from 'typeorm';
import type { ResumeAck } from '#contracts';
import { SqlWhere } from '../common/sql-where.js';
import { restrictToVisible, visibleCondition } from '../common/visibility.js';
import { EventPumpService } from './event-pump.service.js';
import { FeedMetrics } from './feed-metrics.js';
import type { FeedState } from './feed.gateway.js';
import { audienceOf, EVENT_COLUMNS, type StoredEvent, toStoredEvent, toWire } from './stored-event.js';

const BATCH = 500;

/**
 * feed:resume: replays the matching events after `afterSeq` in order, then hands the socket back to live
 * delivery with no gap and no duplicate. While replaying, live delivery skips the socket; each round reads up
 * to what this node has delivered so far, and the switch back to live happens in the same tick as the check
 * that nothing is left, so no event can slip between the two.
 */
@Injectable()
export class FeedReplayService {
  constructor(private readonly ds: DataSource, private readonly pump: EventPumpService, private readonly metrics: FeedMetrics) {}

  async resume(socket: Socket, s: FeedState, afterSeq: number, wants: (e: StoredEvent) => boolean): Promise<ResumeAck> {
    const collaborationId = s.actor.collaborationId;
    // Taken before the first await: live delivery must skip this socket from the moment the resume is received
    // (else events delivered live during the bounds query were replayed again, out of order), and a second
    // feed:resume arriving meanwhile must see RESUME_IN_PROGRESS instead of running a replay alongside.
    s.replaying = true;
    let cursor = afterSeq;
    let replayed = 0;
    try {
      const [bounds] = await this.ds.query(
        `SELECT c.last_seq, (SELECT min(seq) FROM events WHERE collaboration_id = c.id) AS min_seq FROM collaborations c WHERE c.id = $1`,
        [collaborationId],
      );
      const last = Number(bounds.last_seq);
      const oldest = bounds.min_seq === null ? last + 1 : Number(bounds.min_seq);
      // Older than what is kept (pruned), or ahead of the log (the database was replaced): reload instead.
      if (afterSeq > last || afterSeq < oldest - 1) return { ok: false, resync: true, lastSeq: last };

      for (;;) {
        const upTo = this.pump.deliveredUpTo(collaborationId);
        if (cursor >= upTo || socket.disconnected) break;
        const where = restrictToVisible(new SqlWhere(), s.actor, 'e')
          // A record that has since been hidden from the viewer is not replayed either.
          .raw(`(e.report_id IS NULL OR ${visibleCondition('r', '$1', '$2')})`, s.actor.collaborationId, s.actor.organisationId)
          .add('e.seq > ?', cursor)
          .add('e.seq <= ?', upTo);
        const rows = await this.ds.query(
          `SELECT ${EVENT_COLUMNS} FROM events e LEFT JOIN reports r ON r.id = e.report_id WHERE ${where} ORDER BY e.seq LIMIT ${BATCH}`,
          where.params,
        );
        for (const row of rows) {
          const e = toStoredEvent(row);
          if (!wants(e)) continue;
          socket.emit(e.type, toWire(e, audienceOf(e, s.actor.organisationId)));
          replayed++;
        }
        cursor = rows.length === BATCH ? Number(rows[rows.length - 1].seq) : upTo;
      }
      s.lastSeq = Math.max(cursor, afterSeq);
    } finally {
      s.replaying = false;
    }
    this.metrics.deliveries.inc({ mode: 'replay' }, replayed);
    return { ok: true, replayed, lastSeq: s.lastSeq };
  }
}
