import { CategoryFilter } from '../components/CategoryFilter.js';
import { Fragment, useMemo, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { isCoordinatorRole, SEVERITY_MAX, SEVERITY_MIN, UNASSIGNED, type ReportResponse, type ReportStatus } from '#contracts';
import { AreaSelect } from '../components/AreaSelect.js';
import { SeverityBadge, StatusBadge } from '../components/Badges.js';
import { LiveNotice, type NoticeMessage } from '../components/LiveNotice.js';
import { TriageSettingsPanel } from '../components/TriageSettings.js';
import { reportName, TriageTools } from '../components/TriageTools.js';
import { HttpError, patch } from '../lib/api.js';
import { formErrors } from '../lib/errors.js';
import { categoryLabel, formatDateTime, formatRelative } from '../lib/i18n.js';
import { matchesQuery, useAreas, useDocumentTitle, useLiveReports, useMediaQuery, useOrganisations, useSession, type ReportQuery } from '../lib/hooks.js';
import { acknowledgeReports } from '../lib/triage.js';

const ORDER: Record<string, number> = { new: 0, acknowledged: 1, in_progress: 2 };
const PAGE = 50;
/** Below this width the queue is a list of cards (every action within reach on a phone), above it a table. */
const CARDS_QUERY = '(max-width: 760px)';
/** The statuses of the queue: what is still to be triaged or handled. */
const QUEUE_STATUSES: readonly ReportStatus[] = ['new', 'acknowledged', 'in_progress'];
const DEFAULT_STATUSES = 'new,acknowledged';
/** "Older than": 24 hours, 3 days, a week. */
const AGES = ['24', '72', '168'] as const;
const SEVERITIES = Array.from({ length: SEVERITY_MAX - SEVERITY_MIN }, (_, i) => i + SEVERITY_MIN + 1);

const list = (v: string) => v.split(',').filter(Boolean);

/** What a coordinator can do with one report of the queue at once; the same buttons in the table and on a card. */
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

/** Opens and closes a report's tools (assign, answer, duplicates) under its row or card. */
function ToolsToggle({ r, open, onToggle }: { r: ReportResponse; open: boolean; onToggle: () => void }) {
  const { t } = useTranslation();
  return (
    <button type="button" className="button secondary small tools-toggle" aria-expanded={open} aria-controls={`tools-${r.id}`} onClick={onToggle} data-testid="tools-toggle">
      {t('triage.tools')}
      <span className="visually-hidden">: {reportName(r)}</span>
    </button>
  );
}

/** Who has it and whether the reporter was answered: small marks by the report's name. */
function TriageMarks({ r }: { r: ReportResponse }) {
  const { t } = useTranslation();
  if (!r.assignedTo && !r.answer) return null;
  return (
    <span className="triage-marks">
      {r.assignedTo && (
        <span className="badge assigned" data-testid="assigned-mark">
          {t('triage.assignedMark', { organisation: r.assignedTo.name })}
        </span>
      )}
      {r.answer && (
        <span className="badge answered" data-testid="answered-mark">
          {t('triage.answeredMark')}
        </span>
      )}
    </span>
  );
}

/** The one checkbox that chooses a new report for "acknowledge chosen". */
function ChooseBox({ r, checked, onChange, visibleLabel }: { r: ReportResponse; checked: boolean; onChange: (on: boolean) => void; visibleLabel?: boolean }) {
  const { t } = useTranslation();
  return (
    <label className="checkbox choose">
      <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} data-testid="choose-report" data-report-id={r.id} />
      {visibleLabel ? (
        <span>
          {t('triage.choose')}
          <span className="visually-hidden">: {reportName(r)}</span>
        </span>
      ) : (
        <span className="visually-hidden">{t('triage.chooseReport', { report: reportName(r) })}</span>
      )}
    </label>
  );
}

export default function TriagePage() {
  const { t } = useTranslation();
  const session = useSession()!;
  const [params, setParams] = useSearchParams();
  // The filters are the screen's own state, mirrored in the address for a link or reload (as on the efforts screen).
  const [filters, setFilters] = useState(() => ({
    omrade: params.get('omrade') ?? '',
    kategori: params.get('kategori') ?? '',
    grad: params.get('grad') ?? '',
    status: params.get('status') ?? DEFAULT_STATUSES,
    organisation: params.get('organisation') ?? '',
    tilldelad: params.get('tilldelad') ?? '',
    aldre: params.get('aldre') ?? '',
  }));
  // The filters as last set, for the address: two changes before a render (a navigation may wait in a transition)
  // must not each write the address from the same old one and lose the other.
  const latest = useRef(filters);
  const [shown, setShown] = useState(PAGE);
  const [message, setMessage] = useState<NoticeMessage | null>(null);
  const [busyId, setBusyId] = useState<string | null>(null);
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [bulkBusy, setBulkBusy] = useState(false);
  const [openId, setOpenId] = useState<string | null>(null);
  const noticeRef = useRef<HTMLDivElement>(null);
  const areas = useAreas();
  const organisations = useOrganisations();
  const cards = useMediaQuery(CARDS_QUERY);
  useDocumentTitle(t('triage.title'));

  const categories = useMemo(() => list(filters.kategori), [filters.kategori]);
  const statuses = useMemo(() => {
    const s = list(filters.status).filter((x) => QUEUE_STATUSES.includes(x as ReportStatus));
    return s.length ? s : [...QUEUE_STATUSES];
  }, [filters.status]);
  const query = useMemo<ReportQuery>(
    () => ({
      statuses,
      categories,
      areaId: filters.omrade || undefined,
      minSeverity: Number(filters.grad) || undefined,
      organisationId: filters.organisation || undefined,
      assignedTo: filters.tilldelad || undefined,
      olderThanHours: Number(filters.aldre) || undefined,
    }),
    [statuses, categories, filters.omrade, filters.grad, filters.organisation, filters.tilldelad, filters.aldre],
  );
  const { reports, loading, error, reload, apply } = useLiveReports(query);

  // New first, then acknowledged; the most severe first; then the one that has waited longest.
  const queue = useMemo(
    () => [...reports].sort((a, b) => (ORDER[a.status] ?? 9) - (ORDER[b.status] ?? 9) || b.severity - a.severity || a.createdAt.localeCompare(b.createdAt)),
    [reports],
  );
  const counts = useMemo(() => ({ new: reports.filter((r) => r.status === 'new').length, acknowledged: reports.filter((r) => r.status === 'acknowledged').length }), [reports]);
  const visible = queue.slice(0, shown);
  const newShown = visible.filter((r) => r.status === 'new');
  // Only what is still new and still in the list counts as chosen (a live change may have taken a report away).
  const chosenNew = newShown.filter((r) => chosen.has(r.id));
  const allNewChosen = newShown.length > 0 && chosenNew.length === newShown.length;

  if (!isCoordinatorRole(session.user.role)) {
    return (
      <div className="narrow">
        <h1>{t('triage.title')}</h1>
        <p className="notice warning">{t('triage.onlyCoordinators')}</p>
      </div>
    );
  }

  const set = (key: keyof typeof filters, value: string) => {
    latest.current = { ...latest.current, [key]: value };
    setFilters(latest.current);
    setShown(PAGE);
    const next = new URLSearchParams();
    for (const [k, v] of Object.entries(latest.current)) if (v && !(k === 'status' && v === DEFAULT_STATUSES)) next.set(k, v);
    setParams(next, { replace: true });
  };
  const toggleIn = (key: 'kategori' | 'status', value: string, on: boolean) => {
    let current = list(latest.current[key]);
    if (key === 'status') {
      current = current.filter((x) => QUEUE_STATUSES.includes(x as ReportStatus));
      if (!current.length) current = [...QUEUE_STATUSES];
    }
    const next = on ? [...new Set([...current, value])] : current.filter((x) => x !== value);
    set(key, next.join(','));
  };


  /** A message at the top of the queue, with focus on it (the row the user acted on may have left the list). */
  const announce = (m: NoticeMessage) => {
    setMessage(m);
    window.setTimeout(() => noticeRef.current?.focus(), 0);
  };

  const setStatus = async (r: ReportResponse, status: ReportStatus) => {
    setBusyId(r.id);
    setMessage(null);
    try {
      const updated = await patch<ReportResponse>(`/api/reports/${r.id}`, { version: r.version, status });
      apply(updated);
      setMessage({ kind: 'success', text: t('triage.changed', { category: categoryLabel(r.category), status: t(`status.${status}`) }) });
    } catch (e) {
      if (e instanceof HttpError && e.status === 409) {
        setMessage({ kind: 'error', text: t('report.conflict') });
        reload();
      } else setMessage({ kind: 'error', text: formErrors(e, t, []).general.join(' ') });
    } finally {
      setBusyId(null);
    }
  };

  const acknowledgeChosen = async () => {
    const ids = chosenNew.map((r) => r.id);
    if (!ids.length) return;
    setBulkBusy(true);
    setMessage(null);
    try {
      const res = await acknowledgeReports(ids);
      setChosen(new Set());
      const text = [t('triage.acknowledgedCount', { count: res.acknowledged.length }), res.unchanged.length ? t('triage.unchangedCount', { count: res.unchanged.length }) : '']
        .filter(Boolean)
        .join(' ');
      setMessage({ kind: 'success', text });
      // The answer carries every report asked about as it is now: the rows change at once, without reading the list again.
      for (const r of res.reports) apply(r);
    } catch (e) {
      setMessage({ kind: 'error', text: formErrors(e, t, []).general.join(' ') });
      reload();
    } finally {
      setBulkBusy(false);
    }
  };

  const choose = (id: string, on: boolean) =>
    setChosen((s) => {
      const next = new Set(s);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });

  /** A report changed by the tools: shown at once; if it no longer belongs in the queue, the queue says so. */
  const onReport = (r: ReportResponse, done?: string) => {
    apply(r);
    if (!matchesQuery(query, r)) announce({ kind: 'success', text: [done, t('triage.leftQueue', { report: reportName(r), status: t(`status.${r.status}`) })].filter(Boolean).join(' ') });
  };
  const onMerged = (merged: ReportResponse, openReport: ReportResponse) => {
    apply(merged);
    if (merged.id === openReport.id) announce({ kind: 'success', text: t('triage.mergedLeft', { report: reportName(merged) }) });
  };

  const tools = (r: ReportResponse) => (
    <div id={`tools-${r.id}`} className="row-tools" role="region" aria-label={t('triage.toolsFor', { report: reportName(r) })}>
      <TriageTools report={r} idPrefix={`t-${r.id.slice(0, 8)}`} onReport={onReport} onMerged={(m) => onMerged(m, r)} />
    </div>
  );
  const toggle = (r: ReportResponse) => setOpenId((cur) => (cur === r.id ? null : r.id));

  return (
    <div className="triage-page">
      <h1>{t('triage.title')}</h1>
      <p className="lead">{t('triage.intro')}</p>
      <p data-testid="triage-counts">{t('triage.counts', { new: counts.new, acknowledged: counts.acknowledged })}</p>

      <TriageSettingsPanel />

      <form className="filters triage-filters" aria-label={t('triage.filters')} onSubmit={(e) => e.preventDefault()}>
        <AreaSelect id="triage-area" areas={areas.data ?? []} value={filters.omrade} onChange={(v) => set('omrade', v)} />
        <div className="field inline">
          <label htmlFor="triage-severity">{t('triage.minSeverity')}</label>
          <select id="triage-severity" value={filters.grad} onChange={(e) => set('grad', e.target.value)}>
            <option value="">{t('triage.anySeverity')}</option>
            {SEVERITIES.map((s) => (
              <option key={s} value={s}>
                {t('triage.severityAtLeast', { severity: s, label: t(`severity.${s}`) })}
              </option>
            ))}
          </select>
        </div>
        <div className="field inline">
          <label htmlFor="triage-org">{t('triage.organisation')}</label>
          <select id="triage-org" value={filters.organisation} onChange={(e) => set('organisation', e.target.value)}>
            <option value="">{t('triage.allOrganisations')}</option>
            {(organisations.data ?? []).map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field inline">
          <label htmlFor="triage-assigned">{t('triage.assignedTo')}</label>
          <select id="triage-assigned" value={filters.tilldelad} onChange={(e) => set('tilldelad', e.target.value)}>
            <option value="">{t('triage.anyAssignee')}</option>
            <option value={UNASSIGNED}>{t('triage.unassigned')}</option>
            {(organisations.data ?? []).map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field inline">
          <label htmlFor="triage-age">{t('triage.age')}</label>
          <select id="triage-age" value={filters.aldre} onChange={(e) => set('aldre', e.target.value)}>
            <option value="">{t('triage.anyAge')}</option>
            {AGES.map((a) => (
              <option key={a} value={a}>
                {t(`triage.ages.${a}`)}
              </option>
            ))}
          </select>
        </div>
        <fieldset className="field status-filter">
          <legend>{t('triage.statuses')}</legend>
          <div className="segmented">
            {QUEUE_STATUSES.map((s) => (
              <label key={s} className="checkbox">
                <input type="checkbox" checked={statuses.includes(s)} onChange={(e) => toggleIn('status', s, e.target.checked)} />
                {t(`status.${s}`)}
              </label>
            ))}
          </div>
        </fieldset>
        <CategoryFilter value={categories} onChange={(codes) => set('kategori', codes.join(','))} />
      </form>

      <div ref={noticeRef} tabIndex={-1} className="notice-anchor">
        <LiveNotice message={message} />
      </div>
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
          {newShown.length > 0 && (
            <div className="bulk-bar" role="group" aria-label={t('triage.bulk')} data-testid="bulk-bar">
              <label className="checkbox choose">
                <input type="checkbox" checked={allNewChosen} onChange={(e) => setChosen(e.target.checked ? new Set(newShown.map((r) => r.id)) : new Set())} />
                {t('triage.chooseAllNew', { count: newShown.length })}
              </label>
              <button type="button" className="button" disabled={bulkBusy || chosenNew.length === 0} onClick={() => void acknowledgeChosen()} data-testid="acknowledge-chosen">
                {t('triage.acknowledgeChosen', { count: chosenNew.length })}
              </button>
            </div>
          )}
          {cards ? (
            <ul className="plain-list triage-cards" aria-label={t('triage.caption')} data-testid="triage-cards">
              {visible.map((r) => (
                <li key={r.id} className="card triage-card" data-report-id={r.id}>
                  <div className="triage-card-top">
                    <p className="triage-card-badges">
                      <StatusBadge status={r.status} /> <SeverityBadge severity={r.severity} />
                    </p>
                    {r.status === 'new' && <ChooseBox r={r} checked={chosen.has(r.id)} onChange={(on) => choose(r.id, on)} visibleLabel />}
                  </div>
                  <h2 className="h3">
                    <Link to={`/rapporter/${r.id}`}>{reportName(r)}</Link>
                  </h2>
                  <TriageMarks r={r} />
                  <p className="feed-desc">{r.description}</p>
                  <p className="feed-meta">
                    <time dateTime={r.createdAt} title={formatDateTime(r.createdAt)}>
                      {t('triage.received', { when: formatRelative(r.createdAt) })}
                    </time>{' '}
                    · {t('triage.from', { organisation: r.organisation.name })}
                  </p>
                  <div className="row-actions card-actions">
                    <TriageActions r={r} busy={busyId === r.id} onStatus={(x, st) => void setStatus(x, st)} />
                    <ToolsToggle r={r} open={openId === r.id} onToggle={() => toggle(r)} />
                  </div>
                  {openId === r.id && tools(r)}
                </li>
              ))}
            </ul>
          ) : (
            <div className="table-wrap">
              <table className="table" data-testid="triage-table">
                <caption className="visually-hidden">{t('triage.caption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">
                      <span className="visually-hidden">{t('triage.col.choose')}</span>
                    </th>
                    <th scope="col">{t('triage.col.status')}</th>
                    <th scope="col">{t('triage.col.severity')}</th>
                    <th scope="col">{t('triage.col.report')}</th>
                    <th scope="col">{t('triage.col.when')}</th>
                    <th scope="col">{t('triage.col.from')}</th>
                    <th scope="col">{t('triage.col.actions')}</th>
                  </tr>
                </thead>
                <tbody>
                  {visible.map((r) => (
                    <Fragment key={r.id}>
                      <tr data-report-id={r.id} className={openId === r.id ? 'has-tools' : undefined}>
                        <td>{r.status === 'new' && <ChooseBox r={r} checked={chosen.has(r.id)} onChange={(on) => choose(r.id, on)} />}</td>
                        <td>
                          <StatusBadge status={r.status} />
                        </td>
                        <td>
                          <SeverityBadge severity={r.severity} />
                        </td>
                        <td>
                          <Link to={`/rapporter/${r.id}`}>{reportName(r)}</Link> <TriageMarks r={r} />
                          <div className="feed-desc">{r.description}</div>
                        </td>
                        <td>
                          <time dateTime={r.createdAt} title={formatDateTime(r.createdAt)}>
                            {formatRelative(r.createdAt)}
                          </time>
                        </td>
                        <td>{r.organisation.name}</td>
                        <td>
                          <div className="row-actions">
                            <TriageActions r={r} busy={busyId === r.id} onStatus={(x, st) => void setStatus(x, st)} />
                            <ToolsToggle r={r} open={openId === r.id} onToggle={() => toggle(r)} />
                          </div>
                        </td>
                      </tr>
                      {openId === r.id && (
                        <tr className="tools-row">
                          <td colSpan={7}>{tools(r)}</td>
                        </tr>
                      )}
                    </Fragment>
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
