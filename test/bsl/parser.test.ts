import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { type BslError, checkBsl, type Expression, isGlobalFunction, parseBsl, type Statement } from '../../src/bsl/parser/index.js';
import { SEED_GUIDE } from '../helpers/seed-guide.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const fixtures = path.join(repoRoot, 'test/bsl/fixtures/parser');
const fixture = (name: string): string => fs.readFileSync(path.join(fixtures, name), 'utf8');
const SEED = SEED_GUIDE;

/** The seed file is stored double-encoded (its UTF-8 bytes were read as Mac Roman); undo that. */
function repairMojibake(text: string): string {
  if (/[А-яЁё]/.test(text)) return text;
  const decoder = new TextDecoder('macintosh');
  const byteOf = new Map<string, number>();
  for (let b = 0; b < 256; b++) byteOf.set(decoder.decode(new Uint8Array([b])), b);
  const bytes = [...text].map((ch) => {
    const b = byteOf.get(ch);
    if (b === undefined) throw new Error(`not Mac Roman mojibake: ${JSON.stringify(ch)}`);
    return b;
  });
  return new TextDecoder('utf-8', { fatal: true }).decode(new Uint8Array(bytes));
}

function firstError(errors: BslError[]): BslError {
  assert.ok(errors.length > 0, 'expected an error, got none');
  return errors[0]!;
}

function expectOnlyError(errors: BslError[], line: number, column: number, fragment: string): void {
  assert.equal(errors.length, 1, `expected exactly one error, got ${JSON.stringify(errors)}`);
  const e = firstError(errors);
  assert.deepEqual({ line: e.line, column: e.column }, { line, column }, e.message);
  assert.ok(e.message.includes(fragment), `"${e.message}" should contain "${fragment}"`);
}

function parseClean(text: string): NonNullable<ReturnType<typeof parseBsl>['module']> {
  const { module, errors } = parseBsl(text);
  assert.deepEqual(errors, []);
  assert.ok(module);
  return module;
}

/** The first statement of the first method, or of the module body. */
function firstStatement(text: string): Statement {
  const m = parseClean(text);
  const st = m.methods[0]?.body[0] ?? m.body[0];
  assert.ok(st);
  return st;
}

function assignedValue(text: string): Expression {
  const st = firstStatement(text);
  assert.equal(st.type, 'Assign');
  return (st as Extract<Statement, { type: 'Assign' }>).value;
}

describe('BSL parser: the classic modules', () => {
  for (const name of ['classic-receipt.bsl', 'classic-invoice.bsl']) {
    it(`${name} parses and checks with zero errors`, () => {
      const text = fixture(name);
      const m = parseClean(text);
      assert.deepEqual(checkBsl(text), []);
      assert.equal(m.procedures.length, 6);
      assert.deepEqual(
        m.procedures.map((p) => p.kind),
        ['procedure', 'function', 'function', 'function', 'procedure', 'procedure'],
      );
      assert.ok(m.calls.some((c) => c.qualifier === 'ОбщегоНазначения' && c.name === 'ОбъектВСтрокуJSON'));
    });
  }

  it('the fixtures are the two ```1c modules of the seed, verbatim', (t) => {
    // The setup guide is not part of the repository; CI checks it out beside the clone.
    if (!fs.existsSync(SEED)) {
      if (process.env.CI === 'true') assert.fail(`CI must have the original setup guide at ${SEED}: the fixtures are compared with it`);
      t.skip(`SKIPPED: the original setup guide is not at ${SEED}`);
      return;
    }
    const seed = repairMojibake(fs.readFileSync(SEED, 'utf8'));
    const blocks = [...seed.matchAll(/```1c\n([\s\S]*?)```/g)].map((m) => m[1]);
    assert.equal(blocks[0], fixture('classic-receipt.bsl'));
    assert.equal(blocks[1], fixture('classic-invoice.bsl'));
  });
});

describe('BSL parser: language coverage', () => {
  it('parses a Russian module using most of the language', () => {
    const text = fixture('features-ru.bsl');
    const m = parseClean(text);
    assert.deepEqual(checkBsl(text), []);
    const send = m.procedures.find((p) => p.name === 'ОтправитьВERP');
    assert.ok(send);
    assert.deepEqual(
      { ...send, paramDetails: undefined },
      {
        name: 'ОтправитьВERP',
        kind: 'function',
        exported: true,
        params: ['Данные', 'Адрес', 'Таймаут', 'Префикс', 'Дата'],
        line: 10,
        annotations: ['НаСервере'],
        column: 1,
        async: false,
        paramDetails: undefined,
      },
    );
    assert.deepEqual(
      send.paramDetails.map((p) => [p.byVal, p.defaultValue]),
      [
        [true, undefined],
        [false, 'Неопределено'],
        [false, '30'],
        [false, '""'],
        [false, "'00010101'"],
      ],
    );
    assert.deepEqual(m.procedures.find((p) => p.name === 'Расш_ПередЗаписью')?.annotations, ['Перед("ПередЗаписью")']);
    assert.deepEqual(m.procedures.find((p) => p.name === 'Расш_ПроверитьЗаполнение')?.annotations, ['Вместо("ПроверитьЗаполнение")']);
    assert.equal(m.procedures.find((p) => p.name === 'ПоказатьАсинх')?.async, true);
    assert.deepEqual(
      m.variables.map((v) => [v.name, v.exported]),
      [
        ['КэшНастроек', true],
        ['Счетчик', false],
      ],
    );
    assert.deepEqual(
      m.regions.map((r) => [r.name, r.line]),
      [['ПрограммныйИнтерфейс', 6]],
    );
    assert.equal(m.body.length, 1, 'the module body statement after the procedures');
  });

  it('parses an English-keyword module, keywords in any case', () => {
    assert.deepEqual(checkBsl(fixture('features-en.bsl')), []);
    assert.deepEqual(checkBsl('PROCEDURE a()\n\tif TRUE then\n\t\tB = 1;\n\tENDIF;\nendprocedure'), []);
    assert.deepEqual(checkBsl('процедура А()\n\tесли истина тогда Б = 1 конецесли\nконецпроцедуры'), []);
  });

  it('reads multi-line strings, "" escapes and adjacent literals', () => {
    const text = 'Процедура А()\n\tТекст = "ВЫБРАТЬ\n\t\t|\tПоле, ""кавычки""\n\t// |\tЗакомментировано\n   |ИЗ Т" "!";\nКонецПроцедуры';
    const v = assignedValue(text);
    assert.deepEqual(v.type === 'String' && v.value, 'ВЫБРАТЬ\n\tПоле, "кавычки"\nИЗ Т!');
  });

  it('reads date literals in every separator style', () => {
    for (const d of ['00010101', '20240115103000', '2024-01-15', '2024.01.15 10:30:00', '2024-01-15T10:30:00']) {
      const v = assignedValue(`А = '${d}';`);
      assert.deepEqual(v.type === 'Date' && v.raw, d);
    }
    expectOnlyError(checkBsl("А = '2024-01';"), 1, 5, 'Invalid date literal');
    expectOnlyError(checkBsl("А = '2024-01-15"), 1, 5, 'Unterminated date literal');
  });

  it('knows the ternary, empty arguments and every form of Новый', () => {
    const m = parseClean(
      'С = Новый HTTPСоединение("h", 443,,,, 30, Новый ЗащищенноеСоединениеOpenSSL);\n' +
        'М = Новый Массив;\nН = Новый("Структура", Параметры);\nК = ?(А > 1, "да", "нет");\nО.Метод(а, , б);\nЯ = Новый Структура("А", 1).А;',
    );
    const news = m.body.slice(0, 3).map((s) => (s.type === 'Assign' ? s.value : undefined));
    assert.deepEqual(
      news.map((e) => e?.type === 'New' && [e.typeName, e.args?.length]),
      [
        ['HTTPСоединение', 7],
        ['Массив', undefined],
        [undefined, 2],
      ],
    );
    const ternary = m.body[3]!.type === 'Assign' ? m.body[3]!.value : undefined;
    assert.equal(ternary?.type, 'Ternary');
    assert.deepEqual(
      m.calls.map((c) => [c.qualifier, c.name, c.argCount, c.statement]),
      [['О', 'Метод', 3, true]],
    );
  });

  it('takes identifiers in Ukrainian and mixed Latin-Cyrillic, keywords after a dot as names', () => {
    const m = parseClean(
      'Процедура ЗаповнитиЄДРПОУ(Ґанок)\n\tЇжак = Ґанок.КодЄДРПОУ + ЗаписьJSON.Значення;\n\t' +
        'HTTPСоединение.Выполнить();\n\tЗапрос.Если = Объект.Новый;\nКонецПроцедуры',
    );
    assert.deepEqual(
      m.procedures.map((p) => p.name),
      ['ЗаповнитиЄДРПОУ'],
    );
    assert.deepEqual(
      m.calls.map((c) => `${c.qualifier}.${c.name}`),
      ['HTTPСоединение.Выполнить'],
    );
  });

  it('accepts the module statements the brief lists: labels, Перейти, Выполнить, handlers, Перем', () => {
    const text =
      'Перем А Экспорт, Б;\nПроцедура П()\n\tПерем Локальная;\n\t~Метка:\n\tЛокальная = 1;\n\t' +
      'Если Локальная < 3 Тогда Перейти ~Метка; КонецЕсли;\n\tВыполнить("А = 1");\n\tExecute("B = 2");\n\t' +
      'ДобавитьОбработчик А.Событие, Б.Обработчик;\n\tRemoveHandler A.Event, B.Handler;\nКонецПроцедуры';
    const m = parseClean(text);
    assert.deepEqual(
      m.methods[0]!.locals.map((v) => v.name),
      ['Локальная'],
    );
    assert.deepEqual(
      m.methods[0]!.body.map((s) => s.type),
      ['Assign', 'If', 'Execute', 'Execute', 'AddHandler', 'RemoveHandler'],
    );
    assert.equal(m.methods[0]!.body[0]!.label, 'Метка');
  });

  it('keeps operator precedence: ИЛИ < И < НЕ < comparison < + - < * / % < unary', () => {
    const v = assignedValue('Х = НЕ А = 1 ИЛИ Б И -В * 2 + 1 > 0;');
    const shape = (e: Expression): unknown => {
      switch (e.type) {
        case 'Binary':
          return [e.operator, shape(e.left), shape(e.right)];
        case 'Unary':
          return [e.operator, shape(e.operand)];
        case 'Identifier':
          return e.name;
        case 'Number':
          return e.value;
        default:
          return e.type;
      }
    };
    assert.deepEqual(shape(v), ['Or', ['Not', ['=', 'А', 1]], ['And', 'Б', ['>', ['+', ['*', ['-', 'В'], 2], 1], 0]]]);
  });

  it('lets ; be left out only before a keyword that closes the block', () => {
    assert.deepEqual(
      checkBsl(
        'Процедура А()\n\tЕсли Истина Тогда\n\t\tБ = 1\n\tИначеЕсли Ложь Тогда\n\t\tБ = 2\n\tИначе\n\t\tБ = 3\n\t' +
          'КонецЕсли\nКонецПроцедуры\nФункция В()\n\tПопытка\n\t\tВозврат 1\n\tИсключение\n\t\tВозврат 2\n\tКонецПопытки\nКонецФункции',
      ),
      [],
    );
    assert.deepEqual(checkBsl('Пока Ложь Цикл А = 1 КонецЦикла;;\nБ = 2'), []);
  });

  it('reads CRLF line ends and a byte-order mark like LF', () => {
    const text = `\uFEFF${fixture('features-ru.bsl').replace(/\n/g, '\r\n')}`;
    assert.deepEqual(checkBsl(text), []);
    expectOnlyError(checkBsl('Процедура А()\r\n\tБ = 1\r\n\tВ = 2;\r\nКонецПроцедуры'), 2, 7, "Expected ';'");
  });

  it('checks preprocessor nesting and conditions, and drops #Удаление lines', () => {
    const text =
      '#Region Outer\n#Область Внутренняя // комментарий\n#Если Сервер И НЕ (ВебКлиент ИЛИ МобильныйКлиент) Тогда\n' +
      'А = 1;\n#ИначеЕсли Клиент Тогда\nА = 2;\n#Иначе\nА = 3;\n#КонецЕсли\n#КонецОбласти\n#EndRegion\n' +
      '#Удаление\nЕсли Старое Тогда\n#КонецУдаления\n#Вставка\nЕсли Новое Тогда\n#КонецВставки\nКонецЕсли;';
    const m = parseClean(text);
    assert.deepEqual(
      m.regions.map((r) => [r.name, r.line, r.endLine]),
      [
        ['Внутренняя', 2, 10],
        ['Outer', 1, 11],
      ],
    );
  });
});

describe('BSL parser: broken code is reported with line and column', () => {
  const P = (body: string): string => `Процедура А()\n${body}\nКонецПроцедуры`;
  const cases: Array<[string, string, number, number, string]> = [
    ['missing ; between statements on two lines', P('\tБ = 1\n\tВ = 2;'), 2, 7, "Expected ';' before 'В'"],
    ['missing ; on one line (English)', 'Procedure A()\n\tB = Round(1) C = 2;\nEndProcedure', 2, 14, "Expected ';' before 'C'"],
    ['Если without КонецЕсли', P('\tЕсли Б Тогда\n\t\tВ = 1;'), 4, 1, 'Expected КонецЕсли to close Если (line 2)'],
    ['If without EndIf, in English', 'Procedure A()\n\tIf B Then\n\t\tC = 1;\nEndProcedure', 4, 1, 'Expected EndIf to close If'],
    ['КонецЦикла without a loop', P('\tБ = 1;\n\tКонецЦикла;'), 3, 2, "'КонецЦикла' without a matching Для/Пока"],
    ['КонецФункции closing a Процедура', 'Процедура А()\n\tБ = 1;\nКонецФункции', 3, 1, "cannot close Процедура 'А'"],
    ['procedure never closed', 'Процедура А()\n\tБ = 1;\n\nПроцедура В()\nКонецПроцедуры', 4, 1, 'Expected КонецПроцедуры to close Процедура'],
    ['function cut off by the end of file', 'Функция А()\n\tВозврат 1;', 2, 12, 'found end of file'],
    ['unterminated string', P('\tБ = "abc;\n\tВ = 1;'), 2, 6, 'Unterminated string literal'],
    ['unclosed (', P('\tСообщить(Строка(1);'), 2, 20, "Missing ')' for the '(' at line 2, column 10"],
    ['extra )', P('\tБ = (1 + 2));'), 2, 13, "Unbalanced ')'"],
    ['missing comma between arguments', P('\tСообщить(1 2);'), 2, 13, "Expected ',' or ')'"],
    ['#Область not closed', '#Область Основная\nПроцедура А()\nКонецПроцедуры', 1, 1, '#Область Основная is not closed'],
    ['#КонецОбласти without #Область', 'Процедура А()\nКонецПроцедуры\n#КонецОбласти', 3, 1, '#КонецОбласти without #Область'],
    ['#Если not closed', '#Если Сервер Тогда\nА = 1;', 1, 1, '#Если is not closed'],
    ['unknown preprocessor symbol', '#Если Серверр Тогда\n#КонецЕсли', 1, 1, "unknown preprocessor symbol 'Серверр'"],
    ['Возврат with a value in a Процедура', P('\tВозврат 1;'), 2, 2, "Процедура 'А' cannot return a value"],
    ['stray КонецЕсли', P('\tБ = 1;\nКонецЕсли;'), 3, 1, "'КонецЕсли' without a matching Если"],
    ['Иначе outside Если', P('\tИначе'), 2, 2, "'Иначе' without a matching Если"],
    ['missing Тогда', P('\tЕсли Б = 1\n\t\tВ = 2;\n\tКонецЕсли;'), 3, 3, "Expected Тогда after the condition of Если (line 2), found 'В'"],
    ['missing Цикл', P('\tПока Б < 10\n\t\tБ = Б + 1;\n\tКонецЦикла;'), 3, 3, 'Expected Цикл after the condition of Пока'],
    ['missing Цикл in Для Каждого', P('\tДля Каждого Х Из М\n\t\tБ = Х;\n\tКонецЦикла;'), 3, 3, 'Expected Цикл after the collection'],
    ['Попытка without Исключение', P('\tПопытка\n\t\tБ = 1;'), 4, 1, 'Expected Исключение in Попытка (line 2)'],
    ['bad character @', P('\tБ = 1 @ 2;'), 2, 8, "Unknown character '@'"],
    ['& inside an expression', P('\tБ = 1 & 2;'), 2, 8, "Unexpected '&'"],
    ['Прервать outside a loop', P('\tПрервать;'), 2, 2, "'Прервать' is only allowed inside a loop"],
    ['Перем after statements', P('\tБ = 1;\n\tПерем В;'), 3, 2, 'must come before all statements'],
    ['expression statement that is no call', P('\tОбъект.Свойство;'), 2, 17, "Expected '=' or a procedure call after 'Объект.Свойство'"],
    ['non-constant default value', 'Процедура А(П = Б)\nКонецПроцедуры', 1, 17, 'must be a constant'],
    ['duplicate procedure', 'Процедура А()\nКонецПроцедуры\nПроцедура а()\nКонецПроцедуры', 3, 11, "'а' is already defined at line 1"],
    ['Перейти to a missing label', P('\tПерейти ~Нет;'), 2, 11, 'Label ~Нет is not defined'],
    ['extension annotation without the method name', '&Перед\nПроцедура А()\nКонецПроцедуры', 1, 1, '&Перед needs the name of the method'],
    ['annotation before a statement', '&НаСервере\nА = 1;', 1, 1, 'An annotation must be followed by a procedure'],
    ['unknown annotation', '&НаСервереБезКонтекстаа\nПроцедура А()\nКонецПроцедуры', 1, 1, 'Unknown annotation'],
    ['Ждать outside Асинх', P('\tЖдать ПредупреждениеАсинх("!");'), 2, 2, 'only allowed inside an Асинх'],
    ['reserved word as a name', 'Процедура Если()\nКонецПроцедуры', 1, 11, "reserved word 'Если'"],
    ['call of an undefined procedure', P('\tНеизвестная(1);'), 2, 2, "'Неизвестная' is not defined"],
    ['invented global function', P('\tИд = НоваяУникальныйИдентификатор();'), 2, 7, "'НоваяУникальныйИдентификатор' is not defined"],
    ['enum used as a function', P('\tУ = УровеньЖурналаРегистрации();'), 2, 6, "'УровеньЖурналаРегистрации' is not defined"],
  ];
  for (const [name, code, line, column, fragment] of cases) {
    it(name, () => expectOnlyError(checkBsl(code), line, column, fragment));
  }

  it('reports one error per broken procedure and keeps the later procedures known', () => {
    const text =
      'Процедура А()\n\tБ = ;\n\tВ();\nКонецПроцедуры\nПроцедура В()\n\tЕсли Тогда\nКонецПроцедуры\n' + 'Процедура Г()\n\tА();\n\tВ();\nКонецПроцедуры';
    const errors = checkBsl(text);
    assert.deepEqual(
      errors.map((e) => [e.line, e.column]),
      [
        [2, 6],
        [6, 7],
      ],
    );
  });
});

describe('BSL checker: calls into common modules', () => {
  const sync =
    'Процедура Отправить(Данные, Адрес = "") Экспорт\nКонецПроцедуры\n' +
    'Функция Статус() Экспорт\n\tВозврат 1;\nКонецФункции\nПроцедура Внутренняя()\nКонецПроцедуры';
  const options = { commonModules: { СинхронизацияERP: sync } };
  const P = (body: string): string => `Процедура А()\n${body}\nКонецПроцедуры`;

  it('passes calls of exported procedures, qualified or not, in any case', () => {
    assert.deepEqual(
      checkBsl(
        P(
          '\tСинхронизацияERP.Отправить(1);\n\tсинхронизацияerp.ОТПРАВИТЬ(1, "x");\n\t' +
            'Х = СинхронизацияERP.Статус();\n\tОтправить(2);\n\tОбщегоНазначения.ЧтоУгодно(1, 2, 3);',
        ),
        options,
      ),
      [],
    );
  });

  it('rejects calls of procedures that are not exported or do not exist', () => {
    const errors = checkBsl(P('\tСинхронизацияERP.Внутренняя();\n\tВнутренняя();\n\tСинхронизацияERP.Нет();'), options);
    assert.deepEqual(
      errors.map((e) => [e.line, e.column]),
      [
        [2, 19],
        [3, 2],
        [4, 19],
      ],
    );
    assert.match(errors[0]!.message, /'СинхронизацияERP\.Внутренняя' is not exported/);
    assert.match(errors[1]!.message, /'Внутренняя' is not defined/);
    assert.match(errors[2]!.message, /has no procedure or function 'Нет'/);
    // Without the common module given, its procedures are unknown when called unqualified.
    expectOnlyError(checkBsl(P('\tОтправить(1);')), 2, 2, "'Отправить' is not defined");
  });

  it('checks argument counts and the use of a procedure as a value', () => {
    const errors = checkBsl(
      P(
        '\tСинхронизацияERP.Отправить();\n\tСинхронизацияERP.Отправить(1, 2, 3);\n\t' +
          'Х = СинхронизацияERP.Отправить(1);\n\tСинхронизацияERP.Отправить(1, );',
      ),
      options,
    );
    assert.deepEqual(
      errors.map((e) => e.message.split(':')[0]),
      [
        "Not enough arguments in the call of 'СинхронизацияERP.Отправить'",
        "Too many arguments in the call of 'СинхронизацияERP.Отправить'",
        "'СинхронизацияERP.Отправить' is a procedure and returns no value",
      ],
    );
  });

  it('reports syntax errors of a common module under its name', () => {
    const errors = checkBsl(P('\tМодуль.Ф();'), { commonModules: { Модуль: 'Процедура Ф() Экспорт\n\tА = 1\n\tБ = 2;\nКонецПроцедуры' } });
    expectOnlyError(errors, 2, 7, "In common module Модуль: Expected ';'");
  });

  it('records calls with their qualifier, statement flag and enclosing method', () => {
    const m = parseClean(P('\tЗапрос.Заголовки.Вставить("a", Ф(1));\n\tХ = Получить().Поле.Метод();'));
    assert.deepEqual(
      m.calls.map((c) => [c.qualifier ?? null, c.name, c.statement, c.inMethod, c.line, c.column]),
      [
        ['Запрос.Заголовки', 'Вставить', true, 'А', 2, 19],
        [null, 'Ф', false, 'А', 2, 33],
        [null, 'Получить', false, 'А', 3, 6],
        ['Получить().Поле', 'Метод', false, 'А', 3, 22],
      ],
    );
  });

  it('knows global-context functions in both languages, and nothing invented', () => {
    for (const name of [
      'Строка',
      'String',
      'СокрЛП',
      'TrimAll',
      'ЗаписьЖурналаРегистрации',
      'WriteLogEvent',
      'ЗаписатьJSON',
      'ПолучитьBase64СтрокуИзДвоичныхДанных',
      'ПобитовыйСдвигВлево',
      'ТекущаяУниверсальнаяДатаВМиллисекундах',
      'Pow',
    ]) {
      assert.ok(isGlobalFunction(name), name);
    }
    for (const name of ['ОбщегоНазначения', 'УровеньЖурналаРегистрации', 'НоваяУникальныйИдентификатор', 'Новый']) {
      assert.ok(!isGlobalFunction(name), name);
    }
  });
});
