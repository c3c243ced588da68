// The bearer token lives in this tab's sessionStorage only: never localStorage, never a cookie,
// so closing the tab or signing out forgets it.
const KEY = 'isthmus.console.token';

export function token() {
  return sessionStorage.getItem(KEY);
}

export function remember(value) {
  sessionStorage.setItem(KEY, value);
}

export function forget() {
  sessionStorage.removeItem(KEY);
}
