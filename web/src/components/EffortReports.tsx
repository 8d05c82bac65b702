import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { type EffortResponse, type ReportResponse } from '#contracts';
import { del, getAll } from '../lib/api.js';
import { OPEN_REPORT_STATUSES } from '../lib/efforts.js';
import { formErrors } from '../lib/errors.js';
import { categoryLabel, formatDateTime } from '../lib/i18n.js';
import { useOutbox, useSession, type AsyncState } from '../lib/hooks.js';
import { newKey, submitWrite } from '../lib/outbox.js';
import { effortLinkWrite } from '../lib/outbox-kinds.js';
import { StatusBadge } from './Badges.js';
import { PendingLinks } from './EffortOutbox.js';
import { LiveNotice, type NoticeMessage } from './LiveNotice.js';

const SHOWN = 50;

export function reportLabel(r: Pick<ReportResponse, 'category' | 'place' | 'area'>): string {
  return `${categoryLabel(r.category)}${r.place ? ` – ${r.place.name}` : r.area ? ` – ${r.area.name}` : ''}`;
}

/**
 * The reports an effort took up (those the caller may see), with unlinking, and a picker of the open reports the
 * caller may see to link more. Linking moves new and acknowledged reports to in_progress (the server does it); it
 * goes through the outbox, so it is kept and made later when there is no connection.
 */
export function EffortReports(props: {
  effort: EffortResponse;
  canChange: boolean;
  reports: AsyncState<ReportResponse[]>;
  onEffort: (e: EffortResponse) => void;
  onChanged: () => void;
}) {
  const { effort, canChange, reports } = props;
  const { t } = useTranslation();
  const [message, setMessage] = useState<NoticeMessage | null>(null);
  const [busy, setBusy] = useState(false);
  const [open, setOpen] = useState(false);
  const [candidates, setCandidates] = useState<ReportResponse[] | null>(null);
  const [search, setSearch] = useState('');
  const [chosen, setChosen] = useState<string[]>([]);
  const [sending, setSending] = useState<string | null>(null);
  const session = useSession()!;
  const outbox = useOutbox();
  const pending = outbox.filter((i) => i.kind === 'effortLink' && i.effort?.id === effort.id && i.key !== sending);
  const linked = reports.data ?? [];
  const linkedIds = useMemo(() => new Set(linked.map((r) => r.id)), [linked]);

  const loadCandidates = () => {
    setCandidates(null);
    getAll<ReportResponse>(`/api/reports?status=${OPEN_REPORT_STATUSES.join(',')}`, 500).then(setCandidates, (e) => {
      setCandidates([]);
      setMessage({ kind: 'error', text: formErrors(e, t, []).general.join(' ') });
    });
  };

  const matches = useMemo(() => {
    const words = search.toLowerCase().split(/\s+/).filter(Boolean);
    return (candidates ?? [])
      .filter((r) => !linkedIds.has(r.id))
      .filter((r) => {
        if (!words.length) return true;
        const text = `${reportLabel(r)} ${r.area?.name ?? ''} ${r.description} ${r.organisation.name}`.toLowerCase();
        return words.every((w) => text.includes(w));
      });
  }, [candidates, linkedIds, search]);

  /**
   * Links through the outbox with its own Idempotency-Key: at once when online, kept on the device and made later
   * when not (the reports already linked by then are skipped by the server).
   */
  const link = async () => {
    if (!chosen.length) return;
    setBusy(true);
    setMessage(null);
    const key = newKey();
    setSending(key);
    try {
      const result = await submitWrite(session.user.id, effortLinkWrite(effort, chosen), { key });
      if (result.outcome === 'rejected') {
        const fe = formErrors(result.error, t, []);
        setMessage({ kind: 'error', text: [...Object.values(fe.fields), ...fe.general].join(' ') });
        return;
      }
      if (result.outcome === 'sent' && result.sent.kind === 'effortLink') {
        props.onEffort(result.sent.response);
        setMessage({ kind: 'success', text: t('effort.linked', { count: chosen.length }) });
        reports.reload();
        props.onChanged();
        loadCandidates();
      } else setMessage({ kind: 'success', text: t('effortOutbox.linkWaiting') });
      setChosen([]);
      setSearch('');
    } catch (e) {
      setMessage({ kind: 'error', text: formErrors(e, t, []).general.join(' ') });
    } finally {
      setSending(null);
      setBusy(false);
    }
  };

  const unlink = async (r: ReportResponse) => {
    setBusy(true);
    setMessage(null);
    try {
      await del(`/api/efforts/${effort.id}/reports/${r.id}`);
      reports.setData((cur) => cur?.filter((x) => x.id !== r.id));
      setMessage({ kind: 'success', text: t('effort.unlinked') });
      props.onChanged();
    } catch (e) {
      setMessage({ kind: 'error', text: formErrors(e, t, []).general.join(' ') });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="linked-heading" className="card" data-testid="effort-reports">
      <h2 id="linked-heading">{t('effort.reports')}</h2>
      <LiveNotice message={message} />
      {linked.length ? (
        <ul className="plain-list linked-reports">
          {linked.map((r) => (
            <li key={r.id} data-report-id={r.id}>
              <div className="linked-report">
                <div>
                  <Link to={`/rapporter/${r.id}`}>{reportLabel(r)}</Link> <StatusBadge status={r.status} />
                  <div className="feed-desc">{r.description}</div>
                  <div className="feed-meta">
                    <time dateTime={r.observedAt}>{formatDateTime(r.observedAt)}</time> · {r.organisation.name}
                  </div>
                </div>
                {canChange && (
                  <button type="button" className="button secondary small" disabled={busy} onClick={() => void unlink(r)}>
                    {t('effort.unlink')}
                    <span className="visually-hidden">: {reportLabel(r)}</span>
                  </button>
                )}
              </div>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{reports.loading ? t('common.loading') : t('effort.noReports')}</p>
      )}
      <PendingLinks items={pending} />
      {!reports.loading && effort.linkedReports > linked.length && (
        <p className="hint">{t('effort.hiddenReports', { count: effort.linkedReports, shown: linked.length })}</p>
      )}

      {canChange && (
        <details
          className="link-more"
          open={open}
          onToggle={(e) => {
            const isOpen = (e.target as HTMLDetailsElement).open;
            setOpen(isOpen);
            if (isOpen && candidates === null) loadCandidates();
          }}
        >
          <summary>{t('effort.linkMore')}</summary>
          <div className="stack">
            <div className="field">
              <label htmlFor="link-search">{t('effort.linkSearch')}</label>
              <p className="hint" id="link-search-hint">
                {t('effort.linkSearchHint')}
              </p>
              <input id="link-search" type="search" className="wide" value={search} aria-describedby="link-search-hint" onChange={(e) => setSearch(e.target.value)} />
            </div>
            {candidates === null ? (
              <p role="status">{t('common.loading')}</p>
            ) : matches.length === 0 ? (
              <p className="muted">{t('effort.linkNone')}</p>
            ) : (
              <fieldset className="field">
                <legend className="visually-hidden">{t('effort.linkChoose')}</legend>
                <ul className="plain-list candidates" data-testid="link-candidates">
                  {matches.slice(0, SHOWN).map((r) => (
                    <li key={r.id}>
                      <label className="checkbox">
                        <input
                          type="checkbox"
                          checked={chosen.includes(r.id)}
                          onChange={(e) => setChosen((s) => (e.target.checked ? [...s, r.id] : s.filter((x) => x !== r.id)))}
                          data-report-id={r.id}
                        />
                        <span>
                          <span>
                            <strong>{reportLabel(r)}</strong> <StatusBadge status={r.status} />
                          </span>
                          <span className="feed-desc">{r.description}</span>
                          <span className="feed-meta">
                            {formatDateTime(r.observedAt)} · {r.organisation.name}
                          </span>
                        </span>
                      </label>
                    </li>
                  ))}
                </ul>
                {matches.length > SHOWN && <p className="hint">{t('effort.moreHits', { shown: SHOWN, count: matches.length })}</p>}
              </fieldset>
            )}
            <div className="actions">
              <button type="button" className="button" disabled={busy || !chosen.length} onClick={() => void link()} data-testid="link-chosen">
                {t('effort.linkChosen', { count: chosen.length })}
              </button>
            </div>
          </div>
        </details>
      )}
    </section>
  );
}
