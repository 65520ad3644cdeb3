import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Webhook } from 'standardwebhooks';
import { stdnum } from 'stdnum';
import { type DayEvent, type DayScenario, dayScenario, type ExpectedObject } from '../src/emulator/day-scenario.js';
import { edrpouCheckDigit, Rng, rnokppCheckDigit } from '../src/emulator/scenario-data.js';
import { sendDeliveries } from '../src/emulator/send-deliveries.js';
import { decodeWebhook } from '../src/ingest/decode-webhook.js';
import { WEBHOOK_ENDPOINTS } from '../src/ingest/webhook-endpoints.js';
import { CLI_FROM_SOURCES } from './helpers/cli-process.js';
import { selectedDialects, skipReason } from './helpers/dialects.js';
import { startTestService, TEST_ADMIN_TOKEN, type TestService } from './helpers/test-service.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BOM = [0xef, 0xbb, 0xbf];
const CLASSIC = ['client', 'incoming', 'outgoing'];
const DECLARED = ['item', 'contract', 'sale', 'bank-receipt', 'bank-payment'];
const events = (s: DayScenario) => new Set(s.deliveries.map((d) => d.event));
const results = (s: DayScenario) => new Set(s.deliveries.map((d) => d.expected));

describe('day scenario', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    for (const protocol of ['classic', 'v2'] as const) {
      const a = dayScenario({ seed: 42, protocol });
      const b = dayScenario({ seed: 42, protocol });
      assert.deepEqual(a, b);
      const c = dayScenario({ seed: 43, protocol });
      assert.notDeepEqual(
        a.deliveries.map((d) => d.body.toString('hex')),
        c.deliveries.map((d) => d.body.toString('hex')),
      );
    }
  });

  it('v2 contains every kind of event and every answer, in both sizes', () => {
    const all: DayEvent[] = ['new-client', 'client-edit', 'new-document', 'post', 'edit', 'repost', 'deletion-mark', 'delete', 'retry', 'late'];
    for (const size of ['small', 'day'] as const) {
      for (const seed of [1, 42, 2024]) {
        const s = dayScenario({ seed, protocol: 'v2', size });
        assert.deepEqual(
          all.filter((e) => !events(s).has(e)),
          [],
          `${size}/${seed}`,
        );
        assert.deepEqual(
          ['created', 'updated', 'unchanged', 'deleted', 'stale', 'duplicate'].filter((r) => !results(s).has(r as never)),
          [],
          `${size}/${seed}`,
        );
        // Our modules send the classic three and every shipped declared kind.
        assert.deepEqual([...new Set(s.deliveries.map((d) => d.kind))].sort(), [...CLASSIC, ...DECLARED].sort());
        for (const kind of DECLARED) {
          const of = (e: DayEvent) => s.deliveries.filter((d) => d.kind === kind && d.event === e);
          assert.ok(of('new-document').length > 0 && of('edit').length > 0 && of('deletion-mark').length > 0, `${kind}: made, edited, marked`);
          assert.ok(
            s.objects.some((o) => o.kind === kind && o.deleted),
            `${kind}: an object is deleted`,
          );
        }
        for (const d of s.deliveries) {
          assert.notDeepEqual([...d.body.subarray(0, 3)], BOM, 'our modules send no BOM');
          assert.ok(d.webhookId && d.eventNumber);
          const text = d.body.toString('utf8');
          assert.match(text, /"УникальныйИдентификатор": "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"/);
          assert.match(text, /"ВерсияДанных": "[A-Za-z0-9+/=]+"/);
        }
        // Retries reuse a webhook-id; everything else has its own.
        const ids = s.deliveries.filter((d) => d.event !== 'retry').map((d) => d.webhookId);
        assert.equal(new Set(ids).size, ids.length);
        for (const d of s.deliveries.filter((x) => x.event === 'retry')) assert.ok(ids.includes(d.webhookId));
        // A late delivery carries an older НомерСобытия than one already delivered for its object.
        for (const d of s.deliveries.filter((x) => x.event === 'late')) {
          const earlier = s.deliveries.filter((x) => x.objectKey === d.objectKey && x.seq < d.seq);
          assert.ok(earlier.some((x) => BigInt(x.eventNumber!) > BigInt(d.eventNumber!)));
        }
        assert.ok(
          s.deliveries.some((d) => d.action === 'create'),
          'a truthful "create" from ЭтоНовый() captured in ПередЗаписью',
        );
      }
    }
  });

  it('the classic protocol is exactly the classic modules: BOM, always "update" for writes, no GUID, no webhook-id', () => {
    const want: DayEvent[] = ['new-client', 'client-edit', 'new-document', 'post', 'edit', 'repost', 'deletion-mark', 'delete', 'delete-again'];
    for (const size of ['small', 'day'] as const) {
      const s = dayScenario({ seed: 42, protocol: 'classic', size });
      assert.deepEqual(
        want.filter((e) => !events(s).has(e)),
        [],
      );
      assert.ok(!events(s).has('retry') && !events(s).has('late'));
      assert.deepEqual([...new Set(s.deliveries.map((d) => d.kind))].sort(), [...CLASSIC].sort(), 'the classic modules know the classic three only');
      for (const d of s.deliveries) {
        assert.deepEqual([...d.body.subarray(0, 3)], BOM);
        assert.equal(d.action, d.event.startsWith('delete') && d.event !== 'deletion-mark' ? 'delete' : 'update');
        assert.equal(d.webhookId, null);
        assert.doesNotMatch(d.body.toString('utf8'), /УникальныйИдентификатор|НомерСобытия|ПометкаУдаления/);
      }
      assert.ok(
        s.deliveries.some((d) => d.event === 'repost' && d.expected === 'unchanged'),
        'the re-posting storm',
      );
      assert.ok(
        s.deliveries.some((d) => d.event === 'delete-again' && d.expected === 'unchanged'),
        'a delete of a deleted object',
      );
      assert.ok(
        s.deliveries.some((d) => d.kind === 'client' && d.event === 'deletion-mark' && d.expected === 'unchanged'),
        'the seed cannot show a client mark',
      );
    }
  });

  it('writes valid ЄДРПОУ and РНОКПП (checked against stdnum)', () => {
    const rng = new Rng(7);
    for (let i = 0; i < 2000; i++) {
      const first7 = String(rng.int(1000000, 5999999));
      assert.ok(stdnum.UA!.edrpou!.validate(first7 + edrpouCheckDigit(first7)).isValid, first7);
      const first9 = String(rng.int(100000000, 999999999));
      assert.ok(stdnum.UA!.rntrc!.validate(first9 + rnokppCheckDigit(first9)).isValid, first9);
    }
    const s = dayScenario({ seed: 42, protocol: 'classic' });
    for (const d of s.deliveries) {
      for (const [, code] of d.body.toString('utf8').matchAll(/"ЄДРПОУ": "(\d*)"/g)) if (code) assert.ok(stdnum.UA!.edrpou!.validate(code).isValid, code);
    }
  });
});

/** Every page of a read-API list. */
async function listAll(t: TestService, pathname: string): Promise<any[]> {
  const items: any[] = [];
  let cursor: string | null = null;
  do {
    const page: any = (await t.get(`${pathname}&limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)).json;
    assert.ok(Array.isArray(page.items), JSON.stringify(page));
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

/** The database, through the read API, holds exactly the objects and versions the emulator reports. */
async function assertDatabaseMatches(t: TestService, expected: Record<string, ExpectedObject[]>, v2: boolean): Promise<void> {
  for (const kind of ['incoming', 'outgoing', 'client'] as const) {
    const base = kind === 'client' ? '/api/v1/clients?' : `/api/v1/invoices?kind=${kind}`;
    const stored = [...(await listAll(t, `${base}&deleted=false`)), ...(await listAll(t, `${base}&deleted=true`))];
    const keyOf = (o: any) => (kind === 'client' ? o.code : o.number);
    const want = expected[kind]!;
    assert.equal(stored.length, want.length, `${kind}: count`);
    assert.deepEqual(stored.map(keyOf).sort(), want.map((o) => o.number).sort(), `${kind}: numbers`);
    const byKey = new Map(stored.map((o) => [keyOf(o), o]));
    for (const w of want) {
      const got = byKey.get(w.number);
      const label = `${kind} ${w.number}`;
      assert.equal(got.version, w.version, `${label}: version`);
      assert.equal(got.deleted, w.deleted, `${label}: deleted`);
      assert.equal(got.deletionMark, w.deletionMark, `${label}: deletion mark`);
      if (kind !== 'client') {
        assert.equal(got.uuid, w.uuid, `${label}: uuid`);
        assert.equal(got.sourceRef, w.ref, `${label}: ref`);
        assert.deepEqual(got.warnings, [], `${label}: positions add up and ЄДРПОУ is valid`);
      }
      const versions = (await t.get(`/api/v1/${kind === 'client' ? 'clients' : 'invoices'}/${got.id}/versions`)).json.items;
      assert.deepEqual(
        versions.map((v: any) => v.version),
        Array.from({ length: w.version }, (_, i) => i + 1),
        `${label}: versions`,
      );
      assert.equal(versions.at(-1).deleted, w.deleted, `${label}: last version deleted`);
    }
  }
  if (v2) assert.ok(expected.incoming!.every((o) => o.uuid));
  const declared = Object.keys(expected).filter((k) => !CLASSIC.includes(k));
  assert.deepEqual(declared.sort(), v2 ? [...DECLARED].sort() : []);
  for (const kind of declared) {
    const base = `/api/v1/objects/${kind}?`;
    const stored = [...(await listAll(t, `${base}&deleted=false`)), ...(await listAll(t, `${base}&deleted=true`))];
    const want = expected[kind]!;
    assert.equal(stored.length, want.length, `${kind}: count`);
    const byUuid = new Map(stored.map((o) => [o.uuid, o]));
    for (const w of want) {
      const got = byUuid.get(w.uuid);
      const label = `${kind} ${w.number}`;
      assert.ok(got, `${label}: held`);
      assert.equal(got.version, w.version, `${label}: version`);
      assert.equal(got.deleted, w.deleted, `${label}: deleted`);
      assert.equal(got.deletionMark, w.deletionMark, `${label}: deletion mark`);
      assert.equal(got.sourceRef, w.ref, `${label}: ref`);
      const versions = (await t.get(`/api/v1/objects/${kind}/${got.id}/versions`)).json.items;
      assert.deepEqual(
        versions.map((v: any) => v.version),
        Array.from({ length: w.version }, (_, i) => i + 1),
        `${label}: versions`,
      );
    }
  }
  if (v2) {
    // The references between the day's objects lead to them: a sale's counterparty and items, a contract's owner.
    const ids = async (path: string) => new Set((await listAll(t, `${path}&deleted=false`)).map((o) => o.id));
    const clients = await ids('/api/v1/clients?');
    const items = await ids('/api/v1/objects/item?');
    const sales = await listAll(t, '/api/v1/objects/sale?&deleted=false');
    let rows = 0;
    for (const s of sales) {
      const sale = (await t.get(`/api/v1/objects/sale/${s.id}`)).json;
      if (sale.attributes.Контрагент) assert.ok(clients.has(sale.attributes.Контрагент.id), `sale ${s.id}: its counterparty resolves`);
      for (const row of [...sale.sections.Товары, ...sale.sections.Услуги]) {
        rows++;
        if (row.Номенклатура) assert.ok(items.has(row.Номенклатура.id), `sale ${s.id}: its item resolves`);
      }
    }
    assert.ok(sales.length > 0 && rows > 0);
    let owned = 0;
    for (const c of await listAll(t, '/api/v1/objects/contract?&deleted=false')) {
      const owner = (await t.get(`/api/v1/objects/contract/${c.id}`)).json.attributes.Владелец;
      if (owner) assert.ok(clients.has(owner.id), `contract ${c.id}: its owner resolves`);
      if (owner) owned++;
    }
    assert.ok(owned > 0, 'a contract has its owner');
  }
}

for (const dialect of selectedDialects()) {
  describe(`emulated 1C day against the service on ${dialect}`, { skip: await skipReason(dialect) }, () => {
    for (const protocol of ['classic', 'v2'] as const) {
      describe(`${protocol} protocol`, () => {
        let t: TestService;
        let secret: string | undefined;
        before(async () => {
          t = await startTestService(dialect, { ONEC_SYNC_ALLOW_UNSIGNED: protocol === 'classic' ? 'true' : 'false' });
          if (protocol === 'v2') {
            const created = await t.post('/api/v1/sources', JSON.stringify({ name: 'demo' }), {
              'content-type': 'application/json',
              authorization: `Bearer ${TEST_ADMIN_TOKEN}`,
            });
            assert.equal(created.status, 201, JSON.stringify(created.json));
            secret = created.json.secret;
          }
        });
        after(() => t?.close());

        it('answers every delivery as expected and ends with exactly the objects and versions reported', async () => {
          const scenario = dayScenario({ seed: 42, protocol });
          const summary = await sendDeliveries(scenario, { url: t.baseUrl, secret });
          assert.deepEqual(summary.httpErrors, []);
          assert.deepEqual(summary.mismatches, []);
          assert.equal(summary.sent, scenario.deliveries.length);
          assert.equal(
            Object.values(summary.objects).reduce((n, list) => n + list.length, 0),
            scenario.objects.length,
          );
          await assertDatabaseMatches(t, summary.objects, protocol === 'v2');
        });

        it('keeps per-object order with concurrent senders, each object’s deliveries in order (as 1C’s queue sends them)', async () => {
          const scenario = dayScenario({ seed: 4242, protocol, size: 'small' });
          const summary = await sendDeliveries(scenario, { url: t.baseUrl, secret, concurrency: 6 });
          assert.deepEqual(summary.httpErrors, []);
          assert.deepEqual(summary.mismatches, []);
        });
      });
    }
  });
}

/**
 * Every delivery of a day at once — those of one object too, in a seeded random order —
 * as several 1C sessions or a retry storm can send them. НомерСобытия alone must decide:
 * each object ends at its newest change, with a gapless history, whatever arrived first.
 */
for (const dialect of selectedDialects()) {
  describe(`every delivery racing, of one object too, on ${dialect}`, { skip: await skipReason(dialect) }, () => {
    let t: TestService;
    let secret: string;
    before(async () => {
      t = await startTestService(dialect, { ONEC_SYNC_ALLOW_UNSIGNED: 'false', ONEC_SYNC_RATE_LIMIT: '0' });
      const created = await t.post('/api/v1/sources', JSON.stringify({ name: 'race' }), {
        'content-type': 'application/json',
        authorization: `Bearer ${TEST_ADMIN_TOKEN}`,
      });
      secret = created.json.secret;
    });
    after(() => t?.close());

    it('ends each object at the change with the highest НомерСобытия, with gapless versions', async () => {
      const seed = 20260;
      const scenario = dayScenario({ seed, protocol: 'v2', size: 'small' });
      const rng = new Rng(seed);
      const order = scenario.deliveries
        .map((d) => ({ d, key: rng.next() }))
        .sort((a, b) => a.key - b.key)
        .map((x) => x.d);
      process.stderr.write(`# racing deliveries: scenario and shuffle seed ${seed}\n`);
      const wh = new Webhook(secret);
      const answers = new Map<number, { status: number; result?: string }>();
      let next = 0;
      const worker = async () => {
        while (next < order.length) {
          const d = order[next++]!;
          const id = d.webhookId ?? `msg_race_${d.seq}`;
          const now = new Date();
          const res = await fetch(t.baseUrl + d.path, {
            method: 'POST',
            body: d.body,
            headers: {
              'content-type': 'application/json',
              'webhook-id': id,
              'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
              'webhook-signature': wh.sign(id, now, d.body),
            },
          });
          const json = (await res.json()) as { result?: string };
          answers.set(d.seq, { status: res.status, result: json.result });
        }
      };
      await Promise.all(Array.from({ length: 12 }, worker));
      assert.deepEqual(
        [...answers.values()].filter((a) => a.status !== 200),
        [],
        'every delivery answered 200',
      );
      assert.ok(
        [...answers.values()].some((a) => a.result === 'stale'),
        'the race reordered changes of one object (some older one arrived after a newer)',
      );

      const byObject = new Map<string, typeof scenario.deliveries>();
      for (const d of scenario.deliveries) byObject.set(d.objectKey, [...(byObject.get(d.objectKey) ?? []), d]);
      assert.ok(byObject.size >= 5 && [...byObject.values()].some((ds) => ds.length >= 3), 'objects with several changes race');
      for (const [key, deliveries] of byObject) {
        assert.ok(
          deliveries.every((d) => d.eventNumber !== null),
          `${key}: v2 numbers every change`,
        );
        const newest = deliveries.reduce((a, b) => (BigInt(b.eventNumber!) > BigInt(a.eventNumber!) ? b : a));
        assert.notEqual(answers.get(newest.seq)?.result, 'stale', `${key}: the newest change is never stale`);
        if (!CLASSIC.includes(newest.kind)) {
          // A declared kind: found by its GUID; its content is the newest change's.
          const uuid = JSON.parse(newest.body.toString('utf8')).data.УникальныйИдентификатор;
          const list = await listAll(t, `/api/v1/objects/${newest.kind}?deleted=${newest.action === 'delete'}`);
          const held = list.filter((o) => o.uuid === uuid);
          assert.equal(held.length, 1, `${key}: one object, ${newest.action === 'delete' ? '' : 'not '}deleted`);
          const got = (await t.get(`/api/v1/objects/${newest.kind}/${held[0].id}`)).json;
          assert.equal(got.eventNumber, newest.eventNumber, `${key}: the newest change's НомерСобытия`);
          const versions = (await t.get(`/api/v1/objects/${newest.kind}/${got.id}/versions`)).json.items.map((v: { version: number }) => v.version);
          assert.deepEqual(
            versions,
            Array.from({ length: got.version }, (_, i) => i + 1),
            `${key}: gapless versions`,
          );
          continue;
        }
        const endpoint = WEBHOOK_ENDPOINTS.find((e) => newest.path.endsWith(`/${e.name}`))!.name;
        const change = decodeWebhook(endpoint, newest.body);
        const plural = newest.kind === 'client' ? 'clients' : 'invoices';
        const listed = (
          await t.get(
            `/api/v1/${plural}?${newest.kind === 'client' ? 'code' : 'number'}=${encodeURIComponent(newest.number)}&deleted=${newest.action === 'delete'}`,
          )
        ).json.items;
        assert.equal(listed.length, 1, `${key}: one object, ${newest.action === 'delete' ? '' : 'not '}deleted`);
        const got = (await t.get(`/api/v1/${plural}/${listed[0].id}`)).json;
        assert.equal(got.deleted, newest.action === 'delete', `${key}: deleted`);
        const content = change.content as unknown as Record<string, unknown>;
        const fields = newest.kind === 'client' ? ['name', 'email', 'phone', 'deletionMark'] : ['number', 'total', 'comment', 'deletionMark', 'posted'];
        for (const f of fields) assert.deepEqual(got[f], content[f], `${key}: ${f} of the newest change (НомерСобытия ${newest.eventNumber})`);
        const versions = (await t.get(`/api/v1/${plural}/${got.id}/versions`)).json.items.map((v: { version: number }) => v.version);
        assert.deepEqual(
          versions,
          Array.from({ length: got.version }, (_, i) => i + 1),
          `${key}: gapless versions`,
        );
      }
    });
  });
}

describe('onec-sync emulate (the CLI)', () => {
  let open: TestService;
  let closed: TestService;
  before(async () => {
    open = await startTestService('sqlite', { ONEC_SYNC_ALLOW_UNSIGNED: 'true' });
    closed = await startTestService('sqlite', { ONEC_SYNC_ALLOW_UNSIGNED: 'false' });
  });
  after(async () => {
    await open?.close();
    await closed?.close();
  });
  const run = (args: string[]) =>
    promisify(execFile)(process.execPath, [...CLI_FROM_SOURCES, 'emulate', ...args], { cwd: ROOT }).then(
      (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
      (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
    );

  it('sends a small day and exits 0 when every answer is as expected', async () => {
    const res = await run(['--url', open.baseUrl, '--protocol', 'classic', '--quiet', '--size', 'small', '--seed', '5']);
    assert.equal(res.code, 0, res.stdout + res.stderr);
    assert.match(res.stdout, /classic protocol, no credentials/);
    assert.match(res.stdout, /HTTP errors 0; mismatches 0/);
    assert.doesNotMatch(res.stdout, /→ (created|updated)/, '--quiet prints no per-delivery lines');
  });

  it('signs v2 with a source secret and prints one line per delivery', async () => {
    const created = await closed.post('/api/v1/sources', JSON.stringify({ name: 'cli' }), {
      'content-type': 'application/json',
      authorization: `Bearer ${TEST_ADMIN_TOKEN}`,
    });
    const res = await run(['--url', closed.baseUrl, '--secret', created.json.secret, '--size', 'small', '--seed', '6']);
    assert.equal(res.code, 0, res.stdout + res.stderr);
    assert.match(res.stdout, /v2 protocol, signed/);
    assert.match(res.stdout, /→ duplicate/);
    assert.match(res.stdout, /→ stale/);
  });

  it('exits 1 with a hint when the service refuses unsigned webhooks', async () => {
    const res = await run(['--url', closed.baseUrl, '--quiet', '--size', 'small', '--seed', '5']);
    assert.equal(res.code, 1);
    assert.match(res.stdout, /ONEC_SYNC_ALLOW_UNSIGNED=true/);
  });

  it('rejects unknown options with exit 2', async () => {
    const res = await run(['--protocol', 'v3']);
    assert.equal(res.code, 2);
    assert.match(res.stderr, /--protocol must be classic or v2/);
  });
});
