import { useState, type FormEvent } from 'react';
import { Link, Navigate, useLocation, useNavigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { OIDC_ERROR_CODES, type OidcErrorCode } from '#contracts';
import { HttpError, login, NetworkError } from '../lib/api.js';
import { loginCollaboration, loginProviders, providerStartUrl, rememberLogin } from '../lib/account.js';
import { useAsync, useDocumentTitle, useSession } from '../lib/hooks.js';
import { LoginShell } from '../components/LoginShell.js';

export function LoginPage() {
  const { t } = useTranslation();
  const session = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useDocumentTitle(t('login.title'));
  const from = (location.state as { from?: string } | null)?.from ?? '/lagesbild';
  const [search] = useSearchParams();
  const collaboration = loginCollaboration(search);
  const providers = useAsync(() => loginProviders(collaboration), [collaboration]);
  // A sign-in through an identity provider that ended here (the server says why with a code).
  const oidcError = search.get('oidcError');
  const oidcMessage = oidcError ? t(`oidc.errors.${OIDC_ERROR_CODES.includes(oidcError as OidcErrorCode) ? oidcError : 'SIGN_IN_FAILED'}`) : null;

  if (session && !busy) return <Navigate to={from} replace />;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setBusy(true);
    try {
      rememberLogin(await login(email.trim(), password));
      navigate(from, { replace: true });
    } catch (err) {
      if (err instanceof HttpError && err.status === 401) setError(t('login.wrong'));
      else if (err instanceof HttpError && err.status === 429) setError(t('login.throttled'));
      else if (err instanceof NetworkError) setError(t('login.offline'));
      else setError(t('login.failed'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <LoginShell>
      <h1>{t('login.title')}</h1>
      <p className="lead">{t('login.intro')}</p>
      {oidcMessage && !error && (
        <div className="notice error" role="alert" data-testid="oidc-error" data-code={oidcError}>
          {oidcMessage}
        </div>
      )}
      {!!providers.data?.length && (
        <section aria-labelledby="providers-heading" className="stack login-providers">
          <h2 id="providers-heading" className="visually-hidden">{t('oidc.providersHeading')}</h2>
          {providers.data.map((p) => (
            <a key={p.id} className="button" href={providerStartUrl(p.id, from)} data-testid="oidc-provider">
              {t('oidc.signInWith', { name: p.displayName })}
            </a>
          ))}
          <p className="login-or">{t('oidc.orPassword')}</p>
        </section>
      )}
      <form onSubmit={submit} noValidate className="stack" aria-describedby={error ? 'login-error' : undefined}>
        {error && (
          <div id="login-error" className="notice error" role="alert">
            {error}
          </div>
        )}
        <div className="field">
          <label htmlFor="email">{t('login.email')}</label>
          <input id="email" name="email" type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="password">{t('login.password')}</label>
          <input id="password" name="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        </div>
        <button type="submit" className="button" disabled={busy}>
          {busy ? t('login.busy') : t('login.submit')}
        </button>
        <p>
          <Link to="/aterstall-losenord" data-testid="forgot-password">{t('passwordReset.forgot')}</Link>
        </p>
      </form>
    </LoginShell>
  );
}
