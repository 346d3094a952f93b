// The questionnaire view: one section at a time, the live score, required answers.

import { $, el, paragraphs, showView, announceSync } from './dom.js';
import { call, isReady, store, questionnaire, fileText, startData, rememberEvaluation } from './engine.js';
import { exportFile, offerMigration } from './files.js';
import { ROMAN, t, fmt, fmtCount, otherLang, titleOf } from './i18n.js';
import { fileOf, originText } from './questionnaires.js';
import { showResults } from './results.js';
import { state, stats } from './state.js';
import { save } from './storage.js';

// ---- The form ----

// openAssessment opens a stored assessment: opts.record is the stored record when it
// was read already, opts.current says that the assessment is the one kept as open.
export async function openAssessment(id, opts) {
  const rec = Object.assign({}, (opts && opts.record) || await store('get', id));
  const text = rec.file;
  const file = JSON.parse(text);
  delete rec.file;
  // opts.ev: the evaluation remembered for this revision, before the engine is ready.
  state.evRemembered = !!(opts && opts.ev);
  state.ev = state.evRemembered ? opts.ev : call('evaluate', text);
  if (!state.evRemembered) rememberEvaluation(rec.id, rec.rev || 0, state.ev);
  state.stale = false;
  state.record = rec;
  state.file = file;
  state.base = text;
  state.rev = rec.rev || 0;
  announceSync('');
  state.q = questionnaire(state.ev.version);
  if (typeof state.file.data !== 'object' || state.file.data === null) state.file.data = {};
  state.compare = null;
  state.notices = { problems: (opts && opts.problems) || [] };
  state.showErrors = false;
  const visible = visiblePages();
  let page = visible[0];
  if (opts && opts.restore && Number.isInteger(file.currentPage)) {
    page = visible[Math.min(file.currentPage, visible.length - 1)];
  }
  state.page = page === undefined ? 0 : page;
  if (!(opts && opts.current)) await store('setSetting', 'current', id);
  renderForm(true);
  document.body.dataset.opened = id;
}

// openNew opens a new assessment with the evaluation the start data gives for it, even
// before the engine is ready; it is stored (and gets its ID) as soon as the engine is.
export function openNew(file, ev) {
  state.ev = JSON.parse(JSON.stringify(ev));
  state.stale = false;
  state.record = { id: '', title: '', version: file.version };
  state.file = file;
  state.base = '';
  state.rev = 0;
  announceSync('');
  state.q = questionnaire(file.version);
  state.compare = null;
  state.notices = { problems: [] };
  state.showErrors = false;
  state.page = visiblePages()[0] || 0;
  renderForm(true);
  save();
}

// onEngineReady lets the engine catch up with what the page did without it: the answers
// given meanwhile are scored; otherwise the questionnaire in force is loaded in the
// engine now, so that the first answer is scored at once.
export function onEngineReady() {
  if (state.view === 'form' && (state.stale || state.evRemembered)) {
    recompute();
  } else if (startData) {
    setTimeout(() => {
      try { call('evaluate', startData.newAssessment); } catch (e) { /* shown when used */ }
    }, 0);
  }
}

export function visiblePages() {
  const out = [];
  state.q.pages.forEach((p, i) => { if (state.ev.pages[i].visible) out.push(i); });
  return out;
}

export function renderForm(focus) {
  const q = state.q;
  const root = $('form');
  const header = el('div', { class: 'form-head' },
    el('h1', { id: 'form-title', tabIndex: -1, text: titleOf(state.record) }),
    el('p', { class: 'meta', text: fmt('questionnaireVersion', q.version) }));
  const notices = [];
  if (q.file) {
    const f = fileOf(q.version);
    notices.push(el('div', { class: 'notice', id: 'file-questionnaire' },
      el('p', { text: fmt('fileQuestionnaire', q.version, f ? originText(f) : '') })));
  } else if (!q.current) {
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
  if (state.team) state.team.form(); // [team] sharing, comments, revisions, review
  if (focus) $('form-title').focus();
  if (!state.firstQuestion) {
    state.firstQuestion = true;
    stats.firstQuestion = performance.now();
    performance.mark('aia-first-question');
  }
  scored();
}

// scored records when a form first shows with the score bar holding a level.
function scored() {
  if (stats.scored || state.stale || state.view !== 'form') return;
  stats.scored = performance.now();
  performance.mark('aia-scored');
}

export function renderPage() {
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
  if (state.team) state.team.page(); // [team] comments beside the questions
}

export function renderQuestion(x) {
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

export function otherField(x, shown) {
  const cid = 'c-' + x.id + '-Comment';
  const v = state.file.data[x.id + '-Comment'];
  return el('div', { class: 'other-text', hidden: !shown, id: 'other-' + x.id },
    el('label', { htmlFor: cid, text: t('otherText') }),
    el('input', { type: 'text', id: cid, name: x.id + '-Comment', value: typeof v === 'string' ? v : '', dataset: { otherOf: x.id } }));
}

export function translationField(x) {
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
export function onControl(event) {
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
// Before the engine is ready, the score bar says it waits, and the engine scores the
// answers when it is (see onEngineReady).
export function recompute() {
  if (!isReady()) {
    state.stale = true;
    updateScore();
    return;
  }
  const t0 = performance.now();
  state.ev = call('evaluate', fileText());
  state.stale = false;
  state.evRemembered = false;
  updateAll();
  scored();
  const dt = performance.now() - t0;
  stats.recompute.push(dt);
  if (stats.recompute.length > 500) stats.recompute.shift();
}

export function updateAll() {
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
    b.lastElementChild.textContent = ps.shown > 0 ? fmtCount('answeredOf', ps.answered, ps.shown) : '';
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

export function updateScore() {
  const s = state.ev.score;
  const box = $('score');
  if (!box) return;
  if (state.stale) {
    for (const k of ['level', 'current', 'raw', 'mitigation']) delete box.dataset[k];
    box.dataset.waiting = 'true';
    box.replaceChildren(el('span', { class: 'score-text', text: t('scoreWaiting') }));
    return;
  }
  delete box.dataset.waiting;
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

export function step(delta) {
  if (delta > 0 && !checkPage()) return;
  const visible = visiblePages();
  const pos = visible.indexOf(state.page);
  const next = visible[pos + delta];
  if (next !== undefined) goToPage(next, true);
}

// checkPage shows the required questions of the page left unanswered.
export function checkPage() {
  const missing = state.ev.pages[state.page].missing;
  if (missing.length === 0) {
    state.showErrors = false;
    return true;
  }
  state.showErrors = true;
  showErrors(true);
  return false;
}

export function showErrors(focus) {
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

export function focusQuestion(id) {
  const w = $('q-' + id);
  if (!w) return;
  const c = w.querySelector('input, select, textarea');
  if (c) c.focus();
}

export function goToPage(i, focus) {
  state.page = i;
  state.showErrors = false;
  const visible = visiblePages();
  state.file.currentPage = Math.max(0, visible.indexOf(i));
  renderPage();
  updateAll();
  save();
  if (focus) $('page-title').focus();
}
