import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import {
  COMMITMENT_TARGET_KINDS,
  EFFORT_TYPES,
  isCoordinatorRole,
  LIMITS,
  PROMISE_LIMITS,
  type Category,
  type CommitmentTargetKind,
  type CreatePromiseRequest,
  type EffortType,
  type PromiseResponse,
  type UpdatePromiseRequest,
} from '#contracts';
import { ChoiceList, ErrorSummary } from '../components/PromiseParts.js';
import { PrivacyTextarea } from '../components/PrivacyTextarea.js';
import { get, HttpError, patch, post } from '../lib/api.js';
import { useKnownCategories } from '../lib/categories.js';
import type { FormErrors } from '../lib/errors.js';
import { categoryLabel } from '../lib/i18n.js';
import { useAreas, useDocumentTitle, useOrganisations, useSession } from '../lib/hooks.js';
import { promiseErrors } from '../lib/promises.js';
import './promises.css';

interface CommitmentForm {
  uid: string;
  id?: string;
  text: string;
  ownerOrganisationId: string;
  effortTypes: EffortType[];
  areaIds: string[];
  categories: Category[];
  kind: CommitmentTargetKind;
  count: string;
  dueAt: string;
}
interface FocusAreaForm {
  uid: string;
  id?: string;
  title: string;
  text: string;
  commitments: CommitmentForm[];
}
interface PromiseForm {
  year: string;
  toYear: string;
  title: string;
  focusAreas: FocusAreaForm[];
}

const uid = () => crypto.randomUUID();
const emptyCommitment = (): CommitmentForm => ({ uid: uid(), text: '', ownerOrganisationId: '', effortTypes: [], areaIds: [], categories: [], kind: 'efforts', count: '', dueAt: '' });
const emptyFocusArea = (): FocusAreaForm => ({ uid: uid(), title: '', text: '', commitments: [emptyCommitment()] });
const NO_ERRORS: FormErrors = { fields: {}, general: [] };

function fromPromise(p: PromiseResponse): PromiseForm {
  return {
    year: String(p.year),
    toYear: p.toYear > p.year ? String(p.toYear) : '',
    title: p.title,
    focusAreas: p.focusAreas.map((f) => ({
      uid: f.id,
      id: f.id,
      title: f.title,
      text: f.text,
      commitments: f.commitments.map((c) => ({
        uid: c.id,
        id: c.id,
        text: c.text,
        ownerOrganisationId: c.owner.id,
        effortTypes: [...c.effortTypes],
        areaIds: c.areas.map((a) => a.id),
        categories: [...c.categories],
        kind: c.target.kind,
        count: c.target.count === null ? '' : String(c.target.count),
        dueAt: c.dueAt,
      })),
    })),
  };
}

const C_FIELDS = ['text', 'ownerOrganisationId', 'effortTypes', 'areaIds', 'categories', 'target', 'target.kind', 'target.count', 'dueAt', 'id'] as const;

/** Every field path the form shows, as the server names them, and the element each leads to. */
function fieldTargets(form: PromiseForm): Map<string, string> {
  const m = new Map<string, string>([['year', 'pf-year'], ['toYear', 'pf-toyear'], ['title', 'pf-title'], ['focusAreas', 'pf-add-focus']]);
  form.focusAreas.forEach((f, i) => {
    const fp = `focusAreas.${i}`;
    m.set(fp, `pf-f${i}-title`);
    m.set(`${fp}.id`, `pf-f${i}-title`);
    m.set(`${fp}.title`, `pf-f${i}-title`);
    m.set(`${fp}.text`, `pf-f${i}-text`);
    m.set(`${fp}.commitments`, `pf-f${i}-add`);
    f.commitments.forEach((_, j) => {
      const cp = `${fp}.commitments.${j}`;
      const ci = `pf-f${i}-c${j}`;
      m.set(cp, `${ci}-text`);
      const ids: Record<(typeof C_FIELDS)[number], string> = {
        text: `${ci}-text`, id: `${ci}-text`, ownerOrganisationId: `${ci}-owner`, effortTypes: `${ci}-types`, areaIds: `${ci}-areas`, categories: `${ci}-cats`,
        target: `${ci}-kind-efforts`, 'target.kind': `${ci}-kind-efforts`, 'target.count': `${ci}-count`, dueAt: `${ci}-due`,
      };
      for (const k of C_FIELDS) m.set(`${cp}.${k}`, ids[k]);
    });
  });
  return m;
}

const wholeNumber = (s: string) => /^\d+$/.test(s.trim());

/** The request, and the problems the server would refuse (in Swedish, by field). */
function check(form: PromiseForm, t: ReturnType<typeof useTranslation>['t']): FormErrors {
  const e: FormErrors = { fields: {}, general: [] };
  const year = Number(form.year);
  const yearOk = wholeNumber(form.year) && year >= PROMISE_LIMITS.yearMin && year <= PROMISE_LIMITS.yearMax;
  if (!yearOk) e.fields.year = t('promises.form.errors.year', { min: PROMISE_LIMITS.yearMin, max: PROMISE_LIMITS.yearMax });
  const toYear = form.toYear.trim() ? Number(form.toYear) : year;
  if (form.toYear.trim() && (!wholeNumber(form.toYear) || (yearOk && (toYear < year || toYear - year + 1 > PROMISE_LIMITS.spanYearsMax)))) {
    e.fields.toYear = t('promises.form.errors.toYear', { max: PROMISE_LIMITS.spanYearsMax });
  }
  if (!form.title.trim()) e.fields.title = t('promises.form.errors.title');
  else if (form.title.trim().length > LIMITS.name) e.fields.title = t('promises.form.errors.tooLong', { max: LIMITS.name });
  if (!form.focusAreas.length) e.fields.focusAreas = t('promises.form.errors.noFocusArea');
  form.focusAreas.forEach((f, i) => {
    const fp = `focusAreas.${i}`;
    if (!f.title.trim()) e.fields[`${fp}.title`] = t('promises.form.errors.focusTitle');
    else if (f.title.trim().length > LIMITS.name) e.fields[`${fp}.title`] = t('promises.form.errors.tooLong', { max: LIMITS.name });
    if (!f.text.trim()) e.fields[`${fp}.text`] = t('promises.form.errors.focusText');
    else if (f.text.length > LIMITS.text) e.fields[`${fp}.text`] = t('promises.form.errors.tooLong', { max: LIMITS.text });
    if (!f.commitments.length) e.fields[`${fp}.commitments`] = t('promises.form.errors.noCommitment');
    f.commitments.forEach((c, j) => {
      const cp = `${fp}.commitments.${j}`;
      if (!c.text.trim()) e.fields[`${cp}.text`] = t('promises.form.errors.commitmentText');
      else if (c.text.length > LIMITS.text) e.fields[`${cp}.text`] = t('promises.form.errors.tooLong', { max: LIMITS.text });
      if (!c.ownerOrganisationId) e.fields[`${cp}.ownerOrganisationId`] = t('promises.form.errors.owner');
      if (c.count.trim()) {
        if (!wholeNumber(c.count) || Number(c.count) > PROMISE_LIMITS.targetCountMax) e.fields[`${cp}.target.count`] = t('promises.form.errors.count', { max: PROMISE_LIMITS.targetCountMax });
      } else if (c.kind !== 'reports_trend') e.fields[`${cp}.target.count`] = t('promises.form.errors.countRequired');
      if (c.dueAt && yearOk && (c.dueAt < `${year}-01-01` || c.dueAt > `${toYear}-12-31`)) e.fields[`${cp}.dueAt`] = t('promises.form.errors.due', { from: year, to: toYear });
    });
  });
  return e;
}

function toRequest(form: PromiseForm): CreatePromiseRequest {
  return {
    year: Number(form.year),
    ...(form.toYear.trim() ? { toYear: Number(form.toYear) } : {}),
    title: form.title.trim(),
    focusAreas: form.focusAreas.map((f) => ({
      ...(f.id ? { id: f.id } : {}),
      title: f.title.trim(),
      text: f.text.trim(),
      commitments: f.commitments.map((c) => ({
        ...(c.id ? { id: c.id } : {}),
        text: c.text.trim(),
        ownerOrganisationId: c.ownerOrganisationId,
        effortTypes: c.effortTypes,
        areaIds: c.areaIds,
        categories: c.categories,
        target: { kind: c.kind, ...(c.count.trim() ? { count: Number(c.count) } : {}) },
        ...(c.dueAt ? { dueAt: c.dueAt } : {}),
      })),
    })),
  };
}

/** Nytt medborgarlöfte / Ändra löftet (coordinators): the promise, its focus areas and their commitments. */
export default function PromiseFormPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const navigate = useNavigate();
  const session = useSession()!;
  const organisations = useOrganisations();
  const areas = useAreas();
  // The collaboration's categories: its own too, and switched-off ones a commitment may still follow.
  const categories = useKnownCategories();
  const [form, setForm] = useState<PromiseForm>(() => ({ year: String(new Date().getFullYear()), toYear: '', title: '', focusAreas: [emptyFocusArea()] }));
  const [version, setVersion] = useState<number | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [conflict, setConflict] = useState(false);
  const [busy, setBusy] = useState(false);
  const [announce, setAnnounce] = useState('');
  const summaryRef = useRef<HTMLDivElement>(null);
  const idempotencyKey = useRef(crypto.randomUUID());
  const editing = !!id;
  useDocumentTitle(editing ? t('promises.form.editTitle') : t('promises.form.newTitle'));

  useEffect(() => {
    if (!id) return;
    let live = true;
    get<PromiseResponse>(`/api/promises/${id}`).then(
      (p) => {
        if (!live) return;
        setForm(fromPromise(p));
        setVersion(p.version);
      },
      (e) => live && setLoadError(e),
    );
    return () => {
      live = false;
    };
  }, [id]);

  if (!isCoordinatorRole(session.user.role)) {
    return (
      <div className="narrow">
        <h1>{t('promises.form.newTitle')}</h1>
        <p className="notice error" role="alert">{t('errors.forbidden')}</p>
      </div>
    );
  }
  if (editing && version === null) {
    if (!loadError) return <p role="status">{t('common.loading')}</p>;
    return (
      <div className="narrow">
        <h1>{t('promises.form.editTitle')}</h1>
        <p className="notice error" role="alert">{promiseErrors(loadError, t, []).general.join(' ')}</p>
        <p><Link to="/loften">← {t('promises.back')}</Link></p>
      </div>
    );
  }

  const targets = fieldTargets(form);
  const err = (path: string) => errors.fields[path];
  const fieldError = (path: string) => err(path) && <p className="field-error">{err(path)}</p>;
  const setF = (i: number, change: Partial<FocusAreaForm>) => setForm((s) => ({ ...s, focusAreas: s.focusAreas.map((f, k) => (k === i ? { ...f, ...change } : f)) }));
  const setC = (i: number, j: number, change: Partial<CommitmentForm>) =>
    setForm((s) => ({ ...s, focusAreas: s.focusAreas.map((f, k) => (k === i ? { ...f, commitments: f.commitments.map((c, l) => (l === j ? { ...c, ...change } : c)) } : f)) }));
  const focusLater = (elementId: string) => requestAnimationFrame(() => document.getElementById(elementId)?.focus());

  const showErrors = (e: FormErrors) => {
    setErrors(e);
    requestAnimationFrame(() => summaryRef.current?.focus());
  };

  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    const e = check(form, t);
    if (Object.keys(e.fields).length) return showErrors(e);
    setBusy(true);
    setErrors(NO_ERRORS);
    try {
      const body = toRequest(form);
      const saved = editing
        ? await patch<PromiseResponse>(`/api/promises/${id}`, { version: version ?? 0, ...body } satisfies UpdatePromiseRequest)
        : await post<PromiseResponse>('/api/promises', body, { idempotencyKey: idempotencyKey.current });
      idempotencyKey.current = crypto.randomUUID();
      navigate(`/loften/${saved.id}`);
    } catch (x) {
      if (editing && x instanceof HttpError && x.status === 409) {
        setConflict(true);
        showErrors({ fields: {}, general: [t('promises.form.conflict')] });
      } else showErrors(promiseErrors(x, t, [...targets.keys()]));
    } finally {
      setBusy(false);
    }
  };

  /** After a 409: the newest version's number (and ids), the form as typed; the next save writes over it. */
  const takeLatest = async () => {
    try {
      const p = await get<PromiseResponse>(`/api/promises/${id}`);
      setVersion(p.version);
      setConflict(false);
      setErrors(NO_ERRORS);
      setAnnounce(t('promises.form.conflictTaken', { version: p.version }));
    } catch (x) {
      showErrors(promiseErrors(x, t, []));
    }
  };

  const orgs = organisations.data ?? [];
  const years = (() => {
    const y = Number(form.year);
    const to = form.toYear.trim() ? Number(form.toYear) : y;
    return wholeNumber(form.year) ? { min: `${y}-01-01`, max: `${Number.isFinite(to) && to >= y ? to : y}-12-31` } : { min: undefined, max: undefined };
  })();

  return (
    <div className="narrow promise-form-page">
      <p>
        <Link to={editing ? `/loften/${id}` : '/loften'}>← {editing ? t('promises.backToPromise') : t('promises.back')}</Link>
      </p>
      <h1>{editing ? t('promises.form.editTitle') : t('promises.form.newTitle')}</h1>
      <p className="muted">{t('promises.form.intro')}</p>
      <form onSubmit={submit} noValidate className="stack" data-testid="promise-form">
        <ErrorSummary errors={errors} summaryRef={summaryRef} target={(f) => targets.get(f)} />
        {conflict && (
          <div className="notice warning" data-testid="promise-conflict">
            <p>{t('promises.form.conflictHelp')}</p>
            <button type="button" className="button small" onClick={() => void takeLatest()}>
              {t('promises.form.takeLatest')}
            </button>
          </div>
        )}
        <p className="visually-hidden" role="status">
          {announce}
        </p>
        <div className="field-row">
          <div className={`field${err('year') ? ' has-error' : ''}`}>
            <label htmlFor="pf-year">{t('promises.form.year')}</label>
            {fieldError('year')}
            <input id="pf-year" type="number" inputMode="numeric" min={PROMISE_LIMITS.yearMin} max={PROMISE_LIMITS.yearMax} value={form.year} onChange={(e) => setForm((s) => ({ ...s, year: e.target.value }))} aria-invalid={!!err('year') || undefined} />
          </div>
          <div className={`field${err('toYear') ? ' has-error' : ''}`}>
            <label htmlFor="pf-toyear">{t('promises.form.toYear')}</label>
            <p className="hint" id="pf-toyear-hint">{t('promises.form.toYearHint', { max: PROMISE_LIMITS.spanYearsMax })}</p>
            {fieldError('toYear')}
            <input id="pf-toyear" type="number" inputMode="numeric" aria-describedby="pf-toyear-hint" min={PROMISE_LIMITS.yearMin} max={PROMISE_LIMITS.yearMax} value={form.toYear} onChange={(e) => setForm((s) => ({ ...s, toYear: e.target.value }))} aria-invalid={!!err('toYear') || undefined} />
          </div>
        </div>
        <PrivacyTextarea id="pf-title" singleLine maxLength={LIMITS.name} label={t('promises.form.title')} hint={t('promises.form.titleHint')} value={form.title} onChange={(v) => setForm((s) => ({ ...s, title: v }))} serverError={err('title') || null} required />

        {form.focusAreas.map((f, i) => (
          <fieldset key={f.uid} className="card focus-fieldset" data-testid="focus-fieldset">
            <legend>{t('promises.focusN', { n: i + 1 })}</legend>
            {fieldError(`focusAreas.${i}`)}
            <PrivacyTextarea id={`pf-f${i}-title`} singleLine maxLength={LIMITS.name} label={t('promises.form.focusTitle')} value={f.title} onChange={(v) => setF(i, { title: v })} serverError={err(`focusAreas.${i}.title`) || err(`focusAreas.${i}.id`) || null} required />
            <PrivacyTextarea id={`pf-f${i}-text`} rows={3} label={t('promises.form.focusText')} hint={t('promises.form.focusTextHint')} value={f.text} onChange={(v) => setF(i, { text: v })} serverError={err(`focusAreas.${i}.text`) || null} required />

            {f.commitments.map((c, j) => {
              const cp = `focusAreas.${i}.commitments.${j}`;
              const ci = `pf-f${i}-c${j}`;
              const countLabel = t(`promises.form.count.${c.kind}`);
              return (
                <fieldset key={c.uid} className="nested commitment-fieldset" data-testid="commitment-fieldset">
                  <legend>{t('promises.commitmentN', { n: `${i + 1}.${j + 1}` })}</legend>
                  {fieldError(cp)}
                  <PrivacyTextarea id={`${ci}-text`} rows={2} label={t('promises.form.commitmentText')} hint={t('promises.form.commitmentTextHint')} value={c.text} onChange={(v) => setC(i, j, { text: v })} serverError={err(`${cp}.text`) || err(`${cp}.id`) || null} required />
                  <div className={`field${err(`${cp}.ownerOrganisationId`) ? ' has-error' : ''}`}>
                    <label htmlFor={`${ci}-owner`}>{t('promises.owner')}</label>
                    {fieldError(`${cp}.ownerOrganisationId`)}
                    <select id={`${ci}-owner`} value={c.ownerOrganisationId} onChange={(e) => setC(i, j, { ownerOrganisationId: e.target.value })} aria-invalid={!!err(`${cp}.ownerOrganisationId`) || undefined}>
                      <option value="">{t('promises.form.chooseOwner')}</option>
                      {orgs.map((o) => (
                        <option key={o.id} value={o.id}>
                          {o.name}
                        </option>
                      ))}
                    </select>
                  </div>
                  <fieldset className={`field${err(`${cp}.target`) || err(`${cp}.target.kind`) ? ' has-error' : ''}`}>
                    <legend>{t('promises.form.targetKind')}</legend>
                    {fieldError(`${cp}.target`)}
                    {fieldError(`${cp}.target.kind`)}
                    {COMMITMENT_TARGET_KINDS.map((k) => (
                      <label key={k} className="radio">
                        <input id={`${ci}-kind-${k}`} type="radio" name={`${ci}-kind`} value={k} checked={c.kind === k} onChange={() => setC(i, j, { kind: k })} />
                        {t(`promises.form.kind.${k}`)}
                      </label>
                    ))}
                  </fieldset>
                  <div className="field-row">
                    <div className={`field${err(`${cp}.target.count`) ? ' has-error' : ''}`}>
                      <label htmlFor={`${ci}-count`}>{countLabel}</label>
                      {fieldError(`${cp}.target.count`)}
                      <input id={`${ci}-count`} type="number" inputMode="numeric" min={0} max={PROMISE_LIMITS.targetCountMax} value={c.count} onChange={(e) => setC(i, j, { count: e.target.value })} aria-invalid={!!err(`${cp}.target.count`) || undefined} />
                    </div>
                    <div className={`field${err(`${cp}.dueAt`) ? ' has-error' : ''}`}>
                      <label htmlFor={`${ci}-due`}>{t('promises.form.due')}</label>
                      <p className="hint" id={`${ci}-due-hint`}>{t('promises.form.dueHint')}</p>
                      {fieldError(`${cp}.dueAt`)}
                      <input id={`${ci}-due`} type="date" aria-describedby={`${ci}-due-hint`} min={years.min} max={years.max} value={c.dueAt} onChange={(e) => setC(i, j, { dueAt: e.target.value })} aria-invalid={!!err(`${cp}.dueAt`) || undefined} />
                    </div>
                  </div>
                  <ChoiceList
                    id={`${ci}-types`}
                    legend={t('promises.form.effortTypes')}
                    allLabel={t('promises.allEffortTypes')}
                    options={EFFORT_TYPES.map((x) => ({ value: x, label: t(`effortType.${x}`) }))}
                    value={c.effortTypes}
                    onChange={(v) => setC(i, j, { effortTypes: v })}
                    error={err(`${cp}.effortTypes`)}
                  />
                  <ChoiceList
                    id={`${ci}-areas`}
                    legend={t('promises.form.areas')}
                    allLabel={t('promises.wholeMunicipality')}
                    options={(areas.data ?? []).map((a) => ({ value: a.id, label: a.name }))}
                    value={c.areaIds}
                    onChange={(v) => setC(i, j, { areaIds: v })}
                    error={err(`${cp}.areaIds`)}
                  />
                  <ChoiceList
                    id={`${ci}-cats`}
                    legend={t('promises.form.categories')}
                    hint={t('promises.form.categoriesHint')}
                    allLabel={t('promises.allCategories')}
                    options={categories.map((x) => ({ value: x.code, label: categoryLabel(x.code) }))}
                    value={c.categories}
                    onChange={(v) => setC(i, j, { categories: v })}
                    error={err(`${cp}.categories`)}
                  />
                  {f.commitments.length > 1 && (
                    <button
                      type="button"
                      className="button secondary small"
                      onClick={() => {
                        setF(i, { commitments: f.commitments.filter((_, l) => l !== j) });
                        setErrors(NO_ERRORS);
                        focusLater(`pf-f${i}-add`);
                      }}
                    >
                      {t('promises.form.removeCommitment', { n: `${i + 1}.${j + 1}` })}
                    </button>
                  )}
                </fieldset>
              );
            })}
            {fieldError(`focusAreas.${i}.commitments`)}
            <div className="actions">
              <button
                id={`pf-f${i}-add`}
                type="button"
                className="button secondary small"
                disabled={f.commitments.length >= PROMISE_LIMITS.commitmentsPerFocusAreaMax}
                onClick={() => {
                  setF(i, { commitments: [...f.commitments, emptyCommitment()] });
                  focusLater(`pf-f${i}-c${f.commitments.length}-text`);
                }}
                data-testid="add-commitment"
              >
                {t('promises.form.addCommitment')}
              </button>
              {form.focusAreas.length > 1 && (
                <button
                  type="button"
                  className="button secondary small"
                  onClick={() => {
                    setForm((s) => ({ ...s, focusAreas: s.focusAreas.filter((_, k) => k !== i) }));
                    setErrors(NO_ERRORS);
                    focusLater('pf-add-focus');
                  }}
                >
                  {t('promises.form.removeFocus', { n: i + 1 })}
                </button>
              )}
            </div>
          </fieldset>
        ))}
        {fieldError('focusAreas')}
        <div className="actions">
          <button
            id="pf-add-focus"
            type="button"
            className="button secondary"
            disabled={form.focusAreas.length >= PROMISE_LIMITS.focusAreasMax}
            onClick={() => {
              setForm((s) => ({ ...s, focusAreas: [...s.focusAreas, emptyFocusArea()] }));
              focusLater(`pf-f${form.focusAreas.length}-title`);
            }}
            data-testid="add-focus-area"
          >
            {t('promises.form.addFocus')}
          </button>
        </div>
        <div className="actions form-submit">
          <button type="submit" className="button" disabled={busy} data-testid="save-promise">
            {busy ? t('promises.form.saving') : editing ? t('promises.form.saveChanges') : t('promises.form.create')}
          </button>
          <Link to={editing ? `/loften/${id}` : '/loften'} className="button secondary">
            {t('common.cancel')}
          </Link>
        </div>
      </form>
    </div>
  );
}
