/**
 * Helpers for the live-feed e2e tests (test/feed): a recording Socket.IO client for `/feed`, handshake probes,
 * REST shortcuts and small polling utilities. Not a spec file; the world comes from test/support/world.ts.
 */
import { io, type Socket } from 'socket.io-client';
import type { Api } from './api.js';

export const FEED_TYPES = ['report:created', 'report:updated', 'report:merged', 'comment:created', 'effort:created', 'effort:updated', 'effort:linked', 'effort:action'] as const;

/** One feed event as it came off the wire; `name` is the Socket.IO event name it was emitted under. */
export interface WireEvent {
  name: string;
  seq: number;
  type: string;
  at: string;
  data: any;
  /** The raw payload, to check that it carries exactly `{ seq, type, at, data }`. */
  raw: Record<string, unknown>;
}

export interface Ack {
  ok: boolean;
  replayed?: number;
  lastSeq?: number;
  resync?: boolean;
  error?: { code: string; message: string };
}

let clients = 0;

/** A `/feed` socket that records every feed event it receives, in arrival order. */
export class FeedClient {
  readonly events: WireEvent[] = [];
  /** Non-feed events the server sent (e.g. `feed:error`, or an unacknowledged handler's reply). */
  readonly others: { name: string; args: unknown[] }[] = [];
  disconnectReason?: string;
  /** What the server said on connect: where the feed stood. */
  hello?: { lastSeq: number };
  private readonly waiters = new Set<() => void>();

  constructor(readonly socket: Socket, readonly label: string) {
    socket.onAny((name: string, ...args: unknown[]) => {
      if (name === 'feed:hello') return;
      if ((FEED_TYPES as readonly string[]).includes(name)) {
        const raw = args[0] as Record<string, any>;
        this.events.push({ name, seq: raw?.seq, type: raw?.type, at: raw?.at, data: raw?.data, raw });
      } else {
        this.others.push({ name, args });
      }
      this.wake();
    });
    socket.on('disconnect', (reason) => {
      this.disconnectReason = reason;
      this.wake();
    });
  }

  get connected(): boolean {
    return this.socket.connected;
  }

  seqs(from = 0): number[] {
    return this.events.slice(from).map((e) => e.seq);
  }

  bySeq(seq: number): WireEvent | undefined {
    return this.events.find((e) => e.seq === seq);
  }

  has(seq: number): boolean {
    return this.events.some((e) => e.seq === seq);
  }

  /** Resolves when `cond()` holds (checked now and after every event or disconnect), rejects after `ms`. */
  until(cond: () => boolean, ms = 5000, what = 'condition'): Promise<void> {
    if (cond()) return Promise.resolve();
    return new Promise((ok, fail) => {
      const check = () => {
        if (!cond()) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        ok();
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        fail(new Error(`${this.label}: timed out after ${ms} ms waiting for ${what}; received seqs [${this.seqs().join(',')}]` +
          `${this.disconnectReason ? `, disconnected (${this.disconnectReason})` : ''}`));
      }, ms);
      this.waiters.add(check);
    });
  }

  async waitForSeq(seq: number, ms = 5000): Promise<WireEvent> {
    await this.until(() => this.has(seq), ms, `seq ${seq}`);
    return this.bySeq(seq)!;
  }

  /** Waits until every given seq has arrived. */
  waitForAll(seqs: number[], ms = 10_000): Promise<void> {
    return this.until(() => seqs.every((s) => this.has(s)), ms, `seqs ${seqs.length > 20 ? `${seqs.length} seqs up to ${Math.max(...seqs)}` : seqs.join(',')}`);
  }

  waitForDisconnect(ms = 5000): Promise<string> {
    return this.until(() => !this.socket.connected, ms, 'disconnect').then(() => this.disconnectReason ?? 'disconnected');
  }

  /** Emits with an ack; resolves with the ack, or with the string 'timeout' when none came in `ms`. */
  async ack(event: string, ...args: unknown[]): Promise<Ack> {
    return (this.socket.timeout(5000) as any).emitWithAck(event, ...args);
  }

  async ackOrTimeout(ms: number, event: string, ...args: unknown[]): Promise<Ack | 'timeout'> {
    try {
      return await (this.socket.timeout(ms) as any).emitWithAck(event, ...args);
    } catch {
      return 'timeout';
    }
  }

  close(): void {
    this.socket.disconnect();
  }

  private wake(): void {
    for (const w of [...this.waiters]) w();
  }
}

function socketFor(url: string, auth: Record<string, unknown>): Socket {
  return io(`${url}/feed`, { auth, transports: ['websocket'], reconnection: false, forceNew: true, timeout: 5000 });
}

/** Connects to `/feed` with the token; rejects with the connect_error if the server refuses. */
/**
 * Connects to `/feed` with the token; rejects with the connect_error if the server refuses. The server holds live
 * events until the socket's first feed:resume: by default the client resumes at once from where the feed stands
 * (feed:hello), as a client with no history does, and is live from there; `{ resume: false }` leaves the first
 * resume to the test.
 */
export async function connectFeed(url: string, token: string, label = `socket ${++clients}`, opts: { resume?: boolean } = {}): Promise<FeedClient> {
  const socket = socketFor(url, { token });
  const hello = new Promise<{ lastSeq: number }>((ok) => socket.once('feed:hello', ok));
  const client = new FeedClient(socket, label);
  await new Promise<void>((ok, fail) => {
    socket.once('connect', () => ok());
    socket.once('connect_error', (e) => {
      socket.disconnect();
      fail(e);
    });
  });
  client.hello = await hello;
  if (opts.resume !== false) {
    const ack = await client.ack('feed:resume', { afterSeq: client.hello.lastSeq });
    if (!ack.ok) throw new Error(`${label}: the first resume failed: ${JSON.stringify(ack)}`);
  }
  return client;
}

/** Attempts a connection that the server should refuse: resolves with the connect_error (or throws if it connected). */
export async function refusedConnection(url: string, auth: Record<string, unknown>): Promise<Error> {
  const socket = socketFor(url, auth);
  try {
    return await new Promise<Error>((ok, fail) => {
      socket.once('connect', () => fail(new Error(`connected with auth ${JSON.stringify(auth).slice(0, 80)}`)));
      socket.once('connect_error', (e) => ok(e));
    });
  } finally {
    socket.disconnect();
  }
}

export const sleep = (ms: number) => new Promise((ok) => setTimeout(ok, ms));

/** Polls `fn` until it returns a truthy value (returned), failing after `ms`. */
export async function eventually<T>(fn: () => Promise<T | undefined | null | false>, ms = 10_000, what = 'condition', every = 50): Promise<T> {
  const end = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
    await sleep(every);
  }
}

/** POST /api/reports expecting 201; returns the created report. */
export async function postReport(api: Api, body: Record<string, unknown>): Promise<any> {
  const res = await api.post('/api/reports', body);
  if (res.status !== 201) throw new Error(`POST /api/reports: ${res.status} ${res.text.slice(0, 300)}`);
  return res.body;
}

/** POST /api/concern-talks expecting 201 (a police or social services member); returns the record. */
export async function postConcernTalk(api: Api, body: Record<string, unknown>): Promise<any> {
  const res = await api.post('/api/concern-talks', body);
  if (res.status !== 201) throw new Error(`POST /api/concern-talks: ${res.status} ${res.text.slice(0, 300)}`);
  return res.body;
}

export async function patchReport(api: Api, id: string, change: Record<string, unknown>): Promise<any> {
  const current = await api.get(`/api/reports/${id}`);
  if (current.status !== 200) throw new Error(`GET report: ${current.status} ${current.text}`);
  const res = await api.patch(`/api/reports/${id}`, { version: current.body.version, ...change });
  if (res.status !== 200) throw new Error(`PATCH /api/reports/${id}: ${res.status} ${res.text.slice(0, 300)}`);
  return res.body;
}

export async function postComment(api: Api, reportId: string, body: string): Promise<any> {
  const res = await api.post(`/api/reports/${reportId}/comments`, { body });
  if (res.status !== 201) throw new Error(`POST comment: ${res.status} ${res.text.slice(0, 300)}`);
  return res.body;
}

export async function subscribe(api: Api, filter: Record<string, unknown> = {}): Promise<any> {
  const res = await api.post('/api/subscriptions', filter);
  if (res.status !== 201) throw new Error(`POST /api/subscriptions: ${res.status} ${res.text.slice(0, 300)}`);
  return res.body;
}

/** Runs `total` jobs on `parallel` concurrent workers; returns the results in job order. */
export async function inParallel<T>(total: number, parallel: number, job: (i: number, worker: number) => Promise<T>): Promise<T[]> {
  const out: T[] = new Array(total);
  let next = 0;
  await Promise.all(Array.from({ length: parallel }, async (_, worker) => {
    while (next < total) {
      const i = next++;
      out[i] = await job(i, worker);
    }
  }));
  return out;
}

/** Parses one sample (no labels) out of Prometheus text. */
export function metric(text: string, name: string): number | undefined {
  const m = new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.eE+-]+)$`, 'm').exec(text);
  return m ? Number(m[1]) : undefined;
}

/**
 * A report as GET /api/reports/:id answers, as the feed carries it: without `efforts`, the list of efforts that took
 * it up which the reader may see (one feed payload goes to readers who may see different efforts).
 */
export function asOnTheFeed<T extends { efforts?: unknown }>(report: T): Omit<T, 'efforts'> {
  const { efforts: _, ...rest } = report;
  return rest;
}
