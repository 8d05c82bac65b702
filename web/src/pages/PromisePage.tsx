import { useEffect, useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { isCoordinatorRole, type DocumentResponse, type PromiseResponse } from '#contracts';
import { CommitmentCard, DocumentStatusBadge } from '../components/PromiseParts.js';
import { get, HttpError, post } from '../lib/api.js';
import { formErrors } from '../lib/errors.js';
import { formatDateTime } from '../lib/i18n.js';
import { useAsync, useDocumentTitle, useFeedEvents, useSession } from '../lib/hooks.js';
import { documentPagePath, formatDay, promiseErrors, publicPagePath, yearsText } from '../lib/promises.js';
import './promises.css';

/** "Skapa uppföljning": the follow-up of one of the promise's years, generated from the data (coordinators). */
function GenerateFollowUp({ promise }: { promise: PromiseResponse }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const years = Array.from({ length: promise.toYear - promise.year + 1 }, (_, i) => promise.year + i);
  const [year, setYear] = useState(promise.toYear);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const existing = promise.followUps.find((d) => d.year === year);
  const generate = async () => {
    setBusy(true);
    setError(null);
    try {
      const doc = await post<DocumentResponse>(`/api/promises/${promise.id}/follow-ups`, { year });
      navigate(documentPagePath(doc.kind, doc.id));
    } catch (e) {
      const fe = promiseErrors(e, t, []);
      setError([...Object.values(fe.fields), ...fe.general].join(' '));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="card generate-box" data-testid="generate-follow-up">
      <h2 className="h3">{t('promises.followUp.generateTitle')}</h2>
      <p className="muted small">{t('promises.followUp.generateHint')}</p>
      <div className="actions">
        {years.length > 1 && (
          <div className="field inline">
            <label htmlFor="follow-up-year">{t('promises.followUp.year')}</label>
            <select id="follow-up-year" value={year} onChange={(e) => setYear(Number(e.target.value))}>
              {years.map((y) => (
                <option key={y} value={y}>
                  {y}
                </option>
              ))}
            </select>
          </div>
        )}
        <button type="button" className="button" disabled={busy} onClick={() => void generate()} data-testid="generate">
          {existing ? t('promises.followUp.regenerate', { year }) : t('promises.followUp.generate', { year })}
        </button>
      </div>
      {existing && <p className="hint">{t('promises.followUp.regenerateHint')}</p>}
      <p role="status" className="visually-hidden">
        {busy ? t('promises.followUp.generating') : ''}
      </p>
      {error && (
        <p className="notice error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

/** A promise: its focus areas and commitments, each with live progress counted from what the reader may see. */
export default function PromisePage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const session = useSession()!;
  const isCoordinator = isCoordinatorRole(session.user.role);
  const promise = useAsync(() => get<PromiseResponse>(`/api/promises/${id}`), [id]);
  const p = promise.data;
  useDocumentTitle(p?.title ?? t('promises.promise'));

  // Live: an effort or an action that changes (here or on another screen) is counted again, a moment later.
  const timer = useRef<number | undefined>(undefined);
  useFeedEvents((e) => {
    if (!e.type.startsWith('effort:')) return;
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => promise.reload(), 1500);
  });
  useEffect(() => () => window.clearTimeout(timer.current), []);

  if (!p) {
    if (promise.loading) return <p role="status">{t('common.loading')}</p>;
    const notFound = promise.error instanceof HttpError && promise.error.status === 404;
    return (
      <div className="narrow">
        <p>
          <Link to="/loften">← {t('promises.back')}</Link>
        </p>
        <h1>{notFound ? t('promises.notFound') : t('promises.promise')}</h1>
        <p className="notice error" role="alert">
          {formErrors(promise.error, t, []).general.join(' ')}
        </p>
      </div>
    );
  }

  const all = p.focusAreas.flatMap((f) => f.commitments);
  const met = all.filter((c) => c.progress.met).length;
  const running = p.period.countedTo < p.period.to;

  return (
    <div className="promise-page">
      <p className="no-print">
        <Link to="/loften">← {t('promises.back')}</Link>
      </p>
      <div className="page-head">
        <div>
          <h1>{p.title}</h1>
          <p className="lead">
            {t('promises.years', { years: yearsText(p) })} · {t('promises.metOf', { met, count: all.length })}
          </p>
          <p className="muted small" data-testid="promise-period">
            {running
              ? t('promises.periodRunning', { from: formatDay(p.period.from), to: formatDay(p.period.countedTo), previousFrom: formatDay(p.period.previousFrom), previousTo: formatDay(p.period.previousTo) })
              : t('promises.period', { from: formatDay(p.period.from), to: formatDay(p.period.to), previousFrom: formatDay(p.period.previousFrom), previousTo: formatDay(p.period.previousTo) })}
          </p>
        </div>
        {isCoordinator && (
          <Link to={`/loften/${p.id}/andra`} className="button secondary" data-testid="edit-promise">
            {t('promises.edit')}
          </Link>
        )}
      </div>
      <p className="muted small">{t('promises.liveNote')}</p>

      <section aria-labelledby="follow-ups-h" className="follow-ups">
        <h2 id="follow-ups-h">{t('promises.followUps')}</h2>
        {p.followUps.length === 0 ? (
          <p className="muted">{t('promises.followUp.none')}</p>
        ) : (
          <ul className="plain-list doc-lines" data-testid="promise-follow-ups">
            {p.followUps.map((d) => (
              <li key={d.id} className="doc-line">
                <Link to={documentPagePath(d.kind, d.id)}>{t('promises.followUp.ofYear', { year: d.year })}</Link> <DocumentStatusBadge status={d.status} />{' '}
                <span className="muted small">
                  {t('promises.doc.versionN', { version: d.version })} · {t('promises.doc.updated', { at: formatDateTime(d.updatedAt) })}
                  {d.publishedVersion !== null && (
                    <>
                      {' · '}
                      <a href={publicPagePath(d.kind, d.id)}>{t('promises.doc.publicPage')}</a>
                    </>
                  )}
                </span>
              </li>
            ))}
          </ul>
        )}
        {isCoordinator && <GenerateFollowUp promise={p} />}
      </section>

      {p.focusAreas.map((f, i) => (
        <section key={f.id} aria-labelledby={`focus-${f.id}`} className="focus-area" data-testid="focus-area">
          <h2 id={`focus-${f.id}`}>
            {t('promises.focusN', { n: i + 1 })}: {f.title}
          </h2>
          <p className="pre-wrap">{f.text}</p>
          <ul className="plain-list cards commitments">
            {f.commitments.map((c, j) => (
              <CommitmentCard key={c.id} c={c} index={`${i + 1}.${j + 1}`} />
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}
