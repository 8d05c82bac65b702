import { useState, type FormEvent } from 'react';
import { Link, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { HttpError, NetworkError, post } from '../lib/api.js';
import { useDocumentTitle } from '../lib/hooks.js';
import { LoginShell } from '../components/LoginShell.js';

/**
 * Forgotten password: without a token, ask for the address (the server always answers 202, whether or not it has an
 * account, so the page says the same either way); with the token of the e-mailed link (`#token=…`: after the `#` it
 * never reaches a server log), set the new password.
 */
export function PasswordResetPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('passwordReset.title'));
  // From the router's location, so that a link opened on this very page (only the fragment changes) is taken too.
  const token = new URLSearchParams(useLocation().hash.slice(1)).get('token');
  return (
    <LoginShell>
      <h1>{t('passwordReset.title')}</h1>
      {token ? <NewPasswordForm token={token} /> : <RequestForm />}
      <p>
        <Link to="/logga-in">{t('passwordReset.backToLogin')}</Link>
      </p>
    </LoginShell>
  );
}

function failure(t: (key: string) => string, err: unknown): string {
  if (err instanceof NetworkError) return t('login.offline');
  if (err instanceof HttpError && err.status === 429) return t('login.throttled');
  if (err instanceof HttpError && ['RESET_TOKEN_INVALID', 'RESET_TOKEN_USED', 'RESET_TOKEN_EXPIRED'].includes(err.code ?? '')) {
    return t(`passwordReset.errors.${err.code}`);
  }
  if (err instanceof HttpError && err.status === 400 && err.field === 'newPassword') return `${t('passwordReset.weak')} (${err.message})`;
  return t('passwordReset.failed');
}

function RequestForm() {
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const [sent, setSent] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setBusy(true);
    try {
      await post('/api/auth/password-reset', { email: email.trim() });
      setSent(true);
    } catch (err) {
      setError(failure(t, err));
    } finally {
      setBusy(false);
    }
  };
  if (sent) return <div className="notice" role="status" data-testid="reset-requested">{t('passwordReset.requested')}</div>;
  return (
    <form onSubmit={submit} className="stack" aria-describedby={error ? 'reset-error' : undefined}>
      <p className="lead">{t('passwordReset.intro')}</p>
      {error && <div id="reset-error" className="notice error" role="alert">{error}</div>}
      <div className="field">
        <label htmlFor="reset-email">{t('login.email')}</label>
        <input id="reset-email" type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
      </div>
      <button type="submit" className="button" disabled={busy || !email.trim()}>{t('passwordReset.send')}</button>
    </form>
  );
}

function NewPasswordForm({ token }: { token: string }) {
  const { t } = useTranslation();
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [done, setDone] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (password !== repeat) return setError(t('passwordReset.mismatch'));
    setError(null);
    setBusy(true);
    try {
      await post('/api/auth/password-reset/confirm', { token, newPassword: password });
      setDone(true);
    } catch (err) {
      setError(failure(t, err));
    } finally {
      setBusy(false);
    }
  };
  if (done) return <div className="notice" role="status" data-testid="reset-done">{t('passwordReset.done')}</div>;
  return (
    <form onSubmit={submit} className="stack" aria-describedby={error ? 'reset-error' : undefined}>
      <p className="lead">{t('passwordReset.chooseNew')}</p>
      {error && <div id="reset-error" className="notice error" role="alert">{error}</div>}
      <div className="field">
        <label htmlFor="new-password">{t('passwordReset.newPassword')}</label>
        <input id="new-password" type="password" autoComplete="new-password" required minLength={12} value={password} onChange={(e) => setPassword(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="repeat-password">{t('passwordReset.repeat')}</label>
        <input id="repeat-password" type="password" autoComplete="new-password" required value={repeat} onChange={(e) => setRepeat(e.target.value)} />
      </div>
      <button type="submit" className="button" disabled={busy || !password}>{t('passwordReset.save')}</button>
    </form>
  );
}
