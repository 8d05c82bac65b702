import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { isAdminRole, type AuditEntryResponse, type OrganisationResponse, type Page, type UserResponse } from '#contracts';
import { LiveNotice, type NoticeMessage } from '../components/LiveNotice.js';
import { get, getAll } from '../lib/api.js';
import { downloadFile } from '../lib/download.js';
import { formErrors } from '../lib/errors.js';
import { formatDateTime } from '../lib/i18n.js';
import { useAsync, useDocumentTitle, useSession } from '../lib/hooks.js';
import { ManageHeading, OnlyFor } from './ManagePage.js';
import './manage.css';

const FILTERS = ['anvandare', 'organisation', 'handelse', 'posttyp', 'post', 'fran', 'till'] as const;
type Filters = Record<(typeof FILTERS)[number], string>;
const ENTITY_TYPES = ['report', 'effort', 'area', 'place', 'category', 'user', 'organisation', 'subscription', 'meeting', 'picture', 'concern_talk', 'collaboration', 'session'];

/** A day of a date input (YYYY-MM-DD) as the instant its local midnight is; `next`: the midnight after it. */
function midnight(day: string, next = false): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return undefined;
  return new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + (next ? 1 : 0)).toISOString();
}

/** The API's query of the page's filters (in its address, so that a view can be linked and reloaded). */
function apiQuery(f: Filters): string {
  const p = new URLSearchParams();
  if (f.anvandare) p.set('userId', f.anvandare);
  if (f.organisation) p.set('organisationId', f.organisation);
  if (f.handelse.trim()) p.set('action', f.handelse.trim());
  if (f.posttyp) p.set('entityType', f.posttyp);
  if (f.post.trim()) p.set('entityId', f.post.trim());
  const from = midnight(f.fran);
  const to = midnight(f.till, true);
  if (from) p.set('from', from);
  if (to) p.set('to', to);
  return p.toString();
}

/** The audit log (admins): filters (who, organisation, action, kind of record, record, days), pages, CSV export. */
export default function AuditPage() {
  const { t } = useTranslation();
  const session = useSession()!;
  useDocumentTitle(t('manage.audit.title'));
  const [params, setParams] = useSearchParams();
  const applied = useMemo(() => Object.fromEntries(FILTERS.map((k) => [k, params.get(k) ?? ''])) as Filters, [params]);
  const [form, setForm] = useState<Filters>(applied);
  useEffect(() => setForm(applied), [applied]);
  const query = apiQuery(applied);
  const users = useAsync(() => getAll<UserResponse>('/api/users', 5000), []);
  const orgs = useAsync(() => getAll<OrganisationResponse>('/api/organisations', 1000), []);
  const [pages, setPages] = useState<{ items: AuditEntryResponse[]; next: string | null; loading: boolean }>({ items: [], next: null, loading: true });
  const [message, setMessage] = useState<NoticeMessage | null>(null);
  const [downloading, setDownloading] = useState(false);

  const load = async (cursor: string | null) => {
    setPages((p) => ({ ...p, loading: true }));
    try {
      const page = await get<Page<AuditEntryResponse>>(`/api/audit?limit=50${query ? `&${query}` : ''}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      setPages((p) => ({ items: cursor ? [...p.items, ...page.items] : page.items, next: page.nextCursor, loading: false }));
    } catch (e) {
      setPages((p) => ({ ...p, loading: false }));
      setMessage({ kind: 'error', text: [...formErrors(e, t, []).general, ...Object.values(formErrors(e, t, []).fields)].join(' ') });
    }
  };
  useEffect(() => {
    if (isAdminRole(session.user.role)) void load(null);
  }, [query]);

  if (!isAdminRole(session.user.role)) return <OnlyFor title={t('manage.audit.title')} text={t('manage.onlyAdmins')} />;

  const apply = (e: FormEvent) => {
    e.preventDefault();
    setMessage(null);
    setParams(Object.fromEntries(Object.entries(form).filter(([, v]) => v.trim())), { replace: false });
  };
  const download = async () => {
    setDownloading(true);
    try {
      await downloadFile(`/api/audit?format=csv${query ? `&${query}` : ''}`, 'text/csv', 'loggbok.csv');
    } catch (e) {
      setMessage({ kind: 'error', text: formErrors(e, t, []).general.join(' ') });
    } finally {
      setDownloading(false);
    }
  };
  const orgName = (id: string | null) => (id ? (orgs.data?.find((o) => o.id === id)?.name ?? '') : '');
  const typeName = (type: string | null) => (type ? t(`manage.audit.types.${type}`, { defaultValue: type }) : '');
  const set = (k: keyof Filters) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [k]: e.target.value }));

  return (
    <div className="manage-page">
      <ManageHeading title={t('manage.audit.title')} intro={t('manage.audit.intro')} />
      <form className="audit-filters card" onSubmit={apply} aria-labelledby="audit-filters-heading" data-testid="audit-filters">
        <h2 id="audit-filters-heading" className="h3">{t('manage.audit.filters')}</h2>
        <div className="filter-grid">
          <div className="field">
            <label htmlFor="audit-user">{t('manage.audit.who')}</label>
            <select id="audit-user" value={form.anvandare} onChange={set('anvandare')}>
              <option value="">{t('manage.audit.anyone')}</option>
              {(users.data ?? []).map((u) => <option key={u.id} value={u.id}>{u.name} ({u.organisation.name})</option>)}
            </select>
          </div>
          <div className="field">
            <label htmlFor="audit-org">{t('manage.audit.organisation')}</label>
            <select id="audit-org" value={form.organisation} onChange={set('organisation')}>
              <option value="">{t('manage.audit.anyOrganisation')}</option>
              {(orgs.data ?? []).map((o) => <option key={o.id} value={o.id}>{o.name}</option>)}
            </select>
          </div>
          <div className="field">
            <label htmlFor="audit-action">{t('manage.audit.action')}</label>
            <input id="audit-action" value={form.handelse} onChange={set('handelse')} placeholder={t('manage.audit.actionHint')} maxLength={100} />
          </div>
          <div className="field">
            <label htmlFor="audit-type">{t('manage.audit.entityType')}</label>
            <select id="audit-type" value={form.posttyp} onChange={set('posttyp')}>
              <option value="">{t('manage.audit.anyType')}</option>
              {ENTITY_TYPES.map((type) => <option key={type} value={type}>{typeName(type)}</option>)}
            </select>
          </div>
          <div className="field">
            <label htmlFor="audit-entity">{t('manage.audit.entityId')}</label>
            <input id="audit-entity" value={form.post} onChange={set('post')} maxLength={36} spellCheck={false} />
          </div>
          <div className="field">
            <label htmlFor="audit-from">{t('manage.audit.from')}</label>
            <input id="audit-from" type="date" value={form.fran} onChange={set('fran')} />
          </div>
          <div className="field">
            <label htmlFor="audit-to">{t('manage.audit.to')}</label>
            <input id="audit-to" type="date" value={form.till} onChange={set('till')} />
          </div>
        </div>
        <div className="actions">
          <button type="submit" className="button">{t('manage.audit.apply')}</button>{' '}
          <button type="button" className="button secondary" onClick={() => setParams({})}>{t('manage.audit.clear')}</button>{' '}
          <button type="button" className="button secondary" onClick={() => void download()} disabled={downloading} data-testid="audit-download">
            {downloading ? t('manage.audit.downloading') : t('manage.audit.download')}
          </button>
        </div>
      </form>
      <LiveNotice message={message} />
      <p role="status" className="hint">{pages.loading && !pages.items.length ? t('common.loading') : t('manage.audit.shown', { count: pages.items.length })}</p>
      {!pages.loading && !pages.items.length ? (
        <p>{t('manage.audit.none')}</p>
      ) : (
        <div className="table-wrap">
          <table className="table audit-table" data-testid="audit-table">
            <thead>
              <tr>
                <th scope="col">{t('manage.audit.at')}</th>
                <th scope="col">{t('manage.audit.action')}</th>
                <th scope="col">{t('manage.audit.who')}</th>
                <th scope="col">{t('manage.audit.organisation')}</th>
                <th scope="col">{t('manage.audit.record')}</th>
                <th scope="col">{t('manage.audit.details')}</th>
              </tr>
            </thead>
            <tbody>
              {pages.items.map((e) => (
                <tr key={e.id} data-testid="audit-row">
                  <td>{formatDateTime(e.at)}</td>
                  <td><code>{e.action}</code></td>
                  <td>{e.user ? <>{e.user.name}<span className="hint block">{e.user.email}</span></> : <span className="hint">{e.organisationId ? t('manage.audit.hidden') : '–'}</span>}</td>
                  <td>{orgName(e.organisationId)}</td>
                  <td>{typeName(e.entityType)}{e.entityId && <span className="hint block"><code>{e.entityId}</code></span>}{e.entityIds?.length ? <span className="hint block">{t('manage.audit.records', { count: e.entityIds.length })}</span> : null}</td>
                  <td>{e.details && <code className="details">{JSON.stringify(e.details)}</code>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {pages.next && (
        <button type="button" className="button secondary" disabled={pages.loading} onClick={() => void load(pages.next)} data-testid="audit-more">
          {t('manage.audit.more')}
        </button>
      )}
    </div>
  );
}
