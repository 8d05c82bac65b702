import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EffortResponse } from '#contracts';
import { HttpError } from '../lib/api.js';
import { formErrors } from '../lib/errors.js';
import { draftOf, enqueue, newKey, removeOutboxItem, sendOne, syncOutbox, type OutboxItem } from '../lib/outbox.js';
import { effortUpdateWrite, type EffortUpdateDraft } from '../lib/outbox-kinds.js';
import { EffortUpdateSummary, OutboxStateBadge } from './OutboxList.js';

/** Whether the server refused a queued change because the effort had moved on to another version. */
export const isStale = (item: OutboxItem) => item.state === 'rejected' && item.error?.statusCode === 409 && item.error.code !== 'IDEMPOTENCY_KEY_REUSED';

/** The words of a refusal, as a form would show them. */
function refusalText(item: OutboxItem, t: ReturnType<typeof useTranslation>['t']): string {
  if (!item.error) return '';
  const fe = formErrors(new HttpError(item.error.statusCode, item.error), t, []);
  return [...Object.values(fe.fields), ...fe.general].join(' ');
}

/**
 * The changes of this effort (status, outcome, follow-up, visibility) that wait in the outbox or that the server
 * refused. A change made against a version that someone else has moved on from is refused (409) rather than
 * written over their change: the page then shows the effort as it is, and the user decides whether to make the
 * change on that version (`reapply`: the same fields at the version shown), take its text back into the form, or drop it.
 */
export function PendingEffortChanges(props: {
  effort: EffortResponse;
  userId: string;
  items: OutboxItem[];
  /** A change was made on the version shown: the effort as the server answered. */
  onApplied: (updated: EffortResponse) => void;
  /** The change's text goes back into the form (a refusal the user must correct). */
  onToForm: (draft: EffortUpdateDraft) => void;
}) {
  const { effort, items } = props;
  const { t } = useTranslation();
  const [busy, setBusy] = useState<string | null>(null);
  // The change being made again, while this waits for its answer: it takes the refused one's place only if it is
  // refused too (a second item would meanwhile repeat the same change).
  const [resending, setResending] = useState<string | null>(null);
  const shown = items.filter((i) => i.key !== resending);
  if (!shown.length) return null;

  const reapply = async (item: OutboxItem, draft: EffortUpdateDraft) => {
    setBusy(item.key);
    const key = newKey();
    setResending(key);
    try {
      // The same change at the version the page shows, as a new write (a new key: its body differs from the
      // refused one's), stored before the refused one is removed so that it is never lost. Refused again (changed
      // again meanwhile), it stays in the outbox for the user to decide anew.
      await enqueue(props.userId, effortUpdateWrite(effort, { ...draft, version: effort.version }), key);
      await removeOutboxItem(item.key);
      const result = await sendOne(key);
      if (result.outcome === 'sent' && result.sent.kind === 'effortUpdate') props.onApplied(result.sent.response);
    } finally {
      setResending(null);
      setBusy(null);
    }
  };

  const toForm = async (item: OutboxItem, draft: EffortUpdateDraft) => {
    props.onToForm(draft);
    await removeOutboxItem(item.key);
  };

  return (
    <section className="effort-pending" aria-labelledby="effort-pending-heading" data-testid="pending-effort-changes">
      <h3 id="effort-pending-heading">{t('effortOutbox.pending')}</h3>
      <ul className="plain-list comments">
        {shown.map((item) => {
          const draft = draftOf(item, 'effortUpdate');
          if (!draft) return null;
          const stale = isStale(item);
          return (
            <li key={item.key} className={`pending ${item.state}`} data-testid="pending-effort-change" data-state={item.state}>
              <p className="comment-body">
                <strong>{t('effortOutbox.update')}</strong> · <OutboxStateBadge item={item} />
              </p>
              <EffortUpdateSummary draft={draft} />
              {item.state === 'rejected' && (
                <p className="field-error" role="alert" data-testid="pending-effort-refusal">
                  {stale ? t('effortOutbox.conflict') : refusalText(item, t)}
                </p>
              )}
              <div className="actions">
                {item.state === 'waiting' ? (
                  <button type="button" className="button secondary small" onClick={() => void syncOutbox()}>
                    {t('outbox.retry')}
                  </button>
                ) : (
                  <>
                    {stale && (
                      <button type="button" className="button small" disabled={busy !== null} onClick={() => void reapply(item, draft)} data-testid="reapply-effort-change">
                        {t('effortOutbox.reapply')}
                      </button>
                    )}
                    {(draft.outcome !== undefined || draft.followUpAt !== undefined) && (
                      <button type="button" className="button secondary small" disabled={busy !== null} onClick={() => void toForm(item, draft)}>
                        {t('effortOutbox.toForm')}
                      </button>
                    )}
                    <button type="button" className="button secondary small" disabled={busy !== null} onClick={() => void removeOutboxItem(item.key)}>
                      {t('outbox.discard')}
                    </button>
                  </>
                )}
              </div>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/** Links of reports to this effort that wait in the outbox, or that the server refused (a report no longer visible). */
export function PendingLinks({ items }: { items: OutboxItem[] }) {
  const { t } = useTranslation();
  if (!items.length) return null;
  return (
    <ul className="plain-list comments" data-testid="pending-links">
      {items.map((item) => {
        const draft = draftOf(item, 'effortLink');
        return (
          <li key={item.key} className={`pending ${item.state}`} data-testid="pending-link" data-state={item.state}>
            <p className="comment-body">
              <strong>{t('effortOutbox.link')}</strong>: {t('effortOutbox.linkCount', { count: draft?.reportIds.length ?? 0 })} · <OutboxStateBadge item={item} />
            </p>
            {item.state === 'rejected' && <p className="field-error">{refusalText(item, t)}</p>}
            <div className="actions">
              {item.state === 'waiting' ? (
                <button type="button" className="button secondary small" onClick={() => void syncOutbox()}>
                  {t('outbox.retry')}
                </button>
              ) : (
                <button type="button" className="button secondary small" onClick={() => void removeOutboxItem(item.key)}>
                  {t('outbox.discard')}
                </button>
              )}
            </div>
          </li>
        );
      })}
    </ul>
  );
}
