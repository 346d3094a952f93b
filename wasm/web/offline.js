// Offline support for the AIA app: registers the service worker (sw.js), which keeps
// the app in the browser so that it works with the network off, and tells the user
// when a new version has been downloaded, with a button to switch to it. The page never
// switches by itself: an open assessment keeps running on the version it started with.
(() => {
  'use strict';
  if (!('serviceWorker' in navigator) || location.protocol === 'file:') return;

  const TEXTS = {
    en: { ready: 'A new version of the app is ready.', reload: 'Reload to use it' },
    fr: { ready: 'Une nouvelle version de l’application est prête.', reload: 'Recharger pour l’utiliser' },
  };
  const lang = () => (document.documentElement.lang === 'fr' ? 'fr' : 'en');
  let banner = null;
  let switching = false;

  // offerReload shows, once, a polite status with a reload button for the waiting worker.
  function offerReload(worker) {
    if (banner) return;
    banner = document.createElement('div');
    banner.id = 'update-banner';
    banner.className = 'update-banner';
    banner.setAttribute('role', 'status');
    const text = document.createElement('p');
    const button = document.createElement('button');
    button.type = 'button';
    button.id = 'update-reload';
    const render = () => {
      text.textContent = TEXTS[lang()].ready;
      button.textContent = TEXTS[lang()].reload;
    };
    render();
    new MutationObserver(render).observe(document.documentElement, { attributes: true, attributeFilter: ['lang'] });
    button.addEventListener('click', () => {
      switching = true;
      worker.postMessage('aia-activate-new-version');
    });
    banner.append(text, button);
    const header = document.getElementById('site-header');
    if (header) header.after(banner); else document.body.prepend(banner);
  }

  navigator.serviceWorker.addEventListener('controllerchange', () => {
    if (switching) location.reload();
  });

  // The Content-Security-Policy requires Trusted Types for script URLs; this policy,
  // the only one it allows, vouches for the service worker's URL and nothing else.
  const workerURL = window.trustedTypes
    ? window.trustedTypes.createPolicy('aia-service-worker', {
      createScriptURL: (url) => {
        if (url !== 'sw.js') throw new TypeError('not the app’s service worker: ' + url);
        return url;
      },
    }).createScriptURL('sw.js')
    : 'sw.js';

  window.addEventListener('load', () => {
    navigator.serviceWorker.register(workerURL).then((reg) => {
      const watch = (worker) => {
        if (!worker) return;
        const check = () => {
          if (worker.state === 'installed' && navigator.serviceWorker.controller) offerReload(worker);
        };
        check();
        worker.addEventListener('statechange', check);
      };
      watch(reg.waiting);
      reg.addEventListener('updatefound', () => watch(reg.installing));
      return navigator.serviceWorker.ready;
    }).then(() => {
      document.documentElement.dataset.offline = 'ready';
    }).catch(() => {
      document.documentElement.dataset.offline = 'unavailable'; // the app still works online
    });
  });
})();
