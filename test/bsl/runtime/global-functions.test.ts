/**
 * Global functions: ЗаполнитьЗначенияСвойств, НачалоНедели/КонецНедели, the time-zone
 * functions, the bitwise functions, НСтр, XMLЗначение, ГенераторСлучайныхЧисел. 1C facts
 * relied on are stated per group.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type BslRuntime, createPlatformRuntime, ManualClock, num } from '../../../src/bsl/runtime/index.js';
import { evaluate, load, show } from './helpers.js';

describe('BSL runtime: ЗаполнитьЗначенияСвойств', () => {
  // 1C: copies the source's properties that the receiver has; СписокСвойств names exactly what to
  // copy (a name missing on either side is an error); ИсключаяСвойства skips names.
  it('between structures: only the receiver keys; a list and an exclusion list', async () => {
    const { m } = await load(`
Функция Ф() Экспорт
	Источник = Новый Структура("А, Б, В", 1, 2, 3);
	П1 = Новый Структура("А, В, Г", 0, 0, 0);
	ЗаполнитьЗначенияСвойств(П1, Источник);
	П2 = Новый Структура("А, Б, В", 0, 0, 0);
	ЗаполнитьЗначенияСвойств(П2, Источник, "А, Б");
	П3 = Новый Структура("А, Б, В", 0, 0, 0);
	ЗаполнитьЗначенияСвойств(П3, Источник, , "б");
	Ошибка = "";
	Попытка
		ЗаполнитьЗначенияСвойств(П1, Источник, "Б");
	Исключение
		Ошибка = ИнформацияОбОшибке().Описание;
	КонецПопытки;
	Возврат "" + П1.А + П1.В + П1.Г + П1.Количество() + "|" + П2.А + П2.Б + П2.В + "|" + П3.А + П3.Б + П3.В + "|" + Ошибка;
КонецФункции`);
    assert.equal(await m.call('Ф'), '1303|120|103|Ошибка при вызове метода контекста (ЗаполнитьЗначенияСвойств): Поле объекта не обнаружено (Б)');
  });

  it('into a value-table row, a value-tree row and a list element from a structure', async () => {
    const { m } = await load(`
Функция Ф() Экспорт
	Т = Новый ТаблицаЗначений;
	Т.Колонки.Добавить("Код");
	Т.Колонки.Добавить("Имя");
	Р = Т.Добавить();
	ЗаполнитьЗначенияСвойств(Р, Новый Структура("Код, Имя, Лишнее", "01", "Один", 1));
	Д = Новый ДеревоЗначений;
	Д.Колонки.Добавить("Имя");
	С = Д.Строки.Добавить();
	ЗаполнитьЗначенияСвойств(С, Р);
	Э = Новый СписокЗначений().Добавить();
	ЗаполнитьЗначенияСвойств(Э, Новый Структура("Значение, Представление", 5, "п'ять"));
	Возврат Р.Код + Р.Имя + "|" + С.Имя + "|" + Э;
КонецФункции`);
    assert.equal(await m.call('Ф'), "01Один|Один|п'ять");
  });
});

describe('BSL runtime: НачалоНедели, КонецНедели', () => {
  // 1C: the week starts on Monday (ДеньНедели 1); КонецНедели is Sunday 23:59:59.
  const cases: Array<[string, string, string]> = [
    ["'20240117153000'", '2024-01-15T00:00:00', '2024-01-21T23:59:59'], // Wednesday
    ["'20240115000000'", '2024-01-15T00:00:00', '2024-01-21T23:59:59'], // Monday
    ["'20240121235959'", '2024-01-15T00:00:00', '2024-01-21T23:59:59'], // Sunday
    ["'20240101120000'", '2024-01-01T00:00:00', '2024-01-07T23:59:59'], // Monday, new year
    ["'20231231120000'", '2023-12-25T00:00:00', '2023-12-31T23:59:59'], // Sunday across the year
  ];
  for (const [d, begin, end] of cases) {
    it(`${d}: ${begin} .. ${end}`, async () => {
      assert.equal(show(await evaluate(`НачалоНедели(${d})`)), begin);
      assert.equal(show(await evaluate(`КонецНедели(${d})`)), end);
    });
  }
});

describe('BSL runtime: time zones (IANA data through Intl)', () => {
  // 1C: offsets in seconds; СмещениеЛетнегоВремени is what daylight saving adds at the moment;
  // МестноеВремя/УниверсальноеВремя convert with the named zone, or the session's without one.
  const cases: Array<[string, string]> = [
    ['СмещениеСтандартногоВремени("Europe/Kyiv", \'20240715120000\')', '7200'],
    ['СмещениеЛетнегоВремени("Europe/Kyiv", \'20240715120000\')', '3600'],
    ['СмещениеЛетнегоВремени("Europe/Kyiv", \'20240115120000\')', '0'],
    ['СмещениеСтандартногоВремени("America/New_York", \'20240115120000\')', '-18000'],
    ['СмещениеСтандартногоВремени("Australia/Sydney", \'20240115120000\')', '36000'],
    ['СмещениеЛетнегоВремени("Australia/Sydney", \'20240115120000\')', '3600'],
    ['МестноеВремя(\'20240715120000\', "Europe/Kyiv")', '2024-07-15T15:00:00'],
    ['МестноеВремя(\'20240115120000\', "Europe/Kyiv")', '2024-01-15T14:00:00'],
    ['УниверсальноеВремя(\'20240715150000\', "Europe/Kyiv")', '2024-07-15T12:00:00'],
    ['УниверсальноеВремя(\'20240331040000\', "Europe/Kyiv")', '2024-03-31T01:00:00'],
    ["МестноеВремя('20240115120000')", '2024-01-15T14:00:00'],
    ["УниверсальноеВремя('20240115140000')", '2024-01-15T12:00:00'],
    ['СмещениеСтандартногоВремени()', '7200'],
    ['СмещениеЛетнегоВремени()', '0'],
    ['ПредставлениеЧасовогоПояса("Asia/Kolkata")', 'GMT+05:30'],
    ['ПредставлениеЧасовогоПояса("America/New_York")', 'GMT-05:00'],
    ['ЧасовойПояс()', 'Etc/GMT-2'],
  ];
  for (const [expr, expected] of cases) {
    it(`${expr} = ${expected}`, async () => assert.equal(show(await evaluate(expr)), expected));
  }

  it('a zone the clock names is ЧасовойПояс(); an unknown zone is an error', async () => {
    const clock = Object.assign(new ManualClock(Date.UTC(2024, 6, 1), 180), { timeZone: 'Europe/Kyiv' });
    const rt: BslRuntime = createPlatformRuntime({ clock });
    const m = await rt.instantiate(rt.compile('Функция Ф() Экспорт\n\tВозврат ЧасовойПояс();\nКонецФункции', 'ОбщийМодуль.Т.Модуль'));
    assert.equal(await m.call('Ф'), 'Europe/Kyiv');
    await assert.rejects(evaluate('МестноеВремя(\'20240101\', "Марс/Олимп")'), /Недопустимое значение параметра \(ЧасовойПояс\)/);
  });
});

describe('BSL runtime: bitwise functions (32-bit unsigned)', () => {
  const cases: Array<[string, string]> = [
    ['ПобитовоеИ(12, 10)', '8'],
    ['ПобитовоеИли(12, 10)', '14'],
    ['ПобитовоеИсключительноеИли(12, 10)', '6'],
    ['ПобитовоеНе(0)', '4294967295'],
    ['ПобитовоеНе(4294967295)', '0'],
    ['ПобитовоеИНе(15, 5)', '10'],
    ['ПроверитьБит(5, 2)', 'true'],
    ['ПроверитьБит(5, 1)', 'false'],
    ['ПроверитьБит(2147483648, 31)', 'true'],
    ['УстановитьБит(0, 31, Истина)', '2147483648'],
    ['УстановитьБит(7, 1, Ложь)', '5'],
    ['ПобитовыйСдвигВлево(1, 31)', '2147483648'],
    ['ПобитовыйСдвигВлево(3, 31)', '2147483648'],
    ['ПобитовыйСдвигВправо(4294967295, 28)', '15'],
  ];
  for (const [expr, expected] of cases) {
    it(`${expr} = ${expected}`, async () => assert.equal(show(await evaluate(expr)), expected));
  }
  it('values outside 0..4294967295, fractions and bit numbers past 31 are errors', async () => {
    await assert.rejects(evaluate('ПобитовоеИ(-1, 1)'), /Недопустимое значение параметра/);
    await assert.rejects(evaluate('ПобитовоеИли(4294967296, 1)'), /Недопустимое значение параметра/);
    await assert.rejects(evaluate('ПобитовоеНе(1.5)'), /Недопустимое значение параметра/);
    await assert.rejects(evaluate('ПроверитьБит(1, 32)'), /Недопустимое значение параметра \(НомерБита\)/);
    await assert.rejects(evaluate('ПобитовыйСдвигВлево(1, 32)'), /Недопустимое значение параметра \(Смещение\)/);
  });
});

describe('BSL runtime: НСтр', () => {
  // 1C: `код = 'текст'` pairs separated by `;`; with a language code, that language's text or "";
  // without one, the session language (ru here).
  const src = `"ru = 'Ошибка: %1'; uk = 'Помилка: %1'; en = 'Error: %1'"`;
  const cases: Array<[string, string]> = [
    [`НСтр(${src})`, 'Ошибка: %1'],
    [`НСтр(${src}, "uk")`, 'Помилка: %1'],
    [`НСтр(${src}, "EN")`, 'Error: %1'],
    [`НСтр(${src}, "de")`, ''],
    [`НСтр("uk = 'Тільки українською'")`, 'Тільки українською'],
    [`НСтр("en = 'Only English'; uk = 'Українською'")`, 'Only English'],
    [`НСтр("ru = 'Символ '' и ; внутри'; en = 'x'")`, "Символ ' и ; внутри"],
    [`НСтр("ru = ""в двойных""")`, 'в двойных'],
    [`СтрШаблон(НСтр(${src}, "uk"), 5)`, 'Помилка: 5'],
  ];
  for (const [expr, expected] of cases) {
    it(`${expr} = ${expected}`, async () => assert.equal(await evaluate(expr), expected));
  }
});

describe('BSL runtime: XMLЗначение and XMLСтрока for primitive types', () => {
  // 1C: XMLЗначение(Тип, Строка) reads the XML Schema form XMLСтрока writes.
  const cases: Array<[string, string]> = [
    ['XMLЗначение(Тип("Число"), "-12.50")', '-12.5'],
    ['XMLЗначение(Тип("Число"), XMLСтрока(1234567.891))', '1234567.891'],
    ['XMLЗначение(Тип("Булево"), "true")', 'true'],
    ['XMLЗначение(Тип("Булево"), "0")', 'false'],
    ['XMLЗначение(Тип("Дата"), "2024-01-05T09:30:07")', '2024-01-05T09:30:07'],
    ['XMLЗначение(Тип("Дата"), "2024-01-05")', '2024-01-05T00:00:00'],
    ['XMLЗначение(Тип("Строка"), " як є ")', ' як є '],
    ['XMLСтрока(XMLЗначение(Тип("УникальныйИдентификатор"), "6F9619FF-8B86-D011-B42D-00CF4FC964FF"))', '6f9619ff-8b86-d011-b42d-00cf4fc964ff'],
    ["XMLЗначение(Тип(\"Дата\"), XMLСтрока('20240229235959')) = '20240229235959'", 'true'],
  ];
  for (const [expr, expected] of cases) {
    it(`${expr} = ${expected}`, async () => assert.equal(show(await evaluate(expr)), expected));
  }
  it('text that is not of the type is an error', async () => {
    await assert.rejects(evaluate('XMLЗначение(Тип("Число"), "1 000")'), /Ошибка преобразования данных XML/);
    await assert.rejects(evaluate('XMLЗначение(Тип("Булево"), "Да")'), /Ошибка преобразования данных XML/);
    await assert.rejects(evaluate('XMLЗначение(Тип("Дата"), "05.01.2024")'), /Ошибка преобразования данных XML/);
    await assert.rejects(evaluate('XMLЗначение(Тип("УникальныйИдентификатор"), "x")'), /Ошибка преобразования данных XML/);
  });
});

describe('BSL runtime: ГенераторСлучайныхЧисел', () => {
  // 1C: with a НачальноеЧисло the sequence is repeatable; СлучайноеЧисло(Мин, Макс) is in [Мин, Макс].
  const sequence = `
Функция Ряд(Начало) Экспорт
	Г = Новый ГенераторСлучайныхЧисел(Начало);
	Т = "";
	Для Н = 1 По 20 Цикл
		Т = Т + Г.СлучайноеЧисло(1, 6) + ",";
	КонецЦикла;
	Возврат Т;
КонецФункции
Функция Границы() Экспорт
	Г = Новый ГенераторСлучайныхЧисел(7);
	Для Н = 1 По 2000 Цикл
		Ч = Г.СлучайноеЧисло(10, 12);
		Если Ч < 10 Или Ч > 12 Или Ч <> Цел(Ч) Тогда
			Возврат Ч;
		КонецЕсли;
	КонецЦикла;
	Возврат Г.СлучайноеЧисло(5, 5) + Г.СлучайноеЧисло() * 0;
КонецФункции`;
  it('the same seed gives the same sequence, another seed another one, all within bounds', async () => {
    const { m } = await load(sequence);
    const a = await m.call('Ряд', [num(42)]);
    const again = await (await load(sequence)).m.call('Ряд', [num(42)]);
    assert.equal(again, a);
    assert.notEqual(await m.call('Ряд', [num(43)]), a);
    assert.match(String(a), /^([1-6],){20}$/);
    assert.equal(show(await m.call('Границы')), '5');
  });
  it('Макс below Мин is an error', async () => {
    await assert.rejects(evaluate('Новый ГенераторСлучайныхЧисел(1).СлучайноеЧисло(5, 4)'), /Недопустимое значение параметра/);
  });
});
