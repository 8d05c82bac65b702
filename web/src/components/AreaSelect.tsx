import { useTranslation } from 'react-i18next';
import type { AreaResponse } from '#contracts';

/** The labelled "area" filter of the live picture and the triage queue: all areas, or one. */
export function AreaSelect({ id, areas, value, onChange }: { id: string; areas: AreaResponse[]; value: string; onChange: (areaId: string) => void }) {
  const { t } = useTranslation();
  return (
    <div className="field inline">
      <label htmlFor={id}>{t('live.area')}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{t('live.allAreas')}</option>
        {areas.map((a) => (
          <option key={a.id} value={a.id}>
            {a.name}
          </option>
        ))}
      </select>
    </div>
  );
}
