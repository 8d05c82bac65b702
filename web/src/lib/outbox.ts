import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { ApiError as ApiErrorBody } from '#contracts';
import { api, getSession, HttpError, NetworkError } from './api.js';
import type { OutboxEffortRef, OutboxKind, OutboxReportRef, OutboxWrite, OutboxWrites } from './outbox-kinds.js';

/**
 * The outbox: every idempotent write the user makes (an observation, a comment, an effort, an effort's action, a
 * change of an effort, a link of reports to it) is first written to IndexedDB with its own `Idempotency-Key`, then sent.
 *
 * Exactly once:
 * - The key is made once, when the user presses "send", and stored with the method, the path and the exact
 *   request body (a JSON string, an observation's `observedAt` fixed at that moment). Every try sends the same key
 *   with the same bytes to the same place.
 * - The server stores the key in the same transaction as the record (per user): a retry after a lost answer
 *   gets the first record back instead of a second one, and a concurrent retry waits for the first to commit.
 * - An item leaves the outbox only after the server answered 2xx (or refused it for good, 4xx): a network error,
 *   a 5xx or a 429 keeps it waiting, so nothing is lost when the answer never comes or the tab is closed.
 * - Sends are serialised within a tab (one running promise) and across tabs (Web Locks), so the same item is not
 *   in flight twice from this browser; even if it were, the key makes the second a replay.
 */
export type OutboxState = 'waiting' | 'rejected';

export interface OutboxItem {
  /** The `Idempotency-Key` of this write, made once when the user pressed "send"; also its key in IndexedDB. */
  key: string;
  userId: string;
  /** What the write is (how the UI shows it and what the server answers with). */
  kind: OutboxKind;
  method: OutboxWrite['method'];
  path: string;
  /** The request body exactly as sent, every time. */
  body: string;
  /** The report the write belongs to (a comment's), to name and link it. */
  report?: OutboxReportRef;
  /** The effort the write belongs to (an action's, a change's, a link's), to name and link it. */
  effort?: OutboxEffortRef;
  createdAt: string;
  state: OutboxState;
  attempts: number;
  lastAttemptAt?: string;
  error?: ApiErrorBody;
}

/**
 * An item as IndexedDB may hold it: the first outbox carried observations only and stored no kind, method or path.
 * Those are filled in on reading rather than by a schema upgrade, which a tab still running the old build would block.
 */
type StoredItem = Omit<OutboxItem, 'kind' | 'method' | 'path'> & Partial<Pick<OutboxItem, 'kind' | 'method' | 'path'>>;

function fromStore(s: StoredItem): OutboxItem {
  return { ...s, kind: s.kind ?? 'report', method: s.method ?? 'POST', path: s.path ?? '/api/reports' };
}

/** The body of an item of this kind, or null for an item of another kind. */
export function draftOf<K extends OutboxKind>(item: OutboxItem, kind: K): OutboxWrites[K]['body'] | null {
  return item.kind === kind ? JSON.parse(item.body) : null;
}

/** A write that reached the server, with the record it answered: narrow on `kind` for the response's type. */
export type OutboxSent = { [K in OutboxKind]: { kind: K; item: OutboxItem; response: OutboxWrites[K]['response'] } }[OutboxKind];

interface OutboxDb extends DBSchema {
  outbox: { key: string; value: StoredItem; indexes: { byUser: string } };
}

let dbPromise: Promise<IDBPDatabase<OutboxDb>> | null = null;
function db(): Promise<IDBPDatabase<OutboxDb>> {
  dbPromise ??= openDB<OutboxDb>('lagesbild', 1, {
    upgrade(d) {
      const store = d.createObjectStore('outbox', { keyPath: 'key' });
      store.createIndex('byUser', 'userId');
    },
  });
  return dbPromise;
}

type Listener = () => void;
const listeners = new Set<Listener>();
const sentListeners = new Set<(sent: OutboxSent) => void>();
const channel = typeof BroadcastChannel !== 'undefined' ? new BroadcastChannel('lagesbild-outbox') : null;
channel?.addEventListener('message', () => notify(false));

function notify(broadcast = true): void {
  for (const l of listeners) l();
  if (broadcast) channel?.postMessage('changed');
}

export function onOutboxChange(l: Listener): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}

/** Called with the server's answer each time an item reaches the server from this tab. */
export function onOutboxSent(l: (sent: OutboxSent) => void): () => void {
  sentListeners.add(l);
  return () => sentListeners.delete(l);
}

export function newKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export async function listOutbox(userId: string): Promise<OutboxItem[]> {
  const items = await (await db()).getAllFromIndex('outbox', 'byUser', userId);
  return items.map(fromStore).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

export async function getOutboxItem(key: string): Promise<OutboxItem | undefined> {
  const stored = await (await db()).get('outbox', key);
  return stored && fromStore(stored);
}

export async function removeOutboxItem(key: string): Promise<void> {
  await (await db()).delete('outbox', key);
  notify();
}

/** Stores the write durably under a new key; call `sendOne`/`syncOutbox` afterwards. */
export async function enqueue(userId: string, write: OutboxWrite, key = newKey()): Promise<OutboxItem> {
  const item: OutboxItem = {
    key,
    userId,
    kind: write.kind,
    method: write.method,
    path: write.path,
    body: JSON.stringify(write.body),
    ...(write.report ? { report: write.report } : {}),
    ...(write.effort ? { effort: write.effort } : {}),
    createdAt: new Date().toISOString(),
    state: 'waiting',
    attempts: 0,
  };
  await (await db()).put('outbox', item);
  notify();
  return item;
}

export type SendResult =
  | { outcome: 'sent'; sent: OutboxSent }
  | { outcome: 'waiting'; reason: 'offline' | 'server' | 'unauthenticated' }
  | { outcome: 'rejected'; error: HttpError };

/** Permanent refusals: the same request will never succeed. 401 (log in again), 408, 429 and 5xx are retried. */
function isPermanent(status: number): boolean {
  return status >= 400 && status < 500 && status !== 401 && status !== 408 && status !== 429;
}

async function attempt(item: OutboxItem): Promise<SendResult> {
  const d = await db();
  const stored = await d.get('outbox', item.key);
  if (!stored || stored.state !== 'waiting') return { outcome: 'waiting', reason: 'server' };
  const fresh = fromStore(stored);
  fresh.attempts += 1;
  fresh.lastAttemptAt = new Date().toISOString();
  await d.put('outbox', fresh);
  try {
    const response = await api<unknown>(fresh.method, fresh.path, fresh.body, { idempotencyKey: fresh.key, signal: AbortSignal.timeout(30_000) });
    await d.delete('outbox', fresh.key);
    notify();
    // The server answers a write with the record it wrote, of the type its kind names (as `api<T>` trusts it).
    const sent = { kind: fresh.kind, item: fresh, response } as OutboxSent;
    for (const l of sentListeners) l(sent);
    return { outcome: 'sent', sent };
  } catch (e) {
    if (e instanceof NetworkError) return { outcome: 'waiting', reason: 'offline' };
    if (e instanceof HttpError) {
      if (e.status === 401) return { outcome: 'waiting', reason: 'unauthenticated' };
      if (isPermanent(e.status)) {
        await d.put('outbox', { ...fresh, state: 'rejected', error: e.body });
        notify();
        return { outcome: 'rejected', error: e };
      }
      return { outcome: 'waiting', reason: 'server' };
    }
    // A timeout (AbortError): the server may have stored it; the next try with the same key finds out.
    return { outcome: 'waiting', reason: 'offline' };
  }
}

/**
 * Sends a write from a form: stored first (whatever happens to the network or the tab, it is not lost), then tried
 * once while the form waits. It takes the place of the refused item being corrected (`replaces`); refused for good
 * again, it leaves the outbox, as the form keeps the text and shows why. `key`: the form may make the key itself.
 */
export async function submitWrite(userId: string, write: OutboxWrite, opts: { key?: string; replaces?: string | null } = {}): Promise<SendResult> {
  if (opts.key) formSending.add(opts.key);
  const item = await enqueue(userId, write, opts.key);
  formSending.add(item.key);
  try {
    if (opts.replaces) await removeOutboxItem(opts.replaces);
    const result = await sendOne(item.key);
    if (result.outcome === 'rejected') await removeOutboxItem(item.key);
    return result;
  } finally {
    formSending.delete(item.key);
  }
}

/**
 * The items a form is sending itself (and waits on to tell the user what happened): the background sync leaves them
 * alone. Without this, a sync that ran between storing and sending took the item, and the form was told it was
 * still waiting while the server had refused it.
 */
const formSending = new Set<string>();

let running: Promise<unknown> = Promise.resolve();

/** Runs `fn` alone: after any send in progress in this tab, and under a lock shared with other tabs. */
function exclusive<T>(fn: () => Promise<T>): Promise<T> {
  const run = () => {
    const locks = (navigator as Navigator & { locks?: LockManager }).locks;
    return locks ? (locks.request('lagesbild-outbox', fn) as Promise<T>) : fn();
  };
  const next = running.then(run, run);
  running = next.catch(() => undefined);
  return next;
}

/** Sends one item now (the form waits for this to tell the user what happened). */
export function sendOne(key: string): Promise<SendResult> {
  return exclusive(async () => {
    const item = await getOutboxItem(key);
    if (!item) return { outcome: 'waiting', reason: 'server' } as SendResult;
    return attempt(item);
  });
}

/** Sends every waiting item of the logged-in user, oldest first; stops at the first network failure. */
export function syncOutbox(): Promise<{ sent: number; waiting: number }> {
  return exclusive(async () => {
    const session = getSession();
    if (!session) return { sent: 0, waiting: 0 };
    const items = (await listOutbox(session.user.id)).filter((i) => i.state === 'waiting' && !formSending.has(i.key));
    let sent = 0;
    for (let i = 0; i < items.length; i++) {
      const r = await attempt(items[i]);
      if (r.outcome === 'sent') sent++;
      else if (r.outcome === 'waiting') return { sent, waiting: items.length - i };
    }
    return { sent, waiting: 0 };
  });
}

let started = false;
/** Tries again when the browser says it is online, when the tab becomes visible, and every 20 s while something waits. */
export function startOutboxSync(): void {
  if (started) return;
  started = true;
  const kick = () => void syncOutbox().catch(() => undefined);
  window.addEventListener('online', kick);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') kick();
  });
  setInterval(() => {
    if (navigator.onLine !== false) kick();
  }, 20_000);
  kick();
}
