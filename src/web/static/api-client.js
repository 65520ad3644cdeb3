// @ts-check
// The dashboard's API client: the logged-in key (kept in sessionStorage), JSON calls, query strings.

const KEY = 'onec-sync.apiKey';
const SCOPE = 'onec-sync.scope';
export const session = {
  get key() {
    return sessionStorage.getItem(KEY);
  },
  get admin() {
    return sessionStorage.getItem(SCOPE) === 'admin';
  },
  /** @param {string} key @param {string} scope */
  set(key, scope) {
    sessionStorage.setItem(KEY, key);
    sessionStorage.setItem(SCOPE, scope);
  },
  clear() {
    sessionStorage.removeItem(KEY);
    sessionStorage.removeItem(SCOPE);
  },
};

export class ApiError extends Error {
  /**
   * @param {number} status
   * @param {{ error?: { code?: string, message?: string } } | null} body
   */
  constructor(status, body) {
    super(body?.error?.message ?? `HTTP ${status}`);
    this.status = status;
    this.code = body?.error?.code;
    this.body = body;
  }
}

/**
 * The JSON API with the logged-in key; a 401 ends the session. The answer is what the route's
 * schema says (api-types.d.ts, written from the API's schemas): callers declare the type they read.
 * @param {string} path
 * @param {{ method?: string, body?: unknown, key?: string | null }} [options]
 * @returns {Promise<any>}
 */
export async function api(path, { method = 'GET', body, key = session.key } = {}) {
  /** @type {Record<string, string>} */
  const headers = { authorization: `Bearer ${key}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = { error: { message: text } };
  }
  if (!res.ok) {
    if (res.status === 401 && key === session.key) {
      session.clear();
      location.hash = '#/login';
    }
    throw new ApiError(res.status, json);
  }
  return json;
}

/**
 * "?a=1&b=2" from an object, skipping empty values.
 * @param {Record<string, unknown>} params
 */
export function qs(params) {
  const s = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') s.set(k, String(v));
  const text = s.toString();
  return text ? `?${text}` : '';
}
