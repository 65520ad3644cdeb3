import type { KindDefinition } from '../../kinds/kind-definition.js';
import type { BslNames } from '../generator/types.js';
import type { DumpedObject } from '../metadata/read-dumped-configuration.js';
import { ExtensionDumpError } from './extension-dump-error.js';

/** The standard attributes every document or catalog has, which a dump does not list as attributes. */
const STANDARD = new Set([
  'Ссылка',
  'ПометкаУдаления',
  'ВерсияДанных',
  'Предопределенный',
  'ИмяПредопределенныхДанных',
  'Номер',
  'Дата',
  'Проведен',
  'Код',
  'Наименование',
  'Владелец',
  'Родитель',
  'ЭтоГруппа',
  'НомерСтроки',
]);

/**
 * The classic kinds' declarations name the standard configurations' objects; the generator's
 * options may rename the tabular sections and attributes the classic modules read.
 */
function renamed(name: string, n: BslNames): string {
  const map: Record<string, string> = { Товары: n.goodsTable, Услуги: n.servicesTable, Контрагент: n.counterparty, КодПоЕДРПОУ: n.edrpou, ИНН: n.taxId };
  return map[name] ?? name;
}

const firstName = (source: string): string => (/^КонтактнаяИнформация\(/.test(source) ? 'КонтактнаяИнформация' : source.split('.')[0]!);

/** Throws when a declared attribute's source or a tabular section is missing from the customer's object. */
export function checkAdoptedObject(kind: KindDefinition, o: DumpedObject, n: BslNames, configuration: string): void {
  const where = `kind "${kind.kind}": ${o.cls}.${o.name} in the configuration ${configuration}`;
  const attrs = new Set(o.attributes.map((a) => a.name));
  const sections = new Map(o.tabularSections.map((t) => [t.name, new Set(t.attributes.map((a) => a.name))]));
  for (const a of kind.attributes) {
    const first = renamed(firstName(a.source), n);
    if (STANDARD.has(first) || attrs.has(first) || sections.has(first)) continue;
    throw new ExtensionDumpError(`${where} has no attribute ${first} (declared attribute "${a.name}", source ${a.source})`);
  }
  for (const s of kind.sections) {
    for (const src of s.sources.map((x) => renamed(x, n))) {
      const columns = sections.get(src);
      if (!columns) throw new ExtensionDumpError(`${where} has no tabular section ${src} (declared section "${s.name}")`);
      for (const a of s.attributes) {
        const first = renamed(firstName(a.source), n);
        if (STANDARD.has(first) || columns.has(first)) continue;
        throw new ExtensionDumpError(`${where} has no attribute ${src}.${first} (declared attribute "${s.name}.${a.name}", source ${a.source})`);
      }
    }
  }
}
