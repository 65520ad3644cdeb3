import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { checkBslPath, parseBsl } from '../../src/bsl/parser/index.js';
import { bslFiles, corpusSkip, unpackCorpus } from './corpus-archive.js';
import { toEnglishKeywords } from './english-keywords.js';

describe("the parser on 1C's standard subsystems (every module)", { skip: corpusSkip() }, () => {
  let corpus: { dir: string; remove: () => void };
  let files: string[] = [];
  const texts = new Map<string, string>();

  before(() => {
    corpus = unpackCorpus();
    files = bslFiles(corpus.dir);
    for (const f of files) texts.set(f, fs.readFileSync(f, 'utf8'));
  });
  after(() => corpus?.remove());

  const failures = (parse: (file: string) => ReturnType<typeof parseBsl>, list: string[]): string[] => {
    const out: string[] = [];
    for (const f of list) {
      const { errors } = parse(f);
      if (errors.length > 0) out.push(`${path.relative(corpus.dir, f)}:${errors[0]!.line}:${errors[0]!.column}: ${errors[0]!.message}`);
    }
    return out;
  };

  it('reads all 2,197 modules without a syntax error', (t) => {
    assert.equal(files.length, 2197);
    let lines = 0;
    for (const text of texts.values()) lines += text.split('\n').length;
    const started = performance.now();
    const cpu = process.cpuUsage();
    const bad = failures((f) => parseBsl(texts.get(f)!), files);
    const seconds = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpu);
    const cpuSeconds = (used.user + used.system) / 1e6;
    // Printed, not asserted: the rate depends on the machine and its load.
    t.diagnostic(
      `parsed ${files.length} modules, ${lines} lines in ${seconds.toFixed(2)} s: ${Math.round(lines / seconds)} lines/s ` +
        `(${Math.round(lines / cpuSeconds)} lines per CPU-second)`,
    );
    assert.deepEqual(bad.slice(0, 20), [], `${bad.length} modules with syntax errors`);
  });

  it('reads them with English keywords too (every fourth module, translated mechanically)', (t) => {
    const sample = files.filter((_, i) => i % 4 === 0);
    const translated = new Map(sample.map((f) => [f, toEnglishKeywords(texts.get(f)!)]));
    // The translation really happened: the sample has no Russian keyword left where one was.
    const before = [...translated.keys()].filter((f) => /^\s*Процедура\s/mu.test(texts.get(f)!)).length;
    const after = [...translated.values()].filter((s) => /^\s*Процедура\s/mu.test(s)).length;
    assert.ok(before > 100, `${before} sampled modules had procedures`);
    assert.equal(after, 0);
    const bad = failures((f) => parseBsl(translated.get(f)!), sample);
    t.diagnostic(`${sample.length} modules with English keywords`);
    assert.deepEqual(bad.slice(0, 20), [], `${bad.length} modules with syntax errors`);
  });

  it('gives the same procedures and calls with either keyword language', () => {
    for (const f of files.filter((_, i) => i % 40 === 0)) {
      const ru = parseBsl(texts.get(f)!).module!;
      const en = parseBsl(toEnglishKeywords(texts.get(f)!)).module!;
      assert.deepEqual(
        en.procedures.map((p) => [p.name, p.kind, p.exported, p.line]),
        ru.procedures.map((p) => [p.name, p.kind, p.exported, p.line]),
        f,
      );
      assert.deepEqual(
        en.calls.map((c) => [c.name, c.line, c.argCount]),
        ru.calls.map((c) => [c.name, c.line, c.argCount]),
        f,
      );
    }
  });

  it("bsl check over the whole corpus as a folder: no platform-API errors, and a planted module's mistakes found", (t) => {
    const cf = path.join(corpus.dir, 'src/cf');
    // One module of our own among 1C's: its mistakes must be found, and nothing else.
    const planted = path.join('CommonModules', 'ПроверкаBslCheck', 'Ext', 'Module.bsl');
    fs.mkdirSync(path.join(cf, path.dirname(planted)), { recursive: true });
    fs.writeFileSync(
      path.join(cf, 'CommonModules', 'ПроверкаBslCheck.xml'),
      fs
        .readFileSync(path.join(cf, 'CommonModules', 'ОбщегоНазначения.xml'), 'utf8')
        .replace(/<Name>ОбщегоНазначения<\/Name>/, '<Name>ПроверкаBslCheck</Name>'),
    );
    fs.writeFileSync(
      path.join(cf, planted),
      [
        'Процедура Проверить(Ссылка) Экспорт',
        '\tЗначение = ОбщегоНазначения.ЗначениеРеквизитаОбъекта(Ссылка);',
        '\tЗначение = ОбщегоНазначения.ЗначениеРеквизитаОбъектаа(Ссылка, "Код");',
        '\tЗапрос = Новый Запрос("ВЫБРАТЬ 1");',
        '\tВыборка = Запрос.Выполнитьь();',
        '\tЧасти = СтрРазделить();',
        '\tУровень = УровеньЖурналаРегистрации.Ошибкаа;',
        '\tОбщегоНазначенияКлиентСервер.ДополнитьМассив(Новый Массив, Новый Массив, Истина, Ложь);',
        '\tМодуль = ОбщегоНазначения.ОбщийМодуль("Пользователи");',
        '\tМодуль.ЧтоУгодно(1, 2, 3);', // a module chosen at run time: not known, not reported
        '\tЗначение = СтрДлинаа("x");',
        'КонецПроцедуры',
        '',
      ].join('\n'),
    );

    const started = performance.now();
    const result = checkBslPath(cf);
    const seconds = (performance.now() - started) / 1000;
    const s = result.stats;
    t.diagnostic(
      `bsl check: ${result.files} modules, ${result.lines} lines, ${result.commonModules} common modules in ${seconds.toFixed(1)} s; ` +
        `verified ${s.constructors} Новый, ${s.globalFunctionCalls} global-function calls, ${s.methodCalls} method calls on known types, ` +
        `${s.procedureCalls} procedure calls, ${s.enumValues} enumeration values`,
    );
    assert.equal(result.files, 2198);
    assert.equal(result.commonModules, 562);
    const show = (f: (typeof result.findings)[number]): string => `${f.file.split(path.sep).join('/')}:${f.line}:${f.column}: ${f.message}`;
    // No false errors or warnings on 1C's own code (the corpus has no real platform-API error to list
    // here), in object, manager and form modules too, whose context methods are not in the catalogue.
    assert.deepEqual(result.findings.filter((f) => !f.file.includes('ПроверкаBslCheck')).map(show), []);
    assert.deepEqual(result.findings.map(show), [
      "CommonModules/ПроверкаBslCheck/Ext/Module.bsl:2:30: Not enough arguments in the call of 'ОбщегоНазначения.ЗначениеРеквизитаОбъекта': 1 given, it needs at least 2",
      "CommonModules/ПроверкаBslCheck/Ext/Module.bsl:3:30: Common module ОбщегоНазначения has no procedure or function 'ЗначениеРеквизитаОбъектаа'",
      "CommonModules/ПроверкаBslCheck/Ext/Module.bsl:5:19: Запрос has no method 'Выполнитьь' (the receiver is Новый Запрос at line 4)",
      'CommonModules/ПроверкаBslCheck/Ext/Module.bsl:6:10: Not enough arguments for СтрРазделить: 0 given, it needs at least 2',
      "CommonModules/ПроверкаBslCheck/Ext/Module.bsl:7:38: System enumeration УровеньЖурналаРегистрации has no value 'Ошибкаа'",
      "CommonModules/ПроверкаBslCheck/Ext/Module.bsl:8:31: Too many arguments in the call of 'ОбщегоНазначенияКлиентСервер.ДополнитьМассив': 4 given, it takes at most 3",
      "CommonModules/ПроверкаBslCheck/Ext/Module.bsl:11:13: Procedure or function 'СтрДлинаа' is not defined (not in this module, not exported by a global common module, " +
        'not a platform global-context method); 1C: «Процедура или функция с указанным именем не определена (СтрДлинаа)»',
    ]);
    // The checks are not vacuous on real code.
    assert.ok(
      s.constructors > 20_000 && s.globalFunctionCalls > 50_000 && s.methodCalls > 30_000 && s.procedureCalls > 50_000 && s.enumValues > 5_000,
      JSON.stringify(s),
    );
  });

  it("with a target platform, finds where 1C's code creates the OS certificate store (guarded by its version check)", () => {
    const file = path.join(corpus.dir, 'src/cf/CommonModules/ОбщегоНазначенияКлиентСервер/Ext/Module.bsl');
    const at = (version: string): string[] =>
      checkBslPath(file, { platformVersion: version }).findings.map((f) => `${f.line}:${f.column}: ${f.severity}: ${f.message.split(' (')[0]}`);
    assert.deepEqual(at('8.3.21.1895'), ['2754:39: warning: Новый СертификатыУдостоверяющихЦентровОС is not available on platform 8.3.21.1895']);
    assert.deepEqual(at('8.3.24.1446'), []);
  });
});
