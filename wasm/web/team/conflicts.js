// The choice between two values of an answer changed both here and on the team server
// since this browser last synchronized: a modal dialog that shows, for each such
// answer, the value on the server (theirs) and the value in this browser (mine). Values
// are user data: text only.

import { el } from '../js/dom.js';
import { t, fmt } from '../js/i18n.js';

// askConflicts resolves to { 'group/key': 'mine' | 'theirs' }, or null when the user
// decides later (the changes stay in this browser, pending).
export function askConflicts(conflicts, describe) {
  return new Promise((resolve) => {
    const old = document.getElementById('team-conflicts');
    if (old) old.remove();
    const returnTo = document.activeElement;
    const value = (v) => (v === null ? el('span', { class: 'unanswered', text: t('notAnswered') }) : el('span', { class: 'team-value', text: fmt('quoted', v) }));
    const fieldsets = conflicts.map((c, i) => {
      const d = describe(c);
      const name = 'team-conflict-' + i;
      const option = (side, label, v, checked) => el('div', { class: 'choice' },
        el('input', { type: 'radio', name, id: name + '-' + side, value: side, checked }),
        el('label', { htmlFor: name + '-' + side }, el('span', { class: 'team-side', text: label }), ' ', value(v)));
      return el('fieldset', { class: 'team-conflict', dataset: { group: c.group, question: c.key } },
        el('legend', { text: d.translation ? fmt('conflictTranslation', d.title) : d.title }),
        option('theirs', t('conflictTheirs'), d.theirs, false),
        option('mine', t('conflictMine'), d.mine, true));
    });
    const finish = (choices) => {
      dialog.close();
      dialog.remove();
      if (returnTo && document.contains(returnTo)) returnTo.focus();
      resolve(choices);
    };
    const form = el('form', {
      onsubmit: (e) => {
        e.preventDefault();
        const choices = {};
        conflicts.forEach((c, i) => {
          const chosen = form.querySelector('input[name="team-conflict-' + i + '"]:checked');
          choices[c.group + '/' + c.key] = chosen ? chosen.value : 'mine';
        });
        finish(choices);
      },
    },
    fieldsets,
    el('div', { class: 'dialog-buttons' },
      el('button', { type: 'submit', id: 'team-conflicts-save', text: t('conflictSave') }),
      el('button', { type: 'button', id: 'team-conflicts-later', class: 'secondary', text: t('conflictLater'), onclick: () => finish(null) })));
    const dialog = el('dialog', { id: 'team-conflicts', class: 'team-dialog', attrs: { 'aria-labelledby': 'team-conflicts-title', 'aria-describedby': 'team-conflicts-intro' } },
      el('h2', { id: 'team-conflicts-title', text: t('conflictTitle') }),
      el('p', { id: 'team-conflicts-intro', text: fmt('conflictIntro', conflicts.length) }),
      form);
    dialog.addEventListener('cancel', (e) => { e.preventDefault(); finish(null); });
    document.body.append(dialog);
    dialog.showModal();
    const first = dialog.querySelector('input[type=radio]');
    if (first) first.focus();
  });
}
