import { LiveNotice } from '../components/LiveNotice.js';
import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { SEVERITY_MAX, SEVERITY_MIN, type AreaResponse, type Page, type PlaceResponse, type SubscriptionResponse } from '#contracts';
import { SeveritySelect } from '../components/SeveritySelect.js';
import { del, get, HttpError, patch, post } from '../lib/api.js';
import { formErrors } from '../lib/errors.js';
import { categoryLabel } from '../lib/i18n.js';
import { useActiveCategories } from '../lib/categories.js';
import { useAreas, useAsync, useDocumentTitle, usePlaces, useSession } from '../lib/hooks.js';
import {
  coversEverything,
  EMAIL_MODES,
  emailSettings,
  isFirstLoginSubscription,
  setEmail,
  subscribeToEverything,
  subscriptionBody,
  type EmailMode,
  type EmailSettings,
} from '../lib/subscriptions.js';

interface Filter {
  areaIds: string[];
  placeIds: string[];
  categories: string[];
  minSeverity: number;
}
const EMPTY: Filter = { areaIds: [], placeIds: [], categories: [], minSeverity: SEVERITY_MIN };
const toggle = (list: string[], id: string, on: boolean) => (on ? [...list, id] : list.filter((x) => x !== id));

/** Areas, places (grouped by area, with a filter when there are many), categories and a lowest severity. */
function SubscriptionFields({ idPrefix, value, onChange, areas, places }: { idPrefix: string; value: Filter; onChange: (f: Filter) => void; areas: AreaResponse[]; places: PlaceResponse[] }) {
  // The collaboration's own list (switched-off defaults left out, its own added).
  const activeCategories = useActiveCategories();
  const { t } = useTranslation();
  const [placeFilter, setPlaceFilter] = useState('');
  const groups = useMemo(() => {
    const q = placeFilter.trim().toLocaleLowerCase('sv');
    const byArea = new Map<string, { name: string; places: PlaceResponse[] }>();
    for (const p of places) {
      if (q && !p.name.toLocaleLowerCase('sv').includes(q) && !value.placeIds.includes(p.id)) continue;
      const key = p.area?.id ?? '';
      const g = byArea.get(key) ?? { name: p.area?.name ?? '—', places: [] };
      g.places.push(p);
      byArea.set(key, g);
    }
    return [...byArea.values()].sort((a, b) => a.name.localeCompare(b.name, 'sv'));
  }, [places, placeFilter, value.placeIds]);
  return (
    <>
      <fieldset className="field" data-testid={`${idPrefix}-areas`}>
        <legend>{t('subscriptions.areas')}</legend>
        <p className="hint">{t('subscriptions.areasHint')}</p>
        <div className="checkbox-grid">
          {areas.map((a) => (
            <label key={a.id} className="checkbox">
              <input type="checkbox" checked={value.areaIds.includes(a.id)} onChange={(e) => onChange({ ...value, areaIds: toggle(value.areaIds, a.id, e.target.checked) })} />
              {a.name}
            </label>
          ))}
        </div>
      </fieldset>
      {places.length > 0 && (
        <fieldset className="field" data-testid={`${idPrefix}-places`}>
          <legend>{t('subscriptionEdit.places')}</legend>
          <p className="hint">{t('subscriptionEdit.placesHint')}</p>
          {places.length > 12 && (
            <p>
              <label htmlFor={`${idPrefix}-place-filter`} className="visually-hidden">
                {t('subscriptionEdit.placeFilter')}
              </label>
              <input id={`${idPrefix}-place-filter`} type="search" placeholder={t('subscriptionEdit.placeFilter')} value={placeFilter} onChange={(e) => setPlaceFilter(e.target.value)} />
            </p>
          )}
          {groups.map((g) => (
            <div key={g.name} className="place-group">
              <p className="muted small">{g.name}</p>
              <div className="checkbox-grid">
                {g.places.map((p) => (
                  <label key={p.id} className="checkbox">
                    <input type="checkbox" checked={value.placeIds.includes(p.id)} onChange={(e) => onChange({ ...value, placeIds: toggle(value.placeIds, p.id, e.target.checked) })} />
                    {p.name}
                  </label>
                ))}
              </div>
            </div>
          ))}
        </fieldset>
      )}
      <fieldset className="field">
        <legend>{t('subscriptions.categories')}</legend>
        <p className="hint">{t('subscriptions.categoriesHint')}</p>
        <div className="checkbox-grid">
          {activeCategories.map((c) => (
            <label key={c.code} className="checkbox">
              <input type="checkbox" checked={value.categories.includes(c.code)} onChange={(e) => onChange({ ...value, categories: toggle(value.categories, c.code, e.target.checked) })} />
              {categoryLabel(c.code)}
            </label>
          ))}
        </div>
      </fieldset>
      <SeveritySelect id={`${idPrefix}-minSeverity`} label={t('subscriptions.minSeverity')} value={value.minSeverity} onChange={(minSeverity) => onChange({ ...value, minSeverity })} />
    </>
  );
}

/** How one subscription is e-mailed: a mode, and for "at once" (or at once within a digest) a lowest severity. */
function EmailChoice({ sub, settings, busy, onSave }: { sub: SubscriptionResponse; settings: EmailSettings; busy: boolean; onSave: (body: { email?: EmailMode; emailMinSeverity?: number | null }) => void }) {
  const { t } = useTranslation();
  const current = settings.subscriptions.find((s) => s.id === sub.id) ?? { email: 'off' as EmailMode, emailMinSeverity: null };
  const id = `email-${sub.id}`;
  return (
    <div className="email-choice" data-testid="email-choice">
      <div className="field inline">
        <label htmlFor={id}>{t('subscriptionEdit.emailLabel')}</label>
        <select id={id} value={current.email} disabled={busy} onChange={(e) => onSave({ email: e.target.value as EmailMode })}>
          {EMAIL_MODES.map((m) => (
            <option key={m} value={m}>
              {t(`subscriptionEdit.email.${m}`)}
            </option>
          ))}
        </select>
      </div>
      {current.email !== 'off' && (
        <div className="field inline">
          <label htmlFor={`${id}-sev`}>{t('subscriptionEdit.emailMinSeverity')}</label>
          <select
            id={`${id}-sev`}
            value={current.emailMinSeverity ?? ''}
            disabled={busy}
            onChange={(e) => onSave({ emailMinSeverity: e.target.value === '' ? null : Number(e.target.value) })}
          >
            <option value="">{current.email === 'immediate' ? t('subscriptionEdit.emailMinSeverityAll') : t('subscriptionEdit.emailMinSeverityNone')}</option>
            {Array.from({ length: SEVERITY_MAX - SEVERITY_MIN + 1 }, (_, i) => i + SEVERITY_MIN).map((s) => (
              <option key={s} value={s}>
                {s} – {t(`severity.${s}`)}
              </option>
            ))}
          </select>
        </div>
      )}
      {!settings.emailConfigured && <p className="hint">{t('subscriptionEdit.emailNotConfigured')}</p>}
    </div>
  );
}

export default function SubscriptionsPage() {
  const { t } = useTranslation();
  const session = useSession()!;
  const subs = useAsync(() => get<Page<SubscriptionResponse>>('/api/subscriptions').then((p) => p.items), []);
  // E-mail per subscription where this server sends alerts (GET /api/me/alerts); none where it has no such route.
  const email = useAsync(() => emailSettings().catch(() => null), []);
  const areas = useAreas();
  const places = usePlaces();
  const [draft, setDraft] = useState<Filter>(EMPTY);
  const [editing, setEditing] = useState<{ id: string; filter: Filter } | null>(null);
  const [message, setMessage] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  useDocumentTitle(t('subscriptions.title'));

  const areaName = (id: string) => areas.data?.find((a) => a.id === id)?.name ?? id;
  const placeName = (id: string) => places.data?.find((p) => p.id === id)?.name ?? id;
  const describe = (s: SubscriptionResponse) => {
    const where = [...s.areaIds.map(areaName), ...s.placeIds.map(placeName)];
    return [
      coversEverything(s) ? t('subscriptionEdit.everything') : where.length ? where.join(', ') : t('subscriptions.allAreas'),
      s.categories.length ? s.categories.map((c) => categoryLabel(c)).join(', ') : t('subscriptions.allCategories'),
      t('subscriptions.minSeverityText', { severity: s.minSeverity ?? SEVERITY_MIN }),
    ];
  };

  const run = async (fn: () => Promise<unknown>, success: string): Promise<boolean> => {
    setBusy(true);
    setMessage(null);
    try {
      await fn();
      setMessage({ kind: 'success', text: success });
      subs.reload();
      return true;
    } catch (e) {
      setMessage({ kind: 'error', text: formErrors(e, t, []).general.join(' ') });
      return false;
    } finally {
      setBusy(false);
    }
  };

  const create = (e: FormEvent) => {
    e.preventDefault();
    void run(() => post('/api/subscriptions', subscriptionBody(draft)), t('subscriptions.created')).then((ok) => ok && setDraft(EMPTY));
  };

  // The filter is changed in place (PATCH keeps the id, so its e-mail setting and the first-login mark stay); every
  // field is sent, empty lists included, so that "no area" clears the areas.
  const saveEdit = (e: FormEvent) => {
    e.preventDefault();
    if (!editing) return;
    const { id, filter } = editing;
    void run(async () => {
      await patch<SubscriptionResponse>(`/api/subscriptions/${id}`, { ...filter });
      email.reload();
    }, t('subscriptionEdit.saved')).then((ok) => ok && setEditing(null));
  };

  const saveEmail = (id: string, body: { email?: EmailMode; emailMinSeverity?: number | null }) =>
    void run(async () => {
      await setEmail(id, body);
      email.reload();
    }, t('subscriptionEdit.emailSaved'));

  const unavailable = subs.error instanceof HttpError && subs.error.status === 404;

  return (
    <div className="narrow">
      <h1>{t('subscriptions.title')}</h1>
      <p className="lead">{t('subscriptionEdit.intro')}</p>
      <LiveNotice message={message} />
      {unavailable && <p className="notice warning">{t('subscriptions.unavailable')}</p>}

      <section aria-labelledby="mine-heading">
        <h2 id="mine-heading">{t('subscriptions.mine')}</h2>
        {subs.loading && !subs.data ? (
          <p role="status">{t('common.loading')}</p>
        ) : subs.data?.length ? (
          <ul className="plain-list cards">
            {subs.data.map((s) => {
              const [where, what, sev] = describe(s);
              if (editing?.id === s.id) {
                return (
                  <li key={s.id} className="card" data-testid="subscription-edit">
                    <form onSubmit={saveEdit} className="stack" aria-labelledby={`edit-${s.id}`}>
                      <h3 id={`edit-${s.id}`}>{t('subscriptionEdit.editTitle')}</h3>
                      <SubscriptionFields idPrefix={`edit-${s.id}`} value={editing.filter} onChange={(filter) => setEditing({ id: s.id, filter })} areas={areas.data ?? []} places={places.data ?? []} />
                      <p>
                        <button type="submit" className="button" disabled={busy}>
                          {t('subscriptionEdit.save')}
                        </button>{' '}
                        <button type="button" className="button secondary" disabled={busy} onClick={() => setEditing(null)}>
                          {t('subscriptionEdit.cancel')}
                        </button>
                      </p>
                    </form>
                  </li>
                );
              }
              return (
                <li key={s.id} className="card" data-testid="subscription">
                  <p>
                    <strong>{where}</strong>
                  </p>
                  {isFirstLoginSubscription(session.user.id, s.id) && <p className="muted small">{t('subscriptionEdit.firstLogin')}</p>}
                  <p>{what}</p>
                  <p className="muted">{sev}</p>
                  {email.data && <EmailChoice sub={s} settings={email.data} busy={busy} onSave={(body) => saveEmail(s.id, body)} />}
                  <p>
                    <button
                      type="button"
                      className="button secondary small"
                      disabled={busy}
                      aria-label={`${t('subscriptionEdit.edit')}: ${where}, ${what}`}
                      onClick={() => setEditing({ id: s.id, filter: { areaIds: s.areaIds, placeIds: s.placeIds, categories: s.categories, minSeverity: s.minSeverity ?? SEVERITY_MIN } })}
                    >
                      {t('subscriptionEdit.edit')}
                    </button>{' '}
                    <button
                      type="button"
                      className="button secondary small"
                      disabled={busy}
                      aria-label={`${t('subscriptions.remove')}: ${where}, ${what}`}
                      onClick={() => void run(() => del(`/api/subscriptions/${s.id}`), t('subscriptions.removed'))}
                    >
                      {t('subscriptions.remove')}
                    </button>
                  </p>
                </li>
              );
            })}
          </ul>
        ) : (
          !unavailable && (
            <div className="notice warning">
              <p>{t('subscriptions.none')}</p>
              <button type="button" className="button small" disabled={busy} onClick={() => void run(() => subscribeToEverything(session.user.id), t('subscriptions.created'))}>
                {t('subscriptions.everything')}
              </button>
            </div>
          )
        )}
      </section>

      <section aria-labelledby="new-heading">
        <h2 id="new-heading">{t('subscriptions.new')}</h2>
        <form onSubmit={create} className="stack">
          <SubscriptionFields idPrefix="new" value={draft} onChange={setDraft} areas={areas.data ?? []} places={places.data ?? []} />
          <button type="submit" className="button" disabled={busy}>
            {t('subscriptions.add')}
          </button>
        </form>
      </section>
    </div>
  );
}
