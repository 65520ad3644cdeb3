/** Below this many rows a table's statistics do more harm than the planner's defaults (sqlite-statistics.ts). */
export const MIN_ANALYZED_ROWS = 1000;

/**
 * When the writer refreshes: at each doubling of the rows it has committed since it opened — on SQLite
 * (sqlite-statistics.ts) and on PostgreSQL (postgres-statistics.ts) alike
 * (from `MIN_ANALYZED_ROWS` on), so a database growing from nothing to millions of rows is
 * re-planned some twenty times in all, each time by a bounded ANALYZE of what grew.
 */
export class StatisticsSchedule {
  private written = 0;
  private next = MIN_ANALYZED_ROWS;

  /** Count `rows` committed; true when the statistics should be refreshed now. */
  committed(rows: number): boolean {
    this.written += rows;
    if (this.written < this.next) return false;
    this.next = this.written * 2;
    return true;
  }
}
