import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { isAdminRole, isCoordinatorRole, managesCollaboration } from '#contracts';
import { useDocumentTitle, useSession } from '../lib/hooks.js';
import './manage.css';

/** The admin screens of a collaboration: organisations and users (admins), areas and places, categories (coordinators), the audit log (admins), sign-in (collaboration admins). */
export default function ManagePage() {
  const { t } = useTranslation();
  const user = useSession()!.user;
  const role = user.role;
  useDocumentTitle(t('manage.title'));
  if (!isCoordinatorRole(role)) return <OnlyFor text={t('manage.onlyCoordinators')} title={t('manage.title')} />;
  const sections = [
    ...(isAdminRole(role) ? [{ to: '/admin', title: t('manage.peopleTitle'), text: t('manage.peopleText') }] : []),
    { to: '/forvaltning/omraden', title: t('manage.areas.title'), text: t('manage.areasText') },
    { to: '/forvaltning/kategorier', title: t('manage.categories.title'), text: t('manage.categoriesText') },
    ...(isAdminRole(role) ? [{ to: '/forvaltning/loggbok', title: t('manage.audit.title'), text: t('manage.auditText') }] : []),
    // Sign-in through identity providers: the collaboration's admins only (the API refuses everyone else).
    ...(managesCollaboration(user) ? [{ to: '/forvaltning/inloggning', title: t('identityProviders.title'), text: t('identityProviders.manageText') }] : []),
  ];
  return (
    <div className="narrow">
      <h1>{t('manage.title')}</h1>
      <p className="lead">{t('manage.intro')}</p>
      <nav aria-label={t('manage.sections')}>
        <ul className="plain-list manage-sections">
          {sections.map((s) => (
            <li key={s.to} className="card">
              <h2 className="h3">
                <Link to={s.to}>{s.title}</Link>
              </h2>
              <p>{s.text}</p>
            </li>
          ))}
        </ul>
      </nav>
    </div>
  );
}

/** What a page says to someone it is not for (the server refuses them anyway). */
export function OnlyFor({ title, text }: { title: string; text: string }) {
  return (
    <div className="narrow">
      <h1>{title}</h1>
      <p className="notice warning">{text}</p>
    </div>
  );
}

/** The top of each admin screen: the way back to the hub, its heading and what it is for. */
export function ManageHeading({ title, intro }: { title: string; intro: string }) {
  const { t } = useTranslation();
  return (
    <>
      <p className="back-link">
        <Link to="/forvaltning">← {t('manage.back')}</Link>
      </p>
      <h1>{title}</h1>
      <p className="lead">{intro}</p>
    </>
  );
}
