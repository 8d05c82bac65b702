import { useEffect, useSyncExternalStore } from 'react';
import type { AcknowledgeResponse, AnswerTemplateResponse, Page, ReportResponse, TriageSettingsResponse } from '#contracts';
import { api, del, get, onSessionChange, post } from './api.js';

/**
 * The coordinators' triage (api-contract.md, "Triage"): who may see a report (to whom it may be given; into which
 * report it may be merged, the duplicate suggestions say), and the collaboration's answer templates and duplicate thresholds, loaded once and
 * shared by every screen that shows them (the settings panel adds a template, the answer forms list it at once).
 */

type Visible = Pick<ReportResponse, 'visibility' | 'organisation' | 'sharedWithOrganisationIds'>;

/** Whether an organisation may see a report (the policy of the server's common/visibility.ts). */
export function maySee(organisationId: string, r: Visible): boolean {
  if (r.visibility === 'partners') return true;
  if (organisationId === r.organisation.id) return true;
  return r.visibility === 'organisations' && r.sharedWithOrganisationIds.includes(organisationId);
}

export const assignReport = (r: ReportResponse, organisationId: string | null) =>
  post<ReportResponse>(`/api/reports/${r.id}/assign`, { organisationId, version: r.version });
export const answerReport = (id: string, body: string, resolve: boolean) => post<ReportResponse>(`/api/reports/${id}/answer`, { body, ...(resolve ? { resolve: true } : {}) });
export const acknowledgeReports = (reportIds: string[]) => post<AcknowledgeResponse>('/api/reports/acknowledge', { reportIds });
export const mergeReport = (id: string, intoReportId: string) => post<ReportResponse>(`/api/reports/${id}/merge`, { intoReportId });

/** Why the API refused a merge (400 naming intoReportId): the reason in the client's words. */
export function mergeRefusal(message: string): 'self' | 'targetMerged' | 'fewer' | null {
  if (/report itself/i.test(message)) return 'self';
  if (/merged into another/i.test(message)) return 'targetMerged';
  if (/fewer organisations/i.test(message)) return 'fewer';
  return null;
}

// A small store per collaboration-wide list or setting: loaded once per tab, changed by this tab's own writes.
interface Stored<T> {
  value: T | undefined;
  error: unknown;
}

function store<T>(load: () => Promise<T>) {
  let state: Stored<T> = { value: undefined, error: undefined };
  let loading: Promise<void> | null = null;
  const listeners = new Set<() => void>();
  const set = (next: Stored<T>) => {
    state = next;
    for (const l of listeners) l();
  };
  return {
    subscribe(l: () => void) {
      listeners.add(l);
      return () => {
        listeners.delete(l);
      };
    },
    get: () => state,
    ensure(force = false): Promise<void> {
      if (loading) return loading;
      if (state.value !== undefined && !force) return Promise.resolve();
      loading = load()
        .then(
          (value) => set({ value, error: undefined }),
          (error) => set({ value: state.value, error }),
        )
        .finally(() => {
          loading = null;
        });
      return loading;
    },
    update(f: (v: T | undefined) => T | undefined) {
      set({ value: f(state.value), error: undefined });
    },
    clear() {
      set({ value: undefined, error: undefined });
    },
  };
}
type Store<T> = ReturnType<typeof store<T>>;

const templates = store(() => get<Page<AnswerTemplateResponse>>('/api/answer-templates').then((p) => p.items));
const settings = store(() => get<TriageSettingsResponse>('/api/triage/settings'));
// Another person logs in on this device (perhaps of another collaboration): nothing of the last one's stays.
onSessionChange(() => {
  templates.clear();
  settings.clear();
});

function useStore<T>(s: Store<T>) {
  const state = useSyncExternalStore(s.subscribe, s.get);
  useEffect(() => {
    void s.ensure();
  }, [s]);
  return { data: state.value, error: state.error, loading: state.value === undefined && state.error === undefined };
}

/** The collaboration's answer templates, as the API lists them. */
export function useAnswerTemplates() {
  return useStore(templates);
}

/** How near in place and time two reports are to be suggested as duplicates. */
export function useTriageSettings() {
  return useStore(settings);
}

export async function createTemplate(title: string, body: string): Promise<AnswerTemplateResponse> {
  const created = await post<AnswerTemplateResponse>('/api/answer-templates', { title, body });
  templates.update((list) => [...(list ?? []), created]);
  return created;
}

export async function deleteTemplate(id: string): Promise<void> {
  await del(`/api/answer-templates/${id}`);
  templates.update((list) => list?.filter((x) => x.id !== id));
}

export async function saveTriageSettings(next: TriageSettingsResponse): Promise<TriageSettingsResponse> {
  const saved = await api<TriageSettingsResponse>('PUT', '/api/triage/settings', next);
  settings.update(() => saved);
  return saved;
}
