/**
 * The guides' install section for the extension dump (`onec-sync bsl --dump`): load, update,
 * turn off safe mode, give the role, turn the job on, the two-minute check; then what an upgrade
 * keeps and what the dump cannot be sure of without a real platform. Kept apart from the rest of
 * the guide, which stays the manual path (an appendix).
 */
import type { Resolved } from './resolve-options.js';

const EXT = 'onec_sync';

export function dumpInstallUk(r: Resolved): string {
  const n = r.names;
  const role = `${n.commonModule}Отправка`;
  return `## Встановлення з вивантаження розширення (рекомендовано, до 10 хвилин)

Вивантаження — тека розширення у форматі конфігуратора: \`onec-sync bsl <ті самі параметри> --dump ${EXT}\`
(додайте \`--configuration <вивантажена конфігурація бази>\`, щоб взяти ідентифікатори об'єктів з неї
і перевірити, що всі реквізити, які читає модуль, у ній є). Формат вивантаження — 2.9: його читають
конфігуратор і ibcmd платформи 8.3.16 і новіших (старіша платформа новіший формат не читає — для неї
нижче є ручний шлях). Режим сумісності розширення — 8.3.10, тож поведінка та сама, що й на мінімальній
платформі. Призначення розширення — **Дополнение**: воно додає свої регістри, модуль, завдання й
обробники і нічого не змінює в поведінці типової конфігурації.

1. Зробіть резервну копію бази (*Администрирование → Выгрузить информационную базу*).
2. Завантажте розширення — **по одному розширенню за раз** (повідомляють, що ibcmd 8.3.25, коли
   завантажує кілька одночасно, замінює основну конфігурацію):
   - конфігуратор: \`1cv8 DESIGNER /F "<тека бази>" /N "<адміністратор>" /P "<пароль>" /LoadConfigFromFiles "${EXT}" -Extension ${EXT} /Out load.log\`
     (серверна база: \`/S "<сервер>\\<база>"\` замість \`/F\`);
   - або ibcmd: \`ibcmd infobase config import --db-path="<тека бази>" --user="<адміністратор>" --password="<пароль>" --extension=${EXT} "${EXT}"\`.
3. Оновіть конфігурацію бази даних для розширення:
   \`1cv8 DESIGNER /F "<тека бази>" /N "<адміністратор>" /P "<пароль>" /UpdateDBCfg -Extension ${EXT} /Out update.log\`
   або \`ibcmd infobase config apply --db-path="<тека бази>" --user="<адміністратор>" --password="<пароль>" --extension=${EXT} --force\`.
4. Вимкніть для розширення **Безопасный режим** і **Защита от опасных действий** (модуль робить HTTP-запити;
   у безпечному режимі їх заборонено): *Все функции → Стандартные → Управление расширениями конфигурации*,
   або \`ibcmd infobase config extension update --db-path="<тека бази>" --name=${EXT} --safe-mode=no --unsafe-action-protection=no\`.
5. Дайте роль \`${role}\` (читання й запис регістрів \`${n.queueRegister}\`, \`${n.numbersRegister}\`) усім
   користувачам, які записують ці документи й довідник (у конфігураціях на БСП — додайте її в профілі груп доступу):
   без неї запис об'єкта зупиниться з помилкою прав.
6. Увімкніть регламентне завдання \`${n.scheduledJob}\` (у вивантаженні воно вимкнене, щоб нічого не пішло
   до кроку 5): *Все функции → Стандартные → Регламентные и фоновые задания* → \`${n.scheduledJob}\` → Использование.
7. Початкове вивантаження — як у кроці 7 додатка нижче (\`${n.commonModule}.ЗапланироватьВыгрузку\`).
8. Перевірка за дві хвилини — розділ нижче.

### Оновлення

Нове вивантаження (після оновлення onec-sync або зміни секрету) завантажується так само — кроки 2 і 3
поверх встановленого розширення. Записи в черзі зберігаються: ідентифікатори об'єктів розширення щоразу
ті самі (вони залежать лише від імен, не від адреси чи секрету), а структура регістрів змінюється лише
додаванням полів. Не видаляйте розширення перед оновленням — разом з ним зникне черга.

### Що перевіряється, а що ні

Тести onec-sync порівнюють кожен файл вивантаження з вивантаженнями, які зробив сам конфігуратор
(простори імен, порядок елементів, обов'язкові властивості, ClassId), перевіряють модулі \`bsl check\` і
проганяють робочий день у симуляторі бази, встановленому саме з цього вивантаження. Без справжньої
платформи не перевірено: що ваша версія конфігуратора прийме саме цей формат (на 8.3.10–8.3.15 —
ручний шлях), що об'єкти з такими іменами є у вашій конфігурації (без \`--configuration\` розширення
приймає об'єкти за іменем, і перше завантаження повідомить про відсутній), що типові модулі мають
обробники, до яких додаються \`&Перед\`/\`&После\`, і що параметри ibcmd у вашій версії ті самі.

# Додаток. Встановлення вручну

Для платформ, що не читають формат 2.9, або якщо ви вставляєте текст модулів самі.

`;
}

export function dumpInstallEn(r: Resolved): string {
  const n = r.names;
  const role = `${n.commonModule}Отправка`;
  return `## Install from the extension dump (recommended, under 10 minutes)

The dump is the extension as a folder in the Designer's format: \`onec-sync bsl <the same options> --dump ${EXT}\`
(add \`--configuration <the base's configuration dumped to files>\` to take the objects' ids from it and
check that every attribute the module reads is there). The dump format is 2.9: the Designer and ibcmd of
8.3.16 and later read it (an older platform cannot read a newer format — the manual path below is for
it). The extension's compatibility mode is 8.3.10, so it behaves as on the minimum platform. Its purpose
is **AddOn** (Дополнение): it adds its own registers, module, job and handlers and changes nothing of the
standard configuration's behaviour.

1. Back up the base (*Администрирование → Выгрузить информационную базу*).
2. Load the extension — **one extension at a time** (ibcmd 8.3.25 is reported to replace the main
   configuration when several are loaded at once):
   - Designer: \`1cv8 DESIGNER /F "<base folder>" /N "<admin>" /P "<password>" /LoadConfigFromFiles "${EXT}" -Extension ${EXT} /Out load.log\`
     (a server base: \`/S "<server>\\<base>"\` instead of \`/F\`);
   - or ibcmd: \`ibcmd infobase config import --db-path="<base folder>" --user="<admin>" --password="<password>" --extension=${EXT} "${EXT}"\`.
3. Update the database configuration for the extension:
   \`1cv8 DESIGNER /F "<base folder>" /N "<admin>" /P "<password>" /UpdateDBCfg -Extension ${EXT} /Out update.log\`
   or \`ibcmd infobase config apply --db-path="<base folder>" --user="<admin>" --password="<password>" --extension=${EXT} --force\`.
4. Turn the extension's **safe mode** and **unsafe action protection** off (the module makes HTTP requests,
   which safe mode forbids): *Все функции → Стандартные → Управление расширениями конфигурации*,
   or \`ibcmd infobase config extension update --db-path="<base folder>" --name=${EXT} --safe-mode=no --unsafe-action-protection=no\`.
5. Give the role \`${role}\` (read and write the registers \`${n.queueRegister}\`, \`${n.numbersRegister}\`) to every
   user who writes these documents and the catalog (in configurations built on the standard subsystems:
   add it to the access groups' profiles): without it writing an object stops with a rights error.
6. Turn the scheduled job \`${n.scheduledJob}\` on (the dump has it off, so nothing is sent before step 5):
   *Все функции → Стандартные → Регламентные и фоновые задания* → \`${n.scheduledJob}\` → Использование.
7. The initial upload — as in the appendix's step 7 (\`${n.commonModule}.ЗапланироватьВыгрузку\`).
8. The two-minute check — the section below.

### Upgrading

A newer dump (after upgrading onec-sync or rotating the secret) loads the same way — steps 2 and 3 over the
installed extension. Queued records are kept: the extension's object ids are the same every time (they
depend on names only, not on the URL or the secret), and the registers' structure changes only by adding
fields. Do not delete the extension before upgrading — its queue goes with it.

### What is checked, and what is not

onec-sync's tests compare every file of the dump with dumps the Designer itself wrote (namespaces, element
order, required properties, ClassIds), check the modules with \`bsl check\`, and run a working day in the
simulated base installed from exactly this dump. Without a real platform it is not checked: that your
Designer accepts this format (on 8.3.10–8.3.15 use the manual path), that objects with these names exist in
your configuration (without \`--configuration\` the extension adopts them by name and the first load reports
a missing one), that the standard modules have the handlers \`&Перед\`/\`&После\` attach to, and that your
ibcmd takes the same options.

# Appendix. Manual install

For platforms that cannot read format 2.9, or when you paste the modules' text yourself.

`;
}
