import { useMemo, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { EFFORT_STATUSES, EFFORT_TYPES, type EffortResponse } from '#contracts';
import { AreaSelect } from '../components/AreaSelect.js';
import { EffortStatusBadge, OverdueBadge } from '../components/Badges.js';
import { EffortOrganisations, PlannedDates } from '../components/EffortParts.js';
import { OutboxList } from '../components/OutboxList.js';
import { errorMessages } from '../lib/api.js';
import { useLiveEfforts } from '../lib/efforts.js';
import { formatDate } from '../lib/i18n.js';
import { useAreas, useDocumentTitle, useOrganisations, useOutbox } from '../lib/hooks.js';

function EffortRow({ effort: e, fresh }: { effort: EffortResponse; fresh: boolean }) {
  const { t } = useTranslation();
  return (
    <li className={`card effort-row${fresh ? ' fresh' : ''}${e.overdue ? ' is-overdue' : ''}`} data-effort-id={e.id} data-testid="effort-row">
      <div className="effort-row-head">
        <h2 className="h3">
          <Link to={`/insatser/${e.id}`}>{e.title}</Link>
        </h2>
        <span className="head-badges">
          <EffortStatusBadge status={e.status} />
          {e.overdue && <OverdueBadge />}
        </span>
      </div>
      <dl className="facts compact">
        <dt>{t('efforts.type')}</dt>
        <dd>{t(`effortType.${e.type}`)}</dd>
        <dt>{t(`effortMode.${e.mode}.short`)}</dt>
        <dd>
          <EffortOrganisations effort={e} />
        </dd>
        <dt>{t('efforts.planned')}</dt>
        <dd>
          <PlannedDates effort={e} />
        </dd>
        {e.followUpAt && (
          <>
            <dt>{t('efforts.followUp')}</dt>
            <dd className={e.overdue ? 'overdue-text' : undefined}>
              <time dateTime={e.followUpAt}>{formatDate(e.followUpAt)}</time>
            </dd>
          </>
        )}
      </dl>
      <p className="muted small effort-row-foot">
        {t('efforts.linkedReports', { count: e.linkedReports })}
        {e.areas.length > 0 && ` · ${e.areas.map((a) => a.name).join(', ')}`}
        {e.places.length > 0 && ` · ${e.places.map((p) => p.name).join(', ')}`}
      </p>
    </li>
  );
}

export default function EffortsPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  // The filters are the screen's own state (a checkbox answers at once), mirrored in the address for a link or reload.
  const [filters, setFilters] = useState(() => ({
    status: params.get('status') ?? '',
    typ: params.get('typ') ?? '',
    organisation: params.get('organisation') ?? '',
    omrade: params.get('omrade') ?? '',
    forfallna: params.get('forfallna') === '1' ? '1' : '',
  }));
  // The filters as last set, for the address: two changes before a render must not each write it from the same old one.
  const latest = useRef(filters);
  const { status, typ: type, organisation: organisationId, omrade: areaId } = filters;
  const overdue = filters.forfallna === '1';
  const query = useMemo(
    () => ({ status: status || undefined, type: type || undefined, organisationId: organisationId || undefined, areaId: areaId || undefined, overdue }),
    [status, type, organisationId, areaId, overdue],
  );
  const { efforts, loading, error, fresh } = useLiveEfforts(query);
  const organisations = useOrganisations();
  const areas = useAreas();
  const outbox = useOutbox();
  const pending = outbox.filter((i) => i.kind === 'effort' || i.kind === 'effortAction' || i.kind === 'effortUpdate' || i.kind === 'effortLink');
  useDocumentTitle(t('efforts.title'));

  const set = (key: keyof typeof filters, value: string) => {
    latest.current = { ...latest.current, [key]: value };
    setFilters(latest.current);
    const next = new URLSearchParams();
    for (const [k, v] of Object.entries(latest.current)) if (v) next.set(k, v);
    setParams(next, { replace: true });
  };

  return (
    <div className="efforts-page">
      <div className="page-head">
        <div>
          <h1>{t('efforts.title')}</h1>
          <p className="muted">{t('efforts.intro')}</p>
        </div>
        <Link to="/insatser/ny" className="button">
          {t('efforts.new')}
        </Link>
      </div>

      <form className="filters" aria-label={t('efforts.filters')} onSubmit={(e) => e.preventDefault()}>
        <div className="field inline">
          <label htmlFor="effort-status">{t('efforts.status')}</label>
          <select id="effort-status" value={status} onChange={(e) => set('status', e.target.value)}>
            <option value="">{t('efforts.allStatuses')}</option>
            <option value="open">{t('efforts.open')}</option>
            {EFFORT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`effortStatus.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field inline">
          <label htmlFor="effort-type">{t('efforts.type')}</label>
          <select id="effort-type" value={type} onChange={(e) => set('typ', e.target.value)}>
            <option value="">{t('efforts.allTypes')}</option>
            {EFFORT_TYPES.map((ty) => (
              <option key={ty} value={ty}>
                {t(`effortType.${ty}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field inline">
          <label htmlFor="effort-org">{t('efforts.organisation')}</label>
          <select id="effort-org" value={organisationId} onChange={(e) => set('organisation', e.target.value)}>
            <option value="">{t('efforts.allOrganisations')}</option>
            {(organisations.data ?? []).map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
        </div>
        <AreaSelect id="effort-area" areas={areas.data ?? []} value={areaId} onChange={(v) => set('omrade', v)} />
        <label className="checkbox">
          <input type="checkbox" checked={overdue} onChange={(e) => set('forfallna', e.target.checked ? '1' : '')} />
          {t('efforts.overdue')}
        </label>
      </form>

      <p className="muted small" aria-live="polite" data-testid="effort-count">
        {loading ? t('common.loading') : t('efforts.count', { count: efforts.length })}
      </p>
      {error != null && (
        <div className="notice error" role="alert">
          {t('efforts.loadFailed')} {errorMessages(error).join(' ')}
        </div>
      )}
      {!loading && efforts.length === 0 && !error ? (
        <p className="empty">{t('efforts.empty')}</p>
      ) : (
        <ul className="plain-list cards effort-list" aria-label={t('efforts.listLabel')} data-testid="effort-list">
          {efforts.map((e) => (
            <EffortRow key={e.id} effort={e} fresh={fresh.has(e.id)} />
          ))}
        </ul>
      )}

      <OutboxList items={pending} />
    </div>
  );
}
