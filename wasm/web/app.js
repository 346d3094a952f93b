// The AIA browser app. The Go engine (aia.wasm, see wasm/main.go) scores, validates and
// stores; this script only builds the page. Every text from the questionnaire or a file
// is inserted with textContent or as an attribute value, never as HTML.
'use strict';

(function () {
  const TEXTS = {
    en: {
      skip: 'Skip to main content',
      appName: 'Algorithmic Impact Assessment',
      siteNav: 'Application',
      myAssessments: 'My assessments',
      otherLang: 'Français',
      otherLangCode: 'fr',
      privacy: 'Your answers stay in this browser: nothing is sent anywhere.',
      loadFailed: 'The assessment engine could not start: ',
      welcomeTitle: 'Algorithmic Impact Assessment',
      welcomeIntro: 'Assess the impact of an automated decision system under the Directive on Automated Decision-Making. Your answers are saved in this browser as you go; you can save them to a file and open it again here or in the official tool.',
      newAssessment: 'Start a new assessment',
      importLabel: 'Open a saved file (JSON)',
      importHelp: 'A file saved by this app or by the official AIA tool. It becomes a new assessment in this browser.',
      savedTitle: 'Saved assessments',
      noneSaved: 'No assessment is saved in this browser yet.',
      colTitle: 'Assessment',
      colVersion: 'Questionnaire',
      colUpdated: 'Last saved',
      colActions: 'Actions',
      untitled: 'Untitled assessment',
      open: 'Open',
      duplicate: 'Duplicate',
      delete: 'Delete',
      openNamed: 'Open {0}',
      duplicateNamed: 'Duplicate {0}',
      deleteNamed: 'Delete {0}',
      duplicated: 'A copy of {0} was created.',
      deleted: '{0} was deleted.',
      deleteTitle: 'Delete this assessment?',
      deleteBody: '{0} will be deleted from this browser. This cannot be undone; save it to a file first to keep a copy.',
      cancel: 'Cancel',
      importFailed: 'This file could not be opened: {0}',
      importProblems: 'Some answers in the file could not be read and were left out:',
      outdated: 'This assessment uses questionnaire {0}. The questionnaire in force is {1}.',
      migrate: 'Move the answers to {0}…',
      migrateTitle: 'Move the answers to questionnaire {0}?',
      migrateKept: 'Answers kept: {0}.',
      migrateDropped: 'Answers that cannot be kept:',
      migrateRenamed: 'Answers renamed:',
      migrateReweighted: 'Answers whose points change:',
      migrateLevels: 'Impact level: {0} now, {1} after the move.',
      migrateToAnswer: 'Questions to answer after the move: {0}.',
      migrateNote: 'A new copy is created with questionnaire {0}; this assessment stays as it is.',
      migrateOk: 'Create the copy',
      questionnaireVersion: 'Questionnaire {0}',
      sections: 'Sections',
      sectionOf: 'Section {0} of {1}',
      progressLabel: 'Progress through the sections',
      answeredOf: '{0} of {1} answered',
      previous: 'Previous section',
      next: 'Next section',
      seeResults: 'See the results',
      results: 'Results',
      exportFile: 'Save to a file',
      saved: 'Saved in this browser at {0}',
      saveFailed: 'Could not save in this browser: {0}',
      synced: 'Answers saved in another tab were brought in here.',
      required: '(required)',
      choose: '— Choose an answer —',
      other: 'Other (describe)',
      otherText: 'Your own answer',
      translationSummary: 'Give this answer in French too (optional)',
      translationLabel: 'Answer in French',
      errorTitle: 'Some answers are needed',
      errorAnswer: 'Answer this question.',
      errorLink: '{0} — {1}',
      scoreLabel: 'Live score',
      scoreText: 'Impact level {0} ({1}). Current score {2}. Raw impact score {3} of {4}. Mitigation score {5} of {6}.',
      deductionOn: 'The mitigation score earns the 15 % deduction.',
      deductionOff: 'The mitigation score earns the 15 % deduction from {0} points.',
      levelNames: ['Little to no impact', 'Moderate impact', 'High impact', 'Very high impact'],
      level: 'Impact level',
      resultsTitle: 'Results',
      backToForm: 'Back to the questionnaire',
      print: 'Print',
      summary: 'Summary',
      currentScore: 'Current score',
      rawScore: 'Raw impact score',
      mitigationScore: 'Mitigation score',
      deduction: '15 % deduction',
      yes: 'Yes',
      no: 'No',
      ofMax: '{0} of {1}',
      distance: 'Distance to the other levels',
      toNext: '{0} more raw impact points would raise the level to {1}.',
      atTop: 'Level IV is the highest level.',
      toPrevious: '{0} fewer raw impact points would lower the level to {1}.',
      atBottom: 'Level I is the lowest level.',
      toDeduction: '{0} more mitigation points would earn the deduction; the level would then be {1}.',
      margin: 'The deduction holds with up to {0} mitigation points fewer; without it the level would be {1}.',
      bounds: 'Level I up to a current score of {0}, level II up to {1}, level III up to {2}, level IV above.',
      bySection: 'Scores by section',
      chartLabel: 'Score of each section, as a share of its maximum',
      colSection: 'Section',
      colKind: 'Score',
      colAnswered: 'Answered',
      colScore: 'Points',
      colMax: 'Maximum',
      kinds: { raw: 'Raw impact', mitigation: 'Mitigation', mixed: 'Raw impact and mitigation' },
      requirements: 'What the Directive requires at level {0} (Appendix C)',
      directive: 'Edition: {0}.',
      measures: 'Mitigation measures you commit to',
      noMeasures: 'No mitigation measure is committed to yet.',
      points: '{0} points',
      perQuestion: 'Points by question',
      colQuestion: 'Question',
      hiddenNote: 'not counted: hidden ({0} points)',
      allAnswers: 'All questions and answers',
      notAnswered: 'Not answered',
      translationIn: 'In French: {0}',
      warnings: 'Warnings',
    },
    fr: {
      skip: 'Passer au contenu principal',
      appName: 'Évaluation de l’incidence algorithmique',
      siteNav: 'Application',
      myAssessments: 'Mes évaluations',
      otherLang: 'English',
      otherLangCode: 'en',
      privacy: 'Vos réponses restent dans ce navigateur : rien n’est envoyé nulle part.',
      loadFailed: 'Le moteur d’évaluation n’a pas pu démarrer : ',
      welcomeTitle: 'Évaluation de l’incidence algorithmique',
      welcomeIntro: 'Évaluez l’incidence d’un système décisionnel automatisé selon la Directive sur la prise de décisions automatisée. Vos réponses sont enregistrées dans ce navigateur au fur et à mesure; vous pouvez les enregistrer dans un fichier et l’ouvrir de nouveau ici ou dans l’outil officiel.',
      newAssessment: 'Commencer une nouvelle évaluation',
      importLabel: 'Ouvrir un fichier enregistré (JSON)',
      importHelp: 'Un fichier enregistré par cette application ou par l’outil officiel de l’EIA. Il devient une nouvelle évaluation dans ce navigateur.',
      savedTitle: 'Évaluations enregistrées',
      noneSaved: 'Aucune évaluation n’est encore enregistrée dans ce navigateur.',
      colTitle: 'Évaluation',
      colVersion: 'Questionnaire',
      colUpdated: 'Dernier enregistrement',
      colActions: 'Actions',
      untitled: 'Évaluation sans titre',
      open: 'Ouvrir',
      duplicate: 'Dupliquer',
      delete: 'Supprimer',
      openNamed: 'Ouvrir {0}',
      duplicateNamed: 'Dupliquer {0}',
      deleteNamed: 'Supprimer {0}',
      duplicated: 'Une copie de {0} a été créée.',
      deleted: '{0} a été supprimée.',
      deleteTitle: 'Supprimer cette évaluation?',
      deleteBody: '{0} sera supprimée de ce navigateur. C’est définitif; enregistrez-la d’abord dans un fichier pour en garder une copie.',
      cancel: 'Annuler',
      importFailed: 'Ce fichier n’a pas pu être ouvert : {0}',
      importProblems: 'Certaines réponses du fichier n’ont pas pu être lues et ont été laissées de côté :',
      outdated: 'Cette évaluation utilise le questionnaire {0}. Le questionnaire en vigueur est {1}.',
      migrate: 'Passer les réponses à {0}…',
      migrateTitle: 'Passer les réponses au questionnaire {0}?',
      migrateKept: 'Réponses conservées : {0}.',
      migrateDropped: 'Réponses qui ne peuvent pas être conservées :',
      migrateRenamed: 'Réponses renommées :',
      migrateReweighted: 'Réponses dont les points changent :',
      migrateLevels: 'Niveau d’incidence : {0} maintenant, {1} après le passage.',
      migrateToAnswer: 'Questions auxquelles répondre après le passage : {0}.',
      migrateNote: 'Une nouvelle copie est créée avec le questionnaire {0}; cette évaluation reste telle quelle.',
      migrateOk: 'Créer la copie',
      questionnaireVersion: 'Questionnaire {0}',
      sections: 'Sections',
      sectionOf: 'Section {0} de {1}',
      progressLabel: 'Progression dans les sections',
      answeredOf: '{0} sur {1} répondues',
      previous: 'Section précédente',
      next: 'Section suivante',
      seeResults: 'Voir les résultats',
      results: 'Résultats',
      exportFile: 'Enregistrer dans un fichier',
      saved: 'Enregistré dans ce navigateur à {0}',
      saveFailed: 'Enregistrement impossible dans ce navigateur : {0}',
      synced: 'Les réponses enregistrées dans un autre onglet ont été reprises ici.',
      required: '(obligatoire)',
      choose: '— Choisissez une réponse —',
      other: 'Autre (précisez)',
      otherText: 'Votre réponse',
      translationSummary: 'Donner aussi cette réponse en anglais (facultatif)',
      translationLabel: 'Réponse en anglais',
      errorTitle: 'Des réponses sont nécessaires',
      errorAnswer: 'Répondez à cette question.',
      errorLink: '{0} — {1}',
      scoreLabel: 'Résultat en direct',
      scoreText: 'Niveau d’incidence {0} ({1}). Note actuelle {2}. Note d’incidence brute {3} sur {4}. Note d’atténuation {5} sur {6}.',
      deductionOn: 'La note d’atténuation donne droit à la réduction de 15 %.',
      deductionOff: 'La note d’atténuation donne droit à la réduction de 15 % à partir de {0} points.',
      levelNames: ['Incidence faible ou nulle', 'Incidence modérée', 'Incidence élevée', 'Incidence très élevée'],
      level: 'Niveau d’incidence',
      resultsTitle: 'Résultats',
      backToForm: 'Retour au questionnaire',
      print: 'Imprimer',
      summary: 'Sommaire',
      currentScore: 'Note actuelle',
      rawScore: 'Note d’incidence brute',
      mitigationScore: 'Note d’atténuation',
      deduction: 'Réduction de 15 %',
      yes: 'Oui',
      no: 'Non',
      ofMax: '{0} sur {1}',
      distance: 'Distance aux autres niveaux',
      toNext: '{0} points d’incidence brute de plus porteraient le niveau à {1}.',
      atTop: 'Le niveau IV est le plus élevé.',
      toPrevious: '{0} points d’incidence brute de moins ramèneraient le niveau à {1}.',
      atBottom: 'Le niveau I est le plus bas.',
      toDeduction: '{0} points d’atténuation de plus donneraient droit à la réduction; le niveau serait alors {1}.',
      margin: 'La réduction tient avec jusqu’à {0} points d’atténuation de moins; sans elle, le niveau serait {1}.',
      bounds: 'Niveau I jusqu’à une note actuelle de {0}, niveau II jusqu’à {1}, niveau III jusqu’à {2}, niveau IV au-delà.',
      bySection: 'Notes par section',
      chartLabel: 'Note de chaque section, en proportion de son maximum',
      colSection: 'Section',
      colKind: 'Note',
      colAnswered: 'Répondues',
      colScore: 'Points',
      colMax: 'Maximum',
      kinds: { raw: 'Incidence brute', mitigation: 'Atténuation', mixed: 'Incidence brute et atténuation' },
      requirements: 'Ce que la Directive exige au niveau {0} (annexe C)',
      directive: 'Édition : {0}.',
      measures: 'Mesures d’atténuation auxquelles vous vous engagez',
      noMeasures: 'Aucune mesure d’atténuation n’est encore prévue.',
      points: '{0} points',
      perQuestion: 'Points par question',
      colQuestion: 'Question',
      hiddenNote: 'non comptée : masquée ({0} points)',
      allAnswers: 'Toutes les questions et réponses',
      notAnswered: 'Sans réponse',
      translationIn: 'En anglais : {0}',
      warnings: 'Avertissements',
    },
  };
  const ROMAN = ['', 'I', 'II', 'III', 'IV'];

  const state = {
    lang: 'en',
    versions: [],
    current: '',      // the questionnaire version in force
    q: null,          // the questionnaire view of the open assessment, in state.lang
    record: null,     // the stored record of the open assessment (without its file)
    file: null,       // the open assessment: a saved file, as an object
    base: '',         // the stored text state.file was last read from or written as…
    rev: 0,           // …and its revision: a save merges what other tabs wrote since
    ev: null,         // the last evaluation of state.file
    page: 0,          // index of the shown page in state.q.pages
    view: '',
    notices: null,    // import problems and messages shown above the form
    showErrors: false,
    saving: false,
    savePending: false,
    firstQuestion: false,
  };
  // Measurements the end-to-end tests read.
  const stats = { recompute: [], compiled: 0, engine: 0, ready: 0, firstQuestion: 0, synced: 0 };
  window.aiaStats = stats;

  const $ = (id) => document.getElementById(id);
  const t = (key) => TEXTS[state.lang][key];
  const fmt = (key, ...args) => String(t(key)).replace(/\{(\d)\}/g, (_, i) => String(args[Number(i)]));
  const otherLang = () => (state.lang === 'en' ? 'fr' : 'en');

  // el builds an element: props are properties (text is textContent, class is className,
  // on* are listeners, attrs are attributes); children are nodes or strings (as text).
  function el(tag, props, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(props || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k === 'text') e.textContent = v;
      else if (k === 'class') e.className = v;
      else if (k === 'attrs') for (const [a, av] of Object.entries(v)) { if (av !== undefined && av !== null && av !== false) e.setAttribute(a, av === true ? '' : String(av)); }
      else if (k === 'dataset') Object.assign(e.dataset, v);
      else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
      else e[k] = v;
    }
    for (const c of children.flat()) {
      if (c === null || c === undefined || c === false) continue;
      e.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return e;
  }

  const SVG = 'http://www.w3.org/2000/svg';
  function svg(tag, attrs, ...children) {
    const e = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, String(v));
    for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
    return e;
  }

  // Plain text: blank lines separate paragraphs, lines starting with "- " are list items;
  // https addresses become links (text only).
  function paragraphs(text, className) {
    const out = [];
    for (const para of String(text).split(/\n\s*\n/)) {
      let list = null;
      for (const line of para.split('\n')) {
        if (!line.trim()) continue;
        if (line.startsWith('- ')) {
          if (!list) { list = el('ul', { class: className }); out.push(list); }
          list.append(el('li', null, linkify(line.slice(2))));
        } else {
          list = null;
          out.push(el('p', { class: className }, linkify(line)));
        }
      }
    }
    return out;
  }

  function linkify(text) {
    const parts = [];
    const re = /https:\/\/[^\s()<>"]+[^\s()<>".,;:!?]/g;
    let last = 0;
    let m;
    while ((m = re.exec(text)) !== null) {
      parts.push(text.slice(last, m.index));
      parts.push(el('a', { href: m[0], text: m[0], attrs: { rel: 'noreferrer noopener' } }));
      last = m.index + m[0].length;
    }
    parts.push(text.slice(last));
    return parts;
  }

  // call runs a synchronous engine function; it throws the engine's error.
  function call(name, ...args) {
    const out = JSON.parse(window.aia[name](...args));
    if (out.error !== undefined) throw new Error(out.error);
    return out.value;
  }
  async function store(name, ...args) {
    const out = await window.aia.store[name](...args);
    return typeof out === 'string' && (name !== 'getSetting') ? JSON.parse(out) : out;
  }

  function questionnaire(version) {
    const key = version + '/' + state.lang;
    questionnaire.cache = questionnaire.cache || {};
    if (!questionnaire.cache[key]) questionnaire.cache[key] = call('questionnaire', version, state.lang);
    return questionnaire.cache[key];
  }

  const fileText = () => JSON.stringify(state.file);
  const titleOf = (r) => (r && r.title ? r.title : t('untitled'));
  const levelText = (n) => ROMAN[n] + ' (' + t('levelNames')[n - 1] + ')';

  // ---- Start ----

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

  function showView(name, focus) {
    if (name !== state.view) announceSync('');
    state.view = name;
    for (const v of ['welcome', 'form', 'results']) $(v).hidden = v !== name;
    $('nav-home').hidden = name === 'welcome';
    document.body.dataset.view = name;
    if (focus) {
      const h = document.querySelector('#' + name + ' h1');
      if (h) h.focus();
    }
  }

  // ---- Welcome: the stored assessments ----

  async function showWelcome() {
    await renderWelcome(true);
  }

  async function renderWelcome(focus, message) {
    const list = await store('list');
    const root = $('welcome');
    const msg = el('div', { id: 'welcome-message', attrs: { role: 'status' } }, message || null);
    const input = el('input', { type: 'file', id: 'import-file', accept: '.json,application/json', attrs: { 'aria-describedby': 'import-help' }, onchange: importFile });
    const dateFmt = new Intl.DateTimeFormat(state.lang === 'fr' ? 'fr-CA' : 'en-CA', { dateStyle: 'medium', timeStyle: 'short' });
    let table;
    if (list.length === 0) {
      table = el('p', { id: 'saved-empty', text: t('noneSaved') });
    } else {
      table = el('table', { class: 'saved', id: 'saved-list' },
        el('thead', null, el('tr', null,
          el('th', { scope: 'col', text: t('colTitle') }),
          el('th', { scope: 'col', text: t('colVersion') }),
          el('th', { scope: 'col', text: t('colUpdated') }),
          el('th', { scope: 'col', text: t('colActions') }))),
        el('tbody', null, list.map((r) => {
          const quoted = state.lang === 'fr' ? '« ' + titleOf(r) + ' »' : '“' + titleOf(r) + '”';
          return el('tr', { dataset: { id: r.id } },
            el('th', { scope: 'row', class: 'saved-title', text: titleOf(r) }),
            el('td', { text: r.version }),
            el('td', null, el('time', { dateTime: new Date(r.updated).toISOString(), text: dateFmt.format(new Date(r.updated)) })),
            el('td', { class: 'actions' },
              el('button', { type: 'button', class: 'open', text: t('open'), attrs: { 'aria-label': fmt('openNamed', quoted) }, onclick: () => openAssessment(r.id, { restore: true }) }),
              el('button', { type: 'button', class: 'duplicate secondary', text: t('duplicate'), attrs: { 'aria-label': fmt('duplicateNamed', quoted) }, onclick: () => duplicateAssessment(r) }),
              el('button', { type: 'button', class: 'delete danger', text: t('delete'), attrs: { 'aria-label': fmt('deleteNamed', quoted) }, onclick: () => deleteAssessment(r) })));
        })));
    }
    root.replaceChildren(
      el('h1', { id: 'welcome-title', tabIndex: -1, text: t('welcomeTitle') }),
      el('p', { class: 'lead', text: t('welcomeIntro') }),
      msg,
      el('div', { class: 'start' },
        el('button', { type: 'button', id: 'new-assessment', class: 'primary', text: t('newAssessment'), onclick: newAssessment }),
        el('div', { class: 'import' },
          el('label', { htmlFor: 'import-file', text: t('importLabel') }),
          el('p', { id: 'import-help', class: 'help', text: t('importHelp') }),
          input)),
      el('h2', { id: 'saved-heading', text: t('savedTitle') }),
      table);
    showView('welcome', focus);
  }

  async function newAssessment() {
    const file = { version: state.current, currentPage: 0, data: {}, translationsOnResult: {} };
    const rec = await store('save', '', JSON.stringify(file));
    await openAssessment(rec.id, { restore: false });
  }

  async function duplicateAssessment(r) {
    try {
      await store('duplicate', r.id);
      await renderWelcome(false, fmt('duplicated', titleOf(r)));
    } catch (e) {
      await renderWelcome(false, e.message);
    }
  }

  function deleteAssessment(r) {
    confirmDialog(t('deleteTitle'), [el('p', { text: fmt('deleteBody', titleOf(r)) })], t('delete'), async () => {
      await store('remove', r.id);
      if ((await store('getSetting', 'current')) === r.id) await store('setSetting', 'current', '');
      await renderWelcome(false, fmt('deleted', titleOf(r)));
      const h = $('saved-heading');
      if (h) { h.tabIndex = -1; h.focus(); }
    }, 'danger');
  }

  // confirmDialog shows the modal dialog; onOK runs when the first button is chosen.
  function confirmDialog(title, body, okText, onOK, okClass) {
    const d = $('dialog');
    const returnTo = document.activeElement;
    $('dialog-title').textContent = title;
    $('dialog-body').replaceChildren(...body);
    const ok = $('dialog-ok');
    const cancel = $('dialog-cancel');
    ok.textContent = okText;
    ok.className = okClass || '';
    cancel.textContent = t('cancel');
    const close = async (confirmed) => {
      ok.onclick = cancel.onclick = d.oncancel = null;
      if (d.open) d.close();
      if (confirmed) await onOK();
      else if (returnTo && document.contains(returnTo)) returnTo.focus();
    };
    ok.onclick = () => close(true);
    cancel.onclick = () => close(false);
    d.oncancel = (e) => { e.preventDefault(); close(false); }; // Escape
    d.showModal();
    cancel.focus();
  }

  // ---- Import, export, migration ----

  async function importFile(event) {
    const input = event.target;
    const f = input.files && input.files[0];
    if (!f) return;
    let im;
    try {
      if (f.size > 10 * 1024 * 1024) throw new Error('file larger than the limit of 10 MiB');
      im = call('importFile', await f.text(), state.lang);
    } catch (e) {
      input.value = '';
      const msg = $('welcome-message');
      msg.setAttribute('role', 'alert');
      msg.replaceChildren(el('p', { class: 'error-text', text: fmt('importFailed', e.message) }));
      return;
    }
    input.value = '';
    const rec = await store('save', '', JSON.stringify(im.file));
    await openAssessment(rec.id, { restore: true, problems: im.problems });
  }

  function exportFile() {
    const text = call('exportFile', fileText());
    const name = (titleOf(state.record).replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'aia') + '.json';
    const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
    const a = el('a', { href: url, download: name, hidden: true });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }

  function offerMigration() {
    const m = call('migrate', fileText(), state.current);
    const mg = m.migration;
    const changeList = (title, changes) => (changes.length === 0 ? null : [
      el('p', { text: title }),
      el('ul', null, changes.map((c) => el('li', null, el('code', { text: c.question }), ' : ' + c.detail))),
    ]);
    const body = [
      el('p', { text: fmt('migrateKept', mg.kept) }),
      changeList(t('migrateDropped'), mg.dropped),
      changeList(t('migrateRenamed'), mg.renamed),
      changeList(t('migrateReweighted'), mg.reweighted),
      el('p', { text: fmt('migrateLevels', ROMAN[mg.levelBefore], ROMAN[mg.levelAfter]) }),
      el('p', { text: fmt('migrateToAnswer', mg.toAnswer.length) }),
      el('p', { text: fmt('migrateNote', state.current) }),
    ].flat().filter(Boolean);
    confirmDialog(fmt('migrateTitle', state.current), body, t('migrateOk'), async () => {
      const rec = await store('save', '', JSON.stringify(m.file));
      await openAssessment(rec.id, { restore: false });
    }, 'primary');
  }

  // ---- The form ----

  async function openAssessment(id, opts) {
    const rec = await store('get', id);
    const text = rec.file;
    const file = JSON.parse(text);
    delete rec.file;
    state.ev = call('evaluate', text);
    state.record = rec;
    state.file = file;
    state.base = text;
    state.rev = rec.rev || 0;
    announceSync('');
    state.q = questionnaire(state.ev.version);
    if (typeof state.file.data !== 'object' || state.file.data === null) state.file.data = {};
    state.notices = { problems: (opts && opts.problems) || [] };
    state.showErrors = false;
    const visible = visiblePages();
    let page = visible[0];
    if (opts && opts.restore && Number.isInteger(file.currentPage)) {
      page = visible[Math.min(file.currentPage, visible.length - 1)];
    }
    state.page = page === undefined ? 0 : page;
    await store('setSetting', 'current', id);
    renderForm(true);
    document.body.dataset.opened = id;
  }

  function visiblePages() {
    const out = [];
    state.q.pages.forEach((p, i) => { if (state.ev.pages[i].visible) out.push(i); });
    return out;
  }

  function renderForm(focus) {
    const q = state.q;
    const root = $('form');
    const header = el('div', { class: 'form-head' },
      el('h1', { id: 'form-title', tabIndex: -1, text: titleOf(state.record) }),
      el('p', { class: 'meta', text: fmt('questionnaireVersion', q.version) }));
    const notices = [];
    if (!q.current) {
      notices.push(el('div', { class: 'notice', id: 'outdated' },
        el('p', { text: fmt('outdated', q.version, state.current) }),
        el('button', { type: 'button', id: 'migrate', class: 'secondary', text: fmt('migrate', state.current), onclick: offerMigration })));
    }
    if (state.notices && state.notices.problems.length > 0) {
      notices.push(el('div', { class: 'notice', id: 'import-problems' },
        el('p', { text: t('importProblems') }),
        el('ul', null, state.notices.problems.map((p) => el('li', { text: p })))));
    }
    const score = el('div', { id: 'score', class: 'score', attrs: { role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true', 'aria-label': t('scoreLabel') } });
    const nav = el('nav', { class: 'sections', attrs: { 'aria-label': t('sections') } },
      el('ol', { id: 'section-list' }, q.pages.map((p, i) => el('li', { dataset: { index: String(i) } },
        el('button', { type: 'button', class: 'section-link', dataset: { page: p.id }, onclick: () => goToPage(i, true) },
          el('span', { class: 'section-title', text: p.title }),
          el('span', { class: 'section-status' }))))),
      el('button', { type: 'button', id: 'nav-results', class: 'section-link results-link', text: t('results'), onclick: () => showResults() }));
    const page = el('div', { class: 'page', id: 'page' });
    root.replaceChildren(header, ...notices, score,
      el('div', { class: 'form-body' }, nav, page),
      el('p', { id: 'save-status', class: 'save-status' }));
    renderPage();
    updateAll();
    showView('form', false);
    if (focus) $('form-title').focus();
    if (!state.firstQuestion) {
      state.firstQuestion = true;
      stats.firstQuestion = performance.now();
      performance.mark('aia-first-question');
    }
  }

  function renderPage() {
    const p = state.q.pages[state.page];
    const visible = visiblePages();
    const pos = visible.indexOf(state.page) + 1;
    const container = $('page');
    const progress = el('div', { class: 'progress' },
      el('p', { id: 'progress-text', text: fmt('sectionOf', pos, visible.length) }),
      el('progress', { max: visible.length, value: pos, attrs: { 'aria-labelledby': 'progress-text' } }));
    const errors = el('div', { id: 'error-summary', class: 'error-summary', hidden: true, tabIndex: -1, attrs: { role: 'alert', 'aria-labelledby': 'error-summary-title' } });
    const questions = el('div', { class: 'questions' }, p.questions.map(renderQuestion));
    questions.addEventListener('change', onControl);
    questions.addEventListener('input', onControl);
    const isLast = pos === visible.length;
    const buttons = el('div', { class: 'page-buttons' },
      el('button', { type: 'button', id: 'prev', class: 'secondary', text: t('previous'), disabled: pos <= 1, onclick: () => step(-1) }),
      isLast
        ? el('button', { type: 'button', id: 'to-results', class: 'primary', text: t('seeResults'), onclick: () => showResults(true) })
        : el('button', { type: 'button', id: 'next', class: 'primary', text: t('next'), onclick: () => step(1) }),
      el('button', { type: 'button', id: 'export', class: 'secondary', text: t('exportFile'), onclick: exportFile }));
    container.replaceChildren(progress,
      el('h2', { id: 'page-title', tabIndex: -1, text: p.title }),
      errors, questions, buttons);
    container.dataset.page = p.id;
  }

  function renderQuestion(x) {
    const data = state.file.data;
    const id = x.id;
    const wrap = el('div', { class: 'question q-' + x.type, id: 'q-' + id, dataset: { question: id, index: String(x.index) } });
    if (x.type === 'info') {
      wrap.append(...paragraphs(x.title, 'info'));
      return wrap;
    }
    const helpID = 'help-' + id;
    const errID = 'err-' + id;
    const describedBy = x.help ? helpID : null;
    const help = x.help ? el('div', { class: 'help', id: helpID }, paragraphs(x.help)) : null;
    const err = el('p', { class: 'error-text', id: errID, hidden: true, text: t('errorAnswer') });
    const req = x.required ? el('span', { class: 'required', text: ' ' + t('required') }) : null;
    const value = data[id];
    if (x.type === 'single' || x.type === 'multiple') {
      const type = x.type === 'single' ? 'radio' : 'checkbox';
      const chosen = new Set((Array.isArray(value) ? value : value === undefined ? [] : [value]).map(String));
      const choices = x.choices.slice();
      if (x.other) choices.push({ value: 'other', text: t('other') });
      const fs = el('fieldset', { attrs: { 'aria-describedby': describedBy } },
        el('legend', null, el('span', { class: 'q-title', text: x.title }), req),
        help, err,
        el('div', { class: 'choices' }, choices.map((c, i) => el('div', { class: 'choice' },
          el('input', { type, name: id, value: c.value, id: id + '--' + i, checked: chosen.has(String(c.value)), required: x.required && type === 'radio' }),
          el('label', { htmlFor: id + '--' + i, text: c.text })))));
      wrap.append(fs);
      if (x.other) wrap.append(otherField(x, chosen.has('other')));
      return wrap;
    }
    const controlID = 'c-' + id;
    let control;
    if (x.type === 'dropdown') {
      control = el('select', { name: id, id: controlID, required: x.required },
        el('option', { value: '', text: t('choose') }),
        x.choices.map((c) => el('option', { value: c.value, text: c.text, selected: value !== undefined && String(value) === String(c.value) })));
    } else if (x.type === 'comment') {
      control = el('textarea', { name: id, id: controlID, rows: 4, required: x.required, value: typeof value === 'string' ? value : '' });
    } else {
      control = el('input', { type: 'text', name: id, id: controlID, required: x.required, value: typeof value === 'string' ? value : '' });
    }
    if (describedBy) control.setAttribute('aria-describedby', describedBy);
    wrap.append(...[el('label', { htmlFor: controlID, class: 'q-label' }, el('span', { class: 'q-title', text: x.title }), req), help, err, control].filter(Boolean));
    if (x.type === 'text' || x.type === 'comment') wrap.append(translationField(x));
    return wrap;
  }

  function otherField(x, shown) {
    const cid = 'c-' + x.id + '-Comment';
    const v = state.file.data[x.id + '-Comment'];
    return el('div', { class: 'other-text', hidden: !shown, id: 'other-' + x.id },
      el('label', { htmlFor: cid, text: t('otherText') }),
      el('input', { type: 'text', id: cid, name: x.id + '-Comment', value: typeof v === 'string' ? v : '', dataset: { otherOf: x.id } }));
  }

  function translationField(x) {
    const tr = state.file.translationsOnResult || {};
    const v = typeof tr[x.id] === 'string' ? tr[x.id] : '';
    const cid = 'tr-' + x.id;
    const lang = otherLang();
    const props = { id: cid, name: 'translation-' + x.id, lang, value: v, dataset: { translationOf: x.id } };
    const control = x.type === 'comment' ? el('textarea', Object.assign(props, { rows: 3 })) : el('input', Object.assign(props, { type: 'text' }));
    return el('details', { class: 'translation', open: v !== '' },
      el('summary', { text: t('translationSummary') }),
      el('label', { htmlFor: cid, text: t('translationLabel') }),
      control);
  }

  // onControl records the answer of the control that changed, then updates the page
  // and saves.
  function onControl(event) {
    const c = event.target;
    if (!c.name) return;
    if (event.type === 'input' && (c.type === 'radio' || c.type === 'checkbox' || c.tagName === 'SELECT')) return;
    if (event.type === 'change' && (c.type === 'text' || c.tagName === 'TEXTAREA')) return;
    const data = state.file.data;
    if (c.dataset.translationOf) {
      const tr = state.file.translationsOnResult && typeof state.file.translationsOnResult === 'object' ? state.file.translationsOnResult : (state.file.translationsOnResult = {});
      if (c.value.trim() === '') delete tr[c.dataset.translationOf]; else tr[c.dataset.translationOf] = c.value;
      save();
      return;
    }
    if (c.dataset.otherOf) {
      if (c.value.trim() === '') delete data[c.name]; else data[c.name] = c.value;
      save();
      return;
    }
    const id = c.name;
    if (c.type === 'radio') {
      data[id] = c.value;
    } else if (c.type === 'checkbox') {
      const values = Array.from(document.querySelectorAll('input[type=checkbox][name="' + CSS.escape(id) + '"]')).filter((b) => b.checked).map((b) => b.value);
      if (values.length === 0) delete data[id]; else data[id] = values;
    } else if (c.value.trim() === '') {
      delete data[id];
    } else {
      data[id] = c.value;
    }
    const other = $('other-' + id);
    if (other) other.hidden = !(c.type === 'checkbox' ? (data[id] || []).includes('other') : data[id] === 'other');
    recompute();
    save();
  }

  // recompute asks the engine for the visibility and score, and shows them.
  function recompute() {
    const t0 = performance.now();
    state.ev = call('evaluate', fileText());
    updateAll();
    const dt = performance.now() - t0;
    stats.recompute.push(dt);
    if (stats.recompute.length > 500) stats.recompute.shift();
  }

  function updateAll() {
    const ev = state.ev;
    for (const w of document.querySelectorAll('#page .question')) {
      w.hidden = ev.visible[Number(w.dataset.index)] !== '1';
    }
    const visible = visiblePages();
    for (const li of document.querySelectorAll('#section-list li')) {
      const i = Number(li.dataset.index);
      const ps = ev.pages[i];
      li.hidden = !ps.visible;
      const b = li.firstElementChild;
      if (i === state.page) b.setAttribute('aria-current', 'step'); else b.removeAttribute('aria-current');
      b.lastElementChild.textContent = ps.shown > 0 ? fmt('answeredOf', ps.answered, ps.shown) : '';
    }
    const pos = visible.indexOf(state.page) + 1;
    const pt = $('progress-text');
    if (pt) {
      pt.textContent = fmt('sectionOf', pos, visible.length);
      const bar = pt.nextElementSibling;
      bar.max = visible.length;
      bar.value = pos;
    }
    updateScore();
    if (state.showErrors) showErrors(false);
  }

  function updateScore() {
    const s = state.ev.score;
    const box = $('score');
    if (!box) return;
    box.dataset.level = String(s.level);
    box.dataset.current = String(s.current);
    box.dataset.raw = String(s.raw);
    box.dataset.mitigation = String(s.mitigation);
    const text = fmt('scoreText', ROMAN[s.level], t('levelNames')[s.level - 1], s.current, s.raw, s.maxRaw, s.mitigation, s.maxMitigation) + ' ' +
      (s.deduction ? t('deductionOn') : fmt('deductionOff', s.threshold));
    const levelBadge = el('span', { class: 'level-badge level-' + s.level, attrs: { 'aria-hidden': 'true' }, text: ROMAN[s.level] });
    const meter = el('span', { class: 'meter', attrs: { 'aria-hidden': 'true' } }, el('span', { class: 'meter-fill level-' + s.level }));
    meter.firstChild.style.width = Math.min(100, Math.round(100 * s.current / Math.max(1, s.maxRaw))) + '%';
    const old = box.querySelector('.score-text');
    if (old && old.textContent === text) return; // nothing new to announce
    box.replaceChildren(levelBadge, el('span', { class: 'score-text', text }), meter);
  }

  function step(delta) {
    if (delta > 0 && !checkPage()) return;
    const visible = visiblePages();
    const pos = visible.indexOf(state.page);
    const next = visible[pos + delta];
    if (next !== undefined) goToPage(next, true);
  }

  // checkPage shows the required questions of the page left unanswered.
  function checkPage() {
    const missing = state.ev.pages[state.page].missing;
    if (missing.length === 0) {
      state.showErrors = false;
      return true;
    }
    state.showErrors = true;
    showErrors(true);
    return false;
  }

  function showErrors(focus) {
    const missing = new Set(state.ev.pages[state.page].missing);
    const box = $('error-summary');
    for (const w of document.querySelectorAll('#page .question')) {
      const bad = missing.has(w.dataset.question);
      const err = $('err-' + w.dataset.question);
      if (err) err.hidden = !bad;
      const described = w.querySelector('fieldset, select, textarea:not([data-translation-of]), input[type=text]:not([data-translation-of]):not([data-other-of])');
      if (described) {
        const ids = (described.getAttribute('aria-describedby') || '').split(' ').filter((v) => v && v !== 'err-' + w.dataset.question);
        if (bad) ids.push('err-' + w.dataset.question);
        if (ids.length > 0) described.setAttribute('aria-describedby', ids.join(' ')); else described.removeAttribute('aria-describedby');
      }
      for (const c of w.querySelectorAll('[name="' + CSS.escape(w.dataset.question) + '"]')) {
        if (bad) c.setAttribute('aria-invalid', 'true'); else c.removeAttribute('aria-invalid');
      }
      w.classList.toggle('invalid', bad);
    }
    if (missing.size === 0) {
      box.hidden = true;
      box.replaceChildren();
      state.showErrors = false;
      return;
    }
    const titles = {};
    for (const x of state.q.pages[state.page].questions) titles[x.id] = x.title;
    box.replaceChildren(
      el('h3', { id: 'error-summary-title', text: t('errorTitle') }),
      el('ul', null, Array.from(missing).map((id) => el('li', null,
        el('a', { href: '#q-' + id, text: fmt('errorLink', titles[id], t('errorAnswer')), onclick: (e) => { e.preventDefault(); focusQuestion(id); } })))));
    box.hidden = false;
    if (focus) box.focus();
  }

  function focusQuestion(id) {
    const w = $('q-' + id);
    if (!w) return;
    const c = w.querySelector('input, select, textarea');
    if (c) c.focus();
  }

  function goToPage(i, focus) {
    state.page = i;
    state.showErrors = false;
    const visible = visiblePages();
    state.file.currentPage = Math.max(0, visible.indexOf(i));
    renderPage();
    updateAll();
    save();
    if (focus) $('page-title').focus();
  }

  // ---- Saving (every change; one write at a time, the latest state last) ----

  async function save() {
    if (state.saving) {
      state.savePending = true;
      return;
    }
    state.saving = true;
    document.body.dataset.saving = 'true';
    const status = $('save-status');
    try {
      do {
        state.savePending = false;
        const id = state.record.id;
        const sent = fileText();
        const rec = await store('save', id, sent, state.base, String(state.rev));
        if (!state.record || state.record.id !== id) continue; // another one was opened meanwhile
        const stored = rec.file;
        const written = rec.written;
        delete rec.file;
        delete rec.written;
        state.base = stored;
        state.rev = rec.rev;
        if (written) broadcast({ type: 'saved', id, rev: rec.rev });
        if (stored !== sent) {
          // Other tabs' answers were merged in (answers changed here since were kept,
          // and so are those changed here while this save ran).
          const now = fileText();
          applyExternal(JSON.parse(now === sent ? stored : call('merge', sent, now, stored)));
        }
        const titleChanged = rec.title !== state.record.title;
        state.record = rec;
        if (titleChanged && $('form-title')) $('form-title').textContent = titleOf(rec);
        if (status && document.contains(status)) {
          status.textContent = fmt('saved', new Date(rec.updated).toLocaleTimeString(state.lang === 'fr' ? 'fr-CA' : 'en-CA'));
          status.classList.remove('error-text');
        }
      } while (state.savePending);
    } catch (e) {
      if (status) {
        status.textContent = fmt('saveFailed', e.message);
        status.classList.add('error-text');
      }
    } finally {
      state.saving = false;
      document.body.dataset.saving = 'false';
    }
  }

  // ---- Other tabs ----
  // Each save merges, answer by answer, what other tabs stored since this tab's base
  // (store.Save, in the IndexedDB transaction of the write), so no tab's saved answer
  // is lost. A tab that saved tells the others on a BroadcastChannel; they catch up at
  // once with a save that has nothing of its own to add (so writes nothing).

  const channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel('aia') : null;
  function broadcast(message) {
    if (channel) channel.postMessage(message);
  }
  if (channel) {
    channel.onmessage = (event) => {
      const m = event.data;
      if (!m || m.type !== 'saved' || !state.record || m.id !== state.record.id) return;
      if (m.rev === state.rev || (state.view !== 'form' && state.view !== 'results')) return;
      save();
    };
  }

  // applyExternal makes file (state.file with other tabs' answers merged in) the open
  // assessment, and updates the controls whose answers changed, without re-rendering
  // the page: the focus and the field being typed in stay.
  function applyExternal(file) {
    if (typeof file.data !== 'object' || file.data === null) file.data = {};
    const old = state.file;
    state.file = file;
    const changed = (a, b) => {
      const keys = new Set();
      const x = a && typeof a === 'object' ? a : {};
      const y = b && typeof b === 'object' ? b : {};
      for (const k of new Set([...Object.keys(x), ...Object.keys(y)])) {
        if (JSON.stringify(x[k]) !== JSON.stringify(y[k])) keys.add(k);
      }
      return keys;
    };
    const data = changed(old.data, file.data);
    const tr = changed(old.translationsOnResult, file.translationsOnResult);
    if (data.size === 0 && tr.size === 0) return;
    if (state.view === 'form') {
      updateControls(data, tr);
      recompute();
    } else if (state.view === 'results') {
      const focused = document.activeElement && document.activeElement.id;
      renderResults(false);
      if (focused && $(focused)) $(focused).focus();
    }
    stats.synced++;
    announceSync(t('synced'));
  }

  function updateControls(data, tr) {
    const answers = state.file.data;
    const translations = state.file.translationsOnResult || {};
    const setText = (c, v) => {
      if (c.value === v) return;
      if (c === document.activeElement && typeof c.selectionStart === 'number') {
        const start = c.selectionStart;
        const end = c.selectionEnd;
        c.value = v;
        c.setSelectionRange(Math.min(start, v.length), Math.min(end, v.length));
      } else {
        c.value = v;
      }
    };
    for (const c of document.querySelectorAll('#page [name]')) {
      if (c.dataset.translationOf) {
        if (!tr.has(c.dataset.translationOf)) continue;
        const v = typeof translations[c.dataset.translationOf] === 'string' ? translations[c.dataset.translationOf] : '';
        setText(c, v);
        if (v !== '') c.closest('details').open = true;
        continue;
      }
      if (!data.has(c.name)) continue;
      const value = answers[c.name];
      if (c.type === 'radio' || c.type === 'checkbox') {
        const chosen = (Array.isArray(value) ? value : value === undefined ? [] : [value]).map(String);
        c.checked = chosen.includes(c.value);
      } else if (c.tagName === 'SELECT') {
        c.value = value === undefined ? '' : String(value);
      } else {
        setText(c, typeof value === 'string' ? value : '');
      }
    }
    for (const id of data) {
      const other = $('other-' + id);
      if (other) other.hidden = !(Array.isArray(answers[id]) ? answers[id].includes('other') : answers[id] === 'other');
    }
  }

  // announceSync says, politely, that answers came from another tab (in a live region
  // that is always in the page, so that the change is announced).
  function announceSync(text) {
    const region = $('sync-status');
    if (!region) return;
    clearTimeout(announceSync.timer);
    region.textContent = '';
    if (text) announceSync.timer = setTimeout(() => { region.textContent = text; }, 100);
  }

  // ---- Results ----

  function showResults(check) {
    if (check && !checkPage()) return;
    renderResults(true);
  }

  function renderResults(focus) {
    const r = call('report', fileText(), state.lang);
    const root = $('results');
    const dl = (pairs) => el('dl', { class: 'pairs' }, pairs.flatMap(([k, v]) => [el('dt', { text: k }), el('dd', { text: v })]));
    const summary = el('section', { attrs: { 'aria-labelledby': 'summary-title' } },
      el('h2', { id: 'summary-title', text: t('summary') }),
      el('p', { class: 'level-result', id: 'result-level' }, t('level') + ' ', el('strong', { text: levelText(r.level) })),
      dl([
        [t('currentScore'), String(r.current)],
        [t('rawScore'), fmt('ofMax', r.raw, r.maxRaw)],
        [t('mitigationScore'), fmt('ofMax', r.mitigation, r.maxMitigation)],
        [t('deduction'), (r.deduction ? t('yes') : t('no')) + ' — ' + (r.deduction ? t('deductionOn') : fmt('deductionOff', r.threshold))],
      ]));
    const e = r.explanation;
    const distance = el('section', { attrs: { 'aria-labelledby': 'distance-title' } },
      el('h2', { id: 'distance-title', text: t('distance') }),
      el('ul', { id: 'distance' },
        el('li', { text: r.level < 4 ? fmt('toNext', e.rawToNextLevel, ROMAN[r.level + 1]) : t('atTop') }),
        el('li', { text: r.level > 1 ? fmt('toPrevious', e.rawToPreviousLevel, ROMAN[r.level - 1]) : t('atBottom') }),
        el('li', { text: r.deduction ? fmt('margin', e.mitigationMargin, ROMAN[e.levelIfDeductionToggled]) : fmt('toDeduction', e.mitigationToDeduction, ROMAN[e.levelIfDeductionToggled]) }),
        el('li', { text: fmt('bounds', e.levelBounds[0], e.levelBounds[1], e.levelBounds[2]) })));
    const shown = r.sections.filter((s) => s.visible);
    const sections = el('section', { attrs: { 'aria-labelledby': 'sections-title' } },
      el('h2', { id: 'sections-title', text: t('bySection') }),
      chart(shown),
      el('table', { id: 'section-table' },
        el('thead', null, el('tr', null, [t('colSection'), t('colKind'), t('colAnswered'), t('colScore'), t('colMax')].map((h) => el('th', { scope: 'col', text: h })))),
        el('tbody', null, shown.map((s) => el('tr', null,
          el('th', { scope: 'row', text: s.title }),
          el('td', { text: t('kinds')[s.kind] || s.kind }),
          el('td', { class: 'num', text: fmt('ofMax', s.answered, s.questions) }),
          el('td', { class: 'num', text: String(s.score) }),
          el('td', { class: 'num', text: String(s.max) }))))));
    const reqs = el('section', { attrs: { 'aria-labelledby': 'requirements-title' }, id: 'requirements' },
      el('h2', { id: 'requirements-title', text: fmt('requirements', ROMAN[r.level]) }),
      r.directive ? el('p', { class: 'meta', text: fmt('directive', r.directive) }) : null,
      r.requirements.map((q) => el('div', { class: 'requirement' }, el('h3', { text: q.title }), paragraphs(q.text))));
    const measures = el('section', { attrs: { 'aria-labelledby': 'measures-title' }, id: 'measures' },
      el('h2', { id: 'measures-title', text: t('measures') }),
      r.measures.length === 0 ? el('p', { text: t('noMeasures') }) : el('ul', null, r.measures.map((m) => el('li', null,
        el('span', { text: m.title }), ' — ', el('span', { text: m.answers.join('; ') }), ' (' + fmt('points', m.points) + ')'))));
    const counted = r.questions.filter((x) => x.visible || x.hiddenPoints);
    const perQuestion = el('section', { attrs: { 'aria-labelledby': 'points-title' } },
      el('h2', { id: 'points-title', text: t('perQuestion') }),
      el('table', { id: 'points-table' },
        el('thead', null, el('tr', null, [t('colQuestion'), t('colSection'), t('colKind'), t('colScore'), t('colMax')].map((h) => el('th', { scope: 'col', text: h })))),
        el('tbody', null, counted.map((x) => el('tr', { class: x.visible ? null : 'hidden-answer' },
          el('th', { scope: 'row', text: x.title }),
          el('td', { text: x.section }),
          el('td', { text: t('kinds')[x.kind] || x.kind }),
          el('td', { class: 'num', text: x.visible ? String(x.points) : fmt('hiddenNote', x.hiddenPoints) }),
          el('td', { class: 'num', text: String(x.max) }))))));
    const answers = el('section', { attrs: { 'aria-labelledby': 'answers-title' }, id: 'answers' },
      el('h2', { id: 'answers-title', text: t('allAnswers') }),
      r.answers.map((s) => el('div', { class: 'answer-section' },
        el('h3', { text: s.title }),
        el('dl', { class: 'answers' }, s.answers.flatMap((a) => [
          el('dt', { text: a.title }),
          el('dd', { class: a.answered ? null : 'unanswered' },
            a.answered ? a.values.map((v) => el('span', { class: 'answer-value', text: v })) : t('notAnswered'),
            a.translation ? el('span', { class: 'translation-value', lang: otherLang(), text: fmt('translationIn', a.translation) }) : null),
        ])))));
    const warnings = r.warnings.length === 0 ? null : el('section', { attrs: { 'aria-labelledby': 'warnings-title' } },
      el('h2', { id: 'warnings-title', text: t('warnings') }),
      el('ul', null, r.warnings.map((w) => el('li', { text: w }))));
    root.replaceChildren(
      el('h1', { id: 'results-title', tabIndex: -1 }, t('resultsTitle') + ' — ', el('span', { text: titleOf(state.record) })),
      el('p', { class: 'meta', text: fmt('questionnaireVersion', r.version) }),
      el('div', { class: 'toolbar no-print' },
        el('button', { type: 'button', id: 'back-to-form', class: 'secondary', text: t('backToForm'), onclick: () => { renderForm(false); $('page-title').focus(); } }),
        el('button', { type: 'button', id: 'print', class: 'secondary', text: t('print'), onclick: () => window.print() }),
        el('button', { type: 'button', id: 'export-results', class: 'secondary', text: t('exportFile'), onclick: exportFile })),
      ...[summary, distance, sections, reqs, measures, perQuestion, answers, warnings].filter(Boolean));
    showView('results', focus);
  }

  // chart draws the sections' scores as horizontal bars (inline SVG); the table after it
  // holds the same numbers as text.
  function chart(sections) {
    const rowH = 22;
    const labelW = 0;
    const w = 600;
    const h = sections.length * rowH + 4;
    const g = svg('svg', { viewBox: '0 0 ' + w + ' ' + h, width: '100%', role: 'img', 'aria-labelledby': 'chart-title', class: 'chart', focusable: 'false' },
      svg('title', { id: 'chart-title' }, t('chartLabel')));
    sections.forEach((s, i) => {
      const y = i * rowH + 2;
      const share = s.max > 0 ? s.score / s.max : 0;
      g.append(
        svg('rect', { x: labelW, y, width: w - labelW, height: rowH - 6, class: 'bar-bg' }),
        svg('rect', { x: labelW, y, width: Math.max(0, Math.round((w - labelW) * share)), height: rowH - 6, class: 'bar bar-' + s.kind }),
        svg('text', { x: labelW + 6, y: y + rowH - 11, class: 'bar-label' }, s.title + ' — ' + s.score + ' / ' + s.max));
    });
    return g;
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
}());
