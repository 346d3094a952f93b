// Building the page: elements (text only, never HTML), plain-text paragraphs, the
// modal dialog, the polite status for other tabs' changes, and switching views.

import { state } from './state.js';
import { t } from './i18n.js';

export const $ = (id) => document.getElementById(id);


// el builds an element: props are properties (text is textContent, class is className,
// on* are listeners, attrs are attributes); children are nodes or strings (as text).
export function el(tag, props, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'text') e.textContent = v;
    else if (k === 'class') e.className = v;
    else if (k === 'attrs') for (const [a, av] of Object.entries(v)) { if (av !== undefined && av !== null && av !== false) e.setAttribute(a, av === true ? '' : String(av)); }
    else if (k === 'dataset') Object.assign(e.dataset, v);
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e[k] = v;
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

export const SVG = 'http://www.w3.org/2000/svg';
export function svg(tag, attrs, ...children) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, String(v));
  for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return e;
}

// Plain text: blank lines separate paragraphs, lines starting with "- " are list items;
// https addresses become links (text only).
export function paragraphs(text, className) {
  const out = [];
  for (const para of String(text).split(/\n\s*\n/)) {
    let list = null;
    for (const line of para.split('\n')) {
      if (!line.trim()) continue;
      if (line.startsWith('- ')) {
        if (!list) { list = el('ul', { class: className }); out.push(list); }
        list.append(el('li', null, linkify(line.slice(2))));
      } else {
        list = null;
        out.push(el('p', { class: className }, linkify(line)));
      }
    }
  }
  return out;
}

export function linkify(text) {
  const parts = [];
  const re = /https:\/\/[^\s()<>"]+[^\s()<>".,;:!?]/g;
  let last = 0;
  let m;
  while ((m = re.exec(text)) !== null) {
    parts.push(text.slice(last, m.index));
    parts.push(el('a', { href: m[0], text: m[0], attrs: { rel: 'noreferrer noopener' } }));
    last = m.index + m[0].length;
  }
  parts.push(text.slice(last));
  return parts;
}

export function showView(name, focus) {
  if (name !== state.view) announceSync('');
  state.view = name;
  for (const v of ['welcome', 'form', 'results']) $(v).hidden = v !== name;
  $('nav-home').hidden = name === 'welcome';
  document.body.dataset.view = name;
  if (focus) {
    const h = document.querySelector('#' + name + ' h1');
    if (h) h.focus();
  }
}

// confirmDialog shows the modal dialog; onOK runs when the first button is chosen.
export function confirmDialog(title, body, okText, onOK, okClass) {
  const d = $('dialog');
  const returnTo = document.activeElement;
  $('dialog-title').textContent = title;
  $('dialog-body').replaceChildren(...body);
  const ok = $('dialog-ok');
  const cancel = $('dialog-cancel');
  ok.textContent = okText;
  ok.className = okClass || '';
  cancel.textContent = t('cancel');
  const close = async (confirmed) => {
    ok.onclick = cancel.onclick = d.oncancel = null;
    if (d.open) d.close();
    if (confirmed) await onOK();
    else if (returnTo && document.contains(returnTo)) returnTo.focus();
  };
  ok.onclick = () => close(true);
  cancel.onclick = () => close(false);
  d.oncancel = (e) => { e.preventDefault(); close(false); }; // Escape
  d.showModal();
  cancel.focus();
}

// announceSync says, politely, that answers came from another tab (in a live region
// that is always in the page, so that the change is announced).
export function announceSync(text) {
  const region = $('sync-status');
  if (!region) return;
  clearTimeout(announceSync.timer);
  region.textContent = '';
  if (text) announceSync.timer = setTimeout(() => { region.textContent = text; }, 100);
}
