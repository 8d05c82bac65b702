import { useEffect, useRef, useState } from 'react';
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { useTranslation } from 'react-i18next';
import type { AreaResponse, LatLng, PlaceResponse, ReportResponse } from '#contracts';
import { clientConfig } from '../lib/config.js';
import { categoryLabel, formatDateTime } from '../lib/i18n.js';

export const SEVERITY_COLOURS = ['#2f6f3e', '#5b7a1f', '#9a6a00', '#b34700', '#b3261e'];

export interface MapViewProps {
  label: string;
  areas: AreaResponse[];
  places: PlaceResponse[];
  reports?: ReportResponse[];
  onReportClick?: (id: string) => void;
  /** Pick mode (the post form): a click or "use the centre" sets the point; a click on a place picks it. */
  picked?: LatLng | null;
  onPick?: (p: LatLng) => void;
  onPickPlace?: (id: string) => void;
  selectedPlaceId?: string;
  highlightId?: string | null;
  className?: string;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A bounding box of the points that leaves out far outliers (a rural road should not zoom out the town). */
function focusBounds(points: LatLng[]): L.LatLngBounds | null {
  if (!points.length) return null;
  let pts = points;
  if (pts.length >= 10) {
    const q = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.max(0, Math.floor(p * (xs.length - 1))))];
    const lats = pts.map((p) => p.lat).sort((a, b) => a - b);
    const lngs = pts.map((p) => p.lng).sort((a, b) => a - b);
    const [la0, la1, ln0, ln1] = [q(lats, 0.1), q(lats, 0.9), q(lngs, 0.1), q(lngs, 0.9)];
    const padLat = Math.max(0.004, (la1 - la0) * 0.5);
    const padLng = Math.max(0.008, (ln1 - ln0) * 0.5);
    const kept = pts.filter((p) => p.lat >= la0 - padLat && p.lat <= la1 + padLat && p.lng >= ln0 - padLng && p.lng <= ln1 + padLng);
    if (kept.length) pts = kept;
  }
  return L.latLngBounds(pts.map((p) => [p.lat, p.lng] as [number, number]));
}

export function MapView(props: MapViewProps) {
  const { t, i18n } = useTranslation();
  const container = useRef<HTMLDivElement>(null);
  const map = useRef<L.Map | null>(null);
  const layers = useRef<{ areas: L.LayerGroup; places: L.LayerGroup; reports: L.LayerGroup; pick: L.LayerGroup } | null>(null);
  const fitted = useRef(false);
  const propsRef = useRef(props);
  propsRef.current = props;
  const [ready, setReady] = useState(false);

  useEffect(() => {
    if (!container.current) return;
    const m = L.map(container.current, {
      preferCanvas: true, // thousands of report markers stay fast on a phone
      zoomControl: true,
      attributionControl: true,
      keyboard: true,
    }).setView([59.3, 15.0], 5);
    m.attributionControl.setPrefix(false);
    const areas = L.layerGroup().addTo(m);
    const places = L.layerGroup().addTo(m);
    const reports = L.layerGroup().addTo(m);
    const pick = L.layerGroup().addTo(m);
    layers.current = { areas, places, reports, pick };
    map.current = m;
    m.on('click', (e: L.LeafletMouseEvent) => propsRef.current.onPick?.({ lat: e.latlng.lat, lng: e.latlng.lng }));
    let live = true;
    void clientConfig().then((cfg) => {
      if (!live || !cfg.mapTileUrl) return;
      // Tiles are optional: without them (or without a network) the map is a plain background with areas,
      // places and reports drawn on it.
      L.tileLayer(cfg.mapTileUrl, { attribution: cfg.mapTileAttribution, maxZoom: 19 }).addTo(m);
    });
    // Leaflet measures its container once; a layout change (mobile tabs, side panel) needs a re-measure.
    const ro = new ResizeObserver(() => m.invalidateSize());
    ro.observe(container.current);
    setReady(true);
    return () => {
      live = false;
      ro.disconnect();
      m.remove();
      map.current = null;
      layers.current = null;
    };
  }, []);

  // Areas (polygons).
  useEffect(() => {
    const l = layers.current;
    if (!l) return;
    l.areas.clearLayers();
    for (const a of props.areas) {
      if (!a.boundary) continue;
      L.geoJSON(a.boundary as GeoJSON.GeoJsonObject, {
        style: { color: '#0b4f6c', weight: 2, opacity: 0.8, fillColor: '#0b4f6c', fillOpacity: 0.05 },
        interactive: false,
      })
        .bindTooltip(escapeHtml(a.name), { sticky: true })
        .addTo(l.areas);
    }
  }, [props.areas, ready]);

  // Places.
  useEffect(() => {
    const l = layers.current;
    if (!l) return;
    l.places.clearLayers();
    for (const p of props.places) {
      const selected = p.id === props.selectedPlaceId;
      const marker = L.circleMarker([p.location.lat, p.location.lng], {
        radius: selected ? 9 : 5,
        color: '#1b1f23',
        weight: selected ? 3 : 1.5,
        fillColor: selected ? '#ffbf47' : '#ffffff',
        fillOpacity: 1,
      }).bindTooltip(escapeHtml(p.name));
      if (props.onPickPlace) marker.on('click', (e) => {
        L.DomEvent.stopPropagation(e);
        propsRef.current.onPickPlace?.(p.id);
      });
      marker.addTo(l.places);
    }
  }, [props.places, props.selectedPlaceId, !!props.onPickPlace, ready]);

  // Reports.
  useEffect(() => {
    const l = layers.current;
    if (!l) return;
    l.reports.clearLayers();
    for (const r of props.reports ?? []) {
      const hl = r.id === props.highlightId;
      const marker = L.circleMarker([r.location.lat, r.location.lng], {
        radius: 4 + r.severity * 1.5 + (hl ? 3 : 0),
        color: hl ? '#1b1f23' : '#ffffff',
        weight: hl ? 3 : 1,
        fillColor: SEVERITY_COLOURS[Math.min(4, Math.max(0, r.severity - 1))],
        fillOpacity: 0.85,
      }).bindTooltip(
        `<strong>${escapeHtml(categoryLabel(r.category))}</strong><br>${escapeHtml(r.place?.name ?? r.area?.name ?? '')}<br>${escapeHtml(formatDateTime(r.observedAt))}`,
      );
      marker.on('click', () => propsRef.current.onReportClick?.(r.id));
      marker.addTo(l.reports);
    }
  }, [props.reports, props.highlightId, ready, i18n.language]);

  // The picked point.
  useEffect(() => {
    const l = layers.current;
    if (!l) return;
    l.pick.clearLayers();
    if (props.picked) {
      L.circleMarker([props.picked.lat, props.picked.lng], { radius: 10, color: '#1b1f23', weight: 3, fillColor: '#ffbf47', fillOpacity: 1 }).addTo(l.pick);
    }
  }, [props.picked?.lat, props.picked?.lng, ready]);

  // Fit the view once, to the first data there is.
  useEffect(() => {
    const m = map.current;
    if (!m || fitted.current) return;
    const pts: LatLng[] = (props.reports?.length ? props.reports.map((r) => r.location) : props.places.map((p) => p.location));
    let b = focusBounds(pts);
    if (!b) {
      const g = L.geoJSON(props.areas.filter((a) => a.boundary).map((a) => a.boundary) as unknown as GeoJSON.GeoJsonObject[]);
      const gb = g.getBounds();
      b = gb.isValid() ? gb : null;
    }
    if (b && b.isValid()) {
      fitted.current = true;
      m.fitBounds(b.pad(0.1), { maxZoom: 16, animate: false });
    }
  }, [props.reports, props.places, props.areas, ready]);

  const pickCentre = () => {
    const c = map.current?.getCenter();
    if (c) props.onPick?.({ lat: Number(c.lat.toFixed(6)), lng: Number(c.lng.toFixed(6)) });
  };

  return (
    <div className={`map-wrap ${props.className ?? ''}`} role="region" aria-label={props.label}>
      <div ref={container} className="map" data-testid="map" />
      {props.onPick && (
        <>
          <span className="crosshair" aria-hidden="true" />
          <button type="button" className="button secondary small map-centre" onClick={pickCentre}>
            {t('map.useCentre')}
          </button>
        </>
      )}
    </div>
  );
}
