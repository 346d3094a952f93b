// The first script of the AIA app (a classic script in the page's head, so that it runs
// before the modules have loaded). It starts at once what the page waits for, in
// parallel: downloading and compiling the engine (aia.wasm), reading what this browser
// keeps (the language and the open assessment, straight from IndexedDB, read only), and
// the start data of that language (start-en.json or start-fr.json, written by
// "aia site": the questionnaire in force, so that the page shows the welcome view and a
// new assessment before the engine is ready). js/main.js takes the results from
// window.aiaBoot. Nothing here writes: the engine owns the database.
(() => {
  'use strict';
  const DB = 'aia'; // wasm/main.go dbName

  // compileStreaming lets the browser compile while the file downloads, and keep the
  // compiled code of a response from the service worker's cache for the next visit.
  // A visit the service worker controls (a repeat visit) starts at once: it needs the
  // engine to restore the open assessment. A first visit shows the welcome view and a
  // new assessment from the start data, so it lets js/main.js start the download and
  // compilation once the page is up (compile), leaving the connection and the processor
  // to the page's own files first.
  let compile;
  const allowed = new Promise((resolve) => { compile = resolve; });
  // A reload whose open assessment's evaluation is remembered (js/engine.js) shows it
  // without the engine, so it waits too.
  let remembered = false;
  try { remembered = localStorage.getItem('aia-evaluation') !== null; } catch (e) { /* none */ }
  if (navigator.serviceWorker && navigator.serviceWorker.controller && !remembered) compile();
  const module = allowed.then(() => WebAssembly.compileStreaming(fetch('aia.wasm')));
  module.catch(() => { /* js/main.js reports it */ });

  const request = (r) => new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });

  // kept reads the settings and the open assessment; null when this browser keeps no
  // database yet (a first visit), or when it cannot be read (the engine will say why).
  async function kept() {
    if (!window.indexedDB || typeof indexedDB.databases !== 'function') return undefined;
    const list = await indexedDB.databases();
    if (!list.some((d) => d.name === DB)) return null;
    // Opening without a version never creates nor upgrades: the database exists.
    const db = await request(indexedDB.open(DB));
    try {
      db.onversionchange = () => db.close(); // the engine may upgrade it
      const names = Array.from(db.objectStoreNames);
      if (!names.includes('settings') || !names.includes('assessments')) return undefined;
      const txn = db.transaction(['settings', 'assessments'], 'readonly');
      const settings = txn.objectStore('settings');
      const [lang, current] = await Promise.all([request(settings.get('lang')), request(settings.get('current'))]);
      let record = null;
      if (typeof current === 'string' && current !== '') {
        record = await request(txn.objectStore('assessments').get(current));
      }
      return { lang: typeof lang === 'string' ? lang : '', record: record && typeof record.file === 'string' ? record : null };
    } finally {
      db.close();
    }
  }

  const browserLang = () => ((navigator.language || 'en').toLowerCase().startsWith('fr') ? 'fr' : 'en');
  const start = (lang) => fetch('start-' + lang + '.json').then((r) => {
    if (!r.ok) throw new Error(r.status + ' ' + r.statusText);
    return r.json();
  });

  // The start data of the browser's language is fetched at once; the other one only
  // when the language kept is the other one.
  const guess = browserLang();
  const guessed = start(guess);
  guessed.catch(() => { /* only used when it is the right language */ });
  const stored = kept().catch(() => undefined);
  const data = stored.then((k) => {
    const lang = k && (k.lang === 'en' || k.lang === 'fr') ? k.lang : guess;
    return (lang === guess ? guessed : start(lang)).then((d) => Object.assign(d, { lang }));
  });

  window.aiaBoot = { module, stored, data, compile };
})();
