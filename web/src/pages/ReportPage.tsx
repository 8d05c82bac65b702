import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import {
  COORDINATOR_ONLY_STATUSES,
  isCoordinatorRole,
  REPORT_TRANSITIONS,
  type HistoryEntryResponse,
  type Page,
  type ReportResponse,
  type ReportStatus,
} from '#contracts';
import { EffortStatusBadge, SeverityBadge, StatusBadge } from '../components/Badges.js';
import { MapView } from '../components/MapView.js';
import { ReportComments } from '../components/ReportComments.js';
import { SeveritySelect } from '../components/SeveritySelect.js';
import { TriageTools } from '../components/TriageTools.js';
import { get, HttpError, patch } from '../lib/api.js';
import { formErrors } from '../lib/errors.js';
import { categoryLabel, formatDateTime } from '../lib/i18n.js';
import { useAreas, useAsync, useDocumentTitle, useFeedEvents, useOrganisations, useSession } from '../lib/hooks.js';

function formatValue(field: string, v: unknown, t: (k: string) => string, orgName: (id: string) => string): string {
  if (v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0)) return '–';
  if (field === 'status') return t(`status.${v}`);
  if (field === 'category') return categoryLabel(String(v));
  if (field === 'visibility') return t(`visibility.${v}.short`);
  if (field === 'observedAt') return formatDateTime(String(v));
  if (field === 'sharedWithOrganisationIds' && Array.isArray(v)) return v.map((id) => orgName(String(id))).join(', ');
  if (field === 'mergedInto') return t('report.anotherReport');
  if (typeof v === 'object') {
    const o = v as { name?: unknown; lat?: unknown; lng?: unknown; body?: unknown };
    if (field === 'answer' && typeof o.body === 'string') return o.body;
    if (typeof o.name === 'string') return o.name;
    if (typeof o.lat === 'number' && typeof o.lng === 'number') return `${o.lat.toFixed(5)}, ${o.lng.toFixed(5)}`;
    return JSON.stringify(v);
  }
  return String(v);
}

export default function ReportPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const session = useSession()!;
  const areas = useAreas();
  const report = useAsync(() => get<ReportResponse>(`/api/reports/${id}`), [id]);
  const history = useAsync(() => get<HistoryEntryResponse[] | Page<HistoryEntryResponse>>(`/api/reports/${id}/history`).then((h) => (Array.isArray(h) ? h : h.items)), [id]);
  const [statusError, setStatusError] = useState<string | null>(null);
  const [statusNote, setStatusNote] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const organisations = useOrganisations();
  const orgName = (id: string) => organisations.data?.find((o) => o.id === id)?.name ?? id;
  const r = report.data;
  useDocumentTitle(r ? categoryLabel(r.category) : t('report.title'));

  // What was done about the report (its efforts) is not in feed events: the server filters it per reader on
  // GET /api/reports/:id. Any effort event, or a change of this report, reads the report again (once per burst).
  const refetchTimer = useRef<number | undefined>(undefined);
  const refetchSoon = () => {
    window.clearTimeout(refetchTimer.current);
    refetchTimer.current = window.setTimeout(() => report.reload(), 250);
  };
  useEffect(() => () => window.clearTimeout(refetchTimer.current), []);

  useFeedEvents((e) => {
    if ((e.type === 'report:updated' || e.type === 'report:created' || e.type === 'report:merged') && e.data.id === id) {
      const next = e.data;
      report.setData((cur) => (!cur || next.version >= cur.version ? { ...next, efforts: next.efforts ?? cur?.efforts } : cur));
      history.reload();
      refetchSoon();
    }
    if (e.type === 'effort:created' || e.type === 'effort:updated' || e.type === 'effort:linked') refetchSoon();
  });

  const role = session.user.role;
  const isAuthorOrg = r?.organisation.id === session.user.organisation.id;
  const isAuthor = r?.author?.id === session.user.id;
  const isCoordinator = isCoordinatorRole(role);
  const canEdit = isAuthor || isCoordinator;
  // Once a coordinator has taken the report up (acknowledged, or in progress), its author alone no longer decides it
  // is over (report.rules.ts assertTransition): only coordinators change its status then.
  const takenUp = !!r && COORDINATOR_ONLY_STATUSES.includes(r.status);
  const nextStatuses = useMemo(
    () =>
      r && !r.mergedInto
        ? REPORT_TRANSITIONS[r.status].filter((s) => isCoordinator || (isAuthor && !takenUp && !COORDINATOR_ONLY_STATUSES.includes(s)))
        : [],
    [r, isCoordinator, isAuthor, takenUp],
  );

  const change = async (changes: { status?: ReportStatus; severity?: number }) => {
    if (!r) return;
    setBusy(true);
    setStatusError(null);
    setStatusNote(null);
    try {
      const updated = await patch<ReportResponse>(`/api/reports/${r.id}`, { version: r.version, ...changes });
      report.setData((cur) => ({ ...updated, efforts: updated.efforts ?? cur?.efforts }));
      history.reload();
      setStatusNote(changes.status ? t('report.statusChanged', { status: t(`status.${changes.status}`) }) : t('report.severityChanged', { severity: changes.severity }));
    } catch (e) {
      if (e instanceof HttpError && e.status === 409) {
        setStatusError(t('report.conflict'));
        report.reload();
        history.reload();
      } else setStatusError(formErrors(e, t, []).general.join(' '));
    } finally {
      setBusy(false);
    }
  };

  if (report.loading && !r) return <p role="status">{t('common.loading')}</p>;
  if (!r) {
    const notFound = report.error instanceof HttpError && report.error.status === 404;
    return (
      <div className="narrow">
        <h1>{notFound ? t('report.notFound') : t('report.title')}</h1>
        <div className="notice error" role="alert">
          {notFound ? t('report.notFoundText') : formErrors(report.error, t, []).general.join(' ')}
        </div>
        <p>
          <Link to="/lagesbild">{t('common.back')}</Link>
        </p>
      </div>
    );
  }

  return (
    <div className="report-page">
      <p>
        <Link to="/lagesbild">← {t('common.backToLive')}</Link>
      </p>
      <div className="page-head">
        <h1>
          {categoryLabel(r.category)}
          {r.place ? ` – ${r.place.name}` : ''}
        </h1>
        <span className="head-badges">
          <SeverityBadge severity={r.severity} /> <StatusBadge status={r.status} />
        </span>
      </div>

      {r.mergedInto && (
        <div className="notice info merged-notice" role="status" data-testid="merged-notice">
          <p>{t('report.mergedNotice')}</p>
          <p>
            <Link to={`/rapporter/${r.mergedInto}`}>{t('report.mergedLink')}</Link>
          </p>
        </div>
      )}

      <div aria-live="polite" data-testid="report-answer-region">
        {r.answer && (
          <section aria-labelledby="answer-heading" className="card answer-card" data-testid="report-answer">
            <h2 id="answer-heading">{t('report.answerFrom', { organisation: r.answer.organisation.name })}</h2>
            <p className="comment-body">{r.answer.body}</p>
            <p className="comment-meta">
              <time dateTime={r.answer.at}>{formatDateTime(r.answer.at)}</time>
            </p>
          </section>
        )}
      </div>

      <div className="report-grid">
        <section aria-labelledby="details-heading" className="card">
          <h2 id="details-heading">{t('report.details')}</h2>
          <p className="description">{r.description}</p>
          <dl className="facts">
            <dt>{t('report.observedAt')}</dt>
            <dd>
              <time dateTime={r.observedAt}>{formatDateTime(r.observedAt)}</time>
            </dd>
            <dt>{t('report.place')}</dt>
            <dd>{[r.place?.name, r.area?.name].filter(Boolean).join(', ') || `${r.location.lat.toFixed(5)}, ${r.location.lng.toFixed(5)}`}</dd>
            <dt>{t('report.organisation')}</dt>
            <dd>
              {r.organisation.name}
              {r.author ? ` (${r.author.name})` : ''}
            </dd>
            <dt>{t('report.visibility')}</dt>
            <dd>
              {t(`visibility.${r.visibility}.long`)}
              {r.visibility === 'organisations' && r.sharedWithOrganisationIds.length > 0 && ` (${r.sharedWithOrganisationIds.map(orgName).join(', ')})`}
            </dd>
            <dt>{t('report.severity')}</dt>
            <dd>
              {r.severity} – {t(`severity.${r.severity}`)}
            </dd>
            <dt>{t('report.createdAt')}</dt>
            <dd>{formatDateTime(r.createdAt)}</dd>
            <dt>{t('report.assignedTo')}</dt>
            <dd data-testid="report-assigned">{r.assignedTo ? r.assignedTo.name : t('report.notAssigned')}</dd>
          </dl>
          <MapView className="small-map" label={t('report.mapLabel')} areas={areas.data ?? []} places={[]} reports={[r]} />
        </section>

        <section aria-labelledby="handle-heading" className="card">
          <h2 id="handle-heading">{t('report.handle')}</h2>
          <div aria-live="polite">
            {statusNote && <p className="notice success">{statusNote}</p>}
            {statusError && (
              <p className="notice error" role="alert">
                {statusError}
              </p>
            )}
          </div>
          {canEdit && nextStatuses.length > 0 ? (
            <div className="status-actions" role="group" aria-label={t('report.changeStatus')}>
              <p>{t('report.changeStatus')}</p>
              {nextStatuses.map((s) => (
                <button key={s} type="button" className="button secondary" disabled={busy} onClick={() => void change({ status: s })} data-testid={`status-${s}`}>
                  {t(`statusAction.${s}`)}
                </button>
              ))}
            </div>
          ) : (
            <p className="muted" data-testid="cannot-change">
              {r.mergedInto ? t('report.mergedText') : r.status === 'closed' ? t('report.closedText') : isAuthor && takenUp ? t('report.takenUp') : t('report.cannotChange')}
            </p>
          )}
          {canEdit && r.status !== 'closed' && (
            <SeveritySelect id="severity-change" label={t('report.changeSeverity')} value={r.severity} disabled={busy} onChange={(severity) => void change({ severity })} />
          )}
          {!isAuthorOrg && <p className="hint">{t('report.partnerNote')}</p>}
        </section>

        {isCoordinator && !r.mergedInto && (
          <section aria-labelledby="triage-heading" className="card report-triage" data-testid="report-triage">
            <h2 id="triage-heading">{t('report.triage')}</h2>
            <TriageTools
              key={r.id}
              report={r}
              idPrefix="report"
              onReport={(next) => {
                report.setData((cur) => ({ ...next, efforts: next.efforts ?? cur?.efforts }));
                history.reload();
              }}
              onMerged={(merged) => {
                if (merged.id === r.id) report.setData((cur) => ({ ...merged, efforts: merged.efforts ?? cur?.efforts }));
                history.reload();
              }}
            />
          </section>
        )}

        <section aria-labelledby="efforts-heading" className="card" data-testid="report-efforts">
          <h2 id="efforts-heading">{t('reportEfforts.title')}</h2>
          <div aria-live="polite">
            {r.efforts?.length ? (
              <ul className="plain-list report-efforts">
                {r.efforts.map((ef) => (
                  <li key={ef.id} data-effort-id={ef.id}>
                    <p className="effort-ref-head">
                      <Link to={`/insatser/${ef.id}`}>{ef.title}</Link> <EffortStatusBadge status={ef.status} />
                    </p>
                    <p className="comment-meta">{t(`effortType.${ef.type}`)}</p>
                    <p className={ef.outcome ? 'comment-body' : 'muted'} data-testid="effort-outcome">
                      {ef.outcome ? (
                        <>
                          <strong>{t('reportEfforts.outcome')}:</strong> {ef.outcome}
                        </>
                      ) : (
                        t('reportEfforts.noOutcome')
                      )}
                    </p>
                  </li>
                ))}
              </ul>
            ) : (
              <p className="muted">{t('reportEfforts.none')}</p>
            )}
          </div>
          {r.status !== 'closed' && (
            <p className="after-list">
              <Link to={`/insatser/ny?rapport=${r.id}`} className="button secondary small" data-testid="create-effort">
                {t('reportEfforts.create')}
              </Link>
            </p>
          )}
        </section>

        <ReportComments report={r} onCommented={history.reload} />

        <section aria-labelledby="history-heading" className="card">
          <h2 id="history-heading">{t('report.history')}</h2>
          {history.data?.length ? (
            <ol className="history">
              {history.data.map((h) => (
                <li key={h.id}>
                  <p className="comment-meta">
                    <time dateTime={h.at}>{formatDateTime(h.at)}</time> · {t(`history.${h.action}`)} · {h.organisation.name}
                    {h.actor ? ` (${h.actor.name})` : ''}
                  </p>
                  {h.action === 'updated' && h.changes.length > 0 && (
                    <ul>
                      {h.changes.map((c, i) => (
                        <li key={i}>
                          {t(`fields.${c.field}`, { defaultValue: c.field })}: {formatValue(c.field, c.from, t, orgName)} → {formatValue(c.field, c.to, t, orgName)}
                        </li>
                      ))}
                    </ul>
                  )}
                </li>
              ))}
            </ol>
          ) : (
            <p className="muted">{history.loading ? t('common.loading') : t('report.noHistory')}</p>
          )}
        </section>
      </div>
    </div>
  );
}
