import { Injectable } from '@nestjs/common';
import type { Socket } from 'socket.io';
import type { ResumeAck } from '#contracts';
import { EventLogRepository } from './event-log.repository.js';
import { EventPumpService } from './event-pump.service.js';
import { FeedMetrics } from './feed-metrics.service.js';
import type { FeedState } from './feed-state.js';
import { audienceOf, type StoredEvent, toWire } from './stored-event.js';

const BATCH = 500;

/**
 * feed:resume: replays the matching events after `afterSeq` in order, then hands the socket back to live
 * delivery with no gap and no duplicate. While replaying, live delivery skips the socket but keeps what it delivers
 * in `pending`; each round reads the log up to what this node has delivered so far. Once the log has been read up to
 * where this node stood when the resume began, the rest is in `pending`: it is sent from there and the socket goes
 * live in the same tick as that check, so no event can slip between the two. (Reading the log again instead, round
 * after round, would end only when no event came during a round: under steady writes on a busy node, never.)
 */
@Injectable()
export class FeedReplayService {
  constructor(private readonly events: EventLogRepository, private readonly pump: EventPumpService, private readonly metrics: FeedMetrics) {}

  async resume(socket: Socket, s: FeedState, afterSeq: number, wants: (e: StoredEvent) => boolean): Promise<ResumeAck> {
    const collaborationId = s.actor.collaborationId;
    // Taken before the first await: live delivery must skip this socket from the moment the resume is received
    // (else events delivered live during the bounds query were replayed again, out of order), and a second
    // feed:resume arriving meanwhile must see RESUME_IN_PROGRESS instead of running a replay alongside.
    s.replaying = true;
    s.pending = [];
    // Every event this node delivers from now on goes to `pending`; everything up to here is in the log.
    const start = this.pump.deliveredUpTo(collaborationId);
    const holding = s.held !== null;
    if (holding) {
      // Everything held is in the log up to what this node delivered: the replay below sends it in order. The hold
      // ends only with an answer the client can build on (ok, or resync): after a failed replay ("try again") the
      // socket is still held, so no live event overtakes the events the client's retry will replay.
      clearTimeout(s.holdTimer);
    } else if (s.liveSent > 0 && afterSeq < s.lastSeq) {
      // Live events already went out after the hold; older ones now would arrive out of order: reload instead.
      s.replaying = false;
      s.pending = null;
      return { ok: false, resync: true, lastSeq: s.lastSeq };
    }
    let cursor = afterSeq;
    let replayed = 0;
    try {
      const bounds = await this.events.bounds(collaborationId);
      const last = bounds.last;
      const oldest = bounds.oldest ?? last + 1;
      // Older than what is kept (pruned), or ahead of the log (the database was replaced): reload instead.
      if (afterSeq > last || afterSeq < oldest - 1) {
        s.held = null;
        return { ok: false, resync: true, lastSeq: last };
      }

      for (;;) {
        const upTo = this.pump.deliveredUpTo(collaborationId);
        if (cursor >= upTo || socket.disconnected) break;
        if (s.pending && cursor >= start) {
          // Read up to where this node stood at the start: what it delivered since is at hand, in seq order.
          for (const e of s.pending) {
            if (e.seq <= cursor || !wants(e)) continue;
            socket.emit(e.type, toWire(e, audienceOf(e, s.actor.organisationId)));
            replayed++;
          }
          cursor = upTo;
          break;
        }
        // A record that has since been hidden from the viewer is not replayed either (see visibleBetween).
        const rows = await this.events.visibleBetween(s.actor, cursor, upTo, BATCH);
        for (const e of rows) {
          if (!wants(e)) continue;
          socket.emit(e.type, toWire(e, audienceOf(e, s.actor.organisationId)));
          replayed++;
        }
        cursor = rows.length === BATCH ? rows[rows.length - 1].seq : upTo;
      }
      s.lastSeq = Math.max(cursor, afterSeq);
      s.held = null; // all it held is at most what was delivered when the loop ended: replayed
    } finally {
      s.replaying = false;
      s.pending = null;
    }
    this.metrics.deliveries.inc({ mode: 'replay' }, replayed);
    return { ok: true, replayed, lastSeq: s.lastSeq };
  }
}
