/**
 * Checks the preprocessor lines the lexer set aside: each must be a known instruction with a
 * well-formed condition, and `#Если`/`#Область`/`#Вставка`/`#Удаление` must nest and close.
 * Both branches of a `#Если` are still parsed as ordinary code (see README: limitations).
 */
import type { BslError, Position, RegionInfo } from './ast.js';
import type { Directive } from './lexer.js';

type Opener = 'If' | 'Region' | 'Insert' | 'Delete';
type Instruction = Opener | 'ElsIf' | 'Else' | 'EndIf' | 'EndRegion' | 'EndInsert' | 'EndDelete';

const INSTRUCTIONS: Record<string, Instruction> = {
  если: 'If',
  if: 'If',
  иначеесли: 'ElsIf',
  elsif: 'ElsIf',
  иначе: 'Else',
  else: 'Else',
  конецесли: 'EndIf',
  endif: 'EndIf',
  область: 'Region',
  region: 'Region',
  конецобласти: 'EndRegion',
  endregion: 'EndRegion',
  // Extensions (&ИзменениеИКонтроль) mark inserted and deleted lines with these.
  вставка: 'Insert',
  insert: 'Insert',
  конецвставки: 'EndInsert',
  endinsert: 'EndInsert',
  удаление: 'Delete',
  delete: 'Delete',
  конецудаления: 'EndDelete',
  enddelete: 'EndDelete',
};

const CLOSER_OF: Record<Opener, Instruction> = { If: 'EndIf', Region: 'EndRegion', Insert: 'EndInsert', Delete: 'EndDelete' };
const OPENER_OF: Partial<Record<Instruction, Opener>> = { EndIf: 'If', EndRegion: 'Region', EndInsert: 'Insert', EndDelete: 'Delete' };

const RU_NAME: Record<Instruction, string> = {
  If: 'Если',
  ElsIf: 'ИначеЕсли',
  Else: 'Иначе',
  EndIf: 'КонецЕсли',
  Region: 'Область',
  EndRegion: 'КонецОбласти',
  Insert: 'Вставка',
  EndInsert: 'КонецВставки',
  Delete: 'Удаление',
  EndDelete: 'КонецУдаления',
};

/** The execution-context symbols a `#Если` may test. */
const SYMBOLS = new Set([
  'клиент',
  'client',
  'наклиенте',
  'atclient',
  'сервер',
  'server',
  'насервере',
  'atserver',
  'толстыйклиентобычноеприложение',
  'thickclientordinaryapplication',
  'толстыйклиентуправляемоеприложение',
  'thickclientmanagedapplication',
  'тонкийклиент',
  'thinclient',
  'вебклиент',
  'webclient',
  'внешнеесоединение',
  'externalconnection',
  'мобильноеприложениеклиент',
  'mobileappclient',
  'мобильноеприложениесервер',
  'mobileappserver',
  'мобильныйклиент',
  'mobileclient',
  'мобильныйавтономныйсервер',
  'mobilestandaloneserver',
]);

interface Open {
  kind: Opener;
  word: string;
  name: string;
  line: number;
  column: number;
  sawElse: boolean;
}

export function checkDirectives(directives: Directive[]): { errors: BslError[]; regions: RegionInfo[] } {
  const errors: BslError[] = [];
  const regions: RegionInfo[] = [];
  const stack: Open[] = [];
  for (const d of directives) {
    const m = /^([\p{L}_][\p{L}0-9_]*)\s*(.*)$/u.exec(d.text);
    const instr = m ? INSTRUCTIONS[m[1]!.toLowerCase()] : undefined;
    const fail = (message: string): void => {
      errors.push({ message, line: d.line, column: d.column });
    };
    if (!m || !instr) {
      fail(`Unknown preprocessor instruction '#${d.text}'`);
      continue;
    }
    const word = m[1]!;
    const rest = m[2]!.trim();
    const english = /^[A-Za-z]/.test(word);
    const show = (i: Instruction): string => `#${english ? i : RU_NAME[i]}`;
    const top = stack[stack.length - 1];
    switch (instr) {
      case 'If':
      case 'ElsIf': {
        const problem = conditionProblem(rest, english);
        if (problem) fail(`${show(instr)}: ${problem}`);
        if (instr === 'If') stack.push({ kind: 'If', word, name: '', line: d.line, column: d.column, sawElse: false });
        else if (top?.kind !== 'If') fail(`${show('ElsIf')} without ${show('If')}`);
        else if (top.sawElse) fail(`${show('ElsIf')} after ${show('Else')}`);
        break;
      }
      case 'Else':
        if (rest) fail(`Unexpected text after ${show('Else')}: '${rest}'`);
        if (top?.kind !== 'If') fail(`${show('Else')} without ${show('If')}`);
        else if (top.sawElse) fail(`Second ${show('Else')} in one ${show('If')}`);
        else top.sawElse = true;
        break;
      case 'Region':
        if (!/^[\p{L}_][\p{L}0-9_]*$/u.test(rest)) fail(`${show('Region')} needs a name (letters, digits, _), found '${rest}'`);
        stack.push({ kind: 'Region', word, name: rest, line: d.line, column: d.column, sawElse: false });
        break;
      case 'Insert':
      case 'Delete':
        if (rest) fail(`Unexpected text after ${show(instr)}: '${rest}'`);
        stack.push({ kind: instr, word, name: '', line: d.line, column: d.column, sawElse: false });
        break;
      default: {
        const opener = OPENER_OF[instr]!;
        if (rest) fail(`Unexpected text after ${show(instr)}: '${rest}'`);
        if (!top) {
          fail(`${show(instr)} without ${show(opener)}`);
          break;
        }
        if (top.kind !== opener) {
          const topEnglish = /^[A-Za-z]/.test(top.word);
          const topShow = (i: Instruction): string => `#${topEnglish ? i : RU_NAME[i]}`;
          fail(`${show(instr)} does not match ${topShow(top.kind)} at line ${top.line}: expected ${topShow(CLOSER_OF[top.kind])}`);
          // Drop the inner opener only if the closer matches something below it, to limit follow-on errors.
          if (stack.some((o) => o.kind === opener)) {
            while (stack.length && stack[stack.length - 1]!.kind !== opener) stack.pop();
            closeTop(stack, regions, d);
          }
          break;
        }
        closeTop(stack, regions, d);
      }
    }
  }
  for (const o of stack) {
    const english = /^[A-Za-z]/.test(o.word);
    const name = o.kind === 'Region' && o.name ? ` ${o.name}` : '';
    const opener = `#${english ? o.kind : RU_NAME[o.kind]}`;
    const closer = `#${english ? CLOSER_OF[o.kind] : RU_NAME[CLOSER_OF[o.kind]]}`;
    errors.push({ message: `${opener}${name} is not closed: missing ${closer}`, line: o.line, column: o.column });
  }
  return { errors, regions };
}

function closeTop(stack: Open[], regions: RegionInfo[], end: Position): void {
  const o = stack.pop();
  if (o?.kind === 'Region') regions.push({ name: o.name, line: o.line, column: o.column, endLine: end.line });
}

/** Grammar: cond := term (И|ИЛИ term)*; term := НЕ term | ( cond ) | symbol; then Тогда. */
function conditionProblem(text: string, english: boolean): string | undefined {
  const words = text.match(/\(|\)|[\p{L}_][\p{L}0-9_]*|\S/gu) ?? [];
  const then = english ? 'Then' : 'Тогда';
  const last = words[words.length - 1]?.toLowerCase();
  if (last !== 'тогда' && last !== 'then') return `expected ${then} at the end of the condition`;
  const toks = words.slice(0, -1).map((w) => w.toLowerCase());
  if (toks.length === 0) return 'missing condition';
  let p = 0;
  const term = (): string | undefined => {
    const t = toks[p];
    if (t === 'не' || t === 'not') {
      p++;
      return term();
    }
    if (t === '(') {
      p++;
      const e = cond();
      if (e) return e;
      if (toks[p] !== ')') return "expected ')'";
      p++;
      return undefined;
    }
    if (t === undefined) return 'condition ends too early';
    if (!SYMBOLS.has(t)) return `unknown preprocessor symbol '${words[p]}'`;
    p++;
    return undefined;
  };
  const cond = (): string | undefined => {
    const e = term();
    if (e) return e;
    while (['и', 'или', 'and', 'or'].includes(toks[p] ?? '')) {
      p++;
      const e2 = term();
      if (e2) return e2;
    }
    return undefined;
  };
  const e = cond();
  if (e) return e;
  if (p < toks.length) return `unexpected '${words[p]}' in the condition`;
  return undefined;
}
