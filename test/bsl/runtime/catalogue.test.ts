/**
 * The runtime against the platform catalogue (src/bsl/platform): every global function, type
 * and member the library declares exists in the catalogue with compatible argument counts;
 * and at run time an unknown method, a wrong argument count, an unknown global function or a
 * type the configured version lacks is an error with the module, line and column.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { platformCatalogue } from '../../../src/bsl/platform/index.js';
import { BslRuntimeError, PLATFORM_FUNCTIONS, PLATFORM_TYPES, type PlatformClass } from '../../../src/bsl/runtime/index.js';
import * as binary from '../../../src/bsl/runtime/library/binary.js';
import * as collections from '../../../src/bsl/runtime/library/collections.js';
import * as globals from '../../../src/bsl/runtime/library/globals.js';
import * as http from '../../../src/bsl/runtime/library/http.js';
import * as json from '../../../src/bsl/runtime/library/json.js';
import * as uuid from '../../../src/bsl/runtime/library/uuid.js';
import * as vt from '../../../src/bsl/runtime/library/value-table.js';
import { load } from './helpers.js';
import { typeAndFunctionSamples } from './type-samples.js';

/** Names the runtime offers that the catalogue (about 8.3.19) does not list, each with why. */
const NOT_IN_CATALOGUE: Record<string, string> = {};

describe('BSL runtime: the library matches the platform catalogue', () => {
  const catalogue = platformCatalogue();

  it("every global function exists with both names and the catalogue's argument counts cover the declared ones", () => {
    for (const f of PLATFORM_FUNCTIONS) {
      const info = catalogue.globalFunction(f.ru);
      if (NOT_IN_CATALOGUE[f.ru]) continue;
      assert.ok(info, `${f.ru} is a platform global function`);
      assert.equal(catalogue.globalFunction(f.en)?.name, info.name, `${f.en} is the English name of ${f.ru}`);
      assert.equal(f.min, info.arity.min, `${f.ru}: required arguments (catalogue ${info.arity.min}..${info.arity.max})`);
      assert.equal(f.max, info.arity.max, `${f.ru}: allowed arguments (catalogue ${info.arity.min}..${info.arity.max})`);
    }
  });

  it('every constructible type exists and is constructible in the catalogue', () => {
    for (const t of PLATFORM_TYPES) {
      const info = catalogue.type(t.ru);
      assert.ok(info, `${t.ru} is a platform type`);
      assert.ok(info.constructible, `Новый ${t.ru} is allowed`);
      assert.equal(catalogue.type(t.en)?.name, info.name, `${t.en} is the English name of ${t.ru}`);
      assert.equal(t.min, info.constructorArity.min, `Новый ${t.ru}: required arguments`);
    }
  });

  it("every method and property of the library's classes exists in the catalogue, methods with its argument counts", () => {
    const classes = new Set<PlatformClass<unknown>>();
    // Instances give their class declarations.
    const samples = [
      new collections.BslArray(),
      new collections.BslStructure(),
      new collections.BslMap(),
      new collections.KeyAndValue(1 as never, 1 as never),
      new vt.ValueTable(),
      new vt.ValueTableRow(new vt.ValueTable()),
      new uuid.BslUuid(),
      new binary.BinaryData(Buffer.alloc(0)),
      new binary.BinaryBuffer(Buffer.alloc(0)),
      new binary.DataHashing(undefined),
      new json.JsonWriter(),
      new json.JsonReader(),
      new json.JsonWriterSettings(undefined, ''),
      new json.JsonSerializerSettings(),
      new http.HttpRequest('', new collections.BslMap()),
      new http.HttpResponse(200, new collections.BslMap(), Buffer.alloc(0)),
      new http.SecureConnection(undefined, undefined),
      new http.InternetProxy(),
      new http.OsCertificates(),
      new globals.SystemInfo('8.3.24'),
      new http.HttpConnection('h', 80, '', '', undefined, 0, undefined),
      ...typeAndFunctionSamples(),
    ];
    for (const s of samples) classes.add(s.cls);
    for (const cls of classes) {
      const type = catalogue.type(cls.ru);
      assert.ok(type, `${cls.ru} is a platform type`);
      for (const m of cls.methodList) {
        const info = type.method(m.ru);
        assert.ok(info, `${cls.ru}.${m.ru} is in the catalogue`);
        assert.equal(type.method(m.en)?.name, info.name, `${cls.ru}.${m.en} is the English name of ${m.ru}`);
        assert.equal(m.min, info.arity.min, `${cls.ru}.${m.ru}: required arguments`);
        assert.equal(m.max, info.arity.max, `${cls.ru}.${m.ru}: allowed arguments`);
      }
      for (const p of cls.propertyList) {
        assert.ok(type.property(p.ru), `${cls.ru}.${p.ru} is in the catalogue`);
        assert.equal(type.property(p.en)?.name, p.ru, `${cls.ru}.${p.en} is the English name of ${p.ru}`);
      }
    }
  });
});

describe('BSL runtime: catalogue errors at run time carry module, line and column', () => {
  const program = `
Процедура НеизвестныйМетод() Экспорт
	М = Новый Массив;
	М.Добавить(1);
	М.ДобавитьВсе(2);
КонецПроцедуры

Процедура ЛишнийАргумент() Экспорт
	С = Новый Структура;
	С.Вставить("А", 1, 2);
КонецПроцедуры

Процедура МалоАргументов() Экспорт
	Х = СтрНайти("абв");
КонецПроцедуры

Процедура НетФункции() Экспорт
	ОтправитьВсё("x");
КонецПроцедуры

Процедура НетТипа() Экспорт
	Х = Новый ТакогоТипаНет;
КонецПроцедуры

Функция Сертификаты() Экспорт
	Возврат Новый ЗащищенноеСоединениеOpenSSL(, Новый СертификатыУдостоверяющихЦентровОС);
КонецФункции

Функция Поймать() Экспорт
	Попытка
		НеизвестныйМетод();
	Исключение
		Возврат ИнформацияОбОшибке().Описание;
	КонецПопытки;
КонецФункции`;

  const at =
    (line: number, column: number, text: RegExp) =>
    (e: BslRuntimeError): boolean =>
      e instanceof BslRuntimeError &&
      e.position.module === 'ОбщийМодуль.Проверка.Модуль' &&
      e.position.line === line &&
      e.position.column === column &&
      text.test(e.description) &&
      e.options.catalogue === true;

  it('an unknown method of a platform type', async () => {
    const { m } = await load(program, 'ОбщийМодуль.Проверка.Модуль');
    await assert.rejects(m.call('НеизвестныйМетод'), at(5, 4, /^Метод объекта не обнаружен \(ДобавитьВсе\)$/));
    assert.equal(await m.call('Поймать'), 'Метод объекта не обнаружен (ДобавитьВсе)', 'catchable, as in 1C');
  });

  it('too many and too few arguments', async () => {
    const { m } = await load(program, 'ОбщийМодуль.Проверка.Модуль');
    await assert.rejects(m.call('ЛишнийАргумент'), at(10, 4, /^Слишком много фактических параметров \(Вставить/));
    await assert.rejects(m.call('МалоАргументов'), at(14, 6, /^Недостаточно фактических параметров \(СтрНайти\)$/));
  });

  it('a global function and a type the platform does not have', async () => {
    const { m } = await load(program, 'ОбщийМодуль.Проверка.Модуль');
    await assert.rejects(m.call('НетФункции'), at(18, 2, /^Процедура или функция с указанным именем не определена \(ОтправитьВсё\)$/));
    await assert.rejects(m.call('НетТипа'), at(22, 6, /^Тип не определен \(ТакогоТипаНет\)$/));
  });

  for (const [version, available] of [
    ['8.3.18.1483', false],
    ['8.3.21.1895', false],
    ['8.3.22.2400', false],
    ['8.3.22.2470', true],
    ['8.3.23.2100', false],
    ['8.3.23.2122', true],
    ['8.3.24.1400', false],
    ['8.3.24.1446', true],
    ['8.3.25.1000', true],
  ] as const) {
    it(`Новый СертификатыУдостоверяющихЦентровОС on ${version}: ${available ? 'created' : 'Тип не определен'}`, async () => {
      const { m } = await load(program, 'ОбщийМодуль.Проверка.Модуль', version);
      if (available) assert.ok(await m.call('Сертификаты'));
      else await assert.rejects(m.call('Сертификаты'), at(26, 46, /^Тип не определен \(СертификатыУдостоверяющихЦентровОС\)$/));
    });
  }

  it('an unknown property and a constructor with too few arguments', async () => {
    const { m } = await load(
      `
Функция Свойство() Экспорт
	М = Новый Массив;
	Возврат М.Размер;
КонецФункции
Функция Конструктор() Экспорт
	Возврат Новый HTTPСоединение();
КонецФункции`,
      'ОбщийМодуль.Проверка.Модуль',
    );
    await assert.rejects(m.call('Свойство'), at(4, 12, /^Поле объекта не обнаружено \(Размер\)$/));
    await assert.rejects(m.call('Конструктор'), at(7, 10, /^Недостаточно фактических параметров \(HTTPСоединение: 0, нужно не менее 1\)$/));
  });

  it('a platform name the runtime does not implement is reported as such, not as a missing method', async () => {
    const { m } = await load('Процедура П() Экспорт\n\tХ = ПолучитьCOMОбъект("x");\nКонецПроцедуры', 'ОбщийМодуль.Проверка.Модуль');
    await assert.rejects(m.call('П'), (e: BslRuntimeError) => /не реализовано средой выполнения/.test(e.description) && e.position.line === 2);
  });
});
