// The welcome view: the assessments stored in this browser, a new one, and opening a
// saved file.

import { $, el, showView, confirmDialog } from './dom.js';
import { hasQuestionnaire, isReady, ready, startData, store } from './engine.js';
import { importFile } from './files.js';
import { openAssessment, openNew } from './form.js';
import { t, fmt, errorText, titleOf } from './i18n.js';
import { fileOf, known, loadQuestionnaires, originText, section } from './questionnaires.js';
import { state } from './state.js';

// ---- Welcome: the stored assessments ----

export async function showWelcome() {
  await renderWelcome(true);
}

export async function renderWelcome(focus, message) {
  // On a first visit, nothing is stored until the engine is ready and stores something.
  const list = !isReady() && state.nothingKept ? [] : await store('list');
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
        const quoted = fmt('quoted', titleOf(r));
        return el('tr', { dataset: { id: r.id } },
          el('th', { scope: 'row', class: 'saved-title', text: titleOf(r) }),
          el('td', { class: 'saved-version', text: known(r.version) ? r.version : fmt('versionMissing', r.version) }),
          el('td', null, el('time', { dateTime: new Date(r.updated).toISOString(), text: dateFmt.format(new Date(r.updated)) })),
          el('td', { class: 'actions' },
            el('button', { type: 'button', class: 'open', text: t('open'), attrs: { 'aria-label': fmt('openNamed', quoted) }, onclick: () => openSaved(r) }),
            el('button', { type: 'button', class: 'duplicate secondary', text: t('duplicate'), attrs: { 'aria-label': fmt('duplicateNamed', quoted) }, onclick: () => duplicateAssessment(r) }),
            el('button', { type: 'button', class: 'delete danger', text: t('delete'), attrs: { 'aria-label': fmt('deleteNamed', quoted) }, onclick: () => deleteAssessment(r) })));
      })));
  }
  const files = state.versions.filter((v) => v.file);
  const chooser = files.length === 0 ? null : el('div', { class: 'import' },
    el('label', { htmlFor: 'new-version', text: t('newVersionLabel') }),
    el('select', { id: 'new-version' },
      el('option', { value: state.current, selected: true, text: fmt('versionInForce', state.current) }),
      files.map((v) => el('option', { value: v.version, text: v.version + ' (' + originText(fileOf(v.version) || {}) + ')' }))));
  const count = (version) => list.filter((r) => r.version === version).length;
  root.replaceChildren(
    el('h1', { id: 'welcome-title', tabIndex: -1, text: t('welcomeTitle') }),
    el('p', { class: 'lead', text: t('welcomeIntro') }),
    msg,
    el('div', { class: 'start' },
      chooser,
      el('button', { type: 'button', id: 'new-assessment', class: 'primary', text: t('newAssessment'), onclick: newAssessment }),
      el('div', { class: 'import' },
        el('label', { htmlFor: 'import-file', text: t('importLabel') }),
        el('p', { id: 'import-help', class: 'help', text: t('importHelp') }),
        input)),
    el('h2', { id: 'saved-heading', text: t('savedTitle') }),
    table,
    ...section(count));
  if (state.team) state.team.welcome(root); // [team] the shared assessments
  showView('welcome', focus);
}

// openSaved opens a stored assessment; one whose questionnaire is not in this browser
// (a questionnaire file removed) stays listed, with a message.
async function openSaved(r) {
  try {
    if (!known(r.version)) await loadQuestionnaires(); // another tab may have added it
    await openAssessment(r.id, { restore: true });
  } catch (e) {
    await renderWelcome(false, known(r.version) ? fmt('openFailed', errorText(e)) : fmt('openMissing', r.version));
    const m = $('welcome-message');
    m.setAttribute('role', 'alert');
    m.tabIndex = -1;
    m.focus();
  }
}

export async function newAssessment() {
  const chosen = $('new-version');
  const file = { version: chosen ? chosen.value : state.current, currentPage: 0, data: {}, translationsOnResult: {} };
  if (startData && JSON.stringify(file) === startData.newAssessment) {
    if (!hasQuestionnaire(file.version)) await ready; // the start data is in the other language
    openNew(file, startData.empty); // the engine's evaluation of it; stored in the background
    return;
  }
  const rec = await store('save', '', JSON.stringify(file));
  await openAssessment(rec.id, { restore: false });
}

export async function duplicateAssessment(r) {
  try {
    await store('duplicate', r.id);
    await renderWelcome(false, fmt('duplicated', titleOf(r)));
  } catch (e) {
    await renderWelcome(false, errorText(e));
  }
}

export function deleteAssessment(r) {
  confirmDialog(t('deleteTitle'), [el('p', { text: fmt('deleteBody', titleOf(r)) })], t('delete'), async () => {
    await store('remove', r.id);
    if ((await store('getSetting', 'current')) === r.id) await store('setSetting', 'current', '');
    await renderWelcome(false, fmt('deleted', titleOf(r)));
    const h = $('saved-heading');
    if (h) { h.tabIndex = -1; h.focus(); }
  }, 'danger');
}
