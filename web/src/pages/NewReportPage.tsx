import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { Link, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { DEFAULT_SEVERITY, LIMITS, VISIBILITIES, type LatLng, type ReportResponse } from '#contracts';
import { MapView } from '../components/MapView.js';
import { PrivacyTextarea } from '../components/PrivacyTextarea.js';
import { SeveritySelect } from '../components/SeveritySelect.js';
import { formErrors, type FormErrors } from '../lib/errors.js';
import { useActiveCategories } from '../lib/categories.js';
import { categoryLabel } from '../lib/i18n.js';
import { nameOfPoint } from '../lib/map-geo.js';
import { useAreas, useDocumentTitle, useOrganisations, useOutbox, useOutboxDraft, usePlaces, useSession } from '../lib/hooks.js';
import { submitWrite } from '../lib/outbox.js';
import { reportWrite, type ReportDraft } from '../lib/outbox-kinds.js';
import { OutboxList } from '../components/OutboxList.js';

const pad = (n: number) => String(n).padStart(2, '0');
/** A Date as the value of <input type="datetime-local"> in local time. */
function localInput(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

type Outcome = { kind: 'sent'; report: ReportResponse } | { kind: 'waiting' } | null;

export default function NewReportPage() {
  const { t } = useTranslation();
  const session = useSession()!;
  const location = useLocation();
  const places = usePlaces();
  const areas = useAreas();
  const organisations = useOrganisations();
  const outbox = useOutbox();
  useDocumentTitle(t('newReport.title'));

  const [placeMode, setPlaceMode] = useState<'list' | 'map'>('list');
  const [placeId, setPlaceId] = useState('');
  const [point, setPoint] = useState<LatLng | null>(null);
  const [category, setCategory] = useState('');
  const [severity, setSeverity] = useState(DEFAULT_SEVERITY);
  const [visibility, setVisibility] = useState<string>('partners');
  const [sharedWith, setSharedWith] = useState<string[]>([]);
  const [observedAt, setObservedAt] = useState(() => localInput(new Date()));
  const [description, setDescription] = useState('');
  const [errors, setErrors] = useState<FormErrors>({ fields: {}, general: [] });
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);
  // The server refused the point as outside the municipality: ask whether to send it anyway (confirmOutside).
  const [askOutside, setAskOutside] = useState(false);
  const categories = useActiveCategories();
  const outcomeRef = useRef<HTMLDivElement>(null);
  const summaryRef = useRef<HTMLDivElement>(null);

  // Correcting an observation the server refused: load it from the outbox.
  const { editing, done } = useOutboxDraft('report', (d, refusal) => {
    setCategory(d.category);
    setDescription(d.description);
    setObservedAt(localInput(new Date(d.observedAt)));
    setSeverity(d.severity ?? DEFAULT_SEVERITY);
    setVisibility(d.visibility ?? 'partners');
    setSharedWith(d.sharedWithOrganisationIds ?? []);
    if (d.placeId) {
      setPlaceMode('list');
      setPlaceId(d.placeId);
    } else if (d.location) {
      setPlaceMode('map');
      setPoint(d.location);
    }
    if (refusal?.code === 'LOCATION_OUTSIDE') setAskOutside(true);
    else if (refusal) setErrors(formErrors(refusal, t, ['description', 'category', 'observedAt', 'location', 'placeId']));
  });

  useEffect(() => {
    if (location.hash === '#utkorg') document.getElementById('utkorg')?.scrollIntoView();
  }, [location.hash]);

  const placesByArea = useMemo(() => {
    const groups = new Map<string, { name: string; places: typeof places.data }>();
    for (const p of places.data ?? []) {
      const key = p.area?.id ?? '';
      if (!groups.has(key)) groups.set(key, { name: p.area?.name ?? t('newReport.noArea'), places: [] });
      groups.get(key)!.places!.push(p);
    }
    return [...groups.values()].sort((a, b) => a.name.localeCompare(b.name, 'sv'));
  }, [places.data, t]);

  const otherOrgs = (organisations.data ?? []).filter((o) => o.id !== session.user.organisation.id);

  const reset = () => {
    setPlaceId('');
    setPoint(null);
    setCategory('');
    setSeverity(DEFAULT_SEVERITY);
    setVisibility('partners');
    setSharedWith([]);
    setObservedAt(localInput(new Date()));
    setDescription('');
    setAskOutside(false);
    done();
  };

  const validate = (): FormErrors => {
    const e: FormErrors = { fields: {}, general: [] };
    if (!category) e.fields.category = t('newReport.errors.category');
    if (placeMode === 'list' && !placeId) e.fields.place = t('newReport.errors.place');
    if (placeMode === 'map' && !point) e.fields.place = t('newReport.errors.point');
    if (!description.trim()) e.fields.description = t('newReport.errors.description');
    else if (description.length > LIMITS.text) e.fields.description = t('newReport.errors.tooLong', { max: LIMITS.text });
    const when = new Date(observedAt);
    if (Number.isNaN(when.getTime())) e.fields.observedAt = t('newReport.errors.observedAt');
    else if (when.getTime() > Date.now() + LIMITS.futureSlackMs) e.fields.observedAt = t('newReport.errors.future');
    if (visibility === 'organisations' && sharedWith.length === 0) e.fields.visibility = t('newReport.errors.sharedWith');
    return e;
  };

  const submit = async (ev: FormEvent | null, confirmOutside = false) => {
    ev?.preventDefault();
    setOutcome(null);
    setAskOutside(false);
    const v = validate();
    setErrors(v);
    if (Object.keys(v.fields).length || v.general.length) {
      requestAnimationFrame(() => summaryRef.current?.focus());
      return;
    }
    const draft: ReportDraft = {
      category,
      description: description.trim(),
      observedAt: new Date(observedAt).toISOString(),
      severity,
      visibility,
      ...(placeMode === 'list' ? { placeId } : { location: point! }),
      ...(visibility === 'organisations' ? { sharedWithOrganisationIds: sharedWith } : {}),
      ...(confirmOutside ? { confirmOutside: true } : {}),
    };
    setBusy(true);
    try {
      const result = await submitWrite(session.user.id, reportWrite(draft), { replaces: editing });
      if (result.outcome === 'sent') {
        if (result.sent.kind === 'report') setOutcome({ kind: 'sent', report: result.sent.response });
        reset();
      } else if (result.outcome === 'waiting') {
        setOutcome({ kind: 'waiting' });
        reset();
      } else if (result.error.code === 'LOCATION_OUTSIDE') {
        // Not an error the user made, perhaps: the point lies outside the municipality. Ask.
        setAskOutside(true);
        requestAnimationFrame(() => document.getElementById('outside-question')?.focus());
        return;
      } else {
        // Refused for good (e.g. personal data): back to the form with the server's answer next to the field.
        setErrors(formErrors(result.error, t, ['description', 'category', 'observedAt', 'severity', 'visibility']));
        requestAnimationFrame(() => summaryRef.current?.focus());
      }
    } finally {
      setBusy(false);
    }
    requestAnimationFrame(() => outcomeRef.current?.focus());
  };

  const errorList = [...Object.entries(errors.fields).map(([f, m]) => ({ f, m })), ...errors.general.map((m) => ({ f: '', m }))];
  const fieldTarget: Record<string, string> = { category: 'category', place: placeMode === 'list' ? 'place' : 'place-map', description: 'description', observedAt: 'observedAt', visibility: 'vis-partners' };

  // The picked point by its name (a place close by, the area it lies in), never as raw coordinates.
  const pointText = (p: LatLng) => {
    const { place, area } = nameOfPoint(p, areas.data ?? [], places.data ?? []);
    if (place && area) return t('mapTools.pointNear', { place: place.name, area: area.name });
    if (place) return t('mapTools.pointNearNoArea', { place: place.name });
    if (area) return t('mapTools.pointInArea', { area: area.name });
    return t('mapTools.pointOutside');
  };

  return (
    <div className="narrow">
      <h1>{t('newReport.title')}</h1>
      <p className="lead">{t('newReport.intro')}</p>

      <div ref={outcomeRef} tabIndex={-1} aria-live="polite" data-testid="post-outcome">
        {outcome?.kind === 'sent' && (
          <div className="notice success" role="status">
            <p>
              {t('newReport.sent', { category: categoryLabel(outcome.report.category) })}{' '}
              <Link to={`/rapporter/${outcome.report.id}`}>{t('newReport.showReport')}</Link>
            </p>
          </div>
        )}
        {outcome?.kind === 'waiting' && (
          <div className="notice warning" role="status">
            <p>{t('newReport.waiting')}</p>
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

      <form onSubmit={submit} noValidate className="stack" data-testid="report-form">
        <fieldset className={`field${errors.fields.place ? ' has-error' : ''}`}>
          <legend>{t('newReport.where')}</legend>
          <div className="segmented">
            <label className="radio">
              <input type="radio" name="placeMode" value="list" checked={placeMode === 'list'} onChange={() => setPlaceMode('list')} />
              {t('newReport.fromList')}
            </label>
            <label className="radio">
              <input type="radio" name="placeMode" value="map" checked={placeMode === 'map'} onChange={() => setPlaceMode('map')} />
              {t('newReport.onMap')}
            </label>
          </div>
          {errors.fields.place && <p className="field-error">{errors.fields.place}</p>}
          {placeMode === 'list' ? (
            <div className="field">
              <label htmlFor="place">{t('newReport.place')}</label>
              <select id="place" value={placeId} onChange={(e) => setPlaceId(e.target.value)} aria-invalid={!!errors.fields.place || undefined}>
                <option value="">{t('newReport.choosePlace')}</option>
                {placesByArea.map((g) => (
                  <optgroup key={g.name} label={g.name}>
                    {g.places!.map((p) => (
                      <option key={p.id} value={p.id}>
                        {p.name}
                      </option>
                    ))}
                  </optgroup>
                ))}
              </select>
            </div>
          ) : (
            <div id="place-map" tabIndex={-1}>
              <p className="hint">{t('newReport.mapHint')}</p>
              <p aria-live="polite" className="picked" data-testid="picked-point" data-lat={point?.lat} data-lng={point?.lng}>
                {point ? pointText(point) : t('newReport.noPoint')}
              </p>
            </div>
          )}
          <MapView
            className="pick-map"
            fitWhen={!places.loading}
            label={t('newReport.mapLabel')}
            areas={areas.data ?? []}
            places={places.data ?? []}
            picked={placeMode === 'map' ? point : null}
            selectedPlaceId={placeMode === 'list' ? placeId : undefined}
            onPick={(p) => {
              setPlaceMode('map');
              setPoint(p);
            }}
            onPickPlace={(id) => {
              setPlaceMode('list');
              setPlaceId(id);
            }}
          />
        </fieldset>

        <div className={`field${errors.fields.category ? ' has-error' : ''}`}>
          <label htmlFor="category">{t('newReport.category')}</label>
          {errors.fields.category && <p className="field-error">{errors.fields.category}</p>}
          <select id="category" value={category} onChange={(e) => setCategory(e.target.value)} aria-invalid={!!errors.fields.category || undefined}>
            <option value="">{t('newReport.chooseCategory')}</option>
            {categories.map((c) => (
              <option key={c.code} value={c.code}>
                {categoryLabel(c.code)}
              </option>
            ))}
          </select>
        </div>

        <SeveritySelect variant="radios" id="severity" label={t('newReport.severity')} hint={t('newReport.severityHint')} value={severity} onChange={setSeverity} />

        <fieldset className={`field${errors.fields.visibility ? ' has-error' : ''}`}>
          <legend>{t('newReport.visibility')}</legend>
          {errors.fields.visibility && <p className="field-error">{errors.fields.visibility}</p>}
          {VISIBILITIES.map((v) => (
            <label key={v} className="radio described">
              <input id={`vis-${v}`} type="radio" name="visibility" value={v} checked={visibility === v} onChange={() => setVisibility(v)} aria-describedby={`vis-${v}-desc`} />
              <span>
                <strong>{t(`visibility.${v}.short`)}</strong>
                <span id={`vis-${v}-desc`} className="hint">
                  {t(`visibility.${v}.long`)}
                </span>
              </span>
            </label>
          ))}
          {visibility === 'organisations' && (
            <fieldset className="nested">
              <legend>{t('newReport.sharedWith')}</legend>
              <div className="checkbox-grid">
                {otherOrgs.map((o) => (
                  <label key={o.id} className="checkbox">
                    <input
                      type="checkbox"
                      checked={sharedWith.includes(o.id)}
                      onChange={(e) => setSharedWith((s) => (e.target.checked ? [...s, o.id] : s.filter((x) => x !== o.id)))}
                    />
                    {o.name}
                  </label>
                ))}
              </div>
            </fieldset>
          )}
        </fieldset>

        <div className={`field${errors.fields.observedAt ? ' has-error' : ''}`}>
          <label htmlFor="observedAt">{t('newReport.observedAt')}</label>
          {errors.fields.observedAt && <p className="field-error">{errors.fields.observedAt}</p>}
          <input id="observedAt" type="datetime-local" value={observedAt} max={localInput(new Date())} onChange={(e) => setObservedAt(e.target.value)} />
        </div>

        <PrivacyTextarea
          id="description"
          label={t('newReport.description')}
          hint={t('newReport.descriptionHint')}
          value={description}
          onChange={(v) => {
            setDescription(v);
            if (errors.fields.description) setErrors((e) => ({ ...e, fields: { ...e.fields, description: '' } }));
          }}
          serverError={errors.fields.description || null}
          required
        />

        {askOutside && (
          <div className="notice warning" role="alert" id="outside-question" tabIndex={-1} data-testid="outside-question">
            <p>{t('manage.plausible.outsideQuestion')}</p>
            <p className="hint">{t('manage.plausible.outsideHint')}</p>
            <button type="button" className="button small" disabled={busy} onClick={() => void submit(null, true)} data-testid="send-outside">
              {t('manage.plausible.sendAnyway')}
            </button>{' '}
            <button type="button" className="button secondary small" onClick={() => { setAskOutside(false); document.getElementById('place-map')?.focus(); }}>
              {t('manage.plausible.changePlace')}
            </button>
          </div>
        )}

        <div className="actions">
          <button type="submit" className="button" disabled={busy} data-testid="submit-report">
            {busy ? t('newReport.sending') : t('newReport.submit')}
          </button>
          {editing && (
            <button type="button" className="button secondary" onClick={reset}>
              {t('common.cancel')}
            </button>
          )}
        </div>
      </form>

      <OutboxList items={outbox} />
    </div>
  );
}
