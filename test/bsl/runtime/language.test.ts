/**
 * The BSL language in the runtime: exact decimals, dates, every control-flow construct,
 * procedures with Знач/defaults/by-reference parameters, exceptions and their texts, both
 * keyword languages, object modules and extension annotations.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BslCompileError, type BslObject, BslRuntimeError, BslStructure, type BslValue, num, Ref } from '../../../src/bsl/runtime/index.js';
import { evaluate, load, runtime, show } from './helpers.js';

describe('BSL runtime: numbers and dates', () => {
  it('adds decimals exactly: 0.1 + 0.2 = 0.3', async () => {
    assert.equal(show(await evaluate('0.1 + 0.2')), '0.3');
    assert.equal(await evaluate('0.1 + 0.2 = 0.3'), true);
    assert.equal(show(await evaluate('1 / 3 * 3')), '0.99999999999999999999999999999999999999');
    assert.equal(show(await evaluate('123456789012345678.01 * 100')), '12345678901234567801');
    assert.equal(show(await evaluate('-7 % 3')), '-1');
    assert.equal(show(await evaluate('7 % 3')), '1');
  });

  it("divides by zero with 1C's error", async () => {
    await assert.rejects(evaluate('1 / 0'), (e: BslRuntimeError) => e.description === 'Деление на 0' && e.position.line === 2);
  });

  it('computes with dates: date − date is seconds, date + number adds seconds', async () => {
    assert.equal(show(await evaluate("'20240115103000' - '20240115000000'")), '37800');
    assert.equal(show(await evaluate("'20240131' + 86400")), '2024-02-01T00:00:00');
    assert.equal(show(await evaluate("'19700101' - '00010101'")), '62135596800');
    assert.equal(show(await evaluate("КонецДня('20240229')")), '2024-02-29T23:59:59');
    assert.equal(show(await evaluate("ДобавитьМесяц('20240131', 1)")), '2024-02-29T00:00:00');
    assert.equal(show(await evaluate('Дата(2024, 1, 15, 10, 30, 0)')), '2024-01-15T10:30:00');
    assert.equal(show(await evaluate("'00010101'")), '0001-01-01T00:00:00');
    assert.equal(await evaluate("ЗначениеЗаполнено('00010101')"), false);
  });

  it('reads the clock the test controls: local = UTC + offset; milliseconds count from year 1', async () => {
    assert.equal(show(await evaluate('ТекущаяДата()')), '2024-01-15T10:30:00');
    assert.equal(show(await evaluate('ТекущаяДатаСеанса()')), '2024-01-15T10:30:00');
    assert.equal(show(await evaluate('ТекущаяУниверсальнаяДата()')), '2024-01-15T08:30:00');
    assert.equal(
      show(await evaluate("(ТекущаяУниверсальнаяДатаВМиллисекундах() - ('19700101' - '00010101') * 1000) / 1000")),
      String(Date.UTC(2024, 0, 15, 8, 30, 0) / 1000),
    );
  });

  it('compares like 1C: different types are unequal, < needs one primitive type', async () => {
    assert.equal(await evaluate('1 = "1"'), false);
    assert.equal(await evaluate('Неопределено = NULL'), false);
    assert.equal(await evaluate('"а" < "б"'), true);
    assert.equal(await evaluate('"abc" = "ABC"'), false);
    await assert.rejects(evaluate('1 < "2"'), /совпадающих примитивных типов/);
    assert.equal(show(await evaluate('"Итого: " + 1234567')), 'Итого: 1\u00a0234\u00a0567');
    assert.equal(show(await evaluate('1 + "2"')), '3');
  });
});

describe('BSL runtime: control flow', () => {
  const program = `
Функция Ветви(Х) Экспорт
	Если Х < 0 Тогда
		Возврат "минус";
	ИначеЕсли Х = 0 Тогда
		Возврат "ноль";
	Иначе
		Возврат ?(Х > 10, "много", "мало");
	КонецЕсли;
КонецФункции

Функция Циклы() Экспорт
	Сумма = 0;
	Для Инд = 1 По 10 Цикл
		Если Инд = 3 Тогда
			Продолжить;
		КонецЕсли;
		Если Инд = 8 Тогда
			Прервать;
		КонецЕсли;
		Сумма = Сумма + Инд;
	КонецЦикла;
	Пока Сумма < 100 Цикл
		Сумма = Сумма * 2;
	КонецЦикла;
	М = Новый Массив;
	М.Добавить(1); М.Добавить(2); М.Добавить(3);
	Для Каждого Э Из М Цикл
		Сумма = Сумма + Э;
	КонецЦикла;
	Возврат Сумма;
КонецФункции

Function English(X) Export
	Var Result;
	Result = 0;
	For Each Item In X Do
		If Item > 1 And Not Item = 3 Then
			Result = Result + Item;
		ElsIf Item = 3 Or False Then
			Continue;
		EndIf;
	EndDo;
	While Result < 10 Do
		Result = Result + 1;
	EndDo;
	Try
		Raise "english " + Result;
	Except
		Return ErrorInfo().Description;
	EndTry;
EndFunction
`;

  it('runs Если/ИначеЕсли/Иначе and ?(,,)', async () => {
    const { m } = await load(program);
    assert.equal(await m.call('Ветви', [num(-1)]), 'минус');
    assert.equal(await m.call('Ветви', [num(0)]), 'ноль');
    assert.equal(await m.call('Ветви', [num(5)]), 'мало');
    assert.equal(await m.call('ветви', [num(50)]), 'много', 'names are case-insensitive');
  });

  it('runs Для/Пока/Для Каждого with Прервать and Продолжить', async () => {
    const { m } = await load(program);
    // 1+2+4+5+6+7 = 25 → 50 → 100, then + 1 + 2 + 3
    assert.equal(show(await m.call('Циклы')), '106');
  });

  it('runs English keywords', async () => {
    const { m, rt } = await load(program);
    const arr = await rt.construct('Array', []);
    for (const v of [1, 2, 3, 4]) await arr.callMethod('Add', [num(v)], rt.hostContext());
    assert.equal(await m.call('English', [arr]), 'english 10');
  });

  it('short-circuits И/ИЛИ and rejects a non-boolean condition', async () => {
    assert.equal(await evaluate('Ложь И (1 / 0 = 1)'), false);
    assert.equal(await evaluate('Истина ИЛИ (1 / 0 = 1)'), true);
    await assert.rejects(evaluate('?("да", 1, 2)'), /Булево/);
  });
});

describe('BSL runtime: procedures and parameters', () => {
  const program = `
Перем Счетчик;

Процедура Увеличить(Значение, Знач Копия, Шаг = 1)
	Значение = Значение + Шаг;
	Копия = Копия + Шаг;
КонецПроцедуры

Функция Вызвать() Экспорт
	А = 1;
	Б = 1;
	Увеличить(А, Б);
	Увеличить(А, Б, 10);
	С = Новый Структура("Поле", 5);
	Увеличить(С.Поле, Б);
	Увеличить(А, 0, );
	Возврат Строка(А) + " " + Б + " " + С.Поле;
КонецФункции

Функция СчетчикМодуля() Экспорт
	Счетчик = ?(Счетчик = Неопределено, 1, Счетчик + 1);
	Возврат Счетчик;
КонецФункции

Процедура Отказать(Отказ) Экспорт
	Отказ = Истина;
КонецПроцедуры

Функция СвойствоСтруктуры() Экспорт
	С = Новый Структура("Ключ", "значение");
	Есть = С.Свойство("Ключ", Найдено);
	Нет = С.Свойство("Другой");
	Возврат Строка(Есть) + " " + Найдено + " " + Нет;
КонецФункции
`;

  it('passes by reference unless Знач, fills defaults (also for empty slots)', async () => {
    const { m } = await load(program);
    assert.equal(await m.call('Вызвать'), '13 1 6');
  });

  it('keeps module variables between calls', async () => {
    const { m } = await load(program);
    assert.equal(show(await m.call('СчетчикМодуля')), '1');
    assert.equal(show(await m.call('СчетчикМодуля')), '2');
  });

  it("writes back into a host Ref (Отказ) and a platform method's out parameter (declaring it, as 1C does)", async () => {
    const { m } = await load(program);
    const otkaz = new Ref(false);
    await m.call('Отказать', [otkaz]);
    assert.equal(otkaz.value, true);
    assert.equal(await m.call('СвойствоСтруктуры'), 'Да значение Нет');
  });

  it('reports too many arguments and a procedure used as a function, with position', async () => {
    const { m } = await load(`
Процедура П(А)
КонецПроцедуры
Функция Много() Экспорт
	П(1, 2);
КонецФункции
Функция КакФункция() Экспорт
	Х = П(1);
КонецФункции`);
    await assert.rejects(
      m.call('Много'),
      (e: BslRuntimeError) => /Слишком много фактических параметров \(П\)/.test(e.description) && e.position.line === 5 && e.position.column === 2,
    );
    await assert.rejects(m.call('КакФункция'), (e: BslRuntimeError) => /Использование процедуры как функции/.test(e.description) && e.position.line === 8);
  });
});

describe('BSL runtime: exceptions', () => {
  it('gives ОписаниеОшибки() with module and line, ИнформацияОбОшибке() with the bare text', async () => {
    const { m } = await load(
      `
Функция Поймать() Экспорт
	Попытка
		ВызватьИсключение "Нет связи";
	Исключение
		Возврат ОписаниеОшибки() + " | " + ИнформацияОбОшибке().Описание + " | " + ИнформацияОбОшибке().НомерСтроки;
	КонецПопытки;
КонецФункции`,
      'ОбщийМодуль.Отправка.Модуль',
    );
    assert.equal(await m.call('Поймать'), '{ОбщийМодуль.Отправка.Модуль(4)}: Нет связи | Нет связи | 4');
  });

  it('re-raises with a bare ВызватьИсключение and catches platform errors', async () => {
    const { m } = await load(`
Функция Внутри()
	Попытка
		Х = 1 / 0;
	Исключение
		ВызватьИсключение;
	КонецПопытки;
КонецФункции
Функция Снаружи() Экспорт
	Попытка
		Внутри();
	Исключение
		Возврат ИнформацияОбОшибке().Описание;
	КонецПопытки;
КонецФункции
Функция Платформа() Экспорт
	Попытка
		М = Новый Массив;
		Возврат М[5];
	Исключение
		Возврат ОписаниеОшибки();
	КонецПопытки;
КонецФункции`);
    assert.equal(await m.call('Снаружи'), 'Деление на 0');
    assert.match(String(await m.call('Платформа')), /^\{ОбщийМодуль\.Тест\.Модуль\(19\)\}: .*Индекс находится за границами массива/);
  });

  it('raises the 8.3.21 multi-argument form with category, code and cause', async () => {
    const { m } = await load(`
Функция Поднять() Экспорт
	Попытка
		ВызватьИсключение "первая";
	Исключение
		Причина = ИнформацияОбОшибке();
	КонецПопытки;
	ВызватьИсключение("Не удалось отправить", КатегорияОшибки.ОшибкаСети, "ERP-1", "подробно", Причина);
КонецФункции`);
    await assert.rejects(
      m.call('Поднять'),
      (e: BslRuntimeError) =>
        e.description === 'Не удалось отправить' &&
        e.options.code === 'ERP-1' &&
        e.options.details === 'подробно' &&
        e.options.cause?.description === 'первая' &&
        e.position.line === 8,
    );
  });

  it('lets an uncaught error escape with its position', async () => {
    const { m } = await load('Процедура П() Экспорт\n\tВызватьИсключение "упало";\nКонецПроцедуры', 'ОбщийМодуль.Х.Модуль');
    await assert.rejects(
      m.call('П'),
      (e: BslRuntimeError) => e instanceof BslRuntimeError && e.message === '{ОбщийМодуль.Х.Модуль(2,2)}: упало' && e.options.raised === true,
    );
  });

  it('does not let Попытка catch what 1C finds at compile time (an undefined variable or procedure)', async () => {
    const { m } = await load(`
Функция Ф() Экспорт
	Попытка
		Возврат НеОбъявлена + 1;
	Исключение
		Возврат "поймано";
	КонецПопытки;
КонецФункции
Функция Г() Экспорт
	Попытка
		НетТакой();
	Исключение
		Возврат "поймано";
	КонецПопытки;
КонецФункции`);
    await assert.rejects(m.call('Ф'), (e: BslRuntimeError) => e.description === 'Переменная не определена (НеОбъявлена)' && e.options.fatal === true);
    await assert.rejects(m.call('Г'), (e: BslRuntimeError) => /Процедура или функция с указанным именем не определена \(НетТакой\)/.test(e.description));
  });

  it('refuses a module with a syntax error', () => {
    const { rt } = runtime();
    assert.throws(() => rt.compile('Процедура П(\nКонецПроцедуры', 'М'), BslCompileError);
  });
});

/** A tiny document object: attributes and ЭтоНовый(), as the base's objects will be. */
class FakeDocument implements BslObject {
  readonly bslType = { ru: 'ДокументОбъект.Тест', en: 'DocumentObject.Тест' };
  readonly attrs = new Map<string, BslValue>([
    ['комментарий', ''],
    ['дополнительныесвойства', new BslStructure()],
  ]);
  isNew = true;
  getProperty(name: string): BslValue {
    if (!this.attrs.has(name.toLowerCase())) throw new Error(`no ${name}`);
    return this.attrs.get(name.toLowerCase());
  }
  setProperty(name: string, value: BslValue): void {
    this.attrs.set(name.toLowerCase(), value);
  }
  hasProperty(name: string): boolean {
    return this.attrs.has(name.toLowerCase());
  }
  hasMethod(name: string): boolean {
    return name.toLowerCase() === 'этоновый';
  }
  callMethod(name: string): BslValue {
    if (name.toLowerCase() === 'этоновый') return this.isNew;
    throw new Error(`no method ${name}`);
  }
}

describe('BSL runtime: object modules and extensions', () => {
  const objectModule = `
Перем Вызовы Экспорт;

Процедура ПередЗаписью(Отказ)
	Комментарий = "записано";
	Если ЭтоНовый() Тогда
		ДополнительныеСвойства.Вставить("Новый", Истина);
	КонецЕсли;
КонецПроцедуры

Вызовы = "тело;";
`;
  const extension = `
&Перед("ПередЗаписью")
Процедура Расш_ПередЗаписью(Отказ)
	ЭтотОбъект.Комментарий = "перед";
КонецПроцедуры

&После("ПередЗаписью")
Процедура Расш_ПослеЗаписи(Отказ)
	Комментарий = Комментарий + "+после";
	Отказ = ДополнительныеСвойства.Свойство("Новый");
КонецПроцедуры
`;

  it('resolves bare names to the object and runs the body once', async () => {
    const { rt } = runtime();
    const doc = new FakeDocument();
    const mod = await rt.instantiate(rt.compile(objectModule, 'Документ.Тест.МодульОбъекта'), { owner: doc });
    assert.equal(mod.vars.get('вызовы')!.value, 'тело;');
    await mod.call('ПередЗаписью', [new Ref(false)]);
    assert.equal(doc.attrs.get('комментарий'), 'записано');
    assert.equal((doc.attrs.get('дополнительныесвойства') as BslStructure).entries.get('новый')?.value, true);
  });

  it('runs &Перед, the original, then &После, sharing by-reference parameters', async () => {
    const { rt } = runtime();
    const doc = new FakeDocument();
    const mod = await rt.instantiate(rt.compile(objectModule, 'Документ.Тест.МодульОбъекта'), {
      owner: doc,
      extensions: [rt.compile(extension, 'Расширение.Документ.Тест.МодульОбъекта')],
    });
    const otkaz = new Ref(false);
    await mod.call('ПередЗаписью', [otkaz]);
    assert.equal(doc.attrs.get('комментарий'), 'записано+после');
    assert.equal(otkaz.value, true);
  });

  it('runs &Вместо with ПродолжитьВызов', async () => {
    const { rt } = runtime();
    const doc = new FakeDocument();
    const mod = await rt.instantiate(rt.compile(objectModule, 'Документ.Тест.МодульОбъекта'), {
      owner: doc,
      extensions: [
        rt.compile(
          `
&Вместо("ПередЗаписью")
Процедура Расш(Отказ)
	ПродолжитьВызов(Отказ);
	Комментарий = "вместо:" + Комментарий;
КонецПроцедуры`,
          'Расширение',
        ),
      ],
    });
    await mod.call('ПередЗаписью', [new Ref(false)]);
    assert.equal(doc.attrs.get('комментарий'), 'вместо:записано');
  });

  it('refuses an extension of a method the module does not have', async () => {
    const { rt } = runtime();
    await assert.rejects(
      rt.instantiate(rt.compile(objectModule, 'Документ.Тест.МодульОбъекта'), {
        owner: new FakeDocument(),
        extensions: [rt.compile('&После("ПриЗаписи")\nПроцедура Р(Отказ)\nКонецПроцедуры', 'Расширение')],
      }),
      (e: BslCompileError) => /ПриЗаписи/.test(e.message),
    );
  });

  it('calls a common module through its global name', async () => {
    const { rt } = runtime();
    await rt.loadCommonModule('Общий', 'Функция Удвоить(Х) Экспорт\n\tВозврат Х * 2;\nКонецФункции\nФункция Скрытая()\nКонецФункции');
    const m = await rt.instantiate(
      rt.compile('Функция Ф() Экспорт\n\tВозврат Общий.Удвоить(21);\nКонецФункции\nФункция Г() Экспорт\n\tВозврат Общий.Скрытая();\nКонецФункции', 'М'),
    );
    assert.equal(show(await m.call('Ф')), '42');
    await assert.rejects(m.call('Г'), /Метод объекта не обнаружен \(Скрытая\)/);
  });
});
