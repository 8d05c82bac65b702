import { useTranslation } from 'react-i18next';
import type { EffortResponse } from '#contracts';
import { formatDateTime } from '../lib/i18n.js';

/** When an effort is planned: its start, and its end when it has one. */
export function PlannedDates({ effort }: { effort: Pick<EffortResponse, 'plannedStart' | 'plannedEnd'> }) {
  return (
    <>
      <time dateTime={effort.plannedStart}>{formatDateTime(effort.plannedStart)}</time>
      {effort.plannedEnd && (
        <>
          {' – '}
          <time dateTime={effort.plannedEnd}>{formatDateTime(effort.plannedEnd)}</time>
        </>
      )}
    </>
  );
}

/** Who takes part: the owner first, marked. */
export function EffortOrganisations({ effort }: { effort: Pick<EffortResponse, 'organisations' | 'organisation' | 'mode'> }) {
  const { t } = useTranslation();
  return (
    <>
      {effort.organisations.map((o, i) => (
        <span key={o.id}>
          {i > 0 && ', '}
          {o.name}
          {effort.mode === 'joint' && o.id === effort.organisation.id && ` (${t('efforts.owner')})`}
        </span>
      ))}
    </>
  );
}
