import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  compareVersions,
  isAvailableIn,
  parsePlatformVersion,
  parseSignature,
  platformCatalogue,
  VERSION_GATES,
  versionGate,
} from '../../src/bsl/platform/index.js';

const catalogue = platformCatalogue();

describe('platform catalogue', () => {
  it('finds global functions by Russian or English name in any case, with arity from the signature', () => {
    const f = catalogue.globalFunction('Сообщить');
    assert.ok(f);
    assert.equal(f.en, 'Message');
    assert.deepEqual(f.arity, { min: 1, max: 2 });
    assert.equal(catalogue.globalFunction('message'), f);
    assert.equal(catalogue.globalFunction('СООБЩИТЬ'), f);
    assert.ok(f.availability?.includes('Server'));
    assert.equal(catalogue.globalFunction('НетТакойФункции'), undefined);
  });

  it('says 0..0 for a function the catalogue lists without parameters, and knows the variadic ones', () => {
    const now = catalogue.globalFunction('ТекущаяДата')!;
    assert.equal(now.signatureKnown, false);
    assert.deepEqual(now.arity, { min: 0, max: 0 });
    assert.deepEqual(catalogue.globalFunction('Макс')!.arity, { min: 1, max: Infinity });
    assert.deepEqual(catalogue.globalFunction('StrTemplate')!.arity, { min: 1, max: 11 });
  });

  it('gives global properties and system enumerations with their values', () => {
    assert.equal(catalogue.globalProperty('metadata')?.name, 'Метаданные');
    const level = catalogue.systemEnum('УровеньЖурналаРегистрации');
    assert.ok(level);
    assert.equal(level.value('Ошибка')?.en, 'Error');
    assert.equal(level.value('warning')?.name, 'Предупреждение');
    assert.equal(level.value('НетТакого'), undefined);
    assert.equal(catalogue.systemEnum('EventLogLevel'), level);
  });

  it('knows which types are constructible, their constructor arity and members', () => {
    assert.equal(catalogue.constructible('Структура'), true);
    assert.equal(catalogue.constructible('Structure'), true);
    assert.equal(catalogue.constructible('СтрокаТаблицыЗначений'), false);
    assert.equal(catalogue.constructible('НетТакогоТипа'), false);
    const http = catalogue.type('HTTPConnection')!;
    assert.equal(http.name, 'HTTPСоединение');
    assert.deepEqual(http.constructorArity, { min: 1, max: 8 });
    // The proxy is the fifth parameter.
    assert.equal(http.constructors[0]!.params[4]!.name, 'Прокси');
    assert.deepEqual(catalogue.method('HTTPСоединение', 'post')!.arity, { min: 1, max: 2 });
    assert.equal(catalogue.method('Массив', 'Количество')!.en, 'Count');
    assert.deepEqual(catalogue.method('Array', 'count')!.arity, { min: 0, max: 0 });
    assert.equal(catalogue.method('Массив', 'НетТакого'), undefined);
    assert.equal(catalogue.property('HTTPОтвет', 'КодСостояния')?.en, 'StatusCode');
    assert.deepEqual(catalogue.type('Массив')!.constructorArity, { min: 0, max: Infinity });
  });

  it('merges the metadata additions: constructors the dumps lack', () => {
    assert.equal(catalogue.constructible('ЗащищенноеСоединениеOpenSSL'), true);
    // Two in the catalogue; newer platforms add the revocation-check mode as a third.
    assert.deepEqual(catalogue.type('OpenSSLSecureConnection')!.constructorArity, { min: 0, max: 3 });
    assert.equal(catalogue.constructible('СертификатыУдостоверяющихЦентровОС'), true);
    assert.equal(catalogue.type('OSCertificationAuthorityCertificates')?.name, 'СертификатыУдостоверяющихЦентровОС');
    assert.deepEqual(catalogue.method('Запрос', 'УстановитьПараметр')!.arity, { min: 2, max: 2 });
    assert.equal(catalogue.method('РезультатЗапроса', 'Выбрать')!.signatures[0]!.returns, 'ВыборкаИзРезультатаЗапроса');
  });

  it('lists everything once', () => {
    assert.equal(catalogue.globalFunctions().filter((f) => !f.note).length, 405);
    assert.equal(catalogue.globalProperties().length, 79);
    assert.equal(catalogue.systemEnums().length, 602);
    assert.ok(catalogue.types().length >= 1486);
  });
});

describe('names of newer platforms', () => {
  it("adds what 1C's standard subsystems use and the catalogue lacks, marked with a note", () => {
    const regex = catalogue.globalFunction('СтрНайтиПоРегулярномуВыражению')!;
    assert.match(regex.note!, /not in the catalogue/);
    assert.deepEqual(regex.arity, { min: 0, max: Infinity });
    assert.equal(catalogue.type('ОтчетОбОшибке')?.note !== undefined, true);
    assert.ok(catalogue.method('Файл', 'СуществуетАсинх'));
    assert.equal(catalogue.systemEnum('КатегорияОшибки')!.value('ОшибкаКонфигурации')?.name, 'ОшибкаКонфигурации');
    assert.equal(catalogue.globalFunction('Сообщить')!.note, undefined);
    assert.deepEqual(catalogue.globalFunction('ПодключитьВнешнююКомпоненту')!.arity, { min: 1, max: 4 });
    assert.deepEqual(catalogue.method('ТабличныйДокумент', 'Область')!.arity, { min: 0, max: 4 });
  });

  it("knows the English names 1C's English edition of the library uses", () => {
    assert.equal(catalogue.globalFunction('AttachAddInAsync')?.name, 'ПодключитьВнешнююКомпонентуАсинх');
    assert.equal(catalogue.method('File', 'ExistsAsync')?.name, 'СуществуетАсинх');
    assert.equal(catalogue.systemEnum('ErrorCategory')!.value('ConfigurationError')?.name, 'ОшибкаКонфигурации');
    // Beside the catalogue's own spellings: Exist / FileCopy.
    assert.equal(catalogue.method('File', 'Exists'), catalogue.method('Файл', 'Exist'));
    assert.equal(catalogue.globalFunction('CopyFile'), catalogue.globalFunction('FileCopy'));
  });

  it('matches a name the dump spells with a Latin letter inside a Cyrillic word', () => {
    const mode = catalogue.systemEnum('РежимОткрытияОкнаФормы')!;
    assert.ok(mode.value('БлокироватьВесьИнтерфейс'));
    assert.ok(mode.value('БлокироватьВеcьИнтерфейс'));
    assert.equal(mode.value('Блокировать'), undefined);
  });
});

describe('signatures', () => {
  it('parses optional flags, types with colons and the result', () => {
    const s = parseSignature('(Право: Строка, ОбъектМетаданных: ОбъектМетаданных: Куб, Пользователь?: Строка): Булево');
    assert.deepEqual(
      s.params.map((p) => [p.name, p.optional]),
      [
        ['Право', false],
        ['ОбъектМетаданных', false],
        ['Пользователь', true],
      ],
    );
    assert.equal(s.params[1]!.type, 'ОбъектМетаданных: Куб');
    assert.equal(s.returns, 'Булево');
    assert.deepEqual(parseSignature('()').params, []);
  });
});

describe('platform versions', () => {
  it('parses and compares versions', () => {
    assert.deepEqual(parsePlatformVersion('8.3.22'), [8, 3, 22, 0]);
    assert.ok(compareVersions('8.3.22.2470', '8.3.22.2469') > 0);
    assert.ok(compareVersions('8.3.9.1818', '8.3.10') < 0);
    assert.equal(compareVersions('8.3.10', '8.3.10.0'), 0);
    assert.throws(() => parsePlatformVersion('8.3.x'), /Not a platform version/);
  });

  it('gates СертификатыУдостоверяющихЦентровОС by line and build', () => {
    const n = 'СертификатыУдостоверяющихЦентровОС';
    for (const v of ['8.3.10.2168', '8.3.18.1208', '8.3.21.1895', '8.3.22', '8.3.22.2469', '8.3.23.2121', '8.3.24.1445']) {
      assert.equal(isAvailableIn(n, v), false, v);
    }
    for (const v of ['8.3.22.2470', '8.3.23.2122', '8.3.24.1446', '8.3.25', '8.3.25.1000', '8.5.1.100']) {
      assert.equal(isAvailableIn(n, v), true, v);
    }
    assert.equal(isAvailableIn('OSCertificationAuthorityCertificates', '8.3.21'), false);
    assert.equal(versionGate(n)?.minimum, '8.3.22.2470');
  });

  it('gates the bitwise buffer methods at 8.3.23 and the binary-data functions at 8.3.10.2168', () => {
    assert.equal(isAvailableIn('БуферДвоичныхДанных.ЗаписатьПобитовоеИсключительноеИли', '8.3.22.2500'), false);
    assert.equal(isAvailableIn('BinaryDataBuffer.WriteBitwiseXor', '8.3.23'), true);
    assert.equal(isAvailableIn('БуферДвоичныхДанных.Инвертировать', '8.3.18'), false);
    assert.equal(isAvailableIn('БуферДвоичныхДанных.Получить', '8.3.10.2168'), true);
    assert.equal(isAvailableIn('БуферДвоичныхДанных.Получить', '8.3.9.1818'), false); // with its type
    assert.equal(versionGate('BinaryDataBuffer.Set')?.name, 'БуферДвоичныхДанных');
    assert.equal(isAvailableIn('БуферДвоичныхДанных', '8.3.10.2167'), false);
    assert.equal(isAvailableIn('ПолучитьДвоичныеДанныеИзСтроки', '8.3.9.1818'), false);
    assert.equal(isAvailableIn('GetBinaryDataFromString', '8.3.10.2168'), true);
    assert.equal(isAvailableIn('Сообщить', '8.3.1'), true);
  });

  it('names only what the catalogue has', () => {
    for (const gate of VERSION_GATES) {
      if (gate.kind === 'type') assert.ok(catalogue.type(gate.name), gate.name);
      else if (gate.kind === 'globalFunction') assert.ok(catalogue.globalFunction(gate.name), gate.name);
      else {
        const [t, m] = gate.name.split('.') as [string, string];
        assert.ok(catalogue.method(t, m), gate.name);
      }
    }
  });
});
