/**
 * Errors of BSL execution. Three kinds reach BSL code as catchable exceptions (`Попытка`):
 * `BslError` from a host or the platform library (its text is 1C's), `ВызватьИсключение`, and
 * the catalogue errors (an unknown method or wrong argument count: in 1C these are run-time
 * errors too, caught by `Попытка`). The interpreter attaches the module, line and column.
 */

/** An error with the text 1C shows in ОписаниеОшибки(); thrown by hosts and the library. */
export class BslError extends Error {
  constructor(
    message: string,
    readonly category: string = 'ОшибкаВоВремяВыполненияВстроенногоЯзыка',
  ) {
    super(message);
  }
}

/** The object has no property/method of that name (1C: "Метод объекта не обнаружен (Имя)"). */
export class MemberNotFound extends BslError {
  constructor(
    readonly member: string,
    readonly kind: 'method' | 'property',
    readonly typeName?: string,
  ) {
    super(kind === 'method' ? `Метод объекта не обнаружен (${member})` : `Поле объекта не обнаружено (${member})`);
  }
}

/** A call with more or fewer argument slots than the method allows. */
export class WrongArgumentCount extends BslError {
  constructor(
    readonly member: string,
    given: number,
    min: number,
    max: number,
  ) {
    super(
      given > max
        ? `Слишком много фактических параметров (${member}: ${given}, допустимо не более ${max})`
        : `Недостаточно фактических параметров (${member}: ${given}, нужно не менее ${min})`,
    );
  }
}

/** Where a BSL error happened: the module as 1C names it and a 1-based line/column. */
export interface BslPosition {
  module: string;
  line: number;
  column: number;
}

/**
 * An exception in flight inside BSL code, or one that escaped it (thrown from
 * `ModuleInstance.call`). `description` is what ИнформацияОбОшибке().Описание gives;
 * `message` adds the position as ОписаниеОшибки() does: `{Модуль(строка)}: текст`.
 */
export class BslRuntimeError extends Error {
  constructor(
    readonly description: string,
    readonly position: BslPosition,
    readonly options: {
      category?: string;
      /** The multi-argument ВызватьИсключение form (8.3.21+): Код, Подробность, Причина. */
      code?: string;
      details?: string;
      cause?: BslRuntimeError;
      /** Raised by ВызватьИсключение (not the platform). */
      raised?: boolean;
      /** A catalogue error: an unknown name or a wrong argument count. */
      catalogue?: boolean;
      /**
       * Not catchable by Попытка: what 1C reports when compiling the module (an undefined
       * procedure or variable, a wrong argument count of a module's own method) and names the
       * runtime does not implement. It escapes every handler to the host.
       */
      fatal?: boolean;
      /** The original JS error when a host threw something that is not a BslError (a bug). */
      hostError?: unknown;
    } = {},
  ) {
    super(`{${position.module}(${position.line},${position.column})}: ${description}`);
    this.name = 'BslRuntimeError';
  }
}
