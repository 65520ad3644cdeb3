import type { BslValue } from './values.js';

/**
 * A variable the host passes to a BSL procedure by reference: after the call, `value` holds
 * what the procedure assigned to that parameter (`Отказ = Истина` in ПередЗаписью).
 */
export class Ref {
  constructor(public value: BslValue = undefined) {}
}
