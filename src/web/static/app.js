// @ts-check
// onec-sync dashboard: hash router, layout and login. Pages live in pages-*.js.

import { kindsLoaded, loadKinds } from './declared-kinds.js';
import { getLang, setLang, t } from './i18n.js';
import { clientListPage, clientPage } from './pages-clients.js';
import { eventListPage, eventPage } from './pages-events.js';
import { invoiceListPage, invoicePage } from './pages-invoices.js';
import { objectListPage, objectPage, word } from './pages-objects.js';
import { overviewPage } from './pages-overview.js';
import { reconciliationListPage, reconciliationPage } from './pages-reconciliations.js';
import { sourcesPage } from './pages-sources.js';
import { subscriptionPage, subscriptionsPage } from './pages-subscriptions.js';
import { ApiError, api, el, errorText, message, session, setZone } from './ui.js';

const root = /** @type {HTMLElement} */ (document.getElementById('app'));

const NAV = [
  ['#/overview', 'nav.overview'],
  ['#/invoices/incoming', 'nav.incoming'],
  ['#/invoices/outgoing', 'nav.outgoing'],
  ['#/clients', 'nav.clients'],
  ['#/events', 'nav.events'],
  ['#/sources', 'nav.sources'],
  ['#/reconciliations', 'nav.reconciliations'],
  ['#/subscriptions', 'nav.subscriptions'],
];

/** @typedef {{ title: string, node: Node }} Page */
/** @type {[RegExp, (m: RegExpExecArray) => Promise<Page>][]} */
const ROUTES = [
  [/^\/overview$/, () => overviewPage()],
  [/^\/invoices\/(incoming|outgoing)$/, (m) => invoiceListPage(m[1])],
  [/^\/invoice\/([^/]+)$/, (m) => invoicePage(decodeURIComponent(m[1]))],
  [/^\/clients$/, () => clientListPage()],
  [/^\/client\/([^/]+)$/, (m) => clientPage(decodeURIComponent(m[1]))],
  [/^\/events$/, () => eventListPage()],
  [/^\/event\/([^/]+)$/, (m) => eventPage(decodeURIComponent(m[1]))],
  [/^\/sources$/, () => sourcesPage()],
  [/^\/reconciliations$/, () => reconciliationListPage()],
  [/^\/reconciliation\/([^/]+)$/, (m) => reconciliationPage(decodeURIComponent(m[1]))],
  [/^\/subscriptions$/, () => subscriptionsPage()],
  [/^\/subscription\/([^/]+)$/, (m) => subscriptionPage(decodeURIComponent(m[1]))],
  [/^\/objects\/([a-z][a-z0-9-]*)$/, (m) => objectListPage(m[1])],
  [/^\/object\/([a-z][a-z0-9-]*)\/([^/]+)$/, (m) => objectPage(m[1], decodeURIComponent(m[2]))],
];

function langSwitch() {
  return el(
    'span',
    { class: 'langs' },
    ['uk', 'en'].map((lang) =>
      el(
        'button',
        {
          type: 'button',
          class: getLang() === lang ? 'active' : undefined,
          'data-lang': lang,
          onclick: () => {
            setLang(lang);
            render();
          },
        },
        lang.toUpperCase(),
      ),
    ),
  );
}

/**
 * @param {string} path
 * @param {import('./ui.js').Child} content
 */
function layout(path, content) {
  const current = `#${path}`;
  return el(
    'div',
    { class: 'layout' },
    el(
      'aside',
      { class: 'sidebar' },
      el('div', { class: 'logo' }, 'onec-sync'),
      el('nav', {}, [
        ...NAV.slice(0, 4).map(([href, key]) => el('a', { href, class: current.startsWith(href) ? 'active' : undefined }, t(key))),
        // Every declared kind kept in the objects store, after the classic ones.
        ...kindsLoaded()
          .filter((k) => k.store === 'objects')
          .map((k) => {
            const href = `#/objects/${k.kind}`;
            return el(
              'a',
              { href, class: current === href || current.startsWith(`${href}?`) || current.startsWith(`#/object/${k.kind}/`) ? 'active' : undefined },
              word(k.label),
            );
          }),
        ...NAV.slice(4).map(([href, key]) => el('a', { href, class: current.startsWith(href) ? 'active' : undefined }, t(key))),
      ]),
      el(
        'div',
        { class: 'foot' },
        el('div', {}, session.admin ? t('login.asAdmin') : t('login.asRead')),
        el(
          'button',
          {
            type: 'button',
            class: 'link',
            'data-testid': 'logout',
            onclick: () => {
              session.clear();
              location.hash = '#/login';
            },
          },
          t('logout'),
        ),
      ),
    ),
    el('main', {}, content),
  );
}

function loginPage() {
  const input = el('input', { type: 'password', name: 'key', autocomplete: 'off', placeholder: t('login.placeholder'), 'data-testid': 'api-key' });
  const status = el('div');
  const form = el(
    'form',
    {
      onsubmit: async (/** @type {SubmitEvent} */ e) => {
        e.preventDefault();
        const key = input.value.trim();
        status.replaceChildren();
        if (!key) return;
        try {
          session.set(key, (await api('/api/v1/whoami', { key })).scope);
          location.hash = '#/overview';
        } catch (error) {
          status.replaceChildren(message('error', error instanceof ApiError && error.status === 401 ? t('login.wrong') : errorText(error)));
        }
      },
    },
    el('label', {}, t('login.label')),
    input,
    status,
    el('button', { type: 'submit', class: 'primary' }, t('login.submit')),
  );
  return el('div', { class: 'login' }, el('div', { class: 'row spread' }, el('h1', {}, 'onec-sync'), langSwitch()), el('p', {}, t('login.intro')), form);
}

let zoneLoaded = false;
async function render() {
  delete root.dataset.ready;
  document.documentElement.lang = getLang();
  const hash = location.hash.replace(/^#/, '') || '/overview';
  const path = hash.split('?')[0];
  if (!session.key || path === '/login') {
    document.title = `onec-sync — ${t('login.title')}`;
    root.replaceChildren(loginPage());
    return;
  }
  const route = ROUTES.find(([re]) => re.test(path));
  if (!route) {
    location.hash = '#/overview';
    return;
  }
  try {
    await loadKinds();
  } catch {
    // The navigation then shows the classic kinds only; the page itself says what failed.
  }
  const topbar = el('div', { class: 'topbar' }, el('h1', { 'data-testid': 'page-title' }, '…'), langSwitch());
  const body = el('div', {}, el('p', { class: 'loading' }, t('loading')));
  root.replaceChildren(layout(path, [topbar, body]));
  try {
    if (!zoneLoaded) {
      setZone((await api('/api/v1/stats')).timezone);
      zoneLoaded = true;
    }
    const page = await route[1](/** @type {RegExpExecArray} */ (route[0].exec(path)));
    if (location.hash.replace(/^#/, '') !== hash && location.hash) return; // navigated away meanwhile
    /** @type {Node} */ (topbar.firstChild).textContent = page.title;
    document.title = `${page.title} — onec-sync`;
    body.replaceChildren(page.node);
    root.dataset.ready = hash;
  } catch (error) {
    body.replaceChildren(message('error', errorText(error)));
  }
}

window.addEventListener('hashchange', render);
render();
