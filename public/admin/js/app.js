// The dashboard: sign-in, hash routing (#/orgs, #/org/<id>/<tab>) and the periodic refresh.
import { api, closeBrowserSession, forgetKey, openBrowserSession, setUnauthorizedHandler, storedKey, storeKey } from './api.js';
import { $, fill } from './dom.js';
import { orgView } from './views/org.js';
import { orgsView } from './views/orgs.js';

/** The org view (license bar, waiting list, members) is re-read this often while it is shown. */
const REFRESH_MS = 3000;

let current = null;
let refreshing = false;
let flashTimer = null;

function flash(message, kind = 'error') {
  const box = $('#flash');
  box.textContent = message;
  box.className = `flash flash-${kind}`;
  box.hidden = false;
  clearTimeout(flashTimer);
  flashTimer = setTimeout(() => {
    box.hidden = true;
  }, kind === 'error' ? 10000 : 5000);
}

function parseRoute() {
  const raw = window.location.hash.replace(/^#/, '') || '/orgs';
  const [pathPart, queryPart] = raw.split('?');
  const parts = pathPart.split('/').filter(Boolean).map((p) => {
    try {
      return decodeURIComponent(p);
    } catch {
      return p;
    }
  });
  const params = new URLSearchParams(queryPart || '');
  if (parts[0] === 'org' && parts[1]) return { name: 'org', orgId: parts[1], tab: parts[2] || 'overview', params };
  return { name: 'orgs', params };
}

function navigate(hash) {
  if (window.location.hash === hash) render();
  else window.location.hash = hash;
}

const ctx = {
  flash,
  navigate,
  report(error) {
    flash(error && error.message ? error.message : String(error));
  },
};

function render() {
  if (!storedKey()) return showLogin();
  $('#login-view').hidden = true;
  $('#topnav').hidden = false;
  const appView = $('#app-view');
  appView.hidden = false;
  if (current && current.view.dispose) current.view.dispose();
  $('#flash').hidden = true;
  const route = parseRoute();
  const view = route.name === 'org' ? orgView(ctx, route) : orgsView(ctx, route);
  current = { route, view };
  for (const link of document.querySelectorAll('[data-nav]')) {
    if (link.dataset.nav === route.name || (route.name === 'org' && link.dataset.nav === 'orgs')) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  fill(appView, view.el);
  refreshNow();
}

async function refreshNow() {
  if (!current || !current.view.refresh || refreshing) return;
  refreshing = true;
  const view = current.view;
  try {
    await view.refresh();
  } catch (error) {
    if (current && current.view === view) ctx.report(error);
  } finally {
    refreshing = false;
  }
}

function showLogin(message) {
  if (current && current.view.dispose) current.view.dispose();
  current = null;
  $('#topnav').hidden = true;
  $('#app-view').hidden = true;
  fill($('#app-view'));
  $('#login-view').hidden = false;
  const error = $('#login-error');
  error.hidden = !message;
  error.textContent = message || '';
  $('#login-key').focus();
}

async function signIn(event) {
  event.preventDefault();
  const input = $('#login-key');
  const key = input.value.trim();
  if (!key) return;
  const button = $('#login-form button[type=submit]');
  button.disabled = true;
  try {
    await api('GET', '/orgs?limit=1', undefined, key);
    storeKey(key);
    input.value = '';
    // The cookie session for the queue view (Bull Board), which a browser opens by navigation.
    await openBrowserSession(key).catch(() => false);
    render();
  } catch (error) {
    showLogin(error.status === 401 ? 'That is not the admin key.' : error.message);
  } finally {
    button.disabled = false;
  }
}

async function signOut() {
  forgetKey();
  await closeBrowserSession();
  showLogin();
}

setUnauthorizedHandler(() => {
  if (!storedKey()) return;
  forgetKey();
  showLogin('The admin key was not accepted any more; sign in again.');
});

$('#login-form').addEventListener('submit', signIn);
$('#sign-out').addEventListener('click', signOut);
window.addEventListener('hashchange', render);
document.addEventListener('visibilitychange', () => {
  if (!document.hidden) refreshNow();
});
setInterval(() => {
  if (!document.hidden && storedKey()) refreshNow();
}, REFRESH_MS);

render();
