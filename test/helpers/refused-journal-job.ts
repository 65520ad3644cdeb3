import { v7 as uuidv7 } from 'uuid';
import type { JournalJob } from '../../src/ingest/write-jobs.js';

/**
 * What the ingest path journals for a request it refused: its bytes and a 400, nothing
 * applied. `row` replaces any column (a source, an error code, another body).
 */
export function refusedJournalJob(receivedAt: string, row: Partial<JournalJob['row']> = {}): JournalJob {
  const body = (row.body as Buffer | undefined) ?? Buffer.from('x');
  return {
    type: 'journal',
    row: {
      id: uuidv7(),
      received_at: receivedAt,
      source_id: null,
      endpoint: 'invoices',
      webhook_id: null,
      status: 'rejected',
      http_status: 400,
      headers: '{}',
      body,
      body_size: body.length,
      ...row,
    },
  };
}
