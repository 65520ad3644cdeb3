/**
 * Test helper: every platform name a BSL module uses, with the static type of each receiver the
 * module makes knowable, for checking generated modules against the platform catalogue.
 *
 * Types are inferred flow-insensitively per procedure: `X = Новый T`, results of global functions
 * and methods whose catalogue signature names a type, metadata managers (`РегистрыСведений.Имя`,
 * `Документы.Имя`), local functions' return values and parameters that every call site agrees on,
 * iterated to a fixed point. What stays unknown (attributes of metadata objects, columns of a
 * query result, values of a Структура) is reported as unresolved, never guessed.
 */
import { type Argument, type Expression, type MethodNode, type ParsedModule, parseBsl, type Statement } from '../../src/bsl/parser/index.js';
import { platformCatalogue } from '../../src/bsl/platform/index.js';

export type Use = { line: number; column: number; method?: string; guards: string[] } & (
  | { kind: 'function'; name: string; args: number }
  | { kind: 'new'; type: string; args: number }
  | { kind: 'method'; type: string; name: string; args: number }
  | { kind: 'property'; type: string; name: string }
  | { kind: 'enum'; enumName: string; value: string }
  | { kind: 'globalProperty'; name: string }
);

type UseFact = Use extends unknown ? (Use extends infer U ? (U extends Use ? Omit<U, 'guards' | 'method'> : never) : never) : never;

/** A member call whose receiver has no type the module makes knowable: `Объект.ДополнительныеСвойства.Свойство`. */
export interface Unresolved {
  receiver: string;
  name: string;
  line: number;
}

export interface ModuleUses {
  uses: Use[];
  unresolved: Unresolved[];
  module: ParsedModule;
}

/** Pseudo-types for the managers, references and objects of metadata (the catalogue spells them so). */
export const META = {
  registerManager: 'РегистрСведенийМенеджер.<Имя>',
  registerRecord: 'РегистрСведенийМенеджерЗаписи/НаборЗаписей.<Имя>',
  documentManager: 'ДокументМенеджер.<Имя>',
  catalogManager: 'СправочникМенеджер.<Имя>',
  /** A reference to a document or a catalog item: the module treats both alike. */
  reference: 'ДокументСсылка/СправочникСсылка.<Имя>',
  documentObject: 'ДокументОбъект.<Имя>',
  catalogObject: 'СправочникОбъект.<Имя>',
} as const;

export interface UsesOptions {
  /** Common modules the module may call through their name: name → exported procedures. */
  commonModules?: Record<string, readonly string[]>;
  /** An object module: `ЭтотОбъект` is this metadata object, `ДополнительныеСвойства` its Структура. */
  objectModuleOf?: 'document' | 'catalog';
}

/**
 * Property types the catalogue does not give (its properties carry names only), from the
 * syntax assistant: what `Запрос.Заголовки` is decides which `Вставить` is checked.
 */
const PROPERTY_TYPES: Readonly<Record<string, string>> = {
  'httpзапрос.заголовки': 'Соответствие',
  'httpответ.заголовки': 'Соответствие',
  'httpответ.кодсостояния': 'Число',
  'хешированиеданных.хешсумма': 'ДвоичныеДанные',
  'системнаяинформация.версияприложения': 'Строка',
};

/** Results of methods the catalogue lists without a result type. */
const METHOD_RESULTS: Readonly<Record<string, string>> = {
  [`${META.registerManager.toLowerCase()}.создатьменеджерзаписи`]: META.registerRecord,
  [`${META.registerManager.toLowerCase()}.создатьнаборзаписей`]: META.registerRecord,
  [`${META.documentManager.toLowerCase()}.получитьссылку`]: META.reference,
  [`${META.catalogManager.toLowerCase()}.получитьссылку`]: META.reference,
};

/** Element types of `Для Каждого … Из` and of `[i]`. */
const ELEMENT_TYPES: Readonly<Record<string, string>> = { таблицазначений: 'СтрокаТаблицыЗначений' };

/** Types whose properties are data, not platform API (columns, structure keys, register fields). */
export const DYNAMIC_PROPERTIES = new Set(['структура', 'строкатаблицызначений', 'выборкаизрезультатазапроса', META.registerRecord.toLowerCase()]);

type TypeSlot = string | undefined;
const CONFLICT = '<conflict>';
const merge = (a: TypeSlot, b: TypeSlot): TypeSlot => (a === undefined ? b : b === undefined || a === b ? a : CONFLICT);
const known = (t: TypeSlot): string | undefined => (t === undefined || t === CONFLICT ? undefined : t);
const firstWord = (text: string | undefined): string | undefined => (text ? /^[\p{L}\p{Nd}_]+/u.exec(text.trim())?.[0] : undefined);

export function platformUses(text: string, options: UsesOptions = {}): ModuleUses {
  const { module, errors } = parseBsl(text);
  if (!module || errors.length > 0) throw new Error(`parse errors: ${JSON.stringify(errors)}`);
  const analysis = new Analysis(module, options);
  for (let pass = 0; pass < 6; pass++) analysis.pass(false);
  analysis.pass(true);
  return { uses: analysis.uses, unresolved: analysis.unresolved, module };
}

class Analysis {
  readonly uses: Use[] = [];
  readonly unresolved: Unresolved[] = [];
  private readonly catalogue = platformCatalogue();
  private readonly local = new Map<string, MethodNode>();
  private readonly returns = new Map<string, TypeSlot>();
  private readonly params = new Map<string, TypeSlot[]>();
  private readonly vars = new Map<string, Map<string, TypeSlot>>();
  private collect = false;
  private method: MethodNode | undefined;
  private guards: string[] = [];

  private readonly commonModules = new Map<string, Set<string>>();

  constructor(
    private readonly module: ParsedModule,
    private readonly options: UsesOptions,
  ) {
    for (const m of module.methods) this.local.set(m.info.name.toLowerCase(), m);
    for (const [name, exports] of Object.entries(options.commonModules ?? {})) {
      this.commonModules.set(name.toLowerCase(), new Set(exports.map((e) => e.toLowerCase())));
    }
  }

  /** Names an object module sees without declaring them. */
  private objectContext(name: string): TypeSlot {
    const kind = this.options.objectModuleOf;
    if (!kind) return undefined;
    const lower = name.toLowerCase();
    if (lower === 'этотобъект') return kind === 'document' ? META.documentObject : META.catalogObject;
    if (lower === 'дополнительныесвойства') return 'Структура';
    return undefined;
  }

  pass(collect: boolean): void {
    this.collect = collect;
    for (const m of this.module.methods) {
      this.method = m;
      this.guards = [];
      this.statements(m.body);
    }
    this.method = undefined;
    this.statements(this.module.body);
  }

  private env(): Map<string, TypeSlot> {
    const key = this.method?.info.name.toLowerCase() ?? '';
    let env = this.vars.get(key);
    if (!env) {
      env = new Map();
      this.vars.set(key, env);
    }
    return env;
  }

  private assign(name: string, type: TypeSlot): void {
    const env = this.env();
    env.set(name.toLowerCase(), merge(env.get(name.toLowerCase()), type));
  }

  private variableType(name: string): TypeSlot {
    const own = this.env().get(name.toLowerCase());
    if (own !== undefined) return own;
    const m = this.method;
    if (!m) return undefined;
    const index = m.info.params.findIndex((p) => p.toLowerCase() === name.toLowerCase());
    return index >= 0 ? this.params.get(m.info.name.toLowerCase())?.[index] : undefined;
  }

  private statements(list: Statement[]): void {
    for (const s of list) this.statement(s);
  }

  private statement(s: Statement): void {
    switch (s.type) {
      case 'Assign': {
        const type = this.expression(s.value);
        if (s.target.type === 'Identifier') this.assign(s.target.name, type);
        else this.expression(s.target);
        return;
      }
      case 'Call':
        this.expression(s.call);
        return;
      case 'If': {
        const saved = this.guards;
        const negated: string[] = [];
        for (const b of s.branches) {
          this.expression(b.condition);
          const guard = guardName(b.condition, this.local);
          this.guards = [...saved, ...negated, ...(guard ? [guard] : [])];
          this.statements(b.body);
          if (guard) negated.push(`!${guard}`);
        }
        this.guards = [...saved, ...negated];
        if (s.elseBody) this.statements(s.elseBody);
        this.guards = saved;
        return;
      }
      case 'While':
        this.expression(s.condition);
        this.statements(s.body);
        return;
      case 'For':
        this.expression(s.from);
        this.expression(s.to);
        this.assign(s.variable, 'Число');
        this.statements(s.body);
        return;
      case 'ForEach': {
        const collection = known(this.expression(s.collection));
        this.assign(s.variable, collection ? ELEMENT_TYPES[collection.toLowerCase()] : undefined);
        this.statements(s.body);
        return;
      }
      case 'Try':
        this.statements(s.body);
        this.statements(s.handler);
        return;
      case 'Return': {
        if (!s.value) return;
        const type = this.expression(s.value);
        const key = this.method?.info.name.toLowerCase();
        if (key) this.returns.set(key, merge(this.returns.get(key), type));
        return;
      }
      case 'Raise':
        if (s.value) this.expression(s.value);
        return;
      case 'Execute':
        this.expression(s.code);
        return;
      case 'AddHandler':
      case 'RemoveHandler':
        this.expression(s.event);
        this.expression(s.handler);
        return;
      case 'Await':
        this.expression(s.expression);
        return;
      default:
        return;
    }
  }

  private record(use: UseFact): void {
    if (!this.collect) return;
    const method = this.method?.info.name;
    this.uses.push({ ...use, guards: [...this.guards], ...(method ? { method } : {}) } as Use);
  }

  private args(list: Argument[]): TypeSlot[] {
    return list.map((a) => (a === null ? undefined : this.expression(a)));
  }

  /** The expression's type, recording the platform names it uses on the final pass. */
  private expression(e: Expression): TypeSlot {
    switch (e.type) {
      case 'Number':
        return 'Число';
      case 'String':
        return 'Строка';
      case 'Date':
        return 'Дата';
      case 'Boolean':
        return 'Булево';
      case 'Undefined':
      case 'Null':
        return undefined;
      case 'Identifier': {
        const v = this.variableType(e.name) ?? this.objectContext(e.name);
        if (v !== undefined) return v;
        if (this.commonModules.has(e.name.toLowerCase())) return `module:${e.name}`;
        if (this.catalogue.globalProperty(e.name)) {
          this.record({ kind: 'globalProperty', name: e.name, line: e.line, column: e.column });
          return `global:${e.name}`;
        }
        if (this.catalogue.systemEnum(e.name)) return `enum:${e.name}`;
        return undefined;
      }
      case 'Paren':
        return this.expression(e.expression);
      case 'Unary':
        this.expression(e.operand);
        return e.operator === 'Not' ? 'Булево' : 'Число';
      case 'Binary': {
        const l = this.expression(e.left);
        this.expression(e.right);
        if (['Or', 'And', '=', '<>', '<', '>', '<=', '>='].includes(e.operator)) return 'Булево';
        return e.operator === '+' ? known(l) : 'Число';
      }
      case 'Ternary': {
        this.expression(e.condition);
        return merge(this.expression(e.whenTrue), this.expression(e.whenFalse));
      }
      case 'New': {
        const args = e.args ?? [];
        this.args(args);
        if (e.typeName) this.record({ kind: 'new', type: e.typeName, args: args.length, line: e.line, column: e.column });
        return e.typeName;
      }
      case 'Index': {
        const object = known(this.expression(e.object));
        this.expression(e.index);
        return object ? ELEMENT_TYPES[object.toLowerCase()] : undefined;
      }
      case 'Member':
        return this.member(e.object, e.name, e.line, e.column);
      case 'Call':
        return this.call(e.callee, e.args, e.line, e.column);
      default:
        return undefined;
    }
  }

  private member(objectExpr: Expression, name: string, line: number, column: number): TypeSlot {
    const object = known(this.expression(objectExpr));
    if (!object) return undefined;
    if (object.startsWith('enum:')) {
      this.record({ kind: 'enum', enumName: object.slice(5), value: name, line, column });
      return object.slice(5);
    }
    if (object.startsWith('global:')) {
      const manager = ({ регистрысведений: META.registerManager, документы: META.documentManager, справочники: META.catalogManager } as Record<string, string>)[
        object.slice(7).toLowerCase()
      ];
      return manager;
    }
    if (object.startsWith('module:')) return undefined;
    if (!DYNAMIC_PROPERTIES.has(object.toLowerCase()) && !object.includes('<Имя>')) {
      this.record({ kind: 'property', type: object, name, line, column });
    }
    return PROPERTY_TYPES[`${object}.${name}`.toLowerCase()];
  }

  private call(callee: Expression, args: Argument[], line: number, column: number): TypeSlot {
    const argTypes = this.args(args);
    if (callee.type === 'Identifier') {
      const local = this.local.get(callee.name.toLowerCase());
      if (local) {
        const key = local.info.name.toLowerCase();
        const slots = this.params.get(key) ?? [];
        argTypes.forEach((t, i) => {
          slots[i] = merge(slots[i], t);
        });
        this.params.set(key, slots);
        return this.returns.get(key);
      }
      for (const exports of this.commonModules.values()) if (exports.has(callee.name.toLowerCase())) return undefined;
      this.record({ kind: 'function', name: callee.name, args: args.length, line, column });
      return firstWord(this.catalogue.globalFunction(callee.name)?.signatures[0]?.returns);
    }
    if (callee.type === 'Member') {
      const receiver = known(this.expression(callee.object));
      if (receiver?.startsWith('module:')) return undefined; // checked by checkBsl: the export exists, with its arity
      if (!receiver || receiver.startsWith('enum:') || receiver.startsWith('global:')) {
        if (this.collect) this.unresolved.push({ receiver: source(callee.object), name: callee.name, line });
        return undefined;
      }
      this.record({ kind: 'method', type: receiver, name: callee.name, args: args.length, line, column });
      const result = METHOD_RESULTS[`${receiver}.${callee.name}`.toLowerCase()];
      if (result) return result;
      const method = this.catalogue.method(receiver, callee.name);
      const returned = firstWord(method?.signatures[0]?.returns);
      return returned && this.catalogue.type(returned) ? this.catalogue.type(returned)!.name : returned;
    }
    this.expression(callee);
    return undefined;
  }
}

/** `Если ЕстьСертификатыОС() Тогда`: the name of a local function that is the whole condition. */
function guardName(condition: Expression, local: ReadonlyMap<string, MethodNode>): string | undefined {
  return condition.type === 'Call' && condition.callee.type === 'Identifier' && local.has(condition.callee.name.toLowerCase())
    ? local.get(condition.callee.name.toLowerCase())!.info.name
    : undefined;
}

/** Source-like text of a receiver, for messages: `Объект.ДополнительныеСвойства`. */
export function source(e: Expression): string {
  switch (e.type) {
    case 'Identifier':
      return e.name;
    case 'Member':
      return `${source(e.object)}.${e.name}`;
    case 'Call':
      return `${source(e.callee)}()`;
    case 'Index':
      return `${source(e.object)}[]`;
    case 'Paren':
      return `(${source(e.expression)})`;
    default:
      return e.type;
  }
}
