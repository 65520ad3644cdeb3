/**
 * The guides' part for the 1C administrator: what `onec-sync reconcile` needs of the base —
 * the standard OData interface published (platform 8.3.5 and later), the objects it reads put
 * in the interface's composition with `УстановитьСоставСтандартногоИнтерфейсаOData(Массив)`
 * (on the server, a thick client or an external connection: the platform catalogue), a user
 * who may only read them — and exactly what onec-sync reads and how it registers the base.
 *
 * The platform has no right of its own for the OData interface: a role gives Read on objects,
 * the publication and the composition decide what is served (the standard subsystems' role
 * for OData grants object rights only, and write rights too, which onec-sync never needs).
 * Tabular sections are served with their object (`Document_<Name>_<Section>`), not composed
 * apart; a catalog a reference points to must be composed for `$expand` to reach its
 * Description.
 */
import type { KindPlan, PlannedAttribute } from './kind-plans.js';
import type { Resolved } from './resolve-options.js';
import type { BslNames } from './types.js';

/** The read-only role for the OData user; the extension dump writes it with Read on the objects it adopts. */
export const odataRoleName = (n: BslNames): string => `${n.commonModule}ЧтениеOData`;

const COLLECTION = { Документ: 'Документы', Справочник: 'Справочники' } as const;
const ENTITY_PREFIX = { Документ: 'Document', Справочник: 'Catalog' } as const;

/** `Метаданные.Документы.<Name>` of the kinds' objects, then of the catalogs their references point to. */
function composition(r: Resolved): { own: string[]; referenced: string[] } {
  const own = r.kinds.map((k) => `Метаданные.${COLLECTION[k.metaClass]}.${k.name}`);
  const referenced: string[] = [];
  const visit = (a: PlannedAttribute) => {
    if (a.type.type !== 'ref' || a.type.targets.length !== 1) return;
    const target = a.type.targets[0]!;
    if (target.class !== 'Справочник') return;
    const full = `Метаданные.Справочники.${target.name}`;
    if (!own.includes(full) && !referenced.includes(full)) referenced.push(full);
  };
  for (const k of r.kinds) {
    k.attributes.forEach(visit);
    for (const s of k.sections) s.attributes.forEach(visit);
  }
  return { own, referenced };
}

/** The ready BSL: adds the objects to what the interface already serves (the call replaces the whole composition). */
export function odataCompositionBsl(r: Resolved): string {
  const { own, referenced } = composition(r);
  return [
    'Нужные = Новый Массив;',
    ...own.map((m) => `Нужные.Добавить(${m});`),
    ...referenced.map((m) => `Нужные.Добавить(${m});`),
    '',
    'Состав = Новый Массив;',
    'Для Каждого Объект Из ПолучитьСоставСтандартногоИнтерфейсаOData() Цикл',
    '\tСостав.Добавить(Объект);',
    'КонецЦикла;',
    'Для Каждого Объект Из Нужные Цикл',
    '\tЕсли Состав.Найти(Объект) = Неопределено Тогда',
    '\t\tСостав.Добавить(Объект);',
    '\tКонецЕсли;',
    'КонецЦикла;',
    'УстановитьСоставСтандартногоИнтерфейсаOData(Состав);',
  ].join('\n');
}

const entitySet = (k: KindPlan) => `${ENTITY_PREFIX[k.metaClass]}_${k.name}`;

function readTable(r: Resolved, lang: 'uk' | 'en', header: string): string {
  const rows = r.kinds.map((k) => {
    const list = k.metaClass === 'Документ' ? 'Ref_Key, DataVersion, DeletionMark, Date, Posted' : 'Ref_Key, DataVersion, DeletionMark';
    const sections = k.sections.flatMap((s) => s.sources.map((x) => `\`${entitySet(k)}_${x.read}\``));
    return `| ${k.label[lang]} | \`${entitySet(k)}\` | ${list} | ${sections.length ? sections.join(', ') : '—'} |`;
  });
  return `${header}\n|---|---|---|---|\n${rows.join('\n')}`;
}

function roleTable(r: Resolved): string {
  const { own, referenced } = composition(r);
  return [...own, ...referenced].map((m) => `| \`${m.replace('Метаданные.', '')}\` | Чтение (Read) |`).join('\n');
}

export function odataSectionUk(r: Resolved): string {
  const n = r.names;
  const { referenced } = composition(r);
  return `
# Для адміністратора 1С: звірка через OData

onec-sync уміє довести, що нічого не загубилося: \`onec-sync reconcile\` читає базу через **стандартний
інтерфейс OData** (OData v3, платформа 8.3.5 і новіші) і порівнює її зі сховищем — що відсутнє, що
зникло з 1С, у чого інша позначка вилучення чи інший вміст; з \`--repair\` дотягує розбіжне. Інтерфейс
лише читається: onec-sync нічого не пише в базу через OData. Потрібні публікація, склад об'єктів
і користувач лише для читання.

## 1. Публікація на веб-сервері

Конфігуратор: *Администрирование → Публикация на веб-сервере*, у публікації бази поставте прапорець
**«Публиковать стандартный интерфейс OData»** і натисніть «Опубликовать» (на вже опублікованій базі —
те саме, потім перезапустіть веб-сервер). Адреса інтерфейсу:
\`http://<веб-сервер>/<ім'я публікації>/odata/standard.odata\`. Бажано HTTPS: пароль іде в кожному запиті
(HTTP Basic).

## 2. Склад опублікованих об'єктів

Опублікований інтерфейс віддає лише об'єкти з його складу, а склад нової бази порожній. Склад задає
функція \`УстановитьСоставСтандартногоИнтерфейсаOData(ОбъектыМетаданных: Массив)\` (є з тієї ж 8.3.5;
виконується на сервері, у товстому клієнті чи зовнішньому з'єднанні — не в тонкому клієнті) від імені
адміністратора. Вона **замінює** весь склад, тож код нижче додає потрібне до наявного. Виконайте його в
серверному контексті, як \`ЗапланироватьВыгрузку\` у кроці 7 (обробка «Консоль кода» або «Вычислить
выражение» в налагоджувачі):

\`\`\`bsl
${odataCompositionBsl(r)}
\`\`\`

Табличні частини (\`…_Товары\` тощо) публікуються разом зі своїм об'єктом. ${
    referenced.length ? "Довідники після об'єктів видів — ті, на\nякі посилаються реквізити: без них `$expand` не дасть їхнє найменування." : ''
  }
У конфігураціях на БСП той самий склад можна задати обробкою «Настройка стандартного интерфейса OData»
(\`НастройкаСтандартногоИнтерфейсаOData\`). Перевірка: \`curl -u <користувач>:<пароль>
"http://<веб-сервер>/<ім'я публікації>/odata/standard.odata/?$format=json"\` — у списку є набори з таблиці
в розділі 4.

## 3. Користувач лише для читання

Окремого права «стандартний інтерфейс OData» у ролях немає: доступ дають публікація, склад і право
**Чтение** на об'єкти. Створіть роль, наприклад \`${odataRoleName(n)}\` (*Общие → Роли →
Добавить*; у розширенні — так само), і дайте в ній лише право **Чтение**:

| Об'єкт | Право |
|---|---|
${roleTable(r)}

Вивантаження розширення (\`--dump\`, вище) уже містить цю роль з правом Чтение на об'єкти видів, які
розширення запозичує${referenced.length ? '; довідники, на які посилаються реквізити, додайте в неї самі (*Добавить в\nрасширение* на довіднику, потім право Чтение в ролі)' : ''}.
Нічого більше: ні Добавление, Изменение, Удаление, ні інтерактивних прав, ні прав на запуск клієнтів.
Роль БСП «Удаленный доступ (OData)» для цього не беріть — вона дає й право змінювати дані.
Потім *Администрирование → Пользователи → Добавить*: ім'я, наприклад, \`odata_reader\`, **Аутентификация
1С:Предприятия** з паролем, аутентифікацію ОС вимкнено, «Показывать в списке выбора» — ні, єдина роль —
створена вище. Цей користувач займає сеанс лише на час запиту.

## 4. Що читає onec-sync

${readTable(r, 'uk', "| Вид | Набір | Список (усі об'єкти) | Табличні частини (лише розбіжних) |")}

1. **Список** кожного виду — поля з таблиці, \`$format=json\`, сторінками \`$top=500\`/\`$skip\`: документи —
   \`$orderby=Date,Ref_Key\` у вікнах по місяцю дати (\`Date ge datetime'…' and Date lt datetime'…'\`),
   довідники — \`$orderby=Ref_Key\`. Ні \`$count\`, ні порівнянь \`Ref_Key gt …\` (1С на них відповідає 500).
2. **Повністю** — лише об'єкти з іншою \`DataVersion\` або позначкою: \`$filter=Ref_Key eq guid'…' or …\`
   (до 40 ключів у запиті) з \`$expand\` посилань на довідники, їхні табличні частини — сторінками по 1000
   рядків у порядку \`Ref_Key,LineNumber\`. Реквізити — ті самі, що надсилають модулі (декларації видів).
3. Відповідь, у якій є керівний символ, 1С не може віддати (400): onec-sync ділить сторінку до одного
   об'єкта, називає його у звіті «не прочитано» і йде далі.

## 5. Реєстрація в onec-sync

\`\`\`
ONEC_SYNC_ODATA_PASSWORD=<пароль> onec-sync source odata ${r.sourceId} --url http://<веб-сервер>/<ім'я публікації>/odata/standard.odata --user odata_reader
onec-sync reconcile --source ${r.sourceId}            # лише звіт
onec-sync reconcile --source ${r.sourceId} --repair   # дотягнути розбіжне
\`\`\`

Пароль можна подати й на стандартний вхід; onec-sync його більше не показує. Звіти — на панелі
(«Звірка з 1С»), у \`GET /api/v1/reconciliations\` і в метриці \`onec_sync_reconcile_drift\`.

Без справжньої платформи не перевірено: що цей код складу виконується саме так на вашій версії, що
\`$expand\` посилань працює у вашій конфігурації, і точні коди помилок вашого веб-сервера.
`;
}

export function odataSectionEn(r: Resolved): string {
  const n = r.names;
  const { referenced } = composition(r);
  return `
# For the 1C administrator: reconciliation over OData

onec-sync can prove nothing was lost: \`onec-sync reconcile\` reads the base through the **standard OData
interface** (OData v3, platform 8.3.5 and later) and compares it with the store — what is missing, what
is gone from 1C, what has another deletion mark or other content; with \`--repair\` it brings the store to
1C. The interface is only read: onec-sync writes nothing into the base over OData. It needs the
publication, the composition of objects, and a read-only user.

## 1. Web server publication

Designer: *Администрирование → Публикация на веб-сервере*; in the base's publication tick
**«Публиковать стандартный интерфейс OData»** (publish the standard OData interface) and press
«Опубликовать» (for a base already published: the same, then restart the web server). The interface's
address: \`http://<web server>/<publication name>/odata/standard.odata\`. Prefer HTTPS: the password goes
with every request (HTTP Basic).

## 2. The composition of published objects

The published interface serves only the objects of its composition, and a new base's composition is
empty. It is set by \`УстановитьСоставСтандартногоИнтерфейсаOData(ОбъектыМетаданных: Массив)\`
(SetStandardODataInterfaceContent, since the same 8.3.5; runs on the server, a thick client or an external
connection — not in a thin client) as an administrator. It **replaces** the whole composition, so the code
below adds what is needed to what is there. Run it in a server context, like \`ЗапланироватьВыгрузку\` in
step 7 (the «Консоль кода» processing, or «Вычислить выражение» in the debugger):

\`\`\`bsl
${odataCompositionBsl(r)}
\`\`\`

Tabular sections (\`…_Товары\` and the like) are published with their object. ${
    referenced.length ? "The catalogs after the kinds' objects are those\nthe attributes refer to: without them `$expand` cannot give their name." : ''
  }
In configurations built on the standard subsystems the same composition can be set with the processing
«Настройка стандартного интерфейса OData» (\`НастройкаСтандартногоИнтерфейсаOData\`). Check:
\`curl -u <user>:<password> "http://<web server>/<publication name>/odata/standard.odata/?$format=json"\`
lists the sets of the table in section 4.

## 3. A read-only user

Roles have no right of their own for the standard OData interface: access is the publication, the
composition and the **Чтение** (Read) right on the objects. Create a role, e.g.
\`${odataRoleName(n)}\` (*Общие → Роли → Добавить*; in an extension the same), giving only **Чтение**:

| Object | Right |
|---|---|
${roleTable(r)}

The extension dump (\`--dump\`, above) already holds this role with Чтение on the kinds' objects, which the
extension adopts${referenced.length ? '; add the catalogs the attributes refer to yourself (*Добавить в расширение* on the\ncatalog, then Чтение in the role)' : ''}.
Nothing more: no Добавление, Изменение, Удаление, no interactive rights, no right to start a client. Do not
use the standard subsystems' role «Удаленный доступ (OData)» for this — it also lets the user change data.
Then *Администрирование → Пользователи → Добавить*: a name such as \`odata_reader\`, **1C:Enterprise
authentication** with a password, OS authentication off, «Показывать в списке выбора» off, the one role
created above. The user holds a session only for the time of a request.

## 4. What onec-sync reads

${readTable(r, 'en', '| Kind | Entity set | Listed (every object) | Tabular sections (differing objects only) |')}

1. **The list** of each kind — the fields of the table, \`$format=json\`, in pages of \`$top=500\`/\`$skip\`:
   documents by \`$orderby=Date,Ref_Key\` inside month-long Date windows (\`Date ge datetime'…' and Date lt
   datetime'…'\`), catalogs by \`$orderby=Ref_Key\`. Never \`$count\`, never \`Ref_Key gt …\` (1C answers 500).
2. **In full** — only objects whose \`DataVersion\` or deletion mark differ: \`$filter=Ref_Key eq guid'…' or …\`
   (up to 40 keys a request) with \`$expand\` of catalog references, their tabular sections in pages of 1000
   rows in \`Ref_Key,LineNumber\` order. The attributes are those the modules send (the kinds' declarations).
3. An answer holding a control character cannot be written by 1C (400): onec-sync halves the page down to
   the one object, names it «unreadable» in the report, and goes on.

## 5. Registering it in onec-sync

\`\`\`
ONEC_SYNC_ODATA_PASSWORD=<password> onec-sync source odata ${r.sourceId} --url http://<web server>/<publication name>/odata/standard.odata --user odata_reader
onec-sync reconcile --source ${r.sourceId}            # report only
onec-sync reconcile --source ${r.sourceId} --repair   # bring the store to 1C
\`\`\`

The password may come on stdin instead; onec-sync never shows it again. The reports: the dashboard's
«Reconciliation», \`GET /api/v1/reconciliations\`, and the metric \`onec_sync_reconcile_drift\`.

Not checked without a real platform: that this composition code runs exactly so on your version, that
\`$expand\` of references works in your configuration, and your web server's exact error codes.
`;
}
