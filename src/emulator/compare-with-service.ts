/**
 * Compares a simulated 1C base with what the service holds for its source, object by object,
 * through the service's read API: every object of the base must be there with the same
 * fields, every object deleted in the base must be there as deleted, and nothing else.
 * Returns the differences, one line each (empty = the service holds exactly the base).
 */
import { type BslDate, type BslValue, isNumber, isObject, num } from '../bsl/runtime/values.js';
import { INVOICE_KINDS, KINDS } from '../domain/kinds.js';
import type { InstalledBase } from './installed-base.js';
import type { DayKind } from './runtime-day.js';

// biome-ignore lint/suspicious/noExplicitAny: the service's JSON answers; the comparisons below are the shape check.
export type GetJson = (path: string) => Promise<any>;

// biome-ignore lint/suspicious/noExplicitAny: the service's JSON answers; the comparisons below are the shape check.
export async function listAll(get: GetJson, path: string): Promise<any[]> {
  // biome-ignore lint/suspicious/noExplicitAny: the service's JSON answers; the comparisons below are the shape check.
  const items: any[] = [];
  let cursor: string | null = null;
  do {
    // biome-ignore lint/suspicious/noExplicitAny: the service's JSON answers; the comparisons below are the shape check.
    const page: any = await get(`${path}&limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    if (!page || !Array.isArray(page.items)) throw new Error(`GET ${path}: ${JSON.stringify(page).slice(0, 300)}`);
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

const text = (v: BslValue): string | null => {
  const s = typeof v === 'string' ? v : isObject(v) ? (v.presentation?.() ?? '') : v === undefined || v === null ? '' : String(v);
  return s.trim() === '' ? null : s;
};

/** The service keeps an empty text as null or as ""; the base as "". */
const norm = (v: unknown): unknown => (v === '' ? null : v);

const sameNumber = (a: unknown, b: BslValue): boolean => a !== null && a !== undefined && isNumber(b) && num(String(a)).eq(b);

export async function compareWithService(ib: InstalledBase, get: GetJson, sourceId: string, deleted: Record<DayKind, string[]>): Promise<string[]> {
  const problems: string[] = [];
  const src = `source=${encodeURIComponent(sourceId)}`;

  // Counterparties
  const clients = [...(await listAll(get, `/api/v1/clients?${src}&deleted=false`)), ...(await listAll(get, `/api/v1/clients?${src}&deleted=true`))];
  const clientByUuid = new Map(clients.map((c) => [c.uuid, c]));
  const baseClients = ib.objects(ib.clientTable);
  for (const o of baseClients) {
    const c = clientByUuid.get(o.uuid);
    const f = o.fields;
    const label = `client ${String(f['Наименование'])} (${o.uuid})`;
    if (!c) {
      problems.push(`${label}: missing in the service`);
      continue;
    }
    const contacts = (type: string) =>
      o.sections['КонтактнаяИнформация']?.find((r) => isObject(r['Тип']) && r['Тип'].xmlString?.() === type)?.['Представление'] ?? '';
    const expected: Record<string, unknown> = {
      name: text(f['Наименование']),
      code: text(f['Код']),
      fullName: text(f['НаименованиеПолное']),
      edrpou: text(f[ib.names.edrpou]),
      taxId: text(f[ib.names.taxId]),
      comment: text(f['Комментарий']),
      phone: text(contacts('Телефон')),
      email: text(contacts('АдресЭлектроннойПочты')),
      address: text(contacts('Адрес')),
      deletionMark: f['ПометкаУдаления'] === true,
      deleted: false,
    };
    for (const [k, v] of Object.entries(expected))
      if (norm(c[k]) !== v) problems.push(`${label}: ${k} is ${JSON.stringify(c[k])}, the base has ${JSON.stringify(v)}`);
  }
  for (const uuid of deleted.client) {
    const c = clientByUuid.get(uuid);
    if (c?.deleted !== true) problems.push(`client ${uuid}: deleted in the base, the service has ${c ? 'it alive' : 'nothing'}`);
  }
  const expectedClients = baseClients.length + deleted.client.length;
  if (clients.length !== expectedClients)
    problems.push(`the service holds ${clients.length} clients of this source, the base ${expectedClients} (with deleted)`);

  // Documents
  for (const { bsl: kind, kind: serviceKind } of INVOICE_KINDS.map((k) => KINDS[k])) {
    const list = [
      ...(await listAll(get, `/api/v1/invoices?kind=${serviceKind}&${src}&deleted=false`)),
      ...(await listAll(get, `/api/v1/invoices?kind=${serviceKind}&${src}&deleted=true`)),
    ];
    const byUuid = new Map(list.map((d) => [d.uuid, d]));
    const baseDocs = ib.objects(ib.tableOf(kind));
    for (const o of baseDocs) {
      const f = o.fields;
      const label = `${kind} ${String(f['Номер'])} (${o.uuid})`;
      const summary = byUuid.get(o.uuid);
      if (!summary) {
        problems.push(`${label}: missing in the service`);
        continue;
      }
      const d = await get(`/api/v1/invoices/${summary.id}`);
      const counterparty = f[ib.names.counterparty] as BslValue;
      const currency = f['ВалютаДокумента'] as BslValue;
      const expected: Record<string, unknown> = {
        number: text(f['Номер']),
        localDate: (f['Дата'] as BslDate).toIso(),
        posted: f['Проведен'] === true,
        deletionMark: f['ПометкаУдаления'] === true,
        deleted: false,
        comment: text(f['Комментарий']),
        currencyCode: isObject(currency) ? text(await currency.getProperty('Код', ib.base.context())) : null,
        'counterparty.name': isObject(counterparty) ? text(counterparty.presentation?.() ?? '') : null,
      };
      const actual: Record<string, unknown> = { ...d, 'counterparty.name': d.counterparty?.name ?? null };
      for (const [k, v] of Object.entries(expected))
        if (norm(actual[k]) !== v) problems.push(`${label}: ${k} is ${JSON.stringify(actual[k])}, the base has ${JSON.stringify(v)}`);
      if (!sameNumber(d.total, f['СуммаДокумента'])) problems.push(`${label}: total ${d.total}, the base has ${String(f['СуммаДокумента'])}`);
      if (kind === 'invoice' && d.paymentDue?.slice(0, 10) !== (f['ДатаОплаты'] as BslDate).toIso().slice(0, 10))
        problems.push(`${label}: paymentDue ${d.paymentDue}, the base has ${(f['ДатаОплаты'] as BslDate).toIso()}`);
      const rows = [...(o.sections[ib.names.goodsTable] ?? []), ...(o.sections[ib.names.servicesTable] ?? [])];
      if (d.positions.length !== rows.length) {
        problems.push(`${label}: ${d.positions.length} positions, the base has ${rows.length}`);
        continue;
      }
      rows.forEach((r, k) => {
        const p = d.positions[k];
        if (!sameNumber(p.quantity, r['Количество']) || !sameNumber(p.price, r['Цена']) || !sameNumber(p.amount, r['Сумма'])) {
          problems.push(
            `${label}: position ${k + 1} is ${p.quantity} × ${p.price} = ${p.amount}, the base has ${String(r['Количество'])} × ${String(r['Цена'])} = ${String(r['Сумма'])}`,
          );
        }
        if (norm(p.name) !== text(r['Номенклатура'] as BslValue))
          problems.push(`${label}: position ${k + 1} name ${JSON.stringify(p.name)}, the base has ${JSON.stringify(text(r['Номенклатура'] as BslValue))}`);
      });
    }
    for (const uuid of deleted[kind]) {
      const d = byUuid.get(uuid);
      if (d?.deleted !== true) problems.push(`${kind} ${uuid}: deleted in the base, the service has ${d ? 'it alive' : 'nothing'}`);
    }
    const expectedCount = baseDocs.length + deleted[kind].length;
    if (list.length !== expectedCount)
      problems.push(`the service holds ${list.length} ${serviceKind} invoices of this source, the base ${expectedCount} (with deleted)`);
  }
  return problems;
}
