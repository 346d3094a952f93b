// The panels of a shared assessment: its members and their roles, its revision history
// (with the comparison view of the results page), and its review. Each shows only the
// actions the user's role allows; the server checks them anyway. E-mails, titles and
// comments are user data: text only.

import { $, el, confirmDialog } from '../js/dom.js';
import { fileText } from '../js/engine.js';
import { renderComparison } from '../js/compare.js';
import { state } from '../js/state.js';
import { t, fmt, errorText, levelText } from '../js/i18n.js';
import { api, atLeast, session } from './api.js';
import { reconcile } from './sync.js';

const path = (link, rest) => 'assessments/' + encodeURIComponent(link.server) + (rest || '');
const dateTime = (iso) => new Intl.DateTimeFormat(state.lang === 'fr' ? 'fr-CA' : 'en-CA', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
export { dateTime };

const ROLES = ['owner', 'editor', 'commenter', 'reader'];
const roleSelect = (id, value, label) => el('select', { id, attrs: label ? { 'aria-label': label } : null },
  ROLES.map((r) => el('option', { value: r, text: t('role_' + r), selected: r === value })));

function message(id) {
  return el('p', { id, class: 'team-message', attrs: { role: 'status' } });
}
function say(id, text, error) {
  const m = $(id);
  if (!m) return;
  m.textContent = text;
  m.classList.toggle('error-text', !!error);
}

// ---- Members ----

export async function renderMembers(box, link, refresh) {
  const list = await api('GET', path(link, '/members'));
  const owner = link.role === 'owner';
  const head = el('tr', null, [t('colEmail'), t('colRole'), t('colReviewer')].concat(owner ? [t('colActions')] : []).map((h) => el('th', { scope: 'col', text: h })));
  const rows = list.map((m, i) => {
    const roleID = 'team-member-role-' + i;
    const revID = 'team-member-reviewer-' + i;
    return el('tr', { dataset: { email: m.email } },
      el('th', { scope: 'row', class: 'team-email', text: m.email }),
      el('td', null, owner ? roleSelect(roleID, m.role, fmt('roleOf', m.email)) : t('role_' + m.role)),
      el('td', null, owner
        ? el('input', { type: 'checkbox', id: revID, checked: m.reviewer, attrs: { 'aria-label': fmt('reviewerOf', m.email) } })
        : (m.reviewer ? t('yes') : t('no'))),
      owner ? el('td', { class: 'actions' },
        el('button', {
          type: 'button', class: 'secondary team-member-save', text: t('change'), attrs: { 'aria-label': fmt('changeMember', m.email) },
          onclick: () => setMember(link, m.email, $(roleID).value, $(revID).checked, refresh),
        }),
        el('button', {
          type: 'button', class: 'danger team-member-remove', text: t('remove'), attrs: { 'aria-label': fmt('removeMember', m.email) },
          onclick: () => confirmDialog(t('removeMemberTitle'), [el('p', { text: fmt('removeMemberBody', m.email) })], t('remove'), async () => {
            try {
              await api('DELETE', path(link, '/members/' + encodeURIComponent(m.email)));
              await refresh(fmt('memberRemoved', m.email));
            } catch (e) {
              say('team-members-message', fmt('teamFailed', errorText(e)), true);
            }
          }, 'danger'),
        })) : null);
  });
  const add = owner ? el('form', {
    id: 'team-add-member', class: 'team-inline-form',
    onsubmit: (e) => {
      e.preventDefault();
      setMember(link, $('team-new-email').value.trim(), $('team-new-role').value, $('team-new-reviewer').checked, refresh);
    },
  },
  el('h3', { text: t('addMember') }),
  el('div', { class: 'field' }, el('label', { htmlFor: 'team-new-email', text: t('teamEmail') }),
    el('input', { type: 'email', id: 'team-new-email', required: true, autocomplete: 'off' })),
  el('div', { class: 'field' }, el('label', { htmlFor: 'team-new-role', text: t('colRole') }), roleSelect('team-new-role', 'editor')),
  el('div', { class: 'choice' }, el('input', { type: 'checkbox', id: 'team-new-reviewer' }), el('label', { htmlFor: 'team-new-reviewer', text: t('reviewerFlag') })),
  el('button', { type: 'submit', id: 'team-add-member-button', text: t('addMemberButton') })) : null;
  box.replaceChildren(
    el('h2', { id: 'team-panel-title', tabIndex: -1, text: t('membersTitle') }),
    el('p', { class: 'help', text: t('rolesHelp') }),
    el('table', { id: 'team-members' }, el('caption', { class: 'visually-hidden', text: t('membersTitle') }), el('thead', null, head), el('tbody', null, rows)),
    add, message('team-members-message'));
}

async function setMember(link, email, role, reviewer, refresh) {
  if (!email) {
    say('team-members-message', t('emailMissing'), true);
    return;
  }
  try {
    await api('POST', path(link, '/members'), { email, role, reviewer });
    await refresh(fmt('memberSaved', email, t('role_' + role)));
  } catch (e) {
    say('team-members-message', fmt('teamFailed', errorText(e)), true);
  }
}

// ---- Revisions ----

export async function renderHistory(box, link, refresh) {
  const list = (await api('GET', path(link, '/revisions'))).slice().sort((a, b) => b.n - a.n);
  const latest = list.length > 0 ? list[0].n : 0;
  const editor = atLeast(link.role, 'editor');
  const view = el('div', { id: 'team-revision-view' });
  const msg = el('div', { id: 'team-revision-message', attrs: { role: 'alert' } });
  const show = async (n, against) => {
    // against: 'previous' (what revision n changed) or 'current' (n against the open copy)
    try {
      const rev = await api('GET', path(link, '/revisions/' + n));
      const text = JSON.stringify(rev.file);
      let before = text;
      let after = fileText();
      let name = fmt('revisionN', n);
      if (against === 'previous') {
        after = text;
        if (n > 1) {
          before = JSON.stringify((await api('GET', path(link, '/revisions/' + (n - 1)))).file);
          name = fmt('revisionN', n - 1);
        } else {
          before = JSON.stringify({ version: rev.file.version, data: {} });
          name = t('emptyAssessment');
        }
      }
      const out = el('div', { class: 'team-comparison' });
      view.replaceChildren(
        el('h3', { id: 'team-revision-heading', tabIndex: -1, text: against === 'previous' ? fmt('revisionChanges', n, rev.author, dateTime(rev.time)) : fmt('revisionAgainstCurrent', n) }),
        out);
      renderComparison(out, msg, name, before, after, 'team-compare');
      $('team-revision-heading').focus();
    } catch (e) {
      msg.replaceChildren(el('p', { class: 'error-text', text: fmt('teamFailed', errorText(e)) }));
    }
  };
  const rows = list.map((r) => el('tr', { dataset: { n: String(r.n) } },
    el('th', { scope: 'row', text: String(r.n) + (r.restoredFrom ? ' ' + fmt('restoredFrom', r.restoredFrom) : '') }),
    el('td', { class: 'team-email', text: r.author }),
    el('td', null, el('time', { dateTime: r.time, text: dateTime(r.time) })),
    el('td', { text: levelText(r.level) }),
    el('td', { class: 'actions' },
      el('button', { type: 'button', class: 'secondary team-rev-view', text: t('viewRevision'), attrs: { 'aria-label': fmt('viewRevisionN', r.n) }, onclick: () => show(r.n, 'previous') }),
      el('button', { type: 'button', class: 'secondary team-rev-compare', text: t('compareRevision'), attrs: { 'aria-label': fmt('compareRevisionN', r.n) }, onclick: () => show(r.n, 'current') }),
      editor && r.n !== latest ? el('button', {
        type: 'button', class: 'secondary team-rev-restore', text: t('restore'), attrs: { 'aria-label': fmt('restoreN', r.n) },
        onclick: () => confirmDialog(fmt('restoreTitle', r.n), [el('p', { text: fmt('restoreBody', r.n) })], t('restore'), async () => {
          try {
            await api('POST', path(link, '/revisions/' + r.n + '/restore'));
            await reconcile(link);
            await refresh(fmt('restored', r.n));
          } catch (e) {
            msg.replaceChildren(el('p', { class: 'error-text', text: fmt('teamFailed', errorText(e)) }));
          }
        }),
      }) : null)));
  box.replaceChildren(
    el('h2', { id: 'team-panel-title', tabIndex: -1, text: t('historyTitle') }),
    el('table', { id: 'team-revisions' },
      el('caption', { class: 'visually-hidden', text: t('historyTitle') }),
      el('thead', null, el('tr', null, [t('colRevision'), t('colAuthor'), t('colTime'), t('level'), t('colActions')].map((h) => el('th', { scope: 'col', text: h })))),
      el('tbody', null, rows)),
    msg, view);
}

// ---- Review ----

export function reviewText(link) {
  let s = t('review_' + (link.review || 'draft'));
  if (link.review === 'approved' && link.approvedBy) s = fmt('approvedByAt', link.approvedBy, link.approvedAt ? dateTime(link.approvedAt) : '');
  return s;
}

export async function renderReview(box, link, report, refresh) {
  const rv = await api('GET', path(link, '/review'));
  link.review = rv.status;
  link.approvedBy = rv.approvedBy || '';
  link.approvedAt = rv.approvedAt || '';
  const owner = link.role === 'owner';
  const reviewing = link.reviewer && (rv.status === 'in-review' || rv.status === 'changes-wanted');
  const done = {};
  for (const s of rv.sections || []) done[s.section] = s;
  const pages = state.q ? state.q.pages : [];
  const sections = ((report && report.sections) || []).filter((s) => s.visible);
  const act = async (fn, ok) => {
    try {
      await fn();
      await refresh(ok);
    } catch (e) {
      say('team-review-message', fmt('teamFailed', errorText(e)), true);
    }
  };
  const rows = sections.map((s) => {
    const p = pages.find((x) => x.id === s.id);
    const title = p ? p.title : s.id;
    const d = done[s.id];
    const statusID = 'team-rs-' + s.id;
    const commentID = 'team-rc-' + s.id;
    return el('tr', { dataset: { section: s.id } },
      el('th', { scope: 'row', text: title }),
      el('td', { class: 'team-section-status', text: d ? t('section_' + d.status) : t('section_none') }),
      el('td', null,
        d && d.comment ? el('p', { class: 'team-comment-text', text: d.comment }) : null,
        d ? el('p', { class: 'meta', text: fmt('reviewedBy', d.reviewer, dateTime(d.time)) }) : null,
        reviewing ? el('form', {
          class: 'team-inline-form',
          onsubmit: (e) => {
            e.preventDefault();
            act(() => api('PUT', path(link, '/review/sections/' + encodeURIComponent(s.id)), { status: $(statusID).value, comment: $(commentID).value }), fmt('sectionReviewed', title));
          },
        },
        el('label', { htmlFor: statusID, text: fmt('sectionStatusOf', title) }),
        el('select', { id: statusID },
          ['accepted', 'changes-needed'].map((v) => el('option', { value: v, text: t('section_' + v), selected: d ? d.status === v : v === 'accepted' }))),
        el('label', { htmlFor: commentID, text: fmt('sectionCommentOf', title) }),
        el('textarea', { id: commentID, rows: 2, value: d ? d.comment : '' }),
        el('button', { type: 'submit', class: 'secondary team-review-save', text: t('saveReview'), attrs: { 'aria-label': fmt('saveReviewOf', title) } })) : null));
  });
  box.replaceChildren(
    el('h2', { id: 'team-panel-title', tabIndex: -1, text: t('reviewTitle') }),
    el('p', { id: 'team-review-state', text: fmt('reviewState', reviewText(link)) }),
    owner && rv.status !== 'in-review' ? el('button', {
      type: 'button', id: 'team-submit', text: t('submitReview'),
      onclick: () => act(() => api('POST', path(link, '/review/submit')), t('submitted')),
    }) : null,
    !link.reviewer && rv.status !== 'draft' ? el('p', { class: 'help', text: t('notReviewer') }) : null,
    el('table', { id: 'team-review-sections' },
      el('caption', { class: 'visually-hidden', text: t('reviewTitle') }),
      el('thead', null, el('tr', null, [t('colSection'), t('colReviewStatus'), t('colReviewComment')].map((h) => el('th', { scope: 'col', text: h })))),
      el('tbody', null, rows)),
    reviewing ? el('button', {
      type: 'button', id: 'team-approve', text: t('approve'),
      onclick: () => act(() => api('POST', path(link, '/review/approve')), fmt('approvedNow', session.me ? session.me.email : '')),
    }) : null,
    message('team-review-message'));
}
