import { type TSchema, Type } from '@sinclair/typebox';
import type { AttributeDefinition, KindDefinition } from '../kinds/kind-definition.js';
import type { OneCType } from '../kinds/one-c-type.js';
import { NullableText, WarningSchema } from './api-schemas.js';

/**
 * The read API's shapes of a declared kind's objects, built from its declaration: each
 * attribute by its 1C type, each tabular section's rows — so /openapi.json describes a
 * sale's lines and a client generated from it knows them. Values: text as text, numbers as
 * exact decimal strings, dates as 1C's local time with the service zone's offset, references
 * as GUID + presentation (+ the referenced object's kind and id once it is here).
 */

export const ReferenceSchema = Type.Object(
  {
    uuid: NullableText('Ссылка.УникальныйИдентификатор(); null for an enumeration value'),
    name: Type.Optional(Type.String({ description: 'An enumeration value: its name (XMLСтрока)' })),
    presentation: Type.String({ description: 'Строка(Ссылка) as 1C wrote it' }),
    type: NullableText('The referenced 1C object: Справочник.Контрагенты'),
    kind: Type.Optional(Type.String({ description: 'The kind it is synced as, when that object is declared' })),
    id: Type.Optional(NullableText('The referenced object here (GET /api/v1/objects/{kind}/{id}); null until it arrives')),
  },
  { $id: 'Reference' },
);

function valueSchema(t: OneCType, description: string): TSchema {
  switch (t.type) {
    case 'string':
      return Type.String({ description });
    case 'number':
      return NullableText(`${description}; exact decimal string`);
    case 'date':
      return NullableText(`${description}; local time with the zone's offset, null for the empty date`);
    case 'boolean':
      return Type.Boolean({ description });
    case 'ref':
      return Type.Union([Type.Ref(ReferenceSchema), Type.Null()], { description });
  }
}

function attributesOf(attributes: readonly AttributeDefinition[]): TSchema {
  return Type.Object(Object.fromEntries(attributes.map((a) => [a.name, valueSchema(a.type, `${a.label.en} (${a.typeText})`)])));
}

const pascal = (kind: string) => kind.replace(/(^|-)([a-z])/g, (_m, _d, c: string) => c.toUpperCase());

/** What every declared object carries besides its attributes. */
const bookkeeping = (kind: string) => ({
  id: Type.String(),
  kind: Type.Literal(kind),
  sourceId: Type.String(),
  uuid: NullableText('УникальныйИдентификатор, when the sender sends it'),
  sourceRef: Type.String({ description: 'Строка(Ссылка)' }),
  deletionMark: Type.Boolean(),
  deleted: Type.Boolean(),
  version: Type.Integer(),
  eventNumber: NullableText(),
  dataVersion: NullableText(),
  warnings: Type.Array(WarningSchema),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

/** A list item: the listed attributes only. */
export function declaredSummarySchema(kind: KindDefinition): TSchema {
  return Type.Object({ ...bookkeeping(kind.kind), attributes: attributesOf(kind.list) }, { $id: `${pascal(kind.kind)}Summary` });
}

/** One object: every attribute and every tabular section's rows. */
export function declaredObjectSchema(kind: KindDefinition): TSchema {
  const sections = Object.fromEntries(
    kind.sections.map((s) => {
      const row = attributesOf(s.attributes) as ReturnType<typeof Type.Object>;
      const props = s.discriminator ? { ...row.properties, [s.discriminator]: NullableText('The tabular section the row came from') } : row.properties;
      return [s.name, Type.Array(Type.Object(props), { description: `${s.label.en}, in line order` })];
    }),
  );
  return Type.Object(
    {
      ...bookkeeping(kind.kind),
      attributes: attributesOf(kind.attributes),
      sections: Type.Object(sections),
      extra: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    },
    { $id: pascal(kind.kind), description: `${kind.metaClass}.${kind.oneCName}` },
  );
}

/** Any declared object, for the feed (its `kind` says which). */
export const AnyDeclaredObjectSchema = Type.Object(
  {
    ...bookkeeping('x'),
    kind: Type.String(),
    attributes: Type.Record(Type.String(), Type.Unknown()),
    sections: Type.Record(Type.String(), Type.Array(Type.Record(Type.String(), Type.Unknown()))),
    extra: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  },
  { description: 'An object of a declared kind: GET /api/v1/objects/{kind}/{id} describes each kind' },
);
