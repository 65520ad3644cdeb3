/**
 * ОписаниеТипов and the qualifiers. 1C facts relied on (syntax helper; OneScript reproduces
 * them): the constructor takes type names as a string, a Массив of Тип, or a source
 * description with added and removed types, and qualifiers; Типы() lists the types without
 * duplicates; СодержитТип compares with Тип("…")/ТипЗнч; a qualifier of a type not in the
 * description is the default one. ПривестиЗначение: Число rounds half away from zero to
 * РазрядностьДробнойЧасти, an integer part too long becomes the largest number that fits,
 * negatives become 0 under ДопустимыйЗнак.Неотрицательный, text that is not a number gives 0;
 * Строка is cut to Длина and padded with spaces under ДопустимаяДлина.Фиксированная; Дата
 * keeps only the date or only the time by ЧастиДаты; Булево of something else is Ложь; with
 * no argument the first type's empty value; a description of no types returns the value.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluate, show } from './helpers.js';

const NUM = 'Новый ОписаниеТипов("Число", Новый КвалификаторыЧисла(5, 2))';
const NONNEG = 'Новый ОписаниеТипов("Число", Новый КвалификаторыЧисла(10, 0, ДопустимыйЗнак.Неотрицательный))';
const STR = 'Новый ОписаниеТипов("Строка", , Новый КвалификаторыСтроки(3))';
const FIXED = 'Новый ОписаниеТипов("Строка", , Новый КвалификаторыСтроки(5, ДопустимаяДлина.Фиксированная))';

describe('BSL runtime: ОписаниеТипов.ПривестиЗначение', () => {
  const cases: Array<[string, string]> = [
    [`${NUM}.ПривестиЗначение(2.345)`, '2.35'],
    [`${NUM}.ПривестиЗначение(-2.345)`, '-2.35'],
    [`${NUM}.ПривестиЗначение(2.344)`, '2.34'],
    [`${NUM}.ПривестиЗначение(12345)`, '999.99'],
    [`${NUM}.ПривестиЗначение(-1000)`, '-999.99'],
    [`${NUM}.ПривестиЗначение("12,5")`, '12.5'],
    [`${NUM}.ПривестиЗначение("абв")`, '0'],
    [`${NUM}.ПривестиЗначение()`, '0'],
    [`${NONNEG}.ПривестиЗначение(-5)`, '0'],
    [`${NONNEG}.ПривестиЗначение(7.5)`, '8'],
    ['Новый ОписаниеТипов("Число").ПривестиЗначение(1.23456789)', '1.23456789'],
    [`${STR}.ПривестиЗначение("абвгд")`, 'абв'],
    [`${STR}.ПривестиЗначение(12)`, '12'],
    [`"[" + ${FIXED}.ПривестиЗначение("аб") + "]"`, '[аб   ]'],
    ['Новый ОписаниеТипов("Строка").ПривестиЗначение(Истина)', 'Да'],
    ['Новый ОписаниеТипов("Дата", , , Новый КвалификаторыДаты(ЧастиДаты.Дата)).ПривестиЗначение(\'20240105093007\')', '2024-01-05T00:00:00'],
    ['Новый ОписаниеТипов("Дата", , , Новый КвалификаторыДаты(ЧастиДаты.Время)).ПривестиЗначение(\'20240105093007\')', '0001-01-01T09:30:07'],
    ['Новый ОписаниеТипов("Дата").ПривестиЗначение(\'20240105093007\')', '2024-01-05T09:30:07'],
    ['Новый ОписаниеТипов("Дата").ПривестиЗначение("текст")', '0001-01-01T00:00:00'],
    ['Новый ОписаниеТипов("Булево").ПривестиЗначение("текст")', 'false'],
    ['Новый ОписаниеТипов("Булево").ПривестиЗначение(1)', 'true'],
    ['Новый ОписаниеТипов("Число, Строка").ПривестиЗначение("абв")', 'абв'],
    ['Новый ОписаниеТипов("Число, Строка").ПривестиЗначение(5)', '5'],
    ['Новый ОписаниеТипов("Число, Строка").ПривестиЗначение()', ''],
    ['Новый ОписаниеТипов.ПривестиЗначение("як є")', 'як є'],
  ];
  for (const [expr, expected] of cases) {
    it(`${expr} = ${expected}`, async () => assert.equal(show(await evaluate(expr)), expected));
  }
});

describe('BSL runtime: ОписаниеТипов, its types and qualifiers', () => {
  it('Типы() in the platform order, without duplicates and Неопределено; СодержитТип with Тип and ТипЗнч', async () => {
    assert.equal(
      await evaluate('СтрСоединить(Новый ОписаниеТипов("Число, Строка, Булево, Число, Неопределено, Дата").Типы(), ",")'),
      'Булево,Строка,Дата,Число',
    );
    assert.equal(await evaluate('Новый ОписаниеТипов("Строка").СодержитТип(ТипЗнч("x"))'), true);
    assert.equal(await evaluate('Новый ОписаниеТипов("Строка").СодержитТип(Тип("Число"))'), false);
    assert.equal(await evaluate('Новый ОписаниеТипов("Массив").СодержитТип(ТипЗнч(Новый Массив))'), true);
    assert.equal(await evaluate('Новый ОписаниеТипов("ValueList").СодержитТип(Тип("СписокЗначений"))'), true, 'English names are the same type');
  });

  it('from a Массив of Тип, and from a source with added and removed types (qualifiers kept)', async () => {
    assert.equal(
      await evaluate(`СтрСоединить(Новый ОписаниеТипов(Новый ОписаниеТипов("Число, Строка", Новый КвалификаторыЧисла(10, 2)), "Дата", "Строка").Типы(), ",")`),
      'Дата,Число',
    );
    assert.equal(
      show(
        await evaluate(
          'Новый ОписаниеТипов(Новый ОписаниеТипов("Число", Новый КвалификаторыЧисла(10, 2)), "Строка").КвалификаторыЧисла.РазрядностьДробнойЧасти',
        ),
      ),
      '2',
    );
    assert.equal(await evaluate(`СтрСоединить(Новый ОписаниеТипов(Новый ОписаниеТипов("Число").Типы()).Типы(), ",")`), 'Число');
  });

  it('qualifier properties; a qualifier of an absent type is the default one', async () => {
    assert.equal(
      await evaluate(
        'Строка(Новый КвалификаторыЧисла(15, 2).Разрядность) + Новый КвалификаторыЧисла(15, 2).РазрядностьДробнойЧасти + Новый КвалификаторыЧисла().ДопустимыйЗнак + Новый КвалификаторыСтроки(10).ДопустимаяДлина + Новый КвалификаторыДаты().ЧастиДаты',
      ),
      '152ЛюбойПеременнаяДатаВремя',
    );
    assert.equal(show(await evaluate('Новый ОписаниеТипов("Строка", Новый КвалификаторыЧисла(10, 2)).КвалификаторыЧисла.Разрядность')), '0');
    assert.equal(show(await evaluate(`${STR}.КвалификаторыСтроки.Длина`)), '3');
  });

  it('Тип("…") gives the catalogue type in either language, ТипЗнч of a description is ОписаниеТипов', async () => {
    assert.equal(await evaluate('ТипЗнч(Новый ОписаниеТипов("Строка")) = Тип("TypeDescription")'), true);
    assert.equal(await evaluate('Строка(Тип("typedescription"))'), 'ОписаниеТипов');
    assert.equal(await evaluate('Тип("ДеревоЗначений") = ТипЗнч(Новый ДеревоЗначений)'), true);
  });

  it('bad arguments are errors', async () => {
    await assert.rejects(evaluate('Новый КвалификаторыСтроки(-1)'), /Недопустимое значение параметра/);
    await assert.rejects(evaluate('Новый КвалификаторыЧисла(2, 3)'), /Недопустимое значение параметра/);
    await assert.rejects(evaluate('Новый ОписаниеТипов("Строка").СодержитТип("Строка")'), /Неверный тип параметра/);
    await assert.rejects(evaluate('Новый КвалификаторыСтроки(10, ДопустимыйЗнак.Любой)'), /Неверный тип параметра \(ДопустимаяДлина\)/);
  });
});
