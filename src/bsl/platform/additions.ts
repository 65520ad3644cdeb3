/**
 * What platforms newer than the catalogue's (about 8.3.19) have and the catalogue lacks, as far
 * as 1C's own code shows it: every entry is used by 1C's Standard Subsystems Library 3.1.12,
 * which requires platform 8.3.21 or later. When each appeared is not established here, so none
 * is version-gated; argument counts the code does not pin down are left open.
 */
import type { Arity } from './signature.js';

export const NEWER_PLATFORM_NOTE = 'not in the catalogue (it describes about 8.3.19); used by 1C\'s standard subsystems 3.1.12 (platform 8.3.21+)';

const ANY: Arity = { min: 0, max: Infinity };

/** Global functions: the regular-expression functions, the `…Асинх` twins, the password policy, JSON values. */
export const ADDED_GLOBAL_FUNCTIONS: Readonly<Record<string, Arity>> = {
  СтрНайтиПоРегулярномуВыражению: ANY,
  СтрЗаменитьПоРегулярномуВыражению: ANY,
  СтрПодобнаПоРегулярномуВыражению: ANY,
  ПодключитьВнешнююКомпонентуАсинх: ANY,
  УстановитьВнешнююКомпонентуАсинх: ANY,
  СоздатьОбъектВнешнейКомпонентыАсинх: ANY,
  ПроверитьПодключениеВнешнейКомпоненты: ANY,
  НайтиФайлыАсинх: ANY,
  СоздатьДвоичныеДанныеИзФайлаАсинх: ANY,
  ПодключитьРасширениеРаботыСФайламиАсинх: ANY,
  ПодключитьРасширениеРаботыСКриптографиейАсинх: ANY,
  ПолучитьМаксимальныйСрокДействияПаролейПользователей: ANY,
  УстановитьМаксимальныйСрокДействияПаролейПользователей: ANY,
  ПолучитьМинимальныйСрокДействияПаролейПользователей: ANY,
  УстановитьМинимальныйСрокДействияПаролейПользователей: ANY,
  ПолучитьОграничениеПовторенияПаролейПользователейСредиПоследних: ANY,
  УстановитьОграничениеПовторенияПаролейПользователейСредиПоследних: ANY,
  ПолучитьСрокПредупрежденияОбИстеченииСрокаДействияПаролейПользователей: ANY,
  УстановитьСрокПредупрежденияОбИстеченииСрокаДействияПаролейПользователей: ANY,
  ЗаписатьЗначениеJSON: ANY,
  ПрочитатьЗначениеJSON: ANY,
};

/** Types 1C's code creates with `Новый` (their constructors are not described). */
export const ADDED_TYPES: readonly string[] = [
  'SMSСообщение', 'АдминистрированиеСервера', 'ГенераторСлучайныхПаролей', 'ДокументPDF',
  'ИдентификаторСообщенияСистемыВзаимодействия', 'КонтекстОбсужденияСистемыВзаимодействия',
  'НастройкиСервисаИнтеграции', 'ОбрабатываемаяКартинка', 'ОписаниеЗащитыОтОпасныхДействий',
  'ОписаниеКомандыСистемыВзаимодействия', 'ОписаниеКонфигурации', 'ОписаниеОбновленияКонфигурации',
  'ОписаниеОтображаемогоОбъектаPDF', 'ОтборОбсужденийСистемыВзаимодействия', 'ОтборСообщенийСистемыВзаимодействия',
  'ОтчетОбОшибке', 'ПараметрыДиалогаПолученияФайлов', 'ПараметрыДиалогаПомещенияФайлов',
  'ПараметрыПодключенияВнешнегоХранилищаДвоичныхДанных', 'ПараметрыПолученияАрхиваФайлов',
  'ПараметрыРегистрацииИнформационнойБазыСистемыВзаимодействия', 'ТекстыСообщенияОбОшибке',
  'ФлагиИнтернетПочтовогоСообщения', 'ЭлементБуфераОбмена',
];

/** Methods of catalogued types: the `…Асинх` twins of callback methods. */
export const ADDED_METHODS: Readonly<Record<string, readonly string[]>> = {
  Файл: ['СуществуетАсинх', 'РазмерАсинх', 'ЭтоКаталогАсинх'],
  СписокЗначений: ['ВыбратьЭлементАсинх'],
  ТекстовыйДокумент: ['ЗаписатьАсинх'],
};

/** Values of catalogued system enumerations. */
export const ADDED_ENUM_VALUES: Readonly<Record<string, readonly string[]>> = {
  КатегорияОшибки: ['ОшибкаКонфигурации'],
  ХешФункция: ['SHA512'],
};

/**
 * Wider argument counts than the catalogue's signatures, where newer platforms added a
 * parameter: the external-component connection type (`ПодключитьВнешнююКомпоненту(Местоположение,
 * Имя, Тип, ТипПодключения)`), the revocation-check mode of `ЗащищенноеСоединениеOpenSSL`; and
 * forms the dumps omit: `Новый Файл` with no name (then `НачатьИнициализацию`),
 * `ТабличныйДокумент.Область()` for the whole document.
 */
export const WIDER_FUNCTION_ARITY: Readonly<Record<string, Arity>> = {
  ПодключитьВнешнююКомпоненту: { min: 1, max: 4 },
  НачатьПодключениеВнешнейКомпоненты: { min: 2, max: 5 },
};
export const WIDER_CONSTRUCTOR_ARITY: Readonly<Record<string, Arity>> = {
  ЗащищенноеСоединениеOpenSSL: { min: 0, max: 3 },
  Файл: { min: 0, max: 1 },
};
export const WIDER_METHOD_ARITY: Readonly<Record<string, Arity>> = {
  'ТабличныйДокумент.Область': { min: 0, max: 4 },
};
