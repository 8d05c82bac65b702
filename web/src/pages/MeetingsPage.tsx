import { useRef, useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { isCoordinatorRole, LIMITS, MEETING_KINDS, type MeetingKind, type MeetingResponse } from '#contracts';
import { PrivacyTextarea } from '../components/PrivacyTextarea.js';
import { getAll, post } from '../lib/api.js';
import { formErrors, type FormErrors } from '../lib/errors.js';
import { formatDateTime } from '../lib/i18n.js';
import { meetingInstant } from '../lib/meetings.js';
import { useAreas, useAsync, useDocumentTitle, useOrganisations, useSession } from '../lib/hooks.js';
import { localDateTimeInput } from '../lib/efforts.js';
import './meetings.css';

const NO_ERRORS: FormErrors = { fields: {}, general: [] };
const API_FIELDS = ['kind', 'date', 'organisationIds', 'areaIds', 'title'];
const toggle = (list: string[], id: string, on: boolean) => (on ? [...list.filter((x) => x !== id), id] : list.filter((x) => x !== id));

function MeetingList({ meetings, testId }: { meetings: MeetingResponse[]; testId: string }) {
  const { t } = useTranslation();
  if (!meetings.length) return <p className="muted">{t('meetings.none')}</p>;
  return (
    <ul className="plain-list cards" data-testid={testId}>
      {meetings.map((m) => (
        <li key={m.id} className="card">
          <h3 className="h3">
            <Link to={`/moten/${m.id}`}>{m.title || t(`meetings.kind.${m.kind}`)}</Link>
          </h3>
          <p>
            <time dateTime={m.date}>{formatDateTime(m.date)}</time> · {t(`meetings.kind.${m.kind}`)} · {t('meetings.week', { week: m.week })}
          </p>
          <p className="muted">
            {t('meetings.present')}: {m.organisations.map((o) => o.name).join(', ')}
          </p>
        </li>
      ))}
    </ul>
  );
}

function NewMeetingForm() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const organisations = useOrganisations();
  const areas = useAreas();
  const [kind, setKind] = useState<MeetingKind>('joint');
  const [date, setDate] = useState(() => {
    const d = new Date();
    d.setMinutes(0, 0, 0);
    d.setHours(d.getHours() + 1);
    return localDateTimeInput(d);
  });
  const [orgIds, setOrgIds] = useState<string[]>([]);
  const [areaIds, setAreaIds] = useState<string[]>([]);
  const [title, setTitle] = useState('');
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);
  const summaryRef = useRef<HTMLDivElement>(null);
  const orgs = organisations.data ?? [];

  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    const e: FormErrors = { fields: {}, general: [] };
    const when = meetingInstant(date);
    if (!when) e.fields.date = t('meetings.errors.date');
    if (!orgIds.length) e.fields.organisationIds = t('meetings.errors.organisations');
    if (title.trim().length > LIMITS.name) e.fields.title = t('meetings.errors.titleTooLong', { max: LIMITS.name });
    setErrors(e);
    if (Object.keys(e.fields).length) {
      requestAnimationFrame(() => summaryRef.current?.focus());
      return;
    }
    setBusy(true);
    try {
      const m = await post<MeetingResponse>('/api/meetings', {
        kind,
        date: when,
        organisationIds: orgIds,
        ...(title.trim() ? { title: title.trim() } : {}),
        ...(areaIds.length ? { areaIds } : {}),
      }, { idempotencyKey: crypto.randomUUID() });
      navigate(`/moten/${m.id}`);
    } catch (err) {
      setErrors(formErrors(err, t, API_FIELDS));
      requestAnimationFrame(() => summaryRef.current?.focus());
    } finally {
      setBusy(false);
    }
  };

  const target: Record<string, string> = { kind: `mkind-${kind}`, date: 'meeting-date', organisationIds: `morg-${orgs[0]?.id ?? ''}`, title: 'meeting-title', areaIds: 'meeting-areas' };
  const errorList = [...Object.entries(errors.fields).map(([f, m]) => ({ f, m })), ...errors.general.map((m) => ({ f: '', m }))];
  const fieldError = (f: string) => errors.fields[f] && <p className="field-error">{errors.fields[f]}</p>;

  return (
    <section aria-labelledby="new-meeting-h" className="card">
      <h2 id="new-meeting-h">{t('meetings.new')}</h2>
      {errorList.length > 0 && (
        <div className="notice error" ref={summaryRef} tabIndex={-1} role="alert" data-testid="error-summary">
          <h3 className="h3">{t('errors.summary')}</h3>
          <ul>
            {errorList.map(({ f, m }, i) => (
              <li key={i}>{f && target[f] ? <a href={`#${target[f]}`}>{m}</a> : m}</li>
            ))}
          </ul>
        </div>
      )}
      <form onSubmit={submit} noValidate className="stack" data-testid="meeting-form">
        <fieldset className={`field${errors.fields.kind ? ' has-error' : ''}`}>
          <legend>{t('meetings.kindLabel')}</legend>
          {fieldError('kind')}
          {MEETING_KINDS.map((k) => (
            <label key={k} className="radio">
              <input id={`mkind-${k}`} type="radio" name="meeting-kind" value={k} checked={kind === k} onChange={() => setKind(k)} />
              {t(`meetings.kind.${k}`)}
            </label>
          ))}
        </fieldset>
        <div className={`field${errors.fields.date ? ' has-error' : ''}`}>
          <label htmlFor="meeting-date">{t('meetings.date')}</label>
          {fieldError('date')}
          <input id="meeting-date" type="datetime-local" required value={date} onChange={(e) => setDate(e.target.value)} aria-invalid={!!errors.fields.date || undefined} />
        </div>
        <fieldset className={`field${errors.fields.organisationIds ? ' has-error' : ''}`} data-testid="meeting-organisations">
          <legend>{t('meetings.organisations')}</legend>
          {fieldError('organisationIds')}
          <div className="checkbox-grid">
            {orgs.map((o) => (
              <label key={o.id} className="checkbox">
                <input id={`morg-${o.id}`} type="checkbox" checked={orgIds.includes(o.id)} onChange={(e) => setOrgIds((s) => toggle(s, o.id, e.target.checked))} />
                {o.name}
              </label>
            ))}
          </div>
        </fieldset>
        <PrivacyTextarea id="meeting-title" singleLine maxLength={LIMITS.name} label={t('meetings.titleLabel')} hint={t('meetings.titleHint')} value={title} onChange={setTitle} serverError={errors.fields.title || null} />
        <fieldset className={`field${errors.fields.areaIds ? ' has-error' : ''}`} id="meeting-areas">
          <legend>{t('meetings.areas')}</legend>
          <p className="hint">{t('meetings.areasHint')}</p>
          {fieldError('areaIds')}
          <div className="checkbox-grid">
            {(areas.data ?? []).map((a) => (
              <label key={a.id} className="checkbox">
                <input type="checkbox" checked={areaIds.includes(a.id)} onChange={(e) => setAreaIds((s) => toggle(s, a.id, e.target.checked))} />
                {a.name}
              </label>
            ))}
          </div>
        </fieldset>
        <div className="actions">
          <button type="submit" className="button" disabled={busy} data-testid="create-meeting">
            {busy ? t('meetings.creating') : t('meetings.create')}
          </button>
        </div>
      </form>
    </section>
  );
}

export default function MeetingsPage() {
  const { t } = useTranslation();
  const session = useSession()!;
  const isCoordinator = isCoordinatorRole(session.user.role);
  const meetings = useAsync(() => getAll<MeetingResponse>('/api/meetings', 500), []);
  const [showForm, setShowForm] = useState(false);
  useDocumentTitle(t('meetings.title'));
  const now = Date.now();
  // A meeting counts as upcoming until a few hours after it started (it is under way).
  const all = meetings.data ?? [];
  const upcoming = all.filter((m) => Date.parse(m.date) > now - 4 * 3_600_000).sort((a, b) => a.date.localeCompare(b.date));
  const past = all.filter((m) => Date.parse(m.date) <= now - 4 * 3_600_000);

  return (
    <div className="narrow meetings-page">
      <h1>{t('meetings.title')}</h1>
      <p className="lead">{isCoordinator ? t('meetings.intro') : t('meetings.introMember')}</p>
      {isCoordinator && (
        <p>
          <button type="button" className="button" aria-expanded={showForm} aria-controls="new-meeting" onClick={() => setShowForm((s) => !s)} data-testid="new-meeting">
            {t('meetings.new')}
          </button>
        </p>
      )}
      <div id="new-meeting">{isCoordinator && showForm && <NewMeetingForm />}</div>
      {meetings.loading && !meetings.data && <p role="status">{t('common.loading')}</p>}
      {!!meetings.error && (
        <p className="notice error" role="alert">
          {formErrors(meetings.error, t, []).general.join(' ')}
        </p>
      )}
      {meetings.data && (
        <>
          <section aria-labelledby="upcoming-h">
            <h2 id="upcoming-h">{t('meetings.upcoming')}</h2>
            <MeetingList meetings={upcoming} testId="upcoming-meetings" />
          </section>
          <section aria-labelledby="past-h">
            <h2 id="past-h">{t('meetings.past')}</h2>
            <MeetingList meetings={past} testId="past-meetings" />
          </section>
        </>
      )}
    </div>
  );
}
