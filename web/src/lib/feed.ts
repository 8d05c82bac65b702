import { io, type Socket } from 'socket.io-client';
import { FEED_EVENT_TYPES, type ClientToServerEvents, type FeedEvent, type ResumeAck, type ServerToClientEvents } from '#contracts';
import { isCoordinatorRole, type Page, type ReportResponse, type Role } from '#contracts';
import { get, type Session } from './api.js';

export type ConnectionState = 'connecting' | 'live' | 'catching_up' | 'offline';
type FeedSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

type EventListener = (e: FeedEvent) => void;
type StateListener = (s: ConnectionState) => void;
type ResyncListener = () => void;

/**
 * The live feed: one Socket.IO connection to `/feed` per logged-in tab.
 * On every (re)connect it sends `feed:resume` with the highest `seq` seen (kept in localStorage per user), so
 * the server replays what was missed; `resync` (too far behind) makes the screens reload through REST.
 * Events are deduplicated by `seq` (a replay may overlap with live events).
 */
class FeedClient {
  private socket: FeedSocket | null = null;
  private session: Session | null = null;
  private state: ConnectionState = 'offline';
  private lastSeq = 0;
  private seen = new Set<number>();
  private seenOrder: number[] = [];
  private readonly events = new Set<EventListener>();
  private readonly states = new Set<StateListener>();
  private readonly resyncs = new Set<ResyncListener>();
  private wantAll = false;
  private baseline: Promise<void> = Promise.resolve();

  start(session: Session): void {
    if (this.session?.accessToken === session.accessToken && this.socket) return;
    this.stop();
    this.session = session;
    this.lastSeq = Number(localStorage.getItem(this.seqKey()) ?? 0) || 0;
    // A first visit needs no history (the screens load it through REST): start from the newest seq there is,
    // instead of asking the server to replay the whole log from 0.
    this.baseline = this.lastSeq > 0 ? Promise.resolve() : get<Page<ReportResponse>>('/api/reports?limit=100')
      .then((page) => this.noteSeq(Math.max(0, ...page.items.map((r) => r.seq))))
      .catch(() => undefined);
    this.seen.clear();
    this.seenOrder = [];
    const socket: FeedSocket = io('/feed', {
      path: '/socket.io',
      auth: { token: session.accessToken },
      transports: ['websocket', 'polling'],
      // A server that comes back (a restart, a deploy) is found again within about 1–2 s: tries every 1–2 s
      // (1 s doubling, capped at 2 s, each ±50 % at random so that many open pages do not all knock at once).
      reconnectionDelay: 1000,
      reconnectionDelayMax: 2000,
      randomizationFactor: 0.5,
    });
    this.socket = socket;
    this.setState('connecting');
    socket.on('connect', () => this.resume());
    socket.on('disconnect', () => this.setState(navigator.onLine === false ? 'offline' : 'connecting'));
    socket.on('connect_error', (err) => {
      this.setState(navigator.onLine === false ? 'offline' : 'connecting');
      // A refused handshake: if the token has expired, GET /api/me answers 401 and the client logs out.
      if (/unauthori[sz]ed/i.test(err?.message ?? '')) void get('/api/me').catch(() => undefined);
    });
    // Each event is emitted under its own type as the Socket.IO event name, and carries that type in `type`.
    for (const type of FEED_EVENT_TYPES) socket.on(type, (e: FeedEvent) => this.receive(e));
    window.addEventListener('online', this.onOnline);
    window.addEventListener('offline', this.onOffline);
  }

  stop(): void {
    window.removeEventListener('online', this.onOnline);
    window.removeEventListener('offline', this.onOffline);
    this.socket?.removeAllListeners();
    this.socket?.disconnect();
    this.socket = null;
    this.session = null;
    this.setState('offline');
  }

  private onOnline = () => {
    if (this.socket && !this.socket.connected) this.socket.connect();
  };

  // The device says it has no network: the connection is dead even if no timeout has noticed yet. Close it, so
  // the state shows it at once and the reconnect (on "online") resumes from the last seq seen.
  private onOffline = () => {
    if (this.socket?.connected) {
      this.socket.disconnect();
      this.setState('offline');
    }
  };


  private seqKey(): string {
    return `lagesbild.feed.lastSeq.${this.session?.user.id ?? 'anon'}`;
  }

  /** The highest seq this client has seen; REST loads report theirs too (a report carries its latest seq). */
  noteSeq(seq: number): void {
    if (Number.isFinite(seq) && seq > this.lastSeq) {
      this.lastSeq = seq;
      if (this.session) localStorage.setItem(this.seqKey(), String(seq));
    }
  }

  getLastSeq(): number {
    return this.lastSeq;
  }

  /** Coordinators may ask for every event they may see, not only their subscriptions. */
  setAll(enabled: boolean): void {
    this.wantAll = enabled;
    if (this.socket?.connected) this.socket.emit('feed:all', { enabled }, () => undefined);
  }

  private resume(): void {
    const socket = this.socket;
    if (!socket) return;
    this.setState('catching_up');
    void this.baseline.then(() => {
      if (this.socket === socket && socket.connected) this.sendResume(socket);
    });
  }

  private sendResume(socket: FeedSocket): void {
    if (this.wantAll) socket.emit('feed:all', { enabled: true }, () => undefined);
    let answered = false;
    const timer = setTimeout(() => {
      // No ack (an older server): treat as live, and let the screens reload so nothing is missed.
      if (!answered && socket.connected) {
        answered = true;
        this.setState('live');
        for (const l of this.resyncs) l();
      }
    }, 5000);
    socket.emit('feed:resume', { afterSeq: this.lastSeq }, (ack: ResumeAck) => {
      if (answered) return;
      answered = true;
      clearTimeout(timer);
      if (ack?.error?.code === 'UNAVAILABLE') {
        // The server could not read its log just now (its database is restarting): it holds live events for this
        // socket until a resume goes through, so ask again shortly, from the same seq.
        setTimeout(() => {
          if (this.socket === socket && socket.connected) this.sendResume(socket);
        }, 1000);
        return;
      }
      if (!ack?.ok) {
        if (ack?.lastSeq !== undefined) this.noteSeq(ack.lastSeq);
        for (const l of this.resyncs) l();
      } else if (ack.lastSeq !== undefined) {
        this.noteSeq(ack.lastSeq);
      }
      this.setState(socket.connected ? 'live' : 'connecting');
    });
  }

  private receive(e: FeedEvent): void {
    if (typeof e?.seq !== 'number' || this.seen.has(e.seq)) return;
    this.seen.add(e.seq);
    this.seenOrder.push(e.seq);
    if (this.seenOrder.length > 20_000) this.seen.delete(this.seenOrder.shift()!);
    this.noteSeq(e.seq);
    for (const l of this.events) l(e);
  }

  private setState(s: ConnectionState): void {
    if (s === this.state) return;
    this.state = s;
    for (const l of this.states) l(s);
  }

  getState(): ConnectionState {
    return this.state;
  }

  onEvent(l: EventListener): () => void {
    this.events.add(l);
    return () => this.events.delete(l);
  }

  onState(l: StateListener): () => void {
    this.states.add(l);
    return () => this.states.delete(l);
  }

  onResync(l: ResyncListener): () => void {
    this.resyncs.add(l);
    return () => this.resyncs.delete(l);
  }
}

export const feed = new FeedClient();

/** Coordinators and admins receive every event they may see unless they turned it off (remembered per user). */
export function wantsAllEvents(user: { id: string; role: Role }): boolean {
  return isCoordinatorRole(user.role) && localStorage.getItem(`lagesbild.feedAll.${user.id}`) !== 'false';
}
