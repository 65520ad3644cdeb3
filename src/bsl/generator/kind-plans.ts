import type { AttributeDefinition, KindDefinition, MetaClass } from '../../kinds/kind-definition.js';
import { loadDeclarations } from '../../kinds/load-declarations.js';
import type { OneCType } from '../../kinds/one-c-type.js';
import type { BslNames } from './types.js';

/**
 * What the generated modules send for one declared kind, after the generator's options were
 * applied: the declaration's attributes and sections with the paths the module reads in this
 * configuration. The templates read only this.
 */
export interface PlannedAttribute {
  /** The key in the body. */
  key: string;
  /** The path read from the object (or the row), or `КонтактнаяИнформация(<type>)`. */
  source: string;
  type: OneCType;
  required: boolean;
}

export interface PlannedSection {
  key: string;
  /** The tabular sections read, in order: the metadata name, and the discriminator's value for its rows. */
  sources: Array<{ read: string; value: string }>;
  discriminator: string | null;
  attributes: PlannedAttribute[];
}

export interface KindPlan {
  kind: string;
  /** The outbox register's `Вид`. */
  bslKind: string;
  metaClass: MetaClass;
  /** The metadata object's name in this configuration. */
  name: string;
  webhookPath: string;
  payloadKey: string;
  refField: string;
  label: { uk: string; en: string };
  attributes: PlannedAttribute[];
  sections: PlannedSection[];
}

/** The classic modules' three kinds, in the order their modules were always written. */
const CLASSIC_ORDER = ['incoming', 'outgoing', 'client'];

let shipped: readonly KindDefinition[] | undefined;

/** The shipped declarations, read once per process: the generator's default kinds. */
export function shippedKinds(): readonly KindDefinition[] {
  shipped ??= loadDeclarations();
  return shipped;
}

export interface PlanOptions {
  names: BslNames;
  includeServices: boolean;
  includeVat: boolean;
}

/**
 * Applies the classic options to the classic kinds' declarations: `names.receipt`/`invoice`/
 * `client` rename their objects, `goodsTable`/`servicesTable` the sections their positions are
 * read from (the discriminator's value stays "Товары"/"Услуги": that is the wire format, not a
 * metadata name), `counterparty`, `edrpou` and `taxId` the steps of their paths;
 * `includeServices: false` drops the services section, `includeVat: false` the rows' VAT.
 * Other kinds are sent exactly as declared. Classic kinds come first, then the rest as given.
 */
export function planKinds(kinds: readonly KindDefinition[], o: PlanOptions): KindPlan[] {
  if (kinds.length === 0) throw new Error('no kinds to generate modules for');
  const seen = new Set<string>();
  for (const k of kinds) {
    if (seen.has(k.bslKind)) throw new Error(`two kinds share the Вид "${k.bslKind}"`);
    seen.add(k.bslKind);
  }
  const rank = (k: KindDefinition) => (CLASSIC_ORDER.includes(k.kind) && k.store !== 'objects' ? CLASSIC_ORDER.indexOf(k.kind) : CLASSIC_ORDER.length);
  const ordered = kinds.map((k, i) => ({ k, i })).sort((a, b) => rank(a.k) - rank(b.k) || a.i - b.i);
  return ordered.map(({ k }) => (k.store === 'objects' ? plan(k) : classicPlan(k, o)));
}

function attribute(a: AttributeDefinition, source = a.source): PlannedAttribute {
  return { key: a.name, source, type: a.type, required: a.required };
}

function plan(k: KindDefinition): KindPlan {
  return {
    kind: k.kind,
    bslKind: k.bslKind,
    metaClass: k.metaClass,
    name: k.oneCName,
    webhookPath: k.webhookPath,
    payloadKey: k.payloadKey,
    refField: k.refField,
    label: k.label,
    attributes: k.attributes.map((a) => attribute(a)),
    sections: k.sections.map((s) => ({
      key: s.name,
      sources: s.sources.map((src) => ({ read: src, value: src })),
      discriminator: s.discriminator,
      attributes: s.attributes.map((a) => attribute(a)),
    })),
  };
}

const CLASSIC_OBJECT: Record<string, keyof BslNames> = { incoming: 'receipt', outgoing: 'invoice', client: 'client' };
const CLASSIC_SECTION: Record<string, keyof BslNames> = { Товары: 'goodsTable', Услуги: 'servicesTable' };
const VAT_KEYS = new Set(['СтавкаНДС', 'СуммаНДС']);

function classicPlan(k: KindDefinition, o: PlanOptions): KindPlan {
  const p = plan(k);
  const n = o.names;
  const isDocument = k.metaClass === 'Документ';
  const rename = (source: string) =>
    source
      .split('.')
      .map((step, i) => {
        if (isDocument && i === 0 && step === 'Контрагент') return n.counterparty;
        if (step === 'КодПоЕДРПОУ') return n.edrpou;
        if (step === 'ИНН') return n.taxId;
        return step;
      })
      .join('.');
  const objectOption = CLASSIC_OBJECT[k.kind];
  return {
    ...p,
    name: objectOption ? n[objectOption] : p.name,
    attributes: p.attributes.map((a) => ({ ...a, source: a.source.startsWith('КонтактнаяИнформация(') ? a.source : rename(a.source) })),
    sections: p.sections.map((s) => ({
      ...s,
      sources: s.sources
        .filter((src) => o.includeServices || src.value !== 'Услуги')
        .map((src) => {
          const option = CLASSIC_SECTION[src.value];
          return { read: option ? n[option] : src.read, value: src.value };
        }),
      attributes: s.attributes.filter((a) => o.includeVat || !VAT_KEYS.has(a.key)).map((a) => ({ ...a, source: rename(a.source) })),
    })),
  };
}
