// @ts-check
// Підписки / Subscriptions: where onec-sync pushes every change, each endpoint's state,
// its delivery log, redelivery and a test send. A secret is shown once, when issued.
import { t } from './i18n.js';
/** @typedef {import('./api-types.js').Subscription} Subscription */
/** @typedef {import('./api-types.js').Delivery} Delivery */
/** @typedef {import('./api-types.js').Attempt} Attempt */
import { api, el, errorText, instant, message, session, table } from './ui.js';

import { OBJECT_KINDS as KINDS } from './vocabulary.js';

const enc = encodeURIComponent;
const refresh = () => window.dispatchEvent(new HashChangeEvent('hashchange'));

/** @param {string} id @param {string} secret */
function secretBox(id, secret) {
  return el(
    'div',
    { class: 'panel', 'data-testid': 'subscription-secret-box' },
    el('p', {}, el('strong', {}, t('sub.secretOnce'))),
    el('div', {}, t('sub.id'), ': ', el('span', { class: 'mono' }, id)),
    el('div', { class: 'secret', 'data-testid': 'subscription-secret' }, secret),
  );
}

/** The endpoint's state in words: active, failing since…, disabled by an operator or automatically. */
/** @param {Subscription} s */
function stateBadge(s) {
  if (s.status === 'disabled') {
    const auto = s.disabledReason === 'auto';
    return el(
      'div',
      { 'data-testid': `state-${s.id}` },
      el('span', { class: `badge ${auto ? 'bad' : 'muted'}` }, auto ? t('sub.autoDisabled') : t('status.disabled')),
      auto && s.failingSince ? el('div', { class: 'muted' }, `${t('sub.failingSince')} ${instant(s.failingSince)}`) : null,
    );
  }
  return el(
    'div',
    { 'data-testid': `state-${s.id}` },
    el('span', { class: `badge ${s.failingSince ? 'warn' : 'ok'}` }, s.failingSince ? t('sub.failing') : t('status.active')),
    s.failingSince ? el('div', { class: 'muted' }, `${t('sub.failingSince')} ${instant(s.failingSince)}`) : null,
  );
}

const kindsText = (/** @type {string[]} */ kinds) => (kinds.length === 0 ? t('sub.allKinds') : kinds.map((k) => t(`sub.kind.${k}`)).join(', '));
const counts = (/** @type {import('./api-types.js').DeliveryCounts} */ d) =>
  el(
    'span',
    { class: 'nowrap' },
    `${d.pending} / ${d.done} / `,
    el('span', { class: d.dead ? 'badge bad' : undefined, 'data-testid': 'dead-count' }, String(d.dead)),
  );

/** @type {{ id: string, secret: string } | null} */
let justIssued = null;

export async function subscriptionsPage() {
  /** @type {{ items: Subscription[] }} */
  const { items } = await api('/api/v1/subscriptions');
  const admin = session.admin;
  const out = el('div');
  if (justIssued) {
    out.append(secretBox(justIssued.id, justIssued.secret));
    justIssued = null;
  }

  const url = el('input', { type: 'url', name: 'url', required: true, size: 40, placeholder: 'https://erp.example.com/hooks' });
  const format = el(
    'select',
    { name: 'format' },
    ['onec-sync', 'classic'].map((f) => el('option', { value: f }, t(`sub.format.${f}`))),
  );
  const kinds = KINDS.map((k) => el('input', { type: 'checkbox', name: `kind-${k}`, checked: true }));
  const form = el(
    'form',
    {
      class: 'filters',
      'data-testid': 'subscription-form',
      onsubmit: async (/** @type {SubmitEvent} */ e) => {
        e.preventDefault();
        out.replaceChildren(message('info', t('loading')));
        try {
          const chosen = KINDS.filter((_, i) => kinds[i].checked);
          const created = await api('/api/v1/subscriptions', {
            method: 'POST',
            body: { url: url.value.trim(), format: format.value, kinds: chosen.length === KINDS.length ? [] : chosen },
          });
          justIssued = { id: created.subscription.id, secret: created.secret };
          refresh();
        } catch (error) {
          out.replaceChildren(message('error', errorText(error)));
        }
      },
    },
    el('label', {}, t('sub.url'), url),
    el('label', {}, t('sub.format'), format),
    el(
      'fieldset',
      { class: 'row' },
      el('legend', {}, t('sub.kinds')),
      KINDS.map((k, i) => el('label', {}, kinds[i], t(`sub.kind.${k}`))),
    ),
    el('button', { type: 'submit', class: 'primary', disabled: !admin }, t('sub.create')),
  );

  const node = el(
    'div',
    {},
    el('p', { class: 'muted' }, t('sub.intro')),
    admin ? form : message('info', t('sub.readOnly')),
    out,
    table(
      [
        {
          label: t('sub.url'),
          cell: (s) =>
            el('div', {}, el('a', { href: `#/subscription/${enc(s.id)}`, 'data-testid': `open-${s.id}` }, s.url), el('div', { class: 'muted mono' }, s.id)),
        },
        { label: t('sub.format'), cell: (s) => t(`sub.format.${s.format}`) },
        { label: t('sub.kinds'), cell: (s) => kindsText(s.kinds) },
        { label: t('sub.state'), cell: stateBadge },
        { label: t('sub.counts'), cell: (s) => counts(s.deliveries) },
        { label: t('sub.lastSuccess'), cell: (s) => instant(s.lastSuccessAt), class: 'nowrap' },
      ],
      items,
      { testid: 'subscriptions', empty: t('sub.none') },
    ),
  );
  return { title: t('nav.subscriptions'), node };
}

/** @param {string} id */
export async function subscriptionPage(id) {
  /** @type {[Subscription, { items: Delivery[] }, { items: Attempt[] }]} */
  const [s, deliveries, attempts] = await Promise.all([
    api(`/api/v1/subscriptions/${enc(id)}`),
    api(`/api/v1/subscriptions/${enc(id)}/deliveries?limit=100`),
    api(`/api/v1/subscriptions/${enc(id)}/attempts?limit=100`),
  ]);
  const admin = session.admin;
  const out = el('div', { 'data-testid': 'subscription-out' });
  const base = `/api/v1/subscriptions/${enc(id)}`;

  /** @param {() => Promise<unknown>} fn */
  async function act(fn) {
    out.replaceChildren(message('info', t('loading')));
    try {
      await fn();
    } catch (error) {
      out.replaceChildren(message('error', errorText(error)));
    }
  }
  /** @type {(path: string, body?: unknown) => Promise<any>} */
  const post = (path, body = {}) => api(`${base}${path}`, { method: 'POST', body });

  const testSend = () =>
    act(async () => {
      /** @type {import('./api-types.js').TestSend} */
      const r = await post('/test');
      out.replaceChildren(
        el(
          'div',
          { class: `msg ${r.ok ? 'info' : 'error'}`, 'data-testid': 'test-result' },
          r.ok ? t('sub.testOk') : t('sub.testFailed'),
          ` — ${r.httpStatus ?? r.error ?? ''} · ${r.latencyMs} ms`,
          r.responseSnippet ? el('pre', { class: 'snippet' }, r.responseSnippet) : null,
        ),
      );
    });
  const buttons = el(
    'div',
    { class: 'row' },
    el('button', { type: 'button', class: 'primary', disabled: !admin, 'data-testid': 'test-send', onclick: testSend }, t('sub.test')),
    el(
      'button',
      {
        type: 'button',
        disabled: !admin || s.deliveries.dead === 0,
        'data-testid': 'redeliver-all',
        onclick: () =>
          act(async () => {
            const r = await post('/redeliver');
            refresh();
            out.replaceChildren(message('info', `${t('sub.queued')}: ${r.queued}`));
          }),
      },
      `${t('sub.redeliverAll')} (${s.deliveries.dead})`,
    ),
    s.status === 'active'
      ? el(
          'button',
          {
            type: 'button',
            class: 'danger',
            disabled: !admin,
            'data-testid': 'disable',
            onclick: () =>
              confirm(t('sub.confirmDisable')) &&
              act(async () => {
                await post('/disable');
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
            'data-testid': 'enable',
            onclick: () =>
              act(async () => {
                await post('/enable');
                refresh();
              }),
          },
          t('source.enable'),
        ),
    el(
      'button',
      {
        type: 'button',
        disabled: !admin,
        'data-testid': 'rotate',
        onclick: () =>
          confirm(t('sub.confirmRotate')) &&
          act(async () => {
            const r = await post('/rotate-secret');
            out.replaceChildren(secretBox(id, r.secret));
          }),
      },
      t('source.rotate'),
    ),
    el(
      'button',
      {
        type: 'button',
        class: 'danger',
        disabled: !admin,
        'data-testid': 'remove',
        onclick: () =>
          confirm(t('sub.confirmRemove')) &&
          act(async () => {
            await api(base, { method: 'DELETE' });
            location.hash = '#/subscriptions';
          }),
      },
      t('sub.remove'),
    ),
  );

  const redeliverOne = (/** @type {Delivery} */ d) =>
    d.status === 'pending'
      ? null
      : el(
          'button',
          {
            type: 'button',
            class: 'link',
            disabled: !admin,
            'data-testid': `redeliver-${d.id}`,
            onclick: () =>
              act(async () => {
                await post('/redeliver', { deliveryId: d.id });
                refresh();
              }),
          },
          t('sub.redeliver'),
        );

  const node = el(
    'div',
    {},
    el(
      'div',
      { class: 'panel' },
      el('div', {}, el('span', { class: 'mono' }, s.url), ' · ', t(`sub.format.${s.format}`), ' · ', kindsText(s.kinds)),
      el('div', {}, stateBadge(s)),
      s.status === 'disabled' && s.disabledReason === 'auto' ? message('error', t('sub.autoDisabledHint')) : null,
      el('div', { class: 'muted' }, `${t('sub.counts')}: `, counts(s.deliveries)),
    ),
    buttons,
    out,
    el('h2', {}, t('sub.deliveries')),
    table(
      [
        { label: t('sub.created'), cell: (d) => instant(d.createdAt), class: 'nowrap' },
        {
          label: t('sub.change'),
          cell: (d) => el('div', {}, `${t(`sub.kind.${d.kind}`)} · ${t(`result.${d.action}`)} · v${d.version}`, el('div', { class: 'muted mono' }, d.changeId)),
        },
        {
          label: t('sub.status'),
          cell: (d) =>
            el(
              'span',
              { class: `badge ${{ pending: 'muted', done: 'ok', dead: 'bad' }[d.status]}`, 'data-testid': `delivery-status-${d.id}` },
              d.inFlight ? t('sub.inFlight') : t(`sub.delivery.${d.status}`),
            ),
        },
        { label: t('sub.attempts'), cell: (d) => String(d.attempts), class: 'num' },
        { label: t('sub.last'), cell: (d) => d.lastError ?? (d.lastHttpStatus === null ? '—' : `HTTP ${d.lastHttpStatus}`) },
        { label: t('sub.next'), cell: (d) => (d.nextAttemptAt ? instant(d.nextAttemptAt) : '—'), class: 'nowrap' },
        { label: '', cell: redeliverOne },
      ],
      deliveries.items,
      { testid: 'deliveries', empty: t('sub.noDeliveries') },
    ),
    el('h2', {}, t('sub.log')),
    table(
      [
        { label: t('sub.when'), cell: (a) => instant(a.attemptedAt), class: 'nowrap' },
        {
          label: t('sub.outcome'),
          cell: (a) => el('span', { class: `badge ${{ ok: 'ok', retry: 'warn', dead: 'bad', test: 'muted' }[a.outcome]}` }, t(`sub.outcome.${a.outcome}`)),
        },
        { label: 'HTTP', cell: (a) => (a.httpStatus === null ? '—' : String(a.httpStatus)), class: 'num' },
        { label: t('sub.latency'), cell: (a) => `${a.latencyMs} ms`, class: 'num nowrap' },
        {
          label: t('sub.answer'),
          cell: (a) => el('div', {}, a.error ? el('div', {}, a.error) : null, a.responseSnippet ? el('pre', { class: 'snippet' }, a.responseSnippet) : null),
        },
      ],
      attempts.items,
      { testid: 'attempts', empty: t('sub.noAttempts') },
    ),
  );
  return { title: `${t('nav.subscriptions')}: ${s.id}`, node };
}
