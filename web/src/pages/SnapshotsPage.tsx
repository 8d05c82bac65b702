import { useEffect } from 'react';
import { Link, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { PictureSnapshotResponse } from '#contracts';
import { PicturesNav, SnapshotFiles } from '../components/PictureParts.js';
import { get } from '../lib/api.js';
import { formErrors } from '../lib/errors.js';
import { formatDateTime } from '../lib/i18n.js';
import { useAsync, useDocumentTitle } from '../lib/hooks.js';
import { formatDay, weekNumber } from '../lib/pictures.js';
import './pictures.css';

/** Frozen weeks (Frysta veckor), newest first, each with its files: the same bytes every time they are fetched. */
export default function SnapshotsPage() {
  const { t } = useTranslation();
  const location = useLocation();
  const snapshots = useAsync(() => get<{ items: PictureSnapshotResponse[] }>('/api/pictures/snapshots').then((p) => [...p.items].sort((a, b) => b.week.localeCompare(a.week))), []);
  useDocumentTitle(t('pictures.snapshots.title'));
  const list = snapshots.data;

  // A link to one frozen week (#snapshot-<id>, from the week page) scrolls to it once the list is there.
  useEffect(() => {
    if (!list || !location.hash) return;
    document.getElementById(location.hash.slice(1))?.scrollIntoView();
  }, [list, location.hash]);

  return (
    <div className="picture-page narrow" data-testid="snapshots-page">
      <PicturesNav />
      <h1>{t('pictures.snapshots.title')}</h1>
      <p className="lead">{t('pictures.snapshots.intro')}</p>
      {snapshots.loading && !list && <p role="status">{t('common.loading')}</p>}
      {!!snapshots.error && (
        <p className="notice error" role="alert">
          {formErrors(snapshots.error, t, []).general.join(' ')}
        </p>
      )}
      {list && list.length === 0 && <p className="muted">{t('pictures.snapshots.none')}</p>}
      {list && list.length > 0 && (
        <ul className="plain-list cards" data-testid="snapshots">
          {list.map((s) => (
            <li key={s.id} id={`snapshot-${s.id}`} className="card snapshot-card" data-testid="snapshot" data-week={s.week}>
              <h2 className="h3">
                <Link to={`/lagesbild/vecka?week=${s.week}`}>{t('pictures.snapshots.weekTitle', { week: weekNumber(s.week), year: s.week.slice(0, 4) })}</Link>
              </h2>
              <p className="muted small">
                {formatDay(s.period.firstDay)} – {formatDay(s.period.lastDay)} · {t('pictures.snapshot.frozenBy', { at: formatDateTime(s.frozenAt), organisation: s.frozenBy.name })}
              </p>
              <SnapshotFiles snapshot={s} />
              <p className="muted small hash-line">
                {t('pictures.snapshots.contentHash')}: <code>{s.contentHash.slice(0, 16)}…</code>
              </p>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
