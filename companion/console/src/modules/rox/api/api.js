/**
 * The console's one way to the companion: its HTTP API, with the console session's cookie (sent by the browser)
 * and the session's CSRF token on every change. Errors are the API's error model, thrown as ApiError.
 */
let csrfToken;

export class ApiError extends Error {
  constructor(status, error) {
    super(error?.message || `The companion answered ${status}`);
    this.status = status;
    this.code = error?.code || 'UNKNOWN';
    this.details = error?.details;
    this.retryable = Boolean(error?.retryable);
  }
}

/** Remembers the CSRF token of the session (from sign-in or GET /console/session). */
export function useSession(session) {
  csrfToken = session?.csrfToken;
}

async function call(method, path, body) {
  const headers = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    throw new ApiError(0, { code: 'NETWORK', message: `The companion did not answer (${e.message}). Is it running?` });
  }
  if (response.status === 204) return undefined;
  const text = await response.text();
  let json;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (!response.ok) {
    const error = new ApiError(response.status, json?.error);
    if (response.status === 401) window.dispatchEvent(new CustomEvent('rox-signed-out', { detail: error.message }));
    throw error;
  }
  return json;
}

export const api = {
  get: (path) => call('GET', path),
  post: (path, body) => call('POST', path, body),
  put: (path, body) => call('PUT', path, body),
  del: (path) => call('DELETE', path),
};

export const session = {
  current: () => call('GET', '/console/session'),
  signIn: (key) => call('POST', '/console/session', { key }),
  signOut: () => call('DELETE', '/console/session'),
};

/** `/v1/connections/<id>` + rest, with the id encoded. */
export function connectionPath(id, rest = '') {
  return `/v1/connections/${encodeURIComponent(id)}${rest}`;
}

/** A query string of the given parameters that have a value. */
export function query(params) {
  const entries = Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== '');
  return entries.length ? `?${new URLSearchParams(entries).toString()}` : '';
}

/** "3 min ago" style text of an ISO time; "never" when there is none. */
export function ago(iso, now = Date.now()) {
  if (!iso) return 'never';
  const seconds = Math.round((now - Date.parse(iso)) / 1000);
  if (seconds < 60) return 'just now';
  if (seconds < 3600) return `${Math.round(seconds / 60)} min ago`;
  if (seconds < 86400) return `${Math.round(seconds / 3600)} h ago`;
  return `${Math.round(seconds / 86400)} d ago`;
}
