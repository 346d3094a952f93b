// The Go engine (aia.wasm, see wasm/main.go): its synchronous calls, the IndexedDB
// store, and the questionnaires, cached per version and language. Until the engine is
// ready, the start data (see boot.js) stands in for it where it can: the versions, the
// questionnaire in force, and the evaluation of a new assessment.

import { textError } from './i18n.js';
import { state } from './state.js';

let engineReady = false;
let resolveReady;
// ready resolves when the engine has started (see main.js).
export const ready = new Promise((resolve) => { resolveReady = resolve; });
export const isReady = () => engineReady;
export function markReady() {
  engineReady = true;
  resolveReady();
}

// call runs a synchronous engine function; it throws the engine's error, with its
// French as fr (see errorText in i18n.js).
export function call(name, ...args) {
  if (!engineReady) throw textError('engineNotReady');
  const out = JSON.parse(window.aia[name](...args));
  if (out.error !== undefined) throw Object.assign(new Error(out.error), { fr: out.errorFr });
  return out.value;
}
// store calls an IndexedDB function of the engine, once it is ready.
export async function store(name, ...args) {
  if (!engineReady) await ready;
  const out = await window.aia.store[name](...args);
  return typeof out === 'string' && (name !== 'getSetting') ? JSON.parse(out) : out;
}

// startData is the start data of boot.js, once read: { lang, versions, newAssessment,
// questionnaire, empty }.
export let startData = null;
export function useStartData(data) {
  startData = data;
  questionnaire.cache = questionnaire.cache || {};
  questionnaire.cache[data.questionnaire.version + '/' + data.lang] = data.questionnaire;
}

export function questionnaire(version) {
  const key = version + '/' + state.lang;
  questionnaire.cache = questionnaire.cache || {};
  if (!questionnaire.cache[key]) questionnaire.cache[key] = call('questionnaire', version, state.lang);
  return questionnaire.cache[key];
}
// hasQuestionnaire reports whether questionnaire(version) answers without the engine.
export const hasQuestionnaire = (version) => !!(questionnaire.cache && questionnaire.cache[version + '/' + state.lang]);

export const fileText = () => JSON.stringify(state.file);

// The evaluation of the open assessment as last stored (visibility and score, none of
// the answers), kept in localStorage with the assessment's ID and stored revision, so
// that a reload shows the form before the engine is ready; the engine then checks it.
const EVALUATION = 'aia-evaluation';
export function rememberEvaluation(id, rev, ev) {
  try {
    if (id) localStorage.setItem(EVALUATION, JSON.stringify({ id, rev, ev }));
  } catch (e) { /* storage full or refused: the engine evaluates at the next start */ }
}
export function rememberedEvaluation(id, rev) {
  try {
    const kept = JSON.parse(localStorage.getItem(EVALUATION) || 'null');
    return kept && kept.id === id && kept.rev === rev && kept.ev && kept.ev.score ? kept.ev : null;
  } catch (e) {
    return null;
  }
}
