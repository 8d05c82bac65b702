import { useTranslation } from 'react-i18next';

export function StatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  return <span className={`badge status-${status}`}>{t(`status.${status}`)}</span>;
}

export function SeverityBadge({ severity }: { severity: number }) {
  const { t } = useTranslation();
  return (
    <span className={`sev sev-${severity}`} title={t('severity.label')}>
      <span className="visually-hidden">{t('severity.label')}: </span>
      {severity}
      <span className="visually-hidden"> ({t(`severity.${severity}`)})</span>
    </span>
  );
}

export function VisibilityText({ visibility }: { visibility: string }) {
  const { t } = useTranslation();
  return <>{t(`visibility.${visibility}.short`)}</>;
}
