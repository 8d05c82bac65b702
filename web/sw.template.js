/* Lägesbild service worker: keeps the app shell loadable without a connection.
 * Generated at build time from web/sw.template.js (the precache list is filled in by vite.config.ts).
 * The API and the live feed are never cached here: observations written offline wait in IndexedDB
 * (the outbox of the page), not in this worker. */
/* global __VERSION__, __PRECACHE__, Request, Response */
const VERSION = __VERSION__;
const PRECACHE = __PRECACHE__;
const CACHE = `lagesbild-shell-${VERSION}`;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches.open(CACHE).then((cache) => cache.addAll(PRECACHE.map((url) => new Request(url, { cache: 'reload' })))).then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('lagesbild-shell-') && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

function bypass(url) {
  return url.origin !== self.location.origin || url.pathname.startsWith('/api') || url.pathname.startsWith('/socket.io');
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (bypass(url)) return;

  if (request.mode === 'navigate') {
    // Network first so a new deployment is picked up at once; the cached shell when there is no network.
    // A weak signal in a stairwell can hang for long: after 4 s the cached shell is served instead.
    const shell = () => caches.match('/', { cacheName: CACHE });
    const network = fetch(request).then((response) => {
      if (response.ok) {
        const copy = response.clone();
        caches.open(CACHE).then((cache) => cache.put('/', copy));
      }
      return response;
    });
    const slow = new Promise((resolve) => setTimeout(resolve, 4000)).then(() => shell()).then((cached) => cached || network);
    event.respondWith(
      Promise.race([network, slow]).catch(() => shell().then((cached) => cached || Response.error())),
    );
    return;
  }

  // Hashed build files never change: cache first.
  event.respondWith(
    caches.match(request, { cacheName: CACHE }).then(
      (cached) =>
        cached ||
        fetch(request).then((response) => {
          if (response.ok && url.pathname.startsWith('/assets/')) {
            const copy = response.clone();
            caches.open(CACHE).then((cache) => cache.put(request, copy));
          }
          return response;
        }),
    ),
  );
});
