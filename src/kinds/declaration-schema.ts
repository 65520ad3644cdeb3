import { type Static, Type } from '@sinclair/typebox';

/**
 * A kind's declaration file, as a 1C developer or an operator writes it (JSON): the 1C object,
 * the attributes and tabular sections that are sent with their 1C types, which attributes the
 * ERP lists, filters, sorts and searches by, and the labels. `load-declarations.ts` checks a file
 * against this schema, then checks what a schema cannot say (names that refer to each other).
 * docs/kinds.md describes every field with an example.
 */

const Label = Type.Object(
  { uk: Type.String({ minLength: 1 }), en: Type.String({ minLength: 1 }) },
  { additionalProperties: false, description: 'Shown to people: Ukrainian and English' },
);

export const ROLES = ['number', 'date', 'counterparty', 'amount', 'code', 'name', 'posted'] as const;
export type Role = (typeof ROLES)[number];

const Attribute = Type.Object(
  {
    name: Type.String({ minLength: 1, description: 'The key in the webhook body' }),
    type: Type.String({ minLength: 1, description: 'The 1C type: Строка(150), Число(15,2), Дата, ДатаВремя, Булево, СправочникСсылка.Контрагенты, …' }),
    source: Type.Optional(
      Type.String({
        minLength: 1,
        description: 'Where the generated module reads it: a path from the object (default: the name), e.g. "Контрагент.Наименование"',
      }),
    ),
    required: Type.Optional(Type.Boolean({ description: 'A body without it is refused (400)' })),
    label: Type.Optional(Label),
  },
  { additionalProperties: false },
);
export type AttributeDeclaration = Static<typeof Attribute>;

const Section = Type.Object(
  {
    name: Type.String({ minLength: 1, description: 'The key of the array of rows in the webhook body' }),
    sources: Type.Optional(
      Type.Array(Type.String({ minLength: 1 }), {
        minItems: 1,
        description: "The object's tabular sections the rows come from (default: the name); with several, rows are concatenated",
      }),
    ),
    discriminator: Type.Optional(Type.String({ minLength: 1, description: 'With several sources: the row key that names the section a row came from' })),
    label: Type.Optional(Label),
    attributes: Type.Array(Attribute, { minItems: 1 }),
  },
  { additionalProperties: false },
);
export type SectionDeclaration = Static<typeof Section>;

export const KindDeclaration = Type.Object(
  {
    $schema: Type.Optional(Type.String()),
    kind: Type.String({ pattern: '^[a-z][a-z0-9-]{0,31}$', description: 'The kind as the read API, the feed and subscriptions name it' }),
    endpoint: Type.Optional(Type.String({ pattern: '^[a-z][a-z0-9-]{0,47}$', description: 'POST /api/webhook/1c/<endpoint> (default: the kind)' })),
    object: Type.String({ minLength: 3, description: 'The 1C metadata object: Документ.РеализацияТоваровУслуг or Справочник.Номенклатура' }),
    bslKind: Type.Optional(
      Type.String({ pattern: '^[a-z][a-z0-9]{0,9}$', description: "The generated modules' Вид in their outbox register, Строка(10) (default: the kind)" }),
    ),
    payloadKey: Type.Optional(Type.String({ minLength: 1, description: 'The body key holding the object (default: "data")' })),
    refField: Type.Optional(Type.String({ minLength: 1, description: 'The body key holding Строка(Ссылка) (default: "Ссылка")' })),
    store: Type.Optional(
      Type.Union([Type.Literal('objects'), Type.Literal('invoices'), Type.Literal('clients')], {
        description: 'Where it is kept: "objects" (every declared kind); "invoices"/"clients" only for the three kinds of the classic modules',
      }),
    ),
    label: Label,
    attributes: Type.Array(Attribute, { minItems: 1 }),
    tabularSections: Type.Optional(Type.Array(Section)),
    roles: Type.Optional(
      Type.Partial(Type.Object(Object.fromEntries(ROLES.map((r) => [r, Type.String({ minLength: 1 })])) as Record<Role, ReturnType<typeof Type.String>>), {
        additionalProperties: false,
        description: 'Which attribute is the number, date, counterparty, amount, code, name, posted flag: these are stored in indexed columns',
      }),
    ),
    list: Type.Optional(Type.Array(Type.String({ minLength: 1 }), { description: 'Attributes shown in lists (and returned by the list API)' })),
    filter: Type.Optional(Type.Array(Type.String({ minLength: 1 }), { description: 'Attributes the list can be filtered by (role attributes only)' })),
    sort: Type.Optional(Type.Array(Type.String({ minLength: 1 }), { description: 'Attributes the list can be sorted by (role attributes only)' })),
    search: Type.Optional(Type.Array(Type.String({ minLength: 1 }), { description: 'Attributes whose text `q` searches' })),
  },
  { additionalProperties: false },
);
export type KindDeclaration = Static<typeof KindDeclaration>;
