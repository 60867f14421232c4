// Talking to the Lightbox HTTP API: auth header, problem+json errors (RFC 9457) as readable text.

// The token lives in sessionStorage only: gone when the tab closes, never shared with other tabs,
// never written to disk by localStorage or a cookie (docs/security.md).
const TOKEN_KEY = 'lightbox.token';

/** An API refusal: HTTP status plus the server's own explanation. */
export class ApiError extends Error {
  constructor(status, title, detail, requestId) {
    super(detail || title || `HTTP ${status}`);
    this.status = status;
    this.title = title || `HTTP ${status}`;
    this.detail = detail || '';
    this.requestId = requestId || '';
  }
}

export function token() {
  return sessionStorage.getItem(TOKEN_KEY) || '';
}

export function setToken(value) {
  if (value) sessionStorage.setItem(TOKEN_KEY, value);
  else sessionStorage.removeItem(TOKEN_KEY);
}

/**
 * The token, and the mark that makes a 401 carry only the Bearer challenge: with a Basic one the
 * browser would show its own login dialog instead of ours.
 */
export function authHeaders() {
  const t = token();
  const script = { 'X-Requested-With': 'XMLHttpRequest' };
  return t ? { ...script, Authorization: `Bearer ${t}` } : script;
}

/** Builds the error from a problem document, or from whatever text a proxy sent instead. */
export function problem(status, text, requestId) {
  try {
    const p = JSON.parse(text);
    return new ApiError(status, p.title, p.detail, p.requestId || requestId);
  } catch {
    return new ApiError(status, `HTTP ${status}`, (text || '').slice(0, 300), requestId);
  }
}

/** fetch() that throws ApiError for any non-2xx answer and announces 401s. */
export async function request(path, { method = 'GET', headers = {}, body, signal } = {}) {
  let res;
  try {
    res = await fetch(path, { method, headers: { ...authHeaders(), ...headers }, body, signal });
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError(0, 'Network error', `the server did not answer (${e.message})`);
  }
  if (!res.ok) {
    const err = problem(res.status, await res.text(), res.headers.get('X-Request-Id'));
    if (res.status === 401) authRequired(err);
    throw err;
  }
  return res;
}

/**
 * Announces a 401 so the page can ask for a token; the detail says why the server refused
 * ("no credentials", "the token has been revoked", …), without anything from the data.
 */
export function authRequired(err) {
  document.dispatchEvent(new CustomEvent('lightbox:auth-required',
    { detail: { reason: err && err.detail ? err.detail : '', hadToken: Boolean(token()) } }));
}

export async function getJson(path, options) {
  return (await request(path, options)).json();
}

/** One line for a person: "Not found: no instance 1.2.3 (request 5f…)". */
export function describe(err) {
  if (!(err instanceof ApiError)) return String(err && err.message ? err.message : err);
  const id = err.requestId ? ` (request ${err.requestId})` : '';
  return err.detail ? `${err.title}: ${err.detail}${id}` : `${err.title}${id}`;
}

export function instancePath(id) {
  return `/instances/${encodeURIComponent(id)}`;
}

/** Runs fn over items with at most `limit` calls in flight; results in input order. */
export async function mapLimited(items, limit, fn) {
  const out = new Array(items.length);
  let next = 0;
  async function worker() {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i], i);
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
