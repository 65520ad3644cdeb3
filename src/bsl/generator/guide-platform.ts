import { MINIMUM_PLATFORM, OS_CERTIFICATE_BUILDS, usesTls } from './platform-support.js';
import type { Resolved } from './resolve-options.js';

/** "8.3.22.2470+, 8.3.23.2122+, 8.3.24.1446+, 8.3.25+" — the builds that verify the server certificate. */
const certificateBuilds = (): string => OS_CERTIFICATE_BUILDS.map((v) => `${v}+`).join(', ');

/** The guides' "Platform" section in Ukrainian: the minimum, and what differs by version. */
export function platformSectionUk(r: Resolved): string {
  const why =
    r.auth.kind === 'secret'
      ? `Підпис будується на \`БуферДвоичныхДанных\` і \`ПолучитьДвоичныеДанныеИзСтроки\`, які з'явилися в ${MINIMUM_PLATFORM}.`
      : `Кожен виклик модулів є в каталозі API платформи 8.3; для платформ, старіших за ${MINIMUM_PLATFORM}, жодне джерело не підтверджує їх усіх, тож старіших інструкція не обіцяє.`;
  const tls = usesTls(r)
    ? `
- **Перевірка сертифіката сервера.** Модуль сам, під час виконання, дивиться на версію платформи
  (\`СистемнаяИнформация.ВерсияПриложения\`). На ${certificateBuilds()} з'єднання перевіряє сертифікат
  ${r.endpoint.host} за сховищем сертифікатів ОС (\`Новый СертификатыУдостоверяющихЦентровОС\`). На старіших
  платформах (зокрема 8.3.18–8.3.21, на яких працює багато баз BAS) цього типу немає, і модуль
  з'єднується по TLS без перевірки сертифіката: дані шифруються, але підміну сервера не видно.
  Щоб перевірка була, оновіть платформу — модуль змінювати не треба.`
    : '';
  return `## Платформа

Потрібна платформа **${MINIMUM_PLATFORM} або новіша** (версію видно в *Справка → О программе*).
${why}${
  r.auth.kind === 'secret'
    ? `
- Новішої платформи не потребує жоден рядок, який модулі виконують на ній: побітове «виключне або» для підпису
  рахується байт за байтом (\`Получить\`/\`Установить\`), а не методом \`ЗаписатьПобитовоеИсключительноеИли\`,
  версія появи якого невідома.`
    : ''
}${tls}
`;
}

/** The same section in English. */
export function platformSectionEn(r: Resolved): string {
  const why =
    r.auth.kind === 'secret'
      ? `The signature is built on \`БуферДвоичныхДанных\` and \`ПолучитьДвоичныеДанныеИзСтроки\`, which appeared in ${MINIMUM_PLATFORM}.`
      : `Every call in the modules is in the 8.3 platform API catalogue; for platforms older than ${MINIMUM_PLATFORM} no source establishes them all, so the guide promises none older.`;
  const tls = usesTls(r)
    ? `
- **Server certificate verification.** The module looks at the platform version itself, at run
  time (\`СистемнаяИнформация.ВерсияПриложения\`). On ${certificateBuilds()} the connection verifies
  ${r.endpoint.host}'s certificate against the OS certificate store (\`Новый СертификатыУдостоверяющихЦентровОС\`).
  Older platforms (8.3.18–8.3.21 among them, which many BAS bases run) lack that type, and the
  module connects over TLS without verifying the certificate: the data is encrypted, but a spoofed
  server would go unnoticed. Upgrade the platform to get verification; the module stays as it is.`
    : '';
  return `## Platform

1C:Enterprise platform **${MINIMUM_PLATFORM} or later** (see *Справка → О программе*).
${why}${
  r.auth.kind === 'secret'
    ? `
- No line the modules execute there needs a newer platform: the signature's bitwise XOR is computed byte by
  byte (\`Получить\`/\`Установить\`), not with \`ЗаписатьПобитовоеИсключительноеИли\`, whose first
  version is unknown.`
    : ''
}${tls}
`;
}
