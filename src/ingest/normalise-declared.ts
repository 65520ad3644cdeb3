import type { ChangeAction } from '../domain/change-action.js';
import { objectIdentity } from '../domain/object-identity.js';
import { AppError } from '../errors/app-error.js';
import type { DeclaredContent, DeclaredValue } from '../kinds/declared-content.js';
import type { AttributeDefinition, KindDefinition } from '../kinds/kind-definition.js';
import { META_KEYS } from '../kinds/load-declarations.js';
import type { OneCType } from '../kinds/one-c-type.js';
import { decimalValue, extraFields, integerText, optionalText, requiredDateValue, textValue } from './normalise-values.js';
import type { DeclaredChange } from './object-change.js';

type Json = Record<string, unknown>;

/**
 * A declared kind's validated body → its change: every attribute normalised by its 1C type
 * (exact decimal strings checked against Число(p,s), 1C's local dates with the empty date as
 * null, references as GUID + presentation), sections' rows in order, unknown keys kept.
 */
export class DeclaredNormaliser {
  private readonly known: ReadonlySet<string>;

  constructor(readonly kind: KindDefinition) {
    this.known = new Set([kind.refField, ...META_KEYS, ...kind.attributes.map((a) => a.name), ...kind.sections.map((s) => s.name)]);
  }

  normalise(body: Json): DeclaredChange {
    const kind = this.kind;
    const action = body.action as ChangeAction;
    const data = body[kind.payloadKey] as Json;
    const at = kind.payloadKey;
    const attributes: Record<string, DeclaredValue> = {};
    for (const a of kind.attributes) attributes[a.name] = value(a, data[a.name], `${at}.${a.name}`);
    const sections: Record<string, Json[]> = {};
    for (const s of kind.sections) {
      const rows = (data[s.name] as Json[] | undefined) ?? [];
      sections[s.name] = rows.map((row, i) => {
        const out: Json = {};
        if (s.discriminator) out[s.discriminator] = textValue(row[s.discriminator]);
        for (const a of s.attributes) out[a.name] = value(a, row[a.name], `${at}.${s.name}[${i}].${a.name}`);
        return out;
      });
    }
    const extra = extraFields(data, this.known);
    const content: DeclaredContent = { attributes, sections, deletionMark: data.ПометкаУдаления === true, ...(extra ? { extra } : {}) };
    const uuid = typeof data.УникальныйИдентификатор === 'string' ? data.УникальныйИдентификатор.toLowerCase() : null;
    const sourceRef = String(data[kind.refField]);
    return {
      objectType: 'object',
      kind: kind.kind,
      action,
      identity: objectIdentity(uuid, sourceRef),
      uuid,
      sourceRef,
      eventNumber: integerText(data.НомерСобытия),
      dataVersion: optionalText(data.ВерсияДанных),
      content,
      warnings: [],
    };
  }
}

function value(a: AttributeDefinition, raw: unknown, path: string): DeclaredValue {
  if (raw === undefined || raw === null) return a.type.type === 'boolean' ? false : null;
  return typed(a.type, raw, path, a.typeText);
}

function typed(t: OneCType, raw: unknown, path: string, typeText: string): DeclaredValue {
  switch (t.type) {
    case 'string':
      return textValue(raw) ?? '';
    case 'boolean':
      return raw === true;
    case 'date':
      return requiredDateValue(raw, path);
    case 'number': {
      const decimal = decimalValue(raw)!;
      checkNumber(decimal, t, path, typeText);
      return decimal;
    }
    case 'ref': {
      const ref = raw as { УникальныйИдентификатор?: string; Имя?: string; Представление: string; Тип?: string };
      return {
        uuid: ref.УникальныйИдентификатор?.toLowerCase() ?? null,
        ...(ref.Имя !== undefined ? { name: ref.Имя } : {}),
        presentation: ref.Представление,
        type: ref.Тип ?? (t.targets.length === 1 ? `${t.targets[0]!.class}.${t.targets[0]!.name}` : null),
      };
    }
  }
}

/** 1C cannot hold a number its Число(p,s) does not fit: such a body was not sent by this configuration. */
function checkNumber(decimal: string, t: { digits: number; scale: number; nonNegative: boolean }, path: string, typeText: string): void {
  const [int = '', frac = ''] = decimal.replace('-', '').split('.');
  const intDigits = int === '0' ? 0 : int.length;
  const refuse = (why: string) => {
    throw new AppError('INVALID_PAYLOAD', { message: `${path}: ${decimal} ${why} (${typeText})`, path });
  };
  if (frac.length > t.scale) refuse(`has more than ${t.scale} digits after the point`);
  if (intDigits > t.digits - t.scale) refuse(`has more than ${t.digits - t.scale} digits before the point`);
  if (t.nonNegative && decimal.startsWith('-')) refuse('is negative');
}
