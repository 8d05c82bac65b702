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

export function EffortStatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  return <span className={`badge effort-${status}`}>{t(`effortStatus.${status}`)}</span>;
}

/** A follow-up date that has passed while the effort is still planned or ongoing. */
export function OverdueBadge() {
  const { t } = useTranslation();
  return (
    <span className="badge overdue" data-testid="overdue">
      <span aria-hidden="true">⚠ </span>
      {t('efforts.overdueMarker')}
    </span>
  );
}
