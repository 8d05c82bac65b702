import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { LIMITS, REPORT_TRANSITIONS, type DuplicateCandidate, type Page, type ReportResponse } from '#contracts';
import { get, HttpError } from '../lib/api.js';
import { formErrors } from '../lib/errors.js';
import { categoryLabel, formatDateTime } from '../lib/i18n.js';
import { useAsync, useOrganisations } from '../lib/hooks.js';
import { answerReport, assignReport, maySee, mergeReport, mergeRefusal, useAnswerTemplates, useTriageSettings } from '../lib/triage.js';
import { SeverityBadge, StatusBadge } from './Badges.js';
import { LiveNotice, type NoticeMessage } from './LiveNotice.js';
import { PrivacyTextarea } from './PrivacyTextarea.js';

/** "Klotter – Stadsparken": a report's category and place (or area). */
export const reportName = (r: Pick<ReportResponse, 'category' | 'place' | 'area'>) =>
  `${categoryLabel(r.category)}${r.place ? ` – ${r.place.name}` : r.area ? ` – ${r.area.name}` : ''}`;

interface ToolProps {
  report: ReportResponse;
  /** Ids unique on the page (the queue may show several reports' tools, one at a time). */
  idPrefix: string;
  /** The report as the API answered a change of it, and what the change did in words (when it was this tool's). */
  onReport: (r: ReportResponse, done?: string) => void;
}

/** Gives the report to an organisation that may see it (or to none). */
function AssignTool({ report: r, idPrefix, onReport }: ToolProps) {
  const { t } = useTranslation();
  const organisations = useOrganisations();
  const [choice, setChoice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<NoticeMessage | null>(null);
  const [fieldError, setFieldError] = useState<string | null>(null);
  const value = choice ?? r.assignedTo?.id ?? '';
  const orgs = organisations.data ?? [];
  const nameOf = (id: string) => orgs.find((o) => o.id === id)?.name ?? '';
  const selectId = `${idPrefix}-assign`;
  const errorId = `${selectId}-error`;
  const hintId = `${selectId}-hint`;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setMessage(null);
    setFieldError(null);
    try {
      const updated = await assignReport(r, value || null);
      const text = updated.assignedTo ? t('triageTools.assignDone', { organisation: updated.assignedTo.name }) : t('triageTools.unassignDone');
      onReport(updated, text);
      setChoice(null);
      setMessage({ kind: 'success', text });
    } catch (err) {
      if (err instanceof HttpError && err.status === 400 && err.field === 'organisationId') {
        setFieldError(t('triageTools.assignRefused', { organisation: nameOf(value) }));
      } else if (err instanceof HttpError && err.status === 409) {
        setMessage({ kind: 'error', text: t('report.conflict') });
        try {
          onReport(await get<ReportResponse>(`/api/reports/${r.id}`));
        } catch {
          /* the message says to try again */
        }
      } else {
        const fe = formErrors(err, t, ['organisationId']);
        if (fe.fields.organisationId) setFieldError(fe.fields.organisationId);
        if (fe.general.length) setMessage({ kind: 'error', text: fe.general.join(' ') });
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="triage-tool" aria-labelledby={`${idPrefix}-assign-heading`} data-testid="assign-tool">
      <h3 id={`${idPrefix}-assign-heading`}>{t('triageTools.assign')}</h3>
      <p data-testid="assigned-now">{r.assignedTo ? t('triageTools.assignedNow', { organisation: r.assignedTo.name }) : t('triageTools.notAssigned')}</p>
      <form onSubmit={(e) => void submit(e)} noValidate className="stack">
        <div className={`field${fieldError ? ' has-error' : ''}`}>
          <label htmlFor={selectId}>{t('triageTools.assignTo')}</label>
          <p className="hint" id={hintId}>
            {t('triageTools.assignHint')}
          </p>
          {fieldError && (
            <p className="field-error" id={errorId} role="alert">
              {fieldError}
            </p>
          )}
          <select
            id={selectId}
            value={value}
            onChange={(e) => {
              setChoice(e.target.value);
              setFieldError(null);
            }}
            aria-describedby={[hintId, fieldError ? errorId : ''].filter(Boolean).join(' ')}
            aria-invalid={!!fieldError || undefined}
          >
            <option value="">{t('triageTools.nobody')}</option>
            {orgs.map((o) => {
              const sees = maySee(o.id, r);
              return (
                <option key={o.id} value={o.id} disabled={!sees && o.id !== r.assignedTo?.id}>
                  {sees ? o.name : t('triageTools.cannotSee', { name: o.name })}
                </option>
              );
            })}
          </select>
        </div>
        <div className="actions">
          <button type="submit" className="button secondary" disabled={busy || value === (r.assignedTo?.id ?? '')}>
            {t('triageTools.assignSave')}
          </button>
        </div>
      </form>
      <LiveNotice message={message} />
    </section>
  );
}

/** Tells the reporter what was done, from a template or in own words; optionally resolves the report. */
function AnswerTool({ report: r, idPrefix, onReport }: ToolProps) {
  const { t } = useTranslation();
  const templates = useAnswerTemplates();
  const [templateId, setTemplateId] = useState('');
  const [body, setBody] = useState('');
  const [resolve, setResolve] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState<NoticeMessage | null>(null);
  const mayResolve = REPORT_TRANSITIONS[r.status].includes('resolved');
  const list = templates.data ?? [];

  const applyTemplate = () => {
    const chosen = list.find((x) => x.id === templateId);
    if (!chosen) return;
    setBody(chosen.body);
    setError(null);
    document.getElementById(`${idPrefix}-answer`)?.focus();
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setMessage(null);
    const text = body.trim();
    if (!text) return setError(t('triageTools.answerEmpty'));
    if (text.length > LIMITS.text) return setError(t('triageTools.answerTooLong', { max: LIMITS.text }));
    setBusy(true);
    setError(null);
    try {
      const updated = await answerReport(r.id, text, resolve && mayResolve);
      const done = updated.status === 'resolved' && resolve ? t('triageTools.answerSentResolved') : t('triageTools.answerSent');
      onReport(updated, done);
      setBody('');
      setTemplateId('');
      setResolve(false);
      setMessage({ kind: 'success', text: done });
    } catch (err) {
      const fe = formErrors(err, t, ['body', 'status']);
      if (fe.fields.body) setError(fe.fields.body);
      const rest = [fe.fields.status, ...fe.general].filter(Boolean);
      if (rest.length) setMessage({ kind: 'error', text: rest.join(' ') });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="triage-tool" aria-labelledby={`${idPrefix}-answer-heading`} data-testid="answer-tool">
      <h3 id={`${idPrefix}-answer-heading`}>{t('triageTools.answer')}</h3>
      {r.answer && (
        <p className="hint">
          {t('triageTools.currentAnswer', { organisation: r.answer.organisation.name, when: formatDateTime(r.answer.at) })} {t('triageTools.replaces')}
        </p>
      )}
      <form onSubmit={(e) => void submit(e)} noValidate className="stack">
        {list.length > 0 ? (
          <div className="field">
            <label htmlFor={`${idPrefix}-template`}>{t('triageTools.template')}</label>
            <div className="inline-controls">
              <select id={`${idPrefix}-template`} value={templateId} onChange={(e) => setTemplateId(e.target.value)}>
                <option value="">{t('triageTools.chooseTemplate')}</option>
                {list.map((x) => (
                  <option key={x.id} value={x.id}>
                    {x.title}
                  </option>
                ))}
              </select>
              <button type="button" className="button secondary small" disabled={!templateId} onClick={applyTemplate}>
                {t('triageTools.useTemplate')}
              </button>
            </div>
          </div>
        ) : (
          <p className="hint">{templates.loading ? t('common.loading') : t('triageTools.noTemplates')}</p>
        )}
        <PrivacyTextarea
          id={`${idPrefix}-answer`}
          rows={3}
          label={t('triageTools.answerLabel')}
          hint={t('triageTools.answerHint')}
          value={body}
          onChange={(v) => {
            setBody(v);
            setError(null);
          }}
          serverError={error}
        />
        {mayResolve && (
          <label className="checkbox">
            <input type="checkbox" checked={resolve} onChange={(e) => setResolve(e.target.checked)} />
            {t('triageTools.resolveToo')}
          </label>
        )}
        <div className="actions">
          <button type="submit" className="button" disabled={busy}>
            {t('triageTools.sendAnswer')}
          </button>
        </div>
      </form>
      <LiveNotice message={message} />
    </section>
  );
}

type Direction = 'keepThis' | 'keepOther';

/** The one merge being confirmed: which report is kept, in words, and the buttons. */
function MergeConfirm({
  report: r,
  candidate: c,
  idPrefix,
  busy,
  onConfirm,
  onCancel,
}: {
  report: ReportResponse;
  candidate: DuplicateCandidate;
  idPrefix: string;
  busy: boolean;
  onConfirm: (d: Direction) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const other = c.report;
  // Which ways the server's merge rules allow, as the suggestion says (the same rules POST .../merge applies).
  const intoThis = c.mergeFrom;
  const intoOther = c.mergeInto;
  // By default the first reported is kept: the other repeats it.
  const [direction, setDirection] = useState<Direction>(() =>
    intoThis && intoOther ? (r.createdAt <= other.createdAt ? 'keepThis' : 'keepOther') : intoThis ? 'keepThis' : 'keepOther',
  );
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), []);
  const thisName = t('triageTools.thisReport', { when: formatDateTime(r.observedAt), organisation: r.organisation.name });
  const otherName = t('triageTools.otherReport', { when: formatDateTime(other.observedAt), organisation: other.organisation.name });
  const kept = direction === 'keepThis' ? thisName : otherName;
  const merged = direction === 'keepThis' ? otherName : thisName;
  const base = `${idPrefix}-merge-${other.id}`;

  return (
    <div className="merge-confirm" role="group" aria-labelledby={`${base}-heading`} data-testid="merge-confirm">
      <h4 id={`${base}-heading`} ref={headingRef} tabIndex={-1}>
        {t('triageTools.mergeTitle')}
      </h4>
      {!intoThis && !intoOther ? (
        <p>{t('triageTools.neitherWay')}</p>
      ) : (
        <>
          {intoThis && intoOther ? (
            <fieldset className="field">
              <legend className="visually-hidden">{t('triageTools.whichKept')}</legend>
              {(['keepThis', 'keepOther'] as const).map((d) => (
                <label key={d} className="radio">
                  <input type="radio" name={`${base}-direction`} checked={direction === d} onChange={() => setDirection(d)} />
                  {t(`triageTools.${d}`)}
                </label>
              ))}
            </fieldset>
          ) : (
            <p className="hint">{intoThis ? t('triageTools.onlyKeepThis') : t('triageTools.onlyKeepOther')}</p>
          )}
          <p data-testid="merge-explain">{t('triageTools.mergeExplain', { kept, merged })}</p>
        </>
      )}
      <div className="actions">
        {(intoThis || intoOther) && (
          <button type="button" className="button" disabled={busy} onClick={() => onConfirm(direction)} data-testid="confirm-merge">
            {t('triageTools.confirmMerge')}
          </button>
        )}
        <button type="button" className="button secondary" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </div>
  );
}

/** Reports of the same category near in place and time, and merging one with this. */
function DuplicatesTool({ report: r, idPrefix, onReport, onMerged }: ToolProps & { onMerged: (merged: ReportResponse) => void }) {
  const { t } = useTranslation();
  const settings = useTriageSettings();
  const found = useAsync(() => get<Page<DuplicateCandidate>>(`/api/reports/${r.id}/duplicates`).then((p) => p.items), [r.id]);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<NoticeMessage | null>(null);
  const candidates = useMemo(() => (found.data ?? []).filter((c) => !c.report.mergedInto), [found.data]);
  // Cancelling a merge puts focus back on its button (the confirmation that had it is gone).
  const mergeButtons = useRef(new Map<string, HTMLButtonElement>());
  const cancel = (id: string) => {
    setConfirming(null);
    requestAnimationFrame(() => mergeButtons.current.get(id)?.focus());
  };

  const merge = async (c: DuplicateCandidate, direction: Direction) => {
    const [source, target] = direction === 'keepThis' ? [c.report, r] : [r, c.report];
    setBusy(true);
    setMessage(null);
    try {
      const merged = await mergeReport(source.id, target.id);
      setConfirming(null);
      found.setData((list) => list?.filter((x) => x.report.id !== c.report.id));
      setMessage({ kind: 'success', text: t('triageTools.mergedDone') });
      onMerged(merged);
    } catch (err) {
      let text: string;
      if (err instanceof HttpError && err.status === 400 && err.field === 'intoReportId') {
        const reason = mergeRefusal(Array.isArray(err.body.message) ? err.body.message.join(' ') : String(err.body.message));
        text = reason ? t(`triageTools.mergeErrors.${reason}`) : formErrors(err, t, []).general.join(' ');
      } else text = formErrors(err, t, []).general.join(' ');
      setMessage({ kind: 'error', text });
      found.reload();
      if (err instanceof HttpError && err.status === 409) {
        try {
          onReport(await get<ReportResponse>(`/api/reports/${r.id}`));
        } catch {
          /* shown above */
        }
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="triage-tool" aria-labelledby={`${idPrefix}-dup-heading`} data-testid="duplicates-tool">
      <h3 id={`${idPrefix}-dup-heading`}>{t('triageTools.duplicates')}</h3>
      <p className="hint">
        {settings.data
          ? t('triageTools.duplicatesHint', { distance: settings.data.duplicateDistanceM, hours: settings.data.duplicateWindowHours })
          : t('triageTools.duplicatesHintPlain')}
      </p>
      <LiveNotice message={message} />
      {found.loading && !found.data ? (
        <p role="status">{t('common.loading')}</p>
      ) : found.error ? (
        <p className="notice error" role="alert">
          {formErrors(found.error, t, []).general.join(' ')}
        </p>
      ) : candidates.length === 0 ? (
        <p className="muted" data-testid="no-duplicates">
          {t('triageTools.noDuplicates')}
        </p>
      ) : (
        <ul className="plain-list duplicates" aria-label={t('triageTools.duplicates')}>
          {candidates.map((c) => (
            <li key={c.report.id} data-report-id={c.report.id} data-testid="duplicate">
              <p className="duplicate-head">
                <Link to={`/rapporter/${c.report.id}`}>{reportName(c.report)}</Link> <StatusBadge status={c.report.status} /> <SeverityBadge severity={c.report.severity} />
              </p>
              <p className="feed-desc">{c.report.description}</p>
              <p className="feed-meta" data-testid="duplicate-apart">
                {t('triageTools.apart', { distance: Math.round(c.distanceM), hours: Math.round(c.hoursApart * 10) / 10 })} · {c.report.organisation.name} ·{' '}
                <time dateTime={c.report.observedAt}>{formatDateTime(c.report.observedAt)}</time>
              </p>
              {confirming === c.report.id ? (
                <MergeConfirm report={r} candidate={c} idPrefix={idPrefix} busy={busy} onConfirm={(d) => void merge(c, d)} onCancel={() => cancel(c.report.id)} />
              ) : (
                <div className="actions">
                  <button
                    type="button"
                    className="button secondary small"
                    ref={(el) => {
                      if (el) mergeButtons.current.set(c.report.id, el);
                      else mergeButtons.current.delete(c.report.id);
                    }}
                    onClick={() => setConfirming(c.report.id)}
                  >
                    {t('triageTools.merge')}
                    <span className="visually-hidden">: {reportName(c.report)}, {c.report.organisation.name}</span>
                  </button>
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/**
 * A coordinator's triage of one report: give it to an organisation, answer the reporter, and find and merge its
 * duplicates. The same tools in the triage queue and on the report page.
 */
export function TriageTools(props: ToolProps & { onMerged: (merged: ReportResponse) => void }) {
  return (
    <div className="triage-tools-box">
      <div className="triage-tools">
        <AssignTool {...props} />
        <AnswerTool {...props} />
        <DuplicatesTool {...props} />
      </div>
    </div>
  );
}
