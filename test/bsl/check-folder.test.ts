import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { checkBslPath } from '../../src/bsl/parser/index.js';
import { runBslCommand } from '../../src/cli/bsl-command.js';

/** A configuration dumped to XML files, as the configurator and 1c-syntax repositories lay it out. */
function commonModuleXml(name: string, global: boolean): string {
  return (
    `\uFEFF<?xml version="1.0" encoding="UTF-8"?>\n<MetaDataObject xmlns="http://v8.1c.ru/8.3/MDClasses" version="2.20">\n` +
    `\t<CommonModule uuid="75e77f99-b9d1-4bc0-93aa-c77a93d760d3">\n\t\t<Properties>\n\t\t\t<Name>${name}</Name>\n` +
    `\t\t\t<Global>${global}</Global>\n\t\t\t<ClientManagedApplication>false</ClientManagedApplication>\n` +
    `\t\t\t<Server>true</Server>\n\t\t</Properties>\n\t</CommonModule>\n</MetaDataObject>\n`
  );
}

function write(root: string, files: Record<string, string>): void {
  for (const [rel, content] of Object.entries(files)) {
    const file = path.join(root, ...rel.split('/'));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content.endsWith('.xml') ? content : `\uFEFF${content.replace(/\n/g, '\r\n')}`);
  }
}

const io = () => {
  const out = { stdout: '', stderr: '' };
  return {
    out,
    io: {
      stdout: (s: string) => {
        out.stdout += s;
      },
      stderr: (s: string) => {
        out.stderr += s;
      },
    },
  };
};

const UNKNOWN_IN_OBJECT =
  "(not in this module, not exported by a global common module, not a platform global-context method nor a method of the module's object or form); " +
  '1C: «Процедура или функция с указанным именем не определена (';

describe('bsl check over a configuration folder', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'onec-sync-bslcheck-'));
    write(dir, {
      'src/cf/CommonModules/Общий.xml': commonModuleXml('Общий', false),
      'src/cf/CommonModules/Общий/Ext/Module.bsl': 'Функция Сумма(А, Б) Экспорт\n\tВозврат А + Б;\nКонецФункции\n\nПроцедура Внутренняя()\nКонецПроцедуры\n',
      'src/cf/CommonModules/ГлобальныйМодуль.xml': commonModuleXml('ГлобальныйМодуль', true),
      'src/cf/CommonModules/ГлобальныйМодуль/Ext/Module.bsl': 'Процедура Уведомить(Текст) Экспорт\n\tСообщить(Текст);\nКонецПроцедуры\n',
      'src/cf/CommonModules/Вызовы.xml': commonModuleXml('Вызовы', false),
      'src/cf/CommonModules/Вызовы/Ext/Module.bsl': [
        'Процедура Работа() Экспорт',
        '\tС = Общий.Сумма(1, 2);', // fine
        '\tУведомить("а");', // a global module's export, unqualified
        '\tОбщий.Сумма(1);', // a function called as a statement is fine; 1 argument is too few
        '\tОбщий.Внутренняя();', // not exported
        '\tОбщий.Нету();', // no such procedure
        '\tСумма(1, 2);', // not global: must be qualified
        '\tНеизвестно();', // nowhere
        '\tМ = Новый Массив;',
        '\tМ.Добавить(1, 2);',
        'КонецПроцедуры',
        '',
      ].join('\n'),
      'src/cf/Catalogs/Товары/Ext/ObjectModule.bsl': [
        'Процедура ПередЗаписью(Отказ)',
        '\tЕсли Не ЭтоНовый() Тогда', // the object's own method: not in the catalogue, not reported
        '\t\tЗаписать();',
        '\tКонецЕсли;',
        '\tОбщий.Количество();', // may be a tabular section named Общий
        '\tСтрДлина();', // a platform function with too few arguments is still reported
        '\tЗначение = СтрДлинаа("x");', // a typo: no such function anywhere
        '\tУведомить("в");', // a global module's export
        '\tСумма(1, 2);', // a non-global module's export without its module's name
        '\tWrite();', // the object's method by its English name
        '\tЧасти = СтрНайтиПоРегулярномуВыражению("а", "а");', // a function of platforms newer than the catalogue
        'КонецПроцедуры',
        '',
      ].join('\n'),
      'src/cf/Catalogs/Товары/Ext/ManagerModule.bsl': [
        'Функция НовыйТовар() Экспорт',
        '\tВозврат СоздатьЭлемент();', // the manager's own method
        'КонецФункции',
        '',
        'Процедура Проверить() Экспорт',
        '\tЗакрыть();', // a form's method: not in a manager's module
        'КонецПроцедуры',
        '',
      ].join('\n'),
      'src/cf/Catalogs/Товары/Forms/ФормаЭлемента/Ext/Form/Module.bsl':
        '&НаКлиенте\nПроцедура Готово(Команда)\n\tЗакрыть();\n\tУведомить("б");\nКонецПроцедуры\n',
      'src/cf/Ext/ManagedApplicationModule.bsl': 'Процедура ПриложениеГотово() Экспорт\nКонецПроцедуры\n',
      'src/cf/CommandModules/Команда/Ext/CommandModule.bsl':
        '&НаКлиенте\nПроцедура ОбработкаКоманды(П, ПВ)\n\tПриложениеГотово();\n\tНеизвестно2();\nКонецПроцедуры\n',
      'src/cf/Catalogs/Сломанный/Ext/ManagerModule.bsl': 'Процедура П()\n\tЕсли Истина Тогда\nКонецПроцедуры\n',
    });
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('resolves common modules by their metadata and reports what is wrong, with file, line and column', () => {
    const result = checkBslPath(path.join(dir, 'src/cf'));
    assert.equal(result.files, 9);
    assert.equal(result.commonModules, 3);
    const lines = result.findings.map((f) => `${f.file.split(path.sep).join('/')}:${f.line}:${f.column}: ${f.severity}: ${f.message}`);
    assert.deepEqual(lines, [
      "Catalogs/Сломанный/Ext/ManagerModule.bsl:3:1: error: Expected КонецЕсли to close Если (line 2), found 'КонецПроцедуры'",
      "Catalogs/Товары/Ext/ManagerModule.bsl:6:2: error: Procedure or function 'Закрыть' is not defined (not in this module, not exported by a global common module, not a platform global-context method nor a method of the module's object or form); 1C: «Процедура или функция с указанным именем не определена (Закрыть)»",
      'Catalogs/Товары/Ext/ObjectModule.bsl:6:2: error: Not enough arguments for СтрДлина: 0 given, it needs at least 1',
      "Catalogs/Товары/Ext/ObjectModule.bsl:7:13: error: Procedure or function 'СтрДлинаа' is not defined (not in this module, not exported by a global common module, not a platform global-context method nor a method of the module's object or form); 1C: «Процедура или функция с указанным именем не определена (СтрДлинаа)»",
      "Catalogs/Товары/Ext/ObjectModule.bsl:9:2: error: 'Сумма' is exported by common module Общий, which is not global: call it as Общий.Сумма(...)",
      "CommandModules/Команда/Ext/CommandModule.bsl:4:2: error: Procedure or function 'Неизвестно2' is not defined (not in this module, not exported by a global common module, not a platform global-context method); 1C: «Процедура или функция с указанным именем не определена (Неизвестно2)»",
      "CommonModules/Вызовы/Ext/Module.bsl:4:8: error: Not enough arguments in the call of 'Общий.Сумма': 1 given, it needs at least 2",
      "CommonModules/Вызовы/Ext/Module.bsl:5:8: error: 'Общий.Внутренняя' is not exported (add Экспорт to its declaration)",
      "CommonModules/Вызовы/Ext/Module.bsl:6:8: error: Common module Общий has no procedure or function 'Нету'",
      "CommonModules/Вызовы/Ext/Module.bsl:7:2: error: 'Сумма' is exported by common module Общий, which is not global: call it as Общий.Сумма(...)",
      "CommonModules/Вызовы/Ext/Module.bsl:8:2: error: Procedure or function 'Неизвестно' is not defined (not in this module, not exported by a global common module, not a platform global-context method); 1C: «Процедура или функция с указанным именем не определена (Неизвестно)»",
      'CommonModules/Вызовы/Ext/Module.bsl:10:4: error: Too many arguments for Массив.Добавить: 2 given, it takes at most 1',
    ]);
  });

  it('runs as `onec-sync bsl check`: errors as file:line:column, a summary, exit 1', async () => {
    const { out, io: cliIo } = io();
    const folder = path.join(dir, 'src/cf');
    const code = await runBslCommand(['check', folder], cliIo);
    assert.equal(code, 1);
    const lines = out.stdout.trim().split('\n');
    assert.equal(lines.length, 13);
    assert.equal(
      lines[0],
      `${path.join(folder, 'Catalogs/Сломанный/Ext/ManagerModule.bsl')}:3:1: Expected КонецЕсли to close Если (line 2), found 'КонецПроцедуры'`,
    );
    assert.ok(
      lines.includes(
        `${path.join(folder, 'Catalogs/Товары/Ext/ObjectModule.bsl')}:7:13: Procedure or function 'СтрДлинаа' is not defined ${UNKNOWN_IN_OBJECT}СтрДлинаа)»`,
      ),
      out.stdout,
    );
    assert.match(lines[12]!, /^Checked 9 modules \(\d+ lines, 3 common modules\) in [\d.]+ s: 12 errors, 0 warnings; verified /);
    assert.equal(out.stderr, '');
  });

  it('checks one file alone: a name the configuration may export is a warning, not an error', async () => {
    const { out, io: cliIo } = io();
    const file = path.join(dir, 'src/cf/CommonModules/ГлобальныйМодуль/Ext/Module.bsl');
    assert.equal(await runBslCommand(['check', file], cliIo), 0);
    assert.match(out.stdout, /^Checked 1 module \(\d+ lines, 1 common module\) in [\d.]+ s: 0 errors, 0 warnings; verified 0 Новый, 1 global-function calls/);
    const single = checkBslPath(path.join(dir, 'src/cf/CommonModules/Вызовы/Ext/Module.bsl'));
    // Alone, the global module's Уведомить and the other module's Сумма are out of sight too.
    assert.deepEqual(
      single.findings.map((f) => `${f.line}:${f.column}: ${f.severity}`),
      ['3:2: warning', '7:2: warning', '8:2: warning', '10:4: error'],
    );
  });

  it('reports a misspelt platform function in a file alone as a warning (exit 0)', async () => {
    const lone = path.join(dir, 'lone');
    // Any module: it may be an object's or a form's, so their methods are not claimed.
    write(lone, { 'Модуль.bsl': 'Процедура П()\n\tЗначение = СтрДлинаа("x");\n\tЗаписать();\n\tЗакрыть();\n\tЗначение = СтрДлина("x");\nКонецПроцедуры\n' });
    const { out, io: cliIo } = io();
    const file = path.join(lone, 'Модуль.bsl');
    assert.equal(await runBslCommand(['check', file], cliIo), 0);
    const lines = out.stdout.trim().split('\n');
    assert.deepEqual(lines.slice(0, -1), [`${file}:2:13: warning: Procedure or function 'СтрДлинаа' is not defined ${UNKNOWN_IN_OBJECT}СтрДлинаа)»`]);
    assert.match(lines.at(-1)!, /: 0 errors, 1 warning; verified 0 Новый, 1 global-function calls/);
  });

  it('exits 0 with warnings only, 2 on bad arguments', async () => {
    const okDir = path.join(dir, 'ok');
    write(okDir, { 'ОбщийМодуль.Сертификаты.Модуль.bsl': 'Функция Новые() Экспорт\n\tВозврат Новый СертификатыУдостоверяющихЦентровОС;\nКонецФункции\n' });
    const run = async (args: string[]) => {
      const r = io();
      return { code: await runBslCommand(args, r.io), ...r.out };
    };
    const warned = await run(['check', okDir, '--platform', '8.3.21.1895']);
    assert.equal(warned.code, 0);
    assert.match(
      warned.stdout,
      /ОбщийМодуль\.Сертификаты\.Модуль\.bsl:2:10: warning: Новый СертификатыУдостоверяющихЦентровОС is not available on platform 8\.3\.21\.1895/,
    );
    assert.match(warned.stdout, /for platform 8\.3\.21\.1895: 0 errors, 1 warning;/);
    assert.equal((await run(['check', okDir, '--platform', '8.3.22.2470'])).stdout.includes('warning:'), false);
    assert.equal((await run(['check'])).code, 2);
    assert.equal((await run(['check', path.join(dir, 'nothing-here')])).code, 2);
    const bad = await run(['check', okDir, '--platform', 'latest']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /Not a platform version: "latest"/);
    const help = await run(['check', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^Usage: onec-sync bsl check/);
  });

  it('resolves common modules of an EDT project and of a plain folder of .bsl files', () => {
    const edt = path.join(dir, 'edt');
    write(edt, {
      'src/CommonModules/Глобальный/Глобальный.mdo':
        '<?xml version="1.0" encoding="UTF-8"?>\n<mdclass:CommonModule xmlns:mdclass="http://g5.1c.ru/v8/dt/metadata/mdclass">\n  <name>Глобальный</name>\n  <global>true</global>\n  <server>true</server>\n</mdclass:CommonModule>\n',
      'src/CommonModules/Глобальный/Module.bsl': 'Процедура Отметить(А) Экспорт\nКонецПроцедуры\n',
      'src/CommonModules/Работа/Работа.mdo':
        '<?xml version="1.0" encoding="UTF-8"?>\n<mdclass:CommonModule xmlns:mdclass="http://g5.1c.ru/v8/dt/metadata/mdclass">\n  <name>Работа</name>\n  <server>true</server>\n</mdclass:CommonModule>\n',
      'src/CommonModules/Работа/Module.bsl': 'Procedure Run() Export\n\tОтметить(1, 2);\n\tГлобальный.Отметить(1);\n\tNotThere();\nEndProcedure\n',
      // A form module in English: the form's Close, the platform's StrLen, a misspelt StrLenn.
      'src/Catalogs/Items/Forms/ItemForm/Module.bsl':
        '&AtClient\nProcedure Done(Command)\n\tIf StrLen("x") > 0 Then\n\t\tClose();\n\tEndIf;\n\tValue = StrLenn("x");\nEndProcedure\n',
    });
    const edtLines = checkBslPath(edt).findings.map((f) => `${f.file.split(path.sep).join('/')}:${f.line}: ${f.message}`);
    assert.deepEqual(edtLines, [
      `src/Catalogs/Items/Forms/ItemForm/Module.bsl:6: Procedure or function 'StrLenn' is not defined ${UNKNOWN_IN_OBJECT}StrLenn)»`,
      "src/CommonModules/Работа/Module.bsl:2: Too many arguments in the call of 'Глобальный.Отметить': 2 given, it takes at most 1",
      "src/CommonModules/Работа/Module.bsl:4: Procedure or function 'NotThere' is not defined (not in this module, not exported by a global common module, not a platform global-context method); 1C: «Процедура или функция с указанным именем не определена (NotThere)»",
    ]);

    const plain = path.join(dir, 'plain');
    write(plain, {
      'Утилиты.bsl': 'Функция Сложить(А, Б) Экспорт\n\tВозврат А + Б;\nКонецФункции\n',
      'Обработка.bsl': 'Процедура П()\n\tХ = Утилиты.Сложить(1, 2, 3);\n\tУ = Сложить(1, 2);\n\tЗ = Утилиты.Вычесть(1);\n\tНеизвестно();\nКонецПроцедуры\n',
    });
    const result = checkBslPath(plain);
    assert.equal(result.commonModules, 2);
    // A plain file's kind is unknown (it may be an object's module, where an attribute named
    // Утилиты would shadow the module): a method the module lacks is not claimed, and an unknown
    // name (the folder may not be the whole configuration) is a warning.
    assert.deepEqual(
      result.findings.map((f) => `${f.file}:${f.line}: ${f.severity}: ${f.message.split(' (')[0]}`),
      [
        "Обработка.bsl:2: error: Too many arguments in the call of 'Утилиты.Сложить': 3 given, it takes at most 2",
        "Обработка.bsl:5: warning: Procedure or function 'Неизвестно' is not defined",
      ],
    );
  });
});
