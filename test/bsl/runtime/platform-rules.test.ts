/**
 * 1C's rules where the runtime once answered differently: Формат's grouping and locales,
 * Окр's rounding mode, double-precision math, Дата + Строка, date literals, a missing field of
 * a Структура, URL encoding. Each case states the platform behaviour it relies on.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkBsl } from '../../../src/bsl/parser/index.js';
import { evaluate, load, show } from './helpers.js';

const NBSP = '\u00a0';

async function text(expr: string): Promise<string> {
  return show(await evaluate(expr));
}

describe('Формат: ЧГ takes the size of the first group and of every further group', () => {
  // Only the first two numbers count; without a second (or with 0) only the first group is
  // cut off; the default is groups of three.
  const cases: Array<[string, string]> = [
    ['Формат(123456789, "ЧГ=4; ЧРГ=,")', '12345,6789'],
    ['Формат(123456789, "ЧГ=4,4; ЧРГ=,")', '1,2345,6789'],
    ['Формат(123456789, "ЧГ=4,2; ЧРГ=,")', '1,23,45,6789'],
    ['Формат(123456789, "ЧГ=4,1,2; ЧРГ=,")', '1,2,3,4,5,6789'],
    ['Формат(123456789, "ЧГ=3,0; ЧРГ=,")', '123456,789'],
    ['Формат(123456789, "ЧГ=0,4")', '123456789'],
    ['Формат(123456789, "ЧГ=")', '123456789'],
    ['Формат(123456789)', `123${NBSP}456${NBSP}789`],
  ];
  for (const [expr, expected] of cases) it(`${expr} = ${expected}`, async () => assert.equal(await text(expr), expected));
});

describe('Формат: Л/L chooses separators, month names and the local date forms', () => {
  const cases: Array<[string, string]> = [
    ['Формат(12345.678, "Л=en_US")', '12,345.678'],
    ['Формат(12345.678, "L=en")', '12,345.678'],
    ['Формат(12345.678, "Л=ru_RU")', `12${NBSP}345,678`],
    ['Формат(12345.678, "Л=uk_UA")', `12${NBSP}345,678`],
    ['Формат(-1234.5, "ЧДЦ=2; Л=en")', '-1,234.50'],
    // ММММ after a day is the genitive; on its own it is the nominative.
    ["Формат('20240215', \"ДФ='д ММММ гггг'\")", '15 февраля 2024'],
    ["Формат('20240215', \"ДФ='ММММ гггг'\")", 'Февраль 2024'],
    ["Формат('20240215', \"ДФ='д ММММ гггг'; Л=uk\")", '15 лютого 2024'],
    ["Формат('20240215', \"ДФ='ММММ гггг'; Л=uk\")", 'Лютий 2024'],
    ["Формат('20240215', \"ДФ='dd MMMM yyyy'; L=en\")", '15 February 2024'],
    ["Формат('20240215', \"ДФ='д-МММ-гггг'; L=en_US\")", '15-Feb-2024'],
    ['Формат(\'20240215\', "ДЛФ=ДД")', '15 февраля 2024 г.'],
    ['Формат(\'20240215\', "ДЛФ=ДД; Л=uk")', '15 лютого 2024 р.'],
    ['Формат(\'20240215\', "ДЛФ=DD; L=en")', 'February 15, 2024'],
    ['Формат(\'20240215\', "ДЛФ=Д; L=en")', '2/15/2024'],
    ['Формат(\'20240215143005\', "ДЛФ=В; L=en")', '2:30:05 PM'],
    ["Формат('20240215143005', \"ДФ='ч:мм t'\")", '2:30 t'],
    ['Формат(Истина, "Л=uk")', 'Так'],
    ['Формат(Ложь, "L=en")', 'No'],
  ];
  for (const [expr, expected] of cases) it(`${expr} = ${expected}`, async () => assert.equal(await text(expr), expected));
});

describe('Формат: ЧС shifts the digits (positive divides by 10^ЧС, negative multiplies)', () => {
  const cases: Array<[string, string]> = [
    ['Формат(1234567, "ЧС=3; ЧДЦ=1")', `1${NBSP}234,6`],
    ['Формат(12.5, "ЧС=-2")', `1${NBSP}250`],
  ];
  for (const [expr, expected] of cases) it(`${expr} = ${expected}`, async () => assert.equal(await text(expr), expected));
});

describe('Окр: the rounding mode', () => {
  // РежимОкругления.Окр15как10 rounds a half toward zero, Окр15как20 (the default) away from
  // it; 1C takes the mode as its number too (0 = Окр15как10, 1 = Окр15как20).
  const cases: Array<[string, string]> = [
    ['Окр(6234.55, 1, 0)', '6234.5'],
    ['Окр(6234.55, 1, 1)', '6234.6'],
    ['Окр(6234.55, 1, РежимОкругления.Окр15как10)', '6234.5'],
    ['Окр(6234.55, 1)', '6234.6'],
    ['Окр(-2.5, 0, 0)', '-2'],
    ['Окр(-2.5)', '-3'],
    ['Окр(1250, -2, 0)', '1200'],
  ];
  for (const [expr, expected] of cases) it(`${expr} = ${expected}`, async () => assert.equal(await text(expr), expected));
});

describe('Math functions work in double precision (15 significant digits)', () => {
  const cases: Array<[string, string]> = [
    ['Pow(2, 0.5)', '1.4142135623731'],
    ['Sqrt(2)', '1.4142135623731'],
    ['Sqrt(16)', '4'],
    ['Pow(2, 10)', '1024'],
    ['Pow(10, -2)', '0.01'],
    ['Pow(1.1, 2)', '1.21'],
    ['Exp(1)', '2.71828182845905'],
    ['Log(10)', '2.30258509299405'],
    ['Log10(1000)', '3'],
    ['Sin(0)', '0'],
    ['Cos(0)', '1'],
    ['ATan(1)', '0.785398163397448'],
  ];
  for (const [expr, expected] of cases) it(`${expr} = ${expected}`, async () => assert.equal(await text(expr), expected));

  it('refuses a result that is not a number (Log(0), Sqrt(-1))', async () => {
    await assert.rejects(evaluate('Log(0)'));
    await assert.rejects(evaluate('Sqrt(-1)'));
  });
});

describe('Дата + Строка converts the string to a number of seconds', () => {
  it('\'20240101\' + "3600" is one hour later; - "60" a minute earlier', async () => {
    assert.equal(await text('\'20240101\' + "3600"'), '2024-01-01T01:00:00');
    assert.equal(await text('\'20240101\' - "60"'), '2023-12-31T23:59:00');
  });
  it('a string that is not a number raises', async () => {
    await assert.rejects(evaluate('\'20240101\' + "час"'), /Преобразование значения к типу Число/);
  });
});

describe('Date literals: 8, 12 or 14 digits; all zeros is the empty date', () => {
  it('accepts the empty date in every length', async () => {
    for (const d of ['00000000', '000000000000', '00000000000000']) assert.equal(await text(`'${d}'`), '0001-01-01T00:00:00');
  });
  it('reads 12 digits as a date with hours and minutes', async () => {
    assert.equal(await text("'202401151030'"), '2024-01-15T10:30:00');
  });
  it('refuses other digit counts and an out-of-range time at compile time', () => {
    for (const d of ['2024011510', '20240115103', '2024011510300', '20240115250000']) {
      assert.ok(
        checkBsl(`А = '${d}';`).some((e) => e.message.includes('Invalid date literal')),
        d,
      );
    }
    assert.deepEqual(checkBsl("А = '00000000000000';"), []);
  });
  it('Дата(Строка) takes the same digit counts', async () => {
    assert.equal(await text('Дата("202401151030")'), '2024-01-15T10:30:00');
    await assert.rejects(evaluate('Дата("2024011510")'), /Преобразование значения к типу Дата/);
  });
});

describe('Структура: assigning a field it does not have', () => {
  it('raises the catchable "Поле объекта не обнаружено", also for a method name', async () => {
    const { m } = await load(`Функция Ф(Имя)
	С = Новый Структура("А", 1);
	Попытка
		С[Имя] = 2;
	Исключение
		Возврат ИнформацияОбОшибке().Описание;
	КонецПопытки;
	Возврат "нет ошибки";
КонецФункции
Функция Г()
	С = Новый Структура;
	Попытка
		С.Количество = 2;
	Исключение
		Возврат ИнформацияОбОшибке().Описание;
	КонецПопытки;
	Возврат "нет ошибки";
КонецФункции`);
    assert.equal(await m.call('Ф', ['Несуществующее']), 'Поле объекта не обнаружено (Несуществующее)');
    assert.equal(await m.call('Г'), 'Поле объекта не обнаружено (Количество)');
  });
});

describe('КодироватьСтроку / РаскодироватьСтроку', () => {
  const cases: Array<[string, string]> = [
    // КодировкаURL: everything but A–Z a–z 0–9 - . _ ~ is percent-encoded (UTF-8, upper-case hex).
    ['КодироватьСтроку("a b!*()\'~-._", СпособКодированияСтроки.КодировкаURL)', 'a%20b%21%2A%28%29%27~-._'],
    ['КодироватьСтроку("ж&=/?", СпособКодированияСтроки.КодировкаURL)', '%D0%B6%26%3D%2F%3F'],
    // URLВКодировкеURL keeps the characters that structure a URL.
    ['КодироватьСтроку("http://h/п у?a=1&b=(2)#x", СпособКодированияСтроки.URLВКодировкеURL)', 'http://h/%D0%BF%20%D1%83?a=1&b=(2)#x'],
    ['РаскодироватьСтроку("%D0%B6%20%21+", СпособКодированияСтроки.КодировкаURL)', 'ж !+'],
    ['РаскодироватьСтроку("100%", СпособКодированияСтроки.КодировкаURL)', '100%'],
  ];
  for (const [expr, expected] of cases) it(`${expr} = ${expected}`, async () => assert.equal(await text(expr), expected));
});
