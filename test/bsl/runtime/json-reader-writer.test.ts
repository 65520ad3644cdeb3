/**
 * ЧтениеJSON as a stream of tokens (Прочитать, ТипТекущегоЗначения, ТекущееЗначение,
 * Пропустить, ТекущаяСтрока/ТекущаяПозиция), ПрочитатьJSON over it (null is Неопределено,
 * comments are allowed, a value at the reader's position), and ЗаписьJSON's escaping and
 * structure checks.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { load } from './helpers.js';

async function run(body: string, ...args: string[]): Promise<string> {
  const { m } = await load(`Функция Ф(Текст = "")\n${body}\nКонецФункции`);
  return String(await m.call('Ф', args));
}

describe('ПрочитатьJSON', () => {
  it('reads null as Неопределено (not NULL)', async () => {
    const r = await run(
      'Ч = Новый ЧтениеJSON; Ч.УстановитьСтроку(Текст); Р = ПрочитатьJSON(Ч); Возврат Строка(ТипЗнч(Р.a) = Тип("Неопределено")) + Строка(ТипЗнч(Р.b[0]) = Тип("Неопределено"));',
      '{"a": null, "b": [null]}',
    );
    assert.equal(r, 'ДаДа');
  });

  it('accepts // and /* */ comments anywhere between tokens', async () => {
    const text = '// header\n{ /* one */ "a": 1, // line\n "b": /* before */ [2, /* in */ 3] /* after */ }\n// end';
    const r = await run(
      'Ч = Новый ЧтениеJSON; Ч.УстановитьСтроку(Текст); Р = ПрочитатьJSON(Ч, Истина); Возврат Строка(Р["a"]) + Р["b"][1] + Р.Количество();',
      text,
    );
    assert.equal(r, '132');
  });

  it('refuses broken JSON with the line and position', async () => {
    const r = await run(
      'Ч = Новый ЧтениеJSON; Ч.УстановитьСтроку(Текст); Попытка ПрочитатьJSON(Ч); Исключение Возврат ИнформацияОбОшибке().Описание; КонецПопытки;',
      '{"a": 1,\n "b": }',
    );
    assert.match(r, /Ошибка чтения JSON: .*\(строка 2, позиция 7\)/);
  });

  it('on the start of an object (after Прочитать) reads that object: walking an array element by element', async () => {
    const r = await run(
      `Ч = Новый ЧтениеJSON; Ч.УстановитьСтроку(Текст);
	Ч.Прочитать();
	С = "";
	Пока Ч.Прочитать() И Ч.ТипТекущегоЗначения = ТипЗначенияJSON.НачалоОбъекта Цикл
		С = С + ПрочитатьJSON(Ч).a;
	КонецЦикла;
	Возврат С + Ч.ТипТекущегоЗначения;`,
      '[{"a": "x"}, {"a": "y"}, {"a": "z"}]',
    );
    assert.equal(r, 'xyzКонецМассива');
  });

  it('after a property name reads its value; the dates of ИменаСвойствСоЗначениямиДата', async () => {
    const r = await run(
      `Ч = Новый ЧтениеJSON; Ч.УстановитьСтроку(Текст);
	Ч.Прочитать(); Ч.Прочитать();
	Имя = Ч.ТекущееЗначение;
	Значение = ПрочитатьJSON(Ч);
	Ч.Прочитать();
	Имена = Новый Массив; Имена.Добавить("d");
	Ч2 = Новый ЧтениеJSON; Ч2.УстановитьСтроку(Текст);
	Р = ПрочитатьJSON(Ч2, , Имена);
	Возврат Имя + ":" + Значение.c + ":" + Ч.ТекущееЗначение + ":" + Формат(Р.d, "ДФ=yyyyMMddHHmmss");`,
      '{"x": {"c": 1}, "d": "2024-01-15T10:30:00"}',
    );
    assert.equal(r, 'x:1:d:20240115103000');
  });
});

describe('ЧтениеJSON: the token stream', () => {
  it('gives every token with its type and value, comments included, then Ничего', async () => {
    const r = await run(
      `Ч = Новый ЧтениеJSON; Ч.УстановитьСтроку(Текст);
	С = Строка(Ч.ТипТекущегоЗначения);
	Пока Ч.Прочитать() Цикл
		Т = Ч.ТипТекущегоЗначения;
		С = С + "|" + Т;
		Если Т = ТипЗначенияJSON.Строка Или Т = ТипЗначенияJSON.Число Или Т = ТипЗначенияJSON.Булево Или Т = ТипЗначенияJSON.ИмяСвойства Или Т = ТипЗначенияJSON.Комментарий Тогда
			С = С + "=" + Ч.ТекущееЗначение;
		КонецЕсли;
	КонецЦикла;
	Возврат С + "|" + Ч.ТипТекущегоЗначения;`,
      '{"a": [1.50, "т", true, null], /*к*/ "b": {}}',
    );
    assert.equal(
      r,
      'Ничего|НачалоОбъекта|ИмяСвойства=a|НачалоМассива|Число=1,5|Строка=т|Булево=Да|Null|КонецМассива|Комментарий=к|ИмяСвойства=b|НачалоОбъекта|КонецОбъекта|КонецОбъекта|Ничего',
    );
  });

  it('ТекущееЗначение on a structural token raises', async () => {
    const r = await run(
      'Ч = Новый ЧтениеJSON; Ч.УстановитьСтроку("[1]"); Ч.Прочитать(); Попытка Х = Ч.ТекущееЗначение; Исключение Возврат "ошибка"; КонецПопытки; Возврат "нет";',
    );
    assert.equal(r, 'ошибка');
  });

  it('Пропустить skips a value (a whole object or array on its start) and moves to the next token', async () => {
    const r = await run(
      `Ч = Новый ЧтениеJSON; Ч.УстановитьСтроку(Текст);
	Ч.Прочитать(); Ч.Прочитать();
	Пропущено = Ч.Пропустить();
	С = Строка(Пропущено) + Ч.ТекущееЗначение;
	Ч.Пропустить();
	Возврат С + Ч.ТекущееЗначение;`,
      '1, {"a": [2, [-1, -2]], "b": {"c": "d"}}, 4, 5',
    );
    assert.equal(r, 'Да45');
  });

  it('Пропустить over an unfinished array returns Ложь and leaves Ничего', async () => {
    const r = await run(
      'Ч = Новый ЧтениеJSON; Ч.УстановитьСтроку("1,[2,"); Ч.Прочитать(); Ч.Прочитать(); Возврат Строка(Ч.Пропустить()) + Ч.ТипТекущегоЗначения;',
    );
    assert.equal(r, 'НетНичего');
  });

  it('Прочитать raises on what is not JSON (undefined)', async () => {
    const r = await run(
      'Ч = Новый ЧтениеJSON; Ч.УстановитьСтроку("undefined"); Попытка Ч.Прочитать(); Исключение Возврат "ошибка"; КонецПопытки; Возврат "нет";',
    );
    assert.equal(r, 'ошибка');
  });

  it('ТекущаяСтрока and ТекущаяПозиция follow the reading position', async () => {
    const r = await run(
      'Ч = Новый ЧтениеJSON; Ч.УстановитьСтроку(Текст); Ч.Прочитать(); Ч.Прочитать(); Ч.Прочитать(); Возврат Строка(Ч.ТекущаяСтрока) + ":" + Ч.ТекущаяПозиция;',
      '{\n  "ab": 12\n}',
    );
    assert.equal(r, '2:10');
  });
});

describe('ЗаписьJSON', () => {
  it('ЭкранированиеСимволовJSON.СимволыВнеASCII writes non-ASCII characters as \\uXXXX; СимволыВнеBMP only those beyond U+FFFF', async () => {
    const body = (mode: string): string => `З = Новый ЗаписьJSON;
	З.УстановитьСтроку(Новый ПараметрыЗаписиJSON(ПереносСтрокJSON.Нет, , , ЭкранированиеСимволовJSON.${mode}));
	ЗаписатьJSON(З, Новый Структура("Имя", Текст));
	Возврат З.Закрыть();`;
    assert.equal(await run(body('СимволыВнеASCII'), 'Жук 😀'), '{"\\u0418\\u043c\\u044f": "\\u0416\\u0443\\u043a \\ud83d\\ude00"}');
    assert.equal(await run(body('СимволыВнеBMP'), 'Жук 😀'), '{"Имя": "Жук \\ud83d\\ude00"}');
    assert.equal(await run(body('Нет'), 'Жук 😀'), '{"Имя": "Жук 😀"}');
  });

  it('escapes angle brackets, ampersand, single quotes and slash when asked', async () => {
    const r = await run(
      `З = Новый ЗаписьJSON;
	З.УстановитьСтроку(Новый ПараметрыЗаписиJSON(ПереносСтрокJSON.Нет, , , , Истина, , Истина, Истина, Истина));
	З.ЗаписатьЗначение(Текст);
	Возврат З.Закрыть();`,
      "<a href='x'>&/</a>",
    );
    assert.equal(r, '"\\u003ca href=\\u0027x\\u0027\\u003e\\u0026\\/\\u003c\\/a\\u003e"');
  });

  const refused: Array<[string, string]> = [
    ['a second value at the top level', 'З.ЗаписатьЗначение(1); З.ЗаписатьЗначение(2);'],
    ['a value where a property name is expected', 'З.ЗаписатьНачалоОбъекта(); З.ЗаписатьЗначение(2);'],
    ['a second property name without a value', 'З.ЗаписатьНачалоОбъекта(); З.ЗаписатьИмяСвойства("а"); З.ЗаписатьИмяСвойства("б");'],
    ['the end of an object right after a property name', 'З.ЗаписатьНачалоОбъекта(); З.ЗаписатьИмяСвойства("а"); З.ЗаписатьКонецОбъекта();'],
    ['a property name inside an array', 'З.ЗаписатьНачалоМассива(); З.ЗаписатьИмяСвойства("а");'],
    ['the end of an array inside an object', 'З.ЗаписатьНачалоОбъекта(); З.ЗаписатьКонецМассива();'],
  ];
  for (const [what, code] of refused) {
    it(`raises for ${what}`, async () => {
      const r = await run(`З = Новый ЗаписьJSON; З.УстановитьСтроку();
	Попытка
		${code}
	Исключение
		Возврат ИнформацияОбОшибке().Описание;
	КонецПопытки;
	Возврат "нет ошибки";`);
      assert.match(r, /Ошибка записи JSON/);
    });
  }
});
