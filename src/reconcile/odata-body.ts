import { date, num, type OneCValue, writeOneCJson } from '../bsl/one-c-json.js';
import type { AttributeDefinition, KindDefinition } from '../kinds/kind-definition.js';
import { type ODataEntity, ODataNumber, type ODataValue, textOf } from '../odata/odata-json.js';
import { EMPTY_REF } from '../odata/odata-reader.js';
import { CONTACT_SECTION, contactType, odataField, sourcePath } from './odata-names.js';

type Data = Record<string, OneCValue>;

/**
 * An object read over OData, written as the kind's webhook body — the bytes the generated
 * module would have posted for it — so it is decoded and normalised by the very code that
 * ingests webhooks, and compared (or applied) as one.
 *
 * OData does not carry everything a webhook does: a reference's presentation (only a
 * catalog's Description, through `$expand`), the object's own `Строка(Ссылка)`, computed
 * sources. Those are taken from the stored body when there is one (`stored`, the payload of
 * the object's current webhook) so they never count as differences; the rest of the stored
 * payload (fields the declaration does not know) is kept too. НомерСобытия is never sent:
 * an OData read has no place in 1C's event order.
 */
export function odataWebhookBody(
  kind: KindDefinition,
  object: ODataEntity,
  sections: ReadonlyMap<string, readonly ODataEntity[]>,
  stored: Data | undefined,
  action: 'update' | 'delete' = 'update',
): Buffer {
  const data: Data = { ...stored };
  delete data.НомерСобытия;
  data[kind.refField] = stored?.[kind.refField] ?? presentationOf(kind, object);
  const enums = enumPresentations(stored);
  for (const a of kind.attributes) {
    const value = contactValue(a, sections.get(CONTACT_SECTION)) ?? attributeValue(a, object, stored?.[a.name], enums);
    if (value !== undefined) data[a.name] = value;
  }
  for (const s of kind.sections) {
    const storedRows = Array.isArray(stored?.[s.name]) ? (stored[s.name] as Data[]) : [];
    const rows: OneCValue[] = [];
    for (const source of s.sources) {
      for (const row of sections.get(source) ?? []) {
        const at = rows.length;
        const out: Data = {};
        if (s.discriminator && kind.store === 'objects') out[s.discriminator] = source;
        for (const a of s.attributes) {
          const value = attributeValue(a, row, storedRows[at]?.[a.name], enums);
          if (value !== undefined) out[a.name] = value;
          else if (storedRows[at] && a.name in storedRows[at]) out[a.name] = storedRows[at][a.name]!;
        }
        rows.push(out);
      }
    }
    data[s.name] = rows;
  }
  data.УникальныйИдентификатор = textOf(object.Ref_Key) ?? '';
  data.ПометкаУдаления = object.DeletionMark === true;
  const version = textOf(object.DataVersion);
  if (version !== null) data.ВерсияДанных = version;
  else delete data.ВерсияДанных;
  return writeOneCJson({ action, [kind.payloadKey]: data }, COMPACT);
}

/**
 * The journal keeps these bytes: written as ЗаписатьJSON writes with ПереносСтрокJSON.Нет (no line
 * breaks, no tabs) — a third smaller for a document with lines, so a load of years of history
 * hashes, decodes, compresses and stores less. Webhooks from 1C keep the bytes 1C sent.
 */
const COMPACT = { newline: '', indent: '' } as const;

/** The stored payload with `action: delete`: how an object gone from 1C is marked deleted (never erased). */
export function deletionBody(kind: KindDefinition, stored: Data): Buffer {
  const data: Data = { ...stored };
  delete data.НомерСобытия;
  return writeOneCJson({ action: 'delete', [kind.payloadKey]: data }, COMPACT);
}

/**
 * The presentations of the enumeration values a stored body holds, by `Тип|Имя`: OData gives a
 * value's name only, and a row that moved (one deleted above it) no longer sits beside its own.
 */
function enumPresentations(stored: Data | undefined): Map<string, string> {
  const known = new Map<string, string>();
  const visit = (v: OneCValue | undefined): void => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (v !== null && typeof v === 'object' && !('УникальныйИдентификатор' in v)) {
      const d = v as Data;
      if (typeof d.Имя === 'string' && typeof d.Представление === 'string' && typeof d.Тип === 'string') known.set(`${d.Тип}|${d.Имя}`, d.Представление);
      else Object.values(d).forEach(visit);
    }
  };
  if (stored) Object.values(stored).forEach(visit);
  return known;
}

/**
 * A `КонтактнаяИнформация(<Тип>)` source as the generated modules compute it: the first non-empty
 * (trimmed) Представление of a row of that Тип, "" when none. undefined: not a contact source, or
 * the section was not read (a configuration without it): the stored value stays.
 */
function contactValue(a: AttributeDefinition, rows: readonly ODataEntity[] | undefined): OneCValue | undefined {
  const type = contactType(a);
  if (type === null || rows === undefined) return undefined;
  for (const row of rows) {
    const shown = (textOf(row.Представление) ?? '').trim();
    if (textOf(row.Тип) === type && shown !== '') return shown;
  }
  return '';
}

/** undefined: OData cannot say (a computed source); the stored value, if any, stays. */
function attributeValue(a: AttributeDefinition, object: ODataEntity, stored: OneCValue | undefined, enums: ReadonlyMap<string, string>): OneCValue | undefined {
  const path = sourcePath(a);
  if (!path) return undefined;
  const field = odataField(path[0]!);
  if (path.length === 2) {
    const target = object[field];
    if (target === null || typeof target !== 'object' || Array.isArray(target) || target instanceof ODataNumber) return a.type.type === 'string' ? '' : null;
    return scalar(a, (target as ODataEntity)[odataField(path[1]!)]);
  }
  if (a.type.type !== 'ref') return scalar(a, object[field]);
  const targets = a.type.targets;
  const storedRef = stored !== null && typeof stored === 'object' && !Array.isArray(stored) ? (stored as Data) : undefined;
  if (targets.every((t) => t.class === 'Перечисление')) {
    // An enum value arrives as its name; an empty one as "".
    const name = textOf(object[field]);
    if (!name) return null;
    const type = targets.length === 1 ? `Перечисление.${targets[0]!.name}` : ((storedRef?.Тип as string | undefined) ?? null);
    const presentation = storedRef?.Имя === name ? (storedRef.Представление as string) : ((type && enums.get(`${type}|${name}`)) ?? name);
    return { Имя: name, Представление: presentation, ...(type ? { Тип: type } : {}) };
  }
  const key = textOf(object[`${field}_Key`])?.toLowerCase();
  if (!key || key === EMPTY_REF) return null;
  const sameRef = typeof storedRef?.УникальныйИдентификатор === 'string' && storedRef.УникальныйИдентификатор.toLowerCase() === key;
  const expanded = object[field];
  const description =
    expanded && typeof expanded === 'object' && !Array.isArray(expanded) && !(expanded instanceof ODataNumber) ? textOf(expanded.Description) : null;
  const type =
    sameRef && typeof storedRef?.Тип === 'string'
      ? storedRef.Тип
      : targets.length === 1
        ? `${targets[0]!.class}.${targets[0]!.name}`
        : (textOf(object[`${field}_Type`])?.replace(/^StandardODATA\./, '') ?? null);
  return {
    УникальныйИдентификатор: key,
    Представление: sameRef ? (storedRef!.Представление as string) : (description ?? ''),
    ...(type ? { Тип: type } : {}),
  };
}

function scalar(a: AttributeDefinition, raw: ODataValue | undefined): OneCValue {
  switch (a.type.type) {
    case 'number': {
      const text = textOf(raw);
      return text === null ? null : num(text);
    }
    case 'date': {
      const text = textOf(raw);
      return text === null ? null : date(text.slice(0, 19));
    }
    case 'boolean':
      return raw === true;
    default: {
      if (raw === true || raw === false) return raw;
      return textOf(raw) ?? (a.type.type === 'string' ? '' : null);
    }
  }
}

/** `Строка(Ссылка)` when no webhook ever said it: a catalog's Description, a document's number and date. */
function presentationOf(kind: KindDefinition, object: ODataEntity): string {
  if (kind.metaClass === 'Справочник') return textOf(object.Description) ?? textOf(object.Code) ?? '';
  const local = textOf(object.Date) ?? '';
  const [d = '', t = ''] = local.split('T');
  const [y, m, day] = d.split('-');
  // 1C writes the hour of a date in a presentation without a leading zero (12.11.2026 9:32:45).
  return `${kind.label.uk} ${textOf(object.Number) ?? ''} от ${day}.${m}.${y} ${t.slice(0, 8).replace(/^0(?=\d:)/, '')}`;
}
