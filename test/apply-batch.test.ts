import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { writeOneCJson } from '../src/bsl/one-c-json.js';
import { asSourceId, type SourceId } from '../src/domain/branded-ids.js';
import { type InvoiceSpec, incomingInvoiceBody, makePositions, type Protocol, totalOf } from '../src/emulator/payload-builder.js';
import { DecodeCache } from '../src/ingest/decode-cache.js';
import { InProcessWriter } from '../src/ingest/in-process-writer.js';
import type { Applied, JournalJob, WriteJob } from '../src/ingest/write-jobs.js';
import { storedBody } from '../src/storage/body-codec.js';
import type { Database } from '../src/storage/database-schema.js';
import { openDatabase, type StorageHandle } from '../src/storage/open-database.js';
import { insertSource } from '../src/storage/repositories/sources-repository.js';
import { selectedDialects, skipReason } from './helpers/dialects.js';
import { refusedJournalJob } from './helpers/refused-journal-job.js';
import { freshDatabaseUrl } from './helpers/test-service.js';

/**
 * Group commit (src/ingest/apply-batch.ts): every job submitted to the writer in one
 * turn of the event loop is applied in ONE transaction, decided in memory. Each case
 * submits its jobs synchronously (one batch — checked by counting transactions) and
 * asserts the database ends exactly as if the jobs had been applied one by one.
 */

type ApplyJob = Extract<WriteJob, { type: 'apply' }>;

const SOURCE = asSourceId('src-a');
const OTHER_SOURCE = asSourceId('src-b');

function receipt(number: string, overrides: Partial<InvoiceSpec> = {}): InvoiceSpec {
  const positions = makePositions(2, 5);
  return { number, date: '2024-03-04T09:15:00', counterparty: 'ТОВ «Ромашка»', edrpou: '32855961', total: totalOf(positions), positions, ...overrides };
}

/** The bytes 1C sends: BOM, CR LF, tabs. */
const bytes = (spec: InvoiceSpec, protocol: Protocol = 'classic') => writeOneCJson(incomingInvoiceBody(spec, protocol), { bom: true });

const decoder = new DecodeCache();
let clock = Date.parse('2024-03-04T10:00:00Z');
const nextTime = () => new Date(clock++).toISOString();

/** What WebhookIngestor hands the writer for a decoded request. */
function applyJob(body: Buffer, options: { sourceId?: SourceId; webhookId?: string } = {}): ApplyJob {
  const sourceId = options.sourceId ?? SOURCE;
  const webhookId = options.webhookId ?? null;
  const { change, bodyHash } = decoder.decode('invoices', body);
  return {
    type: 'apply',
    journal: {
      id: uuidv7(),
      received_at: nextTime(),
      source_id: sourceId,
      endpoint: 'invoices',
      webhook_id: webhookId,
      headers: '{}',
      body,
      body_size: body.length,
      remote_addr: '127.0.0.1',
      replay_of: null,
    },
    sourceId,
    webhookId,
    change,
    bodyHash,
  };
}

/** What WebhookIngestor journals for a request it refused (bad JSON, say). */
function journalJob(body: Buffer): JournalJob {
  return refusedJournalJob(nextTime(), { source_id: SOURCE, body, remote_addr: '127.0.0.1', error_code: 'INVALID_JSON', error_message: 'bad' });
}

/** The database as the writer sees it, counting its transactions: one per batch, plus one per job re-run alone. */
function countingTransactions(db: Kysely<Database>) {
  const counter = { transactions: 0 };
  const counted = new Proxy(db, {
    get(target, property) {
      if (property === 'transaction') {
        return () => {
          counter.transactions++;
          return target.transaction();
        };
      }
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { db: counted, counter };
}

for (const dialect of selectedDialects()) {
  describe(`batched writes (applyBatch through InProcessWriter) on ${dialect}`, { skip: await skipReason(dialect) }, () => {
    let storage: StorageHandle;
    let cleanup: () => Promise<void>;
    let writer: InProcessWriter;
    let counter: { transactions: number };

    before(async () => {
      const fresh = await freshDatabaseUrl(dialect);
      cleanup = fresh.cleanup;
      storage = await openDatabase(fresh.url);
      const now = new Date().toISOString();
      await insertSource(storage.db, { id: SOURCE, name: 'Основна база', now });
      await insertSource(storage.db, { id: OTHER_SOURCE, name: 'Друга база', now });
      const counting = countingTransactions(storage.db);
      counter = counting.counter;
      writer = new InProcessWriter(counting.db, storage.support, { maxBatchSize: 64, maxConcurrentBatches: dialect === 'sqlite' ? 1 : 4 });
    });
    after(async () => {
      await writer?.close();
      await storage?.close();
      await cleanup?.();
    });

    /** A job of either type, answered as a batch answers it: what was applied, or null for a journal job. */
    const submit = (job: WriteJob): Promise<Applied | null> => (job.type === 'apply' ? writer.apply(job) : writer.journal(job).then(() => null));

    /** Submit every job in this very turn (one batch) and wait for all of them. */
    async function oneBatch(jobs: WriteJob[]): Promise<(Applied | null)[]> {
      const started = counter.transactions;
      const results = await Promise.all(jobs.map((job) => submit(job)));
      assert.equal(counter.transactions - started, 1, 'the jobs were committed in one transaction');
      return results;
    }

    const invoices = (number: string) =>
      storage.db
        .selectFrom('invoices')
        .select(['id', 'identity', 'uuid', 'version', 'deleted', 'event_number', 'current_event_id', 'comment'])
        .where('number', '=', number)
        .orderBy('id')
        .execute();
    const versions = (objectId: string) =>
      storage.db.selectFrom('versions').select(['version', 'event_id', 'deleted']).where('object_id', '=', objectId).orderBy('version').execute();
    // The row's own bytes, as received (SQLite stores them compressed: storage/body-codec.ts).
    const event = async (id: string) => {
      const row = await storage.db
        .selectFrom('events')
        .select(['status', 'result', 'action', 'object_id', 'object_version', 'body', 'body_encoding', 'body_event_id'])
        .where('id', '=', id)
        .executeTakeFirst();
      return row && { ...row, body: storedBody(row.body, row.body_encoding) };
    };
    const countEvents = async (ids: string[]) =>
      Number(
        (
          await storage.db
            .selectFrom('events')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('id', 'in', ids)
            .executeTakeFirstOrThrow()
        ).n,
      );

    it('create, changed update and an identical re-post in one batch: created, updated, unchanged; the re-post shares the body', async () => {
      // Rules: upsert; a change is a new version; equal content is `unchanged` with no
      // version; an unchanged re-post of the very same bytes points at the current event's body.
      const spec = receipt('ПБ-000001');
      const changed = { ...spec, comment: 'Змінено' };
      const create = applyJob(bytes(spec));
      const update = applyJob(bytes(changed));
      const repost = applyJob(Buffer.from(bytes(changed)));
      // Same content, other layout: unchanged, but its own bytes are kept.
      const relaid = applyJob(writeOneCJson(incomingInvoiceBody(changed), { bom: false, newline: '\n', indent: '  ' }));
      const results = await oneBatch([create, update, repost, relaid]);

      const [row, ...others] = await invoices('ПБ-000001');
      assert.equal(others.length, 0, 'one invoice');
      assert.deepEqual(results, [
        { result: 'created', objectId: row!.id },
        { result: 'updated', objectId: row!.id },
        { result: 'unchanged', objectId: row!.id },
        { result: 'unchanged', objectId: row!.id },
      ]);
      assert.equal(row!.version, 2);
      assert.equal(row!.deleted, 0);
      assert.equal(row!.comment, 'Змінено');
      assert.equal(row!.current_event_id, update.journal.id);
      assert.deepEqual(await versions(row!.id), [
        { version: 1, event_id: create.journal.id, deleted: 0 },
        { version: 2, event_id: update.journal.id, deleted: 0 },
      ]);

      const [e1, e2, e3, e4] = await Promise.all([create, update, repost, relaid].map((j) => event(j.journal.id)));
      assert.deepEqual(
        [e1, e2, e3, e4].map((e) => [e?.status, e?.result, e?.object_id, e?.object_version]),
        [
          ['applied', 'created', row!.id, 1],
          ['applied', 'updated', row!.id, 2],
          ['unchanged', 'unchanged', row!.id, 2],
          ['unchanged', 'unchanged', row!.id, 2],
        ],
      );
      assert.equal(Buffer.compare(e1!.body!, create.journal.body!), 0);
      assert.equal(Buffer.compare(e2!.body!, update.journal.body!), 0);
      assert.equal(e2!.body_event_id, null);
      assert.equal(e3!.body, null, 'the identical re-post stores no second copy');
      assert.equal(e3!.body_event_id, update.journal.id);
      assert.equal(Buffer.compare(e4!.body!, relaid.journal.body!), 0, 'different bytes are kept');
      assert.equal(e4!.body_event_id, null);
    });

    it('НомерСобытия: an older number than one applied earlier in the batch is stale; a newer one later applies', async () => {
      // Rule: an older НомерСобытия than the stored one is `stale` and changes nothing;
      // an unchanged change still raises the stored number.
      const guid = '0f8fad5b-d9cb-469f-a165-70867728950e';
      const spec = receipt('ПБ-000002', { uuid: guid });
      const five = applyJob(bytes({ ...spec, eventNumber: '5' }, 'v2'));
      const three = applyJob(bytes({ ...spec, eventNumber: '3', comment: 'старе' }, 'v2'));
      const first = await oneBatch([five, three]);

      let [row] = await invoices('ПБ-000002');
      assert.deepEqual(first, [
        { result: 'created', objectId: row!.id },
        { result: 'stale', objectId: row!.id },
      ]);
      assert.equal(row!.identity, `uuid:${guid}`);
      assert.equal(row!.version, 1);
      assert.equal(row!.event_number, '5');
      assert.equal(row!.comment, null, 'the stale change was not applied');
      assert.equal(row!.current_event_id, five.journal.id);
      const staleEvent = await event(three.journal.id);
      assert.deepEqual([staleEvent?.status, staleEvent?.result, staleEvent?.object_version], ['stale', 'stale', 1]);
      assert.equal(Buffer.compare(staleEvent!.body!, three.journal.body!), 0);

      // Later: 7 applies; 9 with the same content is unchanged but raises the number, so 8 is stale.
      const seven = applyJob(bytes({ ...spec, eventNumber: '7', comment: 'нове' }, 'v2'));
      const nine = applyJob(bytes({ ...spec, eventNumber: '9', comment: 'нове' }, 'v2'));
      const eight = applyJob(bytes({ ...spec, eventNumber: '8', comment: 'проміжне' }, 'v2'));
      const second = await oneBatch([seven, nine, eight]);
      [row] = await invoices('ПБ-000002');
      assert.deepEqual(second, [
        { result: 'updated', objectId: row!.id },
        { result: 'unchanged', objectId: row!.id },
        { result: 'stale', objectId: row!.id },
      ]);
      assert.equal(row!.version, 2);
      assert.equal(row!.event_number, '9');
      assert.equal(row!.comment, 'нове');
      assert.equal(row!.current_event_id, seven.journal.id);
      assert.deepEqual(
        (await versions(row!.id)).map((v) => [v.version, v.event_id]),
        [
          [1, five.journal.id],
          [2, seven.journal.id],
        ],
      );
    });

    it('the same webhook-id twice in one batch is a duplicate of the first, and in a later batch too', async () => {
      // Rule: a webhook-id already seen from that source is a `duplicate`: nothing applied,
      // answered with the object the first delivery changed.
      const spec = receipt('ПБ-000003');
      const first = applyJob(bytes(spec), { webhookId: 'msg_batch_1' });
      const retry = applyJob(bytes(spec), { webhookId: 'msg_batch_1' });
      const results = await oneBatch([first, retry]);

      const [row, ...others] = await invoices('ПБ-000003');
      assert.equal(others.length, 0);
      assert.deepEqual(results, [
        { result: 'created', objectId: row!.id },
        { result: 'duplicate', objectId: row!.id },
      ]);
      const deliveries = () => storage.db.selectFrom('deliveries').select(['source_id', 'event_id']).where('webhook_id', '=', 'msg_batch_1').execute();
      assert.deepEqual(await deliveries(), [{ source_id: SOURCE, event_id: first.journal.id }]);
      const dup = await event(retry.journal.id);
      assert.deepEqual([dup?.status, dup?.result, dup?.object_id, dup?.object_version], ['duplicate', 'duplicate', row!.id, null]);
      assert.equal(Buffer.compare(dup!.body!, retry.journal.body!), 0, 'a duplicate is journaled with its bytes');

      // A later batch: the key is still claimed — nothing is applied, even with other content.
      const late = applyJob(bytes({ ...spec, comment: 'інший вміст' }), { webhookId: 'msg_batch_1' });
      assert.deepEqual(await oneBatch([late]), [{ result: 'duplicate', objectId: row!.id }]);
      const [unchanged] = await invoices('ПБ-000003');
      assert.deepEqual([unchanged!.version, unchanged!.comment, unchanged!.current_event_id], [1, null, first.journal.id]);
      assert.deepEqual(await deliveries(), [{ source_id: SOURCE, event_id: first.journal.id }]);
      const lateEvent = await event(late.journal.id);
      assert.deepEqual([lateEvent?.status, lateEvent?.result, lateEvent?.object_id], ['duplicate', 'duplicate', row!.id]);
    });

    it('two sources: the same webhook-id and the same new document in one batch are two deliveries, two invoices, one transaction', async () => {
      // Rule: idempotency keys and identities are per source.
      const spec = receipt('ПБ-000011');
      const mine = applyJob(bytes(spec), { webhookId: 'msg_shared' });
      const theirs = applyJob(bytes(spec), { webhookId: 'msg_shared', sourceId: OTHER_SOURCE });
      const started = counter.transactions;
      const results = await Promise.all([writer.apply(mine), writer.apply(theirs)]);

      const rows = await storage.db
        .selectFrom('invoices')
        .select(['id', 'source_id', 'version'])
        .where('number', '=', 'ПБ-000011')
        .orderBy('source_id')
        .execute();
      assert.deepEqual(
        rows.map((r) => [r.source_id, r.version]),
        [
          [SOURCE, 1],
          [OTHER_SOURCE, 1],
        ],
      );
      assert.deepEqual(results, [
        { result: 'created', objectId: rows[0]!.id },
        { result: 'created', objectId: rows[1]!.id },
      ]);
      const deliveries = await storage.db
        .selectFrom('deliveries')
        .select(['source_id', 'event_id'])
        .where('webhook_id', '=', 'msg_shared')
        .orderBy('source_id')
        .execute();
      assert.deepEqual(deliveries, [
        { source_id: SOURCE, event_id: mine.journal.id },
        { source_id: OTHER_SOURCE, event_id: theirs.journal.id },
      ]);
      assert.equal(counter.transactions - started, 1, 'one batch, not a failed batch re-run job by job');
    });

    it('adoption: an invoice first seen by ref takes its GUID, unchanged then updated in one batch; versions stay gapless', async () => {
      // Rule: an object first seen through the classic protocol (ref only) is the same
      // object when it arrives with its GUID: its identity becomes uuid:<guid>.
      const guid = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
      const spec = receipt('ПБ-000004');
      const seed = applyJob(bytes(spec));
      assert.equal((await oneBatch([seed]))[0]?.result, 'created');

      const sameWithGuid = applyJob(bytes({ ...spec, uuid: guid, eventNumber: '1' }, 'v2'));
      const changedWithGuid = applyJob(bytes({ ...spec, uuid: guid, eventNumber: '2', comment: 'з GUID' }, 'v2'));
      const results = await oneBatch([sameWithGuid, changedWithGuid]);

      const rows = await invoices('ПБ-000004');
      assert.equal(rows.length, 1, 'adopted, not a second invoice');
      const row = rows[0]!;
      assert.deepEqual(results, [
        { result: 'unchanged', objectId: row.id },
        { result: 'updated', objectId: row.id },
      ]);
      assert.equal(row.identity, `uuid:${guid}`);
      assert.equal(row.uuid, guid);
      assert.equal(row.version, 2);
      assert.equal(row.event_number, '2');
      assert.equal(row.comment, 'з GUID');
      assert.deepEqual(
        (await versions(row.id)).map((v) => [v.version, v.event_id]),
        [
          [1, seed.journal.id],
          [2, changedWithGuid.journal.id],
        ],
      );
    });

    it('adoption in a batch where both GUID changes are updates: versions 1, 2, 3', async () => {
      // Same rule, through the update path (the row's identity changes with its content).
      const guid = '16fd2706-8baf-433b-82eb-8c7fada847da';
      const spec = receipt('ПБ-000005');
      const seed = applyJob(bytes(spec));
      await oneBatch([seed]);
      const a = applyJob(bytes({ ...spec, uuid: guid, eventNumber: '10', comment: 'перша' }, 'v2'));
      const b = applyJob(bytes({ ...spec, uuid: guid, eventNumber: '11', comment: 'друга' }, 'v2'));
      const results = await oneBatch([a, b]);
      const rows = await invoices('ПБ-000005');
      assert.equal(rows.length, 1);
      const row = rows[0]!;
      assert.deepEqual(results, [
        { result: 'updated', objectId: row.id },
        { result: 'updated', objectId: row.id },
      ]);
      assert.deepEqual([row.identity, row.uuid, row.version, row.event_number, row.comment], [`uuid:${guid}`, guid, 3, '11', 'друга']);
      assert.deepEqual(
        (await versions(row.id)).map((v) => [v.version, v.event_id]),
        [
          [1, seed.journal.id],
          [2, a.journal.id],
          [3, b.journal.id],
        ],
      );
    });

    it('delete then re-create in one batch: deleted, then brought back; also for an invoice new in the batch', async () => {
      // Rule: a delete marks the object deleted (a version), a repeated delete is
      // unchanged, and a later change brings it back (a version, deleted = 0).
      const existing = receipt('ПБ-000006');
      const created = applyJob(bytes(existing));
      await oneBatch([created]);
      const fresh = receipt('ПБ-000007');

      const del = applyJob(bytes({ ...existing, action: 'delete' }));
      const back = applyJob(bytes(existing));
      const freshCreate = applyJob(bytes(fresh));
      const freshDelete = applyJob(bytes({ ...fresh, action: 'delete' }));
      const freshDeleteAgain = applyJob(bytes({ ...fresh, action: 'delete' }));
      const freshBack = applyJob(bytes(fresh));
      const results = await oneBatch([del, back, freshCreate, freshDelete, freshDeleteAgain, freshBack]);

      const [p] = await invoices('ПБ-000006');
      const [q, ...more] = await invoices('ПБ-000007');
      assert.equal(more.length, 0);
      assert.deepEqual(results, [
        { result: 'deleted', objectId: p!.id },
        { result: 'updated', objectId: p!.id },
        { result: 'created', objectId: q!.id },
        { result: 'deleted', objectId: q!.id },
        { result: 'unchanged', objectId: q!.id },
        { result: 'updated', objectId: q!.id },
      ]);
      assert.deepEqual([p!.deleted, p!.version, p!.current_event_id], [0, 3, back.journal.id]);
      assert.deepEqual(await versions(p!.id), [
        { version: 1, event_id: created.journal.id, deleted: 0 },
        { version: 2, event_id: del.journal.id, deleted: 1 },
        { version: 3, event_id: back.journal.id, deleted: 0 },
      ]);
      assert.deepEqual([q!.deleted, q!.version, q!.current_event_id], [0, 3, freshBack.journal.id]);
      assert.deepEqual(await versions(q!.id), [
        { version: 1, event_id: freshCreate.journal.id, deleted: 0 },
        { version: 2, event_id: freshDelete.journal.id, deleted: 1 },
        { version: 3, event_id: freshBack.journal.id, deleted: 0 },
      ]);
      const delEvent = await event(del.journal.id);
      assert.deepEqual([delEvent?.status, delEvent?.result, delEvent?.action, delEvent?.object_version], ['applied', 'deleted', 'delete', 2]);
      const again = await event(freshDeleteAgain.journal.id);
      assert.deepEqual([again?.status, again?.result, again?.object_version], ['unchanged', 'unchanged', 2]);
      assert.equal(again?.body, null, "the same delete bytes again share the first delete's body");
      assert.equal(again?.body_event_id, freshDelete.journal.id);
    });

    it('a bad job does not fail its neighbours: the batch is re-run job by job and only the bad ones reject', async () => {
      // Rule (CommitQueue): a failed batch is rolled back and every job re-run alone.
      const existing = receipt('ПБ-000008');
      await oneBatch([applyJob(bytes(existing))]);
      const [original] = await invoices('ПБ-000008');

      const good = applyJob(bytes(receipt('ПБ-000009')));
      const update = applyJob(bytes({ ...existing, comment: 'оновлено' }));
      const journal = journalJob(Buffer.from('{"action":'));
      // An apply job whose row violates NOT NULL (invoices.number), built by hand.
      const template = applyJob(bytes(receipt('ПБ-000010')));
      const badApply: ApplyJob = { ...template, change: { ...template.change, columns: { ...template.change.columns, number: null } } };
      // A journal job whose row violates NOT NULL (events.headers).
      const badJournal = journalJob(Buffer.from('{}'));
      badJournal.row.headers = null as unknown as string;

      const jobs: WriteJob[] = [good, badApply, update, journal, badJournal];
      const transactionsBefore = counter.transactions;
      const settled = await Promise.allSettled(jobs.map((job) => submit(job)));
      assert.equal(counter.transactions - transactionsBefore, 1 + jobs.length, 'one failed batch, then each job alone');

      const [g] = await invoices('ПБ-000009');
      assert.deepEqual(
        settled.map((s) => s.status),
        ['fulfilled', 'rejected', 'fulfilled', 'fulfilled', 'rejected'],
      );
      assert.deepEqual(
        settled.map((s) => (s.status === 'fulfilled' ? s.value : null)),
        [{ result: 'created', objectId: g!.id }, null, { result: 'updated', objectId: original!.id }, null, null],
      );
      const [updated] = await invoices('ПБ-000008');
      assert.deepEqual([updated!.version, updated!.comment], [2, 'оновлено']);
      assert.equal((await invoices('ПБ-000010')).length, 0);
      assert.equal(await countEvents([good.journal.id, update.journal.id, journal.row.id]), 3, 'the good jobs are journaled');
      assert.equal(await countEvents([badApply.journal.id, badJournal.row.id]), 0, 'the bad ones left nothing behind');
      assert.equal((await event(journal.row.id))?.status, 'rejected');
    });
  });
}
