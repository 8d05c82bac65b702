import { Logger } from '@nestjs/common';
import {
  ConnectedSocket, MessageBody, type OnGatewayConnection, type OnGatewayDisconnect, type OnGatewayInit,
  SubscribeMessage, WebSocketGateway, WebSocketServer,
} from '@nestjs/websockets';
import type { Namespace, Socket } from 'socket.io';
import type { ClientToServerEvents, ResumeAck, ServerToClientEvents } from '#contracts';
import { isCoordinator } from '../common/actor.js';
import { canSee } from '../common/visibility.js';
import { AuthService } from '../auth/auth.service.js';
import { CHANNELS } from '../common/channels.js';
import { NotificationsService } from '../common/notifications.service.js';
import { EventPumpService, type EventSink } from './event-pump.service.js';
import { FeedMetrics } from './feed-metrics.service.js';
import { FeedReplayService } from './feed-replay.service.js';
import { audienceOf, type StoredEvent, toWire } from './stored-event.js';
import { matchesAny } from './subscription-match.js';
import { SubscriptionsService } from './subscriptions.service.js';
import type { FeedState } from './feed-state.js';
import { TokenBucket } from './token-bucket.js';

type FeedSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, FeedState>;
type Ack = { ok: boolean; error?: { code: string; message: string } };

const failure = (code: string, message: string) => ({ ok: false, error: { code, message } });

/** How long live events wait for a client's first feed:resume, and how many at most (then they go out in order). */
const HOLD_MS = 30_000;
const HOLD_MAX = 5000;

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
  /** When each user's account or subscriptions last changed (as announced), to close the handshake window. */
  private readonly changedAt = new Map<string, number>();
  /** The latest reload started per user; an answer to an older one is dropped. */
  private readonly subscriptionReloads = new Map<string, number>();
  private readonly userReloads = new Map<string, number>();
  private reloads = 0;

  constructor(
    private readonly auth: AuthService,
    private readonly subscriptions: SubscriptionsService,
    private readonly pump: EventPumpService,
    private readonly replay: FeedReplayService,
    private readonly metrics: FeedMetrics,
    private readonly notifications: NotificationsService,
  ) {}

  afterInit(ns: Namespace): void {
    ns.use((socket, next) => {
      const since = Date.now();
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
            pending: null,
            held: [],
            liveSent: 0,
            since,
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
    this.notifications.on(CHANNELS.userChanged, (userId) => this.userChanged(userId));
    this.notifications.on(CHANNELS.subscriptions, (userId) => this.subscriptionsChanged(userId));
  }

  handleConnection(socket: FeedSocket): void {
    const s = socket.data;
    if (!s?.actor) return void socket.disconnect(true);
    s.lastSeq = this.pump.deliveredUpTo(s.actor.collaborationId);
    // Live events are held until the client's feed:resume is answered ok or resync (then the replay covers them, in
    // order; one answered UNAVAILABLE leaves them held for the retry), or, for a client that never resumes, released
    // in order after HOLD_MS. feed:hello tells a client with no history where "now" is, so it can resume from there.
    s.holdTimer = setTimeout(() => this.release(socket), HOLD_MS);
    socket.emit('feed:hello', { lastSeq: s.lastSeq });
    add(this.byCollaboration, s.actor.collaborationId, socket);
    add(this.byUser, s.actor.id, socket);
    this.metrics.sockets.inc();
    // A change committed while the handshake was loading this user may have been announced before the socket was
    // registered to hear it: apply it now (a disabled user is then disconnected, new filters loaded).
    if ((this.changedAt.get(s.actor.id) ?? 0) >= s.since) {
      this.userChanged(s.actor.id);
      this.subscriptionsChanged(s.actor.id);
    }
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
    clearTimeout(s.holdTimer);
    s.held = null;
    s.pending = null;
    if (remove(this.byCollaboration, s.actor.collaborationId, socket)) this.metrics.sockets.dec();
    remove(this.byUser, s.actor.id, socket);
    if (!this.byUser.has(s.actor.id)) this.userReloads.delete(s.actor.id);
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
      // A socket held until its first resume is held still (see FeedReplayService): for the client's retry, or, if
      // none comes, released in order as after a connect.
      if (s.held) s.holdTimer = setTimeout(() => this.release(socket), HOLD_MS);
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
        if (s.replaying) {
          // The replay covers it: from the log, or from `pending` at its end.
          if (s.pending && s.pending.push(e) > HOLD_MAX) s.pending = null;
          // A socket replaying its first resume keeps holding too, for a retry if that replay fails.
          if (!s.held) continue;
        }
        if (e.seq <= s.lastSeq) continue;
        s.lastSeq = e.seq;
        if (!this.wants(s, e)) continue;
        if (s.held) {
          if (s.held.push(e) > HOLD_MAX && !s.replaying) this.release(socket);
        } else {
          s.liveSent++;
          audiences[audienceOf(e, s.actor.organisationId)].push(socket.id);
        }
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

  /** Ends the hold of a socket that did not resume: what was held goes out in seq order, then live. */
  private release(socket: FeedSocket): void {
    const s = socket.data;
    clearTimeout(s.holdTimer);
    const held = s.held ?? [];
    s.held = null;
    for (const e of held) (socket as unknown as Socket).emit(e.type, toWire(e, audienceOf(e, s.actor.organisationId)));
    s.liveSent += held.length;
    this.metrics.deliveries.inc({ mode: 'live' }, held.length);
  }

  userChanged(userId: string): void {
    this.changedAt.set(userId, Date.now());
    const generation = this.nextReload(this.userReloads, userId);
    for (const socket of this.byUser.get(userId) ?? []) {
      this.auth.authenticate(socket.data.token).then(
        (actor) => {
          // Two quick changes run two lookups on different pool connections: the older answer must not win.
          if (this.userReloads.get(userId) !== generation) return;
          socket.data.actor = { ...actor, ip: socket.data.actor.ip };
          if (!isCoordinator(actor)) socket.data.all = false;
        },
        () => {
          if (this.userReloads.get(userId) === generation) socket.disconnect(true); // disabled, or no longer valid
        },
      );
    }
  }

  subscriptionsChanged(userId: string): void {
    this.changedAt.set(userId, Date.now());
    if (!this.byUser.get(userId)?.size) return;
    const generation = this.nextReload(this.subscriptionReloads, userId);
    this.subscriptions.filtersOf(userId).then(
      (filters) => {
        // Several changes in a row reload concurrently, and the answers may come back out of order: only the
        // reload started last (it read after every change it was told about) may set the filters.
        if (this.subscriptionReloads.get(userId) !== generation) return;
        this.subscriptionReloads.delete(userId);
        this.byUser.get(userId)?.forEach((socket) => (socket.data.subscriptions = filters));
      },
      (e) => {
        if (this.subscriptionReloads.get(userId) === generation) this.subscriptionReloads.delete(userId);
        this.log.warn(`reloading subscriptions failed: ${(e as Error).message}`);
      },
    );
  }

  /** Numbers are unique across users and time, so an entry may be dropped without an old answer matching a new one. */
  private nextReload(map: Map<string, number>, userId: string): number {
    const generation = ++this.reloads;
    map.set(userId, generation);
    return generation;
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
