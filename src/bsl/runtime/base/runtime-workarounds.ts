/**
 * WORKAROUND, local to the base until the interpreter changes: after a call, the interpreter
 * writes every by-reference argument that was a property (`Ф(Объект.Свойство)`) back into that
 * property, even when the callee never assigned the parameter. The generated modules pass
 * read-only properties that way all the time (`ЗаписатьВЖурнал(УровеньЖурналаРегистрации.Ошибка,
 * …)`, `ДобавитьВОчередь(…, Выборка.Ссылка, …)`), and the write-back of the very same value then
 * fails with "Поле объекта не обнаружено" / "недоступно для записи". 1C itself raises nothing
 * there. The proper fix is in the interpreter (write back only a parameter the callee assigned);
 * until then the platform library's objects accept a write of the value they already hold.
 * The base's own objects do the same in their setProperty.
 */
import { PlatformObject } from '../class-def.js';
import type { CallContext } from '../host-api.js';
import { SystemEnum } from '../library/enums.js';
import type { BslValue } from '../values.js';
import { unchangedWrite } from './value-order.js';

let applied = false;

export function tolerateUnchangedPropertyWrites(): void {
  if (applied) return;
  applied = true;
  for (const proto of [PlatformObject.prototype, SystemEnum.prototype] as Array<{ setProperty(name: string, value: BslValue, ctx: CallContext): unknown; getProperty(name: string, ctx: CallContext): unknown }>) {
    const original = proto.setProperty;
    proto.setProperty = function (this: typeof proto, name: string, value: BslValue, ctx: CallContext) {
      let current: unknown;
      try {
        current = this.getProperty(name, ctx);
      } catch {
        return original.call(this, name, value, ctx);
      }
      // A getter may be async; a same-value write of a synchronous property is a no-op.
      if (!(current instanceof Promise) && unchangedWrite(current as BslValue, value)) return undefined;
      return original.call(this, name, value, ctx);
    };
  }
}
