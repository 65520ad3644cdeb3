import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkBsl, checkPlatformApi, type PlatformFinding, parseBsl } from '../../src/bsl/parser/index.js';

/** Findings of the platform check for a procedure body (the module's own procedures shadow globals). */
function check(body: string, platformVersion?: string): PlatformFinding[] {
  const text = `Процедура Тест(Параметр) Экспорт\n${body}\nКонецПроцедуры\n\nПроцедура Своя(А, Б = 1)\nКонецПроцедуры\n`;
  const { module, errors } = parseBsl(text);
  assert.deepEqual(errors, [], 'the sample must parse');
  const shadowing = new Set(module!.procedures.map((p) => p.name.toLowerCase()));
  return checkPlatformApi(module!, { shadowing, ...(platformVersion ? { platformVersion } : {}) });
}

const messages = (findings: PlatformFinding[]): string[] => findings.map((f) => `${f.line}:${f.column}: ${f.message}`);

describe('platform-API check: Новый', () => {
  it('reports an unknown type and wrong constructor arity, with the position of Новый', () => {
    assert.deepEqual(messages(check('А = Новый Масив;')), ["2:5: Unknown type 'Масив': the platform has no such type to create with Новый"]);
    assert.deepEqual(messages(check('  С = Новый HTTPСоединение();')), ['2:7: Not enough arguments for Новый HTTPСоединение: 0 given, it needs at least 1']);
    assert.deepEqual(messages(check('С = Новый HTTPСоединение("h", 443, "u", "p", Неопределено, 30, Неопределено, Ложь, 1);')), [
      '2:5: Too many arguments for Новый HTTPСоединение: 9 given, it takes at most 8',
    ]);
  });

  it('accepts valid constructors, English names, variadic ones and the string form', () => {
    assert.deepEqual(
      check(
        [
          'С = Новый Структура("А,Б,В", 1, 2, 3);',
          'М = Новый Массив(2, 3);',
          'З = New Query("ВЫБРАТЬ 1");',
          'Ш = Новый ЗащищенноеСоединениеOpenSSL();',
          'О = Новый("Массив");',
          'Т = Новый ОписаниеОповещения("Своя", ЭтотОбъект);', // a type without listed constructors: not claimed
        ].join('\n'),
      ),
      [],
    );
  });

  it('does not judge an English type name the catalogue lacks (it has English names for few types)', () => {
    assert.deepEqual(check('Н = New CallbackDescription("Своя", ThisObject);\nБ = New DataLock;'), []);
    assert.deepEqual(
      check('Н = Новый ОписаниеОповещенияя("Своя", ЭтотОбъект);').map((f) => f.message),
      ["Unknown type 'ОписаниеОповещенияя': the platform has no such type to create with Новый"],
    );
  });
});

describe('platform-API check: global functions', () => {
  it('checks argument counts of global functions in either language', () => {
    assert.deepEqual(messages(check('Д = СтрДлина("а", "б");\nСообщить();\nX = StrLen();')), [
      '2:5: Too many arguments for СтрДлина: 2 given, it takes at most 1',
      '3:1: Not enough arguments for Сообщить: 0 given, it needs at least 1',
      '4:5: Not enough arguments for СтрДлина: 0 given, it needs at least 1',
    ]);
    assert.deepEqual(
      check('Д = ТекущаяДата(1);').map((f) => f.message),
      ['Too many arguments for ТекущаяДата: 1 given, it takes at most 0'],
    );
    assert.deepEqual(check('С = СтрШаблон("%1 %2", 1, 2);\nМ = Макс(1, 2, 3, 4);\nМ = Мин(1, 2);'), []);
  });

  it('leaves a name the module defines to the call check', () => {
    assert.deepEqual(check('Своя(1);'), []);
    const { module } = parseBsl('Процедура Сообщить(А, Б, В)\nКонецПроцедуры\nСообщить(1, 2, 3);');
    assert.deepEqual(checkPlatformApi(module!, { shadowing: new Set(['сообщить']) }), []);
  });
});

describe('platform-API check: methods of receivers of a known type', () => {
  it('checks methods of a variable assigned only from Новый T', () => {
    assert.deepEqual(messages(check('М = Новый Массив;\nМ.Добавитьь(1);\nМ.Вставить(0, 1, 2);\nМ.Добавить(1);\nN = М.Количество();')), [
      "3:3: Массив has no method 'Добавитьь' (the receiver is Новый Массив at line 2)",
      '4:3: Too many arguments for Массив.Вставить: 3 given, it takes at most 2',
    ]);
  });

  it('checks a method called on Новый itself and English method names', () => {
    assert.deepEqual(messages(check('К = Новый Соответствие().Количество(1);\nA = New Array;\nA.Add(1);\nA.Addd(1);')), [
      '2:26: Too many arguments for Соответствие.Количество: 1 given, it takes at most 0',
      "5:3: Массив has no method 'Addd' (the receiver is Новый Массив at line 3)",
    ]);
  });

  it('does not claim anything about a variable whose type is not known', () => {
    assert.deepEqual(
      check(
        [
          'М = Новый Массив;',
          'Если Параметр Тогда М = ПолучитьЧтоТо(); КонецЕсли;', // reassigned from a call
          'М.ЧтоУгодно(1, 2, 3);',
          'Параметр.ЧтоУгодно();', // a parameter
          'Для Каждого Э Из Параметр Цикл Э.ЧтоУгодно(); КонецЦикла;',
          'Н = Новый Структура;',
          'Н = Новый Массив;', // two types
          'Н.Вставить("а", 1);',
          'Т = Новый ТаблицаЗначений;',
          'Т.Колонки.Добавить("А");', // a property's value: not known
        ].join('\n'),
      ),
      [],
    );
    // Выполнить can assign anything.
    assert.deepEqual(check('М = Новый Массив;\nВыполнить("М = Новый Структура");\nМ.Вставить("а", 1);'), []);
  });

  it('knows module variables may change anywhere', () => {
    const { module } = parseBsl('Перем М;\nПроцедура П()\nМ = Новый Массив;\nМ.Чтото();\nКонецПроцедуры');
    assert.deepEqual(checkPlatformApi(module!), []);
  });
});

describe('platform-API check: system enumerations', () => {
  it('reports a value the enumeration lacks, not shadowed names or configuration-extended ones', () => {
    assert.deepEqual(messages(check('У = УровеньЖурналаРегистрации.Ошибкаа;\nУ = УровеньЖурналаРегистрации.Ошибка;\nУ = EventLogLevel.Warning;')), [
      "2:31: System enumeration УровеньЖурналаРегистрации has no value 'Ошибкаа'",
    ]);
    assert.deepEqual(check('К = БиблиотекаКартинок.МояКартинка;\nЦ = ЦветаСтиля.МойЦвет;'), []);
    assert.deepEqual(check('УровеньЖурналаРегистрации = Параметр;\nУ = УровеньЖурналаРегистрации.Что;'), []);
    // The dump spells this value with a Latin "c"; 1C's code uses the Cyrillic one.
    assert.deepEqual(check('Р = РежимОткрытияОкнаФормы.БлокироватьВесьИнтерфейс;'), []);
  });
});

describe('platform-API check: target platform version', () => {
  const code = [
    'С = Новый СертификатыУдостоверяющихЦентровОС;',
    'Б = Новый БуферДвоичныхДанных(4);',
    'Б.ЗаписатьПобитовоеИсключительноеИли(0, Б);',
    'Д = ПолучитьДвоичныеДанныеИзСтроки("а");',
    'Параметр.ЗаписатьПобитовоеИсключительноеИли(0, Б);', // any receiver: no other type has the method
  ].join('\n');

  it('warns about names the version lacks, as warnings with the minimum version', () => {
    const old = check(code, '8.3.9.1818');
    assert.deepEqual(
      old.map((f) => [f.line, f.severity]),
      [
        [2, 'warning'],
        [3, 'warning'],
        [4, 'warning'],
        [5, 'warning'],
        [6, 'warning'],
      ],
    );
    assert.match(old[0]!.message, /СертификатыУдостоверяющихЦентровОС is not available on platform 8\.3\.9\.1818 \(it needs 8\.3\.22\.2470/);
    assert.deepEqual(
      check(code, '8.3.18').map((f) => f.line),
      [2, 4, 6],
    );
    assert.deepEqual(
      check(code, '8.3.22.2470').map((f) => f.line),
      [4, 6],
    );
    assert.deepEqual(check(code, '8.3.23.2122'), []);
    assert.deepEqual(check(code), []);
  });
});

describe('checkBsl with platform: true', () => {
  it('adds the platform errors to the call check', () => {
    const text = 'Процедура П()\n  М = Новый Массив;\n  М.Удалить();\n  Сообщить("а", 1, 2);\n  Неизвестная();\nКонецПроцедуры';
    assert.deepEqual(
      checkBsl(text, { platform: true }).map((e) => `${e.line}:${e.column}: ${e.message}`),
      [
        '3:5: Not enough arguments for Массив.Удалить: 0 given, it needs at least 1',
        '4:3: Too many arguments for Сообщить: 3 given, it takes at most 2',
        "5:3: Procedure or function 'Неизвестная' is not defined (not in this module, not exported by a given common module, not a global-context method)",
      ],
    );
    assert.equal(checkBsl(text).length, 1);
  });
});

describe('calls of Асинх procedures', () => {
  it('lets Ждать use an Асинх procedure as a value, not a plain one', () => {
    const text =
      'Асинх Процедура Загрузить()\nКонецПроцедуры\n\nПроцедура Обычная()\nКонецПроцедуры\n\n' +
      'Асинх Процедура Работа()\n  Ждать Загрузить();\n  Х = Обычная();\nКонецПроцедуры\n';
    assert.deepEqual(
      checkBsl(text).map((e) => `${e.line}: ${e.message}`),
      ["9: 'Обычная' is a procedure and returns no value: it cannot be used in an expression"],
    );
  });

  it('accepts platform global functions the catalogue has beyond the built-in list', () => {
    assert.deepEqual(checkBsl('Процедура П()\n  Х = СтрНайтиПоРегулярномуВыражению("а", "а");\n  ОбработкаПрерыванияПользователя();\nКонецПроцедуры'), []);
  });
});
