// @ts-check
// Джерела / Sources: the 1C bases, their status, credentials and the generated 1C modules.
import { t } from './i18n.js';
/** @typedef {import('./api-types.js').Source} Source */
/** @typedef {import('./api-types.js').Issued} Issued */
import { api, downloadLink, el, errorText, instant, message, session, statusBadge, table } from './ui.js';

/** A secret and a token are shown exactly once, right after they are issued. */
/** @param {Issued} issued */
function issuedBox(issued) {
  return el(
    'div',
    { class: 'panel', 'data-testid': 'issued' },
    el('p', {}, el('strong', {}, t('source.issuedOnce'))),
    el('div', {}, t('source.id'), ': ', el('span', { class: 'mono' }, issued.sourceId)),
    el('p', {}, t('source.secret')),
    el('div', { class: 'secret', 'data-testid': 'issued-secret' }, issued.secret),
    el('p', {}, t('source.token')),
    el('div', { class: 'secret', 'data-testid': 'issued-token' }, issued.token),
  );
}

/** Issued credentials carried over the re-render after creating a source, then forgotten. */
/** @type {Issued | null} */
let justIssued = null;

export async function sourcesPage() {
  /** @type {import('./api-types.js').SourceList} */
  const sources = await api('/api/v1/sources');
  const out = el('div');
  if (justIssued) {
    out.append(issuedBox(justIssued));
    justIssued = null;
  }
  const admin = session.admin;
  const refresh = () => window.dispatchEvent(new HashChangeEvent('hashchange'));

  /** @param {() => Promise<unknown>} fn */
  async function act(fn) {
    out.replaceChildren(message('info', t('loading')));
    try {
      await fn();
    } catch (error) {
      out.replaceChildren(message('error', errorText(error)));
    }
  }

  const nameInput = el('input', { type: 'text', name: 'name', placeholder: t('source.namePlaceholder'), size: 30, required: true });
  const createForm = el(
    'form',
    {
      class: 'filters',
      onsubmit: (/** @type {SubmitEvent} */ e) => {
        e.preventDefault();
        act(async () => {
          /** @type {Issued} */
          const issued = await api('/api/v1/sources', { method: 'POST', body: { name: nameInput.value.trim() } });
          justIssued = issued;
          refresh();
        });
      },
    },
    el('label', {}, t('source.new'), nameInput),
    el('button', { type: 'submit', class: 'primary', disabled: !admin }, t('source.create')),
  );

  const bslUrl = el('input', { type: 'url', value: location.origin, size: 32, 'aria-label': t('source.bslUrl') });
  // Secrets are never shown again: the modules embed the secret the operator types, or a new one.
  const bslSecret = el('input', {
    type: 'password',
    size: 32,
    autocomplete: 'off',
    placeholder: 'whsec_…',
    'aria-label': t('source.bslSecret'),
    'data-testid': 'bsl-secret',
  });
  const bslOut = el('div');
  /** @param {Source} source */
  async function bsl(source) {
    const secret = bslSecret.value.trim();
    if (!secret && !confirm(t('source.bslConfirmRotate'))) return;
    bslOut.replaceChildren(message('info', t('loading')));
    try {
      /** @type {{ files: import('./api-types.js').BslModules['files'], issued: Issued | null }} */
      const { files, issued } = await api(`/api/v1/sources/${encodeURIComponent(source.id)}/bsl`, {
        method: 'POST',
        body: secret ? { url: bslUrl.value, secret } : { url: bslUrl.value, rotate: true },
      });
      bslOut.replaceChildren(
        el(
          'div',
          { class: 'panel' },
          issued ? issuedBox(issued) : null,
          el('p', {}, `${t('source.bslFor')} ${source.name}:`),
          el(
            'ul',
            { class: 'files', 'data-testid': 'bsl-files' },
            files.map((f) => el('li', {}, downloadLink(f.path, f.path.endsWith('.bsl') ? `\uFEFF${f.content.replace(/\n/g, '\r\n')}` : f.content))),
          ),
        ),
      );
    } catch (error) {
      bslOut.replaceChildren(message('error', errorText(error)));
    }
  }

  const actions = (/** @type {Source} */ s) =>
    el(
      'div',
      { class: 'row' },
      el(
        'button',
        {
          type: 'button',
          disabled: !admin,
          'data-testid': `rotate-${s.id}`,
          onclick: () =>
            confirm(t('source.confirmRotate')) &&
            act(async () => out.replaceChildren(issuedBox(await api(`/api/v1/sources/${encodeURIComponent(s.id)}/rotate`, { method: 'POST', body: {} })))),
        },
        t('source.rotate'),
      ),
      s.status === 'active'
        ? el(
            'button',
            {
              type: 'button',
              class: 'danger',
              disabled: !admin,
              'data-testid': `disable-${s.id}`,
              onclick: () =>
                confirm(t('source.confirmDisable')) &&
                act(async () => {
                  await api(`/api/v1/sources/${encodeURIComponent(s.id)}/disable`, { method: 'POST', body: {} });
                  refresh();
                }),
            },
            t('source.disable'),
          )
        : el(
            'button',
            {
              type: 'button',
              disabled: !admin,
              'data-testid': `enable-${s.id}`,
              onclick: () =>
                act(async () => {
                  await api(`/api/v1/sources/${encodeURIComponent(s.id)}/enable`, { method: 'POST', body: {} });
                  refresh();
                }),
            },
            t('source.enable'),
          ),
      el('button', { type: 'button', disabled: !admin, 'data-testid': `bsl-${s.id}`, onclick: () => bsl(s) }, t('source.bsl')),
    );

  const node = el(
    'div',
    {},
    admin ? null : message('info', t('source.readOnly')),
    createForm,
    out,
    table(
      [
        { label: t('source.name'), cell: (s) => el('div', {}, el('div', {}, s.name), el('div', { class: 'muted mono' }, s.id)) },
        { label: t('source.status'), cell: (s) => statusBadge(s.status) },
        { label: t('source.created'), cell: (s) => instant(s.createdAt), class: 'nowrap' },
        { label: t('source.lastContact'), cell: (s) => instant(s.lastContactAt), class: 'nowrap' },
        {
          label: t('source.lastError'),
          cell: (s) =>
            s.lastError ? el('div', {}, `${s.lastError.code ?? ''} ${s.lastError.message ?? ''}`, el('div', { class: 'muted' }, instant(s.lastError.at))) : '—',
        },
        { label: '', cell: actions },
      ],
      sources.items,
      { testid: 'sources' },
    ),
    el('h2', {}, t('source.bslTitle')),
    el('div', { class: 'row' }, el('span', {}, t('source.bslUrl')), bslUrl, el('span', { class: 'muted' }, t('source.bslHint'))),
    el('div', { class: 'row' }, el('span', {}, t('source.bslSecret')), bslSecret),
    bslOut,
  );
  return { title: t('nav.sources'), node };
}
