// The console's shell: sign-in, the signed-in header, and hash routing to the pages.
import * as api from './api.js';
import * as session from './session.js';
import { announce, h, problemAlert } from './dom.js';
import * as zonesPage from './pages/zones.js';
import * as zonePage from './pages/zone.js';
import * as explainPage from './pages/explain.js';
import * as topologyPage from './pages/topology.js';
import * as healthChecksPage from './pages/health-checks.js';
import * as healthCheckPage from './pages/health-check.js';
import * as nodesPage from './pages/nodes.js';

const UNAUTHORIZED_MESSAGE =
  'Your token expired or is unknown. Sign in again: what you typed on the page is kept.';

const view = document.getElementById('view');
const signInSection = document.getElementById('sign-in');
const signInForm = document.getElementById('sign-in-form');
const signInReason = document.getElementById('sign-in-reason');
const tokenInput = document.getElementById('token');
const nav = document.getElementById('nav');
const who = document.getElementById('who');
const signOutButton = document.getElementById('sign-out');

const routes = [
  { pattern: /^#\/zones\/([^/]+)$/, page: zonePage, nav: '#/zones' },
  { pattern: /^#\/zones$/, page: zonesPage, nav: '#/zones' },
  // The explain page reads its question from the query string itself (already URL-encoded).
  { pattern: /^#\/explain(?:\?.*)?$/, page: explainPage, nav: '#/explain' },
  { pattern: /^#\/topology$/, page: topologyPage, nav: '#/topology' },
  { pattern: /^#\/health\/([^/]+)$/, page: healthCheckPage, nav: '#/health' },
  { pattern: /^#\/health$/, page: healthChecksPage, nav: '#/health' },
  { pattern: /^#\/nodes$/, page: nodesPage, nav: '#/nodes' },
];

function showSignIn(reason) {
  signInReason.textContent = reason || '';
  // Hidden, not removed: a form the user was filling in keeps its values for after sign-in.
  view.hidden = true;
  nav.hidden = true;
  signOutButton.hidden = true;
  who.textContent = '';
  signInSection.hidden = false;
  tokenInput.value = '';
  tokenInput.focus();
}

function showSignedIn(me) {
  who.textContent = me.operator ? 'Signed in as the operator' : `Signed in as ${me.name} (${me.id})`;
  signInSection.hidden = true;
  signInReason.textContent = '';
  nav.hidden = false;
  signOutButton.hidden = false;
  view.hidden = false;
}

async function signIn(token) {
  session.remember(token);
  let me;
  try {
    me = await api.get('/v1/accounts/me');
  } catch (error) {
    if (error.status !== 401) {
      session.forget();
      signInReason.textContent = `Cannot sign in: ${error.message}`;
    }
    return;
  }
  showSignedIn(me);
  if (view.childElementCount === 0) {
    route();
  } else {
    // Back from an expired token: the page is as the user left it; they submit again.
    announce(`Signed in as ${me.operator ? 'the operator' : me.name}. Your page is as you left it.`);
    view.focus();
  }
}

function route() {
  if (!session.token()) {
    return;
  }
  const hash = window.location.hash || '#/zones';
  const match = routes.map((r) => ({ r, m: hash.match(r.pattern) })).find((x) => x.m);
  for (const link of nav.querySelectorAll('a')) {
    if (match && link.getAttribute('href') === match.r.nav) {
      link.setAttribute('aria-current', 'page');
    } else {
      link.removeAttribute('aria-current');
    }
  }
  // Each render fills a container of its own: a slow page that finishes after the user moved on
  // writes into a detached container, never over the current page.
  const container = h('div', {});
  view.replaceChildren(container);
  if (!match) {
    container.append(h('h1', {}, 'Not found'), h('p', {}, 'No such page. ', h('a', { href: '#/zones' }, 'Go to zones')));
    return;
  }
  const params = match.m.slice(1).map(decodeURIComponent);
  match.r.page.render(container, ...params).catch((error) => {
    if (error.status === 401) {
      return; // the unauthorized listener has taken the user to sign-in
    }
    container.append(problemAlert(error));
  });
  view.focus();
}

signInForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const token = tokenInput.value.trim();
  if (token) {
    signIn(token);
  }
});

signOutButton.addEventListener('click', () => {
  session.forget();
  view.replaceChildren();
  showSignIn('Signed out.');
});

// The skip link moves the focus itself: following its #view would be taken for a route.
document.querySelector('.skip').addEventListener('click', (event) => {
  event.preventDefault();
  (view.hidden ? tokenInput : view).focus();
});

api.onUnauthorized(() => showSignIn(UNAUTHORIZED_MESSAGE));
window.addEventListener('hashchange', route);

if (session.token()) {
  signIn(session.token());
} else {
  showSignIn('');
}
