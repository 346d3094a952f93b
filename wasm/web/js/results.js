// The results view: scores, sections, Appendix C requirements, measures, answers.

import { $, el, svg, paragraphs, showView } from './dom.js';
import { compareSection } from './compare.js';
import { call, fileText, ready } from './engine.js';
import { exportFile } from './files.js';
import { renderForm, checkPage } from './form.js';
import { ROMAN, t, fmt, fmtCount, otherLang, titleOf, levelText } from './i18n.js';
import { state } from './state.js';

// ---- Results ----

export async function showResults(check) {
  await ready; // the answers given before the engine was ready are scored first
  if (check && !checkPage()) return;
  renderResults(true);
}

export function renderResults(focus) {
  const r = call('report', fileText(), state.lang);
  const root = $('results');
  const dl = (pairs) => el('dl', { class: 'pairs' }, pairs.flatMap(([k, v]) => [el('dt', { text: k }), el('dd', { text: v })]));
  const summary = el('section', { attrs: { 'aria-labelledby': 'summary-title' } },
    el('h2', { id: 'summary-title', text: t('summary') }),
    el('p', { class: 'level-result', id: 'result-level' }, t('level') + ' ', el('strong', { text: levelText(r.level) })),
    dl([
      [t('currentScore'), String(r.current)],
      [t('rawScore'), fmt('ofMax', r.raw, r.maxRaw)],
      [t('mitigationScore'), fmt('ofMax', r.mitigation, r.maxMitigation)],
      [t('deduction'), (r.deduction ? t('yes') : t('no')) + ' — ' + (r.deduction ? t('deductionOn') : fmt('deductionOff', r.threshold))],
    ]));
  const e = r.explanation;
  const distance = el('section', { attrs: { 'aria-labelledby': 'distance-title' } },
    el('h2', { id: 'distance-title', text: t('distance') }),
    el('ul', { id: 'distance' },
      el('li', { text: r.level < 4 ? fmt('toNext', e.rawToNextLevel, ROMAN[r.level + 1]) : t('atTop') }),
      el('li', { text: r.level > 1 ? fmt('toPrevious', e.rawToPreviousLevel, ROMAN[r.level - 1]) : t('atBottom') }),
      el('li', { text: r.deduction ? fmt('margin', e.mitigationMargin, ROMAN[e.levelIfDeductionToggled]) : fmt('toDeduction', e.mitigationToDeduction, ROMAN[e.levelIfDeductionToggled]) }),
      el('li', { text: fmt('bounds', e.levelBounds[0], e.levelBounds[1], e.levelBounds[2]) })));
  const shown = r.sections.filter((s) => s.visible);
  const sections = el('section', { attrs: { 'aria-labelledby': 'sections-title' } },
    el('h2', { id: 'sections-title', text: t('bySection') }),
    chart(shown),
    el('table', { id: 'section-table' },
      el('thead', null, el('tr', null, [t('colSection'), t('colKind'), t('colAnswered'), t('colScore'), t('colMax')].map((h) => el('th', { scope: 'col', text: h })))),
      el('tbody', null, shown.map((s) => el('tr', null,
        el('th', { scope: 'row', text: s.title }),
        el('td', { text: t('kinds')[s.kind] || s.kind }),
        el('td', { class: 'num', text: fmt('ofMax', s.answered, s.questions) }),
        el('td', { class: 'num', text: String(s.score) }),
        el('td', { class: 'num', text: String(s.max) }))))));
  const reqs = el('section', { attrs: { 'aria-labelledby': 'requirements-title' }, id: 'requirements' },
    el('h2', { id: 'requirements-title', text: fmt('requirements', ROMAN[r.level]) }),
    r.directive ? el('p', { class: 'meta', text: fmt('directive', r.directive) }) : null,
    r.requirements.map((q) => el('div', { class: 'requirement' }, el('h3', { text: q.title }), paragraphs(q.text))));
  const measures = el('section', { attrs: { 'aria-labelledby': 'measures-title' }, id: 'measures' },
    el('h2', { id: 'measures-title', text: t('measures') }),
    r.measures.length === 0 ? el('p', { text: t('noMeasures') }) : el('ul', null, r.measures.map((m) => el('li', null,
      el('span', { text: m.title }), ' — ', el('span', { text: m.answers.join('; ') }), ' (' + fmtCount('points', m.points) + ')'))));
  const counted = r.questions.filter((x) => x.visible || x.hiddenPoints);
  const perQuestion = el('section', { attrs: { 'aria-labelledby': 'points-title' } },
    el('h2', { id: 'points-title', text: t('perQuestion') }),
    el('table', { id: 'points-table' },
      el('thead', null, el('tr', null, [t('colQuestion'), t('colSection'), t('colKind'), t('colScore'), t('colMax')].map((h) => el('th', { scope: 'col', text: h })))),
      el('tbody', null, counted.map((x) => el('tr', { class: x.visible ? null : 'hidden-answer' },
        el('th', { scope: 'row', text: x.title }),
        el('td', { text: x.section }),
        el('td', { text: t('kinds')[x.kind] || x.kind }),
        el('td', { class: 'num', text: x.visible ? String(x.points) : fmtCount('hiddenNote', x.hiddenPoints) }),
        el('td', { class: 'num', text: String(x.max) }))))));
  const answers = el('section', { attrs: { 'aria-labelledby': 'answers-title' }, id: 'answers' },
    el('h2', { id: 'answers-title', text: t('allAnswers') }),
    r.answers.map((s) => el('div', { class: 'answer-section' },
      el('h3', { text: s.title }),
      el('dl', { class: 'answers' }, s.answers.flatMap((a) => [
        el('dt', { text: a.title }),
        el('dd', { class: a.answered ? null : 'unanswered' },
          a.answered ? a.values.map((v) => el('span', { class: 'answer-value', text: v })) : t('notAnswered'),
          a.translation ? el('span', { class: 'translation-value', lang: otherLang(), text: fmt('translationIn', a.translation) }) : null),
      ])))));
  const warnings = r.warnings.length === 0 ? null : el('section', { attrs: { 'aria-labelledby': 'warnings-title' } },
    el('h2', { id: 'warnings-title', text: t('warnings') }),
    el('ul', null, r.warnings.map((w) => el('li', { text: w }))));
  root.replaceChildren(
    el('h1', { id: 'results-title', tabIndex: -1 }, t('resultsTitle') + ' — ', el('span', { text: titleOf(state.record) })),
    el('p', { class: 'meta', text: fmt('questionnaireVersion', r.version) }),
    el('div', { class: 'toolbar no-print' },
      el('button', { type: 'button', id: 'back-to-form', class: 'secondary', text: t('backToForm'), onclick: () => { renderForm(false); $('page-title').focus(); } }),
      el('button', { type: 'button', id: 'print', class: 'secondary', text: t('print'), onclick: () => window.print() }),
      el('button', { type: 'button', id: 'export-results', class: 'secondary', text: t('exportFile'), onclick: exportFile })),
    ...[summary, distance, sections, reqs, measures, perQuestion, answers, warnings, compareSection()].filter(Boolean));
  showView('results', focus);
}

// chart draws the sections' scores as horizontal bars (inline SVG); the table after it
// holds the same numbers as text.
export function chart(sections) {
  const rowH = 22;
  const labelW = 0;
  const w = 600;
  const h = sections.length * rowH + 4;
  const g = svg('svg', { viewBox: '0 0 ' + w + ' ' + h, width: '100%', role: 'img', 'aria-labelledby': 'chart-title', class: 'chart', focusable: 'false' },
    svg('title', { id: 'chart-title' }, t('chartLabel')));
  sections.forEach((s, i) => {
    const y = i * rowH + 2;
    const share = s.max > 0 ? s.score / s.max : 0;
    g.append(
      svg('rect', { x: labelW, y, width: w - labelW, height: rowH - 6, class: 'bar-bg' }),
      svg('rect', { x: labelW, y, width: Math.max(0, Math.round((w - labelW) * share)), height: rowH - 6, class: 'bar bar-' + s.kind }),
      svg('text', { x: labelW + 6, y: y + rowH - 11, class: 'bar-label' }, s.title + ' — ' + s.score + ' / ' + s.max));
  });
  return g;
}
