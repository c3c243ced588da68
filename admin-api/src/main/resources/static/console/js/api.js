// Calls to the admin API (/v1, same origin) with the session's bearer token. Failures become
// ApiError, carrying the RFC 9457 problem the API answers; a 401 also forgets the token and tells
// whoever listens (the app returns to sign-in).
import * as session from './session.js';

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.status = status;
    this.code = problem.code || null;
    this.title = problem.title || null;
    this.errors = Array.isArray(problem.errors) ? problem.errors : [];
  }
}

const unauthorizedListeners = new Set();

export function onUnauthorized(listener) {
  unauthorizedListeners.add(listener);
}

export async function call(method, path, body) {
  const text = await send(method, path, body === undefined ? undefined : JSON.stringify(body),
    body === undefined ? undefined : 'application/json', 'application/json, application/problem+json');
  return parseJson(text);
}

/** A text body (a zone file) sent as contentType; the JSON answer. */
export async function postText(path, text, contentType) {
  return parseJson(await send('POST', path, text, contentType, 'application/json, application/problem+json'));
}

/** A text answer (a zone file), as it comes. */
export function getText(path, accept) {
  return send('GET', path, undefined, undefined, `${accept}, application/problem+json`);
}

/** The answer's text when it is a success; otherwise throws ApiError (status 0: no answer). */
async function send(method, path, body, contentType, accept) {
  const headers = { Accept: accept };
  const token = session.token();
  if (token) {
    headers.Authorization = `Bearer ${token}`;
  }
  if (contentType !== undefined) {
    headers['Content-Type'] = contentType;
  }
  let response;
  try {
    response = await fetch(path, { method, headers, body, credentials: 'omit', cache: 'no-store' });
  } catch (e) {
    throw new ApiError(0, { title: 'Network error', detail: `The node did not answer (${e.message}).` });
  }
  const text = await response.text();
  if (response.ok) {
    return text;
  }
  const json = parseJson(text);
  const problem = json && typeof json === 'object' ? json : { title: response.statusText, detail: text };
  const error = new ApiError(response.status, problem);
  if (response.status === 401) {
    session.forget();
    unauthorizedListeners.forEach((listener) => listener(error));
  }
  throw error;
}

function parseJson(text) {
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}

export function get(path) {
  return call('GET', path);
}

export function post(path, body) {
  return call('POST', path, body);
}

/** Every item of a paged list ({"items","nextToken"}), following nextToken up to a bound. */
export async function listAll(path, maxPages = 50) {
  const items = [];
  let nextToken = null;
  for (let page = 0; page < maxPages; page++) {
    const separator = path.includes('?') ? '&' : '?';
    const url = nextToken ? `${path}${separator}nextToken=${encodeURIComponent(nextToken)}` : path;
    const answer = await get(url);
    items.push(...(answer.items || []));
    nextToken = answer.nextToken;
    if (!nextToken) {
      break;
    }
  }
  return items;
}
