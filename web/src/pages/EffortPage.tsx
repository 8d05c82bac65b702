import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import {
  CONFIDENTIAL_EFFORT_TYPES,
  COORDINATOR_ONLY_STATUSES,
  isCoordinatorRole,
  LIMITS,
  OPEN_EFFORT_STATUSES,
  REPORT_TRANSITIONS,
  VISIBILITIES,
  type EffortResponse,
  type EffortStatus,
  type HistoryEntryResponse,
  type Page,
  type ReportResponse,
} from '#contracts';
import { EffortStatusBadge, OverdueBadge, StatusBadge } from '../components/Badges.js';
import { EffortActions } from '../components/EffortActions.js';
import { EffortOrganisations, PlannedDates } from '../components/EffortParts.js';
import { isStale, PendingEffortChanges } from '../components/EffortOutbox.js';
import { EffortReports, reportLabel } from '../components/EffortReports.js';
import { LiveNotice, type NoticeMessage } from '../components/LiveNotice.js';
import { PrivacyTextarea } from '../components/PrivacyTextarea.js';
import { get, getAll, HttpError, patch } from '../lib/api.js';
import { effortTransitions, followUpInstant, localDateInput, mayChangeEffort, newerEffort, OPEN_REPORT_STATUSES, ownsEffort } from '../lib/efforts.js';
import { formErrors, type FormErrors } from '../lib/errors.js';
import { formatDate, formatDateTime } from '../lib/i18n.js';
import { useAsync, useDocumentTitle, useFeedEvents, useOrganisations, useOutbox, useSession } from '../lib/hooks.js';
import { newKey, onOutboxSent, submitWrite } from '../lib/outbox.js';
import { effortUpdateWrite, type EffortUpdateDraft } from '../lib/outbox-kinds.js';

const NO_ERRORS: FormErrors = { fields: {}, general: [] };
const PATCH_FIELDS = ['status', 'outcome', 'followUpAt', 'visibility', 'sharedWithOrganisationIds'];
const DATE_FIELDS = ['plannedStart', 'plannedEnd', 'actualStart', 'actualEnd', 'followUpAt'];

/** The words of a status button: reopening reads differently from moving on. */
function transitionKey(from: EffortStatus, to: EffortStatus): string {
  if (from === 'done' && to === 'ongoing') return 'reopen';
  if (from === 'cancelled' && to === 'planned') return 'replan';
  return to;
}

function formatEffortValue(field: string, v: unknown, t: (k: string, o?: Record<string, unknown>) => string, orgName: (id: string) => string): string {
  if (v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0)) return '–';
  if (field === 'status') return t(`effortStatus.${v}`);
  if (field === 'type') return t(`effortType.${v}`);
  if (field === 'mode') return t(`effortMode.${v}.short`);
  if (field === 'visibility') return t(`effortVisibility.${v}.short`);
  if (DATE_FIELDS.includes(field)) return field === 'followUpAt' ? formatDate(String(v)) : formatDateTime(String(v));
  if (field === 'sharedWithOrganisationIds' && Array.isArray(v)) return v.map((id) => orgName(String(id))).join(', ');
  if (Array.isArray(v)) return v.map((x) => (x && typeof x === 'object' && 'name' in x ? String((x as { name: unknown }).name) : String(x))).join(', ');
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** One line of an effort's history, in words. */
function HistoryChanges({ h, orgName }: { h: HistoryEntryResponse; orgName: (id: string) => string }) {
  const { t } = useTranslation();
  if (h.action === 'linked') {
    const ids = h.changes.flatMap((c) => (Array.isArray(c.to) ? c.to : []));
    return ids.length ? <p className="comment-body">{t('effort.historyLinked', { count: ids.length })}</p> : null;
  }
  if (h.action === 'unlinked') return <p className="comment-body">{t('effort.historyUnlinked')}</p>;
  if (h.action === 'action') {
    return (
      <ul>
        {h.changes.map((c, i) => {
          const a = (c.to ?? {}) as { kind?: string; count?: number | null; organisationId?: string };
          return (
            <li key={i}>
              {a.count != null ? `${a.count} ${a.kind}` : a.kind}
              {a.organisationId ? ` (${orgName(a.organisationId)})` : ''}
            </li>
          );
        })}
      </ul>
    );
  }
  if (h.action !== 'updated' || !h.changes.length) return null;
  return (
    <ul>
      {h.changes.map((c, i) => (
        <li key={i}>
          {t(`fields.${c.field}`, { defaultValue: c.field })}: {formatEffortValue(c.field, c.from, t, orgName)} → {formatEffortValue(c.field, c.to, t, orgName)}
        </li>
      ))}
    </ul>
  );
}

type ResolveResult = { ok: true } | { ok: false; reason: string };

/**
 * A finished effort's linked reports that are still open: offered for resolution, each PATCHed on its own (the
 * author's organisation's coordinators and the author may; a report another may not resolve is marked so).
 */
function ResolveReports({ reports, onDone, onClose }: { reports: ReportResponse[]; onDone: () => void; onClose: () => void }) {
  const { t } = useTranslation();
  const session = useSession()!;
  const headingRef = useRef<HTMLHeadingElement>(null);
  const isCoordinator = isCoordinatorRole(session.user.role);
  // The author may resolve their own report only until a coordinator has taken it up (report.rules.ts assertTransition).
  const mayResolve = (r: ReportResponse) =>
    REPORT_TRANSITIONS[r.status].includes('resolved') && (isCoordinator || (r.author?.id === session.user.id && !COORDINATOR_ONLY_STATUSES.includes(r.status)));
  const [chosen, setChosen] = useState<string[]>(() => reports.filter(mayResolve).map((r) => r.id));
  const [results, setResults] = useState<Record<string, ResolveResult>>({});
  const [busy, setBusy] = useState(false);
  const [summary, setSummary] = useState<NoticeMessage | null>(null);
  useEffect(() => headingRef.current?.focus(), []);

  const resolveOne = async (r: ReportResponse): Promise<ResolveResult> => {
    let version = r.version;
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        await patch<ReportResponse>(`/api/reports/${r.id}`, { version, status: 'resolved' });
        return { ok: true };
      } catch (e) {
        // Changed meanwhile (e.g. moved to in_progress by the link): read it again and try once more.
        if (e instanceof HttpError && e.status === 409 && attempt === 0) {
          try {
            const fresh = await get<ReportResponse>(`/api/reports/${r.id}`);
            if (fresh.status === 'resolved') return { ok: true };
            version = fresh.version;
            continue;
          } catch (again) {
            return { ok: false, reason: formErrors(again, t, []).general.join(' ') };
          }
        }
        const fe = formErrors(e, t, []);
        return { ok: false, reason: [...Object.values(fe.fields), ...fe.general].join(' ') };
      }
    }
    return { ok: false, reason: t('errors.conflict') };
  };

  const resolve = async () => {
    setBusy(true);
    setSummary(null);
    const todo = reports.filter((r) => chosen.includes(r.id));
    const out: Record<string, ResolveResult> = {};
    for (const r of todo) out[r.id] = await resolveOne(r);
    setResults(out);
    const ok = Object.values(out).filter((x) => x.ok).length;
    setSummary({ kind: ok === todo.length ? 'success' : 'error', text: t('effort.resolveResult', { ok, total: todo.length }) });
    setChosen([]);
    setBusy(false);
    onDone();
  };

  return (
    <section aria-labelledby="resolve-heading" className="card resolve-panel" data-testid="resolve-reports">
      <h2 id="resolve-heading" ref={headingRef} tabIndex={-1}>
        {t('effort.resolve')}
      </h2>
      <p>{t('effort.resolveIntro')}</p>
      <LiveNotice message={summary} />
      <fieldset className="field">
        <legend className="visually-hidden">{t('effort.resolve')}</legend>
        <ul className="plain-list candidates">
          {reports.map((r) => {
            const allowed = mayResolve(r);
            const result = results[r.id];
            return (
              <li key={r.id} data-report-id={r.id}>
                <label className="checkbox">
                  <input
                    type="checkbox"
                    disabled={!allowed || busy || result?.ok}
                    checked={chosen.includes(r.id)}
                    onChange={(e) => setChosen((s) => (e.target.checked ? [...s, r.id] : s.filter((x) => x !== r.id)))}
                    aria-describedby={!allowed ? `resolve-${r.id}-why` : result ? `resolve-${r.id}-result` : undefined}
                  />
                  <span>
                    <span>
                      <strong>{reportLabel(r)}</strong> <StatusBadge status={r.status} />
                    </span>
                    <span className="feed-meta">
                      {formatDateTime(r.observedAt)} · {r.organisation.name}
                    </span>
                  </span>
                </label>
                {!allowed && (
                  <p className="hint" id={`resolve-${r.id}-why`}>
                    {t('effort.resolveNotAllowed')}
                  </p>
                )}
                {result && (
                  <p id={`resolve-${r.id}-result`} className={result.ok ? 'ok-text' : 'field-error'} data-testid="resolve-result">
                    {result.ok ? t('effort.resolveOk') : t('effort.resolveFailed', { reason: result.reason })}
                  </p>
                )}
              </li>
            );
          })}
        </ul>
      </fieldset>
      <div className="actions">
        <button type="button" className="button" disabled={busy || !chosen.length} onClick={() => void resolve()} data-testid="resolve-chosen">
          {t('effort.resolveChosen')}
        </button>
        <button type="button" className="button secondary" onClick={onClose}>
          {t('effort.resolveClose')}
        </button>
      </div>
    </section>
  );
}

/** One screen per effort: going from one effort to another starts afresh (no outcome half-written for another). */
export default function EffortPage() {
  const { id = '' } = useParams();
  return <EffortScreen key={id} id={id} />;
}

function EffortScreen({ id }: { id: string }) {
  const { t } = useTranslation();
  const location = useLocation();
  const session = useSession()!;
  const organisations = useOrganisations();
  const orgName = (oid: string) => organisations.data?.find((o) => o.id === oid)?.name ?? oid;
  const effort = useAsync(() => get<EffortResponse>(`/api/efforts/${id}`), [id]);
  const history = useAsync(() => get<Page<HistoryEntryResponse>>(`/api/efforts/${id}/history`).then((p) => p.items), [id]);
  const reports = useAsync(() => getAll<ReportResponse>(`/api/efforts/${id}/reports`, 1000, 200), [id]);
  const e = effort.data;
  useDocumentTitle(e ? e.title : t('effort.title'));

  const [message, setMessage] = useState<NoticeMessage | null>(() => ((location.state as { created?: boolean } | null)?.created ? { kind: 'success', text: t('effort.created') } : null));
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);
  // The outcome being written: null while untouched (the field shows the effort's own, kept current live).
  const [outcome, setOutcome] = useState<string | null>(null);
  const [followUp, setFollowUp] = useState<string | null>(null);
  const [visibility, setVisibility] = useState<string | null>(null);
  const [sharedWith, setSharedWith] = useState<string[] | null>(null);
  // The open linked reports offered for resolution, as they were when offered (results stay shown after).
  const [resolveList, setResolveList] = useState<ReportResponse[] | null>(null);
  // The change being sent from this page's controls (not listed as pending while the page waits for its answer).
  const [sending, setSending] = useState<string | null>(null);
  const sendingRef = useRef<string | null>(null);
  /** Keys of changes this form sent and got an answer to (see pendingChanges). */
  const answered = useRef(new Set<string>());
  const outbox = useOutbox();
  // Leaves out what the form itself is sending, and what it sent and was answered (sent or refused): the outbox may
  // still list such an item for a moment (its read races the removal), and it must not count as waiting or stale then.
  const pendingChanges = outbox.filter((i) => i.kind === 'effortUpdate' && i.effort?.id === id && i.key !== sending && !answered.current.has(i.key));
  // One change at a time: a second, made against the same version, would only be refused once the first arrives.
  const changeWaits = pendingChanges.some((i) => i.state === 'waiting');
  const staleKeys = pendingChanges.filter(isStale).map((i) => i.key).join(',');

  useFeedEvents((ev) => {
    if ((ev.type === 'effort:updated' || ev.type === 'effort:linked' || ev.type === 'effort:created') && ev.data.id === id) {
      const next = ev.data;
      effort.setData((cur) => (!cur || newerEffort(cur, next) ? next : cur));
      history.reload();
      if (ev.type === 'effort:linked') reports.reload();
    }
    if (ev.type === 'report:updated' && reports.data?.some((r) => r.id === ev.data.id)) {
      const next = ev.data;
      reports.setData((cur) => cur?.map((r) => (r.id === next.id && next.version >= r.version ? next : r)));
    }
  });

  // A change or link of this effort sent from the outbox later (back online): the effort as the server answered.
  useEffect(
    () =>
      onOutboxSent((s) => {
        if ((s.kind === 'effortUpdate' || s.kind === 'effortLink') && s.response.id === id) {
          const next = s.response;
          effort.setData((cur) => (!cur || newerEffort(cur, next) ? next : cur));
          history.reload();
          if (s.kind === 'effortLink') reports.reload();
          if (s.item.key !== sendingRef.current) setMessage({ kind: 'success', text: t(s.kind === 'effortUpdate' ? 'effortOutbox.sent' : 'effortOutbox.linkSent') });
        }
      }),
    [id, effort.setData, history.reload, reports.reload, t],
  );
  // A queued change the server refused as stale: show the effort as it is now, for the user to decide on.
  useEffect(() => {
    if (staleKeys) {
      effort.reload();
      history.reload();
      // "Saved on the device" no longer holds: the refusal, shown with the change, says what happened.
      setMessage(null);
    }
  }, [staleKeys, effort.reload, history.reload]);

  const canChange = !!e && mayChangeEffort(session.user, e);
  const isOwner = !!e && ownsEffort(session.user, e);
  const transitions = e ? effortTransitions(e.status) : [];
  const openLinked = useMemo(() => (reports.data ?? []).filter((r) => OPEN_REPORT_STATUSES.includes(r.status)), [reports.data]);
  const outcomeValue = outcome ?? e?.outcome ?? '';
  const outcomeDirty = outcome !== null && outcome.trim() !== (e?.outcome ?? '');
  const followUpValue = followUp ?? (e?.followUpAt ? localDateInput(new Date(e.followUpAt)) : '');
  const visibilityValue = visibility ?? e?.visibility ?? 'partners';
  const sharedWithValue = sharedWith ?? e?.sharedWithOrganisationIds ?? [];
  const lockedOwn = !!e && CONFIDENTIAL_EFFORT_TYPES.includes(e.type) && OPEN_EFFORT_STATUSES.includes(e.status);

  /**
   * One change at the version last read, through the outbox with its own Idempotency-Key: sent at once when online
   * (a retry after a lost answer gets the first answer), kept on the device and sent later when not. A 409 reloads
   * the effort and says so; the user's text stays.
   */
  const save = async (changes: Omit<EffortUpdateDraft, 'version'>, success: string, after?: (updated: EffortResponse) => void, queued?: () => void) => {
    if (!e) return;
    setBusy(true);
    setMessage(null);
    setErrors(NO_ERRORS);
    const key = newKey();
    setSending(key);
    sendingRef.current = key;
    try {
      const result = await submitWrite(session.user.id, effortUpdateWrite(e, { version: e.version, ...changes }), { key });
      if (result.outcome !== 'waiting') answered.current.add(key);
      if (result.outcome === 'sent' && result.sent.kind === 'effortUpdate') {
        const updated = result.sent.response;
        effort.setData(() => updated);
        history.reload();
        setMessage({ kind: 'success', text: success });
        after?.(updated);
      } else if (result.outcome === 'waiting') {
        setMessage({ kind: 'success', text: t('effortOutbox.updateWaiting') });
        queued?.();
      } else if (result.outcome === 'rejected') {
        const err = result.error;
        if (err.status === 409) {
          setMessage({ kind: 'error', text: t('effort.conflict') });
          effort.reload();
          history.reload();
        } else {
          const fe = formErrors(err, t, PATCH_FIELDS);
          setErrors(fe);
          setMessage({ kind: 'error', text: [...fe.general, ...Object.values(fe.fields)].join(' ') });
        }
      }
    } catch (err) {
      // The device could not store it (IndexedDB unavailable): nothing was sent.
      setMessage({ kind: 'error', text: formErrors(err, t, []).general.join(' ') });
    } finally {
      setSending(null);
      sendingRef.current = null;
      setBusy(false);
    }
  };

  const changeStatus = (status: EffortStatus) => {
    const withOutcome = outcomeDirty && outcome!.trim() ? { outcome: outcome!.trim() } : {};
    const clearOutcome = () => {
      if (withOutcome.outcome) setOutcome(null);
    };
    void save({ status, ...withOutcome }, t('effort.statusChanged', { status: t(`effortStatus.${status}`) }), () => {
      clearOutcome();
      if (status === 'done' && openLinked.length) setResolveList(openLinked);
    }, clearOutcome);
  };

  const saveOutcome = () => {
    const text = outcomeValue.trim();
    if (!text || text.length > LIMITS.text) {
      setErrors({ fields: { outcome: text ? t('effort.outcomeTooLong', { max: LIMITS.text }) : t('effort.outcomeEmpty') }, general: [] });
      return;
    }
    void save({ outcome: text }, t('effort.outcomeSaved'), () => setOutcome(null), () => setOutcome(null));
  };

  const saveFollowUp = () => {
    const instant = followUpInstant(followUpValue);
    if (!instant) {
      setErrors({ fields: { followUpAt: t('newEffort.errors.followUpAt') }, general: [] });
      return;
    }
    void save({ followUpAt: instant }, t('effort.followUpSaved'), () => setFollowUp(null), () => setFollowUp(null));
  };

  const saveVisibility = () => {
    const extra = sharedWithValue.filter((oid) => !e?.organisations.some((o) => o.id === oid));
    if (visibilityValue === 'organisations' && !extra.length) {
      setErrors({ fields: { sharedWithOrganisationIds: t('newEffort.errors.sharedWith') }, general: [] });
      return;
    }
    const clear = () => {
      setVisibility(null);
      setSharedWith(null);
    };
    void save({ visibility: visibilityValue, sharedWithOrganisationIds: visibilityValue === 'organisations' ? extra : [] }, t('effort.visibilitySaved'), clear, clear);
  };

  if (effort.loading && !e) return <p role="status">{t('common.loading')}</p>;
  if (!e) {
    const notFound = effort.error instanceof HttpError && effort.error.status === 404;
    return (
      <div className="narrow">
        <h1>{notFound ? t('effort.notFound') : t('effort.title')}</h1>
        <div className="notice error" role="alert">
          {notFound ? t('effort.notFoundText') : formErrors(effort.error, t, []).general.join(' ')}
        </div>
        <p>
          <Link to="/insatser">{t('effort.back')}</Link>
        </p>
      </div>
    );
  }

  const fieldError = (f: string) =>
    errors.fields[f] && (
      <p className="field-error" role="alert" id={`${f}-error`}>
        {errors.fields[f]}
      </p>
    );

  return (
    <div className="effort-page">
      <p>
        <Link to="/insatser">← {t('effort.back')}</Link>
      </p>
      <div className="page-head">
        <h1>{e.title}</h1>
        <span className="head-badges" data-testid="effort-status">
          <EffortStatusBadge status={e.status} />
          {e.overdue && <OverdueBadge />}
        </span>
      </div>

      <div className="report-grid">
        <section aria-labelledby="effort-details-heading" className="card">
          <h2 id="effort-details-heading">{t('effort.details')}</h2>
          {e.description && <p className="description">{e.description}</p>}
          <dl className="facts">
            <dt>{t('effort.type')}</dt>
            <dd>{t(`effortType.${e.type}`)}</dd>
            <dt>{t('effort.mode')}</dt>
            <dd>{t(`effortMode.${e.mode}.short`)}</dd>
            <dt>{t('effort.organisations')}</dt>
            <dd>
              <EffortOrganisations effort={e} />
            </dd>
            <dt>{t('effort.where')}</dt>
            <dd>{[...e.places.map((p) => p.name), ...e.areas.map((a) => a.name)].join(', ') || t('effort.noPlace')}</dd>
            <dt>{t('effort.planned')}</dt>
            <dd>
              <PlannedDates effort={e} />
            </dd>
            {e.actualStart && (
              <>
                <dt>{t('effort.actual')}</dt>
                <dd>
                  <time dateTime={e.actualStart}>{formatDateTime(e.actualStart)}</time>
                  {e.actualEnd && (
                    <>
                      {' – '}
                      <time dateTime={e.actualEnd}>{formatDateTime(e.actualEnd)}</time>
                    </>
                  )}
                </dd>
              </>
            )}
            <dt>{t('effort.followUp')}</dt>
            <dd className={e.overdue ? 'overdue-text' : undefined}>
              {e.followUpAt ? <time dateTime={e.followUpAt}>{formatDate(e.followUpAt)}</time> : '–'}
              {e.overdue && ` (${t('efforts.overdueMarker').toLowerCase()})`}
            </dd>
            <dt>{t('effort.visibility')}</dt>
            <dd>
              {t(`effortVisibility.${e.visibility}.long`)}
              {e.visibility === 'organisations' && e.sharedWithOrganisationIds.length > 0 && ` (${e.sharedWithOrganisationIds.map(orgName).join(', ')})`}
            </dd>
            <dt>{t('effort.recordedBy')}</dt>
            <dd>
              {e.author ? `${e.author.name}, ` : ''}
              <time dateTime={e.createdAt}>{formatDateTime(e.createdAt)}</time>
            </dd>
          </dl>
        </section>

        <section aria-labelledby="effort-handle-heading" className="card" data-testid="effort-handle">
          <h2 id="effort-handle-heading">{t('effort.handle')}</h2>
          <LiveNotice message={message} />
          <PendingEffortChanges
            effort={e}
            userId={session.user.id}
            items={pendingChanges}
            onApplied={(updated) => {
              effort.setData((cur) => (!cur || newerEffort(cur, updated) ? updated : cur));
              history.reload();
              setMessage({ kind: 'success', text: t('effortOutbox.reapplied') });
            }}
            onToForm={(d) => {
              if (d.outcome !== undefined) setOutcome(d.outcome);
              if (d.followUpAt !== undefined) setFollowUp(localDateInput(new Date(d.followUpAt)));
            }}
          />
          {changeWaits && <p className="hint">{t('effortOutbox.waitFirst')}</p>}
          {canChange ? (
            <>
              <div className="status-actions" role="group" aria-labelledby="effort-status-label">
                <p id="effort-status-label">{t('effort.changeStatus')}</p>
                {transitions.map((s) => (
                  <button key={s} type="button" className={`button${s === 'done' ? '' : ' secondary'}`} disabled={busy || changeWaits} onClick={() => changeStatus(s)} data-testid={`effort-status-${s}`}>
                    {t(`effortStatusAction.${transitionKey(e.status, s)}`)}
                  </button>
                ))}
                {outcomeDirty && <p className="hint">{t('effort.withOutcome')}</p>}
              </div>
              {e.status === 'done' && openLinked.length > 0 && !resolveList && (
                <p>
                  <button type="button" className="button secondary small" onClick={() => setResolveList(openLinked)} data-testid="offer-resolve">
                    {t('effort.resolveOffer', { count: openLinked.length })}
                  </button>
                </p>
              )}
              <div className="stack">
                <PrivacyTextarea
                  id="effort-outcome"
                  label={t('effort.outcome')}
                  hint={t('effort.outcomeHint')}
                  rows={4}
                  value={outcomeValue}
                  onChange={(v) => {
                    setOutcome(v);
                    if (errors.fields.outcome) setErrors(NO_ERRORS);
                  }}
                  serverError={errors.fields.outcome || null}
                />
                <div className="actions">
                  <button type="button" className="button secondary" disabled={busy || changeWaits || !outcomeDirty} onClick={saveOutcome} data-testid="save-outcome">
                    {t('effort.saveOutcome')}
                  </button>
                </div>
              </div>
              {OPEN_EFFORT_STATUSES.includes(e.status) && (
                <div className={`field followup-change${errors.fields.followUpAt ? ' has-error' : ''}`}>
                  <label htmlFor="followup-change">{t('effort.followUpChange')}</label>
                  {fieldError('followUpAt')}
                  <div className="inline-controls">
                    <input id="followup-change" type="date" value={followUpValue} onChange={(ev) => setFollowUp(ev.target.value)} />
                    <button type="button" className="button secondary" disabled={busy || changeWaits || followUp === null} onClick={saveFollowUp}>
                      {t('effort.saveFollowUp')}
                    </button>
                  </div>
                </div>
              )}
            </>
          ) : (
            <>
              <h3>{t('effort.outcome')}</h3>
              <p className={e.outcome ? 'description' : 'muted'}>{e.outcome ?? t('effort.noOutcome')}</p>
              <p className="hint">{t('effort.cannotChange')}</p>
            </>
          )}

          {isOwner && (
            <fieldset className={`field visibility-change${errors.fields.visibility || errors.fields.sharedWithOrganisationIds ? ' has-error' : ''}`}>
              <legend>{t('effort.visibilityChange')}</legend>
              {lockedOwn && (
                <p className="notice info" id="effort-confidential-note">
                  {t('newEffort.confidential')}
                </p>
              )}
              {fieldError('visibility')}
              {fieldError('sharedWithOrganisationIds')}
              {VISIBILITIES.map((v) => (
                <label key={v} className={`radio${lockedOwn && v !== 'own' ? ' disabled' : ''}`}>
                  <input
                    type="radio"
                    name="effort-visibility-change"
                    value={v}
                    checked={visibilityValue === v}
                    disabled={lockedOwn && v !== 'own'}
                    aria-describedby={lockedOwn ? 'effort-confidential-note' : undefined}
                    onChange={() => setVisibility(v)}
                  />
                  {t(`effortVisibility.${v}.short`)}
                </label>
              ))}
              {visibilityValue === 'organisations' && (
                <fieldset className="nested">
                  <legend>{t('newEffort.sharedWith')}</legend>
                  <div className="checkbox-grid">
                    {(organisations.data ?? [])
                      .filter((o) => !e.organisations.some((p) => p.id === o.id))
                      .map((o) => (
                        <label key={o.id} className="checkbox">
                          <input
                            type="checkbox"
                            checked={sharedWithValue.includes(o.id)}
                            onChange={(ev) => setSharedWith(ev.target.checked ? [...sharedWithValue, o.id] : sharedWithValue.filter((x) => x !== o.id))}
                          />
                          {o.name}
                        </label>
                      ))}
                  </div>
                </fieldset>
              )}
              <div className="actions">
                <button type="button" className="button secondary" disabled={busy || changeWaits || (visibility === null && sharedWith === null)} onClick={saveVisibility}>
                  {t('effort.saveVisibility')}
                </button>
              </div>
            </fieldset>
          )}
          {!isOwner && canChange && <p className="hint after-list">{t('effort.ownerOnly')}</p>}
        </section>

        {resolveList && <ResolveReports reports={resolveList} onDone={() => reports.reload()} onClose={() => setResolveList(null)} />}

        <EffortReports
          effort={e}
          canChange={canChange}
          reports={reports}
          onEffort={(next) => effort.setData((cur) => (!cur || newerEffort(cur, next) ? next : cur))}
          onChanged={() => {
            effort.reload();
            history.reload();
          }}
        />

        <EffortActions effort={e} canChange={canChange} onRecorded={history.reload} />

        <section aria-labelledby="effort-history-heading" className="card">
          <h2 id="effort-history-heading">{t('effort.history')}</h2>
          {history.data?.length ? (
            <ol className="history">
              {history.data.map((h) => (
                <li key={h.id}>
                  <p className="comment-meta">
                    <time dateTime={h.at}>{formatDateTime(h.at)}</time> · {t(`history.${h.action}`)} · {h.organisation.name}
                    {h.actor ? ` (${h.actor.name})` : ''}
                  </p>
                  <HistoryChanges h={h} orgName={orgName} />
                </li>
              ))}
            </ol>
          ) : (
            <p className="muted">{history.loading ? t('common.loading') : t('effort.noHistory')}</p>
          )}
        </section>
      </div>
    </div>
  );
}

