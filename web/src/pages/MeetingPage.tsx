import { useRef, useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import {
  EFFORT_TYPES,
  isCoordinatorRole,
  LIMITS,
  type AgendaReport,
  type EffortMode,
  type MeetingAgendaResponse,
  type MeetingDecisionResponse,
  type MeetingItemKind,
  type MeetingItemResponse,
  type MeetingResponse,
  type OrganisationRef,
} from '#contracts';
import { EffortStatusBadge, SeverityBadge } from '../components/Badges.js';
import { PrivacyTextarea } from '../components/PrivacyTextarea.js';
import { get, post } from '../lib/api.js';
import { followUpInstant, localDateInput, localDateTimeInput } from '../lib/efforts.js';
import { formErrors, type FormErrors } from '../lib/errors.js';
import { categoryLabel, formatDate, formatDateTime } from '../lib/i18n.js';
import { downloadMinutes } from '../lib/meetings.js';
import { useAsync, useDocumentTitle, useOrganisations, useSession } from '../lib/hooks.js';
import './meetings.css';

const NO_ERRORS: FormErrors = { fields: {}, general: [] };
const toggle = (list: string[], id: string, on: boolean) => (on ? [...list.filter((x) => x !== id), id] : list.filter((x) => x !== id));
const clip = (s: string, max: number) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

function ErrorSummary({ errors, summaryRef, target }: { errors: FormErrors; summaryRef: React.RefObject<HTMLDivElement | null>; target: Record<string, string> }) {
  const { t } = useTranslation();
  const list = [...Object.entries(errors.fields).map(([f, m]) => ({ f, m })), ...errors.general.map((m) => ({ f: '', m }))];
  if (!list.length) return null;
  return (
    <div className="notice error" ref={summaryRef} tabIndex={-1} role="alert" data-testid="error-summary">
      <p>
        <strong>{t('errors.summary')}</strong>
      </p>
      <ul>
        {list.map(({ f, m }, i) => (
          <li key={i}>{f && target[f] ? <a href={`#${target[f]}`}>{m}</a> : m}</li>
        ))}
      </ul>
    </div>
  );
}

/** "Diskutera": records an agenda entry as discussed, with an optional note. */
function Discuss(props: { meetingId: string; kind: MeetingItemKind; refId?: string; title: string; done: boolean; onRecorded: (i: MeetingItemResponse) => void; id: string }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const summaryRef = useRef<HTMLDivElement>(null);
  const noteId = `note-${props.id}`;
  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    setBusy(true);
    try {
      const item = await post<MeetingItemResponse>(`/api/meetings/${props.meetingId}/items`, {
        kind: props.kind,
        ...(props.refId ? { refId: props.refId } : {}),
        title: clip(props.title, LIMITS.name),
        ...(note.trim() ? { note: note.trim() } : {}),
      }, { idempotencyKey: crypto.randomUUID() });
      props.onRecorded(item);
      setOpen(false);
      setNote('');
      setErrors(NO_ERRORS);
    } catch (e) {
      const fe = formErrors(e, t, ['note']);
      setErrors({ fields: fe.fields, general: fe.general });
      requestAnimationFrame(() => summaryRef.current?.focus());
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="discuss">
      {props.done && <span className="badge">{t('meetings.discussed')}</span>}{' '}
      <button type="button" className="button secondary small" aria-expanded={open} aria-controls={`discuss-${props.id}`} onClick={() => setOpen((o) => !o)} data-testid={`discuss-${props.id}`}>
        {t('meetings.discuss')}
        <span className="visually-hidden">: {props.title}</span>
      </button>
      <div id={`discuss-${props.id}`}>
        {open && (
          <form onSubmit={submit} noValidate className="stack discuss-form">
            <ErrorSummary errors={errors} summaryRef={summaryRef} target={{ note: noteId }} />
            <PrivacyTextarea id={noteId} rows={2} label={t('meetings.note')} hint={t('meetings.noteHint')} value={note} onChange={setNote} serverError={errors.fields.note || null} />
            <div className="actions">
              <button type="submit" className="button small" disabled={busy} data-testid={`record-${props.id}`}>
                {t('meetings.record')}
              </button>{' '}
              <button type="button" className="button secondary small" onClick={() => setOpen(false)}>
                {t('common.cancel')}
              </button>
            </div>
          </form>
        )}
      </div>
    </div>
  );
}

function DecisionForm({ meeting, onRecorded }: { meeting: MeetingResponse; onRecorded: (d: MeetingDecisionResponse) => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [owner, setOwner] = useState(meeting.organisations[0]?.id ?? '');
  const [due, setDue] = useState('');
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const summaryRef = useRef<HTMLDivElement>(null);
  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    const e: FormErrors = { fields: {}, general: [] };
    if (!text.trim()) e.fields.text = t('meetings.errors.text');
    else if (text.length > LIMITS.text) e.fields.text = t('meetings.errors.textTooLong', { max: LIMITS.text });
    if (!owner) e.fields.ownerOrganisationId = t('meetings.errors.owner');
    if (due && !followUpInstant(due)) e.fields.dueAt = t('meetings.errors.due');
    setErrors(e);
    if (Object.keys(e.fields).length) {
      requestAnimationFrame(() => summaryRef.current?.focus());
      return;
    }
    setBusy(true);
    try {
      const d = await post<MeetingDecisionResponse>(`/api/meetings/${meeting.id}/decisions`, {
        text: text.trim(),
        ownerOrganisationId: owner,
        ...(due ? { dueAt: followUpInstant(due) } : {}),
      }, { idempotencyKey: crypto.randomUUID() });
      onRecorded(d);
      setText('');
      setDue('');
    } catch (err) {
      setErrors(formErrors(err, t, ['text', 'ownerOrganisationId', 'dueAt']));
      requestAnimationFrame(() => summaryRef.current?.focus());
    } finally {
      setBusy(false);
    }
  };
  const fieldError = (f: string) => errors.fields[f] && <p className="field-error">{errors.fields[f]}</p>;
  return (
    <form onSubmit={submit} noValidate className="stack card" data-testid="decision-form" aria-labelledby="decision-form-h">
      <h3 id="decision-form-h" className="h3">{t('meetings.newDecision')}</h3>
      <ErrorSummary errors={errors} summaryRef={summaryRef} target={{ text: 'decision-text', ownerOrganisationId: 'decision-owner', dueAt: 'decision-due' }} />
      <PrivacyTextarea id="decision-text" rows={3} label={t('meetings.decisionText')} value={text} onChange={setText} serverError={errors.fields.text || null} required />
      <div className="field-row">
        <div className={`field${errors.fields.ownerOrganisationId ? ' has-error' : ''}`}>
          <label htmlFor="decision-owner">{t('meetings.owner')}</label>
          {fieldError('ownerOrganisationId')}
          <select id="decision-owner" value={owner} onChange={(e) => setOwner(e.target.value)}>
            {meeting.organisations.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
        </div>
        <div className={`field${errors.fields.dueAt ? ' has-error' : ''}`}>
          <label htmlFor="decision-due">{t('meetings.due')}</label>
          {fieldError('dueAt')}
          <input id="decision-due" type="date" value={due} onChange={(e) => setDue(e.target.value)} />
        </div>
      </div>
      <div className="actions">
        <button type="submit" className="button" disabled={busy} data-testid="record-decision">
          {t('meetings.recordDecision')}
        </button>
      </div>
    </form>
  );
}

const EFFORT_FIELDS = ['type', 'title', 'description', 'mode', 'organisationIds', 'ownerOrganisationId', 'reportIds', 'plannedStart', 'followUpAt'];

/** "Gör till insats": a compact effort form prefilled from the decision, posted to the conversion route. */
function ConvertForm(props: { meeting: MeetingResponse; decision: MeetingDecisionResponse; reports: AgendaReport[]; organisations: OrganisationRef[]; onDone: (d: MeetingDecisionResponse) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const d = props.decision;
  const p = `conv-${d.id}`;
  const [type, setType] = useState('');
  const [title, setTitle] = useState(() => clip(d.text.split('\n')[0] ?? '', LIMITS.name));
  const [description, setDescription] = useState(d.text);
  const [mode, setMode] = useState<EffortMode>('separate');
  const [orgIds, setOrgIds] = useState<string[]>([d.ownerOrganisation.id]);
  const [owner, setOwner] = useState(d.ownerOrganisation.id);
  const [plannedStart, setPlannedStart] = useState(() => localDateTimeInput(new Date()));
  const [followUp, setFollowUp] = useState(d.dueAt ? localDateInput(new Date(d.dueAt)) : '');
  const [reportIds, setReportIds] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const summaryRef = useRef<HTMLDivElement>(null);
  const effectiveOwner = orgIds.includes(owner) ? owner : orgIds[0] ?? '';

  const chooseMode = (m: EffortMode) => {
    setMode(m);
    if (m === 'separate' && orgIds.length !== 1) setOrgIds([effectiveOwner || d.ownerOrganisation.id]);
  };
  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    const e: FormErrors = { fields: {}, general: [] };
    if (!type) e.fields.type = t('newEffort.errors.type');
    if (!title.trim()) e.fields.title = t('newEffort.errors.title');
    else if (title.trim().length > LIMITS.name) e.fields.title = t('newEffort.errors.titleTooLong', { max: LIMITS.name });
    if (description.length > LIMITS.text) e.fields.description = t('newEffort.errors.descriptionTooLong', { max: LIMITS.text });
    if (mode === 'separate' && orgIds.length !== 1) e.fields.organisationIds = t('newEffort.errors.separate');
    else if (mode === 'joint' && orgIds.length < 2) e.fields.organisationIds = t('newEffort.errors.joint');
    if (!plannedStart || Number.isNaN(new Date(plannedStart).getTime())) e.fields.plannedStart = t('newEffort.errors.plannedStart');
    if (followUp && !followUpInstant(followUp)) e.fields.followUpAt = t('newEffort.errors.followUpAt');
    setErrors(e);
    if (Object.keys(e.fields).length) {
      requestAnimationFrame(() => summaryRef.current?.focus());
      return;
    }
    setBusy(true);
    try {
      const res = await post<MeetingDecisionResponse>(`/api/meetings/${props.meeting.id}/decisions/${d.id}/effort`, {
        type,
        title: title.trim(),
        ...(description.trim() ? { description: description.trim() } : {}),
        mode,
        organisationIds: orgIds,
        ownerOrganisationId: effectiveOwner,
        ...(reportIds.length ? { reportIds } : {}),
        plannedStart: new Date(plannedStart).toISOString(),
        ...(followUp ? { followUpAt: followUpInstant(followUp) } : {}),
      });
      props.onDone(res);
    } catch (err) {
      setErrors(formErrors(err, t, EFFORT_FIELDS));
      requestAnimationFrame(() => summaryRef.current?.focus());
    } finally {
      setBusy(false);
    }
  };
  const fieldError = (f: string) => errors.fields[f] && <p className="field-error">{errors.fields[f]}</p>;
  const orgs = props.organisations;
  const target: Record<string, string> = {
    type: `${p}-type`, title: `${p}-title`, description: `${p}-description`, mode: `${p}-mode-${mode}`, organisationIds: `${p}-org-${orgs[0]?.id ?? ''}`,
    ownerOrganisationId: `${p}-owner`, reportIds: `${p}-reports`, plannedStart: `${p}-start`, followUpAt: `${p}-followup`,
  };

  return (
    <form onSubmit={submit} noValidate className="stack convert-form" data-testid="convert-form" aria-label={t('meetings.convertLabel')}>
      <ErrorSummary errors={errors} summaryRef={summaryRef} target={target} />
      <div className={`field${errors.fields.type ? ' has-error' : ''}`}>
        <label htmlFor={`${p}-type`}>{t('newEffort.type')}</label>
        {fieldError('type')}
        <select id={`${p}-type`} value={type} onChange={(e) => setType(e.target.value)} data-testid="convert-type">
          <option value="">{t('newEffort.chooseType')}</option>
          {EFFORT_TYPES.map((ty) => (
            <option key={ty} value={ty}>
              {t(`effortType.${ty}`)}
            </option>
          ))}
        </select>
      </div>
      <PrivacyTextarea id={`${p}-title`} singleLine maxLength={LIMITS.name} label={t('newEffort.titleLabel')} value={title} onChange={setTitle} serverError={errors.fields.title || null} required />
      <PrivacyTextarea id={`${p}-description`} rows={3} label={t('newEffort.description')} value={description} onChange={setDescription} serverError={errors.fields.description || null} />
      <fieldset className="field">
        <legend>{t('newEffort.mode')}</legend>
        {(['separate', 'joint'] as const).map((m) => (
          <label key={m} className="radio">
            <input id={`${p}-mode-${m}`} type="radio" name={`${p}-mode`} value={m} checked={mode === m} onChange={() => chooseMode(m)} />
            {t(`effortMode.${m}.short`)}
          </label>
        ))}
      </fieldset>
      <fieldset className={`field${errors.fields.organisationIds ? ' has-error' : ''}`} data-testid="convert-organisations">
        <legend>{mode === 'joint' ? t('newEffort.organisations') : t('newEffort.organisation')}</legend>
        {fieldError('organisationIds')}
        <div className="checkbox-grid">
          {orgs.map((o) =>
            mode === 'joint' ? (
              <label key={o.id} className="checkbox">
                <input id={`${p}-org-${o.id}`} type="checkbox" checked={orgIds.includes(o.id)} onChange={(e) => setOrgIds((s) => toggle(s, o.id, e.target.checked))} />
                {o.name}
              </label>
            ) : (
              <label key={o.id} className="radio">
                <input id={`${p}-org-${o.id}`} type="radio" name={`${p}-org`} checked={orgIds.length === 1 && orgIds[0] === o.id} onChange={() => setOrgIds([o.id])} />
                {o.name}
              </label>
            ),
          )}
        </div>
      </fieldset>
      {mode === 'joint' && orgIds.length > 1 && (
        <div className={`field${errors.fields.ownerOrganisationId ? ' has-error' : ''}`}>
          <label htmlFor={`${p}-owner`}>{t('newEffort.owner')}</label>
          {fieldError('ownerOrganisationId')}
          <select id={`${p}-owner`} value={effectiveOwner} onChange={(e) => setOwner(e.target.value)}>
            {orgs.filter((o) => orgIds.includes(o.id)).map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
        </div>
      )}
      <fieldset className={`field${errors.fields.reportIds ? ' has-error' : ''}`} id={`${p}-reports`} data-testid="convert-reports">
        <legend>{t('meetings.linkReports')}</legend>
        {fieldError('reportIds')}
        {props.reports.length === 0 && <p className="muted">{t('meetings.noReports')}</p>}
        {props.reports.map((r) => (
          <label key={r.id} className="checkbox">
            <input type="checkbox" value={r.id} checked={reportIds.includes(r.id)} onChange={(e) => setReportIds((s) => toggle(s, r.id, e.target.checked))} />
            <span>
              {categoryLabel(r.category)}
              {r.place ? ` – ${r.place.name}` : r.area ? ` – ${r.area.name}` : ''} · {t('meetings.severityN', { severity: r.severity })} · {formatDate(r.observedAt)}
            </span>
          </label>
        ))}
      </fieldset>
      <div className="field-row">
        <div className={`field${errors.fields.plannedStart ? ' has-error' : ''}`}>
          <label htmlFor={`${p}-start`}>{t('newEffort.plannedStart')}</label>
          {fieldError('plannedStart')}
          <input id={`${p}-start`} type="datetime-local" value={plannedStart} onChange={(e) => setPlannedStart(e.target.value)} />
        </div>
        <div className={`field${errors.fields.followUpAt ? ' has-error' : ''}`}>
          <label htmlFor={`${p}-followup`}>{t('newEffort.followUpAt')}</label>
          {fieldError('followUpAt')}
          <input id={`${p}-followup`} type="date" value={followUp} onChange={(e) => setFollowUp(e.target.value)} />
        </div>
      </div>
      <div className="actions">
        <button type="submit" className="button" disabled={busy} data-testid="convert-submit">
          {t('meetings.convertSubmit')}
        </button>{' '}
        <button type="button" className="button secondary" onClick={props.onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

function reportTitle(r: AgendaReport): string {
  return `${categoryLabel(r.category)}${r.place ? ` – ${r.place.name}` : r.area ? ` – ${r.area.name}` : ''}`;
}

export default function MeetingPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const session = useSession()!;
  const isCoordinator = isCoordinatorRole(session.user.role);
  const meeting = useAsync(() => get<MeetingResponse>(`/api/meetings/${id}`), [id]);
  const agenda = useAsync(() => get<MeetingAgendaResponse>(`/api/meetings/${id}/agenda`), [id]);
  const organisations = useOrganisations();
  const [converting, setConverting] = useState<string | null>(null);
  const [downloadError, setDownloadError] = useState<string | null>(null);
  const [announce, setAnnounce] = useState('');
  const m = meeting.data;
  useDocumentTitle(m ? m.title || t(`meetings.kind.${m.kind}`) : t('meetings.meeting'));

  if (meeting.error && !m) {
    return (
      <div className="narrow">
        <p>
          <Link to="/moten">← {t('meetings.back')}</Link>
        </p>
        <h1>{t('meetings.notFound')}</h1>
        <p className="notice error" role="alert">
          {formErrors(meeting.error, t, []).general.join(' ')}
        </p>
      </div>
    );
  }
  if (!m) return <p role="status">{t('common.loading')}</p>;

  const discussed = (kind: MeetingItemKind, refId: string) => m.items.some((i) => i.kind === kind && i.refId === refId);
  const addItem = (i: MeetingItemResponse) => {
    meeting.setData((old) => (old ? { ...old, items: [...old.items, i] } : old));
    setAnnounce(t('meetings.itemRecorded', { title: i.title }));
  };
  const setDecision = (d: MeetingDecisionResponse) => {
    meeting.setData((old) => (old ? { ...old, decisions: old.decisions.some((x) => x.id === d.id) ? old.decisions.map((x) => (x.id === d.id ? d : x)) : [...old.decisions, d] } : old));
  };
  const a = agenda.data;
  const orgRefs: OrganisationRef[] = (organisations.data ?? []).map((o) => ({ id: o.id, name: o.name, kind: o.kind }));
  const download = async () => {
    setDownloadError(null);
    try {
      await downloadMinutes(m.id, `protokoll-${m.week}.pdf`);
    } catch (e) {
      setDownloadError(formErrors(e, t, []).general.join(' '));
    }
  };
  const effortRow = (e: MeetingAgendaResponse['efforts']['due'][number], overdue: boolean) => (
    <li key={e.id} className="agenda-row">
      <div>
        <Link to={`/insatser/${e.id}`}>{e.title}</Link> <EffortStatusBadge status={e.status} />
        {overdue && <span className="badge overdue">{t('meetings.overdue')}</span>}
        <p className="muted">
          {t(`effortType.${e.type}`)} · {e.organisation.name}
          {e.followUpAt && <> · {t('meetings.followUp')} <time dateTime={e.followUpAt}>{formatDate(e.followUpAt)}</time></>}
        </p>
      </div>
      {isCoordinator && <Discuss id={`e-${e.id}`} meetingId={m.id} kind="effort" refId={e.id} title={e.title} done={discussed('effort', e.id)} onRecorded={addItem} />}
    </li>
  );

  return (
    <div className="narrow meeting-page">
      <p>
        <Link to="/moten">← {t('meetings.back')}</Link>
      </p>
      <h1>{m.title || t(`meetings.kind.${m.kind}`)}</h1>
      <p className="lead">
        <time dateTime={m.date}>{formatDateTime(m.date)}</time> · {t(`meetings.kind.${m.kind}`)} · {t('meetings.week', { week: m.week })}
      </p>
      <dl className="meta-list">
        <dt>{t('meetings.present')}</dt>
        <dd>{m.organisations.map((o) => o.name).join(', ')}</dd>
        <dt>{t('meetings.areas')}</dt>
        <dd>{m.areas.length ? m.areas.map((x) => x.name).join(', ') : t('meetings.allAreas')}</dd>
      </dl>
      <p>
        <button type="button" className="button secondary" onClick={() => void download()} data-testid="download-minutes">
          {t('meetings.minutes')}
        </button>
      </p>
      {downloadError && (
        <p className="notice error" role="alert">
          {downloadError}
        </p>
      )}
      <p className="visually-hidden" role="status" aria-live="polite">
        {announce}
      </p>

      <section aria-labelledby="agenda-h" data-testid="agenda">
        <h2 id="agenda-h">{t('meetings.agenda')}</h2>
        {agenda.loading && !a && <p role="status">{t('common.loading')}</p>}
        {!!agenda.error && !a && (
          <p className="notice error" role="alert">
            {formErrors(agenda.error, t, []).general.join(' ')}
          </p>
        )}
        {a && (
          <>
            <p className="muted">
              {t('meetings.period', { week: a.period.week })}: <time dateTime={a.period.weekStart}>{formatDate(a.period.weekStart)}</time> – <time dateTime={a.period.weekEnd}>{formatDate(a.period.weekEnd)}</time>
            </p>
            <h3 className="h3">{t('meetings.openReports', { count: a.openReports.total })}</h3>
            <ul className="severity-counts" aria-label={t('meetings.bySeverity')}>
              {['5', '4', '3', '2', '1'].map((s) => (
                <li key={s}>
                  <SeverityBadge severity={Number(s)} /> {a.openReports.bySeverity[s] ?? 0}
                </li>
              ))}
            </ul>
            {a.openReports.top.length > 0 && (
              <ul className="plain-list agenda-list" data-testid="agenda-reports">
                {a.openReports.top.map((r) => (
                  <li key={r.id} className="agenda-row">
                    <div>
                      <SeverityBadge severity={r.severity} /> <Link to={`/rapporter/${r.id}`}>{reportTitle(r)}</Link>
                      <p className="muted">
                        {t(`status.${r.status}`)} · <time dateTime={r.observedAt}>{formatDateTime(r.observedAt)}</time>
                      </p>
                    </div>
                    {isCoordinator && <Discuss id={`r-${r.id}`} meetingId={m.id} kind="report" refId={r.id} title={reportTitle(r)} done={discussed('report', r.id)} onRecorded={addItem} />}
                  </li>
                ))}
              </ul>
            )}

            <h3 className="h3">{t('meetingPicture.hotspots', { week: a.picture.week })}</h3>
            <p className="muted" data-testid="agenda-picture-source">
              {a.picture.snapshot ? t('meetingPicture.frozen', { week: a.picture.week }) : t('meetingPicture.live', { week: a.picture.week })}
              {' · '}
              {t('meetingPicture.total', { count: a.picture.total.current, previous: a.picture.total.previous })}
              {' · '}
              <Link to={`/lagesbild/vecka?week=${a.picture.week}`}>{t('meetingPicture.open')}</Link>
            </p>
            {a.picture.hotspots.length === 0 ? (
              <p className="muted">{t('meetings.noHotspots')}</p>
            ) : (
              <ul className="plain-list agenda-list" data-testid="agenda-hotspots">
                {a.picture.hotspots.map((h, i) => {
                  const name = h.place?.name ?? (h.area ? t('meetingPicture.cellNear', { area: h.area.name }) : t('meetings.unknownPlace'));
                  // A place, or for a grid cell its area: what an agenda item about a hotspot refers to.
                  const ref = h.place?.id ?? h.area?.id;
                  return (
                    <li key={h.key} className="agenda-row">
                      <div>
                        <strong>{i + 1}. {name}</strong> <span className={`badge hotspot-${h.class}`}>{t(`meetingPicture.class.${h.class}`)}</span>
                        <p className="muted">
                          {t('meetingPicture.counts', { count: h.count, earlier: h.earlier.join(', ') })}
                          {h.categories.length > 0 && <> · {h.categories.map((c) => categoryLabel(c.code)).join(', ')}</>}
                        </p>
                      </div>
                      {isCoordinator && <Discuss id={`h-${h.key}`} meetingId={m.id} kind="hotspot" refId={ref} title={name} done={!!ref && discussed('hotspot', ref)} onRecorded={addItem} />}
                    </li>
                  );
                })}
              </ul>
            )}

            <h3 className="h3">{t('meetings.effortsOverdue')}</h3>
            {a.efforts.overdue.length === 0 ? <p className="muted">{t('meetings.noEfforts')}</p> : <ul className="plain-list agenda-list" data-testid="agenda-overdue">{a.efforts.overdue.map((e) => effortRow(e, true))}</ul>}
            <h3 className="h3">{t('meetings.effortsDue')}</h3>
            {a.efforts.due.length === 0 ? <p className="muted">{t('meetings.noEfforts')}</p> : <ul className="plain-list agenda-list" data-testid="agenda-due">{a.efforts.due.map((e) => effortRow(e, false))}</ul>}
            {isCoordinator && (
              <div className="agenda-row other-item">
                <span>{t('meetings.otherItem')}</span>
                <OtherItem meetingId={m.id} onRecorded={addItem} />
              </div>
            )}
          </>
        )}
      </section>

      <section aria-labelledby="items-h">
        <h2 id="items-h">{t('meetings.items')}</h2>
        {m.items.length === 0 ? (
          <p className="muted">{t('meetings.noItems')}</p>
        ) : (
          <ol className="items-list" data-testid="meeting-items">
            {m.items.map((i) => (
              <li key={i.id}>
                <strong>{i.title}</strong> <span className="muted">({t(`meetings.itemKind.${i.kind}`)})</span>
                {i.note && <p className="pre-wrap">{i.note}</p>}
              </li>
            ))}
          </ol>
        )}
      </section>

      <section aria-labelledby="decisions-h">
        <h2 id="decisions-h">{t('meetings.decisions')}</h2>
        {m.decisions.length === 0 ? (
          <p className="muted">{t('meetings.noDecisions')}</p>
        ) : (
          <ul className="plain-list cards" data-testid="meeting-decisions">
            {m.decisions.map((d) => (
              <li key={d.id} className="card" data-testid="decision">
                <p className="pre-wrap">{d.text}</p>
                <p className="muted">
                  {t('meetings.owner')}: {d.ownerOrganisation.name}
                  {d.dueAt && <> · {t('meetings.due')}: <time dateTime={d.dueAt}>{formatDate(d.dueAt)}</time></>}
                </p>
                {d.effort ? (
                  <p>
                    {t('meetings.becameEffort')}: <Link to={`/insatser/${d.effort.id}`} data-testid="decision-effort">{d.effort.title}</Link> <EffortStatusBadge status={d.effort.status} />
                  </p>
                ) : d.converted ? (
                  <p className="muted">{t('meetings.convertedHidden')}</p>
                ) : (
                  isCoordinator && (
                    <>
                      <button type="button" className="button secondary small" aria-expanded={converting === d.id} aria-controls={`convert-${d.id}`} onClick={() => setConverting((c) => (c === d.id ? null : d.id))} data-testid="convert-decision">
                        {t('meetings.convert')}
                      </button>
                      <div id={`convert-${d.id}`}>
                        {converting === d.id && (
                          <ConvertForm
                            meeting={m}
                            decision={d}
                            reports={a?.openReports.top ?? []}
                            organisations={orgRefs.length ? orgRefs : m.organisations}
                            onDone={(res) => {
                              setDecision(res);
                              setConverting(null);
                              setAnnounce(t('meetings.converted'));
                            }}
                            onCancel={() => setConverting(null)}
                          />
                        )}
                      </div>
                    </>
                  )
                )}
              </li>
            ))}
          </ul>
        )}
        {isCoordinator && <DecisionForm meeting={m} onRecorded={(d) => { setDecision(d); setAnnounce(t('meetings.decisionRecorded')); }} />}
      </section>
    </div>
  );
}

/** An agenda item of its own ("Övrigt"), with a title and an optional note. */
function OtherItem({ meetingId, onRecorded }: { meetingId: string; onRecorded: (i: MeetingItemResponse) => void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [title, setTitle] = useState('');
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const summaryRef = useRef<HTMLDivElement>(null);
  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    if (!title.trim()) {
      setErrors({ fields: { title: t('meetings.errors.itemTitle') }, general: [] });
      requestAnimationFrame(() => summaryRef.current?.focus());
      return;
    }
    try {
      const item = await post<MeetingItemResponse>(`/api/meetings/${meetingId}/items`, { kind: 'other', title: title.trim(), ...(note.trim() ? { note: note.trim() } : {}) }, { idempotencyKey: crypto.randomUUID() });
      onRecorded(item);
      setTitle('');
      setNote('');
      setOpen(false);
      setErrors(NO_ERRORS);
    } catch (e) {
      setErrors(formErrors(e, t, ['title', 'note']));
      requestAnimationFrame(() => summaryRef.current?.focus());
    }
  };
  return (
    <div className="discuss">
      <button type="button" className="button secondary small" aria-expanded={open} aria-controls="other-item" onClick={() => setOpen((o) => !o)}>
        {t('meetings.addOther')}
      </button>
      <div id="other-item">
        {open && (
          <form onSubmit={submit} noValidate className="stack discuss-form">
            <ErrorSummary errors={errors} summaryRef={summaryRef} target={{ title: 'other-title', note: 'other-note' }} />
            <PrivacyTextarea id="other-title" singleLine maxLength={LIMITS.name} label={t('meetings.itemTitle')} value={title} onChange={setTitle} serverError={errors.fields.title || null} required />
            <PrivacyTextarea id="other-note" rows={2} label={t('meetings.note')} value={note} onChange={setNote} serverError={errors.fields.note || null} />
            <button type="submit" className="button small">
              {t('meetings.record')}
            </button>
          </form>
        )}
      </div>
    </div>
  );
}
