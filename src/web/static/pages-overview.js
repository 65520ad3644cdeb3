// @ts-check
// Огляд / Overview: counts, the last changes, what waits for a person, sources at a glance.
import { endpointWord, kindsLoaded, kindWord } from './declared-kinds.js';
import { t } from './i18n.js';
import { eventObjectLink } from './pages-events.js';
/** @typedef {import('./api-types.js').EventSummary} EventSummary */
/** @typedef {import('./api-types.js').Source} Source */
import { api, el, instant, statusBadge, svg, table } from './ui.js';

/**
 * Changes per hour as small bars; the title of each bar tells the hour and count.
 * @param {string[]} hours
 * @param {number[]} counts
 */
export function hourlyChart(hours, counts) {
  const w = 240,
    h = 40,
    gap = 2,
    bw = w / counts.length - gap;
  const max = Math.max(1, ...counts);
  const chart = svg('svg', { class: 'spark', width: w, height: h + 1, viewBox: `0 0 ${w} ${h + 1}`, role: 'img', 'aria-label': t('overview.perHour') });
  chart.append(svg('line', { x1: 0, y1: h + 0.5, x2: w, y2: h + 0.5 }));
  counts.forEach((n, i) => {
    const bh = n === 0 ? 0 : Math.max(2, Math.round((n / max) * h));
    const bar = svg('rect', { x: i * (bw + gap), y: h - bh, width: bw, height: bh });
    bar.append(svg('title', {}, `${instant(hours[i])}: ${n}`));
    chart.append(bar);
  });
  return chart;
}

export async function overviewPage() {
  /** @type {[import('./api-types.js').Stats, import('./api-types.js').SourceList, import('./api-types.js').EventPage, import('./api-types.js').EventPage]} */
  const [stats, sources, recent, rejected] = await Promise.all([
    api('/api/v1/stats'),
    api('/api/v1/sources'),
    api('/api/v1/events?status=applied&limit=10'),
    api('/api/v1/events?status=rejected&limit=10'),
  ]);
  /**
   * @param {string} label @param {string | number} value @param {import('./ui.js').Child} sub
   * @param {string} cls @param {string} testid
   */
  const card = (label, value, sub, cls, testid) =>
    el(
      'div',
      { class: `card ${cls ?? ''}`, 'data-testid': testid },
      el('div', { class: 'label' }, label),
      el('div', { class: 'value' }, String(value)),
      el('div', { class: 'sub' }, sub),
    );
  // The big number is how many there are (live: not deleted in 1C); the changes that
  // arrived are a line of their own, so a busy day does not read as more documents.
  const cards = el(
    'div',
    { class: 'cards' },
    // The classic kinds always; a declared kind once it has anything to show.
    stats.kinds
      .filter((k) => kindsLoaded().find((d) => d.countedAs === k.kind)?.store !== 'objects' || k.live + k.deleted + k.week > 0)
      .map((k) =>
        card(
          kindWord(k.kind),
          k.live,
          [
            el('div', { 'data-testid': `changes-${k.kind}` }, `${t('overview.changes')}: ${t('overview.today')} ${k.today} · ${t('overview.week')} ${k.week}`),
            k.deleted ? el('div', { class: 'muted' }, `${t('overview.deleted')}: ${k.deleted}`) : null,
          ],
          '',
          `count-${k.kind}`,
        ),
      ),
    card(
      t('overview.waiting'),
      stats.rejected.waiting,
      `${t('overview.rejectedTotal')}: ${stats.rejected.total}`,
      stats.rejected.waiting > 0 ? 'bad' : '',
      'count-rejected',
    ),
    stats.feed?.nats
      ? card(
          t('overview.natsLag'),
          stats.feed.nats.lag,
          stats.feed.nats.connected
            ? t('overview.natsConnected')
            : `${t('overview.natsDown')}${stats.feed.nats.lastError ? `: ${stats.feed.nats.lastError}` : ''}`,
          stats.feed.nats.connected && stats.feed.nats.lag < 100 ? '' : 'bad',
          'nats-lag',
        )
      : null,
  );

  const hourly = new Map(stats.hourly.sources.map((s) => [s.sourceId, s.counts]));
  const zero = new Array(24).fill(0);
  const sourceTable = table(
    [
      { label: t('source.name'), cell: (s) => el('div', {}, el('div', {}, s.name), el('div', { class: 'muted mono' }, s.id)) },
      { label: t('source.status'), cell: (s) => statusBadge(s.status) },
      { label: t('source.lastContact'), cell: (s) => instant(s.lastContactAt), class: 'nowrap' },
      {
        label: t('source.lastError'),
        cell: (s) =>
          s.lastError
            ? el('div', {}, el('div', {}, `${s.lastError.code ?? ''} ${s.lastError.message ?? ''}`), el('div', { class: 'muted' }, instant(s.lastError.at)))
            : '—',
      },
      {
        label: t('overview.perHour'),
        cell: (s) => {
          const c = hourly.get(s.id) ?? zero;
          return el('div', {}, hourlyChart(stats.hourly.hours, c), el('div', { class: 'muted' }, `${t('overview.last24h')}: ${c.reduce((a, b) => a + b, 0)}`));
        },
      },
    ],
    sources.items,
    { testid: 'sources-overview' },
  );

  /** @type {import('./ui.js').Column<EventSummary>[]} */
  const eventColumns = [
    { label: t('event.time'), cell: (e) => el('a', { href: `#/event/${encodeURIComponent(e.id)}` }, instant(e.receivedAt)), class: 'nowrap' },
    { label: t('event.status'), cell: (e) => statusBadge(e.status) },
    { label: t('event.endpoint'), cell: (e) => endpointWord(e.endpoint) },
    { label: t('event.source'), cell: (e) => e.sourceId ?? '—' },
  ];
  return {
    title: t('nav.overview'),
    node: el(
      'div',
      {},
      cards,
      el('h2', {}, t('overview.sources')),
      sourceTable,
      el('h2', {}, t('overview.waitingList')),
      table([...eventColumns, { label: t('event.error'), cell: (e) => (e.error ? `${e.error.code}: ${e.error.message ?? ''}` : '—') }], rejected.items, {
        testid: 'rejected-overview',
        empty: t('overview.noneWaiting'),
      }),
      el('p', {}, el('a', { href: '#/events?status=rejected' }, t('overview.toJournal'))),
      el('h2', {}, t('overview.recent')),
      table(
        [
          ...eventColumns,
          { label: t('event.result'), cell: (e) => (e.result ? t(`result.${e.result}`) : '—') },
          { label: t('event.object'), cell: eventObjectLink },
        ],
        recent.items,
        { testid: 'recent-overview' },
      ),
    ),
  };
}
