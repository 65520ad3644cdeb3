/**
 * Transactions of the simulated base, as the platform has them: one real transaction per
 * session, nested НачатьТранзакцию calls only count depth, and a rollback at any depth undoes
 * everything written since the outermost НачатьТранзакцию — the object and the register
 * records alike. After a rollback inside a nested level the outer levels can no longer commit
 * (the platform's "В данной транзакции уже происходили ошибки").
 *
 * Every change to the base's data goes through `change(undo)`: outside a transaction the
 * change is final at once; inside, its undo is kept until the outermost commit.
 */
import { BslError } from '../errors.js';
import type { TransactionHooks } from '../host-api.js';

export class TransactionLog implements TransactionHooks {
  private depth = 0;
  private failed = false;
  private undo: Array<() => void> = [];

  begin(): void {
    this.depth++;
  }

  commit(): void {
    if (this.depth === 0) throw new BslError('Транзакция не активна');
    if (this.failed) {
      // The platform refuses the commit and the whole transaction is gone.
      this.depth--;
      if (this.depth === 0) this.failed = false;
      throw new BslError('В данной транзакции уже происходили ошибки');
    }
    this.depth--;
    if (this.depth === 0) this.undo = [];
  }

  rollback(): void {
    if (this.depth === 0) throw new BslError('Транзакция не активна');
    this.undoAll();
    this.depth--;
    this.failed = this.depth > 0;
  }

  active(): boolean {
    return this.depth > 0;
  }

  /** Records how to undo a change just made to the data. */
  change(undo: () => void): void {
    if (this.depth > 0) this.undo.push(undo);
  }

  private undoAll(): void {
    for (let k = this.undo.length - 1; k >= 0; k--) this.undo[k]!();
    this.undo = [];
  }
}
