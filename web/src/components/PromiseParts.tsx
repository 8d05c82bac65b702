import { useState, type MouseEvent, type ReactNode, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import type { CommitmentResponse, DocumentStatus, PromiseDocumentKind } from '#contracts';
import { downloadFile } from '../lib/download.js';
import type { FormErrors } from '../lib/errors.js';
import { formErrors } from '../lib/errors.js';
import { categoryLabel } from '../lib/i18n.js';
import { documentApiBase, DOCX_TYPE, formatCount, formatDay, targetText } from '../lib/promises.js';

/** Parts of the promise screens: badges, a commitment's progress, the files of a document, the error summary. */

export function DocumentStatusBadge({ status }: { status: DocumentStatus }) {
  const { t } = useTranslation();
  return <span className={`badge doc-${status}`} data-status={status}>{t(`promises.doc.status.${status}`)}</span>;
}

const TREND_MARKS = { up: '▲', down: '▼', steady: '▬' } as const;

/** Up, down or steady in words, with a mark beside (never the mark or colour alone). Fewer reports is the aim: down is good. */
export function TrendText({ trend }: { trend: 'up' | 'down' | 'steady' }) {
  const { t } = useTranslation();
  return (
    <span className={`trend trend-${trend}`} data-trend={trend}>
      <span aria-hidden="true">{TREND_MARKS[trend]} </span>
      {t(`promises.trend.${trend}`)}
    </span>
  );
}

/** A bar of how far a target is reached (decoration: the figures are written beside it). */
export function ProgressBar({ percent, met }: { percent: number | null; met: boolean }) {
  if (percent === null) return null;
  return (
    <span className={`progress-bar${met ? ' met' : ''}`} aria-hidden="true">
      <span style={{ width: `${Math.max(0, Math.min(100, percent))}%` }} />
    </span>
  );
}

/** "3 av 4", "3 färre rapporter", "2 fler rapporter": what counts towards the target. */
export function resultText(c: Pick<CommitmentResponse, 'target' | 'progress'>, t: ReturnType<typeof useTranslation>['t']): string {
  const p = c.progress;
  if (c.target.kind === 'reports_trend') {
    if (p.done > 0) return t('promises.result.fewer', { count: p.done });
    if (p.done < 0) return t('promises.result.more', { count: -p.done });
    return t('promises.result.same');
  }
  if (p.target === null) return t(`promises.result.${c.target.kind}`, { count: p.done });
  return t(`promises.result.${c.target.kind}Of`, { done: formatCount(p.done), target: formatCount(p.target), count: p.target });
}

/** One commitment with its live progress: the target and how far it is, efforts, actions, the reports' trend, concern talks. */
export function CommitmentCard({ c, index }: { c: CommitmentResponse; index: string }) {
  const { t } = useTranslation();
  const p = c.progress;
  const state = p.met ? 'met' : c.overdue ? 'overdue' : 'open';
  return (
    <li className={`card commitment commitment-${state}`} data-testid="commitment" data-commitment-id={c.id}>
      <div className="commitment-head">
        <h3 className="h3">
          <span className="commitment-no">{index}</span> {c.text}
        </h3>
        <span className={`badge commitment-state state-${state}`} data-testid="commitment-state">
          {t(`promises.state.${state}`)}
        </span>
      </div>
      <dl className="facts compact commitment-facts">
        <dt>{t('promises.owner')}</dt>
        <dd>{c.owner.name}</dd>
        <dt>{t('promises.due')}</dt>
        <dd>
          <time dateTime={c.dueAt}>{formatDay(c.dueAt)}</time>
        </dd>
        <dt>{t('promises.targetLabel')}</dt>
        <dd>{targetText(c.target, t)}</dd>
        <dt>{t('promises.covers')}</dt>
        <dd>
          {c.effortTypes.length ? c.effortTypes.map((e) => t(`effortType.${e}`)).join(', ') : t('promises.allEffortTypes')}
          {' · '}
          {c.areas.length ? c.areas.map((a) => a.name).join(', ') : t('promises.wholeMunicipality')}
          {c.categories.length > 0 && <> · {c.categories.map((x) => categoryLabel(x)).join(', ')}</>}
        </dd>
      </dl>
      <div className="commitment-result" data-testid="commitment-result">
        <p className="result-line">
          <strong>{resultText(c, t)}</strong>
          {p.percent !== null && <span className="muted"> ({t('promises.percent', { percent: p.percent })})</span>}
        </p>
        <ProgressBar percent={c.target.kind === 'reports_trend' && p.target === null ? (p.met ? 100 : 0) : p.percent} met={p.met} />
      </div>
      <div className="progress-grid">
        <div className="progress-box">
          <h4>{t('promises.efforts.title')}</h4>
          <p data-testid="commitment-efforts">
            {t('promises.efforts.counts', { done: p.efforts.done, ongoing: p.efforts.ongoing, planned: p.efforts.planned })}
            {p.efforts.cancelled > 0 && <> {t('promises.efforts.cancelled', { count: p.efforts.cancelled })}</>}
          </p>
          {p.efforts.byType.length > 0 && (
            <p className="muted small">{p.efforts.byType.map((x) => `${t(`effortType.${x.type}`)} ${formatCount(x.done)}`).join(', ')}</p>
          )}
          {p.efforts.byOrganisation.length > 0 && (
            <p className="muted small">{p.efforts.byOrganisation.map((x) => `${x.organisation.name} ${formatCount(x.done)}`).join(', ')}</p>
          )}
        </div>
        <div className="progress-box">
          <h4>{t('promises.actions.title')}</h4>
          <p>{t('promises.actions.total', { count: p.actions.total })}</p>
          {p.actions.byKind.length > 0 && <p className="muted small">{p.actions.byKind.map((x) => `${x.kind} ${formatCount(x.total)}`).join(', ')}</p>}
        </div>
        <div className="progress-box">
          <h4>{t('promises.reports.title')}</h4>
          <p data-testid="commitment-reports">
            {t('promises.reports.counts', { current: p.reports.current, previous: p.reports.previous })} <TrendText trend={p.reports.trend} />
          </p>
        </div>
        {p.concernTalks && (
          <div className="progress-box">
            <h4>{t('promises.talks.title')}</h4>
            <p>{t('promises.talks.counts', { talks: p.concernTalks.talks, youths: p.concernTalks.youths })}</p>
          </div>
        )}
      </div>
    </li>
  );
}

/** The PDF and the DOCX of a document (or of one of its versions), fetched with the session like every other file. */
export function DocumentFiles({ kind, id, year, version, versionPath }: { kind: PromiseDocumentKind; id: string; year: number; version: number; versionPath?: boolean }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const base = `${documentApiBase(kind)}/${id}${versionPath ? `/versions/${version}` : ''}`;
  const stem = `${kind === 'follow_up' ? 'uppfoljning' : kind === 'action_plan' ? 'atgardsplan' : 'uppfoljning-atgardsplan'}-${year}-v${version}`;
  const files = [
    { format: 'pdf', label: 'PDF', type: 'application/pdf' },
    { format: 'docx', label: t('promises.doc.docx'), type: DOCX_TYPE },
  ] as const;
  const onClick = async (ev: MouseEvent, path: string, type: string, name: string) => {
    if (ev.ctrlKey || ev.metaKey || ev.shiftKey || ev.button !== 0) return;
    ev.preventDefault();
    if (busy) return;
    setBusy(path);
    setError(null);
    try {
      await downloadFile(path, type, name);
    } catch (e) {
      setError(t('promises.doc.downloadFailed', { reason: formErrors(e, t, []).general.join(' ') }));
    } finally {
      setBusy(null);
    }
  };
  return (
    <div className="downloads doc-files" data-testid="document-files">
      <ul className="plain-list downloads-list">
        {files.map((f) => {
          const path = `${base}?format=${f.format}`;
          return (
            <li key={f.format}>
              <a className="button secondary small" href={path} download={`${stem}.${f.format}`} onClick={(e) => void onClick(e, path, f.type, `${stem}.${f.format}`)} aria-busy={busy === path || undefined} data-format={f.format}>
                {f.label}
                <span className="visually-hidden"> – {t('promises.doc.versionN', { version })}</span>
              </a>
            </li>
          );
        })}
      </ul>
      <p className="visually-hidden" role="status">
        {busy ? t('promises.doc.downloading') : ''}
      </p>
      {error && (
        <p className="notice error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

/** The form's problems in one list at its top, each linking to its field. */
export function ErrorSummary({ errors, summaryRef, target }: { errors: FormErrors; summaryRef: RefObject<HTMLDivElement | null>; target: (field: string) => string | undefined }) {
  const { t } = useTranslation();
  const list = [...Object.entries(errors.fields).map(([f, m]) => ({ f, m })), ...errors.general.map((m) => ({ f: '', m }))];
  if (!list.length) return null;
  return (
    <div className="notice error" ref={summaryRef} tabIndex={-1} role="alert" data-testid="error-summary">
      <p>
        <strong>{t('errors.summary')}</strong>
      </p>
      <ul>
        {list.map(({ f, m }, i) => {
          const id = f ? target(f) : undefined;
          return <li key={i}>{id ? <a href={`#${id}`}>{m}</a> : m}</li>;
        })}
      </ul>
    </div>
  );
}

/** A folded list of checkboxes (none chosen: all), labelled as one group. */
export function ChoiceList<T extends string>(props: {
  id: string;
  legend: string;
  allLabel: string;
  options: readonly { value: T; label: string }[];
  value: readonly T[];
  onChange: (v: T[]) => void;
  error?: string;
  hint?: ReactNode;
}) {
  const { t } = useTranslation();
  const toggle = (v: T, on: boolean) => props.onChange(on ? [...props.value.filter((x) => x !== v), v] : props.value.filter((x) => x !== v));
  const chosen = props.options.filter((o) => props.value.includes(o.value)).map((o) => o.label);
  return (
    <fieldset className={`field choice-list${props.error ? ' has-error' : ''}`}>
      <legend>{props.legend}</legend>
      {props.hint && <p className="hint">{props.hint}</p>}
      {props.error && <p className="field-error">{props.error}</p>}
      <details open={props.value.length > 0 || undefined}>
        <summary id={props.id}>
          {chosen.length ? t('promises.form.chosen', { list: chosen.join(', ') }) : props.allLabel}
          <span className="choice-hint">({t('promises.form.change')})</span>
        </summary>
        <div className="checkbox-grid">
          {props.options.map((o) => (
            <label key={o.value} className="checkbox">
              <input type="checkbox" checked={props.value.includes(o.value)} onChange={(e) => toggle(o.value, e.target.checked)} />
              {o.label}
            </label>
          ))}
        </div>
      </details>
    </fieldset>
  );
}
