import { useCallback, useEffect, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { isCoordinatorRole, LIMITS, type EffortActionResponse, type EffortResponse, type Page } from '#contracts';
import { get } from '../lib/api.js';
import { localDateTimeInput } from '../lib/efforts.js';
import { formErrors, type FormErrors } from '../lib/errors.js';
import { formatDateTime } from '../lib/i18n.js';
import { useAsync, useFeedEvents, useOutbox, useOutboxDraft, useSession } from '../lib/hooks.js';
import { draftOf, newKey, onOutboxSent, submitWrite } from '../lib/outbox.js';
import { effortActionWrite } from '../lib/outbox-kinds.js';
import { LiveNotice, type NoticeMessage } from './LiveNotice.js';
import { OutboxActions, OutboxStateBadge } from './OutboxList.js';
import { PrivacyTextarea } from './PrivacyTextarea.js';

const NO_ERRORS: FormErrors = { fields: {}, general: [] };
const FIELDS = ['organisationId', 'kind', 'count', 'at', 'note'];
/** Suggestions for "what was done"; the field takes any words. */
const KIND_SUGGESTIONS = ['besök', 'hundsök', 'kontroller', 'samtal', 'föräldramöte', 'trygghetsvandring', 'patrullering', 'klottersanering'];

/** "12 besök", or the kind alone. */
const actionText = (a: { kind: string; count?: number | null }) => (a.count != null ? `${a.count} ${a.kind}` : a.kind);

/**
 * What each organisation taking part did ("12 besök"), per organisation, kept current live, and a small form to
 * record one: written through the outbox with its own Idempotency-Key, so it is sent once even if the connection drops.
 */
export function EffortActions({ effort, canChange, onRecorded }: { effort: EffortResponse; canChange: boolean; onRecorded: () => void }) {
  const { t } = useTranslation();
  const session = useSession()!;
  const actions = useAsync(() => get<Page<EffortActionResponse>>(`/api/efforts/${effort.id}/actions`).then((p) => p.items), [effort.id]);
  const outbox = useOutbox();
  const isCoordinator = isCoordinatorRole(session.user.role);
  const ownOrg = session.user.organisation.id;
  // A coordinator records for any organisation taking part; anyone else for their own, when it takes part.
  const choices = effort.organisations.filter((o) => isCoordinator || o.id === ownOrg);
  const mayAdd = canChange && choices.length > 0;

  const [organisationId, setOrganisationId] = useState(() => (choices.some((o) => o.id === ownOrg) ? ownOrg : choices[0]?.id ?? ''));
  const [kind, setKind] = useState('');
  const [count, setCount] = useState('');
  const [at, setAt] = useState(() => localDateTimeInput(new Date()));
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [message, setMessage] = useState<NoticeMessage | null>(null);
  const [busy, setBusy] = useState(false);
  const [sending, setSending] = useState<string | null>(null);

  const add = useCallback(
    (a: EffortActionResponse) => actions.setData((cur) => (cur?.some((x) => x.id === a.id) ? cur : [...(cur ?? []), a])),
    [actions.setData],
  );
  useEffect(
    () =>
      onOutboxSent((s) => {
        if (s.kind === 'effortAction' && s.response.effortId === effort.id) {
          add(s.response);
          onRecorded();
        }
      }),
    [effort.id, add, onRecorded],
  );
  // Recorded by someone else (or another tab): the feed's effort:action carries the action as the list shows it.
  useFeedEvents((e) => {
    if (e.type === 'effort:action' && e.data.effortId === effort.id) {
      const { seq: _seq, ...action } = e.data;
      add(action);
      onRecorded();
    }
  });

  // Correcting an action of this effort that the server refused: load it from the outbox.
  const { editing, done } = useOutboxDraft('effortAction', (d, refusal, item) => {
    if (item.effort?.id !== effort.id) return false;
    setOrganisationId(d.organisationId);
    setKind(d.kind);
    setCount(d.count != null ? String(d.count) : '');
    setAt(localDateTimeInput(new Date(d.at)));
    setNote(d.note ?? '');
    if (refusal) setErrors(formErrors(refusal, t, FIELDS));
  });

  const pending = outbox.filter((i) => i.kind === 'effortAction' && i.effort?.id === effort.id && i.key !== editing && i.key !== sending);

  const byOrganisation = useMemo(() => {
    const groups = new Map<string, { name: string; items: EffortActionResponse[] }>();
    for (const o of effort.organisations) groups.set(o.id, { name: o.name, items: [] });
    for (const a of actions.data ?? []) {
      if (!groups.has(a.organisation.id)) groups.set(a.organisation.id, { name: a.organisation.name, items: [] });
      groups.get(a.organisation.id)!.items.push(a);
    }
    return [...groups.entries()].filter(([, g]) => g.items.length);
  }, [actions.data, effort.organisations]);

  const validate = (): FormErrors => {
    const e: FormErrors = { fields: {}, general: [] };
    if (!kind.trim()) e.fields.kind = t('effort.actionErrors.kind');
    if (count !== '' && !(/^\d+$/.test(count) && Number(count) <= LIMITS.actionCountMax)) e.fields.count = t('effort.actionErrors.count');
    const when = new Date(at);
    if (!at || Number.isNaN(when.getTime())) e.fields.at = t('effort.actionErrors.at');
    else if (when.getTime() > Date.now() + LIMITS.futureSlackMs) e.fields.at = t('effort.actionErrors.future');
    return e;
  };

  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    setMessage(null);
    const v = validate();
    setErrors(v);
    if (Object.keys(v.fields).length) return;
    setBusy(true);
    try {
      const key = newKey();
      setSending(key);
      const draft = {
        organisationId,
        kind: kind.trim(),
        ...(count !== '' ? { count: Number(count) } : {}),
        at: new Date(at).toISOString(),
        ...(note.trim() ? { note: note.trim() } : {}),
      };
      const result = await submitWrite(session.user.id, effortActionWrite(effort, draft), { key, replaces: editing });
      if (result.outcome === 'rejected') {
        const fe = formErrors(result.error, t, FIELDS);
        setErrors(fe);
        if (fe.general.length) setMessage({ kind: 'error', text: fe.general.join(' ') });
        return;
      }
      setMessage(result.outcome === 'sent' ? { kind: 'success', text: t('effort.actionSaved') } : { kind: 'success', text: t('effort.actionWaiting') });
      if (result.outcome === 'waiting') setSending(null);
      setKind('');
      setCount('');
      setNote('');
      setAt(localDateTimeInput(new Date()));
      done();
    } finally {
      setBusy(false);
    }
  };

  const fieldError = (f: string) =>
    errors.fields[f] && (
      <p className="field-error" id={`action-${f}-error`}>
        {errors.fields[f]}
      </p>
    );

  return (
    <section aria-labelledby="actions-heading" className="card" data-testid="effort-actions">
      <h2 id="actions-heading">{t('effort.actions')}</h2>
      <p className="hint">{t('effort.actionsIntro')}</p>
      {byOrganisation.length || pending.length ? (
        <div className="action-groups">
          {byOrganisation.map(([orgId, g]) => (
            <div key={orgId} className="action-group">
              <h3>{g.name}</h3>
              <ul className="plain-list history">
                {g.items.map((a) => (
                  <li key={a.id} data-testid="effort-action">
                    <p className="comment-body">
                      <strong>{actionText(a)}</strong>
                      {a.note ? ` – ${a.note}` : ''}
                    </p>
                    <p className="comment-meta">
                      <time dateTime={a.at}>{formatDateTime(a.at)}</time>
                      {a.author ? ` · ${a.author.name}` : ''}
                    </p>
                  </li>
                ))}
              </ul>
            </div>
          ))}
          {pending.length > 0 && (
            <ul className="plain-list comments">
              {pending.map((i) => {
                const d = draftOf(i, 'effortAction');
                return (
                  <li key={i.key} className={`pending ${i.state}`} data-testid="pending-action" data-state={i.state}>
                    <p className="comment-body">
                      <strong>{d ? actionText(d) : ''}</strong> · <OutboxStateBadge item={i} />
                    </p>
                    <OutboxActions item={i} />
                  </li>
                );
              })}
            </ul>
          )}
        </div>
      ) : (
        <p className="muted">{actions.loading ? t('common.loading') : t('effort.noActions')}</p>
      )}

      {mayAdd ? (
        <form onSubmit={submit} noValidate className="stack action-form" aria-labelledby="new-action-heading">
          <h3 id="new-action-heading">{t('effort.newAction')}</h3>
          <LiveNotice message={message} />
          {choices.length > 1 ? (
            <div className={`field${errors.fields.organisationId ? ' has-error' : ''}`}>
              <label htmlFor="action-org">{t('effort.actionOrg')}</label>
              {fieldError('organisationId')}
              <select id="action-org" value={organisationId} onChange={(e) => setOrganisationId(e.target.value)}>
                {choices.map((o) => (
                  <option key={o.id} value={o.id}>
                    {o.name}
                  </option>
                ))}
              </select>
            </div>
          ) : (
            <p>
              <strong>{t('effort.actionOrg')}:</strong> {choices[0].name}
              {!isCoordinator && <span className="hint"> – {t('effort.actionOwnOnly')}</span>}
            </p>
          )}
          <div className="field-row">
            <div className={`field grow${errors.fields.kind ? ' has-error' : ''}`}>
              <label htmlFor="action-kind">{t('effort.actionKind')}</label>
              <p className="hint" id="action-kind-hint">
                {t('effort.actionKindHint')}
              </p>
              {fieldError('kind')}
              <input
                id="action-kind"
                type="text"
                className="wide"
                list="action-kinds"
                value={kind}
                maxLength={LIMITS.name}
                aria-describedby={['action-kind-hint', errors.fields.kind ? 'action-kind-error' : ''].filter(Boolean).join(' ')}
                aria-invalid={!!errors.fields.kind || undefined}
                onChange={(e) => setKind(e.target.value)}
              />
              <datalist id="action-kinds">
                {KIND_SUGGESTIONS.map((k) => (
                  <option key={k} value={k} />
                ))}
              </datalist>
            </div>
            <div className={`field${errors.fields.count ? ' has-error' : ''}`}>
              <label htmlFor="action-count">{t('effort.actionCount')}</label>
              {fieldError('count')}
              <input
                id="action-count"
                type="number"
                inputMode="numeric"
                min={0}
                max={LIMITS.actionCountMax}
                step={1}
                value={count}
                aria-invalid={!!errors.fields.count || undefined}
                aria-describedby={errors.fields.count ? 'action-count-error' : undefined}
                onChange={(e) => setCount(e.target.value)}
              />
            </div>
          </div>
          <div className={`field${errors.fields.at ? ' has-error' : ''}`}>
            <label htmlFor="action-at">{t('effort.actionAt')}</label>
            {fieldError('at')}
            <input
              id="action-at"
              type="datetime-local"
              value={at}
              max={localDateTimeInput(new Date())}
              aria-invalid={!!errors.fields.at || undefined}
              aria-describedby={errors.fields.at ? 'action-at-error' : undefined}
              onChange={(e) => setAt(e.target.value)}
            />
          </div>
          <PrivacyTextarea id="action-note" rows={2} label={t('effort.actionNote')} value={note} onChange={setNote} serverError={errors.fields.note || null} />
          <div className="actions">
            <button type="submit" className="button" disabled={busy} data-testid="add-action">
              {t('effort.addAction')}
            </button>
            {editing && (
              <button type="button" className="button secondary" onClick={() => done()}>
                {t('common.cancel')}
              </button>
            )}
          </div>
        </form>
      ) : (
        <p className="hint">{t('effort.cannotAddAction')}</p>
      )}
    </section>
  );
}
