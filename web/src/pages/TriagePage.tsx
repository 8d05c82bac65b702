import { AreaSelect } from '../components/AreaSelect.js';
import { LiveNotice } from '../components/LiveNotice.js';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { isCoordinatorRole, type ReportResponse, type ReportStatus } from '#contracts';
import { SeverityBadge, StatusBadge } from '../components/Badges.js';
import { HttpError, patch } from '../lib/api.js';
import { formErrors } from '../lib/errors.js';
import { categoryLabel, formatDateTime, formatRelative } from '../lib/i18n.js';
import { useAreas, useDocumentTitle, useLiveReports, useMediaQuery, useSession } from '../lib/hooks.js';

const ORDER: Record<string, number> = { new: 0, acknowledged: 1, in_progress: 2 };
const PAGE = 50;
/** Below this width the queue is a list of cards (every action within reach on a phone), above it a table. */
const CARDS_QUERY = '(max-width: 760px)';

/** What a coordinator can do with one report of the queue; the same buttons in the table and on a card. */
function TriageActions({ r, busy, onStatus }: { r: ReportResponse; busy: boolean; onStatus: (r: ReportResponse, s: ReportStatus) => void }) {
  const { t } = useTranslation();
  return (
    <>
      {r.status === 'new' && (
        <button type="button" className="button small" disabled={busy} onClick={() => onStatus(r, 'acknowledged')}>
          {t('statusAction.acknowledged')}
          <span className="visually-hidden">: {categoryLabel(r.category)}</span>
        </button>
      )}
      {r.status !== 'in_progress' && (
        <button type="button" className="button secondary small" disabled={busy} onClick={() => onStatus(r, 'in_progress')}>
          {t('statusAction.in_progress')}
          <span className="visually-hidden">: {categoryLabel(r.category)}</span>
        </button>
      )}
    </>
  );
}

const reportTitle = (r: ReportResponse) => `${categoryLabel(r.category)}${r.place ? ` – ${r.place.name}` : r.area ? ` – ${r.area.name}` : ''}`;

export default function TriagePage() {
  const { t } = useTranslation();
  const session = useSession()!;
  const [includeOngoing, setIncludeOngoing] = useState(false);
  const [areaId, setAreaId] = useState('');
  const [shown, setShown] = useState(PAGE);
  const [message, setMessage] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);
  const [busyId, setBusyId] = useState<string | null>(null);
  const areas = useAreas();
  const cards = useMediaQuery(CARDS_QUERY);
  useDocumentTitle(t('triage.title'));
  const statuses = useMemo(() => (includeOngoing ? ['new', 'acknowledged', 'in_progress'] : ['new', 'acknowledged']), [includeOngoing]);
  const query = useMemo(() => ({ statuses, areaId: areaId || undefined }), [statuses, areaId]);
  const { reports, loading, error, reload } = useLiveReports(query);

  // New first, then acknowledged; the most severe first; then the one that has waited longest.
  const queue = useMemo(
    () => [...reports].sort((a, b) => (ORDER[a.status] ?? 9) - (ORDER[b.status] ?? 9) || b.severity - a.severity || a.createdAt.localeCompare(b.createdAt)),
    [reports],
  );
  const counts = useMemo(() => ({ new: reports.filter((r) => r.status === 'new').length, acknowledged: reports.filter((r) => r.status === 'acknowledged').length }), [reports]);

  if (!isCoordinatorRole(session.user.role)) {
    return (
      <div className="narrow">
        <h1>{t('triage.title')}</h1>
        <p className="notice warning">{t('triage.onlyCoordinators')}</p>
      </div>
    );
  }

  const setStatus = async (r: ReportResponse, status: ReportStatus) => {
    setBusyId(r.id);
    setMessage(null);
    try {
      await patch<ReportResponse>(`/api/reports/${r.id}`, { version: r.version, status });
      setMessage({ kind: 'success', text: t('triage.changed', { category: categoryLabel(r.category), status: t(`status.${status}`) }) });
      reload();
    } catch (e) {
      if (e instanceof HttpError && e.status === 409) {
        setMessage({ kind: 'error', text: t('report.conflict') });
        reload();
      } else setMessage({ kind: 'error', text: formErrors(e, t, []).general.join(' ') });
    } finally {
      setBusyId(null);
    }
  };

  return (
    <div>
      <h1>{t('triage.title')}</h1>
      <p className="lead">{t('triage.intro')}</p>
      <p data-testid="triage-counts">{t('triage.counts', { new: counts.new, acknowledged: counts.acknowledged })}</p>
      <div className="filters">
        <AreaSelect id="triage-area" areas={areas.data ?? []} value={areaId} onChange={setAreaId} />
        <label className="checkbox">
          <input type="checkbox" checked={includeOngoing} onChange={(e) => setIncludeOngoing(e.target.checked)} />
          {t('triage.includeOngoing')}
        </label>
      </div>
      <LiveNotice message={message} />
      {error != null && (
        <p className="notice error" role="alert">
          {formErrors(error, t, []).general.join(' ')}
        </p>
      )}
      {loading && !reports.length ? (
        <p role="status">{t('common.loading')}</p>
      ) : queue.length === 0 ? (
        <p className="notice success">{t('triage.empty')}</p>
      ) : (
        <>
          {cards ? (
            <ul className="plain-list triage-cards" aria-label={t('triage.caption')} data-testid="triage-cards">
              {queue.slice(0, shown).map((r) => (
                <li key={r.id} className="card triage-card" data-report-id={r.id}>
                  <p className="triage-card-badges">
                    <StatusBadge status={r.status} /> <SeverityBadge severity={r.severity} />
                  </p>
                  <h2 className="h3">
                    <Link to={`/rapporter/${r.id}`}>{reportTitle(r)}</Link>
                  </h2>
                  <p className="feed-desc">{r.description}</p>
                  <p className="feed-meta">
                    <time dateTime={r.createdAt} title={formatDateTime(r.createdAt)}>
                      {t('triage.received', { when: formatRelative(r.createdAt) })}
                    </time>{' '}
                    · {t('triage.from', { organisation: r.organisation.name })}
                  </p>
                  <div className="row-actions card-actions">
                    <TriageActions r={r} busy={busyId === r.id} onStatus={(x, st) => void setStatus(x, st)} />
                  </div>
                </li>
              ))}
            </ul>
          ) : (
            <div className="table-wrap">
              <table className="table" data-testid="triage-table">
                <caption className="visually-hidden">{t('triage.caption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('triage.col.status')}</th>
                    <th scope="col">{t('triage.col.severity')}</th>
                    <th scope="col">{t('triage.col.report')}</th>
                    <th scope="col">{t('triage.col.when')}</th>
                    <th scope="col">{t('triage.col.from')}</th>
                    <th scope="col">{t('triage.col.actions')}</th>
                  </tr>
                </thead>
                <tbody>
                  {queue.slice(0, shown).map((r) => (
                    <tr key={r.id} data-report-id={r.id}>
                      <td>
                        <StatusBadge status={r.status} />
                      </td>
                      <td>
                        <SeverityBadge severity={r.severity} />
                      </td>
                      <td>
                        <Link to={`/rapporter/${r.id}`}>{reportTitle(r)}</Link>
                        <div className="feed-desc">{r.description}</div>
                      </td>
                      <td>
                        <time dateTime={r.createdAt} title={formatDateTime(r.createdAt)}>
                          {formatRelative(r.createdAt)}
                        </time>
                      </td>
                      <td>{r.organisation.name}</td>
                      <td className="row-actions">
                        <TriageActions r={r} busy={busyId === r.id} onStatus={(x, st) => void setStatus(x, st)} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {queue.length > shown && (
            <button type="button" className="button secondary" onClick={() => setShown((s) => s + PAGE)}>
              {t('triage.showMore', { count: queue.length - shown })}
            </button>
          )}
        </>
      )}
    </div>
  );
}
