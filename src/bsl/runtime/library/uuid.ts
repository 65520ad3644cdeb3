/** УникальныйИдентификатор: a UUID, compared by value, shown in lower-case 8-4-4-4-12 form. */
import { randomUUID } from 'node:crypto';
import { defineClass, PlatformObject } from '../class-def.js';
import { BslError } from '../errors.js';
import type { ConstructorDef } from '../host-api.js';
import type { BslValue } from '../values.js';
import { str } from './args.js';

const CLASS = defineClass<BslUuid>({ ru: 'УникальныйИдентификатор', en: 'UUID' });

const UUID_TEXT = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class BslUuid extends PlatformObject {
  readonly cls = CLASS;
  readonly text: string;

  constructor(text: string = randomUUID()) {
    super();
    const t = text.trim();
    if (!UUID_TEXT.test(t)) throw new BslError(`Значение не может быть преобразовано в УникальныйИдентификатор (${text})`);
    this.text = t.toLowerCase();
  }

  presentation(): string {
    return this.text;
  }
  xmlString(): string {
    return this.text;
  }
  hashKey(): string {
    return this.text;
  }
  equals(other: BslValue): boolean {
    return other instanceof BslUuid && other.text === this.text;
  }
  isEmpty(): boolean {
    return this.text === '00000000-0000-0000-0000-000000000000';
  }
}

export const UUID_TYPE: ConstructorDef = {
  ru: 'УникальныйИдентификатор',
  en: 'UUID',
  min: 0,
  max: 1,
  construct: ([text]) => new BslUuid(text === undefined ? undefined : str(text)),
};
