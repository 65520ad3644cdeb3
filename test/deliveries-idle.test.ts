import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { webhookPath } from '../src/domain/kinds.js';
import { incomingInvoiceBody, makePositions } from '../src/emulator/payload-builder.js';
import { selectedDialects, skipReason } from './helpers/dialects.js';
import { oneCBytes, receiptSpec } from './helpers/invoice-fixtures.js';
import { startTestService, TEST_ADMIN_TOKEN } from './helpers/test-service.js';
import { WebhookReceiver } from './helpers/webhook-receiver.js';

/**
 * A replica whose last round found no active subscription does not read the subscriptions
 * again for every commit: commits are left to its poll. The poll is also how it finds a
 * subscription another replica made, and the subscription follows the feed from its
 * cursor, so the changes committed meanwhile are delivered all the same.
 */

const positions = makePositions(1, 5);
const receipt = (number: string) => oneCBytes(incomingInvoiceBody(receiptSpec(number, { positions })));
const admin = { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'content-type': 'application/json' };
const settle = () => new Promise((r) => setTimeout(r, 100));

for (const dialect of selectedDialects()) {
  describe(`an idle delivery worker on ${dialect}`, { skip: await skipReason(dialect) }, () => {
    it('leaves commits to its poll while nothing subscribes, and delivers what a subscription made elsewhere wants', async () => {
      const receiver = await new WebhookReceiver().start();
      // A poll far in the future: only the test's own rounds poll.
      const here = await startTestService(dialect, { ONEC_SYNC_DELIVERY_POLL_MS: '600000', ONEC_SYNC_ALLOW_PRIVATE_TARGETS: 'true' });
      const elsewhere = await startTestService(
        dialect,
        { ONEC_SYNC_DELIVERIES: 'false', ONEC_SYNC_ALLOW_PRIVATE_TARGETS: 'true' },
        { databaseUrl: here.databaseUrl },
      );
      try {
        const worker = here.service.deliveries.worker!;
        await worker.runOnce();
        let wakes = 0;
        const wake = worker.wake.bind(worker);
        worker.wake = () => {
          wakes++;
          wake();
        };

        assert.equal((await here.post(webhookPath('incoming'), receipt('ПТ-IDLE-1'))).status, 200);
        await settle();
        assert.equal(wakes, 0, 'a commit with nothing subscribed started a round');

        const created = await elsewhere.post('/api/v1/subscriptions', JSON.stringify({ url: receiver.url }), admin);
        assert.equal(created.status, 201, JSON.stringify(created.json));
        assert.equal((await here.post(webhookPath('incoming'), receipt('ПТ-IDLE-2'))).status, 200);
        await settle();
        assert.equal(wakes, 0, 'the subscription made elsewhere is for the poll to find');
        assert.equal(receiver.requests.length, 0);

        // The poll: it finds the subscription and delivers the change committed after it was made.
        await worker.runOnce();
        const deadline = Date.now() + 10_000;
        while (receiver.requests.length === 0 && Date.now() < deadline) await settle();
        assert.equal(receiver.requests.length, 1);
        assert.match(receiver.requests[0]!.body.toString(), /ПТ-IDLE-2/);

        // Now that something subscribes, every commit wakes the worker at once.
        assert.equal((await here.post(webhookPath('incoming'), receipt('ПТ-IDLE-3'))).status, 200);
        await settle();
        assert.ok(wakes >= 1, 'a commit with a subscription did not wake the worker');
      } finally {
        await elsewhere.close();
        await here.close();
        await receiver.close();
      }
    });
  });
}
