import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  holdsConcernTalks,
  isCoordinatorRole,
  LIMITS,
  type ConcernTalkCounts,
  type ConcernTalkResponse,
  type ConcernTalkSummaryResponse,
} from '#contracts';
import { ConfirmInline } from '../components/ConfirmInline.js';
import { LiveNotice, type NoticeMessage } from '../components/LiveNotice.js';
import { OutboxList } from '../components/OutboxList.js';
import { del, get, getAll, HttpError, patch } from '../lib/api.js';
import { addMonths, COUNT_FIELDS, countProblems, currentMonth, MONTH_RE, type CountField } from '../lib/concern-talks.js';
import { formErrors, type FormErrors } from '../lib/errors.js';
import { formatMonth } from '../lib/i18n.js';
import { useAreas, useAsync, useDocumentTitle, useMediaQuery, useOutbox, useOutboxDraft, useSession } from '../lib/hooks.js';
import { onOutboxSent, submitWrite } from '../lib/outbox.js';
import { concernTalkWrite, type ConcernTalkDraft } from '../lib/outbox-kinds.js';
import NotFoundPage from './NotFoundPage.js';

const NO_ERRORS: FormErrors = { fields: {}, general: [] };
const API_FIELDS = ['month', 'areaId', ...COUNT_FIELDS];
const EMPTY_COUNTS: Record<CountField, string> = { talks: '', youths: '', guardiansPresent: '', socialServicesPresent: '' };
/** Below this width the records are cards (edit and delete within reach on a phone), above it a table. */
const CARDS_QUERY = '(max-width: 760px)';

const countsOf = (r: ConcernTalkCounts): Record<CountField, string> => ({
  talks: String(r.talks),
  youths: String(r.youths),
  guardiansPresent: String(r.guardiansPresent),
  socialServicesPresent: String(r.socialServicesPresent),
});

/** "mars 2026 · Centrum" */
function recordName(r: Pick<ConcernTalkResponse, 'month' | 'area'>, noArea: string): string {
  return `${formatMonth(r.month)} · ${r.area?.name ?? noArea}`;
}

/**
 * The form: a month, an area if any, and the four counts. Counts only — there is no field for a name or a note.
 * Recording a month goes through the outbox (an Idempotency-Key, sent once even if the connection drops); correcting
 * a record is a PATCH of its counts with the version last read.
 */
function ConcernTalkForm({
  editing,
  onSaved,
  onStopEditing,
}: {
  editing: ConcernTalkResponse | null;
  onSaved: (record: ConcernTalkResponse | null, text: string) => void;
  onStopEditing: () => void;
}) {
  const { t } = useTranslation();
  const session = useSession()!;
  const areas = useAreas();
  const thisMonth = currentMonth();
  const [month, setMonth] = useState(thisMonth);
  const [areaId, setAreaId] = useState('');
  const [counts, setCounts] = useState(EMPTY_COUNTS);
  const [submitted, setSubmitted] = useState(false);
  const [serverErrors, setServerErrors] = useState<FormErrors>(NO_ERRORS);
  const [monthError, setMonthError] = useState<string | null>(null);
  const [message, setMessage] = useState<NoticeMessage | null>(null);
  const [busy, setBusy] = useState(false);
  // The version the PATCH sends: the record's, or a newer one read after a conflict (the typed counts stay).
  const [version, setVersion] = useState<number | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const summaryRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!editing) return;
    setCounts(countsOf(editing));
    setVersion(editing.version);
    setServerErrors(NO_ERRORS);
    setSubmitted(false);
    setMessage(null);
    headingRef.current?.focus();
  }, [editing?.id]);

  // Correcting a month the server refused: load it from the outbox.
  const { editing: draftKey, done } = useOutboxDraft('concernTalk', (d, refusal) => {
    setMonth(d.month);
    setAreaId(d.areaId ?? '');
    setCounts(countsOf(d));
    if (refusal) setServerErrors(formErrors(refusal, t, API_FIELDS));
  });

  const problems = countProblems(counts, submitted);
  const problemText = (f: CountField): string | null => {
    const p = problems[f];
    if (p === 'required') return t('concernTalks.errors.required');
    if (p === 'whole') return t('concernTalks.errors.whole', { max: LIMITS.concernTalkCountMax });
    if (p === 'exceeds') return t(`concernTalks.errors.exceeds.${f}`, { talks: counts.talks });
    return serverErrors.fields[f] || null;
  };

  const setCount = (f: CountField, v: string) => {
    setCounts((c) => ({ ...c, [f]: v }));
    setServerErrors((e) => ({ ...e, fields: { ...e.fields, [f]: '', ...(f === 'talks' ? { guardiansPresent: '', socialServicesPresent: '' } : {}) } }));
  };

  const checkMonth = (): string | null => {
    if (!MONTH_RE.test(month)) return t('concernTalks.errors.month');
    if (month < LIMITS.concernTalkFirstMonth) return t('concernTalks.errors.monthEarly', { first: formatMonth(LIMITS.concernTalkFirstMonth) });
    if (month > thisMonth) return t('concernTalks.errors.monthFuture');
    return null;
  };

  const reset = () => {
    setCounts(EMPTY_COUNTS);
    setSubmitted(false);
    setServerErrors(NO_ERRORS);
    setVersion(null);
  };

  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    setMessage(null);
    setSubmitted(true);
    const mErr = editing ? null : checkMonth();
    setMonthError(mErr);
    const found = countProblems(counts, true);
    if (mErr || Object.keys(found).length) {
      requestAnimationFrame(() => summaryRef.current?.focus());
      return;
    }
    const numbers = Object.fromEntries(COUNT_FIELDS.map((f) => [f, Number(counts[f])])) as Record<CountField, number>;
    setBusy(true);
    try {
      if (editing) {
        try {
          const updated = await patch<ConcernTalkResponse>(`/api/concern-talks/${editing.id}`, { version: version ?? editing.version, ...numbers });
          reset();
          onSaved(updated, t('concernTalks.updated', { name: recordName(updated, t('concernTalks.noArea')) }));
        } catch (err) {
          if (err instanceof HttpError && err.status === 409) {
            setMessage({ kind: 'error', text: t('concernTalks.conflict') });
            try {
              const fresh = await get<ConcernTalkResponse>(`/api/concern-talks/${editing.id}`);
              setVersion(fresh.version);
              onSaved(fresh, '');
            } catch {
              /* the message says to try again */
            }
          } else {
            const fe = formErrors(err, t, API_FIELDS);
            setServerErrors(fe);
            if (fe.general.length) setMessage({ kind: 'error', text: fe.general.join(' ') });
          }
        }
        return;
      }
      const draft: ConcernTalkDraft = { month, ...(areaId ? { areaId } : {}), ...numbers };
      const result = await submitWrite(session.user.id, concernTalkWrite(draft), { replaces: draftKey });
      if (result.outcome === 'rejected') {
        const fe = formErrors(result.error, t, API_FIELDS);
        setServerErrors(fe);
        if (fe.fields.month) setMonthError(fe.fields.month);
        if (fe.general.length) setMessage({ kind: 'error', text: fe.general.join(' ') });
        requestAnimationFrame(() => summaryRef.current?.focus());
        return;
      }
      reset();
      done();
      if (result.outcome === 'sent') setMessage({ kind: 'success', text: t('concernTalks.saved', { month: formatMonth(month) }) });
      else setMessage({ kind: 'success', text: t('concernTalks.waiting') });
    } finally {
      setBusy(false);
    }
  };

  const labels: Record<CountField, { label: string; hint: string }> = {
    talks: { label: t('concernTalks.talks'), hint: t('concernTalks.talksHint') },
    youths: { label: t('concernTalks.youths'), hint: t('concernTalks.youthsHint') },
    guardiansPresent: { label: t('concernTalks.guardiansPresent'), hint: t('concernTalks.perTalkHint') },
    socialServicesPresent: { label: t('concernTalks.socialServicesPresent'), hint: t('concernTalks.perTalkHint') },
  };
  const areaError = serverErrors.fields.areaId;
  const errorList = submitted
    ? [
        ...(monthError ? [{ id: 'ct-month', m: monthError }] : []),
        ...(areaError ? [{ id: 'ct-area', m: areaError }] : []),
        ...COUNT_FIELDS.flatMap((f) => {
          const m = problemText(f);
          return m ? [{ id: `ct-${f}`, m: `${labels[f].label}: ${m}` }] : [];
        }),
      ]
    : [];

  return (
    <section className="card concern-form" aria-labelledby="ct-form-heading" data-testid="concern-talk-form">
      <h2 id="ct-form-heading" ref={headingRef} tabIndex={-1}>
        {editing ? t('concernTalks.editTitle', { name: recordName(editing, t('concernTalks.noArea')) }) : t('concernTalks.formTitle')}
      </h2>
      <p className="notice info" id="ct-counts-only">
        {t('concernTalks.countsOnly')}
      </p>
      <LiveNotice message={message} />
      {errorList.length > 0 && (
        <div className="notice error" ref={summaryRef} tabIndex={-1} role="alert" data-testid="error-summary">
          <h3>{t('errors.summary')}</h3>
          <ul>
            {errorList.map(({ id, m }) => (
              <li key={id}>
                <a href={`#${id}`}>{m}</a>
              </li>
            ))}
          </ul>
        </div>
      )}
      <form onSubmit={(e) => void submit(e)} noValidate className="stack" aria-describedby="ct-counts-only">
        {editing ? (
          <>
            <p>
              <strong>{t('concernTalks.month')}:</strong> {formatMonth(editing.month)} · <strong>{t('concernTalks.area')}:</strong>{' '}
              {editing.area?.name ?? t('concernTalks.noArea')}
            </p>
            <p className="hint">{t('concernTalks.wrongMonth')}</p>
          </>
        ) : (
          <div className="field-row">
            <div className={`field${monthError ? ' has-error' : ''}`}>
              <label htmlFor="ct-month">{t('concernTalks.month')}</label>
              <p className="hint" id="ct-month-hint">
                {t('concernTalks.monthHint')}
              </p>
              {monthError && (
                <p className="field-error" id="ct-month-error">
                  {monthError}
                </p>
              )}
              <input
                id="ct-month"
                type="month"
                required
                min={LIMITS.concernTalkFirstMonth}
                max={thisMonth}
                value={month}
                aria-invalid={!!monthError || undefined}
                aria-describedby={['ct-month-hint', monthError ? 'ct-month-error' : ''].filter(Boolean).join(' ')}
                onChange={(e) => {
                  setMonth(e.target.value);
                  setMonthError(null);
                }}
              />
            </div>
            <div className={`field${areaError ? ' has-error' : ''}`}>
              <label htmlFor="ct-area">{t('concernTalks.areaOptional')}</label>
              {areaError && (
                <p className="field-error" id="ct-area-error">
                  {areaError}
                </p>
              )}
              <select id="ct-area" value={areaId} onChange={(e) => setAreaId(e.target.value)} aria-describedby={areaError ? 'ct-area-error' : undefined}>
                <option value="">{t('concernTalks.noArea')}</option>
                {(areas.data ?? []).map((a) => (
                  <option key={a.id} value={a.id}>
                    {a.name}
                  </option>
                ))}
              </select>
            </div>
          </div>
        )}
        <fieldset className="field">
          <legend>{t('concernTalks.counts')}</legend>
          <div className="count-grid">
            {COUNT_FIELDS.map((f) => {
              const err = problemText(f);
              const id = `ct-${f}`;
              return (
                <div key={f} className={`field${err ? ' has-error' : ''}`}>
                  <label htmlFor={id}>{labels[f].label}</label>
                  <p className="hint" id={`${id}-hint`}>
                    {labels[f].hint}
                  </p>
                  <div aria-live="polite" id={`${id}-error`}>
                    {err && (
                      <p className="field-error" data-testid={`${id}-error`}>
                        {err}
                      </p>
                    )}
                  </div>
                  <input
                    id={id}
                    type="number"
                    inputMode="numeric"
                    min={0}
                    max={LIMITS.concernTalkCountMax}
                    step={1}
                    required
                    value={counts[f]}
                    aria-invalid={!!err || undefined}
                    aria-describedby={`${id}-hint ${id}-error`}
                    onChange={(e) => setCount(f, e.target.value)}
                  />
                </div>
              );
            })}
          </div>
        </fieldset>
        <div className="actions">
          <button type="submit" className="button" disabled={busy} data-testid="save-concern-talk">
            {editing ? t('concernTalks.saveChanges') : t('concernTalks.save')}
          </button>
          {editing && (
            <button
              type="button"
              className="button secondary"
              onClick={() => {
                reset();
                onStopEditing();
              }}
            >
              {t('common.cancel')}
            </button>
          )}
        </div>
      </form>
    </section>
  );
}

/** The four counts of a record or a sum, as table cells. */
function CountCells({ c }: { c: ConcernTalkCounts }) {
  return (
    <>
      {COUNT_FIELDS.map((f) => (
        <td key={f} className="num">
          {c[f]}
        </td>
      ))}
    </>
  );
}

/** A summary on a phone: one line per month or area, the counts in words (a table of five columns does not fit). */
function SummaryLines({ title, testId, rows }: { title: string; testId: string; rows: { key: string; name: string; c: ConcernTalkCounts }[] }) {
  const { t } = useTranslation();
  return (
    <div>
      <h3>{title}</h3>
      <ul className="plain-list summary-lines" data-testid={testId}>
        {rows.map(({ key, name, c }) => (
          <li key={key}>
            <strong>{name}</strong>: {t('concernTalks.line', { talks: c.talks, youths: c.youths, guardians: c.guardiansPresent, social: c.socialServicesPresent })}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Edit and delete (with a confirmation) of one record; the same buttons in the table and on a card. */
function RecordActions({
  r,
  mayChange,
  confirming,
  busy,
  onEdit,
  onAskDelete,
  onDelete,
  onCancel,
}: {
  r: ConcernTalkResponse;
  mayChange: boolean;
  confirming: boolean;
  busy: boolean;
  onEdit: () => void;
  onAskDelete: () => void;
  onDelete: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const name = recordName(r, t('concernTalks.noArea'));
  if (!mayChange) return <span className="hint">{t('concernTalks.othersRecord')}</span>;
  if (confirming) {
    return (
      <ConfirmInline
        question={t('concernTalks.confirmDelete', { name })}
        confirmLabel={t('concernTalks.yesDelete')}
        busy={busy}
        onConfirm={onDelete}
        onCancel={onCancel}
        testId="confirm-delete"
      />
    );
  }
  return (
    <div className="row-actions">
      <button type="button" className="button secondary small" onClick={onEdit}>
        {t('concernTalks.edit')}
        <span className="visually-hidden">: {name}</span>
      </button>
      <button type="button" id={`delete-${r.id}`} className="button secondary small" onClick={onAskDelete}>
        {t('concernTalks.delete')}
        <span className="visually-hidden">: {name}</span>
      </button>
    </div>
  );
}

export default function ConcernTalksPage() {
  const session = useSession()!;
  // Only police and social services organisations hold concern talks; to anyone else the page does not exist.
  if (!holdsConcernTalks(session.user.organisation.kind)) return <NotFoundPage />;
  return <ConcernTalksScreen />;
}

function ConcernTalksScreen() {
  const { t } = useTranslation();
  const session = useSession()!;
  const areas = useAreas();
  const outbox = useOutbox();
  const cards = useMediaQuery(CARDS_QUERY);
  useDocumentTitle(t('concernTalks.title'));
  const thisMonth = currentMonth();
  const [from, setFrom] = useState(() => addMonths(thisMonth, -11));
  const [to, setTo] = useState(thisMonth);
  const [areaId, setAreaId] = useState('');
  const periodOk = MONTH_RE.test(from) && MONTH_RE.test(to) && from <= to;
  const periodQuery = useMemo(() => {
    const p = new URLSearchParams({ from, to });
    if (areaId) p.set('areaId', areaId);
    return p.toString();
  }, [from, to, areaId]);
  const records = useAsync(() => (periodOk ? getAll<ConcernTalkResponse>(`/api/concern-talks?${periodQuery}`, 2000) : Promise.resolve([])), [periodQuery, periodOk]);
  const summary = useAsync(
    () => (periodOk ? get<ConcernTalkSummaryResponse>(`/api/concern-talks/summary?${periodQuery}`) : Promise.resolve(undefined)),
    [periodQuery, periodOk],
  );
  const [editing, setEditing] = useState<ConcernTalkResponse | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<NoticeMessage | null>(null);
  const listRef = useRef<HTMLHeadingElement>(null);
  const isCoordinator = isCoordinatorRole(session.user.role);
  const mayChange = (r: ConcernTalkResponse) => isCoordinator || r.organisation.id === session.user.organisation.id;
  const noArea = t('concernTalks.noArea');

  const reloadAll = () => {
    records.reload();
    summary.reload();
  };
  // A month recorded from this tab (now, or later from the outbox) shows in the table and the sums.
  useEffect(() => onOutboxSent((s) => s.kind === 'concernTalk' && reloadAll()), []);

  const onSaved = (r: ConcernTalkResponse | null, text: string) => {
    if (r) records.setData((list) => list?.map((x) => (x.id === r.id ? r : x)));
    if (text) {
      setEditing(null);
      setMessage({ kind: 'success', text });
      summary.reload();
      window.setTimeout(() => listRef.current?.focus(), 0);
    } else if (r) setEditing(r);
  };

  const remove = async (r: ConcernTalkResponse) => {
    setBusy(true);
    setMessage(null);
    try {
      await del(`/api/concern-talks/${r.id}`);
      setConfirming(null);
      if (editing?.id === r.id) setEditing(null);
      records.setData((list) => list?.filter((x) => x.id !== r.id));
      summary.reload();
      setMessage({ kind: 'success', text: t('concernTalks.deleted', { name: recordName(r, noArea) }) });
      listRef.current?.focus();
    } catch (err) {
      setMessage({ kind: 'error', text: err instanceof HttpError && err.status === 409 ? t('concernTalks.conflict') : formErrors(err, t, []).general.join(' ') });
      records.reload();
    } finally {
      setBusy(false);
    }
  };

  const actions = (r: ConcernTalkResponse) => (
    <RecordActions
      r={r}
      mayChange={mayChange(r)}
      confirming={confirming === r.id}
      busy={busy}
      onEdit={() => {
        setConfirming(null);
        setEditing(r);
      }}
      onAskDelete={() => setConfirming(r.id)}
      onDelete={() => void remove(r)}
      onCancel={() => {
        setConfirming(null);
        requestAnimationFrame(() => document.getElementById(`delete-${r.id}`)?.focus());
      }}
    />
  );

  const list = records.data ?? [];
  const s = summary.data;
  const countHeads = (
    <>
      <th scope="col" className="num">
        {t('concernTalks.col.talks')}
      </th>
      <th scope="col" className="num">
        {t('concernTalks.col.youths')}
      </th>
      <th scope="col" className="num">
        {t('concernTalks.col.guardians')}
      </th>
      <th scope="col" className="num">
        {t('concernTalks.col.social')}
      </th>
    </>
  );

  return (
    <div className="concern-talks-page">
      <h1>{t('concernTalks.title')}</h1>
      <p className="lead">{t('concernTalks.intro')}</p>
      <p className="hint">{t('concernTalks.whoSees')}</p>

      <ConcernTalkForm editing={editing} onSaved={onSaved} onStopEditing={() => setEditing(null)} />

      <form className="filters" aria-label={t('concernTalks.period')} onSubmit={(e) => e.preventDefault()}>
        <div className="field inline">
          <label htmlFor="ct-from">{t('concernTalks.from')}</label>
          <input id="ct-from" type="month" value={from} max={thisMonth} onChange={(e) => setFrom(e.target.value)} />
        </div>
        <div className="field inline">
          <label htmlFor="ct-to">{t('concernTalks.to')}</label>
          <input
            id="ct-to"
            type="month"
            value={to}
            max={thisMonth}
            aria-invalid={!periodOk || undefined}
            aria-describedby={!periodOk ? 'ct-period-error' : undefined}
            onChange={(e) => setTo(e.target.value)}
          />
        </div>
        <div className="field inline">
          <label htmlFor="ct-filter-area">{t('concernTalks.area')}</label>
          <select id="ct-filter-area" value={areaId} onChange={(e) => setAreaId(e.target.value)}>
            <option value="">{t('live.allAreas')}</option>
            {(areas.data ?? []).map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>
        </div>
        {!periodOk && (
          <p className="field-error" id="ct-period-error" role="alert">
            {t('concernTalks.errors.period')}
          </p>
        )}
      </form>

      <section aria-labelledby="ct-list-heading">
        <h2 id="ct-list-heading" ref={listRef} tabIndex={-1}>
          {t('concernTalks.records')}
        </h2>
        <LiveNotice message={message} />
        {records.error != null && (
          <p className="notice error" role="alert">
            {formErrors(records.error, t, []).general.join(' ')}
          </p>
        )}
        {records.loading && !records.data ? (
          <p role="status">{t('common.loading')}</p>
        ) : list.length === 0 ? (
          <p className="muted" data-testid="no-records">
            {t('concernTalks.noRecords')}
          </p>
        ) : cards ? (
          <ul className="plain-list concern-cards" aria-label={t('concernTalks.records')} data-testid="concern-talk-records">
            {list.map((r) => (
              <li key={r.id} className="card" data-record-id={r.id} data-testid="concern-talk-record">
                <h3>{recordName(r, noArea)}</h3>
                <dl className="facts compact">
                  <dt>{t('concernTalks.col.talks')}</dt>
                  <dd>{r.talks}</dd>
                  <dt>{t('concernTalks.col.youths')}</dt>
                  <dd>{r.youths}</dd>
                  <dt>{t('concernTalks.col.guardians')}</dt>
                  <dd>{r.guardiansPresent}</dd>
                  <dt>{t('concernTalks.col.social')}</dt>
                  <dd>{r.socialServicesPresent}</dd>
                </dl>
                <p className="muted small">{t('concernTalks.recordedBy', { organisation: r.organisation.name })}</p>
                <div className="card-actions">{actions(r)}</div>
              </li>
            ))}
          </ul>
        ) : (
          <div className="table-wrap">
            <table className="table" data-testid="concern-talk-records">
              <caption className="visually-hidden">{t('concernTalks.records')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('concernTalks.col.month')}</th>
                  <th scope="col">{t('concernTalks.col.area')}</th>
                  {countHeads}
                  <th scope="col">{t('concernTalks.col.by')}</th>
                  <th scope="col">{t('concernTalks.col.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {list.map((r) => (
                  <tr key={r.id} data-record-id={r.id} data-testid="concern-talk-record">
                    <th scope="row">{formatMonth(r.month)}</th>
                    <td>{r.area?.name ?? noArea}</td>
                    <CountCells c={r} />
                    <td>{r.organisation.name}</td>
                    <td>{actions(r)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="ct-summary-heading" data-testid="concern-talk-summary">
        <h2 id="ct-summary-heading">{t('concernTalks.summary')}</h2>
        {periodOk && <p className="hint">{t('concernTalks.summaryPeriod', { from: formatMonth(from), to: formatMonth(to) })}</p>}
        {summary.error != null && (
          <p className="notice error" role="alert">
            {formErrors(summary.error, t, []).general.join(' ')}
          </p>
        )}
        {!s ? (
          summary.loading ? <p role="status">{t('common.loading')}</p> : null
        ) : s.total.records === 0 ? (
          <p className="muted">{t('concernTalks.noRecords')}</p>
        ) : (
          <>
            <p data-testid="summary-total">
              {t('concernTalks.total', {
                talks: s.total.talks,
                youths: s.total.youths,
                guardians: s.total.guardiansPresent,
                social: s.total.socialServicesPresent,
              })}
            </p>
            {cards ? (
              <div className="summary-grid">
                <SummaryLines title={t('concernTalks.byMonth')} testId="summary-by-month" rows={s.byMonth.map((m) => ({ key: m.month, name: formatMonth(m.month), c: m }))} />
                <SummaryLines
                  title={t('concernTalks.byArea')}
                  testId="summary-by-area"
                  rows={s.byArea.map((a) => ({ key: a.area?.id ?? 'none', name: a.area?.name ?? noArea, c: a }))}
                />
              </div>
            ) : (
              <div className="summary-grid">
                <div className="table-wrap compact">
                  <table className="table" data-testid="summary-by-month">
                    <caption>{t('concernTalks.byMonth')}</caption>
                    <thead>
                      <tr>
                        <th scope="col">{t('concernTalks.col.month')}</th>
                        {countHeads}
                      </tr>
                    </thead>
                    <tbody>
                      {s.byMonth.map((m) => (
                        <tr key={m.month}>
                          <th scope="row">{formatMonth(m.month)}</th>
                          <CountCells c={m} />
                        </tr>
                      ))}
                    </tbody>
                    <tfoot>
                      <tr>
                        <th scope="row">{t('concernTalks.totalRow')}</th>
                        <CountCells c={s.total} />
                      </tr>
                    </tfoot>
                  </table>
                </div>
                <div className="table-wrap compact">
                  <table className="table" data-testid="summary-by-area">
                    <caption>{t('concernTalks.byArea')}</caption>
                    <thead>
                      <tr>
                        <th scope="col">{t('concernTalks.col.area')}</th>
                        {countHeads}
                      </tr>
                    </thead>
                    <tbody>
                      {s.byArea.map((a) => (
                        <tr key={a.area?.id ?? 'none'}>
                          <th scope="row">{a.area?.name ?? noArea}</th>
                          <CountCells c={a} />
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              </div>
            )}
          </>
        )}
      </section>

      <OutboxList items={outbox.filter((i) => i.kind === 'concernTalk')} />
    </div>
  );
}
