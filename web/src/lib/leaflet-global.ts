import L from 'leaflet';
import 'leaflet/dist/leaflet.css';

/**
 * Leaflet as the global `L`: the plugins used here are scripts that extend `window.L` (leaflet.markercluster, UMD;
 * the drawing plugin @geoman-io/leaflet-geoman-free), and an ES module build of Leaflet sets no global. Import this
 * module before a plugin (ES modules run their imports in order).
 */
(globalThis as { L?: typeof L }).L = L;
export default L;
