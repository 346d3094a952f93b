// Team mode: the app as "aia team serve" serves it (js/main.js loads this module only
// when api/v1/server says so). It adds sign-in, invitations, the shared assessments
// (list, create, share, open), and for an open shared assessment: saving to the server
// with offline sync (sync.js), members, comments, revisions, review and who else has it
// open. The form and results views stay those of the app: this module hooks into them
// through state.team. Every text from the server (e-mails, titles, comments) goes into
// the page as text only.

import { $, el, confirmDialog } from '../js/dom.js';
import { store } from '../js/engine.js';
import { openAssessment } from '../js/form.js';
import { TEXTS, t, fmt, errorText, titleOf, levelText } from '../js/i18n.js';
import { state } from '../js/state.js';
import { renderWelcome } from '../js/welcome.js';
import { api, atLeast, session, NetworkError } from './api.js';
import { TEAM_TEXTS } from './i18n.js';
import { decorate, loadComments, clearComments } from './comments.js';
import { renderMembers, renderHistory, renderReview, reviewText, dateTime } from './panels.js';
import * as sync from './sync.js';

let invitation = '';     // the secret of an invitation link, read from the fragment
let open = null;         // the open shared assessment: { link, report, others, panel, panelBox }
let presenceTimer = 0;

export async function start(info) {
  Object.assign(TEXTS.en, TEAM_TEXTS.en);
  Object.assign(TEXTS.fr, TEAM_TEXTS.fr);
  for (const e of document.querySelectorAll('[data-t]')) e.textContent = t(e.dataset.t);
  document.head.append(el('link', { rel: 'stylesheet', href: 'team/team.css' }));
  if (info) session.info = info;
  document.body.dataset.team = 'true';
  store('setSetting', 'team', '1').catch(() => {});
  // An invitation link (BASE/#invitation=SECRET): keep the secret in memory only, and
  // take it out of the address bar and the history at once.
  const m = /^#invitation=([A-Za-z0-9_-]+)$/.exec(location.hash);
  if (m) {
    invitation = m[1];
    history.replaceState(null, '', location.pathname + location.search);
    await store('setSetting', 'current', ''); // show the invitation, not the last assessment
  }
  await refreshSession();
  new MutationObserver(userNav).observe(document.documentElement, { attributes: true, attributeFilter: ['lang'] }); // the language switch
  state.team = { welcome, form, page, saved: sync.onSaved };
  window.addEventListener('online', () => { refreshSession().then(() => sync.syncAll()); });
  window.addEventListener('offline', () => { if (open) sync.setStatus('offline'); });
  sync.syncAll().catch(() => {});
}

// refreshSession asks who is signed in; offline, the last user of this browser keeps
// working on the copies kept here.
async function refreshSession() {
  try {
    const me = await api('GET', 'session');
    session.me = { email: me.email, admin: me.admin };
    session.csrf = me.csrf || '';
    await store('setSetting', 'team-user', me.email);
  } catch (e) {
    if (!(e instanceof NetworkError)) {
      session.me = null;
      session.csrf = '';
    }
  }
  let email = session.me ? session.me.email : '';
  if (!email) {
    try { email = (await store('getSetting', 'team-user')) || ''; } catch (e) { email = ''; }
  }
  await sync.loadLinks(email);
  userNav();
}

// userNav shows who is signed in, in the site's navigation.
function userNav() {
  const nav = $('site-nav');
  for (const old of nav.querySelectorAll('.team-nav')) old.remove();
  if (!session.me) return;
  nav.insertBefore(el('span', { class: 'team-nav team-user', id: 'team-user', text: fmt('signedInAs', session.me.email) }), $('lang-toggle'));
  nav.insertBefore(el('button', { type: 'button', class: 'team-nav', id: 'team-signout', text: t('signOut'), onclick: () => signOut(false) }), $('lang-toggle'));
}

async function signOut(everywhere) {
  try {
    await api('DELETE', everywhere ? 'sessions' : 'session');
  } catch (e) {
    if (e instanceof NetworkError) return home(t('offlineSignOut'), true);
  }
  session.me = null;
  session.csrf = '';
  userNav();
  await home(everywhere ? t('signedOutEverywhere') : t('signedOut'));
}

async function home(message, error) {
  await renderWelcome(false);
  const m = $('team-message');
  if (m && message) {
    m.textContent = message;
    m.classList.toggle('error-text', !!error);
  }
  const h = $('team-heading');
  if (h) h.focus();
}

// ---- The welcome view: sign-in, invitation, the shared assessments ----

function welcome(root) {
  stopPresence(); // the list is shown: no assessment is open any more
  open = null;
  const section = el('section', { id: 'team-home', class: 'team-home', attrs: { 'aria-labelledby': 'team-heading' } });
  const lead = root.querySelector('.lead');
  if (lead) lead.after(section); else root.prepend(section);
  const msg = el('p', { id: 'team-message', class: 'team-message', attrs: { role: 'status' } });
  if (invitation) {
    section.replaceChildren(el('h2', { id: 'team-heading', tabIndex: -1, text: t('invitationTitle') }), invitationForm(), msg);
    return;
  }
  if (!session.me) {
    section.replaceChildren(el('h2', { id: 'team-heading', tabIndex: -1, text: t('signInTitle') }),
      session.offline ? el('p', { class: 'notice', id: 'team-offline', text: t('offlineHome') }) : null,
      signInForm(), msg);
    return;
  }
  section.replaceChildren(
    el('h2', { id: 'team-heading', tabIndex: -1, text: t('sharedTitle') }),
    el('div', { class: 'team-signed-in' },
      el('p', { text: fmt('signedInAs', session.me.email) }),
      el('button', { type: 'button', class: 'secondary', id: 'team-signout-everywhere', text: t('signOutEverywhere'), onclick: () => signOut(true) })),
    msg,
    el('div', { id: 'team-list-box' }, el('p', { class: 'meta', text: t('loadingShared') })),
    el('div', { class: 'start', id: 'team-create' }));
  fillList().catch((e) => {
    const box = $('team-list-box');
    if (box) box.replaceChildren(el('p', { class: e instanceof NetworkError ? 'notice' : 'error-text', id: 'team-list-error', text: e instanceof NetworkError ? t('offlineHome') : fmt('teamFailed', errorText(e)) }));
  });
}

function field(id, label, input, help) {
  return el('div', { class: 'field' }, el('label', { htmlFor: id, text: label }), help || null, input);
}

function signInForm() {
  const form = el('form', { id: 'team-signin', class: 'team-form', onsubmit: signIn },
    field('team-email', t('teamEmail'), el('input', { type: 'email', id: 'team-email', autocomplete: 'username', required: true })),
    field('team-password', t('teamPassword'), el('input', { type: 'password', id: 'team-password', autocomplete: 'current-password', required: true })),
    el('div', { class: 'page-buttons' },
      el('button', { type: 'submit', id: 'team-signin-button', class: 'primary', text: t('signIn') }),
      session.info.oidc ? el('a', { href: 'auth/oidc/login', id: 'team-sso', class: 'team-sso', text: t('signInSSO') }) : null));
  return form;
}

async function signIn(e) {
  e.preventDefault();
  const email = $('team-email').value.trim();
  const password = $('team-password').value;
  try {
    const me = await api('POST', 'session', { email, password });
    await signedIn(me);
  } catch (err) {
    const m = $('team-message');
    m.classList.add('error-text');
    m.setAttribute('role', 'alert');
    if (err instanceof NetworkError) m.textContent = t('offlineSignIn');
    else if (err.status === 401) m.textContent = t('wrongPassword');
    else if (err.status === 429) m.textContent = fmt('tooManyTries', (err.body && err.body.retryAfter) || 60);
    else m.textContent = fmt('teamFailed', errorText(err));
    $('team-password').focus();
  }
}

async function signedIn(me) {
  session.me = { email: me.email, admin: me.admin };
  session.csrf = me.csrf || '';
  await store('setSetting', 'team-user', me.email);
  await sync.loadLinks(me.email);
  userNav();
  await home(fmt('signedInAs', me.email));
  sync.syncAll().catch(() => {});
}

function invitationForm() {
  const min = session.info.minPasswordLength || 12;
  return el('form', {
    id: 'team-invitation', class: 'team-form',
    onsubmit: async (e) => {
      e.preventDefault();
      const m = $('team-message');
      const password = $('team-new-password').value;
      if (password !== $('team-new-password2').value) {
        m.textContent = t('passwordsDiffer');
        m.classList.add('error-text');
        return;
      }
      try {
        const me = await api('POST', 'invitations', { invitation, password });
        invitation = '';
        await signedIn(me);
      } catch (err) {
        m.classList.add('error-text');
        m.textContent = err instanceof NetworkError ? t('offlineSignIn')
          : err.body && err.body.field === 'invitation' ? t('invitationInvalid')
            : err.body && err.body.field === 'password' ? fmt('passwordTooShort', min) : fmt('teamFailed', errorText(err));
      }
    },
  },
  el('p', { text: t('invitationIntro') }),
  field('team-new-password', t('newPassword'), el('input', { type: 'password', id: 'team-new-password', autocomplete: 'new-password', required: true, minLength: min, attrs: { 'aria-describedby': 'team-password-help' } }),
    el('p', { class: 'help', id: 'team-password-help', text: fmt('passwordHelp', min) })),
  field('team-new-password2', t('newPasswordAgain'), el('input', { type: 'password', id: 'team-new-password2', autocomplete: 'new-password', required: true, minLength: min })),
  el('button', { type: 'submit', id: 'team-set-password', class: 'primary', text: t('setPassword') }));
}

const reviewOf = (a) => (a.review === 'approved' && a.approvedBy ? fmt('approvedByAt', a.approvedBy, a.approvedAt ? dateTime(a.approvedAt) : '') : t('review_' + (a.review || 'draft')));

async function fillList() {
  const list = await api('GET', 'assessments');
  const box = $('team-list-box');
  if (!box) return;
  const table = list.length === 0 ? el('p', { id: 'team-empty', text: t('noShared') }) : el('table', { class: 'saved', id: 'team-list' },
    el('caption', { class: 'visually-hidden', text: t('sharedTitle') }),
    el('thead', null, el('tr', null, [t('colTitle'), t('level'), t('colRole'), t('colReview'), t('colUpdated'), t('colActions')].map((h) => el('th', { scope: 'col', text: h })))),
    el('tbody', null, list.map((a) => {
      const quoted = fmt('quoted', titleOf(a));
      return el('tr', { dataset: { id: a.id } },
        el('th', { scope: 'row', class: 'saved-title', text: titleOf(a) }),
        el('td', { class: 'team-level', dataset: { level: String(a.level) }, text: levelText(a.level) }),
        el('td', { class: 'team-role', text: t('role_' + a.role) + (a.reviewer ? ' — ' + t('reviewerFlag') : '') }),
        el('td', { class: 'team-review', dataset: { review: a.review }, text: reviewOf(a) }),
        el('td', null, el('time', { dateTime: a.updated, text: dateTime(a.updated) })),
        el('td', { class: 'actions' },
          el('button', { type: 'button', class: 'open team-open', text: t('open'), attrs: { 'aria-label': fmt('openNamed', quoted) }, onclick: () => openShared(a.id) }),
          a.role === 'owner' ? el('button', {
            type: 'button', class: 'danger team-delete', text: t('delete'), attrs: { 'aria-label': fmt('deleteNamed', quoted) },
            onclick: () => confirmDialog(t('deleteSharedTitle'), [el('p', { text: fmt('deleteSharedBody', titleOf(a)) })], t('delete'), async () => {
              try {
                await api('DELETE', 'assessments/' + encodeURIComponent(a.id));
                await sync.forget(a.id);
                await home(fmt('deleted', titleOf(a)));
              } catch (e) {
                await home(fmt('teamFailed', errorText(e)), true);
              }
            }, 'danger'),
          }) : null));
    })));
  box.replaceChildren(table);
  // Create: a new shared assessment, or share one kept in this browser.
  const local = (await store('list')).filter((r) => !sync.linkOf(r.id));
  const create = $('team-create');
  if (!create) return;
  create.replaceChildren(
    el('button', { type: 'button', id: 'team-new', class: 'primary', text: t('newShared'), onclick: newShared }),
    local.length === 0 ? null : el('form', {
      class: 'import', id: 'team-share-form',
      onsubmit: (e) => { e.preventDefault(); shareLocal($('team-share-local').value); },
    },
    el('label', { htmlFor: 'team-share-local', text: t('shareLocalLabel') }),
    el('p', { class: 'help', id: 'team-share-help', text: t('shareLocalHelp') }),
    el('select', { id: 'team-share-local', attrs: { 'aria-describedby': 'team-share-help' } }, local.map((r) => el('option', { value: r.id, text: titleOf(r) }))),
    ' ',
    el('button', { type: 'submit', id: 'team-share', class: 'secondary', text: t('share') })));
}

async function newShared() {
  const file = JSON.stringify({ version: state.current, currentPage: 0, data: {}, translationsOnResult: {} });
  try {
    const { id } = await api('POST', 'assessments', file);
    await openShared(id);
  } catch (e) {
    await home(fmt('teamFailed', errorText(e)), true);
  }
}

async function shareLocal(localID) {
  try {
    const rec = await store('get', localID);
    const { id } = await api('POST', 'assessments', rec.file);
    await sync.linkLocal(id, localID, rec.file, 'owner');
    await openShared(id);
  } catch (e) {
    await home(fmt('teamFailed', errorText(e)), true);
  }
}

async function openShared(id) {
  try {
    const srv = await api('GET', 'assessments/' + encodeURIComponent(id));
    const local = await sync.adopt(srv);
    open = null;
    await openAssessment(local, { restore: true });
  } catch (e) {
    const link = sync.linkTo(id);
    if (e instanceof NetworkError && link) {
      // Offline: work on the copy in this browser; it is sent when back online.
      open = null;
      await openAssessment(link.local, { restore: true });
      sync.setStatus('offline');
      return;
    }
    await home(e instanceof NetworkError ? t('offlineHome') : fmt('teamFailed', errorText(e)), true);
  }
}

// ---- The form of a shared assessment ----

function form() {
  const link = state.record ? sync.linkOf(state.record.id) : null;
  if (!link) {
    stopPresence();
    open = null;
    clearComments();
    return;
  }
  const fresh = !open || open.link !== link;
  if (fresh) {
    open = { link, report: null, others: [], panel: '', panelBox: null };
    clearComments();
  }
  renderBar(false, false);
  page();
  if (fresh) {
    startPresence();
    refreshOpen(false).catch(() => {});
    if (session.me) sync.reconcile(link).catch(() => {});
  }
}

// refreshOpen fetches the open assessment's role, review, report and comments, and
// shows them; the open panel is rendered again only with rerenderPanel.
async function refreshOpen(rerenderPanel) {
  if (!open) return;
  const link = open.link;
  try {
    const srv = await api('GET', 'assessments/' + encodeURIComponent(link.server));
    for (const k of ['role', 'reviewer', 'review']) link[k] = srv[k];
    open.report = srv.report;
    const rv = await api('GET', 'assessments/' + encodeURIComponent(link.server) + '/review');
    link.approvedBy = rv.approvedBy || '';
    link.approvedAt = rv.approvedAt || '';
    await sync.saveLinks();
    await loadComments(link);
  } catch (e) {
    if (!(e instanceof NetworkError)) sync.setStatus('error', e);
  }
  if (open && open.link === link && state.view === 'form') {
    await renderBar(false, rerenderPanel);
    page();
  }
}

function page() {
  if (!open || !state.record || sync.linkOf(state.record.id) !== open.link) return;
  const link = open.link;
  if (!atLeast(link.role, 'editor')) {
    for (const c of document.querySelectorAll('#page [name]')) c.disabled = true;
  }
  decorate(link);
}

// renderBar shows the bar of the shared assessment after the form's header. The open
// panel is rendered again only with rerenderPanel (the user opened it, or finished an
// action in it, or the language changed); otherwise the bar keeps the panel as it is,
// so that the details of the assessment, fetched again when it opens or after an
// action in another panel, leave what the user is filling in there (a member's role,
// an e-mail being typed) alone.
function renderBar(focusPanel, rerenderPanel) {
  const link = open.link;
  const old = $('team-bar');
  if (old) old.remove();
  const box = open.panelBox;
  const kept = !rerenderPanel && open.panel && box && box.dataset.panel === open.panel && box.lang === state.lang ? box : null;
  open.panelBox = kept || el('div', { id: 'team-panel', class: 'team-panel', hidden: !open.panel });
  const button = (id, key) => el('button', {
    type: 'button', id, class: 'secondary team-panel-button', text: t(key),
    attrs: { 'aria-expanded': open.panel === id ? 'true' : 'false', 'aria-controls': 'team-panel' },
    onclick: () => togglePanel(id),
  });
  const bar = el('section', { id: 'team-bar', class: 'team-bar', attrs: { 'aria-label': t('sharedBar') } },
    el('p', { id: 'team-role' }, t('sharedOnServer') + ' ', el('span', { class: 'team-role-name', text: fmt('yourRole', t('role_' + (link.role || 'reader'))) }),
      link.reviewer ? ' ' + t('youReview') : null),
    el('p', { id: 'team-review-status', dataset: { review: link.review || 'draft' }, text: fmt('reviewState', reviewText(link)) }),
    el('p', { id: 'team-presence', hidden: open.others.length === 0, text: fmt('alsoOpen', open.others.join(', ')) }),
    el('p', { id: 'team-sync', class: 'team-sync', attrs: { role: 'status' } }),
    el('div', { class: 'toolbar team-actions' },
      button('team-members-button', 'membersTitle'),
      button('team-history-button', 'historyTitle'),
      button('team-review-button', 'reviewTitle')),
    open.panelBox);
  const head = document.querySelector('#form .form-head');
  if (head) head.after(bar);
  sync.showStatus();
  return open.panel && !kept ? showPanel(open.panel, focusPanel) : Promise.resolve();
}

async function togglePanel(id) {
  open.panel = open.panel === id ? '' : id;
  await renderBar(true, true);
  if (!open.panel) $(id).focus();
}

async function showPanel(id, focus) {
  const box = $('team-panel');
  if (!box) return;
  box.dataset.panel = id; // what it shows, or will once its data has come…
  box.lang = state.lang; // …and in which language
  const link = open.link;
  const refresh = async (message) => {
    await refreshOpen(open !== null && open.panel === id);
    const m = document.querySelector('#team-panel .team-message');
    if (m && message) m.textContent = message;
    const h = $('team-panel-title');
    if (h) h.focus();
  };
  try {
    if (id === 'team-members-button') await renderMembers(box, link, refresh);
    else if (id === 'team-history-button') await renderHistory(box, link, refresh);
    else await renderReview(box, link, open.report, refresh);
  } catch (e) {
    box.replaceChildren(el('p', { class: 'error-text', text: e instanceof NetworkError ? t('offlinePanel') : fmt('teamFailed', errorText(e)) }));
  }
  box.hidden = false;
  if (focus && $('team-panel-title')) $('team-panel-title').focus();
}

// ---- Who else has it open ----

function startPresence() {
  stopPresence();
  const beat = async () => {
    if (!open || !session.me || !state.record || state.record.id !== open.link.local) return;
    const link = open.link;
    try {
      const r = await api('POST', 'assessments/' + encodeURIComponent(link.server) + '/presence');
      if (!open || open.link !== link) return;
      open.others = r.others;
      const p = $('team-presence');
      if (p) {
        p.hidden = r.others.length === 0;
        p.textContent = fmt('alsoOpen', r.others.join(', '));
      }
      if (r.revision !== link.rev || link.pending) await sync.reconcile(link); // others saved, or ours waits
    } catch (e) {
      // offline: the next beat tries again
    }
  };
  beat();
  presenceTimer = setInterval(beat, 15000);
}

function stopPresence() {
  clearInterval(presenceTimer);
  presenceTimer = 0;
}

