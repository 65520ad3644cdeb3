/**
 * The configuration's own object modules, as a vendor ships them: handlers that do ordinary
 * work (a document totals its tabular sections before the write; a counterparty fills its full
 * name). The generated handlers are installed over them the two ways the guide describes:
 * as an extension (`&Перед`/`&После` need the vendor's handler to exist — the configurator
 * refuses an annotation naming a missing method) or inserted directly, by moving the lines
 * between the `>>> onec-sync` / `<<< onec-sync` marks to the end of the vendor's procedure of
 * the same name — exactly what the guide tells a developer to do.
 */
import type { BslNames } from '../../generator/types.js';

export function vendorDocumentModule(n: Pick<BslNames, 'goodsTable' | 'servicesTable'>): string {
  return `// Модуль об'єкта типової конфігурації (спрощено).

Процедура ПередЗаписью(Отказ, РежимЗаписи, РежимПроведения)
	Если ОбменДанными.Загрузка Тогда
		Возврат;
	КонецЕсли;
	СуммаДокумента = ${n.goodsTable}.Итог("Сумма") + ${n.servicesTable}.Итог("Сумма");
КонецПроцедуры

Процедура ПриЗаписи(Отказ)
	Если ОбменДанными.Загрузка Тогда
		Возврат;
	КонецЕсли;
КонецПроцедуры

Процедура ПередУдалением(Отказ)
	Если ОбменДанными.Загрузка Тогда
		Возврат;
	КонецЕсли;
КонецПроцедуры
`;
}

export function vendorCatalogModule(): string {
  return `// Модуль об'єкта типової конфігурації (спрощено).

Процедура ПередЗаписью(Отказ)
	Если ОбменДанными.Загрузка Тогда
		Возврат;
	КонецЕсли;
	Если НЕ ЭтоГруппа И ПустаяСтрока(НаименованиеПолное) Тогда
		НаименованиеПолное = Наименование;
	КонецЕсли;
КонецПроцедуры

Процедура ПриЗаписи(Отказ)
КонецПроцедуры

Процедура ПередУдалением(Отказ)
КонецПроцедуры
`;
}

/**
 * The object module of any other document or catalog: the three handlers, doing nothing but the
 * exchange check (an extension's `&Перед`/`&После` needs each to exist).
 */
export function vendorPlainModule(cls: 'Документ' | 'Справочник'): string {
  const params = cls === 'Документ' ? 'Отказ, РежимЗаписи, РежимПроведения' : 'Отказ';
  const handler = (name: string, p: string) => `Процедура ${name}(${p})
	Если ОбменДанными.Загрузка Тогда
		Возврат;
	КонецЕсли;
КонецПроцедуры
`;
  return `// Модуль об'єкта типової конфігурації (спрощено).

${handler('ПередЗаписью', params)}
${handler('ПриЗаписи', 'Отказ')}
${handler('ПередУдалением', 'Отказ')}`;
}

/**
 * The direct install: each generated procedure's marked lines go to the end of the vendor's
 * procedure of the same name; a procedure the vendor module lacks is appended whole.
 */
export function insertDirect(vendorText: string, directText: string): string {
  let result = vendorText;
  const procedure = /^Процедура\s+([\p{L}\p{N}_]+)\s*\([^)]*\)[\s\S]*?^КонецПроцедуры/gmu;
  for (const match of directText.matchAll(procedure)) {
    const name = match[1]!;
    const block = /^[ \t]*\/\/ >>> onec-sync[\s\S]*?\/\/ <<< onec-sync[^\n]*\n/m.exec(match[0]);
    const vendor = new RegExp(`^Процедура\\s+${name}\\s*\\([^)]*\\)[\\s\\S]*?^КонецПроцедуры`, 'mu').exec(result);
    if (!vendor || !block) {
      result += `\n${match[0]}\n`;
      continue;
    }
    const end = vendor.index + vendor[0].lastIndexOf('КонецПроцедуры');
    result = result.slice(0, end) + block[0] + result.slice(end);
  }
  return result;
}
