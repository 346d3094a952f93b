// The Go engine (aia.wasm, see wasm/main.go): its synchronous calls, the IndexedDB
// store, and the questionnaires, cached per version and language.

import { state } from './state.js';

// call runs a synchronous engine function; it throws the engine's error.
export function call(name, ...args) {
  const out = JSON.parse(window.aia[name](...args));
  if (out.error !== undefined) throw new Error(out.error);
  return out.value;
}
export async function store(name, ...args) {
  const out = await window.aia.store[name](...args);
  return typeof out === 'string' && (name !== 'getSetting') ? JSON.parse(out) : out;
}

export function questionnaire(version) {
  const key = version + '/' + state.lang;
  questionnaire.cache = questionnaire.cache || {};
  if (!questionnaire.cache[key]) questionnaire.cache[key] = call('questionnaire', version, state.lang);
  return questionnaire.cache[key];
}

export const fileText = () => JSON.stringify(state.file);
