import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { LIMITS, type SessionResponse } from '#contracts';
import { LiveNotice, type NoticeMessage } from '../components/LiveNotice.js';
import { changePassword, endSession, mySessions } from '../lib/account.js';
import { HttpError, setSession } from '../lib/api.js';
import { formErrors } from '../lib/errors.js';
import { formatDateTime } from '../lib/i18n.js';
import { useAsync, useDocumentTitle, useSession } from '../lib/hooks.js';

/** Mitt konto: one's own password (for an account that has one here) and sessions, each of which can be ended. */
export default function AccountPage() {
  const { t } = useTranslation();
  const session = useSession()!;
  const navigate = useNavigate();
  const sessions = useAsync(mySessions, [session.accessToken]);
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<NoticeMessage | null>(null);
  const [busy, setBusy] = useState(false);
  useDocumentTitle(t('account.title'));
  const hasPassword = session.user.hasPassword !== false;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setMessage(null);
    setFieldErrors({});
    try {
      await changePassword(current, next);
      setCurrent('');
      setNext('');
      setMessage({ kind: 'success', text: t('account.passwordChanged') });
    } catch (err) {
      const code = err instanceof HttpError ? err.code : undefined;
      if (code === 'WRONG_PASSWORD' || code === 'SAME_PASSWORD' || code === 'NO_LOCAL_PASSWORD') {
        setFieldErrors({ [err instanceof HttpError && err.field ? err.field : 'currentPassword']: t(`account.errors.${code}`) });
      } else {
        const f = formErrors(err, t, ['currentPassword', 'newPassword']);
        setFieldErrors(f.fields);
        if (f.general.length) setMessage({ kind: 'error', text: f.general.join(' ') });
      }
    } finally {
      setBusy(false);
    }
  };

  const end = async (s: SessionResponse) => {
    setBusy(true);
    setMessage(null);
    try {
      await endSession(s.id);
      if (s.current) {
        setSession(null);
        navigate('/logga-in', { replace: true });
        return;
      }
      setMessage({ kind: 'success', text: t('account.sessionEnded') });
      sessions.reload();
    } catch (err) {
      setMessage({ kind: 'error', text: formErrors(err, t, []).general.join(' ') });
      sessions.reload();
    } finally {
      setBusy(false);
    }
  };

  const field = (name: 'currentPassword' | 'newPassword', value: string, set: (v: string) => void, autoComplete: string) => (
    <div className="field">
      <label htmlFor={name}>{t(`account.${name}`)}</label>
      {name === 'newPassword' && <p className="hint" id={`${name}-hint`}>{t('account.newPasswordHint', { min: LIMITS.passwordMin })}</p>}
      <input
        id={name} name={name} type="password" autoComplete={autoComplete} required value={value} onChange={(e) => set(e.target.value)}
        aria-invalid={!!fieldErrors[name]}
        aria-describedby={[name === 'newPassword' ? `${name}-hint` : '', fieldErrors[name] ? `${name}-error` : ''].filter(Boolean).join(' ') || undefined}
      />
      {fieldErrors[name] && <p className="field-error" id={`${name}-error`}>{fieldErrors[name]}</p>}
    </div>
  );

  return (
    <div className="narrow">
      <h1>{t('account.title')}</h1>
      <p className="lead">{t('account.intro', { name: session.user.name, email: session.user.email })}</p>
      <LiveNotice message={message} />

      <section aria-labelledby="password-heading">
        <h2 id="password-heading">{t('account.password')}</h2>
        {hasPassword ? (
          <form onSubmit={submit} className="stack" noValidate>
            <p className="hint">{t('account.passwordIntro')}</p>
            {field('currentPassword', current, setCurrent, 'current-password')}
            {field('newPassword', next, setNext, 'new-password')}
            <button type="submit" className="button" disabled={busy}>{t('account.changePassword')}</button>
          </form>
        ) : (
          <p className="notice info">{t('account.noPassword')}</p>
        )}
      </section>

      <section aria-labelledby="sessions-heading">
        <h2 id="sessions-heading">{t('account.sessions')}</h2>
        <p className="hint">{t('account.sessionsIntro')}</p>
        {sessions.loading && !sessions.data ? (
          <p role="status">{t('common.loading')}</p>
        ) : (
          <ul className="plain-list cards">
            {(sessions.data ?? []).map((s) => {
              const since = formatDateTime(s.createdAt);
              return (
                <li key={s.id} className="card" data-testid="session" data-current={s.current}>
                  <p>
                    <strong>{s.current ? t('account.thisDevice') : t('account.otherDevice')}</strong>
                  </p>
                  <p>{t('account.since', { at: since })}{s.lastSeenAt ? ` · ${t('account.lastSeen', { at: formatDateTime(s.lastSeenAt) })}` : ''}</p>
                  {s.ip && <p className="muted">{t('account.ip', { ip: s.ip })}</p>}
                  <button type="button" className="button secondary small" disabled={busy} onClick={() => void end(s)}
                    aria-label={`${t('account.endSession')}: ${s.current ? t('account.thisDevice') : t('account.otherDevice')}, ${since}`}>
                    {t('account.endSession')}
                  </button>
                </li>
              );
            })}
          </ul>
        )}
      </section>
    </div>
  );
}
