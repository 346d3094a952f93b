// Saving the open assessment in IndexedDB, and taking in what other tabs saved.

import { $, announceSync } from './dom.js';
import { call, store, fileText, rememberEvaluation } from './engine.js';
import { recompute } from './form.js';
import { t, fmt, errorText, titleOf } from './i18n.js';
import { renderResults } from './results.js';
import { state, stats } from './state.js';

// ---- Saving (every change; one write at a time, the latest state last) ----

export async function save() {
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
      if (id === '') { // a new assessment (see openNew): it has its ID now
        state.record.id = rec.id;
        await store('setSetting', 'current', rec.id);
        document.body.dataset.opened = rec.id;
      }
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
      if (stored === sent && fileText() === sent && !state.stale) rememberEvaluation(rec.id, rec.rev, state.ev);
      const titleChanged = rec.title !== state.record.title;
      state.record = rec;
      if (state.team) state.team.saved(id); // [team] send the change to the team server
      if (titleChanged && $('form-title')) $('form-title').textContent = titleOf(rec);
      if (status && document.contains(status)) {
        status.textContent = fmt('saved', new Date(rec.updated).toLocaleTimeString(state.lang === 'fr' ? 'fr-CA' : 'en-CA'));
        status.classList.remove('error-text');
      }
    } while (state.savePending);
  } catch (e) {
    if (status) {
      status.textContent = fmt('saveFailed', errorText(e));
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

export const channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel('aia') : null;
export function broadcast(message) {
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
export function applyExternal(file) {
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

export function updateControls(data, tr) {
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
