import { parseArgs } from 'node:util';
import { feedHeadCursor } from '../deliveries/change-feed-reader.js';
import { addSubscription, rotateSecret, SUBSCRIPTION_FORMATS } from '../deliveries/subscription-admin.js';
import { WEBHOOK_PATH_PREFIX } from '../domain/kinds.js';
import { AppError } from '../errors/app-error.js';
import { KindRegistry } from '../kinds/kind-registry.js';
import type { DeliveryKind, SubscriptionFormat } from '../storage/database-schema.js';
import { deliveryCounts } from '../storage/repositories/subscription-deliveries-repository.js';
import { deleteSubscription, listSubscriptions, setSubscriptionStatus } from '../storage/repositories/subscriptions-repository.js';
import { withDatabase } from './with-database.js';

const USAGE = `onec-sync subscription <subcommand>

  add --url https://erp.example.com/hooks [--kinds incoming,outgoing,client]
      [--source <source id>] [--format onec-sync|classic] [--concurrency 4]
      [--from now|beginning] [--description "…"]
                               push every matching change to the URL; prints the
                               subscription id and its whsec_ secret ONCE
                               (classic: 1C's original bodies to {url}${WEBHOOK_PATH_PREFIX}…)
  list                         subscriptions, their state and deliveries
  disable <id> | enable <id>   pause (changes wait) or resume deliveries
  rotate-secret <id>           a new secret; the old one also signs for ONEC_SYNC_ROTATION_OVERLAP
  remove <id>                  delete the subscription, its deliveries and their log`;

export async function subscriptionCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      url: { type: 'string' },
      kinds: { type: 'string' },
      source: { type: 'string' },
      format: { type: 'string' },
      concurrency: { type: 'string' },
      from: { type: 'string' },
      description: { type: 'string' },
    },
  });
  const out = (s: string) => process.stdout.write(`${s}\n`);
  const fail = (s: string) => {
    process.stderr.write(`${s}\n`);
    return 1;
  };
  return withDatabase(async ({ db }, config) => {
    const now = new Date();
    switch (sub) {
      case 'add': {
        if (!values.url) break;
        const kinds = values.kinds
          ?.split(',')
          .map((k) => k.trim())
          .filter(Boolean);
        const known = KindRegistry.load(config.kindsDir).list.map((k) => k.kind);
        const unknown = kinds?.find((k) => !known.includes(k));
        if (unknown) return fail(`Unknown kind "${unknown}": use ${known.join(', ')}`);
        if (values.format && !SUBSCRIPTION_FORMATS.includes(values.format as SubscriptionFormat))
          return fail(`Unknown format "${values.format}": use onec-sync or classic`);
        if (values.from && values.from !== 'now' && values.from !== 'beginning') return fail('--from is now or beginning');
        const concurrency = values.concurrency === undefined ? undefined : Number(values.concurrency);
        if (concurrency !== undefined && (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64))
          return fail('--concurrency is an integer from 1 to 64');
        try {
          const { subscription, secret } = await addSubscription(
            db,
            {
              url: values.url,
              kinds: kinds as DeliveryKind[] | undefined,
              sourceId: values.source,
              format: values.format as SubscriptionFormat | undefined,
              concurrency,
              from: values.from as 'now' | 'beginning' | undefined,
              description: values.description,
            },
            {
              allowPrivateTargets: config.deliveries.allowPrivateTargets,
              concurrency: config.deliveries.concurrency,
              currentCursor: () => feedHeadCursor(db),
              knownKinds: known,
            },
            now,
          );
          out(`Subscription ${subscription.id} created (${subscription.format}) → ${subscription.url}`);
          out(`Signing secret (Standard Webhooks): ${secret}`);
          out('It is shown once and never again: give it to the ERP to verify webhook-signature.');
          return 0;
        } catch (error) {
          if (error instanceof AppError) return fail(error.message);
          throw error;
        }
      }
      case 'list': {
        const counts = await deliveryCounts(db);
        for (const s of await listSubscriptions(db)) {
          const c = counts.get(s.id) ?? { pending: 0, done: 0, dead: 0 };
          const state =
            s.status === 'disabled'
              ? `disabled${s.disabled_reason === 'auto' ? ` (automatically: failing since ${s.failing_since})` : ''}`
              : s.failing_since
                ? `active, failing since ${s.failing_since}`
                : 'active';
          out(
            `${s.id}\t${state}\t${s.format}\t${s.url}\tkinds=${s.kinds ?? 'all'}${s.source_id ? `\tsource=${s.source_id}` : ''}\tpending=${c.pending} done=${c.done} dead=${c.dead}`,
          );
        }
        return 0;
      }
      case 'disable':
      case 'enable': {
        const id = positionals[0];
        if (!id) break;
        if (!(await setSubscriptionStatus(db, id, sub === 'disable' ? 'disabled' : 'active', 'operator', now.toISOString())))
          return fail(`No subscription ${id}`);
        out(`Subscription ${id} ${sub === 'disable' ? 'disabled: changes wait for it to be enabled' : 'enabled'}.`);
        return 0;
      }
      case 'rotate-secret': {
        const id = positionals[0];
        if (!id) break;
        const secret = await rotateSecret(db, id, config.rotationOverlapSeconds, now);
        if (!secret) return fail(`No subscription ${id}`);
        out(`New signing secret: ${secret}`);
        out(`Deliveries carry signatures with both secrets for ${config.rotationOverlapSeconds / 3600} h.`);
        return 0;
      }
      case 'remove': {
        const id = positionals[0];
        if (!id) break;
        if (!(await deleteSubscription(db, id))) return fail(`No subscription ${id}`);
        out(`Subscription ${id} removed.`);
        return 0;
      }
    }
    process.stderr.write(`${USAGE}\n`);
    return 2;
  });
}
