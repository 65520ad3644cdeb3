import type { Resolved } from './resolve-options.js';

export type InstallStyle = 'extension' | 'direct';

export interface ObjectTarget {
  /** The generated modules' name of the kind (`Вид`). */
  kind: string;
  /** "Документ" or "Справочник": the designer's tree and the file name. */
  metaClass: 'Документ' | 'Справочник';
  name: string;
}

/** One target per declared kind: every Документ and Справочник the modules send. */
export function objectTargets(r: Resolved): ObjectTarget[] {
  return r.kinds.map((k) => ({ kind: k.bslKind, metaClass: k.metaClass, name: k.name }));
}

/** The file a target's object-module code goes to, e.g. extension/Документ.X.МодульОбъекта.bsl. */
export function objectModulePath(style: InstallStyle, t: ObjectTarget): string {
  return `${style}/${t.metaClass}.${t.name}.МодульОбъекта.bsl`;
}

/**
 * Object-module handlers. They hold no logic: they capture ЭтоНовый() in ПередЗаписью
 * (in ПриЗаписи it is always Ложь: the object is already written) and call the common module from
 * ПриЗаписи and ПередУдалением, both of which run inside the write/delete transaction.
 */
export function objectModule(r: Resolved, style: InstallStyle, t: ObjectTarget): string {
  const m = r.names.commonModule;
  const isDocument = t.metaClass === 'Документ';
  const beforeWriteParams = isDocument ? 'Отказ, РежимЗаписи, РежимПроведения' : 'Отказ';
  const proc = (event: string) => (style === 'extension' ? `${m}_${event}` : event);
  const annotation = (kind: 'Перед' | 'После', event: string) => (style === 'extension' ? `&${kind}("${event}")\n` : '');
  const intro =
    style === 'extension'
      ? `// Розширення конфігурації: вставте в модуль об'єкта ЗАПОЗИЧЕНОГО об'єкта ${t.metaClass}.${t.name}.
// Анотації &Перед/&После додають ці процедури до типових обробників, не змінюючи їх:
// конфігурація лишається на підтримці постачальника.
// Якщо конфігуратор повідомляє, що метод не знайдено в модулі, що розширюється (у типовому
// модулі немає такого обробника), видаліть рядок з анотацією і назвіть процедуру точно
// як подію (ПередЗаписью, ПриЗаписи, ПередУдалением).`
      : `// Пряме встановлення: вставте в модуль об'єкта ${t.metaClass}.${t.name} основної конфігурації.
// Якщо процедура з такою назвою вже є, не створюйте другу: перенесіть рядки між
// позначками onec-sync у КІНЕЦЬ наявної процедури (ранній Возврат там пропускає лише їх).`;
  const begin = style === 'direct' ? '    // >>> onec-sync\n' : '';
  const end = style === 'direct' ? '    // <<< onec-sync\n' : '';
  return `// =============================================================================
// onec-sync-bsl/1 — ${t.metaClass}.${t.name}, модуль об'єкта (вид "${t.kind}").
${intro}
// Уся логіка — у загальному модулі ${m}.
// =============================================================================

${annotation('Перед', 'ПередЗаписью')}Процедура ${proc('ПередЗаписью')}(${beforeWriteParams})
    
${begin}    Если ОбменДанными.Загрузка Тогда
        Возврат;
    КонецЕсли;
    // У ПриЗаписи ЭтоНовый() завжди Ложь — об'єкт уже записано; запам'ятовуємо тут.
    ДополнительныеСвойства.Вставить("СинхронизацияERP_ЭтоНовый", ЭтотОбъект.ЭтоНовый());
${end}    
КонецПроцедуры

${annotation('После', 'ПриЗаписи')}Процедура ${proc('ПриЗаписи')}(Отказ)
    
${begin}    Если ОбменДанными.Загрузка Тогда
        Возврат;
    КонецЕсли;
    // Відмова — транзакцію буде відкочено; такий запис не оголошуємо.
    Если Отказ Тогда
        Возврат;
    КонецЕсли;
    // Запис у чергу — у транзакції запису об'єкта: відкат скасує і його.
    ${m}.ЗарегистрироватьИзменение(ЭтотОбъект, "${t.kind}");
${end}    
КонецПроцедуры

${annotation('Перед', 'ПередУдалением')}Процедура ${proc('ПередУдалением')}(Отказ)
    
${begin}    Если ОбменДанными.Загрузка Тогда
        Возврат;
    КонецЕсли;
    Если Отказ Тогда
        Возврат;
    КонецЕсли;
    // Тіло видалення будується зараз, поки об'єкт ще існує; у транзакції видалення.
    ${m}.ЗарегистрироватьИзменение(ЭтотОбъект, "${t.kind}", Истина);
${end}    
КонецПроцедуры
`;
}
