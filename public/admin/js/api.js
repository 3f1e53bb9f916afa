// The admin API client. The admin key lives in sessionStorage (this tab only) and is sent as a
// Bearer header; it is never put in a URL, a cookie or the page.

const KEY_ITEM = 'seatsync.adminKey';
const API_BASE = new URL('v1', new URL('./', document.baseURI)).pathname; // "/admin/v1"
const PAGE_BASE = new URL('./', document.baseURI).pathname; // "/admin/"

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

export function storedKey() {
  return sessionStorage.getItem(KEY_ITEM);
}

export function storeKey(key) {
  sessionStorage.setItem(KEY_ITEM, key);
}

export function forgetKey() {
  sessionStorage.removeItem(KEY_ITEM);
}

let onUnauthorized = () => undefined;
export function setUnauthorizedHandler(fn) {
  onUnauthorized = fn;
}

/** Query string from an object, leaving out empty values. */
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) {
    if (v === undefined || v === null || v === '') continue;
    q.set(k, String(v));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** One admin API call: `api('GET', '/orgs')`. Resolves to the parsed JSON (or null for 204). */
export async function api(method, path, body, key = storedKey()) {
  const headers = { Accept: 'application/json' };
  if (key) headers.Authorization = `Bearer ${key}`;
  const init = { method, headers, credentials: 'omit', cache: 'no-store' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let res;
  try {
    res = await fetch(API_BASE + path, init);
  } catch (err) {
    throw new ApiError(0, 'NETWORK', `The server could not be reached (${err.message}).`);
  }
  const text = await res.text();
  let data = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (!res.ok) {
    const code = data && data.error && data.error.code ? String(data.error.code) : `HTTP_${res.status}`;
    const message = data && data.error && data.error.message ? String(data.error.message) : `${method} ${path} failed with ${res.status}.`;
    const error = new ApiError(res.status, code, message);
    if (res.status === 401) onUnauthorized(error);
    throw error;
  }
  return data;
}

/** Every item of a paged list, following nextCursor (bounded). */
export async function listAll(path, params = {}, maxPages = 20) {
  const items = [];
  let cursor;
  let total;
  for (let page = 0; page < maxPages; page++) {
    const data = await api('GET', path + query({ ...params, cursor }));
    items.push(...(data.items || []));
    total = data.total;
    cursor = data.nextCursor;
    if (!cursor) return { items, total: total ?? items.length, complete: true };
  }
  return { items, total: total ?? items.length, complete: false };
}

/**
 * The browser session for the pages opened by navigation (queue view): the key goes once in a
 * request body, the answer is an HttpOnly cookie with a signed random value.
 */
export async function openBrowserSession(key) {
  const res = await fetch(`${PAGE_BASE}session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ key }),
    credentials: 'same-origin',
  });
  return res.ok;
}

export async function closeBrowserSession() {
  try {
    await fetch(`${PAGE_BASE}session`, { method: 'DELETE', credentials: 'same-origin' });
  } catch {
    // signing out of the dashboard goes on regardless
  }
}
