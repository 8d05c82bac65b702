import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { LIMITS, SEVERITY_MIN, UNASSIGNED, type AreaResponse, type FeedEvent, type OrganisationResponse, type Page, type PlaceResponse, type ReportResponse } from '#contracts';
import { useSearchParams } from 'react-router';
import { cachedGet, getSession, HttpError, onSessionChange, type Session } from './api.js';
import { feed, type ConnectionState } from './feed.js';
import { draftOf, getOutboxItem, listOutbox, onOutboxChange, type OutboxItem } from './outbox.js';
import { useLiveList } from './live-list.js';
import type { OutboxKind, OutboxWrites } from './outbox-kinds.js';

export function useSession(): Session | null {
  return useSyncExternalStore(onSessionChange, getSession);
}

export function useConnectionState(): ConnectionState {
  return useSyncExternalStore((l) => feed.onState(l), () => feed.getState());
}

export function useOnline(): boolean {
  return useSyncExternalStore(
    (l) => {
      window.addEventListener('online', l);
      window.addEventListener('offline', l);
      return () => {
        window.removeEventListener('online', l);
        window.removeEventListener('offline', l);
      };
    },
    () => navigator.onLine !== false,
  );
}

export function useFeedEvents(handler: (e: FeedEvent) => void): void {
  const ref = useRef(handler);
  ref.current = handler;
  useEffect(() => feed.onEvent((e) => ref.current(e)), []);
}

export interface AsyncState<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
  setData: (f: (d: T | undefined) => T | undefined) => void;
}

/** Loads `fn()` whenever `deps` change; the latest answer wins. */
export function useAsync<T>(fn: () => Promise<T>, deps: unknown[]): AsyncState<T> {
  const [state, setState] = useState<{ data: T | undefined; error: unknown; loading: boolean }>({ data: undefined, error: undefined, loading: true });
  const [tick, setTick] = useState(0);
  const fnRef = useRef(fn);
  fnRef.current = fn;
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true, error: undefined }));
    fnRef.current().then(
      (data) => live && setState({ data, error: undefined, loading: false }),
      (error) => live && setState((s) => ({ data: s.data, error, loading: false })),
    );
    return () => {
      live = false;
    };
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  const setData = useCallback((f: (d: T | undefined) => T | undefined) => setState((s) => ({ ...s, data: f(s.data) })), []);
  return { ...state, reload, setData };
}

/** Reference data of the collaboration, kept for offline use. */
export function useAreas() {
  return useAsync(() => cachedGet<Page<AreaResponse>>(`/api/areas?limit=${LIMITS.listMax}`).then((p) => p.items), []);
}
export function usePlaces() {
  return useAsync(() => cachedGet<Page<PlaceResponse>>(`/api/places?limit=${LIMITS.listMax}`).then((p) => p.items), []);
}
export function useOrganisations() {
  return useAsync(() => cachedGet<Page<OrganisationResponse>>(`/api/organisations?limit=${LIMITS.listMax}`).then((p) => p.items), []);
}

export interface ReportQuery {
  areaId?: string;
  categories?: string[];
  statuses?: string[];
  from?: string;
  minSeverity?: number;
  /** Reports of one organisation (who reported them). */
  organisationId?: string;
  /** Reports a coordinator gave to this organisation, or `UNASSIGNED` ('none', from #contracts) for those given to none. */
  assignedTo?: string;
  /** Reported more than this many hours ago. */
  olderThanHours?: number;
}

export function reportQueryString(q: ReportQuery): string {
  const p = new URLSearchParams();
  if (q.areaId) p.set('areaId', q.areaId);
  if (q.categories?.length) p.set('category', q.categories.join(','));
  if (q.statuses?.length) p.set('status', q.statuses.join(','));
  if (q.from) p.set('from', q.from);
  if (q.minSeverity && q.minSeverity > SEVERITY_MIN) p.set('minSeverity', String(q.minSeverity));
  if (q.organisationId) p.set('organisationId', q.organisationId);
  if (q.assignedTo) p.set('assignedTo', q.assignedTo);
  if (q.olderThanHours) p.set('olderThanHours', String(q.olderThanHours));
  return p.toString();
}

/** Whether a report (from the feed) belongs in the list of `q`. A report merged into another never does. */
export function matchesQuery(q: ReportQuery, r: ReportResponse): boolean {
  if (r.mergedInto) return false;
  if (q.areaId && r.area?.id !== q.areaId) return false;
  if (q.categories?.length && !q.categories.includes(r.category)) return false;
  if (q.statuses?.length && !q.statuses.includes(r.status)) return false;
  if (q.from && Date.parse(r.observedAt) < Date.parse(q.from)) return false;
  if (q.minSeverity && r.severity < q.minSeverity) return false;
  if (q.organisationId && r.organisation.id !== q.organisationId) return false;
  if (q.assignedTo === UNASSIGNED && r.assignedTo) return false;
  if (q.assignedTo && q.assignedTo !== UNASSIGNED && r.assignedTo?.id !== q.assignedTo) return false;
  if (q.olderThanHours && Date.parse(r.createdAt) > Date.now() - q.olderThanHours * 3_600_000) return false;
  return true;
}

/** The newest observation first. */
const byObservedAt = (a: ReportResponse, b: ReportResponse) => b.observedAt.localeCompare(a.observedAt) || b.seq - a.seq;

/**
 * The reports that match `query`: loaded through REST (up to 5,000), then kept current by the live feed (a merged
 * report carries `mergedInto`: matching no query, it leaves the list) and by this tab's own sent observations.
 */
export function useLiveReports(query: ReportQuery, limit = 5000) {
  const key = reportQueryString(query);
  const { items, ...rest } = useLiveList<ReportResponse>({
    path: `/api/reports${key ? `?${key}` : ''}`,
    limit,
    matches: (r) => matchesQuery(query, r),
    fromFeed: (e) => (e.type === 'report:created' || e.type === 'report:updated' || e.type === 'report:merged' ? e.data : undefined),
    fromOutbox: (s) => (s.kind === 'report' ? s.response : undefined),
    compare: byObservedAt,
  });
  return { reports: items, ...rest };
}

export function useOutbox(): OutboxItem[] {
  const session = useSession();
  const [items, setItems] = useState<OutboxItem[]>([]);
  useEffect(() => {
    if (!session) {
      setItems([]);
      return;
    }
    let live = true;
    const load = () => void listOutbox(session.user.id).then((i) => live && setItems(i), () => undefined);
    load();
    const off = onOutboxChange(load);
    return () => {
      live = false;
      off();
    };
  }, [session?.user.id]);
  return items;
}

/**
 * A refused write being corrected in its form: the outbox item named by `?utkast=<key>`, if it is of `kind`, is
 * given to `load` with the server's refusal (`load` may decline it by returning false); `editing` is then its key,
 * which the form's next send replaces, until `done()`.
 */
export function useOutboxDraft<K extends OutboxKind>(kind: K, load: (draft: OutboxWrites[K]['body'], refusal: HttpError | null, item: OutboxItem) => boolean | void) {
  const [params, setParams] = useSearchParams();
  const key = params.get('utkast');
  const [editing, setEditing] = useState<string | null>(null);
  const loadRef = useRef(load);
  loadRef.current = load;
  useEffect(() => {
    if (!key) return;
    let live = true;
    void getOutboxItem(key).then((item) => {
      const draft = item && draftOf(item, kind);
      if (!live || !item || !draft) return;
      if (loadRef.current(draft, item.error ? new HttpError(item.error.statusCode, item.error) : null, item) !== false) setEditing(item.key);
    });
    return () => {
      live = false;
    };
  }, [key, kind]);
  const done = useCallback(() => {
    setEditing(null);
    if (key) setParams({}, { replace: true });
  }, [key, setParams]);
  return { editing, done };
}

export function useDocumentTitle(title: string): void {
  useEffect(() => {
    document.title = title ? `${title} – Lägesbild` : 'Lägesbild';
  }, [title]);
}

/** Whether a CSS media query matches now (e.g. a phone-width layout), kept current as the window changes. */
export function useMediaQuery(query: string): boolean {
  return useSyncExternalStore(
    (l) => {
      const m = window.matchMedia(query);
      m.addEventListener('change', l);
      return () => m.removeEventListener('change', l);
    },
    () => window.matchMedia(query).matches,
  );
}
