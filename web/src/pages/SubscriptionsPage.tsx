import { LiveNotice } from '../components/LiveNotice.js';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { SEVERITY_MIN, type Page, type SubscriptionResponse } from '#contracts';
import { SeveritySelect } from '../components/SeveritySelect.js';
import { del, get, HttpError, post } from '../lib/api.js';
import { formErrors } from '../lib/errors.js';
import { useActiveCategories } from '../lib/categories.js';
import { categoryLabel } from '../lib/i18n.js';
import { useAreas, useAsync, useDocumentTitle, usePlaces, useSession } from '../lib/hooks.js';
import { subscribeToEverything } from '../lib/subscriptions.js';

export default function SubscriptionsPage() {
  const { t } = useTranslation();
  const session = useSession()!;
  const subs = useAsync(() => get<Page<SubscriptionResponse>>('/api/subscriptions').then((p) => p.items), []);
  const areas = useAreas();
  const places = usePlaces();
  const activeCategories = useActiveCategories();
  const [areaIds, setAreaIds] = useState<string[]>([]);
  const [categories, setCategories] = useState<string[]>([]);
  const [minSeverity, setMinSeverity] = useState(SEVERITY_MIN);
  const [message, setMessage] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  useDocumentTitle(t('subscriptions.title'));

  const areaName = (id: string) => areas.data?.find((a) => a.id === id)?.name ?? id;
  const placeName = (id: string) => places.data?.find((p) => p.id === id)?.name ?? id;
  const describe = (s: SubscriptionResponse) => {
    const where = [...s.areaIds.map(areaName), ...s.placeIds.map(placeName)];
    return [
      where.length ? where.join(', ') : t('subscriptions.allAreas'),
      s.categories.length ? s.categories.map((c) => categoryLabel(c)).join(', ') : t('subscriptions.allCategories'),
      t('subscriptions.minSeverityText', { severity: s.minSeverity ?? SEVERITY_MIN }),
    ];
  };

  const run = async (fn: () => Promise<unknown>, success: string) => {
    setBusy(true);
    setMessage(null);
    try {
      await fn();
      setMessage({ kind: 'success', text: success });
      subs.reload();
    } catch (e) {
      setMessage({ kind: 'error', text: formErrors(e, t, []).general.join(' ') });
    } finally {
      setBusy(false);
    }
  };

  const create = (e: FormEvent) => {
    e.preventDefault();
    const body: Record<string, unknown> = {};
    if (areaIds.length) body.areaIds = areaIds;
    if (categories.length) body.categories = categories;
    if (minSeverity > SEVERITY_MIN) body.minSeverity = minSeverity;
    void run(() => post('/api/subscriptions', body), t('subscriptions.created')).then(() => {
      setAreaIds([]);
      setCategories([]);
      setMinSeverity(SEVERITY_MIN);
    });
  };

  const unavailable = subs.error instanceof HttpError && subs.error.status === 404;

  return (
    <div className="narrow">
      <h1>{t('subscriptions.title')}</h1>
      <p className="lead">{t('subscriptions.intro')}</p>
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
              return (
                <li key={s.id} className="card" data-testid="subscription">
                  <p>
                    <strong>{where}</strong>
                  </p>
                  <p>{what}</p>
                  <p className="muted">{sev}</p>
                  <button
                    type="button"
                    className="button secondary small"
                    disabled={busy}
                    aria-label={`${t('subscriptions.remove')}: ${where}, ${what}`}
                    onClick={() => void run(() => del(`/api/subscriptions/${s.id}`), t('subscriptions.removed'))}
                  >
                    {t('subscriptions.remove')}
                  </button>
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
          <fieldset className="field">
            <legend>{t('subscriptions.areas')}</legend>
            <p className="hint">{t('subscriptions.areasHint')}</p>
            <div className="checkbox-grid">
              {(areas.data ?? []).map((a) => (
                <label key={a.id} className="checkbox">
                  <input type="checkbox" checked={areaIds.includes(a.id)} onChange={(e) => setAreaIds((s) => (e.target.checked ? [...s, a.id] : s.filter((x) => x !== a.id)))} />
                  {a.name}
                </label>
              ))}
            </div>
          </fieldset>
          <fieldset className="field">
            <legend>{t('subscriptions.categories')}</legend>
            <p className="hint">{t('subscriptions.categoriesHint')}</p>
            <div className="checkbox-grid">
              {activeCategories.map((c) => (
                <label key={c.code} className="checkbox">
                  <input
                    type="checkbox"
                    checked={categories.includes(c.code)}
                    onChange={(e) => setCategories((s) => (e.target.checked ? [...s, c.code] : s.filter((x) => x !== c.code)))}
                  />
                  {categoryLabel(c.code)}
                </label>
              ))}
            </div>
          </fieldset>
          <SeveritySelect id="minSeverity" label={t('subscriptions.minSeverity')} value={minSeverity} onChange={setMinSeverity} />
          <button type="submit" className="button" disabled={busy}>
            {t('subscriptions.add')}
          </button>
        </form>
      </section>
    </div>
  );
}
