/**
 * Kinds are declarations: the shipped ones load and agree with the classic table, and a bad
 * declaration stops the start with the file and the field named.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { KINDS, OBJECT_KINDS } from '../../src/domain/kinds.js';
import { KindRegistry } from '../../src/kinds/kind-registry.js';
import { defineKind, KindDeclarationError, loadDeclarations } from '../../src/kinds/load-declarations.js';
import { formatOneCType, fromMetadataType, parseOneCType } from '../../src/kinds/one-c-type.js';

const SHIPPED = ['bank-payment', 'bank-receipt', 'client', 'contract', 'incoming', 'item', 'outgoing', 'sale'];

const minimal = (over: Record<string, unknown> = {}) => ({
  kind: 'work-order',
  object: 'Документ.ЗаказНаряд',
  label: { uk: 'Заказ-наряди', en: 'Work orders' },
  attributes: [
    { name: 'Номер', type: 'Строка(11)' },
    { name: 'Дата', type: 'ДатаВремя' },
    { name: 'Клиент', type: 'СправочникСсылка.Контрагенты' },
    { name: 'Сумма', type: 'Число(15,2)' },
  ],
  roles: { number: 'Номер', date: 'Дата', counterparty: 'Клиент', amount: 'Сумма' },
  ...over,
});

function refused(json: unknown, field: string, reason: RegExp) {
  assert.throws(
    () => defineKind('custom/work-order.json', json, { shipped: false }),
    (e: unknown) => e instanceof KindDeclarationError && e.file === 'custom/work-order.json' && e.field === field && reason.test(e.reason),
  );
}

describe('kind declarations', () => {
  it('ships the three classic kinds and the five of BAS Бухгалтерія', () => {
    const registry = new KindRegistry(loadDeclarations());
    assert.deepEqual(registry.list.map((k) => k.kind).sort(), SHIPPED);
    for (const kind of OBJECT_KINDS) {
      const k = registry.require(kind);
      const classic = KINDS[kind];
      assert.equal(k.endpoint, classic.endpoint);
      assert.equal(k.webhookPath, classic.webhookPath);
      assert.equal(k.bslKind, classic.bsl);
      assert.equal(k.payloadKey, classic.payloadKey);
      assert.equal(`${k.metaClass}.${k.oneCName}`, `${classic.metaClass}.${classic.oneCName}`);
      assert.notEqual(k.store, 'objects');
    }
    const sale = registry.require('sale');
    assert.equal(sale.webhookPath, '/api/webhook/1c/sales');
    assert.equal(sale.store, 'objects');
    assert.deepEqual(
      sale.sections.map((s) => s.name),
      ['Товары', 'Услуги'],
    );
    assert.equal(registry.ofTarget({ class: 'Справочник', name: 'Контрагенты' })?.kind, 'client');
    assert.equal(registry.ofTarget({ class: 'Справочник', name: 'Номенклатура' })?.kind, 'item');
  });

  it('reads 1C types in both languages and writes them back', () => {
    assert.deepEqual(parseOneCType('Число(15,2)'), { type: 'number', digits: 15, scale: 2, nonNegative: false });
    assert.deepEqual(parseOneCType('Number(10, 0, Nonnegative)'), { type: 'number', digits: 10, scale: 0, nonNegative: true });
    assert.deepEqual(parseOneCType('String'), { type: 'string', length: 0 });
    assert.deepEqual(parseOneCType('CatalogRef.Контрагенты | СправочникСсылка.ФизическиеЛица'), {
      type: 'ref',
      targets: [
        { class: 'Справочник', name: 'Контрагенты' },
        { class: 'Справочник', name: 'ФизическиеЛица' },
      ],
    });
    for (const text of ['Строка(150)', 'Число(15,2,Неотрицательное)', 'ДатаВремя', 'Булево', 'ДокументСсылка.Счет | ПеречислениеСсылка.СтавкиНДС']) {
      assert.equal(formatOneCType(parseOneCType(text)), text);
    }
    assert.throws(() => parseOneCType('Число(40)'), /digits/);
    assert.throws(() => parseOneCType('Строка | Булево'), /composite/);
    assert.deepEqual(fromMetadataType({ types: ['xs:decimal'], digits: 15, fractionDigits: 2 }), { type: 'number', digits: 15, scale: 2, nonNegative: false });
    assert.deepEqual(fromMetadataType({ types: ['cfg:CatalogRef.Пользователи'] }), { type: 'ref', targets: [{ class: 'Справочник', name: 'Пользователи' }] });
    assert.equal(fromMetadataType({ types: ['v8:ValueStorage'] }), null);
  });

  it('a declaration fills its defaults', () => {
    const k = defineKind('x.json', minimal(), { shipped: false });
    assert.equal(k.endpoint, 'work-order');
    assert.equal(k.bslKind, 'workorder');
    assert.equal(k.payloadKey, 'data');
    assert.equal(k.refField, 'Ссылка');
    assert.equal(k.store, 'objects');
    assert.equal(k.roles.amount?.name, 'Сумма');
  });

  it('a bad declaration names the file and the field', () => {
    refused(minimal({ kind: 'Work Order' }), 'kind', /match/);
    refused(minimal({ object: 'Регистр.Х' }), 'object', /Документ/);
    refused(minimal({ attributes: [{ name: 'Номер', type: 'Число(40)' }] }), 'attributes[0].type', /digits/);
    refused(
      minimal({
        attributes: [
          { name: 'Номер', type: 'Строка' },
          { name: 'Номер', type: 'Строка' },
        ],
      }),
      'attributes[1].name',
      /twice/,
    );
    refused(minimal({ attributes: [{ name: 'НомерСобытия', type: 'Строка' }] }), 'attributes[0].name', /twice|carries/);
    refused(minimal({ roles: { amount: 'Номер' } }), 'roles.amount', /cannot be the amount/);
    refused(minimal({ roles: { number: 'Склад' } }), 'roles.number', /not one of the declared/);
    refused(minimal({ sort: ['Клиент'] }), 'sort[0]', /no index/);
    refused(minimal({ extra: 1 }), 'extra', /Unexpected property/);
    refused(minimal({ store: 'invoices' }), 'store', /classic/);
    refused(
      minimal({ tabularSections: [{ name: 'Работы', sources: ['Работы', 'Материалы'], attributes: [{ name: 'Сумма', type: 'Число(15,2)' }] }] }),
      'tabularSections[0].discriminator',
      /several/,
    );
  });

  it("a customer's folder adds kinds, replaces a shipped one's names, and refuses clashes", () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kinds-'));
    writeFileSync(path.join(dir, 'work-order.json'), JSON.stringify(minimal()));
    const renamed = { ...minimal(), kind: 'sale', object: 'Документ.РеализацияТоваровИУслуг' };
    writeFileSync(path.join(dir, 'sale.json'), `\uFEFF${JSON.stringify(renamed)}`);
    const registry = KindRegistry.load(dir);
    assert.equal(registry.require('work-order').file, path.join(dir, 'work-order.json'));
    assert.equal(registry.require('sale').oneCName, 'РеализацияТоваровИУслуг');

    writeFileSync(path.join(dir, 'other.json'), JSON.stringify({ ...minimal(), kind: 'other', object: 'Документ.Інший', endpoint: 'work-order' }));
    assert.throws(
      () => KindRegistry.load(dir),
      (e: unknown) => e instanceof KindDeclarationError && e.field === 'endpoint' && /other\.json/.test(e.message) && /work-order\.json/.test(e.message),
    );
    writeFileSync(path.join(dir, 'other.json'), '{ not json');
    assert.throws(
      () => KindRegistry.load(dir),
      (e: unknown) => e instanceof KindDeclarationError && /not JSON/.test(e.message),
    );
  });
});
