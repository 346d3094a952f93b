// The team server's JSON API (api/v1/, relative to the page, so that the app works
// under any path): the signed-in user, the CSRF token every change sends, and errors
// that tell a network failure (offline) from an answer of the server. Both carry their
// message in French as fr (see errorText in js/i18n.js).

import { TEAM_TEXTS } from './i18n.js';

export const session = {
  info: { team: true, oidc: false, minPasswordLength: 12 }, // GET api/v1/server
  me: null,      // { email, admin } when signed in
  csrf: '',      // sent as X-CSRF-Token on every request that changes something
  offline: false, // the last request could not reach the server
};

// NetworkError: the server could not be reached (offline, or it is down); its message
// is the browser's.
export class NetworkError extends Error {
  constructor(message) {
    super(message || TEAM_TEXTS.en.teamUnreachable);
    this.fr = TEAM_TEXTS.fr.teamUnreachable;
  }
}

// APIError: the server answered with an error ({error, errorFr, field}).
export class APIError extends Error {
  constructor(status, body) {
    super((body && body.error) || 'HTTP ' + status);
    this.fr = body && body.error ? body.errorFr : '';
    this.status = status;
    this.body = body || {};
  }
}

// api calls the API; body is sent as JSON (a string is sent as it is: a saved file).
export async function api(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && session.csrf) headers['X-CSRF-Token'] = session.csrf;
  let r;
  try {
    r = await fetch('api/v1/' + path, {
      method, headers, credentials: 'same-origin', cache: 'no-store',
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
  } catch (e) {
    session.offline = true;
    throw new NetworkError(e.message);
  }
  session.offline = false;
  let data = null;
  if (r.status !== 204) {
    try { data = await r.json(); } catch (e) { data = null; }
  }
  if (!r.ok) {
    if (r.status === 401 && path !== 'session') { session.me = null; session.csrf = ''; }
    throw new APIError(r.status, data);
  }
  return data;
}

// Roles, from the least to the most able.
const RANK = { reader: 1, commenter: 2, editor: 3, owner: 4 };
export const atLeast = (role, min) => (RANK[role] || 0) >= RANK[min];
