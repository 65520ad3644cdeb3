/**
 * Reserved words of the 1C:Enterprise language. The platform reserves the Russian and the
 * English spelling of every keyword at the same time, whatever the configuration's script
 * variant, and compares them case-insensitively (but Ё and Е stay different letters).
 */

export type Keyword =
  | 'If'
  | 'Then'
  | 'ElsIf'
  | 'Else'
  | 'EndIf'
  | 'For'
  | 'Each'
  | 'In'
  | 'To'
  | 'Do'
  | 'EndDo'
  | 'While'
  | 'Procedure'
  | 'EndProcedure'
  | 'Function'
  | 'EndFunction'
  | 'Var'
  | 'Val'
  | 'Export'
  | 'Return'
  | 'Try'
  | 'Except'
  | 'EndTry'
  | 'Raise'
  | 'Break'
  | 'Continue'
  | 'Goto'
  | 'And'
  | 'Or'
  | 'Not'
  | 'True'
  | 'False'
  | 'Undefined'
  | 'Null'
  | 'New'
  | 'Execute'
  | 'AddHandler'
  | 'RemoveHandler'
  | 'Async'
  | 'Await';

/** Russian spelling of each keyword; the English one is the Keyword itself. */
const RUSSIAN: Record<Keyword, string | undefined> = {
  If: 'Если',
  Then: 'Тогда',
  ElsIf: 'ИначеЕсли',
  Else: 'Иначе',
  EndIf: 'КонецЕсли',
  For: 'Для',
  Each: 'Каждого',
  In: 'Из',
  To: 'По',
  Do: 'Цикл',
  EndDo: 'КонецЦикла',
  While: 'Пока',
  Procedure: 'Процедура',
  EndProcedure: 'КонецПроцедуры',
  Function: 'Функция',
  EndFunction: 'КонецФункции',
  Var: 'Перем',
  Val: 'Знач',
  Export: 'Экспорт',
  Return: 'Возврат',
  Try: 'Попытка',
  Except: 'Исключение',
  EndTry: 'КонецПопытки',
  Raise: 'ВызватьИсключение',
  Break: 'Прервать',
  Continue: 'Продолжить',
  Goto: 'Перейти',
  And: 'И',
  Or: 'ИЛИ',
  Not: 'НЕ',
  True: 'Истина',
  False: 'Ложь',
  Undefined: 'Неопределено',
  Null: undefined,
  New: 'Новый',
  Execute: 'Выполнить',
  AddHandler: 'ДобавитьОбработчик',
  RemoveHandler: 'УдалитьОбработчик',
  Async: 'Асинх',
  Await: 'Ждать',
};

const BY_LOWER = new Map<string, Keyword>();
for (const [en, ru] of Object.entries(RUSSIAN) as Array<[Keyword, string | undefined]>) {
  BY_LOWER.set(en.toLowerCase(), en);
  if (ru) BY_LOWER.set(ru.toLowerCase(), en);
}

export function lookupKeyword(word: string): Keyword | undefined {
  return BY_LOWER.get(word.toLowerCase());
}

/** Keywords that end a statement list: a `;` before them is optional. */
export const BLOCK_CLOSERS: ReadonlySet<Keyword> = new Set<Keyword>(['EndIf', 'ElsIf', 'Else', 'EndDo', 'Except', 'EndTry', 'EndProcedure', 'EndFunction']);

/**
 * The keyword as an error message should show it: in the language the author used for the
 * construct (so an English module gets English messages), e.g. "КонецЕсли" or "EndIf".
 */
export function kwText(kw: Keyword, english: boolean): string {
  return english ? kw : (RUSSIAN[kw] ?? kw);
}

/** True when a keyword token was written in Latin letters. */
export function isLatin(text: string): boolean {
  return /^[A-Za-z]/.test(text);
}
