import { useEffect, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { exchangeSignInCode } from '../lib/account.js';
import { HttpError, NetworkError } from '../lib/api.js';
import { useDocumentTitle } from '../lib/hooks.js';
import { LoginShell } from '../components/LoginShell.js';

/**
 * Where the server sends the browser after a sign-in through an identity provider: `/logga-in/oidc#code=…`. The code
 * is taken out of the address at once (it never stays in the history), exchanged once for the session, and the
 * person goes on to where they started.
 */
export default function OidcLandingPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  const started = useRef(false);
  useDocumentTitle(t('oidc.landingTitle'));

  useEffect(() => {
    if (started.current) return; // once, also under React's double effects in development
    started.current = true;
    const code = new URLSearchParams(window.location.hash.slice(1)).get('code');
    window.history.replaceState(null, '', window.location.pathname);
    if (!code) {
      setError(t('oidc.errors.LOGIN_EXPIRED'));
      return;
    }
    exchangeSignInCode(code).then(
      ({ returnTo }) => navigate(returnTo, { replace: true }),
      (e) => setError(e instanceof NetworkError ? t('login.offline') : e instanceof HttpError && e.status === 429 ? t('login.throttled') : t('oidc.errors.LOGIN_EXPIRED')),
    );
  }, []);

  return (
    <LoginShell>
      <h1>{t('oidc.landingTitle')}</h1>
      {error ? (
        <>
          <div className="notice error" role="alert">
            {error}
          </div>
          <p>
            <Link to="/logga-in" replace>
              {t('oidc.backToLogin')}
            </Link>
          </p>
        </>
      ) : (
        <p role="status">{t('oidc.signingIn')}</p>
      )}
    </LoginShell>
  );
}
