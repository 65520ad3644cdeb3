import { type TSchema, Type } from '@sinclair/typebox';
import type { AttributeDefinition, KindDefinition } from '../kinds/kind-definition.js';
import type { OneCType } from '../kinds/one-c-type.js';
import { Action, ObjectMeta } from './webhook-schemas.js';

/**
 * The webhook body of a declared kind, built from its declaration: the same keys the
 * generated modules write (docs/kinds.md, "On the wire"). It validates at the edge, gives
 * /openapi.json each kind's fields, and refuses what 1C cannot have sent — a string longer
 * than its Строка(n), a text where a number is declared — with a 400 naming the field.
 * Unknown keys are kept (as for the classic kinds): a configuration may add attributes.
 */

const GUID = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
const LOCAL_DATE = '^\\d{4}-\\d{2}-\\d{2}([T ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?)?$';

/** A reference on the wire: null when empty; GUID, presentation and the referenced object's full name. */
const Reference = (description: string) =>
  Type.Union(
    [
      Type.Null(),
      Type.Object({
        УникальныйИдентификатор: Type.Optional(Type.String({ pattern: GUID, description: 'Ссылка.УникальныйИдентификатор()' })),
        Имя: Type.Optional(Type.String({ description: 'An enumeration value: XMLСтрока(Значение)' })),
        Представление: Type.String({ description: 'Строка(Ссылка): shown before the referenced object arrives' }),
        Тип: Type.Optional(Type.String({ description: 'Ссылка.Метаданные().ПолноеИмя(), e.g. Справочник.Контрагенты' })),
      }),
    ],
    { description },
  );

function valueSchema(t: OneCType, description: string): TSchema {
  switch (t.type) {
    case 'string':
      return Type.Union([Type.String(t.length > 0 ? { maxLength: t.length } : {}), Type.Null()], { description });
    case 'number':
      return Type.Union([Type.Number(), Type.String({ pattern: '^\\s*-?\\d+(\\.\\d+)?\\s*$' }), Type.Null()], { description });
    case 'date':
      return Type.Union([Type.String({ pattern: LOCAL_DATE }), Type.Null()], { description: `${description}; the empty date 0001-01-01T00:00:00 means none` });
    case 'boolean':
      return Type.Union([Type.Boolean(), Type.Null()], { description });
    case 'ref':
      return Reference(description);
  }
}

function attributeSchemas(attributes: readonly AttributeDefinition[]): Record<string, TSchema> {
  const properties: Record<string, TSchema> = {};
  for (const a of attributes) {
    const schema = valueSchema(a.type, `${a.label.en} — ${a.typeText}, from ${a.source}`);
    properties[a.name] = a.required ? schema : Type.Optional(schema);
  }
  return properties;
}

/** The object under the kind's payload key (`data` by default). */
export function declaredObjectSchema(kind: KindDefinition): TSchema {
  const properties: Record<string, TSchema> = {
    [kind.refField]: Type.String({ minLength: 1, description: 'Строка(Ссылка): a presentation, the identity only without УникальныйИдентификатор' }),
    ...attributeSchemas(kind.attributes),
  };
  for (const s of kind.sections) {
    const row = attributeSchemas(s.attributes);
    if (s.discriminator) row[s.discriminator] = Type.Optional(Type.String({ description: 'The tabular section the row came from' }));
    properties[s.name] = Type.Optional(Type.Array(Type.Object(row), { description: `${s.label.en}: the rows of ${s.sources.join(', ')}, in line order` }));
  }
  return Type.Object(Object.assign({}, properties, ObjectMeta));
}

/** `{"action": …, "<payloadKey>": {…}}`, with an `$id` per kind for /openapi.json. */
export function declaredWebhookSchema(kind: KindDefinition): TSchema {
  const id = `${kind.kind.replace(/(^|-)([a-z])/g, (_m, _d, c: string) => c.toUpperCase())}Webhook`;
  return Type.Object({ action: Action, [kind.payloadKey]: declaredObjectSchema(kind) }, { $id: id, description: `${kind.metaClass}.${kind.oneCName}` });
}
