import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { v7 as uuidv7 } from 'uuid';
import { writeOneCJson } from '../src/bsl/one-c-json.js';
import { asEventId, asSourceId } from '../src/domain/branded-ids.js';
import { refIdentity } from '../src/domain/object-identity.js';
import { type InvoiceSpec, incomingInvoiceBody, makePositions, type Protocol, totalOf } from '../src/emulator/payload-builder.js';
import { type Duplicate, objectReads, planBatch, type StoredObjects } from '../src/ingest/batch-plan.js';
import { DecodeCache } from '../src/ingest/decode-cache.js';
import type { ApplyJob, WriteJob } from '../src/ingest/write-jobs.js';
import type { ObjectState } from '../src/storage/repositories/object-tables-repository.js';

/**
 * The batch plan (src/ingest/batch-plan.ts) without a database: jobs built from the bytes
 * 1C sends, decoded by the real decoder, decided against rows given in memory. What the
 * statements then do with a plan is test/apply-batch.test.ts's subject (both dialects).
 */

const SOURCE = asSourceId('src-a');
const decoder = new DecodeCache();
let clock = Date.parse('2024-03-04T10:00:00Z');

function receipt(number: string, overrides: Partial<InvoiceSpec> = {}): InvoiceSpec {
  const positions = makePositions(2, 5);
  return { number, date: '2024-03-04T09:15:00', counterparty: 'ТОВ «Ромашка»', edrpou: '32855961', total: totalOf(positions), positions, ...overrides };
}

function job(spec: InvoiceSpec, protocol: Protocol = 'classic', extra: Partial<ApplyJob> = {}): ApplyJob {
  const body = writeOneCJson(incomingInvoiceBody(spec, protocol), { bom: true });
  const { change, bodyHash } = decoder.decode('invoices', body);
  return {
    type: 'apply',
    journal: {
      id: uuidv7(),
      received_at: new Date(clock++).toISOString(),
      source_id: SOURCE,
      endpoint: 'invoices',
      webhook_id: null,
      headers: '{}',
      body,
      body_size: body.length,
      remote_addr: '127.0.0.1',
      replay_of: null,
    },
    sourceId: SOURCE,
    webhookId: null,
    change,
    bodyHash,
    ...extra,
  };
}

/** A stored row as `findObjectStates` returns it. */
function storedRow(identity: string, overrides: Partial<ObjectState> = {}): ObjectState {
  return {
    id: 'obj-stored',
    identity,
    deleted: 0,
    version: 4,
    event_number: null,
    content_hash: 'an older content',
    current_event_id: '00000000-0000-7000-8000-000000000000',
    current_body_hash: null,
    ...overrides,
  };
}

const stored = (rows: ObjectState[]): StoredObjects[] => [{ table: 'invoices', sourceId: SOURCE, kind: 'incoming', rows }];
const plan = (jobs: WriteJob[], rows: ObjectState[] = [], duplicates = new Map<number, Duplicate>()) =>
  planBatch(jobs, duplicates, stored(rows), '2024-03-04T10:00:01.000Z');

describe('the batch plan, in memory', () => {
  it('create and two updates of one document in one batch: versions 1, 2, 3, one row inserted as the last update left it', () => {
    const first = job(receipt('ПТ-1'));
    const second = job(receipt('ПТ-1', { comment: 'друга' }));
    const third = job(receipt('ПТ-1', { comment: 'третя' }));
    const p = plan([first, second, third]);
    assert.deepEqual(
      p.results.map((r) => r?.result),
      ['created', 'updated', 'updated'],
    );
    const id = p.results[0]!.objectId;
    assert.ok(p.results.every((r) => r?.objectId === id));
    assert.deepEqual(
      p.versions.map((v) => [v.version, v.event_id]),
      [
        [1, first.journal.id],
        [2, second.journal.id],
        [3, third.journal.id],
      ],
    );
    assert.equal(p.inserts.length, 1);
    assert.equal(p.inserts[0]!.rows.length, 1);
    const row = p.inserts[0]!.rows[0]!;
    assert.deepEqual([row.version, row.comment, row.current_event_id], [3, 'третя', third.journal.id]);
    assert.deepEqual(p.updates, [], 'a row created in the batch is inserted whole, never updated');
    assert.deepEqual(
      p.changes.map((c) => [c.action, c.version]),
      [
        ['created', 1],
        ['updated', 2],
        ['updated', 3],
      ],
    );
    assert.deepEqual(
      p.events.map((e) => [e.status, e.object_version]),
      [
        ['applied', 1],
        ['applied', 2],
        ['applied', 3],
      ],
    );
  });

  it('an older НомерСобытия than the stored one is stale: no version, no feed entry, no write', () => {
    const guid = '0f8fad5b-d9cb-469f-a165-70867728950e';
    const older = job(receipt('ПТ-2', { uuid: guid, eventNumber: '3' }), 'v2');
    const p = plan([older], [storedRow(`uuid:${guid}`, { event_number: '5' })]);
    assert.deepEqual(p.results, [{ result: 'stale', objectId: 'obj-stored' }]);
    assert.deepEqual([p.versions, p.changes, p.updates, p.inserts], [[], [], [], []]);
    assert.deepEqual([p.events[0]!.status, p.events[0]!.object_version], ['stale', 4]);
  });

  it('a ref first seen through the classic modules is adopted by its GUID: the stored row is updated, its identity becomes the GUID', () => {
    const guid = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
    const spec = receipt('ПТ-3', { uuid: guid, comment: 'з GUID' });
    const withGuid = job(spec, 'v2');
    const byRef = refIdentity(withGuid.change.sourceRef);
    const reads = objectReads([withGuid], new Map());
    assert.deepEqual(
      reads.map((r) => r.identities),
      [[`uuid:${guid}`, byRef]],
      'both the GUID and the ref are read',
    );
    const p = plan([withGuid], [storedRow(byRef)]);
    assert.deepEqual(p.results, [{ result: 'updated', objectId: 'obj-stored' }]);
    assert.equal(p.inserts.length, 0);
    assert.equal(p.updates.length, 1);
    assert.deepEqual(
      [p.updates[0]!.id, p.updates[0]!.set.identity, p.updates[0]!.set.uuid, p.updates[0]!.set.version],
      ['obj-stored', `uuid:${guid}`, guid, 5],
    );
  });

  it('a replay is stale when the object changed after the replayed request arrived (UUIDv7 order)', () => {
    const replayed = asEventId(uuidv7());
    const later = uuidv7();
    const replay = job(receipt('ПТ-4', { comment: 'повтор' }), 'classic', { staleIfChangedAfter: replayed });
    const identity = replay.change.identity;
    assert.deepEqual(plan([replay], [storedRow(identity, { current_event_id: later })]).results, [{ result: 'stale', objectId: 'obj-stored' }]);
    // The same replay against a row last changed before it arrived applies.
    const before = plan([replay], [storedRow(identity, { current_event_id: '00000000-0000-7000-8000-000000000000' })]);
    assert.deepEqual(
      before.results.map((r) => r?.result),
      ['updated'],
    );
  });

  it("equal content is unchanged and points at the stored body; a duplicate webhook-id answers with the first job's object", () => {
    const first = job(receipt('ПТ-5'), 'classic', { webhookId: 'msg-1' });
    const again = job(receipt('ПТ-5'), 'classic', { webhookId: 'msg-1' });
    const repost = job(receipt('ПТ-5'));
    const p = plan([first, again, repost], [], new Map([[1, { firstIndex: 0 }]]));
    const id = p.results[0]!.objectId;
    assert.deepEqual(p.results, [
      { result: 'created', objectId: id },
      { result: 'duplicate', objectId: id },
      { result: 'unchanged', objectId: id },
    ]);
    assert.deepEqual(
      p.events.map((e) => e.result),
      ['created', 'duplicate', 'unchanged'],
    );
    assert.equal(p.events[2]!.body_event_id, first.journal.id, 'the same bytes: the body is not stored twice');
    assert.equal(p.versions.length, 1);
  });
});
