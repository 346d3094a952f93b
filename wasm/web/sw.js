// The service worker of the AIA app: it keeps one complete build of the app (page,
// script, styles, engine) in Cache Storage, so that the app opens and works with the
// network off. A new build is a new cache, filled whole before it takes over; the page
// offers a reload when one is ready (offline.js) and never switches under the user.
// Only the app's own files are cached: never an assessment, never a response the page
// did not ship with. "aia site" fills in VERSION (a hash of every file) and FILES.
'use strict';

const VERSION = '__AIA_VERSION__';
const FILES = __AIA_FILES__;
const CACHE = 'aia-app-' + VERSION;

self.addEventListener('install', (event) => {
  // 'no-cache' revalidates each file with the server (a 304 costs nothing), so that a
  // stale copy in the HTTP cache never slips into a new build's cache.
  event.waitUntil(caches.open(CACHE).then((cache) =>
    cache.addAll(FILES.map((f) => new Request(f, { cache: 'no-cache' })))));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys()
    .then((keys) => Promise.all(keys.filter((k) => k.startsWith('aia-app-') && k !== CACHE).map((k) => caches.delete(k))))
    .then(() => self.clients.claim()));
});

self.addEventListener('message', (event) => {
  if (event.data === 'aia-activate-new-version') self.skipWaiting();
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  const scope = new URL(self.registration.scope);
  if (url.origin !== scope.origin || !url.pathname.startsWith(scope.pathname)) return;
  // The team server's API and sign-in (aia team serve) always go to the network, never
  // through the cache: no user data in Cache Storage, and a navigation to auth/ (single
  // sign-on) reaches the server instead of getting the cached page.
  const rest = url.pathname.slice(scope.pathname.length);
  if (rest.startsWith('api/') || rest.startsWith('auth/')) return;
  const key = request.mode === 'navigate' ? scope.href : url.href; // the page is cached as "./"
  event.respondWith(caches.match(key, { cacheName: CACHE, ignoreSearch: true })
    .then((hit) => hit || fetch(request)));
});
