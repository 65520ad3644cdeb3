import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { executeQuery, parseQuery, QueryExecutionError, type QueryHost, QuerySyntaxError, type QueryValues } from '../../../src/bsl/runtime/query/index.js';

/** Plain JS values: number, string, boolean, Date, null (NULL), undefined (Неопределено) or an array (a list parameter). */
type V = number | string | boolean | Date | null | undefined | V[];

const values: QueryValues<V> = {
  literal(l) {
    switch (l.kind) {
      case 'number':
        return Number(l.text);
      case 'string':
        return l.value;
      case 'boolean':
        return l.value;
      case 'null':
        return null;
      case 'undefined':
        return undefined;
      case 'date':
        return new Date(Date.UTC(l.parts[0]!, l.parts[1]! - 1, l.parts[2]!, l.parts[3] ?? 0, l.parts[4] ?? 0, l.parts[5] ?? 0));
    }
  },
  nullValue: null,
  isNull: (v) => v === null,
  compare(a, b) {
    const x = a instanceof Date ? a.getTime() : a;
    const y = b instanceof Date ? b.getTime() : b;
    if (typeof x !== typeof y || (typeof x !== 'number' && typeof x !== 'string')) throw new Error(`${typeof x} vs ${typeof y}`);
    return (x as number) < (y as number) ? -1 : (x as number) > (y as number) ? 1 : 0;
  },
  equals: (a, b) => (a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : a === b),
  key: (v) => `${typeof v}:${v instanceof Date ? v.getTime() : String(v)}`,
  toBoolean(v) {
    if (typeof v !== 'boolean') throw new Error('not boolean');
    return v;
  },
  fromBoolean: (b) => b,
  fromCount: (n) => n,
  arithmetic(op, a, b) {
    const x = a as number;
    const y = b as number;
    return op === '+' ? x + y : op === '-' ? x - y : op === '*' ? x * y : x / y;
  },
  listItems: (v) => (Array.isArray(v) ? v : undefined),
};

const queue = [
  { Ид: 'm1', Вид: 'client', Объект: 'a', Номер: 10, Состояние: 'queued', Следующая: new Date(0), Контрагент: 'k1' },
  { Ид: 'm2', Вид: 'client', Объект: 'a', Номер: 12, Состояние: 'parked', Следующая: new Date(0), Контрагент: 'k2' },
  { Ид: 'm3', Вид: 'receipt', Объект: 'b', Номер: 11, Состояние: 'queued', Следующая: new Date(5000), Контрагент: null },
  { Ид: 'm4', Вид: 'client', Объект: 'a', Номер: 15, Состояние: 'queued', Следующая: new Date(0), Контрагент: 'k1' },
  { Ид: 'm5', Вид: 'receipt', Объект: 'c', Номер: 9, Состояние: 'queued', Следующая: new Date(0), Контрагент: 'k2' },
];
const counterparties: Record<string, Record<string, V>> = { k1: { Наименование: 'Альфа', Код: '001' }, k2: { Наименование: 'Бета', Код: '002' } };

function run(text: string, params: Record<string, V> = {}) {
  const host: QueryHost<V> = {
    values,
    rows(kind, name) {
      assert.equal(`${kind}.${name}`.toLowerCase(), 'регистрсведений.очередь');
      return queue.map((r) => ({
        get(field: string) {
          const key = Object.keys(r).find((k) => k.toLowerCase() === field.toLowerCase());
          if (!key) throw new Error(`no field ${field}`);
          return (r as Record<string, V>)[key];
        },
      }));
    },
    member(v, name) {
      const record = counterparties[v as string];
      if (!record || !(name in record)) throw new Error(`no ${name}`);
      return record[name];
    },
    parameter(name) {
      if (!(name in params)) throw new Error(`Не установлено значение параметра "${name}"`);
      return params[name];
    },
  };
  return executeQuery(parseQuery(text), host);
}

describe('1C query language subset', () => {
  it("filters with parameters, orders by two keys and keeps the first n (the sender's batch query)", () => {
    const r = run(
      `ВЫБРАТЬ ПЕРВЫЕ 2
      |    Очередь.Ид КАК Ид, Очередь.Номер КАК Номер
      |ИЗ РегистрСведений.Очередь КАК Очередь
      |ГДЕ Очередь.Состояние = &ВОчереди И Очередь.Следующая <= &Сейчас
      |УПОРЯДОЧИТЬ ПО Очередь.Номер, Очередь.Ид`.replace(/\|/g, ''),
      { ВОчереди: 'queued', Сейчас: new Date(1000) },
    );
    assert.deepEqual(r.columns, ['Ид', 'Номер']);
    assert.deepEqual(r.rows, [
      ['m5', 9],
      ['m1', 10],
    ]);
  });

  it('groups with МИНИМУМ over an ИЛИ condition in parentheses', () => {
    const r = run(
      `ВЫБРАТЬ Очередь.Вид КАК Вид, Очередь.Объект КАК Объект, МИНИМУМ(Очередь.Номер) КАК Номер
       ИЗ РегистрСведений.Очередь КАК Очередь
       ГДЕ (Очередь.Состояние <> &ВОчереди ИЛИ Очередь.Следующая > &Сейчас)
       СГРУППИРОВАТЬ ПО Очередь.Вид, Очередь.Объект
       УПОРЯДОЧИТЬ ПО Номер УБЫВ`,
      { ВОчереди: 'queued', Сейчас: new Date(1000) },
    );
    assert.deepEqual(r.rows, [
      ['client', 'a', 12],
      ['receipt', 'b', 11],
    ]);
  });

  it('МАКСИМУМ over no rows gives one row holding NULL; КОЛИЧЕСТВО gives 0', () => {
    const r = run('ВЫБРАТЬ МАКСИМУМ(О.Номер) КАК Н, КОЛИЧЕСТВО(*) КАК К ИЗ РегистрСведений.Очередь КАК О ГДЕ О.Объект = &Объект', { Объект: 'zzz' });
    assert.deepEqual(r.rows, [[null, 0]]);
    const all = run('ВЫБРАТЬ МАКСИМУМ(О.Номер) КАК Н, СУММА(О.Номер) КАК С, КОЛИЧЕСТВО(РАЗЛИЧНЫЕ О.Объект) КАК К ИЗ РегистрСведений.Очередь КАК О');
    assert.deepEqual(all.rows, [[15, 57, 3]]);
  });

  it('reads English keywords, В (…) with a list parameter, МЕЖДУ and НЕ', () => {
    const r = run(
      'select distinct q.Вид as Kind from InformationRegister.Очередь as q where q.Ид in (&Ids, "m5") and not q.Номер between 100 and 200 order by Kind desc',
      { Ids: ['m1', 'm3'] },
    );
    assert.deepEqual(r.rows, [['receipt'], ['client']]);
    const notIn = run('ВЫБРАТЬ О.Ид ИЗ РегистрСведений.Очередь КАК О ГДЕ О.Ид НЕ В (&Ids) УПОРЯДОЧИТЬ ПО О.Ид', { Ids: ['m1', 'm3'] });
    assert.deepEqual(notIn.rows, [['m2'], ['m4'], ['m5']]);
  });

  it("dereferences a reference's attribute; NULL compares as unknown, so neither = nor <> keeps it", () => {
    const eq = run('ВЫБРАТЬ О.Ид, О.Контрагент.Наименование КАК Имя ИЗ РегистрСведений.Очередь КАК О ГДЕ О.Контрагент.Код = "001"');
    assert.deepEqual(eq.rows, [
      ['m1', 'Альфа'],
      ['m4', 'Альфа'],
    ]);
    const ne = run('ВЫБРАТЬ О.Ид ИЗ РегистрСведений.Очередь КАК О ГДЕ О.Контрагент <> "k1"');
    assert.deepEqual(ne.rows, [['m2'], ['m5']]);
    const notNe = run('ВЫБРАТЬ О.Ид ИЗ РегистрСведений.Очередь КАК О ГДЕ НЕ О.Контрагент = "k1"');
    assert.deepEqual(notNe.rows, [['m2'], ['m5']], 'НЕ of unknown stays unknown');
    const isNull = run('ВЫБРАТЬ О.Ид ИЗ РегистрСведений.Очередь КАК О ГДЕ О.Контрагент ЕСТЬ NULL');
    assert.deepEqual(isNull.rows, [['m3']]);
  });

  it('a boolean parameter short-circuits a condition (&Все ИЛИ …)', () => {
    const text = 'ВЫБРАТЬ О.Ид КАК Ид ИЗ РегистрСведений.Очередь КАК О ГДЕ О.Состояние = &Отложено И (&Все ИЛИ О.Ид = &Ид)';
    assert.deepEqual(run(text, { Отложено: 'parked', Все: true, Ид: '' }).rows, [['m2']]);
    assert.deepEqual(run(text, { Отложено: 'parked', Все: false, Ид: 'm9' }).rows, []);
  });

  it('reports syntax errors with line and column, and a missing parameter at execution', () => {
    assert.throws(
      () => parseQuery('ВЫБРАТЬ О.Ид\nИЗ РегистрСведений.Очередь КАК О\nГДЕ О.Ид = '),
      (e: unknown) => e instanceof QuerySyntaxError && e.line === 3,
    );
    assert.throws(() => parseQuery('ВЫБРАТЬ О.Ид ИЗ Таблица.Очередь КАК О'), /\{\(1, 17\)\}: Неизвестная таблица/);
    assert.throws(() => parseQuery('ВЫБРАТЬ ПЕРВЫЕ х О.Ид ИЗ РегистрСведений.Очередь КАК О'), QuerySyntaxError);
    assert.throws(() => run('ВЫБРАТЬ О.Ид ИЗ РегистрСведений.Очередь КАК О ГДЕ О.Ид = &Нет'), /Не установлено значение параметра "Нет"/);
    assert.throws(
      () => run('ВЫБРАТЬ О.Нет ИЗ РегистрСведений.Очередь КАК О'),
      (e: unknown) => e instanceof QueryExecutionError && /Поле не найдено "О.Нет"/.test(e.message),
    );
  });

  it('a condition that is not Булево is an error, not a silent false', () => {
    assert.throws(() => run('ВЫБРАТЬ О.Ид ИЗ РегистрСведений.Очередь КАК О ГДЕ О.Номер'), /Ожидается выражение типа Булево/);
  });

  it('names an unaliased field after its last part, an expression ПолеN; arithmetic and ДАТАВРЕМЯ', () => {
    const r = run('ВЫБРАТЬ ПЕРВЫЕ 1 О.Номер, О.Номер * 2 + 1, ДАТАВРЕМЯ(2024, 1, 15) ИЗ РегистрСведений.Очередь КАК О УПОРЯДОЧИТЬ ПО О.Номер УБЫВ');
    assert.deepEqual(r.columns, ['Номер', 'Поле2', 'Поле3']);
    assert.deepEqual(r.rows, [[15, 31, new Date(Date.UTC(2024, 0, 15))]]);
  });
});
