import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { standardMetadata } from '../../../src/bsl/runtime/base/metadata.js';
import { OneCBase } from '../../../src/bsl/runtime/base/onec-base.js';
import { insertDirect, vendorCatalogModule, vendorDocumentModule } from '../../../src/bsl/runtime/base/vendor-modules.js';
import { ManualClock } from '../../../src/bsl/runtime/clock.js';
import { createPlatformRuntime } from '../../../src/bsl/runtime/library/index.js';
import { type BslDate, num } from '../../../src/bsl/runtime/values.js';

const CLIENT = 'Справочник.Контрагенты';
const RECEIPT = 'Документ.ПоступлениеТоваровУслуг';

/** A handler module that logs its calls and queues one outbox record per write, as the generated one does. */
const LOGGING_CLIENT_MODULE = `
Процедура ПередЗаписью(Отказ)
	ЗаписьЖурналаРегистрации("ПередЗаписью", , , , "новий=" + ЭтоНовый() + "; посилання порожнє=" + Ссылка.Пустая());
	Если Комментарий = "відмова-перед" Тогда
		Отказ = Истина;
	КонецЕсли;
КонецПроцедуры

Процедура ПриЗаписи(Отказ)
	ЗаписьЖурналаРегистрации("ПриЗаписи", , , , "новий=" + ЭтоНовый() + "; посилання порожнє=" + Ссылка.Пустая());
	Запись = РегистрыСведений.ОчередьОтправкиERP.СоздатьМенеджерЗаписи();
	Запись.ИдентификаторСообщения = Строка(Новый УникальныйИдентификатор);
	Запись.УникальныйИдентификаторОбъекта = Строка(Ссылка.УникальныйИдентификатор());
	Запись.Вид = "client";
	Запись.Записать(Истина);
	Если Комментарий = "відмова-при" Тогда
		Отказ = Истина;
	ИначеЕсли Комментарий = "виняток" Тогда
		ВызватьИсключение "збій у ПриЗаписи";
	КонецЕсли;
КонецПроцедуры

Процедура ПередУдалением(Отказ)
	ЗаписьЖурналаРегистрации("ПередУдалением", , , , Наименование);
КонецПроцедуры
`;

const TEST_MODULE = `
Функция НовийКлієнт(Наименование, Комментарий = "") Экспорт
	Элемент = Справочники.Контрагенты.СоздатьЭлемент();
	Элемент.Наименование = Наименование;
	Элемент.Комментарий = Комментарий;
	Элемент.Записать();
	Возврат Элемент.Ссылка;
КонецФункции

Функция СпробуватиЗаписати(Наименование, Комментарий) Экспорт
	Элемент = Справочники.Контрагенты.СоздатьЭлемент();
	Элемент.Наименование = Наименование;
	Элемент.Комментарий = Комментарий;
	Попытка
		Элемент.Записать();
	Исключение
		Возврат "помилка: " + ИнформацияОбОшибке().Описание + "; новий=" + Элемент.ЭтоНовый();
	КонецПопытки;
	Возврат "записано";
КонецФункции

Функция ЗаписатиТаВідкотити(Наименование) Экспорт
	НачатьТранзакцию();
	НовийКлієнт(Наименование);
	ОтменитьТранзакцию();
	Возврат ТранзакцияАктивна();
КонецФункции

Функция ВкладеніТранзакції() Экспорт
	НачатьТранзакцию();
	НовийКлієнт("Зовнішній");
	НачатьТранзакцию();
	НовийКлієнт("Внутрішній");
	ОтменитьТранзакцию();
	Попытка
		ЗафиксироватьТранзакцию();
	Исключение
		Возврат "відмова: " + ИнформацияОбОшибке().Описание + "; активна=" + ТранзакцияАктивна();
	КонецПопытки;
	Возврат "зафіксовано";
КонецФункции

Функция ЧергаКількість() Экспорт
	Запрос = Новый Запрос("ВЫБРАТЬ КОЛИЧЕСТВО(*) КАК К ИЗ РегистрСведений.ОчередьОтправкиERP КАК Ч");
	Выборка = Запрос.Выполнить().Выбрать();
	Выборка.Следующий();
	Возврат Выборка.К;
КонецФункции

Функция КлієнтиЗаНазвою(Початок) Экспорт
	Запрос = Новый Запрос;
	Запрос.Текст = "ВЫБРАТЬ Т.Ссылка КАК Ссылка, Т.Наименование КАК Наименование ИЗ Справочник.Контрагенты КАК Т
	|ГДЕ Т.Наименование >= &Початок И НЕ Т.ПометкаУдаления УПОРЯДОЧИТЬ ПО Т.Наименование УБЫВ";
	Запрос.УстановитьПараметр("Початок", Початок);
	Таблица = Запрос.Выполнить().Выгрузить();
	Результат = "";
	Для Каждого Рядок Из Таблица Цикл
		Результат = Результат + Рядок.Наименование + ";";
	КонецЦикла;
	Возврат Формат(Таблица.Количество(), "ЧГ=0") + ":" + Результат;
КонецФункции

Функция Видалити(Ссылка) Экспорт
	Ссылка.ПолучитьОбъект().Удалить();
	Возврат Ссылка.ПолучитьОбъект() = Неопределено;
КонецФункции

Функция НовеНадходження(Клієнт, Кількість, Ціна) Экспорт
	Документ = Документы.ПоступлениеТоваровУслуг.СоздатьДокумент();
	Документ.Дата = '20240115103000';
	Документ.Контрагент = Клієнт;
	Рядок = Документ.Товары.Добавить();
	Рядок.Количество = Кількість;
	Рядок.Цена = Ціна;
	Рядок.Сумма = Кількість * Ціна;
	Рядок.СтавкаНДС = Перечисления.СтавкиНДС.НДС20;
	Документ.Записать(РежимЗаписиДокумента.Проведение);
	Возврат Документ.Ссылка;
КонецФункции

Функция ПрочитатиНадходження(Ссылка) Экспорт
	Рядок = Ссылка.Товары[0];
	Возврат Строка(Ссылка) + "|" + Ссылка.Контрагент.Наименование + "|" + Формат(Ссылка.СуммаДокумента, "ЧГ=0; ЧДЦ=2")
		+ "|" + Ссылка.Проведен + "|" + Строка(Рядок.СтавкаНДС) + "|" + XMLСтрока(Рядок.СтавкаНДС);
КонецФункции

Функция ПозначитиНаВидалення(Ссылка) Экспорт
	Объект = Ссылка.ПолучитьОбъект();
	Объект.УстановитьПометкуУдаления(Истина);
	Возврат "" + Ссылка.ПометкаУдаления + "/" + Ссылка.Проведен;
КонецФункции

Функция ЗаписиНабору(Ідентифікатор) Экспорт
	Набор = РегистрыСведений.ОчередьОтправкиERP.СоздатьНаборЗаписей();
	Набор.Отбор.ИдентификаторСообщения.Установить(Ідентифікатор);
	Набор.Записать(Истина);
	Менеджер = РегистрыСведений.ОчередьОтправкиERP.СоздатьМенеджерЗаписи();
	Менеджер.ИдентификаторСообщения = Ідентифікатор;
	Менеджер.Прочитать();
	Возврат Менеджер.Выбран();
КонецФункции
`;

async function setUp(clientModule = LOGGING_CLIENT_MODULE) {
  const base = new OneCBase(standardMetadata());
  const rt = createPlatformRuntime({ clock: new ManualClock(Date.UTC(2024, 0, 15, 8, 30), 120), transactions: base.tx });
  base.install(rt);
  base.setObjectModule(CLIENT, { main: clientModule });
  const test = await rt.loadCommonModule('Тест', TEST_MODULE);
  const events = () => rt.eventLog.map((e) => `${e.event}: ${e.comment}`);
  return { base, rt, test, events, queue: () => base.register('ОчередьОтправкиERP').all() };
}

describe('the 1C base: handlers, transactions, register, queries', () => {
  it('runs ПередЗаписью before the row exists and ПриЗаписи after, inside one transaction', async () => {
    const { test, events, queue, base } = await setUp();
    const ref = await test.call('НовийКлієнт', ['ТОВ "Альфа"']);
    assert.deepEqual(events(), ['ПередЗаписью: новий=Да; посилання порожнє=Да', 'ПриЗаписи: новий=Нет; посилання порожнє=Нет']);
    assert.equal(queue().length, 1);
    assert.equal(queue()[0]!['УникальныйИдентификаторОбъекта'], (ref as unknown as { uuid: string }).uuid);
    assert.equal(base.table(CLIENT).all().length, 1);
    assert.equal(base.tx.active(), false);
  });

  it('Отказ in either handler, or an exception, rolls back the object and the records its handlers wrote', async () => {
    const { test, queue, base } = await setUp();
    await test.call('НовийКлієнт', ['ТОВ "Альфа"']);
    for (const comment of ['відмова-перед', 'відмова-при', 'виняток']) {
      const outcome = String(await test.call('СпробуватиЗаписати', ['ТОВ "Бета"', comment]));
      assert.match(outcome, /^помилка: .*новий=Да$/, comment);
    }
    assert.match(String(await test.call('СпробуватиЗаписати', ['ТОВ "Бета"', 'виняток'])), /збій у ПриЗаписи/);
    assert.equal(queue().length, 1, 'only the first, committed write queued a record');
    assert.equal(base.table(CLIENT).all().length, 1);
    assert.equal(base.tx.active(), false);
  });

  it('ОтменитьТранзакцию around a write takes back the object and its queued record', async () => {
    const { test, queue, base } = await setUp();
    assert.equal(await test.call('ЗаписатиТаВідкотити', ['ТОВ "Гамма"']), false);
    assert.equal(queue().length, 0);
    assert.equal(base.table(CLIENT).all().length, 0);
    assert.deepEqual(await test.call('ЧергаКількість'), num(0));
  });

  it('a rollback inside a nested transaction takes back everything since the outermost begin, and the outer commit is refused', async () => {
    const { test, queue, base } = await setUp();
    assert.match(String(await test.call('ВкладеніТранзакції')), /^відмова: .*В данной транзакции уже происходили ошибки; активна=Нет$/);
    assert.equal(base.table(CLIENT).all().length, 0);
    assert.equal(queue().length, 0);
  });

  it('queries the catalog with parameters, order and Выгрузить into a ТаблицаЗначений', async () => {
    const { test } = await setUp('');
    for (const name of ['Бета', 'Альфа', 'Гамма', 'Дельта']) await test.call('НовийКлієнт', [name]);
    assert.equal(await test.call('КлієнтиЗаНазвою', ['Б']), '3:Дельта;Гамма;Бета;');
  });

  it('deletes through ПередУдалением; the reference then finds no object', async () => {
    const { test, events } = await setUp();
    const ref = await test.call('НовийКлієнт', ['ТОВ "Альфа"']);
    assert.equal(await test.call('Видалити', [ref]), true);
    assert.equal(events().at(-1), 'ПередУдалением: ТОВ "Альфа"');
    assert.match((ref as unknown as { presentation(): string }).presentation(), /^<Объект не найден> \(\d+:[0-9a-f]{32}\)$/);
  });

  it('a document with the vendor module: totals, posting, enum values, presentation; the deletion mark unposts', async () => {
    const { base, test } = await setUp('');
    base.setObjectModule(RECEIPT, { main: vendorDocumentModule({ goodsTable: 'Товары', servicesTable: 'Услуги' }) });
    const client = await test.call('НовийКлієнт', ['ТОВ "Альфа"']);
    const doc = await test.call('НовеНадходження', [client, num('2.5'), num('0.1')]);
    assert.equal(
      await test.call('ПрочитатиНадходження', [doc]),
      'Поступление товаров и услуг 00000000001 от 15.01.2024 10:30:00|ТОВ "Альфа"|0,25|Да|20%|НДС20',
    );
    assert.equal(await test.call('ПозначитиНаВидалення', [doc]), 'Да/Нет');
  });

  it('a record set with a filter deletes exactly that record', async () => {
    const { test, queue } = await setUp();
    await test.call('НовийКлієнт', ['А']);
    await test.call('НовийКлієнт', ['Б']);
    const id = queue()[0]!['ИдентификаторСообщения'];
    assert.equal(await test.call('ЗаписиНабору', [id]), false);
    assert.equal(queue().length, 1);
    assert.notEqual(queue()[0]!['ИдентификаторСообщения'], id);
  });

  it('the direct install moves the marked lines to the end of the vendor procedure', () => {
    const direct =
      'Процедура ПередЗаписью(Отказ)\n\t\n\t// >>> onec-sync\n\tА = 1;\n\t// <<< onec-sync\n\t\nКонецПроцедуры\n\nПроцедура ПриЗаписи(Отказ)\n\t// >>> onec-sync\n\tБ = 2;\n\t// <<< onec-sync\nКонецПроцедуры\n';
    const merged = insertDirect(vendorCatalogModule(), direct);
    assert.match(merged, /НаименованиеПолное = Наименование;\n\tКонецЕсли;\n\t\/\/ >>> onec-sync\n\tА = 1;\n\t\/\/ <<< onec-sync\nКонецПроцедуры/);
    assert.match(merged, /Процедура ПриЗаписи\(Отказ\)\n\t\/\/ >>> onec-sync\n\tБ = 2;\n\t\/\/ <<< onec-sync\nКонецПроцедуры/);
    assert.equal(merged.match(/Процедура ПриЗаписи/g)!.length, 1);
  });

  it('dates written in BSL are stored as wall-clock values', async () => {
    const { base, test } = await setUp('');
    base.setObjectModule(RECEIPT, { main: vendorDocumentModule({ goodsTable: 'Товары', servicesTable: 'Услуги' }) });
    const client = await test.call('НовийКлієнт', ['К']);
    await test.call('НовеНадходження', [client, num(1), num(1)]);
    const [, stored] = base.table(RECEIPT).all()[0]!;
    assert.equal((stored.fields['Дата'] as BslDate).toIso(), '2024-01-15T10:30:00');
  });
});
