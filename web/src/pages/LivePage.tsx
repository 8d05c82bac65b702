import { AreaSelect } from '../components/AreaSelect.js';
import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { isCoordinatorRole, type SubscriptionResponse } from '#contracts';
import { MapView } from '../components/MapView.js';
import { FeedList } from '../components/FeedList.js';
import { ConnectionBadge } from '../components/Layout.js';
import { feed, wantsAllEvents } from '../lib/feed.js';
import { errorMessages } from '../lib/api.js';
import { CategoryFilter } from '../components/CategoryFilter.js';
import { useAreas, useDocumentTitle, useLiveReports, usePlaces, useSession } from '../lib/hooks.js';
import { coversEverything, ensureSubscription, matchesAnySubscription, subscribeToEverything, type SubscriptionStatus } from '../lib/subscriptions.js';

const PERIODS = { '24h': 1, '7d': 7, '30d': 30, '90d': 90 } as const;
type Period = keyof typeof PERIODS;

export function LivePage() {
  const { t } = useTranslation();
  const session = useSession()!;
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const period = (params.get('period') as Period) in PERIODS ? (params.get('period') as Period) : '7d';
  const areaId = params.get('area') ?? '';
  const categories = useMemo(() => (params.get('cat') ?? '').split(',').filter(Boolean), [params]);
  const [highlight, setHighlight] = useState<string | null>(null);
  const [subs, setSubs] = useState<SubscriptionStatus | 'loading'>('loading');
  const [subscriptions, setSubscriptions] = useState<SubscriptionResponse[]>([]);
  const isCoordinator = isCoordinatorRole(session.user.role);
  const [all, setAll] = useState(() => wantsAllEvents(session.user));
  const toggleAll = (on: boolean) => {
    setAll(on);
    localStorage.setItem(`lagesbild.feedAll.${session.user.id}`, String(on));
    feed.setAll(on);
  };
  useDocumentTitle(t('live.title'));

  // "from" is fixed when the period is chosen, so the query does not change on every render.
  const from = useMemo(() => new Date(Date.now() - PERIODS[period] * 86_400_000).toISOString(), [period]);
  const query = useMemo(() => ({ from, areaId: areaId || undefined, categories }), [from, areaId, categories]);
  const { reports, loading, error, fresh } = useLiveReports(query);
  const areas = useAreas();
  const places = usePlaces();

  useEffect(() => {
    let live = true;
    ensureSubscription(session.user.id).then(
      (s) => {
        if (!live) return;
        setSubs(s.status);
        setSubscriptions(s.items);
      },
      () => live && setSubs('unavailable'),
    );
    return () => {
      live = false;
    };
  }, [session.user.id]);

  // What the list and the map show is what the live feed keeps up to date: everything one may see with the
  // switch on (coordinators: feed:all), otherwise the reports matching one of one's subscriptions.
  const showsAll = (isCoordinator && all) || subs === 'loading' || subs === 'unavailable';
  const shown = useMemo(() => (showsAll ? reports : reports.filter((r) => matchesAnySubscription(subscriptions, r))), [showsAll, reports, subscriptions]);
  const everythingSubscribed = subscriptions.some(coversEverything);

  const set = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };

  return (
    <div className="live">
      <div className="page-head">
        <div>
          <h1>{t('live.title')}</h1>
          <p className="muted">{t('live.intro')}</p>
        </div>
        <Link to="/rapportera" className="button">
          {t('nav.report')}
        </Link>
      </div>

      {subs === 'none' && (
        <div className="notice warning" role="status">
          <p>{t('live.noSubscription')}</p>
          <button type="button" className="button small" onClick={() => void subscribeToEverything(session.user.id).then((created) => {
            setSubscriptions([created]);
            setSubs('some');
          })}>
            {t('subscriptions.everything')}
          </button>
        </div>
      )}

      <form className="filters" aria-label={t('live.filters')} onSubmit={(e) => e.preventDefault()}>
        <div className="field inline">
          <label htmlFor="period">{t('live.period')}</label>
          <select id="period" value={period} onChange={(e) => set('period', e.target.value === '7d' ? '' : e.target.value)}>
            {Object.keys(PERIODS).map((p) => (
              <option key={p} value={p}>
                {t(`live.periods.${p}`)}
              </option>
            ))}
          </select>
        </div>
        <AreaSelect id="area" areas={areas.data ?? []} value={areaId} onChange={(v) => set('area', v)} />
        {isCoordinator && (
          <label className="checkbox">
            <input type="checkbox" checked={all} onChange={(e) => toggleAll(e.target.checked)} data-testid="live-all" />
            {t('subscriptionEdit.liveAll')}
          </label>
        )}
        <CategoryFilter value={categories} onChange={(codes) => set('cat', codes.join(','))} />
      </form>

      <div className="live-grid">
        <section className="live-map" aria-labelledby="map-heading">
          <h2 id="map-heading" className="visually-hidden">
            {t('live.map')}
          </h2>
          <MapView
            label={t('live.mapLabel')}
            areas={areas.data ?? []}
            places={places.data ?? []}
            reports={shown}
            highlightId={highlight}
            fitWhen={!loading && !places.loading}
            onReportClick={(id) => navigate(`/rapporter/${id}`)}
          />
          <p className="muted small">{t('live.mapHint')}</p>
        </section>
        <section className="live-feed" aria-labelledby="feed-heading">
          <div className="feed-head">
            <h2 id="feed-heading">{t('live.feed')}</h2>
            <ConnectionBadge />
          </div>
          <p className="muted small" aria-live="polite" data-testid="feed-count">
            {loading ? t('common.loading') : t('live.count', { count: shown.length })}
          </p>
          {!loading && (
            <p className="muted small" data-testid="live-scope">
              {showsAll
                ? t('subscriptionEdit.liveShowsAll')
                : subs === 'none'
                  ? t('subscriptionEdit.liveNone')
                  : everythingSubscribed
                    ? t('subscriptionEdit.liveShowsAll')
                    : t('subscriptionEdit.liveShowsSubscribed', { shown: shown.length, total: reports.length })}{' '}
              <Link to="/bevakningar">{t('subscriptionEdit.liveEdit')}</Link>
            </p>
          )}
          {error != null && (
            <div className="notice error" role="alert">
              {t('live.loadFailed')} {errorMessages(error).join(' ')}
            </div>
          )}
          {!loading || shown.length ? <FeedList reports={shown} fresh={fresh} label={t('live.feed')} onHover={setHighlight} /> : null}
        </section>
      </div>
    </div>
  );
}
