/**
 * Public result types of the BSL parser and the syntax tree it builds. Every position is
 * 1-based; a column counts UTF-16 code units from the start of the line (a tab is one).
 */

export interface BslError {
  message: string;
  line: number;
  column: number;
}

export interface Position {
  line: number;
  column: number;
}

export interface ParamInfo {
  name: string;
  byVal: boolean;
  /** Source text of the default value (`Неопределено`, `30`, `""`), absent when the parameter is required. */
  defaultValue?: string;
}

export interface ProcedureInfo {
  name: string;
  kind: 'procedure' | 'function';
  exported: boolean;
  params: string[];
  line: number;
  /** Without the `&`, arguments as written: `НаСервере`, `Перед("ПриЗаписи")`. */
  annotations: string[];
  column: number;
  async: boolean;
  paramDetails: ParamInfo[];
}

export interface CallInfo {
  name: string;
  /** Receiver of a method call as written: `СинхронизацияERP`, `Запрос.Заголовки`, `Foo()`. */
  qualifier?: string;
  line: number;
  column: number;
  /** Number of argument slots, empty ones included: `F(a, , b)` has 3, `F()` has 0. */
  argCount: number;
  /** The call is a whole statement (its value, if any, is discarded). */
  statement: boolean;
  /** Procedure or function the call is in; absent in the module body. */
  inMethod?: string;
}

export interface VariableInfo extends Position {
  name: string;
  exported: boolean;
  annotations: string[];
}

export interface RegionInfo extends Position {
  name: string;
  endLine: number;
}

export interface ParsedModule {
  procedures: ProcedureInfo[];
  calls: CallInfo[];
  variables: VariableInfo[];
  regions: RegionInfo[];
  methods: MethodNode[];
  /** Statements of the module body (after the procedures). */
  body: Statement[];
}

// ---- syntax tree ----

export type Expression =
  | ({ type: 'Number'; value: number; raw: string } & Position)
  | ({ type: 'String'; value: string } & Position)
  | ({ type: 'Date'; raw: string } & Position)
  | ({ type: 'Boolean'; value: boolean } & Position)
  | ({ type: 'Undefined' } & Position)
  | ({ type: 'Null' } & Position)
  | ({ type: 'Identifier'; name: string } & Position)
  | ({ type: 'Member'; object: Expression; name: string } & Position)
  | ({ type: 'Index'; object: Expression; index: Expression } & Position)
  | CallExpression
  | ({ type: 'New'; typeName?: string; args?: Argument[] } & Position)
  | ({ type: 'Ternary'; condition: Expression; whenTrue: Expression; whenFalse: Expression } & Position)
  | ({ type: 'Unary'; operator: '-' | '+' | 'Not' | 'Await'; operand: Expression } & Position)
  | ({ type: 'Binary'; operator: BinaryOperator; left: Expression; right: Expression } & Position)
  | ({ type: 'Paren'; expression: Expression } & Position);

export type CallExpression = { type: 'Call'; callee: Expression; args: Argument[] } & Position;

/** `null` stands for an empty argument slot, as in `F(a, , b)`. */
export type Argument = Expression | null;

export type BinaryOperator = 'Or' | 'And' | '=' | '<>' | '<' | '>' | '<=' | '>=' | '+' | '-' | '*' | '/' | '%';

export type Statement = (
  | { type: 'Assign'; target: Expression; value: Expression }
  | { type: 'Call'; call: CallExpression }
  | { type: 'If'; branches: Array<{ condition: Expression; body: Statement[] }>; elseBody?: Statement[] }
  | { type: 'While'; condition: Expression; body: Statement[] }
  | { type: 'For'; variable: string; from: Expression; to: Expression; body: Statement[] }
  | { type: 'ForEach'; variable: string; collection: Expression; body: Statement[] }
  | { type: 'Try'; body: Statement[]; handler: Statement[] }
  | { type: 'Return'; value?: Expression }
  /** `args`: the 8.3.21 form `ВызватьИсключение(Текст, Категория, Код, Подробность, Причина)`; `value` is then its text. */
  | { type: 'Raise'; value?: Expression; args?: Argument[] }
  | { type: 'Break' }
  | { type: 'Continue' }
  | { type: 'Goto'; label: string }
  | { type: 'Label' }
  | { type: 'Execute'; code: Expression }
  | { type: 'AddHandler' | 'RemoveHandler'; event: Expression; handler: Expression }
  | { type: 'Await'; expression: Expression }
) &
  Position & { label?: string };

export interface MethodNode extends Position {
  info: ProcedureInfo;
  locals: VariableInfo[];
  body: Statement[];
  endLine: number;
}
