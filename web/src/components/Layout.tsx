import { useEffect, useRef, useState } from 'react';
import { NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { holdsConcernTalks, isCoordinatorRole } from '#contracts';
import { logout } from '../lib/api.js';
import { useConnectionState, useOnline, useOutbox, useSession } from '../lib/hooks.js';
import { LanguageSwitch } from './LanguageSwitch.js';

export function ConnectionBadge() {
  const { t } = useTranslation();
  const state = useConnectionState();
  const online = useOnline();
  const shown = !online ? 'offline' : state;
  return (
    <span className={`conn conn-${shown}`} role="status" aria-live="polite" data-testid="connection-state" data-state={shown}>
      <span className="conn-dot" aria-hidden="true" />
      {t(`connection.${shown}`)}
    </span>
  );
}

function OutboxBadge() {
  const { t } = useTranslation();
  const items = useOutbox();
  const waiting = items.filter((i) => i.state === 'waiting').length;
  const rejected = items.filter((i) => i.state === 'rejected').length;
  if (!waiting && !rejected) return null;
  return (
    <NavLink to="/rapportera#utkorg" className="outbox-badge" data-testid="outbox-badge">
      {waiting > 0 && t('outbox.waitingCount', { count: waiting })}
      {waiting > 0 && rejected > 0 && ', '}
      {rejected > 0 && t('outbox.rejectedCount', { count: rejected })}
    </NavLink>
  );
}

export function Layout() {
  const { t } = useTranslation();
  const session = useSession()!;
  const navigate = useNavigate();
  const location = useLocation();
  const mainRef = useRef<HTMLElement>(null);
  const shownPath = useRef(location.pathname);
  const outbox = useOutbox();
  const [confirmLogout, setConfirmLogout] = useState(false);
  const role = session.user.role;
  // On a phone the navigation folds behind a menu button, so the header is one line; it closes on navigation.
  const [menuOpen, setMenuOpen] = useState(false);
  useEffect(() => setMenuOpen(false), [location.pathname]);

  // Move focus to the new page's heading after client-side navigation, as a page load would for a screen reader.
  // A lazily loaded screen shows its heading a moment later, so look for it for up to 3 s.
  useEffect(() => {
    // Not on the first screen after a page load (the browser starts at the top, where the skip link is).
    if (shownPath.current === location.pathname) return;
    shownPath.current = location.pathname;
    const started = Date.now();
    let timer: number | undefined;
    const tryFocus = () => {
      const h1 = mainRef.current?.querySelector('h1');
      if (h1) {
        h1.setAttribute('tabindex', '-1');
        h1.focus({ preventScroll: false });
      } else if (Date.now() - started < 3000) timer = window.setTimeout(tryFocus, 50);
    };
    timer = window.setTimeout(tryFocus, 0);
    return () => window.clearTimeout(timer);
  }, [location.pathname]);

  const waiting = outbox.filter((i) => i.state === 'waiting').length;
  const doLogout = async () => {
    if (waiting > 0 && !confirmLogout) {
      setConfirmLogout(true);
      return;
    }
    await logout();
    navigate('/logga-in', { replace: true });
  };

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        {t('nav.skip')}
      </a>
      <header className="site-header">
        <div className="header-row">
          <NavLink to="/lagesbild" className="brand">
            <span className="brand-mark" aria-hidden="true" />
            <span>Lägesbild</span>
          </NavLink>
          <span className="collab">{session.user.collaboration?.name}</span>
          <div className="header-tools">
            {location.pathname !== '/lagesbild' && <ConnectionBadge />}
            <OutboxBadge />
            <LanguageSwitch />
            <button
              type="button"
              className="menu-button"
              aria-expanded={menuOpen}
              aria-controls="main-nav"
              data-testid="menu-button"
              onClick={() => setMenuOpen((o) => !o)}
            >
              <span className="menu-icon" aria-hidden="true" />
              {menuOpen ? t('shell.closeMenu') : t('shell.menu')}
            </button>
          </div>
        </div>
        <nav aria-label={t('nav.label')} id="main-nav" className={`main-nav${menuOpen ? ' open' : ''}`}>
          <ul>
            <li>
              <NavLink to="/lagesbild" end>
                {t('nav.live')}
              </NavLink>
            </li>
            <li>
              <NavLink to="/rapportera">{t('nav.report')}</NavLink>
            </li>
            <li>
              <NavLink to="/bevakningar">{t('nav.subscriptions')}</NavLink>
            </li>
            <li>
              <NavLink to="/insatser">{t('nav.efforts')}</NavLink>
            </li>
            <li><NavLink to="/moten">{t('meetings.nav')}</NavLink></li>
            <li>
              <NavLink to="/lagesbild/vecka">{t('pictures.nav')}</NavLink>
            </li>
            <li>
              <NavLink to="/lagesbild/period">{t('pictures.navPeriod')}</NavLink>
            </li>
            <li>
              <NavLink to="/loften">{t('promises.nav')}</NavLink>
            </li>
            {isCoordinatorRole(role) && (
              <li>
                <NavLink to="/triagering">{t('nav.triage')}</NavLink>
              </li>
            )}
            {holdsConcernTalks(session.user.organisation.kind) && (
              <li>
                <NavLink to="/orossamtal">{t('nav.concernTalks')}</NavLink>
              </li>
            )}
            {/* One entry for everything kept in order for the collaboration: organisations and users are a part of it for admins. */}
            {isCoordinatorRole(role) && (
              <li>
                <NavLink to="/forvaltning" className={({ isActive }) => (isActive || location.pathname.startsWith('/admin') ? 'active' : undefined)}>{t('manage.nav')}</NavLink>
              </li>
            )}
          </ul>
          <div className="user">
            <span className="user-name">
              {session.user.name}
              <span className="user-org">
                {session.user.organisation.name} · {t(`roles.${role}`)}
              </span>
            </span>
            <NavLink to="/mitt-konto" className="button secondary small" data-testid="my-account">
              {t('account.nav')}
            </NavLink>
            <button type="button" className="button secondary small" onClick={() => void doLogout()} data-testid="logout">
              {t('nav.logout')}
            </button>
          </div>
        </nav>
        {confirmLogout && (
          <div className="notice warning" role="alert">
            <p>{t('nav.logoutWaiting', { count: waiting })}</p>
            <button type="button" className="button small" onClick={() => void doLogout()}>
              {t('nav.logoutAnyway')}
            </button>{' '}
            <button type="button" className="button secondary small" onClick={() => setConfirmLogout(false)}>
              {t('common.cancel')}
            </button>
          </div>
        )}
      </header>
      <main id="main" ref={mainRef} tabIndex={-1}>
        <Outlet />
      </main>
    </div>
  );
}
