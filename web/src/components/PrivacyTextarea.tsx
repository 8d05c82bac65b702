import { useId, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { LIMITS } from '#contracts';
import { findPersonalData } from '#privacy';
import { personalDataLabel } from '../lib/i18n.js';

/**
 * A free-text field (a textarea, or with `singleLine` a text input, e.g. a title) that warns while the user types when the text holds a personnummer, samordningsnummer,
 * phone number or e-mail address: the same `libs/privacy` code the server uses to refuse it. The server's own
 * answer (`serverError`) is shown in the same place.
 */
export function PrivacyTextarea(props: {
  id: string;
  label: string;
  hint?: string;
  value: string;
  onChange: (v: string) => void;
  serverError?: string | null;
  required?: boolean;
  rows?: number;
  /** A one-line text input instead of a textarea (a title, a name). */
  singleLine?: boolean;
  /** Characters allowed (the API's limit): LIMITS.text unless given. */
  maxLength?: number;
}) {
  const { t } = useTranslation();
  const hintId = useId();
  const warnId = useId();
  const errId = useId();
  const countId = useId();
  const findings = useMemo(() => findPersonalData(props.value), [props.value]);
  const kinds = [...new Set(findings.map((f) => f.kind))];
  const excerpts = findings.slice(0, 3).map((f) => props.value.slice(f.start, f.end));
  const max = props.maxLength ?? LIMITS.text;
  const tooLong = props.value.length > max;
  const describedBy = [props.hint && hintId, kinds.length && warnId, props.serverError && errId, countId].filter(Boolean).join(' ');

  return (
    <div className={`field${props.serverError || kinds.length ? ' has-error' : ''}`}>
      <label htmlFor={props.id}>{props.label}</label>
      {props.hint && (
        <p id={hintId} className="hint">
          {props.hint}
        </p>
      )}
      {props.serverError && (
        <p id={errId} className="field-error" role="alert" data-testid={`${props.id}-server-error`}>
          {props.serverError}
        </p>
      )}
      <div id={warnId} aria-live="polite" data-testid={`${props.id}-privacy-warning`}>
        {kinds.length > 0 && (
          <p className="field-warning">
            {t('privacy.warning', { kinds: kinds.map((k) => personalDataLabel(k)).join(', ') })}{' '}
            <span className="excerpts">{excerpts.map((x) => `”${x}”`).join(', ')}</span>
          </p>
        )}
      </div>
      {props.singleLine ? (
        <input
          id={props.id}
          name={props.id}
          type="text"
          className="wide"
          required={props.required}
          value={props.value}
          aria-invalid={kinds.length > 0 || !!props.serverError || tooLong || undefined}
          aria-describedby={describedBy || undefined}
          onChange={(e) => props.onChange(e.target.value)}
        />
      ) : (
        <textarea
          id={props.id}
          name={props.id}
          rows={props.rows ?? 5}
          required={props.required}
          value={props.value}
          aria-invalid={kinds.length > 0 || !!props.serverError || tooLong || undefined}
          aria-describedby={describedBy || undefined}
          onChange={(e) => props.onChange(e.target.value)}
        />
      )}
      <p id={countId} className={`hint count${tooLong ? ' over' : ''}`}>
        {t('common.charCount', { count: props.value.length, max })}
      </p>
    </div>
  );
}
