/** Below this many rows a table's statistics do more harm than the planner's defaults (sqlite-statistics.ts). */
export const MIN_ANALYZED_ROWS = 1000;

/**
 * When the writer refreshes: at each doubling of the rows it counts — those it has committed,
 * on top of those the statistics described when it opened — on SQLite (sqlite-statistics.ts)
 * and on PostgreSQL (postgres-statistics.ts) alike (from `MIN_ANALYZED_ROWS` on), so a
 * database growing from nothing to millions of rows is re-planned some twenty times in all,
 * each time by a bounded ANALYZE of what grew. On PostgreSQL a restart does not start over:
 * the count begins at what the statistics describe. SQLite's writer counts from its own
 * start, but its refresh is `PRAGMA optimize`, which analyses only the tables that grew
 * markedly since their last analysis: a restarted writer's first refreshes are mostly no-ops.
 */
export class StatisticsSchedule {
  private written: number;
  private next: number;

  /**
   * `described`: the rows the statistics already describe, when the writer opens a grown
   * database (PostgreSQL's `analysedJournalRows`); its first refresh is when the table has
   * doubled from there.
   */
  constructor(described = 0) {
    this.written = described;
    this.next = Math.max(MIN_ANALYZED_ROWS, 2 * described);
  }

  /** Count `rows` committed; true when the statistics should be refreshed now. */
  committed(rows: number): boolean {
    this.written += rows;
    if (this.written < this.next) return false;
    this.next = this.written * 2;
    return true;
  }
}
