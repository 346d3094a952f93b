// Keeping a shared assessment's copy in this browser (IndexedDB, the app's own store)
// and the team server in step, online and offline.
//
// A link ties a shared assessment (server ID) to its copy in this browser (local ID),
// with the last server revision this browser knows and that revision's text: the base.
// Each change saved in the browser is sent with the revision it is based on. When the
// server cannot be reached, the change stays in the browser (pending); when it can be
// reached again (the online event, opening the assessment, the presence poll), the
// latest revision is fetched and, when others changed it meanwhile, merged answer by
// answer with the engine's merge (aia.merge). An answer changed on both sides to
// different values is shown to the user with both values, to choose; nothing is lost.

import { call, store, fileText, questionnaire } from '../js/engine.js';
import { state } from '../js/state.js';
import { applyExternal, save } from '../js/storage.js';
import { fmt, errorText, textError } from '../js/i18n.js';
import { api, atLeast, session, NetworkError } from './api.js';
import { askConflicts } from './conflicts.js';

let links = {};     // server ID → { server, local, rev, base, pending, role, reviewer, review, approvedBy, approvedAt, title }
let linksKey = '';

export async function loadLinks(email) {
  const key = 'team-links:' + (email || '');
  if (key === linksKey) return; // loaded: the links in use stay the same objects
  linksKey = key;
  let v = null;
  try { v = await store('getSetting', linksKey); } catch (e) { v = null; }
  try { links = v ? JSON.parse(v) : {}; } catch (e) { links = {}; }
}

export async function saveLinks() {
  if (linksKey) await store('setSetting', linksKey, JSON.stringify(links));
}

export const linkOf = (localID) => Object.values(links).find((l) => l.local === localID) || null;
export const linkTo = (serverID) => links[serverID] || null;
export const allLinks = () => Object.values(links);
export async function forget(serverID) {
  delete links[serverID];
  await saveLinks();
}

// ---- Comparing saved files as JSON values ----

function canon(v) {
  if (Array.isArray(v)) return '[' + v.map(canon).join(',') + ']';
  if (v && typeof v === 'object') return '{' + Object.keys(v).sort().map((k) => JSON.stringify(k) + ':' + canon(v[k])).join(',') + '}';
  return JSON.stringify(v);
}
const eq = (a, b) => (a === undefined || b === undefined ? a === b : canon(a) === canon(b));

function parse(text) {
  try {
    const v = JSON.parse(text);
    return v && typeof v === 'object' ? v : {};
  } catch (e) {
    return {};
  }
}

// sameContent: two saved files with the same answers (the page shown does not count).
export function sameContent(a, b) {
  const x = parse(a);
  const y = parse(b);
  delete x.currentPage;
  delete y.currentPage;
  return canon(x) === canon(y);
}

// findConflicts lists the answers (and translations) changed on both sides since base
// to different values.
export function findConflicts(base, mine, theirs) {
  const b = parse(base);
  const m = parse(mine);
  const t = parse(theirs);
  const out = [];
  for (const group of ['data', 'translationsOnResult']) {
    const obj = (o) => (o[group] && typeof o[group] === 'object' ? o[group] : {});
    const bg = obj(b);
    const mg = obj(m);
    const tg = obj(t);
    for (const key of new Set([...Object.keys(mg), ...Object.keys(tg), ...Object.keys(bg)])) {
      if (!eq(bg[key], mg[key]) && !eq(bg[key], tg[key]) && !eq(mg[key], tg[key])) {
        out.push({ group, key, mine: mg[key], theirs: tg[key] });
      }
    }
  }
  return out;
}

function applyChoices(text, conflicts, choices) {
  const f = parse(text);
  for (const c of conflicts) {
    const v = choices[c.group + '/' + c.key] === 'theirs' ? c.theirs : c.mine;
    if (!f[c.group] || typeof f[c.group] !== 'object') f[c.group] = {};
    if (v === undefined) delete f[c.group][c.key]; else f[c.group][c.key] = v;
  }
  return JSON.stringify(f);
}

// ---- Status (shown in the open assessment's team bar; read by the tests) ----
// An argument may be an Error: its message is shown in the page's language, again
// after a switch of language.

let status = { key: '', args: [] };
export function setStatus(key, ...args) {
  status = { key, args };
  document.body.dataset.teamSync = key;
  showStatus();
}
export function showStatus() {
  const box = document.getElementById('team-sync');
  if (box) box.textContent = status.key ? fmt('sync_' + status.key, ...status.args.map((a) => (a instanceof Error ? errorText(a) : a))) : '';
}
let busyCount = 0;
function busy(on) {
  busyCount += on ? 1 : -1;
  document.body.dataset.teamBusy = busyCount > 0 ? 'true' : 'false';
}

// ---- Sending and merging ----

// serial runs the operations on one shared assessment one at a time.
const chains = {};
function serial(id, fn) {
  const p = (chains[id] || Promise.resolve()).then(async () => {
    busy(true);
    try { return await fn(); } finally { busy(false); }
  });
  chains[id] = p.catch(() => {});
  return p;
}

const canEdit = (link) => atLeast(link.role, 'editor');

async function localText(link) {
  try {
    return (await store('get', link.local)).file;
  } catch (e) {
    return null; // the copy was deleted from this browser
  }
}

const isOpen = (link) => state.record && state.record.id === link.local && (state.view === 'form' || state.view === 'results');

// writeLocal makes text the copy in this browser; mine is what the copy was when text
// was computed: answers changed in the page since are kept.
async function writeLocal(link, mine, text) {
  if (isOpen(link)) {
    applyExternal(JSON.parse(call('merge', mine, fileText(), text)));
    await save();
    // A save already running takes this one in before it ends: wait for it, so that
    // the copy in IndexedDB is the new one when this returns.
    while (state.saving) await new Promise((resolve) => setTimeout(resolve, 20));
    return;
  }
  const rec = await store('get', link.local);
  await store('save', link.local, text, rec.file, String(rec.rev || 0));
}

function keep(link, srv) {
  for (const k of ['role', 'reviewer', 'review', 'title']) if (srv[k] !== undefined) link[k] = srv[k];
}

let timer = 0;
// onSaved: the copy of a shared assessment was saved in this browser: send it soon.
export function onSaved(localID) {
  const link = linkOf(localID);
  if (!link || !canEdit(link)) return;
  clearTimeout(timer);
  timer = setTimeout(() => push(link), 400);
}

export function push(link) {
  return serial(link.server, () => pushNow(link));
}

async function offline(link) {
  link.pending = true;
  await saveLinks();
  setStatus('pending');
}

async function failed(link, e) {
  if (e instanceof NetworkError) return offline(link);
  if (e.status === 401) {
    link.pending = true;
    await saveLinks();
    return setStatus('signedOut');
  }
  return setStatus('error', e);
}

async function pushNow(link) {
  const mine = await localText(link);
  if (mine === null) return;
  if (sameContent(mine, link.base)) {
    if (link.pending) {
      link.pending = false;
      await saveLinks();
    }
    return;
  }
  if (!canEdit(link)) return;
  try {
    const r = await api('PUT', 'assessments/' + encodeURIComponent(link.server), { revision: link.rev, file: JSON.parse(mine) });
    link.rev = r.revision;
    link.base = mine;
    link.pending = false;
    await saveLinks();
    setStatus('saved', r.revision);
  } catch (e) {
    if (e.status === 409) return reconcileNow(link);
    return failed(link, e);
  }
}

// reconcile fetches the latest revision and brings both sides together.
export function reconcile(link) {
  return serial(link.server, () => reconcileNow(link));
}

async function reconcileNow(link) {
  let srv;
  try {
    srv = await api('GET', 'assessments/' + encodeURIComponent(link.server));
  } catch (e) {
    if (e.status === 404) return setStatus('gone');
    return failed(link, e);
  }
  keep(link, srv);
  for (let attempt = 0; attempt < 5; attempt++) {
    const theirs = JSON.stringify(srv.file);
    const mine = await localText(link);
    if (mine === null) return;
    const ours = !sameContent(mine, link.base) && canEdit(link);
    let text = theirs;
    let conflicts = [];
    if (ours && srv.revision === link.rev) {
      text = mine; // nobody else saved since: send ours as it is
    } else if (ours) {
      text = call('merge', link.base, mine, theirs);
      conflicts = findConflicts(link.base, mine, theirs);
      if (conflicts.length > 0) {
        setStatus('conflict');
        const choices = await askConflicts(conflicts, describer(mine));
        if (!choices) {
          link.pending = true;
          await saveLinks();
          return setStatus('deferred');
        }
        text = applyChoices(text, conflicts, choices);
      }
    }
    if (!ours) {
      // Nothing of ours to send: the copy here becomes the latest revision.
      if (!sameContent(mine, theirs)) await writeLocal(link, mine, theirs);
      const changed = link.rev !== srv.revision;
      link.rev = srv.revision;
      link.base = theirs;
      link.pending = false;
      await saveLinks();
      if (changed) setStatus('updated', srv.revision);
      return;
    }
    try {
      const r = await api('PUT', 'assessments/' + encodeURIComponent(link.server), { revision: srv.revision, file: JSON.parse(text) });
      if (!sameContent(mine, text)) await writeLocal(link, mine, text);
      const merged = srv.revision !== link.rev;
      link.rev = r.revision;
      link.base = text;
      link.pending = false;
      await saveLinks();
      setStatus(merged ? 'merged' : 'saved', r.revision);
      return;
    } catch (e) {
      if (e.status !== 409) return failed(link, e);
      try {
        srv = await api('GET', 'assessments/' + encodeURIComponent(link.server));
      } catch (e2) {
        return failed(link, e2);
      }
    }
  }
  return setStatus('error', textError('tooManyChanges'));
}

// syncAll sends what is pending, for every shared assessment of this browser.
export async function syncAll() {
  if (!session.me) return;
  for (const link of allLinks()) {
    const mine = await localText(link);
    if (mine !== null && (link.pending || !sameContent(mine, link.base))) await reconcile(link);
  }
}

// adopt takes a shared assessment as the server gives it (GET assessments/{id}) into
// this browser, and returns its local ID. A copy with changes not yet sent keeps them:
// they are merged (reconcile).
export async function adopt(srv) {
  const theirs = JSON.stringify(srv.file);
  let link = links[srv.id];
  if (link && (await localText(link)) === null) link = null; // the copy was deleted here
  if (!link) {
    const rec = await store('save', '', theirs);
    link = { server: srv.id, local: rec.id, rev: srv.revision, base: theirs, pending: false };
    keep(link, srv);
    links[srv.id] = link;
    await saveLinks();
    return link.local;
  }
  keep(link, srv);
  await saveLinks();
  await reconcile(link);
  return link.local;
}

// link records that a copy in this browser is now a shared assessment.
export async function linkLocal(serverID, localID, text, role) {
  links[serverID] = { server: serverID, local: localID, rev: 1, base: text, pending: false, role, reviewer: false, review: 'draft' };
  await saveLinks();
  return links[serverID];
}

// describer returns a function that says, in words, an answer of a conflict.
function describer(mine) {
  let q = null;
  try { q = questionnaire(parse(mine).version); } catch (e) { q = null; }
  const questions = {};
  if (q) for (const p of q.pages) for (const x of p.questions) questions[x.id] = x;
  return (c) => {
    const id = c.key.endsWith('-Comment') && questions[c.key.slice(0, -8)] ? c.key.slice(0, -8) : c.key;
    const x = questions[id];
    const title = x ? x.title : c.key;
    const value = (v) => {
      if (v === undefined || v === null || (Array.isArray(v) && v.length === 0)) return null;
      if (x && x.choices && id === c.key) {
        const texts = (Array.isArray(v) ? v : [v]).map((one) => {
          const choice = x.choices.find((ch) => String(ch.value) === String(one));
          return choice ? choice.text : String(one);
        });
        return texts.join('; ');
      }
      return typeof v === 'string' ? v : JSON.stringify(v);
    };
    return { title, translation: c.group === 'translationsOnResult', mine: value(c.mine), theirs: value(c.theirs) };
  };
}
