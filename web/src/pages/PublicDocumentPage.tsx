import { useEffect, useMemo } from 'react';
import { useParams } from 'react-router';
import type {
  PromisePeriod,
  PublicActionPlanFigures,
  PublicCommitment,
  PublicCount,
  PublicDocumentResponse,
  PublicFollowUpFigures,
} from '#contracts';
import { get, HttpError } from '../lib/api.js';
import { categoryLabel, formatDate, i18n } from '../lib/i18n.js';
import { useAsync, useDocumentTitle, useMediaQuery } from '../lib/hooks.js';
import { formatCount, formatDay, targetText } from '../lib/promises.js';
import './promises.css';

/**
 * The public page of a published follow-up or action plan (`/uppfoljning/:id`, `/atgardsplan/:id`): no login, no app
 * menu, in Swedish. Only the published words and the aggregates the server sends (`GET /api/public/...`): a count
 * below 3 comes as the words "färre än 3" and is shown as sent. Printable; headings, landmarks, tables with captions.
 */

const sv = i18n.getFixedT('sv');
/** On a phone the wide tables (commitments, an action plan's groups) are cards instead: no sideways scrolling to read a row. */
const NARROW = '(max-width: 600px)';
const count = (n: PublicCount) => formatCount(n, 'sv');
const day = (d: string) => formatDay(d, 'sv');

function TrendWord({ trend }: { trend: 'up' | 'down' | 'steady' }) {
  return (
    <span className={`trend trend-${trend}`} data-trend={trend}>
      <span aria-hidden="true">{trend === 'up' ? '▲' : trend === 'down' ? '▼' : '▬'} </span>
      {sv(`promises.trend.${trend}`)}
    </span>
  );
}

/** A cell holding a count: its number, or "färre än 3". */
const Num = ({ n }: { n: PublicCount }) => (
  <td className="num" data-count={typeof n === 'number' ? n : 'few'}>
    {count(n)}
  </td>
);

/** A follow-up: the days counted (so far, while the year runs) and what they are compared with; a plan: its year. */
function periodText(p: PromisePeriod, plan: boolean): string {
  if (plan || p.countedTo < p.from) return sv('promises.public.planPeriodLine', { from: day(p.from), to: day(p.to) });
  return sv('promises.public.periodLine', { from: day(p.from), to: day(p.countedTo), previousFrom: day(p.previousFrom), previousTo: day(p.previousTo) });
}

function commitmentResult(c: PublicCommitment): string {
  if (c.target.kind === 'efforts') return sv('promises.public.resultEfforts', { done: count(c.done) });
  if (c.target.kind === 'actions') return sv('promises.public.resultActions', { done: count(c.done) });
  return sv('promises.public.resultReports', { current: count(c.reports.current), previous: count(c.reports.previous) });
}

function FollowUpFigures({ f, year }: { f: PublicFollowUpFigures; year: number }) {
  const narrow = useMediaQuery(NARROW);
  return (
    <>
      <div className="table-wrap" role="region" aria-labelledby="totals-caption" tabIndex={0}>
        <table className="table" data-testid="public-totals">
          <caption id="totals-caption">{sv('promises.public.totalsCaption', { year })}</caption>
          <thead>
            <tr>
              <th scope="col">{sv('promises.public.col.what')}</th>
              <th scope="col" className="num">{sv('promises.public.col.count')}</th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <th scope="row">{sv('promises.public.effortsDone')}</th>
              <Num n={f.totals.effortsDone} />
            </tr>
            <tr>
              <th scope="row">{sv('promises.public.actions')}</th>
              <Num n={f.totals.actions} />
            </tr>
            <tr>
              <th scope="row">{sv('promises.public.concernTalks')}</th>
              <Num n={f.totals.concernTalks} />
            </tr>
          </tbody>
        </table>
      </div>
      {f.focusAreas.map((a, i) => (
        <section key={i} aria-labelledby={`pf-${i}`} className="public-focus">
          <h3 id={`pf-${i}`}>{sv('promises.public.focus', { title: a.title })}</h3>
          <p>{a.text}</p>
          {narrow ? (
            <>
              <h4 id={`pc-${i}`} className="cards-caption">{sv('promises.public.commitmentsCaption', { title: a.title })}</h4>
              <ul className="plain-list public-cards" aria-labelledby={`pc-${i}`} data-testid="public-commitments">
                {a.commitments.map((c, j) => (
                  <li key={j} className="public-card">
                    <p className="public-card-title">{c.text}</p>
                    <dl className="facts compact">
                      <dt>{sv('promises.public.col.owner')}</dt>
                      <dd>{c.owner.name}</dd>
                      <dt>{sv('promises.public.col.target')}</dt>
                      <dd>
                        {targetText(c.target, sv)}, {sv('promises.public.dueBy', { day: day(c.dueAt) })}
                      </dd>
                      <dt>{sv('promises.public.col.result')}</dt>
                      <dd data-count={typeof c.done === 'number' ? c.done : 'few'}>
                        {commitmentResult(c)}
                        {c.efforts.byType.length > 0 && <> ({c.efforts.byType.map((x) => `${sv(`effortType.${x.type}`)} ${count(x.done)}`).join(', ')})</>}
                        {c.concernTalks && <>. {sv('promises.public.talksLine', { talks: count(c.concernTalks.talks), youths: count(c.concernTalks.youths) })}</>}
                      </dd>
                      <dt>{sv('promises.public.col.met')}</dt>
                      <dd>{c.met ? sv('promises.public.yes') : sv('promises.public.no')}</dd>
                    </dl>
                  </li>
                ))}
              </ul>
            </>
          ) : (
            <div className="table-wrap" role="region" aria-labelledby={`pc-${i}`} tabIndex={0}>
              <table className="table" data-testid="public-commitments">
                <caption id={`pc-${i}`}>{sv('promises.public.commitmentsCaption', { title: a.title })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{sv('promises.public.col.commitment')}</th>
                    <th scope="col">{sv('promises.public.col.owner')}</th>
                    <th scope="col">{sv('promises.public.col.target')}</th>
                    <th scope="col">{sv('promises.public.col.result')}</th>
                    <th scope="col">{sv('promises.public.col.met')}</th>
                  </tr>
                </thead>
                <tbody>
                  {a.commitments.map((c, j) => (
                    <tr key={j}>
                      <th scope="row">{c.text}</th>
                      <td>{c.owner.name}</td>
                      <td>
                        {targetText(c.target, sv)}
                        <br />
                        <span className="muted small">{sv('promises.public.dueBy', { day: day(c.dueAt) })}</span>
                      </td>
                      <td data-count={typeof c.done === 'number' ? c.done : 'few'}>
                        {commitmentResult(c)}
                        {c.efforts.byType.length > 0 && (
                          <>
                            <br />
                            <span className="muted small">{c.efforts.byType.map((x) => `${sv(`effortType.${x.type}`)} ${count(x.done)}`).join(', ')}</span>
                          </>
                        )}
                        {c.concernTalks && (
                          <>
                            <br />
                            <span className="muted small">{sv('promises.public.talksLine', { talks: count(c.concernTalks.talks), youths: count(c.concernTalks.youths) })}</span>
                          </>
                        )}
                      </td>
                      <td>{c.met ? sv('promises.public.yes') : sv('promises.public.no')}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {a.reports.byCategory.length > 0 && (
            <div className="table-wrap" role="region" aria-labelledby={`pr-${i}`} tabIndex={0}>
              <table className="table" data-testid="public-reports">
                <caption id={`pr-${i}`}>{sv('promises.public.reportsCaption', { title: a.title })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{sv('promises.public.col.category')}</th>
                    <th scope="col" className="num">{sv('promises.public.col.current', { year })}</th>
                    <th scope="col" className="num">{sv('promises.public.col.previous', { year: year - 1 })}</th>
                  </tr>
                </thead>
                <tbody>
                  {a.reports.byCategory.map((c) => (
                    <tr key={c.category}>
                      <th scope="row">{categoryLabel(c.category, 'sv')}</th>
                      <Num n={c.current} />
                      <Num n={c.previous} />
                    </tr>
                  ))}
                </tbody>
                <tfoot>
                  <tr>
                    <th scope="row">
                      {sv('promises.public.allReports')} (<TrendWord trend={a.reports.trend} />)
                    </th>
                    <Num n={a.reports.current} />
                    <Num n={a.reports.previous} />
                  </tr>
                </tfoot>
              </table>
            </div>
          )}
          {a.reports.byArea.some((x) => x.area) && (
            <div className="table-wrap" role="region" aria-labelledby={`pa-${i}`} tabIndex={0}>
              <table className="table">
                <caption id={`pa-${i}`}>{sv('promises.public.areasCaption', { title: a.title })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{sv('promises.public.col.area')}</th>
                    <th scope="col" className="num">{sv('promises.public.col.current', { year })}</th>
                    <th scope="col" className="num">{sv('promises.public.col.previous', { year: year - 1 })}</th>
                  </tr>
                </thead>
                <tbody>
                  {a.reports.byArea.map((x, k) => (
                    <tr key={k}>
                      <th scope="row">{x.area?.name ?? sv('promises.public.noArea')}</th>
                      <Num n={x.current} />
                      <Num n={x.previous} />
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      ))}
    </>
  );
}

function ActionPlanFigures({ f }: { f: PublicActionPlanFigures }) {
  const followUp = f.kind === 'action_plan_follow_up';
  const narrow = useMediaQuery(NARROW);
  if (narrow) {
    return (
      <>
        <h3 id="groups-caption" className="cards-caption">{sv('promises.public.groupsCaption', { year: f.year })}</h3>
        <ul className="plain-list public-cards" aria-labelledby="groups-caption" data-testid="public-groups">
          {f.groups.map((g, i) => (
            <li key={i} className="public-card">
              <p className="public-card-title">
                {g.title} – {g.area?.name ?? sv('promises.public.wholeMunicipality')}
              </p>
              <dl className="facts compact">
                <dt>{sv('promises.public.col.efforts')}</dt>
                <dd data-count={typeof g.efforts === 'number' ? g.efforts : 'few'}>{count(g.efforts)}</dd>
                {followUp && (
                  <>
                    <dt>{sv('promises.public.col.done')}</dt>
                    <dd data-count={typeof g.done === 'number' ? g.done : 'few'}>{count(g.done ?? 0)}</dd>
                  </>
                )}
                <dt>{sv('promises.public.col.byType')}</dt>
                <dd>{g.byType.map((x) => `${sv(`effortType.${x.type}`)} ${count(x.count)}`).join(', ') || '–'}</dd>
                <dt>{sv('promises.public.col.byOwner')}</dt>
                <dd>{g.byOwner.map((x) => `${x.organisation.name} ${count(x.count)}`).join(', ') || '–'}</dd>
                {g.commitments.length > 0 && (
                  <>
                    <dt>{sv('promises.public.col.commitments')}</dt>
                    <dd>{g.commitments.map((c) => `${c.text} (${c.owner.name}, ${sv('promises.public.dueBy', { day: day(c.dueAt) })})`).join(' ')}</dd>
                  </>
                )}
              </dl>
            </li>
          ))}
        </ul>
      </>
    );
  }
  return (
    <div className="table-wrap" role="region" aria-labelledby="groups-caption" tabIndex={0}>
      <table className="table" data-testid="public-groups">
        <caption id="groups-caption">{sv('promises.public.groupsCaption', { year: f.year })}</caption>
        <thead>
          <tr>
            <th scope="col">{sv('promises.public.col.problem')}</th>
            <th scope="col">{sv('promises.public.col.area')}</th>
            <th scope="col">{sv('promises.public.col.commitments')}</th>
            <th scope="col" className="num">{sv('promises.public.col.efforts')}</th>
            {followUp && <th scope="col" className="num">{sv('promises.public.col.done')}</th>}
            <th scope="col">{sv('promises.public.col.byType')}</th>
            <th scope="col">{sv('promises.public.col.byOwner')}</th>
          </tr>
        </thead>
        <tbody>
          {f.groups.map((g, i) => (
            <tr key={i}>
              <th scope="row">{g.title}</th>
              <td>{g.area?.name ?? sv('promises.public.wholeMunicipality')}</td>
              <td>
                {g.commitments.length === 0
                  ? '–'
                  : g.commitments.map((c, k) => (
                      <p key={k} className="cell-p">
                        {c.text} <span className="muted small">({c.owner.name}, {sv('promises.public.dueBy', { day: day(c.dueAt) })})</span>
                      </p>
                    ))}
              </td>
              <Num n={g.efforts} />
              {followUp && <Num n={g.done ?? 0} />}
              <td>{g.byType.map((x) => `${sv(`effortType.${x.type}`)} ${count(x.count)}`).join(', ') || '–'}</td>
              <td>{g.byOwner.map((x) => `${x.organisation.name} ${count(x.count)}`).join(', ') || '–'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export default function PublicDocumentPage({ kind }: { kind: 'follow-ups' | 'action-plans' }) {
  const { id = '' } = useParams();
  const doc = useAsync(() => get<PublicDocumentResponse>(`/api/public/${kind}/${id}`, { anonymous: true }), [kind, id]);
  const d = doc.data;
  useDocumentTitle(d ? `${d.text.title} – ${d.collaboration.name}` : sv('promises.public.title'));
  // The page is Swedish whatever language the app was last used in.
  useEffect(() => {
    const before = document.documentElement.lang;
    document.documentElement.lang = 'sv';
    return () => {
      document.documentElement.lang = before;
    };
  }, []);
  const kindLabel = useMemo(() => (d ? sv(`promises.doc.kind.${d.kind}`) : kind === 'action-plans' ? sv('promises.doc.kind.action_plan') : sv('promises.doc.kind.follow_up')), [d, kind]);

  let body;
  if (!d) {
    if (doc.loading) body = <p role="status">{sv('common.loading')}</p>;
    else {
      const status = doc.error instanceof HttpError ? doc.error.status : 0;
      body = (
        <>
          <h1>{status === 404 ? sv('promises.public.notFound') : sv('promises.public.title')}</h1>
          <p className="notice error" role="alert">
            {status === 404 ? sv('promises.public.notFoundText') : status === 429 ? sv('errors.rateLimited') : sv('errors.network')}
          </p>
        </>
      );
    }
  } else {
    body = (
      <article data-testid="public-document">
        <h1>{d.text.title}</h1>
        <p className="lead">
          {kindLabel} {d.year} · {d.collaboration.municipality}
        </p>
        <p className="muted small" data-testid="public-published">
          {sv('promises.public.published', { at: formatDate(d.publishedAt, 'sv'), version: d.version })} · {periodText(d.figures.period, d.figures.kind === 'action_plan')}
        </p>
        <p className="no-print">
          <button type="button" className="button secondary small" onClick={() => window.print()}>
            {sv('promises.public.print')}
          </button>
        </p>
        <div className="public-words" data-testid="public-words">
          {d.text.sections.map((s) =>
            s.level === 1 ? (
              <section key={s.key} aria-labelledby={`s-${s.key}`}>
                <h2 id={`s-${s.key}`}>{s.heading}</h2>
                {s.paragraphs.map((p, i) => (
                  <p key={i}>{p}</p>
                ))}
              </section>
            ) : (
              <div key={s.key} className="public-sub">
                <h3>{s.heading}</h3>
                {s.paragraphs.map((p, i) => (
                  <p key={i}>{p}</p>
                ))}
              </div>
            ),
          )}
        </div>
        <section aria-labelledby="figures-h" className="public-figures" data-testid="public-figures">
          <h2 id="figures-h">{d.figures.kind === 'follow_up' ? sv('promises.public.figuresTitle') : sv('promises.public.planFiguresTitle')}</h2>
          <p className="muted">{sv('promises.public.figuresNote')}</p>
          {d.figures.kind === 'follow_up' ? <FollowUpFigures f={d.figures} year={d.year} /> : <ActionPlanFigures f={d.figures} />}
        </section>
      </article>
    );
  }

  return (
    <div className="public-page">
      <header className="public-header">
        <p className="public-brand">
          <span className="brand-mark" aria-hidden="true" /> {d ? d.collaboration.name : sv('promises.public.brand')}
        </p>
        <p className="public-kind">{kindLabel}</p>
      </header>
      <main id="main" className="public-main">
        {body}
      </main>
      <footer className="public-footer">
        <p>{sv('promises.public.footer')}</p>
      </footer>
    </div>
  );
}
