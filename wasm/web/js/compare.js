// The comparison on the results page: the open assessment (after) against an earlier
// saved file of it (before), as the engine's compare (aia.Compare) gives it: level and
// scores, the answers that changed, section scores, the Appendix C requirements that
// differ, and the mitigation measures added and dropped. The chosen file is only read,
// never stored; its texts go into the page as text only.

import { $, el, paragraphs } from './dom.js';
import { call, fileText } from './engine.js';
import { t, fmt, fmtCount, errorText, textError, levelText, ROMAN } from './i18n.js';
import { state } from './state.js';

// compareSection returns the results page's comparison section: the file control, and
// the comparison with the file chosen last (kept in state.compare for this assessment,
// so that a language switch or another tab's change shows it again).
export function compareSection() {
  const input = el('input', {
    type: 'file', id: 'compare-file', accept: '.json,application/json',
    attrs: { 'aria-describedby': 'compare-help' }, onchange: chooseFile,
  });
  const out = el('div', { id: 'comparison' });
  const section = el('section', { id: 'compare', attrs: { 'aria-labelledby': 'compare-heading' } },
    el('h2', { id: 'compare-heading', text: t('compareTitle') }),
    el('div', { class: 'import no-print' },
      el('label', { htmlFor: 'compare-file', text: t('compareLabel') }),
      el('p', { id: 'compare-help', class: 'help', text: t('compareHelp') }),
      input),
    el('div', { id: 'compare-message', attrs: { role: 'alert' } }),
    out);
  if (state.compare) fill(out, section.querySelector('#compare-message'));
  return section;
}

async function chooseFile(event) {
  const input = event.target;
  const f = input.files && input.files[0];
  if (!f) return;
  let text;
  try {
    if (f.size > 10 * 1024 * 1024) throw textError('tooLarge');
    text = await f.text();
  } catch (e) {
    input.value = '';
    state.compare = null;
    $('comparison').replaceChildren();
    showError(fmt('quoted', f.name), errorText(e));
    return;
  }
  input.value = '';
  state.compare = { name: f.name, text };
  if (fill($('comparison'), $('compare-message'))) $('compare-title').focus();
}

function showError(name, message) {
  $('compare-message').replaceChildren(el('p', { class: 'error-text', id: 'compare-error', text: fmt('compareFailed', name, message) }));
}

// fill renders the comparison with state.compare into out; on an error it says what is
// wrong in msg instead. It returns whether the comparison is shown.
function fill(out, msg) {
  return renderComparison(out, msg, fmt('quoted', state.compare.name), state.compare.text, fileText(), 'compare');
}

// renderComparison renders the comparison of two saved files (before, after) into out,
// or says what is wrong in msg; name says what before is; the elements' IDs start with
// prefix (the team server's revision history shows one in the form view too).
export function renderComparison(out, msg, name, before, after, prefix) {
  let c;
  try {
    c = call('compare', before, after, state.lang);
  } catch (e) {
    out.replaceChildren();
    msg.replaceChildren(el('p', { class: 'error-text', id: prefix + '-error', text: fmt('compareFailed', name, errorText(e)) }));
    return false;
  }
  msg.replaceChildren();
  const none = (key) => el('p', { class: 'compare-none', text: t(key) });
  const kind = (k) => (k ? t('kinds')[k] || k : t('kindNone'));
  const head = (...cols) => el('thead', null, el('tr', null, cols.map((h) => el('th', { scope: 'col', text: h }))));
  const value = (v) => {
    if (v.free) return el('span', { class: 'answer-value', text: fmt('quoted', v.value) });
    if (!v.text) return el('code', { text: v.value });
    return [el('span', { class: 'answer-value', text: v.text }), ' ', el('code', { text: v.value })];
  };
  const values = (vs) => (vs.length === 0
    ? el('span', { class: 'unanswered', text: t('notAnswered') })
    : el('ul', { class: 'compare-values' }, vs.map((v) => el('li', null, value(v)))));

  const rows = [
    ['level', t('level'), levelText(c.before.level), levelText(c.after.level)],
    ['current', t('currentScore'), c.before.current, c.after.current],
    ['raw', t('rawScore'), c.before.raw, c.after.raw],
    ['mitigation', t('mitigationScore'), c.before.mitigation, c.after.mitigation],
  ];
  const summary = el('table', { id: prefix + '-summary' },
    el('caption', { text: t('compareScores') }),
    head(t('colMeasure'), t('before'), t('after')),
    el('tbody', null, rows.map(([id, label, b, a]) => el('tr', { dataset: { row: id }, class: String(b) === String(a) ? null : 'changed' },
      el('th', { scope: 'row', text: label }),
      el('td', { class: 'num', text: String(b) }),
      el('td', { class: 'num', text: String(a) })))));

  const changes = c.changes.length === 0 ? none('noChanges') : el('table', { id: prefix + '-changes' },
    el('caption', { text: fmt('compareChanges', c.changes.length) }),
    head(t('colQuestion'), t('colKind'), t('colBefore'), t('colAfter'), t('colPointsBefore'), t('colPointsAfter')),
    el('tbody', null, c.changes.map((x) => el('tr', { dataset: { question: x.id } },
      el('th', { scope: 'row' }, el('span', { text: x.title }), ' ', el('code', { text: x.id })),
      el('td', { text: kind(x.kind) }),
      el('td', { class: 'before' }, values(x.before)),
      el('td', { class: 'after' }, values(x.after)),
      el('td', { class: 'num points-before', text: String(x.pointsBefore) }),
      el('td', { class: 'num points-after', text: String(x.pointsAfter) })))));

  const sections = el('table', { id: prefix + '-sections' },
    el('caption', { text: t('compareSections') }),
    head(t('colSection'), t('colKind'), t('colBefore'), t('colAfter'), t('colMax')),
    el('tbody', null, c.sections.map((s) => el('tr', { dataset: { section: s.id }, class: s.before === s.after ? null : 'changed' },
      el('th', { scope: 'row', text: s.title }),
      el('td', { text: kind(s.kind) }),
      el('td', { class: 'num', text: String(s.before) }),
      el('td', { class: 'num', text: String(s.after) }),
      el('td', { class: 'num', text: String(s.max) })))));

  const requirement = (text) => (text ? paragraphs(text) : el('p', { class: 'compare-none', text: t('notRequired') }));
  const requirements = el('div', { id: prefix + '-requirements' },
    el('h4', { text: fmt('compareRequirements', ROMAN[c.before.level], ROMAN[c.after.level]) }),
    c.requirements.length === 0 ? none('noRequirementChanges') : c.requirements.map((r) => el('div', { class: 'requirement', dataset: { area: r.area } },
      el('h5', { text: r.title }),
      el('dl', { class: 'compare-requirement' },
        el('dt', { text: t('colBefore') }), el('dd', null, requirement(r.before)),
        el('dt', { text: t('colAfter') }), el('dd', null, requirement(r.after))))));

  const measureList = (id, key, list) => el('div', { id },
    el('h4', { text: fmt(key, list.length) }),
    list.length === 0 ? none('noMeasureChange') : el('ul', null, list.map((m) => el('li', { dataset: { question: m.question } },
      el('span', { text: m.title }), m.answers.length > 0 ? [' — ', el('span', { text: m.answers.join('; ') })] : null,
      ' (' + fmtCount('points', m.points) + ')'))));

  out.replaceChildren(
    el('h3', { id: prefix + '-title', tabIndex: -1, text: fmt('compareWith', name) }),
    c.migratedFrom ? el('p', { class: 'notice', id: prefix + '-migrated', text: fmt('compareMigrated', c.migratedFrom, c.migratedTo, c.dropped) }) : null,
    summary, changes, sections, requirements,
    measureList(prefix + '-added', 'measuresAdded', c.added),
    measureList(prefix + '-dropped', 'measuresDropped', c.removed));
  return true;
}
