import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import L from 'leaflet';
import '../lib/leaflet-global.js';
import 'leaflet.markercluster';
import 'leaflet/dist/leaflet.css';
import { useTranslation } from 'react-i18next';
import type { AreaResponse, LatLng, PlaceResponse, ReportResponse } from '#contracts';
import { clientConfig } from '../lib/config.js';
import { categoryLabel, formatDateTime } from '../lib/i18n.js';
import { inRing, searchPlaces } from '../lib/map-geo.js';

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
  /** Fit the view only once this is true (e.g. after the reports have loaded). */
  fitWhen?: boolean;
  /** Fit the view again when this changes (another week of the weekly picture). */
  fitKey?: string;
  /** Hotspots (the weekly picture): circles sized by count, labelled by rank, the popup in words. */
  hotspots?: MapHotspot[];
  /** A search box among the places (default: shown when there are places). */
  search?: boolean;
}

export interface MapHotspot {
  key: string;
  lat: number;
  lng: number;
  count: number;
  rank: number;
  /** The fill, by the hotspot's class (the class is also in the popup and the table: never colour alone). */
  fill: string;
  /** Lines of plain text for the popup. */
  popup: string[];
}

/** Where to write an area's name: the centre of its outer ring, if that point is inside the area (not in a hole). */
function labelPoint(boundary: AreaResponse['boundary']): [number, number] | null {
  if (!boundary) return null;
  const polygons = boundary.type === 'Polygon' ? [boundary.coordinates] : boundary.coordinates;
  const biggest = polygons.reduce((a, b) => (b[0].length > a[0].length ? b : a));
  const outer = biggest[0];
  const x = outer.reduce((s, p) => s + p[0], 0) / outer.length;
  const y = outer.reduce((s, p) => s + p[1], 0) / outer.length;
  if (!inRing(outer, x, y) || biggest.slice(1).some((hole) => inRing(hole, x, y))) return null;
  return [y, x];
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The tiles' attribution as HTML: the configured text escaped; OpenStreetMap's linked to its copyright page. */
export function attributionHtml(text: string): string {
  return escapeHtml(text).replace(/OpenStreetMap/, '<a href="https://www.openstreetmap.org/copyright" target="_blank" rel="noopener">OpenStreetMap</a>');
}

/** A cluster's icon: its count, sized by it, named for screen readers. */
function clusterIcon(cluster: L.MarkerCluster, label: (n: number) => string): L.DivIcon {
  const n = cluster.getChildCount();
  const size = n < 10 ? 30 : n < 100 ? 36 : 44;
  return L.divIcon({
    html: `<span role="img" aria-label="${escapeHtml(label(n))}" data-count="${n}">${n}</span>`,
    className: 'report-cluster',
    iconSize: [size, size],
  });
}

/** A bounding box of the dense part of the points: those within four times the median distance from the median
 * point, so that a rural road far away does not zoom out the whole town (zooming out shows it). */
function focusBounds(points: LatLng[]): L.LatLngBounds | null {
  if (!points.length) return null;
  let pts = points;
  if (pts.length >= 5) {
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const c = { lat: median(pts.map((p) => p.lat)), lng: median(pts.map((p) => p.lng)) };
    const d = (p: LatLng) => (p.lat - c.lat) ** 2 + ((p.lng - c.lng) * 0.52) ** 2;
    const ds = pts.map(d);
    const limit = Math.max(16 * median([...ds]), 1e-6); // squared distances: 4x the distance
    pts = pts.filter((_, i) => ds[i] <= limit);
  }
  return L.latLngBounds(pts.map((p) => [p.lat, p.lng] as [number, number]));
}

export function MapView(props: MapViewProps) {
  const { t, i18n } = useTranslation();
  const container = useRef<HTMLDivElement>(null);
  const map = useRef<L.Map | null>(null);
  const layers = useRef<{ areas: L.LayerGroup; places: L.LayerGroup; reports: L.MarkerClusterGroup; hotspots: L.LayerGroup; pick: L.LayerGroup } | null>(null);
  const clusterLabel = useRef((n: number) => String(n));
  clusterLabel.current = (n: number) => t('mapTools.cluster', { count: n });
  const [tiles, setTiles] = useState<'none' | 'loading' | 'loaded' | 'failed'>('none');
  const fitted = useRef(false);
  const propsRef = useRef(props);
  propsRef.current = props;
  const [ready, setReady] = useState(false);

  useEffect(() => {
    if (!container.current) return;
    const m = L.map(container.current, {
      preferCanvas: true, // thousands of report markers stay fast on a phone
      zoomControl: false, // added below with titles in the user's language
      attributionControl: true,
      keyboard: true,
      maxZoom: 19, // the clusters need it before any tile layer (which may never come) sets one
    }).setView([59.3, 15.0], 5);
    m.attributionControl.setPrefix(false);
    const areas = L.layerGroup().addTo(m);
    const places = L.layerGroup().addTo(m);
    // Many reports in one place become one numbered circle; zoom in (or click it) to see them one by one.
    const reports = L.markerClusterGroup({
      chunkedLoading: true,
      maxClusterRadius: 40,
      disableClusteringAtZoom: 18,
      showCoverageOnHover: false,
      spiderfyOnMaxZoom: false,
      iconCreateFunction: (c) => clusterIcon(c, clusterLabel.current),
    }).addTo(m);
    const hotspots = L.layerGroup().addTo(m);
    const pick = L.layerGroup().addTo(m);
    layers.current = { areas, places, reports, hotspots, pick };
    map.current = m;
    m.on('click', (e: L.LeafletMouseEvent) => propsRef.current.onPick?.({ lat: e.latlng.lat, lng: e.latlng.lng }));
    // Where the map looks, for tests and for a person reading the page's source: "lat,lng,zoom".
    const el = container.current;
    m.on('moveend zoomend', () => {
      const c = m.getCenter();
      el.dataset.view = `${c.lat.toFixed(5)},${c.lng.toFixed(5)},${m.getZoom()}`;
    });
    let live = true;
    void clientConfig().then((cfg) => {
      if (!live || !cfg.mapTileUrl) return;
      // Tiles are optional: without them (or without a network: a tile that fails stays invisible) the map is a
      // plain background with areas, places and reports drawn on it.
      setTiles('loading');
      L.tileLayer(cfg.mapTileUrl, { attribution: attributionHtml(cfg.mapTileAttribution), maxZoom: 19, subdomains: 'abc' })
        .on('tileload', () => setTiles('loaded'))
        .on('tileerror', () => setTiles((s) => (s === 'loaded' ? s : 'failed')))
        .addTo(m);
    });
    // Leaflet measures its container once; a layout change (mobile tabs, side panel) needs a re-measure.
    const ro = new ResizeObserver(() => m.invalidateSize());
    ro.observe(container.current);
    setReady(true);
    return () => {
      live = false;
      ro.disconnect();
      reportMarkers.current.clear();
      m.remove();
      map.current = null;
      layers.current = null;
    };
  }, []);

  // Zoom buttons labelled in the current language.
  useEffect(() => {
    const m = map.current;
    if (!m) return;
    const zoom = L.control.zoom({ zoomInTitle: t('map.zoomIn'), zoomOutTitle: t('map.zoomOut') }).addTo(m);
    return () => {
      zoom.remove();
    };
  }, [ready, i18n.language, t]);

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
        .addTo(l.areas);
      // On a map without tiles the area names are the only orientation there is.
      const at = labelPoint(a.boundary);
      if (at) {
        L.tooltip({ permanent: true, direction: 'center', className: 'area-label', interactive: false })
          .setLatLng(at)
          .setContent(escapeHtml(a.name))
          .addTo(l.areas);
      }
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

  // Reports: markers are kept per id and only changed ones are redrawn, so a live event among 5,000 is cheap.
  const reportMarkers = useRef(new Map<string, { marker: L.CircleMarker; key: string }>());
  const lang = i18n.language;
  useEffect(() => {
    const l = layers.current;
    if (!l) return;
    const markers = reportMarkers.current;
    const seen = new Set<string>();
    const added: L.CircleMarker[] = [];
    for (const r of props.reports ?? []) {
      seen.add(r.id);
      const hl = r.id === props.highlightId;
      const key = `${r.version}|${r.severity}|${r.category}|${r.location.lat},${r.location.lng}|${hl}|${lang}`;
      const existing = markers.get(r.id);
      if (existing?.key === key) continue;
      if (existing) l.reports.removeLayer(existing.marker);
      const marker = L.circleMarker([r.location.lat, r.location.lng], {
        radius: 4 + r.severity * 1.5 + (hl ? 3 : 0),
        color: hl ? '#1b1f23' : '#ffffff',
        weight: hl ? 3 : 1,
        fillColor: SEVERITY_COLOURS[Math.min(4, Math.max(0, r.severity - 1))],
        fillOpacity: 0.85,
      }).bindTooltip(
        // Built when shown, not for every marker up front.
        () => `<strong>${escapeHtml(categoryLabel(r.category))}</strong><br>${escapeHtml(r.place?.name ?? r.area?.name ?? '')}<br>${escapeHtml(formatDateTime(r.observedAt))}`,
      );
      marker.on('click', () => propsRef.current.onReportClick?.(r.id));
      added.push(marker);
      markers.set(r.id, { marker, key });
    }
    const gone: L.Layer[] = [];
    for (const [id, m] of markers) {
      if (!seen.has(id)) {
        gone.push(m.marker);
        markers.delete(id);
      }
    }
    if (gone.length) l.reports.removeLayers(gone);
    if (added.length) l.reports.addLayers(added);
  }, [props.reports, props.highlightId, ready, lang]);

  // Hotspots: the busiest largest; the rank written on the circle, as in the table beside the map.
  useEffect(() => {
    const l = layers.current;
    if (!l) return;
    l.hotspots.clearLayers();
    const list = props.hotspots ?? [];
    const max = Math.max(1, ...list.map((h) => h.count));
    // Drawn smallest first, so a small hotspot is never hidden under a big one.
    for (const h of [...list].sort((a, b) => a.count - b.count || b.rank - a.rank)) {
      L.circleMarker([h.lat, h.lng], {
        radius: 9 + 15 * Math.sqrt(h.count / max),
        color: '#1b1f23',
        weight: 2,
        fillColor: h.fill,
        fillOpacity: 0.7,
      })
        .bindTooltip(String(h.rank), { permanent: true, direction: 'center', className: 'hotspot-rank', interactive: false })
        .bindPopup(h.popup.map(escapeHtml).join('<br>'))
        .addTo(l.hotspots);
    }
  }, [props.hotspots, ready]);

  // The picked point.
  useEffect(() => {
    const l = layers.current;
    if (!l) return;
    l.pick.clearLayers();
    if (props.picked) {
      L.circleMarker([props.picked.lat, props.picked.lng], { radius: 10, color: '#1b1f23', weight: 3, fillColor: '#ffbf47', fillOpacity: 1 }).addTo(l.pick);
    }
  }, [props.picked?.lat, props.picked?.lng, ready]);

  // Fit the view once, to the first data there is (again when fitKey changes).
  useEffect(() => {
    fitted.current = false;
  }, [props.fitKey]);
  useEffect(() => {
    const m = map.current;
    if (!m || fitted.current || props.fitWhen === false) return;
    const pts: LatLng[] = props.hotspots?.length
      ? props.hotspots.map((h) => ({ lat: h.lat, lng: h.lng }))
      : props.reports?.length ? props.reports.map((r) => r.location) : props.places.map((p) => p.location);
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
  }, [props.reports, props.places, props.areas, props.hotspots, props.fitWhen, props.fitKey, ready]);

  // Search among the places: the map pans to the one chosen (in pick mode it is also picked).
  const [query, setQuery] = useState('');
  const found = useMemo(() => searchPlaces(query, props.places), [query, props.places]);
  const goTo = (id: string) => {
    const p = props.places.find((x) => x.id === id);
    const m = map.current;
    if (!p || !m) return;
    m.setView([p.location.lat, p.location.lng], Math.max(m.getZoom(), 17), { animate: false });
    fitted.current = true;
    setQuery('');
    props.onPickPlace?.(p.id);
  };
  const searchSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (found[0]) goTo(found[0].id);
  };
  const showSearch = (props.search ?? true) && props.places.length > 0;

  const pickCentre = () => {
    const c = map.current?.getCenter();
    if (c) props.onPick?.({ lat: Number(c.lat.toFixed(6)), lng: Number(c.lng.toFixed(6)) });
  };

  return (
    <div className={`map-wrap ${props.className ?? ''}`} role="region" aria-label={props.label}>
      <div ref={container} className="map" data-testid="map" data-tiles={tiles} />
      {showSearch && (
        <div className="map-search" role="search">
          <form onSubmit={searchSubmit}>
            <label className="visually-hidden" htmlFor={`${props.label}-search`.replace(/\W+/g, '-')}>
              {t('mapTools.search')}
            </label>
            <input
              id={`${props.label}-search`.replace(/\W+/g, '-')}
              type="search"
              value={query}
              placeholder={t('mapTools.searchPlaceholder')}
              autoComplete="off"
              onChange={(e) => setQuery(e.target.value)}
              onKeyDown={(e) => e.key === 'Escape' && setQuery('')}
            />
          </form>
          {query.trim() !== '' && (
            <ul className="map-search-results" aria-label={t('mapTools.searchResults')} data-testid="map-search-results">
              {found.length ? (
                found.map((p) => (
                  <li key={p.id}>
                    <button type="button" onClick={() => goTo(p.id)}>
                      {p.name}
                      {p.area && <span className="muted"> · {p.area.name}</span>}
                    </button>
                  </li>
                ))
              ) : (
                <li className="muted">{t('mapTools.noPlaceFound')}</li>
              )}
            </ul>
          )}
        </div>
      )}
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
