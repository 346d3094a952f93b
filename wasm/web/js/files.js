// Saved files: opening one (import), saving to one (export), and moving an older
// questionnaire's answers to the version in force (migration).

import { $, el, confirmDialog } from './dom.js';
import { call, store, fileText, ready } from './engine.js';
import { openAssessment } from './form.js';
import { ROMAN, t, fmt, errorText, textError, titleOf } from './i18n.js';
import { state } from './state.js';

// ---- Import, export, migration ----

export async function importFile(event) {
  const input = event.target;
  const f = input.files && input.files[0];
  if (!f) return;
  let im;
  await ready;
  try {
    if (f.size > 10 * 1024 * 1024) throw textError('tooLarge');
    im = call('importFile', await f.text(), state.lang);
  } catch (e) {
    input.value = '';
    const msg = $('welcome-message');
    msg.setAttribute('role', 'alert');
    msg.replaceChildren(el('p', { class: 'error-text', text: fmt('importFailed', errorText(e)) }));
    return;
  }
  input.value = '';
  const rec = await store('save', '', JSON.stringify(im.file));
  await openAssessment(rec.id, { restore: true, problems: im.problems });
}

export async function exportFile() {
  await ready;
  const text = call('exportFile', fileText());
  const name = (titleOf(state.record).replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'aia') + '.json';
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const a = el('a', { href: url, download: name, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

export function offerMigration() {
  const m = call('migrate', fileText(), state.current);
  const mg = m.migration;
  const changeList = (title, changes) => (changes.length === 0 ? null : [
    el('p', { text: title }),
    el('ul', null, changes.map((c) => el('li', null, el('code', { text: c.question }), fmt('changeDetail', c.detail[state.lang] || c.detail.en)))),
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
