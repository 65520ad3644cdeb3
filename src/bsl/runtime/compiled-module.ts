/**
 * A parsed module ready to instantiate: methods by name, module variables, and — for an
 * extension module — which methods of the extended module each `&Перед/&После/&Вместо` wraps.
 */

import type { MethodNode, ParsedModule, BslError as ParseErrorInfo } from '../parser/index.js';
import { parseBsl } from '../parser/index.js';
import { NameMap } from './class-def.js';
import { BslDate, type BslValue, Decimal } from './values.js';

export type ExtensionKind = 'before' | 'after' | 'instead';

export interface ExtensionBinding {
  kind: ExtensionKind;
  /** Name of the extended method, as written in the annotation. */
  target: string;
  method: MethodNode;
}

/** The module did not compile: every syntax error, with its position. */
export class BslCompileError extends Error {
  constructor(
    readonly moduleName: string,
    readonly errors: ParseErrorInfo[],
  ) {
    super(`${moduleName}: ${errors.map((e) => `(${e.line},${e.column}) ${e.message}`).join('; ')}`);
    this.name = 'BslCompileError';
  }
}

const EXTENSION_KINDS: Record<string, ExtensionKind> = {
  перед: 'before',
  before: 'before',
  после: 'after',
  after: 'after',
  вместо: 'instead',
  around: 'instead',
};

export class CompiledModule {
  readonly methods = new NameMap<MethodNode>();
  readonly extensions: ExtensionBinding[] = [];
  /** Default parameter values, decoded once: method → values by parameter index. */
  readonly defaults = new Map<MethodNode, Array<BslValue | typeof REQUIRED>>();

  constructor(
    readonly name: string,
    readonly parsed: ParsedModule,
  ) {
    for (const m of parsed.methods) {
      this.methods.set([m.info.name], m);
      this.defaults.set(
        m,
        m.info.paramDetails.map((p) => (p.defaultValue === undefined ? REQUIRED : parseDefault(p.defaultValue))),
      );
      for (const a of m.info.annotations) {
        const match = /^([\p{L}]+)\("(.*)"\)$/u.exec(a);
        const kind = match ? EXTENSION_KINDS[match[1]!.toLowerCase()] : undefined;
        if (kind) this.extensions.push({ kind, target: match![2]!, method: m });
      }
    }
  }

  static compile(text: string, name: string): CompiledModule {
    const { module, errors } = parseBsl(text);
    if (errors.length > 0 || !module) throw new BslCompileError(name, errors);
    return new CompiledModule(name, module);
  }
}

export const REQUIRED = Symbol('required parameter');

/** A default value as the parser keeps it: the literal's source text. */
function parseDefault(text: string): BslValue {
  const t = text.trim();
  const lower = t.toLowerCase();
  if (lower === 'истина' || lower === 'true') return true;
  if (lower === 'ложь' || lower === 'false') return false;
  if (lower === 'неопределено' || lower === 'undefined') return undefined;
  if (lower === 'null') return null;
  if (t.startsWith("'")) return BslDate.parseLiteral(t.slice(1, -1));
  if (t.startsWith('"')) {
    // `"а" "б"` parts, each with `""` for a quote.
    let out = '';
    for (const m of t.matchAll(/"((?:[^"]|"")*)"/g)) out += m[1]!.replace(/""/g, '"');
    return out;
  }
  return new Decimal(t);
}
