import { LIMITS, type ApiError as ApiErrorBody, type LoginResponse, type MeResponse } from '#contracts';

/** The session: the bearer token from POST /api/auth/login and who it belongs to. Kept in localStorage so a
 * reload without a connection still knows the user (and the outbox can be sent later). */
export interface Session {
  accessToken: string;
  expiresAt: string;
  user: MeResponse;
}

const SESSION_KEY = 'lagesbild.session';
type Listener = (s: Session | null) => void;
const listeners = new Set<Listener>();
let current: Session | null = readSession();

function readSession(): Session | null {
  try {
    const raw = localStorage.getItem(SESSION_KEY);
    if (!raw) return null;
    const s = JSON.parse(raw) as Session;
    if (!s.accessToken || !s.user || (s.expiresAt && Date.parse(s.expiresAt) <= Date.now())) return null;
    return s;
  } catch {
    return null;
  }
}

export function getSession(): Session | null {
  return current;
}

export function setSession(s: Session | null): void {
  current = s;
  if (s) localStorage.setItem(SESSION_KEY, JSON.stringify(s));
  else localStorage.removeItem(SESSION_KEY);
  for (const l of listeners) l(s);
}

export function onSessionChange(l: Listener): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}

// Another tab logged in or out.
window.addEventListener('storage', (e) => {
  if (e.key === SESSION_KEY) {
    current = readSession();
    for (const l of listeners) l(current);
  }
});

/** An answer from the server that is not a success, with the API's error body. */
export class HttpError extends Error {
  constructor(readonly status: number, readonly body: ApiErrorBody) {
    super(Array.isArray(body.message) ? body.message.join('; ') : String(body.message ?? body.error ?? status));
  }
  get code(): string | undefined {
    return this.body.code;
  }
  get field(): string | undefined {
    return this.body.field;
  }
}

/** No answer at all: offline, DNS, a dropped connection. The request may or may not have reached the server. */
export class NetworkError extends Error {
  constructor(cause: unknown) {
    super('network error');
    this.cause = cause;
  }
}

export interface RequestOptions {
  idempotencyKey?: string;
  signal?: AbortSignal;
  /** Do not treat a 401 as "logged out" (the login request itself). */
  anonymous?: boolean;
}

export async function api<T>(method: string, path: string, body?: unknown, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (opts.idempotencyKey) headers['idempotency-key'] = opts.idempotencyKey;
  const token = current?.accessToken;
  if (token && !opts.anonymous) headers.authorization = `Bearer ${token}`;
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      signal: opts.signal,
      credentials: 'same-origin',
    });
  } catch (e) {
    if ((e as Error)?.name === 'AbortError') throw e;
    throw new NetworkError(e);
  }
  const text = await res.text().catch(() => '');
  let parsed: unknown = undefined;
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
  }
  if (!res.ok) {
    const errBody: ApiErrorBody =
      parsed && typeof parsed === 'object' ? (parsed as ApiErrorBody) : { statusCode: res.status, error: res.statusText, message: text || res.statusText };
    if (res.status === 401 && !opts.anonymous && token && current?.accessToken === token) setSession(null);
    throw new HttpError(res.status, errBody);
  }
  return parsed as T;
}

export const get = <T>(path: string, opts?: RequestOptions) => api<T>('GET', path, undefined, opts);
export const post = <T>(path: string, body?: unknown, opts?: RequestOptions) => api<T>('POST', path, body, opts);
export const patch = <T>(path: string, body?: unknown, opts?: RequestOptions) => api<T>('PATCH', path, body, opts);
export const del = <T>(path: string, opts?: RequestOptions) => api<T>('DELETE', path, undefined, opts);

export async function login(email: string, password: string): Promise<Session> {
  const res = await post<LoginResponse>('/api/auth/login', { email, password }, { anonymous: true });
  const session: Session = { accessToken: res.accessToken, expiresAt: res.expiresAt, user: res.user };
  setSession(session);
  return session;
}

export async function logout(): Promise<void> {
  setSession(null);
  await post('/api/auth/logout', undefined, { anonymous: true }).catch(() => undefined);
}

/** GET with a copy kept in localStorage per user: reference data (areas, places, organisations) stays usable offline. */
export async function cachedGet<T>(path: string): Promise<T> {
  const key = `lagesbild.cache.${current?.user.id ?? 'anon'}.${path}`;
  try {
    const value = await get<T>(path);
    try {
      localStorage.setItem(key, JSON.stringify(value));
    } catch {
      /* storage full: the copy is only a convenience */
    }
    return value;
  } catch (e) {
    if (e instanceof NetworkError) {
      const raw = localStorage.getItem(key);
      if (raw) return JSON.parse(raw) as T;
    }
    throw e;
  }
}

/** Follows `nextCursor` until `max` items are collected. */
export async function getAll<T>(path: string, max = 5000, pageSize: number = LIMITS.listMax): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const url: string = `${path}${sep}limit=${pageSize}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const page: { items: T[]; nextCursor: string | null } = await get(url);
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor && items.length < max);
  return items.slice(0, max);
}

export function errorMessages(e: unknown): string[] {
  if (e instanceof HttpError) return Array.isArray(e.body.message) ? e.body.message : [String(e.body.message)];
  return [String((e as Error)?.message ?? e)];
}
