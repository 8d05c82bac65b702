import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { categoryLabel, formatDate, formatDateTime, formatMonth } from '../lib/i18n.js';
import { codedMessage } from '../lib/errors.js';
import { draftOf, enqueue, removeOutboxItem, syncOutbox, type OutboxItem } from '../lib/outbox.js';
import { reportWrite, type EffortUpdateDraft, type OutboxReportRef } from '../lib/outbox-kinds.js';

/** The report a comment belongs to, as a link: category and place. */
export function ReportRefLink({ report }: { report: OutboxReportRef }) {
  return (
    <Link to={`/rapporter/${report.id}`}>
      {categoryLabel(report.category)}
      {report.place ? ` – ${report.place}` : ''}
    </Link>
  );
}

/** Where a refused write is corrected: the form it came from, with the item loaded (`?utkast=<key>`). */
function editPath(item: OutboxItem): string {
  const form =
    item.kind === 'comment' && item.report
      ? `/rapporter/${item.report.id}`
      : item.kind === 'effort'
        ? '/insatser/ny'
        : (item.kind === 'effortAction' || item.kind === 'effortUpdate' || item.kind === 'effortLink') && item.effort
          ? `/insatser/${item.effort.id}`
          : item.kind === 'concernTalk'
            ? '/orossamtal'
            : '/rapportera';
  return `${form}?utkast=${encodeURIComponent(item.key)}`;
}

/** The state of a waiting or refused write, and what the user can do about it: try now, correct, discard. */
export function OutboxActions({ item }: { item: OutboxItem }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <>
      {item.state === 'rejected' && item.error && (
        <p className="field-error" data-testid="outbox-reason">
          {item.error.code === 'PERSONAL_DATA'
            ? t('privacy.serverRefusedShort')
            : codedMessage(item.error.code, t) || (Array.isArray(item.error.message) ? item.error.message.join('; ') : item.error.message)}
        </p>
      )}
      {item.state === 'rejected' && item.kind === 'report' && item.error?.code === 'LOCATION_OUTSIDE' && (
        <p>
          {t('manage.plausible.outsideQuestion')}{' '}
          <button type="button" className="button small" onClick={() => void sendOutside(item)} data-testid="outbox-send-outside">
            {t('manage.plausible.sendAnyway')}
          </button>
        </p>
      )}
      <div className="actions">
        {item.state === 'waiting' ? (
          <button type="button" className="button secondary small" onClick={() => void syncOutbox()}>
            {t('outbox.retry')}
          </button>
        ) : (
          <>
            <button type="button" className="button secondary small" onClick={() => navigate(editPath(item))}>
              {t('outbox.edit')}
            </button>
            <button type="button" className="button secondary small" onClick={() => void removeOutboxItem(item.key)}>
              {t('outbox.discard')}
            </button>
          </>
        )}
      </div>
    </>
  );
}

/** A report refused as outside the municipality, sent again as confirmed: a new write in its place (a new key). */
async function sendOutside(item: OutboxItem): Promise<void> {
  const draft = draftOf(item, 'report');
  if (!draft) return;
  await enqueue(item.userId, reportWrite({ ...draft, confirmOutside: true }));
  await removeOutboxItem(item.key);
  await syncOutbox();
}

export function OutboxStateBadge({ item }: { item: OutboxItem }) {
  const { t } = useTranslation();
  return <span className={`badge ${item.state === 'waiting' ? 'status-waiting' : 'status-rejected'}`}>{t(`outbox.state.${item.state}`)}</span>;
}

/** What a queued change of an effort changes, in words, one line per field. */
export function EffortUpdateSummary({ draft }: { draft: EffortUpdateDraft }) {
  const { t } = useTranslation();
  const lines = [
    draft.status && t('effortOutbox.change.status', { status: t(`effortStatus.${draft.status}`) }),
    draft.outcome && t('effortOutbox.change.outcome', { outcome: draft.outcome }),
    draft.followUpAt && t('effortOutbox.change.followUpAt', { date: formatDate(draft.followUpAt) }),
    draft.visibility && t('effortOutbox.change.visibility', { visibility: t(`effortVisibility.${draft.visibility}.short`) }),
  ].filter(Boolean);
  return (
    <ul className="feed-desc effort-change">
      {lines.map((l) => (
        <li key={l as string}>{l}</li>
      ))}
    </ul>
  );
}

/** What the user wrote and the device keeps until the server has it: observations, comments, efforts, actions and changes of efforts, oldest first. */
export function OutboxList({ items }: { items: OutboxItem[] }) {
  const { t } = useTranslation();
  if (!items.length) return null;
  return (
    <section id="utkorg" className="outbox" aria-labelledby="outbox-heading" data-testid="outbox">
      <h2 id="outbox-heading">{t('outbox.title')}</h2>
      <p className="hint">{t('outbox.intro')}</p>
      <ul className="plain-list">
        {items.map((i) => (
          <li key={i.key} className={`outbox-item ${i.state}`} data-testid="outbox-item" data-state={i.state} data-kind={i.kind}>
            <OutboxSummary item={i} />
            <OutboxActions item={i} />
          </li>
        ))}
      </ul>
    </section>
  );
}

function OutboxSummary({ item }: { item: OutboxItem }) {
  const { t } = useTranslation();
  const report = draftOf(item, 'report');
  if (report) {
    return (
      <>
        <p>
          <strong>{categoryLabel(report.category)}</strong> · {formatDateTime(report.observedAt)} · <OutboxStateBadge item={item} />
        </p>
        <p className="feed-desc">{report.description}</p>
      </>
    );
  }
  const effort = draftOf(item, 'effort');
  if (effort) {
    return (
      <>
        <p>
          <strong>{t('outbox.effort')}</strong> {effort.title} · {t(`effortType.${effort.type}`)} · {formatDateTime(item.createdAt)} · <OutboxStateBadge item={item} />
        </p>
        {effort.description && <p className="feed-desc">{effort.description}</p>}
      </>
    );
  }
  const action = draftOf(item, 'effortAction');
  if (action) {
    return (
      <p>
        <strong>{t('outbox.effortAction')}</strong>{' '}
        {item.effort && <Link to={`/insatser/${item.effort.id}`}>{item.effort.title}</Link>}: {action.count != null ? `${action.count} ${action.kind}` : action.kind} ·{' '}
        {formatDateTime(item.createdAt)} · <OutboxStateBadge item={item} />
      </p>
    );
  }
  const update = draftOf(item, 'effortUpdate');
  if (update) {
    return (
      <>
        <p>
          <strong>{t('effortOutbox.update')}</strong> {item.effort && <Link to={`/insatser/${item.effort.id}`}>{item.effort.title}</Link>} · {formatDateTime(item.createdAt)} ·{' '}
          <OutboxStateBadge item={item} />
        </p>
        <EffortUpdateSummary draft={update} />
      </>
    );
  }
  const link = draftOf(item, 'effortLink');
  if (link) {
    return (
      <p>
        <strong>{t('effortOutbox.link')}</strong> {item.effort && <Link to={`/insatser/${item.effort.id}`}>{item.effort.title}</Link>}:{' '}
        {t('effortOutbox.linkCount', { count: link.reportIds.length })} · {formatDateTime(item.createdAt)} · <OutboxStateBadge item={item} />
      </p>
    );
  }
  const talks = draftOf(item, 'concernTalk');
  if (talks) {
    return (
      <p>
        <strong>{t('outbox.concernTalk')}</strong> {formatMonth(talks.month)}: {t('concernTalks.talksCount', { count: talks.talks })} · {formatDateTime(item.createdAt)} ·{' '}
        <OutboxStateBadge item={item} />
      </p>
    );
  }
  const comment = draftOf(item, 'comment');
  return (
    <>
      <p>
        <strong>{t('outbox.comment')}</strong>
        {item.report && (
          <>
            {' '}
            <ReportRefLink report={item.report} />
          </>
        )}{' '}
        · {formatDateTime(item.createdAt)} · <OutboxStateBadge item={item} />
      </p>
      <p className="feed-desc">{comment?.body}</p>
    </>
  );
}
