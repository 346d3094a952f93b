// The AIA browser app's entry point (a module, loaded after wasm_exec.js). The Go
// engine (aia.wasm, see wasm/main.go) scores, validates and stores; these modules only
// build the page. Every text from the questionnaire or a file is inserted with
// textContent or as an attribute value, never as HTML.

import { $, el } from './dom.js';
import { store, questionnaire, hasQuestionnaire, markReady, ready, useStartData, rememberedEvaluation } from './engine.js';
import { onEngineReady, openAssessment, renderForm } from './form.js';
import { TEXTS, t, otherLang, errorText } from './i18n.js';
import { renderResults } from './results.js';
import { loadQuestionnaires } from './questionnaires.js';
import { state, stats } from './state.js';
import { showWelcome, renderWelcome } from './welcome.js';

// ---- Start ----
// boot.js has started compiling the engine, reading what this browser keeps and
// fetching the start data. On a first visit the welcome view, and a new assessment
// opened from it, need no engine: they show at once from the start data, and the
// engine takes over when it is ready. A visit that restores an assessment reads it
// straight from IndexedDB and evaluates it as soon as the engine runs.

// [team] Only the team server (aia team serve) answers api/v1/server: there the app loads
// team/team.js (sign-in, shared assessments); a static host or aia serve never does.
// null: no network (the team mode remembered in this browser then decides).
const teamInfo = fetch('api/v1/server', { cache: 'no-store' })
  .then((r) => (r.ok ? r.json().catch(() => ({})) : {}), () => null);

async function start() {
  const boot = window.aiaBoot;
  try {
    const engine = startEngine(boot.module);
    engine.catch(() => { /* reported below */ });
    let data = null;
    try {
      data = await boot.data;
    } catch (e) {
      // No start data (an older site, or the file is missing): the engine does it all.
    }
    const kept = await boot.stored;
    stats.boot = performance.now();
    // [team] Under the team server (or offline, when it may be one) the app signs in
    // first, on the path below that waits for the engine.
    const info = await teamInfo;
    const maybeTeam = info === null || info.team === true;
    if (data && kept === null && !maybeTeam) { // a first visit: nothing kept in this browser
      useStartData(data);
      useStartVersions(data);
      state.nothingKept = true;
      showPage(data.lang);
      await showWelcome();
      stats.ready = performance.now();
      performance.mark('aia-ready');
      boot.compile(); // the page is up: the engine can have the processor
      await engine;
      await loadQuestionnaires();
      return;
    }
    if (data) useStartData(data);
    const record = kept && kept.record;
    const remembered = record && !maybeTeam && data && record.version === data.questionnaire.version &&
      rememberedEvaluation(record.id, record.rev || 0);
    if (remembered) {
      // A reload of the open assessment, whose evaluation this browser remembers: the
      // form shows at once, and the engine checks it when ready (onEngineReady).
      useStartVersions(data);
      pageUp(data.lang);
      try {
        await openAssessment(record.id, { restore: true, record, current: true, ev: remembered });
        boot.compile();
        await engine;
        await loadQuestionnaires();
        return;
      } catch (e) {
        // Not shown after all: the paths below open it with the engine.
      }
    }
    boot.compile(); // every other path waits for the engine
    await engine;
    const embedded = record && data && data.versions.some((v) => v.version === record.version);
    if (embedded && !maybeTeam) {
      // The questionnaire files can wait: the assessment does not use one.
      useStartVersions(data);
      pageUp(data.lang);
      try {
        await openAssessment(record.id, { restore: true, record, current: true });
        await loadQuestionnaires();
        return;
      } catch (e) {
        // Not readable after all: the path below says why.
      }
    }
    await loadQuestionnaires(); // the questionnaire files kept in this browser
    state.current = state.versions.find((v) => v.current).version;
    let lang = kept && kept.lang;
    if (!kept) lang = await store('getSetting', 'lang');
    stats.setting = performance.now();
    if (lang !== 'en' && lang !== 'fr') lang = (navigator.language || 'en').toLowerCase().startsWith('fr') ? 'fr' : 'en';
    pageUp(lang);
    if (maybeTeam && (info !== null || (await store('getSetting', 'team')) === '1')) { // [team]
      await (await import('../team/team.js')).start(info);
    }
    // The team app may have changed which assessment opens (an invitation opens none).
    const currentID = kept && !maybeTeam ? (kept.record && kept.record.id) : await store('getSetting', 'current');
    if (currentID) {
      try {
        await openAssessment(currentID, { restore: true, current: true });
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
    box.replaceChildren(el('p', { text: TEXTS[state.lang].loadFailed + errorText(e) }));
  }
}

// startEngine runs the compiled engine; it resolves when the engine is ready.
async function startEngine(compiled) {
  const module = await compiled;
  stats.compiled = performance.now();
  performance.mark('aia-compiled');
  const ready = new Promise((resolve) => { window.aiaReady = resolve; });
  const go = new window.Go();
  go.run(await WebAssembly.instantiate(module, go.importObject));
  await ready;
  stats.engine = performance.now();
  performance.mark('aia-engine');
  markReady();
  onEngineReady();
}

// useStartVersions takes the versions and the questionnaire in force from the start
// data, for a page shown before the questionnaire files are loaded.
function useStartVersions(data) {
  state.versions = data.versions;
  state.current = data.questionnaire.version;
}

// pageUp shows the page in a language, and records when (stats.ready).
function pageUp(lang) {
  showPage(lang);
  stats.ready = performance.now();
  performance.mark('aia-ready');
}

// showPage shows the page's own texts in a language, and its navigation.
function showPage(lang) {
  state.lang = lang;
  applyStaticTexts();
  $('lang-toggle').addEventListener('click', toggleLang);
  $('nav-home').addEventListener('click', () => showWelcome());
  $('loading').hidden = true;
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
  const lang = otherLang();
  if (state.view === 'form' && !isReadyFor(lang)) await ready;
  state.lang = lang;
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

// isReadyFor reports whether the form can be shown in lang without waiting for the engine.
function isReadyFor(lang) {
  const keep = state.lang;
  state.lang = lang;
  const ok = hasQuestionnaire(state.ev.version);
  state.lang = keep;
  return ok;
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
