/**
 * ИнформацияОбОшибке(): the platform's description of the error being handled. `Описание` is
 * the bare text; ОписаниеОшибки() and ПодробноеПредставлениеОшибки() add the module and line
 * as 1C does: `{ОбщийМодуль.Имя.Модуль(12)}: текст`.
 */
import { defineClass, PlatformObject } from './class-def.js';
import type { BslRuntimeError } from './errors.js';
import { type BslValue, num } from './values.js';

export function errorDescription(e: BslRuntimeError): string {
  const own = `{${e.position.module}(${e.position.line})}: ${e.description}`;
  return e.options.cause ? `${own}\nпо причине:\n${errorDescription(e.options.cause)}` : own;
}

const CLASS = defineClass<ErrorInfo>({
  ru: 'ИнформацияОбОшибке',
  en: 'ErrorInfo',
  properties: {
    Описание: { en: 'Description', get: (s) => s.error.description },
    ИмяМодуля: { en: 'ModuleName', get: (s) => s.error.position.module },
    НомерСтроки: { en: 'LineNumber', get: (s) => num(s.error.position.line) },
    ИсходнаяСтрока: { en: 'SourceLine', get: () => '' },
    Причина: { en: 'Cause', get: (s): BslValue => (s.error.options.cause ? new ErrorInfo(s.error.options.cause) : undefined) },
    Категория: { en: 'Category', get: (s) => s.error.options.category ?? 'ОшибкаВоВремяВыполненияВстроенногоЯзыка' },
    Код: { en: 'ErrorCode', get: (s) => s.error.options.code ?? '' },
    ДополнительныеДанные: { en: 'AdditionalData', get: () => undefined },
  },
  methods: {
    ЯвляетсяОшибкойИспользования: { en: 'IsUseError', call: (s) => s.error.options.raised === true },
  },
});

export class ErrorInfo extends PlatformObject {
  readonly cls = CLASS;

  constructor(readonly error: BslRuntimeError) {
    super();
  }

  presentation(): string {
    return this.error.description;
  }
}
