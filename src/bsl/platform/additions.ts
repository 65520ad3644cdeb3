/**
 * What platforms newer than the catalogue's (about 8.3.19) have and the catalogue lacks, as far
 * as 1C's own code shows it: every entry is used by 1C's Standard Subsystems Library 3.1.12,
 * which requires platform 8.3.21 or later. When each appeared is not established here, so none
 * is version-gated; argument counts the code does not pin down are left open.
 */
import type { Arity } from './signature.js';

export const NEWER_PLATFORM_NOTE = "not in the catalogue (it describes about 8.3.19); used by 1C's standard subsystems 3.1.12 (platform 8.3.21+)";

const ANY: Arity = { min: 0, max: Infinity };

/**
 * Global functions: the regular-expression functions, the `…Асинх` twins, the password policy,
 * JSON values. English names are those 1C's English edition of the same library uses.
 */
export const ADDED_GLOBAL_FUNCTIONS: Readonly<Record<string, { en?: string; arity: Arity }>> = {
  СтрНайтиПоРегулярномуВыражению: { en: 'StrFindByRegularExpression', arity: ANY },
  СтрЗаменитьПоРегулярномуВыражению: { arity: ANY },
  СтрПодобнаПоРегулярномуВыражению: { en: 'StrLikeByRegularExpression', arity: ANY },
  ПодключитьВнешнююКомпонентуАсинх: { en: 'AttachAddInAsync', arity: ANY },
  УстановитьВнешнююКомпонентуАсинх: { en: 'InstallAddInAsync', arity: ANY },
  СоздатьОбъектВнешнейКомпонентыАсинх: { en: 'CreateAddInObjectAsync', arity: ANY },
  ПроверитьПодключениеВнешнейКомпоненты: { en: 'CheckAddInAttachment', arity: ANY },
  НайтиФайлыАсинх: { en: 'FindFilesAsync', arity: ANY },
  СоздатьДвоичныеДанныеИзФайлаАсинх: { en: 'CreateBinaryDataFromFileAsync', arity: ANY },
  ПодключитьРасширениеРаботыСФайламиАсинх: { en: 'AttachFileSystemExtensionAsync', arity: ANY },
  ПодключитьРасширениеРаботыСКриптографиейАсинх: { en: 'AttachCryptoExtensionAsync', arity: ANY },
  ПолучитьМаксимальныйСрокДействияПаролейПользователей: { en: 'GetUserPasswordMaxEffectivePeriod', arity: ANY },
  УстановитьМаксимальныйСрокДействияПаролейПользователей: { en: 'SetUserPasswordMaxEffectivePeriod', arity: ANY },
  ПолучитьМинимальныйСрокДействияПаролейПользователей: { en: 'GetUserPasswordMinEffectivePeriod', arity: ANY },
  УстановитьМинимальныйСрокДействияПаролейПользователей: { en: 'SetUserPasswordMinEffectivePeriod', arity: ANY },
  ПолучитьОграничениеПовторенияПаролейПользователейСредиПоследних: { en: 'GetUserPasswordReuseLimit', arity: ANY },
  УстановитьОграничениеПовторенияПаролейПользователейСредиПоследних: { en: 'SetUserPasswordReuseLimit', arity: ANY },
  ПолучитьСрокПредупрежденияОбИстеченииСрокаДействияПаролейПользователей: { en: 'GetUserPasswordExpirationNotificationPeriod', arity: ANY },
  УстановитьСрокПредупрежденияОбИстеченииСрокаДействияПаролейПользователей: { en: 'SetUserPasswordExpirationNotificationPeriod', arity: ANY },
  ПоместитьФайлНаСерверАсинх: { en: 'PutFileToServerAsync', arity: ANY },
  ЗаписатьЗначениеJSON: { arity: ANY },
  ПрочитатьЗначениеJSON: { arity: ANY },
};

/** Types 1C's code creates with `Новый` (their constructors are not described). */
export const ADDED_TYPES: readonly string[] = [
  'SMSСообщение',
  'АдминистрированиеСервера',
  'ГенераторСлучайныхПаролей',
  'ДокументPDF',
  'ИдентификаторСообщенияСистемыВзаимодействия',
  'КонтекстОбсужденияСистемыВзаимодействия',
  'НастройкиСервисаИнтеграции',
  'ОбрабатываемаяКартинка',
  'ОписаниеЗащитыОтОпасныхДействий',
  'ОписаниеКомандыСистемыВзаимодействия',
  'ОписаниеКонфигурации',
  'ОписаниеОбновленияКонфигурации',
  'ОписаниеОтображаемогоОбъектаPDF',
  'ОтборОбсужденийСистемыВзаимодействия',
  'ОтборСообщенийСистемыВзаимодействия',
  'ОтчетОбОшибке',
  'ПараметрыДиалогаПолученияФайлов',
  'ПараметрыДиалогаПомещенияФайлов',
  'ПараметрыПодключенияВнешнегоХранилищаДвоичныхДанных',
  'ПараметрыПолученияАрхиваФайлов',
  'ПараметрыРегистрацииИнформационнойБазыСистемыВзаимодействия',
  'ТекстыСообщенияОбОшибке',
  'ФлагиИнтернетПочтовогоСообщения',
  'ЭлементБуфераОбмена',
];

/** Methods of catalogued types, Russian → English: the `…Асинх` twins of callback methods. */
export const ADDED_METHODS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  Файл: { СуществуетАсинх: 'ExistsAsync', РазмерАсинх: 'SizeAsync', ЭтоКаталогАсинх: 'IsDirectoryAsync' },
  СписокЗначений: { ВыбратьЭлементАсинх: 'ChooseItemAsync' },
  ТекстовыйДокумент: { ЗаписатьАсинх: 'WriteAsync' },
};

/** Values of catalogued system enumerations, Russian → English. */
export const ADDED_ENUM_VALUES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  КатегорияОшибки: { ОшибкаКонфигурации: 'ConfigurationError' },
  ХешФункция: { SHA512: 'SHA512' },
};

/**
 * English spellings 1C's English edition of the library uses beside the catalogue's
 * (`Файл.Exists` where the catalogue says `Exist`, `CopyFile` for `FileCopy`).
 */
export const ENGLISH_ALIASES: Readonly<Record<string, readonly string[]>> = {
  'Файл.Существует': ['Exists'],
  КопироватьФайл: ['CopyFile'],
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
