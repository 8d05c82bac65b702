import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { LIMITS } from '#contracts';
import { formErrors, type FormErrors } from '../lib/errors.js';
import { createTemplate, deleteTemplate, saveTriageSettings, useAnswerTemplates, useTriageSettings } from '../lib/triage.js';
import { ConfirmInline } from './ConfirmInline.js';
import { LiveNotice, type NoticeMessage } from './LiveNotice.js';
import { PrivacyTextarea } from './PrivacyTextarea.js';

const NO_ERRORS: FormErrors = { fields: {}, general: [] };
const DISTANCE_MAX = 10_000;
const WINDOW_MAX = 2160;

const wholeIn = (v: string, max: number) => /^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= max;

/** How near two reports are to count as possible duplicates (the collaboration's thresholds). */
function DuplicateThresholds() {
  const { t } = useTranslation();
  const settings = useTriageSettings();
  const [distance, setDistance] = useState<string | null>(null);
  const [hours, setHours] = useState<string | null>(null);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [message, setMessage] = useState<NoticeMessage | null>(null);
  const [busy, setBusy] = useState(false);
  const distanceValue = distance ?? String(settings.data?.duplicateDistanceM ?? '');
  const hoursValue = hours ?? String(settings.data?.duplicateWindowHours ?? '');

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setMessage(null);
    const v: FormErrors = { fields: {}, general: [] };
    if (!wholeIn(distanceValue, DISTANCE_MAX)) v.fields.duplicateDistanceM = t('triageSettings.errors.distance', { max: DISTANCE_MAX });
    if (!wholeIn(hoursValue, WINDOW_MAX)) v.fields.duplicateWindowHours = t('triageSettings.errors.window', { max: WINDOW_MAX });
    setErrors(v);
    if (Object.keys(v.fields).length) return;
    setBusy(true);
    try {
      await saveTriageSettings({ duplicateDistanceM: Number(distanceValue), duplicateWindowHours: Number(hoursValue) });
      setDistance(null);
      setHours(null);
      setMessage({ kind: 'success', text: t('triageSettings.saved') });
    } catch (err) {
      const fe = formErrors(err, t, ['duplicateDistanceM', 'duplicateWindowHours']);
      setErrors(fe);
      if (fe.general.length) setMessage({ kind: 'error', text: fe.general.join(' ') });
    } finally {
      setBusy(false);
    }
  };

  const field = (id: 'duplicateDistanceM' | 'duplicateWindowHours', label: string, value: string, set: (v: string) => void, max: number) => (
    <div className={`field${errors.fields[id] ? ' has-error' : ''}`}>
      <label htmlFor={`triage-${id}`}>{label}</label>
      {errors.fields[id] && (
        <p className="field-error" id={`triage-${id}-error`}>
          {errors.fields[id]}
        </p>
      )}
      <input
        id={`triage-${id}`}
        type="number"
        inputMode="numeric"
        min={1}
        max={max}
        step={1}
        value={value}
        aria-invalid={!!errors.fields[id] || undefined}
        aria-describedby={errors.fields[id] ? `triage-${id}-error` : undefined}
        onChange={(e) => set(e.target.value)}
      />
    </div>
  );

  return (
    <form onSubmit={(e) => void submit(e)} noValidate className="stack" aria-labelledby="thresholds-heading">
      <h2 id="thresholds-heading" className="h3">{t('triageSettings.duplicates')}</h2>
      <p className="hint">{t('triageSettings.duplicatesHint')}</p>
      <div className="field-row">
        {field('duplicateDistanceM', t('triageSettings.distance'), distanceValue, setDistance, DISTANCE_MAX)}
        {field('duplicateWindowHours', t('triageSettings.window'), hoursValue, setHours, WINDOW_MAX)}
      </div>
      <div className="actions">
        <button type="submit" className="button secondary" disabled={busy || !settings.data}>
          {t('triageSettings.save')}
        </button>
      </div>
      <LiveNotice message={message} />
    </form>
  );
}

/** The collaboration's answer templates: the list, removing one (confirmed), and a new one. */
function AnswerTemplates() {
  const { t } = useTranslation();
  const templates = useAnswerTemplates();
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [message, setMessage] = useState<NoticeMessage | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setMessage(null);
    const v: FormErrors = { fields: {}, general: [] };
    if (!title.trim()) v.fields.title = t('triageSettings.templateErrors.title');
    else if (title.trim().length > LIMITS.name) v.fields.title = t('triageSettings.templateErrors.titleTooLong', { max: LIMITS.name });
    if (!body.trim()) v.fields.body = t('triageSettings.templateErrors.body');
    else if (body.trim().length > LIMITS.text) v.fields.body = t('triageSettings.templateErrors.bodyTooLong', { max: LIMITS.text });
    setErrors(v);
    if (Object.keys(v.fields).length) return;
    setBusy(true);
    try {
      const created = await createTemplate(title.trim(), body.trim());
      setTitle('');
      setBody('');
      setMessage({ kind: 'success', text: t('triageSettings.templateAdded', { title: created.title }) });
    } catch (err) {
      const fe = formErrors(err, t, ['title', 'body']);
      setErrors(fe);
      if (fe.general.length) setMessage({ kind: 'error', text: fe.general.join(' ') });
    } finally {
      setBusy(false);
    }
  };

  const remove = async (id: string) => {
    setBusy(true);
    setMessage(null);
    try {
      await deleteTemplate(id);
      setConfirming(null);
      setMessage({ kind: 'success', text: t('triageSettings.templateDeleted') });
      document.getElementById('templates-heading')?.focus();
    } catch (err) {
      setMessage({ kind: 'error', text: formErrors(err, t, []).general.join(' ') });
    } finally {
      setBusy(false);
    }
  };

  const list = templates.data ?? [];
  return (
    <div className="stack">
      <h2 id="templates-heading" className="h3" tabIndex={-1}>
        {t('triageSettings.templates')}
      </h2>
      <p className="hint">{t('triageSettings.templatesHint')}</p>
      <LiveNotice message={message} />
      {list.length ? (
        <ul className="plain-list templates" data-testid="answer-templates">
          {list.map((x) => (
            <li key={x.id}>
              <p className="comment-body">
                <strong>{x.title}</strong>
              </p>
              <p className="feed-desc">{x.body}</p>
              {confirming === x.id ? (
                <ConfirmInline
                  question={t('triageSettings.confirmDelete', { title: x.title })}
                  confirmLabel={t('triageSettings.yesDelete')}
                  busy={busy}
                  onConfirm={() => void remove(x.id)}
                  onCancel={() => {
                    setConfirming(null);
                    requestAnimationFrame(() => document.getElementById(`delete-template-${x.id}`)?.focus());
                  }}
                />
              ) : (
                <button type="button" id={`delete-template-${x.id}`} className="button secondary small" onClick={() => setConfirming(x.id)}>
                  {t('triageSettings.deleteTemplate')}
                  <span className="visually-hidden">: {x.title}</span>
                </button>
              )}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{templates.loading ? t('common.loading') : t('triageSettings.noTemplates')}</p>
      )}
      <form onSubmit={(e) => void submit(e)} noValidate className="stack nested-form" aria-labelledby="new-template-heading">
        <h3 id="new-template-heading">{t('triageSettings.newTemplate')}</h3>
        <PrivacyTextarea
          id="template-title"
          singleLine
          maxLength={LIMITS.name}
          label={t('triageSettings.templateTitle')}
          value={title}
          onChange={(v) => {
            setTitle(v);
            setErrors((e) => ({ ...e, fields: { ...e.fields, title: '' } }));
          }}
          serverError={errors.fields.title || null}
        />
        <PrivacyTextarea
          id="template-body"
          rows={3}
          label={t('triageSettings.templateBody')}
          hint={t('triageSettings.templateBodyHint')}
          value={body}
          onChange={(v) => {
            setBody(v);
            setErrors((e) => ({ ...e, fields: { ...e.fields, body: '' } }));
          }}
          serverError={errors.fields.body || null}
        />
        <div className="actions">
          <button type="submit" className="button secondary" disabled={busy}>
            {t('triageSettings.addTemplate')}
          </button>
        </div>
      </form>
    </div>
  );
}

/** The settings of triage, folded away: duplicate thresholds and answer templates. */
export function TriageSettingsPanel() {
  const { t } = useTranslation();
  return (
    <details className="card triage-settings" data-testid="triage-settings">
      <summary>{t('triageSettings.summary')}</summary>
      <div className="triage-settings-body">
        <DuplicateThresholds />
        <AnswerTemplates />
      </div>
    </details>
  );
}
