import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { isCoordinatorRole, type AreaResponse, type GeoJsonPolygon, type LatLng, type PlaceResponse } from '#contracts';
import L from '../lib/leaflet-global.js';
import '@geoman-io/leaflet-geoman-free';
import '@geoman-io/leaflet-geoman-free/dist/leaflet-geoman.css';
import { ConfirmInline } from '../components/ConfirmInline.js';
import { LiveNotice, type NoticeMessage } from '../components/LiveNotice.js';
import { del, getAll, HttpError, patch, post } from '../lib/api.js';
import { clientConfig } from '../lib/config.js';
import { codedMessage, formErrors } from '../lib/errors.js';
import { useAsync, useDocumentTitle, useSession } from '../lib/hooks.js';
import { ManageHeading, OnlyFor } from './ManagePage.js';
import './manage.css';

/** What the map is doing: nothing, drawing (a new area, or a boundary for one without), naming a drawn area, editing a boundary, placing a place. */
type Mode =
  | { kind: 'idle' }
  | { kind: 'drawing'; shape: 'Polygon' | 'Rectangle'; forArea?: AreaResponse }
  | { kind: 'naming'; boundary: GeoJsonPolygon }
  | { kind: 'editing'; area: AreaResponse }
  | { kind: 'placing' }
  | { kind: 'placeNaming'; point: LatLng };

const AREA_STYLE: L.PathOptions = { color: '#0b4f6c', weight: 2, opacity: 0.85, fillColor: '#0b4f6c', fillOpacity: 0.08 };
const DRAWN_STYLE: L.PathOptions = { color: '#b34700', weight: 3, fillColor: '#b34700', fillOpacity: 0.15 };

/**
 * Areas drawn and edited on a map (Leaflet with the drawing plugin Geoman), renamed and deleted; places added by a
 * click on the map, renamed and deleted (coordinators). The lists beside the map hold every action but the drawing.
 */
export default function ManageAreasPage() {
  const { t, i18n } = useTranslation();
  const session = useSession()!;
  useDocumentTitle(t('manage.areas.title'));
  const areas = useAsync(() => getAll<AreaResponse>('/api/areas', 5000), []);
  const places = useAsync(() => getAll<PlaceResponse>('/api/places', 5000), []);
  const [mode, setModeState] = useState<Mode>({ kind: 'idle' });
  const modeRef = useRef<Mode>(mode);
  const setMode = (m: Mode) => {
    modeRef.current = m;
    setModeState(m);
  };
  const [message, setMessage] = useState<NoticeMessage | null>(null);
  const container = useRef<HTMLDivElement>(null);
  const map = useRef<L.Map | null>(null);
  const groups = useRef<{ areas: L.LayerGroup; places: L.LayerGroup; drawn: L.LayerGroup } | null>(null);
  const areaLayers = useRef(new Map<string, L.Polygon>());
  const fitted = useRef(false);
  const [ready, setReady] = useState(false);

  const refusal = (e: unknown, name?: string) => {
    if (e instanceof HttpError && (e.body.code === 'AREA_IN_USE' || e.body.code === 'PLACE_IN_USE')) {
      const b = e.body as unknown as Record<string, number>;
      const what = (['reports', 'places', 'efforts', 'subscriptions', 'meetings'] as const).filter((k) => b[k]).map((k) => t(`manage.areas.usage.${k}`, { count: b[k] }));
      return t('manage.areas.inUse', { name, what: what.length ? what.join(', ') : t('manage.areas.inUseOther') });
    }
    if (e instanceof HttpError && e.body.code === 'VERSION_CONFLICT') return t('manage.stale');
    const f = formErrors(e, t, []);
    return codedMessage(e instanceof HttpError ? e.body.code : undefined, t) || [...Object.values(f.fields), ...f.general].join(' ');
  };
  const fail = (e: unknown, name?: string) => {
    setMessage({ kind: 'error', text: refusal(e, name) });
    if (e instanceof HttpError && e.body.code === 'VERSION_CONFLICT') {
      areas.reload();
      places.reload();
    }
  };

  // The map, once; with the municipality's tiles when the server names them (MAP_TILE_URL), else a plain background.
  useEffect(() => {
    if (!container.current) return;
    const m = L.map(container.current, { zoomControl: true, keyboard: true }).setView([58.5, 13.16], 12);
    m.attributionControl.setPrefix(false);
    groups.current = { areas: L.layerGroup().addTo(m), places: L.layerGroup().addTo(m), drawn: L.layerGroup().addTo(m) };
    map.current = m;
    m.pm.setGlobalOptions({ allowSelfIntersection: false });
    m.on('pm:create', (e: { layer: L.Layer }) => {
      const layer = e.layer as L.Polygon;
      const boundary = layer.toGeoJSON().geometry as GeoJsonPolygon;
      layer.remove();
      const now = modeRef.current;
      if (now.kind === 'drawing' && now.forArea) void saveBoundary(now.forArea, boundary);
      else if (now.kind === 'drawing') setMode({ kind: 'naming', boundary });
    });
    m.on('click', (e: L.LeafletMouseEvent) => {
      if (modeRef.current.kind === 'placing' || modeRef.current.kind === 'placeNaming') setMode({ kind: 'placeNaming', point: { lat: e.latlng.lat, lng: e.latlng.lng } });
    });
    let live = true;
    void clientConfig().then((cfg) => {
      if (live && cfg.mapTileUrl) L.tileLayer(cfg.mapTileUrl, { attribution: cfg.mapTileAttribution, maxZoom: 19 }).addTo(m);
    });
    const ro = new ResizeObserver(() => m.invalidateSize());
    ro.observe(container.current);
    setReady(true);
    return () => {
      live = false;
      ro.disconnect();
      m.remove();
      map.current = null;
      groups.current = null;
    };
  }, []);

  useEffect(() => {
    map.current?.pm.setLang(i18n.language === 'en' ? 'en' : 'sv');
  }, [ready, i18n.language]);

  // The areas, each a polygon (kept by id, to edit its boundary) with its name.
  useEffect(() => {
    const g = groups.current;
    if (!g) return;
    g.areas.clearLayers();
    areaLayers.current.clear();
    for (const a of areas.data ?? []) {
      if (!a.boundary) continue;
      const [polygon] = L.geoJSON(a.boundary as GeoJSON.GeoJsonObject, { style: AREA_STYLE, interactive: false }).getLayers() as L.Polygon[];
      polygon.bindTooltip(a.name, { permanent: true, direction: 'center', className: 'area-label' });
      polygon.addTo(g.areas);
      areaLayers.current.set(a.id, polygon);
    }
  }, [areas.data, ready]);

  // The places, and the point being placed.
  useEffect(() => {
    const g = groups.current;
    if (!g) return;
    g.places.clearLayers();
    for (const p of places.data ?? []) {
      L.circleMarker([p.location.lat, p.location.lng], { radius: 5, color: '#1b1f23', weight: 1.5, fillColor: '#fff', fillOpacity: 1, interactive: false })
        .bindTooltip(p.name).addTo(g.places);
    }
    g.drawn.clearLayers();
    if (mode.kind === 'placeNaming') L.circleMarker([mode.point.lat, mode.point.lng], { radius: 8, ...DRAWN_STYLE }).addTo(g.drawn);
    if (mode.kind === 'naming') L.geoJSON(mode.boundary as GeoJSON.GeoJsonObject, { style: DRAWN_STYLE, interactive: false }).addTo(g.drawn);
  }, [places.data, mode, ready]);

  // The view: once, around the areas (else the places).
  useEffect(() => {
    const m = map.current;
    if (!m || fitted.current || areas.loading || places.loading) return;
    const layers = [...areaLayers.current.values()];
    const bounds = layers.length
      ? layers.reduce((b, l) => b.extend(l.getBounds()), layers[0].getBounds())
      : (places.data ?? []).length ? L.latLngBounds((places.data ?? []).map((p) => [p.location.lat, p.location.lng] as [number, number])) : null;
    if (bounds?.isValid()) m.fitBounds(bounds.pad(0.05));
    fitted.current = true;
  }, [areas.loading, places.loading, ready]);

  const stopAll = () => {
    map.current?.pm.disableDraw();
    for (const l of areaLayers.current.values()) l.pm?.disable();
  };
  const startDraw = (shape: 'Polygon' | 'Rectangle', forArea?: AreaResponse) => {
    stopAll();
    setMessage(null);
    map.current?.pm.enableDraw(shape, { allowSelfIntersection: false, finishOnEnter: true, templineStyle: DRAWN_STYLE, hintlineStyle: { ...DRAWN_STYLE, dashArray: '5,5' }, pathOptions: DRAWN_STYLE });
    setMode({ kind: 'drawing', shape, forArea });
  };
  const cancel = () => {
    stopAll();
    if (modeRef.current.kind === 'editing') areas.reload(); // the polygon as it was
    setMode({ kind: 'idle' });
  };

  const saveBoundary = async (area: AreaResponse, boundary: GeoJsonPolygon) => {
    stopAll();
    try {
      await patch<AreaResponse>(`/api/areas/${area.id}`, { version: area.version, boundary });
      setMessage({ kind: 'success', text: t('manage.areas.boundarySaved', { name: area.name }) });
    } catch (e) {
      fail(e, area.name);
    }
    setMode({ kind: 'idle' });
    areas.reload();
  };
  const startEdit = (area: AreaResponse) => {
    stopAll();
    setMessage(null);
    const layer = areaLayers.current.get(area.id);
    if (!layer) return;
    layer.pm.enable({ allowSelfIntersection: false, draggable: false });
    setMode({ kind: 'editing', area });
  };
  const saveEdit = () => {
    if (mode.kind !== 'editing') return;
    const layer = areaLayers.current.get(mode.area.id);
    if (layer) void saveBoundary(mode.area, layer.toGeoJSON().geometry as GeoJsonPolygon);
  };

  if (!isCoordinatorRole(session.user.role)) return <OnlyFor title={t('manage.areas.title')} text={t('manage.onlyCoordinators')} />;

  const busyMap = mode.kind !== 'idle';
  return (
    <div className="manage-page">
      <ManageHeading title={t('manage.areas.title')} intro={t('manage.areas.intro')} />
      <LiveNotice message={message} />
      <div className="manage-map-layout">
        <div className="manage-map-column">
          <div className="map-tools" role="toolbar" aria-label={t('manage.areas.mapLabel')}>
            <button type="button" className="button small" onClick={() => startDraw('Polygon')} disabled={busyMap} data-testid="draw-area">{t('manage.areas.drawPolygon')}</button>
            <button type="button" className="button small secondary" onClick={() => startDraw('Rectangle')} disabled={busyMap}>{t('manage.areas.drawRectangle')}</button>
            <button type="button" className="button small secondary" onClick={() => { stopAll(); setMessage(null); setMode({ kind: 'placing' }); }} disabled={busyMap} data-testid="add-place">
              {t('manage.areas.addPlace')}
            </button>
          </div>
          <div ref={container} className="manage-map" role="region" aria-label={t('manage.areas.mapLabel')} data-testid="manage-map" />
          <div aria-live="polite" className="map-status">
            {mode.kind === 'drawing' && (
              <p className="notice info">
                {mode.shape === 'Rectangle' ? t('manage.areas.rectangleHint') : t('manage.areas.drawHint')}{' '}
                <button type="button" className="button small secondary" onClick={cancel}>{t('manage.areas.cancelDraw')}</button>
              </p>
            )}
            {mode.kind === 'editing' && (
              <p className="notice info">
                {t('manage.areas.editHint', { name: mode.area.name })}{' '}
                <button type="button" className="button small" onClick={saveEdit} data-testid="save-boundary">{t('manage.areas.saveBoundary')}</button>{' '}
                <button type="button" className="button small secondary" onClick={cancel}>{t('manage.areas.cancelDraw')}</button>
              </p>
            )}
            {mode.kind === 'placing' && (
              <p className="notice info">
                {t('manage.areas.placeHint')} <button type="button" className="button small secondary" onClick={cancel}>{t('manage.areas.cancelDraw')}</button>
              </p>
            )}
          </div>
          {mode.kind === 'naming' && (
            <NewArea boundary={mode.boundary} onCancel={cancel} refusal={refusal}
              onSaved={(a) => { setMode({ kind: 'idle' }); setMessage({ kind: 'success', text: t('manage.areas.areaCreated', { name: a.name }) }); areas.reload(); }} />
          )}
          {mode.kind === 'placeNaming' && (
            <NewPlace point={mode.point} onCancel={cancel} refusal={refusal}
              onSaved={(p) => { setMode({ kind: 'idle' }); setMessage({ kind: 'success', text: t('manage.areas.placeCreated', { name: p.name }) }); places.reload(); }} />
          )}
        </div>
        <div className="manage-lists">
          <section aria-labelledby="areas-heading">
            <h2 id="areas-heading">{t('manage.areas.list')}</h2>
            {!areas.data?.length ? <p>{areas.loading ? t('common.loading') : t('manage.areas.noAreas')}</p> : (
              <ul className="plain-list manage-list" data-testid="area-list">
                {areas.data.map((a) => (
                  <Item key={`${a.id}:${a.version}`} name={a.name} testId="area-item" meta={a.boundary ? undefined : t('manage.areas.noBoundary')}
                    busy={busyMap} deleteQuestion={t('manage.areas.deleteQuestion', { name: a.name })}
                    onRename={(name) => patch<AreaResponse>(`/api/areas/${a.id}`, { version: a.version, name }).then(() => { areas.reload(); setMessage({ kind: 'success', text: t('manage.areas.renamed', { name }) }); })}
                    onDelete={() => del(`/api/areas/${a.id}`).then(() => { areas.reload(); setMessage({ kind: 'success', text: t('manage.areas.deleted', { name: a.name }) }); })}
                    refusal={refusal}>
                    {a.boundary ? (
                      <button type="button" className="button small secondary" disabled={busyMap} onClick={() => startEdit(a)}>{t('manage.areas.editBoundary')}</button>
                    ) : (
                      <button type="button" className="button small secondary" disabled={busyMap} onClick={() => startDraw('Polygon', a)}>{t('manage.areas.drawBoundary')}</button>
                    )}
                  </Item>
                ))}
              </ul>
            )}
          </section>
          <section aria-labelledby="places-heading">
            <h2 id="places-heading">{t('manage.areas.places')}</h2>
            {!places.data?.length ? <p>{places.loading ? t('common.loading') : t('manage.areas.noPlaces')}</p> : (
              <ul className="plain-list manage-list" data-testid="place-list">
                {places.data.map((p) => (
                  <Item key={`${p.id}:${p.version}`} name={p.name} testId="place-item" meta={p.area ? t('manage.areas.inArea', { area: p.area.name }) : t('manage.areas.noArea')}
                    busy={busyMap} deleteQuestion={t('manage.areas.deletePlaceQuestion', { name: p.name })}
                    onRename={(name) => patch<PlaceResponse>(`/api/places/${p.id}`, { version: p.version, name }).then(() => { places.reload(); setMessage({ kind: 'success', text: t('manage.areas.renamed', { name }) }); })}
                    onDelete={() => del(`/api/places/${p.id}`).then(() => { places.reload(); setMessage({ kind: 'success', text: t('manage.areas.deleted', { name: p.name }) }); })}
                    refusal={refusal} />
                ))}
              </ul>
            )}
          </section>
        </div>
      </div>
    </div>
  );
}

/** An area or a place in the list: its name, renamed in place, deleted after a question; its refusal shown by it. */
function Item(props: {
  name: string; meta?: string; testId: string; busy: boolean; deleteQuestion: string; children?: ReactNode;
  onRename: (name: string) => Promise<void>; onDelete: () => Promise<void>; refusal: (e: unknown, name?: string) => string;
}) {
  const { t } = useTranslation();
  const [renaming, setRenaming] = useState(false);
  const [name, setName] = useState(props.name);
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const renameRef = useRef<HTMLButtonElement>(null);
  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (e) {
      setError(props.refusal(e, props.name));
      setAsking(false);
    } finally {
      setBusy(false);
    }
  };
  const rename = (e: FormEvent) => {
    e.preventDefault();
    if (name.trim() && name.trim() !== props.name) void run(() => props.onRename(name.trim()));
  };
  return (
    <li className="manage-item" data-testid={props.testId}>
      {renaming ? (
        <form onSubmit={rename} className="inline-form">
          <label htmlFor={`rename-${props.testId}-${props.name}`}>{t('manage.areas.newName', { name: props.name })}</label>
          <input id={`rename-${props.testId}-${props.name}`} value={name} onChange={(e) => setName(e.target.value)} maxLength={200} autoFocus />
          <span className="row-actions">
            <button type="submit" className="button small" disabled={busy}>{t('manage.areas.saveName')}</button>
            <button type="button" className="button small secondary" onClick={() => { setRenaming(false); setName(props.name); requestAnimationFrame(() => renameRef.current?.focus()); }}>{t('common.cancel')}</button>
          </span>
        </form>
      ) : (
        <p className="manage-item-name"><strong>{props.name}</strong>{props.meta && <span className="hint"> · {props.meta}</span>}</p>
      )}
      {error && <p className="field-error" role="alert">{error}</p>}
      {asking ? (
        <ConfirmInline question={props.deleteQuestion} confirmLabel={t('manage.areas.delete')} busy={busy} onConfirm={() => void run(props.onDelete)} onCancel={() => setAsking(false)} testId="confirm-delete" />
      ) : !renaming && (
        <span className="row-actions">
          {props.children}
          <button type="button" ref={renameRef} className="button small secondary" disabled={props.busy} onClick={() => setRenaming(true)}>{t('manage.areas.rename')}</button>
          <button type="button" className="button small secondary" disabled={props.busy} onClick={() => setAsking(true)}>{t('manage.areas.delete')}</button>
        </span>
      )}
    </li>
  );
}

function NewArea({ boundary, onSaved, onCancel, refusal }: { boundary: GeoJsonPolygon; onSaved: (a: AreaResponse) => void; onCancel: () => void; refusal: (e: unknown) => string }) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) return setError(t('manage.categories.labelRequired'));
    setBusy(true);
    try {
      onSaved(await post<AreaResponse>('/api/areas', { name: name.trim(), boundary }));
    } catch (err) {
      setError(refusal(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="card stack" onSubmit={(e) => void submit(e)} aria-labelledby="new-area-heading" data-testid="new-area" noValidate>
      <h2 id="new-area-heading" className="h3">{t('manage.areas.newArea')}</h2>
      <div className={`field${error ? ' has-error' : ''}`}>
        <label htmlFor="new-area-name">{t('manage.areas.areaName')}</label>
        {error && <p className="field-error" role="alert">{error}</p>}
        <input id="new-area-name" value={name} onChange={(e) => setName(e.target.value)} maxLength={200} autoFocus />
      </div>
      <div className="row-actions">
        <button type="submit" className="button" disabled={busy}>{t('manage.areas.saveArea')}</button>
        <button type="button" className="button secondary" onClick={onCancel}>{t('common.cancel')}</button>
      </div>
    </form>
  );
}

function NewPlace({ point, onSaved, onCancel, refusal }: { point: LatLng; onSaved: (p: PlaceResponse) => void; onCancel: () => void; refusal: (e: unknown) => string }) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [kind, setKind] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) return setError(t('manage.categories.labelRequired'));
    setBusy(true);
    try {
      onSaved(await post<PlaceResponse>('/api/places', { name: name.trim(), location: point, ...(kind.trim() ? { kind: kind.trim() } : {}) }));
    } catch (err) {
      setError(refusal(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="card stack" onSubmit={(e) => void submit(e)} aria-labelledby="new-place-heading" data-testid="new-place" noValidate>
      <h2 id="new-place-heading" className="h3">{t('manage.areas.newPlace')}</h2>
      <div className={`field${error ? ' has-error' : ''}`}>
        <label htmlFor="new-place-name">{t('manage.areas.placeName')}</label>
        {error && <p className="field-error" role="alert">{error}</p>}
        <input id="new-place-name" value={name} onChange={(e) => setName(e.target.value)} maxLength={200} autoFocus />
      </div>
      <div className="field">
        <label htmlFor="new-place-kind">{t('manage.areas.placeKind')}</label>
        <input id="new-place-kind" value={kind} onChange={(e) => setKind(e.target.value)} maxLength={50} />
      </div>
      <div className="row-actions">
        <button type="submit" className="button" disabled={busy}>{t('manage.areas.savePlace')}</button>
        <button type="button" className="button secondary" onClick={onCancel}>{t('common.cancel')}</button>
      </div>
    </form>
  );
}
