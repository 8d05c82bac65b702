import L from 'leaflet';
import 'leaflet/dist/leaflet.css';

/**
 * Leaflet as the global `L`: the drawing plugin (@geoman-io/leaflet-geoman-free) is a script that extends `window.L`.
 * Import this module before the plugin (ES modules run their imports in order).
 */
(globalThis as { L?: typeof L }).L = L;
export default L;
