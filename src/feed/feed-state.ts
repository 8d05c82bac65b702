import type { Actor } from '../common/actor.js';
import type { StoredEvent } from './stored-event.js';
import type { SubscriptionFilter } from './subscription-match.js';
import type { TokenBucket } from './token-bucket.js';

/** What the gateway keeps per socket; all decisions about a socket read only this. */
export interface FeedState {
  actor: Actor;
  token: string;
  subscriptions: SubscriptionFilter[];
  all: boolean;
  /** Highest seq this socket has been brought up to (live or by replay). */
  lastSeq: number;
  replaying: boolean;
  /**
   * While a replay runs, the events this node delivers meanwhile (not sent to this socket then) are kept here, in seq
   * order, so that the replay ends by sending them instead of reading the log again for each; null when no replay
   * runs, or when too many came (the replay then reads the log until it has caught up). See FeedReplayService.
   */
  pending: StoredEvent[] | null;
  /**
   * Until the socket's first feed:resume is answered, live events are held here, not sent: a client resumes from the
   * last seq it saw before it reconnected, and a live event seen first would both come again in the replay and
   * make "the last seq seen" skip the ones between. See FeedGateway.handleConnection.
   */
  held: StoredEvent[] | null;
  /** Live events sent since the hold ended: after one, an older resume could only be answered out of order. */
  liveSent: number;
  holdTimer?: NodeJS.Timeout;
  /** When the handshake began: a user or subscription change seen after it is applied again once registered. */
  since: number;
  bucket: TokenBucket;
  expiry?: NodeJS.Timeout;
}
