import { useRef, useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { isCoordinatorRole, PROMISE_LIMITS, type DocumentResponse, type DocumentSummary, type PromiseListItem } from '#contracts';
import { DocumentStatusBadge } from '../components/PromiseParts.js';
import { getAll, post } from '../lib/api.js';
import { formErrors } from '../lib/errors.js';
import { formatDateTime } from '../lib/i18n.js';
import { useAsync, useDocumentTitle, useSession } from '../lib/hooks.js';
import { documentPagePath, promiseErrors, publicPagePath, yearsText } from '../lib/promises.js';
import './promises.css';

/** A document in a list: its year, title, state, and the public page once published. */
function DocumentLine({ d }: { d: DocumentSummary }) {
  const { t } = useTranslation();
  return (
    <li className="doc-line" data-testid="document-line" data-document-id={d.id}>
      <Link to={documentPagePath(d.kind, d.id)}>{d.title}</Link> <DocumentStatusBadge status={d.status} />{' '}
      <span className="muted small">
        {d.publishedVersion !== d.version && t('promises.doc.versionN', { version: d.version })}
        {d.publishedAt && d.publishedVersion !== null && (
          <>
            {d.publishedVersion !== d.version && ' · '}
            {t('promises.doc.publishedVersion', { version: d.publishedVersion, at: formatDateTime(d.publishedAt) })} ·{' '}
            <a href={publicPagePath(d.kind, d.id)}>{t('promises.doc.publicPage')}</a>
          </>
        )}
      </span>
    </li>
  );
}

function PromiseRow({ p }: { p: PromiseListItem }) {
  const { t } = useTranslation();
  const percent = p.commitments ? Math.round((p.commitmentsMet / p.commitments) * 100) : 0;
  return (
    <li className="card promise-row" data-testid="promise-row" data-promise-id={p.id}>
      <h3 className="h3">
        <Link to={`/loften/${p.id}`}>{p.title}</Link>
      </h3>
      <p className="muted small">{t('promises.years', { years: yearsText(p) })}</p>
      <ul className="focus-list">
        {p.focusAreas.map((f) => (
          <li key={f.id}>
            {f.title} <span className="muted small">({t('promises.commitmentCount', { count: f.commitments })})</span>
          </li>
        ))}
      </ul>
      <p className="met-line">
        {t('promises.metOf', { met: p.commitmentsMet, count: p.commitments })}
        <span className="progress-bar" aria-hidden="true">
          <span style={{ width: `${percent}%` }} />
        </span>
      </p>
      {p.followUps.length > 0 && (
        <>
          <p className="small strong-label">{t('promises.followUps')}</p>
          <ul className="plain-list doc-lines">
            {p.followUps.map((d) => (
              <DocumentLine key={d.id} d={d} />
            ))}
          </ul>
        </>
      )}
    </li>
  );
}

/** "Skapa åtgärdsplan": the year's plan drafted from its commitments and planned efforts (coordinators). */
function NewActionPlan() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const thisYear = new Date().getFullYear();
  const [year, setYear] = useState(String(thisYear + 1));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    const y = Number(year);
    if (!Number.isInteger(y) || y < PROMISE_LIMITS.yearMin || y > PROMISE_LIMITS.yearMax) {
      setError(t('promises.form.errors.year', { min: PROMISE_LIMITS.yearMin, max: PROMISE_LIMITS.yearMax }));
      inputRef.current?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const doc = await post<DocumentResponse>('/api/action-plans', { year: y });
      navigate(documentPagePath(doc.kind, doc.id));
    } catch (e) {
      const fe = promiseErrors(e, t, ['year']);
      setError([...Object.values(fe.fields), ...fe.general].join(' '));
      inputRef.current?.focus();
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="inline-form action-plan-form" onSubmit={submit} noValidate data-testid="new-action-plan">
      <div className={`field inline${error ? ' has-error' : ''}`}>
        <label htmlFor="plan-year">{t('promises.plan.year')}</label>
        <input
          ref={inputRef}
          id="plan-year"
          type="number"
          inputMode="numeric"
          min={PROMISE_LIMITS.yearMin}
          max={PROMISE_LIMITS.yearMax}
          value={year}
          onChange={(e) => setYear(e.target.value)}
          aria-invalid={!!error || undefined}
          aria-describedby={error ? 'plan-year-error' : 'plan-year-hint'}
        />
        <button type="submit" className="button" disabled={busy} data-testid="create-action-plan">
          {t('promises.plan.create')}
        </button>
      </div>
      <p id="plan-year-hint" className="hint">
        {t('promises.plan.hint')}
      </p>
      {error && (
        <p id="plan-year-error" className="field-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}

/** Löften: the collaboration's citizen promises per year, and the action plans of lag 2023:196 with their follow-ups. */
export default function PromisesPage() {
  const { t } = useTranslation();
  const session = useSession()!;
  const isCoordinator = isCoordinatorRole(session.user.role);
  const promises = useAsync(() => getAll<PromiseListItem>('/api/promises', 500, 100), []);
  const plans = useAsync(() => getAll<DocumentSummary>('/api/action-plans', 500, 100), []);
  const planFollowUps = useAsync(() => getAll<DocumentSummary>('/api/follow-ups', 500, 100).then((d) => d.filter((x) => x.kind === 'action_plan_follow_up')), []);
  useDocumentTitle(t('promises.title'));

  // Per year, newest first (a promise over several years under its first).
  const byYear = new Map<number, PromiseListItem[]>();
  for (const p of promises.data ?? []) byYear.set(p.year, [...(byYear.get(p.year) ?? []), p]);
  const years = [...byYear.keys()].sort((a, b) => b - a);

  return (
    <div className="promises-page">
      <div className="page-head">
        <div>
          <h1>{t('promises.title')}</h1>
          <p className="muted">{t('promises.intro')}</p>
        </div>
        {isCoordinator && (
          <Link to="/loften/nytt" className="button" data-testid="new-promise">
            {t('promises.new')}
          </Link>
        )}
      </div>

      {promises.loading && !promises.data && <p role="status">{t('common.loading')}</p>}
      {!!promises.error && (
        <p className="notice error" role="alert">
          {formErrors(promises.error, t, []).general.join(' ')}
        </p>
      )}
      {promises.data && years.length === 0 && <p className="empty">{isCoordinator ? t('promises.emptyCoordinator') : t('promises.empty')}</p>}
      {years.map((y) => (
        <section key={y} aria-labelledby={`year-${y}`} className="promise-year">
          <h2 id={`year-${y}`}>{y}</h2>
          <ul className="plain-list cards" data-testid="promise-list">
            {byYear.get(y)!.map((p) => (
              <PromiseRow key={p.id} p={p} />
            ))}
          </ul>
        </section>
      ))}

      <section aria-labelledby="plans-h" className="action-plans">
        <h2 id="plans-h">{t('promises.plan.title')}</h2>
        <p className="muted">{t('promises.plan.intro')}</p>
        {isCoordinator && <NewActionPlan />}
        {plans.loading && !plans.data && <p role="status">{t('common.loading')}</p>}
        {!!plans.error && (
          <p className="notice error" role="alert">
            {formErrors(plans.error, t, []).general.join(' ')}
          </p>
        )}
        {plans.data && plans.data.length === 0 && <p className="empty">{t('promises.plan.none')}</p>}
        {plans.data && plans.data.length > 0 && (
          <ul className="plain-list doc-lines" data-testid="action-plans">
            {plans.data.map((d) => (
              <DocumentLine key={d.id} d={d} />
            ))}
          </ul>
        )}
        {planFollowUps.data && planFollowUps.data.length > 0 && (
          <>
            <h3 className="h3">{t('promises.plan.followUps')}</h3>
            <ul className="plain-list doc-lines" data-testid="action-plan-follow-ups">
              {planFollowUps.data.map((d) => (
                <DocumentLine key={d.id} d={d} />
              ))}
            </ul>
          </>
        )}
      </section>
    </div>
  );
}
