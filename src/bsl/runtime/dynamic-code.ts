/**
 * Вычислить(Выражение) and the statement Выполнить(Текст): code given as a string at run time,
 * evaluated in the calling method's frame (its locals, parameters and module variables; a new
 * name assigned by Выполнить becomes a local of the calling method, as in 1C). The standard
 * subsystems use both (ОбщегоНазначения.ВычислитьВБезопасномРежиме, ВыполнитьМетодКонфигурации).
 *
 * The parsed code carries the position of the call, so its errors point there. Names the
 * compiler would reject (an undefined variable or procedure) are run-time errors inside such
 * code, catchable by Попытка, since 1C compiles the string only when the call runs.
 */
import { type Expression, parseBsl, type Statement } from '../parser/index.js';
import { BslError, BslRuntimeError } from './errors.js';

const expressions = new Map<string, Expression>();
const blocks = new Map<string, Statement[]>();
const CACHE_LIMIT = 1000;

/** Every node's position becomes the call's (a fresh tree per text; nodes are never shared). */
function relocate(node: unknown, at: { line: number; column: number }): void {
  if (Array.isArray(node)) {
    for (const x of node) relocate(x, at);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  const o = node as Record<string, unknown>;
  if (typeof o.line === 'number') o.line = at.line;
  if (typeof o.column === 'number') o.column = at.column;
  for (const v of Object.values(o)) if (typeof v === 'object') relocate(v, at);
}

function parse(text: string): Statement[] {
  const { module, errors } = parseBsl(text);
  if (errors.length > 0 || !module) throw new BslError(`Синтаксическая ошибка: ${errors[0]?.message ?? text}`);
  if (module.methods.length > 0 || module.variables.length > 0) throw new BslError('Синтаксическая ошибка: объявления недопустимы в выполняемом тексте');
  return module.body;
}

function remember<T>(cache: Map<string, T>, key: string, value: T): T {
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, value);
  return value;
}

/** The syntax tree of `Вычислить`'s expression, positioned at the call. */
export function parseExpressionText(text: string, at: { line: number; column: number }): Expression {
  const key = `${at.line}:${at.column}:${text}`;
  const cached = expressions.get(key);
  if (cached) return cached;
  // An assignment to a name no code can write keeps the parser's expression rules.
  const body = parse(`ВычисляемоеЗначение_ = ${text}\n;`);
  const st = body[0];
  if (body.length !== 1 || st?.type !== 'Assign') throw new BslError(`Синтаксическая ошибка: ожидается выражение (${text})`);
  relocate(st.value, at);
  return remember(expressions, key, st.value);
}

/** The statements of `Выполнить`'s text, positioned at the statement. */
export function parseStatementsText(text: string, at: { line: number; column: number }): Statement[] {
  const key = `${at.line}:${at.column}:${text}`;
  const cached = blocks.get(key);
  if (cached) return cached;
  const body = parse(text);
  relocate(body, at);
  return remember(blocks, key, body);
}

/** An error of dynamic code: catchable, unless it is a name this runtime does not implement. */
export function catchable(e: unknown): unknown {
  if (e instanceof BslRuntimeError && e.options.fatal && !/не реализовано средой выполнения/.test(e.description)) {
    return new BslRuntimeError(e.description, e.position, { ...e.options, fatal: false });
  }
  return e;
}
