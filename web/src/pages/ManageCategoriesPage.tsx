import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { CATEGORY_CODE_PATTERN, CATEGORY_LABEL_MAX, isCoordinatorRole, type CategoryResponse, type Page } from '#contracts';
import { ConfirmInline } from '../components/ConfirmInline.js';
import { LiveNotice, type NoticeMessage } from '../components/LiveNotice.js';
import { get, HttpError, patch, post } from '../lib/api.js';
import { refreshCategories } from '../lib/categories.js';
import { formErrors } from '../lib/errors.js';
import { currentLang } from '../lib/i18n.js';
import { useAsync, useDocumentTitle, useSession } from '../lib/hooks.js';
import { ManageHeading, OnlyFor } from './ManagePage.js';
import './manage.css';

/**
 * The collaboration's categories (coordinators): each default switched off or on and renamed in Swedish and English, and
 * categories of its own added. Switching off one in use asks first, with how many open reports and subscriptions use it.
 */
export default function ManageCategoriesPage() {
  const { t } = useTranslation();
  const session = useSession()!;
  useDocumentTitle(t('manage.categories.title'));
  const list = useAsync(() => get<Page<CategoryResponse>>('/api/categories?includeInactive=true').then((p) => p.items), []);
  const [message, setMessage] = useState<NoticeMessage | null>(null);
  if (!isCoordinatorRole(session.user.role)) return <OnlyFor title={t('manage.categories.title')} text={t('manage.onlyCoordinators')} />;

  /** After a change: this page's list and the labels every screen of the client uses. */
  const changed = (text: string) => {
    setMessage({ kind: 'success', text });
    list.reload();
    void refreshCategories().catch(() => undefined);
  };
  const failed = (e: unknown) => {
    if (e instanceof HttpError && e.body.code === 'VERSION_CONFLICT') list.reload();
    const f = formErrors(e, t, []);
    setMessage({ kind: 'error', text: e instanceof HttpError && e.body.code === 'VERSION_CONFLICT' ? t('manage.stale') : [...Object.values(f.fields), ...f.general].join(' ') });
  };

  return (
    <div className="manage-page">
      <ManageHeading title={t('manage.categories.title')} intro={t('manage.categories.intro')} />
      <LiveNotice message={message} />
      {list.loading && !list.data ? (
        <p role="status">{t('common.loading')}</p>
      ) : (
        <div className="table-wrap">
          <table className="table category-table" data-testid="category-table">
            <thead>
              <tr>
                <th scope="col">{t('manage.categories.code')}</th>
                <th scope="col">{t('manage.categories.sv')}</th>
                <th scope="col">{t('manage.categories.en')}</th>
                <th scope="col">{t('manage.categories.state')}</th>
              </tr>
            </thead>
            <tbody>
              {(list.data ?? []).map((c) => (
                <CategoryRow key={`${c.code}:${c.version}`} category={c} onChanged={changed} onFailed={failed} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <NewCategory onChanged={changed} />
    </div>
  );
}

function CategoryRow({ category: c, onChanged, onFailed }: { category: CategoryResponse; onChanged: (text: string) => void; onFailed: (e: unknown) => void }) {
  const { t } = useTranslation();
  const [sv, setSv] = useState(c.sv);
  const [en, setEn] = useState(c.en);
  const [busy, setBusy] = useState(false);
  const [inUse, setInUse] = useState<{ openReports: number; subscriptions: number } | null>(null);
  const name = currentLang() === 'en' ? c.en : c.sv;
  const renamed = !!c.defaultLabels && (c.sv !== c.defaultLabels.sv || c.en !== c.defaultLabels.en);

  const send = async (body: Record<string, unknown>, done: (saved: CategoryResponse) => string) => {
    setBusy(true);
    try {
      const saved = await patch<CategoryResponse>(`/api/categories/${c.code}`, { version: c.version, ...body });
      onChanged(done(saved));
    } catch (e) {
      if (e instanceof HttpError && e.body.code === 'CATEGORY_IN_USE') {
        const b = e.body as unknown as { openReports: number; subscriptions: number };
        setInUse({ openReports: b.openReports, subscriptions: b.subscriptions });
      } else onFailed(e);
    } finally {
      setBusy(false);
    }
  };
  const saveLabels = (e: FormEvent) => {
    e.preventDefault();
    const body: Record<string, string> = {};
    if (sv.trim() !== c.sv) body.sv = sv.trim();
    if (en.trim() !== c.en) body.en = en.trim();
    if (Object.keys(body).length) void send(body, (s) => t('manage.categories.saved', { name: currentLang() === 'en' ? s.en : s.sv }));
  };
  const labelsId = `labels-${c.code}`;

  return (
    <tr data-testid="category-row" data-code={c.code} data-active={c.active} className={c.active ? undefined : 'inactive'}>
      <th scope="row">
        <code>{c.code}</code>
        <span className="hint block">{c.custom ? t('manage.categories.own') : t('manage.categories.standard')}</span>
      </th>
      <td colSpan={2}>
        <form className="category-labels" onSubmit={saveLabels} aria-label={t('manage.categories.labelsOf', { name })} id={labelsId}>
          <label className="visually-hidden" htmlFor={`${labelsId}-sv`}>{t('manage.categories.sv')}</label>
          <input id={`${labelsId}-sv`} value={sv} maxLength={CATEGORY_LABEL_MAX} onChange={(e) => setSv(e.target.value)} lang="sv" data-testid="label-sv" />
          <label className="visually-hidden" htmlFor={`${labelsId}-en`}>{t('manage.categories.en')}</label>
          <input id={`${labelsId}-en`} value={en} maxLength={CATEGORY_LABEL_MAX} onChange={(e) => setEn(e.target.value)} lang="en" data-testid="label-en" />
          <span className="row-actions">
            <button type="submit" className="button small secondary" disabled={busy || (sv.trim() === c.sv && en.trim() === c.en) || !sv.trim() || !en.trim()}>
              {t('manage.categories.save')}
            </button>
            {renamed && (
              <button type="button" className="button small secondary" disabled={busy}
                onClick={() => void send({ sv: null, en: null }, (s) => t('manage.categories.saved', { name: currentLang() === 'en' ? s.en : s.sv }))}>
                {t('manage.categories.resetLabels')}
              </button>
            )}
          </span>
        </form>
      </td>
      <td>
        <span className={`badge ${c.active ? 'status-active' : 'status-inactive'}`}>{c.active ? t('manage.categories.active') : t('manage.categories.inactive')}</span>{' '}
        {inUse ? (
          <ConfirmInline
            question={t('manage.categories.inUseQuestion', {
              name,
              reports: t('manage.categories.openReports', { count: inUse.openReports }),
              subscriptions: t('manage.categories.subscriptions', { count: inUse.subscriptions }),
            })}
            confirmLabel={t('manage.categories.switchOffAnyway')}
            busy={busy}
            testId="switch-off-anyway"
            onConfirm={() => void send({ active: false, force: true }, () => t('manage.categories.switchedOff', { name }))}
            onCancel={() => setInUse(null)}
          />
        ) : (
          <button type="button" className="button small secondary" disabled={busy} data-testid={c.active ? 'switch-off' : 'switch-on'}
            onClick={() => void send({ active: !c.active }, () => t(c.active ? 'manage.categories.switchedOff' : 'manage.categories.switchedOn', { name }))}>
            {c.active ? t('manage.categories.switchOff') : t('manage.categories.switchOn')}
          </button>
        )}
      </td>
    </tr>
  );
}

function NewCategory({ onChanged }: { onChanged: (text: string) => void }) {
  const { t } = useTranslation();
  const [code, setCode] = useState('');
  const [sv, setSv] = useState('');
  const [en, setEn] = useState('');
  const [errors, setErrors] = useState<{ fields: Record<string, string>; general: string[] }>({ fields: {}, general: [] });
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const local: Record<string, string> = {};
    if (!CATEGORY_CODE_PATTERN.test(code)) local.code = t('manage.categories.codeHint');
    if (!sv.trim()) local.sv = t('manage.categories.labelRequired');
    if (!en.trim()) local.en = t('manage.categories.labelRequired');
    setErrors({ fields: local, general: [] });
    if (Object.keys(local).length) return;
    setBusy(true);
    try {
      const added = await post<CategoryResponse>('/api/categories', { code, sv: sv.trim(), en: en.trim() });
      setCode('');
      setSv('');
      setEn('');
      onChanged(t('manage.categories.added', { name: currentLang() === 'en' ? added.en : added.sv }));
    } catch (err) {
      setErrors(formErrors(err, t, ['code', 'sv', 'en']));
    } finally {
      setBusy(false);
    }
  };
  const field = (id: 'code' | 'sv' | 'en', label: string, value: string, set: (v: string) => void, hint?: string) => (
    <div className={`field${errors.fields[id] ? ' has-error' : ''}`}>
      <label htmlFor={`new-category-${id}`}>{label}</label>
      {hint && <p className="hint" id={`new-category-${id}-hint`}>{hint}</p>}
      {errors.fields[id] && <p className="field-error">{errors.fields[id]}</p>}
      <input id={`new-category-${id}`} value={value} onChange={(e) => set(id === 'code' ? e.target.value.trim() : e.target.value)}
        maxLength={id === 'code' ? 40 : CATEGORY_LABEL_MAX} aria-describedby={hint ? `new-category-${id}-hint` : undefined} aria-invalid={!!errors.fields[id] || undefined} />
    </div>
  );
  return (
    <form onSubmit={(e) => void submit(e)} className="stack card" aria-labelledby="new-category-heading" noValidate data-testid="new-category">
      <h2 id="new-category-heading">{t('manage.categories.addHeading')}</h2>
      {errors.general.length > 0 && <p className="notice error" role="alert">{errors.general.join(' ')}</p>}
      {field('code', t('manage.categories.code'), code, setCode, t('manage.categories.codeHint'))}
      {field('sv', t('manage.categories.sv'), sv, setSv)}
      {field('en', t('manage.categories.en'), en, setEn)}
      <button type="submit" className="button" disabled={busy}>{t('manage.categories.add')}</button>
    </form>
  );
}
