import type { Actor } from '../common/actor.js';
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
  /** When the handshake began: a user or subscription change seen after it is applied again once registered. */
  since: number;
  bucket: TokenBucket;
  expiry?: NodeJS.Timeout;
}
