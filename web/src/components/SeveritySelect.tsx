import { useTranslation } from 'react-i18next';
import { SEVERITY_MAX, SEVERITY_MIN } from '#contracts';

/** The severity scale of the contract, lowest first. */
const SEVERITIES = Array.from({ length: SEVERITY_MAX - SEVERITY_MIN + 1 }, (_, i) => i + SEVERITY_MIN);

/**
 * The one choice of a severity (1–5, each with its words): a compact labelled `<select>`, or, where the choice is
 * the point of the form (a new report), a fieldset of radio buttons named `severity` with a legend and a hint.
 */
export function SeveritySelect(props: {
  id: string;
  label: string;
  value: number;
  onChange: (severity: number) => void;
  disabled?: boolean;
  /** `radios`: every level visible at once, chosen with the arrow keys. */
  variant?: 'select' | 'radios';
  hint?: string;
}) {
  const { t } = useTranslation();
  if (props.variant === 'radios') {
    return (
      <fieldset className="field" id={props.id}>
        <legend>{props.label}</legend>
        {props.hint && <p className="hint">{props.hint}</p>}
        <div className="severity-options">
          {SEVERITIES.map((s) => (
            <label key={s} className={`radio sev-option sev-${s}`}>
              <input type="radio" name="severity" value={s} checked={props.value === s} disabled={props.disabled} onChange={() => props.onChange(s)} />
              <span>
                <strong>{s}</strong> – {t(`severity.${s}`)}
              </span>
            </label>
          ))}
        </div>
      </fieldset>
    );
  }
  return (
    <div className="field inline">
      <label htmlFor={props.id}>{props.label}</label>
      <select id={props.id} value={props.value} disabled={props.disabled} onChange={(e) => props.onChange(Number(e.target.value))}>
        {SEVERITIES.map((s) => (
          <option key={s} value={s}>
            {s} – {t(`severity.${s}`)}
          </option>
        ))}
      </select>
    </div>
  );
}
