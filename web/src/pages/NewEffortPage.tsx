import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import {
  CONFIDENTIAL_EFFORT_TYPES,
  EFFORT_TYPES,
  isCoordinatorRole,
  LIMITS,
  OPEN_EFFORT_STATUSES,
  VISIBILITIES,
  type EffortMode,
  type EffortStatus,
  type EffortType,
  type ReportResponse,
} from '#contracts';
import { OutboxList } from '../components/OutboxList.js';
import { PrivacyTextarea } from '../components/PrivacyTextarea.js';
import { get } from '../lib/api.js';
import { followUpInstant, localDateInput, localDateTimeInput } from '../lib/efforts.js';
import { formErrors, type FormErrors } from '../lib/errors.js';
import { categoryLabel } from '../lib/i18n.js';
import { useAreas, useAsync, useDocumentTitle, useOrganisations, useOutbox, useOutboxDraft, usePlaces, useSession } from '../lib/hooks.js';
import { submitWrite } from '../lib/outbox.js';
import { effortWrite, type EffortDraft } from '../lib/outbox-kinds.js';

const NO_ERRORS: FormErrors = { fields: {}, general: [] };
const API_FIELDS = [
  'type', 'title', 'description', 'mode', 'organisationIds', 'ownerOrganisationId', 'reportIds', 'placeIds', 'areaIds',
  'plannedStart', 'plannedEnd', 'followUpAt', 'status', 'visibility', 'sharedWithOrganisationIds',
];
/** The statuses an effort may be recorded with: planned, already under way, or done (recorded afterwards). */
const CREATE_STATUSES: EffortStatus[] = ['planned', 'ongoing', 'done'];

/** The names of the chosen areas or places, in the order of the list. */
const namesOf = (ids: string[], list: { id: string; name: string }[] | undefined) => (list ?? []).filter((x) => ids.includes(x.id)).map((x) => x.name).join(', ');

const isConfidential = (type: string) => CONFIDENTIAL_EFFORT_TYPES.includes(type as EffortType);

export default function NewEffortPage() {
  const { t } = useTranslation();
  const session = useSession()!;
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const reportId = params.get('rapport') ?? '';
  const organisations = useOrganisations();
  const areas = useAreas();
  const places = usePlaces();
  const outbox = useOutbox();
  const report = useAsync(() => (reportId ? get<ReportResponse>(`/api/reports/${reportId}`) : Promise.resolve(null)), [reportId]);
  const ownOrg = session.user.organisation.id;
  const isCoordinator = isCoordinatorRole(session.user.role);
  useDocumentTitle(t('newEffort.title'));

  const [type, setType] = useState('');
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [mode, setMode] = useState<EffortMode>('separate');
  const [orgIds, setOrgIds] = useState<string[]>([ownOrg]);
  const [owner, setOwner] = useState('');
  const [areaIds, setAreaIds] = useState<string[]>([]);
  const [placeIds, setPlaceIds] = useState<string[]>([]);
  const [plannedStart, setPlannedStart] = useState(() => localDateTimeInput(new Date()));
  const [plannedEnd, setPlannedEnd] = useState('');
  const [followUp, setFollowUp] = useState('');
  const [status, setStatus] = useState<EffortStatus>('planned');
  const [visibility, setVisibility] = useState<string>('partners');
  const [sharedWith, setSharedWith] = useState<string[]>([]);
  const [linkReport, setLinkReport] = useState(true);
  const [whereOpen, setWhereOpen] = useState(false);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);
  const [waiting, setWaiting] = useState(false);
  const summaryRef = useRef<HTMLDivElement>(null);
  const outcomeRef = useRef<HTMLDivElement>(null);
  const prefilled = useRef(false);

  // From a report: take up its place and area unless the user chose some already.
  useEffect(() => {
    const r = report.data;
    if (!r || prefilled.current) return;
    prefilled.current = true;
    if (r.area) setAreaIds((a) => (a.length ? a : [r.area!.id]));
    if (r.place) setPlaceIds((p) => (p.length ? p : [r.place!.id]));
  }, [report.data]);

  // Correcting an effort the server refused: load it from the outbox.
  const { editing, done } = useOutboxDraft('effort', (d, refusal) => {
    setType(d.type);
    setTitle(d.title);
    setDescription(d.description ?? '');
    setMode(d.mode);
    setOrgIds(d.organisationIds);
    setOwner(d.ownerOrganisationId ?? '');
    setAreaIds(d.areaIds ?? []);
    setPlaceIds(d.placeIds ?? []);
    setPlannedStart(localDateTimeInput(new Date(d.plannedStart)));
    setPlannedEnd(d.plannedEnd ? localDateTimeInput(new Date(d.plannedEnd)) : '');
    setFollowUp(d.followUpAt ? localDateInput(new Date(d.followUpAt)) : '');
    setStatus((d.status as EffortStatus) ?? 'planned');
    setVisibility(d.visibility ?? 'partners');
    setSharedWith(d.sharedWithOrganisationIds ?? []);
    if (refusal) setErrors(formErrors(refusal, t, API_FIELDS));
  });

  const orgs = organisations.data ?? [];
  const effectiveOwner = orgIds.includes(owner) ? owner : orgIds.includes(ownOrg) ? ownOrg : orgIds[0] ?? '';
  // A drug operation or a dog search stays with its own organisations until it is over.
  const lockedOwn = isConfidential(type) && OPEN_EFFORT_STATUSES.includes(status);
  const otherOrgs = orgs.filter((o) => !orgIds.includes(o.id));

  const chooseType = (next: string) => {
    if (isConfidential(next)) setVisibility('own');
    else if (isConfidential(type)) setVisibility('partners');
    setType(next);
  };
  const chooseMode = (next: EffortMode) => {
    setMode(next);
    if (next === 'separate' && orgIds.length !== 1) setOrgIds(orgIds.includes(ownOrg) || !orgIds.length ? [ownOrg] : orgIds.slice(0, 1));
  };
  const clearField = (...fields: string[]) => {
    if (fields.some((f) => errors.fields[f])) setErrors((e) => ({ ...e, fields: Object.fromEntries(Object.entries(e.fields).filter(([k]) => !fields.includes(k))) }));
  };

  const placesByArea = useMemo(() => {
    const groups = new Map<string, { name: string; places: NonNullable<typeof places.data> }>();
    for (const p of places.data ?? []) {
      const key = p.area?.id ?? '';
      if (!groups.has(key)) groups.set(key, { name: p.area?.name ?? t('newReport.noArea'), places: [] });
      groups.get(key)!.places.push(p);
    }
    return [...groups.values()].sort((a, b) => a.name.localeCompare(b.name, 'sv'));
  }, [places.data, t]);

  const validate = (): FormErrors => {
    const e: FormErrors = { fields: {}, general: [] };
    if (!type) e.fields.type = t('newEffort.errors.type');
    if (!title.trim()) e.fields.title = t('newEffort.errors.title');
    else if (title.trim().length > LIMITS.name) e.fields.title = t('newEffort.errors.titleTooLong', { max: LIMITS.name });
    if (description.length > LIMITS.text) e.fields.description = t('newEffort.errors.descriptionTooLong', { max: LIMITS.text });
    if (mode === 'separate' && orgIds.length !== 1) e.fields.organisationIds = t('newEffort.errors.separate');
    else if (mode === 'joint' && orgIds.length < 2) e.fields.organisationIds = t('newEffort.errors.joint');
    else if (!isCoordinator && !orgIds.includes(ownOrg)) e.fields.organisationIds = t('newEffort.errors.ownOrg');
    const start = new Date(plannedStart);
    if (!plannedStart || Number.isNaN(start.getTime())) e.fields.plannedStart = t('newEffort.errors.plannedStart');
    if (plannedEnd) {
      const end = new Date(plannedEnd);
      if (Number.isNaN(end.getTime()) || (!Number.isNaN(start.getTime()) && end < start)) e.fields.plannedEnd = t('newEffort.errors.plannedEnd');
    }
    if (followUp && !followUpInstant(followUp)) e.fields.followUpAt = t('newEffort.errors.followUpAt');
    if (visibility === 'organisations' && sharedWith.filter((id) => !orgIds.includes(id)).length === 0) e.fields.sharedWithOrganisationIds = t('newEffort.errors.sharedWith');
    return e;
  };

  const reset = () => {
    setType('');
    setTitle('');
    setDescription('');
    setMode('separate');
    setOrgIds([ownOrg]);
    setOwner('');
    setAreaIds([]);
    setPlaceIds([]);
    setPlannedStart(localDateTimeInput(new Date()));
    setPlannedEnd('');
    setFollowUp('');
    setStatus('planned');
    setVisibility('partners');
    setSharedWith([]);
    done();
  };

  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    setWaiting(false);
    const v = validate();
    setErrors(v);
    if (Object.keys(v.fields).length || v.general.length) {
      requestAnimationFrame(() => summaryRef.current?.focus());
      return;
    }
    const vis = lockedOwn ? 'own' : visibility;
    const draft: EffortDraft = {
      type,
      title: title.trim(),
      ...(description.trim() ? { description: description.trim() } : {}),
      mode,
      organisationIds: orgIds,
      ...(mode === 'joint' ? { ownerOrganisationId: effectiveOwner } : {}),
      ...(reportId && linkReport && report.data ? { reportIds: [reportId] } : {}),
      ...(areaIds.length ? { areaIds } : {}),
      ...(placeIds.length ? { placeIds } : {}),
      plannedStart: new Date(plannedStart).toISOString(),
      ...(plannedEnd ? { plannedEnd: new Date(plannedEnd).toISOString() } : {}),
      ...(followUp ? { followUpAt: followUpInstant(followUp)! } : {}),
      status,
      visibility: vis,
      ...(vis === 'organisations' ? { sharedWithOrganisationIds: sharedWith.filter((id) => !orgIds.includes(id)) } : {}),
    };
    setBusy(true);
    try {
      const result = await submitWrite(session.user.id, effortWrite(draft), { replaces: editing });
      if (result.outcome === 'sent') {
        if (result.sent.kind === 'effort') navigate(`/insatser/${result.sent.response.id}`, { state: { created: true } });
        return;
      }
      if (result.outcome === 'waiting') {
        setWaiting(true);
        reset();
        requestAnimationFrame(() => outcomeRef.current?.focus());
        return;
      }
      setErrors(formErrors(result.error, t, API_FIELDS));
      requestAnimationFrame(() => summaryRef.current?.focus());
    } finally {
      setBusy(false);
    }
  };

  const errorList = [...Object.entries(errors.fields).filter(([, m]) => m).map(([f, m]) => ({ f, m })), ...errors.general.map((m) => ({ f: '', m }))];
  const fieldTarget: Record<string, string> = {
    type: 'effort-type',
    title: 'effort-title',
    description: 'effort-description',
    mode: `mode-${mode}`,
    organisationIds: `org-${orgs[0]?.id ?? ''}`,
    ownerOrganisationId: 'effort-owner',
    reportIds: 'link-report',
    areaIds: 'effort-where',
    placeIds: 'effort-where',
    plannedStart: 'plannedStart',
    plannedEnd: 'plannedEnd',
    followUpAt: 'followUpAt',
    status: 'effort-status',
    visibility: `evis-${lockedOwn ? 'own' : visibility}`,
    sharedWithOrganisationIds: 'evis-organisations',
  };
  const fieldError = (f: string) => errors.fields[f] && <p className="field-error">{errors.fields[f]}</p>;
  const toggle = (list: string[], id: string, on: boolean) => (on ? [...list.filter((x) => x !== id), id] : list.filter((x) => x !== id));

  return (
    <div className="narrow">
      <p>
        <Link to="/insatser">← {t('effort.back')}</Link>
      </p>
      <h1>{t('newEffort.title')}</h1>
      <p className="lead">{t('newEffort.intro')}</p>

      <div ref={outcomeRef} tabIndex={-1} aria-live="polite" data-testid="effort-outcome">
        {waiting && (
          <div className="notice warning" role="status">
            <p>{t('newEffort.waiting')}</p>
          </div>
        )}
      </div>

      {errorList.length > 0 && (
        <div className="notice error" ref={summaryRef} tabIndex={-1} role="alert" data-testid="error-summary">
          <h2 className="h3">{t('errors.summary')}</h2>
          <ul>
            {errorList.map(({ f, m }, i) => (
              <li key={i}>{f && fieldTarget[f] ? <a href={`#${fieldTarget[f]}`}>{m}</a> : m}</li>
            ))}
          </ul>
        </div>
      )}

      <form onSubmit={submit} noValidate className="stack" data-testid="effort-form">
        {reportId && report.data && (
          <div className={`notice${errors.fields.reportIds ? ' error' : ' info'}`}>
            <p>
              {t('newEffort.fromReport')}:{' '}
              <Link to={`/rapporter/${report.data.id}`}>
                {categoryLabel(report.data.category)}
                {report.data.place ? ` – ${report.data.place.name}` : ''}
              </Link>
            </p>
            {fieldError('reportIds')}
            <label className="checkbox">
              <input id="link-report" type="checkbox" checked={!linkReport} onChange={(e) => setLinkReport(!e.target.checked)} />
              {t('newEffort.dontLink')}
            </label>
          </div>
        )}

        <div className={`field${errors.fields.type ? ' has-error' : ''}`}>
          <label htmlFor="effort-type">{t('newEffort.type')}</label>
          {fieldError('type')}
          <select id="effort-type" value={type} onChange={(e) => { chooseType(e.target.value); clearField('type', 'visibility'); }} aria-invalid={!!errors.fields.type || undefined}>
            <option value="">{t('newEffort.chooseType')}</option>
            {EFFORT_TYPES.map((ty) => (
              <option key={ty} value={ty}>
                {t(`effortType.${ty}`)}
              </option>
            ))}
          </select>
        </div>

        <PrivacyTextarea
          id="effort-title"
          singleLine
          maxLength={LIMITS.name}
          label={t('newEffort.titleLabel')}
          hint={t('newEffort.titleHint')}
          value={title}
          onChange={(v) => {
            setTitle(v);
            clearField('title');
          }}
          serverError={errors.fields.title || null}
          required
        />

        <PrivacyTextarea
          id="effort-description"
          rows={3}
          label={t('newEffort.description')}
          hint={t('newEffort.descriptionHint')}
          value={description}
          onChange={(v) => {
            setDescription(v);
            clearField('description');
          }}
          serverError={errors.fields.description || null}
        />

        <fieldset className="field">
          <legend>{t('newEffort.mode')}</legend>
          {(['separate', 'joint'] as const).map((m) => (
            <label key={m} className="radio described">
              <input id={`mode-${m}`} type="radio" name="mode" value={m} checked={mode === m} onChange={() => { chooseMode(m); clearField('organisationIds'); }} aria-describedby={`mode-${m}-desc`} />
              <span>
                <strong>{t(`effortMode.${m}.short`)}</strong>
                <span id={`mode-${m}-desc`} className="hint">
                  {t(`effortMode.${m}.long`)}
                </span>
              </span>
            </label>
          ))}
        </fieldset>

        <fieldset className={`field${errors.fields.organisationIds ? ' has-error' : ''}`} data-testid="effort-organisations">
          <legend>{mode === 'joint' ? t('newEffort.organisations') : t('newEffort.organisation')}</legend>
          {mode === 'joint' && <p className="hint">{t('newEffort.organisationsHint')}</p>}
          {!isCoordinator && <p className="hint">{t('newEffort.memberOwnOrg')}</p>}
          {fieldError('organisationIds')}
          <div className="checkbox-grid">
            {orgs.map((o) =>
              mode === 'joint' ? (
                <label key={o.id} className="checkbox">
                  <input id={`org-${o.id}`} type="checkbox" checked={orgIds.includes(o.id)} onChange={(e) => { setOrgIds((s) => toggle(s, o.id, e.target.checked)); clearField('organisationIds'); }} />
                  {o.name}
                </label>
              ) : (
                <label key={o.id} className="radio">
                  <input id={`org-${o.id}`} type="radio" name="organisation" checked={orgIds.length === 1 && orgIds[0] === o.id} onChange={() => { setOrgIds([o.id]); clearField('organisationIds'); }} />
                  {o.name}
                </label>
              ),
            )}
          </div>
        </fieldset>

        {mode === 'joint' && orgIds.length > 1 && (
          <div className={`field${errors.fields.ownerOrganisationId ? ' has-error' : ''}`}>
            <label htmlFor="effort-owner">{t('newEffort.owner')}</label>
            <p className="hint" id="effort-owner-hint">
              {t('newEffort.ownerHint')}
            </p>
            {fieldError('ownerOrganisationId')}
            <select id="effort-owner" value={effectiveOwner} onChange={(e) => setOwner(e.target.value)} aria-describedby="effort-owner-hint">
              {orgs
                .filter((o) => orgIds.includes(o.id))
                .map((o) => (
                  <option key={o.id} value={o.id}>
                    {o.name}
                  </option>
                ))}
            </select>
          </div>
        )}

        <fieldset className={`field${errors.fields.areaIds || errors.fields.placeIds ? ' has-error' : ''}`}>
          <legend>{t('newEffort.where')}</legend>
          {fieldError('areaIds')}
          {fieldError('placeIds')}
          <details className="category-filter where-picker" id="effort-where" open={whereOpen} onToggle={(e) => setWhereOpen((e.target as HTMLDetailsElement).open)}>
            <summary>
              <span>
                {t('newEffort.areas')}: {namesOf(areaIds, areas.data) || t('newEffort.noneChosen')}
                <br />
                {t('newEffort.places')}: {namesOf(placeIds, places.data) || t('newEffort.noneChosen')}
              </span>
            </summary>
            <fieldset className="nested">
              <legend>{t('newEffort.areas')}</legend>
              <div className="checkbox-grid">
                {(areas.data ?? []).map((a) => (
                  <label key={a.id} className="checkbox">
                    <input type="checkbox" checked={areaIds.includes(a.id)} onChange={(e) => setAreaIds((s) => toggle(s, a.id, e.target.checked))} />
                    {a.name}
                  </label>
                ))}
              </div>
            </fieldset>
            <fieldset className="nested">
              <legend>{t('newEffort.places')}</legend>
              {placesByArea.map((g) => (
                <div key={g.name} className="place-group">
                  <p className="hint">{g.name}</p>
                  <div className="checkbox-grid">
                    {g.places.map((p) => (
                      <label key={p.id} className="checkbox">
                        <input type="checkbox" checked={placeIds.includes(p.id)} onChange={(e) => setPlaceIds((s) => toggle(s, p.id, e.target.checked))} />
                        {p.name}
                      </label>
                    ))}
                  </div>
                </div>
              ))}
            </fieldset>
          </details>
        </fieldset>

        <fieldset className="field">
          <legend>{t('newEffort.when')}</legend>
          <div className="field-row">
            <div className={`field${errors.fields.plannedStart ? ' has-error' : ''}`}>
              <label htmlFor="plannedStart">{t('newEffort.plannedStart')}</label>
              {fieldError('plannedStart')}
              <input id="plannedStart" type="datetime-local" required value={plannedStart} onChange={(e) => { setPlannedStart(e.target.value); clearField('plannedStart'); }} />
            </div>
            <div className={`field${errors.fields.plannedEnd ? ' has-error' : ''}`}>
              <label htmlFor="plannedEnd">{t('newEffort.plannedEnd')}</label>
              {fieldError('plannedEnd')}
              <input id="plannedEnd" type="datetime-local" value={plannedEnd} min={plannedStart || undefined} onChange={(e) => { setPlannedEnd(e.target.value); clearField('plannedEnd'); }} />
            </div>
          </div>
          <div className={`field${errors.fields.followUpAt ? ' has-error' : ''}`}>
            <label htmlFor="followUpAt">{t('newEffort.followUpAt')}</label>
            <p className="hint" id="followUpAt-hint">
              {t('newEffort.followUpHint')}
            </p>
            {fieldError('followUpAt')}
            <input id="followUpAt" type="date" value={followUp} aria-describedby="followUpAt-hint" onChange={(e) => { setFollowUp(e.target.value); clearField('followUpAt'); }} />
          </div>
        </fieldset>

        <div className={`field${errors.fields.status ? ' has-error' : ''}`}>
          <label htmlFor="effort-status">{t('newEffort.status')}</label>
          {fieldError('status')}
          <select id="effort-status" value={status} onChange={(e) => { setStatus(e.target.value as EffortStatus); clearField('visibility'); }}>
            {CREATE_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`effortStatus.${s}`)}
              </option>
            ))}
          </select>
        </div>

        <fieldset className={`field${errors.fields.visibility || errors.fields.sharedWithOrganisationIds ? ' has-error' : ''}`}>
          <legend>{t('newEffort.visibility')}</legend>
          {lockedOwn && (
            <p className="notice info" id="confidential-note" data-testid="confidential-note">
              {t('newEffort.confidential')}
            </p>
          )}
          {fieldError('visibility')}
          {fieldError('sharedWithOrganisationIds')}
          {VISIBILITIES.map((v) => (
            <label key={v} className={`radio described${lockedOwn && v !== 'own' ? ' disabled' : ''}`}>
              <input
                id={`evis-${v}`}
                type="radio"
                name="effort-visibility"
                value={v}
                checked={(lockedOwn ? 'own' : visibility) === v}
                disabled={lockedOwn && v !== 'own'}
                onChange={() => { setVisibility(v); clearField('visibility', 'sharedWithOrganisationIds'); }}
                aria-describedby={[`evis-${v}-desc`, lockedOwn ? 'confidential-note' : ''].filter(Boolean).join(' ')}
              />
              <span>
                <strong>{t(`effortVisibility.${v}.short`)}</strong>
                <span id={`evis-${v}-desc`} className="hint">
                  {t(`effortVisibility.${v}.long`)}
                </span>
              </span>
            </label>
          ))}
          {!lockedOwn && visibility === 'organisations' && (
            <fieldset className="nested">
              <legend>{t('newEffort.sharedWith')}</legend>
              <div className="checkbox-grid">
                {otherOrgs.map((o) => (
                  <label key={o.id} className="checkbox">
                    <input type="checkbox" checked={sharedWith.includes(o.id)} onChange={(e) => { setSharedWith((s) => toggle(s, o.id, e.target.checked)); clearField('sharedWithOrganisationIds'); }} />
                    {o.name}
                  </label>
                ))}
              </div>
            </fieldset>
          )}
        </fieldset>

        <div className="actions">
          <button type="submit" className="button" disabled={busy} data-testid="submit-effort">
            {busy ? t('newEffort.sending') : t('newEffort.submit')}
          </button>
          {editing && (
            <button type="button" className="button secondary" onClick={reset}>
              {t('common.cancel')}
            </button>
          )}
        </div>
      </form>

      <OutboxList items={outbox.filter((i) => i.kind === 'effort')} />
    </div>
  );
}
