/**
 * ПотокВПамяти: a seekable stream of bytes in memory. `Новый ПотокВПамяти()` grows as it is
 * written; `Новый ПотокВПамяти(Буфер)` reads and writes that БуферДвоичныхДанных in place and
 * cannot grow past its size. Записать/Прочитать move bytes between the stream and a buffer
 * (Прочитать returns how many it read: fewer at the end); Перейти(Смещение, ПозицияВПотоке)
 * returns the new position; ЗакрытьИПолучитьДвоичныеДанные gives the bytes and closes. Any use
 * after Закрыть is an error. The asynchronous Начать… methods are not implemented.
 */
import { defineClass, PlatformObject } from '../class-def.js';
import { BslError } from '../errors.js';
import type { ConstructorDef } from '../host-api.js';
import type { BslValue } from '../values.js';
import { int, n } from './args.js';
import { BinaryBuffer, BinaryData } from './binary.js';
import { systemEnumValue } from './enums.js';

function buffer(v: BslValue): BinaryBuffer {
  if (v instanceof BinaryBuffer) return v;
  throw new BslError('Неверный тип параметра (Буфер): ожидается БуферДвоичныхДанных');
}

/** A position and a count inside a buffer of `size` bytes. */
function range(pos: BslValue, count: BslValue, size: number): [number, number] {
  const p = int(pos);
  const c = int(count);
  if (p < 0 || c < 0 || p + c > size) throw new BslError('Выход за границы буфера двоичных данных');
  return [p, c];
}

const STREAM = defineClass<MemoryStream>({
  ru: 'ПотокВПамяти',
  en: 'MemoryStream',
  properties: {
    ДоступнаЗапись: { en: 'CanWrite', get: (s) => !s.closed && !s.readOnly },
    ДоступноИзменениеПозиции: { en: 'CanSeek', get: (s) => !s.closed },
    ДоступноЧтение: { en: 'CanRead', get: (s) => !s.closed },
  },
  methods: {
    Записать: {
      en: 'Write',
      min: 3,
      max: 3,
      call: (s, [b, pos, count]) => {
        s.open();
        if (s.readOnly) throw new BslError('Поток доступен только для чтения');
        const src = buffer(b);
        const [p, c] = range(pos, count, src.bytes.length);
        s.write(src.bytes.subarray(p, p + c));
        return undefined;
      },
    },
    Прочитать: {
      en: 'Read',
      min: 3,
      max: 3,
      call: (s, [b, pos, count]) => {
        s.open();
        const dst = buffer(b);
        dst.checkWritable();
        const [p, c] = range(pos, count, dst.bytes.length);
        const k = Math.max(0, Math.min(c, s.size - s.position));
        s.data.copy(dst.bytes, p, s.position, s.position + k);
        s.position += k;
        return n(k);
      },
    },
    Перейти: {
      en: 'Seek',
      min: 1,
      max: 2,
      call: (s, [offset, origin]) => {
        s.open();
        const base =
          origin === undefined || origin === systemEnumValue('ПозицияВПотоке', 'Начало')
            ? 0
            : origin === systemEnumValue('ПозицияВПотоке', 'Текущая')
              ? s.position
              : s.size;
        const p = base + int(offset);
        if (p < 0) throw new BslError('Недопустимое значение параметра (Смещение)');
        s.position = p;
        return n(p);
      },
    },
    ТекущаяПозиция: {
      en: 'CurrentPosition',
      call: (s) => {
        s.open();
        return n(s.position);
      },
    },
    Размер: {
      en: 'Size',
      call: (s) => {
        s.open();
        return n(s.size);
      },
    },
    УстановитьРазмер: {
      en: 'SetSize',
      min: 1,
      max: 1,
      call: (s, [size]) => {
        s.open();
        s.resize(int(size));
        return undefined;
      },
    },
    СброситьБуферы: {
      en: 'Flush',
      call: (s) => {
        s.open();
        return undefined;
      },
    },
    Закрыть: {
      en: 'Close',
      call: (s) => {
        s.closed = true;
        return undefined;
      },
    },
    ЗакрытьИПолучитьДвоичныеДанные: {
      en: 'CloseAndGetBinaryData',
      call: (s) => {
        s.open();
        s.closed = true;
        return new BinaryData(Buffer.from(s.data.subarray(0, s.size)));
      },
    },
    КопироватьВ: {
      en: 'CopyTo',
      min: 1,
      max: 2,
      call: (s, [target]) => {
        s.open();
        if (!(target instanceof MemoryStream)) throw new BslError('Неверный тип параметра (ПотокНазначения)');
        target.open();
        target.write(s.data.subarray(s.position, s.size));
        s.position = Math.max(s.position, s.size);
        return undefined;
      },
    },
    ПолучитьПотокТолькоДляЧтения: {
      en: 'GetReadonlyStream',
      call: (s) => {
        s.open();
        const r = new MemoryStream(s.data, s.size, false);
        r.readOnly = true;
        return r;
      },
    },
  },
});

export class MemoryStream extends PlatformObject {
  readonly cls = STREAM;
  position = 0;
  closed = false;
  readOnly = false;

  constructor(
    public data: Buffer = Buffer.alloc(0),
    public size = 0,
    private readonly growable = true,
  ) {
    super();
  }

  open(): void {
    if (this.closed) throw new BslError('Поток закрыт');
  }

  resize(size: number): void {
    if (size < 0) throw new BslError('Недопустимое значение параметра (Размер)');
    if (size > this.data.length) {
      if (!this.growable) throw new BslError('Невозможно изменить размер потока');
      const next = Buffer.alloc(Math.max(size, this.data.length * 2));
      this.data.copy(next, 0, 0, this.size);
      this.data = next;
    } else if (size > this.size) this.data.fill(0, this.size, size);
    this.size = size;
  }

  write(bytes: Buffer): void {
    const end = this.position + bytes.length;
    if (end > this.size) this.resize(end);
    bytes.copy(this.data, this.position);
    this.position = end;
  }
}

export const MEMORY_STREAM_TYPE: ConstructorDef = {
  ru: 'ПотокВПамяти',
  en: 'MemoryStream',
  min: 0,
  max: 1,
  construct: ([arg]) => {
    if (arg instanceof BinaryBuffer) return new MemoryStream(arg.bytes, arg.bytes.length, false);
    if (arg === undefined) return new MemoryStream();
    return new MemoryStream(Buffer.alloc(Math.max(0, int(arg))), 0);
  },
};
