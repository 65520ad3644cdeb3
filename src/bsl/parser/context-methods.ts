/**
 * Methods a module may call without a receiver besides the global context's: those of the
 * module's own object or form.
 */

/**
 * Where a module runs: `global` — only the global context (common, command, session, application,
 * web and HTTP service modules); `object` — also its object's methods (an object, record set or
 * constant value manager module); `manager` — a manager module; `form` — a form module;
 * `unknown` — a file whose kind its path does not tell (checked alone, a plain folder): any of them.
 */
export type ModuleKind = 'global' | 'object' | 'manager' | 'form' | 'unknown';

/**
 * Methods of the objects whose modules a configuration has: catalog, document, chart, exchange
 * plan, business process, task, data processor and report objects, a register's record set and
 * a constant's value manager (in their modules they are called without `ЭтотОбъект.`). One list
 * for all: a name one kind lacks is still a method of the module's context in another.
 */
const OBJECT: [string, string][] = [
  ['Записать', 'Write'],
  ['Прочитать', 'Read'],
  ['Удалить', 'Delete'],
  ['ЭтоНовый', 'IsNew'],
  ['Заполнить', 'Fill'],
  ['ПроверитьЗаполнение', 'CheckFilling'],
  ['Метаданные', 'Metadata'],
  ['Модифицированность', 'Modified'],
  ['ПолучитьМакет', 'GetTemplate'],
  ['ПолучитьФорму', 'GetForm'],
  ['Скопировать', 'Copy'],
  ['УстановитьПометкуУдаления', 'SetDeletionMark'],
  ['УстановитьНовыйКод', 'SetNewCode'],
  ['УстановитьНовыйНомер', 'SetNewNumber'],
  ['УстановитьСсылкуНового', 'SetNewObjectRef'],
  ['ПолучитьСсылкуНового', 'GetNewObjectRef'],
  ['Заблокировать', 'Lock'],
  ['Разблокировать', 'Unlock'],
  ['Заблокирован', 'IsLocked'],
  ['МоментВремени', 'PointInTime'],
  ['Уровень', 'Level'],
  ['ПринадлежитЭлементу', 'BelongsToItem'],
  ['ЭтотУзел', 'ThisNode'],
  ['Старт', 'Start'],
  ['ВыполнитьЗадачу', 'ExecuteTask'],
  ['СкомпоноватьРезультат', 'ComposeResult'],
  // A record set is a collection of its records.
  ['Добавить', 'Add'],
  ['Вставить', 'Insert'],
  ['Получить', 'Get'],
  ['Количество', 'Count'],
  ['Очистить', 'Clear'],
  ['Индекс', 'IndexOf'],
  ['Выгрузить', 'Unload'],
  ['Загрузить', 'Load'],
  ['ВыгрузитьКолонку', 'UnloadColumn'],
  ['ЗагрузитьКолонку', 'LoadColumn'],
  ['Выбран', 'Selected'],
];

/**
 * Methods of an object's manager (`Справочники.Товары`, `РегистрыСведений.Курсы`), which its
 * manager module calls without the manager's name.
 */
const MANAGER: [string, string][] = [
  ['Создать', 'Create'],
  ['СоздатьЭлемент', 'CreateItem'],
  ['СоздатьГруппу', 'CreateFolder'],
  ['СоздатьДокумент', 'CreateDocument'],
  ['СоздатьУзел', 'CreateNode'],
  ['СоздатьСчет', 'CreateAccount'],
  ['СоздатьВидРасчета', 'CreateCalculationType'],
  ['СоздатьБизнесПроцесс', 'CreateBusinessProcess'],
  ['СоздатьЗадачу', 'CreateTask'],
  ['СоздатьНаборЗаписей', 'CreateRecordSet'],
  ['СоздатьМенеджерЗаписи', 'CreateRecordManager'],
  ['СоздатьКлючЗаписи', 'CreateRecordKey'],
  ['ПустаяСсылка', 'EmptyRef'],
  ['ПолучитьСсылку', 'GetRef'],
  ['НайтиПоКоду', 'FindByCode'],
  ['НайтиПоНаименованию', 'FindByDescription'],
  ['НайтиПоНомеру', 'FindByNumber'],
  ['НайтиПоРеквизиту', 'FindByAttribute'],
  ['Выбрать', 'Select'],
  ['ВыбратьИерархически', 'SelectHierarchically'],
  ['Получить', 'Get'],
  ['ПолучитьПервое', 'GetFirst'],
  ['ПолучитьПоследнее', 'GetLast'],
  ['СрезПервых', 'SliceFirst'],
  ['СрезПоследних', 'SliceLast'],
  ['Остатки', 'Balance'],
  ['Обороты', 'Turnovers'],
  ['ОстаткиИОбороты', 'BalanceAndTurnovers'],
  ['ПолучитьМакет', 'GetTemplate'],
  ['ПолучитьФорму', 'GetForm'],
  ['ПолучитьФормуСписка', 'GetListForm'],
  ['ПолучитьФормуВыбора', 'GetChoiceForm'],
  ['ПолучитьДанныеВыбора', 'GetChoiceData'],
  ['ЭтотУзел', 'ThisNode'],
  ['ВыбратьИзменения', 'SelectChanges'],
  ['ЗарегистрироватьИзменения', 'RecordChanges'],
  ['УдалитьРегистрациюИзменений', 'DeleteChangeRecords'],
];

/** Methods of a form (a managed one; `Открыть`/`Закрыть`/`Активизировать` an ordinary one's too). */
const FORM: [string, string][] = [
  ['Закрыть', 'Close'],
  ['Открыть', 'Open'],
  ['Открыта', 'IsOpen'],
  ['Активизировать', 'Activate'],
  ['ВводДоступен', 'IsInputAvailable'],
  ['Записать', 'Write'],
  ['Прочитать', 'Read'],
  ['ПроверитьЗаполнение', 'CheckFilling'],
  ['РеквизитФормыВЗначение', 'FormAttributeToValue'],
  ['ЗначениеВРеквизитФормы', 'ValueToFormAttribute'],
  ['ПолучитьРеквизиты', 'GetAttributes'],
  ['ИзменитьРеквизиты', 'ChangeAttributes'],
  ['ОповеститьОВыборе', 'NotifyChoice'],
  ['ОповеститьОЗаписиНового', 'NotifyWritingNew'],
  ['ОтобразитьИзменениеДанных', 'RepresentDataChange'],
  ['ОбновитьОтображениеДанных', 'RefreshDataRepresentation'],
  ['ОтключитьОтметкуНезаполненного', 'ClearMarkIncomplete'],
  ['ЗаблокироватьДанныеФормыДляРедактирования', 'LockFormDataForEdit'],
  ['РазблокироватьДанныеФормыДляРедактирования', 'UnlockFormDataForEdit'],
  ['ПолучитьФункциональнуюОпциюФормы', 'GetFormFunctionalOption'],
  ['УстановитьПараметрыФункциональныхОпцийФормы', 'SetFormFunctionalOptionParameters'],
  ['ПоказатьВыборИзМеню', 'ShowChooseFromMenu'],
  ['ПоказатьВыборИзСписка', 'ShowChooseFromList'],
  ['ВыбратьИзМеню', 'ChooseFromMenu'],
  ['ВыбратьИзСписка', 'ChooseFromList'],
  ['ВыбратьИзМенюАсинх', 'ChooseFromMenuAsync'],
  ['ВыбратьИзСпискаАсинх', 'ChooseFromListAsync'],
  // A report's form.
  ['УстановитьТекущийВариант', 'SetCurrentVariant'],
  ['УстановитьТекущиеПользовательскиеНастройки', 'SetCurrentUserSettings'],
];

const byKind = (lists: [string, string][][]): Set<string> => new Set(lists.flat().flatMap(([ru, en]) => [ru.toLowerCase(), en.toLowerCase()]));
const NAMES: Record<ModuleKind, Set<string>> = {
  global: new Set(),
  object: byKind([OBJECT]),
  manager: byKind([MANAGER]),
  form: byKind([FORM, OBJECT]),
  unknown: byKind([OBJECT, MANAGER, FORM]),
};

/** True when `name` (Russian or English, any case) is a method of a module of this kind's context. */
export function contextMethod(kind: ModuleKind, name: string): boolean {
  return NAMES[kind].has(name.toLowerCase());
}
