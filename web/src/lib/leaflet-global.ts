import L from 'leaflet';

// leaflet.markercluster is a UMD plugin that extends the global `L`; an ES module build has none, so the plugin's
// import must come after this one.
(globalThis as unknown as { L: typeof L }).L = L;
