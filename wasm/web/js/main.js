// The AIA browser app's entry point (a module, loaded after wasm_exec.js). The Go
// engine (aia.wasm, see wasm/main.go) scores, validates and stores; these modules only
// build the page. Every text from the questionnaire or a file is inserted with
// textContent or as an attribute value, never as HTML.

import { $, el } from './dom.js';
import { call, store, questionnaire } from './engine.js';
import { openAssessment, renderForm } from './form.js';
import { TEXTS, t, otherLang } from './i18n.js';
import { renderResults } from './results.js';
import { loadQuestionnaires } from './questionnaires.js';
import { state, stats } from './state.js';
import { showWelcome, renderWelcome } from './welcome.js';

// ---- Start ----

// [team] Only the team server (aia team serve) answers api/v1/server: there the app loads
// team/team.js (sign-in, shared assessments); a static host or aia serve never does.
// null: no network (the team mode remembered in this browser then decides).
const teamInfo = fetch('api/v1/server', { cache: 'no-store' })
  .then((r) => (r.ok ? r.json().catch(() => ({})) : {}), () => null);

async function start() {
  try {
    const ready = new Promise((resolve) => { window.aiaReady = resolve; });
    const go = new window.Go();
    const { instance } = await WebAssembly.instantiateStreaming(fetch('aia.wasm'), go.importObject);
    stats.compiled = performance.now();
    go.run(instance);
    await ready;
    stats.engine = performance.now();
    state.versions = call('versions');
    stats.versions = performance.now();
    state.current = state.versions.find((v) => v.current).version;
    await loadQuestionnaires(); // the questionnaire files kept in this browser
    let lang = await store('getSetting', 'lang');
    stats.setting = performance.now();
    if (lang !== 'en' && lang !== 'fr') lang = (navigator.language || 'en').toLowerCase().startsWith('fr') ? 'fr' : 'en';
    state.lang = lang;
    applyStaticTexts();
    $('lang-toggle').addEventListener('click', toggleLang);
    $('nav-home').addEventListener('click', () => showWelcome());
    $('loading').hidden = true;
    stats.ready = performance.now();
    performance.mark('aia-ready');
    const info = await teamInfo; // [team]
    if ((info && info.team === true) || (info === null && (await store('getSetting', 'team')) === '1')) {
      await (await import('../team/team.js')).start(info);
    }
    const currentID = await store('getSetting', 'current');
    if (currentID) {
      try {
        await openAssessment(currentID, { restore: true });
        return;
      } catch (e) {
        // The assessment is gone: show the list.
      }
    }
    await showWelcome();
  } catch (e) {
    const box = $('loading');
    box.hidden = false;
    box.setAttribute('role', 'alert');
    box.replaceChildren(el('p', { text: TEXTS[state.lang].loadFailed + e.message }));
  }
}

function applyStaticTexts() {
  document.documentElement.lang = state.lang;
  document.title = t('appName');
  for (const e of document.querySelectorAll('[data-t]')) e.textContent = t(e.dataset.t);
  for (const e of document.querySelectorAll('[data-t-aria]')) e.setAttribute('aria-label', t(e.dataset.tAria));
  const toggle = $('lang-toggle');
  toggle.textContent = t('otherLang');
  toggle.lang = t('otherLangCode');
}

async function toggleLang() {
  state.lang = otherLang();
  applyStaticTexts();
  const saved = store('setSetting', 'lang', state.lang).catch(() => { /* the choice just is not remembered */ });
  if (state.view === 'form') {
    state.q = questionnaire(state.ev.version);
    renderForm(false);
  } else if (state.view === 'results') {
    renderResults(false);
  } else if (state.view === 'welcome') {
    await renderWelcome(false);
  }
  await saved;
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
