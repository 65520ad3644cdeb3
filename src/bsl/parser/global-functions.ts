/**
 * Procedures and functions of the platform's global context that a module may call without a
 * qualifier, as [Russian, English] names from the 1C:Enterprise 8.3 syntax assistant. Only
 * real names belong here: a wrong entry would let a generated module that 1C rejects pass.
 * Global-context properties (Метаданные, Справочники, УровеньЖурналаРегистрации, ...) are
 * not calls and so are not listed; neither are types, which are created with Новый.
 */
const PAIRS: ReadonlyArray<readonly [string, string]> = [
  // strings
  ['СтрДлина', 'StrLen'], ['СокрЛ', 'TrimL'], ['СокрП', 'TrimR'], ['СокрЛП', 'TrimAll'],
  ['Лев', 'Left'], ['Прав', 'Right'], ['Сред', 'Mid'], ['СтрНайти', 'StrFind'], ['Найти', 'Find'],
  ['ВРег', 'Upper'], ['НРег', 'Lower'], ['ТРег', 'Title'], ['Символ', 'Char'], ['КодСимвола', 'CharCode'],
  ['ПустаяСтрока', 'IsBlankString'], ['СтрЗаменить', 'StrReplace'], ['СтрЧислоСтрок', 'StrLineCount'],
  ['СтрПолучитьСтроку', 'StrGetLine'], ['СтрЧислоВхождений', 'StrOccurrenceCount'], ['СтрСравнить', 'StrCompare'],
  ['СтрНачинаетсяС', 'StrStartsWith'], ['СтрЗаканчиваетсяНа', 'StrEndsWith'], ['СтрРазделить', 'StrSplit'],
  ['СтрСоединить', 'StrConcat'], ['СтрШаблон', 'StrTemplate'],
  ['СтрНайтиИВыделитьОформлением', 'StrFindAndHighlightByAppearance'], ['НСтр', 'NStr'], ['Формат', 'Format'],
  ['ЧислоПрописью', 'NumberInWords'], ['ПредставлениеПериода', 'PeriodPresentation'],
  ['КодироватьСтроку', 'EncodeString'], ['РаскодироватьСтроку', 'DecodeString'],
  // numbers
  ['Цел', 'Int'], ['Окр', 'Round'], ['Мин', 'Min'], ['Макс', 'Max'],
  ['ACos', 'ACos'], ['ASin', 'ASin'], ['ATan', 'ATan'], ['Cos', 'Cos'], ['Sin', 'Sin'], ['Tan', 'Tan'],
  ['Exp', 'Exp'], ['Log', 'Log'], ['Log10', 'Log10'], ['Pow', 'Pow'], ['Sqrt', 'Sqrt'],
  ['ЧислоИзШестнадцатеричнойСтроки', 'NumberFromHexString'], ['ЧислоИзДвоичнойСтроки', 'NumberFromBinaryString'],
  // types and conversion
  ['Строка', 'String'], ['Число', 'Number'], ['Дата', 'Date'], ['Булево', 'Boolean'], ['Тип', 'Type'],
  ['ТипЗнч', 'TypeOf'], ['ЗначениеЗаполнено', 'ValueIsFilled'], ['ЗаполнитьЗначенияСвойств', 'FillPropertyValues'],
  ['XMLСтрока', 'XMLString'], ['XMLЗначение', 'XMLValue'], ['XMLТип', 'XMLType'], ['XMLТипЗнч', 'XMLTypeOf'],
  ['ИзXMLТипа', 'FromXMLType'], ['ЗаписатьXML', 'WriteXML'], ['ПрочитатьXML', 'ReadXML'],
  ['ВозможностьЧтенияXML', 'CanReadXML'], ['ПолучитьXMLТип', 'GetXMLType'],
  ['ЗначениеВСтрокуВнутр', 'ValueToStringInternal'], ['ЗначениеИзСтрокиВнутр', 'ValueFromStringInternal'],
  ['ЗначениеВФайл', 'ValueToFile'], ['ЗначениеИзФайла', 'ValueFromFile'], ['Вычислить', 'Eval'],
  ['ПредопределенноеЗначение', 'PredefinedValue'],
  ['ПолучитьПолноеИмяПредопределенногоЗначения', 'GetPredefinedValueFullName'],
  // dates and time zones
  ['ТекущаяДата', 'CurrentDate'], ['ТекущаяДатаСеанса', 'CurrentSessionDate'],
  ['ТекущаяУниверсальнаяДата', 'CurrentUniversalDate'],
  ['ТекущаяУниверсальнаяДатаВМиллисекундах', 'CurrentUniversalDateInMilliseconds'],
  ['Год', 'Year'], ['Месяц', 'Month'], ['День', 'Day'], ['Час', 'Hour'], ['Минута', 'Minute'], ['Секунда', 'Second'],
  ['НачалоГода', 'BegOfYear'], ['НачалоКвартала', 'BegOfQuarter'], ['НачалоМесяца', 'BegOfMonth'],
  ['НачалоНедели', 'BegOfWeek'], ['НачалоДня', 'BegOfDay'], ['НачалоЧаса', 'BegOfHour'], ['НачалоМинуты', 'BegOfMinute'],
  ['КонецГода', 'EndOfYear'], ['КонецКвартала', 'EndOfQuarter'], ['КонецМесяца', 'EndOfMonth'],
  ['КонецНедели', 'EndOfWeek'], ['КонецДня', 'EndOfDay'], ['КонецЧаса', 'EndOfHour'], ['КонецМинуты', 'EndOfMinute'],
  ['НеделяГода', 'WeekOfYear'], ['ДеньГода', 'DayOfYear'], ['ДеньНедели', 'WeekDay'], ['ДобавитьМесяц', 'AddMonth'],
  ['МестноеВремя', 'ToLocalTime'], ['УниверсальноеВремя', 'ToUniversalTime'], ['ЧасовойПояс', 'TimeZone'],
  ['ЧасовойПоясСеанса', 'SessionTimeZone'], ['УстановитьЧасовойПоясСеанса', 'SetSessionTimeZone'],
  ['СмещениеСтандартногоВремени', 'StandardTimeOffset'], ['СмещениеЛетнегоВремени', 'DaylightTimeOffset'],
  ['ПредставлениеЧасовогоПояса', 'TimeZonePresentation'],
  // errors and the event log
  ['ОписаниеОшибки', 'ErrorDescription'], ['ИнформацияОбОшибке', 'ErrorInfo'],
  ['ПодробноеПредставлениеОшибки', 'DetailErrorDescription'], ['КраткоеПредставлениеОшибки', 'BriefErrorDescription'],
  ['ОбработкаПрерыванияПользователя', 'UserInterruptProcessing'], ['ПоказатьИнформациюОбОшибке', 'ShowErrorInfo'],
  ['ЗаписьЖурналаРегистрации', 'WriteLogEvent'], ['ВыгрузитьЖурналРегистрации', 'UnloadEventLog'],
  ['ПредставлениеСобытияЖурналаРегистрации', 'EventLogEventPresentation'],
  ['УстановитьИспользованиеЖурналаРегистрации', 'SetEventLogUsing'],
  ['ПолучитьИспользованиеЖурналаРегистрации', 'GetEventLogUsing'],
  ['ПолучитьЗначенияОтбораЖурналаРегистрации', 'GetEventLogFilterValues'],
  // JSON
  ['ЗаписатьJSON', 'WriteJSON'], ['ПрочитатьJSON', 'ReadJSON'],
  ['ЗаписатьДатуJSON', 'WriteJSONDate'], ['ПрочитатьДатуJSON', 'ReadJSONDate'],
  // binary data
  ['ПолучитьДвоичныеДанныеИзСтроки', 'GetBinaryDataFromString'], ['ПолучитьСтрокуИзДвоичныхДанных', 'GetStringFromBinaryData'],
  ['ПолучитьБуферДвоичныхДанныхИзСтроки', 'GetBinaryDataBufferFromString'],
  ['ПолучитьСтрокуИзБуфераДвоичныхДанных', 'GetStringFromBinaryDataBuffer'],
  ['ПолучитьБуферДвоичныхДанныхИзДвоичныхДанных', 'GetBinaryDataBufferFromBinaryData'],
  ['ПолучитьДвоичныеДанныеИзБуфераДвоичныхДанных', 'GetBinaryDataFromBinaryDataBuffer'],
  ['ПолучитьBase64СтрокуИзДвоичныхДанных', 'GetBase64StringFromBinaryData'],
  ['ПолучитьДвоичныеДанныеИзBase64Строки', 'GetBinaryDataFromBase64String'],
  ['ПолучитьBase64СтрокуИзБуфераДвоичныхДанных', 'GetBase64StringFromBinaryDataBuffer'],
  ['ПолучитьБуферДвоичныхДанныхИзBase64Строки', 'GetBinaryDataBufferFromBase64String'],
  ['ПолучитьHexСтрокуИзДвоичныхДанных', 'GetHexStringFromBinaryData'],
  ['ПолучитьДвоичныеДанныеИзHexСтроки', 'GetBinaryDataFromHexString'],
  ['ПолучитьHexСтрокуИзБуфераДвоичныхДанных', 'GetHexStringFromBinaryDataBuffer'],
  ['ПолучитьБуферДвоичныхДанныхИзHexСтроки', 'GetBinaryDataBufferFromHexString'],
  ['Base64Строка', 'Base64String'], ['Base64Значение', 'Base64Value'],
  ['ОбъединитьФайлы', 'MergeFiles'], ['РазделитьФайл', 'SplitFile'],
  // bits
  ['ПобитовоеИ', 'BitwiseAnd'], ['ПобитовоеИли', 'BitwiseOr'], ['ПобитовоеНе', 'BitwiseNot'],
  ['ПобитовоеИсключительноеИли', 'BitwiseXor'], ['ПобитовоеИНе', 'BitwiseAndNot'],
  ['ПобитовыйСдвигВлево', 'BitwiseShiftLeft'], ['ПобитовыйСдвигВправо', 'BitwiseShiftRight'],
  ['ПроверитьБит', 'CheckBit'], ['УстановитьБит', 'SetBit'], ['ПроверитьПоБитовойМаске', 'CheckByBitMask'],
  // transactions, session, rights
  ['НачатьТранзакцию', 'BeginTransaction'], ['ЗафиксироватьТранзакцию', 'CommitTransaction'],
  ['ОтменитьТранзакцию', 'RollbackTransaction'], ['ТранзакцияАктивна', 'TransactionActive'],
  ['УстановитьПривилегированныйРежим', 'SetPrivilegedMode'], ['ПривилегированныйРежим', 'PrivilegedMode'],
  ['УстановитьБезопасныйРежим', 'SetSafeMode'], ['БезопасныйРежим', 'SafeMode'],
  ['УстановитьОтключениеБезопасногоРежима', 'SetSafeModeDisabled'],
  ['ПолучитьОтключениеБезопасногоРежима', 'GetSafeModeDisabled'],
  ['РольДоступна', 'IsInRole'], ['ПравоДоступа', 'AccessRight'],
  ['ЗаблокироватьДанныеДляРедактирования', 'LockDataForEdit'],
  ['РазблокироватьДанныеДляРедактирования', 'UnlockDataForEdit'],
  ['МонопольныйРежим', 'ExclusiveMode'], ['УстановитьМонопольныйРежим', 'SetExclusiveMode'],
  ['ИмяПользователя', 'UserName'], ['ПолноеИмяПользователя', 'UserFullName'], ['ИмяКомпьютера', 'ComputerName'],
  ['СтрокаСоединенияИнформационнойБазы', 'InfoBaseConnectionString'],
  ['НомерСоединенияИнформационнойБазы', 'InfoBaseConnectionNumber'],
  ['НомерСеансаИнформационнойБазы', 'InfoBaseSessionNumber'],
  ['ПолучитьСоединенияИнформационнойБазы', 'GetInfoBaseConnections'],
  ['ПолучитьСеансыИнформационнойБазы', 'GetInfoBaseSessions'],
  ['ПолучитьТекущийСеансИнформационнойБазы', 'GetCurrentInfoBaseSession'],
  ['ТекущийКодЛокализации', 'CurrentLocaleCode'], ['ТекущийЯзык', 'CurrentLanguage'],
  ['ТекущийЯзыкСистемы', 'CurrentSystemLanguage'], ['КонфигурацияИзменена', 'ConfigurationChanged'],
  ['ОбновитьПовторноИспользуемыеЗначения', 'RefreshReusableValues'],
  ['ОбновитьНумерациюОбъектов', 'RefreshObjectsNumbering'],
  ['ПолучитьФункциональнуюОпцию', 'GetFunctionalOption'],
  ['ПолучитьФункциональнуюОпциюИнтерфейса', 'GetInterfaceFunctionalOption'],
  ['УстановитьВремяОжиданияБлокировкиДанных', 'SetLockWaitTime'],
  ['ПолучитьВремяОжиданияБлокировкиДанных', 'GetLockWaitTime'],
  ['ИнициализироватьПредопределенныеДанные', 'InitializePredefinedData'],
  ['ПолучитьНавигационнуюСсылку', 'GetURL'], ['ПолучитьНавигационнуюСсылкуИнформационнойБазы', 'GetInfoBaseURL'],
  ['ПолучитьВнешнююНавигационнуюСсылку', 'GetExternalURL'],
  // temporary storage and files
  ['ПоместитьВоВременноеХранилище', 'PutToTempStorage'], ['ПолучитьИзВременногоХранилища', 'GetFromTempStorage'],
  ['УдалитьИзВременногоХранилища', 'DeleteFromTempStorage'], ['ЭтоАдресВременногоХранилища', 'IsTempStorageURL'],
  ['КаталогВременныхФайлов', 'TempFilesDir'], ['ПолучитьИмяВременногоФайла', 'GetTempFileName'],
  ['КаталогПрограммы', 'BinDir'], ['КаталогДокументов', 'DocumentsDir'],
  ['РабочийКаталогДанныхПользователя', 'UserDataWorkDir'], ['УдалитьФайлы', 'DeleteFiles'],
  ['КопироватьФайл', 'FileCopy'], ['ПереместитьФайл', 'MoveFile'], ['НайтиФайлы', 'FindFiles'],
  ['СоздатьКаталог', 'CreateDirectory'], ['ПолучитьРазделительПути', 'GetPathSeparator'],
  ['ПолучитьМаскуВсеФайлы', 'GetAllFilesMask'], ['ПолучитьОбщийМакет', 'GetCommonTemplate'],
  ['ПолучитьОбщуюФорму', 'GetCommonForm'], ['ПолучитьФайл', 'GetFile'], ['ПоместитьФайл', 'PutFile'],
  ['ЗапуститьПриложение', 'RunApp'], ['КомандаСистемы', 'System'], ['ПолучитьCOMОбъект', 'GetCOMObject'],
  // user interface
  ['Сообщить', 'Message'], ['Предупреждение', 'DoMessageBox'], ['Вопрос', 'DoQueryBox'],
  ['ПоказатьПредупреждение', 'ShowMessageBox'], ['ПоказатьВопрос', 'ShowQueryBox'],
  ['ОткрытьФорму', 'OpenForm'], ['ПолучитьФорму', 'GetForm'], ['ОткрытьЗначение', 'OpenValue'],
  ['ПоказатьЗначение', 'ShowValue'], ['Оповестить', 'Notify'], ['ОповеститьОбИзменении', 'NotifyChanged'],
  ['ПоказатьОповещениеПользователя', 'ShowUserNotification'], ['Состояние', 'Status'],
  ['ОчиститьСообщения', 'ClearMessages'], ['ПодключитьОбработчикОжидания', 'AttachIdleHandler'],
  ['ОтключитьОбработчикОжидания', 'DetachIdleHandler'], ['ВыполнитьОбработкуОповещения', 'RunCallback'],
  ['ЗавершитьРаботуСистемы', 'Exit'], ['ПрекратитьРаботуСистемы', 'Terminate'], ['Сигнал', 'Beep'],
  ['ВвестиЗначение', 'InputValue'], ['ВвестиЧисло', 'InputNumber'], ['ВвестиСтроку', 'InputString'],
  ['ВвестиДату', 'InputDate'], ['ПоказатьВводЗначения', 'ShowInputValue'], ['ПоказатьВводЧисла', 'ShowInputNumber'],
  ['ПоказатьВводСтроки', 'ShowInputString'], ['ПоказатьВводДаты', 'ShowInputDate'],
  ['ПерейтиПоНавигационнойСсылке', 'GotoURL'], ['ОбновитьИнтерфейс', 'RefreshInterface'],
  ['ЗначениеВДанныеФормы', 'ValueToFormData'], ['ДанныеФормыВЗначение', 'FormDataToValue'],
  ['КопироватьДанныеФормы', 'CopyFormData'],
  // data
  ['НайтиПомеченныеНаУдаление', 'FindMarkedForDeletion'], ['НайтиПоСсылкам', 'FindByRef'],
  ['УдалитьОбъекты', 'DeleteObjects'],
  // asynchronous variants (8.3.18+), used with Ждать inside Асинх methods
  ['ВопросАсинх', 'DoQueryBoxAsync'], ['ПредупреждениеАсинх', 'DoMessageBoxAsync'],
  ['ВвестиЗначениеАсинх', 'InputValueAsync'], ['ВвестиСтрокуАсинх', 'InputStringAsync'],
  ['ВвестиЧислоАсинх', 'InputNumberAsync'], ['ВвестиДатуАсинх', 'InputDateAsync'],
  ['ОткрытьЗначениеАсинх', 'OpenValueAsync'], ['КопироватьФайлАсинх', 'CopyFileAsync'],
  ['ПереместитьФайлАсинх', 'MoveFileAsync'], ['УдалитьФайлыАсинх', 'DeleteFilesAsync'],
  ['СоздатьКаталогАсинх', 'CreateDirectoryAsync'], ['ЗапуститьПриложениеАсинх', 'RunAppAsync'],
  ['КаталогВременныхФайловАсинх', 'TempFilesDirAsync'], ['КаталогДокументовАсинх', 'DocumentsDirAsync'],
  // extensions: inside &Вместо, runs the method being replaced
  ['ПродолжитьВызов', 'ProceedWithCall'],
];

export const GLOBAL_FUNCTIONS: ReadonlyArray<readonly [string, string]> = PAIRS;

const NAMES = new Set(PAIRS.flatMap(([ru, en]) => [ru.toLowerCase(), en.toLowerCase()]));

/** Whether `name` (either language, any case) is a global-context procedure or function. */
export function isGlobalFunction(name: string): boolean {
  return NAMES.has(name.toLowerCase());
}
