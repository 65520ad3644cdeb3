import { webhookPath } from '../../domain/kinds.js';
import type { Resolved } from './resolve-options.js';

/**
 * The guides' two-minute check right after the install, and what the modules do not send.
 * Where to look in onec-sync: the dashboard's hash routes (#/clients, #/events) and the events
 * API (src/http/routes/event-routes.ts: status applied | unchanged | duplicate | stale | rejected).
 */
export function smokeTestUk(r: Resolved): string {
  const n = r.names;
  const url = r.endpoint.display;
  const source = encodeURIComponent(r.sourceId);
  return `## Перевірка за дві хвилини (одразу після встановлення)

1. У 1С:Підприємстві відкрийте будь-якого контрагента (довідник ${n.client}), змініть, наприклад,
   коментар і запишіть. Запис має пройти без помилок. **Якщо зміну не вдалося поставити в чергу,
   не записується й сам контрагент**: 1С покаже помилку (найчастіше — немає регістра або поля з
   кроку 2, або модуль не скомпільовано для цього контексту, крок 3). Так задумано: зміна не
   губиться мовчки.
2. *Все функции → Регистры сведений → ${n.queueRegister}*: з'явився запис (Вид \`client\`,
   Состояние \`queued\`). Протягом хвилини (наступний запуск завдання ${n.scheduledJob}) він зникає.
3. onec-sync: панель ${url}/#/clients — контрагент є, зі свіжим часом зміни; ${url}/#/events —
   запит від джерела \`${r.sourceId}\` на \`${webhookPath('client')}\` зі статусом \`applied\`.
   Те саме через API: \`GET ${url}/api/v1/events?source=${source}&limit=5\` — верхній запис має
   \`"status": "applied"\` (або \`"unchanged"\`, якщо дані не змінилися).
4. *Журнал регистрации*, відбір за подією \`${n.commonModule}.Отправка\`: «Надіслано: 1; …».

Якщо запис не зникає з регістра: поля \`ПоследняяОшибка\` і \`Попыток\` у ньому та події
\`${n.commonModule}.Отправка\` рівня «Предупреждение»/«Ошибка» в журналі кажуть чому
(«HTTP 401/403» — секрет або токен; «Немає зв'язку з …» — мережа, проксі або сертифікат; див.
«Якщо щось не так»).

## Що модулі НЕ надсилають

- **Зміни, завантажені обміном даних** (\`ОбменДанными.Загрузка = Истина\`: РІБ, конвертація
  даних, завантаження з файлу). Обробники повертаються одразу: ці дані прийшли з іншої бази. Щоб
  вони потрапили в ERP, після обміну поставте їх у чергу функцією
  \`${n.commonModule}.ЗапланироватьВыгрузку(Вид, НачалоПериода, КонецПериода)\` (крок 7) за
  період завантажених документів; незмінені об'єкти приймач позначить \`unchanged\`.
- **Видалення в обхід обробників**: безпосереднє видалення в режимі обміну
  (\`ОбменДанными.Загрузка = Истина\` перед \`Удалить()\`) або будь-яке видалення поза 1С.
  \`ПередУдалением\` тоді не виконується, і в ERP об'єкт лишається. Початкове вивантаження
  надсилає лише наявні об'єкти, тож таке видалення воно не передасть; позначка на вилучення
  (\`ПометкаУдаления\`) — звичайний запис і надсилається як будь-яка зміна, тож видаляйте через неї.
- **Контакти в іншій розкладці.** Телефон, Email і адреса контрагента беруться з табличної
  частини \`КонтактнаяИнформация\` у розкладці стандартних підсистем 1С: колонка \`Тип\` (значення
  переліку \`ТипыКонтактнойИнформации\`: \`Телефон\`, \`АдресЭлектроннойПочты\`, \`Адрес\`) і колонка
  \`Представление\`. У конфігурації без такої таблиці ці три поля надходять порожніми; решта даних —
  як завжди.
`;
}

export function smokeTestEn(r: Resolved): string {
  const n = r.names;
  const url = r.endpoint.display;
  const source = encodeURIComponent(r.sourceId);
  return `## Two-minute check (right after the install)

1. In 1C:Enterprise open any counterparty (catalog ${n.client}), change e.g. its comment and
   save. The save must succeed. **If the change cannot be queued, the counterparty is not saved
   either**: 1C shows the error (most often a register or field from step 2 is missing, or the
   module is not compiled for that context, step 3). That is deliberate: no change is lost silently.
2. *Все функции → Регистры сведений → ${n.queueRegister}*: a record has appeared (Вид \`client\`,
   Состояние \`queued\`). Within a minute (the next run of job ${n.scheduledJob}) it is gone.
3. onec-sync: dashboard ${url}/#/clients — the counterparty is there, freshly changed;
   ${url}/#/events — a request from source \`${r.sourceId}\` to \`${webhookPath('client')}\` with status
   \`applied\`. The same through the API: \`GET ${url}/api/v1/events?source=${source}&limit=5\` — the
   top entry has \`"status": "applied"\` (or \`"unchanged"\` if the data did not change).
4. *Журнал регистрации*, filtered by event \`${n.commonModule}.Отправка\`: "Надіслано: 1; …".

If the record stays in the register: its \`ПоследняяОшибка\` and \`Попыток\` fields and the
\`${n.commonModule}.Отправка\` events of level «Предупреждение»/«Ошибка» say why ("HTTP 401/403" —
the secret or token; "Немає зв'язку з …" — network, proxy or certificate; see Troubleshooting).

## What the modules do NOT send

- **Changes loaded by a data exchange** (\`ОбменДанными.Загрузка = Истина\`: distributed infobases,
  data conversion, loading from a file). The handlers return at once: that data came from another
  base. To get it into the ERP, queue it after the exchange with
  \`${n.commonModule}.ЗапланироватьВыгрузку(Вид, НачалоПериода, КонецПериода)\` (step 7) for the
  period of the loaded documents; unchanged objects come back as \`unchanged\`.
- **Deletions that bypass the handlers**: direct deletion in exchange mode
  (\`ОбменДанными.Загрузка = Истина\` before \`Удалить()\`) or any deletion outside 1C.
  \`ПередУдалением\` does not run, and the ERP keeps the object. The initial load sends only
  objects that exist, so it cannot send such a deletion; the deletion mark (\`ПометкаУдаления\`) is
  an ordinary write and is sent like any change, so delete through it.
- **Contacts in another layout.** A counterparty's phone, e-mail and address come from the tabular
  section \`КонтактнаяИнформация\` in the layout of 1C's standard subsystems: column \`Тип\` (a value
  of the enum \`ТипыКонтактнойИнформации\`: \`Телефон\`, \`АдресЭлектроннойПочты\`, \`Адрес\`) and column
  \`Представление\`. In a configuration without that table these three fields arrive empty; the
  rest of the data as always.
`;
}
