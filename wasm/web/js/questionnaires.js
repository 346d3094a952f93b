// Questionnaire files: a questionnaire loaded from a file (the native format, or the
// official tool's SurveyJS survey-enfr.json) beside the embedded versions. The engine
// checks the file and registers it; IndexedDB keeps it, and every start registers the
// kept files again (see wasm/main.go). Texts from a file are inserted as text only.

import { $, el, confirmDialog } from './dom.js';
import { call, store, questionnaire, startData, useStartData } from './engine.js';
import { t, fmt, errorText, textError } from './i18n.js';
import { state } from './state.js';
import { renderWelcome } from './welcome.js';

// loadQuestionnaires registers the stored questionnaire files in the engine and reads
// the versions it knows.
export async function loadQuestionnaires() {
  state.files = await store('loadQuestionnaires');
  state.versions = call('versions');
  questionnaire.cache = {}; // a file's version may name another file now
  if (startData) useStartData(startData); // an embedded version: never a file's
}

export const fileOf = (version) => state.files.find((f) => f.version === version);

// originText says where a questionnaire file came from: its name, and its format.
export function originText(f) {
  return fmt(f.format === 'surveyjs' ? 'originSurveyJS' : 'originNative', f.name || '?');
}

// known reports whether the engine knows a questionnaire version (embedded or file).
export function known(version) {
  try {
    questionnaire(version);
    return true;
  } catch (e) {
    return false;
  }
}

// section is the welcome view's list of questionnaires, with the file field; count
// gives the number of stored assessments of a version.
export function section(count) {
  const rows = [];
  for (const v of state.versions) {
    const f = v.file ? fileOf(v.version) : null;
    let origin = t('originEmbedded');
    if (v.current) origin += ' ' + t('inForceMark');
    if (f) origin = originText(f);
    const title = f && f.info ? (state.lang === 'fr' ? f.info.titleFr : f.info.titleEn) : '';
    rows.push(el('tr', { dataset: { version: v.version, origin: f ? f.format : 'embedded' } },
      el('th', { scope: 'row', text: v.version }),
      el('td', { class: 'q-title', text: title }),
      el('td', { class: 'q-origin', text: origin }),
      el('td', { class: 'actions' }, f ? removeButton(f, count(f.version)) : null)));
  }
  for (const f of state.files) {
    if (!f.error) continue; // stored, but the engine cannot read it now
    rows.push(el('tr', { dataset: { version: f.version, origin: f.format } },
      el('th', { scope: 'row', text: f.version }),
      el('td', { class: 'q-title error-text', text: fmt('fileUnreadable', errorText({ message: f.error, fr: f.errorFr })) }),
      el('td', { class: 'q-origin', text: originText(f) }),
      el('td', { class: 'actions' }, removeButton(f, count(f.version)))));
  }
  return [
    el('h2', { id: 'questionnaires-heading', tabIndex: -1, text: t('questionnairesTitle') }),
    el('table', { class: 'saved', id: 'questionnaire-list' },
      el('thead', null, el('tr', null,
        el('th', { scope: 'col', text: t('colVersionName') }),
        el('th', { scope: 'col', text: t('colQTitle') }),
        el('th', { scope: 'col', text: t('colOrigin') }),
        el('th', { scope: 'col', text: t('colActions') }))),
      el('tbody', null, rows)),
    el('div', { class: 'start questionnaire-add' },
      el('div', { class: 'import' },
        el('label', { htmlFor: 'questionnaire-version', text: t('qVersionLabel') }),
        el('p', { id: 'questionnaire-version-help', class: 'help', text: t('qVersionHelp') }),
        el('input', { type: 'text', id: 'questionnaire-version', autocomplete: 'off', attrs: { spellcheck: 'false', 'aria-describedby': 'questionnaire-version-help' } })),
      el('div', { class: 'import' },
        el('label', { htmlFor: 'questionnaire-file', text: t('qFileLabel') }),
        el('p', { id: 'questionnaire-file-help', class: 'help', text: t('qFileHelp') }),
        el('input', { type: 'file', id: 'questionnaire-file', accept: '.json,application/json', attrs: { 'aria-describedby': 'questionnaire-file-help' }, onchange: addFile }))),
    el('div', { id: 'questionnaire-message', attrs: { role: 'status' } }),
  ];
}

function removeButton(f, n) {
  return el('button', { type: 'button', class: 'remove-questionnaire danger', text: t('remove'), attrs: { 'aria-label': fmt('removeQuestionnaireNamed', f.version) }, onclick: () => removeFile(f, n) });
}

function say(text, isError) {
  const box = $('questionnaire-message');
  box.setAttribute('role', isError ? 'alert' : 'status');
  box.replaceChildren(el('p', { class: isError ? 'error-text' : null, text }));
}

export async function addFile(event) {
  const input = event.target;
  const f = input.files && input.files[0];
  if (!f) return;
  const nameField = $('questionnaire-version');
  const name = nameField.value.trim();
  nameField.removeAttribute('aria-invalid');
  try {
    if (f.size > 10 * 1024 * 1024) throw textError('tooLarge');
    const text = await f.text();
    const format = call('questionnaireFormat', text);
    if (format === 'surveyjs' && name === '') {
      input.value = '';
      nameField.setAttribute('aria-invalid', 'true');
      say(t('qNeedsVersion'), true);
      nameField.focus();
      return;
    }
    const added = await store('addQuestionnaire', text, name, f.name);
    await loadQuestionnaires();
    await renderWelcome(false);
    say(fmt('qAdded', added.version, originText(added)), false);
    $('questionnaires-heading').focus();
  } catch (e) {
    input.value = '';
    say(fmt('qFailed', errorText(e)), true);
  }
}

function removeFile(f, n) {
  confirmDialog(fmt('qRemoveTitle', f.version), [el('p', { text: fmt('qRemoveBody', f.version, n) })], t('remove'), async () => {
    try {
      await store('removeQuestionnaire', f.version);
      await loadQuestionnaires();
      await renderWelcome(false);
      say(fmt('qRemoved', f.version), false);
    } catch (e) {
      await renderWelcome(false);
      say(fmt('qFailed', errorText(e)), true);
    }
    $('questionnaires-heading').focus();
  }, 'danger');
}
