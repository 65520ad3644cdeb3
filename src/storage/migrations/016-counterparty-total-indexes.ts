import type { Kysely } from 'kysely';

/**
 * Frozen in time. One counterparty's invoices largest first (`?edrpou=…&sort=total`, and
 * the same by client code) get indexes in that order, as migration 007 gave them by date:
 * `(counterparty_edrpou | counterparty_code, kind, deleted, total_value, id)`. Without them
 * the list walked every invoice by total looking for the counterparty's — 4–10 s at a
 * million invoices on SQLite, on the thread that answers webhooks. With a kind the list is
 * one walk of its index; without one, the two kinds' walks merged (invoices-repository.ts).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('invoices_edrpou_by_total')
    .on('invoices')
    .columns(['counterparty_edrpou', 'kind', 'deleted', 'total_value', 'id'])
    .execute();
  await db.schema
    .createIndex('invoices_counterparty_code_by_total')
    .on('invoices')
    .columns(['counterparty_code', 'kind', 'deleted', 'total_value', 'id'])
    .execute();
}
