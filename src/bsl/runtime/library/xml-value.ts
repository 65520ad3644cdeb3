/**
 * XMLЗначение(Тип, Строка) for the primitive types (the inverse of XMLСтрока): Строка as is;
 * Число in XML Schema's decimal form (`-12.5`, no grouping, a point); Булево `true`/`false`/
 * `1`/`0`; Дата `2024-01-05T09:30:07` or `2024-01-05` (a zone suffix is dropped: 1C's Дата has
 * none); УникальныйИдентификатор its 8-4-4-4-12 text; Неопределено and NULL from "". Anything
 * else is "Ошибка преобразования данных XML".
 */
import { BslError } from '../errors.js';
import type { GlobalFunctionDef } from '../host-api.js';
import { BslDate, Decimal } from '../values.js';
import { fn, str } from './args.js';
import { BslType } from './globals.js';
import { BslUuid } from './uuid.js';

const XML_ERROR = 'Ошибка преобразования данных XML';

function fromXml(type: string, text: string): import('../values.js').BslValue {
  switch (type.toLowerCase()) {
    case 'строка':
      return text;
    case 'число': {
      const t = text.trim();
      if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(t)) throw new BslError(XML_ERROR);
      return new Decimal(t);
    }
    case 'булево': {
      const t = text.trim();
      if (t === 'true' || t === '1') return true;
      if (t === 'false' || t === '0') return false;
      throw new BslError(XML_ERROR);
    }
    case 'дата': {
      const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})?$/.exec(text.trim());
      if (!m) throw new BslError(XML_ERROR);
      const [y, mo, d, h, mi, s] = m.slice(1).map((x) => (x === undefined ? 0 : Number(x)));
      try {
        return BslDate.of(y!, mo!, d!, h, mi, s);
      } catch {
        throw new BslError(XML_ERROR);
      }
    }
    case 'уникальныйидентификатор':
      try {
        return new BslUuid(text);
      } catch {
        throw new BslError(XML_ERROR);
      }
    case 'неопределено':
      if (text !== '') throw new BslError(XML_ERROR);
      return undefined;
    case 'null':
      if (text !== '') throw new BslError(XML_ERROR);
      return null;
    default:
      throw new BslError(`XMLЗначение: тип не поддерживается средой выполнения (${type})`);
  }
}

export const XML_VALUE_FUNCTIONS: GlobalFunctionDef[] = [
  fn('XMLЗначение', 'XMLValue', 2, 2, ([t, text]) => {
    if (!(t instanceof BslType)) throw new BslError('Неверный тип параметра (Тип)');
    return fromXml(t.name, str(text));
  }),
];
