// Comments beside each question of a shared assessment: a button with the count of open
// comments, a panel to read, add and resolve them, and the count of open comments of
// each section in the section navigation. Comments are user data: text only.

import { $, el } from '../js/dom.js';
import { state } from '../js/state.js';
import { t, fmt, errorText } from '../js/i18n.js';
import { api, atLeast, NetworkError } from './api.js';

let list = [];        // the open assessment's comments
let forServer = '';   // its server ID
const opened = new Set(); // questions whose panel is open

export async function loadComments(link) {
  if (forServer !== link.server) opened.clear();
  forServer = link.server;
  try {
    list = await api('GET', 'assessments/' + encodeURIComponent(link.server) + '/comments');
  } catch (e) {
    if (!(e instanceof NetworkError)) throw e;
  }
}

export function clearComments() {
  list = [];
  forServer = '';
  opened.clear();
}

const openOn = (q) => list.filter((c) => c.question === q && !c.resolved).length;

const dateTime = (iso) => new Intl.DateTimeFormat(state.lang === 'fr' ? 'fr-CA' : 'en-CA', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));

// decorate adds the comment buttons to the questions of the page shown, and the counts
// to the section navigation.
export function decorate(link) {
  for (const old of document.querySelectorAll('#page .team-comments, #page .team-comments-button')) old.remove();
  for (const w of document.querySelectorAll('#page .question')) {
    if (w.classList.contains('q-info')) continue;
    const q = w.dataset.question;
    const panelID = 'team-cp-' + q;
    const title = w.querySelector('.q-title');
    const button = el('button', {
      type: 'button', class: 'team-comments-button secondary', id: 'team-cb-' + q,
      attrs: { 'aria-expanded': opened.has(q) ? 'true' : 'false', 'aria-controls': panelID },
      onclick: () => {
        if (opened.has(q)) opened.delete(q); else opened.add(q);
        decorate(link);
        const box = $(opened.has(q) ? 'team-ct-' + q : 'team-cb-' + q) || $('team-cb-' + q);
        if (box) box.focus();
      },
    });
    setButton(button, q, title ? title.textContent : q);
    w.append(button);
    if (opened.has(q)) w.append(panel(link, q));
  }
  sectionCounts();
}

function setButton(button, q, title) {
  const n = openOn(q);
  const total = list.filter((c) => c.question === q).length;
  button.textContent = fmt('commentsButton', n, total);
  button.setAttribute('aria-label', fmt('commentsButton', n, total) + ' ' + fmt('commentsOn', title));
  button.dataset.open = String(n);
}

function panel(link, q) {
  const mine = list.filter((c) => c.question === q);
  const may = atLeast(link.role, 'commenter');
  const msg = el('p', { class: 'team-message', id: 'team-cm-' + q, attrs: { role: 'status' } });
  const items = mine.length === 0 ? el('p', { class: 'meta', text: t('noComments') }) : el('ul', { class: 'team-comment-list' }, mine.map((c) => el('li', { class: c.resolved ? 'resolved' : null, dataset: { id: c.id } },
    el('p', { class: 'meta' },
      el('span', { class: 'team-author', text: c.author }), ' — ',
      el('time', { dateTime: c.time, text: dateTime(c.time) }),
      c.resolved ? ' — ' + t('resolved') : null),
    el('p', { class: 'team-comment-text', text: c.text }),
    may ? el('button', {
      type: 'button', class: 'secondary team-resolve', text: c.resolved ? t('reopen') : t('resolve'),
      onclick: async () => {
        try {
          const r = await api('PATCH', 'assessments/' + encodeURIComponent(link.server) + '/comments/' + encodeURIComponent(c.id), { resolved: !c.resolved });
          Object.assign(c, r);
          decorate(link);
          const m = $('team-cm-' + q);
          if (m) m.textContent = r.resolved ? t('commentResolved') : t('commentReopened');
        } catch (e) {
          msg.textContent = fmt('teamFailed', errorText(e));
        }
      },
    }) : null)));
  const textID = 'team-ct-' + q;
  const add = may ? el('form', {
    class: 'team-add-comment',
    onsubmit: async (e) => {
      e.preventDefault();
      const box = $(textID);
      const text = box.value.trim();
      if (!text) { msg.textContent = t('commentEmpty'); return; }
      try {
        const c = await api('POST', 'assessments/' + encodeURIComponent(link.server) + '/comments', { question: q, text });
        list.push(c);
        decorate(link);
        const m = $('team-cm-' + q);
        if (m) m.textContent = t('commentAdded');
        const again = $(textID);
        if (again) again.focus();
      } catch (err) {
        msg.textContent = fmt('teamFailed', errorText(err));
      }
    },
  },
  el('label', { htmlFor: textID, text: t('addComment') }),
  el('textarea', { id: textID, rows: 3, maxLength: 10000 }),
  el('button', { type: 'submit', class: 'secondary', id: 'team-ca-' + q, text: t('addCommentButton') })) : null;
  return el('div', { class: 'team-comments', id: 'team-cp-' + q, attrs: { role: 'region', 'aria-label': t('commentsRegion') } }, items, add, msg);
}

// sectionCounts shows the open comments of each section in the section navigation.
export function sectionCounts() {
  if (!state.q) return;
  for (const b of document.querySelectorAll('#section-list .section-link')) {
    const p = state.q.pages.find((x) => x.id === b.dataset.page);
    if (!p) continue;
    const n = p.questions.reduce((sum, x) => sum + openOn(x.id), 0);
    let span = b.querySelector('.team-count');
    if (!span) {
      span = el('span', { class: 'team-count' });
      b.insertBefore(span, b.lastElementChild); // the last one is the answered count
    }
    span.textContent = n > 0 ? fmt('openComments', n) : '';
    span.dataset.count = String(n);
  }
}
