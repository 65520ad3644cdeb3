/**
 * Вычислить(Выражение) and Выполнить(Текст). 1C facts relied on (syntax helper): the string is
 * compiled when the call runs and evaluated in the calling context — the method's locals and
 * parameters, the module's variables and exported methods, global functions; Выполнить may
 * assign the caller's variables; an error in the string (syntax or an unknown name) is a
 * run-time exception that Попытка catches.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BslRuntimeError, num } from '../../../src/bsl/runtime/index.js';
import { load, show } from './helpers.js';

const MODULE = `
Перем Множитель;

Функция Удвоить(Х) Экспорт
	Возврат Х * 2;
КонецФункции

Функция Вычисления(Параметр) Экспорт
	Локальная = 5;
	Структура = Новый Структура("Поле", "п");
	Возврат Строка(Вычислить("Параметр + Локальная * Множитель")) + "|" + Вычислить("Удвоить(Локальная)") + "|" + Вычислить("СтрДлина(Структура.Поле + ""абв"")")
		+ "|" + Вычислить("Формат(Параметр, ""ЧЦ=3; ЧВН="")");
КонецФункции

Функция Выполнение() Экспорт
	Сумма = 0;
	Выполнить("Для Н = 1 По 4 Цикл Сумма = Сумма + Н; КонецЦикла; Новая = Сумма * 10;");
	Выполнить("Если Сумма > 5 Тогда Сумма = Сумма + 100; КонецЕсли");
	Возврат Строка(Сумма) + "|" + Новая;
КонецФункции

Функция Ошибки() Экспорт
	Т = "";
	Попытка
		Вычислить("НеизвестнаяПеременная + 1");
	Исключение
		Т = Т + ИнформацияОбОшибке().Описание + Символы.ПС;
	КонецПопытки;
	Попытка
		Вычислить("1 +");
	Исключение
		Т = Т + ИнформацияОбОшибке().Описание + Символы.ПС;
	КонецПопытки;
	Попытка
		Выполнить("НеизвестнаяПроцедура()");
	Исключение
		Т = Т + ИнформацияОбОшибке().Описание + Символы.ПС;
	КонецПопытки;
	Попытка
		Вычислить("1 / 0");
	Исключение
		Т = Т + ИнформацияОбОшибке().Описание + Символы.ПС;
	КонецПопытки;
	Возврат Т;
КонецФункции

Функция Позиция() Экспорт
	Возврат Вычислить("Неизвестная");
КонецФункции

Множитель = 3;`;

describe('BSL runtime: Вычислить and Выполнить', () => {
  it("Вычислить sees the caller's parameters, locals, module variables and methods, and global functions", async () => {
    const { m } = await load(MODULE);
    assert.equal(await m.call('Вычисления', [num(7)]), '22|10|4|007');
  });

  it("Выполнить runs statements in the caller's frame: assigns its variables and creates new locals", async () => {
    const { m } = await load(MODULE);
    assert.equal(await m.call('Выполнение'), '110|100');
  });

  it('errors inside the string are catchable', async () => {
    const { m } = await load(MODULE);
    const r = String(await m.call('Ошибки'));
    const parts = r.split('\n');
    assert.equal(parts[0], 'Переменная не определена (НеизвестнаяПеременная)');
    assert.match(parts[1]!, /Синтаксическая ошибка/);
    assert.equal(parts[2], 'Процедура или функция с указанным именем не определена (НеизвестнаяПроцедура)');
    assert.equal(parts[3], 'Деление на 0');
  });

  it('an uncaught error carries the position of the Вычислить call', async () => {
    const { m } = await load(MODULE);
    const callLine = MODULE.split('\n').findIndex((l) => l.includes('Вычислить("Неизвестная")')) + 1;
    await assert.rejects(
      m.call('Позиция'),
      (e: BslRuntimeError) => e instanceof BslRuntimeError && e.position.line === callLine && /Неизвестная/.test(e.description),
    );
  });

  it('the same text in a loop is parsed once and still sees the changing variables', async () => {
    const { m } = await load(`
Функция Ф() Экспорт
	Т = 0;
	Для Н = 1 По 3 Цикл
		Т = Т + Вычислить("Н * Н");
	КонецЦикла;
	Возврат Т;
КонецФункции`);
    assert.equal(show(await m.call('Ф')), '14');
  });
});
