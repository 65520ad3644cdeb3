import { dumpInstallEn } from './guide-dump.js';
import { odataSectionEn } from './guide-odata.js';
import { platformSectionEn } from './guide-platform.js';
import { smokeTestEn } from './guide-smoke-test.js';
import { commonModulePath } from './guide-uk.js';
import { objectModulePath, objectTargets } from './object-modules.js';
import { NUMBER_FIELDS, REGISTER_FIELDS, ROLE_UK } from './register-fields.js';
import { bslString, type Resolved } from './resolve-options.js';

/** The English setup guide: the same steps as README.uk.md. Designer labels stay Russian, as 1C shows them. */
export function guideEn(r: Resolved): string {
  const n = r.names;
  const url = r.endpoint.display;
  const targets = objectTargets(r);
  const auth =
    r.auth.kind === 'secret'
      ? 'Standard Webhooks signature (the `whsec_…` secret is written into the common module)'
      : r.auth.kind === 'token'
        ? 'bearer token (written into the common module)'
        : '**none** — the receiver must accept anonymous requests; better regenerate with `--secret`';
  const fields = REGISTER_FIELDS.map((f) => `| ${f.name} | ${ROLE_UK[f.role]} | ${f.type} | ${f.en} |`).join('\n');
  const numberFields = NUMBER_FIELDS.map((f) => `| ${f.name} | ${ROLE_UK[f.role]} | ${f.type} | ${f.en} |`).join('\n');
  const list = (style: 'extension' | 'direct') => targets.map((t) => `   - ${t.metaClass}.${t.name} → \`${objectModulePath(style, t)}\``).join('\n');
  return `# 1C → onec-sync synchronisation: installation

Source **\`${r.sourceId}\`**, receiver **${url}**, authentication: ${auth}.
HTTP timeout: ${r.timeoutSeconds} s. Services as positions: ${r.includeServices ? 'yes' : 'no'}. VAT per position: ${r.includeVat ? 'yes' : 'no'}.

About 15 minutes, and two more to check. You need the Designer and administrator rights. Requests
to ${url} are made by the 1C **server** (a scheduled job), so it is the server that needs network access.

${platformSectionEn(r)}
## What is in this folder

| File | What it is |
|---|---|
| \`${commonModulePath(r)}\` | common module ${n.commonModule}: all logic (queue, sending, JSON, signature) |
${targets.map((t) => `| \`${objectModulePath('extension', t)}\` | handlers for a configuration extension (recommended) |`).join('\n')}
${targets.map((t) => `| \`${objectModulePath('direct', t)}\` | the same handlers to paste into the configuration (the classic modules' way) |`).join('\n')}

The \`.bsl\` files are UTF-8 with a BOM, so neither the Designer nor Windows editors mistake Cyrillic for cp1251.

## What is sent

Each kind is serialised from its declaration (\`onec-sync bsl --kinds\`, \`ONEC_SYNC_KINDS_DIR\`):

| Kind | 1C object | Вид in the queue | Endpoint |
|---|---|---|---|
${r.kinds.map((k) => `| ${k.label.en} | ${k.metaClass}.${k.name} | \`${k.bslKind}\` | \`POST ${r.endpoint.basePath}${k.webhookPath}\` |`).join('\n')}

## How it works

1. When a document (or counterparty) is written or deleted, its object module calls
   \`${n.commonModule}.ЗарегистрироватьИзменение\`, which adds a record to \`${n.queueRegister}\` —
   **in the same transaction**. If the document's write rolls back, so does the queue record.
2. The scheduled job \`${n.scheduledJob}\` sends the queue every minute **outside any transaction**:
   the body is built from the object's current state (several quick edits → one send of the latest),
   and a record is deleted only after HTTP 2xx.
3. 408, 429, 5xx, timeouts and connection errors are retried after 1, 2, 4 … minutes (at most an
   hour; \`Retry-After\` wins) and **end that run**: the rest of the queue waits for the next one, so
   an unavailable receiver never holds the job for hours. A run starts no request after 50 s (one
   already under way lasts at most the ${r.timeoutSeconds} s timeout). Other 4xx (400, 401, 403, 404,
   413, 422) **park** the record (\`Состояние = "parked"\`) for a person; later changes of the same
   object wait too, so order holds.
4. **If a change cannot be queued (a missing register, right or field), the document or counterparty
   is not saved either**: the user sees the error, and no change is lost silently.
5. Each object's event number (\`НомерСобытия\`) only grows, even when the cluster servers' clocks
   disagree: register \`${n.numbersRegister}\` keeps the last number given.

${dumpInstallEn(r)}## Step 1. Extension (recommended) or a direct change

**Option A — extension** (the configuration stays on vendor support):
1. *Конфигурация → Расширения конфигурации → Добавить*. Name it e.g. \`${n.commonModule}\`.
2. In the extension's properties **clear «Безопасный режим»** (safe mode): it forbids HTTP requests
   and privileged mode. (In 1C:Enterprise the same flag is in *Все функции → Стандартные →
   Управление расширениями конфигурации*.)
3. Do steps 2–4 in the extension's tree. If your platform does not let an extension own
   information registers or a scheduled job, create them in the main configuration (its only change).

**Option B — direct change** (the classic modules' way; the configuration must be taken off support or
allow changes): do steps 2–4 in the main configuration.

## Step 2. Information registers ${n.queueRegister} and ${n.numbersRegister}

*Регистры сведений → Добавить*: Name \`${n.queueRegister}\`, Периодичность **Непериодический**
(non-periodic), Режим записи **Независимый** (independent). On the «Данные» tab add:

| Field | Kind | Type | Why |
|---|---|---|---|
${fields}

The second register likewise: Name \`${n.numbersRegister}\`, **Непериодический**, **Независимый**, fields:

| Field | Kind | Type | Why |
|---|---|---|---|
${numberFields}

## Step 3. Common module ${n.commonModule}

*Общие → Общие модули → Добавить*: Name \`${n.commonModule}\`. Flags: **Сервер**, **Внешнее
соединение**, **Клиент (обычное приложение)** on; Клиент (управляемое приложение), Вызов сервера,
Привилегированный, Глобальный off. Paste the whole of \`${commonModulePath(r)}\`.

Why three flags: an object module runs where the object is written — on the server, in an external
(COM) connection and in the thick client of an ordinary application. Where the common module is not
compiled, writing the document there fails. 1C's standard subsystems set their server common modules
the same way (e.g. \`ОбщегоНазначения\`). The module's text is wrapped in
\`#Если Сервер Или ТолстыйКлиентОбычноеПриложение Или ВнешнееСоединение Тогда … #КонецЕсли\`, so it
is empty in any other context.

## Step 4. Scheduled job ${n.scheduledJob}

*Общие → Регламентные задания → Добавить*: Name \`${n.scheduledJob}\`, method
**\`${n.commonModule}.ОтправитьОчередь\`**, Использование on, Предопределенное on, retries on abnormal
termination 0 (the module retries by itself). Schedule: daily, «Дневное» tab — *Повторять через*
**60** seconds. In a file infobase scheduled jobs run only while a 1C:Enterprise session is open.

## Step 5. Object-module handlers

**Option A — extension.** In the main configuration, on each object: context menu *Добавить в
расширение*; then open its *Модуль объекта* in the extension's tree and paste:
${list('extension')}

If the Designer reports that a method (e.g. \`ПередУдалением\`) is not found in the extended module,
the vendor module has no such handler: delete the \`&Перед(…)\`/\`&После(…)\` line above that procedure
and name the procedure exactly like the event.

**Option B — direct.** Open each object's *Модуль объекта* and paste:
${list('direct')}

If \`ПередЗаписью\`, \`ПриЗаписи\` or \`ПередУдалением\` already exists, do not add a second one: move the
lines between \`// >>> onec-sync\` and \`// <<< onec-sync\` to the **end** of the existing procedure.
Delete the classic modules' code (\`ЗаписатьЛог\`, \`ОтправитьWebhook\`, \`ОтправитьДанные…\` and their
\`ПриЗаписи\`/\`ПередУдалением\`), or every change is sent twice.

## Step 6. Check and save

1. In every module you changed press **Ctrl+F7** (syntax check): no errors.
2. **F7** — *Обновить конфигурацию базы данных* (for an extension too; it is saved to the infobase).
3. Right away: the two-minute check (the section below).

## Step 7. Initial load

The classic modules only ever sent new changes. \`${n.commonModule}.ЗапланироватьВыгрузку(Вид, НачалоПериода,
КонецПериода)\` queues the history: documents by date within the period, catalogs
entirely. Kind: ${r.kinds.map((k) => `\`"${k.bslKind}"\``).join(', ')} or \`"all"\`. It returns how many records it
queued; running it again is safe.

Call it in server context, for example:
- with a "code console" data processor (runs arbitrary server code):
  \`Результат = ${n.commonModule}.ЗапланироватьВыгрузку("all", '20240101', '20241231');\`
- or in the Designer: a breakpoint (F9) on the first line of \`ОтправитьОчередь\`;
  *Отладка → Подключение → Автоматическое подключение* — enable «Фоновое задание»; start debugging
  (F5). When the job stops there (within a minute), *Shift+F9* («Вычислить выражение»):
  \`${n.commonModule}.ЗапланироватьВыгрузку("all", '20240101', '20241231')\`. Remove the breakpoint, F5.

The queue then drains by itself: up to 50 seconds of sending a minute, in batches of 500 records.

## Step 8. Check in onec-sync

- Dashboard: ${url}/ — arrivals from source \`${r.sourceId}\`.
- Events API: \`GET ${url}/api/v1/events?source=${encodeURIComponent(r.sourceId)}\`
  (with a read-API key if one is configured: \`curl -H "Authorization: Bearer <key>" …\`).
  Results \`created\`, \`updated\`, \`unchanged\`, \`duplicate\` and \`stale\` are all success.

${smokeTestEn(r)}
## What changed compared with the classic modules, and why

| The classic modules | Now | Why |
|---|---|---|
| HTTP request in \`ПриЗаписи\`, inside the write transaction | a queue record in the same transaction; a scheduled job sends outside any transaction | a rolled-back write is never announced; users never wait for the network |
| only HTTP 200 is success; anything else loses the change | a record is deleted only after 2xx; growing retry delays; 4xx parks it for a person | no change is lost |
| \`ЭтоНовый()\` in \`ПриЗаписи\` is always false, so always \`"update"\` | \`ЭтоНовый()\` captured in \`ПередЗаписью\` | a truthful \`"create"\` |
| log in \`c:\\temp\\*.txt\` | \`ЖурналРегистрации\` | works on the server, with rights and filters |
| identity is \`Строка(Ссылка)\` (changes with number and date) | plus \`УникальныйИдентификатор\`, \`ВерсияДанных\`, \`НомерСобытия\` | exact identity and order: an older change never overwrites a newer one |
| body built at write time | body built at send time from the current state | ten quick edits → one send of the latest |
| \`ОбменДанными.Загрузка\` ignored | handlers return at once | data loaded by an exchange is not echoed back |
| no authentication | ${r.auth.kind === 'secret' ? 'HMAC-SHA256 signature (Standard Webhooks)' : r.auth.kind === 'token' ? 'bearer token' : 'available by regenerating with a secret'} | the receiver knows the request comes from your base |
| the body may start with a BOM | UTF-8 body without BOM | the signature covers the exact bytes |
| \`your-erp-domain.com\` to edit by hand; TLS without certificate check | the address is filled in; the certificate is verified where the platform can (see Platform) | fewer manual edits; protection from a spoofed server |
| logic copied into every module | one common module; three short handlers per object | one fix instead of three |
| goods only; clients mentioned but no module | ${r.includeServices ? 'goods and services' : 'goods'}${r.includeVat ? ', VAT' : ''}; a module for ${n.client} | fuller data |
| no initial load | \`ЗапланироватьВыгрузку\` | history reaches the ERP too |
| \`ПоступлениеТоваровИУслуг\` hard-coded | names set at generation (here: \`${n.receipt}\`) | standard configurations say \`ПоступлениеТоваровУслуг\` |

## Troubleshooting

- **Records parked with 401/403** — the secret or token differs from the one onec-sync holds for
  source \`${r.sourceId}\`. Regenerate the module, then call \`${n.commonModule}.ПовторитьОтложенные()\`.
- **Records parked with 400/422** — the receiver rejected the data; its answer is in
  \`ПоследняяОшибка\`. After fixing, \`${n.commonModule}.ПовторитьОтложенные()\`.
- **Certificate verification fails** (private CA, old Linux 1C server) — add the certificate to the
  1C server's OS store; as a last resort replace, in \`НовоеСоединение\`,
  \`Новый ЗащищенноеСоединениеOpenSSL(, Новый СертификатыУдостоверяющихЦентровОС)\` with
  \`Новый ЗащищенноеСоединениеOpenSSL\` (no server verification, as on the platforms too old to
  verify; see Platform).
- **A proxy is needed** — in \`НовоеСоединение\` pass \`Новый ИнтернетПрокси(Истина)\` (the system
  proxy settings) as \`HTTPСоединение\`'s fifth parameter (Сервер, Порт, Пользователь, Пароль,
  **Прокси**, Таймаут, ЗащищенноеСоединение): \`Новый HTTPСоединение(${bslString(r.endpoint.host)}, ${r.endpoint.port}, , , Новый ИнтернетПрокси(Истина), ${r.timeoutSeconds}${r.endpoint.secure ? ', Защищенное' : ''})\`.
- **«Действие запрещено в безопасном режиме»** — the extension's safe mode is still on.
- **The queue does not move** — check that job \`${n.scheduledJob}\` is enabled and (file infobase)
  a 1C:Enterprise session is open.
${odataSectionEn(r)}`;
}
