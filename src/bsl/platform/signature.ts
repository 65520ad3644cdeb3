/**
 * The catalogue's signature strings, parsed: `(Сервер: Строка, Порт?: Число, …): Тип`.
 * `?` after a name marks an optional parameter; the type after `:` is kept as written (some
 * say two types, `ОбъектМетаданных: ОбъектМетаданных: Куб`); `: Тип` after `)` is the result.
 */

export interface Param {
  name: string;
  optional: boolean;
  type?: string;
}

export interface Signature {
  params: Param[];
  returns?: string;
  /** As written in the catalogue, e.g. `(Индекс: Число): Произвольный`. */
  text: string;
}

/** How many arguments a call may pass: `max` is `Infinity` for a variadic method. */
export interface Arity {
  min: number;
  max: number;
}

export function parseSignature(text: string): Signature {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return { params: [], text };
  const inner = text.slice(open + 1, close).trim();
  const after = text.slice(close + 1).trim();
  const returns = after.startsWith(':') ? after.slice(1).trim() || undefined : undefined;
  const params: Param[] = [];
  if (inner !== '') {
    for (const raw of inner.split(',')) {
      const part = raw.trim();
      const colon = part.indexOf(':');
      let name = (colon < 0 ? part : part.slice(0, colon)).trim();
      const type = colon < 0 ? undefined : part.slice(colon + 1).trim() || undefined;
      const optional = name.endsWith('?');
      if (optional) name = name.slice(0, -1).trim();
      params.push(type === undefined ? { name, optional } : { name, optional, type });
    }
  }
  return returns === undefined ? { params, text } : { params, returns, text };
}

/** The arity that covers every overload: fewest required parameters .. most parameters. */
export function arityOf(signatures: readonly Signature[]): Arity {
  if (signatures.length === 0) return { min: 0, max: 0 };
  let min = Infinity;
  let max = 0;
  for (const s of signatures) {
    const required = lastRequired(s.params);
    min = Math.min(min, required);
    max = Math.max(max, s.params.length);
  }
  return { min, max };
}

/** 1C lets a call omit any optional parameter, so the required count is up to the last required one. */
function lastRequired(params: readonly Param[]): number {
  for (let i = params.length - 1; i >= 0; i--) if (!params[i]!.optional) return i + 1;
  return 0;
}
