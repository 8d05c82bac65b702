import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { LIMITS, type CommentResponse, type ReportResponse } from '#contracts';
import { getAll } from '../lib/api.js';
import { formErrors, type FormErrors } from '../lib/errors.js';
import { formatDateTime } from '../lib/i18n.js';
import { useAsync, useFeedEvents, useOutbox, useOutboxDraft, useSession } from '../lib/hooks.js';
import { draftOf, newKey, onOutboxSent, submitWrite } from '../lib/outbox.js';
import { commentWrite } from '../lib/outbox-kinds.js';
import { OutboxActions, OutboxStateBadge } from './OutboxList.js';
import { PrivacyTextarea } from './PrivacyTextarea.js';

const NO_ERRORS: FormErrors = { fields: {}, general: [] };

/**
 * The comments of a report: loaded through REST, kept current by the live feed, and written through the outbox
 * (an `Idempotency-Key` per comment, kept on the device until the server has it), so a comment written without a
 * connection is sent later, exactly once. Comments still on the device are shown in the thread with their state.
 */
export function ReportComments({ report, onCommented }: { report: ReportResponse; onCommented: () => void }) {
  const { t } = useTranslation();
  const session = useSession()!;
  const comments = useAsync(() => getAll<CommentResponse>(`/api/reports/${report.id}/comments`, 1000, 200), [report.id]);
  const outbox = useOutbox();
  const [body, setBody] = useState('');
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [waiting, setWaiting] = useState(false);
  const [busy, setBusy] = useState(false);
  const [sending, setSending] = useState<string | null>(null);
  const onCommentedRef = useRef(onCommented);
  onCommentedRef.current = onCommented;

  const add = useCallback((c: CommentResponse) => comments.setData((cur) => (cur?.some((x) => x.id === c.id) ? cur : [...(cur ?? []), c])), [comments.setData]);
  useFeedEvents((e) => {
    if (e.type === 'comment:created' && e.data.reportId === report.id) add(e.data);
  });
  // Sent from this tab: by the form below, or later by the outbox.
  useEffect(
    () =>
      onOutboxSent((s) => {
        if (s.kind === 'comment' && s.response.reportId === report.id) {
          add(s.response);
          onCommentedRef.current();
        }
      }),
    [report.id, add],
  );

  // Correcting a comment on this report that the server refused: load it from the outbox.
  const { editing, done } = useOutboxDraft('comment', (draft, refusal, item) => {
    if (item.report?.id !== report.id) return false;
    setBody(draft.body);
    if (refusal) setErrors(formErrors(refusal, t, ['body']));
  });

  // The form's own item (being corrected, or being sent right now) is in the form, not in the thread.
  const pending = outbox.filter((i) => i.kind === 'comment' && i.report?.id === report.id && i.key !== editing && i.key !== sending);

  const send = async (ev: FormEvent) => {
    ev.preventDefault();
    setWaiting(false);
    const text = body.trim();
    if (!text || text.length > LIMITS.text) {
      setErrors({ fields: { body: text ? t('report.commentTooLong', { max: LIMITS.text }) : t('report.commentEmpty') }, general: [] });
      return;
    }
    setBusy(true);
    setErrors(NO_ERRORS);
    try {
      // Stored on the device first, like an observation: a lost connection or answer loses nothing.
      const key = newKey();
      setSending(key);
      const result = await submitWrite(session.user.id, commentWrite(report, text), { key, replaces: editing });
      if (result.outcome === 'rejected') {
        // Refused for good (e.g. personal data): the text stays in the field with the server's answer beside it.
        setErrors(formErrors(result.error, t, ['body']));
        return;
      }
      if (result.outcome === 'waiting') {
        // Kept on the device: from now on it is shown in the thread with its state. (A sent one leaves the outbox.)
        setWaiting(true);
        setSending(null);
      }
      setBody('');
      done();
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="comments-heading" className="card">
      <h2 id="comments-heading">{t('report.comments')}</h2>
      {comments.data?.length || pending.length ? (
        <ol className="comments">
          {comments.data?.map((c) => (
            <li key={c.id}>
              <p className="comment-meta">
                <strong>{c.organisation.name}</strong>
                {c.author ? ` – ${c.author.name}` : ''} · <time dateTime={c.createdAt}>{formatDateTime(c.createdAt)}</time>
              </p>
              <p className="comment-body">{c.body}</p>
            </li>
          ))}
          {pending.map((i) => (
            <li key={i.key} className={`pending ${i.state}`} data-testid="pending-comment" data-state={i.state}>
              <p className="comment-meta">
                <strong>{session.user.organisation.name}</strong> – {session.user.name} · <time dateTime={i.createdAt}>{formatDateTime(i.createdAt)}</time> ·{' '}
                <OutboxStateBadge item={i} />
              </p>
              <p className="comment-body">{draftOf(i, 'comment')?.body}</p>
              <OutboxActions item={i} />
            </li>
          ))}
        </ol>
      ) : (
        <p className="muted">{comments.loading ? t('common.loading') : t('report.noComments')}</p>
      )}
      <div aria-live="polite">
        {waiting && (
          <p className="notice warning" role="status">
            {t('report.commentWaiting')}
          </p>
        )}
      </div>
      {errors.general.length > 0 && (
        <p className="notice error" role="alert">
          {errors.general.join(' ')}
        </p>
      )}
      <form onSubmit={send} noValidate className="stack">
        <PrivacyTextarea
          id="comment"
          label={t('report.newComment')}
          hint={t('report.commentHint')}
          value={body}
          rows={3}
          onChange={(v) => {
            setBody(v);
            if (errors.fields.body) setErrors(NO_ERRORS);
          }}
          serverError={errors.fields.body || null}
        />
        <div className="actions">
          <button type="submit" className="button" disabled={busy}>
            {t('report.sendComment')}
          </button>
          {editing && (
            <button
              type="button"
              className="button secondary"
              onClick={() => {
                setBody('');
                setErrors(NO_ERRORS);
                done();
              }}
            >
              {t('common.cancel')}
            </button>
          )}
        </div>
      </form>
    </section>
  );
}
