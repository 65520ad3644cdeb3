/**
 * ЗаписьТекста into the runtime's own file table (`BslRuntime.files`, path → text) instead of
 * the disk: the classic modules log to a file, and a test may read what they wrote. A
 * `Дописывать = Ложь` open truncates; `ЗаписатьСтроку` ends lines with CR LF (1C's default).
 */
import { defineClass, PlatformObject } from '../class-def.js';
import { BslError } from '../errors.js';
import type { CallContext, ConstructorDef } from '../host-api.js';
import type { BslValue } from '../values.js';
import { str } from './args.js';

function table(ctx: CallContext): Map<string, string> {
  return ctx.runtime.files;
}

const CLASS = defineClass<TextWriter>({
  ru: 'ЗаписьТекста',
  en: 'TextWriter',
  methods: {
    Открыть: {
      en: 'Open',
      min: 1,
      max: 5,
      call: (s, [path, , sep, append], ctx) => {
        s.open(str(path), sep, append === true, ctx);
        return undefined;
      },
    },
    Записать: {
      en: 'Write',
      min: 1,
      max: 1,
      call: (s, [text]) => {
        s.write(str(text));
        return undefined;
      },
    },
    ЗаписатьСтроку: {
      en: 'WriteLine',
      min: 1,
      max: 2,
      call: (s, [text, sep]) => {
        s.write(str(text) + (sep === undefined ? s.separator : str(sep)));
        return undefined;
      },
    },
    Закрыть: {
      en: 'Close',
      call: (s) => {
        s.path = undefined;
        return undefined;
      },
    },
  },
});

export class TextWriter extends PlatformObject {
  readonly cls = CLASS;
  path: string | undefined;
  separator = '\r\n';
  private files: Map<string, string> | undefined;

  open(path: string, sep: BslValue, append: boolean, ctx: CallContext): void {
    this.files = table(ctx);
    this.path = path;
    if (sep !== undefined) this.separator = str(sep);
    if (!append || !this.files.has(path)) this.files.set(path, '');
  }

  write(text: string): void {
    if (this.path === undefined || !this.files) throw new BslError('Файл не открыт');
    this.files.set(this.path, this.files.get(this.path)! + text);
  }
}

export const TEXT_WRITER_TYPE: ConstructorDef = {
  ru: 'ЗаписьТекста',
  en: 'TextWriter',
  min: 0,
  max: 5,
  construct: ([path, , sep, append], ctx) => {
    const w = new TextWriter();
    if (path !== undefined) w.open(str(path), sep, append === true, ctx);
    return w;
  },
};
