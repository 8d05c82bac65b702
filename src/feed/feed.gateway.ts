import { Logger } from '@nestjs/common';
import {
  ConnectedSocket, MessageBody, type OnGatewayConnection, type OnGatewayDisconnect, type OnGatewayInit,
  SubscribeMessage, WebSocketGateway, WebSocketServer,
} from '@nestjs/websockets';
import type { Namespace, Socket } from 'socket.io';
import type { ClientToServerEvents, ResumeAck, ServerToClientEvents } from '#contracts';
import { type Actor, isCoordinator } from '../common/actor.js';
import { canSee } from '../common/visibility.js';
import { AuthService } from '../auth/auth.service.js';
import { EventPumpService, type EventSink } from './event-pump.service.js';
import { FeedMetrics } from './feed-metrics.js';
import { FeedReplayService } from './feed-replay.service.js';
import { audienceOf, type StoredEvent, toWire } from './stored-event.js';
import { matchesAny, type SubscriptionFilter } from './subscription-match.js';
import { SubscriptionsService } from './subscriptions.service.js';
import { TokenBucket } from './token-bucket.js';

/** What the gateway keeps per socket; all decisions about a socket read only this. */
export interface FeedState {
  actor: Actor;
  token: string;
  subscriptions: SubscriptionFilter[];
  all: boolean;
  /** Highest seq this socket has been brought up to (live or by replay). */
  lastSeq: number;
  replaying: boolean;
  bucket: TokenBucket;
  expiry?: NodeJS.Timeout;
}

type FeedSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, FeedState>;
type Ack = { ok: boolean; error?: { code: string; message: string } };

const failure = (code: string, message: string) => ({ ok: false, error: { code, message } });

/**
 * Socket.IO namespace /feed. The token is checked in the handshake middleware (guards do not run on connect,
 * nestjs/nest#882); each socket then receives, in seq order, exactly the events it may see that match its
 * subscriptions (or all visible events after a coordinator's feed:all).
 */
@WebSocketGateway({ namespace: '/feed', maxHttpBufferSize: 16 * 1024, serveClient: false, pingInterval: 20_000, pingTimeout: 20_000 })
export class FeedGateway implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect, EventSink {
  @WebSocketServer() private ns!: Namespace;
  private readonly log = new Logger('FeedGateway');
  private readonly byCollaboration = new Map<string, Set<FeedSocket>>();
  private readonly byUser = new Map<string, Set<FeedSocket>>();

  constructor(
    private readonly auth: AuthService,
    private readonly subscriptions: SubscriptionsService,
    private readonly pump: EventPumpService,
    private readonly replay: FeedReplayService,
    private readonly metrics: FeedMetrics,
  ) {}

  afterInit(ns: Namespace): void {
    ns.use((socket, next) => {
      const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
      this.auth
        .authenticate(typeof token === 'string' ? token : undefined)
        .then(async (actor) => {
          const state: FeedState = {
            actor: { ...actor, ip: socket.handshake.address },
            token: token as string,
            subscriptions: await this.subscriptions.filtersOf(actor.id),
            all: false,
            lastSeq: 0,
            replaying: false,
            bucket: new TokenBucket(20, 10),
          };
          socket.data = state;
          const ms = actor.tokenExpiresAt - Date.now();
          state.expiry = setTimeout(() => socket.disconnect(true), Math.min(Math.max(ms, 0), 2 ** 31 - 1));
          next();
        })
        .catch(() => {
          this.metrics.rejected.inc({ reason: 'handshake' });
          next(new Error('unauthorized: a valid access token is required in auth.token'));
        });
    });
    this.pump.attach(this);
  }

  handleConnection(socket: FeedSocket): void {
    const s = socket.data;
    if (!s?.actor) return void socket.disconnect(true);
    s.lastSeq = this.pump.deliveredUpTo(s.actor.collaborationId);
    add(this.byCollaboration, s.actor.collaborationId, socket);
    add(this.byUser, s.actor.id, socket);
    this.metrics.sockets.inc();
    // Rate limit every client packet; a flood is answered with an error ack, a heavy one ends the connection.
    socket.use((packet, next) => {
      if (s.bucket.take()) return next();
      this.metrics.rejected.inc({ reason: 'rate' });
      const ack = packet[packet.length - 1];
      if (typeof ack === 'function') ack(failure('RATE_LIMITED', 'too many messages; slow down'));
      if (s.bucket.deficit > 100) socket.disconnect(true);
    });
  }

  handleDisconnect(socket: FeedSocket): void {
    const s = socket.data;
    if (!s?.actor) return;
    clearTimeout(s.expiry);
    if (remove(this.byCollaboration, s.actor.collaborationId, socket)) this.metrics.sockets.dec();
    remove(this.byUser, s.actor.id, socket);
  }

  @SubscribeMessage('feed:resume')
  async onResume(@ConnectedSocket() socket: FeedSocket, @MessageBody() body: unknown): Promise<ResumeAck> {
    const afterSeq = (body as { afterSeq?: unknown } | null)?.afterSeq;
    if (typeof body !== 'object' || body === null || Object.keys(body).some((k) => k !== 'afterSeq') || !Number.isSafeInteger(afterSeq) || (afterSeq as number) < 0) {
      this.metrics.rejected.inc({ reason: 'payload' });
      return failure('BAD_REQUEST', 'feed:resume takes { afterSeq: a non-negative integer }');
    }
    const s = socket.data;
    if (s.replaying) return failure('RESUME_IN_PROGRESS', 'a resume is already running on this connection');
    try {
      return await this.replay.resume(socket, s, afterSeq as number, (e) => this.wants(s, e));
    } catch (e) {
      this.log.warn(`resume failed: ${(e as Error).message}`);
      return failure('UNAVAILABLE', 'the feed could not be replayed just now; try again');
    }
  }

  @SubscribeMessage('feed:all')
  onAll(@ConnectedSocket() socket: FeedSocket, @MessageBody() body: unknown): Ack {
    const enabled = body === undefined || body === null ? true : (body as { enabled?: unknown }).enabled;
    if (typeof enabled !== 'boolean' || (typeof body === 'object' && body !== null && Object.keys(body).some((k) => k !== 'enabled'))) {
      return failure('BAD_REQUEST', 'feed:all takes { enabled: boolean }');
    }
    if (enabled && !isCoordinator(socket.data.actor)) return failure('FORBIDDEN', 'only coordinators may receive the whole feed');
    socket.data.all = enabled;
    return { ok: true };
  }

  /** Whether this socket gets this event: the visibility policy first, then its subscriptions. */
  private wants(s: FeedState, e: StoredEvent): boolean {
    if (!canSee(s.actor, e)) return false;
    return (s.all && isCoordinator(s.actor)) || matchesAny(s.subscriptions, e);
  }

  deliver(events: StoredEvent[]): void {
    for (const e of events) {
      const sockets = this.byCollaboration.get(e.collaborationId);
      if (!sockets?.size) continue;
      const audiences: Record<'own' | 'partner', string[]> = { own: [], partner: [] };
      for (const socket of sockets) {
        const s = socket.data;
        if (s.replaying || e.seq <= s.lastSeq) continue; // the replay loop covers it
        s.lastSeq = e.seq;
        if (this.wants(s, e)) audiences[audienceOf(e, s.actor.organisationId)].push(socket.id);
      }
      // Serialise once per audience: Socket.IO encodes a broadcast once for all its sockets.
      for (const audience of ['own', 'partner'] as const) {
        const ids = audiences[audience];
        if (!ids.length) continue;
        const wire = toWire(e, audience);
        (this.ns.to(ids) as unknown as { emit: (ev: string, payload: unknown) => void }).emit(e.type, wire);
        this.metrics.deliveries.inc({ mode: 'live' }, ids.length);
      }
      this.metrics.fanoutLatency.observe(Math.max(0, Date.now() - Date.parse(e.at)) / 1000);
    }
  }

  userChanged(userId: string): void {
    for (const socket of this.byUser.get(userId) ?? []) {
      this.auth.authenticate(socket.data.token).then(
        (actor) => {
          socket.data.actor = { ...actor, ip: socket.data.actor.ip };
          if (!isCoordinator(actor)) socket.data.all = false;
        },
        () => socket.disconnect(true), // disabled, or no longer valid
      );
    }
  }

  subscriptionsChanged(userId: string): void {
    const sockets = this.byUser.get(userId);
    if (!sockets?.size) return;
    this.subscriptions.filtersOf(userId).then(
      (filters) => sockets.forEach((socket) => (socket.data.subscriptions = filters)),
      (e) => this.log.warn(`reloading subscriptions failed: ${(e as Error).message}`),
    );
  }

  get connectedSockets(): number {
    let n = 0;
    for (const set of this.byCollaboration.values()) n += set.size;
    return n;
  }
}

function add<T>(map: Map<string, Set<T>>, key: string, value: T): void {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(value);
}

function remove<T>(map: Map<string, Set<T>>, key: string, value: T): boolean {
  const set = map.get(key);
  const had = set?.delete(value) ?? false;
  if (set && !set.size) map.delete(key);
  return had;
}
