/**
 * Rewrites a Russian-keyword BSL module with English keywords, mechanically: reserved words
 * (from the lexer's tokens, so strings, comments and names after `.` stay as they are),
 * preprocessor instructions and their symbols, and annotations. The platform accepts either
 * spelling, so the result must parse exactly as the original did.
 */
import { lookupKeyword } from '../../src/bsl/parser/keywords.js';
import { tokenize } from '../../src/bsl/parser/lexer.js';

const PREPROCESSOR: Record<string, string> = {
  если: 'If',
  иначеесли: 'ElsIf',
  иначе: 'Else',
  конецесли: 'EndIf',
  тогда: 'Then',
  область: 'Region',
  конецобласти: 'EndRegion',
  вставка: 'Insert',
  конецвставки: 'EndInsert',
  удаление: 'Delete',
  конецудаления: 'EndDelete',
  и: 'And',
  или: 'Or',
  не: 'Not',
  клиент: 'Client',
  наклиенте: 'AtClient',
  сервер: 'Server',
  насервере: 'AtServer',
  толстыйклиентобычноеприложение: 'ThickClientOrdinaryApplication',
  толстыйклиентуправляемоеприложение: 'ThickClientManagedApplication',
  тонкийклиент: 'ThinClient',
  вебклиент: 'WebClient',
  внешнеесоединение: 'ExternalConnection',
  мобильноеприложениеклиент: 'MobileAppClient',
  мобильноеприложениесервер: 'MobileAppServer',
  мобильныйклиент: 'MobileClient',
  мобильныйавтономныйсервер: 'MobileStandaloneServer',
};

const ANNOTATIONS: Record<string, string> = {
  наклиенте: 'AtClient',
  насервере: 'AtServer',
  насерверебезконтекста: 'AtServerNoContext',
  наклиентенасерверебезконтекста: 'AtClientAtServerNoContext',
  наклиентенасервере: 'AtClientAtServer',
  перед: 'Before',
  после: 'After',
  вместо: 'Around',
  изменениеиконтроль: 'ChangeAndValidate',
};

export function toEnglishKeywords(source: string): string {
  const lineStarts = [0];
  for (let i = 0; i < source.length; i++) if (source.charCodeAt(i) === 10) lineStarts.push(i + 1);
  const edits: Array<{ at: number; length: number; text: string }> = [];
  for (const t of tokenize(source).tokens) {
    if (t.kind !== 'word' || t.keyword === undefined || lookupKeyword(t.text) === undefined) continue;
    if (/^[A-Za-z]/.test(t.text)) continue;
    edits.push({ at: lineStarts[t.line - 1]! + t.column - 1, length: t.text.length, text: t.keyword });
  }
  let out = '';
  let from = 0;
  for (const e of edits) {
    out += source.slice(from, e.at) + e.text;
    from = e.at + e.length;
  }
  out += source.slice(from);
  return out.split('\n').map(translateLine).join('\n');
}

function translateLine(line: string): string {
  const directive = /^(\s*#\s*)(\p{L}+)(.*)$/u.exec(line);
  if (directive) {
    const [, lead, word, rest] = directive as unknown as [string, string, string, string];
    const english = PREPROCESSOR[word.toLowerCase()] ?? word;
    // A region's name is a name, not a symbol.
    if (english === 'Region' || english === 'EndRegion') return lead + english + rest;
    return lead + english + rest.replace(/\p{L}+/gu, (w) => PREPROCESSOR[w.toLowerCase()] ?? w);
  }
  const annotation = /^(\s*&)(\p{L}+)(.*)$/u.exec(line);
  if (annotation) {
    const [, lead, word, rest] = annotation as unknown as [string, string, string, string];
    return lead + (ANNOTATIONS[word.toLowerCase()] ?? word) + rest;
  }
  return line;
}
