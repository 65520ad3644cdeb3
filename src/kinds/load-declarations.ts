import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Value } from '@sinclair/typebox/value';
import { KindDeclaration, ROLES, type Role } from './declaration-schema.js';
import { type AttributeDefinition, FILTER_ROLES, type KindDefinition, type MetaClass, type SectionDefinition, SORT_ROLES } from './kind-definition.js';
import { ONE_C_NAME, type OneCType, OneCTypeError, parseOneCType } from './one-c-type.js';

/** The declarations that ship with onec-sync: from src/ (tsx) or the compiled dist/ alike. */
export const SHIPPED_DECLARATIONS_DIR = fileURLToPath(new URL('../../src/kinds/declarations/', import.meta.url));

/** Where every webhook path starts; the endpoint follows. */
export const WEBHOOK_PATH_PREFIX = '/api/webhook/1c/';

/**
 * Keys every body of a declared kind may carry besides its attributes: the generated modules add
 * them to every object (identity, deletion mark, data version, event number).
 */
export const META_KEYS = ['УникальныйИдентификатор', 'ПометкаУдаления', 'ВерсияДанных', 'НомерСобытия'] as const;

/** The kinds whose rows live in the classic tables (the classic modules' three objects). */
const CLASSIC_STORES: Record<string, 'invoices' | 'clients'> = { incoming: 'invoices', outgoing: 'invoices', client: 'clients' };

/** A declaration that cannot be used: names the file and the field, and stops the start. */
export class KindDeclarationError extends Error {
  constructor(
    readonly file: string,
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${file}: ${field ? `${field}: ` : ''}${reason}`);
    this.name = 'KindDeclarationError';
  }
}

const CLASSES: Record<string, MetaClass> = { документ: 'Документ', document: 'Документ', справочник: 'Справочник', catalog: 'Справочник' };

/** A path the generated module reads: names joined by dots, or one contact kind of the object's contact table. */
const SOURCE_PATH = /^[\p{L}_][\p{L}\p{N}_]*(\.[\p{L}_][\p{L}\p{N}_]*)*$/u;
const CONTACT_SOURCE = /^КонтактнаяИнформация\((Телефон|АдресЭлектроннойПочты|Адрес)\)$/u;

/** A JSON pointer (`/attributes/3/type`) as people read it (`attributes[3].type`). */
function fieldOf(pointer: string): string {
  return pointer
    .split('/')
    .filter(Boolean)
    .map((p, i) => (/^\d+$/.test(p) ? `[${p}]` : `${i === 0 ? '' : '.'}${p}`))
    .join('');
}

/** Whether an attribute of this type can hold the role (its indexed column's type). */
export function roleFits(role: Role, t: OneCType): boolean {
  switch (role) {
    case 'number':
    case 'name':
      return t.type === 'string';
    case 'code':
      return t.type === 'string' || (t.type === 'number' && t.scale === 0);
    case 'date':
      return t.type === 'date';
    case 'amount':
      return t.type === 'number';
    case 'posted':
      return t.type === 'boolean';
    case 'counterparty':
      return t.type === 'string' || (t.type === 'ref' && t.targets.every((r) => r.class === 'Справочник'));
  }
}

function attributes(file: string, at: string, raw: KindDeclaration['attributes'], taken: Set<string>): AttributeDefinition[] {
  return raw.map((a, i) => {
    const field = `${at}[${i}]`;
    if (!ONE_C_NAME.test(a.name))
      throw new KindDeclarationError(file, `${field}.name`, `"${a.name}" is not a name 1C or JSON readers accept (letters, digits, _)`);
    if (taken.has(a.name)) throw new KindDeclarationError(file, `${field}.name`, `"${a.name}" is declared twice (or is a key every body carries)`);
    taken.add(a.name);
    const source = a.source ?? a.name;
    if (!SOURCE_PATH.test(source) && !CONTACT_SOURCE.test(source)) {
      throw new KindDeclarationError(file, `${field}.source`, `"${source}" is not a path of attribute names joined by dots`);
    }
    let type: OneCType;
    try {
      type = parseOneCType(a.type);
    } catch (e) {
      if (e instanceof OneCTypeError) throw new KindDeclarationError(file, `${field}.type`, e.message);
      throw e;
    }
    return { name: a.name, source, type, typeText: a.type, required: a.required ?? false, label: a.label ?? { uk: a.name, en: a.name } };
  });
}

/** Checks one parsed JSON value as a declaration; `file` names it in every error. */
export function defineKind(file: string, json: unknown, options: { shipped: boolean }): KindDefinition {
  if (!Value.Check(KindDeclaration, json)) {
    const first = [...Value.Errors(KindDeclaration, json)][0]!;
    throw new KindDeclarationError(file, fieldOf(first.path), first.message);
  }
  const d = json;
  const [cls, name, ...rest] = d.object.split('.');
  const metaClass = CLASSES[(cls ?? '').toLowerCase()];
  if (!metaClass || !name || rest.length > 0 || !ONE_C_NAME.test(name)) {
    throw new KindDeclarationError(file, 'object', `"${d.object}" is not Документ.<Name> or Справочник.<Name>`);
  }
  const store = d.store ?? 'objects';
  if (store !== 'objects' && (!options.shipped || CLASSIC_STORES[d.kind] !== store)) {
    throw new KindDeclarationError(file, 'store', `"${store}" holds only the classic modules' kinds; a declared kind is kept in "objects"`);
  }
  const refField = d.refField ?? 'Ссылка';
  const taken = new Set<string>([...META_KEYS, refField]);
  const attrs = attributes(file, 'attributes', d.attributes, taken);
  const sections: SectionDefinition[] = (d.tabularSections ?? []).map((s, i) => {
    const field = `tabularSections[${i}]`;
    if (!ONE_C_NAME.test(s.name) || taken.has(s.name)) {
      throw new KindDeclarationError(file, `${field}.name`, `"${s.name}" is not a free name (declared twice, or not a name)`);
    }
    taken.add(s.name);
    const sources = s.sources ?? [s.name];
    for (const [j, src] of sources.entries()) {
      if (!ONE_C_NAME.test(src)) throw new KindDeclarationError(file, `${field}.sources[${j}]`, `"${src}" is not a tabular section's name`);
    }
    if (sources.length > 1 && !s.discriminator) {
      throw new KindDeclarationError(file, `${field}.discriminator`, 'rows from several tabular sections need a key that names the section each row came from');
    }
    const rowKeys = new Set<string>(s.discriminator ? [s.discriminator] : []);
    return {
      name: s.name,
      sources,
      discriminator: s.discriminator ?? null,
      label: s.label ?? { uk: s.name, en: s.name },
      attributes: attributes(file, `${field}.attributes`, s.attributes, rowKeys),
    };
  });
  const byName = new Map(attrs.map((a) => [a.name, a]));
  const named = (field: string, n: string): AttributeDefinition => {
    const a = byName.get(n);
    if (!a) throw new KindDeclarationError(file, field, `"${n}" is not one of the declared attributes`);
    return a;
  };
  const roles: KindDefinition['roles'] = {};
  for (const role of ROLES) {
    const n = d.roles?.[role];
    if (n === undefined) continue;
    const a = named(`roles.${role}`, n);
    if (!roleFits(role, a.type)) throw new KindDeclarationError(file, `roles.${role}`, `"${n}" (${a.typeText}) cannot be the ${role}`);
    roles[role] = a;
  }
  const roleOf = <R extends Role>(field: string, n: string, allowed: readonly R[]): R => {
    named(field, n);
    const role = allowed.find((r) => roles[r]?.name === n);
    if (!role) {
      throw new KindDeclarationError(file, field, `"${n}" has no index: only the attributes given the roles ${allowed.join(', ')} can be used here`);
    }
    return role;
  };
  const search = (d.search ?? []).map((n, i) => {
    const a = named(`search[${i}]`, n);
    if (a.type.type !== 'string' && a.type.type !== 'ref' && !(a.type.type === 'number' && a.type.scale === 0)) {
      throw new KindDeclarationError(file, `search[${i}]`, `"${n}" (${a.typeText}) has no text to search`);
    }
    return a;
  });
  const endpoint = d.endpoint ?? d.kind;
  return {
    kind: d.kind,
    endpoint,
    webhookPath: WEBHOOK_PATH_PREFIX + endpoint,
    metaClass,
    oneCName: name,
    bslKind: d.bslKind ?? d.kind.replaceAll('-', '').slice(0, 10),
    payloadKey: d.payloadKey ?? 'data',
    refField,
    store,
    countedAs: store === 'clients' ? 'clients' : d.kind,
    label: d.label,
    attributes: attrs,
    sections,
    roles,
    list: (d.list ?? attrs.slice(0, 6).map((a) => a.name)).map((n, i) => named(`list[${i}]`, n)),
    filter: (d.filter ?? []).map((n, i) => roleOf(`filter[${i}]`, n, FILTER_ROLES)),
    sort: (d.sort ?? []).map((n, i) => roleOf(`sort[${i}]`, n, SORT_ROLES)),
    search,
    file,
  };
}

function readFolder(dir: string, shipped: boolean): KindDefinition[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.json'));
  } catch (e) {
    throw new KindDeclarationError(dir, '', `cannot read the declarations' folder (${(e as Error).message})`);
  }
  return names.sort().map((n) => {
    const file = path.join(dir, n);
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
    } catch (e) {
      throw new KindDeclarationError(file, '', `not JSON: ${(e as Error).message}`);
    }
    return defineKind(file, json, { shipped });
  });
}

/**
 * The shipped declarations, then the customer's folder (`ONEC_SYNC_KINDS_DIR`): a customer's
 * declaration of a shipped kind replaces it (that is how a BAS release's other names are
 * adjusted); every other name must be unique across all of them.
 */
export function loadDeclarations(customerDir?: string): KindDefinition[] {
  const byKind = new Map<string, KindDefinition>();
  // The classic modules' kinds first, in their own order (the read API and the stats list them so), then the rest by file name.
  const shipped = readFolder(SHIPPED_DECLARATIONS_DIR, true);
  const classic = Object.keys(CLASSIC_STORES);
  const rank = (k: KindDefinition) => (classic.includes(k.kind) ? classic.indexOf(k.kind) : classic.length);
  for (const k of shipped.sort((a, b) => rank(a) - rank(b))) byKind.set(k.kind, k);
  if (customerDir) {
    for (const k of readFolder(customerDir, false)) {
      const shipped = byKind.get(k.kind);
      if (shipped?.file.startsWith(customerDir)) throw new KindDeclarationError(k.file, 'kind', `"${k.kind}" is declared twice (also in ${shipped.file})`);
      if (shipped && shipped.store !== 'objects') {
        // A classic kind keeps its table and wire format; only its 1C names may be adjusted.
        byKind.set(k.kind, {
          ...k,
          store: shipped.store,
          refField: shipped.refField,
          payloadKey: shipped.payloadKey,
          endpoint: shipped.endpoint,
          webhookPath: shipped.webhookPath,
          bslKind: shipped.bslKind,
        });
      } else {
        byKind.set(k.kind, k);
      }
    }
  }
  const all = [...byKind.values()];
  const unique = (what: string, key: (k: KindDefinition) => string) => {
    const seen = new Map<string, KindDefinition>();
    for (const k of all) {
      const v = key(k);
      const other = seen.get(v);
      if (other) throw new KindDeclarationError(k.file, what, `"${v}" is also ${other.kind}'s (${other.file})`);
      seen.set(v, k);
    }
  };
  unique('endpoint', (k) => k.endpoint);
  unique('bslKind', (k) => k.bslKind);
  unique('object', (k) => `${k.metaClass}.${k.oneCName}`);
  return all;
}
