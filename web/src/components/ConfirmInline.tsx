import { useEffect, useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * "Delete this?" in place of the button that asked: the question takes focus (a screen reader reads it), then the
 * confirming button and Cancel. Whoever shows it puts focus back on its button when cancelled.
 */
export function ConfirmInline(props: { question: string; confirmLabel: string; busy?: boolean; onConfirm: () => void; onCancel: () => void; testId?: string }) {
  const { t } = useTranslation();
  const id = useId();
  const ref = useRef<HTMLParagraphElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <div className="confirm-inline" role="group" aria-labelledby={id}>
      <p id={id} ref={ref} tabIndex={-1}>
        {props.question}
      </p>
      <div className="row-actions">
        <button type="button" className="button small danger" disabled={props.busy} onClick={props.onConfirm} data-testid={props.testId}>
          {props.confirmLabel}
        </button>
        <button type="button" className="button secondary small" onClick={props.onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </div>
  );
}
